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

// inventoryScreen is the district's tools as a table: status counts and
// what falls due above it, a filter (/), a sort by any column (s the next
// column, S the other way round), and the way to each tool's page, the
// selection requests, the core tools and the usage import.
//
// The table is built from the rows invDoc keeps (cells formatted once per
// change), so a keypress only filters or moves: no store, no formatting
// of 2,000 tools.
type inventoryScreen struct {
	c *Common

	gen    int   // the invDoc.gen the order was built from
	order  []int // every row, in sort order (indexes into invDoc.rows)
	shown  []int // the rows of order that pass the filter
	cursor int   // index into shown
	offset int
	sortBy int  // a column
	desc   bool // the other way round

	filter string
	typing bool

	add *smallForm // the "new tool" form
}

func newInventoryScreen(c *Common) *inventoryScreen { return &inventoryScreen{c: c, gen: -1} }

func (s *inventoryScreen) Init() tea.Cmd {
	d := s.c.inv
	s.sync()
	if d.listed() {
		return d.loadFull()
	}
	return d.loadList() // the full inventory follows once the list is up
}

func (s *inventoryScreen) Title() string { return "Tools" }

func (s *inventoryScreen) Capturing() bool { return s.typing || s.add != nil }

func (s *inventoryScreen) Help() help.KeyMap {
	k := s.c.Keys
	switch {
	case s.add != nil:
		return newKeyHelp([]key.Binding{k.FormNext, k.FormPrev, k.Cancel})
	case s.typing: // (the help page cannot open while the filter has the keys)
		return newKeyHelp([]key.Binding{k.KeepFilter, k.DropFilter}, []key.Binding{k.KeepFilter})
	}
	open := as(k.Enter, "open tool")
	short := append([]key.Binding{open, k.Filter, k.SortNext, k.SortReverse}, s.c.editKeys(as(k.New, "new tool"))...)
	short = append(short, k.Requests, k.CoreTools)
	short = append(short, s.c.editKeys(k.ImportUsage, k.KeepYear)...)
	more := append(append(s.c.editKeys(as(k.New, "new tool")), k.Requests, k.CoreTools), s.c.editKeys(k.ImportUsage, k.KeepYear)...)
	return newKeyHelp(short,
		[]key.Binding{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown},
		[]key.Binding{open, k.Filter, k.SortNext, k.SortReverse}, more)
}

func (s *inventoryScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if cmd, took := forwardToForm(&s.add, msg); took {
		return s, cmd
	}
	switch msg := msg.(type) {
	case invChangedMsg:
		s.sync()
		if s.c.inv.listed() && !s.c.inv.ready() {
			return s, s.c.inv.loadFull()
		}
	case resumeMsg:
		s.sync()
	case tea.KeyPressMsg:
		return s, s.key(msg)
	case tea.PasteMsg:
		if s.typing {
			s.setFilter(s.filter + cleanLine(msg.Content))
		}
	}
	return s, nil
}

// sync rebuilds the order and the filter when the rows changed.
func (s *inventoryScreen) sync() {
	d := s.c.inv
	if s.gen == d.gen {
		return
	}
	keep := s.selectedID()
	s.gen = d.gen
	s.order = make([]int, len(d.rows))
	for i := range s.order {
		s.order[i] = i
	}
	s.sortRows()
	s.applyFilter(keep)
}

func (s *inventoryScreen) selectedID() string {
	if s.cursor >= 0 && s.cursor < len(s.shown) {
		return s.c.inv.rows[s.shown[s.cursor]].sum.ID
	}
	return ""
}

// sortRows orders every row by the sort column, then by name.
func (s *inventoryScreen) sortRows() {
	rows := s.c.inv.rows
	col, desc := s.sortBy, s.desc
	slices.SortStableFunc(s.order, func(i, j int) int {
		a, b := &rows[i], &rows[j]
		c := compareRows(a, b, col)
		if desc {
			c = -c
		}
		if c == 0 {
			c = strings.Compare(a.nameKey, b.nameKey)
		}
		return c
	})
}

func compareRows(a, b *invRow, col int) int {
	cmpInt := func(x, y int64) int {
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	switch col {
	case colVendor:
		return strings.Compare(a.vendorKey, b.vendorKey)
	case colStatus:
		return cmpInt(int64(a.status), int64(b.status))
	case colAgreement:
		return cmpInt(int64(a.agreement), int64(b.agreement))
	case colUsers:
		return cmpInt(a.users, b.users)
	case colCost:
		return cmpInt(a.cost, b.cost)
	case colRenewal:
		switch {
		case a.renewal.IsZero() != b.renewal.IsZero(): // no date last
			if a.renewal.IsZero() {
				return 1
			}
			return -1
		}
		return a.renewal.Compare(b.renewal)
	}
	return strings.Compare(a.nameKey, b.nameKey)
}

// applyFilter keeps the rows whose text holds the filter, in order, with
// the cursor on tool keep when it is still shown.
func (s *inventoryScreen) applyFilter(keep string) {
	rows := s.c.inv.rows
	needle := strings.ToLower(strings.TrimSpace(s.filter))
	s.shown = s.shown[:0]
	s.cursor = 0
	for _, i := range s.order {
		if needle == "" || strings.Contains(rows[i].search, needle) {
			if rows[i].sum.ID == keep {
				s.cursor = len(s.shown)
			}
			s.shown = append(s.shown, i)
		}
	}
}

func (s *inventoryScreen) setFilter(f string) {
	keep := s.selectedID()
	s.filter = f
	s.applyFilter(keep)
}

func (s *inventoryScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.Keys
	if s.add != nil {
		cmd, closed := s.add.key(msg)
		if closed {
			if !s.add.closed {
				s.c.SetStatus("no tool added")
			}
			s.add = nil
		}
		return cmd
	}
	if s.typing {
		switch {
		case key.Matches(msg, k.KeepFilter):
			s.typing = false
		case key.Matches(msg, k.DropFilter):
			s.typing = false
			s.setFilter("")
		case key.Matches(msg, k.DeleteChar):
			if r := []rune(s.filter); len(r) > 0 {
				s.setFilter(string(r[:len(r)-1]))
			}
		case msg.Text != "":
			s.setFilter(s.filter + cleanLine(msg.Text))
		}
		return nil
	}
	page := max(s.listHeight()-1, 1)
	switch {
	case key.Matches(msg, k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown):
		s.cursor = listCursor(k, msg, s.cursor, len(s.shown), page)
	case key.Matches(msg, k.Filter):
		s.typing = true
	case key.Matches(msg, k.SortNext):
		keep := s.selectedID()
		s.sortBy, s.desc = (s.sortBy+1)%invColumns, false
		s.sortRows()
		s.applyFilter(keep)
	case key.Matches(msg, k.SortReverse):
		keep := s.selectedID()
		s.desc = !s.desc
		s.sortRows()
		s.applyFilter(keep)
	case key.Matches(msg, k.Enter):
		if id := s.selectedID(); id != "" {
			return openScreen(route{screen: ScreenTool, tool: id})
		}
	case key.Matches(msg, k.Requests):
		return openScreen(to(ScreenRequests))
	case key.Matches(msg, k.CoreTools):
		return openScreen(to(ScreenCoreTools))
	case key.Matches(msg, k.ImportUsage):
		if s.c.Review {
			s.c.SetError(errReadOnly)
			return nil
		}
		return openScreen(to(ScreenUsageImport))
	case key.Matches(msg, k.KeepYear):
		if s.c.Review {
			s.c.SetError(errReadOnly)
			return nil
		}
		cmd, err := s.c.changeInventory(keepYear)
		if err != nil {
			s.c.SetError(err)
		}
		return cmd
	case key.Matches(msg, k.New):
		if s.c.Review {
			s.c.SetError(errReadOnly)
			return nil
		}
		if !s.c.inv.ready() {
			s.c.SetError(errNotLoaded)
			return nil
		}
		return s.openAdd()
	}
	return nil
}

// openAdd opens the "new tool" form (newToolForm); the tool's page opens
// once it is added.
func (s *inventoryScreen) openAdd() tea.Cmd {
	var id string
	s.add = formFor(s.c, newToolForm(s.c.inv.inv(), &id), nil, func() tea.Cmd {
		return openScreen(route{screen: ScreenTool, tool: id})
	})
	return s.add.init(s.c.Width, s.c.Height)
}

// newToolNameProblem refuses an empty name and one the inventory already
// has (case, punctuation and company suffixes aside), as `inventory add`
// does.
func newToolNameProblem(inv *inventory.Inventory, name string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return fmt.Errorf("the name is needed; type the name people know the tool by")
	}
	if inv == nil {
		return nil
	}
	for i := range inv.Tools {
		t := &inv.Tools[i]
		switch inventory.MatchName(t.Name, name) {
		case inventory.MatchExact, inventory.MatchSame:
			return fmt.Errorf("%q is already in the inventory as %q; open its page instead", cleanLine(name), cleanLine(t.Name))
		}
	}
	return nil
}

// listHeight is the number of table lines (header included) View draws.
func (s *inventoryScreen) listHeight() int {
	return max(s.c.Height-len(s.headLines(s.c.Width))-1, 2)
}

// headLines are the lines above the table.
func (s *inventoryScreen) headLines(w int) []string {
	st := s.c.Styles
	d := s.c.inv
	total := len(d.rows)
	title := fmt.Sprintf("Tools (%s)", thousands(total))
	if len(s.shown) != total {
		title = fmt.Sprintf("Tools (%s of %s)", thousands(len(s.shown)), thousands(total))
	}
	dir := "↑"
	if s.desc {
		dir = "↓"
	}
	title += " · sorted by " + strings.ToLower(invColumnNames[s.sortBy]) + " " + dir
	lines := []string{st.Title.Render(truncate(title, w))}
	var counts []string
	for _, status := range inventory.Statuses() {
		counts = append(counts, fmt.Sprintf("%s %d", status, d.counts[status]))
	}
	lines = append(lines, truncate(strings.Join(counts, " · "), w))
	if a := d.alertLine(); a != "" {
		lines = append(lines, st.Warning.Render(truncate(a, w)))
	}
	switch {
	case s.typing:
		lines = append(lines, truncate("Filter: "+s.filter+"█", w))
	case s.filter != "":
		lines = append(lines, st.Muted.Render(truncate("Filter: "+s.filter+"  (/ to change, esc in the filter clears it)", w)))
	case d.criteriaNote != "" && s.c.Height >= 20:
		lines = append(lines, st.Muted.Render(truncate("Note: "+d.criteriaNote, w)))
	default:
		lines = append(lines, st.Muted.Render(truncate("enter opens a tool · / filters · s sorts by the next column, S reverses", w)))
	}
	return append(lines, "")
}

// invTableColumns gives each column a width for a window w wide (0 hides
// it): the name and vendor share what the fixed columns leave.
func invTableColumns(w int) [invColumns]int {
	inner := w - 2                                                           // the cursor marker
	const status, agreement, users, cost, renewal, gap = 9, 9, 15, 12, 10, 2 // cost: "not recorded"
	var c [invColumns]int
	switch {
	case inner >= 100:
		flex := inner - status - agreement - users - cost - renewal - 6*gap
		c = [invColumns]int{flex * 55 / 100, flex - flex*55/100, status, agreement, users, cost, renewal}
	case inner >= 74:
		flex := inner - status - agreement - users - cost - renewal - 5*gap
		c = [invColumns]int{flex, 0, status, agreement, users, cost, renewal}
	case inner >= 50:
		flex := inner - status - agreement - users - 3*gap
		c = [invColumns]int{flex, 0, status, agreement, users, 0, 0}
	default:
		c = [invColumns]int{max(inner-status-gap, 4), 0, status, 0, 0, 0, 0}
	}
	return c
}

func (s *inventoryScreen) View() string {
	st := s.c.Styles
	w, h := s.c.Width, s.c.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	d := s.c.inv
	if s.add != nil {
		return s.add.view(w, h)
	}
	if !d.listed() {
		return d.waitingView(st, w)
	}
	if len(d.rows) == 0 {
		return s.firstRun(w, h)
	}
	var b strings.Builder
	for _, l := range s.headLines(w) {
		b.WriteString(l + "\n")
	}
	cols := invTableColumns(w)
	header := invColumnNames
	dir := " ↑"
	if s.desc {
		dir = " ↓"
	}
	header[s.sortBy] += dir
	b.WriteString(st.Heading.Render(truncate(formatRow(cols[:], "  ", header[:]), w)))
	listH := s.listHeight() - 1
	s.offset = scrollOffset(s.cursor, s.offset, listH, len(s.shown))
	if len(s.shown) == 0 {
		b.WriteString("\n" + st.Muted.Render(truncate("  No tool matches the filter.", w)))
	}
	listH = max(listH, 1)
	for i := s.offset; i < len(s.shown) && i < s.offset+listH; i++ {
		r := &d.rows[s.shown[i]]
		b.WriteString("\n")
		if i == s.cursor {
			b.WriteString(st.Selected.Render(truncate(formatRow(cols[:], "› ", r.cells[:]), w)))
		} else {
			b.WriteString(truncate(formatRow(cols[:], "  ", r.cells[:]), w))
		}
	}
	if n := len(s.shown); n > listH {
		b.WriteString("\n" + st.Muted.Render(truncate(fmt.Sprintf("  %s–%s of %s (pgup/pgdn)", thousands(s.offset+1), thousands(min(s.offset+listH, n)), thousands(n)), w)))
	}
	return clampLines(b.String(), h)
}

func (s *inventoryScreen) firstRun(w, h int) string {
	st := s.c.Styles
	w = min(w, 76)
	p := func(t string) string { return wrap(t, w) }
	return clampLines(strings.Join([]string{
		st.Title.Render(truncate("The tool inventory is empty", w)),
		"",
		p("Keep every edtech tool the district uses or was asked for here: what it is for, who uses it, " +
			"how much, what it costs, its data-privacy agreement and its accessibility."),
		"",
		hangingWrap("• Press "+st.Key.Render("n")+" to add a tool by name.", w, 2),
		hangingWrap("• Press "+st.Key.Render("u")+" to import a usage report (a ClassLink or Clever export, or any CSV): each tool in it is added or matched.", w, 2),
		hangingWrap("• Press "+st.Key.Render("r")+" for the selection requests: a need first, then a product.", w, 2),
	}, "\n"), h)
}

// toolName is a tool's cleaned name from the rows ("" when unknown).
func (d *invDoc) toolName(id string) string {
	if i, ok := d.byID[id]; ok {
		return d.rows[i].cells[colName]
	}
	return ""
}
