package tui

import (
	"strings"
	"testing"
	"time"

	"edtech-workbook/workbook"
)

// threadSession has, on indicator 1.1, a thread the team started and one
// the coach Rosa started.
func threadSession(t *testing.T) (*model, func() *workbook.Session) {
	t.Helper()
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	ind := workbook.IndicatorPart("d1i1")
	sess.Comments = []workbook.Comment{
		{ID: "team-1", Part: ind, Author: "Ana", Role: workbook.RoleTeam, Text: "We were unsure here.", Created: commentNow.Add(-48 * time.Hour)},
		{ID: "coach-1", Part: ind, Author: "Rosa", Role: workbook.RoleCoach, Text: "Which evidence backs this?", Created: commentNow.Add(-24 * time.Hour)},
	}
	if _, err := st.Update(sess); err != nil {
		t.Fatal(err)
	}
	m := openTestScreen(t, st, sess, ScreenAssess, 100, 30, clocked(true))
	return m, func() *workbook.Session { return reload(t, st, "s1") }
}

func byID(s *workbook.Session) map[string]workbook.Comment {
	out := map[string]workbook.Comment{}
	for _, c := range s.Comments {
		out[c.ID] = c
	}
	return out
}

// TestThreadDialogInReview: the coach (review mode) sees the part's threads,
// replies to the team's, cannot edit or delete it, edits and deletes her
// own, and resolves and reopens a thread; every action is saved, and only
// comments change.
func TestThreadDialogInReview(t *testing.T) {
	m, stored := threadSession(t)
	press(m, "C")
	requireScreen(t, m, "Comments on indicator 1.1", "Ana (team): We were unsure here.", "Rosa (coach): Which evidence backs this?")
	press(m, "up") // the team's thread
	if h := helpLine(m); !strings.Contains(h, "r reply") || strings.Contains(h, "edit mine") || !strings.Contains(h, "x resolve") {
		t.Fatalf("help on another's comment: %s", h)
	}
	press(m, "e")
	requireError(t, m, "type your name first (tab)")

	press(m, "r")
	requireScreen(t, m, "Reply to Ana (team) on indicator 1.1")
	typeText(m, "Rosa")
	press(m, "enter")
	typeText(m, "The walkthrough notes would help.")
	pump(m, ctrlS())
	requireScreen(t, m, "Comments on indicator 1.1", "↳ Rosa (coach): The walkthrough notes would help.")
	got := byID(stored())
	var reply workbook.Comment
	for _, c := range got {
		if c.ReplyTo == "team-1" {
			reply = c
		}
	}
	if reply.Text != "The walkthrough notes would help." || reply.Role != workbook.RoleCoach || reply.Author != "Rosa" {
		t.Fatalf("reply %+v", reply)
	}

	press(m, "up", "up") // the team's first comment again: still not hers
	press(m, "d")
	requireError(t, m, "only Ana (team) can change that comment")

	press(m, "end") // her own thread (the last comment)
	press(m, "down", "down")
	requireScreen(t, m, "› Rosa (coach): Which evidence backs this?")
	if h := helpLine(m); !strings.Contains(h, "e edit mine") || !strings.Contains(h, "d delete mine") {
		t.Fatalf("help on her own comment: %s", h)
	}
	press(m, "e")
	requireScreen(t, m, "Edit your comment on indicator 1.1", "Which evidence backs this?")
	typeText(m, " And who took them?")
	pump(m, ctrlS())
	if c := byID(stored())["coach-1"]; c.Text != "Which evidence backs this? And who took them?" || !c.Edited.Equal(commentNow) {
		t.Fatalf("edited: %+v", c)
	}
	requireScreen(t, m, "(edited)")

	press(m, "x")
	if c := byID(stored())["coach-1"]; !c.Resolved || c.ResolvedBy != "Rosa" {
		t.Fatalf("resolved: %+v", c)
	}
	requireScreen(t, m, "(resolved by Rosa)")
	press(m, "x")
	if c := byID(stored())["coach-1"]; c.Resolved {
		t.Fatalf("reopened: %+v", c)
	}

	press(m, "d")
	requireScreen(t, m, "Delete your comment?")
	press(m, "n")
	requireStatus(t, m, "comment kept")
	press(m, "d", "y")
	c := byID(stored())["coach-1"]
	if !c.IsDeleted() || c.Text != "" {
		t.Fatalf("deleted: %+v", c)
	}
	if s := stored(); len(s.Ratings) != 0 {
		t.Fatalf("something besides comments changed: %+v", s.Ratings)
	}
	requireNotOnScreen(t, m, "Which evidence backs this?")
}

// TestThreadDialogOwnSideOnly: a team member with the coach's name cannot
// edit the coach's comment (the side counts, not only the name).
func TestThreadDialogOwnSideOnly(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	sess.Comments = []workbook.Comment{{ID: "coach-1", Part: workbook.SessionPart(), Author: "Rosa", Role: workbook.RoleCoach, Text: "Note.", Created: commentNow}}
	if _, err := st.Update(sess); err != nil {
		t.Fatal(err)
	}
	m := openTestScreen(t, st, sess, ScreenOverview, 100, 30, clocked(false))
	press(m, "C", "tab")
	typeText(m, "Rosa")
	press(m, "enter", "e")
	requireError(t, m, "only Rosa (coach) can change that comment")
}

// TestPreviewNamesTheAuthor: the Summary's preview and the overview name a
// comment's author and side, never "Coach:".
func TestPreviewNamesTheAuthor(t *testing.T) {
	m, _ := threadSession(t)
	press(m, "esc")
	requireScreen(t, m, "latest on indicator “Indicator 1.1”: Rosa (coach): Which evidence backs this?")
	press(m, "6")
	requireScreen(t, m, "Ana (team), 2026-03-03: We were unsure here.")
	requireNotOnScreen(t, m, "Coach:")
}

// TestRoundsScreen: the overview (review mode) lists the rounds received,
// opens one read-only, and compares two.
func TestRoundsScreen(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	first := sess.Clone()
	receive := func(s *workbook.Session, name string) {
		content, err := workbook.MarshalSession(s)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Receive(s, workbook.ReceivedFile{Name: name, SHA256: workbook.HashFile(content), Received: commentNow, Bytes: len(content)}, content); err != nil {
			t.Fatal(err)
		}
	}
	receive(first, "northside-march.json")
	second := first.Clone()
	second.Rating("d1i1").Consensus = 3
	second.Comments = append(second.Comments, workbook.Comment{ID: "c9", Part: workbook.SessionPart(), Author: "Ana", Role: workbook.RoleTeam, Text: "Ready.", Created: commentNow})
	receive(second, "northside-april.json")
	m := openTestScreen(t, st, reload(t, st, "s1"), ScreenOverview, 120, 30, clocked(true))
	requireScreen(t, m, "h rounds received")
	press(m, "h")
	requireOn(t, m, "Rounds received")
	requireScreen(t, m, "1  2026-03-05 ", "northside-march.json", "the first file received",
		"› 2  2026-03-05 ", "northside-april.json", "1 rating and 1 comment changed")
	press(m, "c")
	requireOn(t, m, "Round 1 → 2")
	requireScreen(t, m, "Round 1 → round 2: 1 rating and 1 comment changed", "indicator “Indicator 1.1”: consensus: – → 3",
		"new comment by Ana (team) on the whole session: “Ready.”")
	press(m, "esc", "up", "enter")
	requireOn(t, m, "Round 1")
	requireScreen(t, m, "Read-only: round 1, the file northside-march.json as it came from the team.")
	press(m, "C")
	requireOn(t, m, "Round 1")
	requireStatus(t, m, "comments go on the session itself")
}
