package export

import (
	"fmt"
	"strconv"
	"strings"

	"edtech-workbook/workbook/inventory"
)

// inventoryCSV writes one table of the inventory as CSV (a UTF-8
// byte-order mark, a header row, one row per tool, evaluation or request),
// every cell through csvCell: cleaned, and neutralised so a spreadsheet
// never runs it as a formula.
func inventoryCSV(inv *inventory.Inventory, crit *inventory.Criteria, opts InventoryOptions) ([]byte, error) {
	var rows [][]string
	switch opts.Table {
	case TableTools, "":
		rows = toolsTable(inv, opts.Today)
	case TableEvaluations:
		rows = evaluationsTable(inv, crit)
	case TableRequests:
		rows = requestsTable(inv, crit)
	default:
		return nil, fmt.Errorf("unknown inventory table %q; use --table %s", opts.Table, strings.Join(InventoryTables(), " or --table "))
	}
	return writeCSV(rows)
}

// csvList joins a list for one cell.
func csvList(items []string) string { return strings.Join(items, "; ") }

// csvCount is a count's number, or an empty cell when unknown.
func csvCount(c inventory.Count) string {
	if v, ok := c.Value(); ok {
		return strconv.FormatInt(v, 10)
	}
	return ""
}

// csvMoney is cents as a plain decimal number of dollars a spreadsheet
// reads (1234.50), or an empty cell.
func csvMoney(cents int64, known bool) string {
	if !known {
		return ""
	}
	return fmt.Sprintf("%d.%02d", cents/100, cents%100)
}

// paidCell is the tools table's Paid: yes, no (free), or empty when the
// cost was never recorded.
func paidCell(m inventory.Money) string {
	switch {
	case m.Paid:
		return "yes"
	case m.Free:
		return "no"
	}
	return ""
}

func toolsTable(inv *inventory.Inventory, today inventory.Date) [][]string {
	rows := [][]string{{"ID", "Name", "Vendor", "Status", "Purpose", "Use cases", "Owner", "Schools", "Grades", "Subjects", "Who uses it",
		"Paid", "Yearly cost ($)", "Licences", "Funding source", "One-time funding ends", "Renewal",
		"Data-privacy agreement", "Agreement requested", "Agreement signed", "Agreement expires", "Data collected",
		"Accessibility report", "Report date", "Tested with assistive technology", "Languages", "Family-facing",
		"Single sign-on", "Rostering", "Does the same job as", "Evidence",
		"Usage year", "Active users", "Sessions", "Minutes", "Usage source", "Usage period", "Trust", "Cost per active user ($)",
		"Support", "Notes"}}
	for _, t := range sortedTools(inv.Tools) {
		m, p, a := t.Money, t.Privacy, t.Access
		ends := ""
		if m.Funding.OneTime {
			ends = m.Funding.Ends.String()
		}
		row := []string{t.ID, t.Name, t.Vendor, string(t.Status), t.Purpose, csvList(t.UseCases), t.Owner,
			csvList(t.Schools), csvList(t.Grades), csvList(t.Subjects), csvList(t.Roles),
			paidCell(m), csvMoney(m.CostCents, m.Paid && m.CostCents > 0), licences(m.Licences), m.Funding.Source, ends, m.Renewal.String(),
			string(p.AgreementOn(today)), p.Requested.String(), p.Signed.String(), p.Expires.String(), csvList(p.DataCollected),
			a.ConformanceReport, a.ReportDate.String(), yesOrBlank(a.TestedWithAT), csvList(a.Languages), yesOrBlank(a.FamilyFacing),
			yesOrBlank(t.Fit.SSO), yesOrBlank(t.Fit.Rostering), csvList(t.Fit.Overlaps), string(t.Evidence)}
		if u, year, ok := inventory.RecentUsage(t.Usage, today); ok {
			c := inv.CostPerActiveUser(t.ID, year)
			row = append(row, year, csvCount(u.ActiveUsers), csvCount(u.Sessions), csvCount(u.Minutes), sourceLabel(u.Source, u.Report),
				u.Period.String(), string(u.Trust), csvMoney(c.Cents, c.Known && c.Reason == ""))
		} else {
			row = append(row, "", "", "", "", "", "", "", "")
		}
		rows = append(rows, append(row, csvList(t.Support), t.Notes))
	}
	return rows
}

func licences(n int) string {
	if n <= 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func evaluationsTable(inv *inventory.Inventory, crit *inventory.Criteria) [][]string {
	head := []string{"Tool ID", "Tool", "School year"}
	for _, c := range crit.Evaluation {
		head = append(head, c.Title+" (score)", c.Title+" (evidence)")
	}
	head = append(head, "Weighted total", "Out of", "Cost per active user ($)", "Decision", "Reason", "Decided",
		"Last day of use", "What replaces it")
	rows := [][]string{head}
	for _, e := range sortedEvaluations(inv) {
		row := []string{e.ToolID, toolName(inv, e.ToolID, e.SchoolYear), e.SchoolYear}
		for _, c := range crit.Evaluation {
			if sc, ok := e.Scores[c.ID]; ok {
				row = append(row, strconv.Itoa(sc.Score), string(sc.Evidence))
			} else {
				row = append(row, "", "")
			}
		}
		total, max := e.Total(crit)
		cpu := inv.CostPerActiveUser(e.ToolID, e.SchoolYear)
		row = append(row, strconv.Itoa(total), strconv.Itoa(max), csvMoney(cpu.Cents, cpu.Known && cpu.Reason == ""),
			string(e.Decision), e.Reason, e.Decided.String())
		if tr := e.Transition; tr != nil {
			row = append(row, tr.Date.String(), tr.Replacement)
		} else {
			row = append(row, "", "")
		}
		rows = append(rows, row)
	}
	return rows
}

func requestsTable(inv *inventory.Inventory, crit *inventory.Criteria) [][]string {
	rows := [][]string{{"ID", "Need", "Students served", "Purpose", "Product", "Vendor", "Requested by", "Requested",
		"Possible overlaps", "Reviewers", "Gates failed", "Gates not yet passed", "Weighted total", "Out of", "Decision", "Reason", "Decided"}}
	for _, r := range sortedRequests(inv) {
		s := r.Summary(crit)
		var overlaps []string
		for _, o := range r.Overlaps {
			overlaps = append(overlaps, o.Name)
		}
		rows = append(rows, []string{r.ID, r.Need, csvList(r.Groups), r.Purpose, r.Product, r.Vendor, r.RequestedBy, r.Requested.String(),
			csvList(overlaps), csvList(s.Reviewers), csvList(s.Failed), csvList(s.Open), strconv.Itoa(s.Total), strconv.Itoa(s.Max),
			string(r.Decision), r.Reason, r.Decided.String()})
	}
	return rows
}
