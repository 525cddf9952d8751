package tui

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

func TestValidateProblemQuestion(t *testing.T) {
	tests := []struct {
		name, q string
		ok      bool
	}{
		{"one question", "How might we help teachers use the LMS for feedback?", true},
		{"surrounding spaces", "  Why do so few students log in at home?  ", true},
		{"abbreviation mid-sentence", "How can we use e.g. Chromebooks for reading?", true},
		{"initials", "How do we support U.S. history classes?", true},
		{"empty", "", false},
		{"only spaces", "   ", false},
		{"only a question mark", "?", false},
		{"no question mark", "Teachers do not use the LMS.", false},
		{"statement then question", "Teachers do not use the LMS. How might we change that?", false},
		{"two questions", "Why is that? How might we change it?", false},
		{"exclamation inside", "Wow! How might we change it?", false},
		{"two lines", "How might we\nchange it?", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := validateProblemQuestion(tt.q)
			if (err == nil) != tt.ok {
				t.Fatalf("validateProblemQuestion(%q) = %v, want ok=%v", tt.q, err, tt.ok)
			}
			if err != nil && strings.TrimSpace(err.Error()) == "" {
				t.Fatal("error has no text")
			}
		})
	}
}

// problemSession is a session with ratings (two gaps) and coach comments.
func problemSession(t *testing.T, st *store.Store) *workbook.Session {
	t.Helper()
	s := newTestSession(t, st, testTemplate(2, 3)) // its problem questions: see testQuestions
	s.Rating("d2i1").Consensus = 1
	s.Rating("d1i2").Consensus = 2
	s.Rating("d1i1").Consensus = 4
	s.Comments = []workbook.Comment{
		{ID: "c1", Part: workbook.Part(workbook.PartProblem, ""), Author: "Kim", Role: workbook.RoleCoach, Text: "Narrow the question to one grade band.", Created: testNow},
	}
	saved, err := st.Update(s)
	if err != nil {
		t.Fatal(err)
	}
	return saved
}

func TestProblemScreenSavesEachAnswer(t *testing.T) {
	st := newTestStore(t)
	sess := problemSession(t, st)
	m := openTestScreen(t, st, sess, ScreenProblem, 80, 24)
	requireScreen(t, m, "Kim (coach): Narrow the question to one grade band.", "1 · Indicator 2.1 · gap", "2 · Indicator 1.2 · gap", "4 · Indicator 1.1")

	press(m, "x") // a toggle is an answer: saved at once
	if got := reload(t, st, "s1").Problem.FocusIndicators; !sameStrings(got, []string{"d2i1"}) {
		t.Fatalf("focus indicators = %v, want [d2i1] (the weakest gap, offered first)", got)
	}
	press(m, "tab", "right")
	if got := reload(t, st, "s1").Problem.Phase; got != workbook.PhaseSelection {
		t.Fatalf("phase = %q, want %q", got, workbook.PhaseSelection)
	}
	press(m, "tab") // the problem as one question
	if got := focusedField(m); got != "Frame the problem as one question" {
		t.Fatalf("focused field %q", got)
	}
	bad := "Teachers give little feedback. How might we help?"
	typeRunes(m, bad)
	press(m, "tab") // refused: two sentences
	requireScreen(t, m, "more than one sentence")
	if got := reload(t, st, "s1").Problem.Question; got != "" {
		t.Fatalf("invalid question was saved: %q", got)
	}
	erase(m, len(bad))
	typeRunes(m, "How might we help teachers give feedback within a week?")
	press(m, "tab") // on to the template's first question
	typeRunes(m, "Students wait weeks for feedback")
	if got := reload(t, st, "s1").Answer("why_matters").Text; got != "" {
		t.Fatalf("why_matters saved while still typing: %q", got)
	}
	press(m, "tab") // leaving the field commits it
	if got := reload(t, st, "s1").Answer("why_matters").Text; got != "Students wait weeks for feedback" {
		t.Fatalf("why_matters = %q", got)
	}
	press(m, "tab", "tab") // skip two questions: blank answers are allowed
	if got := focusedField(m); got != "Why did you choose this problem?" {
		t.Fatalf("focused field %q", got)
	}
	typeRunes(m, "It came up in every interview")
	press(m, "esc") // esc in a text field saves it and leaves the screen
	got := reload(t, st, "s1")
	if got.Problem.Question != "How might we help teachers give feedback within a week?" {
		t.Fatalf("question = %q", got.Problem.Question)
	}
	if got.Answer("why_chosen").Text != "It came up in every interview" {
		t.Fatalf("why_chosen = %q (esc must commit the field being edited)", got.Answer("why_chosen").Text)
	}
	requireOn(t, m, "Overview") // esc left the problem screen
}

func TestProblemScreenLastFieldFinishes(t *testing.T) {
	st := newTestStore(t)
	sess := problemSession(t, st)
	m := openTestScreen(t, st, sess, ScreenProblem, 100, 40)
	press(m, "tab", "tab")   // to the problem as one question
	for i := 0; i < 6; i++ { // why it matters, who, improvement, why chosen, evidence
		press(m, "tab")
	}
	press(m, "x", "tab") // student groups: first group
	typeRunes(m, "Principals")
	press(m, "tab")
	typeRunes(m, "Our PLC schedule")
	press(m, "enter") // the last field: the form is done
	got := reload(t, st, "s1")
	if !sameStrings(got.Answer("centered").Choices, []string{"English learners"}) || got.Answer("stakeholders").Text != "Principals" ||
		got.Answer("within_control").Text != "Our PLC schedule" {
		t.Fatalf("got %+v", got.Answers)
	}
	requireOn(t, m, "Overview") // finishing the form returns to the Overview
}

func TestProblemGolden80x24(t *testing.T) {
	st := newTestStore(t)
	m := openTestScreen(t, st, problemSession(t, st), ScreenProblem, 80, 24)
	requireGolden(t, m)
}

func TestProblemGolden160x48(t *testing.T) {
	st := newTestStore(t)
	m := openTestScreen(t, st, problemSession(t, st), ScreenProblem, 160, 48)
	press(m, "x", "tab", "right", "tab") // a focus and a phase: the side pane shows them
	requireGolden(t, m)
}

func TestProblemAllSizes(t *testing.T) {
	t.Parallel() // CPU-bound: runs beside the other slow tests
	st := newTestStore(t)
	m := openTestScreen(t, st, problemSession(t, st), ScreenProblem, 80, 24)
	requireAllSizes(t, m)
	requireScreenAllSizes(t, m)
	press(m, "tab", "tab", "tab") // a page with a text area
	requireScreenAllSizes(t, m)
	pump(m, msgCmd(tea.WindowSizeMsg{Width: 80, Height: 24}))
	requireScreen(t, m, "Framing the problem · 1 of 8", "┃ Why does this matter for students?") // the page whole again
}

// typeRunes types s into the focused text field without pumping: printable
// keys in a text field only return cursor-blink Cmds, which pump would wait
// on for every rune. Use press for keys that move or commit.
func typeRunes(m *model, s string) {
	for _, r := range s {
		m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// erase sends n backspaces the same way.
func erase(m *model, n int) {
	for i := 0; i < n; i++ {
		m.Update(keyMsg("backspace"))
	}
}

func TestProblemLongStoredAnswerIsVisible(t *testing.T) {
	st := newTestStore(t)
	s := problemSession(t, st)
	s.SetAnswer("why_matters", workbook.Answer{Text: "Teachers wait weeks to see student work, and students rarely get feedback before the next unit starts, so errors compound."})
	s, err := st.Update(s)
	if err != nil {
		t.Fatal(err)
	}
	m := openTestScreen(t, st, s, ScreenProblem, 100, 30)
	press(m, "tab", "tab", "tab") // the text area with the long answer has the cursor
	requireScreen(t, m, "Teachers wait weeks to see student work")
	pump(m, msgCmd(tea.WindowSizeMsg{Width: 1, Height: 1}))
	screenText(m)
	pump(m, msgCmd(tea.WindowSizeMsg{Width: 100, Height: 30}))
	requireScreen(t, m, "Teachers wait weeks to see student work")
}

// TestProblemQuitSavesFieldInProgress: ctrl+c saves the answer being typed.
func TestProblemQuitSavesFieldInProgress(t *testing.T) {
	st := newTestStore(t)
	m := openTestScreen(t, st, problemSession(t, st), ScreenProblem, 80, 24)
	press(m, "tab", "tab", "tab")
	typeRunes(m, "Half typed")
	_, cmd := m.Update(keyMsg("ctrl+c"))
	if !quits(cmd) {
		t.Fatal("ctrl+c did not quit")
	}
	if err := m.finish(); err != nil {
		t.Fatal(err)
	}
	if got := reload(t, st, "s1").Answer("why_matters").Text; got != "Half typed" {
		t.Fatalf("why_matters = %q after ctrl+c", got)
	}
}

// The focus list is drawn by the screen: every indicator is reachable (it
// scrolls), marks toggle and save at once, ids the list does not offer are
// kept, and shift+tab on the phase comes back to the list.
func TestProblemFocusList(t *testing.T) {
	st := newTestStoreUnchecked(t) // "gone" below is an id the check refuses
	s := problemSession(t, st)
	s.Problem.FocusIndicators = []string{"gone"} // from an imported file
	s, err := st.Update(s)
	if err != nil {
		t.Fatal(err)
	}
	m := openTestScreen(t, st, s, ScreenProblem, 60, 16)
	if fieldHasKeys(m) {
		t.Fatal("the focus list must not capture keys (esc and ? go to the root)")
	}
	requireScreen(t, m, "┃ Focus indicators", "> • 1 · Indicator 2.1 · gap")

	steps := []struct {
		keys []string
		want []string // stored focus indicators after the keys
		see  string   // on screen after the keys
	}{
		{[]string{"x"}, []string{"d2i1", "gone"}, "✓ 1 · Indicator 2.1"},
		{[]string{"G", "space"}, []string{"d2i1", "d2i3", "gone"}, "> ✓ – · Indicator 2.3"},
		{[]string{"g", "x"}, []string{"d2i3", "gone"}, "> • 1 · Indicator 2.1"},
		{[]string{"down", "j", "x"}, []string{"d1i1", "d2i3", "gone"}, "> ✓ 4 · Indicator 1.1"},
	}
	for _, step := range steps {
		press(m, step.keys...)
		if got := reload(t, st, "s1").Problem.FocusIndicators; !sameStrings(got, step.want) {
			t.Fatalf("after %v focus = %v, want %v", step.keys, got, step.want)
		}
		requireScreen(t, m, step.see)
	}

	press(m, "tab")
	requireScreen(t, m, "┃ Phase of the cycle")
	press(m, "shift+tab")
	requireScreen(t, m, "┃ Focus indicators", "> ✓ 4 · Indicator 1.1")
	press(m, "enter")
	requireScreen(t, m, "┃ Phase of the cycle")
	press(m, "tab", "shift+tab") // within the form shift+tab goes back a field
	requireScreen(t, m, "┃ Phase of the cycle")
}

// With the built-in template's 30 indicators the list scrolls to the cursor
// and says where it is.
func TestProblemFocusListScrolls(t *testing.T) {
	st, demoID := benchStore(t, 0)
	m := newTestModel(t, st, 80, 24)
	pump(m, openSession(demoID, to(ScreenProblem)))
	opts := focusOptions(reload(t, st, demoID)) // the list, gaps first
	n := len(opts)
	if n < 20 {
		t.Fatalf("demo offers %d indicators, want the whole template", n)
	}
	requireScreen(t, m, "of "+strconv.Itoa(n))
	cursorOn := func(label string) {
		t.Helper()
		if l := lineWith(m, "> "); !strings.Contains(l, label) {
			t.Fatalf("the cursor is on %q, want %q:\n%s", l, label, screenText(m))
		}
	}
	press(m, "G")
	cursorOn(opts[n-1].Key)
	var first, last int
	if _, err := fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(lineWith(m, "↑↓ ")), "┃")), "↑↓ %d–%d of", &first, &last); err != nil || last != n {
		t.Fatalf("position line %q (%v)", lineWith(m, "↑↓ "), err)
	}
	rows := last - first + 1
	press(m, "pgup") // a page of rows up
	cursorOn(opts[n-1-rows].Key)
	press(m, "g")
	cursorOn(opts[0].Key)
	requireScreen(t, m, "↑↓ 1–")
	requireScreenAllSizes(t, m)
}

// The focus list offers the priorities (★) first, then every gap lowest
// first (ties in template order), then the rest: never a 3 above a 2.
func TestProblemFocusOrder(t *testing.T) {
	st := newTestStore(t)
	s := newTestSession(t, st, testTemplate(2, 4))
	for id, r := range map[string]workbook.Rating{"d1i1": 2, "d1i2": 3, "d1i3": 1, "d1i4": 2, "d2i1": 2, "d2i2": 2, "d2i3": 2, "d2i4": 1} {
		s.Rating(id).Consensus = r
	}
	s.Rating("d2i3").Priority = true
	s, err := st.Update(s)
	if err != nil {
		t.Fatal(err)
	}
	m := openTestScreen(t, st, s, ScreenProblem, 80, 30)
	var got []string
	for _, l := range screenLines(m) {
		if i := strings.Index(l, "Indicator "); i >= 0 {
			got = append(got, strings.TrimSpace(l[i+len("Indicator "):]))
		}
	}
	want := []string{"2.3 · ★ priority", "1.3 · gap", "2.4 · gap", "1.1 · gap", "1.4 · gap", "2.1 · gap", "2.2 · gap", "1.2"}
	if strings.Join(got, " | ") != strings.Join(want, " | ") {
		t.Fatalf("focus list order\n got %q\nwant %q\n%s", got, want, screenText(m))
	}
}
