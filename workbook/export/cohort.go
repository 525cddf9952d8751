package export

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"edtech-workbook/workbook"
)

// CohortFormats lists the formats of the cohort roll-up.
var CohortFormats = []string{FormatMarkdown, FormatHTML}

// cohortGapsShown bounds the "most common gaps" list.
const cohortGapsShown = 10

// cohortView is many teams' sessions rolled up for a facilitator. Teams on
// different template versions are compared on the indicators every team's
// template has (matched by id); the rest are listed, not averaged.
type cohortView struct {
	Teams      []string
	Domains    []string // titles, the heat map's columns
	Heat       [][]heatCell
	LevelCount int

	Templates    []templateUse
	SameTemplate bool
	Shared       int
	NotShared    []indicatorUse
	Reworded     []indicatorUse

	CommonGaps []commonGap
	Problems   []teamProblem
	Statuses   []string
	StatusRows []statusRow
	StatusSum  statusRow

	Tools *cohortToolsView // the districts' tools (cohort_tools.go); nil without inventories
}

type heatCell struct {
	Value string // "2.5", or "–" with nothing rated
	Level int    // 0 (nothing rated) or 1..4, the shade
	Rated int
}

type templateUse struct{ Ref, Title, Teams string }

type indicatorUse struct{ ID, Title, Where string }

type commonGap struct {
	Title, Domain string
	Count         int
	Teams         string
}

type teamProblem struct {
	Team, District, Year string
	Question, Phase      string
	Focus                string
	Aim, AimDate         string
}

type statusRow struct {
	Team   string
	Counts []int // parallel to cohortView.Statuses
	Total  int
}

// Cohort renders the roll-up of several teams' sessions, in the order
// given, as Markdown or HTML.
func Cohort(sessions []*workbook.Session, format string) ([]byte, error) {
	return CohortWithTools(sessions, CohortTools{}, format)
}

// CohortWithTools is Cohort with a section comparing the districts' tool
// inventories, when tools has any.
func CohortWithTools(sessions []*workbook.Session, tools CohortTools, format string) ([]byte, error) {
	if len(sessions) == 0 {
		return nil, fmt.Errorf("no sessions to roll up; give one or more exported session files")
	}
	v := newCohortView(sessions)
	if len(tools.Districts) > 0 {
		if tools.Today.IsZero() {
			return nil, fmt.Errorf("the cohort report's tools section has no date; pass today's date")
		}
		v.Tools = newCohortToolsView(tools)
	}
	switch format {
	case FormatMarkdown:
		return cohortMarkdown(v), nil
	case FormatHTML:
		return cohortHTML(v)
	}
	return nil, fmt.Errorf("unknown cohort format %q; use one of %s", format, strings.Join(CohortFormats, ", "))
}

// teamLabels names each team, adding the district and year when names
// repeat, so every heat-map row is distinct.
func teamLabels(sessions []*workbook.Session) []string {
	labels := make([]string, len(sessions))
	count := map[string]int{}
	for i, s := range sessions {
		labels[i] = orDash(workbook.CleanLine(s.Team))
		count[labels[i]]++
	}
	for i, s := range sessions {
		if count[labels[i]] > 1 {
			labels[i] = fmt.Sprintf("%s (%s, %s)", labels[i], workbook.CleanLine(s.District), workbook.CleanLine(s.SchoolYear))
		}
	}
	return labels
}

func newCohortView(sessions []*workbook.Session) *cohortView {
	v := &cohortView{Teams: teamLabels(sessions), LevelCount: len(sessions[0].Template.Scale.Levels)}
	shared := v.compareTemplates(sessions)
	v.fillHeat(sessions, shared)
	v.fillGaps(sessions)
	v.fillProblems(sessions)
	v.fillStatuses(sessions)
	return v
}

// compareTemplates lists the template versions in use and the indicators
// not every team has; it returns the ids every team shares.
func (v *cohortView) compareTemplates(sessions []*workbook.Session) map[string]bool {
	type use struct {
		title string
		teams []string
	}
	var refs []string
	uses := map[string]*use{}
	have := map[string]int{}        // indicator id -> teams whose template has it
	titles := map[string][]string{} // indicator id -> distinct titles, first seen first
	inRefs := map[string][]string{} // indicator id -> template refs holding it
	var order []string
	for i, s := range sessions {
		ref := s.Template.Ref()
		if uses[ref] == nil {
			uses[ref] = &use{title: workbook.CleanLine(s.Template.Title)}
			refs = append(refs, ref)
		}
		uses[ref].teams = append(uses[ref].teams, v.Teams[i])
		for _, in := range s.Template.Indicators() {
			if _, seen := titles[in.ID]; !seen {
				order = append(order, in.ID)
			}
			have[in.ID]++
			if t := workbook.CleanLine(in.Title); !slices.Contains(titles[in.ID], t) {
				titles[in.ID] = append(titles[in.ID], t)
			}
			if !slices.Contains(inRefs[in.ID], ref) {
				inRefs[in.ID] = append(inRefs[in.ID], ref)
			}
		}
	}
	for _, ref := range refs {
		v.Templates = append(v.Templates, templateUse{Ref: workbook.CleanLine(ref), Title: uses[ref].title, Teams: strings.Join(uses[ref].teams, ", ")})
	}
	v.SameTemplate = len(refs) == 1
	shared := map[string]bool{}
	for _, id := range order {
		switch {
		case have[id] == len(sessions):
			shared[id] = true
			v.Shared++
			if len(titles[id]) > 1 {
				v.Reworded = append(v.Reworded, indicatorUse{ID: workbook.CleanLine(id), Title: strings.Join(titles[id], " / "),
					Where: "worded differently across versions; compared by id"})
			}
		default:
			v.NotShared = append(v.NotShared, indicatorUse{ID: workbook.CleanLine(id), Title: titles[id][0],
				Where: fmt.Sprintf("only in %s (%d of %d teams)", workbook.CleanLine(strings.Join(inRefs[id], ", ")), have[id], len(sessions))})
		}
	}
	return shared
}

// fillHeat averages each team's consensus ratings per domain over the shared
// indicators. Domains are matched by id; columns follow the first template.
func (v *cohortView) fillHeat(sessions []*workbook.Session, shared map[string]bool) {
	var domainIDs []string
	domainTitle := map[string]string{}
	for _, s := range sessions {
		for _, d := range s.Template.Domains {
			if _, seen := domainTitle[d.ID]; seen {
				continue
			}
			if slices.ContainsFunc(d.Indicators, func(in workbook.Indicator) bool { return shared[in.ID] }) {
				domainTitle[d.ID] = workbook.CleanLine(d.Title)
				domainIDs = append(domainIDs, d.ID)
			}
		}
	}
	for _, id := range domainIDs {
		v.Domains = append(v.Domains, domainTitle[id])
	}
	for _, s := range sessions {
		levels := float64(max(1, len(s.Template.Scale.Levels)))
		row := make([]heatCell, len(domainIDs))
		for j, did := range domainIDs {
			var sum float64
			var n int
			for _, d := range s.Template.Domains {
				if d.ID != did {
					continue
				}
				for _, in := range d.Indicators {
					if r := s.Ratings[in.ID]; shared[in.ID] && r != nil && r.Consensus.Rated() {
						sum += float64(r.Consensus)
						n++
					}
				}
			}
			cell := heatCell{Value: "–", Rated: n}
			if n > 0 {
				avg := sum / float64(n)
				cell.Value = fmt.Sprintf("%.1f", avg)
				cell.Level = max(1, min(4, int(math.Round(avg/levels*4))))
			}
			row[j] = cell
		}
		v.Heat = append(v.Heat, row)
	}
}

// fillGaps counts, per indicator id, the teams that have it among the gaps
// their own summary lists (their lowest-rated workbook.ReportItems indicators).
func (v *cohortView) fillGaps(sessions []*workbook.Session) {
	type tally struct {
		gap   commonGap
		teams []string
		first int
	}
	byID := map[string]*tally{}
	n := 0
	for i, s := range sessions {
		for _, g := range workbook.Gaps(s, workbook.ReportItems) {
			t := byID[g.Indicator.ID]
			if t == nil {
				t = &tally{gap: commonGap{Title: workbook.CleanLine(g.Indicator.Title), Domain: workbook.CleanLine(g.DomainTitle)}, first: n}
				byID[g.Indicator.ID] = t
				n++
			}
			t.gap.Count++
			t.teams = append(t.teams, v.Teams[i])
		}
	}
	all := make([]*tally, 0, len(byID))
	for _, t := range byID {
		all = append(all, t)
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].gap.Count != all[j].gap.Count {
			return all[i].gap.Count > all[j].gap.Count
		}
		return all[i].first < all[j].first
	})
	for _, t := range all[:min(len(all), cohortGapsShown)] {
		t.gap.Teams = strings.Join(t.teams, ", ")
		v.CommonGaps = append(v.CommonGaps, t.gap)
	}
}

func (v *cohortView) fillProblems(sessions []*workbook.Session) {
	for i, s := range sessions {
		var focus []string
		for _, id := range s.Problem.FocusIndicators {
			if in, _, ok := s.Template.Indicator(id); ok {
				focus = append(focus, workbook.CleanLine(in.Title))
			} else {
				focus = append(focus, workbook.CleanLine(id))
			}
		}
		v.Problems = append(v.Problems, teamProblem{
			Team: v.Teams[i], District: workbook.CleanLine(s.District), Year: workbook.CleanLine(s.SchoolYear),
			Question: workbook.CleanText(s.Problem.Question), Phase: workbook.CleanLine(s.Problem.Phase), Focus: strings.Join(focus, "; "),
			Aim: workbook.CleanText(s.Plan.Aim), AimDate: workbook.CleanLine(s.Plan.AimDate),
		})
	}
}

// fillStatuses counts action steps by status; a step with no status counts
// as not started.
func (v *cohortView) fillStatuses(sessions []*workbook.Session) {
	v.Statuses = workbook.Statuses
	v.StatusSum = statusRow{Team: "All teams", Counts: make([]int, len(workbook.Statuses))}
	for i, s := range sessions {
		row := statusRow{Team: v.Teams[i], Counts: make([]int, len(workbook.Statuses))}
		for _, a := range s.Plan.Actions {
			k := slices.Index(workbook.Statuses, a.Status)
			if k < 0 {
				k = 0
			}
			row.Counts[k]++
			row.Total++
			v.StatusSum.Counts[k]++
			v.StatusSum.Total++
		}
		v.StatusRows = append(v.StatusRows, row)
	}
}

// cohortHTML renders the roll-up as one self-contained HTML page; the heat
// map shades each cell and always prints its number.
func cohortHTML(v *cohortView) ([]byte, error) {
	var buf bytes.Buffer
	if err := htmlTemplates().ExecuteTemplate(&buf, "cohort", v); err != nil {
		return nil, fmt.Errorf("cannot render the HTML cohort report: %w", err)
	}
	return buf.Bytes(), nil
}

// cohortMarkdown renders the roll-up as Markdown.
func cohortMarkdown(v *cohortView) []byte {
	w := &mdWriter{}
	w.heading(1, "Cohort report")
	w.line("%d teams.", len(v.Teams))
	w.blank()

	w.heading(2, "Domain scores")
	w.line("Average consensus rating per domain, out of %d, over the %d indicators every team's template shares. – means nothing rated yet.", v.LevelCount, v.Shared)
	w.blank()
	head := append([]string{"Team"}, v.Domains...)
	var rows [][]string
	for i, t := range v.Teams {
		row := []string{t}
		for _, c := range v.Heat[i] {
			row = append(row, c.Value)
		}
		rows = append(rows, row)
	}
	w.table(head, "l"+strings.Repeat("r", len(v.Domains)), rows)

	w.heading(2, "Templates")
	var trows [][]string
	for _, t := range v.Templates {
		trows = append(trows, []string{t.Title, t.Ref, t.Teams})
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
	if len(v.CommonGaps) == 0 {
		w.none("No team has gaps yet.")
	} else {
		var grows [][]string
		for _, g := range v.CommonGaps {
			grows = append(grows, []string{g.Title, g.Domain, fmt.Sprintf("%d of %d", g.Count, len(v.Teams)), g.Teams})
		}
		w.table([]string{"Indicator", "Domain", "Teams", "Which teams"}, "llrl", grows)
	}

	w.heading(2, "Problems of practice and aims")
	for _, p := range v.Problems {
		w.heading(3, p.Team)
		w.field("District", mdInline(p.District))
		w.field("School year", mdInline(p.Year))
		w.field("Focus indicators", mdInline(p.Focus))
		w.field("Phase", mdInline(p.Phase))
		w.field("Problem of practice", orDash(mdFlat(p.Question)))
		aim := orDash(mdFlat(p.Aim))
		if p.AimDate != "" {
			aim += " (by " + mdInline(p.AimDate) + ")"
		}
		w.field("Aim", aim)
	}

	w.heading(2, "Action steps by status")
	shead := append(append([]string{"Team"}, v.Statuses...), "Total")
	var srows [][]string
	for _, r := range append(slices.Clone(v.StatusRows), v.StatusSum) {
		row := []string{r.Team}
		for _, c := range r.Counts {
			row = append(row, fmt.Sprint(c))
		}
		srows = append(srows, append(row, fmt.Sprint(r.Total)))
	}
	w.table(shead, "l"+strings.Repeat("r", len(v.Statuses)+1), srows)
	if v.Tools != nil {
		writeMDCohortTools(w, v.Tools)
	}
	return []byte(strings.TrimRight(w.b.String(), "\n") + "\n")
}

func writeMDIndicatorUses(w *mdWriter, title string, list []indicatorUse) {
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
