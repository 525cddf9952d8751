package workbook

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Format 1: the shapes before templates declared their questions (template
// file format 1, exchange format 1, store schema 2 and earlier). There a
// template's prompts were three lists of prompts with fixed ids, and a
// session kept the framing and reflection answers in fixed fields. Files
// of that shape are still read: everything here converts them, the same
// way for a YAML template (package templatefile), an imported session file
// and the store's migration. The types are frozen copies of the old
// shapes; the types they share with today's (Member, Plan, CheckIn,
// Comment, PreviousYear, Scale, Choice, ContextNotes) have not changed
// since. Should one change, freeze its old shape here.

// Format-1 prompt ids, per section: the ids a format-1 template must define.
const (
	V1WhyMatters    = "why_matters"
	V1WhoAffected   = "who_affected"
	V1Improvement   = "improvement"
	V1Question      = "question"
	V1WhyChosen     = "why_chosen"
	V1Evidence      = "evidence"
	V1Centered      = "centered"
	V1Stakeholders  = "stakeholders"
	V1WithinControl = "within_control"
	V1Moves         = "leadership_moves"
	V1Story         = "story"
)

// V1PromptIDs lists, per format-1 prompt section, the ids a format-1
// template must define.
func V1PromptIDs(section string) []string {
	switch section {
	case "framing":
		return []string{V1WhyMatters, V1WhoAffected, V1Improvement, V1Question, V1WhyChosen, V1Evidence,
			V1Centered, V1Stakeholders, V1WithinControl}
	case "planning":
		return []string{string(PromptAim), string(PromptInputs), string(PromptActivities), string(PromptOutputs),
			string(PromptOutcomes), string(PromptActionSteps), string(PromptDataPlan)}
	case "reflection":
		return []string{string(PromptCheckIn), string(PromptDecision), string(PromptConditions), V1Moves, V1Story}
	}
	return nil
}

// V1Prompt is a prompt of format 1: an id from V1PromptIDs, text and help.
type V1Prompt struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	Help string `json:"help,omitempty"`
}

// V1Prompts are the prompts of a format-1 template.
type V1Prompts struct {
	Framing    []V1Prompt `json:"framing"`
	Planning   []V1Prompt `json:"planning"`
	Reflection []V1Prompt `json:"reflection"`
}

// Wording of the prompts format 1 did not have: the app asked these in its
// own words.
const (
	v1FocusText = "Which indicators will the work focus on?"
	v1FocusHelp = "Pick them from the self-assessment; the priorities and the lowest ratings are the usual places to look."
	v1PhaseText = "Phase of the cycle"
	v1PhaseHelp = "Is the problem about selecting tools, implementing them, or evaluating them?"
)

// Convert turns format-1 prompts into today's prompts and questions:
// framing `question` words the problem (Prompts.Problem); the other framing
// prompts become problem questions (long text; `centered` a student-groups
// question), in the file's order; the planning prompts and reflection
// check_in, decision and conditions word the structured parts; reflection
// leadership_moves and story become reflection questions (long text). No
// question is required. Ids outside V1PromptIDs are left out (the format-1
// rules refuse them).
func (p V1Prompts) Convert() (Prompts, Questions) {
	prompts := Prompts{Focus: Prompt{Text: v1FocusText, Help: v1FocusHelp}, Phase: Prompt{Text: v1PhaseText, Help: v1PhaseHelp}}
	var qs Questions
	for _, f := range p.Framing {
		switch f.ID {
		case V1Question:
			prompts.Problem = Prompt{Text: f.Text, Help: f.Help}
		case V1Centered:
			qs.Problem = append(qs.Problem, Question{ID: f.ID, Kind: KindStudentGroups, Text: f.Text, Help: f.Help})
		case V1WhyMatters, V1WhoAffected, V1Improvement, V1WhyChosen, V1Evidence, V1Stakeholders, V1WithinControl:
			qs.Problem = append(qs.Problem, Question{ID: f.ID, Kind: KindLongText, Text: f.Text, Help: f.Help})
		}
	}
	for _, f := range p.Planning {
		if pr := prompts.Get(PromptID(f.ID)); pr != nil {
			*pr = Prompt{Text: f.Text, Help: f.Help}
		}
	}
	for _, f := range p.Reflection {
		switch f.ID {
		case V1Moves, V1Story:
			qs.Reflection = append(qs.Reflection, Question{ID: f.ID, Kind: KindLongText, Text: f.Text, Help: f.Help})
		case string(PromptCheckIn), string(PromptDecision), string(PromptConditions):
			*prompts.Get(PromptID(f.ID)) = Prompt{Text: f.Text, Help: f.Help}
		}
	}
	return prompts, qs
}

// v1Template is a template snapshot as format 1 stored it in JSON.
type v1Template struct {
	ID              string     `json:"id"`
	Version         int        `json:"version"`
	Title           string     `json:"title"`
	SchoolYear      string     `json:"school_year,omitempty"`
	Description     string     `json:"description,omitempty"`
	Scale           Scale      `json:"scale"`
	Domains         []v1Domain `json:"domains"`
	Prompts         V1Prompts  `json:"prompts"`
	StudentGroups   []string   `json:"student_groups"`
	Roles           []string   `json:"roles"`
	Conditions      []Choice   `json:"conditions"`
	LeadershipMoves []Choice   `json:"leadership_moves"`
	Decisions       []Choice   `json:"decisions"`
}

type v1Domain struct {
	ID         string        `json:"id"`
	Title      string        `json:"title"`
	Summary    string        `json:"summary,omitempty"`
	Indicators []v1Indicator `json:"indicators"`
}

type v1Indicator struct {
	ID          string       `json:"id"`
	Title       string       `json:"title"`
	Statement   string       `json:"statement"`
	Phase       string       `json:"phase,omitempty"`
	Levels      []string     `json:"levels"`
	EquityPause string       `json:"equity_pause,omitempty"`
	Context     ContextNotes `json:"context"`
}

func (t *v1Template) convert() Template {
	out := Template{ID: t.ID, Version: t.Version, Title: t.Title, SchoolYear: t.SchoolYear, Description: t.Description,
		Scale: t.Scale, StudentGroups: t.StudentGroups, Roles: t.Roles, Conditions: t.Conditions,
		LeadershipMoves: t.LeadershipMoves, Decisions: t.Decisions}
	for _, d := range t.Domains {
		nd := Domain{ID: d.ID, Title: d.Title, Summary: d.Summary}
		for _, in := range d.Indicators {
			nd.Indicators = append(nd.Indicators, Indicator{ID: in.ID, Title: in.Title, Statement: in.Statement,
				Phase: in.Phase, Levels: in.Levels, EquityPause: in.EquityPause, Context: in.Context})
		}
		out.Domains = append(out.Domains, nd)
	}
	out.Prompts, out.Questions = t.Prompts.Convert()
	return out
}

// v1Session is a session as exchange format 1 and store schema 2 wrote it.
type v1Session struct {
	ID         string               `json:"id"`
	Team       string               `json:"team"`
	District   string               `json:"district"`
	SchoolYear string               `json:"school_year"`
	Template   v1Template           `json:"template"`
	Roster     []Member             `json:"roster"`
	Created    time.Time            `json:"created"`
	Updated    time.Time            `json:"updated"`
	Revision   int                  `json:"revision"`
	Ratings    map[string]*v1Rating `json:"ratings"`
	Problem    v1Problem            `json:"problem"`
	Plan       Plan                 `json:"plan"`
	CheckIns   []CheckIn            `json:"check_ins"`
	Reflection v1Reflection         `json:"reflection"`
	Comments   []Comment            `json:"comments"`
	Previous   *PreviousYear        `json:"previous,omitempty"`
}

type v1Rating struct {
	Members   map[string]Rating `json:"members,omitempty"`
	Consensus Rating            `json:"consensus"`
	Evidence  string            `json:"evidence,omitempty"`
	Priority  bool              `json:"priority,omitempty"`
}

type v1Problem struct {
	FocusIndicators []string `json:"focus_indicators"`
	Phase           string   `json:"phase"`
	WhyMatters      string   `json:"why_matters"`
	WhoAffected     string   `json:"who_affected"`
	Improvement     string   `json:"improvement"`
	Question        string   `json:"question"`
	WhyChosen       string   `json:"why_chosen"`
	Evidence        string   `json:"evidence"`
	StudentGroups   []string `json:"student_groups"`
	Stakeholders    string   `json:"stakeholders"`
	WithinControl   string   `json:"within_control"`
}

type v1Reflection struct {
	Decision       string          `json:"decision"`
	DecisionReason string          `json:"decision_reason"`
	Conditions     []ConditionNote `json:"conditions"`
	Moves          string          `json:"leadership_moves"`
	Story          string          `json:"story"`
}

// convert turns a format-1 session into today's: the template as
// V1Prompts.Convert says, the framing answers (and the student groups, as
// the `centered` answer) and the reflection's leadership moves and story
// as answers under the ids of the questions they became. Blank answers are
// left out. Every text is kept as it was.
func (l *v1Session) convert() *Session {
	s := &Session{ID: l.ID, Team: l.Team, District: l.District, SchoolYear: l.SchoolYear,
		Template: l.Template.convert(), Roster: l.Roster, Created: l.Created, Updated: l.Updated,
		Revision: l.Revision, Plan: l.Plan, CheckIns: l.CheckIns, Comments: l.Comments, Previous: l.Previous}
	if l.Ratings != nil {
		s.Ratings = make(map[string]*IndicatorRating, len(l.Ratings))
		for id, r := range l.Ratings {
			if r == nil {
				s.Ratings[id] = nil
				continue
			}
			s.Ratings[id] = &IndicatorRating{Members: r.Members, Consensus: r.Consensus, Evidence: r.Evidence, Priority: r.Priority}
		}
	}
	p := l.Problem
	s.Problem = ProblemOfPractice{FocusIndicators: p.FocusIndicators, Phase: p.Phase, Question: p.Question}
	for _, a := range []struct{ id, text string }{
		{V1WhyMatters, p.WhyMatters}, {V1WhoAffected, p.WhoAffected}, {V1Improvement, p.Improvement},
		{V1WhyChosen, p.WhyChosen}, {V1Evidence, p.Evidence}, {V1Stakeholders, p.Stakeholders},
		{V1WithinControl, p.WithinControl}, {V1Moves, l.Reflection.Moves}, {V1Story, l.Reflection.Story},
	} {
		if strings.TrimSpace(a.text) != "" {
			s.SetAnswer(a.id, Answer{Text: a.text})
		}
	}
	if len(p.StudentGroups) > 0 {
		s.SetAnswer(V1Centered, Answer{Choices: p.StudentGroups})
	}
	r := l.Reflection
	s.Reflection = Reflection{Decision: r.Decision, DecisionReason: r.DecisionReason, Conditions: r.Conditions}
	return s
}

// SessionFromV1JSON reads a session written in the format-1 shape (a
// record of store schema 2 or earlier) and converts it. It checks nothing
// but the JSON: the caller validates the result.
func SessionFromV1JSON(data []byte) (*Session, error) {
	var l v1Session
	if err := json.Unmarshal(data, &l); err != nil {
		return nil, fmt.Errorf("the session cannot be read (%s)", jsonProblem(err))
	}
	return l.convert(), nil
}

// TemplateFromV1JSON reads a template written in the format-1 shape (a
// stored template of store schema 2 or earlier) and converts it.
func TemplateFromV1JSON(data []byte) (*Template, error) {
	var l v1Template
	if err := json.Unmarshal(data, &l); err != nil {
		return nil, fmt.Errorf("the template cannot be read (%s)", jsonProblem(err))
	}
	t := l.convert()
	return &t, nil
}
