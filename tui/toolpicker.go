package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook"
)

// toolPickerScreen chooses the inventory tools the open session's problem
// of practice names: the tools by name, a filter (/), x marks or unmarks
// one (saved at once, like the focus indicators).
type toolPickerScreen struct {
	c      *Common
	gen    int
	order  []int // rows by name
	shown  []int
	cursor int
	offset int
	filter string
	typing bool
}

func newToolPickerScreen(c *Common) *toolPickerScreen { return &toolPickerScreen{c: c, gen: -1} }

func (s *toolPickerScreen) Init() tea.Cmd {
	s.sync()
	if s.c.inv.listed() {
		return nil
	}
	return s.c.inv.loadList()
}

func (s *toolPickerScreen) Title() string { return workbook.PartNameProblem + " › Tools" }

func (s *toolPickerScreen) Capturing() bool { return s.typing }

func (s *toolPickerScreen) Help() help.KeyMap {
	k := s.c.Keys
	if s.typing { // (the help page cannot open while the filter has the keys)
		return newKeyHelp([]key.Binding{k.KeepFilter, k.DropFilter}, []key.Binding{k.KeepFilter})
	}
	short := []key.Binding{k.Move, as(k.Mark, "name / unname"), k.Filter}
	return newKeyHelp(short, []key.Binding{k.Up, k.Down, k.Top, k.Bottom}, short[1:])
}

func (s *toolPickerScreen) sync() {
	d := s.c.inv
	if s.gen == d.gen {
		return
	}
	s.gen = d.gen
	s.order = make([]int, len(d.rows))
	for i := range s.order {
		s.order[i] = i
	}
	slices.SortStableFunc(s.order, func(i, j int) int { return strings.Compare(d.rows[i].nameKey, d.rows[j].nameKey) })
	s.applyFilter()
}

func (s *toolPickerScreen) applyFilter() {
	rows := s.c.inv.rows
	needle := strings.ToLower(strings.TrimSpace(s.filter))
	s.shown = s.shown[:0]
	for _, i := range s.order {
		if needle == "" || strings.Contains(rows[i].search, needle) {
			s.shown = append(s.shown, i)
		}
	}
	s.cursor = clampInt(s.cursor, 0, max(len(s.shown)-1, 0))
}

func (s *toolPickerScreen) named(id string) bool {
	if s.c.Session == nil {
		return false
	}
	return slices.ContainsFunc(s.c.Session.Problem.Tools, func(t workbook.ProblemTool) bool { return t.ID == id })
}

func (s *toolPickerScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case invChangedMsg, resumeMsg:
		s.sync()
	case tea.PasteMsg:
		if s.typing {
			s.filter += cleanLine(msg.Content)
			s.applyFilter()
		}
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

func (s *toolPickerScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.Keys
	if s.typing {
		switch {
		case key.Matches(msg, k.KeepFilter):
			s.typing = false
		case key.Matches(msg, k.DropFilter):
			s.typing, s.filter = false, ""
			s.applyFilter()
		case key.Matches(msg, k.DeleteChar):
			if r := []rune(s.filter); len(r) > 0 {
				s.filter = string(r[:len(r)-1])
				s.applyFilter()
			}
		case msg.Text != "":
			s.filter += cleanLine(msg.Text)
			s.applyFilter()
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Up, k.Down, k.Top, k.Bottom):
		s.cursor = listCursor(k, msg, s.cursor, len(s.shown), 0)
	case key.Matches(msg, k.Filter):
		s.typing = true
	case key.Matches(msg, k.Mark):
		if s.c.Session == nil || s.cursor >= len(s.shown) {
			return nil
		}
		r := &s.c.inv.rows[s.shown[s.cursor]]
		id, name := r.sum.ID, r.sum.Name
		if !s.named(id) && len(s.c.Session.Problem.Tools) >= workbook.MaxProblemTools {
			s.c.SetError(fmt.Errorf("a problem of practice names at most %d tools; unname one first", workbook.MaxProblemTools))
			return nil
		}
		return s.c.Edit(func(ss *workbook.Session) {
			tools := slices.Clone(ss.Problem.Tools)
			if i := slices.IndexFunc(tools, func(t workbook.ProblemTool) bool { return t.ID == id }); i >= 0 {
				tools = slices.Delete(tools, i, i+1)
			} else {
				tools = append(tools, workbook.ProblemTool{ID: id, Name: name})
			}
			ss.Problem.Tools = tools
		})
	}
	return nil
}

func (s *toolPickerScreen) View() string {
	st := s.c.Styles
	w, h := s.c.Width, s.c.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	if s.c.Session == nil {
		return st.Muted.Render(truncate("No session is open.", w))
	}
	d := s.c.inv
	if !d.listed() {
		return s.c.inv.waitingView(st, w)
	}
	var names []string
	for _, t := range s.c.Session.Problem.Tools {
		names = append(names, cleanLine(t.Name))
	}
	lines := []string{
		st.Title.Render(truncate("Tools the problem of practice is about", w)),
		truncate("Named: "+orText(strings.Join(names, ", "), "none yet"), w),
	}
	switch {
	case s.typing:
		lines = append(lines, truncate("Filter: "+s.filter+"█", w))
	case s.filter != "":
		lines = append(lines, st.Muted.Render(truncate("Filter: "+s.filter+"  (/ to change)", w)))
	default:
		lines = append(lines, st.Muted.Render(truncate("x names or unnames a tool (saved at once) · / filters · esc goes back", w)))
	}
	lines = append(lines, "")
	if len(d.rows) == 0 {
		lines = append(lines, st.Muted.Render(truncate("  The inventory has no tools yet: add them from Home (i).", w)))
		return clampLines(strings.Join(lines, "\n"), h)
	}
	listH := max(h-len(lines), 1)
	s.offset = scrollOffset(s.cursor, s.offset, listH, len(s.shown))
	for i := s.offset; i < len(s.shown) && i < s.offset+listH; i++ {
		r := &d.rows[s.shown[i]]
		box := "[ ]"
		if s.named(r.sum.ID) {
			box = "[x]"
		}
		text := fmt.Sprintf("%s %s · %s", box, r.cells[colName], r.cells[colStatus])
		if i == s.cursor {
			lines = append(lines, st.Selected.Render(truncate("› "+text, w)))
		} else {
			lines = append(lines, truncate("  "+text, w))
		}
	}
	return clampLines(strings.Join(lines, "\n"), h)
}
