package tui

import (
	"bytes"
	"strings"
	"testing"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
	"edtech-workbook/workbook/templatefile"
)

// runAccessible pipes answers (one per line) into the accessible prompts.
func runAccessible(t *testing.T, st *store.Store, sessionID string, answers ...string) string {
	t.Helper()
	var out bytes.Buffer
	in := strings.NewReader(strings.Join(answers, "\n") + "\n")
	if err := Run(st, Options{Accessible: true, SessionID: sessionID, Input: in, Output: &out}); err != nil {
		t.Fatalf("accessible run: %v\n%s", err, out.String())
	}
	return out.String()
}

func TestAccessibleNewSessionFromPipedAnswers(t *testing.T) {
	st := newTestStore(t)
	tmpl, err := templatefile.Resolve(st, templatefile.DefaultTemplateID)
	if err != nil {
		t.Fatal(err)
	}
	first := tmpl.Indicators()[0]
	out := runAccessible(t, st, "",
		"Northside", "Northside USD", "2025-26",
		"Ana", "1", "Ben", "3", "", // roster: names and role numbers, blank ends it
		"y",                                      // work on the self-assessment now
		"3", "0", "2", "Half the schools use it", // first indicator: Ana, Ben (not sure), consensus, evidence
		// end of input here: the run ends cleanly with what was answered
	)
	sums, err := st.List()
	if err != nil || len(sums) != 1 {
		t.Fatalf("sessions: %v %v", sums, err)
	}
	s := reload(t, st, sums[0].ID)
	if s.Team != "Northside" || s.District != "Northside USD" || s.SchoolYear != "2025-26" || s.Template.ID != templatefile.DefaultTemplateID {
		t.Fatalf("set-up = %q %q %q %q", s.Team, s.District, s.SchoolYear, s.Template.ID)
	}
	if len(s.Roster) != 2 || s.Roster[0].Name != "Ana" || s.Roster[0].Role != tmpl.Roles[0] || s.Roster[1].Role != tmpl.Roles[2] {
		t.Fatalf("roster = %+v", s.Roster)
	}
	r := s.Ratings[first.ID]
	ana, ben := s.Roster[0].ID, s.Roster[1].ID
	if r == nil || r.Members[ana] != 3 || r.Members[ben] != workbook.NotSure || r.Consensus != 2 || r.Evidence != "Half the schools use it" {
		t.Fatalf("first indicator = %+v", r)
	}
	if len(s.Ratings) != 1 {
		t.Fatalf("only the first indicator was answered, got %d ratings", len(s.Ratings))
	}
	for _, want := range []string{"Team name:", cleanLine(first.Title), "Saved: Northside, 2025-26"} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Fatal("escape sequences were written to a pipe")
	}
}

func TestAccessibleExistingSessionProblemAndPlan(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	runAccessible(t, st, "",
		"2",                   // which session: 1 = new, 2 = Northside
		"y",                   // self-assessment now
		"4", "", "9", "3", "", // indicator 1: Ana 4, Ben kept, consensus 9 refused then 3, no evidence
		"", "", "", "", // indicator 2: all blank (kept as is)
		"y",      // problem of practice now
		"2", "0", // focus: mark the second indicator, done
		"3",              // phase: 1 not chosen, 2 selection, 3 implementation
		"Too slow. Why?", // refused: two sentences
		"How might we speed up feedback?",
		"It matters", "", "", // the template's questions: why it matters, who, improvement
		"", "", // why chosen, evidence
		"1", "0", // student groups: English learners
		"Principals", "", // stakeholders, within control
		"y",                        // plan now
		"Feedback in a week",       // aim
		"2026-13-01", "2026-05-29", // a bad date is asked again
		"y", "Train teachers", "3", "2026-02-01", "# trained", // one action step, owner Ben
		"n",
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
	if pl.Aim != "Feedback in a week" || pl.AimDate != "2026-05-29" || len(pl.Actions) != 1 {
		t.Fatalf("plan = %+v", pl)
	}
	a := pl.Actions[0]
	if a.What != "Train teachers" || a.Owner != "m2" || a.Due != "2026-02-01" || a.Measure != "# trained" || a.Status != workbook.StatusNotStarted {
		t.Fatalf("action = %+v", a)
	}
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
