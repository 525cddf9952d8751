package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"

	"edtech-workbook/workbook"
)

// CSV tables.
const (
	TableRatings  = "ratings"
	TableActions  = "actions"
	TableAnswers  = "answers"
	TableComments = "comments"
	TableMeasures = "measures"
	// TableLong is the long table: one row per indicator × rater, with the
	// team, district, year and template on every row (CohortCSV).
	TableLong = "long"
)

// CSVTables lists the tables the CSV export can write.
var CSVTables = []string{TableRatings, TableActions, TableAnswers, TableComments, TableMeasures, TableLong}

// utf8BOM lets spreadsheet programs (Excel above all) recognise UTF-8, so
// names with accents and the ▲/▼ marks open correctly.
const utf8BOM = "\ufeff"

// exportCSV writes one table of the session as CSV: a UTF-8 byte-order
// mark, a header row, then one row per indicator, action step or question.
func exportCSV(s *workbook.Session, table string, today time.Time) ([]byte, error) {
	var rows [][]string
	switch table {
	case TableRatings, "":
		rows = ratingsTable(workbook.BuildReport(s))
	case TableActions:
		rows = actionsTable(workbook.BuildReportAt(s, today))
	case TableAnswers:
		rows = answersTable(workbook.BuildReport(s))
	case TableComments:
		rows = commentsTable(workbook.BuildReport(s))
	case TableMeasures:
		rows = measuresTable(workbook.BuildReport(s))
	case TableLong:
		var buf bytes.Buffer
		w := NewCohortCSV(&buf)
		if err := w.Add(s); err != nil {
			return nil, err
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	default:
		return nil, fmt.Errorf("unknown CSV table %q; use --table %s", table, strings.Join(CSVTables, " or --table "))
	}
	return writeCSV(rows)
}

// writeCSV writes rows as CSV: a UTF-8 byte-order mark, then every row with
// each cell through csvCell (cleaned, and neutralised so a spreadsheet never
// runs it as a formula). The cells of rows are rewritten in place.
func writeCSV(rows [][]string) ([]byte, error) {
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
	if plainNumber(s) {
		return s // "-1" is a number to a spreadsheet, not a formula
	}
	s = workbook.CleanText(strings.ReplaceAll(s, "\r\n", "\n"))
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// plainNumber reports whether s is an optional minus, digits and an
// optional decimal part, and nothing else: "-1", "0.5", "-0.3".
func plainNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole, frac, dot := strings.Cut(s, ".")
	digits := func(x string) bool {
		return x != "" && strings.Trim(x, "0123456789") == ""
	}
	return digits(whole) && (!dot || digits(frac))
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
func memberColumns(v *workbook.Report) []string {
	cols := make([]string, len(v.Roster))
	seen := map[string]int{}
	for _, m := range v.Roster {
		seen[m.Name]++
	}
	for i, m := range v.Roster {
		name := m.Name
		if name == "" || seen[name] > 1 {
			name = strings.TrimSpace(name + " (" + m.ID + ")")
		}
		if m.Former {
			name += " (" + workbook.FormerMemberNote + ")"
		}
		cols[i] = name
	}
	return cols
}

func ratingsTable(v *workbook.Report) [][]string {
	head := []string{"Domain", "Indicator ID", "Indicator"}
	if len(v.Areas) > 0 {
		head = append(head, "Area")
	}
	head = append(head, memberColumns(v)...)
	head = append(head, "Consensus", "Consensus level", "Priority", "Evidence", "Equity pause", "Equity answer")
	if v.HasPrev {
		head = append(head, "Last year ("+v.PrevYear+")", "Change")
	}
	head = append(head, "Hidden vote", "Flag")
	rows := [][]string{head}
	for _, d := range v.Assessment {
		for _, in := range d.Indicators {
			row := []string{d.Title, in.ID, in.Title}
			if len(v.Areas) > 0 {
				row = append(row, in.Area)
			}
			for _, r := range in.MemberRatings {
				row = append(row, ratingCell(r))
			}
			row = append(row, ratingCell(in.ConsensusRating), in.ConsensusLabel, yesOrBlank(in.Priority), in.Evidence, in.EquityPause, in.Equity)
			if v.HasPrev {
				row = append(row, ratingCell(in.PrevRating), csvChange(in.ConsensusRating, in.PrevRating))
			}
			hidden := ""
			if in.Hidden { // the members' cells are empty: the vote is not over
				hidden = in.VoteNote
			}
			row = append(row, hidden, in.Flag)
			rows = append(rows, row)
		}
	}
	return rows
}

// csvChange is the year-over-year change as a number a spreadsheet can add
// up ("1", "-2", "0"), or empty when either year is unrated.
func csvChange(now, last workbook.Rating) string {
	if !now.Rated() || !last.Rated() {
		return ""
	}
	return strconv.Itoa(int(now - last))
}

func actionsTable(v *workbook.Report) [][]string {
	overdue := "Overdue"
	if v.AsOf != "" {
		overdue += " (as of " + v.AsOf + ")"
	}
	rows := [][]string{{"ID", "What", "Owner", "Due", "Status", "Measure of progress", "Carried from last year", overdue,
		"Improvement cycles", "Latest cycle"}}
	for _, a := range v.Plan.Actions {
		latest := ""
		if n := len(a.Cycles); n > 0 {
			latest = cycleText(a.Cycles[n-1])
		}
		rows = append(rows, []string{a.ID, a.What, a.Owner, a.Due, a.Status, a.Measure, yesOrBlank(a.Carried), yesOrBlank(a.Overdue),
			countCell(len(a.Cycles)), latest})
	}
	return rows
}

// measuresTable has one row per dated value of each measure of the data
// plan, oldest first, beside the measure's baseline and target (a measure
// without values gets one row with no date, so every measure is listed).
func measuresTable(v *workbook.Report) [][]string {
	rows := [][]string{{"Measure ID", "Measure", "Baseline", "Target", "Date", "Value", "Number", "Check-in", "Note"}}
	for _, m := range v.Plan.Measures {
		if len(m.Points) == 0 {
			rows = append(rows, []string{m.ID, m.Measure, m.Baseline, m.Target, "", "", "", "", ""})
		}
		for _, p := range m.Points {
			rows = append(rows, []string{m.ID, m.Measure, m.Baseline, m.Target, p.Date, p.Value,
				strconv.FormatFloat(p.Number, 'f', -1, 64), p.CheckIn, p.Note})
		}
	}
	return rows
}

// countCell is a count, or an empty cell for none.
func countCell(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// answersTable has one row per question of the template, part by part in
// template order (the problem as one question first), answered or not.
func answersTable(v *workbook.Report) [][]string {
	rows := [][]string{{"Part", "Question ID", "Question", "Required", "Answer"}}
	rows = append(rows, []string{workbook.PartNameProblem, string(workbook.PromptProblem), v.Problem.QuestionLabel, "", v.Problem.Question})
	for _, part := range []struct {
		name string
		list []workbook.AnswerRow
	}{{workbook.PartNameProblem, v.Problem.Answers}, {workbook.PartNamePlan, v.Plan.Answers}, {workbook.PartNameReflection, v.Reflection.Answers}} {
		for _, a := range part.list {
			rows = append(rows, []string{part.name, a.ID, a.Question, yesOrBlank(a.Required), a.Answer})
		}
	}
	return rows
}

// commentsTable has one row per comment, thread by thread in the order of
// the session's parts (each thread's first comment, then its replies): the
// part it is on (kind, id and name), the thread's status, and whether the
// comment came with the last merge.
func commentsTable(v *workbook.Report) [][]string {
	rows := [][]string{{"Thread", "Part kind", "Part ID", "Part", "Thread status", "Comment ID", "Reply", "Author", "Side",
		"Date", "Edited", "Deleted", "New since last merge", "Text"}}
	for _, t := range v.Threads {
		for _, c := range t.Comments {
			rows = append(rows, []string{t.First().ID, string(t.Key.Kind), t.Key.ID, t.Part, t.Status, c.ID, yesOrBlank(c.Reply),
				c.Name, c.Role, c.Date, yesOrBlank(c.Edited), yesOrBlank(c.Deleted), yesOrBlank(c.New), c.Text})
		}
	}
	return rows
}

// yesOrBlank is a table's yes, or an empty cell.
func yesOrBlank(b bool) string {
	if b {
		return "yes"
	}
	return ""
}
