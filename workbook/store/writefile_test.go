package store

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// leftovers lists temp files WriteFileAtomic left in dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, ".*.tmp-*"))
	return m
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.md")
	for _, content := range []string{"first", "second, longer than the first"} {
		if err := WriteFileAtomic(path, []byte(content)); err != nil {
			t.Fatal(err)
		}
		if got := string(fileBytes(t, path)); got != content {
			t.Fatalf("file holds %q, want %q", got, content)
		}
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, want 0600", fi.Mode().Perm())
	}
	if l := leftovers(t, dir); len(l) > 0 {
		t.Fatalf("temp files left: %v", l)
	}
}

// failingWriter writes part of the data, then fails like a full disk.
type failingWriter struct{ w io.Writer }

func (f failingWriter) Write(p []byte) (int, error) {
	n, _ := f.w.Write(p[:len(p)/2])
	return n, &os.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}
}

func TestWriteFileAtomicFailures(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, dir string, cfg *config) // makes the next write fail
		want  string
	}{
		{"read-only folder", func(t *testing.T, dir string, cfg *config) {
			if err := os.Chmod(dir, 0o500); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })
			// As root the folder stays writable: inject the error instead.
			if probe, err := os.CreateTemp(dir, "probe"); err == nil {
				_ = probe.Close()
				_ = os.Remove(probe.Name())
				failCreateTemp(cfg, syscall.EACCES)
			}
		}, "the folder DIR is not writable; choose another folder or fix its permissions"},
		{"read-only disk", func(t *testing.T, dir string, cfg *config) { failCreateTemp(cfg, syscall.EROFS) },
			"the folder DIR is on a read-only disk; choose another folder"},
		{"disk full", func(t *testing.T, dir string, cfg *config) {
			cfg.writer = func(f *os.File) io.Writer { return failingWriter{f} }
		}, "the disk is full; free some space and try again"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "export.html")
			if err := WriteFileAtomic(path, []byte("previous")); err != nil {
				t.Fatal(err)
			}
			cfg := defaultConfig()
			tc.setup(t, dir, cfg)
			err := cfg.writeFileAtomic(path, []byte(strings.Repeat("new ", 1000)))
			want := "cannot write " + path + ": " + strings.ReplaceAll(tc.want, "DIR", dir)
			if err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Fatalf("error = %v\nwant    %s", err, want)
			}
			if got := string(fileBytes(t, path)); got != "previous" {
				t.Fatalf("previous file holds %q after a failed write", got)
			}
			if l := leftovers(t, dir); len(l) > 0 {
				t.Fatalf("temp files left: %v", l)
			}
		})
	}
	missing := filepath.Join(t.TempDir(), "no", "such", "dir", "x.json")
	if err := WriteFileAtomic(missing, nil); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("write into a missing folder = %v", err)
	}
}

// failCreateTemp makes cfg's temporary files fail to be created with errno.
func failCreateTemp(cfg *config, errno syscall.Errno) {
	cfg.createTemp = func(dir, pattern string) (*os.File, error) {
		return nil, &os.PathError{Op: "open", Path: filepath.Join(dir, pattern), Err: errno}
	}
}

func TestBackupIntoReadOnlyFolder(t *testing.T) {
	st := openTemp(t)
	mustCreate(t, st, testSession("A"))
	failCreateTemp(st.cfg, syscall.EACCES)
	err := st.SnapshotBackup()
	if err == nil || !errors.Is(err, os.ErrPermission) || !strings.Contains(err.Error(), BackupPath(st.Path())) {
		t.Fatalf("SnapshotBackup into a read-only folder = %v", err)
	}
}
