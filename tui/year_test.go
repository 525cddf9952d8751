package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
)

var clock = Options{Now: func() time.Time { return testNow }} // 2026-03-02

// TestPlanValues: v on a data-plan row records a dated value (today's date
// unless changed), three of them draw the measure's run chart on Results,
// and the row's editor lists them to correct or clear.
func TestPlanValues(t *testing.T) {
	st := newTestStore(t)
	m := openTestScreen(t, st, planSession(t, st), ScreenPlan, 80, 24, clock)
	press(m, "tab") // the data plan
	requireScreen(t, m, "Values", "none yet")
	for _, v := range []struct{ value, date string }{{"30%", "2025-11-01"}, {"45%", "2026-01-10"}, {"62%", ""}} {
		press(m, "v")
		requireScreen(t, m, "New value: Feedback within 7 days", "baseline 20% · target 80%")
		typeRunes(m, v.value)
		press(m, "tab")
		if v.date != "" {
			erase(m, 10)
			typeRunes(m, v.date)
		}
		press(m, "ctrl+s")
		requireNotOnScreen(t, m, "New value")
	}
	row := reload(t, st, "s1").Plan.DataPlan[0]
	got := row.SortedValues()
	if len(got) != 3 || got[0].Date != "2025-11-01" || got[1].Value != "45%" || got[2].Date != "2026-03-02" || got[2].Value != "62%" {
		t.Fatalf("values = %+v", got)
	}
	requireScreen(t, m, "62%")

	press(m, "v")
	typeRunes(m, "lots")
	press(m, "tab")
	requireScreen(t, m, `value "lots" has no number in it`)
	press(m, "esc", "y") // discard it
	if n := len(reload(t, st, "s1").Plan.DataPlan[0].Values); n != 3 {
		t.Fatalf("%d values after a refused one", n)
	}

	pump(m, openScreen(to(ScreenResults)))
	press(m, "G")
	requireScreen(t, m, "Progress toward the aim", "Feedback within 7 days", "target 80", "baseline 20", "30%", "45%", "62%", "2025-11-01", "2026-03-02", "●")

	// The row's editor: clearing a value removes it.
	pump(m, back())
	press(m, "e")
	requireScreen(t, m, "Edit data plan row")
	press(m, "tab", "tab", "tab", "tab", "tab") // to the first value
	if f := focusedField(m); f != "Value of 2025-11-01" {
		t.Fatalf("on %q, want the first value", f)
	}
	erase(m, 3)
	press(m, "tab")
	if got := reload(t, st, "s1").Plan.DataPlan[0].SortedValues(); len(got) != 2 || got[0].Value != "45%" {
		t.Fatalf("after clearing the first value: %+v", got)
	}
}

// TestPlanCycles: i on an action step adds an improvement cycle (plan, do,
// study, act), the step's line says so, and the step's editor has it on
// its own page.
func TestPlanCycles(t *testing.T) {
	st := newTestStore(t)
	m := openTestScreen(t, st, planSession(t, st), ScreenPlan, 80, 24, clock)
	requireScreen(t, m, "no improvement cycle")
	press(m, "i")
	requireScreen(t, m, "New improvement cycle: Train grade 6 teachers", "Plan: what change will we try?")
	typeRunes(m, "Pair each new teacher with a coach")
	press(m, "tab")
	typeRunes(m, "Half will use the LMS within two weeks")
	press(m, "tab", "tab")
	typeRunes(m, "Two thirds did")
	press(m, "tab", "right", "right") // adapt
	press(m, "ctrl+s")
	steps := reload(t, st, "s1").Plan.Actions
	cy := steps[0].Cycles
	if len(cy) != 1 || cy[0].Change != "Pair each new teacher with a coach" || cy[0].Date != "2026-03-02" ||
		cy[0].Happened != "Two thirds did" || cy[0].Act != workbook.ActAdapt {
		t.Fatalf("cycles = %+v", cy)
	}
	requireScreen(t, m, "1 improvement cycle (last: adapt)")
	press(m, "e")
	press(m, "tab", "tab", "tab", "tab", "tab")
	requireScreen(t, m, "Improvement cycle 1 of 1", "Pair each new teacher with a coach")
	press(m, "esc")
}

// TestOverdueFlaggedOnScreens: a step due before today and not done is
// flagged in words on the plan (its row and its line), the reflection
// screen's step count, the Overview, and the Summary.
func TestOverdueFlaggedOnScreens(t *testing.T) {
	st := newTestStore(t)
	sess := planSession(t, st) // a1 due 2026-01-15 in progress, a2 due 2026-02-01 not started: both overdue on 2026-03-02
	m := openTestScreen(t, st, sess, ScreenPlan, 80, 24, clock)
	if !screenHasLine(m, "Train grade 6 teachers", "overdue") {
		t.Fatalf("the plan does not flag the overdue step:\n%s", screenText(m))
	}
	requireScreen(t, m, "OVERDUE since 2026-01-15")
	press(m, "s", "s") // in progress → done → stuck? no: done first
	if got := reload(t, st, "s1").Plan.Actions[0].Status; got != workbook.StatusStuck {
		t.Fatalf("status %q", got)
	}
	press(m, "s", "s") // stuck → not started → in progress
	pump(m, back())
	requireScreen(t, m, "2 overdue")
	pump(m, openScreen(to(ScreenReflect)))
	requireScreen(t, m, "2 overdue")
	pump(m, back())
	pump(m, openScreen(to(ScreenSummary)))
	requireScreen(t, m, "Overdue action steps: 2 (as of 2026-03-02)")
	if p := ansi.Strip(renderPreview(m.c.Styles, m.c.Session, testNow, 100)); !strings.Contains(p, "Train grade 6 teachers (overdue)") {
		t.Errorf("the Summary does not flag the step:\n%s", p)
	}
	// Without a clock nothing is judged overdue.
	m = openTestScreen(t, st, sess, ScreenPlan, 80, 24)
	if screenHasLine(m, "Train grade 6 teachers", "overdue") {
		t.Errorf("a step is flagged overdue with no clock:\n%s", screenText(m))
	}
}

// screenHasLine reports whether one line of the frame holds every part.
func screenHasLine(m tea.Model, parts ...string) bool {
	for _, l := range screenLines(m) {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(l, p)
		}
		if all {
			return true
		}
	}
	return false
}

// TestRedateCarriedSteps: a session carried into a new year with steps
// still on last year's dates says so on the plan; r lists them with their
// old dates to change, and the banner goes once every one has a new date.
func TestRedateCarriedSteps(t *testing.T) {
	st := newTestStore(t)
	res, err := workbook.CarryForward(testfixture.Demo(t), "2026-27", nil)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := st.Create(res.Session)
	if err != nil {
		t.Fatal(err)
	}
	m := openTestScreen(t, st, sess, ScreenPlan, 80, 24, clock)
	requireScreen(t, m, "3 carried steps are still on last year's dates — press r")
	press(m, "r")
	requireScreen(t, m, "Steps still on last year's dates", "was due 2026-03-13, last school year")
	for range 3 {
		erase(m, 10)
		typeRunes(m, "2027-01-15")
		press(m, "tab")
	}
	press(m, "ctrl+s")
	requireNotOnScreen(t, m, "still on last year's dates")
	for _, a := range reload(t, st, sess.ID).Plan.Actions {
		if a.Due != "2027-01-15" {
			t.Errorf("step %q is due %s", a.What, a.Due)
		}
	}
}

// TestAccessibleRedatesAndFlags: in the plain prompts, the action steps
// of a session carried with steps on last year's dates first offer to
// re-date them (blank keeps one); the list then says which step is
// overdue and which was carried.
func TestAccessibleRedatesAndFlags(t *testing.T) {
	st := newTestStore(t)
	res, err := workbook.CarryForward(testfixture.Demo(t), "2026-27", nil)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := st.Create(res.Session)
	if err != nil {
		t.Fatal(err)
	}
	out := runAccessible(t, st, sess.ID,
		menuActions,
		"y", "2026-10-01", "", "2027-01-15", // the three open steps: new, kept, new
		"", // done
		menuQuitting,
	)
	for _, want := range []string{"3 open steps carried from last year are still on last year's dates. Re-date them now?",
		"Steps still on last year's dates.", "was due 2026-03-13, last school year",
		"(carried from last year) — Luis Ortega, in progress, due 2026-10-01",
		"(overdue, carried from last year) — Dana Whitfield, stuck, due 2026-01-30",
		"1 improvement cycle"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	due := map[string]string{}
	for _, a := range reload(t, st, sess.ID).Plan.Actions {
		due[a.CarriedFrom] = a.Due
	}
	if due["a2"] != "2026-10-01" || due["a3"] != "2026-01-30" || due["a4"] != "2027-01-15" {
		t.Fatalf("due dates %v", due)
	}
}
