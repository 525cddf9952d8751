package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook"
)

// pressTogether sends keys one after another without running any of their
// Cmds in between, as a terminal delivers keys typed fast or sent at once,
// then runs all the Cmds: a key must never depend on an earlier key's Cmd
// having run.
func pressTogether(m tea.Model, keys ...string) tea.Model {
	cmds := make([]tea.Cmd, 0, len(keys))
	for _, k := range keys {
		var c tea.Cmd
		m, c = m.Update(keyMsg(k))
		cmds = append(cmds, c)
	}
	return pump(m, tea.Batch(cmds...))
}

// TestKeysRightAfterAFieldMoveReachTheNextField: tab then → sent together
// on a new action step set the owner (the → went to the first field before:
// huh moves between fields through a Cmd, which the → overtook).
func TestKeysRightAfterAFieldMoveReachTheNextField(t *testing.T) {
	st := newTestStore(t)
	m := openTestScreen(t, st, planSession(t, st), ScreenPlan, 80, 24)
	pressTogether(m, "a", "X")
	pressTogether(m, "tab", "right", "tab", "2", "0", "2", "6", "-", "0", "4", "-", "0", "1", "tab", "right", "shift+tab", "shift+tab", "shift+tab", "shift+tab", "Y", "tab")
	acts := reload(t, st, "s1").Plan.Actions
	if len(acts) != 3 {
		t.Fatalf("want a third step, got %+v", acts)
	}
	got := acts[2]
	if got.What != "XY" || got.Owner != "m1" || got.Due != "2026-04-01" || got.Status != workbook.StatusInProgress {
		t.Fatalf("step = %+v; want what XY, owner m1, due 2026-04-01, in progress", got)
	}
}
