package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"edtech-workbook/workbook"
)

// The plan screen: aim and logic model (edited in a form), the action steps
// and the data plan (tables with add / edit / delete, status cycling).

// Sections of the plan screen, in tab order.
const (
	planAim = iota
	planActions
	planData
	planSections
)

type planScreen struct {
	c       *Common
	section int
	cursor  [planSections]int
	editor  *editor        // an open form (aim, one action step, one data row)
	confirm *deleteConfirm // a pending delete
}

// editor is a form opened over a screen.
type editor struct {
	title string
	part  string // the comment part it edits (coach notes are shown above the form)
	pane  *formPane
	done  string // status shown when the form is finished
}

// view draws the editor in w × h: title, coach notes, the form.
func (ed *editor) view(c *Common, w, h int) string {
	head := c.Styles.Title.Render(truncate(ed.title, w))
	if c.Session != nil && ed.part != "" {
		if notes := coachNotes(c, c.Session.Comments, ed.part, w, 2); notes != "" {
			head += "\n" + notes
		}
	}
	ed.pane.setSize(w, h-lipgloss.Height(head)-1)
	return clampLines(head+"\n\n"+ed.pane.view(), h)
}

// key handles a key while the editor is open: esc commits the focused
// field and closes the editor. closed says the screen should drop it.
func (ed *editor) key(c *Common, msg tea.KeyPressMsg) (cmd tea.Cmd, closed bool) {
	if key.Matches(msg, c.Keys.Back) {
		return ed.pane.commitFocused(), true
	}
	return ed.update(c, msg)
}

// update forwards msg to the form; closed says the form was finished (its
// status is shown) and the screen should drop the editor.
func (ed *editor) update(c *Common, msg tea.Msg) (cmd tea.Cmd, closed bool) {
	cmd, done := ed.pane.update(msg)
	if done {
		c.SetStatus(ed.done)
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

func newPlanScreen(c *Common) *planScreen { return &planScreen{c: c, section: planActions} }

func (p *planScreen) Init() tea.Cmd { return nil }

func (p *planScreen) Title() string { return workbook.PartNamePlan }

func (p *planScreen) Capturing() bool { return p.editor != nil || p.confirm != nil }

func (p *planScreen) Help() help.KeyMap {
	if p.editor != nil {
		return formHelp(p.c, false)
	}
	if p.confirm != nil {
		return newKeyHelp([]key.Binding{p.c.Keys.Yes, p.c.Keys.No})
	}
	return tableHelp(p.c, p.section != planAim, p.section == planActions)
}

// tableHelp is the help of a screen made of sections with tables.
func tableHelp(c *Common, rows, status bool) help.KeyMap {
	k := c.Keys
	short := []key.Binding{k.Section, k.EditRow}
	if rows {
		short = append(short, k.Add, k.Delete)
	}
	if status {
		short = append(short, k.Status)
	}
	return newKeyHelp(short, []key.Binding{k.Section, k.Up, k.Down}, short[1:])
}

func (p *planScreen) rows(section int) int {
	if p.c.Session == nil {
		return 0
	}
	switch section {
	case planActions:
		return len(p.c.Session.Plan.Actions)
	case planData:
		return len(p.c.Session.Plan.DataPlan)
	}
	return 0
}

func (p *planScreen) clampCursors() {
	for sec := range p.cursor {
		p.cursor[sec] = clampInt(p.cursor[sec], 0, max(p.rows(sec)-1, 0))
	}
}

func (p *planScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return p, nil // View fits the editor to c.Width × c.Height
	case sessionChangedMsg:
		p.editor, p.confirm = nil, nil // the rows they were about may be gone
		p.clampCursors()
		return p, nil
	case tea.KeyPressMsg:
		return p, p.key(msg)
	}
	if p.editor != nil {
		return p, p.updateEditor(msg)
	}
	return p, nil
}

func (p *planScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := p.c.Keys
	if p.confirm != nil {
		cmd, decided := p.confirm.answer(p.c, msg)
		if decided {
			p.confirm = nil
			p.clampCursors()
		}
		return cmd
	}
	if p.editor != nil {
		cmd, closed := p.editor.key(p.c, msg)
		if closed {
			p.editor = nil
			p.clampCursors()
		}
		return cmd
	}
	if p.c.Session == nil {
		return nil
	}
	switch {
	case key.Matches(msg, k.Next):
		p.section = (p.section + 1) % planSections
	case key.Matches(msg, k.Prev):
		p.section = (p.section + planSections - 1) % planSections
	case key.Matches(msg, k.Up):
		p.cursor[p.section] = max(p.cursor[p.section]-1, 0)
	case key.Matches(msg, k.Down):
		p.cursor[p.section] = clampInt(p.cursor[p.section]+1, 0, max(p.rows(p.section)-1, 0))
	case key.Matches(msg, k.Edit, k.Enter):
		return p.openEditor(false)
	case key.Matches(msg, k.Add):
		return p.openEditor(true)
	case key.Matches(msg, k.Delete):
		p.askDelete()
	case key.Matches(msg, k.Status) && p.section == planActions && p.rows(planActions) > 0:
		id := p.c.Session.Plan.Actions[p.cursor[planActions]].ID
		return p.c.Edit(func(s *workbook.Session) {
			if st := findAction(s, id); st != nil {
				st.Status = workbook.NextStatus(st.Status)
			}
		})
	}
	return nil
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

func (p *planScreen) askDelete() {
	s := p.c.Session
	i := p.cursor[p.section]
	switch {
	case p.section == planActions && i < len(s.Plan.Actions):
		id := s.Plan.Actions[i].ID
		p.confirm = &deleteConfirm{
			what: fmt.Sprintf("action step %q", truncate(cleanLine(s.Plan.Actions[i].What), 40)),
			delete: func(s *workbook.Session) {
				s.Plan.Actions = removeRow(s.Plan.Actions, func(a workbook.ActionStep) bool { return a.ID == id })
			},
		}
	case p.section == planData && i < len(s.Plan.DataPlan):
		id := s.Plan.DataPlan[i].ID
		p.confirm = &deleteConfirm{
			what: fmt.Sprintf("data plan row %q", truncate(cleanLine(s.Plan.DataPlan[i].Measure), 40)),
			delete: func(s *workbook.Session) {
				s.Plan.DataPlan = removeRow(s.Plan.DataPlan, func(d workbook.DataRow) bool { return d.ID == id })
			},
		}
	}
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

// openEditor opens the form of the current section: the aim and logic
// model, or one row (a new one when add).
func (p *planScreen) openEditor(add bool) tea.Cmd {
	s := p.c.Session
	var ed *editor
	switch p.section {
	case planAim:
		ed = &editor{title: "Aim and logic model", part: workbook.PartPlan, done: "aim and logic model saved", pane: newFormPane(p.c, p.buildAim)}
	case planActions:
		row := workbook.ActionStep{ID: workbook.NewID(), Status: workbook.StatusNotStarted}
		if !add && len(s.Plan.Actions) > 0 {
			row = s.Plan.Actions[p.cursor[planActions]]
		} else {
			add = true
		}
		title := "Edit action step"
		if add {
			title = "New action step"
			p.cursor[planActions] = len(s.Plan.Actions) // where it will appear
		}
		ed = &editor{title: title, part: workbook.PartAction + row.ID, done: "action step saved", pane: newFormPane(p.c, func(b *formBuilder) *huh.Form { return p.buildAction(b, row) })}
	case planData:
		row := workbook.DataRow{ID: workbook.NewID()}
		if !add && len(s.Plan.DataPlan) > 0 {
			row = s.Plan.DataPlan[p.cursor[planData]]
		} else {
			add = true
		}
		title := "Edit data plan row"
		if add {
			title = "New data plan row"
			p.cursor[planData] = len(s.Plan.DataPlan)
		}
		ed = &editor{title: title, done: "data plan row saved", pane: newFormPane(p.c, func(b *formBuilder) *huh.Form { return p.buildData(b, row) })}
	}
	p.editor = ed
	ed.view(p.c, p.c.Width, p.c.Height) // fit before the first key
	return ed.pane.init()
}

func (p *planScreen) updateEditor(msg tea.Msg) tea.Cmd {
	cmd, closed := p.editor.update(p.c, msg)
	if closed {
		p.editor = nil
		p.clampCursors()
	}
	return cmd
}

func (p *planScreen) buildAim(b *formBuilder) *huh.Form {
	planning := p.c.Session.Template.Prompts.Planning
	plan := func(s *workbook.Session) *workbook.Plan { return &s.Plan }
	text := func(id string, ref func(*workbook.Session) *string) huh.Field { return b.text(planning, id, 2, ref) }
	return b.form(
		b.group(
			text(workbook.PromptAim, func(s *workbook.Session) *string { return &plan(s).Aim }),
			b.line("aim_date", "Date to reach the aim", "YYYY-MM-DD", validateDate,
				b.str("aim_date", false, validateDate, func(s *workbook.Session) *string { return &plan(s).AimDate })),
		).Title("Aim"),
		b.group(
			text(workbook.PromptInputs, func(s *workbook.Session) *string { return &plan(s).Logic.Inputs }),
			text(workbook.PromptActivities, func(s *workbook.Session) *string { return &plan(s).Logic.Activities }),
			text(workbook.PromptOutputs, func(s *workbook.Session) *string { return &plan(s).Logic.Outputs }),
			text(workbook.PromptOutcomes, func(s *workbook.Session) *string { return &plan(s).Logic.Outcomes }),
		).Title("Logic model"),
	)
}

func (p *planScreen) buildAction(b *formBuilder, row workbook.ActionStep) *huh.Form {
	s := p.c.Session
	actions := func(s *workbook.Session) *[]workbook.ActionStep { return &s.Plan.Actions }
	idOf := func(a *workbook.ActionStep) string { return a.ID }
	bind := func(key string, live bool, validate func(string) error, f func(*workbook.ActionStep) *string) *string {
		return rowField(b, key, live, validate, actions, idOf, row, f)
	}
	owners := []huh.Option[string]{huh.NewOption("nobody yet", "")}
	for _, m := range s.Roster {
		owners = append(owners, huh.NewOption(cleanLine(m.Name), m.ID))
	}
	statuses := make([]huh.Option[string], len(workbook.Statuses))
	for i, st := range workbook.Statuses {
		statuses[i] = huh.NewOption(st, st)
	}
	return b.form(b.group(
		b.line("what", "What will be done", "", nil, bind("what", false, nil, func(a *workbook.ActionStep) *string { return &a.What })),
		huh.NewSelect[string]().Key("owner").Title("Owner").Options(withCurrent(owners, row.Owner)...).Inline(true).
			Value(bind("owner", true, nil, func(a *workbook.ActionStep) *string { return &a.Owner })),
		b.line("due", "Due date", "YYYY-MM-DD", validateDate, bind("due", false, validateDate, func(a *workbook.ActionStep) *string { return &a.Due })),
		huh.NewSelect[string]().Key("status").Title("Status").Options(withCurrent(statuses, row.Status)...).Inline(true).
			Value(bind("status", true, nil, func(a *workbook.ActionStep) *string { return &a.Status })),
		b.line("measure", "Measure of progress", "", nil, bind("measure", false, nil, func(a *workbook.ActionStep) *string { return &a.Measure })),
	))
}

func (p *planScreen) buildData(b *formBuilder, row workbook.DataRow) *huh.Form {
	rows := func(s *workbook.Session) *[]workbook.DataRow { return &s.Plan.DataPlan }
	idOf := func(d *workbook.DataRow) string { return d.ID }
	line := func(key, title, desc string, f func(*workbook.DataRow) *string) huh.Field {
		return b.line(key, title, desc, nil, rowField(b, key, false, nil, rows, idOf, row, f))
	}
	return b.form(b.group(
		line("measure", "Measure", "what you will count or observe", func(d *workbook.DataRow) *string { return &d.Measure }),
		line("source", "Source", "where the data comes from", func(d *workbook.DataRow) *string { return &d.Source }),
		line("baseline", "Baseline", "where it stands now", func(d *workbook.DataRow) *string { return &d.Baseline }),
		line("target", "Target", "where you aim to be", func(d *workbook.DataRow) *string { return &d.Target }),
		line("cadence", "Cadence", "how often you look at it", func(d *workbook.DataRow) *string { return &d.Cadence }),
	))
}

// rowField binds one string of the row with id row.ID in a table of the
// session. The row is added (as fresh, then changed) by the first non-empty
// answer, so an opened-and-abandoned "new row" leaves nothing behind.
func rowField[T any](b *formBuilder, key string, live bool, validate func(string) error,
	rows func(*workbook.Session) *[]T, idOf func(*T) string, fresh T, f func(*T) *string) *string {
	id := idOf(&fresh)
	find := func(s *workbook.Session) *T {
		rs := rows(s)
		for i := range *rs {
			if idOf(&(*rs)[i]) == id {
				return &(*rs)[i]
			}
		}
		return nil
	}
	return b.field(key, live, validate,
		func(s *workbook.Session) string {
			if r := find(s); r != nil {
				return *f(r)
			}
			return *f(&fresh)
		},
		func(s *workbook.Session, v string) {
			r := find(s)
			if r == nil {
				if v == "" {
					return
				}
				rs := rows(s)
				*rs = append(*rs, fresh)
				r = &(*rs)[len(*rs)-1]
			}
			*f(r) = v
		})
}

func findAction(s *workbook.Session, id string) *workbook.ActionStep {
	for i := range s.Plan.Actions {
		if s.Plan.Actions[i].ID == id {
			return &s.Plan.Actions[i]
		}
	}
	return nil
}

// validateDate accepts a calendar date written YYYY-MM-DD.
func validateDate(s string) error {
	s = strings.TrimSpace(s)
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return fmt.Errorf("date %q is not a calendar date; write it as YYYY-MM-DD, e.g. 2026-05-29", s)
	}
	return nil
}

// --- view ------------------------------------------------------------------

func (p *planScreen) View() string {
	w, h := p.c.Width, p.c.Height
	if w <= 0 || h <= 0 || p.c.Session == nil {
		return ""
	}
	st := p.c.Styles
	if p.editor != nil {
		return p.editor.view(p.c, w, h)
	}
	s := p.c.Session
	var top []string
	top = append(top, sectionTitle(st, "Aim and logic model", p.section == planAim, w))
	aim, _ := previewLine(s.Plan.Aim, 2*w)
	if aim == "" {
		aim = st.Muted.Render("not written yet — press e to write it")
	}
	if d := cleanLine(s.Plan.AimDate); d != "" {
		aim += " · by " + d
	}
	top = append(top, truncate("  Aim: "+aim, w))
	lg := s.Plan.Logic
	top = append(top, truncate("  Logic: "+strings.Join([]string{
		orDash(lg.Inputs), orDash(lg.Activities), orDash(lg.Outputs), orDash(lg.Outcomes)}, " → "), w))
	if notes := coachNotes(p.c, s.Comments, workbook.PartPlan, w-2, clampInt(h-22, 2, 5)); notes != "" {
		top = append(top, indent(notes, 2))
	}

	var bottom, actionNote []string
	if p.confirm != nil {
		bottom = append(bottom, st.Warning.Render(truncate("Delete "+p.confirm.what+"? y deletes, n keeps it", w)))
	} else if p.section == planActions && len(s.Plan.Actions) > 0 {
		a := s.Plan.Actions[clampInt(p.cursor[planActions], 0, len(s.Plan.Actions)-1)]
		if notes := coachNotes(p.c, s.Comments, workbook.PartAction+a.ID, w-2, 2); notes != "" {
			actionNote = strings.Split(indent(notes, 2), "\n")
		}
	}

	// What is left goes to the two tables: each gets its title, header and
	// at least one row; the action steps get the larger share.
	left := h - len(top) - len(bottom) - len(actionNote) - 2 // two blank separator lines
	actRows := max((left-4)*3/5, 1)
	dataRows := max(left-4-actRows, 1)

	actions := make([][]string, len(s.Plan.Actions))
	marks := make([]string, len(s.Plan.Actions))
	for i, a := range s.Plan.Actions {
		owner := ""
		if m, ok := s.Member(a.Owner); ok {
			owner = m.Name
		}
		actions[i] = []string{a.What, owner, a.Due, a.Status, a.Measure}
		if hasComment(s, workbook.PartAction+a.ID) {
			marks[i] = "✎"
		}
	}
	data := make([][]string, len(s.Plan.DataPlan))
	for i, d := range s.Plan.DataPlan {
		data[i] = []string{d.Measure, d.Source, d.Baseline, d.Target, d.Cadence}
	}

	lines := append([]string{}, top...)
	lines = append(lines, "", sectionTitle(st, fmt.Sprintf("Action steps (%d)", len(actions)), p.section == planActions, w))
	lines = append(lines, renderTable(st, tableView{
		headers: []string{"What", "Owner", "Due", "Status", "Measure"},
		weights: []int{5, 2, 2, 2, 3}, mins: []int{0, 0, 10, 11, 0},
		rows: actions, marks: marks, cursor: p.cursor[planActions], focused: p.section == planActions,
		empty: "no action steps yet — press a to add one",
	}, w, actRows)...)
	lines = append(lines, actionNote...)
	lines = append(lines, "", sectionTitle(st, fmt.Sprintf("Data plan (%d)", len(data)), p.section == planData, w))
	lines = append(lines, renderTable(st, tableView{
		headers: []string{"Measure", "Source", "Baseline", "Target", "Cadence"},
		weights: []int{3, 3, 2, 2, 2},
		rows:    data, cursor: p.cursor[planData], focused: p.section == planData,
		empty: "no data plan rows yet — press a to add one",
	}, w, dataRows)...)
	lines = append(lines, bottom...)
	return clampLines(strings.Join(lines, "\n"), h)
}

func orDash(s string) string {
	if s, _ = previewLine(s, previewChars); s == "" {
		return "—"
	}
	return s
}

func indent(s string, n int) string {
	pad := strings.Repeat(" ", n)
	return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
}

func hasComment(s *workbook.Session, part string) bool {
	for _, c := range s.Comments {
		if c.Part == part && strings.TrimSpace(c.Text) != "" {
			return true
		}
	}
	return false
}

// sectionTitle marks the focused section with "›" (not by colour alone).
func sectionTitle(st *Styles, title string, focused bool, w int) string {
	if focused {
		return st.Focused.Render(truncate("› "+title, w))
	}
	return st.Heading.Render(truncate("  "+title, w))
}

// tableView is a table drawn by renderTable.
type tableView struct {
	headers []string
	weights []int      // share of the width per column
	mins    []int      // minimum width per column (optional)
	rows    [][]string // raw text: cleaned here
	marks   []string   // a one-cell mark per row (optional), e.g. ✎ for a coach comment
	cursor  int
	focused bool
	empty   string // shown when there are no rows
}

// renderTable draws a header and at most maxRows rows that keep the cursor
// in view, in width cells. The cursor row gets "›" and reverse video when
// the table is focused.
func renderTable(st *Styles, t tableView, width, maxRows int) []string {
	if width <= 0 {
		return nil
	}
	if len(t.rows) == 0 {
		return []string{st.Muted.Render(truncate("  "+t.empty, width))}
	}
	widths := columnWidths(t, width-3) // "› " + mark cell
	fmtRow := func(cells []string) string {
		parts := make([]string, len(widths))
		for i, w := range widths {
			c := ""
			if i < len(cells) {
				c, _ = previewLine(cells[i], 2*w+8)
			}
			parts[i] = padRight(c, w)
		}
		return strings.Join(parts, " ")
	}
	out := []string{st.Muted.Render(truncate("   "+fmtRow(t.headers), width))}
	shown := max(maxRows, 1)
	hint := len(t.rows) > shown && shown >= 2
	if hint {
		shown-- // the last line says which rows are shown
	}
	cursor := clampInt(t.cursor, 0, len(t.rows)-1)
	start := 0
	if cursor >= shown {
		start = cursor - shown + 1
	}
	end := min(start+shown, len(t.rows))
	for i := start; i < end; i++ {
		mark := " "
		if i < len(t.marks) && t.marks[i] != "" {
			mark = t.marks[i]
		}
		line := truncate(mark+" "+fmtRow(t.rows[i]), width-1)
		if t.focused && i == cursor {
			out = append(out, st.Selected.Render("›"+line))
		} else {
			out = append(out, " "+line)
		}
	}
	if hint {
		out = append(out, st.Muted.Render(truncate(fmt.Sprintf("   rows %d–%d of %d (↑/↓)", start+1, end, len(t.rows)), width)))
	}
	return out
}

// columnWidths shares width between columns by weight, respecting minimums
// when there is room; one space separates columns.
func columnWidths(t tableView, width int) []int {
	n := len(t.headers)
	avail := max(width-(n-1), n)
	total := 0
	for _, w := range t.weights {
		total += w
	}
	widths := make([]int, n)
	used := 0
	for i := range widths {
		widths[i] = max(avail*t.weights[i]/max(total, 1), 1)
		if i < len(t.mins) && t.mins[i] > widths[i] && avail >= 40 {
			widths[i] = t.mins[i]
		}
		used += widths[i]
	}
	// Give or take the rounding difference on the widest-weight column.
	widths[0] = max(widths[0]+avail-used, 1)
	return widths
}

// CommentTarget: a coach's comment is about the selected action step, or
// the plan as a whole.
func (p *planScreen) CommentTarget() (part, label string) {
	if s := p.c.Session; s != nil && p.section == planActions && len(s.Plan.Actions) > 0 {
		a := s.Plan.Actions[clampInt(p.cursor[planActions], 0, len(s.Plan.Actions)-1)]
		return workbook.PartAction + a.ID, fmt.Sprintf("action step %q", truncate(cleanLine(a.What), 40))
	}
	return workbook.PartPlan, "the plan"
}

// Flush commits the field being typed in an open editor (see
// problemScreen.Flush).
func (p *planScreen) Flush() tea.Cmd {
	if p.editor == nil {
		return nil
	}
	return p.editor.pane.commitFocused()
}
