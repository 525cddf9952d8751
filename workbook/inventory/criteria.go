package inventory

import (
	"fmt"
	"strings"
)

// Criteria is the `tools:` section of a format-2 template: the pass/fail
// gates and weighted criteria of a selection request, and the weighted
// criteria of a yearly evaluation.
type Criteria struct {
	Gates      []Gate      `yaml:"gates" json:"gates"`
	Criteria   []Criterion `yaml:"criteria" json:"criteria"`
	Evaluation []Criterion `yaml:"evaluation" json:"evaluation"`
}

// Gate is a check a requested tool must pass before it can be approved.
type Gate struct {
	ID    string `yaml:"id" json:"id"`
	Title string `yaml:"title" json:"title"`
	Help  string `yaml:"help,omitempty" json:"help,omitempty"`
}

// Criterion is one weighted question, scored 1–4.
type Criterion struct {
	ID     string `yaml:"id" json:"id"`
	Title  string `yaml:"title" json:"title"`
	Help   string `yaml:"help,omitempty" json:"help,omitempty"`
	Weight int    `yaml:"weight" json:"weight"`
}

// Score bounds: every criterion is scored 1 (weak) to 4 (strong).
const (
	MinScore = 1
	MaxScore = 4
)

// Weight bounds of a criterion.
const (
	MinWeight = 1
	MaxWeight = 10
)

// CriteriaProblem is one problem Problems finds, with its place, so that the
// template parser can point at the line and column.
type CriteriaProblem struct {
	List  string // "gates", "criteria" or "evaluation"
	Index int    // in that list
	Field string // "id", "title" or "weight"
	Msg   string // as Check words it
}

// Check returns the section's problems as plain one-line messages; the
// template parser adds the line and column (see Problems). Ids are
// lower-case letters, digits, hyphens or underscores, unique among the gates
// and selection criteria together (one request answers both) and among the
// evaluation criteria; titles are not empty; weights are 1 to 10.
func (c *Criteria) Check() []string {
	var out []string
	for _, p := range c.Problems() {
		out = append(out, p.Msg)
	}
	return out
}

// Problems is Check with the place of each problem.
func (c *Criteria) Problems() []CriteriaProblem {
	var out []CriteriaProblem
	add := func(list string, i int, field, msg string) {
		out = append(out, CriteriaProblem{List: list, Index: i, Field: field, Msg: msg})
	}
	selection := make(map[string]string)
	checkID := func(list string, i int, where, id string, seen map[string]string) {
		switch {
		case id == "":
			add(list, i, "id", where+": id is empty; give it a short id like \"privacy\"")
		case !isCriterionID(id):
			add(list, i, "id", fmt.Sprintf("%s: id %q should be lower-case letters, digits, hyphens or underscores", where, id))
		case seen[id] != "":
			add(list, i, "id", fmt.Sprintf("%s: id %q is already used by %s; ids must be unique", where, id, seen[id]))
		}
		if id != "" && seen[id] == "" {
			seen[id] = where
		}
	}
	checkTitle := func(list string, i int, where, title string) {
		if strings.TrimSpace(title) == "" {
			add(list, i, "title", where+": title is empty; say in a few words what is checked")
		}
	}
	checkWeight := func(list string, i int, where string, w int) {
		if w < MinWeight || w > MaxWeight {
			add(list, i, "weight", fmt.Sprintf("%s: weight %d should be a whole number from %d to %d", where, w, MinWeight, MaxWeight))
		}
	}
	for i, g := range c.Gates {
		where := fmt.Sprintf("gate %d", i+1)
		if g.ID != "" {
			where = fmt.Sprintf("gate %q", g.ID)
		}
		checkID("gates", i, where, g.ID, selection)
		checkTitle("gates", i, where, g.Title)
	}
	for i, cr := range c.Criteria {
		where := fmt.Sprintf("criterion %d", i+1)
		if cr.ID != "" {
			where = fmt.Sprintf("criterion %q", cr.ID)
		}
		checkID("criteria", i, where, cr.ID, selection)
		checkTitle("criteria", i, where, cr.Title)
		checkWeight("criteria", i, where, cr.Weight)
	}
	evaluation := make(map[string]string)
	for i, cr := range c.Evaluation {
		where := fmt.Sprintf("evaluation criterion %d", i+1)
		if cr.ID != "" {
			where = fmt.Sprintf("evaluation criterion %q", cr.ID)
		}
		checkID("evaluation", i, where, cr.ID, evaluation)
		checkTitle("evaluation", i, where, cr.Title)
		checkWeight("evaluation", i, where, cr.Weight)
	}
	return out
}

// Gate returns the gate with the given id, or nil.
func (c *Criteria) Gate(id string) *Gate {
	for i := range c.Gates {
		if c.Gates[i].ID == id {
			return &c.Gates[i]
		}
	}
	return nil
}

func findCriterion(list []Criterion, id string) *Criterion {
	for i := range list {
		if list[i].ID == id {
			return &list[i]
		}
	}
	return nil
}

func isCriterionID(id string) bool {
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return id != ""
}

// DefaultCriteria is the built-in `tools:` section, in this project's own
// words: the gates a district already screens for (student safety, data
// privacy, interoperability) with the digital and linguistic accessibility
// checks added, selection criteria that put the need and the students
// first, and the yearly evaluation criteria.
func DefaultCriteria() Criteria {
	return Criteria{
		Gates: []Gate{
			{ID: "privacy", Title: "Student data is protected", Help: "A data-privacy agreement is signed or can be signed, and the tool takes only the data it needs."},
			{ID: "safety", Title: "Students are safe using it", Help: "No open chat with strangers, no advertising to students, content suits their age."},
			{ID: "digital-accessibility", Title: "Students with disabilities can use it", Help: "A current accessibility conformance report, and it works with the assistive technology our students use."},
			{ID: "linguistic-accessibility", Title: "Students and families learning English can use it", Help: "The interface and family messages come in the languages our families speak."},
			{ID: "interoperability", Title: "It works with our systems", Help: "Single sign-on and rostering work, and data can be exported when we stop."},
		},
		Criteria: []Criterion{
			{ID: "need", Title: "Meets the stated need", Help: "It does the job the request named, for the students named.", Weight: 3},
			{ID: "overlap", Title: "Adds something our tools do not", Help: "No tool we already pay for and support does the same job.", Weight: 2},
			{ID: "students-served", Title: "Serves the students furthest from opportunity", Help: "It helps the student groups the request centres, not only the average student.", Weight: 3},
			{ID: "evidence", Title: "Evidence that it works", Help: "From a vendor claim up to our own trial or data.", Weight: 2},
			{ID: "support", Title: "We can support it", Help: "Training, help and time for staff to learn it are in place.", Weight: 1},
			{ID: "cost", Title: "Cost is sustainable", Help: "We can pay for it after any one-time money runs out.", Weight: 1},
		},
		Evaluation: []Criterion{
			{ID: "usage", Title: "It is used as planned", Help: "Active users and sessions against the licences bought.", Weight: 2},
			{ID: "cost", Title: "Cost per active user is reasonable", Help: "Yearly cost divided by active users, against similar tools.", Weight: 2},
			{ID: "accessibility", Title: "Everyone can use it", Help: "Conformance report, assistive-technology testing, languages offered.", Weight: 2},
			{ID: "alignment", Title: "It serves our goals", Help: "It supports the district's vision for teaching and learning.", Weight: 2},
			{ID: "stakeholders", Title: "The people who use it value it", Help: "What teachers, students and families said about it.", Weight: 2},
		},
	}
}
