package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook"
)

// assessScreen is the self-assessment: the indicator list on the left (wide
// windows), the current indicator and the team's answers on the right.
//
// Keys: ] / [ move between indicators; ↑↓ (or tab) pick a person, the
// consensus or the evidence row; 1-4 rate it, 0 = not sure, backspace
// clears; after rating a person the cursor moves on to the next row. `?`
// stays help. e (or enter on the evidence row) edits the evidence notes,
// E the team's answer to the equity pause (shown under the pause): esc or
// tab saves them. p flags the indicator as a priority; c shows or hides
// the context notes.
type assessScreen struct {
	c     *Common
	items []assessItem
	idx   int // current indicator
	row   int // 0..len(roster)-1 people, then consensus, then evidence

	showContext bool
	descOffset  int // first line of the indicator text shown when it does not fit
	editing     bool
	equity      bool           // the text field edits the equity answer, not the evidence
	evidence    textarea.Model // the text field (evidence notes or the equity answer)
	shown       string         // what the field held when opened: unchanged means not typed in

	withConsensus int
	listLines     []string // rendered list rows (without the cursor marker), rebuilt per indicator on change
	listVersion   int      // bumped on every change to listLines
	listKey       assessListKey
	listCache     []string

	// Cache of the indicator's description, which does not change per key.
	descKey   assessDescKey
	descLines []string
}

type assessItem struct {
	ind         workbook.Indicator
	domain      int
	domainTitle string
	label       string // "2.3"
	first       bool   // first indicator of its domain
}

type assessDescKey struct {
	idx, width  int
	showContext bool
	dark        bool
	equity      string // the team's answer, shown under the pause
}

// newAssessScreen opens the self-assessment at indicator at ("" = the
// first indicator without a consensus rating).
func newAssessScreen(c *Common, at string) *assessScreen {
	a := &assessScreen{c: c}
	a.evidence = textarea.New()
	a.evidence.ShowLineNumbers = false
	a.evidence.Prompt = "│ "
	// No CharLimit (it counts cells): editKey holds the field to the
	// store's limit in characters.
	a.evidence.Placeholder = "What did you see or read that supports the rating?"
	styles := textarea.DefaultStyles(c.IsDark)
	styles.Cursor.Blink = false // a steady cursor: calmer on a projector, and no tick Cmds
	a.evidence.SetStyles(styles)
	a.evidence.SetHeight(3)
	a.rebuild()
	a.row = a.homeRow()
	a.idx = a.firstWithoutConsensus()
	if at != "" { // opened from a Results list item
		for i, it := range a.items {
			if it.ind.ID == at {
				a.idx = i
			}
		}
	}
	return a
}

// rebuild derives everything from the session (on open and after a reload).
func (a *assessScreen) rebuild() {
	a.items = a.items[:0]
	if s := a.c.Session; s != nil {
		for di, d := range s.Template.Domains {
			for ii, in := range d.Indicators {
				a.items = append(a.items, assessItem{ind: in, domain: di, domainTitle: cleanLine(d.Title),
					label: fmt.Sprintf("%d.%d", di+1, ii+1), first: ii == 0})
			}
		}
	}
	a.idx = clampInt(a.idx, 0, max(len(a.items)-1, 0))
	a.row = clampInt(a.row, 0, a.rows()-1)
	a.withConsensus = 0
	a.listLines = make([]string, len(a.items))
	for i := range a.items {
		if a.rating(i).Consensus != workbook.Unrated {
			a.withConsensus++
		}
		a.listLines[i] = a.listLine(i)
	}
	a.descKey = assessDescKey{idx: -1}
	a.listVersion++
}

func (a *assessScreen) firstWithoutConsensus() int {
	for i := range a.items {
		if a.rating(i).Consensus == workbook.Unrated {
			return i
		}
	}
	return 0
}

// rating returns the recorded answers of item i (a zero value when none).
func (a *assessScreen) rating(i int) workbook.IndicatorRating {
	if s := a.c.Session; s != nil && i >= 0 && i < len(a.items) {
		if r := s.Ratings[a.items[i].ind.ID]; r != nil {
			return *r
		}
	}
	return workbook.IndicatorRating{}
}

func (a *assessScreen) roster() []workbook.Member {
	if a.c.Session == nil {
		return nil
	}
	return a.c.Session.Roster
}

func (a *assessScreen) rows() int { return len(a.roster()) + 2 }

func (a *assessScreen) consensusRow() int { return len(a.roster()) }
func (a *assessScreen) evidenceRow() int  { return len(a.roster()) + 1 }

func (a *assessScreen) Init() tea.Cmd { return nil }

func (a *assessScreen) Title() string { return "Self-assessment" }

// CommentTarget: C comments on the indicator on screen.
func (a *assessScreen) CommentTarget() (part workbook.PartRef, label string) {
	if len(a.items) == 0 {
		return workbook.SessionPart(), "the whole session"
	}
	it := a.items[a.idx]
	return workbook.IndicatorPart(it.ind.ID), "indicator " + it.label + " “" + cleanLine(it.ind.Title) + "”"
}

func (a *assessScreen) Capturing() bool { return a.editing }

func (a *assessScreen) Help() help.KeyMap {
	k := a.c.Keys
	if a.editing {
		return newKeyHelp([]key.Binding{k.Commit})
	}
	short := []key.Binding{as(k.NextIndicator, "next"), as(k.PrevIndicator, "prev")}
	short = append(short, a.c.editKeys(k.Rate, as(k.NotSure, "not sure"), as(k.Evidence, "notes"), as(k.Equity, "equity"), k.Priority)...)
	short = append(short, as(k.Context, "context"), k.Rows)
	edits := append(a.c.editKeys(k.Rate, k.NotSure, k.ClearRating, k.Evidence, as(k.Enter, "evidence (on its row)"), k.Equity, k.Priority), k.Context)
	return newKeyHelp(short, []key.Binding{k.NextIndicator, k.PrevIndicator, k.Top, k.Bottom, k.Rows, k.TextScroll}, edits)
}

func (a *assessScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case sessionChangedMsg:
		a.rebuild()
	case tea.WindowSizeMsg:
		a.evidence.SetWidth(max(a.rightWidth()-2, 4))
	case tea.BackgroundColorMsg:
		styles := textarea.DefaultStyles(msg.IsDark())
		styles.Cursor.Blink = false
		a.evidence.SetStyles(styles)
		a.descKey.idx = -1
	case tea.KeyPressMsg:
		if a.editing {
			return a, a.editKey(msg)
		}
		return a, a.key(msg)
	case tea.PasteMsg:
		if a.editing {
			return a, a.pasteEvidence(msg)
		}
	}
	return a, nil
}

// pasteEvidence puts a paste into the evidence being edited: whole, or not
// at all when it would take the field over its limits.
func (a *assessScreen) pasteEvidence(msg tea.PasteMsg) tea.Cmd {
	if err := pasteError(areaField, a.evidence.Value(), msg.Content); err != nil {
		a.c.SetError(err)
		return nil
	}
	var cmd tea.Cmd
	a.evidence, cmd = a.evidence.Update(msg)
	return cmd
}

func (a *assessScreen) editKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, a.c.Keys.Commit) {
		return a.commitEvidence()
	}
	if typed := typedText(msg, a.evidence.KeyMap.InsertNewline); typed != "" {
		if err := typeError(areaField, a.evidence.Value(), typed); err != nil {
			a.c.SetError(err)
			return nil
		}
	}
	var cmd tea.Cmd
	a.evidence, cmd = a.evidence.Update(msg)
	return cmd
}

// Flush saves the text being typed (ctrl+c quits with it saved).
func (a *assessScreen) Flush() tea.Cmd {
	if !a.editing {
		return nil
	}
	return a.commitEvidence()
}

// commitEvidence saves the text field: the evidence notes or the equity
// answer, whichever it edits.
func (a *assessScreen) commitEvidence() tea.Cmd {
	a.editing = false
	a.evidence.Blur()
	if len(a.items) == 0 {
		return nil
	}
	raw := a.evidence.Value()
	if raw == a.shown {
		return nil // not typed in: what is stored stays exactly as it is
	}
	v := strings.TrimRight(raw, " \n")
	id := a.items[a.idx].ind.ID
	if a.equity {
		if v == a.rating(a.idx).Equity {
			return nil
		}
		return a.c.Edit(func(s *workbook.Session) { s.Rating(id).Equity = v })
	}
	if v == a.rating(a.idx).Evidence {
		return nil
	}
	return a.c.Edit(func(s *workbook.Session) { s.Rating(id).Evidence = v })
}

// openText opens the text field on text (the evidence notes, or the equity
// answer when equity is set), unless the field would cut it.
func (a *assessScreen) openText(equity bool, what, text string) tea.Cmd {
	a.evidence.SetValue(text)
	a.shown = a.evidence.Value()
	if err := fitError(areaField, what, text, a.shown); err != nil {
		a.evidence.Reset()
		a.c.SetError(err) // never open text the field would cut when left
		return nil
	}
	a.editing, a.equity = true, equity
	if equity {
		a.evidence.Placeholder = "What did the team say at the equity pause?"
	} else {
		a.evidence.Placeholder = "What did you see or read that supports the rating?"
	}
	a.evidence.SetWidth(max(a.rightWidth()-2, 4))
	return a.evidence.Focus()
}

func (a *assessScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := a.c.Keys
	if len(a.items) == 0 {
		return nil
	}
	switch {
	case key.Matches(msg, k.NextIndicator):
		a.move(a.idx + 1)
	case key.Matches(msg, k.PrevIndicator):
		a.move(a.idx - 1)
	case key.Matches(msg, k.Top):
		a.move(0)
	case key.Matches(msg, k.Bottom):
		a.move(len(a.items) - 1)
	case key.Matches(msg, k.Up, k.Prev):
		a.row = (a.row - 1 + a.rows()) % a.rows()
	case key.Matches(msg, k.Down, k.Next):
		a.row = (a.row + 1) % a.rows()
	case key.Matches(msg, k.Rate):
		n, _ := digitOf(msg, k.Rate)
		return a.rate(workbook.Rating(n))
	case key.Matches(msg, k.NotSure):
		return a.rate(workbook.NotSure)
	case key.Matches(msg, k.ClearRating):
		return a.rate(workbook.Unrated)
	case key.Matches(msg, k.Evidence), key.Matches(msg, k.Enter) && a.row == a.evidenceRow():
		a.row = a.evidenceRow()
		return a.openText(false, "the evidence notes", a.rating(a.idx).Evidence)
	case key.Matches(msg, k.Equity):
		if a.items[a.idx].ind.EquityPause == "" && a.rating(a.idx).Equity == "" {
			a.c.SetStatus("this indicator has no equity pause")
			return nil
		}
		return a.openText(true, "the equity answer", a.rating(a.idx).Equity)
	case key.Matches(msg, k.Priority):
		id := a.items[a.idx].ind.ID
		cmd := a.c.Edit(func(s *workbook.Session) { r := s.Rating(id); r.Priority = !r.Priority })
		a.changed(a.idx)
		return cmd
	case key.Matches(msg, k.Context):
		a.showContext = !a.showContext
	case key.Matches(msg, k.TextDown):
		a.descOffset++
	case key.Matches(msg, k.TextUp):
		a.descOffset = max(a.descOffset-1, 0)
	}
	return nil
}

// move goes to indicator i; the cursor returns to the first person (over
// the cohort server: to the person at the keys, when on the roster).
func (a *assessScreen) move(i int) {
	i = clampInt(i, 0, len(a.items)-1)
	if i != a.idx {
		a.idx = i
		a.row = a.homeRow()
		a.descOffset = 0
	}
}

// homeRow is the row the cursor starts on: the roster member named as the
// person at the keys (Options.Author, over the cohort server), else the
// first.
func (a *assessScreen) homeRow() int {
	if a.c.Author == "" {
		return 0
	}
	for i, m := range a.roster() {
		if strings.EqualFold(strings.TrimSpace(cleanLine(m.Name)), a.c.Author) {
			return i
		}
	}
	return 0
}

// rate records r for the focused row (a person or the consensus).
func (a *assessScreen) rate(r workbook.Rating) tea.Cmd {
	levels := len(a.c.Session.Template.Scale.Levels)
	if r > 0 && int(r) > levels {
		a.c.SetError(fmt.Errorf("this template's scale goes from 1 to %d; 0 means not sure", levels))
		return nil
	}
	id := a.items[a.idx].ind.ID
	roster := a.roster()
	var cmd tea.Cmd
	switch {
	case a.row < len(roster):
		mid := roster[a.row].ID
		cmd = a.c.Edit(func(s *workbook.Session) {
			ir := s.Rating(id)
			if ir.Members == nil {
				ir.Members = map[string]workbook.Rating{}
			}
			if r == workbook.Unrated {
				delete(ir.Members, mid)
			} else {
				ir.Members[mid] = r
			}
		})
		if r != workbook.Unrated {
			a.row++ // on to the next person, then the consensus
		}
	case a.row == a.consensusRow():
		before := a.rating(a.idx).Consensus
		cmd = a.c.Edit(func(s *workbook.Session) { s.Rating(id).Consensus = r })
		if (before == workbook.Unrated) != (r == workbook.Unrated) {
			if r == workbook.Unrated {
				a.withConsensus--
			} else {
				a.withConsensus++
			}
		}
	default:
		a.c.SetStatus("pick a person or the consensus row (↑/↓) to rate; e edits the evidence")
		return nil
	}
	a.changed(a.idx)
	return cmd
}

// changed refreshes the cached list row of item i.
func (a *assessScreen) changed(i int) { a.listLines[i] = a.listLine(i); a.listVersion++ }

// ratingText is a rating as digit + label, never colour alone.
func (a *assessScreen) ratingText(r workbook.Rating) string {
	t := &a.c.Session.Template
	switch r {
	case workbook.Unrated:
		return "– not rated"
	case workbook.NotSure:
		return "? " + cleanLine(t.LevelLabel(r))
	}
	return r.String() + " " + cleanLine(t.LevelLabel(r))
}

// listLine is one row of the indicator list: consensus digit, label, title, priority.
func (a *assessScreen) listLine(i int) string {
	it := a.items[i]
	r := a.rating(i)
	mark := "·"
	switch {
	case r.Consensus != workbook.Unrated:
		mark = r.Consensus.String()
	case len(r.Members) > 0:
		mark = "…"
	}
	prio := ""
	if r.Priority {
		prio = " ★"
	}
	return fmt.Sprintf("%s %s %s%s", mark, it.label, cleanLine(it.ind.Title), prio)
}

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
	if len(a.items) == 0 {
		return st.Muted.Render(wrap("This session's template has no indicators to rate.", w))
	}
	right := a.rightPane(a.rightWidth(), h)
	if !a.wide() {
		return strings.Join(right, "\n")
	}
	left := a.listPane(a.listWidth(), h)
	sep := st.Muted.Render(" │ ")
	var b strings.Builder
	for i := 0; i < h; i++ {
		var l, r string
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		b.WriteString(l + sep + r)
		if i < h-1 {
			b.WriteString("\n")
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

// rightPane draws the progress line, the indicator and the answers, h lines at most.
func (a *assessScreen) rightPane(w, h int) []string {
	st := a.c.Styles
	it := a.items[a.idx]
	progress := fmt.Sprintf("Indicator %d of %d · %d with consensus", a.idx+1, len(a.items), a.withConsensus)
	if !a.wide() {
		progress += " · " + it.domainTitle
	}
	top := []string{st.Muted.Render(truncate(progress, w))}
	answers := a.answers(w)
	room := h - len(top) - len(answers) - 1
	desc := a.description(w)
	if len(desc) > room && room > 0 {
		// The text does not fit: show a window of it and how to scroll.
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

// description is the indicator's text, cached until the indicator, width
// or context toggle changes.
func (a *assessScreen) description(w int) []string {
	k := assessDescKey{idx: a.idx, width: w, showContext: a.showContext, dark: a.c.IsDark, equity: a.rating(a.idx).Equity}
	if k == a.descKey && a.descLines != nil {
		return a.descLines
	}
	st := a.c.Styles
	t := &a.c.Session.Template
	in := a.items[a.idx].ind
	var lines []string
	add := func(s string) { lines = append(lines, strings.Split(s, "\n")...) }
	add(st.Title.Render(truncate(a.items[a.idx].label+"  "+cleanLine(in.Title), w)))
	add(wrap(cleanLine(in.Statement), w))
	for i, d := range in.Levels {
		label := ""
		if i < len(t.Scale.Levels) {
			label = cleanLine(t.Scale.Levels[i].Label)
		}
		add(hangingWrap(fmt.Sprintf("%d %s: %s", i+1, label, cleanLine(d)), w, 4))
	}
	if in.EquityPause != "" || k.equity != "" {
		if in.EquityPause != "" {
			add(hangingWrap("Equity pause: "+cleanLine(in.EquityPause), w, 2))
		}
		if k.equity == "" {
			add(st.Muted.Render(truncate("  Our answer: none yet (E to write it)", w)))
		} else {
			add(hangingWrap("  Our answer: "+cleanLine(k.equity), w, 4))
		}
	}
	if !in.Context.Empty() {
		if a.showContext {
			add(st.Heading.Render("Context notes") + st.Muted.Render(" (c hides)"))
			for _, n := range [][2]string{
				{"English learners", in.Context.EnglishLearners}, {"IEP / 504", in.Context.IEP504},
				{"Small systems", in.Context.SmallSystems}, {"Large systems", in.Context.LargeSystems},
			} {
				if n[1] != "" {
					add(hangingWrap(n[0]+": "+cleanLine(n[1]), w, 2))
				}
			}
		} else {
			add(st.Muted.Render(truncate("Context notes: press c to show (English learners, IEP/504, small and large systems)", w)))
		}
	}
	a.descKey, a.descLines = k, lines
	return lines
}

// answers draws each person's rating, the consensus, the evidence and the
// priority flag; the focused row is marked with "›" and reverse video.
func (a *assessScreen) answers(w int) []string {
	st := a.c.Styles
	r := a.rating(a.idx)
	roster := a.roster()
	nameW := clampInt(w/2, 10, 32)
	row := func(i int, name, value string) string {
		marker := "  "
		if i == a.row && !a.editing {
			marker = "› "
		}
		line := marker + padRight(name, nameW) + " " + value
		if i == a.row && !a.editing {
			return st.Selected.Render(truncate(line, w))
		}
		return truncate(line, w)
	}
	lines := []string{st.Heading.Render(truncate("Ratings (1-4, 0 = not sure)", w))}
	if len(roster) == 0 {
		lines = append(lines, st.Muted.Render(truncate("  No one is on the roster; rate the consensus only.", w)))
	}
	var rated []workbook.Rating
	for i, m := range roster {
		mr := r.Members[m.ID]
		if mr.Rated() {
			rated = append(rated, mr)
		}
		name := cleanLine(m.Name)
		if m.Role != "" && nameW > 20 {
			name += " · " + cleanLine(m.Role)
		}
		lines = append(lines, row(i, name, a.ratingText(mr)))
	}
	cons := a.ratingText(r.Consensus)
	if len(rated) > 0 {
		lo, hi := rated[0], rated[0]
		for _, x := range rated {
			lo, hi = min(lo, x), max(hi, x)
		}
		if lo == hi {
			cons += fmt.Sprintf("   (people: all %d)", lo)
		} else {
			cons += fmt.Sprintf("   (people: %d–%d, talk it through)", lo, hi)
		}
	}
	lines = append(lines, row(a.consensusRow(), "Team consensus", cons))

	if a.editing {
		title := "Evidence notes (esc or tab saves)"
		if a.equity {
			title = "Our answer to the equity pause (esc or tab saves)"
		}
		lines = append(lines, st.Focused.Render(truncate(title, w)))
		lines = append(lines, strings.Split(a.evidence.View(), "\n")...)
	} else {
		// Up to three wrapped lines under the value column.
		valW := max(w-nameW-3, 8)
		ev, cut := previewLine(r.Evidence, 4*valW)
		if ev == "" {
			ev = "(none yet: e to write)"
		}
		evLines := strings.Split(wrap(ev, valW), "\n")
		if len(evLines) > 3 || cut {
			evLines = evLines[:min(len(evLines), 3)]
			last := len(evLines) - 1
			evLines[last] = truncate(evLines[last]+" …", valW)
		}
		lines = append(lines, row(a.evidenceRow(), "Evidence notes", evLines[0]))
		for _, l := range evLines[1:] {
			lines = append(lines, truncate(strings.Repeat(" ", nameW+3)+l, w))
		}
	}
	prio := "no (p marks it)"
	if r.Priority {
		prio = "★ yes (p clears)"
	}
	lines = append(lines, truncate("  "+padRight("Priority", nameW)+" "+prio, w))
	// The coach's notes on this indicator, under the team's answers.
	lines = append(lines, commentLines(a.c, workbook.IndicatorPart(a.items[a.idx].ind.ID), w, 3)...)
	return lines
}
