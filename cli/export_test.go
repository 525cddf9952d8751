package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"edtech-workbook/internal/storetest"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/templatefile"
)

// demoID is the id of the demo session in a demoDB file.
func demoID(t *testing.T) string {
	t.Helper()
	demo, err := templatefile.DemoSession()
	if err != nil {
		t.Fatal(err)
	}
	return demo.ID
}

// writeSessionFile writes s as an exported session file and returns its path.
func writeSessionFile(t *testing.T, dir, name string, s *workbook.Session) string {
	t.Helper()
	data, err := workbook.MarshalSession(s)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// listIDs returns the ids of the sessions in db.
func listIDs(t *testing.T, db string) []string {
	t.Helper()
	out, errs, code := cli(t, "", "list", "--json", "--db", db)
	var sums []workbook.Summary
	if code != 0 || json.Unmarshal([]byte(out), &sums) != nil {
		t.Fatalf("list: %d %s", code, errs)
	}
	var ids []string
	for _, s := range sums {
		ids = append(ids, s.ID)
	}
	return ids
}

func TestExportEveryFormatCLI(t *testing.T) {
	db := demoDB(t)
	id := demoID(t)
	dir := t.TempDir()
	cases := []struct {
		args  []string
		file  string
		start string
	}{
		{[]string{"--format", "md"}, "", "# Summary: Alderbrook"},
		{[]string{"--format", "html"}, "", "<!DOCTYPE html>"},
		{[]string{"--format", "csv"}, "", "\ufeffDomain,Indicator ID"},
		{[]string{"--format", "csv", "--table", "actions"}, "", "\ufeffID,What,Owner"},
		{nil, "summary.html", "<!DOCTYPE html>"},
		{nil, "summary.md", "# Summary"},
		{[]string{"--format", "csv", "--table", "ratings"}, "ratings.csv", "\ufeffDomain"},
	}
	for _, c := range cases {
		args := append([]string{"export", id, "--db", db}, c.args...)
		if c.file != "" {
			args = append(args, "-o", filepath.Join(dir, c.file))
		}
		out, errs, code := cli(t, "", args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		if c.file != "" {
			data, err := os.ReadFile(filepath.Join(dir, c.file))
			if err != nil {
				t.Fatal(err)
			}
			if info, _ := os.Stat(filepath.Join(dir, c.file)); info.Mode().Perm() != 0o600 {
				t.Errorf("%s mode %v", c.file, info.Mode())
			}
			if !strings.Contains(errs, "Wrote "+filepath.Join(dir, c.file)) {
				t.Errorf("no confirmation: %q", errs)
			}
			out = string(data)
		}
		if !strings.HasPrefix(out, c.start) {
			t.Errorf("%v: output starts %q, want %q", args, out[:min(len(out), 40)], c.start)
		}
	}
}

func TestExportImportCohortUsageErrors(t *testing.T) {
	db := demoDB(t)
	id := demoID(t)
	for _, c := range []struct {
		args []string
		err  string
	}{
		{[]string{"export", id, "--format", "md", "--table", "actions"}, "--table only applies to --format csv"},
		{[]string{"export", id, "--format", "csv", "--table", "people"}, `unknown --table "people"`},
		{[]string{"import"}, "needs one FILE.json"},
		{[]string{"import", "x.json", "--replace", "--as-copy"}, "exclude each other"},
		{[]string{"cohort", "--format", "pdf"}, `unknown --format "pdf" for a cohort report`},
		{[]string{"cohort", "--sort", "size"}, `unknown --sort "size"`},
		{[]string{"cohort", "--as-of", "May 1"}, `--as-of "May 1" is not a date`},
		{[]string{"cohort", "--stale-days", "0"}, "--stale-days must be 1 or more"},
		{[]string{"cohort", "--format", "csv", "--inventory", "x.json"}, "--inventory goes with --format md or html"},
		{[]string{"tag", id, "x", "--clear"}, "not both"},
		{[]string{"tag"}, "needs one SESSION"},
	} {
		out, errs, code := cli(t, "", append(c.args, "--db", db)...)
		if code != exitUsage || !strings.Contains(errs, c.err) || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
			t.Errorf("%v: exit %d out %q err %q, want 2 and %q", c.args, code, out, errs, c.err)
		}
	}
}

func TestImportCLI(t *testing.T) {
	demo, err := templatefile.DemoSession()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := writeSessionFile(t, dir, "team.json", demo)
	db := filepath.Join(dir, "coach.db")

	out, errs, code := cli(t, "", "import", file, "--db", db)
	want := `Imported "Alderbrook EdTech Leadership Team" (2025-26) as ` + demo.ID + ".\n"
	if code != 0 || out != want {
		t.Fatalf("import: exit %d out %q err %q", code, out, errs)
	}
	// The stored session exports back to the same bytes.
	exported, _, _ := cli(t, "", "export", demo.ID, "--format", "json", "--db", db)
	if original, _ := os.ReadFile(file); exported != string(original) {
		t.Error("import then export changed the session")
	}

	// Again, without a terminal and without a flag: refuse, naming both flags.
	out, errs, code = cli(t, "", "import", file, "--db", db)
	if code != 1 || out != "" || !strings.Contains(errs, "--replace") || !strings.Contains(errs, "--as-copy") ||
		strings.Count(strings.TrimSpace(errs), "\n") > 0 {
		t.Fatalf("second import: exit %d out %q err %q", code, out, errs)
	}
	if ids := listIDs(t, db); len(ids) != 1 {
		t.Fatalf("sessions after refused import: %v", ids)
	}

	if out, errs, code = cli(t, "", "import", file, "--replace", "--db", db); code != 0 || out != want {
		t.Fatalf("--replace: exit %d out %q err %q", code, out, errs)
	}
	out, errs, code = cli(t, "", "import", file, "--as-copy", "--db", db)
	if code != 0 || !strings.HasPrefix(out, `Imported "Alderbrook EdTech Leadership Team (copy)" (2025-26) as `) || strings.Contains(out, demo.ID) {
		t.Fatalf("--as-copy: exit %d out %q err %q", code, out, errs)
	}
	if ids := listIDs(t, db); len(ids) != 2 {
		t.Fatalf("sessions after --as-copy: %v", ids)
	}
}

func TestImportAnswer(t *testing.T) {
	for in, want := range map[string]importMode{"y\n": importReplace, "Y": importReplace, "c\n": importCopy,
		"copy": importCopy, "n\n": importCancel, "": importCancel, "maybe": importCancel} {
		if got := importModeFromAnswer(in); got != want {
			t.Errorf("answer %q = %v, want %v", in, got, want)
		}
	}
}

func TestImportBadFilesStoreNothing(t *testing.T) {
	demo, err := templatefile.DemoSession()
	if err != nil {
		t.Fatal(err)
	}
	good, _ := workbook.MarshalSession(demo)
	newer := strings.Replace(string(good), fmt.Sprintf(`"version": %d,`, workbook.ExchangeVersion), `"version": 9,`, 1)
	huge := strings.Replace(string(good), `"team": "`, `"team": "`+strings.Repeat("x", workbook.MaxFieldChars+1), 1)
	dir := t.TempDir()
	for _, c := range []struct{ name, data, err string }{
		{"truncated", string(good[:len(good)/3]), "truncated"},
		{"wrong format", `{"format":"something/else","version":1,"session":{}}`, "not an edtech-workbook session file"},
		{"newer version", newer, fmt.Sprintf("this file was written by a newer edtech-workbook (format 9); this build reads up to %d", workbook.ExchangeVersion)},
		{"huge field", huge, "team name"},
		{"missing", "", "cannot read"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, c.name+".json")
			if c.name != "missing" {
				if err := os.WriteFile(path, []byte(c.data), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			db := filepath.Join(dir, c.name+".db")
			out, errs, code := cli(t, "", "import", path, "--db", db)
			if code != 1 || out != "" || !strings.Contains(errs, c.err) || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
				t.Fatalf("exit %d out %q err %q, want 1 and %q", code, out, errs, c.err)
			}
			if _, err := os.Stat(db); !os.IsNotExist(err) {
				t.Fatalf("a bad file created or touched the workbook file: %v", err)
			}
		})
	}
}

// TestCoachRoundTripCLI: the team exports, the coach imports and comments,
// the team edits meanwhile, then imports the coach's file with --merge.
func TestCoachRoundTripCLI(t *testing.T) {
	dir := t.TempDir()
	teamDB := demoDB(t)
	id := demoID(t)
	sent := filepath.Join(dir, "team.json")
	if _, errs, code := cli(t, "", "export", id, "-o", sent, "--db", teamDB); code != 0 {
		t.Fatal(errs)
	}

	coachDB := filepath.Join(dir, "coach.db")
	if _, errs, code := cli(t, "", "import", sent, "--db", coachDB); code != 0 {
		t.Fatal(errs)
	}
	edit(t, coachDB, id, func(s *workbook.Session) {
		s.Comments = append(s.Comments, workbook.Comment{ID: "coach-9", Part: workbook.Part(workbook.PartProblem, ""), Author: "Rosa",
			Text: "Name the grades in the aim too.", Created: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)})
		s.Problem.Question = "Coach rewrote this?"
	})
	back := filepath.Join(dir, "back.json")
	if _, errs, code := cli(t, "", "export", id, "-o", back, "--db", coachDB); code != 0 {
		t.Fatal(errs)
	}

	edit(t, teamDB, id, func(s *workbook.Session) { s.Problem.Question = "Team's newer question?" })
	out, errs, code := cli(t, "", "import", back, "--merge", "--db", teamDB)
	// The coach imported the file (not `review`): no base, so only comments.
	if code != 0 || !strings.HasPrefix(out, "Only comments were merged: the file does not say which copy of yours it was made from.\nAdded 1 comment from Rosa: on the problem of practice.\n") ||
		!strings.Contains(out, "  - problem of practice: question differs\n") {
		t.Fatalf("merge: exit %d out %q err %q", code, out, errs)
	}
	md, _, _ := cli(t, "", "export", id, "--format", "md", "--db", teamDB)
	if !strings.Contains(md, "Name the grades in the aim too.") || !strings.Contains(md, "Team's newer question?") {
		t.Error("after the merge the team's export lacks the comment or its own edit")
	}
}

// edit changes a stored session through the store, as the app would.
func edit(t *testing.T, db, id string, change func(s *workbook.Session)) {
	t.Helper()
	store := storetest.Open(t, db)
	defer store.Close()
	s, err := store.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	change(s)
	if _, err := store.Update(s); err != nil {
		t.Fatal(err)
	}
}

func TestCohortCLI(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for i, team := range []string{"North Team", "South Team", "East Team"} {
		s, err := templatefile.DemoSession()
		if err != nil {
			t.Fatal(err)
		}
		s.ID, s.Team = s.ID[:8]+strings.Repeat(string(rune('a'+i)), 8), team
		if i == 2 {
			tmpl := s.Template
			tmpl.Version = 3
			tmpl.Domains = append([]workbook.Domain(nil), tmpl.Domains...)
			d := tmpl.Domains[0]
			dropped := d.Indicators[len(d.Indicators)-1].ID
			d.Indicators = d.Indicators[:len(d.Indicators)-1]
			tmpl.Domains[0] = d
			s.Template = tmpl
			delete(s.Ratings, dropped)
		}
		files = append(files, writeSessionFile(t, dir, team+".json", s))
	}
	out := filepath.Join(dir, "cohort.html")
	_, errs, code := cli(t, "", append(append([]string{"cohort"}, files...), "-o", out)...)
	if code != 0 {
		t.Fatalf("cohort: exit %d err %q", code, errs)
	}
	html, _ := os.ReadFile(out)
	for _, want := range []string{"<!DOCTYPE html>", "North Team", "East Team", "edtech-systems@3", "left out of the comparison"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("cohort html lacks %q", want)
		}
	}
	md, errs, code := cli(t, "", append([]string{"cohort", "--format", "md"}, files...)...)
	if code != 0 || !strings.HasPrefix(md, "# Cohort report") {
		t.Fatalf("cohort md: exit %d err %q", code, errs)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{"), 0o600)
	if _, errs, code := cli(t, "", "cohort", files[0], bad); code != 1 || !strings.HasPrefix(errs, "edtech-workbook: "+bad+": ") {
		t.Errorf("cohort with a bad file: exit %d err %q", code, errs)
	}
}
