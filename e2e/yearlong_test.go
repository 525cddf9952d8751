package e2e

import (
	"path/filepath"
	"testing"
)

// TestNoKeyLostAfterAFormOpens sends keys to a freshly opened form with no
// pause between them, as a fast typist or a paste does: on the plan, a new
// action step's text, then tab and → in one go (the owner), tab, the date,
// tab and → (the status); on the reflection screen, a new check-in's text
// typed in the same send as the key that opens it. Every key lands where it
// was meant (before, the → after tab went to the first field, every time).
func TestNoKeyLostAfterAFormOpens(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	cli(t, "demo", "--db", db)

	tm := newTermOpts(t, termOpts{w: 80, h: 24, dir: dir}, "--db", db)
	tm.waitFor("Sessions (1)")
	tm.keys("Enter")
	tm.waitFor("› Overview")
	tm.keys("4")
	tm.waitFor("› Plan")
	tm.keys("a", "Q", "u", "i", "c", "k", "Tab", "Right", "Tab", "2", "0", "2", "6", "-", "0", "5", "-", "0", "4", "Tab", "Right", "Enter", "Enter")
	tm.waitLine("Quick", "2026-05-04")
	tm.waitSaved()
	tm.keys("Escape")
	tm.waitFor("› Overview")
	tm.keys("5")
	tm.waitFor("Check-ins (2)")
	tm.keys("a", "Tab", "S", "e", "n", "t", "Tab", "Tab", "F", "a", "s", "t", "Enter")
	tm.waitLine("Sent", "Fast")
	tm.waitSaved()

	s := exportJSON(t, db, demoID)
	var found bool
	for _, a := range s.Plan.Actions {
		if a.What != "Quick" {
			continue
		}
		found = true
		if a.Owner == "" || a.Due != "2026-05-04" || a.Status != "in progress" {
			t.Errorf("the quick step is %+v; want an owner, due 2026-05-04, in progress", a)
		}
	}
	if !found {
		t.Fatalf("no step \"Quick\" in %+v", s.Plan.Actions)
	}
	found = false
	for _, c := range s.CheckIns {
		found = found || c.Did == "Sent" && c.Next == "Fast"
	}
	if !found {
		t.Fatalf("check-ins %+v; want one with did Sent and next Fast", s.CheckIns)
	}
}

// TestFormKeysInATerminal: in a real terminal, alt+enter and ctrl+j start a
// new line in a text area, enter goes on to the next field, ctrl+s saves
// the new check-in and closes it, and esc on a new row with text asks
// before discarding it.
func TestFormKeysInATerminal(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	cli(t, "demo", "--db", db)

	tm := newTermOpts(t, termOpts{w: 80, h: 24, dir: dir}, "--db", db)
	tm.waitFor("Sessions (1)")
	tm.keys("Enter")
	tm.waitFor("› Overview")
	tm.keys("5")
	tm.waitFor("Check-ins (2)")
	tm.keys("a", "Tab")
	tm.waitFor("alt+enter or ctrl+j new line")
	tm.typ("one")
	tm.keys("M-Enter")
	tm.typ("two")
	tm.keys("C-j")
	tm.typ("three")
	tm.keys("Enter")
	tm.waitFor("┃ What did we learn?")
	tm.keys("C-s")
	tm.waitGone("New check-in")
	tm.waitFor("Check-ins (3)")

	tm.keys("a", "Tab")
	tm.typ("junk")
	tm.keys("Escape")
	tm.waitFor("Discard this new check-in?")
	tm.keys("y")
	tm.waitGone("New check-in")
	tm.waitFor("Check-ins (3)")
	tm.keys("Escape")
	tm.waitFor("› Overview")
	tm.keys("Escape")
	tm.waitFor("Sessions (1)")
	tm.keys("q")
	tm.waitFor("EXIT=0")

	s := exportJSON(t, db, demoID)
	if n := len(s.CheckIns); n != 3 || s.CheckIns[2].Did != "one\ntwo\nthree" {
		t.Fatalf("check-ins %+v; want a third one whose did is one, two and three on three lines", s.CheckIns)
	}
}
