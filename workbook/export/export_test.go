package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
)

func TestExportGoldens(t *testing.T) {
	sessions := map[string]func(testing.TB) *workbook.Session{"demo": testfixture.Demo, "carried": testfixture.Carried, "threads": testfixture.Threads}
	for _, name := range []string{"demo", "carried", "threads"} {
		for _, c := range []struct{ format, table, file string }{
			{FormatMarkdown, "", "md"}, {FormatHTML, "", "html"}, {FormatJSON, "", "json"},
			{FormatCSV, TableRatings, "ratings.csv"}, {FormatCSV, TableActions, "actions.csv"}, {FormatCSV, TableAnswers, "answers.csv"},
			{FormatCSV, TableComments, "comments.csv"}, {FormatCSV, TableMeasures, "measures.csv"},
		} {
			if name == "threads" && c.file != "md" && c.file != "html" && c.file != "comments.csv" && c.file != "json" {
				continue // the same as the demo's
			}
			t.Run(name+"."+c.file, func(t *testing.T) {
				s := sessions[name](t)
				out, err := Render(s, c.format, Options{Table: c.table, Today: goldenToday})
				if err != nil {
					t.Fatal(err)
				}
				again, _ := Render(sessions[name](t), c.format, Options{Table: c.table, Today: goldenToday})
				if !bytes.Equal(out, again) {
					t.Fatal("two exports of the same session differ")
				}
				requireGolden(t, name+"."+c.file, out)
			})
		}
	}
}

// goldenToday is the date the goldens judge overdue steps on: the demo's
// step due 2026-01-30 and stuck is overdue, those due later are not.
var goldenToday = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func TestExportFormatsAllWork(t *testing.T) {
	s := testfixture.Demo(t)
	for _, f := range Formats {
		if _, err := Render(s, f, Options{}); err != nil {
			t.Errorf("format %s: %v", f, err)
		}
		if Extensions[f] == "" {
			t.Errorf("format %s has no file extension", f)
		}
	}
	if _, err := Render(s, "pdf", Options{}); err == nil || !strings.Contains(err.Error(), "md, html, json, csv") {
		t.Errorf("unknown format error = %v", err)
	}
	if _, err := Render(s, FormatCSV, Options{Table: "people"}); err == nil || !strings.Contains(err.Error(), "--table ratings") {
		t.Errorf("unknown table error = %v", err)
	}
}

func TestExportYearOverYear(t *testing.T) {
	s := testfixture.Carried(t)
	md := string(mustExport(t, s, FormatMarkdown, ""))
	for _, want := range []string{"Last year (2025-26)", "Carried from 2025-26", "carried action steps done", "▲", "▼",
		"Finished last year:", "A retired indicator about paper forms", "carried from last year"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	html := string(mustExport(t, s, FormatHTML, ""))
	for _, want := range []string{"Last year (2025-26)", "Carried from 2025-26", "▲"} {
		if !strings.Contains(html, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	csvOut := string(mustExport(t, s, FormatCSV, TableRatings))
	if !strings.Contains(csvOut, "Last year (2025-26),Change") {
		t.Errorf("csv lacks last-year columns")
	}
}

func mustExport(t *testing.T, s *workbook.Session, format, table string) []byte {
	t.Helper()
	out, err := Render(s, format, Options{Table: table})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// readCSV parses an export, checking the byte-order mark and row widths.
func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(data, []byte(utf8BOM)) {
		t.Fatal("csv does not start with a UTF-8 byte-order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(data[len(utf8BOM):])).ReadAll()
	if err != nil {
		t.Fatalf("csv does not read back: %v", err)
	}
	return rows
}

func TestCSVReadsBackAsTheSessionData(t *testing.T) {
	s := testfixture.Demo(t)
	rows := readCSV(t, mustExport(t, s, FormatCSV, TableRatings))
	var want [][]string
	head := []string{"Domain", "Indicator ID", "Indicator", "Area"}
	for _, m := range s.Roster {
		head = append(head, m.Name)
	}
	want = append(want, append(head, "Consensus", "Consensus level", "Priority", "Evidence", "Equity pause", "Equity answer", "Hidden vote", "Flag"))
	for _, d := range s.Template.Domains {
		for _, in := range d.Indicators {
			r := s.Ratings[in.ID]
			area, _ := s.Template.Area(in.Area)
			row := []string{d.Title, in.ID, in.Title, area.Title}
			for _, m := range s.Roster {
				row = append(row, map[workbook.Rating]string{workbook.Unrated: "", workbook.NotSure: "not sure", 1: "1", 2: "2", 3: "3", 4: "4"}[r.Members[m.ID]])
			}
			pri := ""
			if r.Priority {
				pri = "yes"
			}
			row = append(row, fmt.Sprint(int(r.Consensus)), s.Template.LevelLabel(r.Consensus), pri, r.Evidence, in.EquityPause, r.Equity, "", "")
			want = append(want, row)
		}
	}
	if !slices.EqualFunc(rows, want, slices.Equal[[]string]) {
		t.Errorf("ratings csv:\n got %q\nwant %q", rows, want)
	}

	rows = readCSV(t, mustExport(t, s, FormatCSV, TableActions))
	if len(rows) != len(s.Plan.Actions)+1 {
		t.Fatalf("actions csv has %d rows, want %d", len(rows), len(s.Plan.Actions)+1)
	}
	for i, a := range s.Plan.Actions {
		owner, _ := s.Member(a.Owner)
		cycles := ""
		if len(a.Cycles) > 0 {
			cycles = fmt.Sprint(len(a.Cycles))
		}
		want := []string{a.ID, a.What, owner.Name, a.Due, a.Status, a.Measure, "", "", cycles}
		if !slices.Equal(rows[i+1][:len(want)], want) {
			t.Errorf("action %d:\n got %q\nwant %q", i, rows[i+1], want)
		}
	}
}

func TestCSVCellNeutralisesFormulas(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-1+1": "'-1+1", "-1.": "'-1.", "- 1": "'- 1",
		// A plain number is a number to a spreadsheet, not a formula: numeric
		// changes stay numbers.
		"-1": "-1", "-0.5": "-0.5", "12": "12", "@SUM(A1)": "'@SUM(A1)", "\t=x": "'\t=x",
		"plain": "plain", "": "", "a=b": "a=b", "\x1b[31m=red": "'=red", "\r\n=x": "\n=x",
	} {
		if got := csvCell(in); got != want {
			t.Errorf("csvCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMarkdownEscaping(t *testing.T) {
	for _, c := range []struct{ in, line, flat string }{
		{"a | b", `a \| b`, `a \| b`},
		{"<script>", "&lt;script&gt;", "&lt;script&gt;"},
		{"# not a heading", `\# not a heading`, `\# not a heading`},
		{"- not a list", `\- not a list`, `\- not a list`},
		{"12. not a list", `12\. not a list`, `12\. not a list`},
		{"2.5 and -2 and +1", "2.5 and -2 and +1", "2.5 and -2 and +1"},
		{"---", `\---`, `\---`},
		{"= =", `\= =`, `\= =`},
		{`back\slash`, `back\\slash`, `back\\slash`},
		{"one\ntwo", "one two", "one / two"},
		{"\x1b[31mred\x1b[0m", "red", "red"},
		{"*em* _u_ [l](x) `c` ~s~ &amp;", `\*em\* \_u\_ \[l\](x) \` + "`" + `c\` + "`" + ` \~s\~ &amp;amp;`, ""},
	} {
		if got := mdLine(c.in); got != c.line {
			t.Errorf("mdLine(%q) = %q, want %q", c.in, got, c.line)
		}
		if c.flat != "" {
			if got := mdFlat(c.in); got != c.flat {
				t.Errorf("mdFlat(%q) = %q, want %q", c.in, got, c.flat)
			}
		}
	}
	if got := mdBlock("first\n  - second\n\nthird"); got != "first\\\n\\- second\n\nthird" {
		t.Errorf("mdBlock = %q", got)
	}
}

// pipeCells counts the cells of a Markdown table row: unescaped pipes minus one.
func pipeCells(line string) int {
	n := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n - 1
}

func TestHostileContentStaysInert(t *testing.T) {
	s := testfixture.Hostile(t)
	md := string(mustExport(t, s, FormatMarkdown, ""))
	html := string(mustExport(t, s, FormatHTML, ""))
	for name, out := range map[string]string{"md": md, "html": html} {
		low := strings.ToLower(out)
		for _, bad := range []string{"<script", "<img", "<b>", "\x1b", "\x07", "\r", "javascript:alert(1)\""} {
			if strings.Contains(low, bad) {
				t.Errorf("%s export contains %q", name, bad)
			}
		}
	}

	// Markdown: every row of a table has the header's cell count, and no
	// line the text produced starts a heading, list, quote or fence.
	lines := strings.Split(md, "\n")
	cells := -1
	for i, l := range lines {
		if !strings.HasPrefix(l, "|") {
			cells = -1
			continue
		}
		if cells < 0 {
			cells = pipeCells(l)
			continue
		}
		if got := pipeCells(l); got != cells {
			t.Errorf("md line %d has %d cells, header has %d: %q", i+1, got, cells, l)
		}
	}
	for i, l := range lines {
		for _, p := range []string{"```", "> ", "1. ", "    "} {
			if strings.HasPrefix(l, p) {
				t.Errorf("md line %d starts with %q: %q", i+1, p, l)
			}
		}
		if strings.HasPrefix(l, "#") && !strings.HasPrefix(strings.TrimLeft(l, "#"), " ") {
			t.Errorf("md line %d is a broken heading: %q", i+1, l)
		}
	}

	// HTML: the page structure is intact and the text was escaped.
	for _, tag := range []string{"table", "section", "tr", "ul", "svg"} {
		if o, c := strings.Count(html, "<"+tag), strings.Count(html, "</"+tag+">"); o != c {
			t.Errorf("html has %d <%s and %d </%s>", o, tag, c, tag)
		}
	}
	if !strings.Contains(html, "&lt;script&gt;") {
		t.Error("html does not show the escaped script text")
	}

	// CSV: reads back, rows are rectangular, and no cell can start a formula.
	for _, table := range CSVTables {
		rows := readCSV(t, mustExport(t, s, FormatCSV, table))
		for i, row := range rows {
			if len(row) != len(rows[0]) {
				t.Errorf("%s csv row %d has %d cells, header %d", table, i, len(row), len(rows[0]))
			}
			for _, c := range row {
				if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) && !plainNumber(c) {
					t.Errorf("%s csv cell starts a formula: %q", table, c)
				}
				if strings.ContainsAny(c, "\x1b\x07") {
					t.Errorf("%s csv cell holds a terminal escape: %q", table, c)
				}
			}
		}
	}
}

func TestHTMLIsSelfContained(t *testing.T) {
	html := string(mustExport(t, testfixture.Carried(t), FormatHTML, ""))
	for _, want := range []string{`<html lang="en">`, "<style>", "@media print", "break-before: page",
		"prefers-color-scheme: dark", `<th scope="col">`, `<th scope="row">`, "<svg", "<text"} {
		if !strings.Contains(html, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	for _, bad := range []string{"<script", "<link", "src=", "href=", "@import", "url(", "http://", "https://"} {
		if strings.Contains(html, bad) {
			t.Errorf("html contains %q", bad)
		}
	}
}

func TestCleanFastPathMatchesCleanText(t *testing.T) {
	for _, s := range append([]string{"", "plain", "two  spaces", " edge", "edge ", "a\nb", "a\tb", "é ü 中文 ▲",
		"\u0085next", "\u009b31m", "\x7f", "\x00", "a\r\nb"}, testfixture.HostilePayloads...) {
		if got, want := workbook.CleanText(s), workbook.CleanText(s); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", s, got, want)
		}
		if got, want := workbook.CleanLine(s), workbook.CleanLine(s); got != want {
			t.Errorf("CleanLine(%q) = %q, want %q", s, got, want)
		}
	}
}

// htmlTagRE matches every tag: html/template escapes each "<" in text, so
// any "<" left in the output opens a tag the template wrote.
var htmlTagRE = regexp.MustCompile(`<(/?)([a-zA-Z0-9!]+)[^>]*>`)

var templateTags = map[string]bool{"!DOCTYPE": true, "html": true, "head": true, "meta": true, "title": true,
	"style": true, "body": true, "header": true, "main": true, "section": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "dl": true, "dt": true, "dd": true, "p": true, "ul": true, "li": true, "strong": true, "span": true,
	"table": true, "caption": true, "thead": true, "tbody": true, "tfoot": true, "tr": true, "th": true, "td": true,
	"svg": true, "g": true, "text": true, "rect": true, "div": true, "em": true, "aside": true,
	"figure": true, "figcaption": true, "desc": true, "line": true, "polyline": true, "circle": true}

// checkHTMLStructure asserts that every tag is one the templates write and
// that tags nest properly.
func checkHTMLStructure(t *testing.T, name, html string) {
	t.Helper()
	var stack []string
	for _, m := range htmlTagRE.FindAllStringSubmatch(html, -1) {
		closing, tag := m[1] == "/", m[2]
		if !templateTags[tag] {
			t.Errorf("%s: unexpected tag %q", name, m[0])
			continue
		}
		switch {
		case tag == "!DOCTYPE" || tag == "meta":
		case !closing:
			stack = append(stack, tag)
		case len(stack) == 0 || stack[len(stack)-1] != tag:
			t.Fatalf("%s: </%s> closes %v", name, tag, stack)
		default:
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) != 0 {
		t.Errorf("%s: unclosed tags %v", name, stack)
	}
}

func TestHTMLStructure(t *testing.T) {
	for name, s := range map[string]*workbook.Session{"demo": testfixture.Demo(t), "carried": testfixture.Carried(t), "hostile": testfixture.Hostile(t)} {
		checkHTMLStructure(t, name, string(mustExport(t, s, FormatHTML, "")))
	}
	checkHTMLStructure(t, "cohort", string(mustCohort(t, []*workbook.Session{testfixture.Hostile(t), testfixture.Demo(t)}, FormatHTML)))
}
