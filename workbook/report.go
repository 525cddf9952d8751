package workbook

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Report is a session laid out for reading: what every view of a session
// shows — the Markdown, HTML and CSV exports (package export), the app's
// Summary screen and the accessible mode's read-back — in order, already
// cleaned of terminal escapes; BuildReport is the one place it is made.
// Each renderer only escapes for its own format. Questions appear in the
// template's order with the team's answers, so a question added to a
// template shows everywhere without code.
type Report struct {
	Team, District, SchoolYear string
	TemplateTitle, TemplateRef string
	Created, Updated           string
	Roster                     []Member // names and roles cleaned; ids as stored
	Progress                   Progress
	Scale                      []ScaleRow
	NotSure                    string // the scale's "not sure" label

	HasPrev  bool
	PrevYear string

	Domains []DomainRow
	// Areas are the scores by Strategic Planning Guide area (none when the
	// template has no areas).
	Areas                          []DomainRow
	Strengths, Gaps, Disagreements []ResultRow
	// Priorities are the indicators the team flagged (★), lowest consensus
	// first; Flagged those whose consensus lies outside every member's
	// rating (ResultRow.Flag says so), in template order.
	Priorities, Flagged []ResultRow
	// HiddenVote: members' ratings are hidden until everyone has rated
	// (the session's choice; IndicatorRow.Hidden says where that still holds).
	HiddenVote bool
	// DisagreementNote says why Disagreements is empty (Agreement.Note).
	DisagreementNote string
	// Equity lists the team's answers to the equity pauses, in template
	// order (only indicators with an answer).
	Equity      []EquityRow
	MemberNames []string
	Assessment  []DomainDetail
	Problem     ProblemReport
	Plan        PlanReport
	Carried     CarriedReport
	CheckIns    []CheckInRow
	Reflection  ReflectionReport
	// Threads are the comment threads with anything left to read, in the
	// order the session is laid out; views show each beside its part
	// (ThreadsOn), those they did not show (on parts no longer there, or
	// not shown) at the end, and the open ones summarised first
	// (OpenThreads).
	Threads []ThreadRow
	// MergedAt and MergedFrom say when and from whom the last merge came
	// ("" when there was none); comments it brought are New.
	MergedAt, MergedFrom string
	LevelCount           int
	ResultsEmpty         bool
	AssessmentUnstarted  bool

	// AsOf is the date overdue steps are judged on ("" when the report was
	// built without a date: nothing is flagged overdue); Overdue counts them.
	AsOf    string
	Overdue int
}

type ScaleRow struct {
	Number         int
	Label, Meaning string
}

// DomainRow is the score of a domain or an area.
type DomainRow struct {
	ID, Title    string
	Average      string // "2.5", or "–" with nothing rated
	Rated, Total int
	Bar          string  // text bar for Markdown
	Percent      float64 // 0..100 of the top level, for the SVG bar
	Prev, Change string  // last year's average and the change mark, when carried
	// ChangeValue is the change unrounded (over the indicators both years
	// rated), for renderers that write numbers; HasChange says there is one.
	ChangeValue float64
	HasChange   bool
}

type ResultRow struct {
	Title, Domain string
	Consensus     string
	Spread        int
	Members       int
	Ratings       string // each member's rating, "Ana Ruiz 4, Ben Cole 2" (disagreements)
	Prev, Change  string
	Priority      bool   // flagged as a priority (★)
	Flag          string // workbook.OutsideFlag's words when the consensus lies outside the members' ratings
}

// EquityRow is the team's answer to one indicator's equity pause.
type EquityRow struct {
	Indicator, Domain string
	Pause             string // the template's question
	Answer            string
}

type DomainDetail struct {
	ID, Title, Summary string
	Indicators         []IndicatorRow
}

type IndicatorRow struct {
	ID, Title, Statement string
	Area                 string   // the area's title ("" without areas)
	Consensus            string   // "3 (Routine)", "? (Not sure)" or "–"
	Members              []string // parallel to Report.MemberNames
	Spread               string
	Priority             bool
	Evidence             string
	EquityPause          string // the template's question
	Equity               string // the team's answer
	Prev, Change         string

	// The raw values, for renderers that write numbers (CSV).
	ConsensusRating Rating
	ConsensusLabel  string   // the scale label of the consensus ("" when unrated)
	MemberRatings   []Rating // parallel to Report.Roster; all Unrated while Hidden
	PrevRating      Rating   // last year's consensus (when Report.HasPrev)

	// Hidden: a hidden vote not everyone has given yet. Members then say
	// only "voted" or "–", MemberRatings are Unrated and Spread is "–":
	// no view can show a rating. VoteNote says how far it is ("3 of 5 have
	// voted").
	Hidden   bool
	VoteNote string
	// Flag is workbook.OutsideFlag's words when the consensus lies outside
	// every member's rating ("" otherwise).
	Flag string
}

type QA struct{ Q, A string }

// AnswerRow is one template question and the team's answer.
type AnswerRow struct {
	ID       string
	Kind     QuestionKind
	Question string
	Help     string
	Required bool
	Answer   string   // the text, or the choices' titles joined by "; "
	Choices  []string // the choices' titles, for the choice kinds
	Empty    bool     // not answered yet
}

type ProblemReport struct {
	FocusLabel, PhaseLabel, QuestionLabel string
	Focus                                 []string
	Phase                                 string
	Question                              string   // the problem as one question
	Tools                                 []string // the tools it names, cleaned
	Answers                               []AnswerRow
	Empty                                 bool
}

type ActionRow struct {
	ID, What, Owner, Due, Status, Measure string
	Carried                               bool
	// Overdue: due before Report.AsOf and not done.
	Overdue bool
	// Flags marks the step in words for every view: "overdue", "carried
	// from last year", or both joined by ", " ("" for neither).
	Flags  string
	Cycles []CycleRow
}

// CycleRow is one improvement cycle of an action step, in words.
type CycleRow struct {
	Date, Change, Prediction, Happened string
	Act                                string // "adopt", "adapt", "abandon", or "" while it runs
	CheckIn                            string // the date of the check-in it was studied at ("" when none)
}

// CheckInRow is one check-in with what was recorded at it: the measures'
// values ("Logins per week: 42") and the cycles studied ("Coach PLCs:
// adopt").
type CheckInRow struct {
	ID, Date, Did, Learned, Next, Notes string
	Values, Cycles                      []string
}

type PlanReport struct {
	Aim, AimDate                string
	AimLabel                    string
	Logic                       []QA
	ActionsLabel, DataPlanLabel string
	Actions                     []ActionRow
	DataPlan                    []DataRow
	Answers                     []AnswerRow
	// Measures are the data plan's measures with their dated values, for
	// run charts (parallel to DataPlan).
	Measures []MeasureSeries
}

type CarriedReport struct {
	Steps    []ActionRow
	Done     int
	Finished []string
	Retired  []string
}

type ConditionRow struct{ Title, Effect, Note string }

type ReflectionReport struct {
	CheckInLabel    string
	Decision        string // the decision's title
	Reason          string
	Conditions      []ConditionRow
	DecisionLabel   string
	ConditionsLabel string
	Answers         []AnswerRow
	Empty           bool
}

// ThreadRow is a comment thread as views show it.
type ThreadRow struct {
	Part   string  // names the part for people: "Indicator “Shared vision”"
	On     string  // the same in a sentence: "indicator “Shared vision”"
	Key    PartRef // the part, for views that show the thread in place
	Open   bool
	Status string // "open", or "resolved by Dana, 2026-03-04"
	New    bool   // a comment of it came with the last merge
	// Comments are the first comment, then the replies, oldest first.
	Comments []CommentRow
}

// CommentRow is one comment of a thread.
type CommentRow struct {
	ID                          string
	Author                      string // "Rosa (coach)"
	Name                        string // "Rosa"
	Role                        string // RoleCoach, RoleTeam or ""
	Date                        string // "2026-03-01" ("" when unknown)
	Text                        string // "" for a deleted comment
	Reply, Edited, Deleted, New bool
}

// First is the thread's first comment.
func (t ThreadRow) First() CommentRow { return t.Comments[0] }

// Replies counts the replies that were not deleted.
func (t ThreadRow) Replies() int {
	n := 0
	for _, c := range t.Comments[1:] {
		if !c.Deleted {
			n++
		}
	}
	return n
}

// ThreadsOn returns the threads on one part.
func (v *Report) ThreadsOn(p PartRef) []ThreadRow {
	var out []ThreadRow
	for _, t := range v.Threads {
		if t.Key == p {
			out = append(out, t)
		}
	}
	return out
}

// OpenThreads returns the threads not resolved.
func (v *Report) OpenThreads() []ThreadRow {
	var out []ThreadRow
	for _, t := range v.Threads {
		if t.Open {
			out = append(out, t)
		}
	}
	return out
}

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
	return FormatScore(v)
}

func textBar(fraction float64) string {
	n := int(math.Round(fraction * barWidth))
	n = max(0, min(barWidth, n))
	return strings.Repeat("█", n) + strings.Repeat("░", barWidth-n)
}

// BuildReport lays a session out as its Report, with no date to judge
// overdue steps by (BuildReportAt).
func BuildReport(s *Session) *Report { return BuildReportAt(s, time.Time{}) }

// BuildReportAt lays a session out as its Report; steps due before today
// and not done are flagged overdue (today comes from the caller's clock;
// a zero today flags nothing).
func BuildReportAt(s *Session, today time.Time) *Report {
	t := &s.Template
	v := &Report{
		Team: CleanLine(s.Team), District: CleanLine(s.District), SchoolYear: CleanLine(s.SchoolYear),
		TemplateTitle: CleanLine(t.Title), TemplateRef: CleanLine(t.Ref()),
		Progress: ComputeProgress(s), LevelCount: len(t.Scale.Levels), NotSure: CleanLine(t.Scale.NotSure),
	}
	if !s.Created.IsZero() {
		v.Created = s.Created.UTC().Format("2006-01-02")
	}
	if !s.Updated.IsZero() {
		v.Updated = s.Updated.UTC().Format("2006-01-02")
	}
	for _, m := range s.Roster {
		v.Roster = append(v.Roster, Member{ID: m.ID, Name: CleanLine(m.Name), Role: CleanLine(m.Role), Former: m.Former})
		v.MemberNames = append(v.MemberNames, CleanLine(MemberName(m)))
	}
	v.HiddenVote = s.HiddenVote
	for i, l := range t.Scale.Levels {
		v.Scale = append(v.Scale, ScaleRow{Number: i + 1, Label: CleanLine(l.Label), Meaning: CleanText(l.Meaning)})
	}
	if s.Previous != nil {
		v.HasPrev, v.PrevYear = true, CleanLine(s.Previous.SchoolYear)
	}
	if !today.IsZero() {
		v.AsOf = today.Format(time.DateOnly)
	}
	v.fillResults(s)
	v.fillAssessment(s)
	v.fillProblem(s)
	v.fillPlan(s, today)
	v.fillReflection(s)
	v.fillThreads(s)
	return v
}

func (v *Report) fillResults(s *Session) {
	levels := float64(max(1, len(s.Template.Scale.Levels)))
	anyRated := false
	row := func(d DomainScore) DomainRow {
		row := DomainRow{ID: CleanLine(d.DomainID), Title: CleanLine(d.Title), Average: average(d.Average, d.Rated), Rated: d.Rated, Total: d.Total}
		if d.Rated > 0 {
			anyRated = true
			row.Percent = math.Round(d.Average/levels*1000) / 10
		}
		row.Bar = textBar(row.Percent / 100)
		if d.HasPrev {
			row.Prev = FormatScore(d.PrevAverage)
		}
		if d.HasChange() {
			row.Change = FormatChange(d.Change)
			row.ChangeValue, row.HasChange = d.Change, true
		}
		return row
	}
	for _, d := range DomainScores(s) {
		v.Domains = append(v.Domains, row(d))
	}
	for _, a := range AreaScores(s) {
		v.Areas = append(v.Areas, row(a))
	}
	v.ResultsEmpty = !anyRated
	conv := func(list []IndicatorResult) []ResultRow {
		var out []ResultRow
		for _, r := range list {
			row := ResultRow{Title: CleanLine(r.Indicator.Title), Domain: CleanLine(r.DomainTitle),
				Consensus: ratingText(&s.Template, r.Consensus), Spread: r.Spread, Members: r.Members, Priority: r.Priority}
			if r.Outside {
				row.Flag = OutsideFlag(r.Consensus, r.Lo, r.Hi)
			}
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
	for i, d := range Disagreements(s, ReportItems) {
		v.Disagreements[i].Ratings = MemberRatings(s, d.Indicator.ID)
	}
	v.DisagreementNote = MemberAgreement(s).Note()
	v.Priorities = conv(Priorities(s))
	v.Flagged = conv(Flagged(s))
	for _, d := range s.Template.Domains {
		for _, in := range d.Indicators {
			if r := s.Ratings[in.ID]; r != nil && strings.TrimSpace(r.Equity) != "" {
				v.Equity = append(v.Equity, EquityRow{Indicator: CleanLine(in.Title), Domain: CleanLine(d.Title),
					Pause: CleanLine(in.EquityPause), Answer: CleanText(r.Equity)})
			}
		}
	}
}

func (v *Report) fillAssessment(s *Session) {
	t := &s.Template
	v.AssessmentUnstarted = true
	v.Assessment = make([]DomainDetail, 0, len(t.Domains))
	for _, d := range t.Domains {
		dd := DomainDetail{ID: CleanLine(d.ID), Title: CleanLine(d.Title), Summary: CleanText(d.Summary),
			Indicators: make([]IndicatorRow, 0, len(d.Indicators))}
		for _, in := range d.Indicators {
			r := s.Ratings[in.ID]
			if r == nil {
				r = &IndicatorRating{}
			}
			row := IndicatorRow{ID: CleanLine(in.ID), Title: CleanLine(in.Title), Statement: CleanText(in.Statement),
				Consensus: ratingText(t, r.Consensus), Priority: r.Priority, Evidence: CleanText(r.Evidence),
				EquityPause: CleanText(in.EquityPause), Equity: CleanText(r.Equity),
				ConsensusRating: r.Consensus, ConsensusLabel: CleanLine(t.LevelLabel(r.Consensus))}
			if a, ok := t.Area(in.Area); ok {
				row.Area = CleanLine(a.Title)
			}
			row.Members = make([]string, len(s.Roster))
			row.MemberRatings = make([]Rating, len(s.Roster))
			vote := s.Vote(in.ID)
			row.Hidden = vote.Concealed()
			for i, m := range s.Roster {
				switch {
				case !row.Hidden:
					row.MemberRatings[i] = r.Members[m.ID]
					row.Members[i] = row.MemberRatings[i].String()
				case r.Members[m.ID] != Unrated:
					row.Members[i] = "voted"
				default:
					row.Members[i] = Unrated.String()
				}
			}
			if row.Hidden {
				row.VoteNote = "hidden vote: " + vote.Note()
			}
			if _, _, spread, n := IndicatorSpread(r); n > 1 && !row.Hidden {
				row.Spread = strconv.Itoa(spread)
			} else {
				row.Spread = "–"
			}
			if lo, hi, out := s.ConsensusOutside(in.ID); out {
				row.Flag = OutsideFlag(r.Consensus, lo, hi)
			}
			if r.Consensus != Unrated || len(r.Members) > 0 || r.Evidence != "" || r.Equity != "" {
				v.AssessmentUnstarted = false
			}
			if s.Previous != nil {
				last := s.Previous.Baseline[in.ID]
				row.PrevRating = last
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

// answerRows lays out one part's questions, in template order, with the
// session's answers.
func answerRows(s *Session, qs []Question) []AnswerRow {
	out := make([]AnswerRow, 0, len(qs))
	for _, q := range qs {
		a := s.Answers[q.ID]
		row := AnswerRow{ID: CleanLine(q.ID), Kind: q.Kind, Question: CleanLine(q.Text), Help: CleanText(q.Help),
			Required: q.Required, Empty: a.Empty()}
		if q.Kind.Chosen() {
			for _, c := range a.Choices {
				title := c
				if o, ok := q.Option(c); ok {
					title = o.Title
				}
				row.Choices = append(row.Choices, CleanLine(title))
			}
			row.Answer = strings.Join(row.Choices, "; ")
		} else {
			row.Answer = CleanText(a.Text)
		}
		out = append(out, row)
	}
	return out
}

func (v *Report) fillProblem(s *Session) {
	p := s.Problem
	pr := &s.Template.Prompts
	v.Problem.FocusLabel = CleanLine(pr.Focus.Text)
	v.Problem.PhaseLabel = CleanLine(pr.Phase.Text)
	v.Problem.QuestionLabel = CleanLine(pr.Problem.Text)
	for _, id := range p.FocusIndicators {
		if in, _, ok := s.Template.Indicator(id); ok {
			v.Problem.Focus = append(v.Problem.Focus, CleanLine(in.Title))
		} else {
			v.Problem.Focus = append(v.Problem.Focus, CleanLine(id))
		}
	}
	v.Problem.Phase = CleanLine(p.Phase)
	v.Problem.Question = CleanText(p.Question)
	for _, t := range p.Tools {
		v.Problem.Tools = append(v.Problem.Tools, CleanLine(t.Name))
	}
	v.Problem.Answers = answerRows(s, s.Template.Questions.Problem)
	v.Problem.Empty = len(v.Problem.Focus) == 0 && len(v.Problem.Tools) == 0 && v.Problem.Phase == "" && strings.TrimSpace(v.Problem.Question) == "" &&
		allEmpty(v.Problem.Answers)
}

func allEmpty(rows []AnswerRow) bool {
	for _, r := range rows {
		if !r.Empty {
			return false
		}
	}
	return true
}

func (v *Report) fillPlan(s *Session, today time.Time) {
	pl := s.Plan
	pr := &s.Template.Prompts
	v.Plan.Aim, v.Plan.AimDate = CleanText(pl.Aim), CleanLine(pl.AimDate)
	v.Plan.AimLabel = CleanLine(pr.Aim.Text)
	v.Plan.ActionsLabel = CleanLine(pr.ActionSteps.Text)
	v.Plan.DataPlanLabel = CleanLine(pr.DataPlan.Text)
	for _, x := range []struct {
		p      Prompt
		answer string
	}{
		{pr.Inputs, pl.Logic.Inputs}, {pr.Activities, pl.Logic.Activities},
		{pr.Outputs, pl.Logic.Outputs}, {pr.Outcomes, pl.Logic.Outcomes},
	} {
		v.Plan.Logic = append(v.Plan.Logic, QA{Q: CleanLine(x.p.Text), A: CleanText(x.answer)})
	}
	checkInDate := map[string]string{}
	for _, c := range s.CheckIns {
		checkInDate[c.ID] = CleanLine(c.Date)
	}
	for _, a := range pl.Actions {
		row := ActionRow{ID: CleanLine(a.ID), What: CleanText(a.What), Owner: CleanLine(OwnerName(s, a.Owner)), Due: CleanLine(a.Due),
			Status: CleanLine(a.Status), Measure: CleanText(a.Measure), Carried: a.CarriedFrom != "", Overdue: a.Overdue(today)}
		row.Flags = StepFlags(row.Overdue, row.Carried)
		if row.Overdue {
			v.Overdue++
		}
		for _, c := range a.Cycles {
			row.Cycles = append(row.Cycles, CycleRow{Date: CleanLine(c.Date), Change: CleanText(c.Change),
				Prediction: CleanText(c.Prediction), Happened: CleanText(c.Happened), Act: CleanLine(c.Act),
				CheckIn: checkInDate[c.CheckIn]})
		}
		v.Plan.Actions = append(v.Plan.Actions, row)
		if row.Carried {
			v.Carried.Steps = append(v.Carried.Steps, row)
			if a.Status == StatusDone {
				v.Carried.Done++
			}
		}
	}
	for _, d := range pl.DataPlan {
		row := DataRow{ID: CleanLine(d.ID), Measure: CleanText(d.Measure), Source: CleanText(d.Source),
			Baseline: CleanText(d.Baseline), Target: CleanText(d.Target), Cadence: CleanText(d.Cadence)}
		for _, x := range d.Values {
			row.Values = append(row.Values, MeasureValue{ID: CleanLine(x.ID), Date: CleanLine(x.Date), Value: CleanLine(x.Value),
				Note: CleanText(x.Note), CheckIn: CleanLine(x.CheckIn)})
		}
		v.Plan.DataPlan = append(v.Plan.DataPlan, row)
		v.Plan.Measures = append(v.Plan.Measures, NewMeasureSeries(row, checkInDate))
	}
	v.Plan.Answers = answerRows(s, s.Template.Questions.Plan)
	if s.Previous != nil {
		for _, f := range s.Previous.Finished {
			v.Carried.Finished = append(v.Carried.Finished, CleanLine(f))
		}
		for _, r := range s.Previous.Retired {
			v.Carried.Retired = append(v.Carried.Retired, CleanLine(r))
		}
	}
	for _, c := range s.CheckIns {
		row := CheckInRow{ID: CleanLine(c.ID), Date: CleanLine(c.Date), Did: CleanText(c.Did),
			Learned: CleanText(c.Learned), Next: CleanText(c.Next), Notes: CleanText(c.Notes)}
		for _, d := range pl.DataPlan {
			for _, x := range d.SortedValues() {
				if x.CheckIn == c.ID {
					row.Values = append(row.Values, strings.TrimRight(clip(d.Measure), ".")+": "+CleanLine(x.Value))
				}
			}
		}
		for _, a := range pl.Actions {
			for _, cy := range a.Cycles {
				if cy.CheckIn == c.ID {
					row.Cycles = append(row.Cycles, strings.TrimRight(clip(a.What), ".")+": "+orText(CleanLine(cy.Act), "still running"))
				}
			}
		}
		v.CheckIns = append(v.CheckIns, row)
	}
}

func (v *Report) fillReflection(s *Session) {
	r := s.Reflection
	t := &s.Template
	pr := &t.Prompts
	rv := ReflectionReport{
		CheckInLabel: CleanLine(pr.CheckIn.Text),
		Decision:     choiceTitle(t.Decisions, r.Decision), Reason: CleanText(r.DecisionReason),
		DecisionLabel:   CleanLine(pr.Decision.Text),
		ConditionsLabel: CleanLine(pr.Conditions.Text),
		Answers:         answerRows(s, t.Questions.Reflection),
	}
	for _, c := range r.Conditions {
		rv.Conditions = append(rv.Conditions, ConditionRow{Title: choiceTitle(t.Conditions, c.Condition),
			Effect: CleanLine(c.Effect), Note: CleanText(c.Note)})
	}
	rv.Empty = rv.Decision == "" && rv.Reason == "" && len(rv.Conditions) == 0 && allEmpty(rv.Answers)
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

func (v *Report) fillThreads(s *Session) {
	if s.Merged != nil {
		v.MergedAt, v.MergedFrom = s.Merged.At.UTC().Format("2006-01-02"), CleanLine(s.Merged.From)
	}
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02")
	}
	for _, t := range Threads(s) {
		if !t.Live() {
			continue
		}
		on := PartTitle(s, t.Root.Part)
		row := ThreadRow{Part: capitalize(on), On: on, Key: t.Root.Part,
			Open: t.Open(), Status: "open"}
		if !row.Open {
			row.Status = "resolved"
			if by := CleanLine(t.Root.ResolvedBy); by != "" {
				row.Status += " by " + by
			}
			if d := date(t.Root.StateAt); d != "" {
				row.Status += ", " + d
			}
		}
		for _, c := range t.Comments() {
			cr := CommentRow{ID: c.ID, Author: c.Label(), Name: CleanLine(c.Author), Role: CleanLine(c.Role), Date: date(c.Created), Text: CleanText(c.Text),
				Reply: c.IsReply(), Edited: !c.Edited.IsZero(), Deleted: c.IsDeleted(), New: s.IsNew(c.ID)}
			row.New = row.New || cr.New
			row.Comments = append(row.Comments, cr)
		}
		v.Threads = append(v.Threads, row)
	}
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// OwnerName shows an action step's owner: the roster name when the owner is
// a member id, the text as typed otherwise.
func OwnerName(s *Session, owner string) string {
	if m, ok := s.Member(owner); ok {
		return MemberName(m)
	}
	return owner
}

// StepFlags marks an action step in words: "overdue", "carried from last
// year", both, or "".
func StepFlags(overdue, carried bool) string {
	var flags []string
	if overdue {
		flags = append(flags, FlagOverdue)
	}
	if carried {
		flags = append(flags, FlagCarried)
	}
	return strings.Join(flags, ", ")
}

// The words that flag an action step in every view (never colour alone).
const (
	FlagOverdue = "overdue"
	FlagCarried = "carried from last year"
)

// orText is s, or alt when s is blank.
func orText(s, alt string) string {
	if strings.TrimSpace(s) == "" {
		return alt
	}
	return s
}
