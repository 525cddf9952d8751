package cli

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"edtech-workbook/internal/storetest"
	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
)

// cohortDB stores the four-team fixture and North's previous year.
func cohortDB(t *testing.T) (string, []*workbook.Session) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "coach.db")
	st := storetest.Open(t, db)
	sessions := append(testfixture.FourTeams(t), testfixture.NorthLastYear(t))
	for _, s := range sessions {
		if err := st.Put(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return db, sessions
}

// TestCohortFromTheWorkbook: `cohort --db` reads the coach's workbook and
// gives the hand-checked numbers of workbook.TestCohortFourTeams; the same
// sessions as files give the same report.
func TestCohortFromTheWorkbook(t *testing.T) {
	db, sessions := cohortDB(t)
	md, errs, code := cli(t, "", "cohort", "--db", db, "--as-of", "2026-03-01", "--sort", "stale")
	if code != 0 {
		t.Fatalf("cohort --db: exit %d err %q", code, errs)
	}
	for _, want := range []string{
		"Rows stale teams first.",
		"| East | East USD | 2025-26 | cohort@1 | 2.0 | 42% | 2026-01-01 (59 days) | stale (59 days) |\n| South |",
		"| Cohort average | – | – | – | 1.8 | 43% | – | 2 stale; 2 with overdue steps |",
		"| Cohort average | 1.5 | 2.1 | 1.8 |",
		"| North ISD | 2025-26 | 2.2 | 1 | ▲0.6 (5 indicators) |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("cohort --db lacks %q", want)
		}
	}
	dir := t.TempDir()
	var files []string
	for _, s := range sessions {
		files = append(files, writeSessionFile(t, dir, s.ID+".json", s))
	}
	fromFiles, errs, code := cli(t, "", append([]string{"cohort", "--as-of", "2026-03-01", "--sort", "stale"}, files...)...)
	if code != 0 || fromFiles != md {
		t.Errorf("cohort from files (exit %d, err %q) differs from cohort --db", code, errs)
	}
}

func TestCohortFilters(t *testing.T) {
	db, _ := cohortDB(t)
	if out, errs, code := cli(t, "", "tag", "East", "other cohort", "--db", db); code != 0 || !strings.Contains(out, `Tagged "East" (2025-26) as "other cohort".`) {
		t.Fatalf("tag: exit %d out %q err %q", code, out, errs)
	}
	if out, _, _ := cli(t, "", "tag", "East", "--db", db); out != "other cohort\n" {
		t.Errorf("tag East shows %q", out)
	}
	for _, c := range []struct {
		args  []string
		teams string
	}{
		{[]string{"--tag", "2025 COHORT"}, "North, South, West"}, // East is in another cohort now; case does not matter
		{[]string{"--year", "2024-25"}, "North"},
		{[]string{"--district", "north isd"}, "North"},
		{[]string{"--tag", "other cohort", "--year", "2025-26"}, "East"},
	} {
		out, errs, code := cli(t, "", append([]string{"cohort", "--db", db, "--as-of", "2026-03-01"}, c.args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d err %q", c.args, code, errs)
		}
		var teams []string
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, "| cohort@") && strings.Count(l, "|") == 9 {
				teams = append(teams, strings.TrimSpace(strings.Split(l, "|")[1]))
			}
		}
		if got := strings.Join(teams, ", "); got != c.teams {
			t.Errorf("%v: teams %q, want %q", c.args, got, c.teams)
		}
	}
	// The tag is not a change by the team: East is still stale.
	out, _, _ := cli(t, "", "cohort", "--db", db, "--as-of", "2026-03-01", "--tag", "other cohort")
	if !strings.Contains(out, "stale (59 days)") {
		t.Error("tagging East changed its last change")
	}
	if _, errs, code := cli(t, "", "cohort", "--db", db, "--tag", "nobody"); code != 1 || !strings.Contains(errs, `no session in the workbook file has tag "nobody"`) {
		t.Errorf("unknown tag: exit %d err %q", code, errs)
	}
	if out, _, code := cli(t, "", "tag", "East", "--clear", "--db", db); code != 0 || !strings.Contains(out, "Removed the cohort tag") {
		t.Errorf("tag --clear: %q", out)
	}
}

// TestCohortLongCSVFile: the long table streams to a file: one row per
// team × indicator × rater, every session (earlier years too).
func TestCohortLongCSVFile(t *testing.T) {
	db, _ := cohortDB(t)
	out := filepath.Join(t.TempDir(), "cohort.csv")
	_, errs, code := cli(t, "", "cohort", "--db", db, "-o", out)
	if code != 0 || !strings.Contains(errs, "Wrote "+out+" (csv, 5 sessions).") {
		t.Fatalf("cohort csv: exit %d err %q", code, errs)
	}
	data, _ := os.ReadFile(out)
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// Four teams: 3 × 5 × 3 + 6 × 3 = 63; North 2024-25: 5 × 3 = 15.
	if len(rows) != 1+63+15 {
		t.Errorf("%d rows, want 79", len(rows))
	}
}

// TestCarryToATemplateNotInTheWorkbook: the error says how to get the
// facilitator's new version into the team's own workbook.
func TestCarryToATemplateNotInTheWorkbook(t *testing.T) {
	db := demoDB(t)
	_, errs, code := cli(t, "", "carry", demoID(t), "--year", "2026-27", "--template", "edtech-systems@9", "--db", db)
	if code != 1 || !strings.Contains(errs, "edtech-workbook template import FILE.yaml") || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
		t.Errorf("carry to a missing template: exit %d err %q", code, errs)
	}
}

// TestCohortTagFilterAsTagged: `cohort --tag` finds a session by the tag
// exactly as it was given to `tag`, which stores it cleaned (one line,
// spaces collapsed).
func TestCohortTagFilterAsTagged(t *testing.T) {
	db, _ := cohortDB(t)
	for _, typed := range []string{"  2026  Cohort ", "north\tcohort", "a\x1b[2Jb"} {
		if _, errs, code := cli(t, "", "tag", "East", typed, "--db", db); code != 0 {
			t.Fatalf("tag %q: exit %d err %q", typed, code, errs)
		}
		out, errs, code := cli(t, "", "cohort", "--db", db, "--as-of", "2026-03-01", "--tag", typed)
		if code != 0 || !strings.Contains(out, "| East |") {
			t.Errorf("cohort --tag %q after tag %q: exit %d err %q", typed, typed, code, errs)
		}
	}
}
