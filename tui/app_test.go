package tui

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"edtech-workbook/workbook/store"

	tea "charm.land/bubbletea/v2"
	bolt "go.etcd.io/bbolt"
)

func TestMinimumSizeMessage(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24)
	pump(m, msgCmd(tea.WindowSizeMsg{Width: 40, Height: 12}))
	requireScreen(t, m, "make the window larger (needs 60×16)")
	press(m, "3") // keys are ignored while the screen cannot be seen
	if r := reload(t, st, "s1").Ratings["d1i1"]; r != nil {
		t.Fatalf("a key rated while too small: %+v", r)
	}
	pump(m, msgCmd(tea.WindowSizeMsg{Width: 80, Height: 24})) // resize mid-way
	requireScreen(t, m, "Indicator 1 of 2")
	press(m, "3")
	if reload(t, st, "s1").Ratings["d1i1"].Members["m1"] != 3 {
		t.Fatal("rating after resize not saved")
	}
}

func TestHelpToggleAndQuitKeys(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := openTestScreen(t, st, sess, ScreenOverview, 80, 24)
	press(m, "?")
	requireScreen(t, m, "Keys", "open part", "esc", "ctrl+c")
	press(m, "esc") // closes help, stays on the screen
	if helpPageShown(m) {
		t.Fatal("esc did not close the help page")
	}
	requireOn(t, m, "Overview")
	_, cmd := m.Update(keyMsg("q")) // q quits only on Home
	if quits(cmd) {
		t.Fatal("q quit from the Overview")
	}
	_, cmd = m.Update(keyMsg("ctrl+c"))
	if !quits(cmd) {
		t.Fatal("ctrl+c did not quit")
	}
}

// TestEditsCoalesceIntoOneSave: only one save is in flight; the edits made
// meanwhile are saved together when it returns (so no save ever races
// another into a false conflict).
func TestEditsCoalesceIntoOneSave(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24)
	_, first := m.Update(keyMsg("4")) // Ana: its save starts
	requireStatus(t, m, "saving…")
	_, second := m.Update(keyMsg("2")) // Ben, while the first save is in flight
	_, third := m.Update(keyMsg("3"))  // the consensus
	pump(m, tea.Batch(first, second, third))
	got := reload(t, st, "s1")
	r := got.Ratings["d1i1"]
	if r == nil || r.Members["m1"] != 4 || r.Members["m2"] != 2 || r.Consensus != 3 {
		t.Fatalf("stored %+v", r)
	}
	if got.Revision != 3 { // created, the first save, then one save of both later edits
		t.Fatalf("stored revision %d, want 3: the edits were not saved together", got.Revision)
	}
	requireStatus(t, m, "saved 14:02:11")
	press(m, "]", "1") // the in-memory revision followed: the next save is no conflict
	if reload(t, st, "s1").Ratings["d1i2"] == nil {
		t.Fatalf("the next rating was not saved: %s", statusOf(m))
	}
}

// TestExitSavesEditWhoseSaveNeverRan: the program ended before the save's
// Cmd ran; finishing the run (what Run does last) saves it.
func TestExitSavesEditWhoseSaveNeverRan(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24, Options{ExitSaveWait: 50 * time.Millisecond})
	m.Update(keyMsg("4")) // its save Cmd never runs: the program ended
	if err := m.finish(); err != nil {
		t.Fatal(err)
	}
	if reload(t, st, "s1").Ratings["d1i1"].Members["m1"] != 4 {
		t.Fatal("pending edit not saved on exit")
	}
}

// TestExitWaitsForSaveInFlight: quitting while a save is still running
// waits for it (and does not save the same edit a second time).
func TestExitWaitsForSaveInFlight(t *testing.T) {
	t.Parallel() // waits on the file's lock
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24)
	release := holdFile(t, st.Path()) // the save will wait for the file
	_, cmd := m.Update(keyMsg("4"))
	go collect(cmd, 5*time.Second) // the program's goroutine runs the save; the loop has stopped
	time.AfterFunc(300*time.Millisecond, release)
	start := time.Now()
	if err := m.finish(); err != nil {
		t.Fatal(err)
	}
	if time.Since(start) < 250*time.Millisecond {
		t.Fatal("finish did not wait for the save in flight")
	}
	got := reload(t, st, "s1")
	if got.Ratings["d1i1"].Members["m1"] != 4 || got.Revision != 2 {
		t.Fatalf("stored revision %d ratings %+v, want the one save", got.Revision, got.Ratings["d1i1"])
	}
}

// TestExitAfterLostReply: the last save finished but its reply never
// reached the loop; later edits must still be saved (no false conflict).
func TestExitAfterLostReply(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24)
	_, cmd := m.Update(keyMsg("4"))
	collect(cmd, time.Second) // the save runs; its reply is lost with the loop
	m.Update(keyMsg("1"))     // Ben, queued behind the save the loop still waits for
	if err := m.finish(); err != nil {
		t.Fatal(err)
	}
	got := reload(t, st, "s1").Ratings["d1i1"]
	if got.Members["m1"] != 4 || got.Members["m2"] != 1 {
		t.Fatalf("stored %+v", got)
	}
}

// TestSaveErrorKeepsEdits: a failed save (the file was moved away) says
// why and keeps the edits; the next edit saves them all.
func TestSaveErrorKeepsEdits(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := openTestScreen(t, st, sess, ScreenAssess, 200, 30) // room for the whole message
	time.Sleep(400 * time.Millisecond)                      // the store lets go of the file when idle
	aside := st.Path() + ".aside"
	if err := os.Rename(st.Path(), aside); err != nil {
		t.Fatal(err)
	}
	press(m, "4")
	requireError(t, m, "does not exist")
	if err := os.Rename(aside, st.Path()); err != nil {
		t.Fatal(err)
	}
	press(m, "3") // the next edit retries, with everything
	got := reload(t, st, "s1").Ratings["d1i1"]
	if got == nil || got.Members["m1"] != 4 || got.Members["m2"] != 3 {
		t.Fatalf("retry stored %+v", got)
	}
}

// holdFile takes the workbook file's lock as another edtech-workbook would
// while it saves, until the returned func lets go.
func holdFile(t *testing.T, path string) (release func()) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second}) // waits for the app to let go
	if err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	release = func() { once.Do(func() { _ = db.Close() }) }
	t.Cleanup(release)
	return release
}

// TestSaveRetriesWhenFileInUse: a save refused because another program
// holds the file is retried on a timer, the status line says so, and after
// the last retry the edits stay pending (never dropped) until they can be
// saved.
func TestSaveRetriesWhenFileInUse(t *testing.T) {
	t.Parallel() // each refused save waits the store's one-second lock timeout
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24, Options{SaveRetryDelay: time.Millisecond, SaveRetries: 1})

	release := holdFile(t, st.Path())
	_, cmd := m.Update(keyMsg("4"))
	var retry tea.Cmd
	for _, msg := range collect(cmd, 5*time.Second) { // refused: in use
		_, retry = m.Update(msg)
	}
	requireStatus(t, m, "warning: waiting for the other edtech-workbook…")
	release()
	pump(m, retry) // the retry saves for real
	if got := reload(t, st, "s1").Ratings["d1i1"]; got == nil || got.Members["m1"] != 4 {
		t.Fatalf("after the retry: %+v", got)
	}
	requireStatus(t, m, "saved")

	// Still in use after every retry: an error, and the edit stays pending.
	release = holdFile(t, st.Path())
	press(m, "2")
	requireError(t, m, "still in use")
	release()
	if err := m.finish(); err != nil {
		t.Fatal(err)
	}
	if got := reload(t, st, "s1").Ratings["d1i1"]; got.Members["m2"] != 2 {
		t.Fatalf("the pending edit was lost: %+v", got)
	}
}

func TestStartInSession(t *testing.T) {
	st := newTestStore(t)
	newTestSession(t, st, testTemplate(1, 2))
	m := newTestModel(t, st, 80, 24, Options{SessionID: "s1"})
	requireOn(t, m, "Overview")
	requireScreen(t, m, "Northside · 2025-26")
	m = newTestModel(t, st, 80, 24, Options{SessionID: "nope"})
	requireError(t, m, "session nope")
	requireOn(t, m, "")
}

// TestRunProgram drives the real tea.Program: keys from a reader, output
// discarded. "n" then esc, then q quits.
func TestRunProgram(t *testing.T) {
	st := newTestStore(t)
	newTestSession(t, st, testTemplate(1, 2))
	in := &slowReader{data: []byte("jq")}
	done := make(chan error, 1)
	go func() { done <- Run(st, Options{Input: in, Output: io.Discard}) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not quit on q")
	}
}

// slowReader hands out one byte per Read, after a short pause, then blocks
// like an idle terminal.
type slowReader struct {
	data []byte
}

func (r *slowReader) Read(p []byte) (int, error) {
	time.Sleep(50 * time.Millisecond)
	if len(r.data) == 0 {
		select {} // an idle terminal: the program quits before this matters
	}
	p[0] = r.data[0]
	r.data = r.data[1:]
	return 1, nil
}

func TestRunNeedsATerminal(t *testing.T) {
	err := Run(newTestStore(t), Options{Output: &bytes.Buffer{}})
	if err == nil || !strings.Contains(err.Error(), "needs a terminal") {
		t.Fatalf("got %v", err)
	}
}

func TestFitBlock(t *testing.T) {
	for _, tc := range []struct {
		in   string
		w, h int
		want string
	}{
		{"abc\ndef", 2, 3, "ab\nde\n"},
		{"a\nb\nc", 5, 2, "a\nb"},
		{"", 3, 0, ""},
		{"ééé", 2, 1, "éé"},
	} {
		if got := fitBlock(tc.in, tc.w, tc.h); got != tc.want {
			t.Errorf("fitBlock(%q,%d,%d) = %q, want %q", tc.in, tc.w, tc.h, got, tc.want)
		}
	}
}

func TestNoColor(t *testing.T) {
	for _, tc := range []struct {
		env  string
		want bool
	}{{"1", true}, {"yes", true}, {"0", true}, {"", false}} {
		t.Setenv("NO_COLOR", tc.env)
		if got := noColor(); got != tc.want {
			t.Errorf("NO_COLOR=%q: noColor() = %v", tc.env, got)
		}
	}
}

// TestQuitSavesTextBeingTyped: ctrl+c while evidence is being typed saves
// it before quitting.
func TestQuitSavesTextBeingTyped(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := openTestScreen(t, st, sess, ScreenAssess, 100, 30)
	press(m, "e")
	typeText(m, "Seen in the March survey")
	_, cmd := m.Update(keyMsg("ctrl+c"))
	if !quits(cmd) {
		t.Fatal("ctrl+c did not quit")
	}
	if err := m.finish(); err != nil {
		t.Fatal(err)
	}
	if got := reload(t, st, "s1").Ratings["d1i1"]; got == nil || got.Evidence != "Seen in the March survey" {
		t.Fatalf("evidence not saved on quit: %+v", got)
	}
}

// TestHelpLineKeepsGlobalKeysWhenNarrow: at the minimum width the screen's
// keys are cut (with "…"), never the global ones.
func TestHelpLineKeepsGlobalKeysWhenNarrow(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(2, 2))
	for _, id := range []ScreenID{ScreenAssess, ScreenResults, ScreenOverview} {
		m := openTestScreen(t, st, sess, id, 60, 16)
		lines := strings.Split(screenText(m), "\n")
		if last := lines[len(lines)-1]; !strings.HasSuffix(last, "esc back • ? help") {
			t.Errorf("screen %d at 60×16: help line %q", id, last)
		}
	}
}

// TestBackupSnapshotAfterFirstFrame: Run's model refreshes the backup in a
// Cmd from Init; failures show as an error (damage) or a warning.
func TestBackupSnapshotAfterFirstFrame(t *testing.T) {
	st := newTestStore(t)
	opts := Options{BackupDelay: time.Nanosecond}.withDefaults()
	m := newModel(st, opts)
	m.backup = newStartupBackup(st, opts)
	pump(m, m.Init())
	if _, err := os.Stat(store.BackupPath(st.Path())); err != nil {
		t.Fatalf("no backup after Init: %v", err)
	}
	pump(m, msgCmd(tea.WindowSizeMsg{Width: 80, Height: 24}))
	for _, tc := range []struct {
		err    error
		status string // the status line after it
	}{
		{nil, ""},
		{errors.New("the disk is full"), "warning: no fresh backup was made: the disk is full"},
		{fmt.Errorf("the backup was left as it is because the file is %w", store.ErrCorrupt), "! the backup was left as it is because the file is damaged"},
	} {
		m.Update(backupDoneMsg{err: tc.err})
		if got := statusOf(m); !strings.HasPrefix(got, tc.status) || (tc.status == "" && strings.TrimSpace(got) != "") {
			t.Errorf("%v: status %q, want %q", tc.err, got, tc.status)
		}
	}
}

// TestBackupAbandonedBeforeStart: quitting before the backup's Cmd ran
// does not wait for it, and the Cmd then does nothing.
func TestBackupAbandonedBeforeStart(t *testing.T) {
	st := newTestStore(t)
	b := newStartupBackup(st, Options{BackupDelay: time.Nanosecond}.withDefaults())
	cmd := b.cmd() // never run by the program
	start := time.Now()
	b.finish()
	if time.Since(start) > time.Second {
		t.Fatal("waited for a backup that never started")
	}
	if msg := cmd(); msg != nil {
		t.Fatalf("an abandoned backup ran: %v", msg)
	}
	if _, err := os.Stat(store.BackupPath(st.Path())); err == nil {
		t.Fatal("an abandoned backup wrote a file")
	}
}

// The demo names its file in the status line when the app starts.
func TestStartNoticeShows(t *testing.T) {
	m := newTestModel(t, newTestStore(t), 80, 24, Options{Notice: "The demo is in a temporary file: /tmp/x/demo.db"})
	requireStatus(t, m, "The demo is in a temporary file: /tmp/x/demo.db")
}

// TestStatusClearedWhenAnotherSessionOpens: a status message from one
// session is gone once another session opens (it stayed: "action step
// saved" under a session where nothing was saved); a message given on
// Home, with no session open, stays for the session it led to.
func TestStatusClearedWhenAnotherSessionOpens(t *testing.T) {
	st := newTestStore(t)
	first := planSession(t, st)
	second := *first
	second.ID, second.Team = "s2", "Southside"
	if _, err := st.Create(&second); err != nil {
		t.Fatal(err)
	}
	m := openTestScreen(t, st, first, ScreenPlan, 80, 24)
	press(m, "e", "ctrl+s")
	requireStatus(t, m, "action step saved")
	press(m, "esc", "esc") // Home
	pump(m, openSession("s2", to(ScreenOverview)))
	if !strings.Contains(titleLine(m), "Southside") {
		t.Fatalf("the second session did not open:\n%s", screenText(m))
	}
	if got := statusOf(m); strings.Contains(got, "action step saved") {
		t.Fatalf("status line %q under another session", got)
	}

	press(m, "esc") // Home
	m.c.SetStatus("a message given on Home")
	pump(m, openSession("s1", to(ScreenOverview)))
	requireStatus(t, m, "a message given on Home")
}
