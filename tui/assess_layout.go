package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"edtech-workbook/workbook"
)

// The self-assessment's layout. The right pane is a column of blocks (the
// progress line, the indicator's title, statement, level descriptors,
// equity pause and answer, context notes, then the ratings, the consensus,
// the flag, the evidence, the priority and a coach's comments). Each block
// comes in forms from least to most room (a statement of one line, two
// lines, all of it; the members as a compact grid, a grid with level
// labels, one per line with roles). fitBlocks starts from the least of the
// required blocks and grows them in the order of assessSteps while they
// fit, so a projector at 80×24 shows everything a team votes on at once
// and a larger window gets the text in full. The whole text is also one
// key away (f).

// Blocks of the right pane, in the order they are drawn.
const (
	blkHeader = iota
	blkTitle
	blkStatement
	blkLevels
	blkRoom // a blank line between the rubric and the pause, when there is room
	blkEquity
	blkFacts // the tool inventory's facts (the template's evidence_from)
	blkContext
	blkSep
	blkHeading
	blkMembers
	blkConsensus
	blkFlag
	blkEvidence
	blkPriority
	blkComments
	blkCount
)

// layoutStep grows a block to a form (index into its forms) if it fits.
type layoutStep struct{ block, form int }

// assessSteps is the order in which blocks grow: first what a team needs to
// vote (the level descriptors one line each, the statement, the equity
// pause), then labels and room, then the full text.
var assessSteps = [...]layoutStep{
	{blkTitle, 1}, {blkLevels, 1}, {blkFlag, 1}, {blkStatement, 1}, {blkEquity, 1}, {blkHeader, 1},
	{blkPriority, 1}, {blkHeading, 1}, {blkEquity, 2}, {blkStatement, 2}, {blkMembers, 1}, {blkSep, 1},
	{blkContext, 1}, {blkFacts, 1}, {blkComments, 1}, {blkMembers, 2}, {blkEvidence, 1}, {blkContext, 2},
	{blkStatement, 3}, {blkLevels, 2}, {blkEquity, 3}, {blkFacts, 2}, {blkRoom, 1},
}

// assessText is the indicator's text in each form the layout chooses from,
// cached until the indicator, the width or the answer changes.
type assessText struct {
	title     []string
	statement [][]string // one line, two lines, all
	levels    [][]string // one line each, all
	equity    [][]string // one line, two lines, all (none without a pause or answer)
	context   [][]string // the hint line; with c, one line then all
	facts     [][]string // the tool inventory's facts: one line, all (none without evidence_from)
	full      []string   // everything in full (f)
	// cut[b][form] reports that form of block b leaves some of the text out.
	cut map[int][]bool
}

// firstLines is the first n lines of wrapped, the last marked "…" when
// more follow.
func firstLines(wrapped []string, n, w int) ([]string, bool) {
	if len(wrapped) <= n {
		return wrapped, false
	}
	out := append([]string(nil), wrapped[:n]...)
	out[n-1] = truncate(strings.TrimRight(out[n-1], " ")+" …", w)
	if cellWidth(out[n-1]) > w || !strings.HasSuffix(out[n-1], "…") {
		out[n-1] = truncate(out[n-1], w-1) + "…"
	}
	return out, true
}

// oneLine is s cut to w cells, and whether it was cut.
func oneLine(s string, w int) (string, bool) {
	if cellWidth(s) <= w {
		return s, false
	}
	return truncate(s, w), true
}

// indicatorText builds (or takes from the cache) the indicator's text at width w.
func (a *assessScreen) indicatorText(w int) *assessText {
	k := assessDescKey{idx: a.idx, width: w, showContext: a.showContext, dark: a.c.IsDark,
		equity: a.rating(a.idx).Equity, styles: a.c.Styles, invGen: a.c.inv.gen}
	if k == a.descKey && a.text.cut != nil {
		return &a.text
	}
	st := a.c.Styles
	t := &a.c.Session.Template
	in := a.items[a.idx].ind
	x := assessText{cut: map[int][]bool{}}
	split := func(s string) []string { return strings.Split(s, "\n") }

	x.title = []string{st.Title.Render(truncate(a.items[a.idx].label+"  "+cleanLine(in.Title), w))}

	stmt := split(wrap(cleanLine(in.Statement), w))
	one, cut1 := firstLines(stmt, 1, w)
	two, cut2 := firstLines(stmt, 2, w)
	x.statement = [][]string{nil, one, two, stmt}
	x.cut[blkStatement] = []bool{true, cut1, cut2, false}

	var short, long []string
	levelsCut := false
	for i, d := range in.Levels {
		label := ""
		if i < len(t.Scale.Levels) {
			label = cleanLine(t.Scale.Levels[i].Label)
		}
		head := fmt.Sprintf("%d %s", i+1, label)
		text := cleanLine(d)
		line, cut := oneLine(head+": "+text, w)
		levelsCut = levelsCut || cut
		if strings.HasPrefix(line, head) { // the label stands out; the descriptor follows plain
			line = st.Heading.Render(head) + line[len(head):]
		}
		short = append(short, line)
		for j, l := range split(hangingWrap(head+": "+text, w, 4)) {
			if j == 0 && strings.HasPrefix(l, head) {
				l = st.Heading.Render(head) + l[len(head):]
			}
			long = append(long, l)
		}
	}
	x.levels = [][]string{nil, short, long}
	x.cut[blkLevels] = []bool{true, levelsCut, false}

	answer := k.equity
	if in.EquityPause != "" || answer != "" {
		pause := cleanLine(in.EquityPause)
		ans := "none yet (E to write it)"
		if answer != "" {
			ans, _ = previewLine(answer, 4*w)
		}
		var e1 string
		var c1 bool
		switch {
		case pause == "":
			e1, c1 = oneLine("Our equity answer: "+ans, w)
		case answer == "":
			e1, c1 = oneLine("Equity pause: "+pause, w)
			c1 = true // the answer (none yet) is left out
		default:
			e1, c1 = oneLine("Equity: "+ans, w)
			c1 = true // the pause is left out
		}
		var e2 []string
		c2 := false
		var e3 []string
		if pause != "" {
			l, c := oneLine("Equity pause: "+pause, w)
			e2, c2 = append(e2, l), c
			e3 = append(e3, split(hangingWrap("Equity pause: "+pause, w, 2))...)
		}
		ansLine := "  Our answer: " + ans
		l, c := oneLine(ansLine, w)
		if answer == "" {
			l = st.Muted.Render(l)
			e3 = append(e3, st.Muted.Render(truncate(ansLine, w)))
		} else {
			e3 = append(e3, split(hangingWrap("  Our answer: "+cleanLine(answer), w, 4))...)
		}
		e2, c2 = append(e2, l), c2 || c
		x.equity = [][]string{nil, {e1}, e2, e3}
		x.cut[blkEquity] = []bool{true, c1, c2, false}
	}

	var factsAll []string
	if in.EvidenceFrom != "" {
		factsAll = split(inventoryFactsText(a.c, in.EvidenceFrom, w))
		one := factsAll[0]
		if n := len(inventoryFacts(a.c, in.EvidenceFrom)); n > 0 {
			one = st.Muted.Render(truncate(fmt.Sprintf("From the tool inventory: %s (f shows them, I copies them into the evidence)", workbook.CountOf(n, "fact")), w))
		}
		x.facts = [][]string{nil, {one}, factsAll}
	}

	var contextAll []string
	if !in.Context.Empty() {
		notes := [][2]string{
			{"English learners", in.Context.EnglishLearners}, {"IEP / 504", in.Context.IEP504},
			{"Small systems", in.Context.SmallSystems}, {"Large systems", in.Context.LargeSystems},
		}
		var all []string
		all = append(all, st.Heading.Render("Context notes")+st.Muted.Render(" (c hides)"))
		for _, n := range notes {
			if n[1] != "" {
				all = append(all, split(hangingWrap(n[0]+": "+cleanLine(n[1]), w, 2))...)
			}
		}
		if a.showContext {
			first := ""
			for _, n := range notes {
				if n[1] != "" {
					first = n[0] + ": " + cleanLine(n[1])
					break
				}
			}
			x.context = [][]string{nil, {truncate("Context notes (c hides) · "+first, w)}, all}
		} else {
			x.context = [][]string{nil, {st.Muted.Render(truncate("Context notes: press c to show (English learners, IEP/504, small and large systems)", w))}}
		}
		contextAll = all
	}
	x.full = append(append(append([]string(nil), x.title...), stmt...), long...)
	if len(x.equity) > 0 {
		x.full = append(x.full, x.equity[3]...)
	}
	x.full = append(x.full, factsAll...)
	x.full = append(x.full, contextAll...)
	a.descKey, a.text = k, x
	return &a.text
}

// wide reports whether the indicator list gets a pane of its own.
func (a *assessScreen) wide() bool { return a.c.Width >= 100 }

func (a *assessScreen) listWidth() int { return clampInt(a.c.Width*3/10, 28, 44) }

func (a *assessScreen) rightWidth() int {
	if a.wide() {
		return a.c.Width - a.listWidth() - 3
	}
	return a.c.Width
}

func (a *assessScreen) View() string {
	st := a.c.Styles
	w, h := a.c.Width, a.c.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	if len(a.items) == 0 {
		return st.Muted.Render(wrap("This session's template has no indicators to rate.", w))
	}
	right := a.rightPane(a.rightWidth(), h)
	if !a.wide() {
		return strings.Join(right, "\n")
	}
	// The two panes side by side. Every left line is already exactly the
	// list's width, so a plain join lines them up; lipgloss.JoinHorizontal
	// would measure and pad all 2×h lines on every key (5× the frame's
	// cost at 160×48, BenchmarkAssessKeypress).
	left := a.listPane(a.listWidth(), h)
	sep := st.Muted.Render(" │ ")
	var b strings.Builder
	for i := range h {
		var l, r string
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		b.WriteString(l + sep + r)
		if i < h-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// listPane draws the domains and indicators around the current one, each
// line padded to w. It is cached until the indicator, a rating or the size changes.
func (a *assessScreen) listPane(w, h int) []string {
	k := assessListKey{idx: a.idx, w: w, h: h, version: a.listVersion, dark: a.c.IsDark}
	if k == a.listKey && a.listCache != nil {
		return a.listCache
	}
	a.listKey, a.listCache = k, a.renderList(w, h)
	return a.listCache
}

type assessListKey struct {
	idx, w, h, version int
	dark               bool
}

func (a *assessScreen) renderList(w, h int) []string {
	st := a.c.Styles
	type entry struct {
		text string
		item int // -1 for a domain heading
	}
	// Domain headings interleaved with indicators.
	entries := make([]entry, 0, len(a.items)+8)
	cur := 0
	for i, it := range a.items {
		if it.first {
			entries = append(entries, entry{it.domainTitle, -1})
		}
		if i == a.idx {
			cur = len(entries)
		}
		entries = append(entries, entry{a.listLines[i], i})
	}
	off := clampInt(cur-h/2, 0, max(len(entries)-h, 0))
	out := make([]string, 0, h)
	for _, e := range entries[off:min(off+h, len(entries))] {
		switch {
		case e.item < 0:
			out = append(out, st.Heading.Render(padRight(e.text, w)))
		case e.item == a.idx:
			out = append(out, st.Selected.Render(padRight("› "+e.text, w)))
		default:
			out = append(out, padRight("  "+e.text, w))
		}
	}
	legend := len(out) < h-1 // room for a key to the marks
	for len(out) < h {
		out = append(out, strings.Repeat(" ", w))
	}
	if legend {
		out[h-1] = st.Muted.Render(padRight("3 consensus · … started · ★ priority", w))
	}
	return out
}

// rightPane draws the indicator and the team's answers in w×h.
func (a *assessScreen) rightPane(w, h int) []string {
	if a.full {
		return a.fullPane(w, h)
	}
	x := a.indicatorText(w)
	var forms [blkCount][][]string
	forms[blkTitle] = [][]string{nil, x.title}
	forms[blkStatement] = x.statement
	forms[blkLevels] = x.levels
	forms[blkEquity] = x.equity
	forms[blkFacts] = x.facts
	forms[blkContext] = x.context
	forms[blkSep] = [][]string{nil, {""}}
	forms[blkRoom] = [][]string{nil, {""}}
	ans := a.answerForms(w)
	forms[blkHeading] = ans.heading
	forms[blkMembers] = ans.members
	forms[blkConsensus] = ans.consensus
	forms[blkFlag] = ans.flag
	forms[blkEvidence] = ans.evidence
	forms[blkPriority] = ans.priority
	forms[blkComments] = ans.comments

	// The header says when the text is cut, and so depends on the fit: fit
	// once with a header line, then see whether the text got its full forms.
	header := a.headerText(w)
	forms[blkHeader] = [][]string{nil, {header}}
	var pick [blkCount]int
	out := fitBlocks(&forms, h, &pick)
	cut := false
	for _, b := range []int{blkStatement, blkLevels, blkEquity} {
		if c := x.cut[b]; pick[b] < len(c) && c[pick[b]] {
			cut = true
		}
	}
	if cut && pick[blkHeader] == 1 {
		hint := " · f full text"
		line := a.c.Styles.Muted.Render(truncate(a.progressText(), max(w-len(hint), 0)) + hint)
		if w <= len(hint) {
			line = header
		}
		out[0] = line
	}
	return clampLinesSlice(out, h)
}

// fitBlocks picks a form of each block so that all of them fit in h lines
// (pick says which), and returns the lines in drawing order. forms[b][0] is
// the block's least form (nil for a block that may be left out); a block
// with no forms is left out.
func fitBlocks(forms *[blkCount][][]string, h int, pick *[blkCount]int) []string {
	used := 0
	for b := range forms {
		pick[b] = 0
		if len(forms[b]) > 0 {
			used += len(forms[b][0])
		}
	}
	for _, st := range assessSteps {
		f := forms[st.block]
		if st.form >= len(f) || st.form <= pick[st.block] {
			continue
		}
		if grown := used - len(f[pick[st.block]]) + len(f[st.form]); grown <= h {
			used, pick[st.block] = grown, st.form
		}
	}
	out := make([]string, 0, used)
	for b := range forms {
		if len(forms[b]) > 0 {
			out = append(out, forms[b][pick[b]]...)
		}
	}
	return out
}

func (a *assessScreen) progressText() string {
	it := a.items[a.idx]
	p := fmt.Sprintf("Indicator %d of %d · %d with consensus", a.idx+1, len(a.items), a.withConsensus)
	if !a.wide() {
		p += " · " + it.domainTitle
	}
	return p
}

func (a *assessScreen) headerText(w int) string {
	return a.c.Styles.Muted.Render(truncate(a.progressText(), w))
}

// fullPane is the f view: the indicator's whole text, scrolled with J/K,
// above the least form of the answers.
func (a *assessScreen) fullPane(w, h int) []string {
	st := a.c.Styles
	x := a.indicatorText(w)
	ans := a.answerForms(w)
	var answers []string
	for _, f := range [][][]string{ans.members, ans.consensus, ans.flag, ans.evidence} {
		if len(f) > 0 {
			answers = append(answers, f[0]...)
		}
	}
	top := []string{st.Muted.Render(truncate(a.progressText()+" · whole text, f returns", w))}
	desc := x.full
	room := h - len(top) - len(answers) - 1
	if len(desc) > room && room > 1 {
		a.descOffset = clampInt(a.descOffset, 0, len(desc)-(room-1))
		end := a.descOffset + room - 1
		hint := fmt.Sprintf("… J/K scroll this text (%d more lines below)", len(desc)-end)
		if end >= len(desc) {
			hint = "… K scrolls back up"
		}
		desc = append(desc[a.descOffset:end:end], st.Muted.Render(truncate(hint, w)))
	} else {
		a.descOffset = 0
		desc = clampLinesSlice(desc, max(room, 0))
	}
	out := append(top, desc...)
	out = append(out, "")
	out = append(out, answers...)
	return clampLinesSlice(out, h)
}

// assessAnswers are the team's answers in each form the layout chooses
// from (built on every frame: they change with every key).
type assessAnswers struct {
	heading, members, consensus, flag, evidence, priority, comments [][]string
}

// memberCell is one person in the ratings: a current member (row is their
// cursor row) or a former member who rated (row -1).
type memberCell struct {
	name, role string
	row        int
	rating     workbook.Rating
}

func (a *assessScreen) answerForms(w int) assessAnswers {
	st := a.c.Styles
	s := a.c.Session
	id := a.items[a.idx].ind.ID
	r := a.rating(a.idx)
	vote := s.Vote(id)
	concealed := vote.Concealed()
	var out assessAnswers

	cells := make([]memberCell, 0, len(s.Roster))
	for i, m := range a.roster() {
		cells = append(cells, memberCell{name: cleanLine(m.Name), role: cleanLine(m.Role), row: i, rating: r.Members[m.ID]})
	}
	for _, m := range s.Roster {
		if mr := r.Members[m.ID]; m.Former && mr != workbook.Unrated {
			cells = append(cells, memberCell{name: cleanLine(m.Name), role: workbook.FormerMemberNote, row: -1, rating: mr})
		}
	}

	// The heading: the scale, and where the vote stands.
	head := fmt.Sprintf("Ratings (1-%d, 0 = not sure)", len(s.Template.Scale.Levels))
	lo, hi, _, rated := workbook.IndicatorSpread(&r)
	switch {
	case concealed:
		head += " · hidden vote: " + vote.Note()
	case rated > 0:
		head += " · "
		if vote.Hidden {
			head += fmt.Sprintf("all %d voted, ", vote.Total)
		}
		if lo == hi {
			head += fmt.Sprintf("people: all %d", lo)
		} else {
			head += fmt.Sprintf("people: %d–%d, talk it through", lo, hi)
		}
	case vote.Hidden:
		head += " · hidden vote: " + vote.Note()
	}
	out.heading = [][]string{nil, {st.Heading.Render(truncate(head, w))}}

	// Members: a compact grid, a grid with labels, one per line.
	if len(cells) == 0 {
		none := []string{st.Muted.Render(truncate("  No one is on the roster; rate the consensus only.", w))}
		out.members = [][]string{none}
	} else {
		value := func(c memberCell, short bool) string {
			switch {
			case concealed && c.rating != workbook.Unrated:
				if short {
					return "✓"
				}
				return "✓ voted"
			case concealed:
				if short {
					return "–"
				}
				return "– not yet"
			case short:
				return c.rating.String()
			}
			return a.ratingText(c.rating)
		}
		out.members = [][]string{
			a.memberGrid(cells, w, 18, true, value),
			a.memberGrid(cells, w, 34, false, value),
			a.memberList(cells, w, value),
		}
	}

	// This year's consensus, last year's beside it (a carried session) and
	// the priority star; the level labels go first when the line is full.
	cons := a.ratingText(r.Consensus)
	lastYear, lastShort := "", ""
	if prev := s.Previous; prev != nil {
		if last, ok := prev.Baseline[id]; ok {
			change := ""
			if r.Consensus.Rated() && last.Rated() {
				change = " " + workbook.ChangeMark(int(r.Consensus-last))
			}
			lastYear = " · last year " + a.ratingText(last) + change
			lastShort = " · last year " + last.String() + change
		} else {
			lastYear = " · last year – not rated"
			lastShort = " · last year –"
		}
	}
	star := ""
	if r.Priority {
		star = " · ★ priority"
	}
	// The labels line up with the people's names when that leaves the
	// consensus its room, else they take what "Team consensus" needs.
	labelW := a.labelWidth(cells, w)
	consText := cons + lastYear + star
	if 2+labelW+1+cellWidth(consText) > w {
		labelW = min(labelW, len("Team consensus")+1)
		for _, alt := range []string{cons + lastYear + star, cons + lastShort + star,
			r.Consensus.String() + lastShort + strings.Replace(star, "★ priority", "★", 1)} {
			consText = alt
			if 2+labelW+1+cellWidth(alt) <= w {
				break
			}
		}
	}
	line := func(row int, label, value string) string {
		marker := "  "
		if row == a.row && !a.editing {
			marker = "› "
		}
		text := marker + padRight(label, labelW) + " " + value
		if row == a.row && !a.editing {
			return st.Selected.Render(truncate(text, w))
		}
		return truncate(text, w)
	}

	out.consensus = [][]string{{line(a.consensusRow(), "Team consensus", consText)}}

	if flo, fhi, outside := s.ConsensusOutside(id); outside {
		out.flag = [][]string{nil, {st.Warning.Render(truncate("  ⚑ "+workbook.OutsideFlag(r.Consensus, flo, fhi), w))}}
	}

	if a.editing {
		title := "Evidence notes (esc or tab saves)"
		if a.equity {
			title = "Our answer to the equity pause (esc or tab saves)"
		}
		field := append([]string{st.Focused.Render(truncate(title, w))}, strings.Split(a.evidence.View(), "\n")...)
		out.evidence = [][]string{field}
	} else {
		valW := max(w-labelW-3, 8)
		ev, cut := previewLine(r.Evidence, 4*valW)
		if ev == "" {
			ev = "(none yet: e to write)"
		}
		evLines := strings.Split(wrap(ev, valW), "\n")
		first := evLines[0]
		if len(evLines) > 1 || cut {
			first = truncate(first+" …", valW)
		}
		one := []string{line(a.evidenceRow(), "Evidence notes", first)}
		if len(evLines) > 3 || cut {
			evLines = evLines[:min(len(evLines), 3)]
			last := len(evLines) - 1
			evLines[last] = truncate(evLines[last]+" …", valW)
		}
		three := []string{line(a.evidenceRow(), "Evidence notes", evLines[0])}
		for _, l := range evLines[1:] {
			three = append(three, truncate(strings.Repeat(" ", labelW+3)+l, w))
		}
		out.evidence = [][]string{one, three}
	}

	prio := "no (p marks it)"
	if r.Priority {
		prio = "★ yes (p clears)"
	}
	out.priority = [][]string{nil, {truncate("  "+padRight("Priority", labelW)+" "+prio, w)}}
	if c := commentLines(a.c, workbook.IndicatorPart(id), w, 3); len(c) > 0 {
		out.comments = [][]string{nil, c}
	}
	return out
}

// labelWidth is the width of the name column of the one-per-line forms:
// the longest "name · role", within a third to a half of the pane.
func (a *assessScreen) labelWidth(cells []memberCell, w int) int {
	longest := len("Team consensus")
	for _, c := range cells {
		longest = max(longest, cellWidth(c.name)+3+cellWidth(c.role))
	}
	return clampInt(longest, 14, clampInt(w/2, 14, 44))
}

// memberGrid lays the people out in as many columns of at least minCell
// cells as fit, in reading order; the focused person is reverse video with
// "›". short uses the digit alone (the levels are on screen above).
func (a *assessScreen) memberGrid(cells []memberCell, w, minCell int, short bool, value func(memberCell, bool) string) []string {
	st := a.c.Styles
	cols := clampInt(w/minCell, 1, len(cells))
	cellW := max(w/cols, 1)
	valueW, longest := 0, 0
	for _, c := range cells {
		valueW = max(valueW, cellWidth(value(c, short)))
		name := c.name
		if c.row < 0 {
			name += " (former)"
		}
		longest = max(longest, cellWidth(name))
	}
	// The names take what the longest needs (the values follow them
	// closely), at most what the cell leaves.
	nameW := clampInt(longest+1, 1, max(cellW-2-valueW-2, 1))
	columns := make([]string, cols)
	for j := range cols {
		var col []string
		for i := j; i < len(cells); i += cols {
			c := cells[i]
			name := c.name
			if c.row < 0 {
				name += " (former)"
			}
			v := padRight(value(c, short), valueW)
			marker := "  "
			if c.row >= 0 && c.row == a.row && !a.editing {
				marker = "› "
			}
			text := padRight(marker+padRight(name, nameW)+" "+v, cellW)
			if marker == "› " {
				text = st.Selected.Render(truncate(marker+padRight(name, nameW)+" "+v, cellW-1)) + " "
			}
			col = append(col, text)
		}
		columns[j] = strings.Join(col, "\n")
	}
	grid := lipgloss.JoinHorizontal(lipgloss.Top, columns...)
	lines := strings.Split(grid, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(truncate(l, w), " ")
	}
	return lines
}

// memberList is one line per person: "name · role", then the rating with
// its label.
func (a *assessScreen) memberList(cells []memberCell, w int, value func(memberCell, bool) string) []string {
	st := a.c.Styles
	labelW := a.labelWidth(cells, w)
	out := make([]string, 0, len(cells))
	for _, c := range cells {
		name := c.name
		if c.role != "" {
			name += " · " + c.role
		}
		marker := "  "
		if c.row >= 0 && c.row == a.row && !a.editing {
			marker = "› "
		}
		text := truncate(marker+padRight(name, labelW)+" "+value(c, false), w)
		if marker == "› " {
			text = st.Selected.Render(text)
		}
		out = append(out, text)
	}
	return out
}
