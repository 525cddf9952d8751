package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
	"edtech-workbook/workbook/templatefile"
)

// Command-line regression tests for issue 10, storage findings 2, 3, 6, 7.

// snapshot takes the start-up backup of db, as the app does.
func snapshot(t *testing.T, db string) {
	t.Helper()
	store, err := store.Open(db, store.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if err := store.SnapshotBackup(); err != nil {
		t.Fatal(err)
	}
}

// Finding 3: read-only commands on a mistyped path created folders and a
// new workbook file.
func TestReadOnlyCommandsOnAMissingFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "missing", "sub", "x.db")
	for _, args := range [][]string{
		{"list"}, {"list", "--json"}, {"export", "demo", "--format", "md"}, {"template", "list"}, {"doctor"},
	} {
		_, errs, code := cli(t, "", append(args, "--db", db)...)
		want := "edtech-workbook: workbook file " + db + " does not exist; "
		if code != 1 || !strings.HasPrefix(errs, want) {
			t.Errorf("%v: code %d, stderr %q, want %q…", args, code, errs, want)
		}
	}
	// Built-in templates need no workbook file.
	if out, errs, code := cli(t, "", "template", "show", "--db", db); code != 0 || out == "" {
		t.Errorf("template show: code %d err %q", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "missing")); !os.IsNotExist(err) {
		t.Fatal("a read-only command created the folder")
	}
}

// Finding 3: an empty file next to a backup was re-initialised by `list`,
// and doctor then said OK.
func TestEmptyFileNextToABackup(t *testing.T) {
	db := demoDB(t)
	snapshot(t, db)
	bak := fileContent(t, store.BackupPath(db))
	if err := os.WriteFile(db, nil, 0o600); err != nil { // `: > w.db`
		t.Fatal(err)
	}
	for _, args := range [][]string{{"list"}, {"export", "demo-alderbrook-2025-26", "--format", "md"}, {"doctor"}, {"carry", "demo-alderbrook-2025-26", "--year", "2026-27"}} {
		out, errs, code := cli(t, "", append(args, "--db", db)...)
		if code != 1 || !strings.Contains(out+errs, "doctor --restore") || !strings.Contains(out+errs, "is empty") {
			t.Errorf("%v: code %d out %q err %q", args, code, out, errs)
		}
	}
	if fi, _ := os.Stat(db); fi.Size() != 0 {
		t.Fatal("the empty file was written to")
	}
	if !bytes.Equal(bak, fileContent(t, store.BackupPath(db))) {
		t.Fatal("the backup changed")
	}
	out, errs, code := cli(t, "", "doctor", "--restore", "--db", db)
	if code != 0 || !strings.Contains(out, "Restored "+db) || !strings.Contains(out, "The damaged file is kept as "+db+".damaged-") {
		t.Fatalf("doctor --restore: code %d out %q err %q", code, out, errs)
	}
	if out, _, code := cli(t, "", "list", "--db", db); code != 0 || !strings.Contains(out, "Alderbrook") {
		t.Fatalf("list after the restore: %d %q", code, out)
	}
}

// Finding 6: doctor --restore rolled a healthy file back.
func TestDoctorRestoreOfAHealthyFile(t *testing.T) {
	db := demoDB(t)
	snapshot(t, db)
	if _, errs, code := cli(t, "", "carry", "demo-alderbrook-2025-26", "--year", "2026-27", "--db", db); code != 0 {
		t.Fatal(errs)
	}
	before := fileContent(t, db)
	_, errs, code := cli(t, "", "doctor", "--restore", "--db", db)
	want := "edtech-workbook: workbook file " + db + " is healthy; nothing to restore — pass --force to roll back to its backup anyway\n"
	if code != 1 || errs != want {
		t.Fatalf("doctor --restore of a healthy file: code %d err %q\nwant %q", code, errs, want)
	}
	if !bytes.Equal(before, fileContent(t, db)) {
		t.Fatal("the healthy file changed")
	}
	if _, _, code := cli(t, "", "doctor", "--force", "--db", db); code != 2 {
		t.Fatalf("--force without --restore: code %d, want 2", code)
	}
	out, errs, code := cli(t, "", "doctor", "--restore", "--force", "--db", db)
	if code != 0 || !strings.Contains(out, "Rolled back:\n  lost:     \"Alderbrook EdTech Leadership Team\" (2026-27), last changed ") ||
		!strings.Contains(out, "The replaced file (it was healthy) is kept as "+db+".replaced-") || strings.Contains(out, "damaged") {
		t.Fatalf("doctor --restore --force: code %d\n%s%s", code, out, errs)
	}
}

// Finding 2, through the commands: the app holds a session, a coach's file
// is imported with --replace; the app's next save is refused.
func TestImportReplaceIsNotUndoneByAnOpenApp(t *testing.T) {
	db := demoDB(t)
	store, err := store.Open(db, store.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	app, err := findSession(store, "demo-alderbrook-2025-26")
	if err != nil {
		t.Fatal(err)
	}
	sent := app.Clone()
	sent.Team = "Renamed by the import"
	file := writeSessionFile(t, t.TempDir(), "sent.json", sent)
	_ = store.Close()
	if _, errs, code := cli(t, "", "import", file, "--replace", "--db", db); code != 0 {
		t.Fatal(errs)
	}
	app.Plan.Aim = "typed in the app"
	if _, err := store.Update(app); !errors.Is(err, workbook.ErrConflict) {
		t.Fatalf("the app's save after import --replace = %v, want a conflict", err)
	}
	if out, _, _ := cli(t, "", "list", "--db", db); !strings.Contains(out, "Renamed by the import") {
		t.Fatalf("the import was overwritten:\n%s", out)
	}
}

// A coach reviews the same file twice: the stored copy carries the store's
// revision, not the file's, and is still "unchanged".
func TestReviewOfTheSameFileTwice(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "coach.db")
	demo, err := templatefile.DemoSession()
	if err != nil {
		t.Fatal(err)
	}
	demo.Revision = 41
	file := writeSessionFile(t, dir, "team.json", demo)
	if _, errs, code := cli(t, "", "review", file, "--no-open", "--db", db); code != 0 {
		t.Fatal(errs)
	}
	out, errs, code := cli(t, "", "review", file, "--no-open", "--db", db)
	if code != 0 || !strings.Contains(out, "unchanged") {
		t.Fatalf("second review: %d %q %q", code, out, errs)
	}
}

// Finding 7: -o naming the workbook file replaced the workbook with a report.
func TestOutputNeverReplacesTheWorkbook(t *testing.T) {
	db := demoDB(t)
	snapshot(t, db)
	sessionFile := filepath.Join(t.TempDir(), "s.json")
	if _, errs, code := cli(t, "", "export", "demo-alderbrook-2025-26", "-o", sessionFile, "--db", db); code != 0 {
		t.Fatal(errs)
	}
	before := fileContent(t, db)
	link := filepath.Join(t.TempDir(), "link.db")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	rel, _ := filepath.Rel(mustGetwd(t), db)
	for _, args := range [][]string{
		{"export", "demo-alderbrook-2025-26", "--format", "md", "-o", db},
		{"export", "demo-alderbrook-2025-26", "--format", "md", "-o", rel},
		{"export", "demo-alderbrook-2025-26", "--format", "md", "-o", link},
		{"export", "demo-alderbrook-2025-26", "--format", "md", "-o", store.BackupPath(db)},
		{"export", "demo-alderbrook-2025-26", "--format", "md", "-o", db + ".bak.2"},
		{"cohort", sessionFile, "--format", "md", "-o", db},
		{"template", "new-version", "edtech-systems", "-o", db},
	} {
		_, errs, code := cli(t, "", append(args, "--db", db)...)
		if code != 1 || !strings.Contains(errs, "cannot write ") {
			t.Errorf("%v: code %d err %q", args, code, errs)
		}
	}
	if !bytes.Equal(before, fileContent(t, db)) {
		t.Fatal("the workbook file changed")
	}
	// Another workbook file (any bbolt file) is not overwritten either.
	other := demoDB(t)
	if _, errs, code := cli(t, "", "export", "demo-alderbrook-2025-26", "-o", other, "--db", db); code != 1 || !strings.Contains(errs, "is a workbook file") {
		t.Errorf("export over another workbook: %d %q", code, errs)
	}
	// -o - is standard output.
	out, errs, code := cli(t, "", "export", "demo-alderbrook-2025-26", "--format", "md", "-o", "-", "--db", db)
	if code != 0 || !strings.HasPrefix(out, "# ") || errs != "" {
		t.Fatalf("-o -: code %d err %q out %.40q", code, errs, out)
	}
	if _, err := os.Stat("-"); err == nil {
		t.Fatal("-o - wrote a file named -")
	}
	// A folder is refused (FIFOs: cmd_safety_linux_test.go).
	if _, errs, code := cli(t, "", "export", "demo-alderbrook-2025-26", "-o", t.TempDir(), "--db", db); code != 1 || !strings.Contains(errs, "not a regular file") {
		t.Errorf("export -o FOLDER: code %d err %q", code, errs)
	}
}

func fileContent(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustGetwd(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}
