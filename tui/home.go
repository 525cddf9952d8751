package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook"
)

// homeScreen lists the sessions in the file, newest first.
type homeScreen struct {
	c       *Common
	loaded  bool
	rows    []homeRow // every session, as loaded
	shown   []int     // indexes into rows that pass the filter
	cursor  int       // index into shown
	offset  int       // first shown row drawn (scrolling)
	filter  string
	typing  bool // the filter has the keys
	confirm *homeRow
}

// homeRow is one session's list entry. Its cells are cleaned and formatted
// when the row is first drawn, and its search text when a filter first
// looks at it: of a list of 10,000 sessions, a start formats the few rows
// that fit on the screen.
type homeRow struct {
	sum    *workbook.Summary // in the loaded list
	fmtd   *homeCells
	search string // lower-case text the filter matches ("" until needed)
}

// homeCells are a row's cells, cleaned and formatted.
type homeCells struct{ team, district, year, template, progress, at string }

// f formats the row's cells, once.
func (r *homeRow) f() *homeCells {
	if r.fmtd == nil {
		s := *r.sum
		r.fmtd = &homeCells{
			team:     cleanLine(s.Team),
			district: cleanLine(s.District),
			year:     cleanLine(s.SchoolYear),
			template: cleanLine(s.TemplateRef),
			progress: workbook.ProgressText(s.Progress),
			at:       s.Updated.Local().Format("2006-01-02 15:04"),
		}
	}
	return r.fmtd
}

// searchText is what the filter matches, made once.
func (r *homeRow) searchText() string {
	if r.search == "" {
		c := r.f()
		r.search = strings.ToLower(strings.Join([]string{c.team, c.district, c.year, c.template}, " "))
	}
	return r.search
}

type sessionsLoadedMsg struct {
	sums []workbook.Summary
	err  error
}

type sessionDeletedMsg struct {
	name string
	err  error
}

func newHomeScreen(c *Common) *homeScreen { return &homeScreen{c: c} }

func (h *homeScreen) Init() tea.Cmd { return h.load() }

func (h *homeScreen) load() tea.Cmd {
	store := h.c.Store
	return func() tea.Msg {
		sums, err := store.List()
		return sessionsLoadedMsg{sums: sums, err: err}
	}
}

func (h *homeScreen) Title() string { return "Sessions" }

func (h *homeScreen) Capturing() bool { return h.typing || h.confirm != nil }

func (h *homeScreen) Help() help.KeyMap {
	k := h.c.Keys
	switch {
	case h.confirm != nil:
		return newKeyHelp([]key.Binding{k.Yes, k.No})
	case h.typing:
		return newKeyHelp([]key.Binding{k.KeepFilter, k.DropFilter})
	case h.loaded && len(h.rows) == 0:
		return newKeyHelp([]key.Binding{k.New, k.Inventory})
	}
	if h.c.Review {
		return newKeyHelp([]key.Binding{k.Move, k.Enter, k.Filter, k.Cohort, k.Inventory},
			[]key.Binding{k.Up, k.Down, k.Top, k.Bottom},
			[]key.Binding{k.Enter, k.Filter, k.Cohort, k.Inventory})
	}
	return newKeyHelp([]key.Binding{k.Enter, k.New, k.Inventory, k.Filter, k.Carry, k.Delete, k.Cohort},
		[]key.Binding{k.Up, k.Down, k.Top, k.Bottom},
		[]key.Binding{k.Enter, k.New, k.Carry, k.Delete, k.Filter, k.Cohort, k.Inventory})
}

// CommentSession: C on Home comments on the selected session as a whole.
func (h *homeScreen) CommentSession() (id, label string) {
	if r := h.selected(); r != nil {
		return r.sum.ID, "the session " + sessionName(r)
	}
	return "", ""
}

func (h *homeScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case sessionsLoadedMsg:
		if msg.err != nil {
			h.c.SetError(msg.err)
		}
		h.setRows(msg.sums)
		// The tools' list entries, for what falls due: after the sessions,
		// so they never delay the first frame.
		return h, h.c.inv.loadList()
	case sessionDeletedMsg:
		if msg.err != nil {
			h.c.SetError(msg.err)
			return h, nil
		}
		h.c.SetStatus("deleted " + msg.name)
		return h, h.load()
	case resumeMsg:
		return h, h.load() // progress and order change while a session is open
	case tea.KeyPressMsg:
		return h, h.key(msg)
	case tea.PasteMsg:
		if h.typing && h.confirm == nil {
			h.filter += cleanLine(msg.Content)
			h.applyFilter(h.selectedID())
		}
	}
	return h, nil
}

func (h *homeScreen) setRows(sums []workbook.Summary) {
	keep := ""
	if r := h.selected(); r != nil {
		keep = r.sum.ID
	}
	if id := h.c.memory.lastOpened; id != "" { // back from a session: the cursor is on it
		keep, h.c.memory.lastOpened = id, ""
	}
	h.loaded = true
	h.rows = make([]homeRow, len(sums))
	for i := range sums {
		h.rows[i].sum = &sums[i]
	}
	h.shown = nil
	h.applyFilter(keep)
}

// applyFilter recomputes the shown rows, keeping the cursor on session keep.
func (h *homeScreen) applyFilter(keep string) {
	needle := strings.ToLower(strings.TrimSpace(h.filter))
	h.shown = h.shown[:0]
	h.cursor = 0
	for i := range h.rows {
		r := &h.rows[i]
		if needle == "" || strings.Contains(r.searchText(), needle) {
			if r.sum.ID == keep {
				h.cursor = len(h.shown)
			}
			h.shown = append(h.shown, i)
		}
	}
	h.offset = 0
}

func (h *homeScreen) selectedID() string {
	if r := h.selected(); r != nil {
		return r.sum.ID
	}
	return ""
}

func (h *homeScreen) selected() *homeRow {
	if h.cursor < 0 || h.cursor >= len(h.shown) {
		return nil
	}
	return &h.rows[h.shown[h.cursor]]
}

func (h *homeScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := h.c.Keys
	if h.confirm != nil {
		row := h.confirm
		switch {
		case key.Matches(msg, k.Yes):
			h.confirm = nil
			store, id, name := h.c.Store, row.sum.ID, sessionName(row)
			return func() tea.Msg { return sessionDeletedMsg{name: name, err: store.Delete(id)} }
		case key.Matches(msg, k.No):
			h.confirm = nil
			h.c.SetStatus("nothing deleted")
		}
		return nil
	}
	if h.typing {
		switch {
		case key.Matches(msg, k.KeepFilter):
			h.typing = false
		case key.Matches(msg, k.DropFilter):
			h.typing, h.filter = false, ""
			h.applyFilter(h.selectedID())
		case key.Matches(msg, k.DeleteChar):
			if r := []rune(h.filter); len(r) > 0 {
				h.filter = string(r[:len(r)-1])
				h.applyFilter(h.selectedID())
			}
		case msg.Text != "": // typed text goes into the filter
			h.filter += cleanLine(msg.Text)
			h.applyFilter(h.selectedID())
		}
		return nil
	}
	switch {
	case h.c.Review && (key.Matches(msg, k.New) || key.Matches(msg, k.Delete) || key.Matches(msg, k.Carry)):
		h.c.SetError(errReadOnly)
		return nil
	case key.Matches(msg, k.New):
		return openScreen(to(ScreenNewSession))
	case key.Matches(msg, k.Inventory):
		return openScreen(to(ScreenInventory))
	case !h.loaded || len(h.rows) == 0:
		return nil
	case key.Matches(msg, k.Cohort):
		return openScreen(to(ScreenCohort))
	case key.Matches(msg, k.Carry):
		if r := h.selected(); r != nil {
			return openScreen(route{screen: ScreenCarry, carry: carrySource{id: r.sum.ID, name: sessionName(r)}})
		}
	case key.Matches(msg, k.Up, k.Down, k.Top, k.Bottom):
		h.cursor = listCursor(k, msg, h.cursor, len(h.shown), 0)
	case key.Matches(msg, k.Filter):
		h.typing = true
	case key.Matches(msg, k.Enter):
		if r := h.selected(); r != nil {
			return openSession(r.sum.ID, to(ScreenOverview))
		}
	case key.Matches(msg, k.Delete):
		if r := h.selected(); r != nil {
			cp := *r
			h.confirm = &cp
		}
	}
	return nil
}

func sessionName(r *homeRow) string {
	c := r.f()
	name := c.team
	if c.year != "" {
		name += " · " + c.year
	}
	return "“" + name + "”"
}

func (h *homeScreen) View() string {
	st := h.c.Styles
	w := h.c.Width
	if !h.loaded {
		return st.Muted.Render("Loading sessions…")
	}
	if len(h.rows) == 0 {
		return h.firstRun()
	}
	var b strings.Builder
	title := fmt.Sprintf("Sessions (%d)", len(h.rows))
	if len(h.shown) != len(h.rows) {
		title = fmt.Sprintf("Sessions (%d of %d)", len(h.shown), len(h.rows))
	}
	b.WriteString(st.Title.Render(truncate(title, w)) + "\n")
	switch {
	case h.typing:
		b.WriteString(truncate("Filter: "+h.filter+"█", w))
	case h.filter != "":
		b.WriteString(st.Muted.Render(truncate("Filter: "+h.filter+"  (/ to change, esc in the filter clears it)", w)))
	case h.c.Review:
		b.WriteString(st.Muted.Render(truncate("Newest first. enter opens a session to review, C comments on it.", w)))
	default:
		b.WriteString(st.Muted.Render(truncate("Newest first. enter opens a session, n starts a new one.", w)))
	}
	b.WriteString("\n")
	alert := ""
	if a := h.c.inv.alertLine(); a != "" && h.c.Height >= 12 {
		alert = a + " i opens the inventory."
		b.WriteString(st.Warning.Render(truncate(alert, w)))
	}
	b.WriteString("\n")

	cols := homeColumns(w, h.doneWidth())
	b.WriteString(st.Heading.Render(formatRow(cols, "  ", homeHeader())) + "\n")
	var details []string
	if r := h.selected(); r != nil && h.confirm == nil && h.c.Height >= 10 {
		details = r.details(cols)
	}
	listH := h.c.Height - 4 // title, hint, blank (or what falls due), header
	if len(details) > 0 {
		listH -= 1 + len(details) // a blank line, then the details
	}
	if h.confirm != nil {
		listH -= 5
	}
	listH = max(listH, 1)
	h.offset = scrollOffset(h.cursor, h.offset, listH, len(h.shown))
	if len(h.shown) == 0 {
		b.WriteString(st.Muted.Render(truncate("  No session matches the filter.", w)))
	}
	for i := h.offset; i < len(h.shown) && i < h.offset+listH; i++ {
		r := &h.rows[h.shown[i]]
		line := formatRow(cols, "  ", r.cells())
		if i == h.cursor {
			line = st.Selected.Render(formatRow(cols, "› ", r.cells()))
		}
		b.WriteString(line)
		if i < len(h.shown)-1 && i < h.offset+listH-1 {
			b.WriteString("\n")
		}
	}
	if len(details) > 0 {
		b.WriteString("\n")
		for _, d := range details {
			b.WriteString("\n" + st.Muted.Render(truncate(d, w)))
		}
	}
	if h.confirm != nil {
		msg := fmt.Sprintf("Delete the session %s (%s)? Everything in it is removed. y deletes, n keeps it.",
			sessionName(h.confirm), h.confirm.f().district)
		b.WriteString("\n\n" + st.Dialog.Width(min(w, 70)).Render(msg))
	}
	return b.String()
}

// details describes the selected session under the list: the whole team
// name when its column cuts it, and the district, which narrow windows hide.
func (r *homeRow) details(cols []int) []string {
	var out []string
	c := r.f()
	if cellWidth(c.team) > cols[0] {
		out = append(out, "Team: "+c.team)
	}
	if c.district != "" && (cols[1] == 0 || cellWidth(c.district) > cols[1]) {
		out = append(out, "District: "+c.district)
	}
	return out
}

func (r *homeRow) cells() []string {
	c := r.f()
	return []string{c.team, c.district, c.year, c.template, c.progress, c.at}
}

// homeHeader is the heading of the columns cells fill.
func homeHeader() []string {
	return []string{"Team", "District", "Year", "Template", "Done", "Last change"}
}

// doneWidth is the width of the Done column: "100%", or "not started"
// when a session listed reads so.
func (h *homeScreen) doneWidth() int {
	// From the numbers, not the formatted cells: a row is formatted only
	// when it is drawn. "100%" is the widest of the percentages.
	w := max(len("Done"), len("100%")) + 1
	for _, i := range h.shown {
		if h.rows[i].sum.Progress <= 0 {
			return max(w, cellWidth(workbook.ProgressText(0)))
		}
	}
	return w
}

// homeColumns gives each column a width (0 = hidden) for a window w wide.
// Team, District and Template share what is left after the fixed columns.
func homeColumns(w, done int) []int {
	const year, at, gaps = 8, 16, 2
	inner := w - 2 // less the cursor marker
	switch {
	case inner >= 90:
		flex := inner - year - done - at - 5*gaps
		return []int{flex * 4 / 10, flex * 3 / 10, year, flex - flex*4/10 - flex*3/10, done, at}
	case inner >= 60:
		flex := inner - year - done - at - 4*gaps
		return []int{flex * 6 / 10, 0, year, flex - flex*6/10, done, at}
	default:
		return []int{max(inner-year-done-at-3*gaps, 4), 0, year, 0, done, at}
	}
}

// formatRow lays out cells in columns of the given widths (0: hidden),
// after marker; home, cohort and the tool inventory share it.
func formatRow(cols []int, marker string, cells []string) string {
	var b strings.Builder
	b.WriteString(marker)
	first := true
	for i, cw := range cols {
		if cw == 0 {
			continue
		}
		if !first {
			b.WriteString("  ")
		}
		first = false
		b.WriteString(padRight(cells[i], cw))
	}
	return strings.TrimRight(b.String(), " ")
}

// listCursor moves cursor over n rows for the key msg: up, down, top,
// bottom and, when page > 0, page up and page down by page rows.
func listCursor(k KeyMap, msg tea.KeyPressMsg, cursor, n, page int) int {
	last := max(n-1, 0)
	switch {
	case key.Matches(msg, k.Up):
		return max(cursor-1, 0)
	case key.Matches(msg, k.Down):
		return clampInt(cursor+1, 0, last)
	case key.Matches(msg, k.Top):
		return 0
	case key.Matches(msg, k.Bottom):
		return last
	case page > 0 && key.Matches(msg, k.PageUp):
		return max(cursor-page, 0)
	case page > 0 && key.Matches(msg, k.PageDown):
		return clampInt(cursor+page, 0, last)
	}
	return cursor
}

// scrollOffset keeps cursor inside a window of h rows over n rows.
func scrollOffset(cursor, offset, h, n int) int {
	if cursor < offset {
		offset = cursor
	}
	if cursor >= offset+h {
		offset = cursor - h + 1
	}
	return clampInt(offset, 0, max(n-h, 0))
}

func (h *homeScreen) firstRun() string {
	st := h.c.Styles
	w := min(h.c.Width, 76)
	p := func(s string) string { return wrap(s, w) }
	lines := []string{
		st.Title.Render(truncate("Welcome to the edtech workbook", w)),
		"",
		p("This workbook walks your district's edtech team through the EdTech Systems Guide: rate your " +
			"edtech systems together in a self-assessment, see where you agree and where you don't, frame " +
			"one problem of practice, plan and track action steps, and export a summary for your coach."),
		"",
		p("Everything is saved in this one file as you go, so you can stop at any time and pick up next month."),
		"",
		st.Heading.Render("To start"),
		hangingWrap("• Press "+st.Key.Render("n")+" to set up a new session: team, school year, template and who is in the room.", w, 2),
		hangingWrap("• Or quit ("+st.Key.Render("q")+") and run "+st.Key.Render("edtech-workbook demo")+" to explore a filled-in example first.", w, 2),
	}
	if h.c.Keys.Inventory.Enabled() {
		lines = append(lines, hangingWrap("• Press "+st.Key.Render("i")+" for the district's tool inventory: tools, usage, selection requests and evaluations.", w, 2))
	}
	return strings.Join(lines, "\n")
}
