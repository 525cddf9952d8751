package tui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"edtech-workbook/workbook"
)

// The options the cohort server sets per connection (Author, Team,
// ReadOnly, RemoteExport, Terminal): the app asks and offers accordingly.

// TestFixedAuthorSignsComments: with Options.Author the comment dialog
// signs with that name and never lets the name be typed.
func TestFixedAuthorSignsComments(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	opts := clocked(false)
	opts.Author = "Ana Ruiz"
	m := openTestScreen(t, st, sess, ScreenAssess, 100, 30, opts)
	press(m, "C")
	requireScreen(t, m, "Your name: Ana Ruiz")
	press(m, "tab") // never moves to the name
	typeText(m, "Mine")
	pump(m, ctrlS())
	got := reload(t, st, "s1").Comments
	if len(got) != 1 || got[0].Author != "Ana Ruiz" || got[0].Role != workbook.RoleTeam || got[0].Text != "Mine" {
		t.Fatalf("stored comments %+v, want one by Ana Ruiz (team) saying Mine", got)
	}
	press(m, "C", "tab")
	if strings.Contains(screenText(m), "› Your name") {
		t.Fatalf("tab put the keys in the name field:\n%s", screenText(m))
	}
}

// TestFixedTeamStartsNewSessions: with Options.Team the new session's
// team is shown, not asked, and stored.
func TestFixedTeamStartsNewSessions(t *testing.T) {
	st := newTestStore(t)
	m := newTestModel(t, st, 80, 24, Options{Team: "Northside"})
	press(m, "n")
	requireScreen(t, m, "Team", "Northside", "District")
	if strings.Contains(screenText(m), "Team name") {
		t.Fatalf("the team name is asked:\n%s", screenText(m))
	}
	typeText(m, "Northside USD")
	press(m, "enter")
	typeText(m, "2025-26")
	press(m, "enter", "enter") // the year, the default template
	typeText(m, "Ana")
	press(m, "enter", "enter", "n")
	requireOn(t, m, "Overview")
	sums, err := st.List()
	if err != nil || len(sums) != 1 || sums[0].Team != "Northside" || sums[0].District != "Northside USD" {
		t.Fatalf("stored %+v (%v), want Northside's session in Northside USD", sums, err)
	}
}

// TestReadOnlyRefusesEveryChange: a facilitator reads: no rating, no
// comment.
func TestReadOnlyRefusesEveryChange(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := openTestScreen(t, st, sess, ScreenAssess, 100, 30, Options{ReadOnly: true})
	press(m, "3")
	requireScreen(t, m, "read-only")
	press(m, "C")
	requireOn(t, m, "Self-assessment")
	if got := reload(t, st, "s1"); got.Revision != sess.Revision || len(got.Comments) != 0 {
		t.Fatalf("a read-only app changed the session: revision %d → %d, %d comments", sess.Revision, got.Revision, len(got.Comments))
	}
}

// TestRemoteExportWritesNoFile: over SSH the Summary's export writes
// nothing where the app runs and says which command exports.
func TestRemoteExportWritesNoFile(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	dir := t.TempDir()
	t.Chdir(dir)
	m := openTestScreen(t, st, sess, ScreenSummary, 160, 30, Options{RemoteExport: "ssh -p 2222 cohort.example -- export"})
	press(m, "x")
	want := "from your own terminal: ssh -p 2222 cohort.example -- export s1 --format md > "
	if !strings.Contains(wholeStatus(m), want) {
		t.Fatalf("status %q lacks %q", wholeStatus(m), want)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("the export wrote %s", entries[0].Name())
	}
}

// TestAccessibleOverSSH: the plain prompts with the server's options: the
// team is not asked, an export says which command to run, and a terminal
// that echoes gets no extra blank lines.
func TestAccessibleOverSSH(t *testing.T) {
	st := newTestStore(t)
	dir := t.TempDir()
	t.Chdir(dir)
	var out bytes.Buffer
	in := strings.NewReader(strings.Join([]string{"Northside USD", "", "Ana Ruiz", "1", "", menuExporting, menuQuitting}, "\n") + "\n")
	err := RunAccessible(st, Options{Input: in, Output: &out, Now: func() time.Time { return testNow },
		Team: "Northside", Author: "Ana Ruiz", RemoteExport: "ssh -p 2222 cohort.example -- export", Terminal: true})
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	text := out.String()
	if strings.Contains(text, "Team name") || !strings.Contains(text, "Team: Northside.") {
		t.Fatalf("the team must be told, not asked:\n%s", text)
	}
	if !strings.Contains(text, "from your own terminal: ssh -p 2222 cohort.example -- export ") {
		t.Fatalf("the export must say which command to run:\n%s", text)
	}
	if !strings.Contains(text, "District: School year") {
		t.Fatalf("a terminal echoes the answer and its newline; the prompts must not end their own lines:\n%s", text)
	}
	sums, _ := st.List()
	if len(sums) != 1 || sums[0].Team != "Northside" {
		t.Fatalf("stored %+v, want Northside's session", sums)
	}
	if entries, _ := filepath.Glob(filepath.Join(dir, "*")); len(entries) != 0 {
		t.Fatalf("the export wrote %v", entries)
	}
}

// TestAssessStartsOnYourRow: over the cohort server the cursor starts, and
// returns at each indicator, on the row of the person at the keys.
func TestAssessStartsOnYourRow(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 3))
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24, Options{Author: "ben"})
	requireRow(t, m, "Ben")
	press(m, "2", "]")
	requireRow(t, m, "Ben")
	if got := reload(t, st, "s1").Ratings["d1i1"].Members; got["m2"] != 2 || len(got) != 1 {
		t.Fatalf("Ben's key rated %v; want only Ben's rating 2", got)
	}
}
