package main

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// sample is the runs of one measurement, in milliseconds.
type sample []float64

func (s sample) sorted() []float64 { c := slices.Clone(s); slices.Sort(c); return c }

// quantile is the q-quantile (0..1) by linear interpolation between the
// closest ranks; NaN for no runs.
func (s sample) quantile(q float64) float64 {
	v := s.sorted()
	if len(v) == 0 {
		return math.NaN()
	}
	pos := q * float64(len(v)-1)
	lo := int(math.Floor(pos))
	hi := int(math.Ceil(pos))
	return v[lo] + (v[hi]-v[lo])*(pos-float64(lo))
}

func (s sample) median() float64 { return s.quantile(0.5) }

// summary is "median ms (IQR p25–p75, n)".
func (s sample) summary() string {
	if len(s) == 0 {
		return "no runs"
	}
	if m := s.median(); m >= 1000 { // seconds, like fmtMS
		return fmt.Sprintf("%.2f s (IQR %.2f–%.2f s, n=%d)", m/1000, s.quantile(0.25)/1000, s.quantile(0.75)/1000, len(s))
	}
	return fmt.Sprintf("%s (IQR %s–%s, n=%d)", fmtMS(s.median()), fmtNum(s.quantile(0.25)), fmtNum(s.quantile(0.75)), len(s))
}

// ratio is the ratio of medians.
func ratio(a, b sample) float64 { return a.median() / b.median() }

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// fmtNum prints a millisecond value with sensible precision.
func fmtNum(v float64) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

func fmtMS(v float64) string {
	if v >= 1000 {
		return fmt.Sprintf("%.2f s", v/1000)
	}
	return fmtNum(v) + " ms"
}

func fmtRatio(r float64) string {
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return "–"
	}
	if r >= 10 {
		return fmt.Sprintf("%.0f×", r)
	}
	return fmt.Sprintf("%.2f×", r)
}

func fmtMB(kb int64) string { return fmt.Sprintf("%.1f MB", float64(kb)/1024) }
