package e2e

import (
	"path/filepath"
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
	tm.waitGone("North ")
	tm.keys("Escape") // clears the filter
	tm.waitLine("North ")
	tm.waitLine("South ")

	// Delete North: the confirmation names it; n keeps it.
	for !hasLine(tm.stableScreen(), "› North ") {
		tm.keys("Down")
		tm.waitLine("› ")
	}
	tm.keys("d")
	tm.waitFor("Delete the session North")
	tm.keys("n")
	tm.waitFor("nothing deleted")
	if l := listJSON(t, db); len(l) != 2 {
		t.Fatalf("after n the file has %d sessions, want 2", len(l))
	}
	tm.waitLine("› North ")
	tm.keys("d")
	tm.waitFor("Delete the session North")
	tm.keys("y")
	tm.waitFor("deleted North")
	tm.waitFor("Sessions (1)")
	tm.waitGone("North ")
	tm.keys("q")
	tm.waitFor("EXIT=0")

	l := listJSON(t, db)
	if len(l) != 1 || l[0].Team != "South" {
		t.Fatalf("after y the file has %+v, want only South", l)
	}
	requireDoctorOK(t, db)
}
