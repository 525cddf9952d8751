package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/templatefile"
)

// lineWith is the first line of the frame that contains s ("" when none).
func lineWith(m tea.Model, s string) string {
	for _, l := range screenLines(m) {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

// requireRow fails unless the answer row marked with the cursor is name's.
func requireRow(t *testing.T, m tea.Model, name string) {
	t.Helper()
	if l := lineWith(m, "› "+name); l == "" {
		t.Fatalf("the cursor is not on %q:\n%s", name, screenText(m))
	}
}

func TestAssessRatesMembersThenConsensus(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(3, 4))
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24)
	requireScreen(t, m, "Indicator 1 of 12 · 0 with consensus", "Ana", "Ben", "Team consensus")

	press(m, "3") // Ana → 3, cursor moves to Ben
	requireRow(t, m, "Ben")
	press(m, "0", "2") // Ben not sure, consensus 2
	requireScreen(t, m, "3 Established", "? Not sure", "2 Developing", "people: all 3", "1 with consensus")
	got := reload(t, st, "s1").Ratings["d1i1"]
	if got == nil || got.Members["m1"] != 3 || got.Members["m2"] != workbook.NotSure || got.Consensus != 2 {
		t.Fatalf("stored %+v", got)
	}
	press(m, "backspace") // clears the consensus
	if r := reload(t, st, "s1").Ratings["d1i1"]; r.Consensus != workbook.Unrated {
		t.Fatalf("consensus %v after backspace", r.Consensus)
	}
	requireScreen(t, m, "0 with consensus")
}

func TestAssessNavigation(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(3, 4))
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24)
	for _, tc := range []struct {
		key  string
		want int
	}{{"]", 2}, {"]", 3}, {"[", 2}, {"pgdown", 3}, {"G", 12}, {"]", 12}, {"g", 1}, {"[", 1}} {
		press(m, tc.key)
		requireScreen(t, m, fmt.Sprintf("Indicator %d of 12", tc.want))
	}
	press(m, "down", "down", "down", "down") // people, consensus, evidence, wrap to first
	requireRow(t, m, "Ana")
	press(m, "up")
	requireRow(t, m, "Evidence notes")
	press(m, "]")
	requireRow(t, m, "Ana") // a new indicator starts at the first person
	requireScreen(t, m, "Indicator 2 of 12", "1.2  Indicator 1.2")
}

func TestAssessResumesAtFirstUnrated(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(2, 2))
	sess.Rating("d1i1").Consensus = 3
	sess.Rating("d1i2").Consensus = workbook.NotSure
	if _, err := st.Update(sess); err != nil {
		t.Fatal(err)
	}
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24)
	requireScreen(t, m, "Indicator 3 of 4 · 2 with consensus")
}

func TestAssessHelpKeyIsNotARating(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24)
	press(m, "?")
	if !helpPageShown(m) {
		t.Fatal("? did not open help")
	}
	requireScreen(t, m, "Keys", "not sure")
	press(m, "3") // ignored while help shows
	press(m, "?")
	if r := reload(t, st, "s1").Ratings["d1i1"]; r != nil && len(r.Members) > 0 {
		t.Fatalf("a key behind the help page rated: %+v", r)
	}
	requireRow(t, m, "Ana")
	press(m, "5")
	requireScreen(t, m, "scale goes from 1 to 4")
}

func TestAssessEvidencePriorityContext(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := openTestScreen(t, st, sess, ScreenAssess, 100, 30)
	press(m, "e")
	requireScreen(t, m, "Evidence notes (esc or tab saves)")
	if !fieldHasKeys(m) {
		t.Fatal("e did not give the evidence the keys")
	}
	typeText(m, "Walkthroughs in 3 schools? q")
	press(m, "enter")
	typeText(m, "and surveys")
	if helpPageShown(m) {
		t.Fatal("? acted while typing")
	}
	requireOn(t, m, "Self-assessment") // q did not quit either: Home never came back
	press(m, "esc")                    // saves, does not leave the screen
	requireOn(t, m, "Self-assessment")
	requireNotOnScreen(t, m, "esc or tab saves")
	want := "Walkthroughs in 3 schools? q\nand surveys"
	if got := reload(t, st, "s1").Ratings["d1i1"].Evidence; got != want {
		t.Fatalf("evidence %q", got)
	}
	requireScreen(t, m, "Walkthroughs in 3 schools?", "surveys")

	press(m, "down", "up", "enter") // enter on the evidence row edits too; tab saves
	typeText(m, "!")
	press(m, "tab")
	if got := reload(t, st, "s1").Ratings["d1i1"].Evidence; got != want+"!" {
		t.Fatalf("evidence after tab %q", got)
	}

	press(m, "p")
	if !reload(t, st, "s1").Ratings["d1i1"].Priority {
		t.Fatal("p did not save the priority flag")
	}
	requireScreen(t, m, "★ yes", "· 1.1 ★ Indicator 1.1")
	press(m, "p")
	if reload(t, st, "s1").Ratings["d1i1"].Priority {
		t.Fatal("second p did not clear the priority flag")
	}

	requireScreen(t, m, "press c to show")
	press(m, "c")
	requireScreen(t, m, "English learners: Check that materials", "Large systems:")
	press(m, "]")
	requireScreen(t, m, "English learners:") // stays open on the next indicator
}

// TestAssessConflictKeepsBothSaves: someone else saved another field of
// the session first (another window, another process): the refused save
// reads theirs and puts ours on top, so both answers are kept, silently.
func TestAssessConflictKeepsBothSaves(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24)
	// Someone else saves the session from another window.
	other := reload(t, st, "s1")
	other.Rating("d1i2").Consensus = 4
	if _, err := st.Update(other); err != nil {
		t.Fatal(err)
	}
	press(m, "3") // Ana's rating of indicator 1.1
	got := reload(t, st, "s1")
	if got.Ratings["d1i2"].Consensus != 4 || got.Ratings["d1i1"] == nil || got.Ratings["d1i1"].Members["m1"] != 3 {
		t.Fatalf("both saves must be kept: %+v", got.Ratings)
	}
	if strings.Contains(screenText(m), "someone else") {
		t.Fatalf("nothing conflicted, so nothing is said:\n%s", screenText(m))
	}
	requireScreen(t, m, "saved 14:02:11")
	press(m, "]") // the session shows the other save
	if l := lineWith(m, "Team consensus"); !strings.Contains(l, "4 Leading") {
		t.Fatalf("the other save is not shown: %q", l)
	}
}

// TestAssessConflictOnOneFieldKeepsTheirs: both changed Ana's rating of the
// same indicator: the one saved first stays, ours is not applied, and the
// status line names the field and both values.
func TestAssessConflictOnOneFieldKeepsTheirs(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24)
	other := reload(t, st, "s1")
	other.Rating("d1i1").Members = map[string]workbook.Rating{"m1": 2}
	if _, err := st.Update(other); err != nil {
		t.Fatal(err)
	}
	press(m, "3")
	requireScreen(t, m, "someone else changed this session")
	if l := wholeStatus(m); !strings.Contains(l, "Ana's rating") {
		t.Fatalf("the status line must name the field: %q", l)
	}
	if got := reload(t, st, "s1").Ratings["d1i1"].Members["m1"]; got != 2 {
		t.Fatalf("the rating saved first was overwritten: %v", got)
	}
	if l := lineWith(m, "Ana"); !strings.Contains(l, "2 Developing") {
		t.Fatalf("the screen must show the rating saved first: %q", l)
	}
	press(m, "up", "4") // and saving works again
	if got := reload(t, st, "s1").Ratings["d1i1"].Members["m1"]; got != 4 {
		t.Fatalf("a rating after the conflict was not saved: %v", got)
	}
}

// TestAssessTakesWhatOthersSave: a newer copy someone else saved arrives
// (the cohort server's SessionSaved): the screen shows it at once without
// a word, and an edit not yet saved is put back on top of it.
func TestAssessTakesWhatOthersSave(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24)
	other := reload(t, st, "s1")
	other.Rating("d1i1").Members = map[string]workbook.Rating{"m2": 4}
	saved, err := st.Update(other)
	if err != nil {
		t.Fatal(err)
	}
	pump(m, msgCmd(SessionSaved{Session: saved}))
	if l := lineWith(m, "Ben"); !strings.Contains(l, "4 Leading") {
		t.Fatalf("Ben's rating saved elsewhere is not shown: %q\n%s", l, screenText(m))
	}
	if strings.Contains(screenText(m), "someone else") {
		t.Fatalf("taking another's save is silent:\n%s", screenText(m))
	}
	press(m, "1") // Ana rates: saved on top of Ben's
	got := reload(t, st, "s1").Ratings["d1i1"].Members
	if got["m1"] != 1 || got["m2"] != 4 {
		t.Fatalf("both members' ratings must be stored: %v", got)
	}
	// An old copy (our own save, or one already taken) changes nothing.
	pump(m, msgCmd(SessionSaved{Session: saved}))
	if l := lineWith(m, "Ana"); !strings.Contains(l, "1 Beginning") {
		t.Fatalf("an older copy must not replace a newer one: %q", l)
	}
}

func TestAssessGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"160x48", 160, 48}} {
		t.Run(tc.name, func(t *testing.T) {
			st := newTestStore(t)
			sess := newTestSession(t, st, testTemplate(3, 4))
			m := openTestScreen(t, st, sess, ScreenAssess, tc.w, tc.h)
			press(m, "4", "2", "3", "p", "]", "1")
			requireGolden(t, m)
		})
	}
}

func TestAssessAllSizes(t *testing.T) {
	t.Parallel() // CPU-bound: runs beside the other slow tests
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(3, 4))
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24)
	press(m, "3", "c")
	requireAllSizes(t, m)
	press(m, "e")
	typeText(m, "notes")
	requireSomeSizes(t, m)
}

// BenchmarkAssessKeypress: one key → Update → View on the self-assessment
// of the built-in template (rating keys and indicator moves, alternating).
func BenchmarkAssessKeypress(b *testing.B) {
	for _, size := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"160x48", 160, 48}} {
		b.Run(size.name, func(b *testing.B) {
			st := newTestStore(b)
			tmpl, err := templatefile.BuiltinTemplate("")
			if err != nil {
				b.Fatal(err)
			}
			sess := newTestSession(b, st, *tmpl)
			m := openTestScreen(b, st, sess, ScreenAssess, size.w, size.h)
			keys := []string{"3", "2", "4", "]", "1", "0", "3", "]", "[", "down"}
			msgs := make([]any, len(keys))
			for i, k := range keys {
				msgs[i] = keyMsg(k)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				// The save Cmd is not run (no I/O in the loop), but every edit
				// still pays for the Clone a save takes: the in-flight flag is
				// reset as if the previous save had returned.
				m.c.saves.flight = nil
				m.Update(msgs[i%len(msgs)])
				_ = m.View()
			}
		})
	}
}

func TestAssessScrollsLongText(t *testing.T) {
	st := newTestStore(t)
	tmpl := testTemplate(1, 2)
	tmpl.Domains[0].Indicators[0].Statement = strings.Repeat("A very long statement about systems. ", 30)
	tmpl.Domains[0].Indicators[1].Statement = strings.Repeat("Another long statement about systems. ", 30)
	sess := newTestSession(t, st, tmpl)
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24)
	// The rating view keeps the levels and the answers; the statement is cut
	// and the header says where the rest is.
	requireScreen(t, m, "f full text", "4 Leading: The process is used everywhere", "Team consensus", "systems. A very long …")
	press(m, "f") // the whole text, scrolled with J/K; the answers stay
	requireScreen(t, m, "J/K scroll this text", "whole text, f returns", "Team consensus")
	if strings.Contains(screenText(m), "4 Leading") {
		t.Fatal("expected the levels to be pushed below the fold")
	}
	for i := 0; i < 40; i++ {
		press(m, "J")
	}
	requireScreen(t, m, "4 Leading: The process is used everywhere", "K scrolls back up", "Team consensus")
	press(m, "]") // the next indicator starts at the top of its text, still in full
	requireScreen(t, m, "1.2  Indicator 1.2", "J/K scroll this text", "Team consensus")
	press(m, "f")
	requireScreen(t, m, "1.2  Indicator 1.2", "f full text", "4 Leading", "Team consensus")
	requireNotOnScreen(t, m, "J/K scroll")
}

// statusText is the whole status line (the frame cuts it at the width).
func wholeStatus(m tea.Model) string { return m.(*model).c.status.text }
