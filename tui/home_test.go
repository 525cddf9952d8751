package tui

import (
	"strings"
	"testing"
	"time"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

// addSessions stores one session per team, each changed an hour after the last.
func addSessions(t *testing.T, st *store.Store, teams ...string) {
	t.Helper()
	tmpl := testTemplate(1, 2)
	for i, team := range teams {
		st.SetClock(func() time.Time { return testNow.Add(time.Duration(i) * time.Hour) })
		if _, err := st.Create(&workbook.Session{ID: "id-" + strings.ToLower(team), Team: team,
			District: team + " USD", SchoolYear: "2025-26", Template: tmpl}); err != nil {
			t.Fatal(err)
		}
	}
	st.SetClock(func() time.Time { return testNow })
}

func TestHomeFirstRun(t *testing.T) {
	m := newTestModel(t, newTestStore(t), 80, 24)
	requireScreen(t, m, "Welcome to the edtech workbook", "Press n", "edtech-workbook demo")
	press(m, "d", "enter", "/") // nothing to act on: no crash, still the welcome page
	requireScreen(t, m, "Welcome to the edtech workbook")
	press(m, "n")
	requireOn(t, m, "New session")
}

func TestHomeListNewestFirst(t *testing.T) {
	st := newTestStore(t)
	addSessions(t, st, "Alpha", "Bravo", "Charlie")
	m := newTestModel(t, st, 100, 24)
	text := screenText(m)
	a, b, c := strings.Index(text, "Alpha"), strings.Index(text, "Bravo"), strings.Index(text, "Charlie")
	if a < 0 || !(c < b && b < a) {
		t.Fatalf("want Charlie, Bravo, Alpha:\n%s", text)
	}
	requireScreen(t, m, "Sessions (3)", "› Charlie", "Charlie USD", "test@1", "not started", "2026-03-02 16:02")
}

func TestHomeFilter(t *testing.T) {
	st := newTestStore(t)
	addSessions(t, st, "Alpha", "Bravo", "Charlie")
	m := newTestModel(t, st, 100, 24)
	press(m, "/")
	typeText(m, "BRA")
	requireScreen(t, m, "Sessions (1 of 3)", "Filter: BRA█", "› Bravo")
	requireNotOnScreen(t, m, "Alpha", "Charlie")
	_, cmd := m.Update(keyMsg("q")) // typed into the filter, does not quit
	if quits(cmd) {
		t.Fatal("q quit while typing a filter")
	}
	requireScreen(t, m, "Filter: BRAq█", "Sessions (0 of 3)", "No session matches")
	press(m, "backspace", "enter") // keep the filter, leave typing
	requireScreen(t, m, "Sessions (1 of 3)", "Filter: BRA  (/ to change")
	press(m, "enter") // opens the filtered session
	requireOn(t, m, "Overview")
	requireScreen(t, m, "Bravo · 2025-26")
	press(m, "esc")
	press(m, "/", "esc") // esc in the filter clears it
	requireScreen(t, m, "Sessions (3)", "Alpha", "Bravo", "Charlie")
	requireNotOnScreen(t, m, "Filter:")
}

func TestHomeDeleteAsksFirst(t *testing.T) {
	st := newTestStore(t)
	addSessions(t, st, "Alpha", "Bravo")
	m := newTestModel(t, st, 80, 24)
	press(m, "down", "d")
	requireScreen(t, m, "Delete the session “Alpha · 2025-26”", "y deletes")
	press(m, "n")
	if sums, _ := st.List(); len(sums) != 2 {
		t.Fatalf("n deleted something: %d left", len(sums))
	}
	requireScreen(t, m, "nothing deleted")
	press(m, "d", "y")
	sums, err := st.List()
	if err != nil || len(sums) != 1 || sums[0].Team != "Bravo" {
		t.Fatalf("after delete: %+v %v", sums, err)
	}
	requireScreen(t, m, "deleted “Alpha · 2025-26”", "Sessions (1)")
	if strings.Contains(screenText(m), "Alpha USD") {
		t.Fatal("deleted session still listed")
	}
}

func TestHomeOpenAndQuit(t *testing.T) {
	st := newTestStore(t)
	addSessions(t, st, "Alpha", "Bravo")
	m := newTestModel(t, st, 80, 24)
	press(m, "j", "enter")
	requireOn(t, m, "Overview")
	requireScreen(t, m, "edtech-workbook › Alpha · 2025-26 › Overview")
	press(m, "esc")
	requireOn(t, m, "")
	requireScreen(t, m, "Sessions (2)")
	_, cmd := m.Update(keyMsg("q"))
	if !quits(cmd) {
		t.Fatal("q did not quit on Home")
	}
}

func TestHomeGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"160x48", 160, 48}} {
		t.Run(tc.name, func(t *testing.T) {
			st := newTestStore(t)
			addSessions(t, st, "Alpha", "Bravo", "Charlie", "Delta with a very long team name that needs cutting")
			m := newTestModel(t, st, tc.w, tc.h)
			requireGolden(t, m)
		})
	}
}

func TestHomeFirstRunGolden(t *testing.T) {
	requireGolden(t, newTestModel(t, newTestStore(t), 80, 24))
}

func TestHomeAllSizes(t *testing.T) {
	t.Parallel() // CPU-bound: runs beside the other slow tests
	st := newTestStore(t)
	addSessions(t, st, "Alpha", "Bravo")
	m := newTestModel(t, st, 80, 24)
	requireAllSizes(t, m)
	press(m, "d")
	requireAllSizes(t, m)
	requireAllSizes(t, newTestModel(t, newTestStore(t), 80, 24))
}

// An empty session reads "not started" (its set-up is not progress): on
// Home and on its Overview.
func TestEmptySessionReadsNotStarted(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := newTestModel(t, st, 100, 24)
	requireScreen(t, m, "Northside", "not started")
	requireNotOnScreen(t, m, "%")
	press(m, "enter")
	requireOn(t, m, "Overview")
	requireScreen(t, m, "not started")
	requireNotOnScreen(t, m, "% of the workbook")
	_ = sess
}
