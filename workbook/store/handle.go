package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"edtech-workbook/workbook"
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

// dbFile is a Store's bbolt handle on its workbook file, opened for an
// operation and let go when operations stop (see idleRelease). Each Store
// has its own: the rule is one Store per file per process, shared by every
// caller (the app's commands share the one it was started with). bbolt's
// flock conflicts between two handles even within one process, so a second
// Store on the same file waits for the first to let go (at most
// idleRelease, then maxHold), as another process would; that is how Doctor,
// RestoreBackup and a backup's check work beside an open Store.
type dbFile struct {
	path string

	mu       sync.Mutex // serialises operations and guards the fields below
	db       *bolt.DB
	file     *os.File // db's file
	readOnly bool     // db holds a shared lock; a write reopens it exclusively
	// full is the full page check of a handle that can write, run in the
	// background from its open (see acquire); the first write waits for it.
	full    *fullCheck
	since   time.Time
	lastUse time.Time
	idle    *time.Timer
}

// access is what an operation needs of the file.
type access int

const (
	accRead   access = iota // a shared lock; the file must exist
	accWrite                // the exclusive lock; the file must exist
	accCreate               // the exclusive lock, creating the file if it is missing (Open in ReadWrite mode only)
	accHold                 // a read under the exclusive lock, taken for the writes to come (OpenToWrite)
)

// fullCheck is the full page check of a handle that can write: every page,
// so no page a write frees or reuses is one bbolt could misread. A reader
// needs less (checkRead, done before the handle is used at all), so the
// full check runs in the background while the first operations read, and
// the first write waits for it.
type fullCheck struct {
	done chan struct{} // closed when err is set
	err  error
}

// do runs fn with a handle that can write (accWrite, accCreate) or at least
// read. Reads take a shared lock, so several readers in several processes
// coexist.
func (f *dbFile) do(acc access, fn func(db *bolt.DB) error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.acquire(acc); err != nil {
		return err
	}
	write := acc == accWrite || acc == accCreate
	if write {
		<-f.full.done
		if err := f.full.err; err != nil {
			f.release()
			return err
		}
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
	for _, v := range []error{workbook.ErrNotFound, workbook.ErrConflict, workbook.ErrTooLarge, ErrNewerFile} {
		if errors.Is(err, v) {
			return true
		}
	}
	return false
}

// acquire opens the file if no handle fit for acc is open. Every open
// checks what the path names (a regular file, never a device or a FIFO,
// never waited on), that it is the file the path still names once locked (a
// restore may have replaced it), and its page structure (checkPages), so no
// operation ever runs on a file whose pages bbolt could misread.
func (f *dbFile) acquire(acc access) error {
	write := acc != accRead
	if f.db != nil && (!write || !f.readOnly) {
		return nil
	}
	f.release()
	for attempt := 0; ; attempt++ {
		fi, exists, err := statWorkbook(f.path)
		if err != nil {
			return err
		}
		switch {
		case !exists && acc != accCreate:
			return fileErr(f.path, KindGone, "workbook file %s does not exist (it was moved or deleted)", f.path)
		case exists && fi.Size() == 0 && acc != accCreate:
			// bbolt would write a new, empty workbook into it.
			return corruptErr(f.path, "it is empty")
		}
		db, file, err := openBolt(f.path, !write, acc == accCreate, lockTimeout)
		if err != nil {
			return err
		}
		if replaced(f.path, file) && attempt < 3 {
			_ = db.Close()
			continue
		}
		// Every page but the sessions' leaves is checked before anything
		// reads; a handle that can write has all of them checked too (a
		// writer may free and reuse any page), in the background, before
		// its first write (see do).
		w, err := checkOpenWalk(f.path, file, checkRead)
		if err != nil {
			_ = db.Close()
			return err
		}
		if write {
			fc := &fullCheck{done: make(chan struct{})}
			go func() {
				defer close(fc.done)
				fc.err = completeOpenWalk(f.path, file, w) // the rest of the walk: every leaf
			}()
			f.full = fc
		}
		if !exists {
			syncDir(filepath.Dir(f.path)) // make the new file's name durable
		}
		f.db, f.file, f.readOnly, f.since = db, file, !write, time.Now()
		return nil
	}
}

// openBolt opens a workbook file with bbolt through openRegular (so a FIFO
// or a device is refused at once), creating it only when create is set.
func openBolt(path string, readOnly, create bool, timeout time.Duration) (*bolt.DB, *os.File, error) {
	var db *bolt.DB
	var file *os.File // bbolt's own handle, kept so a panic in Open cannot leak it (and its lock)
	openFile := func(name string, flag int, mode os.FileMode) (*os.File, error) {
		if !create {
			flag &^= os.O_CREATE
		}
		fh, err := openRegular(name, flag, mode)
		if err != nil {
			return nil, err
		}
		file = fh
		return fh, nil
	}
	err := guarded(path, func() (err error) {
		// A read-only handle never loads the freelist: nothing it does needs
		// it (bbolt's own Check, which would, is never called), and at
		// 10,000 sessions loading it costs more than the rest of `list`.
		// checkPages checks the freelist page of every open; a writer
		// loads it here, where a damaged one is caught.
		db, err = bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout, ReadOnly: readOnly, OpenFile: openFile})
		if err != nil {
			return wrapOpenErr(path, err)
		}
		return nil
	})
	if err != nil {
		if db == nil && file != nil {
			_ = file.Close() // closing an already closed *os.File is a no-op error
		}
		return nil, nil, err
	}
	return db, file, nil
}

// replaced reports whether path now names another file than the one db
// holds: a restore renamed a new file into place between our open and our lock.
func replaced(path string, file *os.File) bool {
	cur, err := os.Stat(path)
	if err != nil {
		return false
	}
	held, err := file.Stat()
	return err == nil && !os.SameFile(cur, held)
}

// checkOpenPages runs checkPages on an open handle's file.
func checkOpenPages(path string, file *os.File, mode checkMode) error {
	_, err := checkOpenWalk(path, file, mode)
	return err
}

// completeOpenWalk completes the checkRead walk w of an open handle's file
// to a checkFull one (pageWalk.completeFull), with plain reads of file.
func completeOpenWalk(path string, file *os.File, w *pageWalk) error {
	return guarded(path, func() error {
		if err := w.completeFull(file); err != nil {
			return corruptErr(path, err)
		}
		return nil
	})
}

// checkOpenWalk is checkOpenPages; it returns the walk.
func checkOpenWalk(path string, file *os.File, mode checkMode) (*pageWalk, error) {
	fi, err := file.Stat()
	if err != nil {
		return nil, fileErr(path, KindNoAccess, "workbook file %s cannot be read (%v)", path, err)
	}
	// An open for reading reads a thousand scattered pages of a large file:
	// through a map of the file a fault brings in a run of pages where plain
	// reads make a system call each. The full check reads the start of every
	// page, where a fault per page costs more than a read.
	var r io.ReaderAt = file
	if mode == checkRead {
		if m, done, ok := mapFile(file, fi.Size()); ok {
			defer done()
			r = m
		}
	}
	var w *pageWalk
	err = guarded(path, func() error {
		var err error
		if w, err = walkPages(r, fi.Size(), mode); err != nil {
			return corruptErr(path, err)
		}
		return nil
	})
	return w, err
}

// endFullCheck waits for the full check in the background, if any, and
// forgets it: it reads the file bbolt is about to close.
func (f *dbFile) endFullCheck() {
	if f.full != nil {
		<-f.full.done
		f.full = nil
	}
}

func (f *dbFile) release() {
	f.endFullCheck()
	if f.db != nil {
		_ = f.db.Close() // a read handle has nothing to flush; writes were committed
		f.db, f.file = nil, nil
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
	f.endFullCheck()
	if f.db == nil {
		return nil
	}
	err := f.db.Close()
	f.db, f.file = nil, nil
	if err != nil {
		return fmt.Errorf("workbook file %s did not close cleanly: %w", f.path, err)
	}
	return nil
}
