package tui

import (
	"fmt"
	"strings"
	"testing"

	"edtech-workbook/workbook"
)

// Issue 10, finding 9, in accessible mode: every text from a template or a
// session reaches the plain prompts through the cleaning function, so no
// ESC, C1 control, bidi override or zero-width character is ever printed
// (a screen reader would read them out, a terminal would act on them).
//
// The bidi and zero-width parts pass once workbook.CleanText strips them
// (the text-cleaning change of issue 10, on the safety-input branch).

// forbiddenRunes are the characters no accessible output may hold.
var forbiddenRunes = func() map[rune]string {
	m := map[rune]string{0x1b: "ESC", 0x07: "BEL"}
	for r := rune(0x80); r <= 0x9f; r++ {
		m[r] = fmt.Sprintf("C1 control U+%04X", r)
	}
	for _, r := range []rune{0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c} {
		m[r] = fmt.Sprintf("bidi control U+%04X", r)
	}
	// Zero-width characters that hide text. The joiner and non-joiner
	// (U+200C, U+200D) stay: emoji sequences and Persian and Indic text
	// need them.
	for _, r := range []rune{0x200b, 0x2060, 0xfeff} {
		m[r] = fmt.Sprintf("zero-width character U+%04X", r)
	}
	return m
}()

// hostile wraps word in every kind of character that must not be printed.
func hostile(word string) string {
	return "\x1b[2J\x1b]0;pwned\x07\u202e" + word + "\u202c\u2066x\u2069\u200b\u200d\ufeff\u2060\u200e\u009b31m\u0085\u009d0;t\u009c"
}

func TestAccessibleHostileTextIsCleaned(t *testing.T) {
	st := newTestStore(t)
	tmpl := testTemplate(1, 1)
	tmpl.Title = hostile("Template")
	tmpl.Domains[0].Title = hostile("Domain")
	in := &tmpl.Domains[0].Indicators[0]
	in.Title, in.Statement, in.EquityPause = hostile("Indicator"), hostile("Statement"), hostile("Pause")
	in.Levels = []string{hostile("L1"), hostile("L2"), hostile("L3"), hostile("L4")}
	for i := range tmpl.Scale.Levels {
		tmpl.Scale.Levels[i].Label = hostile("Label")
	}
	tmpl.Scale.NotSure = hostile("NotSure")
	tmpl.Roles = []string{hostile("Role")}
	tmpl.StudentGroups = []string{hostile("Group")}
	for _, id := range workbook.PromptIDs() {
		*tmpl.Prompts.Get(id) = workbook.Prompt{Text: hostile("Prompt"), Help: hostile("Help")}
	}
	for i := range tmpl.Questions.Problem {
		q := &tmpl.Questions.Problem[i]
		q.Text, q.Help = hostile("Question"), hostile("Help")
	}

	s, err := st.Create(&workbook.Session{
		ID: "s1", Team: hostile("Team"), District: hostile("District"), SchoolYear: "2025-26", Template: tmpl,
		Roster: []workbook.Member{{ID: "m1", Name: hostile("Ana"), Role: hostile("Role")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Rating(in.ID).Evidence = hostile("Evidence")
	s.SetAnswer("why_matters", workbook.Answer{Text: hostile("Matters")})
	s.Problem.Question = hostile("Question")
	s.Plan.Aim = hostile("Aim")
	s.Plan.Actions = []workbook.ActionStep{{ID: "a1", What: hostile("Step"), Status: workbook.StatusNotStarted}}
	if _, err := st.Update(s); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Create(&workbook.Session{ID: "s2", Team: hostile("Other"), District: hostile("D2"), SchoolYear: "2025-26", Template: tmpl}); err != nil {
		t.Fatal(err)
	}

	out := runAccessible(t, st, "",
		"2",          // which session: 1 new, then the sessions (s1 first: both changed at the same time)
		menuRead, "", // the whole session read back
		menuAssessment, "",
		"\u202e9\u200b", "", "", "", "", "", // Ana: refused (the error quotes it), then kept; the rest kept
		menuProblem,
		"1",                    // focus: mark one
		"",                     // phase kept
		"", "", "", "", "", "", // the problem and the five text questions kept
		"1",    // student groups
		"", "", // stakeholders, within control
		menuPlan,
		"", "9999-99-99\u202e", "", // aim kept; a bad date is refused and quoted
		"", "", "", "", // the logic model
		menuActions, "", // the action steps listed
		menuSetUp, "", "", "", "", // team, district, year, the roster listed
		menuQuitting,
	)
	for _, word := range []string{"Team", "Domain", "Indicator", "Statement", "Label", "Ana", "Evidence", "Prompt", "Group", "Step", "Matters", "Aim", "Role"} {
		if !strings.Contains(out, word) {
			t.Errorf("the accessible output lost the text %q around the control characters", word)
		}
	}
	seen := map[string]bool{}
	for i, r := range out {
		if what, bad := forbiddenRunes[r]; bad && !seen[what] {
			seen[what] = true // one report per character
			t.Errorf("the accessible output holds a %s at byte %d: …%q…", what, i, out[max(i-30, 0):min(i+30, len(out))])
		}
	}
}
