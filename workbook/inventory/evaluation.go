package inventory

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Evaluation is one tool's yearly review: a score of 1–4 per evaluation
// criterion, each with the strength of its evidence; what each stakeholder
// group said; and the decision. Retiring a tool needs a transition plan.
type Evaluation struct {
	ToolID       string               `json:"tool_id"`
	SchoolYear   string               `json:"school_year"`
	Scores       map[string]EvalScore `json:"scores,omitempty"` // keyed by evaluation criterion id
	Stakeholders []StakeholderInput   `json:"stakeholders,omitempty"`
	Decision     EvalDecision         `json:"decision,omitempty"`
	Reason       string               `json:"reason,omitempty"`
	Decided      Date                 `json:"decided,omitzero"`
	Transition   *Transition          `json:"transition,omitempty"` // required when Decision is Retire
}

// EvalScore is one criterion's score and how strong the evidence behind it is.
type EvalScore struct {
	Score    int           `json:"score"`
	Evidence EvidenceLevel `json:"evidence"`
	Note     string        `json:"note,omitempty"`
}

// StakeholderInput is what one group (teachers, students, families,
// English learners' families, ...) said about the tool, in aggregate.
type StakeholderInput struct {
	Group     string `json:"group"`
	Responses Count  `json:"responses,omitzero"` // how many people answered, when counted
	Summary   string `json:"summary"`
}

// Transition is the plan for retiring a tool.
type Transition struct {
	Told         []string `json:"told"`          // who is told: teachers, families, students, the vendor, ...
	DataExport   string   `json:"data_export"`   // how work and records are taken out before the end
	DataDeletion string   `json:"data_deletion"` // how and when the vendor deletes student data, and the proof asked for
	Replacement  string   `json:"replacement"`   // the tool that takes over (an id or a name), or "none" and why
	Date         Date     `json:"date"`          // the last day of use
}

// Clone returns a deep copy of e.
func (e Evaluation) Clone() Evaluation {
	c := e
	c.Scores = cloneMap(e.Scores)
	c.Stakeholders = slices.Clone(e.Stakeholders)
	if e.Transition != nil {
		t := *e.Transition
		t.Told = slices.Clone(e.Transition.Told)
		c.Transition = &t
	}
	return c
}

// Validate checks an evaluation against the template's evaluation criteria
// and returns one error per problem.
func (e *Evaluation) Validate(c *Criteria) []error {
	var errs []error
	bad := func(format string, a ...any) {
		errs = append(errs, fmt.Errorf("evaluation of %s for %s: "+format, append([]any{e.ToolID, e.SchoolYear}, a...)...))
	}
	if e.ToolID == "" {
		bad("names no tool; choose the tool evaluated")
	}
	if _, err := SchoolYearPeriod(e.SchoolYear); err != nil {
		bad("%v", err)
	}
	for _, id := range sortedKeys(e.Scores) {
		s := e.Scores[id]
		if findCriterion(c.Evaluation, id) == nil {
			bad("scores criterion %q, which the template does not have", id)
			continue
		}
		if s.Score < MinScore || s.Score > MaxScore {
			bad("criterion %q score %d should be %d to %d", id, s.Score, MinScore, MaxScore)
		}
		switch {
		case s.Evidence == "":
			bad("criterion %q has no evidence level; say whether it rests on a vendor claim, a third-party review, a local trial or local data", id)
		case !s.Evidence.Valid():
			bad("criterion %q evidence level %q is not one of %s", id, s.Evidence, joinIDs(EvidenceLevels()))
		}
	}
	for i, s := range e.Stakeholders {
		if strings.TrimSpace(s.Group) == "" {
			bad("stakeholder input %d has no group; say who it came from", i+1)
		}
	}
	if e.Decision != "" {
		if !e.Decision.Valid() {
			bad("decision %q is not one of %s", e.Decision, joinIDs(EvalDecisions()))
		}
		if strings.TrimSpace(e.Reason) == "" {
			bad("is decided (%s) without a reason; add one", e.Decision)
		}
	}
	if e.Decision == Retire {
		t := e.Transition
		if t == nil {
			bad("retires the tool without a transition plan; say who is told, how data is exported and deleted, what replaces it, and when")
		} else {
			if len(t.Told) == 0 {
				bad("transition plan does not say who is told")
			}
			if strings.TrimSpace(t.DataExport) == "" {
				bad("transition plan does not say how data is exported")
			}
			if strings.TrimSpace(t.DataDeletion) == "" {
				bad("transition plan does not say how the vendor deletes student data")
			}
			if strings.TrimSpace(t.Replacement) == "" {
				bad("transition plan does not name a replacement (write \"none\" and why if there is none)")
			}
			if t.Date.IsZero() {
				bad("transition plan has no date; give the last day of use")
			}
		}
	}
	return errs
}

// Total is the evaluation's weighted score: the sum of weight × score over
// the scored criteria, out of the sum of weight × 4 over all criteria.
func (e *Evaluation) Total(c *Criteria) (total, max int) {
	for _, cr := range c.Evaluation {
		max += cr.Weight * MaxScore
		if s, ok := e.Scores[cr.ID]; ok {
			total += cr.Weight * s.Score
		}
	}
	return total, max
}

// SetEvaluation checks an evaluation and stores it, replacing the earlier
// one of the same tool and school year.
func (inv *Inventory) SetEvaluation(c *Criteria, e Evaluation) error {
	if inv.Tool(e.ToolID) == nil && !inv.inSnapshot(e.ToolID, e.SchoolYear) {
		return fmt.Errorf("evaluation for %s: tool %q is not in the inventory; choose a tool from the list", e.SchoolYear, e.ToolID)
	}
	if errs := e.Validate(c); len(errs) > 0 {
		return errs[0]
	}
	for i := range inv.Evaluations {
		if inv.Evaluations[i].ToolID == e.ToolID && inv.Evaluations[i].SchoolYear == e.SchoolYear {
			inv.Evaluations[i] = e.Clone()
			return nil
		}
	}
	inv.Evaluations = append(inv.Evaluations, e.Clone())
	return nil
}

// Evaluation returns the evaluation of a tool for a school year, or nil.
func (inv *Inventory) Evaluation(toolID, year string) *Evaluation {
	for i := range inv.Evaluations {
		if inv.Evaluations[i].ToolID == toolID && inv.Evaluations[i].SchoolYear == year {
			return &inv.Evaluations[i]
		}
	}
	return nil
}

func (inv *Inventory) inSnapshot(toolID, year string) bool {
	s := inv.Snapshot(year)
	return s != nil && slices.ContainsFunc(s.Tools, func(t Tool) bool { return t.ID == toolID })
}

// CostPerUser is a tool's yearly cost divided by its active users.
type CostPerUser struct {
	Cents  int64 // rounded to the nearest cent; meaningful only when Known
	Known  bool
	Reason string // why it is not known, or "free"
	Usage  Usage  // the usage figure used
}

// String is "$12.34 per active user", "free", or the reason it is unknown.
func (c CostPerUser) String() string {
	if !c.Known {
		return c.Reason
	}
	if c.Reason != "" {
		return c.Reason
	}
	return fmt.Sprintf("$%d.%02d per active user", c.Cents/100, c.Cents%100)
}

// CostPerActiveUser computes a tool's cost per active user for a school
// year: the cost and licences as they stood that year (the year's snapshot
// when there is one, else today's record) over the best usage figure for
// the year (Tool.UsageFor). It never divides by zero: without a usage
// figure, with unknown or zero active users, or with no recorded cost, it
// says so instead.
func (inv *Inventory) CostPerActiveUser(toolID, year string) CostPerUser {
	cur := inv.Tool(toolID)
	money := Money{}
	var snap *Tool
	if s := inv.Snapshot(year); s != nil {
		for i := range s.Tools {
			if s.Tools[i].ID == toolID {
				snap = &s.Tools[i]
			}
		}
	}
	switch {
	case snap != nil:
		money = snap.Money
	case cur != nil:
		money = cur.Money
	default:
		return CostPerUser{Reason: "tool not in the inventory"}
	}
	if money.Free {
		return CostPerUser{Known: true, Reason: "free"}
	}
	if !money.Paid {
		return CostPerUser{Reason: "cost not recorded"}
	}
	if money.CostCents <= 0 {
		return CostPerUser{Reason: "cost not recorded"}
	}
	var u Usage
	var ok bool
	if cur != nil {
		u, ok = cur.UsageFor(year)
	}
	if !ok && snap != nil {
		u, ok = snap.UsageFor(year)
	}
	if !ok {
		return CostPerUser{Reason: "no usage data"}
	}
	users, known := u.ActiveUsers.Value()
	switch {
	case !known:
		return CostPerUser{Reason: "no usage data", Usage: u}
	case users == 0:
		return CostPerUser{Reason: "no active users", Usage: u}
	}
	cents := int64(math.Round(float64(money.CostCents) / float64(users)))
	return CostPerUser{Cents: cents, Known: true, Usage: u}
}
