package export

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
)

// pdfWord is one word of `pdftotext -bbox` with its box on the page.
type pdfWord struct {
	XMin float64 `xml:"xMin,attr"`
	YMin float64 `xml:"yMin,attr"`
	XMax float64 `xml:"xMax,attr"`
	Text string  `xml:",chardata"`
}

type pdfPage struct {
	Width float64   `xml:"width,attr"`
	Words []pdfWord `xml:"word"`
}

// pdfWords prints page to PDF in headless Chromium and reads back every
// word with its position (pdftotext -bbox, from poppler-utils).
func pdfWords(t *testing.T, bin, dir, name string, page []byte) []pdfPage {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext is not installed (apt-get install poppler-utils); CI must check the printed pages")
		}
		t.Skip("pdftotext is not installed (apt-get install poppler-utils)")
	}
	html := filepath.Join(dir, name+".html")
	if err := os.WriteFile(html, page, 0o600); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(dir, name+".pdf")
	runChromium(t, bin, html, "--no-pdf-header-footer", "--print-to-pdf="+pdf)
	out, err := exec.Command("pdftotext", "-bbox", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", pdf, err)
	}
	// The output is XHTML; read the pages and their words.
	var doc struct {
		Pages []pdfPage `xml:"body>doc>page"`
	}
	dec := xml.NewDecoder(bytes.NewReader(out))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("reading pdftotext's words: %v", err)
	}
	if len(doc.Pages) == 0 {
		t.Fatalf("%s has no pages", pdf)
	}
	return doc.Pages
}

// printedText is every word of the pages run together (no spaces), so a
// word broken over lines or cells reads as one.
func printedText(pages []pdfPage) string {
	var b strings.Builder
	for _, p := range pages {
		for _, w := range p.Words {
			b.WriteString(w.Text)
		}
	}
	return b.String()
}

func countWord(pages []pdfPage, word string) int {
	n := 0
	for _, p := range pages {
		for _, w := range p.Words {
			if w.Text == word {
				n++
			}
		}
	}
	return n
}

// wideSession is the carried demo with eight members and a link in one
// evidence note: the widest assessment table a team makes.
func wideSession(t *testing.T) *workbook.Session {
	s := testfixture.Carried(t)
	for i, name := range []string{"Maria Gonzalez", "Kwame Mensah", "Li Wei Chen"} {
		id := "extra" + string(rune('a'+i))
		s.Roster = append(s.Roster, workbook.Member{ID: id, Name: name, Role: "Teacher"})
		for _, r := range s.Ratings {
			if r.Members == nil {
				r.Members = map[string]workbook.Rating{}
			}
			r.Members[id] = 2
		}
	}
	s.Rating(s.Template.Domains[0].Indicators[0].ID).Evidence =
		"Minutes: https://drive.example.org/district/edtech/2025-26/leadership-team/minutes/2025-10-14-meeting-notes-final-v3.pdf"
	return s
}

// TestPrintKeepsWholeTables prints the widest summary and a nine-domain
// cohort report to PDF in headless Chromium and reads the pages back: no
// word lies past the page's right edge, and the rightmost column's values
// are all on paper (the link in the last column whole, every domain
// table's last column header, the heat map's Overall column). The cohort
// report is also shot at a laptop's screen size and at the width of a
// printed page (PNG). COHORT_PAGE_OUT=DIR keeps every file to look at.
func TestPrintKeepsWholeTables(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	if out := os.Getenv("COHORT_PAGE_OUT"); out != "" {
		dir = out
		if err := os.MkdirAll(dir, 0o750); err != nil {
			t.Fatal(err)
		}
	}
	checkEdges := func(name string, pages []pdfPage) {
		for i, p := range pages {
			for _, w := range p.Words {
				if w.XMax > p.Width-18 { // 18 pt: a quarter inch of margin
					t.Errorf("%s page %d: %q reaches %.0f of %.0f pt, past the margin", name, i+1, w.Text, w.XMax, p.Width)
				}
			}
		}
	}

	s := wideSession(t)
	pages := pdfWords(t, bin, dir, "summary-wide", mustExport(t, s, FormatHTML, ""))
	checkEdges("summary", pages)
	text := printedText(pages)
	if !strings.Contains(text, "2025-10-14-meeting-notes-final-v3.pdf") {
		t.Error("the link in the Evidence column (the rightmost) is cut")
	}
	if n := countWord(pages, "Evidence"); n < len(s.Template.Domains) {
		t.Errorf("the Evidence column header is printed %d times, want one per domain (%d)", n, len(s.Template.Domains))
	}

	// Nine teams on two versions of the built-in template: nine domains,
	// so the heat map is as wide as it gets.
	c := workbook.NewCohort(workbook.CohortOptions{Today: testfixture.CohortToday()})
	for i, suffix := range []string{"", " II", " III"} {
		for _, x := range cohortSessions(t) {
			x.ID += string(rune('a' + i))
			x.Team += suffix
			c.Add(x)
		}
	}
	v, err := c.Build()
	if err != nil {
		t.Fatal(err)
	}
	var page bytes.Buffer
	if err := RenderCohort(&page, v, CohortTools{}, FormatHTML); err != nil {
		t.Fatal(err)
	}
	pages = pdfWords(t, bin, dir, "cohort", page.Bytes())
	checkEdges("cohort", pages)
	text = printedText(pages)
	for _, want := range []string{"Needsalook", strings.ReplaceAll(averageFlags(v.Average), " ", ""), "Overall"} {
		if !strings.Contains(text, want) {
			t.Errorf("the cohort's printed pages lack %q", want)
		}
	}
	for _, tm := range v.Teams {
		if !strings.Contains(text, strings.ReplaceAll(tm.Label, " ", "")) {
			t.Errorf("team %s is not on the printed pages", tm.Label)
		}
	}
	// The heat map's rightmost column, Overall: below its header on the
	// page of the heat map, every team's overall score and the average's.
	var want, got []string
	for _, tm := range v.Teams {
		want = append(want, tm.Overall.Text)
	}
	want = append(want, v.Average.Overall.Text)
	for _, p := range pages {
		if countWord([]pdfPage{p}, "Heat") == 0 {
			continue
		}
		var head *pdfWord
		for i, w := range p.Words {
			if w.Text == "Overall" && (head == nil || w.XMin > head.XMin) {
				head = &p.Words[i]
			}
		}
		if head == nil {
			t.Fatal("the heat map's page has no Overall column")
		}
		for _, w := range p.Words {
			if w.YMin > head.YMin && w.XMax > head.XMin-4 && (plainNumber(w.Text) || w.Text == "–") {
				got = append(got, w.Text)
			}
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("the heat map's Overall column on paper reads %v, want %v", got, want)
	}

	html := filepath.Join(dir, "cohort.html")
	for _, size := range []struct{ name, window string }{{"screen", "1280,800"}, {"print-width", "816,1056"}} {
		shot := filepath.Join(dir, "cohort-"+size.name+".png")
		runChromium(t, bin, html, "--window-size="+size.window, "--screenshot="+shot)
		if colours := distinctColours(decodePNG(t, shot)); colours < 8 {
			t.Errorf("%s screenshot has %d colours: the page did not render", size.name, colours)
		}
	}
}
