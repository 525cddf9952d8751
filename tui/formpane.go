package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"edtech-workbook/workbook"
)

// formHelp is the help of the form in p: the help line shows the keys of
// the field that has the cursor (enter, a new line in a text area, ←/→ in
// a choice, x in a checklist), how to save and what esc does; the full help
// lists every key of the form once. esc is what esc does here ("discard"
// on a new row, "save and close", or the screen's "back").
func formHelp(c *Common, p *formPane, esc key.Binding) help.KeyMap {
	k := c.Keys
	if c.Review { // nothing to choose or type: only moving between the answers
		return newKeyHelp([]key.Binding{k.FormNext, k.FormPrev, esc}, []key.Binding{k.FormNext, k.FormPrev, esc})
	}
	short := []key.Binding{k.FormNext}
	switch p.focusKind() {
	case areaField:
		short = append(short, k.FormNewLine)
	case choiceField:
		short = append(short, k.FormChoose)
	case marksField:
		short = append(short, k.Mark)
	}
	short = append(short, k.FormSave, esc)
	moves := []key.Binding{k.FormNext, k.FormPrev, k.FormWrap}
	var edit []key.Binding
	for _, kind := range []struct {
		kind fieldKind
		b    key.Binding
	}{{areaField, k.FormNewLine}, {choiceField, k.FormChoose}, {marksField, k.Mark}} {
		if p.has(kind.kind) {
			edit = append(edit, kind.b)
		}
	}
	done := []key.Binding{k.FormSave, k.FormLast, esc}
	if len(edit) == 0 {
		return newKeyHelp(short, moves, done)
	}
	return newKeyHelp(short, moves, edit, done)
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
	answers map[huh.Field]*answer // the fields that commit, and how
	natural map[huh.Field]int     // each field's own height, restored before a fit
	groups  []*huh.Group
	groupOf map[huh.Field]int
	fields  [][]huh.Field // each page's fields, in order
	width   int
	height  int
	fitted  [3]int // group index, width and height of the last fit
	// hint ends the hint line under the form: what esc does ("esc
	// discard"); "" shows no hint line.
	hint string
}

// answer ties one form field to the session: the copy of the stored value
// the field edits, how it is read and written, and when it is committed.
// The builder makes it from a field definition's binding (value, list),
// then the field that edits it (textArea, line, choice, choices) registers
// it under that field.
type answer struct {
	str  *string   // a string answer: the field edits this copy
	strs *[]string // a multiple choice: the field edits this copy

	live     bool                             // commit on every change (choices)
	validate func(string) error               // text only: invalid text is not saved
	get      func(s *workbook.Session) any    // the stored value
	set      func(s *workbook.Session, v any) // store the value
	// Text fields: the stored value the field was built from, and what the
	// field showed of it. A field still showing that, while the store still
	// holds it, was not typed in and is never saved (see commit).
	loaded, shown string
	text          bool
	start         any // what the field held when the form was built
}

func newFormPane(c *Common, build func(b *formBuilder) *huh.Form) *formPane {
	p := &formPane{c: c, build: build, width: c.Width, height: c.Height}
	p.make()
	return p
}

func (p *formPane) make() {
	p.answers = map[huh.Field]*answer{}
	p.natural = map[huh.Field]int{}
	p.groups, p.groupOf, p.fields = nil, map[huh.Field]int{}, nil
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
	room, _ := p.room()
	if !ok || p.fitted == [3]int{gi, p.width, room} {
		return
	}
	p.fitted = [3]int{gi, p.width, room}
	// Width first: a text area scrolls to its cursor when its height is
	// set, and the cursor's row depends on the width it wraps at.
	group := p.groups[gi].WithWidth(p.width)
	for f, g := range p.groupOf {
		if g == gi {
			f.WithHeight(p.natural[f])
		}
	}
	// The page gets the room view leaves it: above the line kept for the
	// field's error and the hint, so the field with the cursor is whole.
	group.WithHeight(room)
}

// room is how many lines the page of the form gets, and the hint drawn
// under it ("" when the pane is too small for one): the pane less the
// line kept for the field's error, and less the hint with a blank line.
func (p *formPane) room() (int, string) {
	room := p.height - 1
	if p.hint == "" || p.height < minHintHeight {
		return max(room, 1), ""
	}
	hintText := wrap(p.fieldHint(), p.width)
	room -= 1 + lipgloss.Height(hintText)
	return max(room, 1), hintText
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
	fcmd := p.send(msg)
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

// send forwards msg to the form. tab on the form's last field goes round to
// its first field (huh would finish the form; enter still does), and
// shift+tab on its first field goes round to its last.
func (p *formPane) send(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if first := p.firstField(); ok && first != nil && p.form.GetFocusedField() == first && key.Matches(k, p.c.Keys.Prev) {
		var cmd tea.Cmd
		p.form, cmd = rawUpdateForm(p.form, msg) // the field checks its value
		if queuedMove(p.c.formKeys, first, k) != movePrev {
			return cmd
		}
		p.c.moves.prev++ // huh's own move (nowhere: no page before) is dropped when it arrives
		return tea.Batch(cmd, p.toLast())
	}
	last := p.lastField()
	if !ok || last == nil || p.form.GetFocusedField() != last || !key.Matches(k, p.c.Keys.Next) {
		var cmd tea.Cmd
		p.form, cmd = p.c.updateForm(p.form, msg)
		return cmd
	}
	var cmd tea.Cmd
	p.form, cmd = rawUpdateForm(p.form, msg) // the field checks its value
	if queuedMove(p.c.formKeys, last, k) != moveNext {
		return cmd
	}
	p.c.moves.next++ // huh's own move (to the end) is dropped when it arrives
	return tea.Batch(cmd, p.toFirst())
}

// toFirst moves the cursor back to the form's first field, page by page
// (a page whose fields fail their checks stops it there).
func (p *formPane) toFirst() tea.Cmd {
	first := p.firstField()
	var cmds []tea.Cmd
	for range 1000 {
		at := p.form.GetFocusedField()
		if at == first || at == nil {
			break
		}
		gi := p.groupOf[at]
		var cmd tea.Cmd
		if p.firstOf(gi) == at {
			cmd = p.form.PrevGroup()
		} else {
			p.form, cmd = rawUpdateForm(p.form, huh.PrevField())
		}
		cmds = append(cmds, cmd)
		if p.form.GetFocusedField() == at {
			break
		}
	}
	return tea.Batch(cmds...)
}

// toLast moves the cursor on to the form's last field, page by page (a
// field or page whose value fails its check stops it there). It never asks
// huh for the page after the last one, which would finish the form.
func (p *formPane) toLast() tea.Cmd {
	last := p.lastField()
	lastPage := p.groupOf[last]
	var cmds []tea.Cmd
	for range 1000 {
		at := p.form.GetFocusedField()
		if at == last || at == nil {
			break
		}
		gi := p.groupOf[at]
		var cmd tea.Cmd
		if p.lastOf(gi) == at {
			if gi >= lastPage {
				break
			}
			cmd = p.form.NextGroup()
		} else {
			p.form, cmd = rawUpdateForm(p.form, huh.NextField())
		}
		cmds = append(cmds, cmd)
		if p.form.GetFocusedField() == at || p.form.State != huh.StateNormal {
			break
		}
	}
	return tea.Batch(cmds...)
}

// lastOf is the last field of page gi the cursor can stop on.
func (p *formPane) lastOf(gi int) huh.Field {
	if gi < 0 || gi >= len(p.fields) {
		return nil
	}
	for i := len(p.fields[gi]) - 1; i >= 0; i-- {
		if f := p.fields[gi][i]; !f.Skip() {
			return f
		}
	}
	return nil
}

// firstOf is the first field of page gi the cursor can stop on.
func (p *formPane) firstOf(gi int) huh.Field {
	if gi < 0 || gi >= len(p.fields) {
		return nil
	}
	for _, f := range p.fields[gi] {
		if !f.Skip() {
			return f
		}
	}
	return nil
}

// firstField and lastField are the form's first and last fields the
// cursor can stop on.
func (p *formPane) firstField() huh.Field {
	for gi := range p.fields {
		if f := p.firstOf(gi); f != nil {
			return f
		}
	}
	return nil
}

func (p *formPane) lastField() huh.Field {
	for gi := len(p.fields) - 1; gi >= 0; gi-- {
		for i := len(p.fields[gi]) - 1; i >= 0; i-- {
			if f := p.fields[gi][i]; !f.Skip() {
				return f
			}
		}
	}
	return nil
}

// focusKind is the kind of the field that has the cursor.
func (p *formPane) focusKind() fieldKind {
	if p.form == nil {
		return noField
	}
	return kindOf(p.form.GetFocusedField())
}

// has reports whether the form has a field of kind k.
func (p *formPane) has(k fieldKind) bool {
	for _, page := range p.fields {
		for _, f := range page {
			if kindOf(f) == k {
				return true
			}
		}
	}
	return false
}

// kindOf tells which kind of field f is, for its keys.
func kindOf(f huh.Field) fieldKind {
	switch f.(type) {
	case *huh.Text:
		return areaField
	case *huh.Input:
		return lineField
	case *huh.MultiSelect[string]:
		return marksField
	case *huh.Select[string]:
		return choiceField
	}
	return noField
}

// dirty reports whether anything was typed or chosen since the form was
// built.
func (p *formPane) dirty() bool {
	if p.form == nil {
		return false
	}
	for f, a := range p.answers {
		if !equalValue(a.start, f.GetValue()) {
			return true
		}
	}
	return false
}

// focusedInvalid is the error of the field that has the cursor when what it
// holds would not be saved ("" when it would).
func (p *formPane) focusedInvalid() string {
	if p.form == nil {
		return ""
	}
	f := p.form.GetFocusedField()
	a, ok := p.answers[f]
	if !ok || a.validate == nil {
		return ""
	}
	if s, ok := f.GetValue().(string); ok && strings.TrimSpace(s) != "" {
		if err := a.validate(strings.TrimSpace(s)); err != nil {
			return err.Error()
		}
	}
	return ""
}

// liveFields are the choice fields of the current page.
func (p *formPane) liveFields() []huh.Field {
	f := p.form.GetFocusedField()
	if a, ok := p.answers[f]; ok && a.live {
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
	a, ok := p.answers[f]
	if !ok {
		return nil
	}
	v := f.GetValue()
	if s, ok := v.(string); ok {
		if stored, _ := a.get(p.c.Session).(string); a.text && s == a.shown && stored == a.loaded {
			return nil // not typed in: what is stored stays exactly as it is
		}
		s = strings.TrimSpace(s)
		if a.validate != nil && s != "" && a.validate(s) != nil {
			return nil // huh shows the error under the field; nothing invalid is stored
		}
		v = s
	}
	if equalValue(a.get(p.c.Session), v) {
		return nil
	}
	return p.c.Edit(func(s *workbook.Session) { a.set(s, v) })
}

func (p *formPane) view() string {
	if p.form == nil {
		return p.c.Styles.Muted.Render("No session is open.")
	}
	p.applySize()
	room, hintText := p.room()
	body := clampLines(p.form.View(), room)
	if errs := p.form.Errors(); len(errs) > 0 {
		// huh's own error footer would fall below the fitted page.
		body += "\n" + p.c.Styles.Error.Render(truncate("! "+cleanLine(errs[0].Error()), p.width))
	}
	if hintText != "" {
		body += "\n\n" + p.c.Styles.Muted.Render(hintText)
	}
	return body
}

// minHintHeight is the least room for a form that still shows the hint
// line under it.
const minHintHeight = 8

// fieldHint says, under the form, how the field with the cursor is left
// and saved: "enter next field · alt+enter or ctrl+j new line · ctrl+s
// save · esc discard".
func (p *formPane) fieldHint() string {
	parts := []string{"enter next field"}
	switch p.focusKind() {
	case areaField:
		parts = append(parts, "alt+enter or ctrl+j new line")
	case choiceField:
		parts = append([]string{"←/→ choose"}, parts...)
	case marksField:
		parts = append([]string{"x mark"}, parts...)
	}
	if p.hint == "esc save and close" {
		return strings.Join(append(parts, "ctrl+s or esc save and close"), " · ")
	}
	return strings.Join(append(parts, "ctrl+s save", p.hint), " · ")
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
	b.p.fields = append(b.p.fields, fields)
	return g
}

// page makes one page of the form from its definition, and returns its
// fields too (a screen may need to know one).
func (b *formBuilder) page(p pageDef) (*huh.Group, []huh.Field) {
	fields := make([]huh.Field, len(p.fields))
	for i, d := range p.fields {
		fields[i] = b.field(d)
	}
	g := b.group(fields...)
	if p.title != "" {
		g = g.Title(p.title)
	}
	if p.intro != "" {
		g = g.Description(p.intro)
	}
	return g, fields
}

// pages makes the pages of a form from their definitions.
func (b *formBuilder) pages(ps []pageDef) []*huh.Group {
	out := make([]*huh.Group, len(ps))
	for i, p := range ps {
		out[i], _ = b.page(p)
	}
	return out
}

// field makes the huh field of a definition (fields.go), bound to a copy of
// its value in the session.
func (b *formBuilder) field(d fieldDef) huh.Field {
	switch d.kind {
	case defLine:
		return b.line(d.title, d.description(), d.validate, b.value(d.str.get, d.str.set))
	case defArea:
		return b.textArea(d.title, d.description(), d.lines, b.value(d.str.get, d.str.set))
	case defChoice:
		sel := huh.NewSelect[string]().Title(d.title).
			Description(d.description()).Options(d.choiceOptions(b.p.c.Session)...)
		if d.inline {
			sel = sel.Inline(true)
		}
		return b.choice(sel, b.value(d.str.get, d.str.set))
	case defChoices:
		opts := d.choicesOptions(b.p.c.Session)
		return b.choices(huh.NewMultiSelect[string]().Title(d.title).Description(d.description()).
			Options(opts...).Filterable(false).Height(clampInt(len(opts)+2, 3, 10)),
			b.list(d.strs.get, d.strs.set))
	}
	return huh.NewNote().Title(d.title).Description(noteText(d.note))
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
	for field, a := range b.p.answers {
		a.start = field.GetValue()
	}
	return f
}

// value makes the answer that get and set reach in the session.
func (b *formBuilder) value(get func(*workbook.Session) string, set func(*workbook.Session, string)) *answer {
	v := get(b.p.c.Session)
	return &answer{str: &v, loaded: v,
		get: func(s *workbook.Session) any { return get(s) },
		set: func(s *workbook.Session, x any) { set(s, x.(string)) },
	}
}

// list is the multiple-choice answer that get and set reach in the session.
func (b *formBuilder) list(get func(*workbook.Session) []string, set func(*workbook.Session, []string)) *answer {
	v := append([]string(nil), get(b.p.c.Session)...)
	return &answer{strs: &v,
		get: func(s *workbook.Session) any { return get(s) },
		set: func(s *workbook.Session, x any) { set(s, append([]string(nil), x.([]string)...)) },
	}
}

// commits records that field f commits answer a.
func (b *formBuilder) commits(f huh.Field, a *answer) huh.Field {
	b.p.answers[f] = a
	return f
}

// choice is a single choice that commits a as soon as it changes.
func (b *formBuilder) choice(s *huh.Select[string], a *answer) *huh.Select[string] {
	a.live = true
	s = s.Value(a.str)
	b.commits(s, a)
	return s
}

// choices is a multiple choice that commits a as soon as it changes.
func (b *formBuilder) choices(s *huh.MultiSelect[string], a *answer) *huh.MultiSelect[string] {
	a.live = true
	s = s.Value(a.strs)
	b.commits(s, a)
	return s
}

// fits checks that a text field of kind k titled title can edit a's value
// without cutting it, and records what the field shows. When it cannot, a
// note saying why takes the field's place in the form (and nothing commits
// a).
func (b *formBuilder) fits(k fieldKind, title string, a *answer) huh.Field {
	shown := shownBy(k, *a.str)
	if err := fitError(k, "This answer", *a.str, shown); err != nil {
		preview, cut := previewLine(*a.str, 160)
		if cut {
			preview += " …"
		}
		return huh.NewNote().Title(title).Description(noteText(err.Error() + ". It begins: " + preview))
	}
	a.text, a.shown = true, shown
	return nil
}

// noteText escapes the marks a huh note renders as styles (_ * ` \).
func noteText(s string) string {
	return strings.NewReplacer(`\`, `\\`, "_", `\_`, "*", `\*`, "`", "\\`").Replace(s)
}

// textArea is a multi-line text field that commits a when it is left, or a
// note when the field cannot hold a's value whole.
func (b *formBuilder) textArea(title, desc string, lines int, a *answer) huh.Field {
	if note := b.fits(areaField, title, a); note != nil {
		return note
	}
	// No CharLimit: a text area counts cells, and the pane holds it to the
	// limit in characters (refuseInput).
	t := huh.NewText().Title(title).Lines(lines).Value(a.str)
	empty := huh.NewText().Title(title).Lines(lines)
	if desc != "" {
		t, empty = t.Description(desc), empty.Description(desc)
	}
	if b.empty == nil {
		b.empty = map[huh.Field]huh.Field{}
	}
	b.empty[t] = empty
	return b.commits(t, a)
}

// line is a one-line text field that commits a when it is left (a blank
// answer is allowed: it is simply not saved; anything else must pass
// validate), or a note when the field cannot hold a's value whole.
func (b *formBuilder) line(title, desc string, validate func(string) error, a *answer) huh.Field {
	if note := b.fits(lineField, title, a); note != nil {
		return note
	}
	a.validate = validate
	in := huh.NewInput().Title(title).CharLimit(fieldLimit).Value(a.str)
	if desc != "" {
		in = in.Description(desc)
	}
	if validate != nil {
		in = in.Validate(optional(validate))
	}
	return b.commits(in, a)
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
	// Clipped: the caller's list is never written beyond its length.
	return append(slices.Clip(opts), huh.NewOption(cleanLine(cur)+" (as saved)", cur))
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

// editor is a form opened over a screen.
type editor struct {
	title string
	notes workbook.PartRef // the part it edits: its coach notes are shown above the form
	pane  *formPane
	done  string // status shown when the form is finished
	// fresh is set for a new row: esc discards it (asking first when
	// anything was typed) instead of saving it.
	fresh  *freshRow
	asking bool // "Discard this new …?" waits for y / n
}

// freshRow is the new row an editor adds: stored reports whether a field
// of it was already saved (the row is added by its first answer), discard
// removes it.
type freshRow struct {
	what    string // "action step"
	stored  func(s *workbook.Session) bool
	discard func(s *workbook.Session)
}

// newEditor makes an editor of the form build makes. For a new row (fresh
// not nil) esc discards; otherwise esc saves the field and closes.
func newEditor(c *Common, title, done string, notes workbook.PartRef, fresh *freshRow, build func(b *formBuilder) *huh.Form) *editor {
	ed := &editor{title: title, notes: notes, done: done, fresh: fresh, pane: newFormPane(c, build)}
	ed.pane.hint = ed.escKey(c).Help().Key + " " + ed.escKey(c).Help().Desc
	return ed
}

// escKey is what esc does in the editor, for its help.
func (ed *editor) escKey(c *Common) key.Binding {
	if ed.fresh != nil {
		return c.Keys.FormDiscard
	}
	return c.Keys.FormDone
}

// help is the editor's key help.
func (ed *editor) help(c *Common) help.KeyMap {
	if ed.asking {
		return newKeyHelp([]key.Binding{c.Keys.Yes, as(c.Keys.No, "keep editing"), c.Keys.FormSave})
	}
	return formHelp(c, ed.pane, ed.escKey(c))
}

// view draws the editor in w × h: title, coach notes, the form.
func (ed *editor) view(c *Common, w, h int) string {
	head := c.Styles.Title.Render(truncate(ed.title, w))
	if c.Session != nil && !ed.notes.IsZero() {
		if notes := partNotes(c, ed.notes, w, 2); notes != "" {
			head += "\n" + notes
		}
	}
	var ask string
	if ed.asking {
		ask = c.Styles.Warning.Render(wrap("Discard this new "+ed.fresh.what+"? y discards it, n keeps editing, ctrl+s saves it", w))
	}
	if ask == "" {
		ed.pane.setSize(w, h-lipgloss.Height(head)-1)
		return clampLines(head+"\n\n"+ed.pane.view(), h)
	}
	ed.pane.setSize(w, h-lipgloss.Height(head)-1-lipgloss.Height(ask))
	return clampLines(head+"\n"+ask+"\n"+ed.pane.view(), h)
}

// key handles a key while the editor is open. esc saves the field and
// closes an editor of a row that exists; on a new row it discards the row,
// asking first when anything was typed. ctrl+s saves and closes. closed
// says the screen should drop the editor.
func (ed *editor) key(c *Common, msg tea.KeyPressMsg) (cmd tea.Cmd, closed bool) {
	k := c.Keys
	if ed.asking {
		switch yes, decided := answerConfirmKey(k, msg); {
		case key.Matches(msg, k.FormSave):
			ed.asking = false
			return ed.save(c)
		case !decided:
			return nil, false
		case yes:
			return ed.discard(c), true
		}
		ed.asking = false
		c.SetStatus("still editing the new " + ed.fresh.what)
		return nil, false
	}
	switch {
	case key.Matches(msg, k.FormSave):
		return ed.save(c)
	case key.Matches(msg, k.Back) && ed.fresh == nil:
		return ed.pane.commitFocused(), true
	case key.Matches(msg, k.Back):
		if ed.fresh.stored(c.Session) || ed.pane.dirty() {
			ed.asking = true
			return nil, false
		}
		c.SetStatus("nothing typed: no " + ed.fresh.what + " added")
		return nil, true
	}
	return ed.update(c, msg)
}

// save commits the field with the cursor and closes the editor, unless
// what it holds would not be saved (the field says why).
func (ed *editor) save(c *Common) (tea.Cmd, bool) {
	if msg := ed.pane.focusedInvalid(); msg != "" {
		c.SetError(errors.New(msg))
		return nil, false
	}
	cmd := ed.pane.commitFocused()
	ed.finished(c)
	return cmd, true
}

// discard closes the editor of a new row and removes whatever of it was
// saved.
func (ed *editor) discard(c *Common) tea.Cmd {
	c.SetStatus("new " + ed.fresh.what + " discarded")
	if !ed.fresh.stored(c.Session) {
		return nil
	}
	return c.Edit(ed.fresh.discard)
}

// finished sets the status for a form that was saved.
func (ed *editor) finished(c *Common) {
	if c.Review {
		c.SetError(errReadOnly) // only comments were kept: never "saved"
		return
	}
	if ed.fresh != nil && !ed.fresh.stored(c.Session) && !ed.pane.dirty() {
		c.SetStatus("nothing typed: no " + ed.fresh.what + " added")
		return
	}
	if c.status.kind == statusError {
		return // a refused save (a conflict, a full disk) stays in view: never "saved" over it
	}
	if !c.Pending() && c.Session != nil && !c.Session.Updated.IsZero() {
		// Every change of the form is already stored (leaving a field saves
		// it): say so, as a save that ends after the form would.
		c.SetStatus("saved " + c.Session.Updated.Local().Format("15:04:05") + " · " + ed.done)
		return
	}
	c.SetStatus(ed.done)
}

// update forwards msg to the form; closed says the form was finished (its
// status is shown) and the screen should drop the editor.
func (ed *editor) update(c *Common, msg tea.Msg) (cmd tea.Cmd, closed bool) {
	if ed.asking {
		if _, ok := msg.(tea.PasteMsg); ok {
			return nil, false // nothing types while the question waits
		}
	}
	cmd, done := ed.pane.update(msg)
	if done {
		ed.finished(c)
	}
	return cmd, done
}

// deleteConfirm is a delete waiting for y / n.
type deleteConfirm struct {
	what   string // "action step \"Train staff\""
	delete func(s *workbook.Session)
}

// answer handles a key while the delete waits: decided says the question is
// over; on yes the row is deleted (and saved by the returned Cmd).
func (d *deleteConfirm) answer(c *Common, msg tea.KeyPressMsg) (cmd tea.Cmd, decided bool) {
	yes, decided := answerConfirmKey(c.Keys, msg)
	if !yes {
		return nil, decided
	}
	cmd = c.Edit(d.delete)
	c.SetStatus("deleted " + d.what)
	return cmd, true
}

// answerConfirmKey reads y / n while a question waits; decided is false for
// any other key.
func answerConfirmKey(k KeyMap, msg tea.KeyPressMsg) (yes, decided bool) {
	switch {
	case key.Matches(msg, k.Yes):
		return true, true
	case key.Matches(msg, k.No):
		return false, true
	}
	return false, false
}

func removeRow[T any](rows []T, match func(T) bool) []T {
	out := rows[:0:0]
	for _, r := range rows {
		if !match(r) {
			out = append(out, r)
		}
	}
	return out
}

// validateDate accepts a calendar date written YYYY-MM-DD.
func validateDate(s string) error {
	s = strings.TrimSpace(s)
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return fmt.Errorf("date %q is not a calendar date; write it as YYYY-MM-DD, e.g. 2026-05-29", s)
	}
	return nil
}
