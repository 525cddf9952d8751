package cli

import (
	"bytes"
	"fmt"
	"io"
	"iter"
	"testing"
	"text/tabwriter"
	"time"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

// benchSummaries are n list entries like the seeded bench file's.
func benchSummaries(n int) []workbook.Summary {
	sums := make([]workbook.Summary, n)
	at := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	for i := range sums {
		sums[i] = workbook.Summary{ID: fmt.Sprintf("%016x", i*7919), Team: fmt.Sprintf("Alderbrook Middle School %04d", i),
			District: "Alderbrook Unified", SchoolYear: "2025-26", TemplateRef: "edtech-systems@1", Progress: i % 101,
			Updated: at.Add(-time.Duration(i) * time.Minute), Revision: 1}
	}
	return sums
}

// rowsOf are the list rows of sums, as store.ListRows hands them out.
func rowsOf(sums []workbook.Summary) iter.Seq2[*store.ListRow, error] {
	return func(yield func(*store.ListRow, error) bool) {
		for _, s := range sums {
			r := store.ListRow{ID: []byte(s.ID), Team: []byte(s.Team), District: []byte(s.District), SchoolYear: []byte(s.SchoolYear),
				TemplateRef: []byte(s.TemplateRef), Cohort: []byte(s.Cohort), Progress: s.Progress, Updated: s.Updated}
			if !yield(&r, nil) {
				return
			}
		}
	}
}

// BenchmarkListTable10000: the table `list` prints for 10,000 sessions.
//
// Run: go test ./cli -run '^$' -bench BenchmarkListTable
func BenchmarkListTable10000(b *testing.B) {
	sums := benchSummaries(10000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := writeSessionTable(io.Discard, rowsOf(sums)); err != nil {
			b.Fatal(err)
		}
	}
}

// The table is what text/tabwriter made of it before (cells as cell()
// cleans them, two spaces between columns), for every kind of text.
func TestSessionTableAsTabwriter(t *testing.T) {
	sums := benchSummaries(40)
	sums[3].Team = "Équipe Ærø ünïcode"
	sums[5].District = ""
	sums[7].Team = "x\x1b[31mred\x1b[0m\ttab"
	sums[9].TemplateRef = "日本語のテンプレート@2"
	sums[11].Team = "مدرسة \u200dالنور"
	sums[13].Progress = 100
	sums[15].Updated = time.Time{} // year 1
	sums[17].Updated = time.Date(12026, 1, 2, 3, 4, 5, 0, time.UTC)
	var want bytes.Buffer
	tw := tabwriter.NewWriter(&want, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTEAM\tDISTRICT\tYEAR\tTEMPLATE\tPROGRESS\tCHANGED")
	for _, s := range sums {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", cell(s.ID), cell(s.Team), cell(s.District),
			cell(s.SchoolYear), cell(s.TemplateRef), workbook.ProgressText(s.Progress), s.Updated.Local().Format("2006-01-02 15:04"))
	}
	_ = tw.Flush()
	var got bytes.Buffer
	if n, err := writeSessionTable(&got, rowsOf(sums)); err != nil || n != len(sums) {
		t.Fatalf("writeSessionTable = %d rows, %v; want %d", n, err, len(sums))
	}
	if got.String() != want.String() {
		t.Fatalf("table differs:\n%s\nwant:\n%s", got.String(), want.String())
	}
}
