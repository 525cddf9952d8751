package tui

import (
	"fmt"
	"strings"
	"time"

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
		return p.editor.help(p.c)
	}
	if p.confirm != nil {
		return newKeyHelp([]key.Binding{p.c.Keys.Yes, p.c.Keys.No})
	}
	k := p.c.Keys
	h := tableHelp(p.c, p.section != planAim, p.section == planActions).(keyHelp)
	var more []key.Binding
	switch p.section {
	case planActions:
		more = append(more, k.Cycle)
	case planData:
		more = append(more, k.Value)
	}
	if p.c.Session != nil && len(workbook.StaleDates(p.c.Session)) > 0 {
		more = append(more, k.Redate)
	}
	more = p.c.editKeys(more...) // a reviewer adds no value, cycle or date
	h.short = append(h.short, more...)
	h.full[len(h.full)-1] = append(h.full[len(h.full)-1], more...)
	return h
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
	case p.c.Review && key.Matches(msg, k.Value, k.Cycle, k.Redate):
		p.c.SetError(errReadOnly) // nothing to type into: say so before a form opens
	case key.Matches(msg, k.Value) && p.section == planData && p.rows(planData) > 0:
		return p.openValue()
	case key.Matches(msg, k.Cycle) && p.section == planActions && p.rows(planActions) > 0:
		return p.openCycle()
	case key.Matches(msg, k.Redate) && len(workbook.StaleDates(p.c.Session)) > 0:
		return p.openRedate()
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
		ed = newEditor(p.c, "Aim, logic model and planning questions", "aim and logic model saved", workbook.Part(workbook.PartPlan, ""), nil, p.buildAim)
	case planActions:
		row := workbook.ActionStep{ID: workbook.NewID(), Status: workbook.StatusNotStarted}
		if !add && len(s.Plan.Actions) > 0 {
			row = s.Plan.Actions[p.cursor[planActions]]
		} else {
			add = true
		}
		title, fresh := "Edit action step", (*freshRow)(nil)
		if add {
			title = "New action step"
			p.cursor[planActions] = len(s.Plan.Actions) // where it will appear
			id := row.ID
			fresh = &freshRow{what: "action step",
				stored: func(s *workbook.Session) bool { return findAction(s, id) != nil },
				discard: func(s *workbook.Session) {
					s.Plan.Actions = removeRow(s.Plan.Actions, func(a workbook.ActionStep) bool { return a.ID == id })
				}}
		}
		ed = newEditor(p.c, title, "action step saved", workbook.ActionPart(row.ID), fresh,
			func(b *formBuilder) *huh.Form { return p.buildAction(b, row) })
	case planData:
		row := workbook.DataRow{ID: workbook.NewID()}
		if !add && len(s.Plan.DataPlan) > 0 {
			row = s.Plan.DataPlan[p.cursor[planData]]
		} else {
			add = true
		}
		title, fresh := "Edit data plan row", (*freshRow)(nil)
		if add {
			title = "New data plan row"
			p.cursor[planData] = len(s.Plan.DataPlan)
			id := row.ID
			fresh = &freshRow{what: "data plan row",
				stored: func(s *workbook.Session) bool { return findDataRow(s, id) != nil },
				discard: func(s *workbook.Session) {
					s.Plan.DataPlan = removeRow(s.Plan.DataPlan, func(d workbook.DataRow) bool { return d.ID == id })
				}}
		}
		ed = newEditor(p.c, title, "data plan row saved", workbook.Part(workbook.PartMeasure, row.ID), fresh,
			func(b *formBuilder) *huh.Form { return p.buildData(b, row) })
	}
	return p.open(ed)
}

// open shows ed over the plan, fitted before the first key.
func (p *planScreen) open(ed *editor) tea.Cmd {
	p.editor = ed
	ed.view(p.c, p.c.Width, p.c.Height)
	return ed.pane.init()
}

// openValue opens a new dated value (today's date) of the selected measure.
func (p *planScreen) openValue() tea.Cmd {
	row := p.c.Session.Plan.DataPlan[p.cursor[planData]]
	v := workbook.MeasureValue{ID: workbook.NewID(), Date: p.c.today()}
	rowID, id := row.ID, v.ID
	has := func(s *workbook.Session) bool {
		if r := findDataRow(s, rowID); r != nil {
			for _, x := range r.Values {
				if x.ID == id {
					return true
				}
			}
		}
		return false
	}
	fresh := &freshRow{what: "value", stored: has,
		discard: func(s *workbook.Session) {
			if r := findDataRow(s, rowID); r != nil {
				r.Values = removeRow(r.Values, func(x workbook.MeasureValue) bool { return x.ID == id })
			}
		}}
	return p.open(newEditor(p.c, "New value: "+cleanLine(row.Measure), "value saved", workbook.Part(workbook.PartMeasure, row.ID), fresh,
		func(b *formBuilder) *huh.Form { return b.form(b.pages(valuePages(row, v))...) }))
}

// openCycle opens a new improvement cycle (started today) on the selected
// action step.
func (p *planScreen) openCycle() tea.Cmd {
	step := p.c.Session.Plan.Actions[p.cursor[planActions]]
	cy := workbook.Cycle{ID: workbook.NewID(), Date: p.c.today()}
	stepID, id := step.ID, cy.ID
	has := func(s *workbook.Session) bool {
		if a := findAction(s, stepID); a != nil {
			for _, c := range a.Cycles {
				if c.ID == id {
					return true
				}
			}
		}
		return false
	}
	fresh := &freshRow{what: "improvement cycle", stored: has,
		discard: func(s *workbook.Session) {
			if a := findAction(s, stepID); a != nil {
				a.Cycles = removeRow(a.Cycles, func(c workbook.Cycle) bool { return c.ID == id })
			}
		}}
	title := "New improvement cycle: " + cleanLine(step.What)
	return p.open(newEditor(p.c, title, "improvement cycle saved", workbook.ActionPart(step.ID), fresh,
		func(b *formBuilder) *huh.Form {
			return b.form(b.pages(cyclePages(b.p.c.Session, stepID, cy, "Plan, do, study, act"))...)
		}))
}

// openRedate opens the steps still on last year's dates, to give each a
// date in this school year.
func (p *planScreen) openRedate() tea.Cmd {
	p.section = planActions
	return p.open(newEditor(p.c, "New dates for last year's steps", "due dates saved", workbook.PartRef{}, nil,
		func(b *formBuilder) *huh.Form { return b.form(b.pages(redatePages(b.p.c.Session))...) }))
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

// buildAction is one action step, then its improvement cycles, one a page.
func (p *planScreen) buildAction(b *formBuilder, row workbook.ActionStep) *huh.Form {
	return b.form(b.pages(append(actionPages(p.c.Session, row), stepCyclePages(p.c.Session, row)...))...)
}

// buildData is one row of the data plan, then its dated values.
func (p *planScreen) buildData(b *formBuilder, row workbook.DataRow) *huh.Form {
	return b.form(b.pages(append(dataPages(row), dataValuePages(row)...))...)
}

func findDataRow(s *workbook.Session, id string) *workbook.DataRow {
	for i := range s.Plan.DataPlan {
		if s.Plan.DataPlan[i].ID == id {
			return &s.Plan.DataPlan[i]
		}
	}
	return nil
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
		aim = st.Muted.Render("not written yet" + p.c.howTo(" — press e to write it"))
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

	today := p.c.todayTime()
	if stale := workbook.StaleDates(s); len(stale) > 0 {
		top = append(top, st.Warning.Render(truncate(fmt.Sprintf("  %s still on last year's dates"+p.c.howTo(" — press r to give new dates"),
			countNoun(len(stale), "carried step is", "carried steps are")), w)))
	}

	var bottom, actionNote []string
	if p.confirm != nil {
		bottom = append(bottom, st.Warning.Render(truncate("Delete "+p.confirm.what+"? y deletes, n keeps it", w)))
	} else if p.section == planActions && len(s.Plan.Actions) > 0 {
		a := s.Plan.Actions[clampInt(p.cursor[planActions], 0, len(s.Plan.Actions)-1)]
		detail := strings.Split(hangingWrap("  "+stepDetail(a, today, p.c.howTo(" (i adds one)")), w, 2), "\n")
		actionNote = append(actionNote, clampLinesSlice(detail, 2)...)
		if notes := partNotes(p.c, workbook.ActionPart(a.ID), w-2, 2); notes != "" {
			actionNote = append(actionNote, strings.Split(indent(notes, 2), "\n")...)
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
		actions[i] = []string{a.What, owner, a.Due, a.Status, tableFlags(a, today)}
		if hasOpenThread(s, workbook.ActionPart(a.ID)) {
			marks[i] = "✎"
		}
	}
	data := make([][]string, len(s.Plan.DataPlan))
	for i, d := range s.Plan.DataPlan {
		data[i] = []string{d.Measure, d.Baseline, d.Target, valuesCell(d), d.Source, d.Cadence}
	}

	lines := append([]string{}, top...)
	lines = append(lines, "", sectionTitle(st, fmt.Sprintf("Action steps (%d)", len(actions)), p.section == planActions, w))
	lines = append(lines, renderTable(st, tableView{
		headers: []string{"What", "Owner", "Due", "Status", "Flags"},
		weights: []int{5, 2, 2, 2, 3}, mins: []int{0, 0, 10, 11, 16},
		rows: actions, marks: marks, cursor: p.cursor[planActions], focused: p.section == planActions,
		empty: "no action steps yet" + p.c.howTo(" — press a to add one"),
	}, w, actRows)...)
	lines = append(lines, actionNote...)
	lines = append(lines, "", sectionTitle(st, fmt.Sprintf("Data plan (%d)", len(data)), p.section == planData, w))
	lines = append(lines, renderTable(st, tableView{
		headers: []string{"Measure", "Baseline", "Target", "Values", "Source", "Cadence"},
		weights: []int{4, 2, 2, 3, 2, 2}, mins: []int{0, 0, 0, 14},
		rows: data, cursor: p.cursor[planData], focused: p.section == planData,
		empty: "no data plan rows yet" + p.c.howTo(" — press a to add one, then v to record its values"),
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

// stepDetail is the selected step's line under the table: its flags in
// words, its improvement cycles and its measure.
func stepDetail(a workbook.ActionStep, today time.Time, addCycle string) string {
	var parts []string
	if a.Overdue(today) {
		parts = append(parts, "OVERDUE since "+cleanLine(a.Due))
	}
	if a.CarriedFrom != "" {
		parts = append(parts, workbook.FlagCarried)
	}
	if n := len(a.Cycles); n == 0 {
		parts = append(parts, "no improvement cycle"+addCycle)
	} else {
		parts = append(parts, countNoun(n, "improvement cycle", "improvement cycles")+" (last: "+orText(a.Cycles[n-1].Act, "still running")+")")
	}
	return strings.Join(append(parts, "measure: "+orDash(a.Measure)), " · ")
}

// valuesCell is a measure's values in a table cell: a sparkline and the
// latest value ("▂▅█ 96%"), or how many there are not.
func valuesCell(d workbook.DataRow) string {
	m := workbook.NewMeasureSeries(d, nil)
	if len(m.Points) == 0 {
		return "none yet"
	}
	return sparkline(m) + " " + cleanLine(m.Points[len(m.Points)-1].Value)
}

// tableFlags are a step's flags in the table's few cells: "overdue",
// "carried" or both (stepDetail says them in full).
func tableFlags(a workbook.ActionStep, today time.Time) string {
	var flags []string
	if a.Overdue(today) {
		flags = append(flags, "overdue")
	}
	if a.CarriedFrom != "" {
		flags = append(flags, "carried")
	}
	return strings.Join(flags, ", ")
}

// howTo is a hint at a key that changes the session ("— press a to add
// one"), or nothing in review mode, where the key is refused.
func (c *Common) howTo(hint string) string {
	if c.Review {
		return ""
	}
	return hint
}
