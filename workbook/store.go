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
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// SchemaVersion is the layout of the workbook file this build writes.
// Bump it with a migration in migrations.go.
const SchemaVersion = 1

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
)

// lockTimeout bounds how long an operation waits for another process's lock.
const lockTimeout = time.Second

// Store keeps sessions and templates in one bbolt file. It holds the file
// only for the length of each operation, so `list` and `export` from another
// terminal work while the app is open; two writers take turns.
type Store struct {
	path string
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
// folder) and runs any migrations. It refuses a file from a newer schema.
func Open(path string) (*Store, error) {
	s := &Store{path: path, now: time.Now}
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

func (s *Store) open(readOnly bool) (*bolt.DB, error) {
	if readOnly {
		if _, err := os.Stat(s.path); err != nil {
			return nil, fmt.Errorf("workbook file %s cannot be read: %w", s.path, err)
		}
	}
	db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: lockTimeout, ReadOnly: readOnly})
	if err != nil {
		return nil, s.wrapOpenErr(err)
	}
	return db, nil
}

func (s *Store) wrapOpenErr(err error) error {
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return fmt.Errorf("workbook file %s is %w; close it or pass --db", s.path, ErrInUse)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
		return fmt.Errorf("workbook file %s is %w (%v); run `edtech-workbook doctor --restore`", s.path, ErrCorrupt, err)
	}
	return fmt.Errorf("workbook file %s cannot be opened: %w", s.path, err)
}

// view runs fn in a read-only transaction on a freshly opened handle.
func (s *Store) view(fn func(tx *bolt.Tx) error) (err error) {
	db, err := s.open(true)
	if err != nil {
		return err
	}
	defer db.Close()
	defer recoverCorrupt(s.path, &err)
	return db.View(func(tx *bolt.Tx) error {
		if err := checkSchema(tx, s.path); err != nil {
			return err
		}
		return fn(tx)
	})
}

// update runs fn in one read-write transaction on a freshly opened handle.
func (s *Store) update(fn func(tx *bolt.Tx) error) (err error) {
	db, err := s.open(false)
	if err != nil {
		return err
	}
	defer db.Close()
	defer recoverCorrupt(s.path, &err)
	return db.Update(func(tx *bolt.Tx) error {
		if err := checkSchema(tx, s.path); err != nil {
			return err
		}
		return fn(tx)
	})
}

// recoverCorrupt turns a bbolt panic on a damaged page into an error.
func recoverCorrupt(path string, err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("workbook file %s is %w (%v); run `edtech-workbook doctor --restore`", path, ErrCorrupt, r)
	}
}

func checkSchema(tx *bolt.Tx, path string) error {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return fmt.Errorf("workbook file %s is not an edtech-workbook file (no meta bucket); pass another --db", path)
	}
	v := meta.Get(keySchema)
	if len(v) != 8 {
		return fmt.Errorf("workbook file %s is %w (bad schema version); run `edtech-workbook doctor --restore`", path, ErrCorrupt)
	}
	if got := binary.BigEndian.Uint64(v); got > SchemaVersion {
		return fmt.Errorf("workbook file %s was %w (schema %d; this build reads up to %d); update edtech-workbook", path, ErrNewerFile, got, SchemaVersion)
	}
	return nil
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

func putSession(tx *bolt.Tx, sess *Session) error {
	buf, err := json.Marshal(sess)
	if err != nil {
		return err
	}
	sum, err := json.Marshal(Summarize(sess))
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucketSessions).Put([]byte(sess.ID), buf); err != nil {
		return err
	}
	return tx.Bucket(bucketIndex).Put([]byte(sess.ID), sum)
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
	err := s.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketSessions).Get([]byte(c.ID)) != nil {
			return fmt.Errorf("session %s already exists", c.ID)
		}
		return putSession(tx, &c)
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
			return fmt.Errorf("session %s in %s is %w (%v); run `edtech-workbook doctor --restore`", id, s.path, ErrCorrupt, err)
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
				return fmt.Errorf("the list entry of session %s in %s is %w (%v); run `edtech-workbook doctor --restore`", k, s.path, ErrCorrupt, err)
			}
			out = append(out, sum)
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Updated.Equal(out[j].Updated) {
			return out[i].Updated.After(out[j].Updated)
		}
		return out[i].ID < out[j].ID
	})
	return out, err
}

// Update saves sess in one transaction. sess.Revision must be the revision it
// was loaded at; if someone saved since, Update returns ErrConflict and
// writes nothing. On success it returns the stored copy (revision + 1).
func (s *Store) Update(sess *Session) (*Session, error) {
	c := *sess
	err := s.update(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketSessions).Get([]byte(c.ID))
		if v == nil {
			return fmt.Errorf("session %s: %w", c.ID, ErrNotFound)
		}
		var stored struct {
			Revision int `json:"revision"`
		}
		if err := json.Unmarshal(v, &stored); err != nil {
			return fmt.Errorf("session %s in %s is %w (%v)", c.ID, s.path, ErrCorrupt, err)
		}
		if stored.Revision != c.Revision {
			return fmt.Errorf("session %q was %w (revision %d, you had %d); it has been reloaded", c.Team, ErrConflict, stored.Revision, c.Revision)
		}
		c.Revision++
		c.Updated = s.now().UTC().Truncate(time.Second)
		return putSession(tx, &c)
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// Put stores sess as given (id, timestamps and revision kept), replacing any
// session with the same id. Import uses it.
func (s *Store) Put(sess *Session) error {
	return s.update(func(tx *bolt.Tx) error { return putSession(tx, sess) })
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
	buf, err := json.Marshal(t)
	if err != nil {
		return err
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
				return fmt.Errorf("template %s in %s is %w (%v)", k, s.path, ErrCorrupt, err)
			}
			out = append(out, &t)
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].ID != out[j].ID {
			return out[i].ID < out[j].ID
		}
		return out[i].Version < out[j].Version
	})
	return out, err
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
// every problem found (nil when the file is clean).
func (s *Store) Check() []error {
	var problems []error
	err := s.view(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			problems = append(problems, err)
		}
		if len(problems) > 0 {
			return nil // decoding damaged pages could panic
		}
		return tx.Bucket(bucketSessions).ForEach(func(k, v []byte) error {
			if _, err := decodeSession(v); err != nil {
				problems = append(problems, fmt.Errorf("session %s: %v", k, err))
			}
			if tx.Bucket(bucketIndex).Get(k) == nil {
				problems = append(problems, fmt.Errorf("session %s has no list entry", k))
			}
			return nil
		})
	})
	if err != nil {
		problems = append(problems, err)
	}
	return problems
}

// Backup writes a consistent copy of the file to path (0600).
func (s *Store) Backup(path string) error {
	return s.view(func(tx *bolt.Tx) error { return tx.CopyFile(path, 0o600) })
}
