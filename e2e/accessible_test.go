package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// lines joins answers into a piped answer stream, one per line.
func lines(answers ...string) []byte { return []byte(strings.Join(answers, "\n") + "\n") }

// TestAccessiblePiped answers the plain prompts from a pipe (no terminal)
// and checks the file holds the same session TestFlow makes in the TUI.
// The prompt order is the one tui/accessible.go documents: session set-up,
// roster (name, role number; blank name ends it), then the menu (blank
// continues where the team left off; 4 is the problem of practice, 6 the
// action steps, 12 quits); blank keeps an answer, end of input stops the
// run cleanly.
func TestAccessiblePiped(t *testing.T) {
	db := filepath.Join(t.TempDir(), "accessible.db")

	// Run 1: set up the session and rate the first domain; the stream ends
	// in the middle of the next indicator, which must end the run cleanly.
	first := []string{
		flowTeam, flowDistrict, flowYear,
		"Ana Ruiz", "1", // role 1: EdTech director
		"Ben Okafor", "2", // role 2: Instructional leader
		"", // roster done
		"", // the menu: continue where we left off (indicator 1)
	}
	for i, r := range flowRatings {
		ev := ""
		if i == 0 {
			ev = flowEvidence
		}
		first = append(first, r.ana, r.ben, r.cons, ev, "", "") // evidence, equity answer, priority
	}
	first = append(first, "2") // a first answer on indicator 4, then end of input
	out, errOut, err := cliRun(lines(first...), "--accessible", "--db", db)
	if err != nil {
		t.Fatalf("accessible run 1: %v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}
	for _, want := range []string{"Team name:", "Role of Ana Ruiz:", "Vision and leadership: A student-centered vision guides our choices",
		"Ana Ruiz's rating", "Team consensus", "Saved: Northside, 2025-26."} {
		if !strings.Contains(out, want) {
			t.Errorf("accessible run 1 output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Errorf("accessible output to a pipe with NO_COLOR holds escape sequences:\n%q", out)
	}

	// Run 2: reopen the session, frame the problem and add two action steps.
	second := []string{
		"2", // which session: 1 is "Start a new session", 2 is ours
		"4", // the problem of practice
		"",  // focus indicators: none
		"2", // phase: 1 not chosen yet, 2 selection
		flowQuestion,
		"", "", "", "", "", // the template's questions: why it matters, who, improvement, why chosen, evidence
		"",     // student groups: none
		"", "", // stakeholders, within control
		"6",                                                                           // the action steps
		"1", flowActions[0].what, "2", flowActions[0].due, "", flowActions[0].measure, // owner 2 = Ana Ruiz
		"1", flowActions[1].what, "1", "", "", "", // owner 1 = nobody yet
		"",   // done
		"13", // quit
	}
	out, errOut, err = cliRun(lines(second...), "--accessible", "--db", db)
	if err != nil {
		t.Fatalf("accessible run 2: %v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}
	for _, want := range []string{"Which session?", "Continue where you left off: Self-assessment, indicator 4 of 36",
		"Which phase of the cycle does our problem sit in?", "Add an action step", "Saved: Northside, 2025-26."} {
		if !strings.Contains(out, want) {
			t.Errorf("accessible run 2 output lacks %q:\n%s", want, out)
		}
	}

	sums := listJSON(t, db)
	if len(sums) != 1 {
		t.Fatalf("the two runs left %d sessions, want 1: %+v", len(sums), sums)
	}
	s := exportJSON(t, db, sums[0].ID)
	checkFlowSession(t, s)
	// Indicator 4 got Ana's answer before the stream ended.
	if r := s.Ratings["conditions-culture"]; r == nil || r.Members[s.memberID(t, "Ana Ruiz")] != 2 {
		t.Errorf("the last answer before end of input was not saved: conditions-culture = %+v", r)
	}
	requireDoctorOK(t, db)
}

// TestAccessibleInTerminal answers the plain prompts typed in a real
// terminal (a screen reader user's setting), not piped.
func TestAccessibleInTerminal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "acc-tty.db")
	tm := newTerm(t, 100, 30, "--accessible", "--db", db)
	answer := func(prompt, text string) {
		t.Helper()
		tm.waitFor(prompt)
		tm.typ(text)
		tm.keys("Enter")
	}
	answer("Team name:", "Westside")
	answer("District:", "West Unified")
	answer("School year, e.g. 2025-26", "2025-26")
	answer("Name of the first team member:", "Ana Ruiz")
	answer("Enter a number between 1 and", "1")
	tm.waitLine("Name of a team member", "(blank when the roster is done)")
	tm.keys("Enter")                                           // roster done
	tm.waitLine("Enter a number between 1 and", "(blank: 1):") // the menu (its length grows with new parts)
	tm.keys("Enter")                                           // continue where we left off: indicator 1
	answer("Ana Ruiz's rating", "3")
	answer("Team consensus", "2")
	answer("Evidence notes", flowEvidence)
	tm.waitFor("Our answer to the equity pause")
	tm.keys("C-d") // end of input: stops cleanly, everything answered is saved
	tm.waitFor("Saved: Westside, 2025-26.")
	tm.waitFor("EXIT=0")

	s := exportJSON(t, db, "Westside")
	r := s.Ratings["vision-student-centered"]
	if s.District != "West Unified" || len(s.Roster) != 1 || s.Roster[0].Role != "EdTech director" {
		t.Errorf("session = %+v", s)
	}
	if r == nil || r.Members[s.memberID(t, "Ana Ruiz")] != 3 || r.Consensus != 2 || r.Evidence != flowEvidence {
		t.Errorf("indicator 1 = %+v, want Ana 3, consensus 2 and the evidence", r)
	}
}
