package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"edtech-workbook/workbook"
)

// CohortFormats lists the formats of the cohort roll-up. csv is the long
// table (CohortCSV): one row per team × indicator × rater.
var CohortFormats = []string{FormatMarkdown, FormatHTML, FormatCSV}

// cohortGapsShown bounds the "most common gaps" table; the rest are counted.
const cohortGapsShown = 15

// cohortPage is what the cohort templates and the Markdown writer read.
type cohortPage struct {
	*workbook.CohortView
	TeamRows                              []cohortTeamRow
	AverageFlags                          string
	GapsShown                             []workbook.CommonGap
	GapsMore                              int
	SortLabel                             string
	Intro                                 string // the first paragraph (cohortIntro)
	FocusTable, PhaseTable, DecisionTable themeTable
	Tools                                 *cohortToolsView // the districts' tools (cohort_tools.go); nil without inventories
}

// cohortTeamRow is a team row with its last change and flags in words.
// Day and Age are Days in two parts (the date, then how long ago), which
// the HTML keeps each on one line.
type cohortTeamRow struct {
	workbook.CohortTeam
	Days, Flags string
	Day, Age    string
}

// themeTable is one table of themes.
type themeTable struct {
	What  string
	List  []workbook.Theme
	Teams int
	Empty string
}

// Cohort renders the roll-up of several teams' sessions, in the order
// given, as Markdown, HTML or the long CSV, with no clock (no stale flags
// or overdue steps) and the rows by team name.
func Cohort(sessions []*workbook.Session, format string) ([]byte, error) {
	return CohortWithTools(sessions, CohortTools{}, format)
}

// CohortWithTools is Cohort with a section comparing the districts' tool
// inventories, when tools has any.
func CohortWithTools(sessions []*workbook.Session, tools CohortTools, format string) ([]byte, error) {
	if len(sessions) == 0 {
		return nil, fmt.Errorf("no sessions to roll up; give one or more exported session files")
	}
	if format == FormatCSV {
		if len(tools.Districts) > 0 {
			return nil, fmt.Errorf("the cohort's long CSV has no tools section; leave out --inventory or use --format md or html")
		}
		var buf bytes.Buffer
		w := NewCohortCSV(&buf)
		for _, s := range sessions {
			if err := w.Add(s); err != nil {
				return nil, err
			}
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	c := workbook.NewCohort(workbook.CohortOptions{})
	for _, s := range sessions {
		c.Add(s)
	}
	v, err := c.Build()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := RenderCohort(&buf, v, tools, format); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// RenderCohort writes a built cohort as Markdown or HTML.
func RenderCohort(w io.Writer, v *workbook.CohortView, tools CohortTools, format string) error {
	p := &cohortPage{CohortView: v, GapsShown: v.Gaps, SortLabel: workbook.CohortSortMeaning[v.Sort], AverageFlags: averageFlags(v.Average),
		FocusTable:    themeTable{"Focus indicator", v.FocusThemes, len(v.Teams), "No team has chosen focus indicators yet."},
		PhaseTable:    themeTable{"Phase", v.PhaseThemes, len(v.Teams), "No team has chosen a phase yet."},
		DecisionTable: themeTable{"Decision", v.Decisions, len(v.Teams), ""}, Intro: cohortIntro(v)}
	for _, t := range v.Teams {
		day, age := daysParts(t)
		p.TeamRows = append(p.TeamRows, cohortTeamRow{CohortTeam: t, Days: daysText(t), Flags: flags(t), Day: day, Age: age})
	}
	if len(p.GapsShown) > cohortGapsShown {
		p.GapsShown, p.GapsMore = p.GapsShown[:cohortGapsShown], len(p.GapsShown)-cohortGapsShown
	}
	if len(tools.Districts) > 0 {
		if tools.Today.IsZero() {
			return fmt.Errorf("the cohort report's tools section has no date; pass today's date")
		}
		p.Tools = newCohortToolsView(tools)
	}
	switch format {
	case FormatMarkdown:
		if _, err := io.WriteString(w, cohortMarkdown(p)); err != nil {
			return err
		}
		_, err := io.WriteString(w, "\n")
		return err
	case FormatHTML:
		if err := htmlTemplates().ExecuteTemplate(w, "cohort", p); err != nil {
			return fmt.Errorf("cannot render the HTML cohort report: %w", err)
		}
		return nil
	}
	return fmt.Errorf("unknown cohort format %q; use one of %s", format, strings.Join(CohortFormats, ", "))
}

// cohortIntro says how many teams the report holds, what earlier years
// are for and what day it is, the same in every format.
func cohortIntro(v *workbook.CohortView) string {
	intro := workbook.CountOf(len(v.Teams), "team")
	if v.Earlier > 0 {
		intro += fmt.Sprintf(" (their latest school year; the district trends also count %s from earlier years)", workbook.CountOf(v.Earlier, "session"))
	}
	intro += "."
	if v.Today != "" {
		intro += fmt.Sprintf(" As of %s; a team is stale after %d days without a change.", v.Today, v.StaleDays)
	}
	return intro
}

// flags says in words why a team needs a look: "stale (59 days)", "2
// overdue steps".
func flags(t workbook.CohortTeam) string {
	var out []string
	if t.Stale {
		out = append(out, fmt.Sprintf("stale (%d days)", t.DaysSince))
	}
	if t.Overdue > 0 {
		out = append(out, workbook.CountOf(t.Overdue, "overdue step"))
	}
	return strings.Join(out, "; ")
}

// averageFlags summarises the flags of the cohort-average row.
func averageFlags(a workbook.CohortTeam) string {
	return fmt.Sprintf("%d stale; %d with overdue steps", a.StaleTeams, a.OverdueTeams)
}

func daysText(t workbook.CohortTeam) string {
	day, age := daysParts(t)
	if age == "" {
		return day
	}
	return day + " " + age
}

// daysParts is a team's last change: its date ("–" when unknown) and how
// long before the as-of date it was ("" when not known), or that it is
// after the as-of date.
func daysParts(t workbook.CohortTeam) (day, age string) {
	if t.Updated == "" {
		return "–", ""
	}
	if t.After != "" {
		return t.Updated, "(after " + t.After + ")"
	}
	if t.DaysSince < 0 {
		return t.Updated, ""
	}
	return t.Updated, fmt.Sprintf("(%d days)", t.DaysSince)
}

// cohortMarkdown renders the roll-up as Markdown, without the final
// newline (a string, so writing it copies nothing: a report of thousands
// of teams is megabytes).
func cohortMarkdown(p *cohortPage) string {
	v := p.CohortView
	w := &mdWriter{}
	w.heading(1, "Cohort report")
	w.line("%s", p.Intro)
	w.blank()

	w.heading(2, "Teams at a glance")
	w.line("Rows %s. Overall score: the mean consensus rating, out of %d, over the %d indicators every team's template shares. Completion: the share of the workbook filled in.", p.SortLabel, v.Levels, v.Shared)
	w.blank()
	var rows [][]string
	for _, t := range v.Teams {
		rows = append(rows, []string{mdInline(t.Label), mdInline(t.District), mdInline(t.Year), mdInline(t.Template), t.Overall.Text,
			fmt.Sprintf("%d%%", t.Completion), mdInline(daysText(t)), orDash(flags(t))})
	}
	a := v.Average
	rows = append(rows, []string{a.Label, "–", "–", "–", a.Overall.Text, fmt.Sprintf("%d%%", a.Completion), "–", averageFlags(a)})
	w.table([]string{"Team", "District", "Year", "Template", "Overall", "Complete", "Last change", "Needs a look"}, "llllrrll", rows)

	w.heading(2, "Domain scores")
	w.line("Average consensus rating per domain, out of %d, over the indicators every team's template shares. – means nothing rated yet.", v.Levels)
	w.blank()
	head := []string{"Team"}
	for _, d := range v.Domains {
		head = append(head, mdInline(d.Title))
	}
	head = append(head, "Overall")
	rows = nil
	for _, t := range v.Teams {
		row := []string{mdInline(t.Label)}
		for _, c := range t.Domains {
			row = append(row, c.Text)
		}
		rows = append(rows, append(row, t.Overall.Text))
	}
	row := []string{a.Label}
	for _, c := range a.Domains {
		row = append(row, c.Text)
	}
	rows = append(rows, append(row, a.Overall.Text))
	w.table(head, "l"+strings.Repeat("r", len(v.Domains)+1), rows)

	w.heading(2, "Templates")
	var trows [][]string
	for _, t := range v.Templates {
		trows = append(trows, []string{mdInline(t.Title), mdInline(t.Ref), mdInline(t.Teams)})
	}
	w.table([]string{"Template", "Version", "Teams"}, "", trows)
	if v.SameTemplate {
		w.line("Every team uses the same template version.")
		w.blank()
	} else {
		writeMDIndicatorUses(w, "Indicators left out of the comparison (not in every team's template):", v.NotShared)
		writeMDIndicatorUses(w, "Indicators compared by id although their wording differs:", v.Reworded)
	}

	w.heading(2, "Most common gaps")
	w.line("Indicators the team's consensus rates %d or lower, counted for every team, on the indicators every team's template shares.", v.GapThreshold)
	w.blank()
	if len(p.GapsShown) == 0 {
		w.none("No team has gaps yet.")
	} else {
		var grows [][]string
		for _, g := range p.GapsShown {
			grows = append(grows, []string{mdInline(g.Title), mdInline(g.Domain), fmt.Sprintf("%d of %d", g.Count, len(v.Teams)), mdInline(g.Teams)})
		}
		w.table([]string{"Indicator", "Domain", "Teams", "Which teams"}, "llrl", grows)
		if p.GapsMore > 0 {
			w.line("%d more %s gaps for fewer teams.", p.GapsMore, map[bool]string{true: "indicator is a", false: "indicators are"}[p.GapsMore == 1])
			w.blank()
		}
	}

	w.heading(2, "Problems of practice: common themes")
	writeMDThemes(w, p.FocusTable)
	writeMDThemes(w, p.PhaseTable)

	w.heading(2, "End-of-year decisions")
	writeMDThemes(w, p.DecisionTable)

	w.heading(2, "Trend by district")
	w.line("One point per school year: the mean overall score of the district's teams that year. The change is over the indicators both years rated.")
	w.blank()
	var drows [][]string
	for _, d := range v.Districts {
		for _, pt := range d.Points {
			name := mdInline(d.District)
			change := "–"
			if pt.HasChange {
				change = fmt.Sprintf("%s (%s)", pt.Change, workbook.CountOf(pt.ChangeN, "indicator"))
			}
			drows = append(drows, []string{name, mdInline(pt.Year), pt.Score.Text, strconv.Itoa(pt.Teams), change})
		}
	}
	w.table([]string{"District", "Year", "Score", "Teams", "Change"}, "llrrl", drows)

	w.heading(2, "Problems of practice and aims")
	for _, pr := range v.Problems {
		w.heading(3, mdInline(pr.Team))
		w.field("District", mdInline(pr.District))
		w.field("School year", mdInline(pr.Year))
		w.field("Focus indicators", mdInline(pr.Focus))
		w.field("Phase", mdInline(pr.Phase))
		w.field("Problem of practice", orDash(mdFlat(pr.Question)))
		aim := orDash(mdFlat(pr.Aim))
		if pr.AimDate != "" {
			aim += " (by " + mdInline(pr.AimDate) + ")"
		}
		w.field("Aim", aim)
		w.field("Decision", orDash(mdInline(pr.Decision)))
	}

	w.heading(2, "Action steps by status")
	shead := append(append([]string{"Team"}, v.Statuses...), "Total")
	var srows [][]string
	for _, r := range append(append([]workbook.StatusRow{}, v.StatusRows...), v.StatusSum) {
		row := []string{mdInline(r.Team)}
		for _, c := range r.Counts {
			row = append(row, strconv.Itoa(c))
		}
		srows = append(srows, append(row, strconv.Itoa(r.Total)))
	}
	w.table(shead, "l"+strings.Repeat("r", len(v.Statuses)+1), srows)
	if p.Tools != nil {
		writeMDCohortTools(w, p.Tools)
	}
	return strings.TrimRight(w.b.String(), "\n")
}

func writeMDThemes(w *mdWriter, t themeTable) {
	if len(t.List) == 0 {
		if t.Empty != "" {
			w.none(t.Empty)
		}
		return
	}
	var rows [][]string
	for _, th := range t.List {
		rows = append(rows, []string{mdInline(th.Title), fmt.Sprintf("%d of %d", th.Count, t.Teams), mdInline(th.Teams)})
	}
	w.table([]string{t.What, "Teams", "Which teams"}, "lrl", rows)
}

func writeMDIndicatorUses(w *mdWriter, title string, list []workbook.IndicatorUse) {
	if len(list) == 0 {
		return
	}
	w.line("%s", title)
	w.blank()
	for _, u := range list {
		w.line("- %s (id %s): %s", mdInline(u.Title), mdInline(u.ID), mdInline(u.Where))
	}
	w.blank()
}

// CohortCSV writes the long table of many sessions as they arrive: one row
// per team × indicator × rater (the consensus, then each member as "member
// 1", "member 2"… in roster order, never by name), with the team,
// district, school year and template@version on every row, so files from
// several teams stack. Nothing is held between sessions.
type CohortCSV struct {
	out  io.Writer
	w    *csv.Writer
	head bool
}

// NewCohortCSV starts the long table on w (a UTF-8 byte-order mark and the
// header come with the first session).
func NewCohortCSV(w io.Writer) *CohortCSV { return &CohortCSV{out: w, w: csv.NewWriter(w)} }

// LongColumns is the header of the long table.
var LongColumns = []string{"Team", "District", "School year", "Template", "Domain ID", "Domain", "Indicator ID", "Indicator",
	"Rater", "Rating", "Last year", "Change"}

// Add writes one session's rows.
func (c *CohortCSV) Add(s *workbook.Session) error {
	if !c.head {
		c.head = true
		if _, err := io.WriteString(c.out, utf8BOM); err != nil {
			return err
		}
		if err := c.write(append([]string(nil), LongColumns...)); err != nil {
			return err
		}
	}
	team, district, year, ref := workbook.CleanLine(s.Team), workbook.CleanLine(s.District), workbook.CleanLine(s.SchoolYear), workbook.CleanLine(s.Template.Ref())
	var base map[string]workbook.Rating
	if s.Previous != nil {
		base = s.Previous.Baseline
	}
	for _, d := range s.Template.Domains {
		did, dt := workbook.CleanLine(d.ID), workbook.CleanLine(d.Title)
		for _, in := range d.Indicators {
			r := s.RatingOf(in.ID)
			last, change := "", ""
			if base != nil {
				p := base[in.ID]
				last = ratingCell(p)
				if p.Rated() && r.Consensus.Rated() {
					change = strconv.Itoa(int(r.Consensus - p))
				}
			}
			lead := []string{team, district, year, ref, did, dt, workbook.CleanLine(in.ID), workbook.CleanLine(in.Title)}
			if err := c.write(append(lead, "consensus", ratingCell(r.Consensus), last, change)); err != nil {
				return err
			}
			concealed := s.Concealed(in.ID) // a hidden vote not everyone has given
			for i, m := range s.Roster {
				rating := ratingCell(r.Members[m.ID])
				if concealed {
					rating = "hidden"
				}
				if err := c.write(append(lead, "member "+strconv.Itoa(i+1), rating, "", "")); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (c *CohortCSV) write(row []string) error {
	for i, cell := range row {
		row[i] = csvCell(cell)
	}
	return c.w.Write(row)
}

// Close flushes the table.
func (c *CohortCSV) Close() error {
	c.w.Flush()
	return c.w.Error()
}
