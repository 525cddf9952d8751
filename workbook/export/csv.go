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
	TableRatings  = "ratings"
	TableActions  = "actions"
	TableAnswers  = "answers"
	TableComments = "comments"
)

// CSVTables lists the tables the CSV export can write.
var CSVTables = []string{TableRatings, TableActions, TableAnswers, TableComments}

// utf8BOM lets spreadsheet programs (Excel above all) recognise UTF-8, so
// names with accents and the ▲/▼ marks open correctly.
const utf8BOM = "\ufeff"

// exportCSV writes one table of the session as CSV: a UTF-8 byte-order
// mark, a header row, then one row per indicator, action step or question.
func exportCSV(s *workbook.Session, table string) ([]byte, error) {
	var rows [][]string
	switch table {
	case TableRatings, "":
		rows = ratingsTable(workbook.BuildReport(s))
	case TableActions:
		rows = actionsTable(workbook.BuildReport(s))
	case TableAnswers:
		rows = answersTable(workbook.BuildReport(s))
	case TableComments:
		rows = commentsTable(workbook.BuildReport(s))
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
			row = append(row, ratingCell(in.ConsensusRating), in.ConsensusLabel, yesNo(in.Priority), in.Evidence, in.EquityPause, in.Equity)
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

func actionsTable(v *workbook.Report) [][]string {
	rows := [][]string{{"ID", "What", "Owner", "Due", "Status", "Measure of progress", "Carried from last year"}}
	for _, a := range v.Plan.Actions {
		rows = append(rows, []string{a.ID, a.What, a.Owner, a.Due, a.Status, a.Measure, yesNo(a.Carried)})
	}
	return rows
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
			rows = append(rows, []string{part.name, a.ID, a.Question, yesNo(a.Required), a.Answer})
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
			rows = append(rows, []string{t.First().ID, string(t.Key.Kind), t.Key.ID, t.Part, t.Status, c.ID, yesNo(c.Reply),
				c.Name, c.Role, c.Date, yesNo(c.Edited), yesNo(c.Deleted), yesNo(c.New), c.Text})
		}
	}
	return rows
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return ""
}
