package export

import (
	"strings"
	"testing"

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
	var b CohortBuilder
	for _, s := range sessions {
		b.Add(NewCohortTeam(s))
	}
	v := newCohortView(b.teams)
	if len(v.Teams) != 3 || len(v.Heat) != 3 || len(v.Heat[0]) != len(v.Domains) {
		t.Fatalf("heat map is %d×%d", len(v.Heat), len(v.Domains))
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
	if v.Heat[0][0] != v.Heat[2][0] {
		t.Errorf("vision cells differ: %+v vs %+v", v.Heat[0][0], v.Heat[2][0])
	}
	if v.StatusSum.Total != 4+4+2 || v.StatusRows[1].Counts[2] != 4 {
		t.Errorf("status counts = %+v %+v", v.StatusSum, v.StatusRows[1])
	}
	if len(v.CommonGaps) == 0 || v.CommonGaps[0].Count < v.CommonGaps[len(v.CommonGaps)-1].Count {
		t.Errorf("common gaps not sorted by count: %+v", v.CommonGaps)
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
		if strings.Contains(out, "<script") || strings.Contains(out, "\x1b") {
			t.Errorf("%s cohort report is not inert", format)
		}
	}
	if _, err := Cohort(nil, FormatHTML); err == nil {
		t.Error("empty cohort accepted")
	}
	if _, err := Cohort(sessions, FormatCSV); err == nil || !strings.Contains(err.Error(), "md, html") {
		t.Errorf("csv cohort err = %v", err)
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
