package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// errNotRegular marks a path that names something other than a regular
// file: a folder, a device, a FIFO, a socket (or a link to one).
var errNotRegular = errors.New("not a regular file")

// describeMode names a non-regular file type for people.
func describeMode(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

// notRegularError says what path is instead of a regular file.
type notRegularError struct {
	path   string
	mode   fs.FileMode
	linked bool // path is a symbolic link to it
}

func (e *notRegularError) Error() string {
	what := describeMode(e.mode)
	if e.linked {
		what = "a link to " + what
	}
	return fmt.Sprintf("%s is %s", e.path, what)
}

func (e *notRegularError) Unwrap() error { return errNotRegular }

// statPath looks at path without opening it: (nil, nil) when nothing is
// there, an error wrapping errNotRegular when it is not a regular file or a
// link to one (a dangling link counts: writing through it would create
// whatever it points at).
func statPath(path string) (os.FileInfo, error) {
	lfi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if lfi.Mode()&fs.ModeSymlink == 0 {
		if !lfi.Mode().IsRegular() {
			return nil, &notRegularError{path: path, mode: lfi.Mode()}
		}
		return lfi, nil
	}
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s is a link to a file that does not exist: %w", path, errNotRegular)
	}
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &notRegularError{path: path, mode: fi.Mode(), linked: true}
	}
	return fi, nil
}

// statWorkbook is statPath with the workbook file's wording. exists is
// false when nothing is at path.
func statWorkbook(path string) (fi os.FileInfo, exists bool, err error) {
	fi, err = statPath(path)
	switch {
	case errors.Is(err, errNotRegular):
		return nil, false, fileErr(path, KindNotRegular, "workbook file %w, not a workbook file", err)
	case err != nil:
		return nil, false, fileErr(path, KindUnreadable, "workbook file %s cannot be read (%v)", path, pathErrCause(err))
	}
	return fi, fi != nil, nil
}

// openRegular opens name like os.OpenFile, but never blocks on a FIFO and
// refuses anything that is not a regular file once it is open (the path
// may have changed since it was looked at), closing it untouched.
func openRegular(name string, flag int, perm os.FileMode) (*os.File, error) {
	f, err := openNoBlock(name, flag, perm)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		_ = f.Close()
		return nil, &notRegularError{path: name, mode: fi.Mode()}
	}
	return f, nil
}

// pathErrCause is the cause of a *os.PathError (its path is named already).
func pathErrCause(err error) error {
	if pe := (*os.PathError)(nil); errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
