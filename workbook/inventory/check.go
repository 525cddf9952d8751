package inventory

import (
	"fmt"
)

// Check checks the whole inventory as a store saves it and a file is
// imported: every tool and the links between them (Validate), every
// snapshot's tools, the criteria, each usage import record, every request
// and evaluation against the criteria, the tool of each evaluation, and
// that no request or evaluation is there twice. It returns every problem,
// each one line.
func (inv *Inventory) Check(c *Criteria) []error {
	errs := inv.Validate()
	for _, s := range inv.Snapshots {
		for i := range s.Tools {
			for _, err := range s.Tools[i].Validate() {
				errs = append(errs, fmt.Errorf("snapshot %s: %w", s.SchoolYear, err))
			}
		}
	}
	for _, p := range c.Check() {
		errs = append(errs, fmt.Errorf("the selection and evaluation criteria: %s", p))
	}
	for i, rec := range inv.Imports {
		if !rec.Source.Valid() {
			errs = append(errs, fmt.Errorf("usage import %d: source %q is not one of %s", i+1, rec.Source, joinIDs(UsageSources())))
		}
		if rec.Period.Days() == 0 {
			errs = append(errs, fmt.Errorf("usage import %d: the period %s is not a span of days", i+1, rec.Period))
		}
	}
	requests := make(map[string]bool, len(inv.Requests))
	for i := range inv.Requests {
		r := &inv.Requests[i]
		switch {
		case r.ID == "" || r.ID != Slug(r.ID):
			errs = append(errs, fmt.Errorf("selection request %q: its id should be lower-case letters and digits joined by hyphens", r.ID))
		case requests[r.ID]:
			errs = append(errs, fmt.Errorf("selection request %s is there twice; keep one", r.ID))
		}
		requests[r.ID] = true
		errs = append(errs, r.Validate(c)...)
	}
	evaluations := make(map[[2]string]bool, len(inv.Evaluations))
	for i := range inv.Evaluations {
		e := &inv.Evaluations[i]
		errs = append(errs, e.Validate(c)...)
		key := [2]string{e.ToolID, e.SchoolYear}
		if evaluations[key] {
			errs = append(errs, fmt.Errorf("evaluation of %s for %s is there twice; keep one", e.ToolID, e.SchoolYear))
		}
		evaluations[key] = true
		if e.ToolID != "" && inv.Tool(e.ToolID) == nil && !inv.inSnapshot(e.ToolID, e.SchoolYear) {
			errs = append(errs, fmt.Errorf("evaluation of %s for %s: tool %q is not in the inventory", e.ToolID, e.SchoolYear, e.ToolID))
		}
	}
	return errs
}
