package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
