package inventory

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Validate checks one tool on its own and returns one error per problem.
// Each error is one line naming the tool and the field, and says what to do.
func (t *Tool) Validate() []error {
	var errs []error
	bad := func(field, format string, a ...any) {
		errs = append(errs, fmt.Errorf("tool %s: %s %s", t.label(), field, fmt.Sprintf(format, a...)))
	}
	if t.ID == "" {
		bad("id", "is empty; add the tool through the inventory so it gets one")
	} else if t.ID != Slug(t.ID) {
		bad("id", "%q should be lower-case letters and digits joined by hyphens, like %q", t.ID, Slug(t.ID))
	}
	if strings.TrimSpace(t.Name) == "" {
		bad("name", "is empty; give the tool the name people know it by")
	} else if strings.ContainsAny(t.Name, "\r\n") {
		bad("name", "has a line break; keep the name on one line")
	} else if n := utf8.RuneCountInString(t.Name); n > MaxNameLength {
		bad("name", "is %d characters long; keep it to %d", n, MaxNameLength)
	}
	switch {
	case t.Status == "":
		bad("status", "is not set; choose one of %s", joinIDs(Statuses()))
	case !t.Status.Valid():
		bad("status", "%q is not one of %s", t.Status, joinIDs(Statuses()))
	}
	if t.Evidence != "" && !t.Evidence.Valid() {
		bad("evidence level", "%q is not one of %s", t.Evidence, joinIDs(EvidenceLevels()))
	}

	for i, u := range t.Usage {
		field := fmt.Sprintf("usage %d", i+1)
		if !u.Source.Valid() {
			bad(field+" source", "%q is not one of %s", u.Source, joinIDs(UsageSources()))
		}
		if !u.Trust.Valid() {
			bad(field+" trust", "%q is not one of %s", u.Trust, joinIDs(Trusts()))
		}
		if u.Period.From.IsZero() || u.Period.To.IsZero() {
			bad(field+" period", "needs both a first and a last day")
		} else if u.Period.To.Before(u.Period.From) {
			bad(field+" period", "ends (%s) before it starts (%s); swap the dates", u.Period.To, u.Period.From)
		}
		for _, c := range []struct {
			name string
			n    Count
		}{{"active users", u.ActiveUsers}, {"sessions", u.Sessions}, {"minutes", u.Minutes}} {
			if v, ok := c.n.Value(); ok && v < 0 {
				bad(field+" "+c.name, "is %d; a count cannot be negative", v)
			}
		}
		for j := range i {
			if t.Usage[j].sameFigure(u) {
				bad(field, "repeats usage %d (same source, report and period); keep one", j+1)
				break
			}
		}
	}

	m := t.Money
	if m.CostCents < 0 {
		bad("licence cost", "is negative; enter the yearly cost")
	}
	switch {
	case m.Free && m.CostCents > 0:
		bad("licence cost", "is set but the tool is marked free; mark it paid or clear the cost")
	case !m.Paid && m.CostCents > 0:
		bad("licence cost", "is set but the tool is not marked paid; mark it paid or clear the cost")
	}
	if m.Paid && m.Free {
		bad("paid", "is yes but the tool is also marked free; choose one")
	}
	if m.Licences < 0 {
		bad("licences", "is negative; enter how many licences the district holds")
	}
	if m.Funding.OneTime && m.Funding.Ends.IsZero() {
		bad("funding", "is one-time money without an end date; add the day the money runs out")
	}

	p := t.Privacy
	if p.Agreement != "" && !p.Agreement.Valid() {
		bad("agreement", "%q is not one of %s", p.Agreement, joinIDs(AgreementStatuses()))
	}
	if p.Agreement == AgreementSigned && p.Signed.IsZero() {
		bad("agreement", "is signed but has no signing date; add the date it was signed")
	}
	if p.Agreement == AgreementExpired && p.Expires.IsZero() {
		bad("agreement", "is expired but has no expiry date; add the date it ended")
	}
	if !p.Signed.IsZero() && !p.Expires.IsZero() && p.Expires.Before(p.Signed) {
		bad("agreement", "expires (%s) before it was signed (%s); check both dates", p.Expires, p.Signed)
	}

	if t.Access.ConformanceReport == "" && !t.Access.ReportDate.IsZero() {
		bad("accessibility report", "has a date but no report; name the report (e.g. VPAT 2.5) or clear the date")
	}

	for _, o := range t.Fit.Overlaps {
		if o == t.ID {
			bad("overlapping tools", "lists the tool itself; remove %q", o)
		}
	}
	return errs
}

// Validate checks every tool and the links between them: ids unique,
// overlapping tools present, snapshots one per valid school year.
func (inv *Inventory) Validate() []error {
	var errs []error
	seen := make(map[string]bool, len(inv.Tools))
	for i := range inv.Tools {
		t := &inv.Tools[i]
		errs = append(errs, t.Validate()...)
		if t.ID != "" && seen[t.ID] {
			errs = append(errs, fmt.Errorf("tool %s: id is used by another tool; give one of them a new id", t.label()))
		}
		seen[t.ID] = true
	}
	for i := range inv.Tools {
		t := &inv.Tools[i]
		for _, o := range t.Fit.Overlaps {
			if o != t.ID && !seen[o] {
				errs = append(errs, fmt.Errorf("tool %s: overlapping tools lists %q, which is not in the inventory; remove it", t.label(), o))
			}
		}
	}
	years := make(map[string]bool)
	for _, s := range inv.Snapshots {
		if _, err := SchoolYearPeriod(s.SchoolYear); err != nil {
			errs = append(errs, fmt.Errorf("snapshot: %w", err))
		}
		if years[s.SchoolYear] {
			errs = append(errs, fmt.Errorf("snapshot %s: there are two for this year; keep one", s.SchoolYear))
		}
		years[s.SchoolYear] = true
	}
	return errs
}

// label names a tool in messages: "Seesaw" (seesaw).
func (t *Tool) label() string {
	name := strings.TrimSpace(t.Name)
	switch {
	case name == "" && t.ID == "":
		return "(no name)"
	case name == "":
		return "(" + t.ID + ")"
	case t.ID == "" || t.ID == Slug(name):
		return fmt.Sprintf("%q", name)
	}
	return fmt.Sprintf("%q (%s)", name, t.ID)
}

func joinIDs[T ~string](all []T) string {
	s := make([]string, len(all))
	for i, v := range all {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
