package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"edtech-workbook/internal/storetest"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
	"edtech-workbook/workbook/templatefile"
)

// cli runs the command line in-process and returns stdout, stderr and the exit code.
func cli(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	t.Setenv(envDB, "")
	t.Setenv("ACCESSIBLE", "")
	code := Run("test", args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// demoDB writes the demo session into a new file and returns its path.
func demoDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "demo.db")
	out, errs, code := cli(t, "", "demo", "--db", db)
	if code != 0 || strings.TrimSpace(out) != db {
		t.Fatalf("demo: code %d out %q err %q", code, out, errs)
	}
	return db
}

func TestListEmptyAndJSON(t *testing.T) {
	db := filepath.Join(t.TempDir(), "wb.db")
	storetest.Open(t, db).Close() // list itself never creates the file
	out, _, code := cli(t, "", "list", "--db", db)
	if code != 0 || !strings.Contains(out, "No sessions in") {
		t.Fatalf("empty list: code %d out %q", code, out)
	}
	out, _, code = cli(t, "", "list", "--json", "--db", db)
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Fatalf("empty json list: code %d out %q", code, out)
	}
	info, err := os.Stat(db)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("workbook file mode %v, want 0600", info.Mode())
	}
}

func TestDemoListExport(t *testing.T) {
	db := demoDB(t)
	out, _, code := cli(t, "", "list", "--db", db)
	if code != 0 || !strings.Contains(out, "100%") {
		t.Fatalf("list: code %d out %q", code, out)
	}
	out, _, code = cli(t, "", "list", "--json", "--db", db)
	var sums []workbook.Summary
	if code != 0 || json.Unmarshal([]byte(out), &sums) != nil || len(sums) != 1 {
		t.Fatalf("list --json: code %d out %q", code, out)
	}
	demo, err := templatefile.DemoSession()
	if err != nil {
		t.Fatal(err)
	}
	// By id, by id prefix and by team name; stdout and -o give the same bytes.
	want, _ := workbook.MarshalSession(demo)
	for _, name := range []string{sums[0].ID, sums[0].ID[:6], strings.ToUpper(sums[0].Team)} {
		out, errs, code := cli(t, "", "export", name, "--format", "json", "--db", db)
		if code != 0 || out != string(want) {
			t.Fatalf("export %q: code %d err %q", name, code, errs)
		}
	}
	file := filepath.Join(t.TempDir(), "s.json")
	if _, errs, code := cli(t, "", "export", sums[0].ID, "-o", file, "--db", db); code != 0 {
		t.Fatalf("export -o: %d %s", code, errs)
	}
	got, err := os.ReadFile(file)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("exported file differs: %v", err)
	}
	if info, _ := os.Stat(file); info.Mode().Perm() != 0o600 {
		t.Fatalf("export mode %v", info.Mode())
	}
}

func TestErrorsAndExitCodes(t *testing.T) {
	db := demoDB(t)
	cases := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
		{"unknown flag", []string{"list", "--nope"}, 2, "unknown flag"},
		{"export without session", []string{"export", "--db", db}, 2, "needs one SESSION"},
		{"export bad format", []string{"export", "x", "--format", "pdf", "--db", db}, 2, `unknown --format "pdf"`},
		{"export unknown session", []string{"export", "nobody", "--db", db}, 1, `no session "nobody"`},
		{"list extra arg", []string{"list", "extra", "--db", db}, 2, "takes no arguments"},
		{"carry without year", []string{"carry", "x", "--db", db}, 2, "needs --year"},
		{"carry bad year", []string{"carry", "Alderbrook EdTech Leadership Team", "--year", "2026-28", "--db", db}, 1, "school year"},
		{"lint missing file", []string{"template", "lint", "/nonexistent.yaml"}, 1, "cannot be read"},
		{"show with two templates", []string{"template", "show", "a", "b"}, 2, "takes at most one TEMPLATE"},
		{"show unknown template", []string{"template", "show", "nope@3", "--db", db}, 1, "no template nope@3"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errs, code := cli(t, "", c.args...)
			if code != c.code {
				t.Fatalf("exit code %d, want %d (out %q err %q)", code, c.code, out, errs)
			}
			if !strings.Contains(out+errs, c.err) {
				t.Fatalf("output %q does not mention %q", out+errs, c.err)
			}
			if strings.Count(strings.TrimSpace(errs), "\n") > 0 {
				t.Fatalf("error is more than one line: %q", errs)
			}
			if strings.Contains(errs, "goroutine") || strings.Contains(errs, "panic") {
				t.Fatalf("stack trace in %q", errs)
			}
		})
	}
}

func TestTemplateShowExportLintRoundTrip(t *testing.T) {
	out, _, code := cli(t, "", "template", "show")
	if code != 0 || !strings.Contains(out, "Equity pause:") || !strings.Contains(out, "Rating scale") {
		t.Fatalf("template show: code %d\n%s", code, out)
	}
	file := filepath.Join(t.TempDir(), "t.yaml")
	if _, errs, code := cli(t, "", "template", "export", "-o", file); code != 0 {
		t.Fatalf("template export: %d %s", code, errs)
	}
	out, _, code = cli(t, "", "template", "lint", file)
	if code != 0 || !strings.Contains(out, ": ok (edtech-systems@2") {
		t.Fatalf("lint of exported built-in: code %d out %q", code, out)
	}
	broken := filepath.Join(t.TempDir(), "broken.yaml")
	os.WriteFile(broken, []byte("id: x\nversion: zero\ntitle: T\nbogus: 1\n"), 0o600)
	out, _, code = cli(t, "", "template", "lint", broken)
	if code != 1 || !strings.Contains(out, broken+":2:") || !strings.Contains(out, broken+":4:") {
		t.Fatalf("lint of broken file: code %d out %q", code, out)
	}
}

func TestCarryForwardCLI(t *testing.T) {
	db := demoDB(t)
	out, errs, code := cli(t, "", "carry", "Alderbrook EdTech Leadership Team", "--year", "2026-27", "--db", db)
	if code != 0 || !strings.Contains(out, "forward to 2026-27") {
		t.Fatalf("carry: code %d out %q err %q", code, out, errs)
	}
	out, _, _ = cli(t, "", "list", "--db", db)
	if !strings.Contains(out, "2026-27") || !strings.Contains(out, "2025-26") {
		t.Fatalf("list after carry:\n%s", out)
	}

	// A new version without one of the problem questions: carry says which
	// answers stay behind.
	file := filepath.Join(t.TempDir(), "v3.yaml")
	if _, errs, code := cli(t, "", "template", "new-version", "edtech-systems", "-o", file); code != 0 {
		t.Fatal(errs)
	}
	data, _ := os.ReadFile(file)
	start := strings.Index(string(data), "    - id: why_chosen\n")
	end := strings.Index(string(data), "    - id: evidence\n")
	if start < 0 || end < start {
		t.Fatal("the exported template has no why_chosen question")
	}
	os.WriteFile(file, append(data[:start:start], data[end:]...), 0o600)
	if _, errs, code := cli(t, "", "template", "import", file, "--db", db); code != 0 {
		t.Fatal(errs)
	}
	out, errs, code = cli(t, "", "carry", "demo-alderbrook-2025-26", "--year", "2027-28", "--template", "edtech-systems@3", "--db", db)
	if code != 0 || !strings.Contains(out, "Answers left behind (the new template no longer asks these questions, or asks for another kind of answer): Why did we choose this problem over others?.") {
		t.Fatalf("carry onto v3: code %d out %q err %q", code, out, errs)
	}
}

func TestDoctorAndRestore(t *testing.T) {
	db := demoDB(t)
	out, _, code := cli(t, "", "doctor", "--db", db)
	if code != 0 || !strings.Contains(out, "OK: no problems found.") || !strings.Contains(out, "Sessions:  1") {
		t.Fatalf("doctor on a clean file: code %d\n%s", code, out)
	}
	store, err := store.Open(db, store.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.SnapshotBackup(); err != nil {
		t.Fatal(err)
	}
	store.Close()

	// Damage every page after the two meta pages.
	data, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	for i := 2 * 4096; i < len(data); i++ {
		data[i] = 0xA5
	}
	if err := os.WriteFile(db, data, 0o600); err != nil {
		t.Fatal(err)
	}
	// Check a copy: a bbolt panic on a damaged page leaves the mapping (and
	// so its file lock) in this test process until it exits, which a real
	// one-command process never notices.
	damaged := filepath.Join(t.TempDir(), "damaged.db")
	if err := os.WriteFile(damaged, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, errs, code := cli(t, "", "doctor", "--db", damaged)
	if code != 1 || !strings.Contains(errs, "doctor --restore") || !strings.Contains(out, "problem:") {
		t.Fatalf("doctor on a damaged file: code %d out %q err %q", code, out, errs)
	}
	out, errs, code = cli(t, "", "doctor", "--restore", "--db", db)
	if code != 0 || !strings.Contains(out, "Restored "+db) || !strings.Contains(out, "OK: no problems found.") {
		t.Fatalf("doctor --restore: code %d out %q err %q", code, out, errs)
	}
	if out, _, code := cli(t, "", "list", "--db", db); code != 0 || !strings.Contains(out, "Alderbrook") {
		t.Fatalf("list after restore: code %d\n%s", code, out)
	}
}

func TestWorkbookNeedsTerminal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "wb.db")
	_, errs, code := cli(t, "", "--db", db)
	if code != 1 || !strings.Contains(errs, "needs a terminal") {
		t.Fatalf("bare command without a terminal: code %d err %q", code, errs)
	}
}

func TestErrorsNeverCarryEscapeSequences(t *testing.T) {
	// The path is quoted raw in the error ("template file PATH cannot be read").
	path := "/nonexistent/\x1b]0;pwned\x07\x1b[31mnobody.yaml"
	for _, args := range [][]string{{"template", "lint", path}, {"template", "show", path}} {
		out, errs, code := cli(t, "", args...)
		if code != 1 || strings.ContainsAny(out+errs, "\x1b\x07") || !strings.Contains(out+errs, "nobody.yaml") {
			t.Fatalf("%v: code %d, stdout %q, stderr %q", args[:2], code, out, errs)
		}
	}
}

// Carrying into a year the team already has a session for says so and
// creates nothing, unless --again asks for a second session.
func TestCarryTwiceIntoTheSameYearWarns(t *testing.T) {
	db := demoDB(t)
	team := "Alderbrook EdTech Leadership Team"
	if _, errs, code := cli(t, "", "carry", team, "--year", "2026-27", "--db", db); code != 0 {
		t.Fatalf("first carry: %s", errs)
	}
	count := func() int {
		out, _, _ := cli(t, "", "list", "--json", "--db", db)
		var sums []workbook.Summary
		if err := json.Unmarshal([]byte(out), &sums); err != nil {
			t.Fatal(err)
		}
		return len(sums)
	}
	_, errs, code := cli(t, "", "carry", "demo-alderbrook-2025-26", "--year", "2026-27", "--db", db)
	if code != 1 || !strings.Contains(errs, "already has a session for 2026-27 (alderbrook-edtech-leadership-team-2026-27)") ||
		!strings.Contains(errs, "--again") || count() != 2 {
		t.Fatalf("second carry: code %d err %q, %d sessions", code, errs, count())
	}
	out, errs, code := cli(t, "", "carry", "demo-alderbrook-2025-26", "--year", "2026-27", "--again", "--db", db)
	if code != 0 || !strings.Contains(out, "as alderbrook-edtech-leadership-team-2026-27-2") || count() != 3 {
		t.Fatalf("carry --again: code %d out %q err %q, %d sessions", code, out, errs, count())
	}
}

// An empty session is "not started" in `list`, not a few percent for its
// set-up; its id is readable.
func TestListEmptySessionNotStarted(t *testing.T) {
	db := filepath.Join(t.TempDir(), "wb.db")
	st := storetest.Open(t, db)
	tmpl, err := templatefile.BuiltinTemplate("")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Create(&workbook.Session{Team: "Northside", District: "Northside USD", SchoolYear: "2026-27",
		Template: *tmpl, Roster: []workbook.Member{{ID: "m1", Name: "Ana"}}}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out, _, code := cli(t, "", "list", "--db", db)
	if code != 0 || !strings.Contains(out, "northside-2026-27") || !strings.Contains(out, "not started") || strings.Contains(out, "%") {
		t.Fatalf("list: code %d\n%s", code, out)
	}
}
