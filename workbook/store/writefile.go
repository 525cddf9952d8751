package store

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// WriteFileAtomic writes data to path through a temp file in the same folder
// (0600, fsync'd, then renamed over path), so a reader sees the old file or
// the new one, never half of one. On failure the previous file is intact.
//
// It writes only regular files: a path naming a folder, a device, a FIFO
// or a socket (or a link to one) is refused, as is an existing workbook file
// or backup (any bbolt file): an export must never replace one. A link to
// a regular file is written through (the link stays).
func WriteFileAtomic(path string, data []byte) error {
	return defaultConfig().writeFileAtomic(path, data)
}

func (c *config) writeFileAtomic(path string, data []byte) error {
	target, err := outputTarget(path)
	if err != nil {
		return err
	}
	return c.writeAtomic(target, func(f *os.File) error {
		_, err := c.writer(f).Write(data)
		return err
	}, nil)
}

// CheckOutputTarget refuses, without writing, what WriteFileAtomic would
// refuse: a path that is not a regular file (a folder, a FIFO, a device)
// or names a workbook file or a backup of one. A dialog calls it before it
// asks whether to overwrite.
func CheckOutputTarget(path string) error {
	_, err := outputTarget(path)
	return err
}

// outputTarget checks an output path and returns the file to write.
func outputTarget(path string) (string, error) {
	fi, err := statPath(path)
	switch {
	case errors.Is(err, errNotRegular):
		return "", fileErr(path, KindOutputNotRegular, "cannot write %s: it is not a regular file (%v)", path, err)
	case err != nil:
		return "", writeErr(path, err)
	case fi == nil:
		return path, nil
	}
	if isBoltFile(path) {
		return "", fileErr(path, KindOutputWorkbook, "cannot write %s: it is a workbook file or a backup of one", path)
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		return real, nil
	}
	return path, nil
}

// isBoltFile reports whether path starts like a bbolt file (its first
// header page's magic number).
func isBoltFile(path string) bool {
	f, err := openRegular(path, os.O_RDONLY, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	var b [pageHeaderSize + 8]byte
	if _, err := io.ReadFull(f, b[:]); err != nil {
		return false
	}
	return ne.Uint32(b[pageHeaderSize:]) == boltMagic && ne.Uint16(b[8:]) == flagMeta
}

// CheckOutputPath refuses an output path that names the workbook file at
// dbPath, one of its backups or a file kept aside by a restore (whether or
// not they exist yet), so `-o` can never replace the workbook with a report.
func CheckOutputPath(out, dbPath string) error {
	names := append([]string{dbPath}, BackupPaths(dbPath)...)
	for _, n := range names {
		if samePath(out, n) {
			return fileErr(out, KindOutputWorkbook, "cannot write %s: it is the workbook file %s or its backup", out, dbPath)
		}
	}
	co, cd := canonical(out), canonical(dbPath)
	for _, kind := range []string{".damaged-", ".replaced-"} {
		if strings.HasPrefix(co, cd+kind) {
			return fileErr(out, KindOutputWorkbook, "cannot write %s: it is a copy of the workbook file %s kept by a restore", out, dbPath)
		}
	}
	return nil
}

// samePath reports whether a and b name the same file: the same file on
// disk when both exist, the same canonical path otherwise.
func samePath(a, b string) bool {
	fa, ea := os.Stat(a)
	fb, eb := os.Stat(b)
	if ea == nil && eb == nil {
		return os.SameFile(fa, fb)
	}
	return canonical(a) == canonical(b)
}

// canonical is path made absolute with the links in its folder resolved.
func canonical(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = filepath.Clean(path)
	}
	dir, base := filepath.Split(abs)
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		return filepath.Join(real, base)
	}
	return abs
}

// writeAtomic is WriteFileAtomic with a writer callback; beforeRename runs
// once the new content is durable, just before it replaces path.
func (c *config) writeAtomic(path string, write func(f *os.File) error, beforeRename func() error) error {
	p, err := c.writeTemp(path, write)
	if err != nil {
		return err
	}
	return p.commit(beforeRename)
}

// pendingFile is a complete, durable temp file waiting to replace path.
type pendingFile struct{ path, tmp string }

// writeTemp writes a temp file beside path, named for this process
// (".NAME.tmp-PID-RANDOM") so a later run can tell a leftover of a killed
// write from a write in progress; leftovers of dead processes are removed
// first.
func (c *config) writeTemp(path string, write func(f *os.File) error) (_ *pendingFile, err error) {
	dir, base := filepath.Dir(path), filepath.Base(path)
	removeStaleTempsOf(dir, base)
	f, err := c.createTemp(dir, tempPrefix(base)+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return nil, writeErr(path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return nil, writeErr(path, err)
	}
	if err := write(f); err != nil {
		return nil, writeErr(path, err)
	}
	if err := f.Sync(); err != nil {
		return nil, writeErr(path, err)
	}
	if err := f.Close(); err != nil {
		return nil, writeErr(path, err)
	}
	return &pendingFile{path: path, tmp: tmp}, nil
}

// commit runs beforeRename (if any; its error is returned as it is) and
// renames the temp file over path; on any failure the temp file is removed
// and path is left as it was.
func (p *pendingFile) commit(beforeRename func() error) error {
	if beforeRename != nil {
		if err := beforeRename(); err != nil {
			p.discard()
			return err
		}
	}
	if err := os.Rename(p.tmp, p.path); err != nil {
		p.discard()
		return writeErr(p.path, err)
	}
	syncDir(filepath.Dir(p.path))
	return nil
}

func (p *pendingFile) discard() { _ = os.Remove(p.tmp) }

func tempPrefix(base string) string { return "." + base + ".tmp-" }

// removeStaleTempsOf removes the temp files of writes to dir/base whose
// process is gone (killed mid-write). A temp file of a live process, or of
// an older build without the process id in its name, is left alone.
func removeStaleTempsOf(dir string, bases ...string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		for _, base := range bases {
			rest, ok := strings.CutPrefix(e.Name(), tempPrefix(base))
			if !ok {
				continue
			}
			pidText, _, ok := strings.Cut(rest, "-")
			pid, err := strconv.Atoi(pidText)
			if ok && err == nil && pid != os.Getpid() && !pidAlive(pid) {
				_ = os.Remove(filepath.Join(dir, e.Name()))
			}
		}
	}
}

// removeStaleTemps removes leftovers of killed writes to the workbook file
// at path and to its backups.
func removeStaleTemps(path string) {
	bases := []string{filepath.Base(path)}
	for _, b := range BackupPaths(path) {
		bases = append(bases, filepath.Base(b))
	}
	removeStaleTempsOf(filepath.Dir(path), bases...)
}

// writeErr turns a file-system error into one sentence with a remedy.
func writeErr(path string, err error) error {
	dir := filepath.Dir(path)
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return fmt.Errorf("cannot write %s: the disk is full; free some space and try again (%w)", path, err)
	case errors.Is(err, syscall.EROFS):
		return fmt.Errorf("cannot write %s: the folder %s is on a read-only disk; choose another folder (%w)", path, dir, err)
	case errors.Is(err, os.ErrPermission):
		return fmt.Errorf("cannot write %s: the folder %s is not writable; choose another folder or fix its permissions (%w)", path, dir, err)
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("cannot write %s: the folder %s does not exist; create it or choose another folder (%w)", path, dir, err)
	}
	return fmt.Errorf("cannot write %s (%w); check the folder and try again", path, err)
}

// syncDir makes a rename or a new file in dir durable. Best effort: some
// file systems cannot fsync a directory, and the data itself is already synced.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// WriteFileStream is WriteFileAtomic for output written a piece at a time:
// write gets the temp file (buffered) and the file replaces path only once
// write has returned nil and the data is durable.
func WriteFileStream(path string, write func(w io.Writer) error) error {
	c := defaultConfig()
	target, err := outputTarget(path)
	if err != nil {
		return err
	}
	var failed error // write's own error, returned as it is (not as a write error)
	err = c.writeAtomic(target, func(f *os.File) error {
		bw := bufio.NewWriterSize(c.writer(f), 64<<10)
		if err := write(bw); err != nil {
			failed = err
			return err
		}
		return bw.Flush()
	}, nil)
	if failed != nil {
		return failed
	}
	return err
}
