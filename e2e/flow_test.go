package e2e

import (
	"path/filepath"
	"strconv"
	"testing"
)

// fill waits for a text field to have the focus, clears what it holds
// (ctrl+u), types value and presses enter.
func (tm *term) fill(field, value string) {
	tm.t.Helper()
	tm.waitFor(field)
	tm.keys("C-u")
	tm.typ(value)
	tm.waitFor("> " + value)
	tm.keys("Enter")
}

// newSessionViaForm fills the `n` form on Home: details, then a roster of
// the given people (each with their role typed; the template's roles are
// only suggestions).
// Every key waits for the field it belongs to: huh moves focus in a Cmd, so
// text typed before the focus moved would land in the previous field.
func newSessionViaForm(tm *term, team, district, year string, people []person) {
	tm.t.Helper()
	tm.keys("n")
	tm.fill("┃ Team name", team)
	tm.fill("┃ District", district)
	tm.fill("┃ School year", year) // prefilled with the current year: cleared first
	tm.waitFor("┃ Template")
	tm.keys("Enter")
	for i, p := range people {
		tm.waitFor("Person " + strconv.Itoa(i+1))
		tm.waitFor("┃ Name")
		tm.typ(p.name)
		tm.waitFor("> " + p.name)
		tm.keys("Enter")
		tm.waitFor("┃ Role")
		tm.typ(p.role)
		tm.waitLine("┃", "> "+p.role)
		tm.keys("Enter")
		tm.waitFor("┃ Add another person")
		if i < len(people)-1 {
			tm.keys("y") // yes, and on to the next person
			tm.waitFor("Person " + strconv.Itoa(i+2))
		} else {
			tm.keys("n") // no: create the session
		}
	}
	tm.waitFor("› Overview")
}

type person struct{ name, role string }

var flowPeople = []person{
	{name: "Ana Ruiz", role: "EdTech director"},
	{name: "Ben Okafor", role: "Instructional leader"},
}

const (
	flowTeam     = "Northside"
	flowDistrict = "Northside Unified"
	flowYear     = "2025-26"
	flowQuestion = "How might we double weekly LMS use by teachers?"
	flowEvidence = "Board minutes from May 2025"
)

// flowRatings is the whole first domain (Vision and leadership): each
// person's digit, then the consensus digit (0 = not sure), and the labels
// the screen shows for them.
var flowRatings = []struct {
	id             string
	ana, ben, cons string
	anaL, benL     string
	consL          string
}{
	{"vision-student-centered", "3", "2", "3", "3 Routine", "2 Partly in place", "3 Routine"},
	{"vision-leadership-team", "2", "2", "2", "2 Partly in place", "2 Partly in place", "2 Partly in place"},
	{"vision-leader-transition", "1", "4", "0", "1 Individual effort", "4 Reviewed and improved", "? Not sure"},
}

var flowActions = []struct{ what, owner, due, measure string }{
	{"Survey teachers on LMS use", "Ana Ruiz", "2026-01-15", "response rate"},
	{"Run PD on the LMS", "", "", ""},
}

// TestFlow is the team's guided flow in a real terminal at 80×24: create a
// session, rate a whole domain, frame the problem, add two action steps,
// quit, restart, and check the screens and the exported file.
func TestFlow(t *testing.T) {
	db := filepath.Join(t.TempDir(), "flow.db")
	tm := newTerm(t, 80, 24, "--db", db)
	tm.waitFor("Welcome to the edtech workbook")

	newSessionViaForm(tm, flowTeam, flowDistrict, flowYear, flowPeople)
	tm.waitFor("Team: Ana Ruiz (EdTech director), Ben Okafor (Instructional leader)")

	// Self-assessment: the whole Vision and leadership domain.
	tm.keys("1")
	tm.waitFor("Indicator 1 of 36")
	for i, r := range flowRatings {
		if i > 0 {
			tm.keys("]")
			tm.waitFor("Indicator " + strconv.Itoa(i+1) + " of 36")
		}
		tm.waitLine("›", "Ana Ruiz")
		tm.keys(r.ana)
		tm.waitLine("Ana Ruiz", r.anaL)
		tm.keys(r.ben)
		tm.waitLine("Ben Okafor", r.benL)
		tm.keys(r.cons)
		tm.waitLine("Team consensus", r.consL)
		if i == 0 {
			tm.keys("e")
			tm.waitFor("Evidence notes (esc or tab saves)")
			tm.typ(flowEvidence)
			tm.waitFor(flowEvidence)
			tm.keys("Escape")
			tm.waitLine("› Evidence notes", flowEvidence)
		}
		tm.waitSaved()
	}
	// The domain is done: the next indicator is in the next domain.
	tm.keys("]")
	tm.waitFor("Indicator 4 of 36 · 3 with consensus · Conditions for the work")
	tm.keys("Escape")
	tm.waitLine("Self-assessment", "8%")
	tm.waitFor("3 of 36 indicators have a consensus rating")

	// Problem of practice: the phase, the problem as one question, then the
	// template's questions.
	tm.keys("3")
	tm.waitFor("┃ Which indicators will this work focus on?")
	tm.keys("Tab")
	tm.waitFor("┃ Which phase of the cycle")
	tm.keys("Right")
	tm.waitFor("← selection →")
	tm.keys("Tab")
	tm.waitFor("┃ What is our problem of practice")
	tm.typ(flowQuestion)
	tm.waitFor(flowQuestion)
	tm.keys("Tab")
	tm.waitFor("┃ Why does this problem matter")
	tm.waitSaved()
	tm.keys("Escape")
	tm.waitFor("› 3  Problem of practice")
	tm.waitFor("2 of 11 answers")

	// Plan: two action steps, one complete, one with only its "what".
	tm.keys("4")
	tm.waitFor("Action steps (0)")
	tm.keys("a")
	tm.waitFor("┃ What will be done")
	a := flowActions[0]
	tm.typ(a.what)
	tm.waitFor("> " + a.what)
	tm.keys("Tab")
	tm.waitFor("┃ Owner")
	tm.keys("Right")
	tm.waitFor("← " + a.owner + " →")
	tm.keys("Tab")
	tm.waitFor("┃ Due date")
	tm.typ(a.due)
	tm.waitFor("> " + a.due)
	tm.keys("Tab")
	tm.waitFor("┃ Status")
	tm.keys("Tab")
	tm.waitFor("┃ Measure of progress")
	tm.typ(a.measure)
	tm.waitFor("> " + a.measure)
	tm.keys("Enter")
	tm.waitFor("Action steps (1)")
	tm.waitLine(a.what, a.owner, a.due, "not started")
	tm.waitFor(a.measure) // the selected step's lines under the table

	tm.keys("a")
	tm.waitFor("┃ What will be done")
	tm.typ(flowActions[1].what)
	tm.waitFor("> " + flowActions[1].what)
	tm.keys("Enter")
	tm.waitFor("┃ Owner")
	tm.keys("C-s") // save the new step as it is (esc would ask to discard it)
	tm.waitFor("Action steps (2)")
	tm.waitLine(flowActions[1].what, "not started")
	tm.waitFor("action step saved")

	// Quit from Home.
	tm.keys("Escape")
	tm.waitFor("› Overview")
	tm.keys("Escape")
	tm.waitFor("Sessions (1)")
	tm.keys("q")
	tm.waitFor("EXIT=0")
	tm.kill()

	// Restart on the same file: everything is still there on screen.
	tm = newTerm(t, 80, 24, "--db", db)
	tm.waitFor("Sessions (1)")
	tm.waitLine("› "+flowTeam, flowYear, "edtech-systems@2")
	tm.keys("Enter")
	tm.waitFor("Team: Ana Ruiz (EdTech director), Ben Okafor (Instructional leader)")
	tm.waitFor("3 of 36 indicators have a consensus rating")
	tm.waitFor("2 of 11 answers")
	tm.waitFor("2 action steps")

	tm.keys("1")
	tm.waitFor("Indicator 4 of 36") // opens at the first without consensus
	tm.keys("g")
	for i, r := range flowRatings {
		if i > 0 {
			tm.keys("]")
		}
		tm.waitFor("Indicator " + strconv.Itoa(i+1) + " of 36")
		tm.waitLine("Ana Ruiz", r.anaL)
		tm.waitLine("Ben Okafor", r.benL)
		tm.waitLine("Team consensus", r.consL)
		if i == 0 {
			tm.waitLine("Evidence notes", flowEvidence)
		}
	}
	tm.keys("Escape")
	tm.waitFor("› 1  Self-assessment")

	tm.keys("3")
	tm.waitFor("┃ Which indicators will this work focus on?")
	tm.keys("Tab")
	tm.waitFor("┃ Which phase of the cycle")
	tm.waitFor("selection")
	tm.keys("Tab")
	tm.waitFor("┃ What is our problem of practice")
	tm.waitFor(flowQuestion)
	tm.keys("Escape")
	tm.waitFor("› 3  Problem of practice")

	tm.keys("4")
	tm.waitFor("Action steps (2)")
	tm.waitLine(a.what, a.owner, a.due, "not started")
	tm.waitFor(a.measure) // the selected step's lines under the table
	tm.waitLine(flowActions[1].what, "not started")
	tm.keys("Escape")
	tm.waitFor("› Overview")
	tm.keys("Escape")
	tm.waitFor("Sessions (1)")
	tm.keys("q")
	tm.waitFor("EXIT=0")

	// The saved file, through the command line.
	s := exportJSON(t, db, sessionID(t, db, flowTeam))
	checkFlowSession(t, s)
	requireDoctorOK(t, db)
}

// checkFlowSession checks what TestFlow typed is in the exported session.
func checkFlowSession(t *testing.T, s exportedSes) {
	t.Helper()
	if s.Team != flowTeam || s.District != flowDistrict || s.SchoolYear != flowYear {
		t.Errorf("session = %q / %q / %q, want %q / %q / %q", s.Team, s.District, s.SchoolYear, flowTeam, flowDistrict, flowYear)
	}
	if len(s.Roster) != 2 {
		t.Fatalf("roster = %+v, want Ana Ruiz and Ben Okafor", s.Roster)
	}
	for i, p := range flowPeople {
		if s.Roster[i].Name != p.name || s.Roster[i].Role != p.role {
			t.Errorf("roster[%d] = %+v, want %s (%s)", i, s.Roster[i], p.name, p.role)
		}
	}
	ana, ben := s.memberID(t, "Ana Ruiz"), s.memberID(t, "Ben Okafor")
	digit := func(d string) int {
		if d == "0" {
			return -1 // "not sure"
		}
		return int(d[0] - '0')
	}
	for _, want := range flowRatings {
		r := s.Ratings[want.id]
		if r == nil {
			t.Errorf("no rating saved for %s", want.id)
			continue
		}
		if r.Members[ana] != digit(want.ana) || r.Members[ben] != digit(want.ben) || r.Consensus != digit(want.cons) {
			t.Errorf("%s = members %v consensus %d, want Ana %s Ben %s consensus %s", want.id, r.Members, r.Consensus, want.ana, want.ben, want.cons)
		}
	}
	if r := s.Ratings["vision-student-centered"]; r == nil || r.Evidence != flowEvidence {
		t.Errorf("evidence of vision-student-centered = %+v, want %q", r, flowEvidence)
	}
	rated := 0
	for _, r := range s.Ratings {
		if r != nil && r.Consensus != 0 {
			rated++
		}
	}
	if rated != len(flowRatings) {
		t.Errorf("%d indicators have a consensus, want %d", rated, len(flowRatings))
	}
	if s.Problem.Question != flowQuestion || s.Problem.Phase != "selection" {
		t.Errorf("problem = %+v, want question %q in phase selection", s.Problem, flowQuestion)
	}
	if len(s.Plan.Actions) != 2 {
		t.Fatalf("actions = %+v, want 2", s.Plan.Actions)
	}
	a0, a1 := s.Plan.Actions[0], s.Plan.Actions[1]
	want := flowActions[0]
	if a0.What != want.what || a0.Owner != ana || a0.Due != want.due || a0.Measure != want.measure || a0.Status != "not started" {
		t.Errorf("action 1 = %+v, want %+v owned by Ana (%s)", a0, want, ana)
	}
	if a1.What != flowActions[1].what || a1.Owner != "" || a1.Status != "not started" {
		t.Errorf("action 2 = %+v, want %q with no owner", a1, flowActions[1].what)
	}
}

// TestSmallWindowAndResize starts at 40×12 (too small: the app says so and
// keeps running), grows to 80×24 and works, goes to 100×30
// mid-edit and back, and ends cleanly: no crash, nothing lost.
func TestSmallWindowAndResize(t *testing.T) {
	db := filepath.Join(t.TempDir(), "small.db")
	tm := newTerm(t, 40, 12, "--db", db)
	tm.waitFor("make the window larger (needs 60×16)")
	// (Keys pressed now are ignored by the app, but a key and a resize
	// reach it on different paths, so their order cannot be tested here.)
	tm.resize(80, 24)
	tm.waitFor("Welcome to the edtech workbook")

	newSessionViaForm(tm, "Resizers", "Tiny District", "2025-26", flowPeople[:1])
	tm.keys("1")
	tm.waitFor("Indicator 1 of 36")
	tm.keys("3")
	tm.waitLine("Ana Ruiz", "3 Routine")

	// Mid-way: larger (two panes), then back, then too small, then back.
	tm.resize(100, 30)
	tm.waitLine("› … 1.1 A student-centered", "│") // the indicator list pane
	tm.waitLine("Ana Ruiz", "3 Routine")
	tm.keys("2")
	tm.waitLine("Team consensus", "2 Partly in place")
	tm.resize(80, 24)
	tm.waitFor("Indicator 1 of 36 · 1 with consensus · Vision and leadership")
	tm.resize(40, 12)
	tm.waitFor("make the window larger (needs 60×16)")
	tm.resize(80, 24)
	tm.waitFor("Indicator 1 of 36 · 1 with consensus")
	tm.keys("]")
	tm.waitFor("Indicator 2 of 36")
	for _, size := range [][2]int{{61, 17}, {150, 50}, {60, 16}, {59, 15}, {120, 40}, {80, 24}} {
		tm.resize(size[0], size[1])
	}
	tm.waitFor("Indicator 2 of 36")
	tm.waitSaved()
	tm.keys("Escape")
	tm.waitFor("› Overview")
	tm.keys("Escape")
	tm.waitFor("Sessions (1)")
	tm.keys("q")
	tm.waitFor("EXIT=0")

	s := exportJSON(t, db, sessionID(t, db, "Resizers"))
	r := s.Ratings["vision-student-centered"]
	if r == nil || r.Members[s.memberID(t, "Ana Ruiz")] != 3 || r.Consensus != 2 {
		t.Fatalf("rating across resizes = %+v, want Ana 3 and consensus 2", r)
	}
}
