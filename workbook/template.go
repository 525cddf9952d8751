package workbook

import "fmt"

// Template is the content of a workbook: the rating scale, the self-assessment
// rubric, and the prompts for the problem of practice, plan and reflection.
// A facilitator writes it in YAML (see docs/templates.md); a session keeps a
// snapshot of the template it was started with.
type Template struct {
	ID          string `json:"id"`
	Version     int    `json:"version"`
	Title       string `json:"title"`
	SchoolYear  string `json:"school_year,omitempty"`
	Description string `json:"description,omitempty"`

	Scale   Scale    `json:"scale"`
	Domains []Domain `json:"domains"`
	Prompts Prompts  `json:"prompts"`

	// Choices offered in the later parts of the workbook.
	StudentGroups   []string `json:"student_groups"`
	Roles           []string `json:"roles"`
	Conditions      []Choice `json:"conditions"`       // conditions for success, for the reflection
	LeadershipMoves []Choice `json:"leadership_moves"` // leadership moves, for the reflection
	Decisions       []Choice `json:"decisions"`        // continue / adjust / scale / stop
}

// Ref names one template version, as in "edtech-systems@2".
func (t *Template) Ref() string { return fmt.Sprintf("%s@%d", t.ID, t.Version) }

// Scale is the rubric's rating scale. Levels are rated 1..len(Levels);
// NotSure is the label of the "not sure" answer.
type Scale struct {
	Levels  []Level `json:"levels"`
	NotSure string  `json:"not_sure"`
}

// Level is one step of the rating scale.
type Level struct {
	Label   string `json:"label"`
	Meaning string `json:"meaning"`
}

// Domain groups indicators of the self-assessment.
type Domain struct {
	ID         string      `json:"id"`
	Title      string      `json:"title"`
	Summary    string      `json:"summary,omitempty"`
	Indicators []Indicator `json:"indicators"`
}

// Phases of the EdTech Systems Guide's cycle.
const (
	PhaseSelection      = "selection"
	PhaseImplementation = "implementation"
	PhaseEvaluation     = "evaluation"
)

// Phases lists the phases in the order of the cycle.
var Phases = []string{PhaseSelection, PhaseImplementation, PhaseEvaluation}

// Indicator is one statement the team rates.
type Indicator struct {
	ID          string       `json:"id"`
	Title       string       `json:"title"`
	Statement   string       `json:"statement"`
	Phase       string       `json:"phase,omitempty"` // one of Phases, or empty for cross-cutting
	Levels      []string     `json:"levels"`          // one descriptor per scale level
	EquityPause string       `json:"equity_pause,omitempty"`
	Context     ContextNotes `json:"context"`
}

// ContextNotes are the "thinking about your context" notes of an indicator.
type ContextNotes struct {
	EnglishLearners string `json:"english_learners,omitempty"`
	IEP504          string `json:"iep_504,omitempty"`
	SmallSystems    string `json:"small_systems,omitempty"`
	LargeSystems    string `json:"large_systems,omitempty"`
}

// Empty reports whether no context note is written.
func (c ContextNotes) Empty() bool {
	return c.EnglishLearners == "" && c.IEP504 == "" && c.SmallSystems == "" && c.LargeSystems == ""
}

// Prompts are the questions the later parts of the workbook ask. Each list
// must hold exactly the prompt ids listed in RequiredPrompts, in any order.
type Prompts struct {
	Framing    []Prompt `json:"framing"`
	Planning   []Prompt `json:"planning"`
	Reflection []Prompt `json:"reflection"`
}

// Prompt is one question with optional help text.
type Prompt struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	Help string `json:"help,omitempty"`
}

// Choice is one named option with an explanation (a condition for success,
// a leadership move, an end-of-year decision).
type Choice struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Help  string `json:"help,omitempty"`
}

// Prompt ids. The session's fields are fixed; the template supplies the words.
const (
	// Framing (problem of practice).
	PromptWhyMatters    = "why_matters"    // essential question 1
	PromptWhoAffected   = "who_affected"   // essential question 2
	PromptImprovement   = "improvement"    // essential question 3
	PromptQuestion      = "question"       // the problem as one question
	PromptWhyChosen     = "why_chosen"     // why this problem
	PromptEvidence      = "evidence"       // what evidence shows it
	PromptCentered      = "centered"       // student groups centered
	PromptStakeholders  = "stakeholders"   // who to engage
	PromptWithinControl = "within_control" // what is within the team's control

	// Planning.
	PromptAim        = "aim"
	PromptInputs     = "inputs"
	PromptActivities = "activities"
	PromptOutputs    = "outputs"
	PromptOutcomes   = "outcomes"
	PromptActions    = "action_steps"
	PromptDataPlan   = "data_plan"

	// Reflection.
	PromptCheckIn    = "check_in"
	PromptDecision   = "decision"
	PromptConditions = "conditions"
	PromptMoves      = "leadership_moves"
	PromptStory      = "story"
)

// RequiredPrompts lists, per prompt section, the ids a template must define.
var RequiredPrompts = map[string][]string{
	"framing": {PromptWhyMatters, PromptWhoAffected, PromptImprovement, PromptQuestion,
		PromptWhyChosen, PromptEvidence, PromptCentered, PromptStakeholders, PromptWithinControl},
	"planning":   {PromptAim, PromptInputs, PromptActivities, PromptOutputs, PromptOutcomes, PromptActions, PromptDataPlan},
	"reflection": {PromptCheckIn, PromptDecision, PromptConditions, PromptMoves, PromptStory},
}

// Decision ids for the end-of-year impact decision.
const (
	DecisionContinue = "continue"
	DecisionAdjust   = "adjust"
	DecisionScale    = "scale"
	DecisionStop     = "stop"
)

// Decisions lists the decision ids a template's decisions must use.
var DecisionIDs = []string{DecisionContinue, DecisionAdjust, DecisionScale, DecisionStop}

// PromptText returns the text of the prompt with the given id in list, or
// the id itself when the template has no such prompt.
func PromptText(list []Prompt, id string) Prompt {
	for _, p := range list {
		if p.ID == id {
			return p
		}
	}
	return Prompt{ID: id, Text: id}
}

// Indicators returns every indicator in template order.
func (t *Template) Indicators() []Indicator {
	var out []Indicator
	for _, d := range t.Domains {
		out = append(out, d.Indicators...)
	}
	return out
}

// Indicator finds an indicator and its domain by id.
func (t *Template) Indicator(id string) (Indicator, Domain, bool) {
	for _, d := range t.Domains {
		for _, in := range d.Indicators {
			if in.ID == id {
				return in, d, true
			}
		}
	}
	return Indicator{}, Domain{}, false
}

// LevelLabel returns the label of rating r: the scale label for 1..N, the
// not-sure label for NotSure, and "" for an unrated answer.
func (t *Template) LevelLabel(r Rating) string {
	switch {
	case r == NotSure:
		return t.Scale.NotSure
	case r >= 1 && int(r) <= len(t.Scale.Levels):
		return t.Scale.Levels[r-1].Label
	}
	return ""
}
