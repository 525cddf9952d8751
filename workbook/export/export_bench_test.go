package export

import (
	"fmt"
	"io"
	"testing"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
)

// BenchmarkExport1000 exports 1,000 sessions (copies of the demo, the
// largest realistic session) per iteration, to Markdown and to HTML.
func BenchmarkExport1000(b *testing.B) {
	demo := testfixture.Demo(b)
	sessions := make([]*workbook.Session, 1000)
	for i := range sessions {
		s := demo.Clone()
		s.ID = fmt.Sprintf("bench%011d", i)
		s.Team = fmt.Sprintf("Team %d", i)
		sessions[i] = s
	}
	for _, format := range []string{FormatMarkdown, FormatHTML} {
		b.Run(format, func(b *testing.B) {
			var bytes int64
			for b.Loop() {
				bytes = 0
				for _, s := range sessions {
					out, err := Render(s, format, Options{})
					if err != nil {
						b.Fatal(err)
					}
					bytes += int64(len(out))
				}
			}
			b.ReportMetric(float64(bytes)/1000, "bytes/session")
		})
	}
}

// BenchmarkCohort1000: a cohort of 1,000 teams as cohort builds it, one
// session at a time (workbook.Cohort.Add), then the Markdown report.
func BenchmarkCohort1000(b *testing.B) {
	demo := testfixture.Demo(b)
	b.ReportAllocs()
	for b.Loop() {
		c := workbook.NewCohort(workbook.CohortOptions{Today: demo.Updated})
		for i := range 1000 {
			s := demo.Clone()
			s.Team = fmt.Sprintf("Team %d", i)
			c.Add(s)
		}
		v, err := c.Build()
		if err != nil {
			b.Fatal(err)
		}
		if err := RenderCohort(io.Discard, v, CohortTools{}, FormatMarkdown); err != nil {
			b.Fatal(err)
		}
	}
}
