package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"edtech-workbook/workbook"
)

// mountTmpfs mounts a small tmpfs to fill up for real; it needs root and is
// skipped elsewhere (writefile_test.go covers the same errors by injection).
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a small tmpfs")
	}
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size+",mode=0700"); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v", err)
	}
	t.Cleanup(func() { _ = syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}

func TestSaveOnFullDisk(t *testing.T) {
	dir := mountTmpfs(t, "1m")
	st, err := Open(filepath.Join(dir, "w.db"), ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	exp := filepath.Join(dir, "export.json")
	if err := WriteFileAtomic(exp, []byte("previous")); err != nil {
		t.Fatal(err)
	}
	var saved []*workbook.Session
	var fullErr error
	for range 100 {
		s, err := st.Create(testSession("Fill"))
		if err != nil {
			fullErr = err
			break
		}
		saved = append(saved, s)
	}
	if fullErr == nil || !errors.Is(fullErr, syscall.ENOSPC) || !strings.Contains(fullErr.Error(), "the disk is full") {
		t.Fatalf("filling the disk: %d saved, then %v", len(saved), fullErr)
	}
	if len(saved) == 0 {
		t.Fatal("nothing fitted on the disk")
	}
	// The sessions saved before it filled up are intact, and the file is clean.
	_ = st.Close()
	st, err = Open(st.Path(), ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	if problems := st.Check(); len(problems) > 0 {
		t.Fatalf("Check after the disk filled up: %v", problems)
	}
	for _, s := range saved {
		if _, err := st.Get(s.ID); err != nil {
			t.Fatalf("session saved before the disk filled up: %v", err)
		}
	}
	// An export that does not fit leaves the previous export whole.
	err = WriteFileAtomic(exp, make([]byte, 2<<20))
	if err == nil || !strings.Contains(err.Error(), "the disk is full") {
		t.Fatalf("export on a full disk = %v", err)
	}
	if got := string(fileBytes(t, exp)); got != "previous" {
		t.Fatalf("previous export holds %q", got)
	}
}

func TestSaveOnReadOnlyDisk(t *testing.T) {
	dir := mountTmpfs(t, "4m")
	st, err := Open(filepath.Join(dir, "w.db"), ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	kept := mustCreate(t, st, testSession("Kept"))
	_ = st.Close()
	if err := syscall.Mount("", dir, "", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		t.Skipf("cannot remount read-only: %v", err)
	}
	st, err = Open(st.Path(), ReadWrite) // reading needs no write access
	if err != nil {
		t.Fatalf("Open on a read-only disk = %v", err)
	}
	defer st.Close()
	if list, err := st.List(); err != nil || len(list) != 1 {
		t.Fatalf("List on a read-only disk = %v, %v", list, err)
	}
	_, err = st.Update(kept)
	if err == nil || !strings.Contains(err.Error(), "read-only") || !strings.Contains(err.Error(), st.Path()) {
		t.Fatalf("Update on a read-only disk = %v", err)
	}
	err = WriteFileAtomic(filepath.Join(dir, "export.md"), []byte("x"))
	if err == nil || !strings.Contains(err.Error(), "read-only disk") {
		t.Fatalf("export on a read-only disk = %v", err)
	}
	if got, err := st.Get(kept.ID); err != nil || got.Revision != 1 {
		t.Fatalf("after the refused save: %v, %v", got, err)
	}
}
