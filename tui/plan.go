package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"edtech-workbook/workbook"
)

// The plan screen: aim and logic model (edited in a form), the action steps
// and the data plan (tables with add / edit / delete, status cycling).

// planSection is a section of the plan screen.
type planSection int

// The sections, in tab order.
const (
	planAim planSection = iota
	planActions
	planData
	planSections // how many
)

type planScreen struct {
	c       *Common
	section planSection
	cursor  [planSections]int
	editor  *editor        // an open form (aim, one action step, one data row)
	confirm *deleteConfirm // a pending delete
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
	edits := []key.Binding{k.EditRow}
	if rows {
		edits = append(edits, k.Add, k.Delete)
	}
	if status {
		edits = append(edits, k.Status)
	}
	edits = c.editKeys(edits...)
	short := append([]key.Binding{k.Section}, edits...)
	if c.Review {
		return newKeyHelp(append(short, k.Move), []key.Binding{k.Section, k.Up, k.Down})
	}
	return newKeyHelp(short, []key.Binding{k.Section, k.Up, k.Down}, edits)
}

func (p *planScreen) rows(section planSection) int {
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
		p.cursor[sec] = clampInt(p.cursor[sec], 0, max(p.rows(planSection(sec))-1, 0))
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

// openEditor opens the form of the current section: the aim and logic
// model, or one row (a new one when add).
func (p *planScreen) openEditor(add bool) tea.Cmd {
	s := p.c.Session
	var ed *editor
	switch p.section {
	case planAim:
		ed = &editor{title: "Aim, logic model and planning questions", notes: workbook.Part(workbook.PartPlan, ""), done: "aim and logic model saved", pane: newFormPane(p.c, p.buildAim)}
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
		ed = &editor{title: title, notes: workbook.ActionPart(row.ID), done: "action step saved", pane: newFormPane(p.c, func(b *formBuilder) *huh.Form { return p.buildAction(b, row) })}
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

// buildAim is the aim and logic model, then every plan question of the
// template in its order (aimPages: one a page).
func (p *planScreen) buildAim(b *formBuilder) *huh.Form {
	return b.form(b.pages(aimPages(&p.c.Session.Template))...)
}

func (p *planScreen) buildAction(b *formBuilder, row workbook.ActionStep) *huh.Form {
	return b.form(b.pages(actionPages(p.c.Session, row))...)
}

func (p *planScreen) buildData(b *formBuilder, row workbook.DataRow) *huh.Form {
	return b.form(b.pages(dataPages(row))...)
}

func findAction(s *workbook.Session, id string) *workbook.ActionStep {
	for i := range s.Plan.Actions {
		if s.Plan.Actions[i].ID == id {
			return &s.Plan.Actions[i]
		}
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
	if qs := s.Template.Questions.Plan; len(qs) > 0 {
		answered := 0
		for _, q := range qs {
			if !s.Answer(q.ID).Empty() {
				answered++
			}
		}
		top = append(top, truncate(fmt.Sprintf("  Planning questions: %d of %d answered (e to answer them after the logic model)", answered, len(qs)), w))
	}
	if notes := partNotes(p.c, workbook.Part(workbook.PartPlan, ""), w-2, clampInt(h-22, 2, 5)); notes != "" {
		top = append(top, indent(notes, 2))
	}

	var bottom, actionNote []string
	if p.confirm != nil {
		bottom = append(bottom, st.Warning.Render(truncate("Delete "+p.confirm.what+"? y deletes, n keeps it", w)))
	} else if p.section == planActions && len(s.Plan.Actions) > 0 {
		a := s.Plan.Actions[clampInt(p.cursor[planActions], 0, len(s.Plan.Actions)-1)]
		if notes := partNotes(p.c, workbook.ActionPart(a.ID), w-2, 2); notes != "" {
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
		if hasOpenThread(s, workbook.ActionPart(a.ID)) {
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

// CommentTarget: a coach's comment is about the selected action step, or
// the plan as a whole.
func (p *planScreen) CommentTarget() (part workbook.PartRef, label string) {
	if s := p.c.Session; s != nil && p.section == planActions && len(s.Plan.Actions) > 0 {
		a := s.Plan.Actions[clampInt(p.cursor[planActions], 0, len(s.Plan.Actions)-1)]
		return workbook.ActionPart(a.ID), fmt.Sprintf("action step %q", truncate(cleanLine(a.What), 40))
	}
	return workbook.Part(workbook.PartPlan, ""), "the plan"
}

// Flush commits the field being typed in an open editor (see
// problemScreen.Flush).
func (p *planScreen) Flush() tea.Cmd {
	if p.editor == nil {
		return nil
	}
	return p.editor.pane.commitFocused()
}
