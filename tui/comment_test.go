package tui

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

// commentNow is the clock the comment tests give the model.
var commentNow = time.Date(2026, 3, 5, 9, 30, 0, 0, time.UTC)

func withClock(m *model) *model {
	m.c.Now = func() time.Time { return commentNow }
	return m
}

func ctrlS() tea.Cmd { return msgCmd(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}) }

// TestCommentOnIndicator: C on the self-assessment comments on the
// indicator on screen; enter on an empty line saves; the name is remembered
// and the next comment saves with ctrl+s; the team sees "Coach: …".
func TestCommentOnIndicator(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(2, 2))
	m := withClock(openTestScreen(t, st, sess, ScreenAssess, 100, 30))
	press(m, "]") // indicator 1.2
	press(m, "C")
	requireScreen(t, m, "Comment on indicator 1.2 “Indicator 1.2”", "Your name")
	typeText(m, "Rosa")
	press(m, "enter") // on to the comment
	typeText(m, "Check the evidence")
	press(m, "enter") // a new line: not saved yet
	if _, ok := m.top().(*commentScreen); !ok {
		t.Fatal("enter on a line with text closed the dialog")
	}
	press(m, "enter") // on the empty line: saves
	if _, ok := m.top().(*assessScreen); !ok {
		t.Fatalf("after saving the top screen is %T", m.top())
	}
	got := reload(t, st, "s1").Comments
	want := workbook.Comment{ID: got[0].ID, Part: workbook.PartIndicator + "d1i2", Author: "Rosa", Text: "Check the evidence", Created: commentNow}
	if len(got) != 1 || got[0] != want || got[0].ID == "" {
		t.Fatalf("stored comments %+v, want %+v", got, want)
	}
	requireScreen(t, m, "Coach: Check the evidence — Rosa, 2026-03-05")

	press(m, "C") // the name is remembered: the text has the keys
	typeText(m, "Second note")
	pump(m, ctrlS())
	if got := reload(t, st, "s1").Comments; len(got) != 2 || got[1].Author != "Rosa" || got[1].Text != "Second note" {
		t.Fatalf("second comment: %+v", got)
	}
	press(m, "[") // indicator 1.1 has no comment
	if strings.Contains(screenText(m), "Coach:") {
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
			m := withClock(openTestScreen(t, st, sess, ScreenOverview, 80, 24))
			press(m, "C")
			requireScreen(t, m, "Comment on the whole session")
			tc.keys(m)
			if !strings.Contains(m.c.status, tc.status) {
				t.Fatalf("status %q, want %q", m.c.status, tc.status)
			}
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
	m := withClock(openTestScreen(t, st, sess, ScreenAssess, 100, 30))
	m.c.Review = true
	requireScreen(t, m, "Review · read-only · edtech-workbook › Northside")

	press(m, "3") // rate Ana
	requireScreen(t, m, "! read-only: this is a review copy")
	if r := m.c.Session.Ratings["d1i1"]; r != nil && len(r.Members) > 0 {
		t.Fatalf("the refused rating is still in memory: %+v", r)
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
	if m.c.Pending() {
		t.Fatal("edits still pending after the comment was saved")
	}

	// Home refuses new, delete and carry forward.
	press(m, "esc", "esc")
	for _, k := range []string{"n", "d", "c"} {
		press(m, k)
		if len(m.stack) != 1 || !strings.Contains(m.c.status, "read-only") {
			t.Fatalf("%s on Home in review mode: stack %d status %q", k, len(m.stack), m.c.status)
		}
	}
	requireScreen(t, m, "Review · read-only")
}

// TestCommentFromHome: with no session open, C comments on the selected
// session as a whole, saved straight to the store.
func TestCommentFromHome(t *testing.T) {
	st := newTestStore(t)
	addSessions(t, st, "Alpha", "Bravo")
	m := withClock(newTestModel(t, st, 80, 24))
	press(m, "C")
	requireScreen(t, m, "Comment on the session “Bravo · 2025-26”")
	typeText(m, "Rosa")
	press(m, "enter")
	typeText(m, "See you Tuesday.")
	pump(m, ctrlS())
	if _, ok := m.top().(*homeScreen); !ok {
		t.Fatalf("top is %T after saving", m.top())
	}
	got := reload(t, st, "id-bravo").Comments
	if len(got) != 1 || got[0].Part != workbook.PartSession || got[0].Created != commentNow {
		t.Fatalf("comments %+v", got)
	}
	if !strings.Contains(m.c.status, "comment added") {
		t.Fatalf("status %q", m.c.status)
	}
}

func TestOverviewShowsComments(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	sess.Comments = []workbook.Comment{
		{ID: "c1", Part: workbook.PartSession, Author: "Rosa", Text: "Nice start.", Created: commentNow},
		{ID: "c2", Part: workbook.PartIndicator + "d1i2", Author: "Rosa", Text: "Is this\nreally a 4?", Created: commentNow.Add(time.Hour)},
	}
	if _, err := st.Update(sess); err != nil {
		t.Fatal(err)
	}
	m := openTestScreen(t, st, sess, ScreenOverview, 120, 30)
	requireScreen(t, m, "2 comments · latest on indicator “Indicator 1.2”: Coach: Is this really a 4? — Rosa, 2026-03-05")
}

func TestRenderComments(t *testing.T) {
	st := NewStyles(true)
	var cs []workbook.Comment
	for i := range 4 {
		cs = append(cs, workbook.Comment{ID: fmt.Sprint(i), Author: "R", Text: fmt.Sprintf("note %d", i), Created: commentNow})
	}
	for _, tc := range []struct {
		n, max int
		want   []string
	}{
		{1, 3, []string{"Coach: note 0 — R, 2026-03-05"}},
		{4, 3, []string{"… 2 earlier comments (C adds one)", "Coach: note 2 — R, 2026-03-05", "Coach: note 3 — R, 2026-03-05"}},
		{2, 1, []string{"Coach: note 1 — R, 2026-03-05"}},
		{2, 0, nil},
	} {
		got := renderComments(st, cs[:tc.n], 40, tc.max)
		for i := range got {
			got[i] = ansi.Strip(got[i])
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%d comments in %d lines: %q, want %q", tc.n, tc.max, got, tc.want)
		}
	}
}

func TestCommentDialogGoldenAndSizes(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	sess.Comments = []workbook.Comment{{ID: "c1", Part: workbook.PartSession, Author: "Rosa", Text: "Earlier note.", Created: commentNow}}
	if _, err := st.Update(sess); err != nil {
		t.Fatal(err)
	}
	m := withClock(openTestScreen(t, st, sess, ScreenOverview, 80, 24))
	m.c.Review = true
	press(m, "C")
	typeText(m, "Rosa")
	press(m, "enter")
	typeText(m, "Draft")
	requireGolden(t, m)
	requireSomeSizes(t, m)
}

// TestSaveRetriesWhenFileInUse: a save refused because another program
// holds the file is retried on a timer, the status line says so, and after
// the last retry the edits stay pending (never dropped).
func TestSaveRetriesWhenFileInUse(t *testing.T) {
	defer func(d time.Duration, n int) { inUseRetryDelay, maxInUseRetries = d, n }(inUseRetryDelay, maxInUseRetries)
	inUseRetryDelay, maxInUseRetries = time.Millisecond, 2
	inUse := fmt.Errorf("workbook file x is %w", store.ErrInUse)

	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := openTestScreen(t, st, sess, ScreenOverview, 80, 24)
	target := m.c.Session
	m.c.Edit(func(s *workbook.Session) { s.Plan.Aim = "kept" }) // its save Cmd is not run: the file is "in use"

	_, retry := m.Update(savedMsg{target: target, err: inUse})
	if retry == nil || !strings.Contains(screenText(m), "warning: waiting for the other edtech-workbook…") {
		t.Fatalf("no retry, or status: %s", screenText(m))
	}
	pump(m, retry) // the retry saves for real
	if got := reload(t, st, "s1"); got.Plan.Aim != "kept" || m.c.Pending() {
		t.Fatalf("after the retry: aim %q pending %v", got.Plan.Aim, m.c.Pending())
	}

	// Still in use after every retry: an error, and the edit stays pending.
	m.c.Edit(func(s *workbook.Session) { s.Plan.Aim = "kept again" })
	for i := 0; i <= maxInUseRetries; i++ {
		m.Update(savedMsg{target: target, err: inUse})
		m.c.saving = true // as if the retry had started a save that failed again
	}
	m.c.saving = false
	if !m.c.statusErr || !strings.Contains(m.c.status, "still in use") || !m.c.Pending() {
		t.Fatalf("after the last retry: err %v status %q pending %v", m.c.statusErr, m.c.status, m.c.Pending())
	}
	if err := m.c.saveRemaining(); err != nil || reload(t, st, "s1").Plan.Aim != "kept again" {
		t.Fatalf("pending edit lost: %v", err)
	}
}

// TestBackupSnapshotAfterFirstFrame: Run's model refreshes the backup in a
// Cmd from Init; failures show as an error (damage) or a warning.
func TestBackupSnapshotAfterFirstFrame(t *testing.T) {
	st := newTestStore(t)
	m := newModel(st, Options{})
	m.backup = true
	pump(m, m.Init())
	if _, err := os.Stat(store.BackupPath(st.Path())); err != nil {
		t.Fatalf("no backup after Init: %v", err)
	}
	for _, tc := range []struct {
		err       error
		isErr     bool
		isWarn    bool
		statusHas string
	}{
		{fmt.Errorf("the backup was left as it is because the file is %w", store.ErrCorrupt), true, false, "damaged"},
		{errors.New("the disk is full"), false, true, "no fresh backup was made: the disk is full"},
		{nil, false, false, ""},
	} {
		m.c.SetStatus("")
		m.Update(backupDoneMsg{err: tc.err})
		if m.c.statusErr != tc.isErr || m.c.statusWarn != tc.isWarn || !strings.Contains(m.c.status, tc.statusHas) {
			t.Errorf("%v: err %v warn %v status %q", tc.err, m.c.statusErr, m.c.statusWarn, m.c.status)
		}
	}
}

// TestBackupAbandonedBeforeStart: quitting before the snapshot's Cmd ran
// does not wait for it, and the Cmd then does nothing.
func TestBackupAbandonedBeforeStart(t *testing.T) {
	st := newTestStore(t)
	m := newModel(st, Options{})
	m.backup = true
	m.Init() // the batch is never run
	start := time.Now()
	m.waitBackup()
	if time.Since(start) > time.Second {
		t.Fatal("waited for a backup that never started")
	}
	if msg := snapshotBackup(st, m.backupRun)(); msg != nil {
		t.Fatalf("an abandoned snapshot ran: %v", msg)
	}
	if _, err := os.Stat(store.BackupPath(st.Path())); err == nil {
		t.Fatal("an abandoned snapshot wrote a backup")
	}
}

// TestCommentKeyInsideTextField: C is typed into a text field, except in
// review mode on a screen with a comment target, where it opens the dialog.
func TestCommentKeyInsideTextField(t *testing.T) {
	for _, review := range []bool{false, true} {
		st := newTestStore(t)
		sess := newTestSession(t, st, testTemplate(1, 2))
		m := openTestScreen(t, st, sess, ScreenAssess, 100, 30)
		m.c.Review = review
		press(m, "e", "C")
		_, dialog := m.top().(*commentScreen)
		if dialog != review {
			t.Fatalf("review %v: C opened the dialog: %v", review, dialog)
		}
		if !review && !strings.Contains(m.top().(*assessScreen).evidence.Value(), "C") {
			t.Fatal("C was not typed into the evidence")
		}
	}
}
