package tui

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook"
)

func TestMinimumSizeMessage(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := openTestScreen(t, st, sess, ScreenAssess, 40, 12)
	requireScreen(t, m, "make the window larger (needs 60×16)")
	press(m, "3") // keys are ignored while the screen cannot be seen
	if r := m.c.Session.Ratings["d1i1"]; r != nil {
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
	if m.showHelp || m.top().Title() != "Overview" {
		t.Fatalf("help %v top %q", m.showHelp, m.top().Title())
	}
	_, cmd := m.Update(keyMsg("q")) // q quits only on Home
	if cmd != nil {
		if _, ok := cmd().(tea.QuitMsg); ok {
			t.Fatal("q quit from the Overview")
		}
	}
	_, cmd = m.Update(keyMsg("ctrl+c"))
	if cmd == nil {
		t.Fatal("ctrl+c did nothing")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("ctrl+c did not quit")
	}
}

// TestEditCoalescesSaves: edits made while a save is in flight are saved
// together when it returns; only one save runs at a time.
func TestEditCoalescesSaves(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24)
	c := m.c
	first := c.Edit(func(s *workbook.Session) { s.Rating("d1i1").Consensus = 1 })
	if first == nil || !c.Pending() {
		t.Fatal("the first edit started no save")
	}
	if second := c.Edit(func(s *workbook.Session) { s.Rating("d1i2").Consensus = 2 }); second != nil {
		t.Fatal("a second save started while one was in flight")
	}
	pump(m, first) // first save returns → the queued edit is saved
	if c.Pending() {
		t.Fatal("still pending after the saves returned")
	}
	got := reload(t, st, "s1")
	if got.Ratings["d1i1"].Consensus != 1 || got.Ratings["d1i2"].Consensus != 2 || got.Revision != 3 {
		t.Fatalf("stored rev %d ratings %+v", got.Revision, got.Ratings)
	}
	if c.Session.Revision != 3 {
		t.Fatalf("in-memory revision %d, want 3", c.Session.Revision)
	}
	requireScreen(t, m, "saved 14:02:11")
}

func TestSaveRemainingOnExit(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24)
	defer func(d time.Duration) { exitSaveWait = d }(exitSaveWait)
	exitSaveWait = 50 * time.Millisecond
	m.c.Edit(func(s *workbook.Session) { s.Rating("d1i1").Consensus = 4 }) // its Cmd never runs: the program ended
	if err := m.c.saveRemaining(); err != nil {
		t.Fatal(err)
	}
	if reload(t, st, "s1").Ratings["d1i1"].Consensus != 4 {
		t.Fatal("pending edit not saved on exit")
	}
}

// TestSaveRemainingAfterLostReply: the last save finished but its reply never
// reached the loop; later edits must still be saved (no false conflict).
func TestSaveRemainingAfterLostReply(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24)
	cmd := m.c.Edit(func(s *workbook.Session) { s.Rating("d1i1").Consensus = 4 })
	cmd() // the save runs; its savedMsg is lost with the loop
	m.c.Edit(func(s *workbook.Session) { s.Rating("d1i2").Consensus = 1 })
	if err := m.c.saveRemaining(); err != nil {
		t.Fatal(err)
	}
	got := reload(t, st, "s1")
	if got.Ratings["d1i1"].Consensus != 4 || got.Ratings["d1i2"].Consensus != 1 {
		t.Fatalf("stored %+v", got.Ratings)
	}
}

func TestSaveErrorKeepsEdits(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24)
	c := m.c
	c.Edit(func(s *workbook.Session) { s.Rating("d1i1").Consensus = 4 })
	pump(m, msgCmd(savedMsg{target: c.Session, err: errors.New("workbook file x is in use by another edtech-workbook; close it or pass --db")}))
	requireScreen(t, m, "! workbook file x is in use")
	if !c.Pending() {
		t.Fatal("failed edits were dropped")
	}
	press(m, "3") // the next edit retries, with everything
	got := reload(t, st, "s1")
	if got.Ratings["d1i1"].Consensus != 4 || got.Ratings["d1i1"].Members["m1"] != 3 {
		t.Fatalf("retry stored %+v", got.Ratings["d1i1"])
	}
}

func TestStartInSession(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := newModel(st, Options{SessionID: "s1"})
	pump(m, m.Init())
	pump(m, msgCmd(tea.WindowSizeMsg{Width: 80, Height: 24}))
	if m.c.Session == nil || m.c.Session.ID != sess.ID || m.top().Title() != "Overview" {
		t.Fatalf("started on %q", m.top().Title())
	}
	m = newModel(st, Options{SessionID: "nope"})
	pump(m, m.Init())
	pump(m, msgCmd(tea.WindowSizeMsg{Width: 80, Height: 24}))
	requireScreen(t, m, "! session nope")
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
	msgs := collect(cmd, 100*time.Millisecond)
	quit := false
	for _, msg := range msgs {
		if _, ok := msg.(tea.QuitMsg); ok {
			quit = true
		}
	}
	if !quit {
		t.Fatalf("ctrl+c did not quit: %v", msgs)
	}
	if err := m.c.saveRemaining(); err != nil {
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
