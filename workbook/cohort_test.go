package workbook_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
)

func fourTeamCohort(t *testing.T, sort string, extra ...*workbook.Session) *workbook.CohortView {
	t.Helper()
	c := workbook.NewCohort(workbook.CohortOptions{Today: testfixture.CohortToday(), Sort: sort})
	for _, s := range append(testfixture.FourTeams(t), extra...) {
		c.Add(s)
	}
	v, err := c.Build()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestCohortFourTeams checks every number of the four-team fixture
// (testfixture.FourTeams has the table of ratings) against the arithmetic
// written beside it.
func TestCohortFourTeams(t *testing.T) {
	v := fourTeamCohort(t, workbook.SortTeam)

	// The comparison: a1 a2 a3 b1 b2 are in both versions; a4 only in
	// cohort@2 (West).
	if v.Shared != 5 || len(v.NotShared) != 1 || v.NotShared[0].ID != "a4" {
		t.Errorf("comparison: %d shared, left out %+v; want 5 shared, a4 left out", v.Shared, v.NotShared)
	}

	type row struct {
		label, a, b, overall string
		completion, overdue  int
		days                 int
		stale                bool
	}
	// Domain A = mean of a1 a2 a3, B = mean of b1 b2, overall = mean of the
	// five (a4 is not in the comparison). Completion = done × 100 / total
	// items, floored (ComputeProgress; the set-up is not counted): total =
	// indicators + 3 problem + 8 plan + 5 reflection (check-ins, dated
	// values, decision, reason, conditions) = 21 on cohort@1, 22 on cohort@2.
	// Days since the last change are counted to 2026-03-01; stale is 45 or
	// more. Overdue: due before 2026-03-01 and not done.
	want := []row{
		// East: A (1+1+2)/3 = 1.333 → 1.3; B (3+3)/2 = 3.0; overall 10/5 = 2.0.
		// Done: 5 rated + 3 problem + 1 plan (steps) = 9 → 900/21 = 42 (42.9 floored).
		// 2026-01-01 → 59 days: stale. Its one step is done: 0 overdue.
		{"East", "1.3", "3.0", "2.0", 42, 0, 59, true},
		// North: A (1+1+3)/3 = 1.667 → 1.7; B (2+4)/2 = 3.0; overall 11/5 = 2.2.
		// Done: 5 + 3 + 1 + 1 (decision) = 10 → 1000/21 = 47 (47.6 floored).
		// 2026-02-20 → 9 days. Step due 2026-02-01 in progress: 1 overdue.
		{"North", "1.7", "3.0", "2.2", 47, 1, 9, false},
		// South: A (1+1+4)/3 = 2.0; B (1+2)/2 = 1.5; overall 9/5 = 1.8.
		// Done: 5 + 2 (focus, phase; no question) + 1 = 8 → 800/21 = 38 (38.1 floored).
		// 2026-01-15 → 45 days: stale (45 or more). Two steps due 2026-01-31,
		// not started and stuck: 2 overdue.
		{"South", "2.0", "1.5", "1.8", 38, 2, 45, true},
		// West: everything 1: A 1.0, B 1.0, overall 5/5 = 1.0 (a4 left out).
		// Done: 6 rated + 3 + 0 + 1 = 10 → 1000/22 = 45 (45.5 floored). 2 days.
		{"West", "1.0", "1.0", "1.0", 45, 0, 2, false},
	}
	if len(v.Teams) != len(want) {
		t.Fatalf("%d teams, want %d", len(v.Teams), len(want))
	}
	for i, w := range want {
		g := v.Teams[i]
		got := row{g.Label, g.Domains[0].Text, g.Domains[1].Text, g.Overall.Text, g.Completion, g.Overdue, g.DaysSince, g.Stale}
		if got != w {
			t.Errorf("row %d:\n got  %+v\n want %+v", i, got, w)
		}
	}
	// Cohort average: the mean of the teams' unrounded scores.
	// A: (4/3 + 5/3 + 2 + 1)/4 = 6/4 = 1.5. B: (3 + 3 + 1.5 + 1)/4 = 8.5/4 =
	// 2.125 → 2.1. Overall: (2.0 + 2.2 + 1.8 + 1.0)/4 = 7/4 = 1.75 → 1.8.
	// Completion: (42 + 47 + 38 + 45)/4 = 43. Stale: East, South = 2;
	// teams with overdue steps: North, South = 2; overdue steps 1 + 2 = 3.
	a := v.Average
	if a.Domains[0].Text != "1.5" || a.Domains[1].Text != "2.1" || a.Overall.Text != "1.8" || a.Completion != 43 ||
		a.StaleTeams != 2 || a.OverdueTeams != 2 || a.Overdue != 3 {
		t.Errorf("cohort average: A %s B %s overall %s completion %d stale %d overdue teams %d steps %d; want 1.5 2.1 1.8 43 2 2 3",
			a.Domains[0].Text, a.Domains[1].Text, a.Overall.Text, a.Completion, a.StaleTeams, a.OverdueTeams, a.Overdue)
	}

	// Common gaps: consensus 1 or 2 (the lower half of 4 levels), on the
	// comparison only. a1 and a2: all four teams. b1: North 2, South 1,
	// West 1 = 3. a3: East 2, West 1 = 2. b2: South 2, West 1 = 2. a4 (West
	// 1) is not in the comparison, so it is not listed.
	type gap struct {
		id    string
		count int
		teams string
	}
	var gaps []gap
	for _, g := range v.Gaps {
		gaps = append(gaps, gap{g.ID, g.Count, g.Teams})
	}
	wantGaps := []gap{{"a1", 4, "East, North, South, West"}, {"a2", 4, "East, North, South, West"},
		{"a3", 2, "East, West"}, {"b1", 3, "North, South, West"}, {"b2", 2, "South, West"}}
	// Most teams first, then template order.
	wantGaps = []gap{wantGaps[0], wantGaps[1], wantGaps[3], wantGaps[2], wantGaps[4]}
	if !reflect.DeepEqual(gaps, wantGaps) {
		t.Errorf("common gaps:\n got  %+v\n want %+v", gaps, wantGaps)
	}

	// Themes: focus a1 East, North, West = 3; b1 East = 1; a2 South = 1
	// (most teams first, then first seen). Phases: implementation 2 (East,
	// North), selection 1, evaluation 1.
	// Decisions: not decided 2 (East, South), continue 1, adjust 1.
	theme := func(list []workbook.Theme) []string {
		var out []string
		for _, th := range list {
			out = append(out, th.Title+"="+th.Teams)
		}
		return out
	}
	if got, want := theme(v.FocusThemes), []string{"Indicator a1=East, North, West", "Indicator b1=East", "Indicator a2=South"}; !reflect.DeepEqual(got, want) {
		t.Errorf("focus themes %q, want %q", got, want)
	}
	if got, want := theme(v.PhaseThemes), []string{"implementation=East, North", "selection=South", "evaluation=West"}; !reflect.DeepEqual(got, want) {
		t.Errorf("phase themes %q, want %q", got, want)
	}
	if got, want := theme(v.Decisions), []string{"Not decided yet=East, South", "Continue=North", "Adjust=West"}; !reflect.DeepEqual(got, want) {
		t.Errorf("decisions %q, want %q", got, want)
	}
}

// TestCohortDistrictTrend: North ISD's 2024-25 session joins the four teams.
// North is still one team (its latest year); the district has two points.
func TestCohortDistrictTrend(t *testing.T) {
	v := fourTeamCohort(t, workbook.SortTeam, testfixture.NorthLastYear(t))
	if len(v.Teams) != 4 || v.Earlier != 1 {
		t.Fatalf("%d teams and %d earlier sessions; want 4 and 1", len(v.Teams), v.Earlier)
	}
	var north *workbook.DistrictTrend
	for i := range v.Districts {
		if v.Districts[i].District == "North ISD" {
			north = &v.Districts[i]
		}
	}
	if north == nil || len(north.Points) != 2 {
		t.Fatalf("North ISD trend: %+v; want two points", north)
	}
	// 2024-25: (1+1+2+1+3)/5 = 8/5 = 1.6. 2025-26: (1+1+3+2+4)/5 = 11/5 =
	// 2.2. Change over the five indicators both years rated: (11 − 8)/5 =
	// +0.6.
	p0, p1 := north.Points[0], north.Points[1]
	if p0.Year != "2024-25" || p0.Score.Text != "1.6" || p1.Year != "2025-26" || p1.Score.Text != "2.2" || p1.Change != "▲0.6" || p1.ChangeN != 5 {
		t.Errorf("North ISD: %s %s, %s %s %s over %d; want 2024-25 1.6, 2025-26 2.2 ▲0.6 over 5",
			p0.Year, p0.Score.Text, p1.Year, p1.Score.Text, p1.Change, p1.ChangeN)
	}
	if len(v.Districts) != 4 {
		t.Errorf("%d districts, want 4", len(v.Districts))
	}
}

// TestCohortSortKeys: each sort key puts the teams the coach should look
// at first.
func TestCohortSortKeys(t *testing.T) {
	for key, want := range map[string][]string{
		workbook.SortTeam:       {"East", "North", "South", "West"},
		workbook.SortScore:      {"West", "South", "East", "North"}, // 1.0, 1.8, 2.0, 2.2
		workbook.SortCompletion: {"South", "East", "West", "North"}, // 40, 45, 47, 50
		workbook.SortUpdated:    {"East", "South", "North", "West"}, // 59, 45, 9, 2 days
		workbook.SortStale:      {"East", "South", "North", "West"}, // stale first, longest first
		workbook.SortOverdue:    {"South", "North", "East", "West"}, // 2, 1, 0, 0 (then by name)
	} {
		v := fourTeamCohort(t, key)
		var got []string
		for _, r := range v.Teams {
			got = append(got, r.Label)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("sort %s: %v, want %v", key, got, want)
		}
	}
}

// TestStaleBoundary: 44 days is fresh, 45 is stale; the clock is the one
// passed in.
func TestStaleBoundary(t *testing.T) {
	s := testfixture.FourTeams(t)[0]
	for days, want := range map[int]bool{44: false, 45: true} {
		c := workbook.NewCohort(workbook.CohortOptions{Today: s.Updated.AddDate(0, 0, days)})
		c.Add(s)
		v, err := c.Build()
		if err != nil {
			t.Fatal(err)
		}
		if v.Teams[0].Stale != want || v.Teams[0].DaysSince != days {
			t.Errorf("%d days: stale %v (days %d), want %v", days, v.Teams[0].Stale, v.Teams[0].DaysSince, want)
		}
	}
}

// TestAgreementRule: two or more levels apart is a disagreement, one level
// apart a small difference (never "agree"), the same rating agreement; an
// indicator counts once two or more members rated it on the scale.
func TestAgreementRule(t *testing.T) {
	s := testfixture.FourTeams(t)[0] // Ana = consensus, Ben = consensus − 1 (at least 1)
	// a1 1/1, a2 1/1: same; a3 3/2, b1 2/1, b2 4/3: one apart.
	if got, want := workbook.MemberAgreement(s), (workbook.Agreement{Compared: 5, Same: 2, OneApart: 3}); got != want {
		t.Errorf("agreement %+v, want %+v", got, want)
	}
	s.Ratings["b2"].Members["m2"] = workbook.NotSure // not sure: b2 is left out
	s.Ratings["a1"].Members["m2"] = 3                // 1 and 3: two apart
	if got, want := workbook.MemberAgreement(s), (workbook.Agreement{Compared: 4, Same: 1, OneApart: 2, TwoOrMore: 1}); got != want {
		t.Errorf("agreement %+v, want %+v", got, want)
	}
	for _, c := range []struct {
		a    workbook.Agreement
		want string
	}{
		{workbook.Agreement{}, "Not enough member ratings to compare yet: no indicator has ratings from two or more members."},
		{workbook.Agreement{Compared: 4, Same: 4}, "Members gave the same rating on all 4 indicators two or more of them rated."},
		{workbook.Agreement{Compared: 5, Same: 2, OneApart: 3}, "No disagreement of two or more levels, but members differed by one level on 3 of the 5 indicators two or more of them rated."},
		{workbook.Agreement{Compared: 5, TwoOrMore: 1, OneApart: 4}, ""},
	} {
		if got := c.a.Note(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.a, got, c.want)
		}
	}
}

// TestReadSessionFilesInOrder: sessions come in the order of the paths,
// whatever worker read them, and the first error stops the reading.
func TestReadSessionFilesInOrder(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for i, s := range append(testfixture.FourTeams(t), testfixture.FourTeams(t)...) {
		s.ID = fmt.Sprintf("%s%02d", s.ID[:15], i)
		data, err := workbook.MarshalSession(s)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, fmt.Sprintf("%02d.json", i))
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	var got []string
	if err := workbook.ReadSessionFiles(paths, func(s *workbook.Session) error { got = append(got, s.ID[15:]); return nil }); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "00,01,02,03,04,05,06,07" {
		t.Errorf("order %v", got)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{"), 0o600)
	n := 0
	err := workbook.ReadSessionFiles(append(append(paths[:2:2], bad), paths[2:]...), func(*workbook.Session) error { n++; return nil })
	if err == nil || !strings.Contains(err.Error(), "bad.json") || n != 2 {
		t.Errorf("a bad third file: err %v after %d sessions", err, n)
	}
}

// TestReadHeadOnlyAtTheTop: the quick read of a file's format and version
// takes them from the top level only, never from inside the session.
func TestReadHeadOnlyAtTheTop(t *testing.T) {
	for _, data := range []string{
		`{"session": {"format": "edtech-workbook/session", "version": 2}}`,
		`{"x": 1, "format": "edtech-workbook/session", "version": 2}`,
		`{"format": "other", "format": "edtech-workbook/session", "version": 2}`,
	} {
		_, err := workbook.ImportSession([]byte(data))
		if err == nil {
			t.Errorf("%s imported", data)
		}
	}
	_, err := workbook.ImportSession([]byte(`{"session": {"format": "edtech-workbook/session", "version": 2}}`))
	if err == nil || !strings.Contains(err.Error(), `not an edtech-workbook session file (format ""`) {
		t.Errorf("a nested format was taken for the file's: %v", err)
	}
}

// TestCohortTrendCountsATeamOnce: a team with two sessions in one school
// year (an earlier copy of the same year, older) counts once in its
// district's trend, at the session the team table shows — as the team
// table does. Before, the district's point averaged both and counted two
// teams.
func TestCohortTrendCountsATeamOnce(t *testing.T) {
	older := testfixture.FourTeams(t)[0] // North 2025-26
	if older.Team != "North" {
		t.Fatalf("fixture order changed: %s", older.Team)
	}
	older.ID = "north-older-2026"
	older.Updated = older.Updated.AddDate(0, -3, 0)
	for _, r := range older.Ratings {
		r.Consensus = 1 // (1+1+1+1+1)/5 = 1.0: would pull the point to 1.6
	}
	v := fourTeamCohort(t, workbook.SortTeam, testfixture.NorthLastYear(t), older)
	var north *workbook.DistrictTrend
	for i := range v.Districts {
		if v.Districts[i].District == "North ISD" {
			north = &v.Districts[i]
		}
	}
	if north == nil || len(north.Points) != 2 {
		t.Fatalf("North ISD trend: %+v; want two points", north)
	}
	// 2025-26 is the newer North session only: 11/5 = 2.2, one team,
	// ▲0.6 from 2024-25's 1.6 over 5 indicators.
	if p := north.Points[1]; p.Score.Text != "2.2" || p.Teams != 1 || p.Change != "▲0.6" {
		t.Errorf("North ISD 2025-26: %s over %d teams, change %s; want 2.2 over 1, ▲0.6", p.Score.Text, p.Teams, p.Change)
	}
	if len(v.Teams) != 4 {
		t.Errorf("%d teams, want 4", len(v.Teams))
	}
}

// TestCohortEarlierCountsOnlyEarlierYears: the intro's "the district trends
// also count N sessions from earlier years" counts sessions of earlier
// years, once a team and year, as the trends do: the same session given
// twice, or a second session of a team's latest year, is not one. Before,
// `cohort a.json a.json` said 1 session from earlier years.
func TestCohortEarlierCountsOnlyEarlierYears(t *testing.T) {
	again := testfixture.FourTeams(t)[0] // North 2025-26 once more
	if v := fourTeamCohort(t, workbook.SortTeam, again); v.Earlier != 0 {
		t.Errorf("the same session twice: Earlier = %d, want 0", v.Earlier)
	}
	v := fourTeamCohort(t, workbook.SortTeam, testfixture.NorthLastYear(t), testfixture.NorthLastYear(t), again)
	if v.Earlier != 1 {
		t.Errorf("North 2024-25 twice and 2025-26 twice: Earlier = %d, want 1", v.Earlier)
	}
}
