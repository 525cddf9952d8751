package tui

import (
	"fmt"
	"slices"
	"strings"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
)

// The tool inventory inside a session, in the plain prompts, as the app
// has it: an indicator whose template names an evidence source reads the
// inventory's facts and offers to copy them into the evidence notes (the
// app's I), and the problem of practice asks which tools it names (the
// app's T). Both are asked only when the inventory has tools.

// sessionInventory is the file's inventory, or nil when it has no tools or
// cannot be read (said once, then left out).
func (a *accessibleRun) sessionInventory() *inventory.Inventory {
	st, err := a.store.Inventory()
	if err != nil {
		a.say("The tool inventory could not be read (" + err.Error() + "); its facts are left out.")
		return nil
	}
	if st == nil || st.Inventory == nil || len(st.Tools) == 0 {
		return nil
	}
	return st.Inventory
}

// offerInventoryFacts reads ind's facts from the inventory and asks
// whether to copy them into its evidence notes.
func (a *accessibleRun) offerInventoryFacts(ind workbook.Indicator) error {
	if ind.EvidenceFrom == "" {
		return nil
	}
	inv := a.sessionInventory()
	if inv == nil {
		return nil
	}
	today := a.toolDay()
	facts := workbook.InventoryEvidence(ind.EvidenceFrom, inv, today)
	if len(facts) == 0 {
		return nil
	}
	a.say("From the tool inventory:")
	for _, f := range facts {
		a.say("  " + cleanLine(f))
	}
	id := ind.ID
	next, already, err := withFacts(a.sess.RatingOf(id).Evidence, facts, today)
	switch {
	case err != nil:
		a.say(sentence(err.Error()))
		return nil
	case already:
		a.say("These facts are already in the evidence notes.")
		return nil
	}
	yes, err := a.yesNo("Copy these facts into the evidence notes?", false)
	if err != nil || !yes {
		return err
	}
	if err := a.save(func(s *workbook.Session) { s.Rating(id).Evidence = next }); err != nil {
		return err
	}
	a.say(fmt.Sprintf("Copied %s from the tool inventory into the evidence notes.", workbook.CountOf(len(facts), "fact")))
	return nil
}

// problemToolsStep asks which of the inventory's tools the problem of
// practice names; none when the inventory has no tools.
func (a *accessibleRun) problemToolsStep() []step {
	return []step{{label: workbook.PartNameProblem + ", the tools it names", ask: a.problemTools}}
}

func (a *accessibleRun) problemTools() error {
	inv := a.sessionInventory()
	if inv == nil {
		return nil
	}
	tools := slices.Clone(inv.Tools)
	slices.SortStableFunc(tools, func(x, y inventory.Tool) int {
		return strings.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name))
	})
	// Tools named before and since taken out of the inventory stay on the list.
	for _, pt := range a.sess.Problem.Tools {
		if !slices.ContainsFunc(tools, func(t inventory.Tool) bool { return t.ID == pt.ID }) {
			tools = append(tools, inventory.Tool{ID: pt.ID, Name: pt.Name + " (no longer in the inventory)"})
		}
	}
	named := func(id string) bool {
		return slices.ContainsFunc(a.sess.Problem.Tools, func(t workbook.ProblemTool) bool { return t.ID == id })
	}
	a.say("")
	a.say("Which tools does the problem of practice name? These are the tool inventory's.")
	for i, t := range tools {
		mark := ""
		if named(t.ID) {
			mark = " (named)"
		}
		a.say(fmt.Sprintf("%d. %s (%s)%s", i+1, cleanLine(t.Name), t.Status, mark))
	}
	keep := "blank to skip"
	if len(a.sess.Problem.Tools) > 0 {
		keep = "blank keeps the tools named"
	}
	var picked map[int]bool
	v, err := a.ask(fmt.Sprintf("Type the numbers of the tools it names, separated by spaces; 0 for none (%s):", keep), func(s string) error {
		var perr error
		if picked, perr = parseNumbers(s, len(tools)); perr != nil {
			return perr
		}
		if len(picked) > workbook.MaxProblemTools {
			return fmt.Errorf("a problem of practice names at most %d tools; type fewer numbers", workbook.MaxProblemTools)
		}
		return nil
	})
	if err != nil || v == "" {
		return err
	}
	next := []workbook.ProblemTool{}
	for i, t := range tools {
		if !picked[i] {
			continue
		}
		name := t.Name
		if k := slices.IndexFunc(a.sess.Problem.Tools, func(p workbook.ProblemTool) bool { return p.ID == t.ID }); k >= 0 {
			name = a.sess.Problem.Tools[k].Name // as named then
		}
		next = append(next, workbook.ProblemTool{ID: t.ID, Name: name})
	}
	if err := a.save(func(s *workbook.Session) { s.Problem.Tools = next }); err != nil {
		return err
	}
	a.say(fmt.Sprintf("The problem of practice names %s.", workbook.CountOf(len(next), "tool")))
	return nil
}
