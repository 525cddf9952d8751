package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

const (
	demoID        = "demo-alderbrook-2025-26"
	rewordedTitle = "A shared, student-centered vision guides our choices"
	retiredTitle  = "Systems built to survive a change of leader"
)

// reviseTemplate edits the YAML of the next version the way a facilitator
// would: reword one indicator (same id), add one, remove one.
func reviseTemplate(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	y := string(b)
	mustHave := func(s string) {
		t.Helper()
		if !strings.Contains(y, s) {
			t.Fatalf("new-version wrote a file without %q; the edit below depends on it:\n%s", s, y)
		}
	}
	// Reword: the same id, a new title.
	old := "        title: A student-centered vision guides our choices\n"
	mustHave(old)
	y = strings.Replace(y, old, "        title: "+rewordedTitle+"\n", 1)
	// Remove vision-leader-transition (the last of its domain) and add a new
	// indicator in its place.
	from, to := "      - id: vision-leader-transition\n", "  - id: conditions\n"
	mustHave(from)
	mustHave(to)
	i, j := strings.Index(y, from), strings.Index(y, to)
	if j < i {
		t.Fatalf("vision-leader-transition is not followed by the conditions domain in:\n%s", y)
	}
	added := `      - id: vision-family-voice
        title: Families help set the vision
        statement: Families help write and review our vision for technology.
        area: leadership
        levels:
          - Families are not asked.
          - Families hear about the vision after it is written.
          - Families help write the vision.
          - Families review the vision with us each year.
        equity_pause: Which families have we not heard from yet?

`
	y = y[:i] + added + y[j:]
	if err := os.WriteFile(path, []byte(y), 0o600); err != nil {
		t.Fatal(err)
	}
}

// change is the ▲/▼/= mark of a rating against last year's.
func change(now, last int) string {
	switch {
	case now > last:
		return "▲" + strconv.Itoa(now-last)
	case now < last:
		return "▼" + strconv.Itoa(last-now)
	}
	return "="
}

// TestFacilitatorYearOverYear is issue 6's "done when": revise the built-in
// template into a new version, lint, import and diff it, carry the demo
// session onto it, rate a few indicators in the real app and see last
// year's ratings with ▲/▼/= in Results and in the Markdown export.
func TestFacilitatorYearOverYear(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "facilitator.db")
	v3 := filepath.Join(dir, "edtech-systems-v3.yaml")

	cli(t, "template", "new-version", "edtech-systems", "-o", v3, "--db", db)
	if b, err := os.ReadFile(v3); err != nil || !strings.Contains(string(b), "version: 3") {
		t.Fatalf("new-version did not write version 3 to %s: %v\n%s", v3, err, b)
	}
	reviseTemplate(t, v3)

	if out := cli(t, "template", "lint", v3); !strings.Contains(out, "ok") || !strings.Contains(out, "edtech-systems@3") {
		t.Fatalf("lint of the revised template:\n%s", out)
	}
	if out := cli(t, "template", "import", v3, "--db", db); !strings.Contains(out, "edtech-systems@3") {
		t.Fatalf("import of the revised template:\n%s", out)
	}
	if out := cli(t, "template", "list", "--db", db); !hasLine(out, "edtech-systems@3", "stored") || !hasLine(out, "edtech-systems@2") {
		t.Fatalf("template list after the import:\n%s", out)
	}
	diff := cli(t, "template", "diff", "edtech-systems@2", v3, "--db", db)
	for _, want := range [][]string{
		{"+", "vision-family-voice", "Families help set the vision"},
		{"-", "vision-leader-transition", retiredTitle},
		{"~", "vision-student-centered", rewordedTitle},
	} {
		if !hasLine(diff, want...) {
			t.Errorf("template diff lacks a line with %q:\n%s", want, diff)
		}
	}
	for _, section := range []string{"added (1)", "removed (1)", "renamed or reworded (1)"} {
		if !strings.Contains(diff, section) {
			t.Errorf("template diff lacks %q:\n%s", section, diff)
		}
	}

	cli(t, "demo", "--db", db)
	before := cli(t, "export", demoID, "--format", "json", "--db", db)
	out := cli(t, "carry", demoID, "--year", "2026-27", "--template", "edtech-systems@3", "--db", db)
	m := regexp.MustCompile(`as (\S+) \(template edtech-systems@3\)`).FindStringSubmatch(out)
	if m == nil || !strings.Contains(out, "Retired indicators: "+retiredTitle) {
		t.Fatalf("carry output:\n%s", out)
	}
	carried := m[1]
	s := exportJSON(t, db, carried)
	if s.SchoolYear != "2026-27" || s.Template.Version != 3 || s.Previous == nil || s.Previous.SessionID != demoID {
		t.Fatalf("carried session = year %s template v%d previous %+v", s.SchoolYear, s.Template.Version, s.Previous)
	}
	base := s.Previous.Baseline

	// This year's consensus on three indicators: one up, one the same, one
	// down against last year's (indicator 3 is the new one).
	type rate struct {
		n     int // indicator number on screen
		id    string
		title string
		now   int
	}
	up := func(v int) int {
		if v < 4 {
			return v + 1
		}
		return v - 1
	}
	down := func(v int) int {
		if v > 1 {
			return v - 1
		}
		return v + 1
	}
	rates := []rate{
		{1, "vision-student-centered", rewordedTitle, up(base["vision-student-centered"])},
		{2, "vision-leadership-team", "Shared, distributed edtech leadership", base["vision-leadership-team"]},
		{4, "conditions-culture", "A culture that learns from trying", down(base["conditions-culture"])},
	}
	marks := map[rune]bool{}
	for _, r := range rates {
		if base[r.id] < 1 {
			t.Fatalf("the demo has no consensus for %s to compare with: %v", r.id, base)
		}
		if got := indicatorID(t, s, r.n); got != r.id {
			t.Fatalf("indicator %d of the new version is %s, want %s", r.n, got, r.id)
		}
		marks[[]rune(change(r.now, base[r.id]))[0]] = true
	}
	if len(marks) != 3 {
		t.Fatalf("the demo's ratings cannot give ▲, ▼ and = together: %v", base)
	}

	tm := newTerm(t, 100, 48, "--db", db)                                    // tall enough for Results by domain, by area and the lists
	openAssess(tm, "2026-27", "Alderbrook EdTech Leadership Team · 2026-27") // the carried session
	for _, r := range rates {
		tm.keys("g")
		for range r.n - 1 {
			tm.keys("]")
		}
		tm.waitFor(fmt.Sprintf("Indicator %d of 36", r.n))
		tm.waitLine("›", prefix(r.title, 20))
		tm.keys("Up", "Up") // from the first person, round to the consensus row
		tm.waitLine("› Team consensus")
		tm.keys(strconv.Itoa(r.now))
		tm.waitLine("Team consensus", strconv.Itoa(r.now)+" ")
		tm.waitSaved()
	}
	tm.keys("Escape")
	tm.waitFor("› Overview")
	tm.waitFor("Carried forward from 2025-26")
	tm.keys("2")
	tm.waitFor("Domain scores")
	for _, r := range rates {
		tm.waitLine(prefix(r.title, 20), fmt.Sprintf("(last year %d %s)", base[r.id], change(r.now, base[r.id])))
	}
	tm.waitLine("Vision and leadership", "last year", "▲")
	tm.keys("Escape")
	tm.waitFor("› Overview")
	tm.keys("Escape")
	tm.waitFor("Sessions (2)")
	tm.keys("q")
	tm.waitFor("EXIT=0")

	md := cli(t, "export", carried, "--format", "md", "--db", db)
	for _, r := range rates {
		mark := change(r.now, base[r.id])
		ok := hasLine(md, "| "+r.title+" |", fmt.Sprintf("| %d (", base[r.id]), "| "+mark+" |")
		if mark == "=" { // a lone "=" may be escaped for Markdown
			ok = ok || hasLine(md, "| "+r.title+" |", fmt.Sprintf("| %d (", base[r.id]), `| \= |`)
		}
		if !ok {
			t.Errorf("the Markdown export lacks %s with last year's %d and %s", r.title, base[r.id], mark)
		}
	}
	for _, want := range []string{"Last year (2025-26)", "Indicators retired from the template since last year", retiredTitle, "carried from last year"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown export lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("Markdown export:\n%s", md)
	}

	// Carrying forward never changes last year's session.
	if after := cli(t, "export", demoID, "--format", "json", "--db", db); after != before {
		t.Errorf("last year's session changed after carry and this year's edits")
	}
	requireDoctorOK(t, db)
}

// prefix is the first n runes of s (screens truncate long titles).
func prefix(s string, n int) string {
	r := []rune(s)
	return string(r[:min(n, len(r))])
}

// TestCarryFromHome carries the demo session forward from Home (c) onto a
// newer template version and opens the new session.
func TestCarryFromHome(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "carry.db")
	v3 := filepath.Join(dir, "v3.yaml")
	cli(t, "demo", "--db", db)
	cli(t, "template", "new-version", "edtech-systems", "-o", v3, "--db", db)
	cli(t, "template", "import", v3, "--db", db)
	before := cli(t, "export", demoID, "--format", "json", "--db", db)

	tm := newTerm(t, 80, 24, "--db", db)
	tm.waitFor("Sessions (1)")
	tm.keys("c")
	tm.waitFor("┃ Next school year")
	tm.waitFor("> 2026-27") // prefilled with the next year
	tm.keys("Enter")
	tm.waitFor("┃ Template")
	tm.keys("Down")
	tm.waitLine("> Newer version", "edtech-systems@3")
	tm.keys("Enter")
	// The open steps are on last year's dates: the first gets a new one,
	// the others keep theirs.
	tm.waitFor("Steps still on last year's dates")
	tm.waitFor("was due 2026-03-13, last school year")
	tm.keys("C-u")
	tm.typ("2026-10-15")
	tm.keys("Enter", "Enter", "Enter")
	tm.waitFor("Created Alderbrook EdTech Leadership Team · 2026-27 (template edtech-systems@3)")
	tm.waitFor("2 open steps are still on last year's dates")
	tm.keys("Enter")
	tm.waitFor("Alderbrook EdTech Leadership Team · 2026-27 › Overview")
	tm.waitFor("Carried forward from 2025-26")
	tm.keys("Escape")
	tm.waitFor("Sessions (2)")
	tm.keys("q")
	tm.waitFor("EXIT=0")

	var carried string
	for _, l := range listJSON(t, db) {
		if l.SchoolYear == "2026-27" {
			carried = l.ID
		}
	}
	if carried == "" {
		t.Fatalf("no 2026-27 session after carrying from Home")
	}
	s := exportJSON(t, db, carried)
	if s.Template.Version != 3 || s.Previous == nil || s.Previous.SessionID != demoID || len(s.Previous.Baseline) == 0 {
		t.Errorf("carried session: template v%d, previous %+v", s.Template.Version, s.Previous)
	}
	if after := cli(t, "export", demoID, "--format", "json", "--db", db); after != before {
		t.Errorf("carrying from Home changed last year's session")
	}
}
