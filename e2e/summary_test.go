package e2e

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSummaryExport exports the demo session from the Summary screen: the
// file is private (0600) and byte for byte what `export --format md` gives;
// a second export to the same path asks before overwriting, and "n" leaves
// the file alone.
func TestSummaryExport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	cli(t, "demo", "--db", db)
	want := cli(t, "export", demoID, "--format", "md", "--db", db)
	out := filepath.Join(dir, "alderbrook-edtech-leadership-team-2025-26.md")

	tm := newTermOpts(t, termOpts{w: 160, h: 24, dir: t.TempDir()}, "--db", db) // started elsewhere: the export goes beside the file
	tm.waitFor("Sessions (1)")
	tm.keys("Enter")
	tm.waitFor("› Overview")
	tm.keys("6")
	tm.waitFor("› Summary")
	export := func() {
		t.Helper()
		tm.keys("x")
		tm.waitFor("┃ Export format")
		tm.waitLine("┃ >", "Markdown")
		tm.keys("Enter")
		tm.waitFor("┃ Export to file")
		tm.waitFor("alderbrook-edtech-leadership-team-2025-26.md") // beside the workbook file
		tm.keys("Enter")
	}
	export()
	tm.waitFor("exported to " + out)
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("the export is not where the status line says: %v", err)
	}
	if string(got) != want {
		t.Errorf("the TUI's Markdown export differs from `export --format md` (%d and %d bytes)", len(got), len(want))
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("export file mode = %v (%v), want 0600", fi.Mode().Perm(), err)
	}

	// Again: the file exists, so the app asks; n keeps it.
	if err := os.WriteFile(out, []byte("keep me\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	export()
	tm.waitFor("already exists. Overwrite it?")
	tm.keys("n")
	tm.waitFor("export cancelled")
	if b, _ := os.ReadFile(out); string(b) != "keep me\n" {
		t.Errorf("after n the file holds %d bytes, want it left as it was", len(b))
	}
	// And y overwrites.
	export()
	tm.waitFor("already exists. Overwrite it?")
	tm.keys("y")
	tm.waitFor("exported to " + out)
	if b, _ := os.ReadFile(out); string(b) != want {
		t.Errorf("after y the file holds %d bytes, want the export (%d bytes)", len(b), len(want))
	}
	tm.keys("Escape")
	tm.waitFor("› Overview")
	tm.keys("Escape")
	tm.waitFor("Sessions (1)")
	tm.keys("q")
	tm.waitFor("EXIT=0")
}

// TestCtrlCKeepsPendingEdits quits with ctrl+c right after an answer,
// before its save can have finished: the answer is still saved.
func TestCtrlCKeepsPendingEdits(t *testing.T) {
	db := filepath.Join(t.TempDir(), "ctrlc.db")
	mustSetup(t, db, "Quitters", false)
	tm := newTerm(t, 80, 24, "--db", db)
	openAssess(tm, "Quitters ", "Quitters · 2025-26")
	tm.keys("3", "4", "C-c") // Ana, the consensus, quit: one burst
	tm.waitFor("EXIT=0")
	s := exportJSON(t, db, "Quitters")
	r := s.Ratings[indicatorID(t, s, 1)]
	if r == nil || r.Members[s.memberID(t, "Ana Ruiz")] != 3 || r.Consensus != 4 {
		t.Fatalf("after ctrl+c indicator 1 = %+v, want Ana 3 and consensus 4", r)
	}
	requireDoctorOK(t, db)
}
