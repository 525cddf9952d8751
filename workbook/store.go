package workbook

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// SchemaVersion is the layout of the workbook file this build writes.
// Bump it with a migration in migrate.go.
const SchemaVersion = 1

// currentSchema is SchemaVersion as the store uses it; tests raise it to
// exercise a migration without changing the constant other packages see.
var currentSchema uint64 = SchemaVersion

var (
	bucketMeta      = []byte("meta")      // schema_version -> uint64 BE
	bucketSessions  = []byte("sessions")  // session id -> Session JSON
	bucketIndex     = []byte("index")     // session id -> Summary JSON (fast list)
	bucketTemplates = []byte("templates") // "id@version" -> Template JSON
	keySchema       = []byte("schema_version")
)

// Errors callers can test with errors.Is.
var (
	ErrNotFound  = errors.New("not found")
	ErrConflict  = errors.New("changed by someone else since it was loaded")
	ErrInUse     = errors.New("in use by another edtech-workbook")
	ErrNewerFile = errors.New("written by a newer edtech-workbook")
	ErrCorrupt   = errors.New("damaged")
	ErrTooLarge  = errors.New("too large")
)

// lockTimeout bounds how long an operation waits for another process's lock.
const lockTimeout = time.Second

// Store keeps sessions and templates in one bbolt file. It holds the file
// only while operations keep coming (see dbFile), so `list` and `export`
// from another terminal work while the app is open; two writers take turns.
type Store struct {
	path string
	f    *dbFile
	now  func() time.Time
}

// Summary is what the home screen and `list` show of a session.
type Summary struct {
	ID          string    `json:"id"`
	Team        string    `json:"team"`
	District    string    `json:"district"`
	SchoolYear  string    `json:"school_year"`
	TemplateRef string    `json:"template"`
	Progress    int       `json:"progress"` // percent
	Updated     time.Time `json:"updated"`
	Revision    int       `json:"revision"`
}

// Open prepares the workbook file at path (creating it, 0600, with its
// folder) and runs any migrations. It refuses a file from a newer schema and
// never writes to a file that is current, newer or damaged.
func Open(path string) (*Store, error) {
	s := &Store{path: path, f: fileFor(path), now: time.Now}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the folder for workbook file %s: %w", path, err)
	}
	if err := s.prepare(); err != nil {
		return nil, err
	}
	return s, nil
}

// Path is the workbook file's path.
func (s *Store) Path() string { return s.path }

// SetClock replaces the clock (tests).
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// Close lets go of the file now instead of after the idle delay. The Store
// stays usable: the next operation opens the file again.
func (s *Store) Close() error { return s.f.close() }

func corruptErr(path string, what any) error {
	return fmt.Errorf("workbook file %s is %w (%v); run `edtech-workbook doctor` to check it and `edtech-workbook doctor --restore` to go back to the last backup", path, ErrCorrupt, what)
}

func wrapOpenErr(path string, err error) error {
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return fmt.Errorf("workbook file %s is %w; close it or pass --db", path, ErrInUse)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum),
		errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrInvalidMapping):
		return fmt.Errorf("workbook file %s is %w or not a workbook file (%v); run `edtech-workbook doctor --restore` or pass another --db", path, ErrCorrupt, err)
	}
	if errors.Is(err, syscall.EROFS) || errors.Is(err, os.ErrPermission) {
		return fmt.Errorf("workbook file %s cannot be written because it or its disk is read-only (%v); fix its permissions or pass another --db", path, err)
	}
	return fmt.Errorf("workbook file %s cannot be opened (%v); check its permissions or pass another --db", path, err)
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
	fi, err := os.Stat(path)
	if err == nil && fi.Size() < tx.Size() {
		return corruptErr(path, fmt.Sprintf("%d bytes, expected at least %d: truncated", fi.Size(), tx.Size()))
	}
	return nil
}

// view runs fn in a read-only transaction.
func (s *Store) view(fn func(tx *bolt.Tx) error) error {
	return s.f.do(false, func(db *bolt.DB) error {
		return guarded(s.path, func() error {
			return db.View(func(tx *bolt.Tx) error {
				if err := checkTx(tx, s.path); err != nil {
					return err
				}
				if err := checkSchema(tx, s.path); err != nil {
					return err
				}
				return fn(tx)
			})
		})
	})
}

// update runs fn in one read-write transaction.
func (s *Store) update(fn func(tx *bolt.Tx) error) error {
	return s.f.do(true, func(db *bolt.DB) error {
		return saveErr(s.path, guarded(s.path, func() error {
			return db.Update(func(tx *bolt.Tx) error {
				if err := checkTx(tx, s.path); err != nil {
					return err
				}
				if err := checkSchema(tx, s.path); err != nil {
					return err
				}
				return fn(tx)
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
		return fmt.Errorf("workbook file %s could not be saved because it is read-only (%s); fix its permissions or pass --db: %w", path, kept, err)
	}
	return err
}

func newerErr(path string, got uint64) error {
	return fmt.Errorf("workbook file %s was %w (schema %d; this build reads up to %d); update edtech-workbook", path, ErrNewerFile, got, currentSchema)
}

// readSchema returns the file's schema version; 0 for a file without a meta
// bucket (brand new, or from before schema versions).
func readSchema(tx *bolt.Tx, path string) (uint64, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		if tx.Bucket(bucketSessions) == nil && hasBuckets(tx) {
			return 0, fmt.Errorf("workbook file %s is not an edtech-workbook file; pass another --db", path)
		}
		return 0, nil
	}
	v := meta.Get(keySchema)
	if len(v) != 8 {
		return 0, corruptErr(path, "bad schema version")
	}
	return binary.BigEndian.Uint64(v), nil
}

func checkSchema(tx *bolt.Tx, path string) error {
	got, err := readSchema(tx, path)
	switch {
	case err != nil:
		return err
	case got > currentSchema:
		return newerErr(path, got)
	case got < currentSchema:
		return fmt.Errorf("workbook file %s needs upgrading (schema %d); open it with edtech-workbook first", path, got)
	}
	return nil
}

func hasBuckets(tx *bolt.Tx) bool {
	found := false
	_ = tx.ForEach(func(name []byte, _ *bolt.Bucket) error { found = true; return nil })
	return found
}

func itob(v uint64) []byte { b := make([]byte, 8); binary.BigEndian.PutUint64(b, v); return b }

// NewID returns a random id for a session, member, step or comment.
func NewID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b[:])
}

func decodeSession(v []byte) (*Session, error) {
	var sess Session
	if err := json.Unmarshal(v, &sess); err != nil {
		return nil, err
	}
	return &sess, nil
}

// encodeSession checks the limits and returns the session's JSON and its
// list entry's JSON.
func encodeSession(sess *Session) (buf, sum []byte, err error) {
	if buf, err = json.Marshal(sess); err != nil {
		return nil, nil, fmt.Errorf("session %s cannot be encoded: %w", sess.ID, err)
	}
	if err := checkLimitsEncoded(sess, buf); err != nil {
		return nil, nil, err
	}
	if sum, err = json.Marshal(Summarize(sess)); err != nil {
		return nil, nil, fmt.Errorf("session %s cannot be encoded: %w", sess.ID, err)
	}
	return buf, sum, nil
}

func putEncoded(tx *bolt.Tx, id string, buf, sum []byte) error {
	if err := tx.Bucket(bucketSessions).Put([]byte(id), buf); err != nil {
		return err
	}
	return tx.Bucket(bucketIndex).Put([]byte(id), sum)
}

// Summarize builds the list entry of a session.
func Summarize(sess *Session) Summary {
	return Summary{
		ID: sess.ID, Team: sess.Team, District: sess.District, SchoolYear: sess.SchoolYear,
		TemplateRef: sess.Template.Ref(), Progress: ComputeProgress(sess).Overall,
		Updated: sess.Updated, Revision: sess.Revision,
	}
}

// Create stores a new session. It fills in the id (if empty), the
// timestamps and revision 1, and returns the stored copy.
func (s *Store) Create(sess *Session) (*Session, error) {
	c := *sess
	if c.ID == "" {
		c.ID = NewID()
	}
	now := s.now().UTC().Truncate(time.Second)
	if c.Created.IsZero() {
		c.Created = now
	}
	c.Updated = now
	c.Revision = 1
	buf, sum, err := encodeSession(&c)
	if err != nil {
		return nil, err
	}
	err = s.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketSessions).Get([]byte(c.ID)) != nil {
			return fmt.Errorf("session %s already exists in %s; import it with another id", c.ID, s.path)
		}
		return putEncoded(tx, c.ID, buf, sum)
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// Get reads one session by id.
func (s *Store) Get(id string) (*Session, error) {
	var out *Session
	err := s.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketSessions).Get([]byte(id))
		if v == nil {
			return fmt.Errorf("session %s: %w", id, ErrNotFound)
		}
		var err error
		out, err = decodeSession(v)
		if err != nil {
			return corruptErr(s.path, fmt.Sprintf("session %s: %v", id, err))
		}
		return nil
	})
	return out, err
}

// List returns every session's summary, most recently changed first.
func (s *Store) List() ([]Summary, error) {
	var out []Summary
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketIndex).ForEach(func(k, v []byte) error {
			var sum Summary
			if err := json.Unmarshal(v, &sum); err != nil {
				return corruptErr(s.path, fmt.Sprintf("list entry of session %s: %v", k, err))
			}
			out = append(out, sum)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Updated.Equal(out[j].Updated) {
			return out[i].Updated.After(out[j].Updated)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// storedRevision reads a session's revision from its small list entry,
// falling back to the session itself; decoding 50 KB per save would cost
// more than the rest of the save.
func storedRevision(tx *bolt.Tx, path, id string) (int, error) {
	var rev struct {
		Revision int `json:"revision"`
	}
	v := tx.Bucket(bucketIndex).Get([]byte(id))
	if v == nil || json.Unmarshal(v, &rev) != nil {
		v = tx.Bucket(bucketSessions).Get([]byte(id))
		if v == nil {
			return 0, fmt.Errorf("session %s: %w", id, ErrNotFound)
		}
		if err := json.Unmarshal(v, &rev); err != nil {
			return 0, corruptErr(path, fmt.Sprintf("session %s: %v", id, err))
		}
	} else if tx.Bucket(bucketSessions).Get([]byte(id)) == nil {
		return 0, fmt.Errorf("session %s: %w", id, ErrNotFound)
	}
	return rev.Revision, nil
}

// Update saves sess in one transaction. sess.Revision must be the revision it
// was loaded at; if someone saved since, Update returns ErrConflict and
// writes nothing. On success it returns the stored copy (revision + 1).
func (s *Store) Update(sess *Session) (*Session, error) {
	c := *sess
	c.Revision++
	c.Updated = s.now().UTC().Truncate(time.Second)
	// Encode outside the transaction: it is the slow part and needs no lock.
	buf, sum, err := encodeSession(&c)
	if err != nil {
		return nil, err
	}
	err = s.update(func(tx *bolt.Tx) error {
		stored, err := storedRevision(tx, s.path, c.ID)
		if err != nil {
			return err
		}
		if stored != sess.Revision {
			return fmt.Errorf("session %q was %w (revision %d, you had %d); it has been reloaded", c.Team, ErrConflict, stored, sess.Revision)
		}
		return putEncoded(tx, c.ID, buf, sum)
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// Put stores sess as given (id, timestamps and revision kept), replacing any
// session with the same id. Import uses it.
func (s *Store) Put(sess *Session) error {
	buf, sum, err := encodeSession(sess)
	if err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error { return putEncoded(tx, sess.ID, buf, sum) })
}

// Delete removes a session.
func (s *Store) Delete(id string) error {
	return s.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketSessions).Get([]byte(id)) == nil {
			return fmt.Errorf("session %s: %w", id, ErrNotFound)
		}
		if err := tx.Bucket(bucketSessions).Delete([]byte(id)); err != nil {
			return err
		}
		return tx.Bucket(bucketIndex).Delete([]byte(id))
	})
}

// PutTemplate stores a template version. It refuses to replace an existing
// id+version unless replace is set.
func (s *Store) PutTemplate(t *Template, replace bool) error {
	if err := checkTemplateLimits(t); err != nil {
		return err
	}
	buf, err := json.Marshal(t)
	if err != nil {
		return fmt.Errorf("template %s cannot be encoded: %w", t.Ref(), err)
	}
	if len(buf) > MaxSessionBytes {
		return &LimitError{Field: fmt.Sprintf("template %s", t.Ref()), Size: len(buf), Limit: MaxSessionBytes, Unit: "bytes as JSON"}
	}
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTemplates)
		if !replace && b.Get([]byte(t.Ref())) != nil {
			return fmt.Errorf("template %s is already in %s; pass --replace to overwrite it", t.Ref(), s.path)
		}
		return b.Put([]byte(t.Ref()), buf)
	})
}

// Templates returns the templates stored in the file, by id then version.
func (s *Store) Templates() ([]*Template, error) {
	var out []*Template
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketTemplates).ForEach(func(k, v []byte) error {
			var t Template
			if err := json.Unmarshal(v, &t); err != nil {
				return corruptErr(s.path, fmt.Sprintf("template %s: %v", k, err))
			}
			out = append(out, &t)
			return nil
		})
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
	return s.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketTemplates).Get([]byte(ref)) == nil {
			return fmt.Errorf("template %s: %w", ref, ErrNotFound)
		}
		return tx.Bucket(bucketTemplates).Delete([]byte(ref))
	})
}

// Check runs bbolt's consistency check and decodes every record; it returns
// every problem found (nil when the file is clean). Each problem wraps
// ErrCorrupt, except when the file cannot be looked at (for example in use).
func (s *Store) Check() []error {
	var problems []error
	err := s.f.do(false, func(db *bolt.DB) error {
		return guarded(s.path, func() error {
			return db.View(func(tx *bolt.Tx) error {
				if err := checkTx(tx, s.path); err != nil {
					return err
				}
				if _, err := readSchema(tx, s.path); err != nil {
					return err
				}
				problems = checkRecords(tx, s.path, nil, true)
				return nil
			})
		})
	})
	if err != nil {
		problems = append(problems, err)
	}
	return problems
}

// recordCounts is what checkRecords found.
type recordCounts struct{ sessions, templates int }

// checkRecords decodes every record and then runs bbolt's page check. The
// decoding pass goes first and in this goroutine, where guarded turns a
// fault on a damaged page into an error: bbolt runs its own check in a
// goroutine of its own, where a fault would end the process.
//
// Without decode, sessions and templates are walked (every page touched) but
// not decoded, only list entries are: ten times cheaper on a big file, and
// enough to find damaged pages; Doctor and Check decode everything.
func checkRecords(tx *bolt.Tx, path string, counts *recordCounts, decode bool) []error {
	var problems []error
	bad := func(format string, args ...any) {
		problems = append(problems, corruptErr(path, fmt.Sprintf(format, args...)))
	}
	err := guarded(path, func() error {
		sessions, index, templates := tx.Bucket(bucketSessions), tx.Bucket(bucketIndex), tx.Bucket(bucketTemplates)
		if sessions == nil || index == nil || templates == nil {
			bad("a bucket is missing")
			return nil
		}
		_ = sessions.ForEach(func(k, v []byte) error {
			if counts != nil {
				counts.sessions++
			}
			if !decode {
				// Cheap stand-in for decoding: a record cut short or
				// overwritten at either end no longer looks like an object.
				if len(v) < 2 || v[0] != '{' || v[len(v)-1] != '}' {
					bad("session %s cannot be read: it is not a JSON object", k)
				}
			} else if _, err := decodeSession(v); err != nil {
				bad("session %s cannot be read: %v", k, err)
			}
			if index.Get(k) == nil {
				bad("session %s has no list entry", k)
			}
			return nil
		})
		_ = index.ForEach(func(k, v []byte) error {
			var sum Summary
			if err := json.Unmarshal(v, &sum); err != nil {
				bad("list entry of session %s cannot be read: %v", k, err)
			} else if sessions.Get(k) == nil {
				bad("list entry %s has no session", k)
			}
			return nil
		})
		_ = templates.ForEach(func(k, v []byte) error {
			if counts != nil {
				counts.templates++
			}
			if !decode {
				return nil
			}
			var t Template
			if err := json.Unmarshal(v, &t); err != nil {
				bad("template %s cannot be read: %v", k, err)
			}
			return nil
		})
		return nil
	})
	if err != nil {
		// The tree itself is broken; bbolt's check could fault on it.
		return append(problems, err)
	}
	for err := range tx.Check() {
		problems = append(problems, corruptErr(path, err))
	}
	return problems
}

// Backup writes a consistent copy of the file to path (0600), atomically.
func (s *Store) Backup(path string) error {
	return s.view(func(tx *bolt.Tx) error {
		return writeAtomic(path, func(f *os.File) error { _, err := tx.WriteTo(f); return err }, nil)
	})
}

// lastTxID reads the id of the last committed transaction of a bbolt file,
// or false when the file is missing, locked or unreadable.
func lastTxID(path string) (id int, ok bool) {
	if _, err := os.Stat(path); err != nil {
		return 0, false
	}
	err := guarded(path, func() error {
		db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: 50 * time.Millisecond})
		if err != nil {
			return err
		}
		defer db.Close()
		return db.View(func(tx *bolt.Tx) error { id = tx.ID(); return nil })
	})
	return id, err == nil
}

// PreviousBackupPath is where SnapshotBackup moves the backup it replaces.
func PreviousBackupPath(path string) string { return BackupPath(path) + ".1" }

// SnapshotBackup replaces BackupPath (keeping the one before as
// PreviousBackupPath) with a copy of the file, after checking that the file
// is clean: a damaged file must never overwrite a good backup. The app calls
// it once when it opens the file.
//
// A backup whose last transaction id equals the file's is already a copy
// of it, so reopening an unchanged file copies nothing. (Comparing mtimes
// is not enough: a save in the same clock tick as the backup looks "older".)
func (s *Store) SnapshotBackup() error {
	bakTx, haveBak := lastTxID(BackupPath(s.path))
	return s.view(func(tx *bolt.Tx) error {
		if haveBak && bakTx == tx.ID() {
			return nil
		}
		if problems := checkRecords(tx, s.path, nil, false); len(problems) > 0 {
			return fmt.Errorf("the backup %s was left as it is because %w", BackupPath(s.path), problems[0])
		}
		bak := BackupPath(s.path)
		rotate := func() error {
			// Only once the new copy is complete on disk.
			if err := os.Rename(bak, PreviousBackupPath(s.path)); err != nil && !os.IsNotExist(err) {
				return err
			}
			return nil
		}
		return writeAtomic(bak, func(f *os.File) error { _, err := tx.WriteTo(f); return err }, rotate)
	})
}
