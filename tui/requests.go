package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook/inventory"
)

// requestsScreen lists the selection requests: the open ones first, then
// the decided ones, newest first. enter opens one; n starts a new one (the
// need comes first).
type requestsScreen struct {
	c      *Common
	cursor int
}

func newRequestsScreen(c *Common) *requestsScreen { return &requestsScreen{c: c} }

func (s *requestsScreen) Init() tea.Cmd { return s.c.inv.loadFull() }

func (s *requestsScreen) Title() string { return "Tools › Selection requests" }

func (s *requestsScreen) Capturing() bool { return false }

func (s *requestsScreen) Help() help.KeyMap {
	k := s.c.Keys
	short := append([]key.Binding{as(k.Enter, "open request")}, s.c.editKeys(as(k.New, "new request"))...)
	return newKeyHelp(short, []key.Binding{k.Up, k.Down, k.Top, k.Bottom}, short)
}

// list is the requests in the order shown.
func (s *requestsScreen) list() []inventory.Request {
	inv := s.c.inv.inv()
	if inv == nil {
		return nil
	}
	out := slices.Clone(inv.Requests)
	slices.SortStableFunc(out, func(a, b inventory.Request) int {
		if (a.Decision == "") != (b.Decision == "") {
			if a.Decision == "" {
				return -1
			}
			return 1
		}
		return b.Requested.Time().Compare(a.Requested.Time())
	})
	return out
}

func (s *requestsScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case invChangedMsg, resumeMsg:
		s.cursor = clampInt(s.cursor, 0, max(len(s.list())-1, 0))
	case tea.KeyPressMsg:
		k := s.c.Keys
		rs := s.list()
		switch {
		case key.Matches(msg, k.Up, k.Down, k.Top, k.Bottom):
			s.cursor = listCursor(k, msg, s.cursor, len(rs), 0)
		case key.Matches(msg, k.Enter):
			if s.cursor < len(rs) {
				return s, openScreen(route{screen: ScreenRequest, request: rs[s.cursor].ID})
			}
		case key.Matches(msg, k.New):
			if s.c.Review {
				s.c.SetError(errReadOnly)
				return s, nil
			}
			if !s.c.inv.ready() {
				s.c.SetError(errNotLoaded)
				return s, nil
			}
			return s, openScreen(to(ScreenRequest))
		}
	}
	return s, nil
}

func (s *requestsScreen) View() string {
	st := s.c.Styles
	w, h := s.c.Width, s.c.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	if !s.c.inv.ready() {
		return s.c.inv.waitingView(st, w)
	}
	rs := s.list()
	open := 0
	for _, r := range rs {
		if r.Decision == "" {
			open++
		}
	}
	lines := []string{
		st.Title.Render(truncate(fmt.Sprintf("Selection requests (%d, %d open)", len(rs), open), w)),
		st.Muted.Render(truncate("A request states a need and the students it serves before it names a product.", w)),
		"",
	}
	if len(rs) == 0 {
		lines = append(lines, st.Muted.Render(truncate("  No requests yet — n starts one.", w)))
		return clampLines(strings.Join(lines, "\n"), h)
	}
	rows := make([][]string, len(rs))
	for i, r := range rs {
		decision := "open"
		if r.Decision != "" {
			decision = string(r.Decision) + " " + r.Decided.String()
		}
		product := r.Product
		if product == "" {
			product = "(no product yet)"
		}
		rows[i] = []string{r.Need, product, fmt.Sprintf("%d", len(r.Reviews)), decision}
	}
	lines = append(lines, renderTable(st, tableView{
		headers: []string{"Need", "Product", "Reviews", "Decision"},
		weights: []int{6, 3, 1, 3}, mins: []int{0, 0, 7, 18},
		rows: rows, cursor: s.cursor, focused: true,
	}, w, h-len(lines)-1)...)
	return clampLines(strings.Join(lines, "\n"), h)
}
