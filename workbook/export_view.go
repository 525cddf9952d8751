package workbook

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// summaryView is a session laid out for reading: what the Markdown and HTML
// exports show, in order, already cleaned of terminal escapes. Each renderer
// only escapes for its own format.
type summaryView struct {
	Team, District, SchoolYear string
	TemplateTitle, TemplateRef string
	Created, Updated           string
	Roster                     []Member
	Progress                   Progress
	Scale                      []scaleRow

	HasPrev  bool
	PrevYear string

	Domains                           []domainRow
	Strengths, Gaps, Disagreements    []resultRow
	MemberNames                       []string
	Assessment                        []domainDetail
	Problem                           problemView
	Plan                              planView
	Carried                           carriedView
	CheckIns                          []CheckIn
	Reflection                        reflectionView
	Comments                          []commentRow
	LevelCount                        int
	ResultsEmpty, AssessmentUnstarted bool
}

type scaleRow struct {
	Number         int
	Label, Meaning string
}

type domainRow struct {
	Title        string
	Average      string // "2.5", or "–" with nothing rated
	Rated, Total int
	Bar          string  // text bar for Markdown
	Percent      float64 // 0..100 of the top level, for the SVG bar
	Prev, Change string  // last year's average and the change mark, when carried
}

type resultRow struct {
	Title, Domain string
	Consensus     string
	Spread        int
	Members       int
	Prev, Change  string
}

type domainDetail struct {
	Title, Summary string
	Indicators     []indicatorRow
}

type indicatorRow struct {
	ID, Title, Statement string
	Consensus            string
	Members              []string // parallel to summaryView.MemberNames
	Spread               string
	Priority             bool
	Evidence             string
	Prev, Change         string
}

type qa struct{ Q, A string }

type problemView struct {
	Focus  []string
	Phase  string
	Fields []qa
	Groups string
	Empty  bool
}

type actionRow struct {
	What, Owner, Due, Status, Measure string
	Carried                           bool
}

type planView struct {
	Aim, AimDate string
	AimLabel     string
	Logic        []qa
	Actions      []actionRow
	DataPlan     []DataRow
}

type carriedView struct {
	Steps    []actionRow
	Done     int
	Finished []string
	Retired  []string
}

type conditionRow struct{ Title, Effect, Note string }

type reflectionView struct {
	Decision, Reason string
	Conditions       []conditionRow
	Moves, Story     string
	DecisionLabel    string
	ConditionsLabel  string
	MovesLabel       string
	StoryLabel       string
	Empty            bool
}

type commentRow struct{ Part, Author, Date, Text string }

// summaryItems is how many strengths, gaps and disagreements exports list.
const summaryItems = 5

// barWidth is the length of the Markdown text bars, in characters.
const barWidth = 20

// ratingText renders a rating with its scale label: "3 (Developing)", "? (Not
// sure)" or "–".
func ratingText(t *Template, r Rating) string {
	if label := cleanLine(t.LevelLabel(r)); label != "" {
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

func newSummaryView(s *Session) *summaryView {
	t := &s.Template
	v := &summaryView{
		Team: cleanLine(s.Team), District: cleanLine(s.District), SchoolYear: cleanLine(s.SchoolYear),
		TemplateTitle: cleanLine(t.Title), TemplateRef: cleanLine(t.Ref()),
		Progress: ComputeProgress(s), LevelCount: len(t.Scale.Levels),
	}
	if !s.Created.IsZero() {
		v.Created = s.Created.UTC().Format("2006-01-02")
	}
	if !s.Updated.IsZero() {
		v.Updated = s.Updated.UTC().Format("2006-01-02")
	}
	for _, m := range s.Roster {
		v.Roster = append(v.Roster, Member{ID: m.ID, Name: cleanLine(m.Name), Role: cleanLine(m.Role)})
		v.MemberNames = append(v.MemberNames, cleanLine(m.Name))
	}
	for i, l := range t.Scale.Levels {
		v.Scale = append(v.Scale, scaleRow{Number: i + 1, Label: cleanLine(l.Label), Meaning: cleanText(l.Meaning)})
	}
	if s.Previous != nil {
		v.HasPrev, v.PrevYear = true, cleanLine(s.Previous.SchoolYear)
	}
	v.fillResults(s)
	v.fillAssessment(s)
	v.fillProblem(s)
	v.fillPlan(s)
	v.fillReflection(s)
	v.fillComments(s)
	return v
}

func (v *summaryView) fillResults(s *Session) {
	levels := float64(max(1, len(s.Template.Scale.Levels)))
	anyRated := false
	for _, d := range DomainScores(s) {
		row := domainRow{Title: cleanLine(d.Title), Average: average(d.Average, d.Rated), Rated: d.Rated, Total: d.Total}
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
	conv := func(list []IndicatorResult) []resultRow {
		var out []resultRow
		for _, r := range list {
			row := resultRow{Title: cleanLine(r.Indicator.Title), Domain: cleanLine(r.DomainTitle),
				Consensus: ratingText(&s.Template, r.Consensus), Spread: r.Spread, Members: r.Members}
			if r.HasPrev {
				row.Prev = ratingText(&s.Template, r.Prev)
				row.Change = ChangeMark(r.Change)
			}
			out = append(out, row)
		}
		return out
	}
	v.Strengths = conv(Strengths(s, summaryItems))
	v.Gaps = conv(Gaps(s, summaryItems))
	v.Disagreements = conv(Disagreements(s, summaryItems))
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

func (v *summaryView) fillAssessment(s *Session) {
	t := &s.Template
	v.AssessmentUnstarted = true
	v.Assessment = make([]domainDetail, 0, len(t.Domains))
	for _, d := range t.Domains {
		dd := domainDetail{Title: cleanLine(d.Title), Summary: cleanText(d.Summary),
			Indicators: make([]indicatorRow, 0, len(d.Indicators))}
		for _, in := range d.Indicators {
			r := s.Ratings[in.ID]
			if r == nil {
				r = &IndicatorRating{}
			}
			row := indicatorRow{ID: cleanLine(in.ID), Title: cleanLine(in.Title), Statement: cleanText(in.Statement),
				Consensus: ratingText(t, r.Consensus), Priority: r.Priority, Evidence: cleanText(r.Evidence)}
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

func (v *summaryView) fillProblem(s *Session) {
	p := s.Problem
	f := s.Template.Prompts.Framing
	for _, id := range p.FocusIndicators {
		if in, _, ok := s.Template.Indicator(id); ok {
			v.Problem.Focus = append(v.Problem.Focus, cleanLine(in.Title))
		} else {
			v.Problem.Focus = append(v.Problem.Focus, cleanLine(id))
		}
	}
	v.Problem.Phase = cleanLine(p.Phase)
	for _, x := range []struct{ id, answer string }{
		{PromptQuestion, p.Question}, {PromptWhyMatters, p.WhyMatters}, {PromptWhoAffected, p.WhoAffected},
		{PromptImprovement, p.Improvement}, {PromptWhyChosen, p.WhyChosen}, {PromptEvidence, p.Evidence},
		{PromptStakeholders, p.Stakeholders}, {PromptWithinControl, p.WithinControl},
	} {
		if strings.TrimSpace(x.answer) != "" {
			v.Problem.Fields = append(v.Problem.Fields, qa{Q: cleanLine(PromptText(f, x.id).Text), A: cleanText(x.answer)})
		}
	}
	var groups []string
	for _, g := range p.StudentGroups {
		groups = append(groups, cleanLine(g))
	}
	v.Problem.Groups = strings.Join(groups, ", ")
	v.Problem.Empty = len(v.Problem.Focus) == 0 && v.Problem.Phase == "" && len(v.Problem.Fields) == 0 && v.Problem.Groups == ""
}

func (v *summaryView) fillPlan(s *Session) {
	pl := s.Plan
	pr := s.Template.Prompts.Planning
	v.Plan.Aim, v.Plan.AimDate = cleanText(pl.Aim), cleanLine(pl.AimDate)
	v.Plan.AimLabel = cleanLine(PromptText(pr, PromptAim).Text)
	for _, x := range []struct{ id, answer string }{
		{PromptInputs, pl.Logic.Inputs}, {PromptActivities, pl.Logic.Activities},
		{PromptOutputs, pl.Logic.Outputs}, {PromptOutcomes, pl.Logic.Outcomes},
	} {
		v.Plan.Logic = append(v.Plan.Logic, qa{Q: cleanLine(PromptText(pr, x.id).Text), A: cleanText(x.answer)})
	}
	for _, a := range pl.Actions {
		row := actionRow{What: cleanText(a.What), Owner: cleanLine(ownerName(s, a.Owner)), Due: cleanLine(a.Due),
			Status: cleanLine(a.Status), Measure: cleanText(a.Measure), Carried: a.CarriedFrom != ""}
		v.Plan.Actions = append(v.Plan.Actions, row)
		if row.Carried {
			v.Carried.Steps = append(v.Carried.Steps, row)
			if a.Status == StatusDone {
				v.Carried.Done++
			}
		}
	}
	for _, d := range pl.DataPlan {
		v.Plan.DataPlan = append(v.Plan.DataPlan, DataRow{Measure: cleanText(d.Measure), Source: cleanText(d.Source),
			Baseline: cleanText(d.Baseline), Target: cleanText(d.Target), Cadence: cleanText(d.Cadence)})
	}
	if s.Previous != nil {
		for _, f := range s.Previous.Finished {
			v.Carried.Finished = append(v.Carried.Finished, cleanLine(f))
		}
		for _, r := range s.Previous.Retired {
			v.Carried.Retired = append(v.Carried.Retired, cleanLine(r))
		}
	}
	for _, c := range s.CheckIns {
		v.CheckIns = append(v.CheckIns, CheckIn{Date: cleanLine(c.Date), Did: cleanText(c.Did),
			Learned: cleanText(c.Learned), Next: cleanText(c.Next)})
	}
}

func (v *summaryView) fillReflection(s *Session) {
	r := s.Reflection
	t := &s.Template
	pr := t.Prompts.Reflection
	rv := reflectionView{
		Decision: choiceTitle(t.Decisions, r.Decision), Reason: cleanText(r.DecisionReason),
		Moves: cleanText(r.Moves), Story: cleanText(r.Story),
		DecisionLabel:   cleanLine(PromptText(pr, PromptDecision).Text),
		ConditionsLabel: cleanLine(PromptText(pr, PromptConditions).Text),
		MovesLabel:      cleanLine(PromptText(pr, PromptMoves).Text),
		StoryLabel:      cleanLine(PromptText(pr, PromptStory).Text),
	}
	for _, c := range r.Conditions {
		rv.Conditions = append(rv.Conditions, conditionRow{Title: choiceTitle(t.Conditions, c.Condition),
			Effect: cleanLine(c.Effect), Note: cleanText(c.Note)})
	}
	rv.Empty = rv.Decision == "" && rv.Reason == "" && rv.Moves == "" && rv.Story == "" && len(rv.Conditions) == 0
	v.Reflection = rv
}

// choiceTitle shows a template choice by its title, or its id if unknown.
func choiceTitle(list []Choice, id string) string {
	for _, c := range list {
		if c.ID == id {
			return cleanLine(c.Title)
		}
	}
	return cleanLine(id)
}

func (v *summaryView) fillComments(s *Session) {
	for _, c := range s.Comments {
		row := commentRow{Part: commentPartLabel(s, c.Part), Author: cleanLine(c.Author), Text: cleanText(c.Text)}
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
			return "Indicator: " + cleanLine(in.Title)
		}
		return "Indicator " + cleanLine(id)
	case strings.HasPrefix(part, PartAction):
		id := strings.TrimPrefix(part, PartAction)
		for _, a := range s.Plan.Actions {
			if a.ID == id {
				return "Action step: " + clip(a.What)
			}
		}
		return "Action step " + cleanLine(id)
	}
	return cleanLine(part)
}

// cleanText and cleanLine are CleanText and CleanLine (which skip text
// that needs no cleaning without allocating).
func cleanText(s string) string { return CleanText(s) }

func cleanLine(s string) string { return CleanLine(s) }
