package tui

import (
	"strings"
	"testing"
)

// TestReviewPlanRefusesAtOnce: in review mode the plan hints at no edit
// key ("i adds one"), its v, i and r (a
// dated value, an improvement cycle, new dates) say read-only before any
// form opens, and a form saved with ctrl+s says read-only, never "saved"
// (before, i opened a cycle form whose ctrl+s read "improvement cycle
// saved" while nothing was kept).
func TestReviewPlanRefusesAtOnce(t *testing.T) {
	st := newTestStore(t)
	sess := planSession(t, st)
	m := openTestScreen(t, st, sess, ScreenPlan, 80, 24, clocked(true))
	requireScreen(t, m, "Action steps (2)", "no improvement cycle")
	if txt := screenText(m); strings.Contains(txt, "i adds one") || strings.Contains(txt, "press ") {
		t.Fatalf("review mode hints at an edit key:\n%s", txt)
	}
	press(m, "i")
	requireError(t, m, "read-only")
	if screenTitle(m) != "Plan" || m.top().Capturing() {
		t.Fatalf("i opened a form in review mode:\n%s", screenText(m))
	}
	press(m, "tab", "v") // the data plan
	requireError(t, m, "read-only")
	if m.top().Capturing() {
		t.Fatalf("v opened a form in review mode:\n%s", screenText(m))
	}
	press(m, "shift+tab", "e") // an action step's form
	typeText(m, "x")
	pump(m, ctrlS())
	requireError(t, m, "read-only")
	if got := reload(t, st, sess.ID); got.Revision != sess.Revision {
		t.Fatalf("the review changed the session: revision %d, was %d", got.Revision, sess.Revision)
	}
}
