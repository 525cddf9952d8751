package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

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

func homeOf(t *testing.T, m *model) *homeScreen {
	t.Helper()
	h, ok := m.top().(*homeScreen)
	if !ok {
		t.Fatalf("top screen is %T, want Home", m.top())
	}
	return h
}

func TestHomeFirstRun(t *testing.T) {
	m := newTestModel(t, newTestStore(t), 80, 24)
	requireScreen(t, m, "Welcome to the edtech workbook", "Press n", "edtech-workbook demo")
	press(m, "d", "enter", "/") // nothing to act on: no crash, still the welcome page
	requireScreen(t, m, "Welcome to the edtech workbook")
	press(m, "n")
	if got := m.top().Title(); got != "New session" {
		t.Fatalf("n opened %q, want New session", got)
	}
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
	requireScreen(t, m, "Sessions (3)", "› Charlie", "Charlie USD", "test@1", "10%", "2026-03-02 16:02")
}

func TestHomeFilter(t *testing.T) {
	st := newTestStore(t)
	addSessions(t, st, "Alpha", "Bravo", "Charlie")
	m := newTestModel(t, st, 100, 24)
	press(m, "/")
	typeText(m, "BRA")
	h := homeOf(t, m)
	if len(h.shown) != 1 || h.rows[h.shown[0]].team != "Bravo" {
		t.Fatalf("filter kept %v", h.shown)
	}
	requireScreen(t, m, "Sessions (1 of 3)", "Filter: BRA")
	press(m, "q") // typed into the filter, does not quit
	if h.filter != "BRAq" || len(h.shown) != 0 {
		t.Fatalf("filter = %q shown %d", h.filter, len(h.shown))
	}
	requireScreen(t, m, "No session matches")
	press(m, "backspace", "enter") // keep the filter, leave typing
	if h.typing || len(h.shown) != 1 {
		t.Fatalf("typing=%v shown=%d", h.typing, len(h.shown))
	}
	press(m, "enter") // opens the filtered session
	if m.c.Session == nil || m.c.Session.Team != "Bravo" {
		t.Fatalf("opened %+v", m.c.Session)
	}
	press(m, "esc")
	h = homeOf(t, m)
	press(m, "/", "esc") // esc in the filter clears it
	if h.filter != "" || len(h.shown) != 3 {
		t.Fatalf("filter %q shown %d", h.filter, len(h.shown))
	}
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
	if m.c.Session == nil || m.c.Session.Team != "Alpha" || m.top().Title() != "Overview" {
		t.Fatalf("enter opened %T %+v", m.top(), m.c.Session)
	}
	press(m, "esc")
	if m.c.Session != nil || len(m.stack) != 1 {
		t.Fatal("esc did not return Home")
	}
	_, cmd := m.Update(keyMsg("q"))
	if cmd == nil {
		t.Fatal("q did nothing on Home")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("q did not quit")
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
	st := newTestStore(t)
	addSessions(t, st, "Alpha", "Bravo")
	m := newTestModel(t, st, 80, 24)
	requireAllSizes(t, m)
	press(m, "d")
	requireAllSizes(t, m)
	requireAllSizes(t, newTestModel(t, newTestStore(t), 80, 24))
}
