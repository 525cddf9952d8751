package tui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestExportOffersAFolderBesideTheWorkbook: the export dialog offers an
// absolute path in the workbook file's folder (it offered ./NAME, wherever
// the app was started), and the status line names the absolute path.
func TestExportOffersAFolderBesideTheWorkbook(t *testing.T) {
	st := newTestStore(t)
	m := openTestScreen(t, st, summarySession(t, st), ScreenSummary, 160, 30)
	press(m, "x", "enter") // Markdown
	want := filepath.Join(filepath.Dir(st.Path()), "northside-2025-26.md")
	if !filepath.IsAbs(want) {
		t.Fatalf("the workbook's folder %q is not absolute", want)
	}
	requireScreen(t, m, "Export to file", want)
	press(m, "enter")
	requireScreen(t, m, "exported to "+want)
	if _, err := os.Stat(want); err != nil {
		t.Fatalf("the export is not where the status line says: %v", err)
	}
}

// TestExportErrorKeepsTheDialogOpen: writing into a folder that does not
// exist keeps the dialog open at the path, with the whole error wrapped
// under it (before, the dialog closed and the error was cut off in the
// status line), so the path can be corrected.
func TestExportErrorKeepsTheDialogOpen(t *testing.T) {
	st := newTestStore(t)
	m := openTestScreen(t, st, summarySession(t, st), ScreenSummary, 80, 24)
	missing := filepath.Join(t.TempDir(), "a folder that is not there", "and another one below it", "summary.md")
	exportTo(m, 0, missing)
	requireScreen(t, m, "Export to file")
	text := strings.Join(strings.Fields(screenText(m)), " ")
	if !strings.Contains(text, "does not exist") || !strings.Contains(text, "and another one below it") {
		t.Fatalf("the error is not shown whole in the dialog:\n%s", screenText(m))
	}
	good := filepath.Join(t.TempDir(), "summary.md")
	erase(m, 300)
	typeRunes(m, good)
	press(m, "enter")
	requireScreen(t, m, "exported to "+good)
}

// TestExportRemembersTheFolder: the folder of the last export from a
// workbook file is offered next time, also after the app is started again
// (it is kept in the state file of Options.StateFile).
func TestExportRemembersTheFolder(t *testing.T) {
	st := newTestStore(t)
	state := filepath.Join(t.TempDir(), "state", "export-folders.json")
	sess := summarySession(t, st)
	m := openTestScreen(t, st, sess, ScreenSummary, 160, 30, Options{StateFile: state})
	other := filepath.Join(t.TempDir(), "for the coach")
	if err := os.Mkdir(other, 0o700); err != nil {
		t.Fatal(err)
	}
	exportTo(m, 0, filepath.Join(other, "first.md"))
	requireScreen(t, m, "exported to "+filepath.Join(other, "first.md"))
	press(m, "x", "enter")
	requireScreen(t, m, filepath.Join(other, "northside-2025-26.md"))
	press(m, "esc")

	again := openTestScreen(t, st, sess, ScreenSummary, 160, 30, Options{StateFile: state})
	press(again, "x", "enter")
	requireScreen(t, again, filepath.Join(other, "northside-2025-26.md"))
	if fi, err := os.Stat(state); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("state file: %v %v", fi, err)
	}
}

// TestExportNeverWritesOverTheWorkbook: the workbook file sits in the
// folder exports are offered in; typing its name (or a backup's) is
// refused in the dialog, even after a y to "overwrite it?".
func TestExportNeverWritesOverTheWorkbook(t *testing.T) {
	st := newTestStore(t)
	sess := summarySession(t, st)
	m := openTestScreen(t, st, sess, ScreenSummary, 80, 24)
	before, err := os.ReadFile(st.Path())
	if err != nil {
		t.Fatal(err)
	}
	exportTo(m, 0, filepath.Base(st.Path())) // a name alone: beside the workbook, so the workbook itself
	press(m, "y")
	requireScreen(t, m, "Export to file")
	text := strings.Join(strings.Fields(screenText(m)), " ")
	if !strings.Contains(text, "it is the workbook file") {
		t.Fatalf("no refusal in the dialog:\n%s", screenText(m))
	}
	if after, err := os.ReadFile(st.Path()); err != nil || string(after) != string(before) {
		t.Fatalf("the workbook file was written over (%v)", err)
	}
	reload(t, st, sess.ID)
}

// TestAccessibleExportBesideTheWorkbook: the plain prompts' export offers
// the same folder as the app's dialog (beside the workbook file, or the
// last export's), says the whole path, and remembers the folder.
func TestAccessibleExportBesideTheWorkbook(t *testing.T) {
	st := newTestStore(t)
	sess := summarySession(t, st)
	state := filepath.Join(t.TempDir(), "state", "export-folders.json")
	run := func(answers ...string) string {
		var out bytes.Buffer
		in := strings.NewReader(strings.Join(answers, "\n") + "\n")
		if err := Run(st, Options{Accessible: true, SessionID: sess.ID, Input: in, Output: &out, Now: func() time.Time { return testNow }, StateFile: state}); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	want := filepath.Join(filepath.Dir(st.Path()), "northside-2025-26.md")
	out := run(menuExporting, "", "", menuQuitting)
	if !strings.Contains(out, "(blank: "+want+")") || !strings.Contains(out, "Exported to "+want+".") {
		t.Fatalf("the export is not offered or said beside the workbook (%s):\n%s", want, out)
	}
	if _, err := os.Stat(want); err != nil {
		t.Fatal(err)
	}
	other := t.TempDir()
	out = run(menuExporting, "", filepath.Join(other, "for-coach.md"), menuQuitting)
	if !strings.Contains(out, "Exported to "+filepath.Join(other, "for-coach.md")) {
		t.Fatalf("%s", out)
	}
	out = run(menuExporting, "2", "", menuQuitting) // HTML: offered in the folder of the last export
	if !strings.Contains(out, "Exported to "+filepath.Join(other, "northside-2025-26.html")+".") {
		t.Fatalf("the last folder is not offered:\n%s", out)
	}
	out = run(menuExporting, "", "notes.md", menuQuitting) // a name alone: in the folder offered
	if _, err := os.Stat(filepath.Join(other, "notes.md")); err != nil {
		t.Fatalf("a name alone was not written in the folder offered: %v\n%s", err, out)
	}
	out = run(menuExporting, "", st.Path(), menuQuitting) // never the workbook file
	if !strings.Contains(out, "Not exported") {
		t.Fatalf("%s", out)
	}
}

// TestExportToAFolderIsRefusedAtOnce: a path naming a folder (or another
// workbook file) is refused in the dialog as soon as it is typed, never
// offered as "already exists. Overwrite it?". Before, the dialog asked to
// overwrite the folder and failed only after the y.
func TestExportToAFolderIsRefusedAtOnce(t *testing.T) {
	st := newTestStore(t)
	sess := summarySession(t, st)
	other := newTestStore(t) // another workbook file
	for path, want := range map[string]string{
		t.TempDir():  "not a regular file",
		other.Path(): "is a workbook file",
	} {
		m := openTestScreen(t, st, sess, ScreenSummary, 80, 24)
		exportTo(m, 0, path)
		text := strings.Join(strings.Fields(screenText(m)), " ")
		if strings.Contains(text, "Overwrite it?") || !strings.Contains(text, want) {
			t.Errorf("export to %s: want %q at once, no overwrite question:\n%s", path, want, screenText(m))
		}
	}
}
