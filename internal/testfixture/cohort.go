package testfixture

import (
	"testing"
	"time"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/templatefile"
)

// The cohort fixtures: small templates cut from the built-in one, so that
// every number the tests expect can be worked out by hand (the tests write
// the arithmetic beside each number).

// CohortToday is the clock of the cohort fixtures.
func CohortToday() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }

// CohortTemplates are "cohort@1" — domain a (a1, a2, a3) and domain b (b1,
// b2) — and "cohort@2", which adds a4 to domain a. Both keep the built-in
// template's scale (4 levels, so the gap threshold is 2), prompts and
// decisions, and ask no template questions.
func CohortTemplates(t testing.TB) (v1, v2 *workbook.Template) {
	t.Helper()
	return cutTemplate(t, "cohort", 1, []string{"a1", "a2", "a3"}, []string{"b1", "b2"}),
		cutTemplate(t, "cohort", 2, []string{"a1", "a2", "a3", "a4"}, []string{"b1", "b2"})
}

// YoYTemplates are "yoy@1" — a (a1, a2, a3), b (b1, b2), c (c1, c2, c3) —
// and "yoy@2", which retires a3 and adds a4.
func YoYTemplates(t testing.TB) (v1, v2 *workbook.Template) {
	t.Helper()
	v1 = cutTemplate(t, "yoy", 1, []string{"a1", "a2", "a3"}, []string{"b1", "b2"}, []string{"c1", "c2", "c3"})
	v2 = cutTemplate(t, "yoy", 2, []string{"a1", "a2", "a4"}, []string{"b1", "b2"}, []string{"c1", "c2", "c3"})
	return v1, v2
}

// cutTemplate builds a template from the built-in one: one domain per list
// of indicator ids (domains "a", "b", "c"…), each indicator a copy of a
// built-in indicator with the given id and title "Indicator ID".
func cutTemplate(t testing.TB, id string, version int, domains ...[]string) *workbook.Template {
	t.Helper()
	base, err := templatefile.BuiltinTemplate("")
	if err != nil {
		t.Fatal(err)
	}
	tm := base.Clone()
	tm.ID, tm.Version, tm.Title = id, version, "Cohort fixture "+id
	tm.Questions = workbook.Questions{}
	model := tm.Domains[0].Indicators[0]
	var out []workbook.Domain
	for i, ids := range domains {
		d := tm.Domains[i]
		d.ID = string(rune('a' + i))
		d.Title = "Domain " + string(rune('A'+i))
		d.Indicators = nil
		for _, inID := range ids {
			in := model
			in.ID, in.Title = inID, "Indicator "+inID
			d.Indicators = append(d.Indicators, in)
		}
		out = append(out, d)
	}
	tm.Domains = out
	if err := workbook.ValidateTemplate(tm); err != nil {
		t.Fatalf("cohort fixture template %s@%d: %v", id, version, err)
	}
	return tm
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d.Add(9 * time.Hour)
}

// team is one fixture session: consensus ratings, each member's rating
// (consensus − 1, consensus, consensus + 1 by member, within the scale).
type team struct {
	id, name, district, year, updated string
	tmpl                              *workbook.Template
	ratings                           map[string]workbook.Rating
	focus                             []string
	phase, question, decision         string
	actions                           []workbook.ActionStep
}

func (f team) session(t testing.TB) *workbook.Session {
	t.Helper()
	s := &workbook.Session{ID: f.id, Team: f.name, District: f.district, SchoolYear: f.year, Cohort: "2025 cohort",
		Template: *f.tmpl.Clone(), Created: day("2025-09-01"), Updated: day(f.updated), Revision: 1,
		Roster: []workbook.Member{{ID: "m1", Name: "Ana Ruiz", Role: "Edtech director"}, {ID: "m2", Name: "Ben Cole", Role: "Teacher"}}}
	for id, r := range f.ratings {
		ir := s.Rating(id)
		ir.Consensus = r
		ir.Members = map[string]workbook.Rating{"m1": r, "m2": max(1, r-1)}
	}
	s.Problem = workbook.ProblemOfPractice{FocusIndicators: f.focus, Phase: f.phase, Question: f.question}
	s.Plan.Actions = f.actions
	s.Reflection.Decision = f.decision
	if err := workbook.ValidateSession(s); err != nil {
		t.Fatalf("cohort fixture %s: %v", f.name, err)
	}
	return s
}

// FourTeams is the four-team cohort of the 2025-26 school year, today
// CohortToday (2026-03-01):
//
//	team   district    template  a1 a2 a3 a4 b1 b2  updated     steps (due, status)
//	North  North ISD   cohort@1   1  1  3  -  2  4  2026-02-20  2026-02-01 in progress; 2026-04-01 not started
//	East   East USD    cohort@1   1  1  2  -  3  3  2026-01-01  2025-12-01 done
//	South  South SD    cohort@1   1  1  4  -  1  2  2026-01-15  2026-01-31 not started; 2026-01-31 stuck
//	West   West CSD    cohort@2   1  1  1  1  1  1  2026-02-27  none
//
// Problems: North focus a1, implementation, decided "continue"; East focus
// a1 and b1, implementation; South focus a2, selection (no question
// written); West focus a1, evaluation, decided "adjust". Every team has two
// members, Ana Ruiz and Ben Cole.
func FourTeams(t testing.TB) []*workbook.Session {
	t.Helper()
	v1, v2 := CohortTemplates(t)
	step := func(id, due, status string) workbook.ActionStep {
		return workbook.ActionStep{ID: id, What: "Step " + id, Owner: "m1", Due: due, Status: status}
	}
	teams := []team{
		{id: "north000000000026", name: "North", district: "North ISD", year: "2025-26", updated: "2026-02-20", tmpl: v1,
			ratings: map[string]workbook.Rating{"a1": 1, "a2": 1, "a3": 3, "b1": 2, "b2": 4},
			focus:   []string{"a1"}, phase: "implementation", question: "How might we get every teacher using one login?", decision: "continue",
			actions: []workbook.ActionStep{step("n1", "2026-02-01", workbook.StatusInProgress), step("n2", "2026-04-01", workbook.StatusNotStarted)}},
		{id: "east0000000000026", name: "East", district: "East USD", year: "2025-26", updated: "2026-01-01", tmpl: v1,
			ratings: map[string]workbook.Rating{"a1": 1, "a2": 1, "a3": 2, "b1": 3, "b2": 3},
			focus:   []string{"a1", "b1"}, phase: "implementation", question: "How might we retire tools nobody uses?",
			actions: []workbook.ActionStep{step("e1", "2025-12-01", workbook.StatusDone)}},
		{id: "south000000000026", name: "South", district: "South SD", year: "2025-26", updated: "2026-01-15", tmpl: v1,
			ratings: map[string]workbook.Rating{"a1": 1, "a2": 1, "a3": 4, "b1": 1, "b2": 2},
			focus:   []string{"a2"}, phase: "selection",
			actions: []workbook.ActionStep{step("s1", "2026-01-31", workbook.StatusNotStarted), step("s2", "2026-01-31", workbook.StatusStuck)}},
		{id: "west0000000000026", name: "West", district: "West CSD", year: "2025-26", updated: "2026-02-27", tmpl: v2,
			ratings: map[string]workbook.Rating{"a1": 1, "a2": 1, "a3": 1, "a4": 1, "b1": 1, "b2": 1},
			focus:   []string{"a1"}, phase: "evaluation", question: "How might we know the reading tool helps?", decision: "adjust"},
	}
	out := make([]*workbook.Session, 0, len(teams))
	for _, f := range teams {
		out = append(out, f.session(t))
	}
	return out
}

// NorthLastYear is North ISD's session of 2024-25 on cohort@1: a1 1, a2 1,
// a3 2, b1 1, b2 3 (overall (1+1+2+1+3)/5 = 1.6), updated 2025-05-30.
func NorthLastYear(t testing.TB) *workbook.Session {
	t.Helper()
	v1, _ := CohortTemplates(t)
	return team{id: "north000000000025", name: "North", district: "North ISD", year: "2024-25", updated: "2025-05-30", tmpl: v1,
		ratings: map[string]workbook.Rating{"a1": 1, "a2": 1, "a3": 2, "b1": 1, "b2": 3},
		focus:   []string{"a1"}, phase: "selection", decision: "continue"}.session(t)
}

// YoYCarried is the cross-version fixture: North's 2024-25 session on
// yoy@1 (a1 1, a2 2, a3 4, b1 2, b2 3, c1 3, c2 3, c3 2) carried to 2025-26
// on yoy@2 (a3 retired, a4 new) and rated a1 2, a2 2, a4 4, b1 3, b2 3,
// c1 3, c2 2, c3 2. It returns last year's session and the carried one.
func YoYCarried(t testing.TB) (last, carried *workbook.Session) {
	t.Helper()
	v1, v2 := YoYTemplates(t)
	last = team{id: "yoylast0000000001", name: "North", district: "North ISD", year: "2024-25", updated: "2025-05-30", tmpl: v1,
		ratings: map[string]workbook.Rating{"a1": 1, "a2": 2, "a3": 4, "b1": 2, "b2": 3, "c1": 3, "c2": 3, "c3": 2}}.session(t)
	res, err := workbook.CarryForward(last, "2025-26", v2)
	if err != nil {
		t.Fatal(err)
	}
	s := res.Session
	s.ID, s.Created, s.Updated, s.Revision = "yoynext0000000001", day("2025-08-20"), day("2026-02-10"), 1
	for id, r := range map[string]workbook.Rating{"a1": 2, "a2": 2, "a4": 4, "b1": 3, "b2": 3, "c1": 3, "c2": 2, "c3": 2} {
		ir := s.Rating(id)
		ir.Consensus = r
		ir.Members = map[string]workbook.Rating{"m1": r, "m2": max(1, r-1)}
	}
	if err := workbook.ValidateSession(s); err != nil {
		t.Fatal(err)
	}
	return last, s
}
