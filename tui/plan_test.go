package tui

import (
	"reflect"
	"testing"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

// planSession has a plan with two action steps, a data row and comments.
func planSession(t *testing.T, st *store.Store) *workbook.Session {
	t.Helper()
	s := newTestSession(t, st, testTemplate(1, 2))
	s.Plan = workbook.Plan{
		Aim: "80% of teachers return feedback in the LMS within a week", AimDate: "2026-05-29",
		Logic: workbook.LogicModel{Inputs: "PD hours", Activities: "Coaching cycles", Outputs: "Teachers trained", Outcomes: "Faster feedback"},
		Actions: []workbook.ActionStep{
			{ID: "a1", What: "Train grade 6 teachers", Owner: "m1", Due: "2026-01-15", Status: workbook.StatusInProgress, Measure: "# trained"},
			{ID: "a2", What: "Survey students", Owner: "m2", Due: "2026-02-01", Status: workbook.StatusNotStarted, Measure: "response rate"},
		},
		DataPlan: []workbook.DataRow{{ID: "r1", Measure: "Feedback within 7 days", Source: "LMS logs", Baseline: "20%", Target: "80%", Cadence: "monthly"}},
	}
	s.Comments = []workbook.Comment{
		{ID: "c1", Part: workbook.Part(workbook.PartPlan, ""), Author: "Kim", Role: workbook.RoleCoach, Text: "The aim is measurable: good.", Created: testNow},
		{ID: "c2", Part: workbook.ActionPart("a1"), Author: "Kim", Role: workbook.RoleCoach, Text: "Who covers classes during training?", Created: testNow},
	}
	saved, err := st.Update(s)
	if err != nil {
		t.Fatal(err)
	}
	return saved
}

func TestPlanActionSteps(t *testing.T) {
	st := newTestStore(t)
	m := openTestScreen(t, st, planSession(t, st), ScreenPlan, 80, 24)
	requireScreen(t, m, "Train grade 6 teachers", "Ana", "in progress", "Kim (coach): Who covers classes during training?")

	press(m, "a")
	requireScreen(t, m, "New action step")
	press(m, "esc") // nothing typed: nothing added
	if n := len(reload(t, st, "s1").Plan.Actions); n != 2 {
		t.Fatalf("an abandoned new step was stored: %d steps", n)
	}

	press(m, "a")
	typeRunes(m, "Coach teachers in PLCs")
	press(m, "tab")
	acts := reload(t, st, "s1").Plan.Actions
	if len(acts) != 3 || acts[2].What != "Coach teachers in PLCs" || acts[2].Status != workbook.StatusNotStarted {
		t.Fatalf("after the first field: %+v", acts)
	}
	press(m, "right") // owner: the first member, saved at once
	if got := reload(t, st, "s1").Plan.Actions[2].Owner; got != "m1" {
		t.Fatalf("owner = %q, want m1", got)
	}
	press(m, "tab")
	typeRunes(m, "2026-02-30")
	press(m, "tab")
	requireScreen(t, m, "not a calendar date")
	if got := reload(t, st, "s1").Plan.Actions[2].Due; got != "" {
		t.Fatalf("an invalid date was saved: %q", got)
	}
	erase(m, 10)
	typeRunes(m, "2026-03-15")
	press(m, "tab", "right", "tab") // status: in progress
	typeRunes(m, "observations logged")
	press(m, "enter") // last field: the step is done
	requireScreen(t, m, "Coach teachers in PLCs", "2026-03-15")
	want := workbook.ActionStep{ID: acts[2].ID, What: "Coach teachers in PLCs", Owner: "m1", Due: "2026-03-15",
		Status: workbook.StatusInProgress, Measure: "observations logged"}
	if got := reload(t, st, "s1").Plan.Actions[2]; !reflect.DeepEqual(got, want) {
		t.Fatalf("step = %+v\nwant %+v", got, want)
	}

	press(m, "s") // the new step is selected: cycle its status
	if got := reload(t, st, "s1").Plan.Actions[2].Status; got != workbook.StatusDone {
		t.Fatalf("status after s = %q, want %q", got, workbook.StatusDone)
	}
	press(m, "e")
	typeRunes(m, " (all grades)")
	press(m, "esc")
	if got := reload(t, st, "s1").Plan.Actions[2].What; got != "Coach teachers in PLCs (all grades)" {
		t.Fatalf("edited what = %q", got)
	}

	press(m, "up", "d")
	requireScreen(t, m, `Delete action step "Survey students"?`)
	press(m, "n")
	if n := len(reload(t, st, "s1").Plan.Actions); n != 3 {
		t.Fatalf("n must keep the step: %d steps", n)
	}
	press(m, "d", "y")
	acts = reload(t, st, "s1").Plan.Actions
	if len(acts) != 2 || acts[0].ID != "a1" || acts[1].What != "Coach teachers in PLCs (all grades)" {
		t.Fatalf("after delete: %+v", acts)
	}
}

func TestPlanDataRowsAndAim(t *testing.T) {
	st := newTestStore(t)
	m := openTestScreen(t, st, planSession(t, st), ScreenPlan, 80, 24)
	press(m, "tab", "a") // data plan section
	requireScreen(t, m, "New data plan row")
	for _, v := range []string{"Logins per week", "LMS", "2", "5"} {
		typeRunes(m, v)
		press(m, "tab")
	}
	typeRunes(m, "weekly")
	press(m, "enter")
	rows := reload(t, st, "s1").Plan.DataPlan
	want := workbook.DataRow{ID: rows[len(rows)-1].ID, Measure: "Logins per week", Source: "LMS", Baseline: "2", Target: "5", Cadence: "weekly"}
	if len(rows) != 2 || !reflect.DeepEqual(rows[1], want) {
		t.Fatalf("data plan = %+v", rows)
	}
	press(m, "d", "y")
	if rows := reload(t, st, "s1").Plan.DataPlan; len(rows) != 1 || rows[0].ID != "r1" {
		t.Fatalf("after delete: %+v", rows)
	}

	press(m, "tab", "e") // aim and logic model
	erase(m, 200)
	typeRunes(m, "All teachers give feedback within 5 days")
	press(m, "tab")
	erase(m, 10)
	typeRunes(m, "2026-06-30")
	press(m, "tab") // next page: inputs
	typeRunes(m, ", coaching time")
	press(m, "esc")
	got := reload(t, st, "s1").Plan
	if got.Aim != "All teachers give feedback within 5 days" || got.AimDate != "2026-06-30" || got.Logic.Inputs != "PD hours, coaching time" {
		t.Fatalf("plan = %+v", got)
	}
	requireScreen(t, m, "All teachers give feedback within 5 days · by 2026-06-30")
}

func TestPlanGolden80x24(t *testing.T) {
	st := newTestStore(t)
	m := openTestScreen(t, st, planSession(t, st), ScreenPlan, 80, 24)
	requireGolden(t, m)
}

func TestPlanGolden160x48(t *testing.T) {
	st := newTestStore(t)
	m := openTestScreen(t, st, planSession(t, st), ScreenPlan, 160, 48)
	press(m, "down")
	requireGolden(t, m)
}

func TestPlanEditorGolden80x24(t *testing.T) {
	st := newTestStore(t)
	m := openTestScreen(t, st, planSession(t, st), ScreenPlan, 80, 24)
	press(m, "e")
	requireGolden(t, m)
}

func TestPlanAllSizes(t *testing.T) {
	t.Parallel() // CPU-bound: runs beside the other slow tests
	st := newTestStore(t)
	m := openTestScreen(t, st, planSession(t, st), ScreenPlan, 80, 24)
	requireAllSizes(t, m)
	requireScreenAllSizes(t, m)
	press(m, "e") // with the row editor open
	requireScreenAllSizes(t, m)
}

func TestPlanCommentTarget(t *testing.T) {
	st := newTestStore(t)
	m := openTestScreen(t, st, planSession(t, st), ScreenPlan, 80, 24)
	press(m, "C") // on the action steps the comment is about the selected step (which has a thread)
	requireScreen(t, m, `Comments on action step "Train grade 6 teachers"`, "Kim (coach): Who covers classes")
	press(m, "esc", "tab", "C") // elsewhere it is about the plan
	requireScreen(t, m, "Comments on the plan", "Kim (coach): The aim is measurable")
}
