package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The template a facilitator changed without code (issue 11's "done
// when"): the built-in one with a framing question added (families_heard),
// a reflection question removed (build_on_next_year) and the planning
// questions reordered. The export tests use the same file.
var changedTemplate = filepath.Join("..", "workbook", "export", "testdata", "questions-changed.yaml")

const (
	addedQuestion   = "How did families help us see this problem?"
	removedQuestion = "What did this year set up" // (the rest has an apostrophe, which HTML escapes)
	appAnswer       = "Families told us at the spring listening sessions"
	plainAnswer     = "Families told us in three languages"
)

// The planning questions in the changed template's order (the built-in
// one asks the first three last).
var planOrder = []string{
	"Have the leaders whose approval this plan needs agreed to it?",
	"What could go wrong, and what early signs will we watch for?",
	"How will staff and families hear about this plan, and in which languages?",
	"What resources or support do we still need, and who can provide them?",
}

// inOrder reports whether every text is in s, each after the one before.
func inOrder(s string, texts ...string) bool {
	at := 0
	for _, x := range texts {
		i := strings.Index(s[at:], x)
		if i < 0 {
			return false
		}
		at += i + len(x)
	}
	return true
}

// TestChangedQuestionsNeedNoCode: the changed template lints and imports;
// a session on it is answered in the full-window app (the added question
// answered, the planning questions on screen in the new order, the removed
// question nowhere) and another in the accessible mode from a pipe; and
// every export of both has the added question with its answer and not the
// removed one. Nothing in the code names these questions.
func TestChangedQuestionsNeedNoCode(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "questions.db")
	if out := cli(t, "template", "lint", changedTemplate); !strings.Contains(out, "ok") || !strings.Contains(out, "edtech-systems@3") {
		t.Fatalf("lint of the changed template:\n%s", out)
	}
	if out := cli(t, "template", "import", changedTemplate, "--db", db); !strings.Contains(out, "edtech-systems@3") {
		t.Fatalf("import of the changed template:\n%s", out)
	}

	// The full-window app: a new session starts on the newest version.
	tm := newTerm(t, 120, 40, "--db", db)
	tm.waitFor("Welcome to the edtech workbook")
	newSessionViaForm(tm, "Hillside", "Hill Unified", "2026-27", flowPeople[:1])
	tm.keys("3")
	tm.waitFor("┃ Which indicators will this work focus on?")
	tm.keys("Tab")
	tm.waitFor("┃ Which phase of the cycle")
	tm.keys("Tab")
	tm.waitFor("┃ What is our problem of practice")
	tm.typ(flowQuestion)
	tm.waitFor(flowQuestion)
	tm.keys("Tab")
	tm.waitFor("Framing the problem · 1 of 9")
	tm.keys("Tab")
	tm.waitFor("Framing the problem · 2 of 9")
	tm.waitFor("┃ " + addedQuestion + " (required)")
	tm.typ(appAnswer)
	tm.waitFor(appAnswer)
	tm.keys("Tab")
	tm.waitFor("Framing the problem · 3 of 9")
	tm.waitSaved()
	tm.keys("Escape")
	tm.waitFor("› 3  Problem of practice")

	tm.keys("4")
	tm.waitFor("Action steps (0)")
	tm.keys("BTab") // the aim and logic model
	tm.keys("e")
	tm.waitFor("┃ What is our aim")
	for range 6 { // the aim, its date and the four parts of the logic model
		prev := tm.screen()
		tm.keys("Tab")
		tm.waitUntil("the next field", func(s string) bool { return s != prev })
	}
	for i, q := range planOrder {
		if i > 0 {
			tm.keys("Tab")
		}
		tm.waitFor("Planning questions · " + string(rune('1'+i)) + " of 4")
		tm.waitFor("┃ " + q)
	}
	tm.keys("Escape")
	tm.waitFor("Planning questions: 0 of 4 answered")
	tm.keys("Escape")
	tm.waitFor("› Overview")

	tm.keys("5")
	screen := tm.waitFor("End of year (e to answer)")
	if !inOrder(screen, "Which leadership moves made a difference?", "What is the story of our change?", "Who will hear our story of change?") {
		t.Errorf("the reflection questions are not listed in the template's order:\n%s", screen)
	}
	if strings.Contains(screen, removedQuestion) {
		t.Errorf("the removed question is on the screen:\n%s", screen)
	}
	tm.keys("Escape")
	tm.waitFor("› Overview")
	tm.keys("Escape")
	tm.waitFor("Sessions (1)")
	tm.waitLine("Hillside", "edtech-systems@3")
	tm.keys("q")
	tm.waitFor("EXIT=0")

	// The accessible mode, piped: a second session on the same template.
	mdFromPrompts := filepath.Join(dir, "westside.md")
	script := []string{
		"1", // which session: start a new one
		"Westside", "West Unified", "2026-27",
		"", // the template: the newest (edtech-systems@3)
		"Ana Ruiz", "1", "",
		"4",    // the problem of practice
		"", "", // focus, phase
		flowQuestion,    // the problem
		"", plainAnswer, // why it matters, the added question
		"", "", "", "", "", // who, improvement, why chosen, evidence, student groups
		"", "", // stakeholders, within control
		"5",                    // the aim, the logic model, the planning questions
		"", "", "", "", "", "", // aim, date, logic model
		"", "Staff turnover", "", "", // the planning questions, in their new order
		"9", // the end of the year
		"", "",
	}
	for range 8 { // the template's conditions: helped or hindered, and a note
		script = append(script, "", "")
	}
	script = append(script,
		"", "We listened first", "", // the reflection questions left
		"11", "1", mdFromPrompts, // export to Markdown
		"13")
	out, errOut, err := cliRun(lines(script...), "--accessible", "--db", db)
	if err != nil {
		t.Fatalf("accessible run: %v\nstdout:\n%s\nstderr:\n%s", err, out, errOut)
	}
	for _, want := range []string{"Framing the problem · 2 of 9.", addedQuestion + " (required)", "Looking back · 3 of 3.",
		"Exported to " + mdFromPrompts, "Saved: Westside, 2026-27."} {
		if !strings.Contains(out, want) {
			t.Errorf("the accessible output lacks %q", want)
		}
	}
	if !inOrder(out, planOrder...) {
		t.Errorf("the accessible mode does not ask the planning questions in the template's order")
	}
	if strings.Contains(out, removedQuestion) {
		t.Errorf("the accessible mode asks the removed question")
	}
	if t.Failed() {
		t.Logf("accessible output:\n%s", out)
	}

	// Every export of both sessions.
	fromPrompts, err := os.ReadFile(mdFromPrompts)
	if err != nil {
		t.Fatal(err)
	}
	for team, answer := range map[string]string{"Hillside": appAnswer, "Westside": plainAnswer} {
		id := sessionID(t, db, team)
		exports := map[string]string{
			"md":   cli(t, "export", id, "--format", "md", "--db", db),
			"html": cli(t, "export", id, "--format", "html", "--db", db),
			"csv":  cli(t, "export", id, "--format", "csv", "--table", "answers", "--db", db),
			"json": cli(t, "export", id, "--format", "json", "--db", db),
		}
		if team == "Westside" && string(fromPrompts) != exports["md"] {
			t.Errorf("the accessible mode's Markdown export differs from `export --format md`")
		}
		for format, text := range exports {
			if !strings.Contains(text, addedQuestion) || !strings.Contains(text, answer) {
				t.Errorf("%s's %s export lacks the added question or its answer %q", team, format, answer)
			}
			if strings.Contains(text, removedQuestion) || strings.Contains(text, "build_on_next_year") {
				t.Errorf("%s's %s export has the removed question", team, format)
			}
		}
		if !inOrder(exports["md"], planOrder...) {
			t.Errorf("%s's Markdown export does not have the planning questions in the template's order", team)
		}
	}
	requireDoctorOK(t, db)
}
