package tui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook"
)

// cohortScreen lists the teams in the file side by side, as the cohort
// report's "Teams at a glance" does (workbook.Cohort builds both): overall
// score, completion, last change and what needs a look, with the cohort
// average under them. s cycles the sort key; enter opens a team read-only
// (review mode) and esc comes back here; T sets the team's cohort tag.
type cohortScreen struct {
	c       *Common
	loaded  bool
	view    *workbook.CohortView
	sortKey string
	cursor  int
	offset  int
	tagging bool
	tag     textinput.Model
}

type cohortLoadedMsg struct {
	view *workbook.CohortView
	err  error
}

type cohortTaggedMsg struct {
	team, tag string
	err       error
}

func newCohortScreen(c *Common) *cohortScreen {
	ti := textinput.New()
	ti.CharLimit = workbook.MaxCohortTag
	ti.Prompt = ""
	return &cohortScreen{c: c, sortKey: workbook.SortTeam, tag: ti}
}

func (s *cohortScreen) Init() tea.Cmd { return s.load() }

// load builds the cohort from every session of the file, one at a time,
// in a Cmd (the clock is read here, on the event loop).
func (s *cohortScreen) load() tea.Cmd {
	st, sortKey := s.c.Store, s.sortKey
	var today time.Time
	if s.c.Now != nil {
		today = s.c.Now()
	}
	return func() tea.Msg { return buildCohort(st, today, sortKey) }
}

func buildCohort(st Store, today time.Time, sortKey string) cohortLoadedMsg {
	c := workbook.NewCohort(workbook.CohortOptions{Today: today, Sort: sortKey})
	if err := st.EachSession(nil, func(s *workbook.Session) error { c.Add(s); return nil }); err != nil {
		return cohortLoadedMsg{err: err}
	}
	if c.Len() == 0 {
		return cohortLoadedMsg{}
	}
	v, err := c.Build()
	return cohortLoadedMsg{view: v, err: err}
}

func (s *cohortScreen) Title() string { return "Cohort" }

func (s *cohortScreen) Capturing() bool { return s.tagging }

func (s *cohortScreen) Help() help.KeyMap {
	k := s.c.Keys
	if s.tagging {
		return newKeyHelp([]key.Binding{as(k.KeepFilter, "save tag"), as(k.Cancel, "cancel")})
	}
	return newKeyHelp([]key.Binding{k.Move, as(k.Enter, "open read-only"), k.SortBy, k.Tag, k.Back},
		[]key.Binding{k.Up, k.Down, k.Top, k.Bottom},
		[]key.Binding{as(k.Enter, "open read-only"), k.SortBy, k.Tag})
}

func (s *cohortScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case cohortLoadedMsg:
		s.loaded = true
		if msg.err != nil {
			s.c.SetError(msg.err)
			return s, nil
		}
		keep := s.selectedID()
		s.view = msg.view
		s.cursor = 0
		if s.view != nil {
			for i, t := range s.view.Teams {
				if t.ID == keep {
					s.cursor = i
				}
			}
		}
	case cohortTaggedMsg:
		if msg.err != nil {
			s.c.SetError(msg.err)
			return s, nil
		}
		if msg.tag == "" {
			s.c.SetStatus("removed the cohort tag of " + msg.team)
		} else {
			s.c.SetStatus(fmt.Sprintf("tagged %s as %q", msg.team, msg.tag))
		}
		return s, s.load()
	case resumeMsg:
		return s, s.load() // a comment made while reviewing changes the last change
	case tea.KeyPressMsg:
		return s, s.key(msg)
	case tea.PasteMsg:
		if s.tagging {
			s.tag.SetValue(s.tag.Value() + cleanLine(msg.Content))
		}
	}
	return s, nil
}

func (s *cohortScreen) selected() *workbook.CohortTeam {
	if s.view == nil || s.cursor < 0 || s.cursor >= len(s.view.Teams) {
		return nil
	}
	return &s.view.Teams[s.cursor]
}

func (s *cohortScreen) selectedID() string {
	if t := s.selected(); t != nil {
		return t.ID
	}
	return ""
}

func (s *cohortScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.Keys
	if s.tagging {
		switch {
		case key.Matches(msg, k.KeepFilter):
			s.tagging = false
			return s.saveTag(s.tag.Value())
		case key.Matches(msg, k.Cancel):
			s.tagging = false
			s.c.SetStatus("tag not changed")
			return nil
		}
		var cmd tea.Cmd
		s.tag, cmd = s.tag.Update(msg)
		return cmd
	}
	if s.view == nil {
		return nil
	}
	switch {
	case key.Matches(msg, k.Up):
		s.cursor = max(s.cursor-1, 0)
	case key.Matches(msg, k.Down):
		s.cursor = min(s.cursor+1, len(s.view.Teams)-1)
	case key.Matches(msg, k.Top):
		s.cursor = 0
	case key.Matches(msg, k.Bottom):
		s.cursor = len(s.view.Teams) - 1
	case key.Matches(msg, k.SortBy):
		i := slices.Index(workbook.CohortSorts, s.sortKey)
		s.sortKey = workbook.CohortSorts[(i+1)%len(workbook.CohortSorts)]
		keep := s.selectedID()
		workbook.SortCohortTeams(s.view.Teams, s.sortKey)
		s.view.Sort = s.sortKey
		for i, t := range s.view.Teams {
			if t.ID == keep {
				s.cursor = i
			}
		}
		s.c.SetStatus("sorted " + workbook.CohortSortMeaning[s.sortKey])
	case key.Matches(msg, k.Enter):
		if t := s.selected(); t != nil {
			id := t.ID
			return func() tea.Msg { return openSessionMsg{id: id, to: to(ScreenOverview), readOnly: true} }
		}
	case key.Matches(msg, k.Tag):
		if t := s.selected(); t != nil {
			s.tagging = true
			s.tag.SetValue(t.Cohort)
			s.tag.CursorEnd()
			return s.tag.Focus()
		}
	}
	return nil
}

// saveTag stores the selected team's cohort tag in a Cmd: the tag is the
// coach's bookkeeping, so the session's last change stays as it was.
func (s *cohortScreen) saveTag(typed string) tea.Cmd {
	t := s.selected()
	if t == nil {
		return nil
	}
	tag, err := workbook.CleanCohortTag(typed)
	if err != nil {
		s.c.SetError(err)
		return nil
	}
	st, id, team := s.c.Store, t.ID, t.Label
	return func() tea.Msg {
		sess, err := st.Get(id)
		if err == nil {
			sess.Cohort = tag
			err = st.Put(sess)
		}
		return cohortTaggedMsg{team: team, tag: tag, err: err}
	}
}

// cohortColumns gives each column a width (0 = hidden) for a window w wide:
// team, district, year, overall, complete, last change, needs a look.
func cohortColumns(w int) []int {
	const year, overall, done, at, gaps = 7, 7, 8, 11, 2 // at: "after today"
	inner := w - 2
	switch {
	case inner >= 100:
		flex := inner - year - overall - done - at - 6*gaps
		return []int{flex * 3 / 10, flex * 3 / 10, year, overall, done, at, flex - 2*(flex*3/10)}
	case inner >= 64:
		flex := inner - year - overall - done - at - 5*gaps
		return []int{flex / 2, 0, year, overall, done, at, flex - flex/2}
	default:
		return []int{max(inner-overall-done-2*gaps, 4), 0, 0, overall, done, 0, 0}
	}
}

func cohortCells(t workbook.CohortTeam) []string {
	at := t.Updated
	switch {
	case at != "" && t.After != "": // the app's cohort is as of today
		at = "after today"
	case at != "" && t.DaysSince >= 0:
		at = fmt.Sprintf("%d days", t.DaysSince)
	}
	var flags []string
	if t.Stale {
		flags = append(flags, "stale")
	}
	if t.Overdue > 0 {
		flags = append(flags, workbook.CountOf(t.Overdue, "overdue step"))
	}
	return []string{t.Label, t.District, t.Year, t.Overall.Text, fmt.Sprintf("%d%%", t.Completion), at, strings.Join(flags, ", ")}
}

func (s *cohortScreen) View() string {
	st := s.c.Styles
	w := s.c.Width
	if !s.loaded {
		return st.Muted.Render("Reading the sessions…")
	}
	if s.view == nil {
		return st.Muted.Render(wrap("No sessions in this file yet. Review the teams' files (edtech-workbook review FILE.json) and they appear here.", w))
	}
	v := s.view
	var b strings.Builder
	b.WriteString(st.Title.Render(truncate(fmt.Sprintf("Cohort: %s", workbook.CountOf(len(v.Teams), "team")), w)) + "\n")
	hint := fmt.Sprintf("Sorted %s (s). Overall: mean consensus over the %d shared indicators. Stale: no change in %d days.",
		workbook.CohortSortMeaning[v.Sort], v.Shared, v.StaleDays)
	if s.tagging {
		hint = "Cohort tag for " + s.selected().Label + ": " + s.tag.View()
	}
	b.WriteString(truncate(st.Muted.Render(hint), w) + "\n\n")
	cols := cohortColumns(w)
	b.WriteString(st.Heading.Render(formatRow(cols, "  ", []string{"Team", "District", "Year", "Overall", "Complete", "Changed", "Needs a look"})) + "\n")
	listH := max(s.c.Height-6, 1) // title, hint, blank, header; blank, average
	s.offset = scrollOffset(s.cursor, s.offset, listH, len(v.Teams))
	for i := s.offset; i < len(v.Teams) && i < s.offset+listH; i++ {
		if i == s.cursor {
			b.WriteString(st.Selected.Render(formatRow(cols, "› ", cohortCells(v.Teams[i]))) + "\n")
		} else {
			b.WriteString(formatRow(cols, "  ", cohortCells(v.Teams[i])) + "\n")
		}
	}
	a := v.Average
	avg := []string{a.Label, "", "", a.Overall.Text, fmt.Sprintf("%d%%", a.Completion), "",
		fmt.Sprintf("%d stale, %d overdue", a.StaleTeams, a.OverdueTeams)}
	b.WriteString("\n" + st.Heading.Render(formatRow(cols, "  ", avg)))
	return b.String()
}
