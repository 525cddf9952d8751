package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"edtech-workbook/workbook/store"
)

// The store reports the facts; the command line adds what to do, naming
// its own commands and flags.
func TestStoreProblemsGetCommandLineAdvice(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	_, errs, code := cli(t, "", "list", "--db", missing)
	want := "edtech-workbook: workbook file " + missing + " does not exist; check the path or --db (running edtech-workbook creates it)\n"
	if code != 1 || errs != want {
		t.Errorf("list of a missing file: code %d\n%s\nwant %s", code, errs, want)
	}

	db := demoDB(t)
	if err := os.WriteFile(store.BackupPath(db), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(db, 0); err != nil {
		t.Fatal(err)
	}
	_, errs, code = cli(t, "", "list", "--db", db)
	if code != 1 || !strings.HasSuffix(errs, "is damaged; run `edtech-workbook doctor --restore` to put the backup back\n") {
		t.Errorf("list of an emptied file beside a backup: code %d %q", code, errs)
	}

	tmpl := filepath.Join(dir, "mine.yaml")
	db2 := filepath.Join(dir, "w.db")
	if _, errs, code := cli(t, "", "template", "export", "-o", tmpl); code != 0 {
		t.Fatalf("template export: %s", errs)
	}
	data, _ := os.ReadFile(tmpl)
	if err := os.WriteFile(tmpl, []byte(strings.Replace(string(data), "\nversion: 2\n", "\nversion: 7\n", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"", "; pass --replace to overwrite it\n"} {
		_, errs, code := cli(t, "", "template", "import", tmpl, "--db", db2)
		if (want == "") != (code == 0) || !strings.HasSuffix(errs, want) {
			t.Errorf("template import #%d: code %d %q, want …%q", i+1, code, errs, want)
		}
	}
}
