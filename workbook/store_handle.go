package workbook

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// How long this process keeps the file after its last operation, and at most
// in one stretch. Measured here (go test -bench, 2-CPU VM): opening costs
// ~50 µs, a save of a 50 KB session ~1-3 ms, nearly all of it bbolt's two
// fdatasyncs; so keeping the handle saves little per save but does let a
// burst (Get, Update, List after one answer; an import) share one open.
// The cost is that another process waits for our release: it retries its
// lock every 50 ms for up to lockTimeout (1 s), so idleRelease is kept short,
// and maxHold releases the handle after an operation once it has been held
// for 500 ms, so a steady stream of human-paced saves (gaps well over 50 ms)
// cannot shut another terminal's `list` or `export` out.
const (
	idleRelease = 100 * time.Millisecond
	maxHold     = 500 * time.Millisecond
)

// dbFile is this process's one bbolt handle on a workbook file, shared by
// every Store opened on the same path: bbolt's flock conflicts even within
// one process, so two handles would wait on each other.
type dbFile struct {
	path string

	mu       sync.Mutex // serialises operations and guards the fields below
	db       *bolt.DB
	readOnly bool // db holds a shared lock; a write reopens it exclusively
	since    time.Time
	lastUse  time.Time
	idle     *time.Timer
}

var (
	filesMu sync.Mutex
	files   = map[string]*dbFile{}
)

func fileFor(path string) *dbFile {
	key := filepath.Clean(path)
	if abs, err := filepath.Abs(path); err == nil {
		key = abs
	}
	filesMu.Lock()
	defer filesMu.Unlock()
	f := files[key]
	if f == nil {
		f = &dbFile{path: path}
		files[key] = f
	}
	return f
}

// do runs fn with a handle that can write (write) or at least read. Reads
// take a shared lock, so several readers in several processes coexist.
func (f *dbFile) do(write bool, fn func(db *bolt.DB) error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.acquire(write); err != nil {
		return err
	}
	err := fn(f.db)
	f.lastUse = time.Now()
	if failedWrite := write && err != nil && !isVerdict(err); failedWrite || errors.Is(err, ErrCorrupt) || f.lastUse.Sub(f.since) >= maxHold {
		f.release() // a handle that met damage or an I/O error is not reused
		return err
	}
	if f.idle == nil {
		f.idle = time.AfterFunc(idleRelease, f.releaseIfIdle)
	} else {
		f.idle.Reset(idleRelease)
	}
	return err
}

// isVerdict reports whether err is the store's answer about the data (not
// found, conflict, too large...) rather than trouble with the file.
func isVerdict(err error) bool {
	for _, v := range []error{ErrNotFound, ErrConflict, ErrTooLarge, ErrNewerFile} {
		if errors.Is(err, v) {
			return true
		}
	}
	return false
}

func (f *dbFile) acquire(write bool) error {
	if f.db != nil && (!write || !f.readOnly) {
		return nil
	}
	f.release()
	_, statErr := os.Stat(f.path)
	if !write && statErr != nil {
		return fmt.Errorf("workbook file %s cannot be read (%v); check the path or pass --db", f.path, statErr)
	}
	var db *bolt.DB
	var file *os.File // bbolt's own handle, kept so a panic in Open cannot leak it (and its lock)
	openFile := func(name string, flag int, mode os.FileMode) (*os.File, error) {
		fh, err := os.OpenFile(name, flag, mode)
		file = fh
		return fh, err
	}
	err := guarded(f.path, func() (err error) {
		// PreLoadFreelist reads a read-only handle's freelist here, where a
		// damaged one is caught, rather than in bbolt's check goroutine.
		db, err = bolt.Open(f.path, 0o600, &bolt.Options{Timeout: lockTimeout, ReadOnly: !write, PreLoadFreelist: true, OpenFile: openFile})
		if err != nil {
			return wrapOpenErr(f.path, err)
		}
		return nil
	})
	if err != nil {
		if db == nil && file != nil {
			_ = file.Close() // closing an already closed *os.File is a no-op error
		}
		return err
	}
	if os.IsNotExist(statErr) {
		syncDir(filepath.Dir(f.path)) // make the new file's name durable
	}
	f.db, f.readOnly, f.since = db, !write, time.Now()
	return nil
}

func (f *dbFile) release() {
	if f.db != nil {
		_ = f.db.Close() // a read handle has nothing to flush; writes were committed
		f.db = nil
	}
}

func (f *dbFile) releaseIfIdle() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.db == nil {
		return
	}
	if d := time.Since(f.lastUse); d < idleRelease {
		f.idle.Reset(idleRelease - d)
		return
	}
	f.release()
}

func (f *dbFile) close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.idle != nil {
		f.idle.Stop()
	}
	if f.db == nil {
		return nil
	}
	err := f.db.Close()
	f.db = nil
	if err != nil {
		return fmt.Errorf("workbook file %s did not close cleanly: %w", f.path, err)
	}
	return nil
}
