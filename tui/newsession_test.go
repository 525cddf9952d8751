package tui

import (
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
	requireScreen(t, m, "Step 2 of 2", "Person 1: name", "Role")
	press(m, "enter") // empty name is refused
	requireScreen(t, m, "the name is needed")
	typeText(m, "Ana?q") // ? and q are text here
	press(m, "enter", "down", "enter", "y")
	requireScreen(t, m, "✓ Ana?q · Instructional leader", "Person 2: name")
	typeText(m, "Ben")
	press(m, "enter", "enter", "n")

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
		got.Roster[1].Name != "Ben" || got.Roster[1].Role != roles[0] || got.Roster[0].ID == "" {
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
