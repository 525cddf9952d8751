package workbook

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The cohort: many teams' sessions rolled up for a coach or a facilitator.
// Sessions arrive one at a time (Cohort.Add) and each is reduced at once to
// a small digest, so a report over ten thousand teams never holds their
// sessions; Build then compares the digests. The rules:
//
//   - The cohort's teams are the latest school year of each team (team and
//     district, compared without case); earlier years only feed the
//     district trends. Teams are taken in name order, so lists of teams
//     read the same whatever order the sessions came in.
//   - Teams on different template versions are compared on the indicators
//     every team's template has (by id): the comparison. Scores, overall
//     scores and common gaps count only those.
//   - A team's overall score is the mean of its rated consensus ratings on
//     the comparison; a domain's, the mean over the domain's indicators in
//     the comparison. The cohort average is the mean of the teams' scores
//     (each team weighs the same), over the teams with a score.
//   - A common gap is an indicator in the comparison whose consensus is at
//     or below the team's gap threshold (GapThreshold: 2 of 4); every
//     team's every gap counts.
//   - Stale: no change in StaleDays days or more before Today. Overdue: an
//     action step due before Today and not done.
//   - A district's trend has one point per school year (the mean of its
//     teams' overall scores on their own templates, each team once: its
//     session of that year changed last); the change from one point to
//     the next is over the indicators both years rated.
//   - Every number is kept unrounded and rounded once when shown
//     (FormatScore, FormatChange).

// DefaultStaleDays is how long a team may go without a change before the
// cohort view flags it.
const DefaultStaleDays = 45

// CohortSort keys: the order of the cohort's team rows.
const (
	SortTeam       = "team"
	SortScore      = "score"
	SortCompletion = "completion"
	SortUpdated    = "updated"
	SortStale      = "stale"
	SortOverdue    = "overdue"
)

// CohortSorts lists the sort keys, in the order the app cycles through them.
var CohortSorts = []string{SortTeam, SortScore, SortCompletion, SortUpdated, SortStale, SortOverdue}

// CohortSortMeaning says what each sort key puts first.
var CohortSortMeaning = map[string]string{
	SortTeam:       "by team name",
	SortScore:      "lowest overall score first",
	SortCompletion: "least complete first",
	SortUpdated:    "longest without a change first",
	SortStale:      "stale teams first",
	SortOverdue:    "most overdue steps first",
}

// CohortOptions say when "today" is and how the rows are ordered.
type CohortOptions struct {
	Today     time.Time // the clock: stale and overdue are relative to it
	StaleDays int       // 0: DefaultStaleDays
	Sort      string    // one of CohortSorts; "": SortTeam
}

// cohortTextMax bounds each team's problem and aim in the cohort report (in
// characters), so the report and its memory stay small for large cohorts.
const cohortTextMax = 400

// cohortTemplate is what the cohort needs of one template version, kept
// once however many teams use it.
type cohortTemplate struct {
	ref, title string
	levels     int
	threshold  Rating
	indicators []cohortIndicator // template order
	domains    []cohortDomain
	decisions  []Choice
}

type cohortIndicator struct {
	id, title, domain string // domain id
	domainTitle       string
}

type cohortDomain struct{ id, title string }

// teamDigest is one session reduced to what the cohort shows.
type teamDigest struct {
	id, team, district, year, cohort string
	key                              string // team and district, folded
	tmpl                             *cohortTemplate
	consensus                        []int8 // parallel to tmpl.indicators; 0 unrated or not sure
	completion                       int
	updated                          time.Time
	overdue                          int
	focus                            []string // indicator ids
	focusTitles                      []string
	phase                            string
	question, aim, aimDate           string
	decision                         string // the decision's title
	statuses                         []int  // parallel to Statuses
	steps                            int
	order                            int
}

// Cohort collects teams' sessions; see the rules above.
type Cohort struct {
	opts      CohortOptions
	templates map[string]*cohortTemplate
	digests   []*teamDigest
}

// NewCohort starts an empty cohort.
func NewCohort(opts CohortOptions) *Cohort {
	if opts.StaleDays <= 0 {
		opts.StaleDays = DefaultStaleDays
	}
	if opts.Sort == "" {
		opts.Sort = SortTeam
	}
	return &Cohort{opts: opts, templates: map[string]*cohortTemplate{}}
}

// Len is the number of sessions added.
func (c *Cohort) Len() int { return len(c.digests) }

// Add reduces one session to its digest; s is not kept.
func (c *Cohort) Add(s *Session) {
	t := c.template(&s.Template)
	d := &teamDigest{
		id: s.ID, team: CleanLine(s.Team), district: CleanLine(s.District), year: CleanLine(s.SchoolYear),
		cohort: CleanLine(s.Cohort), tmpl: t, consensus: make([]int8, len(t.indicators)),
		completion: ComputeProgress(s).Overall, updated: s.Updated,
		phase: CleanLine(s.Problem.Phase), question: clipText(CleanLine(s.Problem.Question), cohortTextMax),
		aim: clipText(CleanLine(s.Plan.Aim), cohortTextMax), aimDate: CleanLine(s.Plan.AimDate),
		statuses: make([]int, len(Statuses)), order: len(c.digests),
	}
	d.key = foldKey(s.District) + "\x00" + foldKey(s.Team)
	for i, in := range t.indicators {
		if r := s.Ratings[in.id]; r != nil && r.Consensus.Rated() {
			d.consensus[i] = int8(r.Consensus)
		}
	}
	for _, a := range s.Plan.Actions {
		k := max(0, slices.Index(Statuses, a.Status))
		d.statuses[k]++
		d.steps++
		if a.Overdue(c.opts.Today) { // the one rule the plan, the exports and the app flag by
			d.overdue++
		}
	}
	for _, id := range s.Problem.FocusIndicators {
		d.focus = append(d.focus, id)
		if in, _, ok := s.Template.Indicator(id); ok {
			d.focusTitles = append(d.focusTitles, CleanLine(in.Title))
		} else {
			d.focusTitles = append(d.focusTitles, CleanLine(id))
		}
	}
	if s.Reflection.Decision != "" {
		d.decision = choiceTitle(s.Template.Decisions, s.Reflection.Decision)
	}
	c.digests = append(c.digests, d)
}

func (c *Cohort) template(t *Template) *cohortTemplate {
	ref := t.Ref()
	if ct := c.templates[ref]; ct != nil {
		return ct
	}
	ct := &cohortTemplate{ref: CleanLine(ref), title: CleanLine(t.Title), levels: len(t.Scale.Levels), threshold: GapThreshold(t),
		decisions: slices.Clone(t.Decisions)}
	for _, d := range t.Domains {
		ct.domains = append(ct.domains, cohortDomain{id: d.ID, title: CleanLine(d.Title)})
		for _, in := range d.Indicators {
			ct.indicators = append(ct.indicators, cohortIndicator{id: in.ID, title: CleanLine(in.Title), domain: d.ID, domainTitle: CleanLine(d.Title)})
		}
	}
	c.templates[ref] = ct
	return ct
}

func foldKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(CleanLine(s)), " "))
}

func dayOf(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func clipText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// CohortView is the cohort laid out for reading: what the cohort report
// (Markdown, HTML) and the app's cohort screen show, already cleaned.
type CohortView struct {
	Today     string // YYYY-MM-DD
	StaleDays int
	Sort      string // the sort key of Teams
	Sessions  int    // sessions read, every year
	Earlier   int    // sessions of earlier years (in the trends only)
	Levels    int    // the top level of the (first) scale

	Domains []CohortDomain // the heat map's columns
	Teams   []CohortTeam
	Average CohortTeam // the cohort-average row (Label "Cohort average")

	Templates    []TemplateUse
	SameTemplate bool
	Shared       int // indicators in the comparison
	NotShared    []IndicatorUse
	Reworded     []IndicatorUse

	GapThreshold int
	Gaps         []CommonGap // every indicator that is a gap for at least one team, most teams first
	FocusThemes  []Theme     // problem-of-practice focus indicators, most teams first
	PhaseThemes  []Theme     // phases, most teams first
	Decisions    []Theme     // end-of-year decisions (and "not decided yet")
	Districts    []DistrictTrend
	Problems     []TeamProblem
	Statuses     []string
	StatusRows   []StatusRow
	StatusSum    StatusRow
}

// CohortDomain is one heat-map column.
type CohortDomain struct{ ID, Title string }

// CohortTeam is one row of the cohort's team table.
type CohortTeam struct {
	ID                         string // session id ("" for files without one)
	Label                      string // the team's name, with district and year when names repeat
	Team, District, Year       string
	Cohort, Template           string
	Domains                    []Score // parallel to CohortView.Domains
	Overall                    Score
	Completion                 int // percent
	Updated                    string
	DaysSince                  int    // days since the last change (-1 unknown)
	After                      string // the as-of date when the last change is dated after it (DaysSince is then 0)
	Stale                      bool
	Overdue                    int
	StaleTeams, OverdueTeams   int // the average row: how many teams are stale, have overdue steps
	Teams                      int // the average row: teams averaged
	Decision, Phase, FocusLine string
}

// Score is an average: its unrounded value, the text shown and how many
// values it averages (0: nothing rated, Text "–"). Shade is 1..4 for the
// heat map (0 unrated).
type Score struct {
	Value float64
	Text  string
	N     int
	Shade int
}

func newScore(sum float64, n int, levels int) Score {
	if n == 0 {
		return Score{Text: "–"}
	}
	v := sum / float64(n)
	return Score{Value: v, Text: FormatScore(v), N: n, Shade: max(1, min(4, int(math.Round(v/float64(max(1, levels))*4))))}
}

// TemplateUse is one template version and the teams on it.
type TemplateUse struct{ Ref, Title, Teams string }

// IndicatorUse is an indicator left out of, or reworded in, the comparison.
type IndicatorUse struct{ ID, Title, Where string }

// CommonGap is an indicator that is a gap for Count teams.
type CommonGap struct {
	ID, Title, Domain string
	Count             int
	Teams             string
}

// Theme is a count of teams sharing one thing (a focus indicator, a phase,
// a decision).
type Theme struct {
	Title string
	Count int
	Teams string
}

// DistrictTrend is one district's scores across school years.
type DistrictTrend struct {
	District string
	Points   []TrendPoint
}

// TrendPoint is one school year of a district: Score over its teams, and
// the Change from the point before over the indicators both years rated.
type TrendPoint struct {
	Year      string
	Score     Score
	Teams     int
	Change    string // "▲0.6", "▼0.3", "=" or "" for the first point
	ChangeN   int    // indicators compared
	HasChange bool
	ChangeVal float64
}

// TeamProblem is one team's problem of practice and aim.
type TeamProblem struct {
	Team, District, Year string
	Question, Phase      string
	Focus                string
	Aim, AimDate         string
	Decision             string
}

// StatusRow counts a team's action steps by status.
type StatusRow struct {
	Team   string
	Counts []int // parallel to CohortView.Statuses
	Total  int
}

// Build compares the teams added so far.
func (c *Cohort) Build() (*CohortView, error) {
	if len(c.digests) == 0 {
		return nil, fmt.Errorf("no sessions to roll up; give one or more exported session files, or sessions in the workbook file")
	}
	if !slices.Contains(CohortSorts, c.opts.Sort) {
		return nil, fmt.Errorf("unknown sort %q; use one of %s", c.opts.Sort, strings.Join(CohortSorts, ", "))
	}
	v := &CohortView{StaleDays: c.opts.StaleDays, Sort: c.opts.Sort, Sessions: len(c.digests)}
	if !c.opts.Today.IsZero() {
		v.Today = dayOf(c.opts.Today).Format(time.DateOnly)
	}
	teams := c.latest()
	v.Earlier = c.earlier(teams)
	v.Levels = teams[0].tmpl.levels
	labels := teamLabels(teams)
	shared := v.compare(teams, labels)
	v.fillTeams(c, teams, labels, shared)
	v.fillGaps(teams, labels, shared)
	v.fillThemes(teams, labels)
	v.Districts = c.trends()
	v.fillProblems(teams, labels)
	v.sortTeams()
	return v, nil
}

// latest keeps the most recent school year of each team; among sessions of
// the same team and year, the one changed last.
func (c *Cohort) latest() []*teamDigest {
	best := map[string]*teamDigest{}
	for _, d := range c.digests {
		b := best[d.key]
		if b == nil || yearAfter(d.year, b.year) || (d.year == b.year && d.updated.After(b.updated)) {
			best[d.key] = d
		}
	}
	out := make([]*teamDigest, 0, len(best))
	for _, d := range best {
		out = append(out, d)
	}
	// By team, district and year, so the report is the same whatever order
	// the sessions came in (files or the workbook file).
	slices.SortFunc(out, func(a, b *teamDigest) int {
		return cmp.Or(cmp.Compare(foldKey(a.team), foldKey(b.team)), cmp.Compare(foldKey(a.district), foldKey(b.district)),
			cmp.Compare(a.year, b.year), cmp.Compare(a.id, b.id), cmp.Compare(a.order, b.order))
	})
	return out
}

// earlier counts the sessions of years before each team's latest, once a
// team and year, as the trends count them.
func (c *Cohort) earlier(teams []*teamDigest) int {
	latest := make(map[string]string, len(teams))
	for _, d := range teams {
		latest[d.key] = d.year
	}
	seen := map[string]bool{}
	for _, d := range c.digests {
		if d.year != latest[d.key] {
			seen[d.key+"\x00"+d.year] = true
		}
	}
	return len(seen)
}

// yearAfter compares school years ("2025-26"); unreadable ones as text.
func yearAfter(a, b string) bool {
	ya, ea := ParseSchoolYear(a)
	yb, eb := ParseSchoolYear(b)
	if ea == nil && eb == nil {
		return ya > yb
	}
	return a > b
}

// teamLabels names each team, adding the district (and year) when names
// repeat, so every row is distinct.
func teamLabels(teams []*teamDigest) []string {
	labels := make([]string, len(teams))
	count := map[string]int{}
	for i, d := range teams {
		labels[i] = cmp.Or(d.team, "–")
		count[labels[i]]++
	}
	for i, d := range teams {
		if count[labels[i]] > 1 {
			labels[i] = fmt.Sprintf("%s (%s, %s)", labels[i], cmp.Or(d.district, "–"), cmp.Or(d.year, "–"))
		}
	}
	return labels
}

// compare lists the template versions in use and the indicators not every
// team has; it returns the ids every team shares.
func (v *CohortView) compare(teams []*teamDigest, labels []string) map[string]bool {
	var refs []string
	users := map[string][]string{}
	have := map[string]int{}
	titles := map[string][]string{}
	inRefs := map[string][]string{}
	var order []string
	for i, d := range teams {
		ref := d.tmpl.ref
		if users[ref] == nil {
			refs = append(refs, ref)
			for _, in := range d.tmpl.indicators {
				if _, seen := titles[in.id]; !seen {
					order = append(order, in.id)
				}
				if !slices.Contains(titles[in.id], in.title) {
					titles[in.id] = append(titles[in.id], in.title)
				}
				inRefs[in.id] = append(inRefs[in.id], ref)
			}
		}
		users[ref] = append(users[ref], labels[i])
		for _, in := range d.tmpl.indicators {
			have[in.id]++
		}
	}
	for _, ref := range refs {
		var title string
		for _, d := range teams {
			if d.tmpl.ref == ref {
				title = d.tmpl.title
				break
			}
		}
		v.Templates = append(v.Templates, TemplateUse{Ref: ref, Title: title, Teams: nameList(users[ref])})
	}
	v.SameTemplate = len(refs) == 1
	shared := map[string]bool{}
	for _, id := range order {
		if have[id] == len(teams) {
			shared[id] = true
			v.Shared++
			if len(titles[id]) > 1 {
				v.Reworded = append(v.Reworded, IndicatorUse{ID: CleanLine(id), Title: strings.Join(titles[id], " / "),
					Where: "worded differently across versions; compared by id"})
			}
			continue
		}
		v.NotShared = append(v.NotShared, IndicatorUse{ID: CleanLine(id), Title: titles[id][0],
			Where: fmt.Sprintf("only in %s (%d of %d teams)", strings.Join(inRefs[id], ", "), have[id], len(teams))})
	}
	return shared
}

// fillTeams scores each team on the comparison: per domain (columns follow
// the first template that has the domain) and overall.
func (v *CohortView) fillTeams(c *Cohort, teams []*teamDigest, labels []string, shared map[string]bool) {
	var domainIDs []string
	for _, d := range teams {
		for _, dm := range d.tmpl.domains {
			if slices.ContainsFunc(domainIDs, func(id string) bool { return id == dm.id }) {
				continue
			}
			if slices.ContainsFunc(d.tmpl.indicators, func(in cohortIndicator) bool { return in.domain == dm.id && shared[in.id] }) {
				domainIDs = append(domainIDs, dm.id)
				v.Domains = append(v.Domains, CohortDomain{ID: CleanLine(dm.id), Title: dm.title})
			}
		}
	}
	today := dayOf(c.opts.Today)
	avgSums := make([]float64, len(domainIDs))
	avgNs := make([]int, len(domainIDs))
	var overallSum, completionSum float64
	var overallN int
	for i, d := range teams {
		row := CohortTeam{ID: d.id, Label: labels[i], Team: d.team, District: d.district, Year: d.year, Cohort: d.cohort,
			Template: d.tmpl.ref, Completion: d.completion, Overdue: d.overdue, DaysSince: -1,
			Decision: d.decision, Phase: d.phase, FocusLine: strings.Join(d.focusTitles, "; ")}
		var sum float64
		var n int
		row.Domains = make([]Score, len(domainIDs))
		for j, did := range domainIDs {
			var ds float64
			var dn int
			for k, in := range d.tmpl.indicators {
				if in.domain == did && shared[in.id] && d.consensus[k] > 0 {
					ds += float64(d.consensus[k])
					dn++
				}
			}
			row.Domains[j] = newScore(ds, dn, d.tmpl.levels)
			if dn > 0 {
				avgSums[j] += row.Domains[j].Value
				avgNs[j]++
			}
			sum += ds
			n += dn
		}
		row.Overall = newScore(sum, n, d.tmpl.levels)
		if n > 0 {
			overallSum += row.Overall.Value
			overallN++
		}
		completionSum += float64(d.completion)
		if !d.updated.IsZero() {
			row.Updated = d.updated.UTC().Format(time.DateOnly)
			if !today.IsZero() {
				row.DaysSince = max(0, int(today.Sub(dayOf(d.updated.UTC())).Hours()/24))
				if dayOf(d.updated.UTC()).After(today) {
					row.After = today.Format(time.DateOnly)
				}
				row.Stale = row.DaysSince >= c.opts.StaleDays
			}
		}
		v.Teams = append(v.Teams, row)
		v.StatusRows = append(v.StatusRows, StatusRow{Team: labels[i], Counts: d.statuses, Total: d.steps})
	}
	avg := CohortTeam{Label: "Cohort average", Teams: len(teams), DaysSince: -1, Domains: make([]Score, len(domainIDs))}
	for j := range domainIDs {
		avg.Domains[j] = newScore(avgSums[j], avgNs[j], v.Levels)
	}
	avg.Overall = newScore(overallSum, overallN, v.Levels)
	avg.Completion = int(math.Floor(completionSum/float64(len(teams)) + 0.5)) // half up
	for _, t := range v.Teams {
		if t.Stale {
			avg.StaleTeams++
		}
		if t.Overdue > 0 {
			avg.OverdueTeams++
		}
		avg.Overdue += t.Overdue
	}
	v.Average = avg
	v.Statuses = Statuses
	v.StatusSum = StatusRow{Team: "All teams", Counts: make([]int, len(Statuses))}
	for _, r := range v.StatusRows {
		for k, n := range r.Counts {
			v.StatusSum.Counts[k] += n
		}
		v.StatusSum.Total += r.Total
	}
}

// fillGaps counts, per indicator of the comparison, the teams whose
// consensus is a gap on their own scale.
func (v *CohortView) fillGaps(teams []*teamDigest, labels []string, shared map[string]bool) {
	type tally struct {
		gap   CommonGap
		teams []string
		first int
	}
	byID := map[string]*tally{}
	for i, d := range teams {
		for k, in := range d.tmpl.indicators {
			r := Rating(d.consensus[k])
			if !shared[in.id] || !r.Rated() || r > d.tmpl.threshold {
				continue
			}
			t := byID[in.id]
			if t == nil {
				t = &tally{gap: CommonGap{ID: CleanLine(in.id), Title: in.title, Domain: in.domainTitle}, first: len(byID)}
				byID[in.id] = t
			}
			t.gap.Count++
			t.teams = append(t.teams, labels[i])
		}
	}
	all := make([]*tally, 0, len(byID))
	for _, t := range byID {
		all = append(all, t)
	}
	slices.SortFunc(all, func(a, b *tally) int {
		return cmp.Or(cmp.Compare(b.gap.Count, a.gap.Count), cmp.Compare(a.first, b.first))
	})
	for _, t := range all {
		t.gap.Teams = nameList(t.teams)
		v.Gaps = append(v.Gaps, t.gap)
	}
	if len(teams) > 0 {
		v.GapThreshold = int(teams[0].tmpl.threshold)
	}
}

// fillThemes counts the problems of practice by focus indicator and phase,
// and the end-of-year decisions.
func (v *CohortView) fillThemes(teams []*teamDigest, labels []string) {
	focus := newThemeCounter()
	phase := newThemeCounter()
	decision := newThemeCounter()
	for i, d := range teams {
		for k, id := range d.focus {
			if !slices.Contains(d.focus[:k], id) { // a team counts once
				focus.add(id, d.focusTitles[k], labels[i])
			}
		}
		if d.phase != "" {
			phase.add(foldKey(d.phase), d.phase, labels[i])
		}
		if d.decision != "" {
			decision.add(foldKey(d.decision), d.decision, labels[i])
		} else {
			decision.add("\x00none", "Not decided yet", labels[i])
		}
	}
	v.FocusThemes, v.PhaseThemes, v.Decisions = focus.list(), phase.list(), decision.list()
}

// namesShown bounds the team names a list of teams spells out; the rest
// are counted, so a cohort of thousands reads (and renders) quickly.
const namesShown = 12

// nameList joins team names: "East, North and 2,310 more teams" past
// namesShown.
func nameList(names []string) string {
	if len(names) <= namesShown {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:namesShown], ", ") + " and " + CountOf(len(names)-namesShown, "more team")
}

type themeCounter struct {
	byKey map[string]*Theme
	teams map[string][]string
	order []string
}

func newThemeCounter() *themeCounter {
	return &themeCounter{byKey: map[string]*Theme{}, teams: map[string][]string{}}
}

// add counts team under key; each team is added at most once per key.
func (t *themeCounter) add(key, title, team string) {
	th := t.byKey[key]
	if th == nil {
		th = &Theme{Title: title}
		t.byKey[key] = th
		t.order = append(t.order, key)
	}
	th.Count++
	t.teams[key] = append(t.teams[key], team)
}

func (t *themeCounter) list() []Theme {
	out := make([]Theme, 0, len(t.order))
	for _, k := range t.order {
		th := *t.byKey[k]
		th.Teams = nameList(t.teams[k])
		out = append(out, th)
	}
	slices.SortStableFunc(out, func(a, b Theme) int { return cmp.Compare(b.Count, a.Count) })
	return out
}

// trends gives each district one point per school year, from every
// session added (earlier years too).
func (c *Cohort) trends() []DistrictTrend {
	type point struct {
		year      string
		sum       float64 // of the teams' overall scores
		n         int     // teams with a score
		teams     int
		byID      map[string][2]float64 // indicator id -> sum of consensus, ratings
		yearValid bool
	}
	type district struct {
		name   string
		points map[string]*point
	}
	// A team counts once a year: among its sessions of one school year, the
	// one changed last (as in the team table, latest).
	once := map[string]*teamDigest{}
	for _, d := range c.digests {
		k := d.key + "\x00" + d.year
		if b := once[k]; b == nil || d.updated.After(b.updated) {
			once[k] = d
		}
	}
	byKey := map[string]*district{}
	var order []string
	for _, d := range c.digests {
		if once[d.key+"\x00"+d.year] != d {
			continue
		}
		key := foldKey(d.district)
		ds := byKey[key]
		if ds == nil {
			ds = &district{name: cmp.Or(d.district, "–"), points: map[string]*point{}}
			byKey[key] = ds
			order = append(order, key)
		}
		p := ds.points[d.year]
		if p == nil {
			p = &point{year: d.year, byID: map[string][2]float64{}}
			ds.points[d.year] = p
		}
		p.teams++
		var sum float64
		var n int
		for k, in := range d.tmpl.indicators {
			if r := d.consensus[k]; r > 0 {
				sum += float64(r)
				n++
				x := p.byID[in.id]
				p.byID[in.id] = [2]float64{x[0] + float64(r), x[1] + 1}
			}
		}
		if n > 0 {
			p.sum += sum / float64(n)
			p.n++
		}
	}
	out := make([]DistrictTrend, 0, len(order))
	for _, key := range order {
		ds := byKey[key]
		years := make([]string, 0, len(ds.points))
		for y := range ds.points {
			years = append(years, y)
		}
		slices.SortFunc(years, func(a, b string) int {
			if yearAfter(a, b) {
				return 1
			}
			if yearAfter(b, a) {
				return -1
			}
			return 0
		})
		dt := DistrictTrend{District: ds.name}
		var last *point
		for _, y := range years {
			p := ds.points[y]
			tp := TrendPoint{Year: cmp.Or(y, "–"), Score: newScore(p.sum, p.n, 4), Teams: p.teams}
			if last != nil {
				var diff float64
				for id, now := range p.byID {
					if then, ok := last.byID[id]; ok {
						diff += now[0]/now[1] - then[0]/then[1]
						tp.ChangeN++
					}
				}
				if tp.ChangeN > 0 {
					tp.HasChange, tp.ChangeVal = true, diff/float64(tp.ChangeN)
					tp.Change = FormatChange(tp.ChangeVal)
				}
			}
			dt.Points = append(dt.Points, tp)
			last = p
		}
		out = append(out, dt)
	}
	slices.SortStableFunc(out, func(a, b DistrictTrend) int {
		return cmp.Compare(strings.ToLower(a.District), strings.ToLower(b.District))
	})
	return out
}

func (v *CohortView) fillProblems(teams []*teamDigest, labels []string) {
	for i, d := range teams {
		v.Problems = append(v.Problems, TeamProblem{Team: labels[i], District: d.district, Year: d.year,
			Question: d.question, Phase: d.phase, Focus: strings.Join(d.focusTitles, "; "),
			Aim: d.aim, AimDate: d.aimDate, Decision: d.decision})
	}
}

// sortTeams orders the team rows (and the status rows with them) by the
// sort key; ties keep the order the teams were given in.
func (v *CohortView) sortTeams() {
	SortCohortTeams(v.Teams, v.Sort)
	rows := make(map[string]StatusRow, len(v.StatusRows))
	for _, r := range v.StatusRows {
		rows[r.Team] = r
	}
	for i, t := range v.Teams {
		v.StatusRows[i] = rows[t.Label]
	}
}

// SortCohortTeams orders team rows by a sort key (CohortSorts), stably.
func SortCohortTeams(teams []CohortTeam, key string) {
	byName := func(a, b CohortTeam) int { return cmp.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label)) }
	var f func(a, b CohortTeam) int
	switch key {
	case SortScore:
		f = func(a, b CohortTeam) int {
			// Unscored teams last.
			return cmp.Or(cmp.Compare(boolRank(a.Overall.N == 0), boolRank(b.Overall.N == 0)), cmp.Compare(a.Overall.Value, b.Overall.Value))
		}
	case SortCompletion:
		f = func(a, b CohortTeam) int { return cmp.Compare(a.Completion, b.Completion) }
	case SortUpdated:
		f = func(a, b CohortTeam) int { return cmp.Compare(b.DaysSince, a.DaysSince) }
	case SortStale:
		f = func(a, b CohortTeam) int {
			return cmp.Or(cmp.Compare(boolRank(!a.Stale), boolRank(!b.Stale)), cmp.Compare(b.DaysSince, a.DaysSince))
		}
	case SortOverdue:
		f = func(a, b CohortTeam) int { return cmp.Compare(b.Overdue, a.Overdue) }
	default:
		f = byName
	}
	slices.SortStableFunc(teams, func(a, b CohortTeam) int { return cmp.Or(f(a, b), byName(a, b)) })
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// MaxCohortTag bounds a cohort tag, in characters.
const MaxCohortTag = 80

// CleanCohortTag checks a cohort tag as typed and returns it cleaned (one
// line, spaces trimmed); "" clears the tag.
func CleanCohortTag(tag string) (string, error) {
	tag = strings.Join(strings.Fields(CleanLine(tag)), " ")
	if n := utf8.RuneCountInString(tag); n > MaxCohortTag {
		return "", fmt.Errorf("the cohort tag is %d characters; keep it to %d", n, MaxCohortTag)
	}
	return tag, nil
}
