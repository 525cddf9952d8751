package workbook_test

import (
	"testing"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
)

// TestYearOverYearAcrossTemplateVersions: the numbers of a session carried
// from version 1 to version 2, worked out by hand.
func TestYearOverYearAcrossTemplateVersions(t *testing.T) {
	_, s := testfixture.YoYCarried(t)
	v := workbook.BuildReport(s)
	want := []struct{ avg, prev, change string }{
		// Domain A. Now a1 2, a2 2, a4 4: (2+2+4)/3 = 2.667 → "2.7".
		// Last year's own report: a1 1, a2 2, a3 4: (1+2+4)/3 = 2.333 → "2.3"
		// (a3 is retired this year, but it was part of last year's score).
		// Change over the indicators both years share and rated, a1 and a2:
		// now (2+2)/2 = 2.0, then (1+2)/2 = 1.5, change +0.5 → "▲0.5"
		// (a4 is new and a3 retired: neither moves the change).
		{"2.7", "2.3", "▲0.5"},
		// Domain B. Now (3+3)/2 = 3.0; then (2+3)/2 = 2.5; change +0.5.
		{"3.0", "2.5", "▲0.5"},
		// Domain C. Now (3+2+2)/3 = 2.333 → "2.3"; then (3+3+2)/3 = 2.667 →
		// "2.7"; change from the unrounded scores: 2.333 − 2.667 = −0.333 →
		// "▼0.3" (subtracting the rounded scores would give 2.3 − 2.7 = ▼0.4).
		{"2.3", "2.7", "▼0.3"},
	}
	if len(v.Domains) != len(want) {
		t.Fatalf("got %d domains, want %d", len(v.Domains), len(want))
	}
	for i, w := range want {
		d := v.Domains[i]
		if d.Average != w.avg || d.Prev != w.prev || d.Change != w.change {
			t.Errorf("%s: got %s, last year %s, change %s; want %s, %s, %s", d.Title, d.Average, d.Prev, d.Change, w.avg, w.prev, w.change)
		}
	}
}

// TestOneRoundingRule: every score and change is rounded once, half away
// from zero, to one decimal.
func TestOneRoundingRule(t *testing.T) {
	for _, c := range []struct {
		x           float64
		score, mark string
		num         string
	}{
		{2.25, "2.3", "▲2.3", "2.3"},       // 9/4: exactly half way, away from zero (not "2.2")
		{0.25, "0.3", "▲0.3", "0.3"},       // 1/4
		{-0.25, "-0.3", "▼0.3", "-0.3"},    // −1/4
		{-1.0 / 3, "-0.3", "▼0.3", "-0.3"}, // −0.333
		{0.35, "0.4", "▲0.4", "0.4"},       // 7/20, not exact in binary
		{0.04, "0.0", "=", "0.0"},
		{-0.04, "0.0", "=", "0.0"},
		{2.0 / 3, "0.7", "▲0.7", "0.7"},
	} {
		if got := workbook.FormatScore(c.x); got != c.score {
			t.Errorf("FormatScore(%v) = %q, want %q", c.x, got, c.score)
		}
		if got := workbook.FormatChange(c.x); got != c.mark {
			t.Errorf("FormatChange(%v) = %q, want %q", c.x, got, c.mark)
		}
		if got := workbook.FormatChangeNumber(c.x); got != c.num {
			t.Errorf("FormatChangeNumber(%v) = %q, want %q", c.x, got, c.num)
		}
	}
}
