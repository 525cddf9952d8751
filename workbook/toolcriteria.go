package workbook

import (
	"fmt"
	"slices"
	"strings"

	"edtech-workbook/workbook/inventory"
)

// Where the inventory's criteria come from.
//
// The inventory belongs to the workbook file, not to a session, so its
// selection gates, selection criteria and evaluation criteria come from the
// template a new session starts from: the newest version of the default
// template (edtech-systems), the stored one when a facilitator imported a
// newer version, else the built-in one (templatefile.InventoryCriteria
// finds it). A template without a `tools:` section gets the built-in
// inventory.DefaultCriteria.
//
// The file keeps a copy of the criteria with the inventory, as a session
// keeps its template, so an answer never changes meaning under the team.
// The copy follows the template (AdoptToolCriteria) as long as nothing
// answered depends on what changed; otherwise it is kept and the reason
// is said.

// ToolCriteria is the criteria of template t: its `tools:` section, or
// inventory.DefaultCriteria when it has none (or t is nil).
func ToolCriteria(t *Template) inventory.Criteria {
	if t == nil {
		return inventory.DefaultCriteria()
	}
	c := t.Tools
	if len(c.Gates)+len(c.Criteria)+len(c.Evaluation) == 0 {
		return inventory.DefaultCriteria()
	}
	return CloneCriteria(c)
}

// CloneCriteria returns a copy of c that shares no list with it.
func CloneCriteria(c inventory.Criteria) inventory.Criteria {
	return inventory.Criteria{Gates: slices.Clone(c.Gates), Criteria: slices.Clone(c.Criteria), Evaluation: slices.Clone(c.Evaluation)}
}

// SameCriteria reports whether a and b are the same criteria, word for word.
func SameCriteria(a, b inventory.Criteria) bool {
	return slices.Equal(a.Gates, b.Gates) && slices.Equal(a.Criteria, b.Criteria) && slices.Equal(a.Evaluation, b.Evaluation)
}

// AdoptToolCriteria decides which criteria an inventory's requests and
// evaluations are answered against from now on: kept is the copy stored
// with the inventory, next the template's (ToolCriteria). next is adopted
// when it is the same, or when every gate and criterion that a review, a
// team consensus or an evaluation has answered is still in next with the
// same weight (a reworded title or help, a new criterion, a criterion
// nobody answered yet are fine). Otherwise kept stays, and reason names the
// answered item next would drop or reweigh ("the template drops the gate
// \"safety\", which has answers"); KeptCriteriaNote words it for people.
func AdoptToolCriteria(inv *inventory.Inventory, kept, next inventory.Criteria) (use inventory.Criteria, adopted bool, reason string) {
	if SameCriteria(kept, next) {
		return kept, false, ""
	}
	if problem := answeredMissing(inv, kept, next); problem != "" {
		return kept, false, problem
	}
	return CloneCriteria(next), true, ""
}

// answeredMissing names the first answered gate or criterion that next
// drops or weighs differently ("" when there is none).
func answeredMissing(inv *inventory.Inventory, kept, next inventory.Criteria) string {
	gate := func(id string) string {
		if next.Gate(id) == nil {
			return fmt.Sprintf("it drops the gate %q, which has answers", id)
		}
		return ""
	}
	crit := func(list, nextList []inventory.Criterion, id, what string) string {
		i := slices.IndexFunc(nextList, func(c inventory.Criterion) bool { return c.ID == id })
		if i < 0 {
			return fmt.Sprintf("it drops the %s %q, which has answers", what, id)
		}
		if j := slices.IndexFunc(list, func(c inventory.Criterion) bool { return c.ID == id }); j >= 0 && list[j].Weight != nextList[i].Weight {
			return fmt.Sprintf("it weighs the %s %q %d instead of %d, which would change totals already given", what, id, nextList[i].Weight, list[j].Weight)
		}
		return ""
	}
	var problems []string
	for _, r := range inv.Requests {
		gates := [](map[string]inventory.GateResult){r.Consensus.Gates}
		scores := [](map[string]int){r.Consensus.Scores}
		for _, v := range r.Reviews {
			gates, scores = append(gates, v.Gates), append(scores, v.Scores)
		}
		for _, g := range gates {
			for _, id := range sortedIDs(g) {
				if p := gate(id); p != "" {
					problems = append(problems, p)
				}
			}
		}
		for _, s := range scores {
			for _, id := range sortedIDs(s) {
				if p := crit(kept.Criteria, next.Criteria, id, "selection criterion"); p != "" {
					problems = append(problems, p)
				}
			}
		}
	}
	for _, e := range inv.Evaluations {
		for _, id := range sortedIDs(e.Scores) {
			if p := crit(kept.Evaluation, next.Evaluation, id, "evaluation criterion"); p != "" {
				problems = append(problems, p)
			}
		}
	}
	if len(problems) == 0 {
		return ""
	}
	slices.Sort(problems)
	return strings.TrimSpace(problems[0])
}

func sortedIDs[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// KeptCriteriaNote is the sentence that tells people the inventory kept its
// criteria rather than take template ref's, and why (reason from
// AdoptToolCriteria).
func KeptCriteriaNote(ref, reason string) string {
	return fmt.Sprintf("the inventory keeps its own selection and evaluation criteria, not those of template %s: %s; keep that item in the template to switch", ref, reason)
}
