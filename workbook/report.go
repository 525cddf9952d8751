package workbook

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Report is a session laid out for reading: what the Markdown and HTML
// exports (package export) show, in order, already cleaned of terminal
// escapes; BuildReport is the one place it is made. Each renderer only
// escapes for its own format.
type Report struct {
	Team, District, SchoolYear string
	TemplateTitle, TemplateRef string
	Created, Updated           string
	Roster                     []Member
	Progress                   Progress
	Scale                      []ScaleRow

	HasPrev  bool
	PrevYear string

	Domains                           []DomainRow
	Strengths, Gaps, Disagreements    []ResultRow
	MemberNames                       []string
	Assessment                        []DomainDetail
	Problem                           ProblemReport
	Plan                              PlanReport
	Carried                           CarriedReport
	CheckIns                          []CheckIn
	Reflection                        ReflectionReport
	Comments                          []CommentRow
	LevelCount                        int
	ResultsEmpty, AssessmentUnstarted bool
}

type ScaleRow struct {
	Number         int
	Label, Meaning string
}

type DomainRow struct {
	Title        string
	Average      string // "2.5", or "–" with nothing rated
	Rated, Total int
	Bar          string  // text bar for Markdown
	Percent      float64 // 0..100 of the top level, for the SVG bar
	Prev, Change string  // last year's average and the change mark, when carried
}

type ResultRow struct {
	Title, Domain string
	Consensus     string
	Spread        int
	Members       int
	Prev, Change  string
}

type DomainDetail struct {
	Title, Summary string
	Indicators     []IndicatorRow
}

type IndicatorRow struct {
	ID, Title, Statement string
	Consensus            string
	Members              []string // parallel to Report.MemberNames
	Spread               string
	Priority             bool
	Evidence             string
	Prev, Change         string
}

type QA struct{ Q, A string }

type ProblemReport struct {
	Focus  []string
	Phase  string
	Fields []QA
	Groups string
	Empty  bool
}

type ActionRow struct {
	What, Owner, Due, Status, Measure string
	Carried                           bool
}

type PlanReport struct {
	Aim, AimDate string
	AimLabel     string
	Logic        []QA
	Actions      []ActionRow
	DataPlan     []DataRow
}

type CarriedReport struct {
	Steps    []ActionRow
	Done     int
	Finished []string
	Retired  []string
}

type ConditionRow struct{ Title, Effect, Note string }

type ReflectionReport struct {
	Decision, Reason string
	Conditions       []ConditionRow
	Moves, Story     string
	DecisionLabel    string
	ConditionsLabel  string
	MovesLabel       string
	StoryLabel       string
	Empty            bool
}

type CommentRow struct{ Part, Author, Date, Text string }

// ReportItems is how many strengths, gaps and disagreements exports list.
const ReportItems = 5

// barWidth is the length of the Markdown text bars, in characters.
const barWidth = 20

// ratingText renders a rating with its scale label: "3 (Developing)", "? (Not
// sure)" or "–".
func ratingText(t *Template, r Rating) string {
	if label := CleanLine(t.LevelLabel(r)); label != "" {
		return r.String() + " (" + label + ")"
	}
	return r.String()
}

func average(v float64, rated int) string {
	if rated == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f", v)
}

func textBar(fraction float64) string {
	n := int(math.Round(fraction * barWidth))
	n = max(0, min(barWidth, n))
	return strings.Repeat("█", n) + strings.Repeat("░", barWidth-n)
}

// BuildReport lays a session out as its Report.
func BuildReport(s *Session) *Report {
	t := &s.Template
	v := &Report{
		Team: CleanLine(s.Team), District: CleanLine(s.District), SchoolYear: CleanLine(s.SchoolYear),
		TemplateTitle: CleanLine(t.Title), TemplateRef: CleanLine(t.Ref()),
		Progress: ComputeProgress(s), LevelCount: len(t.Scale.Levels),
	}
	if !s.Created.IsZero() {
		v.Created = s.Created.UTC().Format("2006-01-02")
	}
	if !s.Updated.IsZero() {
		v.Updated = s.Updated.UTC().Format("2006-01-02")
	}
	for _, m := range s.Roster {
		v.Roster = append(v.Roster, Member{ID: m.ID, Name: CleanLine(m.Name), Role: CleanLine(m.Role)})
		v.MemberNames = append(v.MemberNames, CleanLine(m.Name))
	}
	for i, l := range t.Scale.Levels {
		v.Scale = append(v.Scale, ScaleRow{Number: i + 1, Label: CleanLine(l.Label), Meaning: CleanText(l.Meaning)})
	}
	if s.Previous != nil {
		v.HasPrev, v.PrevYear = true, CleanLine(s.Previous.SchoolYear)
	}
	v.fillResults(s)
	v.fillAssessment(s)
	v.fillProblem(s)
	v.fillPlan(s)
	v.fillReflection(s)
	v.fillComments(s)
	return v
}

func (v *Report) fillResults(s *Session) {
	levels := float64(max(1, len(s.Template.Scale.Levels)))
	anyRated := false
	for _, d := range DomainScores(s) {
		row := DomainRow{Title: CleanLine(d.Title), Average: average(d.Average, d.Rated), Rated: d.Rated, Total: d.Total}
		if d.Rated > 0 {
			anyRated = true
			row.Percent = math.Round(d.Average/levels*1000) / 10
		}
		row.Bar = textBar(row.Percent / 100)
		if d.HasPrev {
			row.Prev = fmt.Sprintf("%.1f", d.PrevAverage)
			if d.Rated > 0 {
				row.Change = domainChange(d.Average, d.PrevAverage)
			}
		}
		v.Domains = append(v.Domains, row)
	}
	v.ResultsEmpty = !anyRated
	conv := func(list []IndicatorResult) []ResultRow {
		var out []ResultRow
		for _, r := range list {
			row := ResultRow{Title: CleanLine(r.Indicator.Title), Domain: CleanLine(r.DomainTitle),
				Consensus: ratingText(&s.Template, r.Consensus), Spread: r.Spread, Members: r.Members}
			if r.HasPrev {
				row.Prev = ratingText(&s.Template, r.Prev)
				row.Change = ChangeMark(r.Change)
			}
			out = append(out, row)
		}
		return out
	}
	v.Strengths = conv(Strengths(s, ReportItems))
	v.Gaps = conv(Gaps(s, ReportItems))
	v.Disagreements = conv(Disagreements(s, ReportItems))
}

// domainChange marks a domain's change in tenths of a level: "▲0.5", "▼1.0"
// or "=". Averages move in fractions, so whole-number marks would hide them.
func domainChange(now, last float64) string {
	// Compare the numbers as shown, so 1.8 beside 1.8 always reads "=".
	shown := func(x float64) float64 { v, _ := strconv.ParseFloat(fmt.Sprintf("%.1f", x), 64); return v }
	d := math.Round((shown(now)-shown(last))*10) / 10
	switch {
	case d > 0:
		return fmt.Sprintf("▲%.1f", d)
	case d < 0:
		return fmt.Sprintf("▼%.1f", -d)
	}
	return ChangeMark(0)
}

func (v *Report) fillAssessment(s *Session) {
	t := &s.Template
	v.AssessmentUnstarted = true
	v.Assessment = make([]DomainDetail, 0, len(t.Domains))
	for _, d := range t.Domains {
		dd := DomainDetail{Title: CleanLine(d.Title), Summary: CleanText(d.Summary),
			Indicators: make([]IndicatorRow, 0, len(d.Indicators))}
		for _, in := range d.Indicators {
			r := s.Ratings[in.ID]
			if r == nil {
				r = &IndicatorRating{}
			}
			row := IndicatorRow{ID: CleanLine(in.ID), Title: CleanLine(in.Title), Statement: CleanText(in.Statement),
				Consensus: ratingText(t, r.Consensus), Priority: r.Priority, Evidence: CleanText(r.Evidence)}
			row.Members = make([]string, len(s.Roster))
			for i, m := range s.Roster {
				row.Members[i] = r.Members[m.ID].String()
			}
			if _, _, spread, n := IndicatorSpread(r); n > 1 {
				row.Spread = strconv.Itoa(spread)
			} else {
				row.Spread = "–"
			}
			if r.Consensus != Unrated || len(r.Members) > 0 || r.Evidence != "" {
				v.AssessmentUnstarted = false
			}
			if s.Previous != nil {
				last := s.Previous.Baseline[in.ID]
				row.Prev = ratingText(t, last)
				if r.Consensus.Rated() && last.Rated() {
					row.Change = ChangeMark(int(r.Consensus - last))
				} else {
					row.Change = "–"
				}
			}
			dd.Indicators = append(dd.Indicators, row)
		}
		v.Assessment = append(v.Assessment, dd)
	}
}

func (v *Report) fillProblem(s *Session) {
	p := s.Problem
	f := s.Template.Prompts.Framing
	for _, id := range p.FocusIndicators {
		if in, _, ok := s.Template.Indicator(id); ok {
			v.Problem.Focus = append(v.Problem.Focus, CleanLine(in.Title))
		} else {
			v.Problem.Focus = append(v.Problem.Focus, CleanLine(id))
		}
	}
	v.Problem.Phase = CleanLine(p.Phase)
	for _, x := range []struct{ id, answer string }{
		{PromptQuestion, p.Question}, {PromptWhyMatters, p.WhyMatters}, {PromptWhoAffected, p.WhoAffected},
		{PromptImprovement, p.Improvement}, {PromptWhyChosen, p.WhyChosen}, {PromptEvidence, p.Evidence},
		{PromptStakeholders, p.Stakeholders}, {PromptWithinControl, p.WithinControl},
	} {
		if strings.TrimSpace(x.answer) != "" {
			v.Problem.Fields = append(v.Problem.Fields, QA{Q: CleanLine(PromptText(f, x.id).Text), A: CleanText(x.answer)})
		}
	}
	var groups []string
	for _, g := range p.StudentGroups {
		groups = append(groups, CleanLine(g))
	}
	v.Problem.Groups = strings.Join(groups, ", ")
	v.Problem.Empty = len(v.Problem.Focus) == 0 && v.Problem.Phase == "" && len(v.Problem.Fields) == 0 && v.Problem.Groups == ""
}

func (v *Report) fillPlan(s *Session) {
	pl := s.Plan
	pr := s.Template.Prompts.Planning
	v.Plan.Aim, v.Plan.AimDate = CleanText(pl.Aim), CleanLine(pl.AimDate)
	v.Plan.AimLabel = CleanLine(PromptText(pr, PromptAim).Text)
	for _, x := range []struct{ id, answer string }{
		{PromptInputs, pl.Logic.Inputs}, {PromptActivities, pl.Logic.Activities},
		{PromptOutputs, pl.Logic.Outputs}, {PromptOutcomes, pl.Logic.Outcomes},
	} {
		v.Plan.Logic = append(v.Plan.Logic, QA{Q: CleanLine(PromptText(pr, x.id).Text), A: CleanText(x.answer)})
	}
	for _, a := range pl.Actions {
		row := ActionRow{What: CleanText(a.What), Owner: CleanLine(OwnerName(s, a.Owner)), Due: CleanLine(a.Due),
			Status: CleanLine(a.Status), Measure: CleanText(a.Measure), Carried: a.CarriedFrom != ""}
		v.Plan.Actions = append(v.Plan.Actions, row)
		if row.Carried {
			v.Carried.Steps = append(v.Carried.Steps, row)
			if a.Status == StatusDone {
				v.Carried.Done++
			}
		}
	}
	for _, d := range pl.DataPlan {
		v.Plan.DataPlan = append(v.Plan.DataPlan, DataRow{Measure: CleanText(d.Measure), Source: CleanText(d.Source),
			Baseline: CleanText(d.Baseline), Target: CleanText(d.Target), Cadence: CleanText(d.Cadence)})
	}
	if s.Previous != nil {
		for _, f := range s.Previous.Finished {
			v.Carried.Finished = append(v.Carried.Finished, CleanLine(f))
		}
		for _, r := range s.Previous.Retired {
			v.Carried.Retired = append(v.Carried.Retired, CleanLine(r))
		}
	}
	for _, c := range s.CheckIns {
		v.CheckIns = append(v.CheckIns, CheckIn{Date: CleanLine(c.Date), Did: CleanText(c.Did),
			Learned: CleanText(c.Learned), Next: CleanText(c.Next)})
	}
}

func (v *Report) fillReflection(s *Session) {
	r := s.Reflection
	t := &s.Template
	pr := t.Prompts.Reflection
	rv := ReflectionReport{
		Decision: choiceTitle(t.Decisions, r.Decision), Reason: CleanText(r.DecisionReason),
		Moves: CleanText(r.Moves), Story: CleanText(r.Story),
		DecisionLabel:   CleanLine(PromptText(pr, PromptDecision).Text),
		ConditionsLabel: CleanLine(PromptText(pr, PromptConditions).Text),
		MovesLabel:      CleanLine(PromptText(pr, PromptMoves).Text),
		StoryLabel:      CleanLine(PromptText(pr, PromptStory).Text),
	}
	for _, c := range r.Conditions {
		rv.Conditions = append(rv.Conditions, ConditionRow{Title: choiceTitle(t.Conditions, c.Condition),
			Effect: CleanLine(c.Effect), Note: CleanText(c.Note)})
	}
	rv.Empty = rv.Decision == "" && rv.Reason == "" && rv.Moves == "" && rv.Story == "" && len(rv.Conditions) == 0
	v.Reflection = rv
}

// choiceTitle shows a template choice by its title, or its id if unknown.
func choiceTitle(list []Choice, id string) string {
	for _, c := range list {
		if c.ID == id {
			return CleanLine(c.Title)
		}
	}
	return CleanLine(id)
}

func (v *Report) fillComments(s *Session) {
	for _, c := range s.Comments {
		row := CommentRow{Part: commentPartLabel(s, c.Part), Author: CleanLine(c.Author), Text: CleanText(c.Text)}
		if !c.Created.IsZero() {
			row.Date = c.Created.UTC().Format("2006-01-02")
		}
		v.Comments = append(v.Comments, row)
	}
}

// commentPartLabel names the part of the session a comment is about.
func commentPartLabel(s *Session, part string) string {
	switch {
	case part == PartSession:
		return "Whole session"
	case part == PartProblem:
		return PartNameProblem
	case part == PartPlan:
		return PartNamePlan
	case strings.HasPrefix(part, PartIndicator):
		id := strings.TrimPrefix(part, PartIndicator)
		if in, _, ok := s.Template.Indicator(id); ok {
			return "Indicator: " + CleanLine(in.Title)
		}
		return "Indicator " + CleanLine(id)
	case strings.HasPrefix(part, PartAction):
		id := strings.TrimPrefix(part, PartAction)
		for _, a := range s.Plan.Actions {
			if a.ID == id {
				return "Action step: " + clip(a.What)
			}
		}
		return "Action step " + CleanLine(id)
	}
	return CleanLine(part)
}

// OwnerName shows an action step's owner: the roster name when the owner is
// a member id, the text as typed otherwise.
func OwnerName(s *Session, owner string) string {
	if m, ok := s.Member(owner); ok {
		return m.Name
	}
	return owner
}
