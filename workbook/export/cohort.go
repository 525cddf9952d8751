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
	var b CohortBuilder
	for _, s := range sessions {
		b.Add(NewCohortTeam(s))
	}
	return b.Render(tools, format)
}

// CohortBuilder rolls up a cohort one team at a time, keeping only what the
// report needs of each session (a CohortTeam: its consensus ratings, gaps,
// problem of practice, action-step counts, and its template's outline,
// shared by the teams on the same version), never the sessions themselves:
// a cohort of thousands of teams is read as a stream. The zero value is
// ready to use.
type CohortBuilder struct {
	teams     []*CohortTeam
	templates map[string]*cohortTemplate // by cohortTemplate.key
}

// CohortTeam is what the cohort report keeps of one team's session.
// NewCohortTeam makes one, on any goroutine; CohortBuilder.Add takes it.
type CohortTeam struct {
	team, district, year string
	tmpl                 *cohortTemplate
	ratings              map[string]workbook.Rating // rated consensus, by indicator id
	gaps                 []cohortGapRef
	problem              teamProblem // Team left empty: labels come from the whole cohort
	statuses             []int       // parallel to workbook.Statuses
}

// cohortTemplate is the outline of a template version as the report
// compares it: its domains and indicators (ids and titles).
type cohortTemplate struct {
	key, ref, title string
	levels          int
	domains         []cohortDomain
}

type cohortDomain struct {
	id, title  string
	indicators []indicatorRef
}

type indicatorRef struct{ id, title string }

type cohortGapRef struct{ id, title, domain string }

// NewCohortTeam takes from a session what the cohort report needs.
func NewCohortTeam(s *workbook.Session) *CohortTeam {
	t := &CohortTeam{team: s.Team, district: s.District, year: s.SchoolYear,
		ratings: map[string]workbook.Rating{}, statuses: make([]int, len(workbook.Statuses))}
	ct := &cohortTemplate{ref: s.Template.Ref(), title: workbook.CleanLine(s.Template.Title), levels: len(s.Template.Scale.Levels)}
	var key strings.Builder
	fmt.Fprintf(&key, "%q %q %d", ct.ref, ct.title, ct.levels)
	for _, d := range s.Template.Domains {
		cd := cohortDomain{id: d.ID, title: workbook.CleanLine(d.Title)}
		fmt.Fprintf(&key, " %q %q", d.ID, d.Title)
		for _, in := range d.Indicators {
			cd.indicators = append(cd.indicators, indicatorRef{in.ID, workbook.CleanLine(in.Title)})
			fmt.Fprintf(&key, " %q %q", in.ID, in.Title)
			if r := s.Ratings[in.ID]; r != nil && r.Consensus.Rated() {
				t.ratings[in.ID] = r.Consensus
			}
		}
		ct.domains = append(ct.domains, cd)
	}
	ct.key = key.String()
	t.tmpl = ct
	for _, g := range workbook.Gaps(s, workbook.ReportItems) {
		t.gaps = append(t.gaps, cohortGapRef{g.Indicator.ID, workbook.CleanLine(g.Indicator.Title), workbook.CleanLine(g.DomainTitle)})
	}
	// The problem and the steps' statuses as the team's report has them
	// (its answers by question id, cleaned).
	r := workbook.BuildReport(s)
	t.problem = teamProblem{
		District: r.District, Year: r.SchoolYear,
		Question: r.Problem.Question, Phase: r.Problem.Phase, Focus: strings.Join(r.Problem.Focus, "; "),
		Aim: r.Plan.Aim, AimDate: r.Plan.AimDate,
	}
	for _, a := range r.Plan.Actions {
		k := slices.Index(workbook.Statuses, a.Status)
		if k < 0 {
			k = 0 // a step with no status has not started
		}
		t.statuses[k]++
	}
	return t
}

// Add adds the next team; teams on the same template version share one
// outline.
func (b *CohortBuilder) Add(t *CohortTeam) {
	if b.templates == nil {
		b.templates = map[string]*cohortTemplate{}
	}
	if shared, ok := b.templates[t.tmpl.key]; ok {
		t.tmpl = shared
	} else {
		b.templates[t.tmpl.key] = t.tmpl
	}
	b.teams = append(b.teams, t)
}

// Len is the number of teams added.
func (b *CohortBuilder) Len() int { return len(b.teams) }

// Render renders the roll-up of the teams added, in the order added, as
// Markdown or HTML, with the districts' tools when tools has any.
func (b *CohortBuilder) Render(tools CohortTools, format string) ([]byte, error) {
	if len(b.teams) == 0 {
		return nil, fmt.Errorf("no sessions to roll up; give one or more exported session files")
	}
	v := newCohortView(b.teams)
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
func teamLabels(teams []*CohortTeam) []string {
	labels := make([]string, len(teams))
	count := map[string]int{}
	for i, t := range teams {
		labels[i] = orDash(workbook.CleanLine(t.team))
		count[labels[i]]++
	}
	for i, t := range teams {
		if count[labels[i]] > 1 {
			labels[i] = fmt.Sprintf("%s (%s, %s)", labels[i], workbook.CleanLine(t.district), workbook.CleanLine(t.year))
		}
	}
	return labels
}

func newCohortView(teams []*CohortTeam) *cohortView {
	v := &cohortView{Teams: teamLabels(teams), LevelCount: teams[0].tmpl.levels}
	shared := v.compareTemplates(teams)
	v.fillHeat(teams, shared)
	v.fillGaps(teams)
	v.fillProblems(teams)
	v.fillStatuses(teams)
	return v
}

// compareTemplates lists the template versions in use and the indicators
// not every team has; it returns the ids every team shares.
func (v *cohortView) compareTemplates(teams []*CohortTeam) map[string]bool {
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
	for i, t := range teams {
		ref := t.tmpl.ref
		if uses[ref] == nil {
			uses[ref] = &use{title: t.tmpl.title}
			refs = append(refs, ref)
		}
		uses[ref].teams = append(uses[ref].teams, v.Teams[i])
		for _, d := range t.tmpl.domains {
			for _, in := range d.indicators {
				if _, seen := titles[in.id]; !seen {
					order = append(order, in.id)
				}
				have[in.id]++
				if !slices.Contains(titles[in.id], in.title) {
					titles[in.id] = append(titles[in.id], in.title)
				}
				if !slices.Contains(inRefs[in.id], ref) {
					inRefs[in.id] = append(inRefs[in.id], ref)
				}
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
		case have[id] == len(teams):
			shared[id] = true
			v.Shared++
			if len(titles[id]) > 1 {
				v.Reworded = append(v.Reworded, indicatorUse{ID: workbook.CleanLine(id), Title: strings.Join(titles[id], " / "),
					Where: "worded differently across versions; compared by id"})
			}
		default:
			v.NotShared = append(v.NotShared, indicatorUse{ID: workbook.CleanLine(id), Title: titles[id][0],
				Where: fmt.Sprintf("only in %s (%d of %d teams)", workbook.CleanLine(strings.Join(inRefs[id], ", ")), have[id], len(teams))})
		}
	}
	return shared
}

// fillHeat averages each team's consensus ratings per domain over the shared
// indicators. Domains are matched by id; columns follow the first template.
func (v *cohortView) fillHeat(teams []*CohortTeam, shared map[string]bool) {
	var domainIDs []string
	domainTitle := map[string]string{}
	for _, t := range teams {
		for _, d := range t.tmpl.domains {
			if _, seen := domainTitle[d.id]; seen {
				continue
			}
			if slices.ContainsFunc(d.indicators, func(in indicatorRef) bool { return shared[in.id] }) {
				domainTitle[d.id] = d.title
				domainIDs = append(domainIDs, d.id)
			}
		}
	}
	for _, id := range domainIDs {
		v.Domains = append(v.Domains, domainTitle[id])
	}
	for _, t := range teams {
		levels := float64(max(1, t.tmpl.levels))
		row := make([]heatCell, len(domainIDs))
		for j, did := range domainIDs {
			var sum float64
			var n int
			for _, d := range t.tmpl.domains {
				if d.id != did {
					continue
				}
				for _, in := range d.indicators {
					if r, ok := t.ratings[in.id]; shared[in.id] && ok {
						sum += float64(r)
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
func (v *cohortView) fillGaps(teams []*CohortTeam) {
	type tally struct {
		gap   commonGap
		teams []string
		first int
	}
	byID := map[string]*tally{}
	n := 0
	for i, t := range teams {
		for _, g := range t.gaps {
			ta := byID[g.id]
			if ta == nil {
				ta = &tally{gap: commonGap{Title: g.title, Domain: g.domain}, first: n}
				byID[g.id] = ta
				n++
			}
			ta.gap.Count++
			ta.teams = append(ta.teams, v.Teams[i])
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

func (v *cohortView) fillProblems(teams []*CohortTeam) {
	for i, t := range teams {
		p := t.problem
		p.Team = v.Teams[i]
		v.Problems = append(v.Problems, p)
	}
}

// fillStatuses counts action steps by status; a step with no status counts
// as not started.
func (v *cohortView) fillStatuses(teams []*CohortTeam) {
	v.Statuses = workbook.Statuses
	v.StatusSum = statusRow{Team: "All teams", Counts: make([]int, len(workbook.Statuses))}
	for i, t := range teams {
		row := statusRow{Team: v.Teams[i], Counts: slices.Clone(t.statuses)}
		for k, c := range t.statuses {
			row.Total += c
			v.StatusSum.Counts[k] += c
			v.StatusSum.Total += c
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
