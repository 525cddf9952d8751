package tui

import (
	"testing"
	"time"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

// reflectSession has one check-in and a template with decisions and conditions.
func reflectSession(t *testing.T, st *store.Store) *workbook.Session {
	t.Helper()
	tmpl := testTemplate(1, 1)
	tmpl.Decisions = []workbook.Choice{
		{ID: workbook.DecisionContinue, Title: "Continue"}, {ID: workbook.DecisionAdjust, Title: "Adjust"},
		{ID: workbook.DecisionScale, Title: "Scale"}, {ID: workbook.DecisionStop, Title: "Stop"},
	}
	tmpl.Conditions = []workbook.Choice{
		{ID: "time", Title: "Protected time", Help: "Teams had time to meet"},
		{ID: "leaders", Title: "Leader support"},
	}
	tmpl.LeadershipMoves = []workbook.Choice{{ID: "model", Title: "Model the practice"}}
	s := newTestSession(t, st, tmpl)
	s.CheckIns = []workbook.CheckIn{{ID: "k1", Date: "2026-01-20", Did: "Trained grade 6", Learned: "Time is short", Next: "Grade 7"}}
	saved, err := st.Update(s)
	if err != nil {
		t.Fatal(err)
	}
	return saved
}

func TestReflectCheckIns(t *testing.T) {
	st := newTestStore(t)
	m := openTestScreen(t, st, reflectSession(t, st), ScreenReflect, 80, 24,
		Options{Now: func() time.Time { return testNow }}) // 2026-03-02
	requireScreen(t, m, "Check-ins (1)", "2026-01-20", "Trained grade 6")

	press(m, "a")
	requireScreen(t, m, "New check-in", "2026-03-02")
	press(m, "tab") // the date is today's unless changed; nothing saved yet
	if n := len(reload(t, st, "s1").CheckIns); n != 1 {
		t.Fatalf("a check-in with only the default date was stored: %d", n)
	}
	typeRunes(m, "Coached grade 7")
	press(m, "tab")
	cis := reload(t, st, "s1").CheckIns
	if len(cis) != 2 || cis[1].Date != "2026-03-02" || cis[1].Did != "Coached grade 7" {
		t.Fatalf("check-ins = %+v", cis)
	}
	typeRunes(m, "Coaching works")
	press(m, "tab")
	typeRunes(m, "Survey students")
	press(m, "ctrl+s") // save and close (enter goes on to the notes)
	got := reload(t, st, "s1").CheckIns[1]
	if got.Learned != "Coaching works" || got.Next != "Survey students" {
		t.Fatalf("check-in = %+v", got)
	}

	press(m, "up", "e") // edit the first: change its date
	erase(m, 10)
	typeRunes(m, "2026-01-21")
	press(m, "esc")
	if got := reload(t, st, "s1").CheckIns[0].Date; got != "2026-01-21" {
		t.Fatalf("edited date = %q", got)
	}
	press(m, "d")
	requireScreen(t, m, "Delete check-in of 2026-01-21?")
	press(m, "y")
	if cis := reload(t, st, "s1").CheckIns; len(cis) != 1 || cis[0].Did != "Coached grade 7" {
		t.Fatalf("after delete: %+v", cis)
	}
}

func TestReflectEndOfYear(t *testing.T) {
	st := newTestStore(t)
	m := openTestScreen(t, st, reflectSession(t, st), ScreenReflect, 80, 24)
	press(m, "tab", "e")
	requireScreen(t, m, "End of year", "Continue")
	press(m, "down", "down") // "not decided yet" → Continue → Adjust
	if got := reload(t, st, "s1").Reflection.Decision; got != workbook.DecisionAdjust {
		t.Fatalf("decision = %q, want adjust (a choice is saved at once)", got)
	}
	press(m, "tab")
	typeRunes(m, "Grade 8 needs a different schedule")
	press(m, "tab")                   // next page: conditions
	press(m, "right")                 // Protected time: helped
	press(m, "tab")                   //
	typeRunes(m, "PLC Fridays")       //
	press(m, "tab", "right", "right") // Leader support: hindered
	press(m, "tab", "tab")            // its note left blank → next page
	typeRunes(m, "Walked classrooms weekly")
	press(m, "tab")
	typeRunes(m, "We started with six teachers.")
	press(m, "enter")
	got := reload(t, st, "s1")
	r := got.Reflection
	if r.Decision != workbook.DecisionAdjust || r.DecisionReason != "Grade 8 needs a different schedule" ||
		got.Answer("leadership_moves").Text != "Walked classrooms weekly" || got.Answer("story").Text != "We started with six teachers." {
		t.Fatalf("reflection = %+v, answers %+v", r, got.Answers)
	}
	want := []workbook.ConditionNote{
		{Condition: "time", Effect: workbook.EffectHelped, Note: "PLC Fridays"},
		{Condition: "leaders", Effect: workbook.EffectHindered},
	}
	if len(r.Conditions) != 2 || r.Conditions[0] != want[0] || r.Conditions[1] != want[1] {
		t.Fatalf("conditions = %+v", r.Conditions)
	}
	requireScreen(t, m, "Decision: Adjust — Grade 8 needs a different schedule", "1 helped, 1 hindered (of 2)")
}

func TestReflectAllSizes(t *testing.T) {
	t.Parallel() // CPU-bound: runs beside the other slow tests
	st := newTestStore(t)
	m := openTestScreen(t, st, reflectSession(t, st), ScreenReflect, 80, 24)
	requireAllSizes(t, m)
	requireScreenAllSizes(t, m)
	press(m, "tab", "e")
	requireScreenAllSizes(t, m)
}
