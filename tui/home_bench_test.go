package tui

import (
	"fmt"
	"testing"
	"time"

	"edtech-workbook/workbook"
)

// BenchmarkHomeLoad10000: the home screen taking a list of 10,000
// sessions and drawing its first frame, the work between the list arriving
// and the first frame (the rows shown are formatted, not the rest).
//
// Run: go test ./tui -run '^$' -bench BenchmarkHomeLoad
func BenchmarkHomeLoad10000(b *testing.B) {
	sums := make([]workbook.Summary, 10000)
	at := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	for i := range sums {
		sums[i] = workbook.Summary{ID: fmt.Sprintf("%016x", i), Team: fmt.Sprintf("Alderbrook Middle School %04d", i),
			District: "Alderbrook Unified", SchoolYear: "2025-26", TemplateRef: "edtech-systems@1", Progress: i % 101,
			Updated: at.Add(-time.Duration(i) * time.Minute), Revision: 1}
	}
	c := newCommon(nil, Options{})
	c.Width, c.Height = 100, 26
	b.ReportAllocs()
	for b.Loop() {
		h := newHomeScreen(c)
		h.Update(sessionsLoadedMsg{sums: sums})
		if h.View() == "" {
			b.Fatal("nothing drawn")
		}
	}
}
