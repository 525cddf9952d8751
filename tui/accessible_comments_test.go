package tui

import (
	"strings"
	"testing"

	"edtech-workbook/workbook"
)

// TestAccessibleComments: in the plain prompts the team reads a coach's
// thread, replies and resolves it; it cannot edit the coach's comment (the
// app's rule), starts a thread on an indicator, edits and deletes its own
// comment. Everything is saved as the app saves it.
func TestAccessibleComments(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	sess.Comments = []workbook.Comment{{ID: "coach-1", Part: workbook.SessionPart(), Author: "Rosa", Role: workbook.RoleCoach, Text: "Is the aim too broad?", Created: commentNow}}
	if _, err := st.Update(sess); err != nil {
		t.Fatal(err)
	}
	out := runAccessible(t, st, sess.ID,
		menuCommenting,
		"2",   // the coach's thread
		"Ana", // your name
		"1",   // Reply
		"We will narrow it to grade 6.",
		"2", // Resolve the thread
		"",  // back to the comments (blank)
		"1", // start a new thread
		"3", // an indicator
		"2", // indicator 1.2
		"Our evidence is thin here.",
		"3", // that new thread (after the coach's)
		"3", // Edit your comment 1 (after Reply and Resolve)
		"Our evidence is thin: two walkthroughs.",
		"4", // Delete your comment 1
		"y",
		"", "", // back, back to the menu
		menuQuitting)
	for _, want := range []string{
		"2. On the whole session (open): Rosa (coach), 2026-03-05: Is the aim too broad?",
		"Thread on the whole session, open:",
		"Reply saved.", "Thread resolved.",
		"Comment saved on indicator “Indicator 1.2”.",
		"Comment changed.", "Comment deleted.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the prompts lack %q:\n%s", want, out)
		}
	}
	if first := out[strings.Index(out, "Thread on the whole session"):strings.Index(out, "Reply saved.")]; strings.Contains(first, "Edit your comment") {
		t.Errorf("the team was offered to edit the coach's comment:\n%s", first)
	}
	got := reload(t, st, sess.ID)
	var reply, mine workbook.Comment
	for _, c := range got.Comments {
		switch {
		case c.ReplyTo == "coach-1":
			reply = c
		case c.Part == workbook.IndicatorPart("d1i2"):
			mine = c
		}
	}
	if reply.Text != "We will narrow it to grade 6." || reply.Author != "Ana" || reply.Role != workbook.RoleTeam {
		t.Errorf("reply %+v", reply)
	}
	if root := got.Comments[0]; !root.Resolved || root.ResolvedBy != "Ana" || root.Text != "Is the aim too broad?" {
		t.Errorf("the coach's thread %+v", root)
	}
	if !mine.IsDeleted() || mine.Text != "" || mine.Edited.IsZero() {
		t.Errorf("the team's own comment %+v", mine)
	}
}
