package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
)

// The folder an export from the app last went to is remembered for each
// workbook file, so the next export from that file is offered there. It is
// kept in a small JSON file among the user's state files (not in the
// workbook file: a folder is a fact of one computer, not of the team's
// work), written privately and atomically like every output.

// exportDirsMax bounds the remembered workbook files (the least recently
// used are forgotten) and exportDirsFileMax the file's size.
const (
	exportDirsMax     = 100
	exportDirsFileMax = 1 << 20
)

// exportDir is one remembered folder.
type exportDir struct {
	Workbook string `json:"workbook"` // the workbook file's absolute path
	Folder   string `json:"folder"`
}

// LastExportFolder is the folder the last export from workbook went to, as
// remembered in stateFile ("" when none is, or when the file is missing or
// unreadable: remembering is a convenience, never a reason to fail).
func LastExportFolder(stateFile, workbook string) string {
	dirs, _ := readExportDirs(stateFile)
	key := absPath(workbook)
	for _, d := range dirs {
		if d.Workbook == key {
			return d.Folder
		}
	}
	return ""
}

// RememberExportFolder records folder as the last export folder of
// workbook in stateFile (creating it and its folder, 0600 and 0700).
func RememberExportFolder(stateFile, workbook, folder string) error {
	dirs, err := readExportDirs(stateFile)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		dirs = nil // an unreadable file is replaced
	}
	key := absPath(workbook)
	dirs = slices.DeleteFunc(dirs, func(d exportDir) bool { return d.Workbook == key })
	dirs = append([]exportDir{{Workbook: key, Folder: absPath(folder)}}, dirs...)
	if len(dirs) > exportDirsMax {
		dirs = dirs[:exportDirsMax]
	}
	data, err := json.MarshalIndent(dirs, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(stateFile), 0o700); err != nil {
		return fmt.Errorf("cannot remember the export folder in %s: %w", stateFile, unwrap(err))
	}
	return WriteFileAtomic(stateFile, append(data, '\n'))
}

func readExportDirs(stateFile string) ([]exportDir, error) {
	// Anything but a regular file (a FIFO would never answer) is not read.
	fi, err := os.Stat(stateFile)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", stateFile)
	}
	f, err := os.Open(stateFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, exportDirsFileMax+1))
	if err != nil {
		return nil, err
	}
	if len(data) > exportDirsFileMax {
		return nil, fmt.Errorf("%s is larger than %d bytes", stateFile, exportDirsFileMax)
	}
	var dirs []exportDir
	if err := json.Unmarshal(data, &dirs); err != nil {
		return nil, err
	}
	return dirs, nil
}

// absPath is path made absolute (as it is, when that fails).
func absPath(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// unwrap drops the path an *os.PathError repeats.
func unwrap(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
