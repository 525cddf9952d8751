package workbook

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
)

// Seams for fault injection in tests: as root a read-only directory is still
// writable, and a full disk cannot be made without mounting one.
var (
	createTemp = os.CreateTemp
	fileWriter = func(f *os.File) io.Writer { return f }
)

// WriteFileAtomic writes data to path through a temp file in the same folder
// (0600, fsync'd, then renamed over path), so a reader sees the old file or
// the new one, never half of one. On failure the previous file is intact.
func WriteFileAtomic(path string, data []byte) error {
	return writeAtomic(path, func(f *os.File) error {
		_, err := fileWriter(f).Write(data)
		return err
	}, nil)
}

// writeAtomic is WriteFileAtomic with a writer callback; beforeRename runs
// once the new content is durable, just before it replaces path.
func writeAtomic(path string, write func(f *os.File) error, beforeRename func() error) (err error) {
	dir := filepath.Dir(path)
	f, err := createTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return writeErr(path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return writeErr(path, err)
	}
	if err := write(f); err != nil {
		return writeErr(path, err)
	}
	if err := f.Sync(); err != nil {
		return writeErr(path, err)
	}
	if err := f.Close(); err != nil {
		return writeErr(path, err)
	}
	if beforeRename != nil {
		if err := beforeRename(); err != nil {
			return writeErr(path, err)
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return writeErr(path, err)
	}
	syncDir(dir)
	return nil
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
