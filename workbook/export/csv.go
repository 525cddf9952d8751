package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"

	"edtech-workbook/workbook"
)

// CSV tables.
const (
	TableRatings = "ratings"
	TableActions = "actions"
)

// CSVTables lists the tables the CSV export can write.
var CSVTables = []string{TableRatings, TableActions}

// utf8BOM lets spreadsheet programs (Excel above all) recognise UTF-8, so
// names with accents and the ▲/▼ marks open correctly.
const utf8BOM = "\ufeff"

// exportCSV writes one table of the session as CSV: a UTF-8 byte-order
// mark, a header row, then one row per indicator or action step.
func exportCSV(s *workbook.Session, table string) ([]byte, error) {
	var rows [][]string
	switch table {
	case TableRatings, "":
		rows = ratingsTable(s)
	case TableActions:
		rows = actionsTable(s)
	default:
		return nil, fmt.Errorf("unknown CSV table %q; use --table %s", table, strings.Join(CSVTables, " or --table "))
	}
	var buf bytes.Buffer
	buf.WriteString(utf8BOM)
	w := csv.NewWriter(&buf)
	for _, row := range rows {
		for i, cell := range row {
			row[i] = csvCell(cell)
		}
		if err := w.Write(row); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// csvCell cleans a cell of terminal escapes and neutralises spreadsheet
// formulas: a cell that begins with = + - @ (or a tab or carriage return,
// which some programs skip before looking) gets a leading apostrophe, so it
// is read as text and never run.
func csvCell(s string) string {
	s = workbook.CleanText(strings.ReplaceAll(s, "\r\n", "\n"))
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// ratingCell renders a rating for a spreadsheet: the level number, "not
// sure", or an empty cell when unrated.
func ratingCell(r workbook.Rating) string {
	switch {
	case r == workbook.NotSure:
		return "not sure"
	case r.Rated():
		return r.String()
	}
	return ""
}

// memberColumns names one column per roster member; a blank or repeated name
// gets the member id added so every column header is distinct.
func memberColumns(s *workbook.Session) []string {
	cols := make([]string, len(s.Roster))
	seen := map[string]int{}
	for _, m := range s.Roster {
		seen[workbook.CleanLine(m.Name)]++
	}
	for i, m := range s.Roster {
		name := workbook.CleanLine(m.Name)
		if name == "" || seen[name] > 1 {
			name = strings.TrimSpace(name + " (" + m.ID + ")")
		}
		cols[i] = name
	}
	return cols
}

func ratingsTable(s *workbook.Session) [][]string {
	prev := s.Previous != nil
	head := []string{"Domain", "Indicator ID", "Indicator"}
	head = append(head, memberColumns(s)...)
	head = append(head, "Consensus", "Consensus level", "Priority", "Evidence")
	if prev {
		head = append(head, "Last year ("+workbook.CleanLine(s.Previous.SchoolYear)+")", "Change")
	}
	rows := [][]string{head}
	for _, d := range s.Template.Domains {
		for _, in := range d.Indicators {
			r := s.Ratings[in.ID]
			if r == nil {
				r = &workbook.IndicatorRating{}
			}
			row := []string{d.Title, in.ID, in.Title}
			for _, m := range s.Roster {
				row = append(row, ratingCell(r.Members[m.ID]))
			}
			row = append(row, ratingCell(r.Consensus), s.Template.LevelLabel(r.Consensus), yesNo(r.Priority), r.Evidence)
			if prev {
				last := s.Previous.Baseline[in.ID]
				row = append(row, ratingCell(last), csvChange(r.Consensus, last))
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// csvChange is the year-over-year mark, or empty when either year is unrated.
// No change reads "same" rather than "=", which a spreadsheet takes as a formula.
func csvChange(now, last workbook.Rating) string {
	if !now.Rated() || !last.Rated() {
		return ""
	}
	if now == last {
		return "same"
	}
	return workbook.ChangeMark(int(now - last))
}

func actionsTable(s *workbook.Session) [][]string {
	rows := [][]string{{"ID", "What", "Owner", "Due", "Status", "Measure of progress", "Carried from last year"}}
	for _, a := range s.Plan.Actions {
		rows = append(rows, []string{a.ID, a.What, workbook.OwnerName(s, a.Owner), a.Due, a.Status, a.Measure, yesNo(a.CarriedFrom != "")})
	}
	return rows
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return ""
}
