package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// The smallest window the screens are laid out for.
const (
	MinWidth  = 60
	MinHeight = 16
)

// chromeLines is what the chrome draws around a screen: title, status, help.
const chromeLines = 3

// chrome draws what surrounds the screen on top: the title line above it,
// the status and help lines below it, the full help page (`?`) in its place,
// and the "make the window larger" message below the minimum size.
type chrome struct {
	help     help.Model
	showHelp bool // the full help page is up

	helpSig, helpCache string // the last help line and what it was made from
}

// frame is what the chrome needs to know of the root for one frame.
type frame struct {
	c          *Common
	winW, winH int
	depth      int // screens on the stack (1 = Home only)
	top        Screen
}

func newChrome(st *Styles) chrome {
	ch := chrome{help: help.New()}
	ch.help.Styles = st.Help
	return ch
}

// setStyles follows a change of background.
func (ch *chrome) setStyles(st *Styles) { ch.help.Styles = st.Help }

// setWidth follows a change of the window's width.
func (ch *chrome) setWidth(w int) { ch.help.SetWidth(w) }

// tooSmallFor reports whether a window of w×h is below the minimum.
func tooSmallFor(w, h int) bool { return w < MinWidth || h < MinHeight }

// contentSize is the area a screen draws in, in a window of w×h.
func contentSize(w, h int) (int, int) { return max(w, 0), max(h-chromeLines, 0) }

// render draws the whole frame.
func (ch *chrome) render(f frame) string {
	if f.winW <= 0 || f.winH <= 0 {
		return ""
	}
	if tooSmallFor(f.winW, f.winH) {
		return tooSmall(f.winW, f.winH)
	}
	st := f.c.Styles
	w, h := contentSize(f.winW, f.winH)
	var body string
	if ch.showHelp {
		body = st.Title.Render("Keys") + "\n\n" + ch.fullHelpView(ch.fullHelp(f), w)
	} else {
		body = f.top.View()
	}
	body = fitBlock(body, w, h)
	return ch.titleLine(f) + "\n" + body + "\n" + statusText(f.c, f.winW) + "\n" + ch.helpLine(f)
}

// fitBlock cuts s to w×h cells and pads it to h lines, so the status and
// help lines always sit at the bottom. (Cheaper than a lipgloss Width/Height
// style: this runs on every frame.)
func fitBlock(s string, w, h int) string {
	if h <= 0 {
		return ""
	}
	lines := strings.SplitN(s, "\n", h+1)
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		// A line of at most w bytes is at most w cells: skip measuring it.
		if len(l) > w && ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// tooSmall is the whole frame below the minimum size.
func tooSmall(w, h int) string {
	msg := fmt.Sprintf("make the window larger (needs %d×%d)", MinWidth, MinHeight)
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center,
		lipgloss.NewStyle().Width(w).MaxHeight(h).Align(lipgloss.Center).Render(msg))
}

func (ch *chrome) titleLine(f frame) string {
	parts := []string{"edtech-workbook"}
	if s := f.c.Session; s != nil && f.depth > 1 {
		parts = append(parts, cleanLine(s.Team)+" · "+cleanLine(s.SchoolYear))
	}
	if t := f.top.Title(); t != "" && f.depth > 1 {
		parts = append(parts, t)
	}
	line := strings.Join(parts, " › ")
	if f.c.Review {
		// The badge goes first so a narrow window never cuts it off.
		line = reviewBadge + " · " + line
	}
	return f.c.Styles.Header.Render(truncate(line, f.winW))
}

// statusText is the status line: an error, a warning, "saving…" while a
// save is in flight, or the last news.
func statusText(c *Common, w int) string {
	st := c.Styles
	switch c.status.kind {
	case statusError:
		return st.StatusErr.Render(truncate("! "+c.status.text, w))
	case statusWarning:
		return st.Warning.Render(truncate("warning: "+c.status.text, w))
	}
	text := c.status.text
	if c.saves.saving() || c.inv.saves.saving() {
		text = "saving…"
	}
	return st.Status.Render(truncate(text, w))
}

// globalKeys are the root's keys the help shows beside the screen's.
func globalKeys(f frame) []key.Binding {
	k := f.c.Keys
	var keys []key.Binding
	if f.c.Review { // commenting is what review mode is for: always show how
		keys = append(keys, k.Comment)
	}
	if f.depth == 1 {
		return append(keys, k.Help, k.Quit)
	}
	return append(keys, k.Back, k.Help)
}

func (ch *chrome) helpLine(f frame) string {
	var short []key.Binding
	capturing := f.top.Capturing()
	if !ch.showHelp {
		short = f.top.Help().ShortHelp()
		if !capturing { // the global keys follow: never show one twice
			short = without(short, globalKeys(f))
		}
	}
	// The help line is the same for most frames: reuse it (it is costly to style).
	var sig strings.Builder
	fmt.Fprintf(&sig, "%d|%v|%v|%d|%v|%v|", f.winW, ch.showHelp, capturing, f.depth, f.c.IsDark, f.c.Review)
	for _, b := range short {
		sig.WriteString(b.Help().Key + "\x00" + b.Help().Desc + "\x00")
	}
	if sig.String() == ch.helpSig {
		return ch.helpCache
	}
	ch.helpSig, ch.helpCache = sig.String(), ch.renderHelpLine(f, short, capturing)
	return ch.helpCache
}

func (ch *chrome) renderHelpLine(f frame, short []key.Binding, capturing bool) string {
	if ch.showHelp {
		return truncate(ch.help.ShortHelpView([]key.Binding{f.c.Keys.Back, f.c.Keys.Kill}), f.winW)
	}
	// The global keys always show; the screen's keys get the rest of the line.
	global := ""
	if !capturing { // while a field has the keys, ?/q/esc belong to it
		global = ch.help.ShortHelpView(globalKeys(f))
	}
	avail := max(f.winW-lipgloss.Width(global)-3, 1)
	line := ch.fitShortHelp(short, avail)
	if global != "" && line != "" {
		line += ch.help.Styles.ShortSeparator.Render(ch.help.ShortSeparator)
	}
	return truncate(line+global, f.winW)
}

// fitShortHelp renders as many of the screen's keys as fit in w cells,
// with "…" when some were left out. (help.Model's own width limit lets an
// item overflow when its ellipsis does not fit.)
func (ch *chrome) fitShortHelp(short []key.Binding, w int) string {
	line := ch.help.ShortHelpView(short)
	if lipgloss.Width(line) <= w {
		return line
	}
	tail := " " + ch.help.Styles.Ellipsis.Render(ch.help.Ellipsis)
	for n := len(short) - 1; n > 0; n-- {
		line = ch.help.ShortHelpView(short[:n]) + tail
		if lipgloss.Width(line) <= w {
			return line
		}
	}
	return ""
}

// fullHelpView lays the help's columns side by side as far as they fit in
// w cells, then starts a new row of columns below (help.Model's own full
// view drops the columns that do not fit).
func (ch *chrome) fullHelpView(groups [][]key.Binding, w int) string {
	const gap = "    "
	var rows, row []string
	rowW := 0
	for _, g := range groups {
		col := ch.help.FullHelpView([][]key.Binding{g})
		if col == "" {
			continue
		}
		cw := lipgloss.Width(col)
		if len(row) > 0 && rowW+len(gap)+cw > w {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, rowW = nil, 0
		}
		if len(row) > 0 {
			row = append(row, gap)
			rowW += len(gap)
		}
		row = append(row, col)
		rowW += cw
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	return strings.Join(rows, "\n\n")
}

// fullHelp is the `?` page: the screen's columns, then the global keys
// (each key once). While a field has the keys only ctrl+c is global.
func (ch *chrome) fullHelp(f frame) [][]key.Binding {
	global := []key.Binding{f.c.Keys.Kill}
	if !f.top.Capturing() {
		global = globalKeys(f)
		if !f.c.Review {
			global = append(global, f.c.Keys.Comment)
		}
		global = append(global, f.c.Keys.Kill)
	}
	var groups [][]key.Binding
	for _, col := range f.top.Help().FullHelp() {
		if col = without(col, global); len(col) > 0 {
			groups = append(groups, col)
		}
	}
	return append(groups, global)
}

// without is bs less the bindings that are also in shown.
func without(bs, shown []key.Binding) []key.Binding {
	out := make([]key.Binding, 0, len(bs))
	for _, b := range bs {
		if !slices.ContainsFunc(shown, func(s key.Binding) bool { return sameBinding(b, s) }) {
			out = append(out, b)
		}
	}
	return out
}

// sameBinding reports whether a and b are the same keys with the same help.
func sameBinding(a, b key.Binding) bool {
	return a.Help() == b.Help() && slices.Equal(a.Keys(), b.Keys())
}
