package tui

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"edtech-workbook/workbook"
)

// A measure's run chart drawn in text: its dated values in order (●, joined
// by •), against its target (a dotted line, ┈, labelled "target") and its
// baseline (a dashed line, ╌, labelled "baseline"), the top and bottom
// numbers on the left axis, each value and its date written under its
// point. Everything is said in characters and words, never by colour alone.
//
//	 100 ┤┈┈┈┈┈┈┈┈┈┈┈┈┈┈┈┈┈┈┈┈┈┈┈┈┈┈┈┈┈┈┈┈┈┈┈┈┈●┈ target 100
//	     │                        •••••••••••••
//	     │           ●••••••••••••
//	     │   ••••••••
//	  22 ┤●╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌ baseline 22
//	      22%        48%                       96%
//	      2025-09-15 2025-11-18                2026-02-10

// runChartRows is the height of the plot, in lines.
const runChartRows = 5

// runChartLines draws m in w cells: a title line (the measure), the chart,
// and the values and dates under it; a measure without values is one line
// saying so.
func runChartLines(st *Styles, m workbook.MeasureSeries, w int) []string {
	title := st.Heading.Render(truncate(cleanLine(m.Measure), w))
	if len(m.Points) == 0 {
		return []string{title, st.Muted.Render(truncate("  "+m.Summary, w))}
	}
	lo, hi := m.Low, m.High
	if hi-lo < 1e-9 {
		lo, hi = lo-1, hi+1
	}
	row := func(v float64) int {
		return clampInt(int(math.Round((hi-v)/(hi-lo)*float64(runChartRows-1))), 0, runChartRows-1)
	}
	axisW := max(len(chartNumber(m.High)), len(chartNumber(m.Low))) + 1
	var refs []chartRef
	if m.HasTarget {
		refs = append(refs, chartRef{row: row(m.TargetValue), fill: '┈', label: "target " + chartNumber(m.TargetValue)})
	}
	if m.HasBaseline {
		refs = append(refs, chartRef{row: row(m.BaselineValue), fill: '╌', label: "baseline " + chartNumber(m.BaselineValue)})
	}
	labelW := 0
	for _, r := range refs {
		labelW = max(labelW, utf8.RuneCountInString(r.label)+1)
	}
	plotW := w - axisW - 2 - labelW
	if plotW < 8 { // too narrow for a chart: say it in words
		return []string{title, truncate("  "+m.Summary, w)}
	}
	plotW = min(plotW, 60)

	grid := make([][]rune, runChartRows)
	for i := range grid {
		grid[i] = []rune(strings.Repeat(" ", plotW))
	}
	for _, r := range refs {
		for x := range grid[r.row] {
			grid[r.row][x] = r.fill
		}
	}
	n := len(m.Points)
	xs := make([]int, n)
	for i := range m.Points {
		if n == 1 {
			xs[i] = plotW / 2
		} else {
			xs[i] = int(math.Round(float64(i) * float64(plotW-1) / float64(n-1)))
		}
	}
	for i := 1; i < n; i++ { // the line between two values
		x0, x1 := xs[i-1], xs[i]
		y0, y1 := float64(row(m.Points[i-1].Number)), float64(row(m.Points[i].Number))
		for x := x0 + 1; x < x1; x++ {
			y := int(math.Round(y0 + (y1-y0)*float64(x-x0)/float64(x1-x0)))
			grid[y][x] = '•'
		}
	}
	for i, p := range m.Points {
		grid[row(p.Number)][xs[i]] = '●'
	}

	lines := []string{title}
	pad := strings.Repeat(" ", axisW)
	for y, cells := range grid {
		axis, tick := pad, "│"
		switch y {
		case 0:
			axis, tick = padLeft(chartNumber(m.High), axisW), "┤"
		case runChartRows - 1:
			axis, tick = padLeft(chartNumber(m.Low), axisW), "┤"
		}
		line := st.Muted.Render(axis+" "+tick) + st.BarFull.Render(string(cells))
		for _, r := range refs {
			if r.row == y {
				line += " " + r.label
				break
			}
		}
		lines = append(lines, truncate(line, w))
	}
	values, dates := make([]string, n), make([]string, n)
	for i, p := range m.Points {
		values[i], dates[i] = cleanLine(p.Value), p.Date
	}
	lead := strings.Repeat(" ", axisW+2)
	lines = append(lines, truncate(lead+labelRow(xs, values, plotW+labelW), w))
	lines = append(lines, st.Muted.Render(truncate(lead+labelRow(xs, dates, plotW+labelW), w)))
	return lines
}

type chartRef struct {
	row   int
	fill  rune
	label string
}

// labelRow writes each label starting under its point's column, skipping
// a label that would run into the one before it (the first and the last
// are always written; the last is moved left to fit).
func labelRow(xs []int, labels []string, width int) string {
	out := []rune(strings.Repeat(" ", width))
	next := 0 // the first free column
	put := func(x int, s string) {
		r := []rune(s)
		x = clampInt(x, 0, max(width-len(r), 0))
		for i, c := range r {
			if x+i < len(out) {
				out[x+i] = c
			}
		}
		next = x + len(r) + 1
	}
	last := len(xs) - 1
	for i, x := range xs {
		room := width
		if i < last {
			room = width - utf8.RuneCountInString(labels[last]) - 1 // keep room for the last
		}
		if (x >= next && x+utf8.RuneCountInString(labels[i]) <= room) || i == 0 {
			put(x, labels[i])
		} else if i == last {
			put(max(x, next), labels[i])
		}
	}
	return strings.TrimRight(string(out), " ")
}

// chartNumber writes a chart's number without needless decimals.
func chartNumber(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// padLeft pads s with spaces on the left to w cells.
func padLeft(s string, w int) string {
	if n := cellWidth(s); n < w {
		return strings.Repeat(" ", w-n) + s
	}
	return s
}

// sparkline draws values as one line of bars (▁ … █) scaled from lo to hi.
func sparkline(m workbook.MeasureSeries) string {
	const bars = "▁▂▃▄▅▆▇█"
	lo, hi := m.Low, m.High
	var b strings.Builder
	for _, p := range m.Points {
		i := 0
		if hi > lo {
			i = int(math.Round((p.Number - lo) / (hi - lo) * 7))
		}
		b.WriteRune([]rune(bars)[clampInt(i, 0, 7)])
	}
	return b.String()
}
