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
// the screen, then the template's framing prompts as a huh form of one
// question a page, each answer saved when its field is left.

// Field keys of the problem form.
const (
	keyPhase  = "phase"
	keyGroups = "groups"
)

type problemScreen struct {
	c    *Common
	pane *formPane
	// The focus indicators are drawn by the screen, not huh: a huh
	// multi-select re-renders all ~30 options several times per key. The
	// list is the first page; tab leaves it for the form, shift+tab on the
	// form's first field comes back.
	focus  *focusList
	onList bool
}

func newProblemScreen(c *Common) *problemScreen {
	p := &problemScreen{c: c, focus: &focusList{}, onList: true}
	p.pane = newFormPane(c, p.build)
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
		return formHelp(p.c, true)
	}
	k := p.c.Keys
	return newKeyHelp([]key.Binding{k.Up, k.Down, k.Mark, k.ListDone},
		[]key.Binding{k.Up, k.Down, k.ListPage, k.Top, k.Bottom}, []key.Binding{k.Mark, k.ListDone})
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
		if key.Matches(msg, p.c.Keys.Back) {
			return p, tea.Batch(p.pane.commitFocused(), back())
		}
		if p.onList {
			return p, p.listKey(msg)
		}
		if key.Matches(msg, p.c.Keys.Prev) && p.pane.form != nil && p.pane.form.GetFocusedField() != nil &&
			p.pane.form.GetFocusedField().GetKey() == keyPhase {
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
	}
	return nil
}

func (p *problemScreen) header(width int) string {
	if p.c.Session == nil {
		return ""
	}
	return coachNotes(p.c, p.c.Session.Comments, workbook.PartProblem, width, 3)
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
	add("The question", s.Problem.Question)
	add("Focus", strings.Join(focus, "; "))
	add("Phase", s.Problem.Phase)
	add("Student groups", strings.Join(s.Problem.StudentGroups, "; "))
	body := clampLines(st.Title.Render("Problem so far")+"\n"+strings.Join(lines, "\n"), max(h-2, 1))
	return st.Pane.Width(w).MaxHeight(max(h, 1)).Render(body)
}

// build makes the form from the session. Values are copies: the session
// changes only through the pane's commit (Common.Edit).
func (p *problemScreen) build(b *formBuilder) *huh.Form {
	s := p.c.Session
	framing := s.Template.Prompts.Framing
	prob := func(s *workbook.Session) *workbook.ProblemOfPractice { return &s.Problem }

	phaseOpts := []huh.Option[string]{}
	if s.Problem.Phase == "" {
		phaseOpts = append(phaseOpts, huh.NewOption("not chosen yet", ""))
	}
	for _, ph := range workbook.Phases {
		phaseOpts = append(phaseOpts, huh.NewOption(ph, ph))
	}
	phaseOpts = withCurrent(phaseOpts, s.Problem.Phase)
	text := func(id string, ref func(*workbook.Session) *string) huh.Field { return b.text(framing, id, 2, ref) }

	// One question a page: huh renders every field of the page on every
	// key (~0.6 ms per text field), so a page of three made typing slow. The focus indicators are
	// not in the form: the screen draws them (focusList).
	groups := []*huh.Group{
		b.group(
			huh.NewSelect[string]().Key(keyPhase).
				Title("Phase of the cycle").Description("← → to choose").
				Options(phaseOpts...).Inline(true).
				Value(b.str(keyPhase, true, nil, func(s *workbook.Session) *string { return &prob(s).Phase })),
		).Title("Where the team is"),
		b.group(
			text(workbook.PromptWhyMatters, func(s *workbook.Session) *string { return &prob(s).WhyMatters }),
		).Title("Essential questions · 1 of 3"),
		b.group(
			text(workbook.PromptWhoAffected, func(s *workbook.Session) *string { return &prob(s).WhoAffected }),
		).Title("Essential questions · 2 of 3"),
		b.group(
			text(workbook.PromptImprovement, func(s *workbook.Session) *string { return &prob(s).Improvement }),
		).Title("Essential questions · 3 of 3"),
		b.group(
			b.input(framing, workbook.PromptQuestion, validateProblemQuestion, func(s *workbook.Session) *string { return &prob(s).Question }),
		).Title("The problem · 1 of 3"),
		b.group(
			text(workbook.PromptWhyChosen, func(s *workbook.Session) *string { return &prob(s).WhyChosen }),
		).Title("The problem · 2 of 3"),
		b.group(
			text(workbook.PromptEvidence, func(s *workbook.Session) *string { return &prob(s).Evidence }),
		).Title("The problem · 3 of 3"),
	}
	var who []huh.Field
	if sg := s.Template.StudentGroups; len(sg) > 0 {
		opts := make([]huh.Option[string], len(sg))
		for i, g := range sg {
			opts[i] = huh.NewOption(cleanLine(g), g)
		}
		prompt := workbook.PromptText(framing, workbook.PromptCentered)
		who = append(who, huh.NewMultiSelect[string]().Key(keyGroups).
			Title(promptTitle(framing, workbook.PromptCentered)).Description(cleanLine(prompt.Help)).
			Options(opts...).Filterable(false).Height(clampInt(len(opts)+2, 3, 10)).
			Value(b.list(keyGroups, func(s *workbook.Session) *[]string { return &prob(s).StudentGroups })))
	}
	who = append(who,
		text(workbook.PromptStakeholders, func(s *workbook.Session) *string { return &prob(s).Stakeholders }),
		text(workbook.PromptWithinControl, func(s *workbook.Session) *string { return &prob(s).WithinControl }),
	)
	for i, f := range who {
		groups = append(groups, b.group(f).Title("Who and what · "+strconv.Itoa(i+1)+" of "+strconv.Itoa(len(who))))
	}
	return b.form(groups...)
}

// focusOptions lists the indicators for the focus choice: the gaps first,
// then every other indicator in template order.
func focusOptions(s *workbook.Session) []huh.Option[string] {
	tmpl := &s.Template
	var out []huh.Option[string]
	seen := map[string]bool{}
	// "1 · Title · gap": the consensus digit first keeps a line short enough
	// for 80 columns (the level labels are on the self-assessment screen).
	label := func(in workbook.Indicator, gap bool) string {
		rating := workbook.Unrated
		if r := s.Ratings[in.ID]; r != nil {
			rating = r.Consensus
		}
		l := rating.String() + " · " + cleanLine(in.Title)
		if gap {
			l += " · gap"
		}
		return l
	}
	for _, id := range gapIDs(s) {
		if in, _, ok := tmpl.Indicator(id); ok && !seen[id] {
			seen[id] = true
			out = append(out, huh.NewOption(label(in, true), id))
		}
	}
	for _, in := range tmpl.Indicators() {
		if !seen[in.ID] {
			seen[in.ID] = true
			out = append(out, huh.NewOption(label(in, false), in.ID))
		}
	}
	return out
}

// gapCount is how many gaps are offered first, as on the results screen.
const gapCount = 5

// gapIDs returns the indicators the self-assessment shows as gaps, weakest
// first: workbook.Gaps orders them; only the lower half of the scale counts
// (a team that rated everything 4 has no gaps to offer).
func gapIDs(s *workbook.Session) []string {
	half := len(s.Template.Scale.Levels) / 2
	var out []string
	for _, g := range workbook.Gaps(s, gapCount) {
		if int(g.Consensus) <= half {
			out = append(out, g.Indicator.ID)
		}
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

// formHelp is the help of a form; marks says it has multiple choices.
func formHelp(c *Common, marks bool) help.KeyMap {
	k := c.Keys
	enter := as(k.Enter, "next")
	short := []key.Binding{k.Next, k.Prev, k.FormChoose}
	if marks {
		short = append(short, k.Mark)
	}
	return newKeyHelp(short, []key.Binding{enter, k.Next, k.Prev}, []key.Binding{k.FormChoose, k.Mark, k.FormNewLine, k.FormDone})
}

// ---------------------------------------------------------------------------
// formPane: a huh form whose answers are committed one at a time. Shared by
// the problem, plan and reflection screens.
//
// A text field commits when it is left (tab, enter, shift+tab, esc, a page
// change); a choice commits as soon as it changes, so nothing is lost when
// the root handles esc while a choice is focused. Each commit goes through
// Common.Edit, which saves in a Cmd.

type formPane struct {
	c       *Common
	build   func(b *formBuilder) *huh.Form
	form    *huh.Form
	fields  map[string]paneField
	natural map[huh.Field]int // each field's own height, restored before a fit
	groups  []*huh.Group
	groupOf map[huh.Field]int
	width   int
	height  int
	fitted  [3]int // group index, width and height of the last fit
}

// paneField is how one form field maps onto the session.
type paneField struct {
	live     bool                             // commit on every change (choices)
	validate func(string) error               // text only: invalid text is not saved
	get      func(s *workbook.Session) any    // the stored value
	set      func(s *workbook.Session, v any) // store the value
	// Text fields: the stored value the field was built from, and what the
	// field showed of it. A field still showing that, while the store still
	// holds it, was not typed in and is never saved (see commit).
	loaded, shown string
	text          bool
}

func newFormPane(c *Common, build func(b *formBuilder) *huh.Form) *formPane {
	p := &formPane{c: c, build: build, width: c.Width, height: c.Height}
	p.make()
	return p
}

func (p *formPane) make() {
	p.fields = map[string]paneField{}
	p.natural = map[huh.Field]int{}
	p.groups, p.groupOf = nil, map[huh.Field]int{}
	p.fitted = [3]int{-1, 0, 0}
	if p.c.Session == nil {
		p.form = nil
		return
	}
	p.form = p.build(&formBuilder{p: p})
}

func (p *formPane) init() tea.Cmd {
	if p.form == nil {
		return nil
	}
	return p.form.Init()
}

// rebuild starts the form again from the session (after a reload).
func (p *formPane) rebuild() tea.Cmd {
	p.make()
	return p.init()
}

// setSize records the pane's size; the form is fitted when next drawn, so
// a burst of resizes costs one fitting.
func (p *formPane) setSize(w, h int) { p.width, p.height = w, h }

// applySize fits the page on screen to the pane. Only that page is fitted
// (fitting renders every field: ~1 ms each), and again when the page, width
// or height changes. huh only ever shrinks a field to fit a group, so each
// field first gets its own height back: after a small window, a larger one
// shows the fields whole again.
func (p *formPane) applySize() {
	if p.form == nil || p.width <= 0 || p.height <= 0 {
		return
	}
	gi, ok := p.groupOf[p.form.GetFocusedField()]
	if !ok || p.fitted == [3]int{gi, p.width, p.height} {
		return
	}
	p.fitted = [3]int{gi, p.width, p.height}
	// Width first: a text area scrolls to its cursor when its height is
	// set, and the cursor's row depends on the width it wraps at.
	group := p.groups[gi].WithWidth(p.width)
	for f, g := range p.groupOf {
		if g == gi {
			f.WithHeight(p.natural[f])
		}
	}
	// The last line is kept for the field's error (see view).
	group.WithHeight(max(p.height-1, 1))
}

// capturing: a text field has the keys (so ? and esc reach the screen).
func (p *formPane) capturing() bool {
	if p.form == nil {
		return false
	}
	switch p.form.GetFocusedField().(type) {
	case *huh.Input, *huh.Text:
		return true
	}
	return false
}

// update forwards msg to the form and commits what it finished. done
// reports that the last field was submitted (everything is committed).
func (p *formPane) update(msg tea.Msg) (cmd tea.Cmd, done bool) {
	if p.form == nil {
		return nil, false
	}
	if _, ok := msg.(tea.WindowSizeMsg); ok {
		return nil, false // the pane sets the form's size itself
	}
	if refuseInput(p.c, p.form, msg) {
		return nil, false
	}
	p.applySize()
	prev := p.form.GetFocusedField()
	var fcmd tea.Cmd
	p.form, fcmd = updateForm(p.form, msg)
	cmds := []tea.Cmd{fcmd}
	for _, f := range p.liveFields() {
		cmds = append(cmds, p.commit(f))
	}
	now := p.form.GetFocusedField()
	if now != prev || p.form.State != huh.StateNormal {
		cmds = append(cmds, p.commit(prev))
	}
	if p.form.State != huh.StateNormal {
		cmds = append(cmds, p.rebuild())
		return tea.Batch(cmds...), true
	}
	return tea.Batch(cmds...), false
}

// liveFields are the choice fields of the current page.
func (p *formPane) liveFields() []huh.Field {
	f := p.form.GetFocusedField()
	if f == nil {
		return nil
	}
	if pf, ok := p.fields[f.GetKey()]; ok && pf.live {
		return []huh.Field{f}
	}
	return nil
}

// commitFocused commits the field being edited (before leaving the screen).
func (p *formPane) commitFocused() tea.Cmd {
	if p.form == nil {
		return nil
	}
	return p.commit(p.form.GetFocusedField())
}

func (p *formPane) commit(f huh.Field) tea.Cmd {
	if f == nil || p.c.Session == nil {
		return nil
	}
	pf, ok := p.fields[f.GetKey()]
	if !ok {
		return nil
	}
	v := f.GetValue()
	if s, ok := v.(string); ok {
		if stored, _ := pf.get(p.c.Session).(string); pf.text && s == pf.shown && stored == pf.loaded {
			return nil // not typed in: what is stored stays exactly as it is
		}
		s = strings.TrimSpace(s)
		if pf.validate != nil && s != "" && pf.validate(s) != nil {
			return nil // huh shows the error under the field; nothing invalid is stored
		}
		v = s
	}
	if equalValue(pf.get(p.c.Session), v) {
		return nil
	}
	return p.c.Edit(func(s *workbook.Session) { pf.set(s, v) })
}

func (p *formPane) view() string {
	if p.form == nil {
		return p.c.Styles.Muted.Render("No session is open.")
	}
	p.applySize()
	body := clampLines(p.form.View(), max(p.height-1, 1))
	if errs := p.form.Errors(); len(errs) > 0 {
		// huh's own error footer would fall below the fitted page.
		body += "\n" + p.c.Styles.Error.Render(truncate("! "+cleanLine(errs[0].Error()), p.width))
	}
	return body
}

// formBuilder makes fields bound to copies of the session's values and
// records how each one is committed.
type formBuilder struct {
	p *formPane
	// empty holds, for each text area, one like it with no text: its
	// height is the same, and drawing it is cheap (a text area draws every
	// line of its text, ~25 ms for 64 Ki characters).
	empty map[huh.Field]huh.Field
}

// group makes one page of the form; build every page with it (the pane
// fits pages to the window one at a time).
func (b *formBuilder) group(fields ...huh.Field) *huh.Group {
	for _, f := range fields {
		b.p.groupOf[f] = len(b.p.groups)
	}
	g := huh.NewGroup(fields...)
	b.p.groups = append(b.p.groups, g)
	return g
}

func (b *formBuilder) form(groups ...*huh.Group) *huh.Form {
	km := b.p.c.Keys.formKeys()
	km.Select.Filter.SetEnabled(false) // "/" would type into a hidden filter
	km.MultiSelect.Filter.SetEnabled(false)
	km.Text.Editor.SetEnabled(false) // an external editor would leave the alt screen
	f := newForm(b.p.c, groups...).WithKeyMap(km).WithShowErrors(false)
	for field := range b.p.groupOf { // themed, not yet sized: the field's own height
		view := field
		if e, ok := b.empty[field]; ok {
			view = e.WithTheme(b.p.c.Styles.Huh)
		}
		b.p.natural[field] = max(lipgloss.Height(view.View()), 1)
	}
	return f
}

func (b *formBuilder) add(key string, f paneField) { b.p.fields[key] = f }

// field records how a field is committed; the form edits a copy (cur).
func (b *formBuilder) field(key string, live bool, validate func(string) error, get func(*workbook.Session) string, set func(*workbook.Session, string)) *string {
	v := get(b.p.c.Session)
	b.add(key, paneField{
		live: live, validate: validate, loaded: v,
		get: func(s *workbook.Session) any { return get(s) },
		set: func(s *workbook.Session, x any) { set(s, x.(string)) },
	})
	return &v
}

// fits checks that the text field key (of kind k, titled title) can edit
// its value v without cutting it, and records what the field shows. When
// it cannot, the field is dropped from the commits and a note saying why
// takes its place in the form.
func (b *formBuilder) fits(k fieldKind, key, title string, v *string) huh.Field {
	pf, ok := b.p.fields[key]
	if !ok {
		return nil
	}
	shown := shownBy(k, *v)
	if err := fitError(k, "This answer", *v, shown); err != nil {
		delete(b.p.fields, key)
		preview, cut := previewLine(*v, 160)
		if cut {
			preview += " …"
		}
		return huh.NewNote().Title(title).Description(noteText(err.Error() + ". It begins: " + preview))
	}
	pf.text, pf.shown = true, shown
	b.p.fields[key] = pf
	return nil
}

// noteText escapes the marks a huh note renders as styles (_ * ` \).
func noteText(s string) string {
	return strings.NewReplacer(`\`, `\\`, "_", `\_`, "*", `\*`, "`", "\\`").Replace(s)
}

// str binds a string of the session, reached through ref.
func (b *formBuilder) str(key string, live bool, validate func(string) error, ref func(*workbook.Session) *string) *string {
	return b.field(key, live, validate,
		func(s *workbook.Session) string { return *ref(s) },
		func(s *workbook.Session, v string) { *ref(s) = v })
}

// list binds a multiple choice, committed as soon as it changes.
func (b *formBuilder) list(key string, ref func(*workbook.Session) *[]string) *[]string {
	v := append([]string(nil), *ref(b.p.c.Session)...)
	b.add(key, paneField{
		live: true,
		get:  func(s *workbook.Session) any { return *ref(s) },
		set:  func(s *workbook.Session, x any) { *ref(s) = append([]string(nil), x.([]string)...) },
	})
	return &v
}

// text is a multi-line answer to the template prompt id of list.
func (b *formBuilder) text(prompts []workbook.Prompt, id string, lines int, ref func(*workbook.Session) *string) huh.Field {
	pr := workbook.PromptText(prompts, id)
	return b.textArea(id, promptTitle(prompts, id), cleanLine(pr.Help), lines, b.str(id, false, nil, ref))
}

// textArea is a multi-line text field bound to v (from field or str), or
// a note when the field cannot hold v whole.
func (b *formBuilder) textArea(key, title, desc string, lines int, v *string) huh.Field {
	if note := b.fits(areaField, key, title, v); note != nil {
		return note
	}
	// No CharLimit: a text area counts cells, and the pane holds it to the
	// limit in characters (refuseInput).
	t := huh.NewText().Key(key).Title(title).Lines(lines).Value(v)
	empty := huh.NewText().Title(title).Lines(lines)
	if desc != "" {
		t, empty = t.Description(desc), empty.Description(desc)
	}
	if b.empty == nil {
		b.empty = map[huh.Field]huh.Field{}
	}
	b.empty[t] = empty
	return t
}

// input is a one-line answer to the template prompt id of list.
func (b *formBuilder) input(prompts []workbook.Prompt, id string, validate func(string) error, ref func(*workbook.Session) *string) huh.Field {
	pr := workbook.PromptText(prompts, id)
	return b.line(id, promptTitle(prompts, id), cleanLine(pr.Help), validate, b.str(id, false, validate, ref))
}

// line is a one-line text field bound to v; validate must match the one
// given to field/str (a blank answer is allowed: it is simply not saved).
// It is a note when the field cannot hold v whole.
func (b *formBuilder) line(key, title, desc string, validate func(string) error, v *string) huh.Field {
	if note := b.fits(lineField, key, title, v); note != nil {
		return note
	}
	in := huh.NewInput().Key(key).Title(title).CharLimit(fieldLimit).Value(v)
	if desc != "" {
		in = in.Description(desc)
	}
	if validate != nil {
		in = in.Validate(optional(validate))
	}
	return in
}

// optional lets a blank answer through (nothing is saved for it) so a
// field can be skipped; anything typed must pass validate.
func optional(validate func(string) error) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		return validate(strings.TrimSpace(s))
	}
}

// withCurrent adds the stored value to a choice's options when it is not
// one of them (an imported file, a member since removed): huh would
// otherwise select the first option, and the live commit would silently
// replace what was stored.
func withCurrent(opts []huh.Option[string], cur string) []huh.Option[string] {
	for _, o := range opts {
		if o.Value == cur {
			return opts
		}
	}
	return append(opts, huh.NewOption(cleanLine(cur)+" (as saved)", cur))
}

// equalValue compares the values a form field can hold.
func equalValue(a, b any) bool {
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		if !ok || x == y {
			return ok
		}
		// A stored value with control characters (an imported file) shows
		// sanitized in the field; that alone is not an edit to save.
		if workbook.CleanText(x) != x {
			return strings.Join(strings.Fields(workbook.CleanText(x)), " ") == strings.Join(strings.Fields(y), " ")
		}
		return false
	case []string:
		y, ok := b.([]string)
		return ok && sameStrings(x, y)
	}
	return false
}

// CommentTarget: a coach's comment here is about the problem of practice.
func (p *problemScreen) CommentTarget() (part, label string) {
	return workbook.PartProblem, "the problem of practice"
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

const focusDescription = "Consensus rating first, gaps at the top. x or space marks one."

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
	lines := []string{fs.Title.Render(truncate("Focus indicators", inner))}
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
