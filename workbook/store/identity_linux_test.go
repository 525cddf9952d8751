//go:build linux

package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// nonRegular makes one of each thing a workbook or output path must not
// be, and says what the refusal calls it.
func nonRegular(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	out := map[string]string{}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err == nil {
		out[fifo] = "is a named pipe (FIFO)"
		link := filepath.Join(dir, "link-to-fifo")
		if err := os.Symlink(fifo, link); err == nil {
			out[link] = "is a link to a named pipe (FIFO)"
		}
	}
	folder := filepath.Join(dir, "folder")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	out[folder] = "is a folder"
	if err := os.Symlink(folder, filepath.Join(dir, "link-to-folder")); err == nil {
		out[filepath.Join(dir, "link-to-folder")] = "is a link to a folder"
	}
	// A device node like /dev/null (1,3): harmless if anything ever wrote to it.
	dev := filepath.Join(dir, "device")
	if err := syscall.Mknod(dev, syscall.S_IFCHR|0o600, 1<<8|3); err == nil {
		out[dev] = "is a device"
	} else {
		out["/dev/null"] = "is a device"
	}
	if err := os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "dangling")); err == nil {
		out[filepath.Join(dir, "dangling")] = "is a link to a file that does not exist"
	}
	return out
}

// within runs fn and fails if it takes more than two seconds (a FIFO must
// never be waited on).
func within(t *testing.T, what string, fn func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return err
	case <-time.After(2 * time.Second):
		t.Fatalf("%s hangs", what)
		return nil
	}
}

// Finding 7 (and 2 of the build list): the workbook path must be a
// regular file or absent; anything else is refused in one line, never
// opened for writing, never waited on.
func TestWorkbookPathMustBeARegularFile(t *testing.T) {
	for path, what := range nonRegular(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			var before os.FileInfo
			if path != "/dev/null" {
				before, _ = os.Lstat(path)
			}
			ops := map[string]func() error{
				"Open read-only":  func() error { _, err := Open(path, ReadOnly); return err },
				"Open read-write": func() error { _, err := Open(path, ReadWrite); return err },
				"Doctor":          func() error { _, err := Doctor(path); return err },
				"RestoreBackup":   func() error { _, err := RestoreBackup(path, true); return err },
			}
			for name, op := range ops {
				err := within(t, name, op)
				want := "workbook file " + path + " " + what
				if err == nil || !strings.HasPrefix(err.Error(), want) || kindOf(err) != KindNotRegular || strings.Contains(err.Error(), "\n") {
					t.Errorf("%s = %v\nwant %s…", name, err, want)
				}
			}
			if before != nil {
				after, err := os.Lstat(path)
				if err != nil || after.Mode() != before.Mode() || after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()) {
					t.Errorf("%s was changed", path)
				}
			}
			if m, _ := filepath.Glob(path + "*.tmp-*"); len(m) > 0 {
				t.Errorf("temp files: %v", m)
			}
		})
	}
	// The open itself refuses what it did not expect (a path swapped after
	// it was looked at), without blocking on a FIFO.
	for path := range nonRegular(t) {
		err := within(t, "openRegular", func() error {
			f, err := openRegular(path, os.O_RDWR, 0)
			if err == nil {
				_ = f.Close()
			}
			return err
		})
		if err == nil || !(errors.Is(err, errNotRegular) || errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.EISDIR) || errors.Is(err, syscall.ENXIO)) {
			t.Errorf("openRegular(%s) = %v", path, err)
		}
	}
}

// Finding 7: exports never write over a device, a FIFO, a folder, a
// workbook file or a backup; a link to a regular file is written through.
func TestOutputsAreOnlyRegularFiles(t *testing.T) {
	for path, what := range nonRegular(t) {
		if strings.Contains(what, "does not exist") {
			continue
		}
		err := within(t, "WriteFileAtomic", func() error { return WriteFileAtomic(path, []byte("report")) })
		if err == nil || !strings.HasPrefix(err.Error(), "cannot write "+path+": it is not a regular file") {
			t.Errorf("WriteFileAtomic(%s) = %v", path, err)
		}
	}
	st := openTemp(t)
	mustCreate(t, st, smallSession("A"))
	if err := st.SnapshotBackup(); err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	for _, p := range []string{st.Path(), BackupPath(st.Path())} {
		if err := WriteFileAtomic(p, []byte("report")); err == nil || !strings.Contains(err.Error(), "is a workbook file or a backup of one") {
			t.Errorf("WriteFileAtomic over %s = %v", p, err)
		}
	}
	dir := filepath.Dir(st.Path())
	for _, p := range []string{st.Path(), BackupPath(st.Path()), st.Path() + ".bak.2", st.Path() + ".damaged-20261120T140000.000Z",
		filepath.Join(dir, ".", "sub", "..", filepath.Base(st.Path()))} {
		if err := CheckOutputPath(p, st.Path()); err == nil || !strings.HasPrefix(err.Error(), "cannot write "+p+": it is ") {
			t.Errorf("CheckOutputPath(%s) = %v", p, err)
		}
	}
	if err := CheckOutputPath(filepath.Join(dir, "report.html"), st.Path()); err != nil {
		t.Errorf("an ordinary output path: %v", err)
	}
	// A link to a regular file: the file gets the data, the link stays.
	target := filepath.Join(dir, "target.md")
	if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.md")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(link, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 || string(fileBytes(t, target)) != "new" {
		t.Fatal("writing through a link replaced the link")
	}
}
