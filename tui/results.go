package tui

import (
	"fmt"
	"math"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"edtech-workbook/workbook"
)

// resultsScreen shows domain scores (and, when the template tags indicators
// with Strategic Planning Guide areas, area scores) as bar charts,
// strengths, gaps, the indicators the team disagreed on most, and the
// team's answers to the equity pauses. The whole page is rendered once per
// size or session change; keys only scroll it.
type resultsScreen struct {
	c        *Common
	lines    []string
	offset   int
	builtFor resultsKey

	// The indicators listed under strengths, gaps and disagreements: tab
	// selects one, enter opens it in the self-assessment.
	items []resultsItem
	sel   int // index into items; -1 = none selected
}

// resultsItem is one listed indicator: its line on the page and that line
// drawn selected.
type resultsItem struct {
	id, title string
	line      int
	selected  string
}

type resultsKey struct {
	width int
	dark  bool
	rev   int
	valid bool
}

// How many indicators each list shows.
const resultsListLen = 5

func newResultsScreen(c *Common) *resultsScreen { return &resultsScreen{c: c, sel: -1} }

// CommentTarget: the selected indicator, else the whole session.
func (r *resultsScreen) CommentTarget() (part workbook.PartRef, label string) {
	if r.sel >= 0 && r.sel < len(r.items) {
		it := r.items[r.sel]
		return workbook.IndicatorPart(it.id), "indicator “" + it.title + "”"
	}
	return workbook.SessionPart(), "the whole session"
}

func (r *resultsScreen) Init() tea.Cmd { return nil }

func (r *resultsScreen) Title() string { return "Results" }

func (r *resultsScreen) Capturing() bool { return false }

func (r *resultsScreen) Help() help.KeyMap {
	k := r.c.Keys
	return newKeyHelp([]key.Binding{k.Scroll, k.Pick, k.Enter, k.Assess},
		[]key.Binding{k.Scroll, k.PageUp, k.PageDown, k.Top, k.Bottom},
		[]key.Binding{k.Pick, k.Enter, k.Assess})
}

func (r *resultsScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case resumeMsg, sessionChangedMsg, tea.BackgroundColorMsg:
		r.builtFor.valid = false
	case tea.KeyPressMsg:
		k := r.c.Keys
		page := max(r.c.Height-2, 1)
		switch {
		case key.Matches(msg, k.Up):
			r.offset--
		case key.Matches(msg, k.Down):
			r.offset++
		case key.Matches(msg, k.PageUp):
			r.offset -= page
		case key.Matches(msg, k.PageDown):
			r.offset += page
		case key.Matches(msg, k.Top):
			r.offset = 0
		case key.Matches(msg, k.Bottom):
			r.offset = len(r.lines)
		case key.Matches(msg, k.Assess):
			return r, openScreen(to(ScreenAssess))
		case key.Matches(msg, k.Next), key.Matches(msg, k.Prev):
			r.ensure()
			if n := len(r.items); n > 0 {
				if key.Matches(msg, k.Next) {
					r.sel = (r.sel + 1) % n
				} else {
					r.sel = (r.sel - 1 + n) % n
				}
				r.scrollTo(r.items[r.sel].line)
			}
		case key.Matches(msg, k.Enter):
			if r.sel >= 0 && r.sel < len(r.items) {
				return r, openScreen(route{screen: ScreenAssess, indicator: r.items[r.sel].id})
			}
			r.c.SetStatus("tab picks an indicator from the lists; enter opens it")
		}
	}
	return r, nil
}

// ensure renders the page if the width, background or session changed.
func (r *resultsScreen) ensure() {
	s := r.c.Session
	k := resultsKey{width: r.c.Width, dark: r.c.IsDark, valid: true}
	if s != nil {
		k.rev = s.Revision
	}
	if k == r.builtFor {
		return
	}
	r.builtFor = k
	keep := ""
	if r.sel >= 0 && r.sel < len(r.items) {
		keep = r.items[r.sel].id
	}
	r.items = nil
	r.lines = r.render()
	r.sel = -1
	for i, it := range r.items {
		if it.id == keep {
			r.sel = i
			break
		}
	}
}

// scrollTo moves the page so line is visible.
func (r *resultsScreen) scrollTo(line int) {
	body := max(r.c.Height-1, 1)
	if line < r.offset {
		r.offset = line
	}
	if line >= r.offset+body {
		r.offset = line - body + 1
	}
}

func (r *resultsScreen) View() string {
	r.ensure()
	h := r.c.Height
	if h <= 0 {
		return ""
	}
	st := r.c.Styles
	body := h
	more := len(r.lines) > h
	if more {
		body = h - 1
	}
	r.offset = clampInt(r.offset, 0, max(len(r.lines)-body, 0))
	end := min(r.offset+body, len(r.lines))
	shown := r.lines[r.offset:end]
	if r.sel >= 0 && r.sel < len(r.items) {
		if at := r.items[r.sel].line - r.offset; at >= 0 && at < len(shown) {
			shown = append([]string(nil), shown...)
			shown[at] = r.items[r.sel].selected
		}
	}
	out := strings.Join(shown, "\n")
	if more {
		hint := fmt.Sprintf("lines %d–%d of %d · ↑/↓ scroll", r.offset+1, end, len(r.lines))
		out += "\n" + st.Muted.Render(truncate(hint, r.c.Width))
	}
	return out
}

func (r *resultsScreen) render() []string {
	s := r.c.Session
	w := r.c.Width
	st := r.c.Styles
	if s == nil || w <= 0 {
		return nil
	}
	scores := workbook.DomainScores(s)
	areas := workbook.AreaScores(s)
	bars := func(w int) []string {
		lines := r.domainLines("Domain scores", scores, w)
		if len(areas) > 0 {
			lines = append(append(lines, ""), r.domainLines("By Strategic Planning Guide area", areas, w)...)
		}
		return lines
	}
	rated := 0
	total := 0
	for _, d := range scores {
		rated += d.Rated
		total += d.Total
	}
	head := []string{
		st.Title.Render(truncate("Results", w)),
		st.Muted.Render(truncate(fmt.Sprintf("From the team's consensus ratings: %d of %d indicators rated.", rated, total), w)),
		"",
	}
	if rated == 0 {
		msg := "No indicator has a consensus rating yet. Rate some in the self-assessment (press a), then come back: " +
			"the scores, strengths, gaps and disagreements appear here."
		lines := append(head, strings.Split(wrap(msg, min(w, 80)), "\n")...)
		if s.Previous != nil {
			// A carried-forward session: last year's scores are the baseline to beat.
			msg = fmt.Sprintf("Nothing is rated yet this year. Last year's scores (%s) are shown beside each domain; "+
				"rate in the self-assessment (press a) to compare.", cleanLine(s.Previous.SchoolYear))
			lines = append(append(head, strings.Split(wrap(msg, min(w, 80)), "\n")...), "")
			lines = append(lines, bars(w)...)
		}
		// The equity pauses come before the ratings: their answers show already.
		eq, items := r.equityLines(s, w)
		if len(items) > 0 {
			lines = append(lines, "")
			for j := range items {
				items[j].line += len(lines)
			}
			r.items = items
			return append(append(lines, eq...), r.progressLines(s, w)...)
		}
		r.items = nil
		return append(lines, r.progressLines(s, w)...)
	}
	if w >= 120 {
		colW := (w - 3) / 2
		left := bars(colW)
		right, items := r.listLines(s, colW)
		itemAt := make(map[int]int, len(items)) // right-column line -> item
		for j, it := range items {
			itemAt[it.line] = j
		}
		for i := range left { // the right column starts at the same cell on every line
			left[i] = padRight(left[i], colW)
		}
		cols := strings.Split(lipgloss.JoinHorizontal(lipgloss.Top,
			strings.Join(left, "\n"), "   ", strings.Join(right, "\n")), "\n")
		lines := head
		for i, line := range cols {
			if j, ok := itemAt[i]; ok {
				items[j].line = len(lines)
				l := strings.Repeat(" ", colW)
				if i < len(left) {
					l = left[i]
				}
				items[j].selected = l + "   " + items[j].selected
			}
			lines = append(lines, strings.TrimRight(line, " "))
		}
		r.items = items
		return append(lines, r.progressLines(s, w)...)
	}
	lines := append(head, bars(w)...)
	lines = append(lines, "")
	list, items := r.listLines(s, w)
	for j := range items {
		items[j].line += len(lines)
	}
	r.items = items
	return append(append(lines, list...), r.progressLines(s, w)...)
}

// progressLines draw the run chart of each measure of the data plan: its
// dated values against its baseline and target (none without a data plan).
func (r *resultsScreen) progressLines(s *workbook.Session, w int) []string {
	v := workbook.BuildReport(s)
	if len(v.Plan.Measures) == 0 {
		return nil
	}
	st := r.c.Styles
	lines := []string{"", st.Title.Render(truncate("Progress toward the aim", w)),
		st.Muted.Render(truncate("Each measure's dated values (●) against its target (┈) and baseline (╌); v on the plan's data plan adds one.", w))}
	for _, m := range v.Plan.Measures {
		lines = append(append(lines, ""), runChartLines(st, m, w)...)
	}
	return lines
}

// domainLines: one bar per domain (or area), "label  ███████░░░  2.6 / 4  (5 of 8)".
func (r *resultsScreen) domainLines(title string, scores []workbook.DomainScore, w int) []string {
	st := r.c.Styles
	levels := len(r.c.Session.Template.Scale.Levels)
	if levels == 0 {
		levels = 4
	}
	lines := []string{st.Heading.Render(truncate(title, w))}
	// Text beside each bar, measured first so the bars get the room left.
	extras := make([]string, len(scores))
	extraW := 0
	for i, d := range scores {
		extras[i] = fmt.Sprintf("(%d of %d)", d.Rated, d.Total)
		if d.HasPrev {
			last := "last year " + workbook.FormatScore(d.PrevAverage)
			if d.HasChange() {
				last += " " + workbook.FormatChange(d.Change)
			}
			extras[i] = last + "  " + extras[i]
		}
		extraW = max(extraW, cellWidth(extras[i]))
	}
	const numW = 9 // "2.6 / 4"
	longest := 0
	for _, d := range scores {
		longest = max(longest, cellWidth(cleanLine(d.Title)))
	}
	labelW := clampInt(min(longest, w/3), 10, 34)
	barW := w - labelW - numW - extraW - 5
	if barW < 10 { // narrow: shorter labels before shorter bars
		labelW = clampInt(labelW-(10-barW), 10, 34)
		barW = w - labelW - numW - extraW - 5
	}
	barW = clampInt(barW, 5, 40)
	for i, d := range scores {
		label := padRight(cleanLine(d.Title), labelW)
		if d.Rated == 0 {
			lines = append(lines, truncate(label+"  "+st.Muted.Render("not rated yet")+"  "+extras[i], w))
			continue
		}
		full := int(math.Round(d.Average / float64(levels) * float64(barW)))
		full = clampInt(full, 1, barW)
		bar := st.BarFull.Render(strings.Repeat("█", full)) + st.BarEmpty.Render(strings.Repeat("░", barW-full))
		num := padRight(fmt.Sprintf("%s / %d", workbook.FormatScore(d.Average), levels), numW)
		lines = append(lines, truncate(label+"  "+bar+"  "+num+" "+extras[i], w))
	}
	return lines
}

// listLines: strengths, gaps and "talk about these", with the listed
// indicators (their line numbers are relative to the returned lines).
func (r *resultsScreen) listLines(s *workbook.Session, w int) ([]string, []resultsItem) {
	st := r.c.Styles
	t := &s.Template
	var lines []string
	var items []resultsItem
	section := func(title, empty string, list []workbook.IndicatorResult, line func(workbook.IndicatorResult) string) {
		if len(lines) > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, st.Heading.Render(truncate(title, w)))
		if len(list) == 0 {
			lines = append(lines, st.Muted.Render(truncate("  "+empty, w)))
		}
		for _, it := range list {
			text := line(it)
			items = append(items, resultsItem{id: it.Indicator.ID, title: cleanLine(it.Indicator.Title), line: len(lines),
				selected: st.Selected.Render(truncate("› "+text, w))})
			lines = append(lines, truncate("  "+text, w))
		}
	}
	rating := func(x workbook.IndicatorResult) string {
		txt := x.Consensus.String() + " " + cleanLine(t.LevelLabel(x.Consensus))
		if x.HasPrev {
			txt += fmt.Sprintf(" (last year %s %s)", x.Prev.String(), workbook.ChangeMark(x.Change))
		}
		return txt
	}
	name := func(x workbook.IndicatorResult) string {
		star := ""
		if x.Priority {
			star = "★ "
		}
		return star + cleanLine(x.Indicator.Title) + " · " + cleanLine(x.DomainTitle)
	}
	// A strength is in the upper half of the scale, a gap in the lower half:
	// with few ratings the top five could otherwise list a 1 as a "strength".
	half := workbook.Rating(max(len(t.Scale.Levels), 2) / 2)
	keep := func(xs []workbook.IndicatorResult, ok func(workbook.Rating) bool) []workbook.IndicatorResult {
		var out []workbook.IndicatorResult
		for _, x := range xs {
			if ok(x.Consensus) {
				out = append(out, x)
			}
		}
		return out
	}
	if prio := workbook.Priorities(s); len(prio) > 0 {
		section("Priorities ★", "", prio, func(x workbook.IndicatorResult) string { return rating(x) + " — " + name(x) })
	}
	if flagged := workbook.Flagged(s); len(flagged) > 0 {
		section("Talk about these: consensus outside the members' ratings", "", flagged,
			func(x workbook.IndicatorResult) string {
				return "⚑ " + workbook.OutsideFlag(x.Consensus, x.Lo, x.Hi) + " — " + name(x)
			})
	}
	section("Strengths", fmt.Sprintf("none rated %d or higher yet", half+1),
		keep(workbook.Strengths(s, resultsListLen), func(r workbook.Rating) bool { return r > half }),
		func(x workbook.IndicatorResult) string { return rating(x) + " — " + name(x) })
	section("Gaps", fmt.Sprintf("none rated %d or lower yet", half),
		keep(workbook.Gaps(s, resultsListLen), func(r workbook.Rating) bool { return r <= half }),
		func(x workbook.IndicatorResult) string { return rating(x) + " — " + name(x) })
	section("Talk about these (people disagreed most)", workbook.MemberAgreement(s).Note(),
		workbook.Disagreements(s, resultsListLen),
		func(x workbook.IndicatorResult) string {
			lo, hi := memberRange(s, x.Indicator.ID)
			return fmt.Sprintf("ratings %d–%d (spread %d, %d people) · consensus %s — %s",
				lo, hi, x.Spread, x.Members, x.Consensus.String(), name(x))
		})
	if n := hiddenVotes(s); n > 0 {
		lines = append(lines, "", st.Muted.Render(truncate(fmt.Sprintf(
			"Hidden vote: %d indicator%s wait%s for everyone to vote; their ratings are left out until then.",
			n, pluralS(n), map[bool]string{true: "s"}[n == 1]), w)))
	}
	eq, eqItems := r.equityLines(s, w)
	lines = append(lines, "")
	for _, it := range eqItems {
		it.line += len(lines)
		items = append(items, it)
	}
	return append(lines, eq...), items
}

// equityLines lists the team's answers to the equity pauses, with the
// listed indicators (line numbers relative to the returned lines).
func (r *resultsScreen) equityLines(s *workbook.Session, w int) ([]string, []resultsItem) {
	st := r.c.Styles
	lines := []string{st.Heading.Render(truncate("Equity pauses: what the team said", w))}
	var items []resultsItem
	for _, x := range workbook.IndicatorResults(s) {
		ir := s.Ratings[x.Indicator.ID]
		if ir == nil || strings.TrimSpace(ir.Equity) == "" {
			continue
		}
		answer, _ := previewLine(ir.Equity, 2*w)
		text := cleanLine(x.Indicator.Title) + ": " + answer
		items = append(items, resultsItem{id: x.Indicator.ID, title: cleanLine(x.Indicator.Title), line: len(lines),
			selected: st.Selected.Render(truncate("› "+text, w))})
		lines = append(lines, truncate("  "+text, w))
	}
	if len(items) == 0 {
		lines = append(lines, st.Muted.Render(truncate("  no answers yet (E on an indicator of the self-assessment)", w)))
	}
	return lines, items
}

// hiddenVotes counts the indicators whose hidden vote not everyone has
// given yet (someone has voted).
func hiddenVotes(s *workbook.Session) int {
	n := 0
	for _, in := range s.Template.Indicators() {
		if v := s.Vote(in.ID); v.Concealed() && v.Voted > 0 {
			n++
		}
	}
	return n
}

// memberRange is the lowest and highest rating people gave an indicator.
func memberRange(s *workbook.Session, id string) (lo, hi workbook.Rating) {
	r := s.Ratings[id]
	if r == nil {
		return 0, 0
	}
	first := true
	for _, v := range r.Members {
		if !v.Rated() {
			continue
		}
		if first || v < lo {
			lo = v
		}
		if first || v > hi {
			hi = v
		}
		first = false
	}
	return lo, hi
}
