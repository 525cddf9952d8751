package export

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"sync"
	"time"

	"edtech-workbook/workbook"
)

// The HTML templates are part of the binary; html/template escapes every
// value for its context, so text from a session can never become markup.
//
//go:embed templates_html/*.tmpl
var htmlFS embed.FS

// htmlTemplates returns the HTML templates, parsed on first use (a start
// that renders no HTML never pays for them: about 1 ms); html/template
// escapes them on the first execution and reuses that for every later one.
// Executions may run in parallel.
var htmlTemplates = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("").ParseFS(htmlFS, "templates_html/*.tmpl"))
})

// htmlSummary is the data of the HTML summary: the shared view plus what
// only the HTML page shows, worked out in Go. Every {{action}} costs
// html/template a reflective call to its escaper, so values printed side by
// side are joined here into one string, and nothing is embedded (a struct
// with an embedded field makes every field lookup a slow search).
type htmlSummary struct {
	View  *workbook.Report
	Chart barChart
	// Measures are the data plan's measures, each with its run chart
	// (nil without dated values).
	Measures []measureBlock

	ProgressLine string // "100% (Set up 4/4, Self-assessment 30/30, …)"
	ScaleLine    string // "1 Individual effort · 2 …"
	FocusLine    string // focus indicators joined by "; "
	Domains      []htmlDomainRow
	Areas        []htmlDomainRow
	Results      []resultsBlock // strengths, gaps, disagreements

	AssessmentHead template.HTML // the same header row tops every domain's table
	Assessment     []htmlDomainDetail

	shown map[string]bool // threads written beside their parts (On), by first comment id
}

// On returns the comment threads on one part (kind and id), for the page to
// show beside it, and records them as shown.
func (h *htmlSummary) On(kind, id string) []workbook.ThreadRow {
	threads := h.View.ThreadsOn(workbook.Part(workbook.PartKind(kind), id))
	for _, t := range threads {
		h.shown[t.First().ID] = true
	}
	return threads
}

// Unshown returns the threads the page has not shown beside a part (on
// parts no longer in the session, or not shown): the last section lists
// them.
func (h *htmlSummary) Unshown() []workbook.ThreadRow {
	var out []workbook.ThreadRow
	for _, t := range h.View.Threads {
		if !h.shown[t.First().ID] {
			out = append(out, t)
		}
	}
	return out
}

// answerThreads is a question with the team's answer and its threads.
type answerThreads struct {
	Row     workbook.AnswerRow
	Threads []workbook.ThreadRow
}

// Answer pairs a question's answer with its threads (see On).
func (h *htmlSummary) Answer(a workbook.AnswerRow) answerThreads {
	return answerThreads{Row: a, Threads: h.On(string(workbook.PartQuestion), a.ID)}
}

// resultsBlock is one table of the Results part.
type resultsBlock struct {
	Title, Empty    string
	Rows            []workbook.ResultRow
	Spread, HasPrev bool
}

type htmlDomainRow struct {
	Title, Average, RatedOf, Prev, Change string
}

// barChart is an inline SVG bar chart: a text label, a bar and the value on
// every row, so the numbers never depend on colour or on the bar alone. The
// fixed geometry (x positions, bar height) is written in summary.tmpl as
// literal numbers: keep it in step with chartBarMax below.
type barChart struct {
	Height int
	Rows   []barRow
}

type barRow struct {
	Y, TextY int
	BarWidth string
	Label    string
	Tooltip  string // "Title: 2.5 of 4"
	Value    string // "2.5", or "2.5 ▲0.5" with a change
}

const (
	chartLabelChars = 36 // longer domain titles are shortened in the chart (the table has them whole)
	chartRowHeight  = 30
	chartBarMax     = 300 // width of a full bar; summary.tmpl's track width
)

func newBarChart(v *workbook.Report) barChart {
	c := barChart{Height: 12 + len(v.Domains)*chartRowHeight, Rows: make([]barRow, 0, len(v.Domains))}
	levels := strconv.Itoa(v.LevelCount)
	for i, d := range v.Domains {
		y := 6 + i*chartRowHeight
		value := d.Average
		if d.Change != "" {
			value += " " + d.Change
		}
		c.Rows = append(c.Rows, barRow{
			Y: y, TextY: y + 14, Label: workbook.Shorten(d.Title, chartLabelChars),
			Tooltip:  d.Title + ": " + d.Average + " of " + levels,
			BarWidth: strconv.FormatFloat(d.Percent/100*chartBarMax, 'f', 1, 64), Value: value,
		})
	}
	return c
}

func newHTMLSummary(v *workbook.Report) (*htmlSummary, error) {
	h := &htmlSummary{View: v, Chart: newBarChart(v), Measures: newMeasureBlocks(v.Plan.Measures), FocusLine: strings.Join(v.Problem.Focus, "; "),
		shown: map[string]bool{}}

	var b strings.Builder
	b.WriteString(v.Progress.OverallText())
	b.WriteString(" (")
	for i, p := range v.Progress.Parts {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.Name)
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(p.Done))
		b.WriteByte('/')
		b.WriteString(strconv.Itoa(p.Total))
	}
	b.WriteByte(')')
	h.ProgressLine = b.String()

	b.Reset()
	for i, l := range v.Scale {
		if i > 0 {
			b.WriteString(" · ")
		}
		b.WriteString(strconv.Itoa(l.Number))
		b.WriteByte(' ')
		b.WriteString(l.Label)
	}
	h.ScaleLine = b.String()

	rows := func(list []workbook.DomainRow) []htmlDomainRow {
		out := make([]htmlDomainRow, len(list))
		for i, d := range list {
			out[i] = htmlDomainRow{Title: d.Title, Average: d.Average,
				RatedOf: strconv.Itoa(d.Rated) + " of " + strconv.Itoa(d.Total), Prev: d.Prev, Change: d.Change}
		}
		return out
	}
	h.Domains, h.Areas = rows(v.Domains), rows(v.Areas)

	h.Results = nil
	if len(v.Priorities) > 0 {
		h.Results = append(h.Results, resultsBlock{Title: "Priorities (★)", Rows: v.Priorities, HasPrev: v.HasPrev})
	}
	if len(v.Flagged) > 0 {
		h.Results = append(h.Results, resultsBlock{Title: flaggedTitle, Rows: v.Flagged, HasPrev: v.HasPrev})
	}
	h.Results = append(h.Results, []resultsBlock{
		{Title: "Strengths", Empty: "No strengths yet.", Rows: v.Strengths, HasPrev: v.HasPrev},
		{Title: "Gaps", Empty: "No gaps yet.", Rows: v.Gaps, HasPrev: v.HasPrev},
		{Title: "Where members disagreed most", Empty: v.DisagreementNote,
			Rows: v.Disagreements, Spread: true, HasPrev: v.HasPrev},
	}...)
	return h, h.fillAssessment(v)
}

type htmlDomainDetail struct {
	ID, Title, Summary string
	Indicators         []htmlIndicatorRow
}

// htmlIndicatorRow is an indicatorRow whose rating cells (members,
// consensus with last year's and the change, spread, priority) are already rendered (see
// htmlFragments); only the indicator's title and evidence are free text.
type htmlIndicatorRow struct {
	ID       string
	Title    string
	Notes    []string // the hidden vote's state, the discussion flag (in words)
	Ratings  template.HTML
	Evidence string
}

// htmlFragments renders small pieces of the page that repeat, through
// html/template like everything else, and reuses the bytes for the rest of
// the export: a value escapes to the same cell every time. The rating cells
// of the self-assessment come from a few values ("3", "?", "2 (Partly in
// place)"…), so its 31×10 cells need a handful of escapes instead of 310.
// Its template.HTML values only ever hold html/template's own output.
type htmlFragments struct {
	cells map[fragmentKey]string
	buf   bytes.Buffer
}

type fragmentKey struct{ template, value string }

func (f *htmlFragments) render(name string, data any) (string, error) {
	f.buf.Reset()
	if err := htmlTemplates().ExecuteTemplate(&f.buf, name, data); err != nil {
		return "", err
	}
	return f.buf.String(), nil
}

// cell appends the fragment template name rendered with value to b.
func (f *htmlFragments) cell(b *strings.Builder, name, value string) error {
	k := fragmentKey{name, value}
	out, ok := f.cells[k]
	if !ok {
		var err error
		if out, err = f.render(name, value); err != nil {
			return err
		}
		f.cells[k] = out
	}
	b.WriteString(out)
	return nil
}

// ratingCells renders an indicator's cells from the first member's rating
// to the priority (with last year's consensus and the change under this
// year's), as summary.tmpl would write them one by one.
func (f *htmlFragments) ratingCells(in workbook.IndicatorRow, hasPrev bool) (template.HTML, error) {
	var b strings.Builder
	var err error
	put := func(name, value string) {
		if err == nil {
			err = f.cell(&b, name, value)
		}
	}
	for _, m := range in.Members {
		put("num-cell", m)
	}
	if hasPrev {
		// Last year's consensus and the change sit under this year's in
		// the one cell: two more columns made a carried session's table
		// too wide for a window 1,000 px wide.
		var cell string
		if err == nil {
			cell, err = f.render("consensus-cell", struct{ Consensus, Prev, Change string }{in.Consensus, in.Prev, in.Change})
			b.WriteString(cell)
		}
	} else {
		put("cell", in.Consensus)
	}
	priority := ""
	if in.Priority {
		priority = "yes"
	}
	put("num-cell", in.Spread)
	put("cell", priority)
	if err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil // joined html/template output
}

func (h *htmlSummary) fillAssessment(v *workbook.Report) error {
	f := htmlFragments{cells: map[fragmentKey]string{}}
	head, err := f.render("assessment-head", struct {
		Names   []string
		HasPrev bool
	}{v.MemberNames, v.HasPrev})
	if err != nil {
		return err
	}
	h.AssessmentHead = template.HTML(head) // html/template output
	h.Assessment = make([]htmlDomainDetail, len(v.Assessment))
	for i, d := range v.Assessment {
		dd := htmlDomainDetail{ID: d.ID, Title: d.Title, Summary: d.Summary, Indicators: make([]htmlIndicatorRow, len(d.Indicators))}
		for j, in := range d.Indicators {
			cells, err := f.ratingCells(in, v.HasPrev)
			if err != nil {
				return err
			}
			dd.Indicators[j] = htmlIndicatorRow{ID: in.ID, Title: in.Title, Notes: indicatorNotes(in), Ratings: cells, Evidence: in.Evidence}
		}
		h.Assessment[i] = dd
	}
	return nil
}

// htmlSizeHint is a little more than a full demo session's page, so the
// buffer is allocated once rather than grown by doubling.
const htmlSizeHint = 40 << 10

// exportHTML renders the session as one self-contained HTML page: inline
// CSS (light, dark and print), no scripts, no external requests. Steps due
// before today and not done are flagged overdue.
func exportHTML(s *workbook.Session, today time.Time) ([]byte, error) {
	v := workbook.BuildReportAt(s, today)
	h, err := newHTMLSummary(v)
	var buf bytes.Buffer
	if err == nil {
		buf.Grow(htmlSizeHint)
		err = htmlTemplates().ExecuteTemplate(&buf, "summary", h)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot render the HTML summary of %q: %w", v.Team, err)
	}
	return buf.Bytes(), nil
}
