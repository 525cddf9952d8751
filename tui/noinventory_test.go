package tui

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// Where the tool inventory is not kept (the cohort server: it is each
// district's own), nothing offers it: not Home's welcome page or help
// line, not i on Home or the Overview, not the accessible mode's menus.
func TestNoInventoryOffered(t *testing.T) {
	m := newTestModel(t, newTestStore(t), 80, 24, Options{NoInventory: true})
	requireScreen(t, m, "Welcome to the edtech workbook", "Press n")
	requireNotOnScreen(t, m, "tool inventory", "i tools")
	press(m, "i")
	requireScreen(t, m, "Welcome to the edtech workbook")

	st := newTestStore(t)
	newTestSession(t, st, testTemplate(1, 1))
	m = newTestModel(t, st, 100, 30, Options{NoInventory: true})
	requireNotOnScreen(t, m, "i tools")
	press(m, "i")
	requireOn(t, m, "")
	press(m, "enter")
	requireOn(t, m, "Overview")
	press(m, "i")
	requireOn(t, m, "Overview")
	press(m, "?")
	requireNotOnScreen(t, m, "tools")

	var out bytes.Buffer
	in := strings.NewReader(strings.Join([]string{"2", menuQuitting}, "\n") + "\n")
	if err := Run(st, Options{Accessible: true, NoInventory: true, Input: in, Output: &out, Now: func() time.Time { return testNow }}); err != nil {
		t.Fatalf("accessible run: %v\n%s", err, out.String())
	}
	if strings.Contains(out.String(), menuInventory) || !strings.Contains(out.String(), menuCohort) {
		t.Fatalf("the menus offer the inventory (or lost the cohort):\n%s", out.String())
	}
}
