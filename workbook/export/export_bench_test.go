package export

import (
	"fmt"
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
// team at a time (NewCohortTeam, CohortBuilder.Add), then the Markdown
// report; reported: the memory kept per team.
func BenchmarkCohort1000(b *testing.B) {
	demo := testfixture.Demo(b)
	b.ReportAllocs()
	for b.Loop() {
		var cb CohortBuilder
		for i := range 1000 {
			s := demo.Clone()
			s.Team = fmt.Sprintf("Team %d", i)
			cb.Add(NewCohortTeam(s))
		}
		if _, err := cb.Render(CohortTools{}, FormatMarkdown); err != nil {
			b.Fatal(err)
		}
	}
}
