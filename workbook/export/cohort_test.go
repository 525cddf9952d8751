package export

import (
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
)

// cohortSessions are three teams: two on the demo's template version 2 and
// one on a version 3 that drops one indicator, adds one and rewords one.
func cohortSessions(t testing.TB) []*workbook.Session {
	t.Helper()
	a := testfixture.Demo(t)

	b := testfixture.Demo(t)
	b.ID, b.Team, b.District = "cohortb000000001", "Birch Valley Team", "Birch Valley Schools"
	for id, r := range b.Ratings {
		if r.Consensus.Rated() && r.Consensus < 4 && len(id)%2 == 0 {
			r.Consensus++
		}
	}
	b.Problem.Question = "How do we involve families in choosing tools?"
	b.Plan.Aim = "By June, two family panels review every new tool."
	for i := range b.Plan.Actions {
		b.Plan.Actions[i].Status = workbook.StatusDone
	}

	c := testfixture.Demo(t)
	c.ID, c.Team, c.District = "cohortc000000001", "Cedar Falls Team", "Cedar Falls District"
	v2 := c.Template.Clone()
	v2.Version = 3
	domain := func(id string) *workbook.Domain {
		for i := range v2.Domains {
			if v2.Domains[i].ID == id {
				return &v2.Domains[i]
			}
		}
		t.Fatalf("the demo's template has no domain %s", id)
		return nil
	}
	vision, voice, inventory := domain("vision"), domain("voice"), domain("inventory")
	dropped := vision.Indicators[2]
	vision.Indicators = vision.Indicators[:2]
	added := voice.Indicators[0]
	added.ID, added.Title = "voice-community-partners", "Community partners shape decisions"
	voice.Indicators = append(voice.Indicators, added)
	inventory.Indicators[0].Title = "A complete inventory of tools in use"
	c.Template = *v2
	delete(c.Ratings, dropped.ID)
	c.Rating(added.ID).Consensus = 1
	c.Plan.Actions = c.Plan.Actions[:2]
	return []*workbook.Session{a, b, c}
}

func TestCohortGoldens(t *testing.T) {
	for _, format := range CohortFormats {
		t.Run(format, func(t *testing.T) {
			out, err := Cohort(cohortSessions(t), format)
			if err != nil {
				t.Fatal(err)
			}
			again, _ := Cohort(cohortSessions(t), format)
			if string(out) != string(again) {
				t.Fatal("two cohort reports of the same sessions differ")
			}
			requireGolden(t, "cohort."+format, out)
		})
	}
}

func TestCohortComparesSharedIndicators(t *testing.T) {
	sessions := cohortSessions(t)
	c := workbook.NewCohort(workbook.CohortOptions{})
	for _, s := range sessions {
		c.Add(s)
	}
	v, err := c.Build()
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Teams) != 3 || len(v.Teams[0].Domains) != len(v.Domains) {
		t.Fatalf("heat map is %d×%d", len(v.Teams), len(v.Domains))
	}
	all := len(sessions[0].Template.Indicators())
	if v.Shared != all-1 {
		t.Errorf("shared = %d, want %d (one dropped in v2)", v.Shared, all-1)
	}
	if v.SameTemplate || len(v.Templates) != 2 {
		t.Errorf("templates = %+v", v.Templates)
	}
	var notShared []string
	for _, u := range v.NotShared {
		notShared = append(notShared, u.ID)
	}
	if got := strings.Join(notShared, ","); got != "vision-leader-transition,voice-community-partners" {
		t.Errorf("not shared = %s", got)
	}
	if len(v.Reworded) != 1 || !strings.Contains(v.Reworded[0].Title, "A complete inventory of tools in use") {
		t.Errorf("reworded = %+v", v.Reworded)
	}
	// The dropped indicator is left out of team A's Vision average: team A
	// and team C (same ratings on the shared ones) score the same there.
	if v.Teams[0].Domains[0] != v.Teams[2].Domains[0] {
		t.Errorf("vision cells differ: %+v vs %+v", v.Teams[0].Domains[0], v.Teams[2].Domains[0])
	}
	if v.StatusSum.Total != 4+4+2 || v.StatusRows[1].Counts[2] != 4 { // rows by team name: Birch Valley second
		t.Errorf("status counts = %+v %+v", v.StatusSum, v.StatusRows[1])
	}
	if len(v.Gaps) == 0 || v.Gaps[0].Count < v.Gaps[len(v.Gaps)-1].Count {
		t.Errorf("common gaps not sorted by count: %+v", v.Gaps)
	}

	html := string(mustCohort(t, sessions, FormatHTML))
	for _, want := range []string{`<td class="num h`, "Indicators left out of the comparison", "edtech-systems@2", "edtech-systems@3", `<html lang="en">`} {
		if !strings.Contains(html, want) {
			t.Errorf("cohort html lacks %q", want)
		}
	}
	md := string(mustCohort(t, sessions, FormatMarkdown))
	for _, want := range []string{"| Team |", "Cedar Falls Team", "Community partners shape decisions (id voice-community-partners)", "| All teams |"} {
		if !strings.Contains(md, want) {
			t.Errorf("cohort md lacks %q", want)
		}
	}
}

func TestCohortHostileAndErrors(t *testing.T) {
	sessions := []*workbook.Session{testfixture.Hostile(t), testfixture.Demo(t)}
	for _, format := range CohortFormats {
		out := strings.ToLower(string(mustCohort(t, sessions, format)))
		if (format != FormatCSV && strings.Contains(out, "<script")) || strings.Contains(out, "\x1b") {
			t.Errorf("%s cohort report is not inert", format)
		}
	}
	if _, err := Cohort(nil, FormatHTML); err == nil {
		t.Error("empty cohort accepted")
	}
	if _, err := Cohort(sessions, "pdf"); err == nil || !strings.Contains(err.Error(), "md, html, csv") {
		t.Errorf("pdf cohort err = %v", err)
	}
}

func mustCohort(t *testing.T, sessions []*workbook.Session, format string) []byte {
	t.Helper()
	out, err := Cohort(sessions, format)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func fourTeamReport(t *testing.T, format string, extra ...*workbook.Session) string {
	t.Helper()
	c := workbook.NewCohort(workbook.CohortOptions{Today: testfixture.CohortToday()})
	for _, s := range append(testfixture.FourTeams(t), extra...) {
		c.Add(s)
	}
	v, err := c.Build()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := RenderCohort(&b, v, CohortTools{}, format); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestCohortFourTeamsReport: the hand-checked numbers of workbook's
// TestCohortFourTeams, as the Markdown and HTML reports print them.
func TestCohortFourTeamsReport(t *testing.T) {
	md := fourTeamReport(t, FormatMarkdown, testfixture.NorthLastYear(t))
	for _, want := range []string{
		// Team, district, year, template, overall, complete, last change, flags.
		"| East | East USD | 2025-26 | cohort@1 | 2.0 | 42% | 2026-01-01 (59 days) | stale (59 days) |",
		"| North | North ISD | 2025-26 | cohort@1 | 2.2 | 47% | 2026-02-20 (9 days) | 1 overdue step |",
		"| South | South SD | 2025-26 | cohort@1 | 1.8 | 38% | 2026-01-15 (45 days) | stale (45 days); 2 overdue steps |",
		"| West | West CSD | 2025-26 | cohort@2 | 1.0 | 45% | 2026-02-27 (2 days) | – |",
		"| Cohort average | – | – | – | 1.8 | 43% | – | 2 stale; 2 with overdue steps |",
		// Heat map: A, B, overall; the average row (1.5, 2.125 → 2.1, 1.75 → 1.8).
		"| East | 1.3 | 3.0 | 2.0 |", "| North | 1.7 | 3.0 | 2.2 |", "| South | 2.0 | 1.5 | 1.8 |", "| West | 1.0 | 1.0 | 1.0 |",
		"| Cohort average | 1.5 | 2.1 | 1.8 |",
		// Gaps (consensus ≤ 2, comparison only): a1, a2 4; b1 3; a3, b2 2.
		"| Indicator a1 | Domain A | 4 of 4 | East, North, South, West |",
		"| Indicator b1 | Domain B | 3 of 4 | North, South, West |",
		"| Indicator b2 | Domain B | 2 of 4 | South, West |",
		"| Indicator a1 | 3 of 4 | East, North, West |", "| implementation | 2 of 4 | East, North |",
		"| Not decided yet | 2 of 4 | East, South |",
		// North ISD: 8/5 = 1.6, then 11/5 = 2.2, +3/5 = ▲0.6 over 5 indicators.
		"| North ISD | 2024-25 | 1.6 | 1 | – |", "| North ISD | 2025-26 | 2.2 | 1 | ▲0.6 (5 indicators) |",
		"4 teams (their latest school year; the district trends also count 1 session from earlier years). As of 2026-03-01",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("cohort md lacks %q", want)
		}
	}
	if strings.Contains(md, "Indicator a4 | Domain A |") {
		t.Error("a4, not in the comparison, is listed as a common gap")
	}
	html := fourTeamReport(t, FormatHTML, testfixture.NorthLastYear(t))
	for _, want := range []string{
		`<tr><th scope="row">South</th><td>South SD</td><td class="nowrap">2025-26</td><td>cohort@1</td><td class="num">1.8</td><td class="num">38%</td><td><span class="nowrap">2026-01-15</span> <span class="nowrap">(45 days)</span></td><td>stale (45 days); 2 overdue steps</td></tr>`,
		`<tr><th scope="row">Cohort average</th><td class="num h2">1.5</td><td class="num h2">2.1</td><td class="num h2">1.8</td></tr>`,
		`<tr><th scope="row">Indicator b2</th><td>Domain B</td><td class="num">2 of 4</td><td>South, West</td></tr>`,
		`<td class="nowrap">2025-26</td><td class="num">2.2</td><td class="num">1</td><td>▲0.6 (5 indicators)</td>`,
		// The same intro as the Markdown's, in the singular too (before: "1 sessions").
		`<p>4 teams (their latest school year; the district trends also count 1 session from earlier years). As of 2026-03-01`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("cohort html lacks %s", want)
		}
	}
	one, err := Cohort(testfixture.FourTeams(t)[:1], FormatHTML)
	if err != nil || !strings.Contains(string(one), "<p>1 team.") {
		t.Errorf("a cohort of one team does not say \"1 team.\" (err %v)", err)
	}
}

// TestCohortLongCSV: one row per team × indicator × rater, members by
// number, the team's facts on every row; the carried fixture's changes are
// numbers.
func TestCohortLongCSV(t *testing.T) {
	out, err := Cohort(testfixture.FourTeams(t), FormatCSV)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(out), utf8BOM))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// 3 teams × 5 indicators × 3 raters + West 6 × 3 = 45 + 18 = 63 rows.
	if len(rows) != 1+63 {
		t.Fatalf("%d rows, want 64", len(rows))
	}
	if got := strings.Join(rows[0], ","); got != "Team,District,School year,Template,Domain ID,Domain,Indicator ID,Indicator,Rater,Rating,Last year,Change" {
		t.Errorf("header %s", got)
	}
	if got := strings.Join(rows[1], ","); got != "North,North ISD,2025-26,cohort@1,a,Domain A,a1,Indicator a1,consensus,1,," {
		t.Errorf("first row %s", got)
	}
	if got := strings.Join(rows[3], ","); got != "North,North ISD,2025-26,cohort@1,a,Domain A,a1,Indicator a1,member 2,1,," {
		t.Errorf("third row %s", got)
	}
	if strings.Contains(string(out), "Ana Ruiz") || strings.Contains(string(out), "Ben Cole") {
		t.Error("the long table names people")
	}

	_, carried := testfixture.YoYCarried(t)
	one, err := Render(carried, FormatCSV, Options{Table: TableLong})
	if err != nil {
		t.Fatal(err)
	}
	// c2: 2 now, 3 last year: change -1, a number.
	if !strings.Contains(string(one), "North,North ISD,2025-26,yoy@2,c,Domain C,c2,Indicator c2,consensus,2,3,-1\r\n") &&
		!strings.Contains(string(one), "North,North ISD,2025-26,yoy@2,c,Domain C,c2,Indicator c2,consensus,2,3,-1\n") {
		t.Errorf("long table of the carried session lacks c2's numeric change:\n%s", one)
	}
}

// TestDisagreementsShowTheRatings: the "where members disagreed" list shows
// each member's rating, and a team whose members differ by one level
// everywhere is told so, never "no disagreements".
func TestDisagreementsShowTheRatings(t *testing.T) {
	s := testfixture.FourTeams(t)[0] // members: Ana Ruiz = consensus, Ben Cole = consensus − 1 (at least 1)
	// North's a3 is 3: Ana 3, Ben 2; b1 2: 2, 1; b2 4: 4, 3; a1, a2 1: 1, 1.
	md := string(mustExport(t, s, FormatMarkdown, ""))
	html := string(mustExport(t, s, FormatHTML, ""))
	for name, out := range map[string]string{"md": md, "html": html} {
		if strings.Contains(out, "No disagreements") {
			t.Errorf("%s says there are no disagreements, but members differ by one on 3 indicators", name)
		}
		if !strings.Contains(out, "members differed by one level on 3 of the 5 indicators two or more of them rated") {
			t.Errorf("%s does not say members differed by one level", name)
		}
	}
	// A two-level spread is listed with the ratings themselves.
	s.Ratings["b2"].Members["m2"] = 2 // Ana 4, Ben 2
	md = string(mustExport(t, s, FormatMarkdown, ""))
	if !strings.Contains(md, "| Indicator b2 | Domain B | 4 (") || !strings.Contains(md, "Ana Ruiz 4, Ben Cole 2") {
		t.Errorf("the disagreement on b2 does not show the ratings:\n%s", md[strings.Index(md, "### Where members disagreed"):][:600])
	}
}

// TestYearOverYearInEveryExport: the cross-version fixture's hand-checked
// numbers (workbook's TestYearOverYearAcrossTemplateVersions has the
// arithmetic) read the same in Markdown, HTML and the CSV tables.
func TestYearOverYearInEveryExport(t *testing.T) {
	_, s := testfixture.YoYCarried(t)
	md := string(mustExport(t, s, FormatMarkdown, ""))
	for _, want := range []string{
		"| Domain A | 2.7 | 3 of 3 | 2.3 | ▲0.5 |",
		"| Domain B | 3.0 | 2 of 2 | 2.5 | ▲0.5 |",
		"| Domain C | 2.3 | 3 of 3 | 2.7 | ▼0.3 |", // not ▼0.4 (2.3 − 2.7)
	} {
		if !strings.Contains(md, want) {
			t.Errorf("md lacks %q", want)
		}
	}
	html := string(mustExport(t, s, FormatHTML, ""))
	for _, want := range []string{">▲0.5<", ">▼0.3<", ">2.3<", ">2.7<"} {
		if !strings.Contains(html, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	if strings.Contains(html, "▼0.4") || strings.Contains(md, "▼0.4") {
		t.Error("an export subtracts rounded scores (▼0.4)")
	}
	ratings := string(mustExport(t, s, FormatCSV, TableRatings))
	// Each indicator's change is a number: now − last year (c2: 2 − 3 =
	// -1); a4 is new (no last year, no change).
	rows := readCSV(t, []byte(ratings))
	col := slices.Index(rows[0], "Change")
	for _, r := range rows[1:] {
		id, change := r[1], r[col]
		want := map[string]string{"a1": "1", "a2": "0", "a4": "", "b1": "1", "b2": "0", "c1": "0", "c2": "-1", "c3": "0"}[id]
		if change != want {
			t.Errorf("ratings csv: %s change %q, want %q", id, change, want)
		}
	}
}

// TestHiddenVoteStaysHidden: a hidden vote not everyone has given shows no
// member's rating in the disagreement list or the long table, and does not
// count in the agreement sentence.
func TestHiddenVoteStaysHidden(t *testing.T) {
	s := testfixture.FourTeams(t)[0]
	s.Ratings["b2"].Members["m2"] = 2 // Ana 4, Ben 2: a disagreement
	s.Ratings["b2"].Vote = workbook.VoteHidden
	delete(s.Ratings["b2"].Members, "m1") // Ana has not voted yet
	if got := workbook.MemberRatings(s, "b2"); strings.Contains(got, "Ben Cole 2") || !strings.Contains(got, "hidden") {
		t.Errorf("MemberRatings of a concealed vote: %q", got)
	}
	if a := workbook.MemberAgreement(s); a.Compared != 4 {
		t.Errorf("a concealed vote counted in the agreement: %+v", a)
	}
	long := string(mustExport(t, s, FormatCSV, TableLong))
	if !strings.Contains(long, "b2,Indicator b2,member 2,hidden,,") || strings.Contains(long, "b2,Indicator b2,member 2,2,,") {
		t.Errorf("the long table shows a concealed vote:\n%s", long)
	}
}

// TestCohortLastChangeKeepsDatesWhole: the HTML cohort report's "Last
// change" cells keep each date on one line (printed, the column broke
// 2026-06-05 at its hyphens).
func TestCohortLastChangeKeepsDatesWhole(t *testing.T) {
	out, err := Cohort(cohortSessions(t), FormatHTML)
	if err != nil {
		t.Fatal(err)
	}
	html := string(out)
	if strings.Contains(html, "<td>2026-06-05") {
		t.Errorf("a Last change cell's date may wrap at its hyphens:\n%s", html)
	}
	if n := strings.Count(html, `<span class="nowrap">2026-06-05</span>`); n != 3 {
		t.Errorf("%d Last change dates kept whole, want 3", n)
	}
}

// TestCohortChangeAfterAsOf: a last change dated after the as-of date says
// so (it read "(0 days)"), in the Markdown and the HTML (the long CSV has
// no last change); it is not stale.
func TestCohortChangeAfterAsOf(t *testing.T) {
	late := testfixture.FourTeams(t)[0]
	late.ID, late.Team = "late000000000026", "Late"
	late.Updated = time.Date(2026, 3, 5, 10, 0, 0, 0, time.UTC)
	md := fourTeamReport(t, FormatMarkdown, late)
	if !strings.Contains(md, "| 2026-03-05 (after 2026-03-01) |") || strings.Contains(md, "(0 days)") {
		t.Errorf("the Markdown does not say the last change is after the as-of date:\n%s", md)
	}
	html := fourTeamReport(t, FormatHTML, late)
	if !strings.Contains(html, `<td><span class="nowrap">2026-03-05</span> <span class="nowrap">(after 2026-03-01)</span></td>`) || strings.Contains(html, "(0 days)") {
		t.Errorf("the HTML does not say the last change is after the as-of date")
	}
}
