package tui

import (
	"errors"
	"strconv"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"edtech-workbook/workbook"
)

// The problem-of-practice screen: a checklist of focus indicators drawn by
// the screen, then a huh form of one question a page: the phase, the problem
// as one question, and every problem question of the template in its order
// (questions.go builds them by kind), each answer saved when its field is
// left.

type problemScreen struct {
	c    *Common
	pane *formPane
	// The focus indicators are drawn by the screen, not huh: a huh
	// multi-select re-renders all ~30 options several times per key. The
	// list is the first page; tab leaves it for the form, shift+tab on the
	// form's first field comes back.
	focus  *focusList
	onList bool
	// phase is the form's first field: shift+tab on it goes back to the list.
	phase huh.Field
}

func newProblemScreen(c *Common) *problemScreen {
	p := &problemScreen{c: c, focus: &focusList{}, onList: true}
	p.pane = newFormPane(c, p.build)
	p.pane.hint = "esc back"
	if c.Session != nil {
		p.focus.load(c.Session)
	}
	return p
}

func (p *problemScreen) Init() tea.Cmd { return p.pane.init() }

func (p *problemScreen) Title() string { return workbook.PartNameProblem }

func (p *problemScreen) Capturing() bool { return !p.onList && p.pane.capturing() }

func (p *problemScreen) Help() help.KeyMap {
	if !p.onList {
		return formHelp(p.c, p.pane, p.c.Keys.Back)
	}
	k := p.c.Keys
	return newKeyHelp(append(append([]key.Binding{k.Up, k.Down}, p.c.editKeys(k.Mark)...), append([]key.Binding{k.ListDone}, p.c.editKeys(k.NameTools)...)...),
		[]key.Binding{k.Up, k.Down, k.ListPage, k.Top, k.Bottom}, append(p.c.editKeys(k.Mark), append([]key.Binding{k.ListDone}, p.c.editKeys(k.NameTools)...)...))
}

func (p *problemScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		formW, _, formH := p.layout(msg.Width, msg.Height)
		p.pane.setSize(formW, formH)
		return p, nil
	case sessionChangedMsg:
		p.focus.load(p.c.Session)
		return p, p.pane.rebuild()
	case resumeMsg:
		p.focus.load(p.c.Session) // ratings may have changed the labels
	case tea.PasteMsg:
		if p.onList {
			return p, nil // no text field has the keys
		}
	case tea.KeyPressMsg:
		if key.Matches(msg, p.c.Keys.Back) || !p.onList && key.Matches(msg, p.c.Keys.FormSave) {
			return p, tea.Batch(p.pane.commitFocused(), back())
		}
		if p.onList {
			return p, p.listKey(msg)
		}
		if key.Matches(msg, p.c.Keys.Prev) && p.pane.form != nil && p.pane.form.GetFocusedField() == p.phase {
			p.onList = true // the phase commits as soon as it changes
			return p, nil
		}
	}
	cmd, done := p.pane.update(msg)
	if done {
		p.c.SetStatus("problem of practice answered")
		return p, tea.Batch(cmd, back())
	}
	return p, cmd
}

// listKey handles a key on the focus list: move, mark (saved at once), or
// go on to the form.
func (p *problemScreen) listKey(msg tea.KeyPressMsg) tea.Cmd {
	k := p.c.Keys
	l := p.focus
	switch {
	case key.Matches(msg, k.Up):
		l.move(-1)
	case key.Matches(msg, k.Down):
		l.move(1)
	case key.Matches(msg, k.Top):
		l.move(-len(l.items))
	case key.Matches(msg, k.Bottom):
		l.move(len(l.items))
	case key.Matches(msg, k.PrevIndicator):
		l.move(-max(l.rows, 1))
	case key.Matches(msg, k.NextIndicator):
		l.move(max(l.rows, 1))
	case key.Matches(msg, k.Mark):
		if p.c.Session == nil || len(l.items) == 0 {
			return nil
		}
		next := l.toggled(p.c.Session.Problem.FocusIndicators)
		return p.c.Edit(func(s *workbook.Session) { s.Problem.FocusIndicators = next })
	case key.Matches(msg, k.ListDone):
		if p.pane.form != nil {
			p.onList = false
		}
	case key.Matches(msg, k.NameTools):
		return openScreen(to(ScreenToolPicker))
	}
	return nil
}

func (p *problemScreen) header(width int) string {
	if p.c.Session == nil {
		return ""
	}
	return partNotes(p.c, workbook.Part(workbook.PartProblem, ""), width, 3)
}

func (p *problemScreen) headerHeight(width int) int {
	if h := p.header(width); h != "" {
		return strings.Count(h, "\n") + 2
	}
	return 0
}

// wideProblem is the width from which the problem so far is shown beside
// the form.
const wideProblem = 120

func (p *problemScreen) layout(w, h int) (formW, sideW, formH int) {
	formW = w
	if w >= wideProblem {
		sideW = min(w/3, 56)
		formW = w - sideW - 1
	}
	return formW, sideW, h - p.headerHeight(w)
}

func (p *problemScreen) View() string {
	w, h := p.c.Width, p.c.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	formW, sideW, formH := p.layout(w, h)
	p.pane.setSize(formW, formH)
	var body string
	if p.onList && p.c.Session != nil {
		body = p.focus.view(p.c.Styles, p.c.IsDark, p.c.Session.Problem.FocusIndicators, formW, formH)
	} else {
		body = p.pane.view()
	}
	if sideW > 0 && p.c.Session != nil {
		body = lipgloss.JoinHorizontal(lipgloss.Top,
			lipgloss.NewStyle().Width(formW).MaxWidth(formW).Render(clampLines(body, formH)), " ",
			problemSoFar(p.c, sideW, formH))
	}
	if head := p.header(w); head != "" {
		body = head + "\n\n" + body
	}
	return clampLines(body, h)
}

// problemSoFar is the side pane of a wide window: the answers that frame
// the problem, so the team sees the whole of it while writing one part.
func problemSoFar(c *Common, w, h int) string {
	s := c.Session
	st := c.Styles
	inner := max(w-4, 1) // border and padding
	var lines []string
	add := func(label, v string) {
		lines = append(lines, st.Heading.Render(truncate(label, inner)))
		for _, l := range strings.Split(wrap(orDash(v), inner), "\n") {
			lines = append(lines, truncate(l, inner))
		}
	}
	var focus []string
	for _, id := range s.Problem.FocusIndicators {
		if in, _, ok := s.Template.Indicator(id); ok {
			focus = append(focus, cleanLine(in.Title))
		}
	}
	add("The problem", s.Problem.Question)
	add("Focus", strings.Join(focus, "; "))
	add("Phase", s.Problem.Phase)
	if len(s.Problem.Tools) > 0 {
		var tools []string
		for _, t := range s.Problem.Tools {
			tools = append(tools, cleanLine(t.Name))
		}
		add("Tools (T)", strings.Join(tools, ", "))
	}
	for _, q := range s.Template.Questions.Problem {
		if q.Kind == workbook.KindStudentGroups {
			add(cleanLine(q.Text), strings.Join(s.Answer(q.ID).Choices, "; "))
		}
	}
	body := clampLines(st.Title.Render("Problem so far")+"\n"+strings.Join(lines, "\n"), max(h-2, 1))
	return st.Pane.Width(w).MaxHeight(max(h, 1)).Render(body)
}

// build makes the form from the part's definitions (problemPages). Values
// are copies: the session changes only through the pane's commit
// (Common.Edit). The phase and the problem are the part's structure; every
// other page is one of the template's problem questions, in its order, with
// no code for any one of them.
func (p *problemScreen) build(b *formBuilder) *huh.Form {
	// One question a page: huh renders every field of the page on every
	// key (~0.6 ms per text field), so a page of three made typing slow. The
	// focus indicators are not in the form: the screen draws them
	// (focusList).
	pages := problemPages(p.c.Session)
	first, fields := b.page(pages[0])
	p.phase = fields[0]
	return b.form(append([]*huh.Group{first}, b.pages(pages[1:])...)...)
}

// focusOptions lists the indicators for the focus choice in
// workbook.FocusOrder: the priorities (★) first, then every gap lowest
// first, then the rest in template order.
func focusOptions(s *workbook.Session) []huh.Option[string] {
	list, priorities, gaps := workbook.FocusOrder(s)
	out := make([]huh.Option[string], 0, len(list))
	for i, r := range list {
		// "1 · Title · gap": the consensus digit first keeps a line short
		// enough for 80 columns (the level labels are on the self-assessment).
		l := r.Consensus.String() + " · " + cleanLine(r.Indicator.Title)
		switch {
		case i < priorities:
			l += " · ★ priority"
		case i < priorities+gaps:
			l += " · gap"
		}
		out = append(out, huh.NewOption(l, r.Indicator.ID))
	}
	return out
}

// validateProblemQuestion checks the problem is framed as ONE question: not
// empty, one sentence, ending in a question mark.
func validateProblemQuestion(q string) error {
	q = strings.TrimSpace(q)
	switch {
	case q == "":
		return errors.New("write the problem as one question ending in ?")
	case strings.ContainsAny(q, "\r\n"):
		return errors.New("keep the question on one line")
	case !strings.HasSuffix(q, "?"):
		return errors.New("end the problem with a question mark: frame it as one question")
	}
	body := strings.TrimRight(q, "?")
	if strings.TrimSpace(body) == "" {
		return errors.New("write the problem as one question ending in ?")
	}
	if hasSentenceBreak(body) {
		return errors.New("the problem has more than one sentence; keep only the question")
	}
	return nil
}

// hasSentenceBreak reports a sentence end inside s: any ? or !, or a full
// stop followed by a space and a capital letter ("… schools. How …") that
// does not close an abbreviation ("e.g.", "U.S.", "Dr.").
func hasSentenceBreak(s string) bool {
	if strings.ContainsAny(s, "?!") {
		return true
	}
	rs := []rune(s)
	for i := 0; i+2 < len(rs); i++ {
		if rs[i] != '.' || !unicode.IsSpace(rs[i+1]) || isAbbreviation(rs[:i]) {
			continue
		}
		j := i + 1
		for j < len(rs) && (unicode.IsSpace(rs[j]) || strings.ContainsRune("\"'“‘(", rs[j])) {
			j++
		}
		if j < len(rs) && unicode.IsUpper(rs[j]) {
			return true
		}
	}
	return false
}

// isAbbreviation reports whether the word before a full stop (the end of
// before) is an abbreviation rather than the end of a sentence.
func isAbbreviation(before []rune) bool {
	start := len(before)
	for start > 0 && !unicode.IsSpace(before[start-1]) {
		start--
	}
	word := strings.ToLower(strings.TrimLeft(string(before[start:]), "(\"'“‘"))
	if strings.Contains(word, ".") { // e.g, i.e, u.s (the last dot is the one found)
		return true
	}
	switch word {
	case "mr", "mrs", "ms", "dr", "st", "vs", "etc", "no", "approx", "dept", "jr", "sr":
		return true
	}
	return false
}

// CommentTarget: a coach's comment here is about the problem of practice.
func (p *problemScreen) CommentTarget() (part workbook.PartRef, label string) {
	return workbook.Part(workbook.PartProblem, ""), "the problem of practice"
}

// Flush commits the field being typed in. The root can call it before
// quitting on ctrl+c so the answer in progress is saved too (it returns the
// save Cmd: run it before tea.Quit).
func (p *problemScreen) Flush() tea.Cmd { return p.pane.commitFocused() }

// ---------------------------------------------------------------------------
// focusList: the focus-indicator checklist, drawn like a focused huh
// multi-select but only the rows that fit, each once per frame.

type focusItem struct{ id, label string }

type focusList struct {
	title  string // the template's focus prompt
	items  []focusItem
	cursor int
	offset int // first row shown
	rows   int // option rows that fit at the last draw (page up/down)
}

// load takes the options from the session (gaps first), keeping the
// cursor on the same indicator.
func (l *focusList) load(s *workbook.Session) {
	if s == nil {
		return
	}
	var at string
	if l.cursor < len(l.items) {
		at = l.items[l.cursor].id
	}
	l.title = orText(cleanLine(s.Template.Prompts.Focus.Text), "Focus indicators")
	l.items = l.items[:0]
	l.cursor = 0
	for _, o := range focusOptions(s) {
		if o.Value == at {
			l.cursor = len(l.items)
		}
		l.items = append(l.items, focusItem{id: o.Value, label: o.Key})
	}
}

func (l *focusList) move(d int) {
	l.cursor = clampInt(l.cursor+d, 0, max(len(l.items)-1, 0))
}

// toggled returns cur with the indicator under the cursor marked or
// unmarked, in list order (as huh stored it); ids the list does not offer
// (an imported file) are kept.
func (l *focusList) toggled(cur []string) []string {
	marked := map[string]bool{}
	for _, id := range cur {
		marked[id] = true
	}
	id := l.items[l.cursor].id
	marked[id] = !marked[id]
	offered := map[string]bool{}
	next := []string{}
	for _, it := range l.items {
		offered[it.id] = true
		if marked[it.id] {
			next = append(next, it.id)
		}
	}
	for _, id := range cur {
		if !offered[id] {
			next = append(next, id)
		}
	}
	return next
}

const focusDescription = "Rating first; ★ priorities, then gaps, at the top. x or space marks one."

// view draws the list in w×h; marked are the session's focus indicators.
func (l *focusList) view(st *Styles, isDark bool, marked []string, w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	fs := &st.Huh.Theme(isDark).Focused
	framed := w >= 4 // room for huh's "┃ " frame
	inner := w
	if framed {
		inner = w - 2
	}
	lines := []string{fs.Title.Render(truncate(orText(l.title, "Focus indicators"), inner))}
	for _, d := range strings.Split(clampLines(wrap(focusDescription, inner), 2), "\n") {
		lines = append(lines, fs.Description.Render(truncate(d, inner)))
	}
	avail := max(h-len(lines), 1)
	rows := min(len(l.items), avail)
	more := len(l.items) > avail
	if more && avail > 1 {
		rows = avail - 1 // the last line says where the list is
	}
	l.rows = rows
	l.offset = clampInt(l.offset, max(l.cursor-rows+1, 0), l.cursor)
	l.offset = clampInt(l.offset, 0, max(len(l.items)-rows, 0))
	isMarked := make(map[string]bool, len(marked))
	for _, id := range marked {
		isMarked[id] = true
	}
	selector := fs.MultiSelectSelector.String()
	blank := strings.Repeat(" ", lipgloss.Width(selector))
	on, off := fs.SelectedPrefix.String(), fs.UnselectedPrefix.String()
	labelW := max(inner-lipgloss.Width(selector)-max(lipgloss.Width(on), lipgloss.Width(off)), 1)
	if len(l.items) == 0 {
		lines = append(lines, truncate("The template has no indicators.", inner))
	}
	for i := l.offset; i < min(l.offset+rows, len(l.items)); i++ {
		row := blank
		if i == l.cursor {
			row = selector
		}
		label := truncate(l.items[i].label, labelW)
		if isMarked[l.items[i].id] {
			row += on + fs.SelectedOption.Render(label)
		} else {
			row += off + fs.UnselectedOption.Render(label)
		}
		lines = append(lines, row)
	}
	if more && avail > 1 {
		hint := "↑↓ " + strconv.Itoa(l.offset+1) + "–" + strconv.Itoa(l.offset+rows) + " of " + strconv.Itoa(len(l.items))
		lines = append(lines, fs.Description.Render(truncate(hint, inner)))
	}
	body := strings.Join(lines, "\n")
	if framed {
		body = fs.Base.Render(body)
	}
	out := strings.Split(clampLines(body, h), "\n")
	for i, line := range out {
		out[i] = truncate(line, w)
	}
	return strings.Join(out, "\n")
}
