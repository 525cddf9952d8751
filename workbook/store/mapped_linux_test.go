package store

import (
	"errors"
	"fmt"
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
	if err := guarded(st.Path(), func() error { return checkPages(m, fi.Size(), checkRead) }); err != nil {
		t.Fatalf("check of the whole file: %v", err)
	}
	if err := os.Truncate(st.Path(), 2*4096); err != nil {
		t.Fatal(err)
	}
	err = guarded(st.Path(), func() error { return checkPages(m, fi.Size(), checkRead) })
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("check of a file cut short under its map = %v, want damage", err)
	}
}
