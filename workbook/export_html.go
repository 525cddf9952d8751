package workbook

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"unicode/utf8"
)

// The HTML templates are part of the binary; html/template escapes every
// value for its context, so text from a session can never become markup.
//
//go:embed templates_html/*.tmpl
var htmlFS embed.FS

var htmlTemplates = template.Must(template.New("").Funcs(template.FuncMap{
	"results": func(title, empty string, rows []resultRow, spread, hasPrev bool) resultsBlock {
		return resultsBlock{Title: title, Empty: empty, Rows: rows, Spread: spread, HasPrev: hasPrev}
	},
}).ParseFS(htmlFS, "templates_html/*.tmpl"))

type resultsBlock struct {
	Title, Empty    string
	Rows            []resultRow
	Spread, HasPrev bool
}

// htmlSummary is the data of the HTML summary: the shared view plus the
// geometry of the domain-score chart.
type htmlSummary struct {
	*summaryView
	Chart barChart
}

// barChart is an inline SVG bar chart: a text label, a bar and the value on
// every row, so the numbers never depend on colour or on the bar alone.
type barChart struct {
	Width, Height                   int
	BarX, BarMax, BarHeight, ValueX int
	Rows                            []barRow
}

type barRow struct {
	Y, TextY     int
	BarWidth     string
	Label, Title string
	Value        string
	Change       string
}

const (
	chartLabelChars = 36 // longer domain titles are shortened in the chart (the table has them whole)
	chartRowHeight  = 30
)

func newBarChart(v *summaryView) barChart {
	c := barChart{Width: 720, BarX: 300, BarMax: 300, BarHeight: 18, ValueX: 610}
	for i, d := range v.Domains {
		y := 6 + i*chartRowHeight
		c.Rows = append(c.Rows, barRow{
			Y: y, TextY: y + 14, Label: shorten(d.Title, chartLabelChars), Title: d.Title,
			BarWidth: fmt.Sprintf("%.1f", d.Percent/100*float64(c.BarMax)), Value: d.Average, Change: d.Change,
		})
	}
	c.Height = 12 + len(v.Domains)*chartRowHeight
	return c
}

// shorten cuts s to n runes, marking the cut with an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// exportHTML renders the session as one self-contained HTML page: inline
// CSS (light, dark and print), no scripts, no external requests.
func exportHTML(s *Session) ([]byte, error) {
	v := newSummaryView(s)
	var buf bytes.Buffer
	if err := htmlTemplates.ExecuteTemplate(&buf, "summary", htmlSummary{summaryView: v, Chart: newBarChart(v)}); err != nil {
		return nil, fmt.Errorf("cannot render the HTML summary of %q: %w", v.Team, err)
	}
	return buf.Bytes(), nil
}
