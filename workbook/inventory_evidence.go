package workbook

import (
	"fmt"
	"slices"
	"strings"

	"edtech-workbook/workbook/inventory"
)

// Inventory facts offered as evidence on the self-assessment. An indicator
// of the template names the facts it can use with `evidence_from` (one of
// EvidenceSources); the app shows them under the indicator and copies them
// into the evidence notes on request. The facts are counts and dates, never
// a judgement: the team still decides the rating.

// The evidence sources an indicator's evidence_from may name.
const (
	EvidenceInventory     = "inventory"               // what tools there are, by status, and how usage is known
	EvidencePrivacy       = "inventory-privacy"       // data-privacy agreements of the tools in use
	EvidenceRenewal       = "inventory-renewal"       // renewals, one-time funding and evaluations
	EvidenceAccessibility = "inventory-accessibility" // conformance reports, assistive-technology tests, languages
)

// EvidenceSources lists the values evidence_from takes.
func EvidenceSources() []string {
	return []string{EvidenceInventory, EvidencePrivacy, EvidenceRenewal, EvidenceAccessibility}
}

// ValidEvidenceSource reports whether s is one of EvidenceSources.
func ValidEvidenceSource(s string) bool { return slices.Contains(EvidenceSources(), s) }

// InventoryEvidence returns the facts of the inventory that source names,
// one short sentence each, as of today; nil when source is not one of
// EvidenceSources or the inventory has no tools. Every name in a fact is
// cleaned (CleanLine).
func InventoryEvidence(source string, inv *inventory.Inventory, today inventory.Date) []string {
	if inv == nil || len(inv.Tools) == 0 || !ValidEvidenceSource(source) {
		return nil
	}
	var inUse []*inventory.Tool
	for i := range inv.Tools {
		if inv.Tools[i].Status.InUse() {
			inUse = append(inUse, &inv.Tools[i])
		}
	}
	n := len(inUse)
	of := func(k int) string { return fmt.Sprintf("%d of %d", k, n) }
	names := func(ts []*inventory.Tool) string {
		const most = 3
		var out []string
		for i, t := range ts {
			if i == most {
				out = append(out, fmt.Sprintf("%d more", len(ts)-most))
				break
			}
			out = append(out, CleanLine(t.Name))
		}
		return strings.Join(out, ", ")
	}
	var facts []string
	switch source {
	case EvidenceInventory:
		counts := inv.StatusCounts()
		var parts []string
		for _, st := range inventory.Statuses() {
			if counts[st] > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", counts[st], st))
			}
		}
		facts = append(facts, fmt.Sprintf("The inventory lists %s: %s.", CountOf(len(inv.Tools), "tool"), strings.Join(parts, ", ")))
		if n == 0 {
			break
		}
		year := inventory.SchoolYearOf(today)
		var withUsage, sso, withOwner, withPurpose int
		for _, t := range inUse {
			if u, _, ok := inventory.RecentUsage(t.Usage, today); ok {
				withUsage++
				if u.Source == inventory.FromSSO || u.Source == inventory.FromNetwork {
					sso++
				}
			}
			if strings.TrimSpace(t.Owner) != "" {
				withOwner++
			}
			if strings.TrimSpace(t.Purpose) != "" {
				withPurpose++
			}
		}
		facts = append(facts, fmt.Sprintf("%s tools in use have usage figures for %s or the year before (%d from single sign-on or network reports).", of(withUsage), year, sso))
		facts = append(facts, fmt.Sprintf("%s tools in use have an owner, and %d a stated purpose.", of(withOwner), withPurpose))
		if len(inv.Imports) > 0 {
			last := inv.Imports[len(inv.Imports)-1]
			facts = append(facts, fmt.Sprintf("The last usage import was on %s (%s, %s).", last.Imported, last.Source.Label(), last.Period))
		}
	case EvidencePrivacy:
		var signed, requested, none []*inventory.Tool
		var expired []*inventory.Tool
		var collects int
		for _, t := range inUse {
			switch t.Privacy.AgreementOn(today) {
			case inventory.AgreementSigned:
				signed = append(signed, t)
			case inventory.AgreementRequested:
				requested = append(requested, t)
			case inventory.AgreementExpired:
				expired = append(expired, t)
			default:
				none = append(none, t)
			}
			if len(t.Privacy.DataCollected) > 0 {
				collects++
			}
		}
		facts = append(facts, fmt.Sprintf("%s tools in use have a signed data-privacy agreement; %d requested, %d expired, %d none.", of(len(signed)), len(requested), len(expired), len(none)))
		if len(expired) > 0 {
			facts = append(facts, "Expired: "+names(expired)+".")
		}
		if len(none) > 0 {
			facts = append(facts, "No agreement: "+names(none)+".")
		}
		facts = append(facts, fmt.Sprintf("%s tools in use record the data they collect.", of(collects)))
		if due := alertsOf(inv, today, inventory.AlertAgreement); due > 0 {
			facts = append(facts, fmt.Sprintf("%s in the next %d days.", countVerb(due, "agreement expires", "agreements expire"), inventory.DefaultAlertDays))
		}
	case EvidenceRenewal:
		var paid, withRenewal, oneTime int
		for _, t := range inUse {
			if t.Money.Paid {
				paid++
				if !t.Money.Renewal.IsZero() {
					withRenewal++
				}
			}
			if t.Money.Funding.OneTime {
				oneTime++
			}
		}
		facts = append(facts, fmt.Sprintf("%d of %d paid tools in use have a renewal date; %d run on one-time money.", withRenewal, paid, oneTime))
		if due := alertsOf(inv, today, inventory.AlertRenewal); due > 0 {
			facts = append(facts, fmt.Sprintf("%s in the next %d days.", countVerb(due, "renewal falls due", "renewals fall due"), inventory.DefaultAlertDays))
		}
		if ends := alertsOf(inv, today, inventory.AlertFundingEnds); ends > 0 {
			facts = append(facts, fmt.Sprintf("One-time funding ends for %s in the next %d days.", CountOf(ends, "tool"), inventory.DefaultAlertDays))
		}
		prev, _ := inventory.SchoolYearPeriod(inventory.SchoolYearOf(today))
		lastYear := inventory.SchoolYearOf(prev.From.AddDays(-1))
		year := inventory.SchoolYearOf(today)
		evaluated := map[string]bool{}
		decided := map[inventory.EvalDecision]int{}
		for _, e := range inv.Evaluations {
			if e.SchoolYear == year || e.SchoolYear == lastYear {
				evaluated[e.ToolID] = true
				if e.Decision != "" {
					decided[e.Decision]++
				}
			}
		}
		line := fmt.Sprintf("%s tools in use were evaluated in %s or %s", of(countIn(inUse, evaluated)), lastYear, year)
		var ds []string
		for _, d := range inventory.EvalDecisions() {
			if decided[d] > 0 {
				ds = append(ds, fmt.Sprintf("%d %s", decided[d], d))
			}
		}
		if len(ds) > 0 {
			line += " (decisions: " + strings.Join(ds, ", ") + ")"
		}
		facts = append(facts, line+".")
	case EvidenceAccessibility:
		var report, current, tested, family, familyLangs int
		for _, t := range inUse {
			a := t.Access
			if strings.TrimSpace(a.ConformanceReport) != "" {
				report++
				if !a.ReportDate.IsZero() && today.DaysUntil(a.ReportDate) > -3*365 {
					current++
				}
			}
			if a.TestedWithAT {
				tested++
			}
			if a.FamilyFacing {
				family++
				if len(a.Languages) > 1 {
					familyLangs++
				}
			}
		}
		facts = append(facts, fmt.Sprintf("%s tools in use have an accessibility conformance report (%d dated within three years).", of(report), current))
		facts = append(facts, fmt.Sprintf("%s tools in use were tested by the district with assistive technology.", of(tested)))
		if family > 0 {
			facts = append(facts, fmt.Sprintf("%d of %d family-facing tools offer more than one language.", familyLangs, family))
		}
	}
	return facts
}

func alertsOf(inv *inventory.Inventory, today inventory.Date, kind inventory.AlertKind) int {
	n := 0
	for _, a := range inv.Alerts(today, inventory.DefaultAlertDays) {
		if a.Kind == kind {
			n++
		}
	}
	return n
}

func countIn(ts []*inventory.Tool, set map[string]bool) int {
	n := 0
	for _, t := range ts {
		if set[t.ID] {
			n++
		}
	}
	return n
}

// EvidenceNotes is the text the app adds to an indicator's evidence notes
// when the team copies the inventory's facts: a dated heading line, then
// one fact a line.
func EvidenceNotes(facts []string, today inventory.Date) string {
	if len(facts) == 0 {
		return ""
	}
	return "From the tool inventory, " + today.String() + ":\n" + strings.Join(facts, "\n")
}

// countVerb is "1 renewal falls due" or "3 renewals fall due".
func countVerb(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
