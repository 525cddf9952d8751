//go:build linux

package store

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestExportFoldersFileIsAFIFO: a FIFO in place of the remembered-folders
// file is neither waited on nor written through: nothing is remembered,
// and remembering says it cannot, at once. Before, both
// opened it and waited forever for a writer (the accessible mode's export
// hung).
func TestExportFoldersFileIsAFIFO(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "state", "export-folders.json")
	if err := os.MkdirAll(filepath.Dir(state), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(state, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	wb := filepath.Join(dir, "w.db")
	done := make(chan string, 2)
	go func() { done <- "last:" + LastExportFolder(state, wb) }()
	go func() {
		if err := RememberExportFolder(state, wb, dir); err != nil {
			done <- "remember:" + err.Error()
			return
		}
		done <- "remember:"
	}()
	for range 2 {
		select {
		case got := <-done:
			if got != "last:" && !strings.Contains(got, "not a regular file") {
				t.Errorf("%s", got)
			}
		case <-time.After(3 * time.Second):
			t.Fatal("reading the remembered folders from a FIFO waits forever")
		}
	}
	if fi, err := os.Lstat(state); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced or removed: %v", err)
	}
}
