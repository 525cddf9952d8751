package tui

import (
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

// carrySession stores s1 with one open and one finished action step.
func carrySession(t *testing.T, st *store.Store) *workbook.Session {
	t.Helper()
	sess := newTestSession(t, st, testTemplate(2, 2))
	sess.Rating("d1i1").Consensus = 3
	sess.Problem.Question = "Why do so few teachers use it?"
	sess.Plan.Actions = []workbook.ActionStep{
		{ID: "a1", What: "Train staff", Owner: "m1", Status: workbook.StatusInProgress},
		{ID: "a2", What: "Buy licences", Owner: "m2", Status: workbook.StatusDone},
	}
	sess, err := st.Update(sess)
	if err != nil {
		t.Fatal(err)
	}
	return sess
}

func TestCarryForwardFromHome(t *testing.T) {
	newer := testTemplate(2, 2)
	newer.Version = 2
	newer.Domains[1].Indicators = newer.Domains[1].Indicators[:1] // d2i2 retired
	newer.Domains[0].Indicators = append(newer.Domains[0].Indicators, workbook.Indicator{
		ID: "d1i9", Title: "Indicator new", Statement: "New.", Levels: []string{"a", "b", "c", "d"}})

	for _, tc := range []struct {
		name     string
		keys     []string // in the template select
		wantRef  string
		wantText []string
	}{
		{"same template", nil, "test@1", []string{"1 unfinished action step carried over", "1 finished step summarised",
			"1 indicator keeps last year's rating as the baseline; 3 are new", "No indicator was retired"}},
		{"newer version", []string{"down"}, "test@2", []string{"Retired indicators (not in the new template): Indicator 2.2",
			"1 indicator keeps last year's rating as the baseline; 3 are new"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := newTestStore(t)
			before := carrySession(t, st)
			if err := st.PutTemplate(&newer, false); err != nil {
				t.Fatal(err)
			}
			m := newTestModel(t, st, 100, 30)
			press(m, "c")
			requireScreen(t, m, "Carry “Northside · 2025-26” forward", "Next school year", "2026-27",
				"Same as this year: Test template (test@1)", "Newer version: Test template (test@2)")
			press(m, "enter") // keep the prefilled year
			press(m, tc.keys...)
			press(m, "enter") // choose the template: carries
			requireScreen(t, m, append([]string{"Created Northside · 2026-27 (template " + tc.wantRef + ")"}, tc.wantText...)...)

			press(m, "enter") // open the new session
			requireOn(t, m, "Overview")
			requireScreen(t, m, "Northside · 2026-27", "Carried forward from 2025-26", "("+tc.wantRef+")")
			var s *workbook.Session
			sums, _ := st.List()
			for _, sum := range sums {
				if sum.ID != "s1" {
					s = reload(t, st, sum.ID)
				}
			}
			if s == nil || s.SchoolYear != "2026-27" || s.Previous == nil || s.Previous.SessionID != "s1" {
				t.Fatalf("stored new session %+v", s)
			}
			if s.Template.Ref() != tc.wantRef || len(s.Plan.Actions) != 1 || s.Plan.Actions[0].What != "Train staff" {
				t.Fatalf("template %s actions %+v", s.Template.Ref(), s.Plan.Actions)
			}
			if s.Problem.Question != before.Problem.Question {
				t.Fatalf("stored new session: %+v", s.Problem)
			}
			if got := reload(t, st, "s1"); got.Revision != before.Revision {
				t.Fatal("the original session was changed")
			}
			press(m, "esc") // back on Home: both sessions listed
			requireScreen(t, m, "Sessions (2)")
		})
	}
}

func TestCarryForwardBadYearAndCancel(t *testing.T) {
	st := newTestStore(t)
	carrySession(t, st)
	m := newTestModel(t, st, 80, 24)
	press(m, "c")
	for range 7 {
		press(m, "backspace")
	}
	typeText(m, "2024-25") // not after 2025-26: CarryForward refuses
	press(m, "enter", "enter")
	requireError(t, m, "is not after 2025-26")
	requireScreen(t, m, "Next school year") // the form is back to fix it
	requireSomeSizes(t, m)
	press(m, "esc")
	requireOn(t, m, "")
	requireStatus(t, m, "nothing carried forward")
	if sums, _ := st.List(); len(sums) != 1 {
		t.Fatalf("%d sessions after a cancelled carry", len(sums))
	}
}

// TestCarryAsksForNewDates: carrying a session whose open steps are on
// last year's dates lists them with their old dates to change before
// anything is stored; the dates given are the stored session's, the ones
// kept stay on last year's (and the summary says so); esc there stores
// nothing.
func TestCarryAsksForNewDates(t *testing.T) {
	st := newTestStore(t)
	sess := carrySession(t, st)
	sess.Plan.Actions = append(sess.Plan.Actions,
		workbook.ActionStep{ID: "a3", What: "Survey students", Due: "2026-02-01", Status: workbook.StatusNotStarted})
	sess.Plan.Actions[0].Due = "2026-01-15"
	if _, err := st.Update(sess); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, st, 100, 30)
	press(m, "c", "enter", "enter")
	requireScreen(t, m, "Steps still on last year's dates", "Train staff", "was due 2026-01-15, last school year",
		"Survey students", "was due 2026-02-01", "Nothing is stored yet")
	if sums, _ := st.List(); len(sums) != 1 {
		t.Fatalf("a session was stored before the dates were given: %d sessions", len(sums))
	}
	press(m, "esc")
	if sums, _ := st.List(); len(sums) != 1 {
		t.Fatalf("esc stored a session: %d sessions", len(sums))
	}

	press(m, "c", "enter", "enter")
	erase(m, 10)
	typeRunes(m, "2026-10-15")
	press(m, "enter", "enter") // the second keeps last year's date
	requireScreen(t, m, "Created Northside · 2026-27", "1 open step is still on last year's dates")
	var next *workbook.Session
	sums, _ := st.List()
	for _, sum := range sums {
		if sum.ID != "s1" {
			next = reload(t, st, sum.ID)
		}
	}
	if next == nil {
		t.Fatal("no session was created")
	}
	due := map[string]string{}
	for _, a := range next.Plan.Actions {
		due[a.CarriedFrom] = a.Due
	}
	if due["a1"] != "2026-10-15" || due["a3"] != "2026-02-01" {
		t.Fatalf("due dates %v", due)
	}
}

// Carrying a second time into the same year warns before it creates a
// second session: n goes back to the form, y creates it.
func TestCarryTwiceIntoTheSameYearAsksFirst(t *testing.T) {
	st := newTestStore(t)
	carrySession(t, st)
	m := newTestModel(t, st, 100, 30)
	press(m, "c", "enter", "enter")
	requireScreen(t, m, "Created Northside · 2026-27")
	press(m, "esc") // back to Home, on the new session
	if l := lineWith(m, "› Northside"); !strings.Contains(l, "2026-27") {
		t.Fatalf("the cursor is on %q", l)
	}
	press(m, "/") // last year's again
	typeText(m, "2025-26")
	press(m, "enter", "c", "enter", "enter")
	requireScreen(t, m, "Northside already has a session for 2026-27 (northside-2026-27)", "y starts a second one")
	if sums, _ := st.List(); len(sums) != 2 {
		t.Fatalf("%d sessions before the answer", len(sums))
	}
	// Its keys: y and n (or esc) back to the form, each listed once.
	seen := map[string]string{}
	for _, col := range m.chrome.fullHelp(m.frame()) {
		for _, b := range col {
			for _, k := range b.Keys() {
				if other, ok := seen[k]; ok && b.Enabled() {
					t.Errorf("key %q is listed as %q and as %q", k, other, helpText(b))
				}
				seen[k] = helpText(b)
			}
		}
	}
	press(m, "esc") // as n: back to the form, not to Home
	requireScreen(t, m, "Next school year")
	press(m, "enter", "enter")
	requireScreen(t, m, "y starts a second one")
	press(m, "n")
	requireScreen(t, m, "Next school year")
	if sums, _ := st.List(); len(sums) != 2 {
		t.Fatalf("%d sessions after no", len(sums))
	}
	press(m, "enter", "enter", "y")
	requireScreen(t, m, "Created Northside · 2026-27")
	if _, err := st.Get("northside-2026-27-2"); err != nil {
		t.Fatalf("the second session: %v", err)
	}
}

// TestCarryRedateKeepsDatesWhole: the re-date page's text wraps on spaces
// only, at any width: no line ends inside a date ("2026-07-" / "01" at 80
// columns before) or inside the YYYY-MM-DD of a field's help.
func TestCarryRedateKeepsDatesWhole(t *testing.T) {
	broken := regexp.MustCompile(`(\d{4}|YYYY)-(\d{2}-|MM-)?\s*$`)
	for _, w := range []int{60, 70, 80, 90, 100} {
		st := newTestStore(t)
		sess := carrySession(t, st)
		sess.Plan.Actions = append(sess.Plan.Actions,
			workbook.ActionStep{ID: "a3", What: "Survey students", Due: "2026-02-01", Status: workbook.StatusNotStarted})
		sess.Plan.Actions[0].Due = "2026-01-15"
		if _, err := st.Update(sess); err != nil {
			t.Fatal(err)
		}
		m := newTestModel(t, st, w, 30)
		press(m, "c", "enter", "enter")
		requireScreen(t, m, "Steps still on last year's dates")
		for _, line := range strings.Split(screenText(m), "\n") {
			if broken.MatchString(line) {
				t.Errorf("at %d columns a line ends inside a date: %q", w, line)
			}
		}
		requireScreen(t, m, "2026-07-01", "YYYY-MM-DD")
		// after a resize too
		pump(m, msgCmd(tea.WindowSizeMsg{Width: 61, Height: 30}))
		requireScreen(t, m, "2026-07-01", "YYYY-MM-DD")
		for _, line := range strings.Split(screenText(m), "\n") {
			if broken.MatchString(line) {
				t.Errorf("from %d columns resized to 61, a line ends inside a date: %q", w, line)
			}
		}
	}
}

// TestCarryTextsWrapWhenNarrow: below 80 columns the carry screen's lines
// wrap instead of being cut: what comes along, and that nothing is stored
// until the last date (they ended in "…" before).
func TestCarryTextsWrapWhenNarrow(t *testing.T) {
	st := newTestStore(t)
	sess := carrySession(t, st)
	sess.Plan.Actions[0].Due = "2026-01-15"
	if _, err := st.Update(sess); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, st, 64, 24)
	press(m, "c")
	requireScreen(t, m, "This session is not", "changed.")
	press(m, "enter", "enter")
	requireScreen(t, m, "Nothing is stored yet", "esc cancels.")
}
