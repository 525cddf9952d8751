package tui

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"edtech-workbook/workbook/store"
)

// runWith runs the app on st with keys from in and returns Run's error and
// what it wrote.
func runWith(t *testing.T, st *store.Store, keys string) (error, string) {
	t.Helper()
	var out bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- Run(st, Options{Input: &slowReader{data: []byte(keys)}, Output: &out}) }()
	select {
	case err := <-done:
		return err, out.String()
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not end")
	}
	return nil, ""
}

// The app starts on a file still being opened (store.OpenInBackground):
// it runs as on an opened one, and quits on q.
func TestRunWhileTheFileOpens(t *testing.T) {
	st := newTestStore(t)
	newTestSession(t, st, testTemplate(1, 2))
	path := st.Path()
	_ = st.Close()
	bg := store.OpenInBackground(path, store.ReadWrite)
	if err, _ := runWith(t, bg, "jq"); err != nil {
		t.Fatal(err)
	}
	if err := bg.Close(); err != nil {
		t.Fatal(err)
	}
}

// A file that cannot be opened ends the app with the open's error (which
// the command line prints as for any command), and nothing is drawn: not
// even the alternate screen is entered.
func TestRunOnAFileThatCannotBeOpened(t *testing.T) {
	path := filepath.Join(t.TempDir(), "workbook.db")
	if err := os.WriteFile(path, bytes.Repeat([]byte("not a workbook "), 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	bg := store.OpenInBackground(path, store.ReadWrite)
	err, out := runWith(t, bg, "") // no key: the app must end by itself
	if !errors.Is(err, store.ErrCorrupt) {
		t.Fatalf("Run = %v, want the open's error", err)
	}
	if strings.Contains(out, "\x1b[?1049h") || strings.Contains(out, "Sessions") {
		t.Fatalf("something was drawn: %q", out)
	}
	if got := bg.Ready(); got == nil || got.Error() != err.Error() {
		t.Fatalf("Ready = %v, want %v", got, err)
	}
	if _, lerr := bg.List(); lerr == nil || lerr.Error() != err.Error() {
		t.Fatalf("List = %v, want the open's error", lerr)
	}
}

// A quit before the open has ended still ends with the open's error when
// it fails: here the file is held by another process (its lock), so the
// open waits for it and gives up after the q was pressed. The command
// line must not end as if all was well.
func TestQuitBeforeTheOpenFails(t *testing.T) {
	t.Parallel() // waits the store's one-second lock timeout
	st := newTestStore(t)
	newTestSession(t, st, testTemplate(1, 2))
	path := st.Path()
	_ = st.Close()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	bg := store.OpenInBackground(path, store.ReadWrite)
	err, _ = runWith(t, bg, "q")
	if err == nil || err.Error() != bg.Ready().Error() {
		t.Fatalf("Run = %v, want the open's error %v", err, bg.Ready())
	}
	_ = bg.Close()
}

// Started straight into a session (edtech-workbook demo, review, rounds
// open) on a file that cannot be opened: the app ends with the open's
// error, not the session's.
func TestStartIntoASessionOnAFileThatCannotBeOpened(t *testing.T) {
	path := filepath.Join(t.TempDir(), "workbook.db")
	if err := os.WriteFile(path, bytes.Repeat([]byte("not a workbook "), 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, keys := range []string{"", "q", "\x03", "?n"} {
		bg := store.OpenInBackground(path, store.ReadWrite)
		var out bytes.Buffer
		done := make(chan error, 1)
		go func() {
			done <- Run(bg, Options{Input: &slowReader{data: []byte(keys)}, Output: &out, SessionID: "demo-alderbrook-2025-26"})
		}()
		select {
		case err := <-done:
			if !errors.Is(err, store.ErrCorrupt) || err.Error() != bg.Ready().Error() {
				t.Fatalf("keys %q: Run = %v, want the open's error", keys, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("keys %q: Run did not end", keys)
		}
		_ = bg.Close()
	}
}

// While another edtech-workbook holds the file the open waits for it (up to
// a second): the app draws its home screen loading after openWait instead
// of nothing, then ends with the in-use error when the open gives up.
func TestSlowOpenDrawsAfterAWhile(t *testing.T) {
	t.Parallel() // waits the store's one-second lock timeout
	st := newTestStore(t)
	path := st.Path()
	_ = st.Close()
	release := holdFile(t, path)
	defer release()
	bg := store.OpenInBackground(path, store.ReadWrite)
	start := time.Now()
	err, out := runWith(t, bg, "")
	if !errors.Is(err, store.ErrInUse) {
		t.Fatalf("Run = %v, want the file in use", err)
	}
	if time.Since(start) < openWait {
		t.Fatalf("the open gave up after %v", time.Since(start))
	}
	if !strings.Contains(out, "\x1b[?1049h") {
		t.Fatalf("nothing was drawn while the open waited:\n%q", out)
	}
}
