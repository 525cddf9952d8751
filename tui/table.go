package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"
)

// Tables of rows (the plan's action steps and data plan, the check-ins)
// and the helpers their screens share.

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
	cut := func(cells []string) []string {
		out := make([]string, len(widths))
		for i, w := range widths {
			c := ""
			if i < len(cells) {
				c, _ = previewLine(cells[i], 2*w+8)
			}
			out[i] = padRight(c, w)
		}
		return out
	}
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
	cells := [][]string{cut(t.headers)}
	for i := start; i < end; i++ {
		cells = append(cells, cut(t.rows[i]))
	}
	lines := cellLines(" ", cells)
	out := []string{st.Muted.Render(truncate("   "+lines[0], width))}
	for i := start; i < end; i++ {
		mark := " "
		if i < len(t.marks) && t.marks[i] != "" {
			mark = t.marks[i]
		}
		line := truncate(mark+" "+lines[1+i-start], width-1)
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

// cellLines lays out rows of cells, each already cut and padded to its
// column's width, as a Lip Gloss table with sep between the columns and no
// borders: one line per row.
func cellLines(sep string, rows [][]string) []string {
	t := table.New().Wrap(false).
		Border(lipgloss.Border{Left: sep}).BorderColumn(true).
		BorderTop(false).BorderBottom(false).BorderLeft(false).BorderRight(false).BorderHeader(false).
		Rows(rows...)
	return strings.Split(t.Render(), "\n")
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
