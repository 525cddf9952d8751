package export

import (
	"fmt"
	"strings"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
)

// CohortTools is what the cohort report compares of the districts' tool
// inventories: the tools several districts use and where their
// data-privacy agreements stand.
type CohortTools struct {
	Districts []inventory.District
	Today     inventory.Date // agreement status is read as of this day
}

// cohortToolsView is the "Tools across districts" section of the cohort
// report. It is built and rendered on its own (newCohortToolsView,
// writeMDCohortTools, the "cohort-tools" template), so the cohort report
// can change around it.
type cohortToolsView struct {
	Districts  int
	Names      string // the districts, "A, B and C"
	AsOf       string
	InUse      int
	Agreements []invCount      // every tool in use in every district, by agreement status
	Shared     []cohortToolRow // tools in use in two or more districts
	Headings   []string        // agreement statuses, the columns of Shared's counts
}

type cohortToolRow struct {
	Name      string
	Spellings string // every spelling seen, when there is more than one
	Count     string // "2 of 3"
	Where     string // "Alder (core tool, agreement signed); Birch (...)"
	Counts    []int  // districts per agreement status, parallel to Headings
}

// newCohortToolsView compares the districts' inventories (inventory.Cohort).
func newCohortToolsView(t CohortTools) *cohortToolsView {
	rep := inventory.Cohort(t.Districts, t.Today)
	v := &cohortToolsView{Districts: rep.Districts, AsOf: t.Today.String()}
	var names []string
	for _, d := range t.Districts {
		names = append(names, d.Name)
	}
	v.Names = andList(names)
	for _, a := range inventory.AgreementStatuses() {
		v.Headings = append(v.Headings, capitalise(a.Label()))
		v.Agreements = append(v.Agreements, invCount{capitalise(a.Label()), rep.Agreements[a]})
		v.InUse += rep.Agreements[a]
	}
	for _, s := range rep.Shared {
		row := cohortToolRow{Name: workbook.CleanLine(s.Name), Count: fmt.Sprintf("%d of %d", len(s.Districts), rep.Districts)}
		if len(s.Names) > 1 {
			var names []string
			for _, n := range s.Names {
				names = append(names, workbook.CleanLine(n))
			}
			row.Spellings = strings.Join(names, "; ")
		}
		var where []string
		for _, e := range s.Districts {
			where = append(where, fmt.Sprintf("%s (%s, %s)", workbook.CleanLine(e.District), e.Status.Label(), e.Agreement.Label()))
		}
		row.Where = strings.Join(where, "; ")
		for _, a := range inventory.AgreementStatuses() {
			row.Counts = append(row.Counts, s.Agreements[a])
		}
		v.Shared = append(v.Shared, row)
	}
	return v
}

// writeMDCohortTools writes the "Tools across districts" section.
func writeMDCohortTools(w *mdWriter, v *cohortToolsView) {
	w.heading(2, "Tools across districts")
	w.para(fmt.Sprintf("The tool inventories of %s: %s in use, agreement status as of %s. Tools are matched across districts by name, loosely (case, punctuation, company suffixes, a small spelling difference); every spelling is listed so a wrong match shows.",
		workbook.CountOf(v.Districts, "district"), workbook.CountOf(v.InUse, "tool"), v.AsOf))
	var rows [][]string
	for _, c := range v.Agreements {
		rows = append(rows, []string{c.Label, fmt.Sprint(c.Count)})
	}
	w.table([]string{"Data-privacy agreement (tools in use, all districts)", "Tools"}, "lr", rows)
	w.heading(3, "Tools used in more than one district")
	if len(v.Shared) == 0 {
		w.none("No tool is in use in more than one district.")
		return
	}
	head := append([]string{"Tool", "Districts"}, v.Headings...)
	head = append(head, "Where", "Spellings")
	rows = nil
	for _, s := range v.Shared {
		row := []string{s.Name, s.Count}
		for _, c := range s.Counts {
			row = append(row, fmt.Sprint(c))
		}
		rows = append(rows, append(row, s.Where, s.Spellings))
	}
	w.table(head, "lr"+strings.Repeat("r", len(v.Headings))+"ll", rows)
}
