package tui

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

// Issue 10, finding 1: the app keeps every character. Every text field
// holds the store's per-field limit, text longer than a field can edit is
// refused rather than cut, and a bracketed paste (tea.PasteMsg) lands in
// whichever text field has the keys.

// longText is exactly n characters of answer-like text (some of them
// outside ASCII, so characters and bytes differ), in paragraphs unless
// oneLine. It starts and ends with a letter: trimming cannot shorten it.
func longText(n int, oneLine bool) string {
	words := []string{"Évidence", "seen", "in", "grade 6", "classes;", "漢字", "teachers", "shared", "exit", "tickets."}
	var b strings.Builder
	count, line := 0, 0
	for i := 0; count < n+16; i++ {
		w := words[i%len(words)]
		sep := " "
		if !oneLine && line > 500 {
			sep, line = "\n\n", 0
		}
		if i > 0 {
			b.WriteString(sep)
			count += utf8.RuneCountInString(sep)
			line += len(sep)
		}
		b.WriteString(w)
		count += utf8.RuneCountInString(w)
		line += len(w)
	}
	r := []rune(b.String())[:n-1]
	return string(r) + "Z"
}

func TestLongText(t *testing.T) {
	for _, one := range []bool{false, true} {
		s := longText(65000, one)
		if n := utf8.RuneCountInString(s); n != 65000 {
			t.Fatalf("longText(65000, %v) has %d characters", one, n)
		}
		if strings.TrimSpace(s) != s || strings.Contains(s, "\n") == one {
			t.Fatalf("longText(65000, %v) is not what its tests need", one)
		}
	}
}

func mustUpdate(t *testing.T, st *store.Store, s *workbook.Session) *workbook.Session {
	t.Helper()
	saved, err := st.Update(s)
	if err != nil {
		t.Fatal(err)
	}
	return saved
}

func paste(m tea.Model, text string) tea.Model { return pump(m, msgCmd(tea.PasteMsg{Content: text})) }

// tab moves to the next field, giving huh's own Cmds (focus changes, cursor
// blinks that never return) less time than press does: these tests tab
// through many fields.
func tab(m tea.Model, n int) tea.Model {
	for range n {
		m = pumpWith(m, msgCmd(keyMsg("tab")), 25*time.Millisecond)
	}
	return m
}

// requireUnchanged fails when the stored session differs from before in
// any way (a save of the same content still bumps the revision).
func requireUnchanged(t *testing.T, st *store.Store, before *workbook.Session) {
	t.Helper()
	after := reload(t, st, before.ID)
	if after.Revision != before.Revision {
		t.Errorf("the session was saved (revision %d → %d) though nothing was typed", before.Revision, after.Revision)
	}
	if !reflect.DeepEqual(after, before) {
		t.Errorf("the stored session changed though nothing was typed")
	}
}

func TestEvidenceKeepsEveryCharacter(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	long := longText(65000, false)
	sess.Rating("d1i1").Evidence = long
	sess = mustUpdate(t, st, sess)

	// The keys of the issue: open the session's self-assessment, e, esc.
	m := openTestScreen(t, st, sess, ScreenAssess, 100, 30)
	press(m, "down", "up", "e")
	requireScreen(t, m, "Evidence notes (esc or tab saves)") // e opened the evidence
	press(m, "esc")
	requireUnchanged(t, st, sess)

	// An edit keeps every character before it.
	press(m, "e")
	typeText(m, " Ok")
	press(m, "esc")
	if got := reload(t, st, sess.ID).RatingOf("d1i1").Evidence; got != long+" Ok" {
		t.Fatalf("after typing, the evidence has %d characters, want %d (the old text and the typing)",
			utf8.RuneCountInString(got), utf8.RuneCountInString(long)+3)
	}
}

func TestEvidenceTrailingSpaceKeptWhenUntouched(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 1))
	sess.Rating("d1i1").Evidence = "Seen in class \n"
	sess = mustUpdate(t, st, sess)
	m := openTestScreen(t, st, sess, ScreenAssess, 100, 30)
	press(m, "e", "esc")
	requireUnchanged(t, st, sess)
}

func TestEvidencePaste(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 1))
	m := openTestScreen(t, st, sess, ScreenAssess, 100, 30)
	press(m, "e")
	// Terminals send line breaks in a paste as CR (tmux paste-buffer) or CRLF.
	paste(m, "Exit tickets\r\nfrom 3 classes\rand a survey")
	press(m, "esc")
	if got := reload(t, st, sess.ID).RatingOf("d1i1").Evidence; got != "Exit tickets\nfrom 3 classes\nand a survey" {
		t.Fatalf("evidence after a paste = %q", got)
	}
}

// A paste that would take a field over the limit is refused whole (never
// cut), and the status line says why.
func TestEvidencePasteOverLimitRefused(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 1))
	long := longText(65000, false)
	sess.Rating("d1i1").Evidence = long
	sess = mustUpdate(t, st, sess)
	m := openTestScreen(t, st, sess, ScreenAssess, 200, 30) // room for the whole message
	press(m, "e")
	paste(m, strings.Repeat("x", 600))
	requireError(t, m, "65,536")
	requireError(t, m, "nothing was pasted")
	press(m, "esc")
	requireUnchanged(t, st, sess)
}

// Text the field cannot hold whole (more lines than the text area keeps)
// is not opened for editing: cutting it on leaving would lose the rest.
func TestEvidenceTooManyLinesNotEdited(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 1))
	sess.Rating("d1i1").Evidence = strings.Repeat("a\n", 10200) + "end"
	sess = mustUpdate(t, st, sess)
	m := openTestScreen(t, st, sess, ScreenAssess, 100, 30)
	press(m, "e")
	requireNotOnScreen(t, m, "esc or tab saves") // not opened for editing
	requireError(t, m, "10,201 lines")           // and the status line says why
	press(m, "x", "esc")                         // keys go to the screen, not a field
	requireUnchanged(t, st, sess)
}

// ---------------------------------------------------------------------------
// The form fields of the problem, plan and reflection screens.

// textField is one free-text field of a form pane.
type textField struct {
	title string // as the form shows it
	line  bool   // one line (huh Input)
	date  bool   // must hold a date
	get   func(s *workbook.Session) string
	set   func(s *workbook.Session, v string)
}

// at is a text field held in the string ref reaches.
func at(title string, ref func(s *workbook.Session) *string) textField {
	return textField{title: title, get: func(s *workbook.Session) string { return *ref(s) },
		set: func(s *workbook.Session, v string) { *ref(s) = v }}
}

// answerOf is a text field answering the template question id.
func answerOf(title, id string) textField {
	return textField{title: title, get: func(s *workbook.Session) string { return s.Answer(id).Text },
		set: func(s *workbook.Session, v string) { s.SetAnswer(id, workbook.Answer{Text: v}) }}
}

func (f textField) oneLine() textField { f.line = true; return f }
func (f textField) isDate() textField  { f.date = true; return f }

// paneCase opens one form pane (from the screen, with keys) and lists its
// text fields in tab order.
type paneCase struct {
	name   string
	screen ScreenID
	open   []string
	fields []textField
}

func paneCases() []paneCase {
	return []paneCase{
		{"problem", ScreenProblem, []string{"tab"}, []textField{
			at("Frame the problem as one question", func(s *workbook.Session) *string { return &s.Problem.Question }).oneLine(),
			answerOf("Why does this matter for students?", "why_matters"),
			answerOf("Who is most affected?", "who_affected"),
			answerOf("What would improvement look like?", "improvement"),
			answerOf("Why did you choose this problem?", "why_chosen"),
			answerOf("What evidence shows it?", "evidence"),
			answerOf("Which stakeholders will you engage?", "stakeholders"),
			answerOf("What is within the team's control?", "within_control"),
		}},
		{"aim", ScreenPlan, []string{"shift+tab", "e"}, []textField{
			at("Write a measurable aim", func(s *workbook.Session) *string { return &s.Plan.Aim }),
			at("Date to reach the aim", func(s *workbook.Session) *string { return &s.Plan.AimDate }).oneLine().isDate(),
			at("Inputs", func(s *workbook.Session) *string { return &s.Plan.Logic.Inputs }),
			at("Activities", func(s *workbook.Session) *string { return &s.Plan.Logic.Activities }),
			at("Outputs", func(s *workbook.Session) *string { return &s.Plan.Logic.Outputs }),
			at("Outcomes", func(s *workbook.Session) *string { return &s.Plan.Logic.Outcomes }),
		}},
		{"action", ScreenPlan, []string{"e"}, []textField{
			at("What will be done", func(s *workbook.Session) *string { return &s.Plan.Actions[0].What }).oneLine(),
			at("Due date", func(s *workbook.Session) *string { return &s.Plan.Actions[0].Due }).oneLine().isDate(),
			at("Measure of progress", func(s *workbook.Session) *string { return &s.Plan.Actions[0].Measure }).oneLine(),
		}},
		{"data row", ScreenPlan, []string{"tab", "e"}, []textField{
			at("Measure", func(s *workbook.Session) *string { return &s.Plan.DataPlan[0].Measure }).oneLine(),
			at("Source", func(s *workbook.Session) *string { return &s.Plan.DataPlan[0].Source }).oneLine(),
			at("Baseline", func(s *workbook.Session) *string { return &s.Plan.DataPlan[0].Baseline }).oneLine(),
			at("Target", func(s *workbook.Session) *string { return &s.Plan.DataPlan[0].Target }).oneLine(),
			at("Cadence", func(s *workbook.Session) *string { return &s.Plan.DataPlan[0].Cadence }).oneLine(),
		}},
		{"check-in", ScreenReflect, []string{"e"}, []textField{
			at("Date", func(s *workbook.Session) *string { return &s.CheckIns[0].Date }).oneLine().isDate(),
			at("What did we do?", func(s *workbook.Session) *string { return &s.CheckIns[0].Did }),
			at("What did we learn?", func(s *workbook.Session) *string { return &s.CheckIns[0].Learned }),
			at("What next?", func(s *workbook.Session) *string { return &s.CheckIns[0].Next }),
		}},
		{"end of year", ScreenReflect, []string{"tab", "e"}, []textField{
			at("Why this decision?", func(s *workbook.Session) *string { return &s.Reflection.DecisionReason }),
			at("Note", func(s *workbook.Session) *string { return &s.Reflection.Conditions[0].Note }).oneLine(),
			answerOf("Which leadership moves mattered?", "leadership_moves"),
			answerOf("Tell the story of change", "story"),
		}},
	}
}

// paneSession stores a session with one row in every table (action step,
// data plan, check-in, condition note), every text field set by fill.
func paneSession(t *testing.T, st *store.Store, fill func(f textField) string) *workbook.Session {
	t.Helper()
	tmpl := testTemplate(1, 2)
	tmpl.Conditions = []workbook.Choice{{ID: "c1", Title: "Time to learn"}}
	tmpl.Decisions = []workbook.Choice{{ID: "continue", Title: "Continue"}}
	s := newTestSession(t, st, tmpl)
	s.Plan.Actions = []workbook.ActionStep{{ID: "a1", Status: workbook.StatusNotStarted}}
	s.Plan.DataPlan = []workbook.DataRow{{ID: "r1"}}
	s.CheckIns = []workbook.CheckIn{{ID: "k1"}}
	s.Reflection.Conditions = []workbook.ConditionNote{{Condition: "c1"}}
	for _, pc := range paneCases() {
		for _, f := range pc.fields {
			f.set(s, fill(f))
		}
	}
	return mustUpdate(t, st, s)
}

// focusField presses tab until the field titled title has the cursor.
func focusField(t *testing.T, m *model, title string) {
	t.Helper()
	for range 40 {
		if focusedField(m) == title {
			return
		}
		tab(m, 1)
	}
	t.Fatalf("tab never reached field %q (status %q):\n%s", title, statusOf(m), screenText(m))
}

func TestFormFieldsKeepLongText(t *testing.T) {
	for _, pc := range paneCases() {
		t.Run(pc.name, func(t *testing.T) {
			t.Parallel() // CPU-bound: the panes run side by side
			st := newTestStore(t)
			sess := paneSession(t, st, func(f textField) string {
				switch {
				case f.date:
					return "2026-05-29"
				case f.title == "Frame the problem as one question": // one sentence
					return "How might we " + strings.ReplaceAll(longText(64000, true), ".", ",") + "?"
				}
				return longText(65000, f.line)
			})
			m := openTestScreen(t, st, sess, pc.screen, 100, 30)
			press(m, pc.open...)
			for _, f := range pc.fields { // move through every field
				focusField(t, m, f.title)
			}
			press(m, "shift+tab", "tab", "esc")
			requireUnchanged(t, st, sess)
		})
	}
}

func TestFormFieldsTakePaste(t *testing.T) {
	for _, pc := range paneCases() {
		for _, f := range pc.fields {
			t.Run(pc.name+"/"+f.title, func(t *testing.T) {
				t.Parallel()
				st := newTestStore(t)
				sess := paneSession(t, st, func(textField) string { return "" })
				m := openTestScreen(t, st, sess, pc.screen, 100, 30)
				press(m, pc.open...)
				focusField(t, m, f.title)
				text, want := "Pasted with care — "+strings.Repeat("ü", 3000)+"!", ""
				switch {
				case f.date:
					text = "2026-05-29"
				case f.title == "Frame the problem as one question":
					text = "How might we " + strings.Repeat("go ", 1000) + "faster?"
				}
				want = text
				paste(m, text)
				press(m, "esc")
				got := reload(t, st, sess.ID)
				if v := f.get(got); v != want {
					t.Fatalf("%s after a paste holds %d characters %q…, want %d", f.title, utf8.RuneCountInString(v), prefixOf(v, 40), utf8.RuneCountInString(want))
				}
			})
		}
	}
}

func prefixOf(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// A one-line field holding several lines shows them joined; moving
// through it without typing never rewrites it.
func TestFormLineFieldWithLinesUntouched(t *testing.T) {
	st := newTestStore(t)
	sess := paneSession(t, st, func(textField) string { return "" })
	sess.Plan.Actions[0].What = "Train teachers\nthen coach them\t(all year)"
	sess = mustUpdate(t, st, sess)
	m := openTestScreen(t, st, sess, ScreenPlan, 100, 30)
	press(m, "e")
	requireScreen(t, m, "Train teachers then coach them")
	press(m, "tab", "tab", "tab", "tab", "esc")
	requireUnchanged(t, st, sess)
}

// Text a field cannot hold whole (more lines than a text area keeps) is
// shown as a note saying why, never opened for editing, never rewritten.
func TestFormFieldTooManyLinesRefused(t *testing.T) {
	st := newTestStore(t)
	sess := paneSession(t, st, func(textField) string { return "" })
	sess.SetAnswer("why_matters", workbook.Answer{Text: strings.Repeat("a\n", 10200) + "end"})
	sess = mustUpdate(t, st, sess)
	m := openTestScreen(t, st, sess, ScreenProblem, 100, 30)
	press(m, "tab", "tab", "tab")
	requireScreen(t, m, "cannot be edited here", "10,201 lines")
	press(m, "x", "tab", "tab", "esc")
	requireUnchanged(t, st, sess)
}

// ---------------------------------------------------------------------------
// The other text fields: the comment dialog, the roster, a new session,
// carrying forward, the export path and the home filter.

func TestCommentTakesPasteAndLongText(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 1))
	m := openTestScreen(t, st, sess, ScreenAssess, 100, 30)
	press(m, "C")
	requireOn(t, m, "Comment")
	long := longText(65000, false)
	paste(m, "Coach Kim")
	press(m, "tab")
	paste(m, long)
	pump(m, msgCmd(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}))
	got := reload(t, st, sess.ID).Comments
	if len(got) != 1 || got[0].Author != "Coach Kim" || got[0].Text != long {
		t.Fatalf("comments = %d; want one by Coach Kim with all %d characters", len(got), utf8.RuneCountInString(long))
	}
}

func TestRosterKeepsLongNameAndTakesPaste(t *testing.T) {
	t.Parallel() // CPU-bound: runs beside the other slow tests
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 1))
	long := longText(65000, true)
	sess.Roster[0].Name = long
	sess = mustUpdate(t, st, sess)
	m := openTestScreen(t, st, sess, ScreenOverview, 100, 30)
	press(m, "t", "enter") // Ana's name and role
	press(m, "enter", "enter")
	if got := reload(t, st, sess.ID).Roster[0].Name; got != long {
		t.Fatalf("after the roster form the name has %d characters, want %d", utf8.RuneCountInString(got), 65000)
	}

	press(m, "t", "down", "down", "enter") // add a person
	name := "Dr. " + strings.Repeat("Maria-José ", 20) + "Okafor"
	paste(m, name)
	press(m, "enter", "enter")
	r := reload(t, st, sess.ID).Roster
	if len(r) != 3 || r[2].Name != name {
		t.Fatalf("roster after a pasted name: %d people, last %q", len(r), r[len(r)-1].Name)
	}
}

func TestNewSessionTakesPaste(t *testing.T) {
	st := newTestStore(t)
	m := newTestModel(t, st, 100, 30)
	press(m, "n")
	team := "Northside Unified School District " + strings.Repeat("edtech and library media team ", 5)
	paste(m, team)
	press(m, "enter")
	fillRest := func() { // district, year, template, one person, done
		typeText(m, "North USD")
		press(m, "enter")
		typeText(m, "2025-26")
		press(m, "enter", "enter")
		typeText(m, "Ana")
		press(m, "enter", "enter", "n")
	}
	fillRest()
	requireStatus(t, m, "created Northside Unified")
	sums, err := st.List()
	if err != nil || len(sums) != 1 {
		t.Fatalf("stored %d sessions (%v)", len(sums), err)
	}
	if got := reload(t, st, sums[0].ID).Team; got != strings.TrimSpace(team) {
		t.Fatalf("team after a paste = %q (%d characters), want %d", got, utf8.RuneCountInString(got), utf8.RuneCountInString(team)-1)
	}
}

func TestCarryYearTakesPaste(t *testing.T) {
	st := newTestStore(t)
	newTestSession(t, st, testTemplate(1, 1))
	m := newTestModel(t, st, 100, 30)
	press(m, "c")
	requireOn(t, m, "Carry forward")
	pump(m, msgCmd(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})) // clear the offered year
	paste(m, " 2027-28 ")
	press(m, "enter", "enter") // the year whole (spaces trimmed), the same template
	requireScreen(t, m, "Created Northside · 2027-28")
}

func TestExportPathTakesPaste(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 1))
	m := openTestScreen(t, st, sess, ScreenSummary, 100, 30)
	press(m, "x", "enter") // the first format
	requireScreen(t, m, "Export to file")
	pump(m, msgCmd(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}))
	dir := t.TempDir() + "/" + strings.Repeat("long-folder-name/", 70)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := dir + "summary.md"
	paste(m, path)
	press(m, "enter")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the export did not go to the pasted path (%d characters): %v\n%s", len(path), err, statusOf(m))
	}
}

func TestHomeFilterTakesPaste(t *testing.T) {
	st := newTestStore(t)
	newTestSession(t, st, testTemplate(1, 1))
	m := newTestModel(t, st, 100, 30)
	press(m, "/")
	paste(m, "North\x1b[31m")
	if l := lineWith(m, "Filter: "); !strings.Contains(l, "Filter: North[31m█") && !strings.Contains(l, "Filter: North█") {
		t.Fatalf("filter after a paste: %q", l)
	}
	requireScreen(t, m, "Northside")
}

func TestAccessibleTakesLongAnswers(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 1))
	long := strings.Repeat("é", 20000) + " end"                         // 40,000 bytes on one line
	runAccessible(t, st, sess.ID, menuAssessment, "", "", "", "", long) // the evidence
	if got := reload(t, st, sess.ID).Ratings["d1i1"]; got == nil || got.Evidence != long {
		t.Fatalf("evidence typed in the plain prompts was not saved whole")
	}
}

// A full field refuses more typing with a message; the text area's own
// limit counts cells, so the app holds it to characters itself.
func TestFullFieldRefusesTyping(t *testing.T) {
	st := newTestStore(t)
	sess := paneSession(t, st, func(textField) string { return "" })
	full := longText(workbook.MaxFieldChars, false) // wider than that in cells: it has CJK
	sess.Rating("d1i1").Evidence = full
	sess.SetAnswer("why_matters", workbook.Answer{Text: full})
	sess = mustUpdate(t, st, sess)

	m := openTestScreen(t, st, sess, ScreenAssess, 100, 30)
	press(m, "e", "x")
	requireError(t, m, "this field is full")
	press(m, "esc")
	m = openTestScreen(t, st, sess, ScreenProblem, 100, 30)
	press(m, "tab", "tab")
	focusField(t, m, "Why does this matter for students?")
	press(m, "x")
	requireError(t, m, "this field is full")
	press(m, "tab", "esc")
	requireUnchanged(t, st, sess)
}

func TestFitError(t *testing.T) {
	tests := []struct {
		name string
		k    fieldKind
		v    string
		ok   bool
	}{
		{"plain", areaField, "Exit tickets from grade 6", true},
		{"tabs and CRLF are only spacing", areaField, "a\tb\r\nc", true},
		{"control characters are never shown", areaField, "a\x1b[31mb\x07", true},
		{"lines joined on one line", lineField, "first\nsecond", true},
		{"too many lines for a text area", areaField, strings.Repeat("a\n", textareaMaxLines) + "b", false},
		{"over the limit", lineField, strings.Repeat("a", fieldLimit+1), false},
		{"a replacement character is dropped", areaField, "caf\uFFFD", false},
	}
	for _, tt := range tests {
		err := fitError(tt.k, "the text", tt.v, shownBy(tt.k, tt.v))
		if (err == nil) != tt.ok {
			t.Errorf("%s: fitError = %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}

func TestPasteError(t *testing.T) {
	if err := pasteError(areaField, strings.Repeat("a", fieldLimit-4), "\t"); err != nil {
		t.Errorf("a tab (four spaces) into four free characters: %v", err)
	}
	if err := pasteError(areaField, strings.Repeat("a", fieldLimit-3), "\t"); err == nil {
		t.Error("a tab (four spaces) into three free characters was accepted")
	}
	if err := pasteError(lineField, strings.Repeat("é", fieldLimit-1), "é"); err != nil {
		t.Errorf("one character into one free character: %v", err)
	}
	if err := pasteError(areaField, "", strings.Repeat("\n", textareaMaxLines)); err == nil {
		t.Error("a paste of more lines than a text area holds was accepted")
	}
	if got := normalizePaste("a\r\nb\rc\n"); got != "a\nb\nc\n" {
		t.Errorf("normalizePaste = %q", got)
	}
}

// An answer longer than a field holds is refused whole, with the limit,
// and asked again: never cut, never read as the next answers (huh's
// prompts, before, stopped at a line over 64 KiB, or took its start as the
// answer and the rest as the next ones). A line too long to read is
// refused the same way.
func TestAccessibleOverlongAnswerIsRefused(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 1))
	out := runAccessible(t, st, sess.ID, menuAssessment, "", "", "", "",
		strings.Repeat("x", workbook.MaxFieldChars+1), // over the limit by one character
		strings.Repeat("é", 3*workbook.MaxFieldChars), // over what a line may hold
		"Short notes")
	if got := reload(t, st, sess.ID).RatingOf("d1i1").Evidence; got != "Short notes" {
		t.Fatalf("evidence = %.40q…", got)
	}
	for _, want := range []string{"the answer is 65,537 characters; the limit is 65,536",
		"That answer is longer than the 65,536 characters a field holds; nothing was saved."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}
