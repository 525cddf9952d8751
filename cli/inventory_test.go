package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"edtech-workbook/internal/storetest"
	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
	"edtech-workbook/workbook/store"
)

// invNow is the clock of the inventory tests: 2026-11-20, the fixtures' today.
func invNow() time.Time { return time.Date(2026, 11, 20, 10, 0, 0, 0, time.Local) }

// inv runs the command line in-process on the tests' clock and returns
// stdout, stderr and the exit code.
func invRun(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	t.Setenv(envDB, "")
	t.Setenv("ACCESSIBLE", "")
	a := &app{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, now: invNow}
	code := run(a, "test", args)
	return out.String(), errb.String(), code
}

// mustRun runs a command that must succeed.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, errs, code := invRun(t, "", args...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errs)
	}
	assertTerminalSafe(t, strings.Join(args, " "), strings.TrimPrefix(out, "\ufeff")+errs) // a CSV's byte-order mark is for spreadsheets
	return out
}

// fixtureDB is a workbook file holding the fixture inventory (and checked
// when the test ends).
func fixtureDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "wb.db")
	st := storetest.Open(t, db)
	inv, err := st.Inventory()
	if err != nil {
		t.Fatal(err)
	}
	inv.Inventory = testfixture.Inventory(t)
	if _, err := st.SaveInventory(inv); err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	return db
}

// readInventory reads the file's inventory (read-only).
func readInventory(t *testing.T, db string) *store.Inventory {
	t.Helper()
	st, err := store.Open(db, store.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	inv, err := st.Inventory()
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const classLinkCSV = `Application Name,Unique Users,Sessions,Time Spent,Start Date,End Date
ClassHub,2210,148000,12:30:00,2025-09-01,2026-06-30
Read Along,512,20480,301000,2025-09-01,2026-06-30
Lexia Core 5,80,950,100,2025-09-01,2026-06-30
classhub ,2000,2000,10,2025-09-01,2026-06-30
Total,2811,171434,,,
`

// The whole command-line flow: build a 3-tool inventory, fill it in,
// import a ClassLink-style report (twice: the second replaces the first),
// export every format, and the file stays consistent.
func TestInventoryFromTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "wb.db")
	if _, errs, code := invRun(t, "", "inventory", "list", "--db", db); code != 1 || !strings.Contains(errs, "does not exist") {
		t.Fatalf("list of a missing file: %d %s", code, errs)
	}
	if _, err := os.Stat(db); err == nil {
		t.Fatal("inventory list created the file")
	}
	mustRun(t, "inventory", "add", "ClassHub", "--vendor", "Hubwise Inc.", "--status", "core", "--db", db)
	mustRun(t, "inventory", "add", "ReadAlong", "--status", "core", "--purpose", "Reading fluency practice", "--db", db)
	mustRun(t, "inventory", "add", "Lexia Core5", "--status", "approved", "--db", db)
	out := mustRun(t, "inventory", "set", "classhub", "cost=$18,000", "licences=2,400", "renewal=2026-12-15",
		"agreement=signed", "agreement-signed=2025-07-01", "agreement-expires=2028-06-30",
		"data-collected=name, school email, student work", "roles=teachers,students,families", "support=Family guide (district website)", "--db", db)
	if !strings.Contains(out, `Updated "ClassHub" (classhub): cost, licences, renewal, agreement`) {
		t.Fatalf("set: %q", out)
	}
	out = mustRun(t, "inventory", "list", "--db", db)
	for _, want := range []string{"classhub", "$18000", "2026-12-15", "signed", "3 tools: 1 approved, 2 core."} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}

	csv := writeFile(t, dir, "classlink.csv", classLinkCSV)
	out, errs, code := invRun(t, "", "inventory", "import", csv, "--db", db)
	if code != 1 || !strings.Contains(errs, "pass --yes") || !strings.Contains(out, `"Read Along" → ReadAlong (readalong)`) {
		t.Fatalf("import without a terminal or --yes: %d\n%s\n%s", code, out, errs)
	}
	if inv := readInventory(t, db); len(inv.Imports) != 0 {
		t.Fatal("an unconfirmed import stored something")
	}
	out = mustRun(t, "inventory", "import", csv, "--yes", "--db", db)
	for _, want := range []string{"Matched (3):", `"ClassHub" → ClassHub (classhub)`, "Skipped: 1 total row",
		"1 tool was on several rows", `Imported usage for 3 tools (0 new) from classlink.csv: single sign-on report "ClassLink", 2025-09-01 to 2026-06-30.`} {
		if !strings.Contains(out, want) {
			t.Errorf("import lacks %q:\n%s", want, out)
		}
	}
	first := readInventory(t, db)
	// The same report again, with new figures: replaced, not added.
	csv2 := writeFile(t, dir, "classlink-again.csv", strings.Replace(classLinkCSV, "ClassHub,2210", "ClassHub,2300", 1))
	out = mustRun(t, "inventory", "import", csv2, "--yes", "--db", db)
	if !strings.Contains(out, "It replaces the figures imported on 2026-11-20") {
		t.Errorf("re-import: %q", out)
	}
	again := readInventory(t, db)
	if len(again.Tools) != 3 || len(again.Imports) != 1 || again.Revision <= first.Revision {
		t.Fatalf("after the re-import: %d tools, %d import records, revision %d (was %d)", len(again.Tools), len(again.Imports), again.Revision, first.Revision)
	}
	if u := again.Tool("classhub").Usage; len(u) != 1 || u[0].ActiveUsers != inventory.Known(2300) {
		t.Fatalf("ClassHub's usage after the re-import: %+v", u)
	}
	out = mustRun(t, "inventory", "list", "--sort", "users", "--db", db)
	if i, j := strings.Index(out, "classhub"), strings.Index(out, "lexia-core5"); i < 0 || j < i || !strings.Contains(out, "2300 (2025-26)") {
		t.Errorf("list --sort users:\n%s", out)
	}

	page := filepath.Join(dir, "tools-we-use.html")
	if _, errs, code := invRun(t, "", "inventory", "export", "--format", "public", "-o", page, "--district", "Riverside", "--db", db); code != 0 ||
		!strings.Contains(errs, "Wrote "+page) {
		t.Fatalf("export public: %d %s", code, errs)
	}
	html, _ := os.ReadFile(page)
	for _, want := range []string{"<title>Tools we use in Riverside</title>", "Signed on July 1, 2025; in force until June 30, 2028", "Family guide (district website)"} {
		if !bytes.Contains(html, []byte(want)) {
			t.Errorf("the public page lacks %q", want)
		}
	}
	if fi, _ := os.Stat(page); fi.Mode().Perm() != 0o600 {
		t.Errorf("the page is %v, want 0600", fi.Mode().Perm())
	}
	out = mustRun(t, "doctor", "--db", db)
	if !strings.Contains(out, "Inventory: 3 tools") || !strings.Contains(out, "OK: no problems found.") {
		t.Errorf("doctor:\n%s", out)
	}
}

func TestInventoryImportBadInput(t *testing.T) {
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.csv")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(100 << 20); err != nil { // 100 MB, sparse: refused by its size, never read
		t.Fatal(err)
	}
	_ = f.Close()
	cases := []struct {
		name string
		file string // contents, or "" for huge
		args []string
		code int
		want string
	}{
		{"wrong encoding: UTF-16", "\xff\xfeA\x00p\x00p\x00", nil, 1, `the file is UTF-16 text (Excel's "Unicode Text"), not UTF-8`},
		{"wrong encoding: Latin-1", "App,Unique Users,Total Logins,Date\nCaf\xe9 Maths,1,2,2025-09-02\n", nil, 1, "byte 0xE9 on line 2 is 'é' in Latin-1 or Windows-1252"},
		{"a spreadsheet file", "PK\x03\x04rest", nil, 1, "is a spreadsheet workbook (.xlsx), not CSV"},
		{"100 MB", "", nil, 1, "the file is 100.0 MiB, over the 64.0 MiB limit for a usage report"},
		{"bad date", "App,Unique Users,Total Logins,Date\nSeesaw,1,2,2025-09-02\nSeesaw,1,2,31/31/2025\n", nil, 1,
			`line 3, column "Date": "31/31/2025" is not a date; write it as 2025-09-02 or 9/2/2025 (month first)`},
		{"bad number", "App,Unique Users,Total Logins,Date\nSeesaw,lots,2,2025-09-02\n", nil, 1, `line 2, column "Unique Users": "lots" is not a number`},
		{"student id column", "App,Student ID,Total Logins,Date\nSeesaw,123,2,2025-09-02\n", nil, 1,
			`column "Student ID" looks like a student identifier; usage imports take totals per tool only`},
		{"student email column", "App,Email,Total Logins,Date\nSeesaw,a@b.org,2,2025-09-02\n", nil, 1, `column "Email" looks like an email address`},
		{"unknown columns", "Tool,People,Visits\nSeesaw,1,2\n", nil, 1,
			`the columns "Tool", "People", "Visits" match no known usage report; expected Clever-style analytics export: App, Unique Users, Total Logins, Date; ClassLink-style analytics export: App Name, Unique Users, Sessions, Minutes, Date; or confirm which column is which; name them with --map COLUMN=FIELD`},
		{"no period", "Tool,People,Visits\nSeesaw,1,2\n", []string{"--source", "survey", "--map", "Tool=tool", "--map", "People=users"}, 1,
			"the report has no date columns; say which period it covers (first and last day); pass --period FROM..TO"},
		{"a mapped column not there", "Tool,People\nSeesaw,1\n", []string{"--source", "survey", "--map", "Tool=tool", "--map", "Folk=users", "--period", "2025-09-01..2026-06-30"}, 1,
			`the active users column "Folk" is not in the file; its columns are "Tool", "People"`},
		{"--map without --source", "Tool,People\nSeesaw,1\n", []string{"--map", "Tool=tool"}, 2, "--map needs --source"},
		{"--map to an unknown field", "Tool,People\nSeesaw,1\n", []string{"--source", "sso", "--map", "Tool=toolname"}, 2, `unknown field "toolname"`},
		{"bad --period", "Tool,People\nSeesaw,1\n", []string{"--period", "2025-09-01-2026-06-30"}, 2, "is not FROM..TO"},
		{"--period backwards", "Tool,People\nSeesaw,1\n", []string{"--period", "2026-06-30..2025-09-01"}, 2, "ends before it starts"},
		{"bad --source", "Tool,People\nSeesaw,1\n", []string{"--source", "rumour"}, 2, `usage source "rumour" is not one of survey, sso, network, vendor`},
		{"empty file", "", []string{"--period", "x"}, 2, "is not FROM..TO"},
		{"header only", "App,Unique Users,Total Logins,Date\n", nil, 1, "the file has a header but no rows"},
		{"a stray quote", "App,Unique Users,Total Logins,Date\n\"Seesaw,1,2,2025-09-02\n", nil, 1, "line 2 cannot be read"},
		{"--skip names no tool", "App,Unique Users,Total Logins,Date\nSeesaw,1,2,2025-09-02\n", []string{"--skip", "Nope"}, 2, `--skip "Nope" names no tool of the file`},
		{"not a regular file", "DIR", nil, 1, "is not a regular file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := fixtureDB(t)
			before := readInventory(t, db)
			path := huge
			switch c.file {
			case "DIR":
				path = t.TempDir()
			case "":
				if c.name != "100 MB" {
					path = writeFile(t, t.TempDir(), "empty.csv", "")
				}
			default:
				path = writeFile(t, t.TempDir(), "report.csv", c.file)
			}
			start := time.Now()
			out, errs, code := invRun(t, "", append([]string{"inventory", "import", path, "--yes", "--db", db}, c.args...)...)
			if code != c.code || !strings.Contains(errs, c.want) {
				t.Fatalf("exit %d (want %d), stderr %q; want it to say %q (stdout %q)", code, c.code, errs, c.want, out)
			}
			if strings.Count(strings.TrimSpace(errs), "\n") > 0 {
				t.Errorf("the error is more than one line: %q", errs)
			}
			if time.Since(start) > 5*time.Second {
				t.Errorf("refusing took %v", time.Since(start))
			}
			after := readInventory(t, db)
			if after.Revision != before.Revision || len(after.Imports) != len(before.Imports) {
				t.Fatal("a refused import changed the inventory")
			}
		})
	}
}

// A report with names that look like formulas and the same tool on
// several rows and spellings: a clear confirmation, then the names kept as
// text and neutralised in the CSV export; no tool twice.
func TestInventoryImportFormulasAndDuplicates(t *testing.T) {
	db := fixtureDB(t)
	report := "App,Unique Users,Total Logins,Date\n" +
		"\"=HYPERLINK(\"\"http://x\"\",\"\"Click\"\")\",3,4,2025-09-02\n" +
		"@SUM(A1:A9),1,1,2025-09-02\n" +
		"ClassHub,100,300,2025-09-02\n" +
		"Classhub Inc.,120,310,2025-09-03\n" +
		"CLASSHUB,90,50,2025-09-04\n" +
		"Clashub,5,5,2025-09-04\n"
	path := writeFile(t, t.TempDir(), "clever.csv", report)
	out := mustRun(t, "inventory", "import", path, "--yes", "--db", db)
	for _, want := range []string{
		`"ClassHub" → ClassHub (classhub)`,
		`Loosely matched, check these (1; pass --new NAME to add one as a new tool, --skip NAME to leave it out):`,
		`"Clashub" → ClassHub (classhub)`, `note: spelled differently from "ClassHub"; check it is the same tool`,
		`note: the name starts like a spreadsheet formula; it is kept as text and never run`,
		"1 tool was on several rows", "Imported usage for 3 tools (2 new)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("import output lacks %q:\n%s", want, out)
		}
	}
	inv := readInventory(t, db)
	if len(inv.Tools) != 8 {
		t.Fatalf("%d tools, want the fixture's 6 and the two formula-named ones", len(inv.Tools))
	}
	hub := inv.Tool("classhub")
	var fig *inventory.Usage
	for i := range hub.Usage {
		if hub.Usage[i].Report == "Clever" {
			fig = &hub.Usage[i]
		}
	}
	if fig == nil || fig.Sessions != inventory.Known(665) || fig.ActiveUsers != inventory.Known(120) {
		t.Fatalf("ClassHub's Clever figure = %+v; want the four rows combined (665 logins, 120 users)", fig)
	}
	csv := mustRun(t, "inventory", "export", "--format", "csv", "--db", db)
	if !strings.Contains(csv, `'=HYPERLINK(""http://x"",""Click"")`) || !strings.Contains(csv, "'@SUM(A1:A9)") {
		t.Errorf("the CSV export does not neutralise the formula names:\n%s", csv)
	}
	// Adding a tool the inventory has, by another spelling, is refused.
	if _, errs, code := invRun(t, "", "inventory", "add", "Class-Hub, Inc.", "--db", db); code != 1 || !strings.Contains(errs, `is already in the inventory as "ClassHub" (classhub)`) {
		t.Errorf("add of a duplicate: %d %s", code, errs)
	}
	if _, errs, code := invRun(t, "", "inventory", "add", "MathPat", "--db", db); code != 1 || !strings.Contains(errs, "pass --force if it is another tool") {
		t.Errorf("add of a near duplicate: %d %s", code, errs)
	}
	if out := mustRun(t, "inventory", "add", "MathPat", "--force", "--db", db); !strings.Contains(out, "as mathpat") {
		t.Errorf("add --force: %q", out)
	}
}

func TestInventoryImportSkipAndNew(t *testing.T) {
	db := fixtureDB(t)
	path := writeFile(t, t.TempDir(), "clever.csv", "App,Unique Users,Total Logins,Date\nClashub,5,5,2025-09-04\nQuizWhiz,7,7,2025-09-04\n")
	out := mustRun(t, "inventory", "import", path, "--yes", "--new", "Clashub", "--skip", "quizwhiz", "--db", db)
	if !strings.Contains(out, "New tools, added as piloting (1):\n  \"Clashub\"") || !strings.Contains(out, "Left out (1):\n  \"QuizWhiz\"") {
		t.Fatalf("proposal:\n%s", out)
	}
	inv := readInventory(t, db)
	if inv.Tool("clashub") == nil || len(inv.Tool("quizwhiz").Usage) != 1 {
		t.Fatal("--new or --skip was not followed")
	}
}

// An import that fails part-way (a bad row at the end of the file) stores
// nothing; nor does one refused by the store (a damaged inventory).
func TestInventoryImportAllOrNothing(t *testing.T) {
	db := fixtureDB(t)
	before, _ := os.ReadFile(db)
	var b strings.Builder
	b.WriteString("App,Unique Users,Total Logins,Date\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "New Tool %d,%d,%d,2025-09-02\n", i, i, i)
	}
	b.WriteString("Last Tool,1,-5,2025-09-02\n")
	path := writeFile(t, t.TempDir(), "bad-end.csv", b.String())
	if _, errs, code := invRun(t, "", "inventory", "import", path, "--yes", "--db", db); code != 1 || !strings.Contains(errs, `line 5002, column "Total Logins": "-5" is negative`) {
		t.Fatalf("import with a bad last row: %d %s", code, errs)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Fatal("the failed import changed the workbook file")
	}
}

func TestInventoryListSortFilterJSON(t *testing.T) {
	db := fixtureDB(t)
	order := func(args ...string) []string {
		t.Helper()
		out := mustRun(t, append([]string{"inventory", "list", "--db", db}, args...)...)
		var ids []string
		for _, l := range strings.Split(out, "\n")[1:] {
			if f := strings.Fields(l); len(f) > 0 && !strings.HasSuffix(l, ".") {
				ids = append(ids, f[0])
			}
		}
		return ids
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "classhub mathpath pollpad quizwhiz readalong storyforge"},
		{[]string{"--sort", "users"}, "classhub readalong quizwhiz storyforge mathpath pollpad"},
		{[]string{"--sort", "cost"}, "classhub readalong mathpath quizwhiz storyforge pollpad"}, // free, then not recorded
		{[]string{"--sort", "renewal"}, "readalong mathpath quizwhiz classhub pollpad storyforge"},
		{[]string{"--sort", "status"}, "storyforge mathpath classhub readalong quizwhiz pollpad"},
		{[]string{"--sort", "agreement"}, "pollpad storyforge mathpath classhub quizwhiz readalong"},
		{[]string{"--status", "in-use", "--sort", "vendor"}, "readalong classhub mathpath quizwhiz storyforge"},
		{[]string{"--status", "core,declined"}, "classhub pollpad readalong"},
	} {
		if got := strings.Join(order(c.args...), " "); got != c.want {
			t.Errorf("list %v = %s, want %s", c.args, got, c.want)
		}
	}
	out := mustRun(t, "inventory", "list", "--status", "core", "--db", db)
	if !strings.Contains(out, "2 tools of 6: 2 core.") {
		t.Errorf("filtered footer: %q", out)
	}
	var entries []inventory.ToolSummary
	if err := json.Unmarshal([]byte(mustRun(t, "inventory", "list", "--json", "--status", "retiring", "--db", db)), &entries); err != nil || len(entries) != 1 || entries[0].ID != "quizwhiz" {
		t.Fatalf("list --json: %+v %v", entries, err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--sort", "colour"}, `unknown --sort "colour"`},
		{[]string{"--status", "maybe"}, `--status: status "maybe" is not one of`},
		{[]string{"extra"}, "takes no arguments"},
	} {
		if _, errs, code := invRun(t, "", append([]string{"inventory", "list", "--db", db}, c.args...)...); code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("list %v: %d %s", c.args, code, errs)
		}
	}
	empty := filepath.Join(t.TempDir(), "empty.db")
	storetest.Open(t, empty).Close()
	if out := mustRun(t, "inventory", "list", "--db", empty); !strings.Contains(out, "No tools in") {
		t.Errorf("empty list: %q", out)
	}
	if out := mustRun(t, "inventory", "list", "--json", "--db", empty); strings.TrimSpace(out) != "[]" {
		t.Errorf("empty list --json: %q", out)
	}
}

func TestInventoryShowAndFind(t *testing.T) {
	db := fixtureDB(t)
	out := mustRun(t, "inventory", "show", "Class Hub, Inc.", "--db", db)
	for _, want := range []string{"ClassHub\n", "Data-privacy agreement:", "Agreement signed; signed 2025-07-01; expires 2028-06-30",
		"Usage:", "2,210", "Evaluation 2025-26: 34 of 40; renew: Used every day"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	var tool inventory.Tool
	if err := json.Unmarshal([]byte(mustRun(t, "inventory", "show", "quiz", "--json", "--db", db)), &tool); err != nil || tool.ID != "quizwhiz" {
		t.Fatalf("show --json by id prefix: %+v %v", tool, err)
	}
	for _, c := range []struct{ name, want string }{
		{"Clashub", `no tool "Clashub" in the inventory; did you mean "ClassHub" (classhub)?`},
		{"Nothing", `no tool "Nothing" in the inventory; see`},
	} {
		if _, errs, code := invRun(t, "", "inventory", "show", c.name, "--db", db); code != 1 || !strings.Contains(errs, c.want) {
			t.Errorf("show %q: %d %s", c.name, code, errs)
		}
	}
}

func TestInventorySetFields(t *testing.T) {
	db := fixtureDB(t)
	mustRun(t, "inventory", "set", "storyforge", "cost=1250.5", "licences=30", "evidence=local trial", "overlaps=Class Hub",
		"tested-with-at=yes", "languages=English, Spanish", "funding-one-time=yes", "funding-ends=2027-06-30", "notes=", "--db", db)
	tl := readInventory(t, db).Tool("storyforge")
	if !tl.Money.Paid || tl.Money.CostCents != 125050 || tl.Money.Licences != 30 || tl.Evidence != inventory.LocalTrial ||
		len(tl.Fit.Overlaps) != 1 || tl.Fit.Overlaps[0] != "classhub" || !tl.Access.TestedWithAT || len(tl.Access.Languages) != 2 ||
		!tl.Money.Funding.OneTime || tl.Money.Funding.Ends.String() != "2027-06-30" {
		t.Fatalf("after set: %+v", tl)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"storyforge", "colour=red"}, 2, `unknown field "colour"; fields are`},
		{[]string{"storyforge", "status"}, 2, `"status" is not FIELD=VALUE`},
		{[]string{"storyforge", "status=maybe"}, 1, `tool storyforge: status: status "maybe" is not one of`},
		{[]string{"storyforge", "renewal=next year"}, 1, `date "next year" should be written like 2026-09-01`},
		{[]string{"storyforge", "cost=lots"}, 1, `"lots" is not an amount of dollars`},
		{[]string{"storyforge", "paid=perhaps"}, 1, `"perhaps" is not yes or no`},
		{[]string{"storyforge", "overlaps=Nothing"}, 1, `no tool "Nothing" in the inventory`},
		{[]string{"storyforge", "paid=no"}, 1, "licence cost is set but the tool is marked free; mark it paid or clear the cost; nothing was changed"},
		{[]string{"storyforge", "agreement=signed"}, 1, "agreement is signed but has no signing date"},
		{[]string{"storyforge", "name="}, 1, "name is empty"},
		{[]string{"nothing", "status=core"}, 1, `no tool "nothing"`},
	} {
		before := readInventory(t, db).Revision
		if _, errs, code := invRun(t, "", append([]string{"inventory", "set", "--db", db}, c.args...)...); code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("set %v: exit %d %s; want %d %q", c.args, code, errs, c.code, c.want)
		}
		if readInventory(t, db).Revision != before {
			t.Errorf("set %v changed the inventory", c.args)
		}
	}
}

// A selection request with two reviewers to a decision and an evaluation
// to "retire", recorded from the command line and exported.
func TestInventoryRequestAndEvaluation(t *testing.T) {
	db := fixtureDB(t)
	out := mustRun(t, "inventory", "request", "add", "--need", "Families need class news in their home language",
		"--groups", "English learners' families", "--purpose", "Translated messages to families", "--use-cases", "messages to families",
		"--product", "TalkBridge", "--vendor", "Bridge Co", "--by", "Family liaison", "--db", db)
	if !strings.Contains(out, "Recorded request families-need-class-news-in-their.") || !strings.Contains(out, `Possible overlap: "ClassHub" (classhub, core)`) {
		t.Fatalf("request add:\n%s", out)
	}
	gates := []string{"--gate", "privacy=pass", "--gate", "safety=pass", "--gate", "digital-accessibility=pass",
		"--gate", "linguistic-accessibility=pass", "--gate", "interoperability=pass"}
	scores := []string{"--score", "need=4", "--score", "overlap=2", "--score", "students-served=4", "--score", "evidence=2", "--score", "support=3", "--score", "cost=3"}
	mustRun(t, append(append([]string{"inventory", "request", "review", "TalkBridge", "--reviewer", "Ana", "--db", db}, gates...), scores...)...)
	mustRun(t, "inventory", "request", "review", "families", "--reviewer", "Ben", "--gate", "privacy=fail", "--score", "need=3", "--db", db)
	if _, errs, code := invRun(t, "", "inventory", "request", "decide", "families", "--decision", "approve", "--reason", "x", "--db", db); code != 1 ||
		!strings.Contains(errs, `cannot be approved: the gate "Student data is protected" has no pass from the team yet`) {
		t.Fatalf("approve before the consensus: %d %s", code, errs)
	}
	mustRun(t, append(append([]string{"inventory", "request", "consensus", "families", "--db", db}, gates...), scores...)...)
	out = mustRun(t, "inventory", "request", "decide", "families", "--decision", "approve", "--reason", "Families asked for it, and it passed every gate.", "--db", db)
	if !strings.Contains(out, "Request families-need-class-news-in-their: approve.") || !strings.Contains(out, `inventory add "TalkBridge" --status approved`) {
		t.Fatalf("decide: %q", out)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"review", "families", "--reviewer", "Cy", "--gate", "colour=pass"}, `there is no gate "colour"; the gates are privacy, safety`},
		{[]string{"review", "families", "--reviewer", "Cy", "--score", "need=5"}, "the score should be a whole number from 1 to 4"},
		{[]string{"review", "families"}, "--reviewer is required"},
		{[]string{"decide", "families", "--decision", "maybe", "--reason", "x"}, `decision "maybe" is not one of approve, pilot, decline`},
		{[]string{"add"}, "--need is required"},
	} {
		if _, errs, code := invRun(t, "", append(append([]string{"inventory", "request"}, c.args...), "--db", db)...); code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("request %v: %d %s", c.args, code, errs)
		}
	}

	if _, errs, code := invRun(t, "", "inventory", "evaluate", "mathpath", "--year", "2026-27", "--score", "usage=1:local-data",
		"--decision", "retire", "--reason", "Hardly used.", "--db", db); code != 1 || !strings.Contains(errs, "retires the tool without a transition plan") ||
		!strings.Contains(errs, "--told, --data-export") {
		t.Fatalf("retire without a plan: %d %s", code, errs)
	}
	out = mustRun(t, "inventory", "evaluate", "mathpath", "--year", "2026-27", "--score", "usage=1:local-data:40 of 900 licences used",
		"--score", "cost=1:local-data", "--stakeholder", "Teachers:12=They prefer the textbook's practice site",
		"--decision", "retire", "--reason", "Hardly used, and the one-time money has run out.", "--told", "teachers,families,the vendor",
		"--data-export", "Teachers save reports by May 30.", "--data-deletion", "The vendor deletes student data within 30 days.",
		"--replacement", "none: the textbook's site does the job", "--last-day", "2027-06-30", "--db", db)
	if !strings.Contains(out, `Evaluation of "MathPath" for 2026-27: 4 of 40, 2 of 5 criteria scored; decision: retire.`) ||
		!strings.Contains(out, "inventory set mathpath status=retiring") {
		t.Fatalf("evaluate: %q", out)
	}
	md := mustRun(t, "inventory", "export", "--db", db)
	for _, want := range []string{"### TalkBridge", "| Ana | Ben | Reviewers agree | Team |", "**Decision:** Approve",
		"### MathPath (2026-27)", "#### Transition plan", "**What replaces it:** none: the textbook's site does the job", "| Teachers | 12 |"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown export lacks %q", want)
		}
	}
	csv := mustRun(t, "inventory", "export", "--format", "csv", "--table", "requests", "--db", db)
	if !strings.Contains(csv, "TalkBridge,Bridge Co,Family liaison,2026-11-20,ClassHub,Ana; Ben") {
		t.Errorf("requests csv:\n%s", csv)
	}
}

func TestInventoryExportFormats(t *testing.T) {
	db := fixtureDB(t)
	dir := t.TempDir()
	for _, c := range []struct{ file, want string }{
		{"inv.md", "# Edtech inventory\n"}, {"inv.html", "<title>Edtech inventory</title>"}, {"inv.csv", "ID,Name,Vendor,Status"},
		{"inv.json", `"format": "edtech-workbook/inventory"`},
	} {
		path := filepath.Join(dir, c.file)
		mustRun(t, "inventory", "export", "-o", path, "--db", db)
		if data, _ := os.ReadFile(path); !strings.Contains(string(data), c.want) {
			t.Errorf("%s: %.200q", c.file, data)
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "pdf"}, `unknown --format "pdf"; use one of md, html, csv, public, json`},
		{[]string{"--format", "md", "--table", "tools"}, "--table only applies to --format csv"},
		{[]string{"--format", "csv", "--table", "people"}, `unknown --table "people"`},
	} {
		if _, errs, code := invRun(t, "", append([]string{"inventory", "export", "--db", db}, c.args...)...); code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("export %v: %d %s", c.args, code, errs)
		}
	}
	if _, errs, code := invRun(t, "", "inventory", "export", "-o", db, "--db", db); code != 1 || !strings.Contains(errs, "workbook") {
		t.Errorf("export over the workbook file: %d %s", code, errs)
	}
	// The json export is what the cohort report reads.
	sess := filepath.Join(dir, "team.json")
	demo := demoDB(t)
	out, _, _ := invRun(t, "", "list", "--json", "--db", demo)
	var sums []workbook.Summary
	_ = json.Unmarshal([]byte(out), &sums)
	mustRun(t, "export", sums[0].ID, "-o", sess, "--db", demo)
	other := filepath.Join(dir, "birch-valley.json")
	mustRun(t, "inventory", "export", "-o", other, "--district", "Birch Valley", "--db", db)
	cohort := mustRun(t, "cohort", sess, "--inventory", filepath.Join(dir, "inv.json"), "--inventory", other)
	if !strings.Contains(cohort, "## Tools across districts") || !strings.Contains(cohort, "| ClassHub | 2 of 2 |") ||
		!strings.Contains(cohort, "inv (core tool, agreement signed); Birch Valley (core tool, agreement signed)") {
		t.Errorf("cohort with inventories:\n%s", cohort)
	}
	bad := writeFile(t, dir, "bad.json", `{"format":"edtech-workbook/inventory","version":1,"inventory":{"tools":[]},"criteria":{},"extra":1}`)
	if _, errs, code := invRun(t, "", "cohort", sess, "--inventory", bad); code != 1 || !strings.Contains(errs, `unknown key "extra"`) {
		t.Errorf("cohort with a bad inventory file: %d %s", code, errs)
	}
}

// Hostile text in every field the inventory commands print never reaches
// the terminal raw.
func TestInventoryHostileText(t *testing.T) {
	for i, h := range hostileCLIText {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "wb.db")
			st := storetest.Open(t, db)
			inv, _ := st.Inventory()
			inv.Inventory = testfixture.Inventory(t)
			tl := inv.Tool("classhub")
			name := strings.NewReplacer("\r", "", "\n", "", "\u2028", "", "\u2029", "").Replace(h)
			tl.Name, tl.Vendor, tl.Purpose, tl.Owner, tl.Notes = "Hub "+name, h, h, h, h
			tl.Support, tl.Privacy.DataCollected = []string{h}, []string{h}
			inv.Evaluations[1].Reason = h
			if _, err := st.SaveInventory(inv); err != nil {
				t.Fatal(err)
			}
			_ = st.Close()
			for _, args := range [][]string{
				{"inventory", "list"}, {"inventory", "list", "--json"}, {"inventory", "show", "classhub"}, {"inventory", "show", "classhub", "--json"},
				{"inventory", "export"}, {"inventory", "export", "--format", "csv"}, {"inventory", "request", "list"},
			} {
				out, errs, code := invRun(t, "", append(args, "--db", db)...)
				if code != 0 {
					t.Fatalf("%v: %d %s", args, code, errs)
				}
				assertTerminalSafe(t, strings.Join(args, " "), strings.TrimPrefix(out, "\ufeff")+errs) // the CSV's byte-order mark is for spreadsheets
			}
			if _, errs, _ := invRun(t, "", "inventory", "show", h, "--db", db); errs != "" {
				assertTerminalSafe(t, "show of a hostile name", errs)
			}
		})
	}
}

func TestInventorySnapshotAndRequestList(t *testing.T) {
	db := fixtureDB(t)
	out := mustRun(t, "inventory", "snapshot", "--db", db)
	if out != "Kept the 6 tools of 2026-27 as they stand today.\n" {
		t.Errorf("snapshot: %q", out)
	}
	inv := readInventory(t, db)
	if s := inv.Snapshot("2026-27"); s == nil || len(s.Tools) != 6 || s.Taken.String() != "2026-11-20" || inv.Snapshot("2025-26") == nil {
		t.Fatalf("snapshots: %+v", inv.Snapshots)
	}
	if _, errs, code := invRun(t, "", "inventory", "snapshot", "--year", "2026-28", "--db", db); code != 2 || !strings.Contains(errs, "should end with the year after 2026") {
		t.Errorf("snapshot --year 2026-28: %d %s", code, errs)
	}
	out = mustRun(t, "inventory", "request", "list", "--db", db)
	if !strings.Contains(out, "english-learners-in-grades-6-8-cannot  LinguaLens  2026-09-15  2        pilot") {
		t.Errorf("request list:\n%s", out)
	}
}

// A refused import never creates the workbook file it was pointed at.
func TestInventoryImportCreatesNothingOnRefusal(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "new.db")
	path := writeFile(t, dir, "bad.csv", "App,Student Name,Total Logins,Date\nSeesaw,Ann,2,2025-09-02\n")
	if _, errs, code := invRun(t, "", "inventory", "import", path, "--yes", "--db", db); code != 1 || !strings.Contains(errs, `column "Student Name" looks like a student identifier`) {
		t.Fatalf("%d %s", code, errs)
	}
	if _, err := os.Stat(db); err == nil {
		t.Fatal("a refused import created the workbook file")
	}
}

// The inventory follows the criteria of the newest default template in the
// file (a facilitator's new version), and keeps its own when answers given
// on them would lose their meaning.
func TestInventoryFollowsTemplateCriteria(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "wb.db")
	v3 := filepath.Join(dir, "v3.yaml")
	mustRun(t, "template", "new-version", "edtech-systems", "-o", v3, "--db", db)
	data, err := os.ReadFile(v3)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(data), "  evaluation:\n", "    - id: family-languages\n      title: Family languages\n      weight: 2\n  evaluation:\n", 1)
	if text == string(data) {
		t.Fatal("the template has no tools evaluation list to add a criterion before")
	}
	if err := os.WriteFile(v3, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "template", "import", v3, "--db", db)

	// Any command that saves the inventory stores the template's criteria
	// (add kept the stored ones before, while request and evaluate took the
	// template's).
	mustRun(t, "inventory", "add", "TalkBridge Lite", "--db", db)
	if c := readInventory(t, db).Criteria.Criteria; c[len(c)-1].ID != "family-languages" {
		t.Fatalf("inventory add stored other criteria than edtech-systems@3's: %+v", c)
	}

	mustRun(t, "inventory", "request", "add", "--need", "Families need news in their language", "--product", "TalkBridge", "--db", db)
	mustRun(t, "inventory", "request", "review", "TalkBridge", "--reviewer", "Ana", "--score", "family-languages=3", "--gate", "interoperability=pass", "--db", db)
	inv := readInventory(t, db)
	if c := inv.Criteria.Criteria[len(inv.Criteria.Criteria)-1]; c.ID != "family-languages" || inv.Criteria.Gates[4].ID != "interoperability" {
		t.Fatalf("the stored criteria are not edtech-systems@3's: %+v", inv.Criteria)
	}

	// A file whose answers use criteria the template dropped keeps its own.
	old := fixtureDB(t)
	out, errs, code := invRun(t, "", "inventory", "request", "review", "lingualens", "--reviewer", "Cy", "--score", "students-served=3", "--db", old)
	if code != 0 || !strings.Contains(errs, "note: the inventory keeps its own selection and evaluation criteria, not those of template edtech-systems@2") ||
		!strings.Contains(errs, "which has answers") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	if got := readInventory(t, old).Criteria; !workbook.SameCriteria(got, inventory.DefaultCriteria()) {
		t.Fatalf("the kept criteria changed: %+v", got)
	}
}

// A re-import of the same report and period says, before anything is
// stored, what it replaces and which tools lose their figure.
func TestInventoryReimportSaysWhatItReplaces(t *testing.T) {
	db := fixtureDB(t)
	dir := t.TempDir()
	first := writeFile(t, dir, "sept.csv", "App,Unique Users,Total Logins,Date\nClassHub,5,5,2025-09-04\nQuizWhiz,7,7,2025-09-04\n")
	mustRun(t, "inventory", "import", first, "--yes", "--db", db)
	again := writeFile(t, dir, "sept-again.csv", "App,Unique Users,Total Logins,Date\nClassHub,6,6,2025-09-04\n")
	out, _, code := invRun(t, "", "inventory", "import", again, "--db", db) // no --yes, no terminal: refused after the proposal
	if code != 1 || !strings.Contains(out, "This replaces the figures imported on 2026-11-20 from the same report and period; 1 tool that had one is not in this file and loses it: QuizWhiz.") {
		t.Fatalf("proposal (exit %d):\n%s", code, out)
	}
}
