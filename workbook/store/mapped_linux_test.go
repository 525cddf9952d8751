package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"testing"
)

// The page check at a read open reads through a map of the file; a file
// cut short under the map (by something that ignores the lock) makes the
// read fault, which the check's guard reports as damage: an error, never
// a crash.
func TestMappedCheckOfAFileCutShort(t *testing.T) {
	st := openTempUnchecked(t) // damaged on purpose: not checked at the end
	for i := range 20 {
		mustCreate(t, st, smallSession(fmt.Sprintf("Team %d", i)))
	}
	_ = st.Close()
	f, err := os.Open(st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	m, done, ok := mapFile(f, fi.Size())
	if !ok {
		t.Fatal("the file could not be mapped")
	}
	defer done()
	if err := checkMapped(st.Path(), m, fi.Size()); err != nil {
		t.Fatalf("check of the whole file: %v", err)
	}
	if err := os.Truncate(st.Path(), 2*4096); err != nil {
		t.Fatal(err)
	}
	err = checkMapped(st.Path(), m, fi.Size())
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("check of a file cut short under its map = %v, want damage", err)
	}
}

// The page check reads the leaf pages of the buckets on goroutines of its
// own (checkDeferred): a fault there must be an error too, not the end of
// the process. The file is cut a page at a time from its end, under a map
// of its whole length, so every page is at some point the first one the
// check finds cut off, whichever goroutine reads it.
func TestMappedCheckOfAFileCutShortOnEveryGoroutine(t *testing.T) {
	st := openTempUnchecked(t) // damaged on purpose: not checked at the end
	for i := range 300 {
		mustCreate(t, st, smallSession(fmt.Sprintf("Team %d", i)))
	}
	_ = st.Close()
	f, err := os.Open(st.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	m, done, ok := mapFile(f, fi.Size())
	if !ok {
		t.Fatal("the file could not be mapped")
	}
	defer done()
	const ps = 4096
	for size := fi.Size() - ps; size >= 2*ps; size -= ps {
		if err := os.Truncate(st.Path(), size); err != nil {
			t.Fatal(err)
		}
		err := checkMapped(st.Path(), m, fi.Size())
		if err != nil && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("cut to %d bytes: %v, want damage or nothing", size, err)
		}
	}
}

// checkMapped is checkOpenPages's check on a map of a file size bytes long.
func checkMapped(path string, m io.ReaderAt, size int64) error {
	return guarded(path, func() error {
		if err := checkPages(m, size, checkRead); err != nil {
			return corruptErr(path, err)
		}
		return nil
	})
}
