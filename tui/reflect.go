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

// The progress and reflection screen: dated check-ins (a table with add /
// edit / delete) and the end-of-year reflection (one form): the decision
// and its reason, the conditions for success that helped or hindered, the
// leadership moves and the story of change.

// reflectSection is a section of the reflection screen.
type reflectSection int

// The sections, in tab order.
const (
	reflectCheckIns reflectSection = iota
	reflectYear
	reflectSections // how many
)

type reflectScreen struct {
	c       *Common
	section reflectSection
	cursor  int
	editor  *editor
	confirm *deleteConfirm
}

func newReflectScreen(c *Common) *reflectScreen { return &reflectScreen{c: c} }

func (r *reflectScreen) Init() tea.Cmd { return nil }

func (r *reflectScreen) Title() string { return workbook.PartNameReflection }

func (r *reflectScreen) Capturing() bool { return r.editor != nil || r.confirm != nil }

func (r *reflectScreen) Help() help.KeyMap {
	switch {
	case r.editor != nil:
		return r.editor.help(r.c)
	case r.confirm != nil:
		return newKeyHelp([]key.Binding{r.c.Keys.Yes, r.c.Keys.No})
	}
	return tableHelp(r.c, r.section == reflectCheckIns, false)
}

func (r *reflectScreen) checkIns() int {
	if r.c.Session == nil {
		return 0
	}
	return len(r.c.Session.CheckIns)
}

func (r *reflectScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return r, nil // View fits the editor to c.Width × c.Height
	case sessionChangedMsg:
		r.editor, r.confirm = nil, nil
		r.clampCursor()
		return r, nil
	case tea.KeyPressMsg:
		return r, r.key(msg)
	}
	if r.editor != nil {
		return r, r.updateEditor(msg)
	}
	return r, nil
}

func (r *reflectScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := r.c.Keys
	if r.confirm != nil {
		cmd, decided := r.confirm.answer(r.c, msg)
		if decided {
			r.confirm = nil
			r.clampCursor()
		}
		return cmd
	}
	if r.editor != nil {
		cmd, closed := r.editor.key(r.c, msg)
		if closed {
			r.editor = nil
			r.clampCursor()
		}
		return cmd
	}
	s := r.c.Session
	if s == nil {
		return nil
	}
	switch {
	case key.Matches(msg, k.Next, k.Prev):
		r.section = (r.section + 1) % reflectSections
	case key.Matches(msg, k.Up):
		r.cursor = max(r.cursor-1, 0)
	case key.Matches(msg, k.Down):
		r.cursor = clampInt(r.cursor+1, 0, max(r.checkIns()-1, 0))
	case key.Matches(msg, k.Add) && r.section == reflectCheckIns:
		return r.newCheckIn()
	case key.Matches(msg, k.Edit, k.Enter):
		if r.section == reflectYear {
			return r.openYear()
		}
		if r.checkIns() == 0 {
			return r.newCheckIn()
		}
		return r.openCheckIn(s.CheckIns[r.cursor], false)
	case key.Matches(msg, k.Delete) && r.section == reflectCheckIns && r.checkIns() > 0:
		ci := s.CheckIns[r.cursor]
		r.confirm = &deleteConfirm{
			what:   "check-in of " + cleanLine(ci.Date),
			delete: func(s *workbook.Session) { workbook.DeleteCheckIn(s, ci.ID) },
		}
	}
	return nil
}

func (r *reflectScreen) updateEditor(msg tea.Msg) tea.Cmd {
	cmd, closed := r.editor.update(r.c, msg)
	if closed {
		r.editor = nil
		r.clampCursor()
	}
	return cmd
}

// clampCursor keeps the cursor on a check-in after rows were removed.
func (r *reflectScreen) clampCursor() { r.cursor = clampInt(r.cursor, 0, max(r.checkIns()-1, 0)) }

func (r *reflectScreen) open(ed *editor) tea.Cmd {
	r.editor = ed
	ed.view(r.c, r.c.Width, r.c.Height) // fit before the first key
	return ed.pane.init()
}

// newCheckIn opens a new check-in dated today (by the app's clock). It
// opens before the key that asked for it returns, so keys typed right after
// it reach its form.
func (r *reflectScreen) newCheckIn() tea.Cmd {
	return r.openCheckIn(workbook.CheckIn{ID: workbook.NewID(), Date: r.c.today()}, true)
}

func (r *reflectScreen) openCheckIn(ci workbook.CheckIn, add bool) tea.Cmd {
	if r.c.Session == nil {
		return nil
	}
	title, fresh := "Edit check-in", (*freshRow)(nil)
	if add {
		title = "New check-in"
		r.cursor = r.checkIns()
		id := ci.ID
		fresh = &freshRow{what: "check-in",
			stored: func(s *workbook.Session) bool { return findCheckIn(s, id) != nil },
			discard: func(s *workbook.Session) { // and the values typed at it
				workbook.DeleteCheckIn(s, id)
				for i := range s.Plan.DataPlan {
					s.Plan.DataPlan[i].Values = removeRow(s.Plan.DataPlan[i].Values, func(v workbook.MeasureValue) bool { return v.CheckIn == id })
				}
			}}
	}
	return r.open(newEditor(r.c, title, "check-in saved", workbook.PartRef{}, fresh, func(b *formBuilder) *huh.Form {
		return b.form(b.pages(checkInPages(b.p.c.Session, ci))...)
	}))
}

// findCheckIn is the check-in with id (nil when there is none).
func findCheckIn(s *workbook.Session, id string) *workbook.CheckIn {
	for i := range s.CheckIns {
		if s.CheckIns[i].ID == id {
			return &s.CheckIns[i]
		}
	}
	return nil
}

func (r *reflectScreen) openYear() tea.Cmd {
	return r.open(newEditor(r.c, "End of year", "reflection saved", workbook.PartRef{}, nil, r.buildYear))
}

func (r *reflectScreen) buildYear(b *formBuilder) *huh.Form {
	return b.form(b.pages(yearPages(r.c.Session))...)
}

// --- view ------------------------------------------------------------------

func (r *reflectScreen) View() string {
	w, h := r.c.Width, r.c.Height
	if w <= 0 || h <= 0 || r.c.Session == nil {
		return ""
	}
	st := r.c.Styles
	if r.editor != nil {
		return r.editor.view(r.c, w, h)
	}
	s := r.c.Session
	year := r.yearLines(w)
	var bottom []string
	if r.confirm != nil {
		bottom = append(bottom, st.Warning.Render(truncate("Delete "+r.confirm.what+"? y deletes, n keeps it", w)))
	}
	rows := make([][]string, len(s.CheckIns))
	for i, ci := range s.CheckIns {
		rows[i] = []string{ci.Date, ci.Did, ci.Learned, ci.Next}
	}
	maxRows := max(h-len(year)-len(bottom)-3, 1)
	lines := []string{sectionTitle(st, fmt.Sprintf("Check-ins (%d)", len(rows)), r.section == reflectCheckIns, w)}
	lines = append(lines, renderTable(st, tableView{
		headers: []string{"Date", "What we did", "What we learned", "What next"},
		weights: []int{2, 4, 4, 4}, mins: []int{10},
		rows: rows, cursor: r.cursor, focused: r.section == reflectCheckIns,
		empty: "no check-ins yet" + r.c.howTo(" — press a to add one dated today"),
	}, w, maxRows)...)
	lines = append(lines, "")
	lines = append(lines, year...)
	lines = append(lines, bottom...)
	return clampLines(strings.Join(lines, "\n"), h)
}

// yearLines summarises the end-of-year reflection, one line per answer.
func (r *reflectScreen) yearLines(w int) []string {
	s := r.c.Session
	st := r.c.Styles
	refl := s.Reflection
	decision := "not decided yet"
	for _, d := range s.Template.Decisions {
		if d.ID == refl.Decision {
			decision = cleanLine(d.Title)
		}
	}
	if refl.Decision != "" && decision == "not decided yet" {
		decision = cleanLine(refl.Decision)
	}
	if reason, _ := previewLine(refl.DecisionReason, 2*w); reason != "" {
		decision += " — " + reason
	}
	helped, hindered := 0, 0
	for _, c := range refl.Conditions {
		switch c.Effect {
		case workbook.EffectHelped:
			helped++
		case workbook.EffectHindered:
			hindered++
		}
	}
	counts := map[string]int{}
	for _, a := range s.Plan.Actions {
		counts[orText(a.Status, workbook.StatusNotStarted)]++
	}
	var steps []string
	for _, stt := range workbook.Statuses {
		if counts[stt] > 0 {
			steps = append(steps, fmt.Sprintf("%d %s", counts[stt], stt))
		}
	}
	if n := len(workbook.OverdueSteps(s, r.c.todayTime())); n > 0 {
		steps = append(steps, fmt.Sprintf("%d overdue", n))
	}
	lines := []string{
		truncate(fmt.Sprintf("  Action steps: %s (status is changed on the plan: s)", orDash(strings.Join(steps, ", "))), w),
		"",
		sectionTitle(st, "End of year (e to answer)", r.section == reflectYear, w),
		truncate("  Decision: "+decision, w),
		truncate(fmt.Sprintf("  Conditions: %d helped, %d hindered (of %d)", helped, hindered, len(s.Template.Conditions)), w),
	}
	for _, q := range s.Template.Questions.Reflection {
		lines = append(lines, truncate("  "+cleanLine(q.Text)+" "+orDash(cleanLine(workbook.AnswerText(q, s.Answer(q.ID)))), w))
	}
	return lines
}

// Flush commits the field being typed in an open editor (see
// problemScreen.Flush).
func (r *reflectScreen) Flush() tea.Cmd {
	if r.editor == nil {
		return nil
	}
	return r.editor.pane.commitFocused()
}
