package tui

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

// cohortStore holds the four-team fixture and North's previous year.
func cohortStore(t *testing.T) *store.Store {
	t.Helper()
	st := newTestStore(t)
	for _, s := range append(testfixture.FourTeams(t), testfixture.NorthLastYear(t)) {
		if err := st.Put(s); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func cohortModel(t *testing.T, st *store.Store, w, h int) *model {
	t.Helper()
	m := newTestModel(t, st, w, h, Options{Now: testfixture.CohortToday})
	pump(m, m.handleKey(keyMsg("o")))
	requireOn(t, m, "Cohort")
	return m
}

// TestCohortScreenNumbers: the screen shows the hand-checked numbers of
// workbook.TestCohortFourTeams (one row per team, North once at its
// latest year), and s re-sorts the rows.
func TestCohortScreenNumbers(t *testing.T) {
	st := cohortStore(t)
	m := cohortModel(t, st, 120, 30)
	requireScreen(t, m, "Cohort: 4 teams", "Sorted by team name",
		"East", "2.0", "42%", "59 days", "stale",
		"North", "2.2", "47%", "9 days", "1 overdue step",
		"South", "1.8", "38%", "45 days", "stale, 2 overdue steps",
		"West", "1.0", "45%", "2 days",
		"Cohort average", "1.8", "43%", "2 stale, 2 overdue")
	lines := screenLines(m)
	row := func(team string) int {
		for i, l := range lines {
			if strings.Contains(l, " "+team+" ") {
				return i
			}
		}
		return -1
	}
	if !(row("East") < row("North") && row("North") < row("South") && row("South") < row("West")) {
		t.Errorf("rows not by team name:\n%s", screenText(m))
	}
	pump(m, m.handleKey(keyMsg("s"))) // lowest overall score first
	lines = screenLines(m)
	if !(row("West") < row("South") && row("South") < row("East") && row("East") < row("North")) {
		t.Errorf("rows not by score (West 1.0, South 1.8, East 2.0, North 2.2):\n%s", screenText(m))
	}
	requireStatus(t, m, "sorted lowest overall score first")
	requireAllSizes(t, m)
}

// TestCohortScreenOpensReadOnly: enter opens a team in review mode; edits
// are refused; esc comes back to the cohort, where the app is no longer in
// review mode.
func TestCohortScreenOpensReadOnly(t *testing.T) {
	st := cohortStore(t)
	m := cohortModel(t, st, 100, 30)
	pump(m, m.handleKey(keyMsg("down"))) // North
	pump(m, m.handleKey(keyMsg("enter")))
	if !strings.Contains(titleLine(m), "North") || !m.c.Review {
		t.Fatalf("North did not open read-only:\n%s", screenText(m))
	}
	before := reload(t, st, "north000000000026")
	pump(m, m.handleKey(keyMsg("1"))) // the self-assessment
	pump(m, m.handleKey(keyMsg("4")))
	requireError(t, m, "read-only")
	if after := reload(t, st, "north000000000026"); after.Revision != before.Revision {
		t.Error("a rating was saved in review mode")
	}
	pump(m, m.handleKey(keyMsg("esc")))
	pump(m, m.handleKey(keyMsg("esc")))
	requireOn(t, m, "Cohort")
	if m.c.Review || m.c.Session != nil {
		t.Errorf("back on the cohort: review %v, session open %v", m.c.Review, m.c.Session != nil)
	}
	pump(m, m.handleKey(keyMsg("esc")))
	requireOn(t, m, "") // Home
}

// TestCohortScreenTag: T sets the selected team's cohort tag; the team's
// last change stays as it was.
func TestCohortScreenTag(t *testing.T) {
	st := cohortStore(t)
	m := cohortModel(t, st, 100, 30)
	pump(m, m.handleKey(keyMsg("T")))
	if !m.top().Capturing() {
		t.Fatal("T did not open the tag field")
	}
	for range len("2025 cohort") {
		pump(m, m.handleKey(keyMsg("backspace")))
	}
	m = typeText(m, "Spring pilot").(*model)
	pump(m, m.handleKey(keyMsg("enter")))
	requireStatus(t, m, `tagged East as "Spring pilot"`)
	s := reload(t, st, "east0000000000026")
	if s.Cohort != "Spring pilot" || !s.Updated.Equal(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("East: tag %q, updated %v", s.Cohort, s.Updated)
	}
}

// TestAccessibleCohort: the plain prompts read the cohort with the
// hand-checked numbers, read a team back read-only and set a cohort tag.
func TestAccessibleCohort(t *testing.T) {
	st := cohortStore(t)
	var out bytes.Buffer
	answers := strings.Join([]string{
		"7",                      // Which session? 1 new, 2–6 the sessions, 7 the cohort
		"2", "1", "Spring pilot", // set the tag of team 1 (East)
		"3", "2", // sort: lowest overall score first
		"1", "1", // read team 1 (now West) whole
		"4", // back
	}, "\n") + "\n"
	before := reload(t, st, "west0000000000026")
	err := Run(st, Options{Accessible: true, Input: strings.NewReader(answers), Output: &out, Now: testfixture.CohortToday})
	if err != nil {
		t.Fatalf("accessible run: %v\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{
		"7. " + menuCohort,
		"The cohort: 4 teams, sorted by team name.",
		"1. East (East USD, 2025-26, cohort@1): overall 2.0, 42% complete, last change 2026-01-01 (59 days ago), stale, cohort tag 2025 cohort.",
		"3. South (South SD, 2025-26, cohort@1): overall 1.8, 38% complete, last change 2026-01-15 (45 days ago), stale, 2 overdue steps, cohort tag 2025 cohort.",
		"Cohort average: overall 1.8, 43% complete; 2 stale, 2 with overdue steps.",
		`Tagged East as "Spring pilot".`,
		"cohort tag Spring pilot.",
		"The cohort: 4 teams, sorted lowest overall score first.",
		"1. West (West CSD, 2025-26, cohort@2): overall 1.0",
		"Results", // West read back whole
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the plain prompts lack %q", want)
		}
	}
	if s := reload(t, st, "east0000000000026"); s.Cohort != "Spring pilot" {
		t.Errorf("East's tag is %q", s.Cohort)
	}
	if after := reload(t, st, "west0000000000026"); after.Revision != before.Revision {
		t.Error("reading West back changed it")
	}
}

// TestCohortChangeAfterToday: a team whose last change is dated after the
// cohort's date (today, in the app) says so on the cohort screen and in
// the accessible mode's cohort (both read "0 days" before).
func TestCohortChangeAfterToday(t *testing.T) {
	st := cohortStore(t)
	late := testfixture.FourTeams(t)[1]
	late.ID, late.Team = "late000000000026", "Late"
	late.Updated = time.Date(2026, 3, 5, 10, 0, 0, 0, time.UTC)
	if err := st.Put(late); err != nil {
		t.Fatal(err)
	}
	m := cohortModel(t, st, 120, 30)
	for _, l := range screenLines(m) {
		if strings.Contains(l, " Late ") && (strings.Contains(l, "0 days") || !strings.Contains(l, "after today")) {
			t.Errorf("the late team's row does not say its change is after today: %q", l)
		}
	}
	requireScreen(t, m, "after today")
	v, err := st.Get(late.ID)
	if err != nil {
		t.Fatal(err)
	}
	c := workbook.NewCohort(workbook.CohortOptions{Today: testfixture.CohortToday()})
	c.Add(v)
	view, err := c.Build()
	if err != nil {
		t.Fatal(err)
	}
	if line := cohortLine(1, view.Teams[0]); !strings.Contains(line, "last change 2026-03-05 (after today, 2026-03-01)") {
		t.Errorf("the accessible cohort reads %q", line)
	}
}
