package tui

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"edtech-workbook/workbook"
)

func TestOverviewShowsProgressAndNextStep(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(2, 2))
	m := openTestScreen(t, st, sess, ScreenOverview, 80, 24)
	requireScreen(t, m, "Northside · Northside USD · 2025-26", "Team: Ana (EdTech director), Ben (Teacher)",
		"› 1  Self-assessment", "0 of 4 indicators have a consensus rating",
		"Continue the self-assessment at “Indicator 1.1” (Domain 1): 4 indicators")

	press(m, "enter") // opens the self-assessment
	requireOn(t, m, "Self-assessment")
	press(m, "4", "4", "4", "]", "2", "2", "2", "esc")
	requireScreen(t, m, "2 of 4 indicators have a consensus rating", "50%",
		"at “Indicator 2.1” (Domain 2): 2 indicators")
}

func TestOverviewOpensEveryPart(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 1))
	m := openTestScreen(t, st, sess, ScreenOverview, 80, 24)
	parts := []string{"Self-assessment", "Results", workbook.PartNameProblem,
		workbook.PartNamePlan, workbook.PartNameReflection, "Summary"}
	for i, title := range parts {
		press(m, strconv.Itoa(i+1))
		requireOn(t, m, title)
		press(m, "esc")
		requireOn(t, m, "Overview")
	}
	press(m, "up", "up", "up", "enter") // from the last part opened (6) to 3
	requireOn(t, m, workbook.PartNameProblem)
}

func TestNextStep(t *testing.T) {
	tmpl := testTemplate(1, 1)
	full := func(name string, n int) workbook.PartProgress {
		return workbook.PartProgress{Name: name, Done: n, Total: n}
	}
	part := func(name string, done, total int) workbook.PartProgress {
		return workbook.PartProgress{Name: name, Done: done, Total: total}
	}
	s := &workbook.Session{Template: tmpl}
	for _, tc := range []struct {
		name                           string
		assess, problem, plan, reflect workbook.PartProgress
		want                           string
	}{
		{"assess", part("a", 0, 1), part("p", 0, 11), part("l", 0, 8), part("r", 0, 5), "Continue the self-assessment"},
		{"problem", full("a", 1), part("p", 3, 11), part("l", 0, 8), part("r", 0, 5), "frame your problem of practice"},
		{"plan", full("a", 1), full("p", 11), part("l", 1, 8), part("r", 0, 5), "Write the plan"},
		{"reflect", full("a", 1), full("p", 11), full("l", 8), part("r", 0, 5), "check-ins"},
		{"done", full("a", 1), full("p", 11), full("l", 8), full("r", 5), "Everything is filled in"},
	} {
		got := nextStep(s, tc.assess, tc.problem, tc.plan, tc.reflect)
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q lacks %q", tc.name, got, tc.want)
		}
	}
}

func TestOverviewGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"160x48", 160, 48}} {
		t.Run(tc.name, func(t *testing.T) {
			st := newTestStore(t)
			sess := newTestSession(t, st, testTemplate(3, 4))
			sess.Rating("d1i1").Consensus = 3
			sess.Problem.Question = "Why do so few teachers use the LMS?"
			sess.Plan.Aim = "Double weekly LMS use by June"
			if _, err := st.Update(sess); err != nil {
				t.Fatal(err)
			}
			requireGolden(t, openTestScreen(t, st, sess, ScreenOverview, tc.w, tc.h))
		})
	}
}

func TestOverviewAllSizes(t *testing.T) {
	t.Parallel() // CPU-bound: runs beside the other slow tests
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(3, 4))
	requireAllSizes(t, openTestScreen(t, st, sess, ScreenOverview, 80, 24))
}

// TestOverviewRosterEditing: t renames a person, changes a role and adds a
// person; their ratings stay with them (by id).
func TestOverviewRosterEditing(t *testing.T) {
	t.Parallel() // CPU-bound: runs beside the other slow tests
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	sess.Rating("d1i1").Members = map[string]workbook.Rating{"m2": 3}
	if _, err := st.Update(sess); err != nil {
		t.Fatal(err)
	}
	m := openTestScreen(t, st, sess, ScreenOverview, 80, 24)
	press(m, "t")
	requireScreen(t, m, "Team roster", "Ana (EdTech director)", "Ben (Teacher)", "+ Add a person")
	requireSomeSizes(t, m)
	press(m, "down", "enter") // Ben
	requireScreen(t, m, "Team roster · Ben")
	for range 3 {
		press(m, "backspace")
	}
	typeText(m, "Benjamin")
	press(m, "enter")
	for range len("Teacher") {
		press(m, "backspace")
	}
	typeText(m, "Instr") // a suggested role, completed
	press(m, "ctrl+e", "enter")
	got := reload(t, st, "s1")
	if b, _ := got.Member("m2"); b.Name != "Benjamin" || b.Role != "Instructional leader" || got.Ratings["d1i1"].Members["m2"] != 3 {
		t.Fatalf("after the rename: %+v ratings %+v", got.Roster, got.Ratings["d1i1"])
	}
	requireScreen(t, m, "Benjamin (Instructional leader)")

	press(m, "t", "down", "down", "enter") // + Add a person
	typeText(m, "Cy")
	press(m, "enter")
	typeText(m, "Board member") // any role
	press(m, "enter")
	if got := reload(t, st, "s1"); len(got.Roster) != 3 || got.Roster[2].Name != "Cy" || got.Roster[2].Role != "Board member" || got.Roster[2].ID == "" {
		t.Fatalf("after adding: %+v", got.Roster)
	}

	// Removing Benjamin, who rated: kept as a former member, ratings and all.
	press(m, "t", "G", "enter") // − Remove someone
	requireScreen(t, m, "Whom do you want to remove")
	press(m, "down", "enter")
	requireScreen(t, m, "Remove Benjamin from the team?", "1 rating and action steps are kept, marked “former member”")
	press(m, "y")
	got = reload(t, st, "s1")
	if b, _ := got.Member("m2"); !b.Former || got.Ratings["d1i1"].Members["m2"] != 3 || len(got.Roster) != 3 {
		t.Fatalf("after removing Benjamin: %+v ratings %+v", got.Roster, got.Ratings["d1i1"])
	}
	requireScreen(t, m, "Benjamin (former member)")
	// Removing Cy, who gave nothing: taken off the roster.
	press(m, "t", "G", "enter", "down", "enter")
	requireScreen(t, m, "Cy has not rated anything")
	press(m, "y")
	if got := reload(t, st, "s1"); len(got.Roster) != 2 {
		t.Fatalf("after removing Cy: %+v", got.Roster)
	}
	// A former member is no longer offered to rename or remove.
	press(m, "t")
	requireNotOnScreen(t, m, "Benjamin")
	press(m, "esc")

	press(m, "t", "esc") // cancel: nothing changes, the Overview is back
	requireScreen(t, m, "What to do next")
	requireStatus(t, m, "roster unchanged")

	m = openTestScreen(t, st, sess, ScreenOverview, 80, 24, Options{Review: true})
	press(m, "t")
	requireError(t, m, "read-only")
	requireNotOnScreen(t, m, "Team roster")
}

// TestRosterOfEightShowsEveryChoice: with eight people at 80×24, t lists
// all of them and both "+ Add a person" and "− Remove someone" without
// scrolling (before, the last three choices were below the list's edge,
// with room to spare under it).
func TestRosterOfEightShowsEveryChoice(t *testing.T) {
	st := newTestStore(t)
	sess := projectorSession(t, st, 8)
	m := openTestScreen(t, st, sess, ScreenOverview, 80, 24)
	press(m, "t")
	requireScreen(t, m, append(slices.Clone(projectorNames), "+ Add a person", "− Remove someone from the team")...)
	press(m, "G", "enter")
	requireScreen(t, m, append(slices.Clone(projectorNames), "Whom do you want to remove")...)
}
