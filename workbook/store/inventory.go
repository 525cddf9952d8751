package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
)

// The inventory of a workbook file (tools, yearly snapshots, usage import
// records, selection requests, evaluations, and the criteria the requests
// and evaluations are answered against) lives in a bucket of its own, one
// record per item, each framed with its checksum like every other value
// (record.go). A file without the bucket (written before there was an
// inventory, or never given one) reads as an empty inventory; the first
// save creates the bucket. No schema change is needed: a build that does
// not know the bucket leaves it alone.
//
// The bucket's state record holds the inventory's revision, its last
// change and one digest per kind of record, so a read can tell it saw
// exactly the records the last save left. Revisions come from the file's
// revision high-water mark (storeState.LastRevision), like sessions', so a
// restore moves them forward too.
var bucketInventory = []byte("inventory")

// Keys of bucketInventory: the prefix says what a record holds.
const (
	invKeyState    = "state"    // inventoryState
	invKeyCriteria = "criteria" // inventory.Criteria
	invTool        = "t/"       // t/<tool id>: inventory.Tool
	invListEntry   = "l/"       // l/<tool id>: the tool's inventory.ToolSummary, for quick lists
	invSnapshot    = "y/"       // y/<school year>: snapshotHead; y/<school year>/<tool id>: the tool as it stood
	invImport      = "i/"       // i/<000001>: inventory.ImportRecord, numbered in the order imported
	invRequest     = "r/"       // r/<request id>: inventory.Request
	invEvaluation  = "e/"       // e/<tool id>/<school year>: inventory.Evaluation
)

// inventoryFormat is the layout of the inventory bucket; a file with a
// higher one comes from a newer edtech-workbook.
const inventoryFormat = 1

// Inventory is a workbook file's tool inventory as stored: the inventory,
// the criteria its requests and evaluations are answered against, and the
// revision it was read at. Tools come back in id order, snapshots by school
// year, import records in the order imported, requests by id and
// evaluations by tool and year.
type Inventory struct {
	*inventory.Inventory
	Criteria inventory.Criteria
	// Revision is the revision the inventory was read at (0: never saved).
	// SaveInventory refuses a save from an older revision.
	Revision int
	Updated  time.Time // the last save (zero: never saved)
}

// ToolList is the list entry of every tool of the inventory, in id order,
// and the inventory's revision and last save.
type ToolList struct {
	Tools    []inventory.ToolSummary
	Revision int
	Updated  time.Time
}

// inventoryState is the bucket's state record.
type inventoryState struct {
	Format      int       `json:"format"`
	Revision    int       `json:"revision"`
	Updated     time.Time `json:"updated"`
	Criteria    digest    `json:"criteria"`
	Tools       digest    `json:"tools"`
	List        digest    `json:"list"`
	Snapshots   digest    `json:"snapshots"`
	Imports     digest    `json:"imports"`
	Requests    digest    `json:"requests"`
	Evaluations digest    `json:"evaluations"`
}

// digestFor is the digest a record of the given key counts in (nil for a
// key that is no record of the inventory).
func (st *inventoryState) digestFor(key string) *digest {
	switch {
	case key == invKeyCriteria:
		return &st.Criteria
	case strings.HasPrefix(key, invTool):
		return &st.Tools
	case strings.HasPrefix(key, invListEntry):
		return &st.List
	case strings.HasPrefix(key, invSnapshot):
		return &st.Snapshots
	case strings.HasPrefix(key, invImport):
		return &st.Imports
	case strings.HasPrefix(key, invRequest):
		return &st.Requests
	case strings.HasPrefix(key, invEvaluation):
		return &st.Evaluations
	}
	return nil
}

// kinds lists the digests with the words a message uses for them.
func (st *inventoryState) kinds() []struct {
	name string
	d    *digest
} {
	return []struct {
		name string
		d    *digest
	}{
		{"criteria", &st.Criteria}, {"tools", &st.Tools}, {"list entries", &st.List}, {"snapshots", &st.Snapshots},
		{"import records", &st.Imports}, {"selection requests", &st.Requests}, {"evaluations", &st.Evaluations},
	}
}

// snapshotHead is the record that opens a school year's snapshot.
type snapshotHead struct {
	SchoolYear string         `json:"school_year"`
	Taken      inventory.Date `json:"taken"`
}

// invRecordName names a record of the inventory in a message.
func invRecordName(key string) string {
	k := workbook.CleanLine(key)
	switch {
	case key == invKeyState:
		return "the inventory's state record"
	case key == invKeyCriteria:
		return "the inventory's selection and evaluation criteria"
	case strings.HasPrefix(key, invTool):
		return "inventory tool " + k[len(invTool):]
	case strings.HasPrefix(key, invListEntry):
		return "the list entry of inventory tool " + k[len(invListEntry):]
	case strings.HasPrefix(key, invSnapshot):
		year, id, ok := strings.Cut(k[len(invSnapshot):], "/")
		if ok {
			return fmt.Sprintf("tool %s in the inventory snapshot of %s", id, year)
		}
		return "the inventory snapshot of " + year
	case strings.HasPrefix(key, invImport):
		return "usage import record " + strings.TrimLeft(k[len(invImport):], "0")
	case strings.HasPrefix(key, invRequest):
		return "selection request " + k[len(invRequest):]
	case strings.HasPrefix(key, invEvaluation):
		tool, year, _ := strings.Cut(k[len(invEvaluation):], "/")
		return fmt.Sprintf("the evaluation of tool %s for %s", tool, year)
	}
	return "inventory record " + strconv.Quote(k)
}

// inventoryState reads the bucket's state record.
func (r *rtx) inventoryState(b *bolt.Bucket) (inventoryState, error) {
	var st inventoryState
	if err := getJSON(b, bucketInventory, []byte(invKeyState), &st, func(what string) error {
		return corruptErr(r.path, "the inventory's state record "+what)
	}); err != nil {
		return st, err
	}
	if st.Format > inventoryFormat {
		return st, fileErr(r.path, KindNewer, "workbook file %s holds an inventory %w (inventory format %d; this build reads up to %d)", r.path, ErrNewerFile, st.Format, inventoryFormat)
	}
	if st.Format < 1 || st.Revision < 1 {
		return st, corruptErr(r.path, fmt.Sprintf("the inventory's state record is damaged (format %d, revision %d)", st.Format, st.Revision))
	}
	return st, nil
}

func (st inventoryState) encode() ([]byte, error) {
	p, err := json.Marshal(st)
	if err != nil {
		return nil, err
	}
	out, _ := frame(bucketInventory, []byte(invKeyState), p)
	return out, nil
}

// invReader puts an inventory together from its records, in key order,
// counting each record in the digests of what it read.
type invReader struct {
	r          *rtx
	inv        *Inventory
	read       inventoryState    // digests of the records read
	crit       bool              // the criteria record was read
	entries    map[string][]byte // list entries by tool id, when kept (for the check)
	list       []inventory.ToolSummary
	decodeList bool // decode list entries into list (else only their checksums count)
}

func newInvReader(r *rtx) *invReader {
	return &invReader{r: r, inv: &Inventory{Inventory: &inventory.Inventory{}}}
}

// invPayload checks one inventory record's checksum, counts it in the
// digest of its kind in read, and returns its payload (which aliases v);
// key is string(k).
func (r *rtx) invPayload(read *inventoryState, key string, k, v []byte) ([]byte, error) {
	d := read.digestFor(key)
	if d == nil {
		return nil, corruptErr(r.path, fmt.Sprintf("the inventory holds %s, which this build does not know", invRecordName(key)))
	}
	p, sum, err := unframe(bucketInventory, k, v)
	if err != nil {
		return nil, corruptErr(r.path, fmt.Sprintf("%s is damaged: %v", invRecordName(key), err))
	}
	d.add(sum)
	return p, nil
}

// record checks one record's checksum, decodes it and adds it.
func (ir *invReader) record(k, v []byte) error {
	key := string(k)
	p, err := ir.r.invPayload(&ir.read, key, k, v)
	if err != nil {
		return err
	}
	bad := func(format string, args ...any) error {
		return corruptErr(ir.r.path, invRecordName(key)+" "+fmt.Sprintf(format, args...))
	}
	decode := func(into any) error {
		if err := json.Unmarshal(p, into); err != nil {
			return bad("cannot be read: %v", err)
		}
		return nil
	}
	inv := ir.inv.Inventory
	switch {
	case key == invKeyCriteria:
		if err := decode(&ir.inv.Criteria); err != nil {
			return err
		}
		ir.crit = true
	case strings.HasPrefix(key, invTool):
		var t inventory.Tool
		if err := decode(&t); err != nil {
			return err
		}
		if t.ID != key[len(invTool):] {
			return bad("holds the record of tool %q", workbook.CleanLine(t.ID))
		}
		inv.Tools = append(inv.Tools, t)
	case strings.HasPrefix(key, invListEntry):
		if ir.entries != nil {
			ir.entries[key[len(invListEntry):]] = p
		}
		if !ir.decodeList {
			return nil
		}
		var e inventory.ToolSummary
		if err := decode(&e); err != nil {
			return err
		}
		if e.ID != key[len(invListEntry):] {
			return bad("names tool %q", workbook.CleanLine(e.ID))
		}
		ir.list = append(ir.list, e)
	case strings.HasPrefix(key, invSnapshot):
		year, id, isTool := strings.Cut(key[len(invSnapshot):], "/")
		if !isTool {
			var h snapshotHead
			if err := decode(&h); err != nil {
				return err
			}
			if h.SchoolYear != year {
				return bad("holds the snapshot of %q", workbook.CleanLine(h.SchoolYear))
			}
			inv.Snapshots = append(inv.Snapshots, inventory.Snapshot{SchoolYear: year, Taken: h.Taken, Tools: []inventory.Tool{}})
			return nil
		}
		n := len(inv.Snapshots)
		if n == 0 || inv.Snapshots[n-1].SchoolYear != year {
			return bad("has no snapshot record of its year")
		}
		var t inventory.Tool
		if err := decode(&t); err != nil {
			return err
		}
		if t.ID != id {
			return bad("holds the record of tool %q", workbook.CleanLine(t.ID))
		}
		inv.Snapshots[n-1].Tools = append(inv.Snapshots[n-1].Tools, t)
	case strings.HasPrefix(key, invImport):
		var rec inventory.ImportRecord
		if err := decode(&rec); err != nil {
			return err
		}
		inv.Imports = append(inv.Imports, rec)
	case strings.HasPrefix(key, invRequest):
		var req inventory.Request
		if err := decode(&req); err != nil {
			return err
		}
		if req.ID != key[len(invRequest):] {
			return bad("holds the record of request %q", workbook.CleanLine(req.ID))
		}
		inv.Requests = append(inv.Requests, req)
	case strings.HasPrefix(key, invEvaluation):
		var e inventory.Evaluation
		if err := decode(&e); err != nil {
			return err
		}
		if evaluationKey(e) != key {
			return bad("holds the evaluation of tool %q for %q", workbook.CleanLine(e.ToolID), workbook.CleanLine(e.SchoolYear))
		}
		inv.Evaluations = append(inv.Evaluations, e)
	}
	return nil
}

func evaluationKey(e inventory.Evaluation) string {
	return invEvaluation + e.ToolID + "/" + e.SchoolYear
}

// emptyInventory is the inventory of a file that has none yet.
func emptyInventory() *Inventory {
	return &Inventory{Inventory: &inventory.Inventory{}, Criteria: workbook.ToolCriteria(nil)}
}

// Inventory reads the file's whole inventory. Every record's checksum is
// verified, and the records of each kind must match the digest the last
// save recorded: a record lost, repeated or brought back is ErrCorrupt,
// never data. A file with no inventory yet gives an empty one (revision 0)
// with the built-in criteria (workbook.ToolCriteria(nil)); callers adopt
// the template's (workbook.AdoptToolCriteria).
func (s *Store) Inventory() (*Inventory, error) {
	var out *Inventory
	err := s.view(func(r *rtx) error {
		b := r.tx.Bucket(bucketInventory)
		if b == nil {
			out = emptyInventory()
			return nil
		}
		st, err := r.inventoryState(b)
		if err != nil {
			return err
		}
		ir := newInvReader(r)
		if err := b.ForEach(func(k, v []byte) error {
			if string(k) == invKeyState {
				return nil
			}
			return ir.record(k, v)
		}); err != nil {
			return err
		}
		if err := r.compareDigests(ir.read, st, ""); err != nil {
			return err
		}
		if ir.read.List.Count != ir.read.Tools.Count {
			return corruptErr(s.path, fmt.Sprintf("the inventory has %d tools but %d list entries", ir.read.Tools.Count, ir.read.List.Count))
		}
		if !ir.crit {
			ir.inv.Criteria = workbook.ToolCriteria(nil)
		}
		out = ir.inv
		out.Revision, out.Updated = st.Revision, st.Updated
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// InventoryList reads the list entry of every tool (each checksum verified,
// all of them matched against the digest the last save recorded): what a
// list of the tools needs, several times quicker than Inventory.
func (s *Store) InventoryList() (*ToolList, error) {
	out := &ToolList{}
	err := s.view(func(r *rtx) error {
		b := r.tx.Bucket(bucketInventory)
		if b == nil {
			return nil
		}
		st, err := r.inventoryState(b)
		if err != nil {
			return err
		}
		ir := newInvReader(r)
		ir.decodeList = true
		c := b.Cursor()
		prefix := []byte(invListEntry)
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if err := ir.record(k, v); err != nil {
				return err
			}
		}
		if err := r.compareDigests(ir.read, st, "list entries"); err != nil {
			return err
		}
		out.Tools, out.Revision, out.Updated = ir.list, st.Revision, st.Updated
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// digestProblems compares the digests of the records read with the state
// record's: every kind, or only the kind named only.
func (r *rtx) digestProblems(read, st inventoryState, only string) []error {
	var errs []error
	got := read.kinds()
	for i, kind := range st.kinds() {
		if only != "" && kind.name != only {
			continue
		}
		if d := *got[i].d; d != *kind.d {
			errs = append(errs, corruptErr(r.path, fmt.Sprintf("the inventory's %s do not match what the last save recorded (%d read, %d recorded)", kind.name, d.Count, kind.d.Count)))
		}
	}
	return errs
}

// compareDigests is the first of digestProblems, or nil.
func (r *rtx) compareDigests(read, st inventoryState, only string) error {
	if errs := r.digestProblems(read, st, only); len(errs) > 0 {
		return errs[0]
	}
	return nil
}

// invRecord is one record about to be saved: its key, JSON and checksum.
type invRecord struct {
	key     string
	payload []byte
	sum     uint32
}

// encodeInventory turns an inventory into its records, in key order. It
// checks the limits: a record is at most workbook.MaxSessionBytes of JSON,
// a text in it at most workbook.MaxFieldChars characters.
func encodeInventory(inv *Inventory) ([]invRecord, error) {
	var recs []invRecord
	add := func(key string, v any) error {
		p, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("%s cannot be encoded: %w", invRecordName(key), err)
		}
		if err := checkRecordLimits(invRecordName(key), p); err != nil {
			return err
		}
		recs = append(recs, invRecord{key: key, payload: p, sum: recordSum(bucketInventory, []byte(key), p)})
		return nil
	}
	if err := add(invKeyCriteria, inv.Criteria); err != nil {
		return nil, err
	}
	for i := range inv.Tools {
		t := &inv.Tools[i]
		if err := add(invTool+t.ID, t); err != nil {
			return nil, err
		}
		if err := add(invListEntry+t.ID, t.Summary()); err != nil {
			return nil, err
		}
	}
	for _, s := range inv.Snapshots {
		if err := add(invSnapshot+s.SchoolYear, snapshotHead{SchoolYear: s.SchoolYear, Taken: s.Taken}); err != nil {
			return nil, err
		}
		for _, t := range s.Tools {
			if err := add(invSnapshot+s.SchoolYear+"/"+t.ID, t); err != nil {
				return nil, err
			}
		}
	}
	for i, rec := range inv.Imports {
		if err := add(fmt.Sprintf("%s%06d", invImport, i+1), rec); err != nil {
			return nil, err
		}
	}
	for _, r := range inv.Requests {
		if err := add(invRequest+r.ID, r); err != nil {
			return nil, err
		}
	}
	for _, e := range inv.Evaluations {
		if err := add(evaluationKey(e), e); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(recs, func(a, b invRecord) int { return strings.Compare(a.key, b.key) })
	for i := 1; i < len(recs); i++ {
		if recs[i].key == recs[i-1].key {
			return nil, fmt.Errorf("the inventory has %s twice; keep one", invRecordName(recs[i].key))
		}
	}
	return recs, nil
}

// checkRecordLimits bounds one record: its JSON and every text in it.
func checkRecordLimits(what string, p []byte) error {
	if len(p) > workbook.MaxSessionBytes {
		return &workbook.LimitError{Field: what, Size: len(p), Limit: workbook.MaxSessionBytes, Unit: "bytes as JSON"}
	}
	if len(p) <= workbook.MaxFieldChars {
		return nil // no text in it can be longer
	}
	dec := json.NewDecoder(bytes.NewReader(p))
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil // the end (p is json.Marshal's own output)
		}
		if s, ok := tok.(string); ok && len(s) > workbook.MaxFieldChars {
			if n := utf8.RuneCountInString(s); n > workbook.MaxFieldChars {
				return &workbook.LimitError{Field: "a text of " + what, Size: n, Limit: workbook.MaxFieldChars, Unit: "characters"}
			}
		}
	}
}

// validateInventory checks an inventory as a whole (inventory.Check with
// its criteria): what a save refuses and doctor reports.
func validateInventory(inv *Inventory) []error { return inv.Check(&inv.Criteria) }

// SaveInventory stores the inventory in one transaction: all of it or,
// on any error, none of it. inv.Revision must be the revision it was read
// at; if anyone saved the inventory since (the app, an import, a restore),
// SaveInventory returns ErrConflict and writes nothing. The inventory is
// checked first (every problem validateInventory finds refuses it) and its
// records bounded; only the records that changed are written. Before
// writing, every stored record's checksum is verified against the digests,
// so a save never builds on damage. It returns the stored inventory at its
// new revision.
func (s *Store) SaveInventory(inv *Inventory) (*Inventory, error) {
	if errs := validateInventory(inv); len(errs) > 0 {
		return nil, errs[0]
	}
	recs, err := encodeInventory(inv) // outside the transaction: it needs no lock
	if err != nil {
		return nil, err
	}
	var next inventoryState
	for _, rec := range recs {
		next.digestFor(rec.key).add(rec.sum)
	}
	next.Format, next.Updated = inventoryFormat, s.now().UTC().Truncate(time.Second)
	err = s.update(func(r *rtx) error {
		b := r.tx.Bucket(bucketInventory)
		stored := 0
		if b != nil {
			st, err := r.inventoryState(b)
			if err != nil {
				return err
			}
			stored = st.Revision
			if stored == inv.Revision {
				if err := r.checkInventoryRecords(b, st); err != nil {
					return err
				}
			}
		}
		if stored != inv.Revision {
			return fileErr(s.path, KindConflict, "the inventory was %w (revision %d, you had %d)", workbook.ErrConflict, stored, inv.Revision)
		}
		if b == nil {
			var err error
			if b, err = r.tx.CreateBucket(bucketInventory); err != nil {
				return err
			}
		}
		if err := s.cfg.writeInventoryRecords(b, recs); err != nil {
			return err
		}
		next.Revision = r.nextRevision()
		r.state.LastRevision = uint64(next.Revision)
		sv, err := next.encode()
		if err != nil {
			return err
		}
		if err := b.Put([]byte(invKeyState), sv); err != nil {
			return err
		}
		return r.putState()
	})
	if err != nil {
		return nil, err
	}
	out := *inv
	out.Revision, out.Updated = next.Revision, next.Updated
	return &out, nil
}

// checkInventoryRecords verifies every stored record's checksum and that
// each kind matches its digest (no decoding: a save replaces them).
func (r *rtx) checkInventoryRecords(b *bolt.Bucket, st inventoryState) error {
	var read inventoryState
	err := b.ForEach(func(k, v []byte) error {
		key := string(k)
		if key == invKeyState {
			return nil
		}
		_, err := r.invPayload(&read, key, k, v)
		return err
	})
	if err != nil {
		return err
	}
	return r.compareDigests(read, st, "")
}

// writeInventoryRecords makes the bucket hold exactly recs (and its state
// record): records whose bytes are unchanged are left alone.
func (c *config) writeInventoryRecords(b *bolt.Bucket, recs []invRecord) error {
	put := b.Put
	if c.inventoryPut != nil {
		put = func(k, v []byte) error { return c.inventoryPut(b, k, v) }
	}
	type change struct {
		key []byte
		del bool
		rec *invRecord
	}
	var changes []change
	i := 0
	// Both sides are in key order: walk them together. Nothing is written
	// while the cursor walks (bbolt does not allow it).
	cur := b.Cursor()
	for k, v := cur.First(); k != nil || i < len(recs); {
		switch {
		case k != nil && string(k) == invKeyState:
			k, v = cur.Next()
		case k == nil || (i < len(recs) && recs[i].key < string(k)):
			changes = append(changes, change{key: []byte(recs[i].key), rec: &recs[i]})
			i++
		case i >= len(recs) || string(k) < recs[i].key:
			changes = append(changes, change{key: bytes.Clone(k), del: true})
			k, v = cur.Next()
		default: // the same key
			if len(v) < recordHeader || !bytes.Equal(v[recordHeader:], recs[i].payload) {
				changes = append(changes, change{key: bytes.Clone(k), rec: &recs[i]})
			}
			i++
			k, v = cur.Next()
		}
	}
	for _, ch := range changes {
		var err error
		if ch.del {
			err = b.Delete(ch.key)
		} else {
			v, _ := frame(bucketInventory, ch.key, ch.rec.payload)
			err = put(ch.key, v)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// checkInventory is the inventory's part of checkFile: the state record,
// every record's checksum, decoding and key, the digests, the revision
// against the file's high-water mark, and the inventory validated as a save
// validates it. It returns the number of tools and of records.
func (r *rtx) checkInventory(b *bolt.Bucket, checkRevision bool, bad func(error)) (tools, records int) {
	st, stErr := r.inventoryState(b)
	if stErr != nil {
		bad(stErr)
	}
	ir := newInvReader(r)
	ir.entries = map[string][]byte{}
	_ = b.ForEach(func(k, v []byte) error {
		if string(k) == invKeyState {
			return nil
		}
		records++
		if strings.HasPrefix(string(k), invTool) {
			tools++
		}
		if err := ir.record(k, v); err != nil {
			bad(err)
		}
		return nil
	})
	if stErr != nil {
		return tools, records
	}
	for _, err := range r.digestProblems(ir.read, st, "") {
		bad(err)
	}
	if checkRevision && uint64(st.Revision) > r.state.LastRevision {
		bad(corruptErr(r.path, fmt.Sprintf("the inventory has revision %d, above the last one the file recorded (%d)", st.Revision, r.state.LastRevision)))
	}
	for i := range ir.inv.Tools {
		t := &ir.inv.Tools[i]
		entry, ok := ir.entries[t.ID]
		// Compared as decoded: text that was not UTF-8 was stored as \ufffd
		// escapes, which read back as the character itself.
		var e inventory.ToolSummary
		got, want := []byte(nil), []byte("")
		if ok && json.Unmarshal(entry, &e) == nil {
			got, _ = json.Marshal(e)
			want, _ = json.Marshal(t.Summary())
		}
		switch {
		case !ok:
			bad(corruptErr(r.path, fmt.Sprintf("inventory tool %s has no list entry", workbook.CleanLine(t.ID))))
		case !bytes.Equal(got, want):
			bad(corruptErr(r.path, fmt.Sprintf("inventory tool %s and its list entry disagree", workbook.CleanLine(t.ID))))
		}
		delete(ir.entries, t.ID)
	}
	for _, id := range slices.Sorted(maps.Keys(ir.entries)) {
		bad(corruptErr(r.path, fmt.Sprintf("the list entry of inventory tool %s has no tool", workbook.CleanLine(id))))
	}
	if !ir.crit {
		bad(corruptErr(r.path, "the inventory's selection and evaluation criteria are missing"))
		ir.inv.Criteria = workbook.ToolCriteria(nil)
	}
	for _, err := range validateInventory(ir.inv) {
		bad(corruptErr(r.path, fmt.Sprintf("the inventory is inconsistent: %s", workbook.CleanLine(err.Error()))))
	}
	return tools, records
}

// restampInventory gives the inventory of a restored copy the revision rev,
// so an app that read the inventory before the restore cannot save over it.
func (r *rtx) restampInventory(rev int) error {
	b := r.tx.Bucket(bucketInventory)
	if b == nil {
		return nil
	}
	st, err := r.inventoryState(b)
	if err != nil {
		return err
	}
	st.Revision = rev
	v, err := st.encode()
	if err != nil {
		return err
	}
	return b.Put([]byte(invKeyState), v)
}

// InventoryInfo is what a restore reports of an inventory.
type InventoryInfo struct {
	Present bool // the file has an inventory
	Tools   int
	Updated time.Time
}

// inventoryInfo reads an inventory's size and last change from its state
// record (zero when there is none or it cannot be read).
func (r *rtx) inventoryInfo() InventoryInfo {
	b := r.tx.Bucket(bucketInventory)
	if b == nil {
		return InventoryInfo{}
	}
	st, err := r.inventoryState(b)
	if err != nil {
		return InventoryInfo{}
	}
	return InventoryInfo{Present: true, Tools: int(st.Tools.Count), Updated: st.Updated}
}
