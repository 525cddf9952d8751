package cli

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
	"edtech-workbook/workbook/templatefile"
)

// TestTemplateVersionsNeverOverflow: issue 10 found `template new-version
// X@9223372036854775807` writing a negative version with exit 0.
func TestTemplateVersionsNeverOverflow(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "wb.db")
	builtin, err := templatefile.BuiltinTemplate("")
	if err != nil {
		t.Fatal(err)
	}
	// Stored as an older build could have stored them, without the range check.
	store, err := store.Open(db, store.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	for id, version := range map[string]int{"huge": math.MaxInt64, "top": workbook.MaxTemplateVersion} {
		tm := *builtin
		tm.ID, tm.Version = id, version
		if err := store.PutTemplate(&tm, false); err != nil {
			t.Fatal(err)
		}
	}
	store.Close()

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"template", "new-version", "huge@9223372036854775807"}, "bad version"},
		{[]string{"template", "new-version", "huge@99999999999999999999"}, "bad version"},
		{[]string{"template", "new-version", "huge"}, "1,000,000"},
		{[]string{"template", "new-version", "top"}, "1,000,000"},
		{[]string{"template", "show", "huge@1000001"}, "bad version"},
	} {
		out, errs, code := cli(t, "", append(c.args, "--db", db)...)
		if code != 1 || out != "" || !strings.Contains(errs, c.want) || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
			t.Errorf("%v: exit %d out %q err %q, want exit 1 and %q", c.args, code, out, errs, c.want)
		}
	}
	// A file with a version out of range is refused by lint, and so by new-version.
	yml, _ := templatefile.Marshal(builtin)
	big := filepath.Join(dir, "big.yaml")
	os.WriteFile(big, []byte(strings.Replace(string(yml), "\nversion: 2\n", "\nversion: 9223372036854775807\n", 1)), 0o600)
	for _, args := range [][]string{{"template", "new-version", big}, {"template", "lint", big}, {"template", "import", big}} {
		out, errs, code := cli(t, "", append(args, "--db", db)...)
		if code != 1 || !strings.Contains(out+errs, "version must be a whole number from 1 to 1,000,000") || strings.Contains(out, "version: -") {
			t.Errorf("%v: exit %d out %q err %q", args, code, out, errs)
		}
	}
}

// TestTemplateImportDoesNotShadowABuiltin: issue 10 found `template import`
// of a file with a built-in's id@version silently taking its place.
func TestTemplateImportDoesNotShadowABuiltin(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "wb.db")
	file := filepath.Join(dir, "mine.yaml")
	if _, errs, code := cli(t, "", "template", "export", "-o", file); code != 0 {
		t.Fatal(errs)
	}
	data, _ := os.ReadFile(file)
	os.WriteFile(file, []byte(strings.Replace(string(data), "\ntitle: ", "\ntitle: My own ", 1)), 0o600)

	out, errs, code := cli(t, "", "template", "import", file, "--db", db)
	if code != 1 || out != "" || !strings.Contains(errs, "edtech-systems@2 is built into edtech-workbook") || !strings.Contains(errs, "--replace") {
		t.Fatalf("import over a built-in: exit %d out %q err %q", code, out, errs)
	}
	if out, _, _ := cli(t, "", "template", "show", "edtech-systems@2", "--db", db); strings.Contains(out, "My own") {
		t.Fatal("the refused template shows in place of the built-in one")
	}
	if out, errs, code = cli(t, "", "template", "import", file, "--replace", "--db", db); code != 0 || !strings.Contains(out, "Stored template edtech-systems@2") {
		t.Fatalf("import --replace: exit %d out %q err %q", code, out, errs)
	}
	if out, _, _ := cli(t, "", "template", "show", "edtech-systems@2", "--db", db); !strings.Contains(out, "My own") {
		t.Fatal("after --replace the stored template is not the one shown")
	}
}
