package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestHomeFilterAndDelete filters the Home list and deletes a session
// through its confirmation: n keeps it, y removes it from the file.
func TestHomeFilterAndDelete(t *testing.T) {
	db := filepath.Join(t.TempDir(), "home.db")
	mustSetup(t, db, "North", false)
	mustSetup(t, db, "South", true)

	tm := newTerm(t, 80, 24, "--db", db)
	tm.waitFor("Sessions (2)")
	tm.keys("/")
	tm.waitFor("Filter: ")
	tm.typ("sou")
	tm.waitFor("Filter: sou")
	tm.waitLine("› South ")
	tm.waitUntil("North's row to go", func(s string) bool { return !hasLine(s, "North ", "edtech-systems@2") })
	tm.keys("Escape") // clears the filter
	tm.waitLine("North ")
	tm.waitLine("South ")

	// Delete North: the confirmation names it; n keeps it.
	moveTo(tm, "North ")
	tm.keys("d")
	tm.waitFor("Delete the session “North")
	tm.keys("n")
	tm.waitFor("nothing deleted")
	if l := listJSON(t, db); len(l) != 2 {
		t.Fatalf("after n the file has %d sessions, want 2", len(l))
	}
	tm.waitLine("› North ")
	tm.keys("d")
	tm.waitFor("Delete the session “North")
	tm.keys("y")
	tm.waitFor("deleted “North")
	tm.waitFor("Sessions (1)")
	tm.waitUntil("North's row to go", func(s string) bool { return !hasLine(s, "North ", "edtech-systems@2") })
	tm.keys("q")
	tm.waitFor("EXIT=0")

	l := listJSON(t, db)
	if len(l) != 1 || l[0].Team != "South" {
		t.Fatalf("after y the file has %+v, want only South", l)
	}
	requireDoctorOK(t, db)
}

// moveTo moves the Home cursor onto the row holding row: it finds both on
// the screen and presses Up or Down as many times as the rows are apart.
func moveTo(tm *term, row string) {
	tm.t.Helper()
	scr := tm.stableScreen()
	cur, target := -1, -1
	for i, l := range strings.Split(scr, "\n") {
		if strings.HasPrefix(l, "› ") {
			cur = i
		}
		if strings.Contains(l, row) && target < 0 {
			target = i
		}
	}
	if cur < 0 || target < 0 {
		tm.t.Fatalf("no cursor or no row with %q on Home:\n%s", row, scr)
	}
	for ; cur < target; cur++ {
		tm.keys("Down")
	}
	for ; cur > target; cur-- {
		tm.keys("Up")
	}
	tm.waitLine("› ", row)
}
