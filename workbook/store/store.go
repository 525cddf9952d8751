package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"edtech-workbook/workbook"
)

// SchemaVersion is the layout of the workbook file this build writes.
// Bump it with a migration in migrate.go.
//
//	1  values are bare JSON
//	2  every value is framed with a CRC-32C (record.go), and the meta
//	   bucket holds a state record: the revision high-water mark and the
//	   digests of the list entries and templates
//	3  sessions keep answers by question id and templates declare their
//	   questions (workbook's format 1 → today's; see workbook/format1.go)
//
//	4  list entries are compact (listentry.go) and kept twice: by id in
//	   the index bucket, and in last-change order in the recent bucket,
//	   which the state record's Recent digest covers
//
// A file of schema 2 or later may also hold the tool inventory's bucket
// (inventory.go), added without a schema change: a file without it has an
// empty inventory.
const SchemaVersion = 4

// schemaQuestions is the first schema whose sessions and templates have
// today's shape; older ones are read through workbook's format-1
// conversion (a read-only command reads an older file without upgrading it).
const schemaQuestions = 3

// schemaCompactList is the first schema with compact list entries and the
// recent bucket; older files are read through the JSON entries and a sort.
const schemaCompactList = 4

var (
	bucketMeta      = []byte("meta")      // schema_version, state
	bucketSessions  = []byte("sessions")  // session id -> Session JSON
	bucketIndex     = []byte("index")     // session id -> Summary JSON (fast list)
	bucketTemplates = []byte("templates") // "id@version" -> Template JSON
	bucketRecent    = []byte("recent")    // listKey -> list entry, newest first (schema 4 on)
	keySchema       = []byte("schema_version")
	keyState        = []byte("state") // storeState (schema 2 on)
)

// Errors callers can test with errors.Is (the workbook package has the
// verdicts about the data: ErrNotFound, ErrConflict, ErrTooLarge).
var (
	ErrInUse     = errors.New("in use by another edtech-workbook")
	ErrNewerFile = errors.New("written by a newer edtech-workbook")
	ErrCorrupt   = errors.New("damaged")
)

// lockTimeout bounds how long an operation waits for another process's lock.
const lockTimeout = time.Second

// OpenMode says whether a Store may change the file.
type OpenMode int

const (
	// ReadOnly never creates, upgrades or writes the file (list, export,
	// template list/show/export/diff, doctor). A missing file is an error.
	ReadOnly OpenMode = iota
	// ReadWrite creates the file and its folder when they are missing (and
	// no backup says a file was there) and upgrades an older file.
	ReadWrite
)

// Store keeps sessions and templates in one bbolt file. It holds the file
// only while operations keep coming (see dbFile), so `list` and `export`
// from another terminal work while the app is open; two writers take turns.
type Store struct {
	path string
	mode OpenMode
	f    *dbFile
	now  func() time.Time
	cfg  *config
	// opening is closed when an open started by OpenInBackground has
	// ended, with openErr its error; nil when the Store was opened by Open.
	opening chan struct{}
	openErr error
	// writeSoon: the file is opened for writing at once (OpenToWrite).
	writeSoon bool
}

// Open prepares the workbook file at path. The path must name a regular
// file (or a link to one) or nothing; a folder, a device or a FIFO is
// refused without being opened. A missing or empty file is a new workbook
// only in ReadWrite mode and only when no backup of it exists: next to a
// backup it is a damaged file, for `doctor --restore`. ReadWrite upgrades an
// older file (after a checked backup); a file from a newer schema is
// refused, and a current, newer or damaged file is never written to.
func Open(path string, mode OpenMode) (*Store, error) {
	return openWith(path, mode, defaultConfig())
}

// OpenToWrite is Open in ReadWrite mode for a command about to write (carry,
// import, tag…): the file is opened for writing at once, so it is opened
// once (not for reading, then again for writing), and the full check of
// its pages a writer needs runs while the command reads (the first write
// waits for it).
func OpenToWrite(path string) (*Store, error) {
	s := newStore(path, ReadWrite, defaultConfig())
	s.writeSoon = true
	if err := s.open(); err != nil {
		return nil, err
	}
	return s, nil
}

// OpenInBackground is Open on a goroutine of its own: it returns at once,
// and every operation of the Store first waits for the open to end and
// fails with its error when it failed (Ready waits for it alone). The app
// starts this way, so its first frame does not wait for the file's checks:
// at 10,000 sessions they take longer than the whole first frame's budget.
func OpenInBackground(path string, mode OpenMode) *Store {
	s := newStore(path, mode, defaultConfig())
	s.opening = make(chan struct{})
	go func() {
		defer close(s.opening)
		s.openErr = s.open()
	}()
	return s
}

// InBackground reports whether the Store was opened by OpenInBackground
// (whether or not that open has ended).
func (s *Store) InBackground() bool { return s.opening != nil }

// Ready waits for an open started by OpenInBackground to end and returns
// its error (nil at once for a Store from Open).
func (s *Store) Ready() error {
	if s.opening == nil {
		return nil
	}
	<-s.opening
	return s.openErr
}

// openWith is Open with the given config.
func openWith(path string, mode OpenMode, cfg *config) (*Store, error) {
	s := newStore(path, mode, cfg)
	if err := s.open(); err != nil {
		return nil, err
	}
	return s, nil
}

func newStore(path string, mode OpenMode, cfg *config) *Store {
	return &Store{path: path, mode: mode, f: &dbFile{path: path}, now: time.Now, cfg: cfg}
}

// open is Open's work on s: what the path names, the schema (upgrading an
// older file in ReadWrite mode) and the state record.
func (s *Store) open() error {
	path, mode := s.path, s.mode
	fi, exists, err := statWorkbook(path)
	if err != nil {
		return err
	}
	if !exists || fi.Size() == 0 {
		if bak := existingBackup(path); bak != "" {
			return lostFileErr(path, exists, bak)
		}
		if mode == ReadOnly {
			if !exists {
				return fileErr(path, KindMissing, "workbook file %s does not exist", path)
			}
			return fileErr(path, KindEmpty, "workbook file %s is empty and holds no workbook", path)
		}
	}
	if mode == ReadOnly {
		return s.viewNow(func(*rtx) error { return nil })
	}
	if !exists {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return fmt.Errorf("cannot create the folder for workbook file %s: %w", path, err)
		}
	}
	removeStaleTemps(path)
	return s.prepare(exists && fi.Size() > 0)
}

// lostFileErr explains a workbook file that is missing or empty while a
// backup of it exists: something removed or truncated it.
func lostFileErr(path string, exists bool, bak string) error {
	what := "is missing"
	if exists {
		what = "is empty"
	}
	return fileErr(path, KindLost, "workbook file %s %s but its backup %s is there, so it is %w", path, what, bak, ErrCorrupt)
}

// Path is the workbook file's path.
func (s *Store) Path() string { return s.path }

// SetClock replaces the clock (tests).
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// Close lets go of the file now instead of after the idle delay. The Store
// stays usable: the next operation opens the file again.
func (s *Store) Close() error {
	_ = s.Ready() // the open's handle, if it got one, is let go here
	return s.f.close()
}

func corruptErr(path string, what any) error {
	return fileErr(path, KindDamaged, "workbook file %s is %w (%v)", path, ErrCorrupt, what)
}

func wrapOpenErr(path string, err error) error {
	switch {
	case errors.Is(err, errNotRegular):
		return fileErr(path, KindNotRegular, "workbook file %w, not a workbook file", err)
	case errors.Is(err, berrors.ErrTimeout):
		return fileErr(path, KindInUse, "workbook file %s is %w", path, ErrInUse)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum),
		errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrInvalidMapping):
		return fileErr(path, KindUnrecognised, "workbook file %s is %w or not a workbook file (%v)", path, ErrCorrupt, err)
	case errors.Is(err, os.ErrNotExist):
		return fileErr(path, KindGone, "workbook file %s does not exist (it was moved or deleted)", path)
	}
	if errors.Is(err, syscall.EROFS) || errors.Is(err, os.ErrPermission) {
		return fileErr(path, KindReadOnly, "workbook file %s cannot be written because it or its disk is read-only (%v)", path, err)
	}
	return fileErr(path, KindCannotOpen, "workbook file %s cannot be opened (%v)", path, err)
}

// guarded runs fn and turns a panic or a memory fault (bbolt reading a
// damaged page through the mmap) into an ErrCorrupt error instead of a crash.
func guarded(path string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = corruptErr(path, r)
		}
	}()
	return fn()
}

// checkTx refuses a transaction over a file that is shorter than its own
// page count says (truncated): reading past the end would fault.
func checkTx(tx *bolt.Tx, path string) error {
	fi, err := os.Stat(tx.DB().Path()) // the file opened, which path may only name (a copy being checked)
	if err == nil && fi.Size() < tx.Size() {
		return corruptErr(path, fmt.Sprintf("%d bytes, expected at least %d: truncated", fi.Size(), tx.Size()))
	}
	return nil
}

// rtx is a transaction with what every operation reads first: the file's
// schema and (schema 2 on) its state record.
type rtx struct {
	tx     *bolt.Tx
	file   io.ReaderAt // the file tx reads, for plain reads of its pages (pageReader)
	path   string
	schema uint64
	state  storeState
}

// begin checks the transaction's file and reads its schema and state.
// Files of an older schema are read as they are (a read-only command never
// upgrades); writing needs the current one.
func (c *config) begin(tx *bolt.Tx, path string, write bool) (*rtx, error) {
	if err := checkTx(tx, path); err != nil {
		return nil, err
	}
	schema, err := readSchema(tx, path)
	switch {
	case err != nil:
		return nil, err
	case schema > c.schema:
		return nil, c.newerErr(path, schema)
	case schema == 0:
		return nil, fileErr(path, KindUnfinished, "workbook file %s holds no workbook yet (it was never finished)", path)
	case write && schema < c.schema:
		return nil, fileErr(path, KindNeedsUpgrade, "workbook file %s needs upgrading (schema %d)", path, schema)
	}
	r := &rtx{tx: tx, path: path, schema: schema}
	for _, b := range [][]byte{bucketSessions, bucketIndex, bucketTemplates, bucketRecent} {
		if tx.Bucket(b) == nil && (string(b) != string(bucketRecent) || schema >= schemaCompactList) {
			return nil, corruptErr(path, fmt.Sprintf("its %s bucket is missing", b))
		}
	}
	if schema >= 2 {
		if r.state, err = decodeState(tx.Bucket(bucketMeta).Get(keyState)); err != nil {
			return nil, corruptErr(path, fmt.Sprintf("its state record is damaged: %v", err))
		}
	}
	return r, nil
}

// view runs fn in a read-only transaction.
func (s *Store) view(fn func(r *rtx) error) error {
	if err := s.Ready(); err != nil {
		return err
	}
	return s.viewNow(fn)
}

// viewNow is view without waiting for the open (the open's own reads).
func (s *Store) viewNow(fn func(r *rtx) error) error {
	return s.f.do(accRead, func(db *bolt.DB) error {
		return guarded(s.path, func() error {
			return db.View(func(tx *bolt.Tx) error {
				r, err := s.cfg.begin(tx, s.path, false)
				if err != nil {
					return err
				}
				r.file = s.f.file
				return fn(r)
			})
		})
	})
}

// update runs fn in one read-write transaction.
func (s *Store) update(fn func(r *rtx) error) error {
	if s.mode != ReadWrite {
		return fileErr(s.path, KindBug, "workbook file %s was opened read-only, so it cannot be changed", s.path)
	}
	if err := s.Ready(); err != nil {
		return err
	}
	return s.f.do(accWrite, func(db *bolt.DB) error {
		return saveErr(s.path, guarded(s.path, func() error {
			return db.Update(func(tx *bolt.Tx) error {
				r, err := s.cfg.begin(tx, s.path, true)
				if err != nil {
					return err
				}
				r.file = s.f.file
				return fn(r)
			})
		}))
	})
}

// saveErr explains a save that the disk refused. bbolt writes the new pages
// before the page that points to them, so the file still holds the previous
// save.
func saveErr(path string, err error) error {
	const kept = "nothing was lost, the file still holds the previous save"
	switch {
	case err == nil:
		return nil
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return fmt.Errorf("workbook file %s could not be saved because the disk is full (%s); free some space and try again: %w", path, kept, err)
	case errors.Is(err, syscall.EROFS), errors.Is(err, os.ErrPermission):
		return fileErr(path, KindReadOnly, "workbook file %s could not be saved because it is read-only (%s): %w", path, kept, err)
	}
	return err
}

func (c *config) newerErr(path string, got uint64) error {
	return fileErr(path, KindNewer, "workbook file %s was %w (schema %d; this build reads up to %d)", path, ErrNewerFile, got, c.schema)
}

// readSchema returns the file's schema version; 0 for a file without a meta
// bucket (brand new, or from before schema versions). Schema 1 stored the
// bare 8 bytes; from schema 2 the value is framed with its checksum.
func readSchema(tx *bolt.Tx, path string) (uint64, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		names, ordered := bucketNames(tx)
		switch {
		case !ordered, tx.Bucket(bucketSessions) != nil, tx.Bucket(bucketIndex) != nil, tx.Bucket(bucketTemplates) != nil,
			tx.Bucket(bucketInventory) != nil, tx.Bucket(bucketReceived) != nil, tx.Bucket(bucketAudit) != nil:
			return 0, corruptErr(path, "its meta bucket is missing")
		case names > 0:
			return 0, fileErr(path, KindNotWorkbook, "workbook file %s is not an edtech-workbook file", path)
		}
		return 0, nil
	}
	v := meta.Get(keySchema)
	if len(v) == 8 {
		return binary.BigEndian.Uint64(v), nil
	}
	p, _, err := unframe(bucketMeta, keySchema, v)
	if err != nil || len(p) != 8 {
		return 0, corruptErr(path, fmt.Sprintf("its schema version is damaged (%v)", err))
	}
	got := binary.BigEndian.Uint64(p)
	if got < 2 {
		return 0, corruptErr(path, "its schema version is damaged")
	}
	return got, nil
}

func hasBuckets(tx *bolt.Tx) bool {
	n, _ := bucketNames(tx)
	return n > 0
}

// bucketNames counts the file's top-level buckets and says whether their
// names are in order (a damaged root page may not be, and then lookups by
// name miss buckets that are there).
func bucketNames(tx *bolt.Tx) (n int, ordered bool) {
	var prev []byte
	ordered = true
	_ = tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
		if n > 0 && string(name) <= string(prev) {
			ordered = false
		}
		prev = append(prev[:0], name...)
		n++
		return nil
	})
	return n, ordered
}

func itob(v uint64) []byte { b := make([]byte, 8); binary.BigEndian.PutUint64(b, v); return b }

// decodeSession decodes a session record of the given schema.
func decodeSession(v []byte, schema uint64) (*workbook.Session, error) {
	if schema < schemaQuestions {
		return workbook.SessionFromV1JSON(v)
	}
	var sess workbook.Session
	if err := json.Unmarshal(v, &sess); err != nil {
		return nil, err
	}
	return &sess, nil
}

// decodeTemplate decodes a stored template of the given schema.
func decodeTemplate(v []byte, schema uint64) (*workbook.Template, error) {
	if schema < schemaQuestions {
		return workbook.TemplateFromV1JSON(v)
	}
	var t workbook.Template
	if err := json.Unmarshal(v, &t); err != nil {
		return nil, err
	}
	return &t, nil
}

// encodeSession checks the limits and returns the session's record and its
// list entry (compact: listentry.go). The record is the session's JSON after recordHeader
// bytes left free for its frame, so framing it (sealFrame) copies nothing.
func encodeSession(sess *workbook.Session) (rec, sum []byte, err error) {
	var b bytes.Buffer
	b.Grow(64 << 10) // most sessions fit: one allocation
	b.Write(make([]byte, recordHeader))
	if err := json.NewEncoder(&b).Encode(sess); err != nil {
		return nil, nil, fmt.Errorf("session %s cannot be encoded: %w", sess.ID, err)
	}
	rec = b.Bytes()
	rec = rec[:len(rec)-1] // Encode's newline: the bytes are then json.Marshal's
	if err := workbook.CheckLimitsEncoded(sess, rec[recordHeader:]); err != nil {
		return nil, nil, err
	}
	return rec, encodeEntry(workbook.Summarize(sess)), nil
}

// payload returns a value's payload, checking its checksum when the file
// has them. what names the record for the error (only called then).
func (r *rtx) payload(bucket, key, v []byte, what func() string) ([]byte, uint32, error) {
	if r.schema < 2 {
		return v, 0, nil
	}
	p, sum, err := unframe(bucket, key, v)
	if err != nil {
		return nil, 0, corruptErr(r.path, fmt.Sprintf("%s is damaged: %v", what(), err))
	}
	return p, sum, nil
}

// sessionName names a session in an error: its team (from its list entry,
// when that can be read) and its id.
func (r *rtx) sessionName(id []byte) string {
	if v := r.tx.Bucket(bucketIndex).Get(id); v != nil {
		p := v
		if r.schema >= 2 {
			var err error
			if p, _, err = unframe(bucketIndex, id, v); err != nil {
				p = nil
			}
		}
		if sum, err := r.decodeSummary(p); p != nil && err == nil && sum.Team != "" {
			return fmt.Sprintf("session %q (%s)", workbook.CleanLine(sum.Team), workbook.CleanLine(string(id)))
		}
	}
	return fmt.Sprintf("session %s", workbook.CleanLine(string(id)))
}

// getSession reads and decodes a stored session.
func (r *rtx) getSession(id []byte, v []byte) (*workbook.Session, error) {
	p, _, err := r.payload(bucketSessions, id, v, func() string { return r.sessionName(id) })
	if err != nil {
		return nil, err
	}
	sess, err := decodeSession(p, r.schema)
	if err != nil {
		return nil, corruptErr(r.path, fmt.Sprintf("%s cannot be read: %v", r.sessionName(id), err))
	}
	if sess.ID != string(id) {
		return nil, corruptErr(r.path, fmt.Sprintf("%s holds the record of session %q", r.sessionName(id), workbook.CleanLine(sess.ID)))
	}
	return sess, nil
}

// getSummary reads and decodes a list entry; it also returns the entry's
// checksum (0 before schema 2).
func (r *rtx) getSummary(id []byte, v []byte) (workbook.Summary, uint32, error) {
	var sum workbook.Summary
	p, crc, err := r.payload(bucketIndex, id, v, func() string { return "the list entry of session " + workbook.CleanLine(string(id)) })
	if err != nil {
		return sum, 0, err
	}
	if sum, err = r.decodeSummary(p); err != nil {
		return sum, 0, corruptErr(r.path, fmt.Sprintf("the list entry of session %s cannot be read: %v", workbook.CleanLine(string(id)), err))
	}
	if sum.ID != string(id) {
		return sum, 0, corruptErr(r.path, fmt.Sprintf("the list entry of session %s names session %q", workbook.CleanLine(string(id)), workbook.CleanLine(sum.ID)))
	}
	return sum, crc, nil
}

// decodeSummary decodes a list entry's payload: compact from schema 4 on,
// JSON before.
func (r *rtx) decodeSummary(p []byte) (workbook.Summary, error) {
	if r.schema >= schemaCompactList {
		return decodeEntry(p)
	}
	var sum workbook.Summary
	err := json.Unmarshal(p, &sum)
	return sum, err
}

// getTemplate reads and decodes a stored template.
func (r *rtx) getTemplate(ref, v []byte) (*workbook.Template, uint32, error) {
	what := func() string { return "stored template " + workbook.CleanLine(string(ref)) }
	p, crc, err := r.payload(bucketTemplates, ref, v, what)
	if err != nil {
		return nil, 0, err
	}
	t, err := decodeTemplate(p, r.schema)
	if err != nil {
		return nil, 0, corruptErr(r.path, fmt.Sprintf("%s cannot be read: %v", what(), err))
	}
	if t.Ref() != string(ref) {
		return nil, 0, corruptErr(r.path, fmt.Sprintf("%s holds template %s", what(), workbook.CleanLine(t.Ref())))
	}
	return t, crc, nil
}

// matchesSummary reports whether a list entry describes sess as stored
// (progress aside: it is derived, and how it is computed may change).
func matchesSummary(sum workbook.Summary, sess *workbook.Session) bool {
	return sameEntry(sum, workbook.Summary{ID: sess.ID, Team: sess.Team, District: sess.District,
		SchoolYear: sess.SchoolYear, Cohort: sess.Cohort, TemplateRef: sess.Template.Ref(), Updated: sess.Updated, Revision: sess.Revision})
}

// sameEntry reports whether two list entries agree, progress aside.
func sameEntry(a, b workbook.Summary) bool {
	return a.ID == b.ID && a.Team == b.Team && a.District == b.District && a.SchoolYear == b.SchoolYear &&
		a.Cohort == b.Cohort && a.TemplateRef == b.TemplateRef && a.Updated.Equal(b.Updated) && a.Revision == b.Revision
}

// putSession frames and stores a session (rec from encodeSession) and its
// list entry (sum) by id and under its place in the recent bucket (the old
// place removed), keeping the state record (digests, revision high-water
// mark) in step.
func (r *rtx) putSession(id string, rec, sum []byte, rev int) error {
	key := []byte(id)
	entry, err := decodeEntry(sum)
	if err != nil || entry.ID != id {
		return fileErr(r.path, KindBug, "the list entry of session %s could not be made", workbook.CleanLine(id))
	}
	if err := r.dropEntry(key); err != nil {
		return err
	}
	sv := sealFrame(bucketSessions, key, rec)
	iv, crc := frame(bucketIndex, key, sum)
	rk := listKey(entry)
	rv, rcrc := frame(bucketRecent, rk, sum)
	r.state.Index.add(crc)
	r.state.Recent.add(rcrc)
	r.state.LastRevision = max(r.state.LastRevision, uint64(rev))
	if err := r.tx.Bucket(bucketSessions).Put(key, sv); err != nil {
		return err
	}
	index, recent := r.tx.Bucket(bucketIndex), r.tx.Bucket(bucketRecent)
	recent.FillPercent = recentFillFront
	if err := index.Put(key, iv); err != nil {
		return err
	}
	if err := recent.Put(rk, rv); err != nil {
		return err
	}
	return r.putState()
}

// How full bbolt leaves the first of the pages it splits a full page of the
// recent bucket into (its default is half; the rest goes to the next page).
// A save files its session at the front, so the pages fill from the left:
// leaving little on the left page and the rest together keeps the pages
// behind nearly full. The migration files every entry in key order, from
// the right: there the left page is the one to fill. Fuller pages are fewer
// pages for an open to check and a list to read. (The entries by id go in
// anywhere: bbolt's default suits them.)
const (
	recentFillFront   = 0.1
	recentFillInOrder = 0.9
)

// dropEntry removes a session's list entry, by id and from the recent
// bucket (its place there is found from the entry by id), and takes both
// out of the digests. A damaged entry by id cannot say where its recent
// copy is: that copy stays, and the digests then report it.
func (r *rtx) dropEntry(key []byte) error {
	index := r.tx.Bucket(bucketIndex)
	old := index.Get(key)
	if old == nil {
		return nil
	}
	r.state.Index.remove(storedSum(old))
	if p, _, err := unframe(bucketIndex, key, old); err == nil {
		if entry, err := decodeEntry(p); err == nil {
			recent := r.tx.Bucket(bucketRecent)
			rk := listKey(entry)
			if rv := recent.Get(rk); rv != nil {
				r.state.Recent.remove(storedSum(rv))
				if err := recent.Delete(rk); err != nil {
					return err
				}
			}
		}
	}
	return index.Delete(key)
}

func (r *rtx) putState() error {
	return r.tx.Bucket(bucketMeta).Put(keyState, r.state.encode())
}

// nextRevision is the revision of a session stored anew: above every
// revision this file ever held.
func (r *rtx) nextRevision() int { return int(r.state.LastRevision) + 1 }

// Create stores a new session. It fills in the id (if empty: a readable
// one from the team and school year, workbook.ReadableID, with -2, -3, …
// when that is taken), the timestamps and the revision (see
// storeState.LastRevision), and returns the stored copy.
func (s *Store) Create(sess *workbook.Session) (*workbook.Session, error) {
	return s.createSession(sess, nil)
}

// createSession is Create, storing audit (when not nil) in the same
// transaction.
func (s *Store) createSession(sess *workbook.Session, audit *AuditEntry) (*workbook.Session, error) {
	c := *sess
	auto := c.ID == ""
	base := c.ID
	if auto {
		base = workbook.ReadableID(c.Team, c.SchoolYear)
		c.ID = base
	}
	now := s.now().UTC().Truncate(time.Second)
	if c.Created.IsZero() {
		c.Created = now
	}
	c.Updated = now
	if err := workbook.CheckLimits(&c); err != nil { // before taking the lock
		return nil, err
	}
	err := s.update(func(r *rtx) error {
		taken := func(id string) bool { return r.tx.Bucket(bucketSessions).Get([]byte(id)) != nil }
		if auto {
			c.ID = base
			for n := 2; taken(c.ID); n++ {
				c.ID = workbook.IDVariant(base, n)
			}
		}
		if taken(c.ID) {
			return fileErr(s.path, KindSessionExists, "session %s already exists in %s", c.ID, s.path)
		}
		c.Revision = r.nextRevision()
		buf, sum, err := encodeSession(&c)
		if err != nil {
			return err
		}
		if err := r.putSession(c.ID, buf, sum, c.Revision); err != nil {
			return err
		}
		if audit != nil && audit.Session == "" {
			audit.Session = c.ID
		}
		return r.appendAudit(audit, c.Revision, now)
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// Get reads one session by id: a seek, whatever the number of sessions. Its
// record's checksum is verified and it is checked against its list entry (a
// damaged page pointer can bring back an old version of either); any
// mismatch is ErrCorrupt, never data.
func (s *Store) Get(id string) (*workbook.Session, error) {
	var out *workbook.Session
	err := s.view(func(r *rtx) error {
		key := []byte(id)
		if err := r.checkSessionPath(key); err != nil {
			return err
		}
		v := r.tx.Bucket(bucketSessions).Get(key)
		iv := r.tx.Bucket(bucketIndex).Get(key)
		if v == nil {
			if iv != nil {
				return corruptErr(s.path, fmt.Sprintf("%s is listed but its record is missing", r.sessionName(key)))
			}
			return fmt.Errorf("session %s: %w", id, workbook.ErrNotFound)
		}
		sess, err := r.getSession(key, v)
		if err != nil {
			return err
		}
		if iv == nil {
			return corruptErr(s.path, fmt.Sprintf("session %q (%s) has no list entry", workbook.CleanLine(sess.Team), workbook.CleanLine(id)))
		}
		sum, _, err := r.getSummary(key, iv)
		if err != nil {
			return err
		}
		if !matchesSummary(sum, sess) {
			return corruptErr(s.path, fmt.Sprintf("session %q (%s): its record (revision %d) and its list entry (revision %d) disagree", workbook.CleanLine(sess.Team), workbook.CleanLine(id), sess.Revision, sum.Revision))
		}
		out = sess
		return nil
	})
	return out, err
}

// List returns every session's summary, most recently changed first. Each
// entry's checksum is verified, and together they must match the digest
// the last save recorded: a list that lost, repeated or brought back an
// entry is ErrCorrupt.
func (s *Store) List() ([]workbook.Summary, error) {
	var out []workbook.Summary
	err := s.view(func(r *rtx) error {
		var err error
		out, err = r.list()
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// list reads every list entry, most recently changed first (see List): from
// schema 4 on one walk of the recent bucket, whose keys are in that order;
// before, the entries by id, sorted.
func (r *rtx) list() ([]workbook.Summary, error) {
	if r.schema >= schemaCompactList {
		return r.recentList()
	}
	var out []workbook.Summary
	var d digest
	var prev []byte
	err := r.tx.Bucket(bucketIndex).ForEach(func(k, v []byte) error {
		if prev != nil && string(k) <= string(prev) {
			return corruptErr(r.path, "the list of sessions is out of order")
		}
		prev = k
		sum, crc, err := r.getSummary(k, v)
		if err != nil {
			return err
		}
		d.add(crc)
		out = append(out, sum)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if r.schema >= 2 && d != r.state.Index {
		return nil, corruptErr(r.path, fmt.Sprintf("the list of sessions does not match what the last save recorded (%d entries read, %d recorded)", d.Count, r.state.Index.Count))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Updated.Equal(out[j].Updated) {
			return out[i].Updated.After(out[j].Updated)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// pages reads the pages of the file r's transaction reads, with plain reads.
func (r *rtx) pages() *pageReader {
	ps := int64(r.tx.DB().Info().PageSize)
	return &pageReader{r: r.file, ps: ps, hwm: uint64(r.tx.Size() / ps)}
}

// checkSessionPath reads, with plain reads, every page from the sessions'
// bucket down to the leaf that holds (or would hold) key, and checks each
// one as checkPages checks a page, with the order of its keys. An open for
// reading leaves the sessions' leaf pages unread (checkPages); bbolt, which
// follows the same pages to key, then only ever meets pages checked.
func (r *rtx) checkSessionPath(key []byte) error {
	root := uint64(r.tx.Bucket(bucketSessions).Root())
	if root == 0 || r.file == nil {
		return nil // an inline bucket is part of the root tree, checked at open
	}
	if _, err := r.pages().get(root, key); err != nil {
		return corruptErr(r.path, fmt.Sprintf("the page that holds %s is damaged: %v", r.sessionName(key), err))
	}
	return nil
}

// walkRecent walks the recent bucket in key order with each entry's
// payload, its checksum verified and its key after the one before, and
// checks the whole against the Recent digest of the last save once the
// walk is done. fn's error ends the walk; k and p are valid while the
// transaction is.
func (r *rtx) walkRecent(fn func(k, p []byte) error) error {
	var d digest
	var prev []byte
	err := r.tx.Bucket(bucketRecent).ForEach(func(k, v []byte) error {
		if prev != nil && bytes.Compare(k, prev) <= 0 {
			return corruptErr(r.path, "the list of sessions is out of order")
		}
		prev = k
		p, crc, err := r.payload(bucketRecent, k, v, func() string { return recentName(k) })
		if err != nil {
			return err
		}
		d.add(crc)
		return fn(k, p)
	})
	if err != nil {
		return err
	}
	if d != r.state.Recent {
		return corruptErr(r.path, fmt.Sprintf("the list of sessions does not match what the last save recorded (%d entries read, %d recorded)", d.Count, r.state.Recent.Count))
	}
	return nil
}

// badEntry is the error for a list entry that does not decode or is filed
// under another key.
func (r *rtx) badEntry(k []byte, err error) error {
	return corruptErr(r.path, fmt.Sprintf("%s cannot be read: %v", recentName(k), err))
}

// recentList reads the recent bucket (walkRecent), and decodes and checks
// every entry against its key.
//
// The entries' bytes are copied, once the walk has checked them all, into
// one string that every entry's text is then a part of: a few allocations
// for the whole list instead of one or more per entry.
func (r *rtx) recentList() ([]workbook.Summary, error) {
	type entry struct{ key, p []byte } // valid while the transaction is
	entries := make([]entry, 0, r.state.Recent.Count)
	size := 0
	err := r.walkRecent(func(k, p []byte) error {
		entries = append(entries, entry{k, p})
		size += len(p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	var arena strings.Builder
	arena.Grow(size)
	for _, e := range entries {
		arena.Write(e.p)
	}
	text := arena.String()
	out := make([]workbook.Summary, len(entries))
	at := 0
	for i, e := range entries {
		sum, err := decodeEntryText(text[at : at+len(e.p)])
		at += len(e.p)
		if err == nil {
			err = checkListKey(e.key, sum)
		}
		if err != nil {
			return nil, r.badEntry(e.key, err)
		}
		out[i] = sum
	}
	return out, nil
}

// ListRow is one session's list entry as ListRows hands it out: its text
// fields are the file's own bytes, valid only until the function given
// the row returns (copy what you keep).
type ListRow struct {
	ID, Team, District, SchoolYear, TemplateRef, Cohort []byte
	Progress                                            int
	Updated                                             time.Time
}

// ListRows runs fn in one read transaction with rows, the list of sessions
// in List's order (most recently changed first). fn may range over rows any
// number of times (a table walks it once for its columns' widths and once
// to write); nothing is copied out of the file, so `list` at 10,000
// sessions allocates next to nothing. Each walk checks what List checks:
// every entry's checksum, its key and order, and at the end the whole
// against the last save's digest; what is wrong ends the walk with the
// error as the last pair (nil, err), which fn returns. A walk that ends
// without an error met a list that is whole.
func (s *Store) ListRows(fn func(rows iter.Seq2[*ListRow, error]) error) error {
	return s.view(func(r *rtx) error {
		if r.schema < schemaCompactList {
			sums, err := r.list() // an older file, read as it is: by its JSON entries, sorted
			if err != nil {
				return err
			}
			return fn(summaryRows(sums))
		}
		checked := false // a whole walk has checked every entry, in this transaction
		return fn(func(yield func(*ListRow, error) bool) {
			var row ListRow
			var f entryFields[[]byte]
			give := func(k, p []byte) (bool, error) {
				err := decodeFieldsInto(&f, p)
				if err == nil && !checked {
					err = checkKeyOf(k, f.text[0], f.updated)
				}
				if err != nil {
					return false, r.badEntry(k, err)
				}
				row = listRow(&f)
				return yield(&row, nil), nil
			}
			if checked {
				c := r.tx.Bucket(bucketRecent).Cursor()
				for k, v := c.First(); k != nil; k, v = c.Next() {
					if len(v) < recordHeader {
						continue // not met: the first walk checked every entry
					}
					if more, err := give(k, v[recordHeader:]); !more || err != nil {
						return
					}
				}
				return
			}
			stopped := false
			err := r.walkRecent(func(k, p []byte) error {
				more, err := give(k, p)
				if err != nil {
					return err
				}
				if !more {
					stopped = true
					return errStopWalk
				}
				return nil
			})
			switch {
			case err == nil:
				checked = true
			case !stopped:
				yield(nil, err)
			}
		})
	})
}

// listRow is the row of a decoded entry (sharing its bytes).
func listRow(f *entryFields[[]byte]) ListRow {
	t := &f.text
	return ListRow{ID: t[0], Team: t[1], District: t[2], SchoolYear: t[3], TemplateRef: t[4], Cohort: t[5],
		Progress: f.progress, Updated: f.updated}
}

// errStopWalk ends a walk whose caller has stopped ranging.
var errStopWalk = errors.New("stopped")

// summaryRows are the rows of sums.
func summaryRows(sums []workbook.Summary) iter.Seq2[*ListRow, error] {
	return func(yield func(*ListRow, error) bool) {
		for _, s := range sums {
			row := ListRow{ID: []byte(s.ID), Team: []byte(s.Team), District: []byte(s.District), SchoolYear: []byte(s.SchoolYear),
				TemplateRef: []byte(s.TemplateRef), Cohort: []byte(s.Cohort), Progress: s.Progress, Updated: s.Updated}
			if !yield(&row, nil) {
				return
			}
		}
	}
}

// recentName names an entry of the recent bucket in an error, by the
// session id its key ends with.
func recentName(k []byte) string {
	if len(k) > 12 {
		return "the list entry of session " + workbook.CleanLine(string(k[12:]))
	}
	return "an entry of the list of sessions"
}

// recentEntry reads one entry of the recent bucket and checks that it is
// filed under its own key.
func (r *rtx) recentEntry(k, v []byte) (workbook.Summary, uint32, error) {
	what := func() string { return recentName(k) }
	p, crc, err := r.payload(bucketRecent, k, v, what)
	if err != nil {
		return workbook.Summary{}, 0, err
	}
	sum, err := decodeEntry(p)
	if err == nil {
		err = checkListKey(k, sum)
	}
	if err != nil {
		return sum, 0, corruptErr(r.path, fmt.Sprintf("%s cannot be read: %v", what(), err))
	}
	return sum, crc, nil
}

// storedRevision reads a session's revision from its small list entry;
// decoding 50 KB per save would cost more than the rest of the save.
func (r *rtx) storedRevision(id string) (int, error) {
	key := []byte(id)
	v := r.tx.Bucket(bucketIndex).Get(key)
	if r.tx.Bucket(bucketSessions).Get(key) == nil {
		if v != nil {
			return 0, corruptErr(r.path, fmt.Sprintf("%s is listed but its record is missing", r.sessionName(key)))
		}
		return 0, fmt.Errorf("session %s: %w", id, workbook.ErrNotFound)
	}
	if v == nil {
		return 0, corruptErr(r.path, fmt.Sprintf("session %s has no list entry", workbook.CleanLine(id)))
	}
	sum, _, err := r.getSummary(key, v)
	if err != nil {
		return 0, err
	}
	return sum.Revision, nil
}

// Update saves sess in one transaction. sess.Revision must be the revision it
// was loaded at; if anyone stored the session since (a save, an import, a
// merge, a restore), Update returns ErrConflict and writes nothing. On
// success it returns the stored copy, at the previous revision + 1.
func (s *Store) Update(sess *workbook.Session) (*workbook.Session, error) {
	return s.updateSession(sess, nil)
}

// updateSession is Update, storing audit (when not nil) in the same
// transaction.
func (s *Store) updateSession(sess *workbook.Session, audit *AuditEntry) (*workbook.Session, error) {
	c := *sess
	c.Revision++
	c.Updated = s.now().UTC().Truncate(time.Second)
	// Encode outside the transaction: it is the slow part and needs no lock.
	buf, sum, err := encodeSession(&c)
	if err != nil {
		return nil, err
	}
	err = s.update(func(r *rtx) error {
		stored, err := r.storedRevision(c.ID)
		if err != nil {
			return err
		}
		if stored != sess.Revision {
			return fileErr(s.path, KindConflict, "session %q was %w (revision %d, you had %d)", c.Team, workbook.ErrConflict, stored, sess.Revision)
		}
		if err := r.putSession(c.ID, buf, sum, c.Revision); err != nil {
			return err
		}
		return r.appendAudit(audit, c.Revision, c.Updated)
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// Put stores sess (id and timestamps as given), replacing any session with
// the same id: import --replace, review, carry's file. The store assigns the
// revision, never the one the caller (an imported file) carries: above every
// revision the file ever held, so an app still holding the replaced session
// gets ErrConflict on its next save instead of overwriting the import.
func (s *Store) Put(sess *workbook.Session) error {
	c := *sess
	if err := workbook.CheckLimits(&c); err != nil { // before taking the lock
		return err
	}
	return s.update(func(r *rtx) error {
		c.Revision = r.nextRevision()
		buf, sum, err := encodeSession(&c)
		if err != nil {
			return err
		}
		return r.putSession(c.ID, buf, sum, c.Revision)
	})
}

// Delete removes a session.
func (s *Store) Delete(id string) error { return s.deleteSession(id, 0, nil) }

// deleteSession is Delete, refused as a conflict when revision is not 0 and
// the stored session is at another, and storing audit (when not nil) in the
// same transaction.
func (s *Store) deleteSession(id string, revision int, audit *AuditEntry) error {
	return s.update(func(r *rtx) error {
		key := []byte(id)
		if r.tx.Bucket(bucketSessions).Get(key) == nil {
			return fmt.Errorf("session %s: %w", id, workbook.ErrNotFound)
		}
		if revision != 0 {
			stored, err := r.storedRevision(id)
			if err != nil {
				return err
			}
			if stored != revision {
				return fileErr(s.path, KindConflict, "session %s was %w (revision %d, you had %d)", workbook.CleanLine(id), workbook.ErrConflict, stored, revision)
			}
		}
		if err := r.tx.Bucket(bucketSessions).Delete(key); err != nil {
			return err
		}
		if err := r.dropEntry(key); err != nil {
			return err
		}
		if err := r.deleteReceived(id); err != nil {
			return err
		}
		if err := r.putState(); err != nil {
			return err
		}
		return r.appendAudit(audit, revision, s.now())
	})
}

// PutTemplate stores a template version. It refuses to replace an existing
// id+version unless replace is set.
func (s *Store) PutTemplate(t *workbook.Template, replace bool) error {
	if err := workbook.CheckTemplateLimits(t); err != nil {
		return err
	}
	buf, err := json.Marshal(t)
	if err != nil {
		return fmt.Errorf("template %s cannot be encoded: %w", t.Ref(), err)
	}
	if len(buf) > workbook.MaxSessionBytes {
		return &workbook.LimitError{Field: fmt.Sprintf("template %s", t.Ref()), Size: len(buf), Limit: workbook.MaxSessionBytes, Unit: "bytes as JSON"}
	}
	return s.update(func(r *rtx) error {
		b := r.tx.Bucket(bucketTemplates)
		key := []byte(t.Ref())
		if old := b.Get(key); old != nil {
			if !replace {
				return fileErr(s.path, KindTemplateExists, "template %s is already in %s", t.Ref(), s.path)
			}
			r.state.Templates.remove(storedSum(old))
		}
		v, crc := frame(bucketTemplates, key, buf)
		r.state.Templates.add(crc)
		if err := b.Put(key, v); err != nil {
			return err
		}
		return r.putState()
	})
}

// Templates returns the templates stored in the file, by id then version,
// each checksum verified and all of them matched against the digest the
// last save recorded.
func (s *Store) Templates() ([]*workbook.Template, error) {
	var out []*workbook.Template
	err := s.view(func(r *rtx) error {
		var d digest
		err := r.tx.Bucket(bucketTemplates).ForEach(func(k, v []byte) error {
			t, crc, err := r.getTemplate(k, v)
			if err != nil {
				return err
			}
			d.add(crc)
			out = append(out, t)
			return nil
		})
		if err != nil {
			return err
		}
		if r.schema >= 2 && d != r.state.Templates {
			return corruptErr(s.path, fmt.Sprintf("the stored templates do not match what the last save recorded (%d read, %d recorded)", d.Count, r.state.Templates.Count))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].ID != out[j].ID {
			return out[i].ID < out[j].ID
		}
		return out[i].Version < out[j].Version
	})
	return out, nil
}

// DeleteTemplate removes a stored template version.
func (s *Store) DeleteTemplate(ref string) error {
	return s.update(func(r *rtx) error {
		b := r.tx.Bucket(bucketTemplates)
		old := b.Get([]byte(ref))
		if old == nil {
			return fmt.Errorf("template %s: %w", ref, workbook.ErrNotFound)
		}
		r.state.Templates.remove(storedSum(old))
		if err := b.Delete([]byte(ref)); err != nil {
			return err
		}
		return r.putState()
	})
}
