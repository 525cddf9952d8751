package store

import (
	"errors"

	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// outputBatch is how many files an OutputFolder writes before it makes them
// durable together and renames them into place.
const outputBatch = 256

// OutputFolder writes many files into one folder (export --all). Each file
// is written as WriteFileAtomic writes one: privately (0600), through a
// temp file named for this process that is renamed into place once it is
// durable, so a killed export never leaves half a file; never over a
// folder, a device, a link to one or a workbook file, and never as the
// workbook file at dbPath or one of its backups. What differs is the cost
// of many files: the folder is read once for leftovers of killed writes
// (not once per file), and each batch of files is made durable with one
// sync of the file system instead of one per file (a sync costs a few
// milliseconds here, so 10,000 of them would take most of a minute).
//
// Write from one goroutine; Close writes what is pending.
type OutputFolder struct {
	dir, db string
	cfg     *config
	pending []*pendingFile
}

// CreateOutputFolder prepares dir (created 0700 when missing; it must be a
// folder) for writing files named names, removing the leftovers of killed
// writes of those names.
func CreateOutputFolder(dir, dbPath string, names []string) (*OutputFolder, error) {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, writeErr(filepath.Join(dir, "."), err)
		}
	case err != nil:
		return nil, writeErr(filepath.Join(dir, "."), err)
	case !fi.IsDir():
		return nil, fileErr(dir, KindOutputNotRegular, "cannot write into %s: it is not a folder; give a folder with -o", dir)
	}
	removeStaleTempsNamed(dir, names)
	return &OutputFolder{dir: dir, db: dbPath, cfg: defaultConfig()}, nil
}

// Write writes data as the file name of the folder (see OutputFolder).
func (o *OutputFolder) Write(name string, data []byte) error {
	path := filepath.Join(o.dir, name)
	if err := CheckOutputPath(path, o.db); err != nil {
		return err
	}
	target, err := outputTarget(path)
	if err != nil {
		return err
	}
	f, err := o.cfg.createTemp(filepath.Dir(target), tempPrefix(filepath.Base(target))+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return writeErr(target, err)
	}
	p := &pendingFile{path: target, tmp: f.Name()}
	err = f.Chmod(0o600)
	if err == nil {
		_, err = o.cfg.writer(f).Write(data)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		p.discard()
		return writeErr(target, err)
	}
	o.pending = append(o.pending, p)
	if len(o.pending) >= outputBatch {
		return o.flush()
	}
	return nil
}

// Close makes the files still pending durable and renames them into place.
func (o *OutputFolder) Close() error { return o.flush() }

// flush makes the pending files durable (one sync of their file system, or
// one per file where that cannot be done) and renames them into place.
func (o *OutputFolder) flush() error {
	pending := o.pending
	o.pending = nil
	if len(pending) == 0 {
		return nil
	}
	discard := func() {
		for _, p := range pending {
			p.discard()
		}
	}
	if err := syncFileSystem(o.dir); err != nil {
		for _, p := range pending {
			if err := syncFile(p.tmp); err != nil {
				discard()
				return writeErr(p.path, err)
			}
		}
	}
	for i, p := range pending {
		if err := os.Rename(p.tmp, p.path); err != nil {
			for _, q := range pending[i:] {
				q.discard()
			}
			return writeErr(p.path, err)
		}
	}
	syncDir(o.dir)
	return nil
}

// syncFile flushes a written file to the disk.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// removeStaleTempsNamed is removeStaleTempsOf for many names: the folder is
// read once and each entry looked up, rather than matched against every
// name.
func removeStaleTempsNamed(dir string, names []string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	want := make(map[string]bool, len(names))
	for _, n := range names {
		want[n] = true
	}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasPrefix(name, ".") {
			continue
		}
		i := strings.LastIndex(name, ".tmp-")
		if i < 1 || !want[name[1:i]] {
			continue
		}
		pidText, _, ok := strings.Cut(name[i+len(".tmp-"):], "-")
		pid, err := strconv.Atoi(pidText)
		if ok && err == nil && pid != os.Getpid() && !pidAlive(pid) {
			_ = os.Remove(filepath.Join(dir, name))
		}
	}
}
