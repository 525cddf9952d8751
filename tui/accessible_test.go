package tui

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
	"edtech-workbook/workbook/templatefile"
)

// runAccessible pipes answers (one per line) into the accessible prompts,
// with the clock at testNow.
func runAccessible(t *testing.T, st *store.Store, sessionID string, answers ...string) string {
	t.Helper()
	out, err := runAccessibleErr(st, sessionID, answers...)
	if err != nil {
		t.Fatalf("accessible run: %v\n%s", err, out)
	}
	return out
}

func runAccessibleErr(st *store.Store, sessionID string, answers ...string) (string, error) {
	var out bytes.Buffer
	in := strings.NewReader(strings.Join(answers, "\n") + "\n")
	err := Run(st, Options{Accessible: true, SessionID: sessionID, Input: in, Output: &out, Now: func() time.Time { return testNow }})
	return out.String(), err
}

// The menu's numbers (see RunAccessible).
const (
	menuContinue   = "1"
	menuSetUp      = "2"
	menuAssessment = "3"
	menuProblem    = "4"
	menuPlan       = "5"
	menuActions    = "6"
	menuDataPlan   = "7"
	menuCheckIns   = "8"
	menuYear       = "9"
	menuRead       = "10"
	menuExporting  = "11"
	menuCommenting = "12"
	menuQuitting   = "13"
)

func TestAccessibleNewSessionFromPipedAnswers(t *testing.T) {
	st := newTestStore(t)
	tmpl, err := templatefile.Resolve(st, templatefile.DefaultTemplateID)
	if err != nil {
		t.Fatal(err)
	}
	first := tmpl.Indicators()[0]
	out := runAccessible(t, st, "",
		"Northside", "Northside USD", "2025-27", "2025-26", // a wrong school year is asked again
		"", "Ana", "1", // the first person is needed
		"Ben", "3", "Cleo", "Board member", "", // a role from the list, one in words; blank ends the roster
		"", // the menu: continue where we left off (indicator 1)
		"3", "0", "", "2", "Half the schools use it", "Students without devices", "y",
		// end of input here: the run ends cleanly with what was answered
	)
	s := onlySession(t, st)
	if s.Team != "Northside" || s.District != "Northside USD" || s.SchoolYear != "2025-26" || s.Template.ID != templatefile.DefaultTemplateID {
		t.Fatalf("set-up = %q %q %q %q", s.Team, s.District, s.SchoolYear, s.Template.ID)
	}
	if len(s.Roster) != 3 || s.Roster[0].Name != "Ana" || s.Roster[0].Role != tmpl.Roles[0] || s.Roster[1].Role != tmpl.Roles[2] ||
		s.Roster[2].Name != "Cleo" || s.Roster[2].Role != "Board member" {
		t.Fatalf("roster = %+v", s.Roster)
	}
	r := s.Ratings[first.ID]
	ana, ben, cleo := s.Roster[0].ID, s.Roster[1].ID, s.Roster[2].ID
	if r == nil || r.Members[ana] != 3 || r.Members[ben] != workbook.NotSure || r.Members[cleo] != workbook.Unrated || r.Consensus != 2 ||
		r.Evidence != "Half the schools use it" || r.Equity != "Students without devices" || !r.Priority {
		t.Fatalf("first indicator = %+v", r)
	}
	if len(s.Ratings) != 1 {
		t.Fatalf("only the first indicator was answered, got %d ratings", len(s.Ratings))
	}
	for _, want := range []string{"Team name:", "should end with the year after 2025", "the team needs at least one person",
		"Continue where you left off: Self-assessment, indicator 1 of 36", cleanLine(first.Title), "Equity pause:",
		"Saved: Northside, 2025-26"} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b") {
		t.Fatal("escape sequences were written to a pipe")
	}
}

// Issue 11: end of input during set-up stored a session with an empty
// school year. Now nothing is stored until the set-up is valid and the
// first person is complete.
func TestAccessibleEndOfInputDuringSetUpStoresNothing(t *testing.T) {
	for _, answers := range [][]string{
		{"Northside"},
		{"Northside", "Northside USD"},
		{"Northside", "Northside USD", "2025-27"},         // a wrong year, then end of input
		{"Northside", "Northside USD", "2025-26"},         // before the first person
		{"Northside", "Northside USD", "2025-26", "", ""}, // blank names are refused
		{"Northside", "Northside USD", "2025-26", "Ana"},  // the first person has no role yet
	} {
		st := newTestStore(t)
		out := runAccessible(t, st, "", answers...)
		if sums, _ := st.List(); len(sums) != 0 {
			t.Fatalf("end of input after %q stored %d sessions", answers, len(sums))
		}
		if !strings.Contains(out, "Nothing was saved: the set-up of the new session was not finished.") {
			t.Errorf("after %q the output does not say nothing was saved:\n%s", answers, out)
		}
	}
}

// End of input in the middle of a part keeps the answers given before it
// and nothing of the answer refused just before it.
func TestAccessibleEndOfInputMidPartKeepsCommittedAnswers(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 1))
	runAccessible(t, st, sess.ID, menuPlan, "Feedback in a week", "2026-13-01") // a wrong date, then end of input
	s := reload(t, st, sess.ID)
	if s.Plan.Aim != "Feedback in a week" || s.Plan.AimDate != "" {
		t.Fatalf("aim = %q, date = %q", s.Plan.Aim, s.Plan.AimDate)
	}
	if s.Revision != sess.Revision+1 {
		t.Fatalf("revision %d → %d: one answer was given", sess.Revision, s.Revision)
	}
}

// Issue 11: a blank line did not keep a multi-select's choices (huh took it
// as an invalid number and read the next answer in its place).
func TestAccessibleBlankKeepsAMultiSelect(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 1))
	sess.SetAnswer("centered", workbook.Answer{Choices: []string{"Students with IEPs"}})
	sess = mustUpdate(t, st, sess)
	out := runAccessible(t, st, sess.ID,
		menuProblem,
		"", "", "", // focus, phase, problem kept
		"", "", "", "", "", // text questions kept
		"",           // student groups: blank keeps
		"Principals", // stakeholders
	)
	s := reload(t, st, sess.ID)
	if got := s.Answer("centered").Choices; !sameStrings(got, []string{"Students with IEPs"}) || s.Answer("stakeholders").Text != "Principals" {
		t.Fatalf("centered = %v, stakeholders = %q\n%s", got, s.Answer("stakeholders").Text, out)
	}
	if !strings.Contains(out, "2. Students with IEPs (chosen)") {
		t.Errorf("the current choice is not marked:\n%s", out)
	}
}

// Blank keeps everything: a fully answered session walked through with
// blank lines only, every part several times over, is not saved once.
func TestAccessibleBlankLinesChangeNothing(t *testing.T) {
	st := newTestStore(t)
	demo := testfixture.Demo(t)
	answerEverything(demo) // then continuing starts at the beginning and walks it all
	if err := st.Put(demo); err != nil {
		t.Fatal(err)
	}
	before := reload(t, st, demo.ID)
	out := runAccessible(t, st, demo.ID, make([]string, 3000)...)
	if after := reload(t, st, demo.ID); after.Revision != before.Revision {
		t.Fatalf("blank answers saved the session (revision %d → %d)", before.Revision, after.Revision)
	}
	for _, want := range []string{"Indicator 36 of 36", "(chosen)", "Go on to Problem of practice?", "Add an action step", "Add a check-in", "That was the last part of the workbook."} {
		if !strings.Contains(out, want) {
			t.Errorf("the walk did not reach %q", want)
		}
	}
}

// answerEverything gives every item of s without an answer one.
func answerEverything(s *workbook.Session) {
	for _, in := range s.Template.Indicators() {
		if r := s.Rating(in.ID); r.Consensus == workbook.Unrated {
			r.Consensus = 2
		}
	}
	for _, part := range workbook.QuestionParts() {
		for _, q := range s.Template.Questions.In(part) {
			switch {
			case !s.Answer(q.ID).Empty():
			case q.Kind.HasOptions():
				s.SetAnswer(q.ID, workbook.Answer{Choices: []string{q.Options[0].ID}})
			case q.Kind == workbook.KindStudentGroups:
				s.SetAnswer(q.ID, workbook.Answer{Choices: []string{s.Template.StudentGroups[0]}})
			default:
				s.SetAnswer(q.ID, workbook.Answer{Text: "An answer"})
			}
		}
	}
	p := &s.Problem
	p.Phase, p.Question = orText(p.Phase, workbook.PhaseSelection), orText(p.Question, "Why?")
	if len(p.FocusIndicators) == 0 {
		p.FocusIndicators = []string{s.Template.Indicators()[0].ID}
	}
	pl := &s.Plan
	for _, f := range []*string{&pl.Aim, &pl.Logic.Inputs, &pl.Logic.Activities, &pl.Logic.Outputs, &pl.Logic.Outcomes,
		&s.Reflection.DecisionReason} {
		*f = orText(*f, "An answer")
	}
	pl.AimDate = orText(pl.AimDate, "2026-05-29")
	s.Reflection.Decision = orText(s.Reflection.Decision, workbook.DecisionContinue)
	if len(pl.Actions) == 0 || len(pl.DataPlan) == 0 || len(s.CheckIns) == 0 || len(s.Reflection.Conditions) == 0 {
		panic("the demo lost its action steps, data plan, check-ins or conditions")
	}
}

// Issue 11: reopening a session started again at indicator 1. Now the menu
// continues at the first item without an answer.
func TestAccessibleReopenResumes(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	sess.Rating("d1i1").Consensus = 3
	sess = mustUpdate(t, st, sess)
	out := runAccessible(t, st, sess.ID, menuContinue, "2") // the first answer goes to the first unanswered item
	s := reload(t, st, sess.ID)
	if s.RatingOf("d1i2").Members["m1"] != 2 || len(s.RatingOf("d1i1").Members) != 0 {
		t.Fatalf("d1i1 = %+v, d1i2 = %+v", s.RatingOf("d1i1"), s.RatingOf("d1i2"))
	}
	if !strings.Contains(out, "Continue where you left off: Self-assessment, indicator 2 of 2, Indicator 1.2") {
		t.Errorf("the menu does not say where it continues:\n%s", out)
	}

	// Every indicator rated: it continues in the problem of practice, and
	// on into the next part when asked.
	s.Rating("d1i2").Consensus = 2
	s = mustUpdate(t, st, s)
	out = runAccessible(t, st, s.ID, "", "1") // continue; the focus: the first (the gap)
	if got := reload(t, st, s.ID).Problem.FocusIndicators; !sameStrings(got, []string{"d1i2"}) {
		t.Fatalf("focus = %v\n%s", got, out)
	}
	if !strings.Contains(out, "Continue where you left off: Problem of practice, Focus indicators") {
		t.Errorf("the menu does not continue in the problem of practice:\n%s", out)
	}

	// A part can be opened at any indicator.
	out = runAccessible(t, st, s.ID, menuAssessment, "2", "", "", "4")
	if got := reload(t, st, s.ID).RatingOf("d1i2").Consensus; got != 4 {
		t.Fatalf("consensus of indicator 2 = %v, want 4\n%s", got, out)
	}
}

func TestAccessibleProblemAndPlan(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	runAccessible(t, st, "",
		"2",                // which session: 1 = new, 2 = Northside
		menuAssessment, "", // from the first indicator
		"4", "", "9", "3", "", "", "", // indicator 1: Ana 4, Ben kept, consensus 9 refused then 3
		"", "", "", "", "", "", // indicator 2: all blank (kept as is)
		menuProblem,
		"2",              // focus: the second indicator
		"3",              // phase: 1 not chosen, 2 selection, 3 implementation
		"Too slow. Why?", // refused: two sentences
		"How might we speed up feedback?",
		"It matters", "", "", // the template's questions: why it matters, who, improvement
		"", "", // why chosen, evidence
		"1 7", "1", // student groups: 7 is refused; English learners
		"Principals", "", // stakeholders, within control
		menuPlan,
		"Feedback in a week",       // aim
		"2026-13-01", "2026-05-29", // a bad date is asked again
		"PD hours", "", "", "", // the logic model
		menuActions, "1", "Train teachers", "3", "2026-02-01", "", "# trained", "", // one action step, owner Ben
	)
	s := reload(t, st, sess.ID)
	r := s.Ratings["d1i1"]
	if r == nil || r.Members["m1"] != 4 || len(r.Members) != 1 || r.Consensus != 3 {
		t.Fatalf("d1i1 = %+v", r)
	}
	if r2, ok := s.Ratings["d1i2"]; ok {
		t.Fatalf("blank answers changed d1i2: %+v", r2)
	}
	p := s.Problem
	if !sameStrings(p.FocusIndicators, []string{"d1i2"}) || p.Phase != workbook.PhaseImplementation || s.Answer("why_matters").Text != "It matters" ||
		p.Question != "How might we speed up feedback?" || !sameStrings(s.Answer("centered").Choices, []string{"English learners"}) ||
		s.Answer("stakeholders").Text != "Principals" {
		t.Fatalf("problem = %+v, answers %+v", p, s.Answers)
	}
	pl := s.Plan
	if pl.Aim != "Feedback in a week" || pl.AimDate != "2026-05-29" || pl.Logic.Inputs != "PD hours" || len(pl.Actions) != 1 {
		t.Fatalf("plan = %+v", pl)
	}
	a := pl.Actions[0]
	if a.What != "Train teachers" || a.Owner != "m2" || a.Due != "2026-02-01" || a.Measure != "# trained" || a.Status != workbook.StatusNotStarted {
		t.Fatalf("action = %+v", a)
	}
}

// The tables: action steps added, edited, their status changed, deleted
// only when confirmed; data-plan rows and check-ins the same way.
func TestAccessibleTables(t *testing.T) {
	st := newTestStore(t)
	sess := planSession(t, st) // steps a1 "Train grade 6 teachers", a2 "Survey students"; row r1
	out := runAccessible(t, st, sess.ID,
		menuActions,
		"2", "1", "Train all grade 6 teachers", "", "", "", "", // edit step 1: only its what
		"3", "2", "4", // the status of step 2: stuck
		"4", "1", "n", // delete step 1? no
		"4", "1", "", // blank keeps it too
		"4", "2", "y", // delete step 2
		"6", // done
		menuDataPlan,
		"2", "1", "", "", "25%", "", "", // the baseline of row 1
		"1", "", "", "", "", "", // an added row left blank is not added
		"5",
		menuCheckIns,
		"1", "", "Trained grade 6", "", "", "", "", "", // added, dated today (no notes, no value of the measure)
		"1", "2026-01-20", "Met the principals", "", "", "", "", "",
		"3", "2", "y", // deleted
		"4",
		menuQuitting,
	)
	s := reload(t, st, sess.ID)
	if len(s.Plan.Actions) != 1 || s.Plan.Actions[0].ID != "a1" || s.Plan.Actions[0].What != "Train all grade 6 teachers" ||
		s.Plan.Actions[0].Status != workbook.StatusInProgress || s.Plan.Actions[0].Owner != "m1" {
		t.Fatalf("actions = %+v\n%s", s.Plan.Actions, out)
	}
	if len(s.Plan.DataPlan) != 1 || s.Plan.DataPlan[0].Baseline != "25%" || s.Plan.DataPlan[0].Target != "80%" {
		t.Fatalf("data plan = %+v", s.Plan.DataPlan)
	}
	if len(s.CheckIns) != 1 || s.CheckIns[0].Date != "2026-03-02" || s.CheckIns[0].Did != "Trained grade 6" {
		t.Fatalf("check-ins = %+v", s.CheckIns)
	}
	for _, want := range []string{
		`1. Train grade 6 teachers (overdue) — Ana, in progress, due 2026-01-15, measure: # trained`,
		`Delete action step "Train all grade 6 teachers"? (y or n; blank: no):`, `Kept action step "Train all grade 6 teachers".`,
		`Deleted action step "Survey students".`, "Deleted the check-in of 2026-01-20.",
		"Date — YYYY-MM-DD (now: \"2026-03-02\"; blank keeps it):",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(out)
	}
}

// A read-back prints a part in the Summary's words (from the report);
// the export writes a file through the store's writer, asks before
// overwriting and never writes over the workbook file.
func TestAccessibleReadBackAndExport(t *testing.T) {
	st := newTestStore(t)
	sess := planSession(t, st)
	out := runAccessible(t, st, sess.ID, menuRead, "5")
	for _, want := range []string{"Plan", "• Train grade 6 teachers (overdue) — Ana, in progress, due 2026-01-15, measure: # trained",
		"Kim (coach), 2026-03-02: The aim is measurable: good.", "Feedback within 7 days — source: LMS logs"} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan's read-back lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Action steps (") {
		t.Errorf("the read-back ran into the tables:\n%s", out)
	}

	dir := t.TempDir()
	md := filepath.Join(dir, "northside.md")
	runAccessible(t, st, sess.ID, menuExporting, "1", md)
	got, err := os.ReadFile(md)
	if err != nil || !strings.Contains(string(got), "Train grade 6 teachers") {
		t.Fatalf("the Markdown export: %v\n%s", err, got)
	}
	if fi, _ := os.Stat(md); fi.Mode().Perm() != 0o600 {
		t.Errorf("the export is %v, want 0600", fi.Mode().Perm())
	}
	out = runAccessible(t, st, sess.ID, menuExporting, "3", md, "n") // JSON over it? no
	if again, _ := os.ReadFile(md); string(again) != string(got) || !strings.Contains(out, "was left as it was") {
		t.Fatalf("a refused overwrite changed the file:\n%s", out)
	}
	out = runAccessible(t, st, sess.ID, menuExporting, "3", md, "y")
	if again, _ := os.ReadFile(md); !strings.Contains(string(again), `"format"`) || !strings.Contains(out, "Exported to "+md) {
		t.Fatalf("the JSON export over the file:\n%s", out)
	}
	out = runAccessible(t, st, sess.ID, menuExporting, "1", st.Path(), "y")
	if !strings.Contains(out, "Not exported: cannot write "+st.Path()) {
		t.Fatalf("an export over the workbook file was not refused:\n%s", out)
	}
	reload(t, st, sess.ID) // the file is still a workbook
}

func TestAccessibleEmptyInput(t *testing.T) {
	st := newTestStore(t)
	runAccessible(t, st, "") // EOF at the first prompt: nothing created, no panic
	if sums, _ := st.List(); len(sums) != 0 {
		t.Fatalf("sessions = %v", sums)
	}
	sess := newTestSession(t, st, testTemplate(1, 1))
	runAccessible(t, st, sess.ID) // EOF straight away on an open session
	if got := reload(t, st, sess.ID); got.Revision != sess.Revision {
		t.Fatalf("an empty run changed the session (revision %d → %d)", sess.Revision, got.Revision)
	}
}

// Someone else saving the session meanwhile: the run reloads it, says so,
// and never writes over their answer.
func TestAccessibleConflictReloads(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 1))
	other := sess.Clone()
	in := &conflictingReader{lines: []string{menuAssessment, "", "3"}, before: func() {
		other.Rating("d1i1").Evidence = "Written elsewhere"
		if _, err := st.Update(other); err != nil {
			t.Error(err)
		}
	}}
	var out bytes.Buffer
	if err := Run(st, Options{Accessible: true, SessionID: sess.ID, Input: in, Output: &out}); err != nil {
		t.Fatal(err)
	}
	s := reload(t, st, sess.ID)
	if s.RatingOf("d1i1").Evidence != "Written elsewhere" || len(s.RatingOf("d1i1").Members) != 0 {
		t.Fatalf("d1i1 = %+v", s.RatingOf("d1i1"))
	}
	if !strings.Contains(out.String(), "Someone else changed this session meanwhile") {
		t.Errorf("the run did not say so:\n%s", out.String())
	}
}

// conflictingReader gives its lines, calling before just before the last.
type conflictingReader struct {
	lines  []string
	before func()
	buf    []byte
}

func (c *conflictingReader) Read(p []byte) (int, error) {
	if len(c.buf) == 0 {
		if len(c.lines) == 0 {
			return 0, io.EOF
		}
		if len(c.lines) == 1 {
			c.before()
		}
		c.buf, c.lines = []byte(c.lines[0]+"\n"), c.lines[1:]
	}
	n := copy(p, c.buf)
	c.buf = c.buf[n:]
	return n, nil
}

func TestParseRating(t *testing.T) {
	tests := []struct {
		in   string
		want workbook.Rating
		ok   bool
	}{
		{"", workbook.Unrated, true}, {" 3 ", 3, true}, {"0", workbook.NotSure, true}, {"?", workbook.NotSure, true},
		{"4", 4, true}, {"5", 0, false}, {"-1", 0, false}, {"three", 0, false},
	}
	for _, tt := range tests {
		got, err := parseRating(tt.in, 4)
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("parseRating(%q) = %v, %v; want %v ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestParseNumbers(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []int
		ok   bool
	}{{"1 3", []int{0, 2}, true}, {"3,1", []int{0, 2}, true}, {"0", nil, true}, {"2 2", []int{1}, true},
		{"4", nil, false}, {"0 1", nil, false}, {"one", nil, false}} {
		got, err := parseNumbers(tt.in, 3)
		if (err == nil) != tt.ok {
			t.Errorf("parseNumbers(%q): %v, want ok=%v", tt.in, err, tt.ok)
			continue
		}
		if len(got) != len(tt.want) {
			t.Errorf("parseNumbers(%q) = %v, want %v", tt.in, got, tt.want)
		}
		for _, i := range tt.want {
			if !got[i] {
				t.Errorf("parseNumbers(%q) = %v, want %v", tt.in, got, tt.want)
			}
		}
	}
}

// The hidden vote and removing a person, in the plain prompts: the set-up
// turns the vote on and takes Ben off the team (his rating kept); the
// ratings are not read out until everyone current has voted.
func TestAccessibleHiddenVoteAndRemovingAPerson(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	sess.Roster = append(sess.Roster, workbook.Member{ID: "m3", Name: "Cai", Role: "Teacher"})
	sess.Rating("d1i2").Members = map[string]workbook.Rating{"m2": 2}
	sess = mustUpdate(t, st, sess)

	out := runAccessible(t, st, sess.ID, menuSetUp, "", "", "",
		"5", "2", "y", // the roster: remove a person, Ben, yes
		"",  // done with the roster
		"2", // hidden vote: yes
		menuQuitting)
	s := reload(t, st, sess.ID)
	if b, _ := s.Member("m2"); !b.Former || s.RatingOf("d1i2").Members["m2"] != 2 || !s.HiddenVote {
		t.Fatalf("after the set-up: roster %+v, hidden %v\n%s", s.Roster, s.HiddenVote, out)
	}
	for _, want := range []string{"Ben's 1 rating and action steps are kept, marked former member", "Ben is now a former member",
		"Hidden vote — keep each person's rating hidden until everyone has rated an indicator"} {
		if !strings.Contains(out, want) {
			t.Errorf("the set-up does not say %q:\n%s", want, out)
		}
	}

	out, _ = runAccessibleErr(st, sess.ID, menuAssessment, "1",
		"3",        // Ana
		"4",        // Cai: the last one
		"1",        // the consensus: below both
		"", "", "", // evidence, equity answer, priority
		"", "") // indicator 2: Ana's and Cai's ratings kept blank; then the input ends
	first, second, _ := strings.Cut(out, "Indicator 2 of 2")
	for _, want := range []string{"Hidden vote: 0 of 2 have voted", "Hidden vote: 1 of 2 has voted.", "Everyone has voted.",
		"People: 3 to 4; talk it through.", "Flag: consensus 1 is outside the members' ratings (3–4): talk it through."} {
		if !strings.Contains(first, want) {
			t.Errorf("indicator 1 does not say %q:\n%s", want, first)
		}
	}
	if strings.Contains(first, "Ben's rating") || strings.Contains(second, "Ben's rating") {
		t.Error("a former member is asked for a rating")
	}
	// Indicator 2: Ben's kept rating belongs to a hidden vote nobody current
	// has given yet: not read out.
	if strings.Contains(second, "Ben (former member) 2") || !strings.Contains(second, "The ratings stay hidden: 0 of 2 have voted.") {
		t.Errorf("indicator 2:\n%s", second)
	}
	if r := reload(t, st, sess.ID).RatingOf("d1i1"); r.Members["m1"] != 3 || r.Members["m3"] != 4 || r.Consensus != 1 {
		t.Fatalf("stored %+v", r)
	}
}

// A hidden vote everyone has given is said as such when its indicator is
// asked again (before, "8 of 8 have voted; the ratings are read out once
// everyone has voted", and then the ratings were read out).
func TestAccessibleHiddenVoteEveryoneVotedSaysSo(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	sess.HiddenVote = true
	sess.Rating("d1i1").Members = map[string]workbook.Rating{"m1": 3, "m2": 4}
	sess = mustUpdate(t, st, sess)
	out, _ := runAccessibleErr(st, sess.ID, menuAssessment, "1")
	first, _, _ := strings.Cut(out, "Indicator 2 of 2")
	if strings.Contains(first, "read out once everyone has voted") || !strings.Contains(first, "Hidden vote: everyone has voted (2 of 2); the ratings are read out.") {
		t.Errorf("indicator 1 of a vote everyone gave:\n%s", first)
	}
}

// A new session for a team and year that already have one asks first, as
// the app does: n asks the set-up again, y makes the second one.
func TestAccessibleNewSessionForTheSameTeamAndYearAsksFirst(t *testing.T) {
	st := newTestStore(t)
	addSessions(t, st, "Alpha", "Bravo")
	out := runAccessible(t, st, "", "1", // a new session
		" bravo", "Bravo USD", "2025-26",
		"n",               // not a second one: the set-up again
		"", "", "2026-27", // the team and district kept, another year
		"Ana", "1", "", menuQuitting)
	if !strings.Contains(out, "bravo already has a session for 2025-26 (id-bravo). Set up a second one?") {
		t.Fatalf("no question:\n%s", out)
	}
	if _, err := st.Get("bravo-2026-27"); err != nil {
		t.Fatalf("the 2026-27 session: %v\n%s", err, out)
	}
	out = runAccessible(t, st, "", "1", "Bravo", "Bravo USD", "2025-26", "y", "Ben", "1", "", menuQuitting)
	if sums, _ := st.List(); len(sums) != 4 {
		t.Fatalf("%d sessions after yes:\n%s", len(sums), out)
	}
}

// A session with nothing answered reads "not started" in the plain
// prompts too, as on the home screen and in list (it read "0% done").
func TestAccessibleNotStarted(t *testing.T) {
	st := newTestStore(t)
	addSessions(t, st, "Alpha")
	out := runAccessible(t, st, "", "2", menuQuitting)
	if strings.Contains(out, "0% done") || !strings.Contains(out, "Alpha, Alpha USD, 2025-26 (not started)") ||
		!strings.Contains(out, "Alpha, Alpha USD, 2025-26: not started.") {
		t.Fatalf("%s", out)
	}
}
