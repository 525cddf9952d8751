package tui

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

// sameTemplate is the test template with a question of every kind in the
// problem, plan and reflection parts, decisions, conditions and leadership
// moves: every part of the workbook has something to answer.
func sameTemplate() workbook.Template {
	tmpl := testTemplate(1, 2)
	tmpl.Decisions = []workbook.Choice{
		{ID: workbook.DecisionContinue, Title: "Continue"}, {ID: workbook.DecisionAdjust, Title: "Adjust"},
		{ID: workbook.DecisionScale, Title: "Scale"}, {ID: workbook.DecisionStop, Title: "Stop"},
	}
	tmpl.Conditions = []workbook.Choice{{ID: "time", Title: "Protected time"}, {ID: "leaders", Title: "Leader support"}}
	tmpl.LeadershipMoves = []workbook.Choice{{ID: "model", Title: "Model the practice"}}
	opts := []workbook.Choice{{ID: "a", Title: "Option A"}, {ID: "b", Title: "Option B"}, {ID: "c", Title: "Option C"}}
	q := &tmpl.Questions
	q.Problem = append(q.Problem,
		workbook.Question{ID: "pilot_start", Kind: workbook.KindDate, Text: "When does the pilot start?"},
		workbook.Question{ID: "schools", Kind: workbook.KindNumber, Text: "How many schools take part?"})
	q.Plan = append(q.Plan,
		workbook.Question{ID: "money", Kind: workbook.KindChoice, Text: "Where does the money come from?", Options: opts},
		workbook.Question{ID: "lead", Kind: workbook.KindShortText, Text: "Who leads the plan?", Required: true})
	q.Reflection = append(q.Reflection,
		workbook.Question{ID: "told", Kind: workbook.KindChoices, Text: "Whom did we tell?", Options: opts})
	return tmpl
}

// sameStore is a workbook file holding sameTemplate (a new session can
// start on it) with the clock at testNow.
func sameStore(t *testing.T) *store.Store {
	t.Helper()
	st := newTestStore(t)
	tmpl := sameTemplate()
	if err := st.PutTemplate(&tmpl, false); err != nil {
		t.Fatal(err)
	}
	return st
}

// comparable is a stored session as JSON without what differs between two
// runs however they were answered: ids (sessions, people, rows) are
// replaced by their places, and timestamps and revisions dropped.
func comparable(t *testing.T, s *workbook.Session) string {
	t.Helper()
	c := s.Clone()
	c.ID, c.Created, c.Updated, c.Revision = "", time.Time{}, time.Time{}, 0
	people := map[string]string{}
	for i := range c.Roster {
		people[c.Roster[i].ID] = fmt.Sprintf("person-%d", i+1)
		c.Roster[i].ID = people[c.Roster[i].ID]
	}
	for id, r := range c.Ratings {
		if r == nil {
			continue
		}
		rc := *r
		rc.Members = map[string]workbook.Rating{}
		for m, v := range r.Members {
			rc.Members[people[m]] = v
		}
		c.Ratings[id] = &rc
	}
	for i := range c.Plan.Actions {
		c.Plan.Actions[i].ID = fmt.Sprintf("step-%d", i+1)
		if p, ok := people[c.Plan.Actions[i].Owner]; ok {
			c.Plan.Actions[i].Owner = p
		}
	}
	for i := range c.Plan.DataPlan {
		c.Plan.DataPlan[i].ID = fmt.Sprintf("row-%d", i+1)
	}
	checkIns := map[string]string{}
	for i := range c.CheckIns {
		checkIns[c.CheckIns[i].ID] = fmt.Sprintf("check-in-%d", i+1)
		c.CheckIns[i].ID = checkIns[c.CheckIns[i].ID]
	}
	for i := range c.Plan.DataPlan {
		for j := range c.Plan.DataPlan[i].Values {
			v := &c.Plan.DataPlan[i].Values[j]
			v.ID, v.CheckIn = fmt.Sprintf("value-%d-%d", i+1, j+1), checkIns[v.CheckIn]
		}
	}
	for i := range c.Plan.Actions {
		for j := range c.Plan.Actions[i].Cycles {
			cy := &c.Plan.Actions[i].Cycles[j]
			cy.ID, cy.CheckIn = fmt.Sprintf("cycle-%d-%d", i+1, j+1), checkIns[cy.CheckIn]
		}
	}
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// onlySession is the one session of the file.
func onlySession(t *testing.T, st *store.Store) *workbook.Session {
	t.Helper()
	sums, err := st.List()
	if err != nil || len(sums) != 1 {
		t.Fatalf("the file holds %d sessions (%v), want 1", len(sums), err)
	}
	return reload(t, st, sums[0].ID)
}

// The same answers given in the full-window app (keys) and piped into the
// accessible mode store the same session: set-up with roles, ratings with
// "not sure", evidence, an equity answer and a priority, the focus, phase,
// problem and a question of every kind in each part, the aim, its date and
// the logic model, action steps (one added, its status changed, one added
// and deleted; an improvement cycle), a data-plan row and a dated value of
// it, a check-in dated today with notes and the measure's value at it, and
// the end of the year (decision, reason, conditions with notes, reflection
// questions).
func TestAccessibleStoresWhatTheAppStores(t *testing.T) {
	now := Options{Now: func() time.Time { return testNow }} // a school year of 2025-26

	// The full-window app.
	app := sameStore(t)
	m := newTestModel(t, app, 120, 40, now)
	press(m, "n")
	typeText(m, "Northside")
	press(m, "enter")
	typeText(m, "Northside USD")
	press(m, "enter", "enter") // the school year we are in
	press(m, "down", "enter")  // the template: test@1, after edtech-systems@2
	typeText(m, "Ana")
	press(m, "enter")
	typeText(m, "Instr")             // a suggested role:
	press(m, "ctrl+e", "enter", "y") // Instructional leader; another person
	typeText(m, "Ben")
	press(m, "enter")
	typeText(m, "EdTech director")
	press(m, "enter", "n") // done
	requireOn(t, m, "Overview")

	press(m, "1") // the self-assessment, at indicator 1
	press(m, "3", "4", "3")
	press(m, "e")
	typeRunes(m, "Board minutes from May")
	press(m, "esc", "E")
	typeRunes(m, "Families without internet at home")
	press(m, "esc", "p", "]")
	press(m, "0", "2", "2")
	press(m, "esc")
	requireOn(t, m, "Overview")

	press(m, "3")     // the problem of practice
	press(m, "x")     // the first focus indicator (the gap, 1.2)
	press(m, "tab")   // to the phase
	press(m, "right") // selection
	press(m, "tab")   // the problem
	typeRunes(m, "How might we speed up feedback?")
	press(m, "tab")
	typeRunes(m, "Students wait weeks")  // why it matters
	press(m, "tab", "tab", "tab", "tab") // who, improvement, why chosen
	typeRunes(m, "Exit tickets")         // evidence
	press(m, "tab", "x", "down", "x")    // student groups: both
	press(m, "tab", "tab", "tab")        // stakeholders, within control
	typeRunes(m, "2026-09-01")           // the pilot starts
	press(m, "tab")
	typeRunes(m, "4") // schools
	press(m, "enter")
	requireOn(t, m, "Overview")

	press(m, "4", "shift+tab", "e") // the plan: aim and logic model
	typeRunes(m, "Feedback within a week")
	press(m, "tab")
	typeRunes(m, "2026-05-29")
	press(m, "tab")
	for _, v := range []string{"Coaches", "Coaching cycles", "Teachers coached", "Faster feedback"} {
		typeRunes(m, v)
		press(m, "tab")
	}
	press(m, "down", "down", "tab") // money: Option B
	typeRunes(m, "Ana")             // who leads
	press(m, "enter")
	press(m, "tab", "a") // action steps: a new one
	typeRunes(m, "Train teachers")
	press(m, "tab", "right", "right", "tab") // owner: Ben
	typeRunes(m, "2026-02-01")
	press(m, "tab", "right", "tab") // in progress
	typeRunes(m, "# trained")
	press(m, "enter")
	press(m, "s") // its status: done
	press(m, "i") // an improvement cycle on it
	typeRunes(m, "Pair new teachers")
	press(m, "tab")
	typeRunes(m, "Faster uptake")
	press(m, "tab", "tab") // started today
	typeRunes(m, "Uptake doubled")
	press(m, "tab", "right", "enter", "enter") // adopt; studied at no check-in
	press(m, "a")
	typeRunes(m, "Survey students")
	press(m, "esc")
	press(m, "d", "y")   // the second step, deleted
	press(m, "tab", "a") // the data plan
	for _, v := range []string{"Feedback within 7 days", "LMS logs", "20%", "80%"} {
		typeRunes(m, v)
		press(m, "tab")
	}
	typeRunes(m, "monthly")
	press(m, "enter")
	press(m, "v") // a value of the measure, dated today
	typeRunes(m, "22%")
	press(m, "tab", "tab")
	typeRunes(m, "Spot check")
	press(m, "enter", "esc")
	requireOn(t, m, "Overview")

	press(m, "5", "a", "tab") // a check-in, dated today
	typeRunes(m, "Trained grade 6")
	press(m, "tab")
	typeRunes(m, "Time is short")
	press(m, "tab")
	typeRunes(m, "Grade 7")
	press(m, "enter")
	typeRunes(m, "Room 12 helped") // notes
	press(m, "enter")
	typeRunes(m, "35%") // the measure, at this check-in
	press(m, "tab")
	typeRunes(m, "From the LMS")
	press(m, "enter")
	press(m, "tab", "e")            // the end of the year
	press(m, "down", "down", "tab") // adjust
	typeRunes(m, "Grade 8 needs a different schedule")
	press(m, "tab", "right", "tab") // protected time: helped
	typeRunes(m, "PLC Fridays")
	press(m, "tab", "right", "right", "tab", "tab") // leader support: hindered, no note
	typeRunes(m, "Walked classrooms weekly")        // leadership moves
	press(m, "tab")
	typeRunes(m, "We started with six teachers.") // the story
	press(m, "tab", "down", "x", "down", "x")     // told: B and C
	press(m, "enter", "esc")
	requireOn(t, m, "Overview")
	want := onlySession(t, app)

	// The accessible mode, piped.
	acc := sameStore(t)
	var out strings.Builder
	script := []string{
		"Northside", "Northside USD", "", // the school year we are in
		"2",        // the template: test@1
		"Ana", "2", // Instructional leader
		"Ben", "", // EdTech director
		"",      // the roster is done
		"3", "", // the self-assessment, from its first indicator without a consensus
		"3", "4", "3", "Board minutes from May", "Families without internet at home", "y",
		"0", "2", "2", "", "", "",
		"4", // the problem of practice
		"1", // the focus: the first choice (the gap)
		"2", // selection
		"How might we speed up feedback?",
		"Students wait weeks", "", "", "", "Exit tickets",
		"1 2", // student groups: both
		"", "",
		"2026-09-01", "4",
		"5", // the aim, the logic model and the plan questions
		"Feedback within a week", "2026-05-29",
		"Coaches", "Coaching cycles", "Teachers coached", "Faster feedback",
		"3",                                                        // money: Option B
		"Ana",                                                      // who leads
		"6",                                                        // the action steps
		"1", "Train teachers", "3", "2026-02-01", "2", "# trained", // add: owner Ben, in progress
		"3", "1", "3", // change the status of step 1: done
		"5", "1", "Pair new teachers", "Faster uptake", "", "Uptake doubled", "2", "", // a cycle on step 1: adopt
		"1", "Survey students", "", "", "", "", // add, then blank the rest
		"4", "2", "y", // delete step 2
		"", // done
		"7", "1", "Feedback within 7 days", "LMS logs", "20%", "80%", "monthly",
		"4", "1", "22%", "", "Spot check", "", // a value of row 1, dated today
		"8", "1", "", "Trained grade 6", "Time is short", "Grade 7", "Room 12 helped", "35%", "From the LMS", "", // a check-in, dated today
		"9",
		"3", "Grade 8 needs a different schedule", // adjust
		"2", "PLC Fridays", "3", "", // helped, hindered
		"Walked classrooms weekly", "We started with six teachers.", "2 3",
		"13",
	}
	in := strings.NewReader(strings.Join(script, "\n") + "\n")
	if err := Run(acc, Options{Accessible: true, Input: in, Output: &out, Now: now.Now}); err != nil {
		t.Fatalf("accessible run: %v\n%s", err, out.String())
	}
	got := onlySession(t, acc)

	if w, g := comparable(t, want), comparable(t, got); w != g {
		t.Errorf("the accessible mode stored another session than the app:\n%s", firstDifference(w, g))
		t.Logf("accessible output:\n%s", out.String())
	}
	// The comparison means something only if the app stored it all.
	if len(want.Ratings) != 2 || want.Problem.Question == "" || len(want.Plan.Actions) != 1 || want.Plan.Actions[0].Status != workbook.StatusDone ||
		len(want.Plan.DataPlan) != 1 || len(want.CheckIns) != 1 || len(want.Reflection.Conditions) != 2 || len(want.Answers) != 10 ||
		len(want.Plan.DataPlan[0].Values) != 2 || len(want.Plan.Actions[0].Cycles) != 1 || want.Plan.Actions[0].Cycles[0].Act != workbook.ActAdopt ||
		want.CheckIns[0].Notes == "" {
		t.Errorf("the app's session lacks answers the test gave:\n%s", comparable(t, want))
	}
}

// firstDifference shows the first line where two texts part, with context.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			from := max(i-6, 0)
			return fmt.Sprintf("line %d\napp:\n%s\naccessible:\n%s", i+1,
				strings.Join(w[from:min(i+6, len(w))], "\n"), strings.Join(g[from:min(i+6, len(g))], "\n"))
		}
	}
	return ""
}
