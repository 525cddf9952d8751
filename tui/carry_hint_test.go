package tui

import "testing"

// TestCarrySaysHowToGetANewVersion: with no newer version of the template
// in the workbook file, the carry form says how a team brings in its
// facilitator's new version first (before, it said only that there was
// none).
func TestCarrySaysHowToGetANewVersion(t *testing.T) {
	st := newTestStore(t)
	carrySession(t, st)
	m := newTestModel(t, st, 80, 24)
	press(m, "c")
	requireScreen(t, m, "Next school year", "template import")
}
