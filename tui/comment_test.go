package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"edtech-workbook/workbook"
)

// commentNow is the clock the comment tests give the model.
var commentNow = time.Date(2026, 3, 5, 9, 30, 0, 0, time.UTC)

// clocked is Options with the comment tests' clock (and review mode if asked).
func clocked(review bool) Options {
	return Options{Now: func() time.Time { return commentNow }, Review: review}
}

func ctrlS() tea.Cmd { return msgCmd(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}) }

// TestCommentOnIndicator: C on the self-assessment comments on the
// indicator on screen; enter on an empty line saves; the name is remembered
// and the next one (n, from the part's threads) saves with ctrl+s; the
// screen names the author, never "Coach:".
func TestCommentOnIndicator(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(2, 2))
	m := openTestScreen(t, st, sess, ScreenAssess, 100, 30, clocked(false))
	press(m, "]") // indicator 1.2
	press(m, "C")
	requireScreen(t, m, "Comment on indicator 1.2 “Indicator 1.2”", "Your name")
	typeText(m, "Rosa")
	press(m, "enter") // on to the comment
	typeText(m, "Check the evidence")
	press(m, "enter") // a new line: not saved yet
	requireOn(t, m, "Comment")
	press(m, "enter") // on the empty line: saves
	requireOn(t, m, "Self-assessment")
	got := reload(t, st, "s1").Comments
	want := workbook.Comment{ID: got[0].ID, Part: workbook.IndicatorPart("d1i2"), Author: "Rosa", Role: workbook.RoleTeam, Text: "Check the evidence", Created: commentNow}
	if len(got) != 1 || got[0] != want || got[0].ID == "" {
		t.Fatalf("stored comments %+v, want %+v", got, want)
	}
	requireScreen(t, m, "Rosa (team): Check the evidence — 2026-03-05")

	press(m, "C", "n") // the part's threads; n: a new one, and the name is remembered: the text has the keys
	typeText(m, "Second note")
	pump(m, ctrlS())
	if got := reload(t, st, "s1").Comments; len(got) != 2 || got[1].Author != "Rosa" || got[1].Text != "Second note" {
		t.Fatalf("second comment: %+v", got)
	}
	requireScreen(t, m, "Comments on indicator 1.2", "› Rosa (team): Second note") // back on the threads, the new one selected
	press(m, "esc", "[")                                                           // indicator 1.1 has no comment
	if strings.Contains(screenText(m), "Rosa (team):") {
		t.Fatal("indicator 1.1 shows another indicator's comment")
	}
}

func TestCommentCancelAndEmpty(t *testing.T) {
	for _, tc := range []struct {
		name   string
		keys   func(m *model)
		status string
	}{
		{"esc cancels", func(m *model) { typeText(m, "Rosa"); press(m, "enter"); typeText(m, "never mind"); press(m, "esc") }, "comment discarded"},
		{"no name", func(m *model) { press(m, "tab"); typeText(m, "text"); pump(m, ctrlS()) }, "type your name first"},
		{"no text", func(m *model) { typeText(m, "Rosa"); pump(m, ctrlS()) }, "the comment is empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := newTestStore(t)
			sess := newTestSession(t, st, testTemplate(1, 2))
			m := openTestScreen(t, st, sess, ScreenOverview, 80, 24, clocked(false))
			press(m, "C")
			requireScreen(t, m, "Comment on the whole session")
			tc.keys(m)
			requireStatus(t, m, tc.status)
			if n := len(reload(t, st, "s1").Comments); n != 0 {
				t.Fatalf("%d comments stored", n)
			}
		})
	}
}

// TestReviewModeReadOnly: in review mode every change but a comment is
// refused (and undone on screen); comments are saved; the badge shows.
func TestReviewModeReadOnly(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := openTestScreen(t, st, sess, ScreenAssess, 100, 30, clocked(true))
	requireScreen(t, m, "Review · read-only · edtech-workbook › Northside")

	press(m, "3") // rate Ana
	requireScreen(t, m, "! read-only: this is a review copy")
	if l := lineWith(m, "Ana · "); !strings.Contains(l, "– not rated") {
		t.Fatalf("the refused rating is still shown: %q", l)
	}
	press(m, "e")
	typeText(m, "coach typed here")
	press(m, "esc")
	if strings.Contains(screenText(m), "coach typed here") {
		t.Fatal("refused evidence still shown")
	}

	press(m, "C")
	typeText(m, "Rosa")
	press(m, "enter")
	typeText(m, "Good evidence.")
	pump(m, ctrlS())
	got := reload(t, st, "s1")
	if len(got.Comments) != 1 || len(got.Ratings) != 0 || got.Ratings["d1i1"] != nil {
		t.Fatalf("stored: comments %+v ratings %+v", got.Comments, got.Ratings)
	}
	requireStatus(t, m, "saved 14:02:11") // nothing left pending

	// Home refuses new, delete and carry forward.
	press(m, "esc", "esc")
	for _, k := range []string{"n", "d", "c"} {
		press(m, k)
		requireOn(t, m, "")
		requireError(t, m, "read-only")
	}
	requireScreen(t, m, "Review · read-only")
}

// TestCommentFromHome: with no session open, C comments on the selected
// session as a whole, saved straight to the store.
func TestCommentFromHome(t *testing.T) {
	st := newTestStore(t)
	addSessions(t, st, "Alpha", "Bravo")
	m := newTestModel(t, st, 80, 24, clocked(false))
	press(m, "C")
	requireScreen(t, m, "Comment on the session “Bravo · 2025-26”")
	typeText(m, "Rosa")
	press(m, "enter")
	typeText(m, "See you Tuesday.")
	pump(m, ctrlS())
	requireOn(t, m, "")
	got := reload(t, st, "id-bravo").Comments
	if len(got) != 1 || got[0].Part != workbook.SessionPart() || got[0].Created != commentNow {
		t.Fatalf("comments %+v", got)
	}
	requireStatus(t, m, "comment added")
}

func TestOverviewShowsComments(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	sess.Comments = []workbook.Comment{
		{ID: "c1", Part: workbook.SessionPart(), Author: "Rosa", Text: "Nice start.", Created: commentNow},
		{ID: "c2", Part: workbook.IndicatorPart("d1i2"), Author: "Rosa", Text: "Is this\nreally a 4?", Created: commentNow.Add(time.Hour)},
	}
	if _, err := st.Update(sess); err != nil {
		t.Fatal(err)
	}
	m := openTestScreen(t, st, sess, ScreenOverview, 120, 30)
	requireScreen(t, m, "2 comments · latest on indicator “Indicator 1.2”: Rosa: Is this really a 4? — 2026-03-05")
}

func TestRenderThreads(t *testing.T) {
	st := NewStyles(true)
	var ts []workbook.Thread
	for i := range 4 {
		ts = append(ts, workbook.Thread{Root: workbook.Comment{ID: fmt.Sprint(i), Author: "R", Role: workbook.RoleCoach, Text: fmt.Sprintf("note %d", i), Created: commentNow}})
	}
	ts[3].Replies = []workbook.Comment{{ID: "r", ReplyTo: "3", Author: "Dana", Role: workbook.RoleTeam, Text: "ok", Created: commentNow}}
	for _, tc := range []struct {
		n, max int
		want   []string
	}{
		{1, 3, []string{"R (coach): note 0 — 2026-03-05"}},
		{3, 2, []string{"… 2 earlier threads (C shows them)", "R (coach): note 2 — 2026-03-05"}},
		{4, 3, []string{"… 3 earlier threads (C shows them)", "R (coach): note 3 — 2026-03-05", "  ↳ Dana (team): ok — 2026-03-05"}},
		{2, 1, []string{"R (coach): note 1 — 2026-03-05"}},
		{2, 0, nil},
	} {
		got := renderThreads(st, ts[:tc.n], 40, tc.max)
		for i := range got {
			got[i] = ansi.Strip(got[i])
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%d threads in %d lines: %q, want %q", tc.n, tc.max, got, tc.want)
		}
	}
}

func TestCommentDialogGoldenAndSizes(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	sess.Comments = []workbook.Comment{
		{ID: "c1", Part: workbook.SessionPart(), Author: "Rosa", Role: workbook.RoleCoach, Text: "Earlier note.", Created: commentNow},
		{ID: "c2", Part: workbook.SessionPart(), ReplyTo: "c1", Author: "Ana", Role: workbook.RoleTeam, Text: "Noted, thanks.", Created: commentNow},
	}
	if _, err := st.Update(sess); err != nil {
		t.Fatal(err)
	}
	m := openTestScreen(t, st, sess, ScreenOverview, 80, 24, clocked(true))
	press(m, "C")
	t.Run("threads", func(t *testing.T) {
		requireGolden(t, m)
		requireSomeSizes(t, m)
	})
	press(m, "n")
	typeText(m, "Rosa")
	press(m, "enter")
	typeText(m, "Draft")
	t.Run("compose", func(t *testing.T) {
		requireGolden(t, m)
		requireSomeSizes(t, m)
	})
}

// TestCommentKeyInsideTextField: C is typed into a text field, except in
// review mode on a screen with a comment target, where it opens the dialog.
func TestCommentKeyInsideTextField(t *testing.T) {
	for _, review := range []bool{false, true} {
		st := newTestStore(t)
		sess := newTestSession(t, st, testTemplate(1, 2))
		m := openTestScreen(t, st, sess, ScreenAssess, 100, 30, Options{Review: review})
		press(m, "e", "C")
		if dialog := screenTitle(m) == "Comment"; dialog != review {
			t.Fatalf("review %v: C opened the dialog: %v", review, dialog)
		}
		if !review {
			press(m, "esc") // saves the evidence
			if got := reload(t, st, "s1").Ratings["d1i1"]; got == nil || got.Evidence != "C" {
				t.Fatalf("C was not typed into the evidence: %+v", got)
			}
		}
	}
}
