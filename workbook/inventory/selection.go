package inventory

import (
	"fmt"
	"slices"
	"strings"
)

// Request is a selection request for a new tool. The need is stated first,
// with the students it serves; only then is a product named. The request is
// checked against the inventory for tools that may already do the job. Each
// reviewer answers the gates and scores the criteria on their own; then the
// team agrees a consensus, with the reviewers' spread in view, and decides.
type Request struct {
	ID          string   `json:"id"`
	Need        string   `json:"need"`             // the problem to solve, in the requester's words
	Groups      []string `json:"groups,omitempty"` // student groups served (the template's student_groups)
	Purpose     string   `json:"purpose,omitempty"`
	UseCases    []string `json:"use_cases,omitempty"`
	Product     string   `json:"product,omitempty"`
	Vendor      string   `json:"vendor,omitempty"`
	ToolID      string   `json:"tool_id,omitempty"` // when the product is already in the inventory
	RequestedBy string   `json:"requested_by,omitempty"`
	Requested   Date     `json:"requested,omitzero"`

	Overlaps []Overlap `json:"overlaps,omitempty"` // possible overlaps, as found when checked
	Checked  Date      `json:"checked,omitzero"`   // when the request was checked against the inventory

	Reviews   []Review          `json:"reviews,omitempty"`
	Consensus Consensus         `json:"consensus"`
	Decision  SelectionDecision `json:"decision,omitempty"`
	Reason    string            `json:"reason,omitempty"`
	Decided   Date              `json:"decided,omitzero"`
}

// Review is one reviewer's own answers: a result per gate and a score of
// 1–4 per criterion, keyed by the ids of the template's tools section.
type Review struct {
	Reviewer string                `json:"reviewer"`
	Gates    map[string]GateResult `json:"gates,omitempty"`
	Scores   map[string]int        `json:"scores,omitempty"`
	Notes    string                `json:"notes,omitempty"`
}

// Consensus is the team's agreed answer per gate and score per criterion.
type Consensus struct {
	Gates  map[string]GateResult `json:"gates,omitempty"`
	Scores map[string]int        `json:"scores,omitempty"`
}

// Clone returns a deep copy of r.
func (r Request) Clone() Request {
	c := r
	c.Groups = slices.Clone(r.Groups)
	c.UseCases = slices.Clone(r.UseCases)
	c.Overlaps = slices.Clone(r.Overlaps)
	for i := range c.Overlaps {
		c.Overlaps[i].Shared = slices.Clone(r.Overlaps[i].Shared)
	}
	c.Reviews = make([]Review, len(r.Reviews))
	for i, v := range r.Reviews {
		c.Reviews[i] = Review{Reviewer: v.Reviewer, Gates: cloneMap(v.Gates), Scores: cloneMap(v.Scores), Notes: v.Notes}
	}
	if r.Reviews == nil {
		c.Reviews = nil
	}
	c.Consensus = Consensus{Gates: cloneMap(r.Consensus.Gates), Scores: cloneMap(r.Consensus.Scores)}
	return c
}

func cloneMap[V any](m map[string]V) map[string]V {
	if m == nil {
		return nil
	}
	out := make(map[string]V, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// AddRequest checks a new request (the need must be stated) and stores it
// with a readable id made from its need. It returns the id.
func (inv *Inventory) AddRequest(r Request) (string, error) {
	if strings.TrimSpace(r.Need) == "" {
		return "", fmt.Errorf("the request has no need; say what problem it should solve before naming a product")
	}
	base := Slug(firstWords(r.Need, 6))
	r.ID = base
	for n := 2; inv.Request(r.ID) != nil; n++ {
		r.ID = fmt.Sprintf("%s-%d", base, n)
	}
	inv.Requests = append(inv.Requests, r.Clone())
	return r.ID, nil
}

// Request returns the request with the given id, or nil.
func (inv *Inventory) Request(id string) *Request {
	for i := range inv.Requests {
		if inv.Requests[i].ID == id {
			return &inv.Requests[i]
		}
	}
	return nil
}

func firstWords(s string, n int) string {
	w := strings.Fields(s)
	return strings.Join(w[:min(n, len(w))], " ")
}

// NameProduct names the product a request proposes. The need must come first.
func (r *Request) NameProduct(product, vendor string) error {
	if strings.TrimSpace(r.Need) == "" {
		return fmt.Errorf("request %s: state the need before naming a product", r.ID)
	}
	if strings.TrimSpace(product) == "" {
		return fmt.Errorf("request %s: the product name is empty", r.ID)
	}
	r.Product, r.Vendor = strings.TrimSpace(product), strings.TrimSpace(vendor)
	return nil
}

// CheckInventory records the possible overlaps the inventory shows today.
func (r *Request) CheckInventory(inv *Inventory, on Date) {
	r.Overlaps = FindOverlaps(inv, r)
	r.Checked = on
}

// SetReview stores one reviewer's answers, replacing that reviewer's earlier
// ones. Every id must be a gate or criterion of c, every score 1–4.
func (r *Request) SetReview(c *Criteria, v Review) error {
	v.Reviewer = strings.TrimSpace(v.Reviewer)
	if v.Reviewer == "" {
		return fmt.Errorf("request %s: the review has no reviewer; say who gave it", r.ID)
	}
	if err := checkAnswers(c, "reviewer "+v.Reviewer, v.Gates, v.Scores); err != nil {
		return fmt.Errorf("request %s: %w", r.ID, err)
	}
	v.Gates, v.Scores = cloneMap(v.Gates), cloneMap(v.Scores)
	for i := range r.Reviews {
		if strings.EqualFold(r.Reviews[i].Reviewer, v.Reviewer) {
			r.Reviews[i] = v
			return nil
		}
	}
	r.Reviews = append(r.Reviews, v)
	return nil
}

// SetConsensus stores the team's agreed answers.
func (r *Request) SetConsensus(c *Criteria, v Consensus) error {
	if err := checkAnswers(c, "the consensus", v.Gates, v.Scores); err != nil {
		return fmt.Errorf("request %s: %w", r.ID, err)
	}
	r.Consensus = Consensus{Gates: cloneMap(v.Gates), Scores: cloneMap(v.Scores)}
	return nil
}

func checkAnswers(c *Criteria, who string, gates map[string]GateResult, scores map[string]int) error {
	for _, id := range sortedKeys(gates) {
		if c.Gate(id) == nil {
			return fmt.Errorf("%s answers gate %q, which the template does not have", who, id)
		}
		if !gates[id].Valid() {
			return fmt.Errorf("%s: gate %q answer %q is not one of %s", who, id, gates[id], joinIDs(GateResults()))
		}
	}
	for _, id := range sortedKeys(scores) {
		if findCriterion(c.Criteria, id) == nil {
			return fmt.Errorf("%s scores criterion %q, which the template does not have", who, id)
		}
		if s := scores[id]; s < MinScore || s > MaxScore {
			return fmt.Errorf("%s: criterion %q score %d should be %d to %d", who, id, s, MinScore, MaxScore)
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// GateSummary is one gate across the reviewers and the team.
type GateSummary struct {
	Gate      Gate
	Reviews   []GateResult // per reviewer, in Request.Reviews order; "" when not answered
	Agree     bool         // every reviewer who answered gave the same answer
	Consensus GateResult   // "" when the team has not answered
}

// CriterionSummary is one criterion across the reviewers and the team.
type CriterionSummary struct {
	Criterion Criterion
	Scores    []int // per reviewer; 0 when not scored
	Scored    int   // reviewers who scored it
	Low, High int
	Spread    int     // High - Low
	Mean      float64 // of the reviewers' scores
	Consensus int     // 0 when the team has not scored it
}

// RequestSummary is a request seen through the template's criteria.
type RequestSummary struct {
	Reviewers []string
	Gates     []GateSummary
	Criteria  []CriterionSummary
	Total     int      // sum of weight × consensus score over the criteria the team scored
	Max       int      // sum of weight × 4 over all criteria
	Unscored  int      // criteria without a consensus score
	Failed    []string // titles of gates the team failed
	Open      []string // titles of gates the team has not passed or failed
}

// Summary lines up each reviewer's answers with the team's, gate by gate
// and criterion by criterion, and adds up the weighted total.
func (r *Request) Summary(c *Criteria) RequestSummary {
	var s RequestSummary
	for _, v := range r.Reviews {
		s.Reviewers = append(s.Reviewers, v.Reviewer)
	}
	for _, g := range c.Gates {
		gs := GateSummary{Gate: g, Agree: true, Consensus: r.Consensus.Gates[g.ID]}
		var first GateResult
		for _, v := range r.Reviews {
			res := v.Gates[g.ID]
			gs.Reviews = append(gs.Reviews, res)
			if res == "" {
				continue
			}
			if first == "" {
				first = res
			} else if res != first {
				gs.Agree = false
			}
		}
		switch gs.Consensus {
		case GateFail:
			s.Failed = append(s.Failed, g.Title)
		case GatePass:
		default:
			s.Open = append(s.Open, g.Title)
		}
		s.Gates = append(s.Gates, gs)
	}
	for _, cr := range c.Criteria {
		cs := CriterionSummary{Criterion: cr, Consensus: r.Consensus.Scores[cr.ID]}
		sum := 0
		for _, v := range r.Reviews {
			sc := v.Scores[cr.ID]
			cs.Scores = append(cs.Scores, sc)
			if sc == 0 {
				continue
			}
			if cs.Scored == 0 || sc < cs.Low {
				cs.Low = sc
			}
			if cs.Scored == 0 || sc > cs.High {
				cs.High = sc
			}
			cs.Scored++
			sum += sc
		}
		if cs.Scored > 0 {
			cs.Spread = cs.High - cs.Low
			cs.Mean = float64(sum) / float64(cs.Scored)
		}
		s.Max += cr.Weight * MaxScore
		if cs.Consensus > 0 {
			s.Total += cr.Weight * cs.Consensus
		} else {
			s.Unscored++
		}
		s.Criteria = append(s.Criteria, cs)
	}
	return s
}

// Decide records the team's decision and its reason. A gate the team failed
// blocks approval, and a pilot too (a pilot puts the tool in front of
// students just the same); decline is always open. Approval also needs
// every gate passed and every criterion scored by the team.
func (r *Request) Decide(c *Criteria, d SelectionDecision, reason string, on Date) error {
	if !d.Valid() {
		return fmt.Errorf("request %s: decision %q is not one of %s", r.ID, d, joinIDs(SelectionDecisions()))
	}
	if strings.TrimSpace(reason) == "" {
		return fmt.Errorf("request %s: give the reason for the decision, in a sentence people outside the team can follow", r.ID)
	}
	if d != Decline && r.Product == "" {
		return fmt.Errorf("request %s: name the product before deciding to %s it", r.ID, d)
	}
	s := r.Summary(c)
	if d != Decline && len(s.Failed) > 0 {
		return fmt.Errorf("request %s cannot be %s: the team failed the gate %q; decline it, or fix the problem and review the gate again", r.ID, pastTense(d), s.Failed[0])
	}
	if d == Approve {
		if len(s.Open) > 0 {
			return fmt.Errorf("request %s cannot be approved: the gate %q has no pass from the team yet; answer every gate first", r.ID, s.Open[0])
		}
		if s.Unscored > 0 {
			return fmt.Errorf("request %s cannot be approved: %d of %d criteria have no team score; score every criterion first", r.ID, s.Unscored, len(s.Criteria))
		}
	}
	r.Decision, r.Reason, r.Decided = d, strings.TrimSpace(reason), on
	return nil
}

func pastTense(d SelectionDecision) string {
	if d == Pilot {
		return "piloted"
	}
	return string(d) + "d"
}

// Validate checks a stored request against the template's criteria and
// returns one error per problem.
func (r *Request) Validate(c *Criteria) []error {
	var errs []error
	bad := func(format string, a ...any) {
		errs = append(errs, fmt.Errorf("request %s: "+format, append([]any{r.ID}, a...)...))
	}
	if strings.TrimSpace(r.Need) == "" {
		if r.Product != "" {
			bad("names a product but no need; state the need first")
		} else {
			bad("has no need; say what problem it should solve")
		}
	}
	seen := make(map[string]bool)
	for _, v := range r.Reviews {
		key := strings.ToLower(strings.TrimSpace(v.Reviewer))
		if key == "" {
			bad("a review has no reviewer; say who gave it")
		} else if seen[key] {
			bad("reviewer %q has two reviews; keep one", v.Reviewer)
		}
		seen[key] = true
		if err := checkAnswers(c, "reviewer "+v.Reviewer, v.Gates, v.Scores); err != nil {
			bad("%v", err)
		}
	}
	if err := checkAnswers(c, "the consensus", r.Consensus.Gates, r.Consensus.Scores); err != nil {
		bad("%v", err)
	}
	if r.Decision != "" {
		if !r.Decision.Valid() {
			bad("decision %q is not one of %s", r.Decision, joinIDs(SelectionDecisions()))
		}
		if strings.TrimSpace(r.Reason) == "" {
			bad("is decided (%s) without a reason; add one", r.Decision)
		}
		if r.Decision != Decline && len(r.Summary(c).Failed) > 0 {
			bad("is decided %s but the team failed a gate; decline it or review the gate again", r.Decision)
		}
	}
	return errs
}
