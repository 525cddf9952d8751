package inventory

import (
	"slices"
	"strings"
)

// District is one cohort member's inventory, for the cohort report.
type District struct {
	Name      string
	Inventory *Inventory
}

// CohortTool is one tool as used across the cohort.
type CohortTool struct {
	Name       string                  // the most common spelling
	Names      []string                // every spelling seen, sorted
	Districts  []CohortEntry           // one per district that uses it, in the order given
	Agreements map[AgreementStatus]int // districts per agreement status
}

// CohortEntry is one district's record of a shared tool.
type CohortEntry struct {
	District  string
	ToolID    string
	Name      string
	Status    Status
	Agreement AgreementStatus // on the report's date
}

// CohortReport counts the tools districts share and where their privacy
// agreements stand.
type CohortReport struct {
	Districts  int
	Shared     []CohortTool            // tools in use in two or more districts, most widely used first
	Agreements map[AgreementStatus]int // over every tool in use in every district
}

// Cohort compares several districts' inventories. Tools in use (piloting,
// approved, core, retiring) are matched across districts loosely by name,
// the same way usage imports match them (case, punctuation, company
// suffixes, a small spelling difference); every spelling is listed so a
// coach can spot a wrong match. Agreement status is as of today.
func Cohort(districts []District, today Date) CohortReport {
	rep := CohortReport{Districts: len(districts), Agreements: make(map[AgreementStatus]int)}
	type group struct {
		key     string
		entries []CohortEntry
	}
	var groups []*group
	byKey := make(map[string]*group)
	find := func(key string) *group {
		if g, ok := byKey[key]; ok {
			return g
		}
		for _, g := range groups {
			if matchKeys(key, g.key) != MatchNone {
				return g
			}
		}
		return nil
	}
	for _, d := range districts {
		if d.Inventory == nil {
			continue
		}
		for _, t := range d.Inventory.Tools {
			if !t.Status.InUse() {
				continue
			}
			agreement := t.Privacy.AgreementOn(today)
			rep.Agreements[agreement]++
			key := NameKey(t.Name)
			if key == "" {
				key = exactKey(t.Name)
			}
			g := find(key)
			if g == nil {
				g = &group{key: key}
				groups = append(groups, g)
			}
			byKey[key] = g
			if slices.ContainsFunc(g.entries, func(e CohortEntry) bool { return e.District == d.Name }) {
				continue // the same tool twice in one district counts once
			}
			g.entries = append(g.entries, CohortEntry{District: d.Name, ToolID: t.ID, Name: t.Name, Status: t.Status, Agreement: agreement})
		}
	}
	for _, g := range groups {
		if len(g.entries) < 2 {
			continue
		}
		ct := CohortTool{Districts: g.entries, Agreements: make(map[AgreementStatus]int)}
		spellings := make(map[string]int)
		for _, e := range g.entries {
			ct.Agreements[e.Agreement]++
			spellings[e.Name]++
		}
		for n := range spellings {
			ct.Names = append(ct.Names, n)
		}
		slices.Sort(ct.Names)
		ct.Name = ct.Names[0]
		for _, n := range ct.Names {
			if spellings[n] > spellings[ct.Name] {
				ct.Name = n
			}
		}
		rep.Shared = append(rep.Shared, ct)
	}
	slices.SortStableFunc(rep.Shared, func(a, b CohortTool) int {
		if len(a.Districts) != len(b.Districts) {
			return len(b.Districts) - len(a.Districts)
		}
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	return rep
}
