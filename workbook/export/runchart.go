package export

import (
	"math"
	"strconv"

	"edtech-workbook/workbook"
)

// runChart is an inline SVG run chart of one measure: its dated values in
// order, joined by a line, against its baseline and target drawn as labelled
// lines across the chart. Every value is written beside its point and every
// date under it, and the chart has a <title> and a <desc> (the chart in
// words), so nothing depends on colour or on reading the line alone.
// Geometry is worked out here; summary.tmpl writes the elements.
type runChart struct {
	ID             string // unique in the page: "run-1"
	Title, Summary string
	Width, Height  int
	PlotLeft       int
	PlotRight      int
	AxisY          int // the x axis (below the plot)
	TopLabel       string
	TopY           int
	BottomLabel    string
	BottomY        int
	Line           string // the polyline's points "x,y x,y …"
	Points         []runPoint
	Refs           []runRef // baseline and target lines
}

type runPoint struct {
	X, Y       string
	LabelY     string // the value's label, above the point
	DateY      string // the date's label, under the axis
	Value      string
	Date       string // "" when the date label is left out (many points)
	Tooltip    string // "2026-02-10: 96% (check-in of 2026-02-10) — note"
	ShowLabels bool
}

type runRef struct {
	Class      string // "baseline" or "target"
	Y, LabelY  string
	X1, X2     int
	Label      string // "baseline 22%"
	LabelX     int
	TitleLabel string
}

// Run chart geometry (SVG user units).
const (
	runWidth     = 720
	runHeight    = 230
	runPlotLeft  = 70
	runPlotRight = 540
	runPlotTop   = 30
	runPlotBot   = 170
	runMaxDates  = 8 // more points than this: only some dates are written
)

// measureBlock is one measure under "Progress toward the aim": its title,
// what its chart shows in words, and the chart (nil without values).
type measureBlock struct {
	Measure, Summary string
	Chart            *runChart
}

// newMeasureBlocks lays out every measure, with a chart for each one that
// has dated values.
func newMeasureBlocks(measures []workbook.MeasureSeries) []measureBlock {
	out := make([]measureBlock, 0, len(measures))
	charts := 0
	for _, m := range measures {
		b := measureBlock{Measure: m.Measure, Summary: m.Summary}
		if len(m.Points) > 0 {
			charts++
			c := newRunChart(m, "run-"+strconv.Itoa(charts))
			b.Chart = &c
		}
		out = append(out, b)
	}
	return out
}

func newRunChart(m workbook.MeasureSeries, id string) runChart {
	c := runChart{ID: id, Title: "Run chart: " + workbook.Shorten(m.Measure, 120), Summary: m.Summary,
		Width: runWidth, Height: runHeight, PlotLeft: runPlotLeft, PlotRight: runPlotRight, AxisY: runPlotBot + 8}
	lo, hi := m.Low, m.High
	if hi-lo < 1e-9 {
		lo, hi = lo-1, hi+1
	}
	pad := (hi - lo) * 0.08
	lo, hi = lo-pad, hi+pad
	y := func(v float64) float64 {
		return runPlotBot - (v-lo)/(hi-lo)*(runPlotBot-runPlotTop)
	}
	f := func(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }
	c.TopLabel, c.TopY = number(m.High), int(math.Round(y(m.High)))+4
	c.BottomLabel, c.BottomY = number(m.Low), int(math.Round(y(m.Low)))+4
	n := len(m.Points)
	step := 0.0
	if n > 1 {
		step = float64(runPlotRight-runPlotLeft-20) / float64(n-1)
	}
	every := 1
	if n > runMaxDates {
		every = (n + runMaxDates - 1) / runMaxDates
	}
	for i, p := range m.Points {
		x := float64(runPlotLeft+10) + float64(i)*step
		if n == 1 {
			x = float64(runPlotLeft+runPlotRight) / 2
		}
		py := y(p.Number)
		tip := p.Date + ": " + p.Value
		if p.CheckIn != "" {
			tip += " (check-in of " + p.CheckIn + ")"
		}
		if p.Note != "" {
			tip += " — " + workbook.Shorten(p.Note, 200)
		}
		show := i%every == 0 || i == n-1
		pt := runPoint{X: f(x), Y: f(py), LabelY: f(py - 9), DateY: strconv.Itoa(runPlotBot + 26), Value: workbook.Shorten(p.Value, 12),
			Tooltip: tip, ShowLabels: show}
		if show {
			pt.Date = p.Date
		}
		if c.Line != "" {
			c.Line += " "
		}
		c.Line += f(x) + "," + f(py)
		c.Points = append(c.Points, pt)
	}
	ref := func(class, word, text string, v float64) {
		ry := y(v)
		c.Refs = append(c.Refs, runRef{Class: class, Y: f(ry), LabelY: f(ry + 4), X1: runPlotLeft, X2: runPlotRight,
			Label: word + " " + number(v), LabelX: runPlotRight + 8, TitleLabel: word + ": " + workbook.Shorten(text, 120)})
	}
	if m.HasBaseline {
		ref("baseline", "baseline", m.Baseline, m.BaselineValue)
	}
	if m.HasTarget {
		ref("target", "target", m.Target, m.TargetValue)
	}
	// Labels of lines that nearly meet are moved apart so both can be read.
	if len(c.Refs) == 2 {
		a, b := &c.Refs[0], &c.Refs[1]
		ay, _ := strconv.ParseFloat(a.LabelY, 64)
		by, _ := strconv.ParseFloat(b.LabelY, 64)
		if math.Abs(ay-by) < 14 {
			if ay <= by {
				b.LabelY = f(ay + 14)
			} else {
				a.LabelY = f(by + 14)
			}
		}
	}
	return c
}

// number writes a chart's number without needless decimals: 22, 3.5, 1200.
func number(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}
