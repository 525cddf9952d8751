package workbook

import (
	"fmt"
	"slices"
	"strings"
)

// CarryResult says what CarryForward brought over, for the person who ran it.
type CarryResult struct {
	Session        *Session
	CarriedSteps   int      // unfinished action steps carried over
	FinishedSteps  int      // finished steps summarised in Previous.Finished
	Retired        []string // titles of last year's indicators not in the new template
	NewIndicators  int      // indicators with no rating last year
	BaselineRated  int      // indicators with last year's consensus as baseline
	DroppedFocuses []string // focus indicators no longer in the template
	// DroppedAnswers lists (by last year's wording) the problem and plan
	// questions answered last year that the new template no longer asks
	// there, or asks for another kind of answer.
	DroppedAnswers []string
	// ValuesLeft counts the dated values of the measures that stay with
	// last year's session (the data plan comes along without them).
	ValuesLeft int
}

// CarryForward starts next year's session from prev, without changing prev:
// the roster, the problem of practice (focus, phase, the problem and the
// answers to its questions), the aim and logic model, the answers to the
// plan questions, the data plan and the unfinished action steps come along;
// answers follow question ids, and only to problem and plan questions the
// new template asks in those parts, with an answer of the shape it takes.
// Finished steps are summarised; last year's consensus ratings become the
// baseline, matched by indicator id. The measures' dated values stay with
// last year; open steps keep their improvement cycles (no longer tied to
// last year's check-ins) and their due dates, which the team re-dates
// (StaleDates, Redate).
// tmpl is the template for the new year (nil: keep prev's template).
func CarryForward(prev *Session, year string, tmpl *Template) (*CarryResult, error) {
	next, err := ParseSchoolYear(year)
	if err != nil {
		return nil, err
	}
	if last, err := ParseSchoolYear(prev.SchoolYear); err == nil && next <= last {
		return nil, fmt.Errorf("school year %s is not after %s, the year of %q; choose a later year", year, prev.SchoolYear, prev.Team)
	}
	if tmpl == nil {
		tmpl = &prev.Template
	}
	old := prev.Clone()
	s := &Session{
		Team:       old.Team,
		District:   old.District,
		SchoolYear: year,
		Template:   *tmpl,
		Roster:     old.CurrentMembers(), // former members have nothing to rate next year
		HiddenVote: old.HiddenVote,
		Ratings:    map[string]*IndicatorRating{},
		Problem:    old.Problem,
		Plan: Plan{
			Aim:   old.Plan.Aim,
			Logic: old.Plan.Logic,
		},
	}
	res := &CarryResult{Session: s}
	// The measures come along; their values are last year's.
	for _, d := range old.Plan.DataPlan {
		res.ValuesLeft += len(d.Values)
		d.Values = nil
		s.Plan.DataPlan = append(s.Plan.DataPlan, d)
	}

	// Focus indicators must exist in the new template.
	var focus []string
	for _, id := range old.Problem.FocusIndicators {
		if _, _, ok := tmpl.Indicator(id); ok {
			focus = append(focus, id)
		} else {
			res.DroppedFocuses = append(res.DroppedFocuses, id)
		}
	}
	s.Problem.FocusIndicators = focus

	for _, part := range []QuestionPart{PartProblemQuestions, PartPlanQuestions} {
		for _, was := range old.Template.Questions.In(part) {
			a, ok := old.Answers[was.ID]
			if !ok || a.Empty() {
				continue
			}
			q, newPart, found := tmpl.Question(was.ID)
			if !found || newPart == PartReflectionQuestions || CheckAnswer(q, a) != "" {
				res.DroppedAnswers = append(res.DroppedAnswers, was.Text)
				continue
			}
			s.SetAnswer(was.ID, a)
		}
	}

	prevInfo := &PreviousYear{
		SessionID:   old.ID,
		SchoolYear:  old.SchoolYear,
		TemplateRef: old.Template.Ref(),
		Baseline:    map[string]Rating{},
	}
	for id, r := range old.Ratings {
		if r != nil && r.Consensus != Unrated {
			prevInfo.Baseline[id] = r.Consensus
		}
	}
	prevInfo.Domains = previousScores(DomainScores(old))
	prevInfo.Areas = previousScores(AreaScores(old))
	for _, in := range tmpl.Indicators() {
		if _, ok := prevInfo.Baseline[in.ID]; ok {
			res.BaselineRated++
		} else {
			res.NewIndicators++
		}
	}
	for _, in := range old.Template.Indicators() {
		if _, _, ok := tmpl.Indicator(in.ID); !ok {
			prevInfo.Retired = append(prevInfo.Retired, in.Title)
		}
	}
	res.Retired = prevInfo.Retired

	for _, a := range old.Plan.Actions {
		if a.Status == StatusDone {
			prevInfo.Finished = append(prevInfo.Finished, a.What)
			res.FinishedSteps++
			continue
		}
		carried := a
		carried.ID = NewID()
		carried.CarriedFrom = a.ID
		// Its cycles come along; last year's check-ins do not.
		for i := range carried.Cycles {
			carried.Cycles[i].CheckIn = ""
		}
		if !slices.ContainsFunc(s.Roster, func(m Member) bool { return m.ID == a.Owner }) {
			carried.Owner = ""
		}
		s.Plan.Actions = append(s.Plan.Actions, carried)
		res.CarriedSteps++
	}
	s.Previous = prevInfo
	return res, nil
}

// SameTeamYear returns the sessions of sums that belong to team (any case,
// spaces trimmed) in school year year: carrying into a year the team
// already has a session for makes a second one, which the CLI and the app
// ask about first.
func SameTeamYear(sums []Summary, team, year string) []Summary {
	var out []Summary
	team, year = strings.TrimSpace(team), strings.TrimSpace(year)
	for _, s := range sums {
		if strings.EqualFold(strings.TrimSpace(s.Team), team) && strings.TrimSpace(s.SchoolYear) == year {
			out = append(out, s)
		}
	}
	return out
}

// CarryInto carries prev forward (CarryForward) and stores the new session
// in st; the result's Session is the stored copy, with its id and revision.
// prev is not changed.
func CarryInto(st Sessions, prev *Session, year string, tmpl *Template) (*CarryResult, error) {
	return CarryIntoWith(st, prev, year, tmpl, nil)
}

// CarryIntoWith is CarryInto with a step before the new session is stored:
// before may change it (re-date its steps: Redate) or refuse, and then
// nothing is stored.
func CarryIntoWith(st Sessions, prev *Session, year string, tmpl *Template, before func(*CarryResult) error) (*CarryResult, error) {
	res, err := CarryForward(prev, year, tmpl)
	if err != nil {
		return nil, err
	}
	if before != nil {
		if err := before(res); err != nil {
			return nil, err
		}
	}
	if res.Session, err = st.Create(res.Session); err != nil {
		return nil, err
	}
	return res, nil
}

// previousScores keeps last year's rated scores for next year's session.
func previousScores(scores []DomainScore) []PreviousScore {
	var out []PreviousScore
	for _, d := range scores {
		if d.Rated > 0 {
			out = append(out, PreviousScore{ID: d.DomainID, Title: d.Title, Average: d.Average, Rated: d.Rated})
		}
	}
	return out
}
