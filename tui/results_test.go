package tui

import (
	"strings"
	"testing"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

// ratedSession stores a session whose first two domains are rated: members
// disagree on d1i1 (1 and 4) and agree elsewhere.
func ratedSession(t *testing.T, st *store.Store, withPrevious bool) *workbook.Session {
	t.Helper()
	sess := newTestSession(t, st, testTemplate(3, 4))
	set := func(id string, a, b, cons workbook.Rating) {
		r := sess.Rating(id)
		r.Members = map[string]workbook.Rating{"m1": a, "m2": b}
		r.Consensus = cons
	}
	set("d1i1", 1, 4, 2)
	set("d1i2", 3, 3, 3)
	set("d1i3", 4, 4, 4)
	set("d1i4", 2, 3, 2)
	set("d2i1", 1, 1, 1)
	set("d2i2", 2, 1, 1)
	if withPrevious {
		sess.Previous = &workbook.PreviousYear{SessionID: "old", SchoolYear: "2024-25", TemplateRef: "test@1",
			Baseline: map[string]workbook.Rating{"d1i1": 1, "d1i2": 3, "d1i3": 2, "d1i4": 3, "d2i1": 2}}
	}
	out, err := st.Update(sess)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestResultsShowsScoresAndLists(t *testing.T) {
	st := newTestStore(t)
	sess := ratedSession(t, st, false)
	m := openTestScreen(t, st, sess, ScreenResults, 100, 40)
	requireScreen(t, m, "6 of 12 indicators rated",
		"Domain 1", "2.8 / 4", "(4 of 4)", "1.0 / 4", "(2 of 4)", "not rated yet",
		"Strengths", "4 Leading — Indicator 1.3 · Domain 1",
		"Gaps", "1 Beginning — Indicator 2.1 · Domain 2",
		"Talk about these", "ratings 1–4 (spread 3, 2 people) · consensus 2 — Indicator 1.1")
	// Bars are drawn, and readable without colour: filled and empty cells differ.
	if !strings.Contains(screenText(m), "███") || !strings.Contains(screenText(m), "░░░") {
		t.Fatalf("no bar chart:\n%s", screenText(m))
	}
}

func TestResultsShowsLastYear(t *testing.T) {
	st := newTestStore(t)
	sess := ratedSession(t, st, true)
	m := openTestScreen(t, st, sess, ScreenResults, 160, 48)
	// Domain 1: last year (1+3+2+3)/4 = 2.25 → "2.3" (half away from zero);
	// this year (2+3+4+2)/4 = 2.75; change over the four both years rated:
	// 2.75 − 2.25 = +0.5.
	requireScreen(t, m, "last year 2.3 ▲0.5",
		"4 Leading (last year 2 ▲2) — Indicator 1.3",
		"1 Beginning (last year 2 ▼1) — Indicator 2.1")
}

// TestResultsAcrossTemplateVersions: the cross-version fixture's numbers
// (worked out in workbook's TestYearOverYearAcrossTemplateVersions) read the
// same on the Results screen as in every export.
func TestResultsAcrossTemplateVersions(t *testing.T) {
	st := newTestStore(t)
	_, carried := testfixture.YoYCarried(t)
	sess, err := st.Create(carried)
	if err != nil {
		t.Fatal(err)
	}
	m := openTestScreen(t, st, sess, ScreenResults, 160, 48)
	requireScreen(t, m,
		"2.7 / 4   last year 2.3 ▲0.5", // A: (2+2+4)/3; last year's own (1+2+4)/3; a1, a2: 2.0 − 1.5
		"3.0 / 4   last year 2.5 ▲0.5", // B: (3+3)/2; (2+3)/2
		"2.3 / 4   last year 2.7 ▼0.3", // C: 7/3 − 8/3 = −0.333, not 2.3 − 2.7
	)
}

func TestResultsShowsLastYearBeforeAnyRating(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(3, 4))
	sess.Previous = &workbook.PreviousYear{SessionID: "old", SchoolYear: "2024-25", TemplateRef: "test@1",
		Baseline: map[string]workbook.Rating{"d1i1": 1, "d1i2": 3, "d2i1": 2}}
	sess, err := st.Update(sess)
	if err != nil {
		t.Fatal(err)
	}
	m := openTestScreen(t, st, sess, ScreenResults, 100, 30)
	requireScreen(t, m, "Nothing is rated yet this year", "2024-25",
		"not rated yet  last year 2.0  (0 of 4)", // domain 1: (1+3)/2
		"not rated yet  last year 2.0  (0 of 4)")
}

func TestResultsEmptyAndScroll(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(2, 2))
	m := openTestScreen(t, st, sess, ScreenResults, 80, 24)
	requireScreen(t, m, "No indicator has a consensus rating yet")
	press(m, "a")
	requireOn(t, m, "Self-assessment")
	press(m, "3", "3", "3", "esc") // back on Results: recomputed
	requireScreen(t, m, "1 of 4 indicators rated", "3.0 / 4")

	st2 := newTestStore(t)
	m = openTestScreen(t, st2, ratedSession(t, st2, true), ScreenResults, 60, 16)
	requireScreen(t, m, "lines 1–", "↑/↓ scroll")
	press(m, "G")
	requireNotOnScreen(t, m, "lines 1–")
	requireScreen(t, m, "Talk about these")
	press(m, "g")
	requireScreen(t, m, "lines 1–", "From the team's consensus ratings")
}

func TestResultsGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h int
	}{{"80x24", 80, 24}, {"160x48", 160, 48}} {
		t.Run(tc.name, func(t *testing.T) {
			st := newTestStore(t)
			requireGolden(t, openTestScreen(t, st, ratedSession(t, st, true), ScreenResults, tc.w, tc.h))
		})
	}
}

func TestResultsAllSizes(t *testing.T) {
	t.Parallel() // CPU-bound: runs beside the other slow tests
	st := newTestStore(t)
	requireAllSizes(t, openTestScreen(t, st, ratedSession(t, st, true), ScreenResults, 80, 24))
}

// TestResultsPickIndicator: tab selects the listed indicators in turn (in
// the narrow and the two-column layout), enter opens the self-assessment
// on the selected one, and C comments on it.
func TestResultsPickIndicator(t *testing.T) {
	for _, w := range []int{100, 160} {
		st := newTestStore(t)
		sess := ratedSession(t, st, false)
		m := openTestScreen(t, st, sess, ScreenResults, w, 48)
		press(m, "enter") // nothing selected yet
		requireOn(t, m, "Results")
		press(m, "tab") // the first strength: Indicator 1.3
		requireScreen(t, m, "› 4 Leading — Indicator 1.3")
		press(m, "C") // a comment is about the selected indicator
		requireScreen(t, m, "Comment on indicator “Indicator 1.3”")
		press(m, "esc")
		press(m, "shift+tab", "tab", "tab") // wraps back, then on to the second strength
		requireScreen(t, m, "› 3 Established — Indicator 1.2")
		press(m, "enter")
		requireScreen(t, m, "Indicator 2 of 12", "1.2  Indicator 1.2")
		press(m, "esc") // back on Results, the selection kept
		requireScreen(t, m, "› 3 Established — Indicator 1.2")
	}
}

// Priorities carry a ★ in Results, and a consensus outside every member's
// rating is flagged in words; a hidden vote not everyone has given shows
// none of its ratings.
func TestResultsPrioritiesFlagsAndHiddenVotes(t *testing.T) {
	st := newTestStore(t)
	sess := ratedSession(t, st, false)
	sess.Rating("d2i1").Priority = true                               // a gap
	sess.Rating("d2i3").Members = map[string]workbook.Rating{"m1": 4} // hidden, Ben has not voted
	sess.Rating("d2i3").Vote = workbook.VoteHidden
	sess.Rating("d2i4").Members = map[string]workbook.Rating{"m1": 3, "m2": 4} // consensus 1: outside
	sess.Rating("d2i4").Consensus = 1
	sess, err := st.Update(sess)
	if err != nil {
		t.Fatal(err)
	}
	m := openTestScreen(t, st, sess, ScreenResults, 100, 80)
	requireScreen(t, m, "Priorities ★", "1 Beginning — ★ Indicator 2.1 · Domain 2",
		"Talk about these: consensus outside the members' ratings",
		"⚑ consensus 1 is outside the members' ratings (3–4): talk it through — Indicator 2.4",
		"Hidden vote: 1 indicator waits for everyone to vote")
	// The gaps list marks the priority too.
	gaps := strings.SplitN(screenText(m), "Gaps", 2)[1]
	if !strings.Contains(gaps, "★ Indicator 2.1") {
		t.Fatalf("no ★ in the gaps:\n%s", screenText(m))
	}
	requireNotOnScreen(t, m, "Indicator 2.3")
}
