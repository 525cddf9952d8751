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
