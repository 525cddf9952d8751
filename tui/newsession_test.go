package tui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook/templatefile"
)

// fillDetails types the first form: team, district, year, default template.
func fillDetails(m tea.Model, team, district, year string) {
	typeText(m, team)
	press(m, "enter")
	typeText(m, district)
	press(m, "enter")
	typeText(m, year)
	press(m, "enter")
}

func TestNewSessionCreatesSession(t *testing.T) {
	st := newTestStore(t)
	m := newTestModel(t, st, 80, 24)
	press(m, "n")
	requireOn(t, m, "New session")
	if !fieldHasKeys(m) {
		t.Fatal("the details form does not have the keys")
	}
	requireScreen(t, m, "Set up a new session", "Step 1 of 2", "Team name", "School year", "Template")
	fillDetails(m, "Northside", "Northside USD", "2025-27")
	requireScreen(t, m, "should end with the year after 2025", "Step 1 of 2") // the year is refused
	press(m, "backspace", "backspace")
	typeText(m, "26")
	press(m, "enter") // year ok → template
	press(m, "enter") // default template → roster
	requireScreen(t, m, "Step 2 of 2", "Person 1", "Name", "Role")
	press(m, "enter") // empty name is refused
	requireScreen(t, m, "the name is needed")
	typeText(m, "Ana?q") // ? and q are text here
	press(m, "enter")
	typeText(m, "Instr") // a suggested role, completed
	press(m, "ctrl+e", "enter", "y")
	requireScreen(t, m, "✓ Ana?q (Instructional leader)", "Person 2")
	typeText(m, "Ben")
	press(m, "enter")
	typeText(m, "Board liaison") // a role of our own
	press(m, "enter", "n")

	requireOn(t, m, "Overview")
	requireScreen(t, m, "edtech-workbook › Northside · 2025-26 › Overview")
	sums, err := st.List()
	if err != nil || len(sums) != 1 {
		t.Fatalf("stored %d sessions (%v)", len(sums), err)
	}
	got := reload(t, st, sums[0].ID)
	if got.Team != "Northside" || got.District != "Northside USD" || got.SchoolYear != "2025-26" {
		t.Fatalf("stored %q %q %q", got.Team, got.District, got.SchoolYear)
	}
	if got.Template.ID != templatefile.DefaultTemplateID || len(got.Template.Indicators()) == 0 {
		t.Fatalf("template %s with %d indicators", got.Template.Ref(), len(got.Template.Indicators()))
	}
	roles := got.Template.Roles
	if len(got.Roster) != 2 || got.Roster[0].Name != "Ana?q" || got.Roster[0].Role != roles[1] ||
		got.Roster[1].Name != "Ben" || got.Roster[1].Role != "Board liaison" || got.Roster[0].ID == "" {
		t.Fatalf("roster %+v", got.Roster)
	}
	press(m, "esc") // Home, with the new session listed
	requireOn(t, m, "")
	requireScreen(t, m, "Sessions (1)", "Northside")
}

func TestNewSessionEscape(t *testing.T) {
	st := newTestStore(t)
	m := newTestModel(t, st, 80, 24)
	press(m, "n")
	fillDetails(m, "Eastside", "East USD", "2026-27")
	press(m, "enter") // template
	requireScreen(t, m, "Step 2 of 2")
	press(m, "esc") // back to the details, answers kept
	requireScreen(t, m, "Step 1 of 2", "Eastside", "East USD", "2026-27")
	press(m, "esc") // cancel
	requireOn(t, m, "")
	requireStatus(t, m, "no session created")
	if sums, _ := st.List(); len(sums) != 0 {
		t.Fatalf("cancel stored %d sessions", len(sums))
	}
}

func TestNewSessionOffersStoredTemplates(t *testing.T) {
	st := newTestStore(t)
	tmpl := testTemplate(1, 1)
	tmpl.ID, tmpl.Title = "district-custom", "Our own rubric"
	if err := st.PutTemplate(&tmpl, false); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, st, 100, 30)
	press(m, "n")
	fillDetails(m, "West", "West USD", "2025-26")
	requireScreen(t, m, "Our own rubric (district-custom@1, stored)", "edtech-systems@2, built-in")
}

func TestValidSchoolYear(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{{"2025-26", true}, {" 2099-00 ", true}, {"2025-27", false}, {"2025", false}, {"", false}, {"25-26", false}} {
		if err := validSchoolYear(tc.in); (err == nil) != tc.ok {
			t.Errorf("validSchoolYear(%q) = %v", tc.in, err)
		}
	}
}

func TestNewSessionAllSizes(t *testing.T) {
	t.Parallel() // CPU-bound: runs beside the other slow tests
	m := newTestModel(t, newTestStore(t), 80, 24)
	press(m, "n")
	requireSomeSizes(t, m)
	fillDetails(m, "North", "North USD", "2025-26")
	press(m, "enter")
	requireSomeSizes(t, m)
}

// addPerson fills the roster form for one person (the default role) and
// says whether another follows.
func addPerson(m tea.Model, name string, another bool) {
	typeText(m, name)
	press(m, "enter", "enter")
	if another {
		press(m, "y")
	} else {
		press(m, "n")
	}
}

// The set-up keeps the person being added on screen, however many are
// already on the roster (at 80×24 "Person 4" used to scroll off).
func TestNewSessionNextPersonStaysOnScreen(t *testing.T) {
	st := newTestStore(t)
	m := newTestModel(t, st, 80, 24)
	press(m, "n")
	fillDetails(m, "Northside", "Northside USD", "2025-26")
	press(m, "enter")
	for i, name := range projectorNames[:7] {
		person := fmt.Sprintf("Person %d", i+1)
		requireScreen(t, m, person)
		typeText(m, name)
		press(m, "enter") // on to the role: the person is still named on screen
		requireScreen(t, m, person, "Role")
		press(m, "enter")
		requireScreen(t, m, person, "Add another person")
		press(m, "y")
	}
	requireScreen(t, m, "Person 8", "Name", "Role")
	addPerson(m, projectorNames[7], false)
	requireOn(t, m, "Overview")
	if got := reload(t, st, "northside-2025-26").Roster; len(got) != 8 {
		t.Fatalf("roster %+v", got)
	}
}

// After a new session is created and the team goes back, the cursor is on
// the new session, and d deletes that one.
func TestNewSessionIsSelectedOnHome(t *testing.T) {
	st := newTestStore(t)
	addSessions(t, st, "Alpha", "Bravo", "Charlie")
	m := newTestModel(t, st, 100, 24)
	requireScreen(t, m, "› Charlie")
	press(m, "n")
	fillDetails(m, "Delta", "Delta USD", "2025-26")
	press(m, "enter")
	addPerson(m, "Ana", false)
	requireOn(t, m, "Overview")
	press(m, "esc")
	requireOn(t, m, "")
	requireScreen(t, m, "› Delta")
	press(m, "d")
	requireScreen(t, m, "Delete the session “Delta · 2025-26”")
}

// A new session for a team and year that already have one asks first: n
// (or esc) goes back to the details with the roster kept, y makes the
// second one. (Before, a second "Bravo · 2025-26" was made without a word.)
func TestNewSessionForTheSameTeamAndYearAsksFirst(t *testing.T) {
	st := newTestStore(t)
	addSessions(t, st, "Alpha", "Bravo")
	m := newTestModel(t, st, 80, 24)
	press(m, "n")
	fillDetails(m, " bravo", "Bravo USD", "2025-26")
	press(m, "enter")
	addPerson(m, "Ana", false)
	requireScreen(t, m, "bravo already has a session for 2025-26 (id-bravo)", "y sets up a second one")
	if sums, _ := st.List(); len(sums) != 2 {
		t.Fatalf("%d sessions before the answer", len(sums))
	}
	press(m, "esc")
	requireScreen(t, m, "Step 1 of 2", "Team name")
	press(m, "enter", "enter", "enter", "enter") // the details again: the roster is kept
	requireScreen(t, m, "✓ Ana", "Person 2")
	addPerson(m, "Ben", false)
	requireScreen(t, m, "y sets up a second one")
	press(m, "n")
	requireScreen(t, m, "Step 1 of 2")
	if sums, _ := st.List(); len(sums) != 2 {
		t.Fatalf("%d sessions after no", len(sums))
	}
	press(m, "enter", "enter", "enter", "enter")
	addPerson(m, "Cy", false)
	press(m, "y")
	requireOn(t, m, "Overview")
	sums, _ := st.List()
	if len(sums) != 3 {
		t.Fatalf("%d sessions after yes", len(sums))
	}
	got := reload(t, st, "bravo-2025-26")
	if len(got.Roster) != 3 {
		t.Fatalf("roster %+v", got.Roster)
	}
}
