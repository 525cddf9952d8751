package workbook

import (
	"fmt"

	"edtech-workbook/workbook/inventory"
)

// Template is the content of a workbook: the rating scale, the self-assessment
// rubric (indicators tagged with Strategic Planning Guide areas), the wording
// of the structured parts, the questions of the problem of practice, plan and
// reflection, and the tool criteria. A facilitator writes it in YAML (file
// format 2, or format 1, which is converted on reading; see
// docs/templates.md); a session keeps a snapshot of the template it was
// started with.
type Template struct {
	ID          string `json:"id"`
	Version     int    `json:"version"`
	Title       string `json:"title"`
	SchoolYear  string `json:"school_year,omitempty"`
	Description string `json:"description,omitempty"`

	Scale Scale `json:"scale"`
	// Areas are the Strategic Planning Guide areas indicators are tagged
	// with. A template converted from file format 1 has none (and then no
	// indicator has an area).
	Areas     []Area    `json:"areas,omitempty"`
	Domains   []Domain  `json:"domains"`
	Prompts   Prompts   `json:"prompts"`
	Questions Questions `json:"questions"`

	// Choices offered in the later parts of the workbook.
	StudentGroups   []string `json:"student_groups"`
	Roles           []string `json:"roles"`
	Conditions      []Choice `json:"conditions"`       // conditions for success, for the reflection
	LeadershipMoves []Choice `json:"leadership_moves"` // leadership moves, for the reflection
	Decisions       []Choice `json:"decisions"`        // continue / adjust / scale / stop

	// Tools holds the gates and criteria of tool selection requests and
	// yearly evaluations (empty when the template has none).
	Tools inventory.Criteria `json:"tools"`
}

// Area is one Strategic Planning Guide area (leadership, instruction, …).
type Area struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Help  string `json:"help,omitempty"`
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
	Area        string       `json:"area,omitempty"`  // an Areas id (empty when the template has no areas)
	Levels      []string     `json:"levels"`          // one descriptor per scale level
	EquityPause string       `json:"equity_pause,omitempty"`
	Context     ContextNotes `json:"context"`
	// EvidenceFrom names the tool-inventory facts the app offers as
	// evidence on this indicator: one of EvidenceSources, or empty.
	EvidenceFrom string `json:"evidence_from,omitempty"`
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

// Decision ids for the end-of-year impact decision.
const (
	DecisionContinue = "continue"
	DecisionAdjust   = "adjust"
	DecisionScale    = "scale"
	DecisionStop     = "stop"
)

// Decisions lists the decision ids a template's decisions must use.
var DecisionIDs = []string{DecisionContinue, DecisionAdjust, DecisionScale, DecisionStop}

// Indicators returns every indicator in template order.
func (t *Template) Indicators() []Indicator {
	var out []Indicator
	for _, d := range t.Domains {
		out = append(out, d.Indicators...)
	}
	return out
}

// Area finds an area by id.
func (t *Template) Area(id string) (Area, bool) {
	for _, a := range t.Areas {
		if a.ID == id {
			return a, true
		}
	}
	return Area{}, false
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
