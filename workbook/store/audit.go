package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"edtech-workbook/workbook"
)

// The audit log of a workbook file served to a cohort (`edtech-workbook
// serve`): who changed what, when, from which SSH key. It lives in a bucket
// of its own, each entry framed with its checksum like every other value
// (record.go), and a state record keeps the digest of the entries and the
// next sequence number, so a read (and `doctor`) can tell it saw exactly
// the entries the last save left. An entry is written in the same
// transaction as the change it records (UpdateAudited, CreateAudited,
// DeleteAudited): a change is never stored without its entry, nor an entry
// without its change. A file without the bucket has no log; the first
// audited save creates it, without a schema change (a build that does not
// know the bucket leaves it alone).
//
// Saves made one after another by the same person, from the same key, on
// the same session, with the same action, within auditMergeWithin of the
// previous one, share one entry (its Last, Saves and Parts grow): a person
// rating thirty indicators leaves one entry, not thirty.
var bucketAudit = []byte("audit")

// Keys of bucketAudit.
const (
	auditKeyState = "state"
	auditEntry    = "e\x00" // e␀<16 hex digits of the sequence number>
)

// auditFormat is the layout of the bucket; a file with a higher one comes
// from a newer edtech-workbook.
const auditFormat = 1

// auditMergeWithin is how close a save must follow the one before to share
// its entry.
const auditMergeWithin = 2 * time.Minute

// maxAuditParts bounds the parts an entry names; the rest are counted.
const maxAuditParts = 40

// What an audit entry records.
const (
	AuditCreate  = "create"  // a new session
	AuditUpdate  = "update"  // answers changed (and maybe comments)
	AuditComment = "comment" // only comments changed
	AuditDelete  = "delete"  // a session deleted
)

// AuditEntry is one change (or a run of them, see bucketAudit) made through
// the cohort server.
type AuditEntry struct {
	Seq   uint64    `json:"seq"`   // its place in the log, from 1 (set by the store)
	At    time.Time `json:"at"`    // the (first) save (the store's clock when zero)
	Last  time.Time `json:"last"`  // the last save it covers (set by the store)
	Saves int       `json:"saves"` // how many saves it covers (set by the store)
	// Who: the person's name and role in the access file, and the SHA-256
	// fingerprint of the SSH key they connected with.
	Person string `json:"person"`
	Role   string `json:"role"`
	Key    string `json:"key"`
	// What: the action, the session (its id and team) and its revision
	// after the change (set by the store), and which parts changed (field
	// labels, never their values; workbook.ChangedParts).
	Action   string   `json:"action"`
	Session  string   `json:"session"`
	Team     string   `json:"team"`
	Revision int      `json:"revision"`
	Parts    []string `json:"parts,omitempty"`
}

type auditState struct {
	Format  int    `json:"format"`
	Next    uint64 `json:"next"` // the next entry's sequence number
	Entries digest `json:"entries"`
}

func auditKey(seq uint64) []byte { return fmt.Appendf(nil, "%s%016x", auditEntry, seq) }

func (r *rtx) auditErr(what string, args ...any) error {
	return corruptErr(r.path, "the audit log: "+fmt.Sprintf(what, args...))
}

// auditState reads the bucket's state record.
func (r *rtx) auditState(b *bolt.Bucket) (auditState, error) {
	var st auditState
	if err := getJSON(b, bucketAudit, []byte(auditKeyState), &st, func(what string) error {
		return r.auditErr("the state record %s", what)
	}); err != nil {
		return st, err
	}
	if st.Format > auditFormat {
		return st, fileErr(r.path, KindNewer, "workbook file %s holds an audit log written by a newer edtech-workbook (format %d; this build reads up to %d)", r.path, st.Format, auditFormat)
	}
	return st, nil
}

// auditEntryAt decodes one framed entry.
func (r *rtx) auditEntryAt(k, v []byte) (AuditEntry, uint32, error) {
	var e AuditEntry
	p, sum, err := unframe(bucketAudit, k, v)
	if err != nil {
		return e, 0, r.auditErr("an entry is damaged: %v", err)
	}
	if err := json.Unmarshal(p, &e); err != nil || string(k) != string(auditKey(e.Seq)) {
		return e, 0, r.auditErr("an entry cannot be read")
	}
	return e, sum, nil
}

// appendAudit stores e (when not nil) for a change stored at revision rev
// in this transaction, merging it into the last entry when it continues it.
func (r *rtx) appendAudit(e *AuditEntry, rev int, now time.Time) error {
	if e == nil {
		return nil
	}
	b := r.tx.Bucket(bucketAudit)
	var st auditState
	var err error
	if b == nil {
		if b, err = r.tx.CreateBucket(bucketAudit); err != nil {
			return err
		}
		st = auditState{Format: auditFormat, Next: 1}
	} else if st, err = r.auditState(b); err != nil {
		return err
	}
	n := *e
	if n.At.IsZero() {
		n.At = now
	}
	n.At = n.At.UTC().Truncate(time.Second)
	n.Last, n.Saves, n.Revision = n.At, 1, rev
	n.Parts = capParts(slices.Clone(n.Parts))
	if st.Next > 1 {
		k := auditKey(st.Next - 1)
		v := b.Get(k)
		if v == nil {
			return r.auditErr("entry %d, the last one recorded, is missing", st.Next-1)
		}
		prev, sum, err := r.auditEntryAt(k, v)
		if err != nil {
			return err
		}
		if continues(prev, n) {
			st.Entries.remove(sum)
			prev.Last, prev.Saves, prev.Revision = n.At, prev.Saves+1, rev
			prev.Parts = mergeParts(prev.Parts, n.Parts)
			n = prev
		}
	}
	if n.Seq == 0 {
		n.Seq = st.Next
		st.Next++
	}
	p, err := json.Marshal(n)
	if err != nil {
		return err
	}
	v, sum := frame(bucketAudit, auditKey(n.Seq), p)
	st.Entries.add(sum)
	if err := b.Put(auditKey(n.Seq), v); err != nil {
		return err
	}
	return putJSON(b, bucketAudit, []byte(auditKeyState), st)
}

// continues reports whether n is the next save of the run prev records.
func continues(prev, n AuditEntry) bool {
	return prev.Person == n.Person && prev.Role == n.Role && prev.Key == n.Key && prev.Session == n.Session &&
		prev.Action == n.Action && (n.Action == AuditUpdate || n.Action == AuditComment) &&
		!n.At.Before(prev.Last) && n.At.Sub(prev.Last) <= auditMergeWithin
}

// mergeParts adds the parts of b not in a, keeping at most maxAuditParts
// names and a count of the rest.
func mergeParts(a, b []string) []string {
	more := 0
	var names []string
	for _, p := range append(slices.Clone(a), b...) {
		var n int
		if _, err := fmt.Sscanf(p, "and %d more", &n); err == nil && fmt.Sprintf("and %d more", n) == p {
			more += n
			continue
		}
		if !slices.Contains(names, p) {
			names = append(names, p)
		}
	}
	if len(names) > maxAuditParts {
		more += len(names) - maxAuditParts
		names = names[:maxAuditParts]
	}
	if more > 0 {
		names = append(names, fmt.Sprintf("and %d more", more))
	}
	return names
}

func capParts(p []string) []string { return mergeParts(nil, p) }

// Audit returns the audit log, oldest first (none for a file never served).
// Every entry's checksum is verified, and together they must match what
// the last save recorded.
func (s *Store) Audit() ([]AuditEntry, error) {
	var out []AuditEntry
	err := s.view(func(r *rtx) error {
		b := r.tx.Bucket(bucketAudit)
		if b == nil {
			return nil
		}
		var err error
		out, err = r.auditEntries(b)
		return err
	})
	return out, err
}

// auditEntries reads every entry, checked against the state record.
func (r *rtx) auditEntries(b *bolt.Bucket) ([]AuditEntry, error) {
	st, err := r.auditState(b)
	if err != nil {
		return nil, err
	}
	var out []AuditEntry
	var d digest
	c := b.Cursor()
	prefix := []byte(auditEntry)
	for k, v := c.Seek(prefix); k != nil && len(k) >= len(prefix) && string(k[:len(prefix)]) == auditEntry; k, v = c.Next() {
		e, sum, err := r.auditEntryAt(k, v)
		if err != nil {
			return nil, err
		}
		if e.Seq >= st.Next || (len(out) > 0 && e.Seq <= out[len(out)-1].Seq) {
			return nil, r.auditErr("entry %d is out of place", e.Seq)
		}
		d.add(sum)
		out = append(out, e)
	}
	if d != st.Entries {
		return nil, r.auditErr("%d entries were read but the last save recorded %d", d.Count, st.Entries.Count)
	}
	return out, nil
}

// checkAudit is the audit log's part of the full check; it returns how
// many entries it read.
func (r *rtx) checkAudit(b *bolt.Bucket, bad func(error)) int {
	entries, err := r.auditEntries(b)
	if err != nil {
		bad(err)
		return 0
	}
	return len(entries)
}

// UpdateAudited is Update with entry stored in the audit log in the same
// transaction (see bucketAudit); the store sets its sequence number, its
// revision (the stored one) and, when zero, its time.
func (s *Store) UpdateAudited(sess *workbook.Session, entry AuditEntry) (*workbook.Session, error) {
	return s.updateSession(sess, &entry)
}

// CreateAudited is Create with entry stored in the audit log in the same
// transaction.
func (s *Store) CreateAudited(sess *workbook.Session, entry AuditEntry) (*workbook.Session, error) {
	return s.createSession(sess, &entry)
}

// DeleteAudited is Delete with entry stored in the audit log in the same
// transaction. When revision is not 0 the session must still be at that
// revision (the copy the caller checked), or it is ErrConflict and nothing
// is deleted.
func (s *Store) DeleteAudited(id string, revision int, entry AuditEntry) error {
	return s.deleteSession(id, revision, &entry)
}
