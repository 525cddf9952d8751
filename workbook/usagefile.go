package workbook

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"edtech-workbook/workbook/inventory"
)

// ReadUsageFile reads a usage report (a CSV file) for an inventory import,
// for the command line and the app alike. What path names and its size are
// checked before it is read, so a directory, a device or a 100 MB file is
// refused without being read; size is the file's size in bytes. A leading
// ~/ is the home folder, as in a shell.
func ReadUsageFile(path string) (data []byte, size int64, err error) {
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		if home, herr := os.UserHomeDir(); herr == nil {
			path = filepath.Join(home, rest)
		}
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, 0, fmt.Errorf("cannot read %s: %v", CleanLine(path), unwrapPathErr(err))
	}
	if !fi.Mode().IsRegular() {
		return nil, 0, fmt.Errorf("%s is not a regular file; give the path of a CSV file", CleanLine(path))
	}
	if err := inventory.CheckImportSize(fi.Size(), 0); err != nil {
		return nil, 0, fmt.Errorf("%s: %w", CleanLine(path), err)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("cannot read %s: %v", CleanLine(path), unwrapPathErr(err))
	}
	defer f.Close()
	data, err = io.ReadAll(io.LimitReader(f, inventory.DefaultMaxImportBytes+1))
	if err != nil {
		return nil, 0, fmt.Errorf("cannot read %s: %v", CleanLine(path), unwrapPathErr(err))
	}
	if err := inventory.CheckImportSize(int64(len(data)), 0); err != nil {
		return nil, 0, fmt.Errorf("%s: %w", CleanLine(path), err)
	}
	return data, fi.Size(), nil
}

func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
