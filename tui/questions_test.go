package tui

import (
	"path/filepath"
	"strings"
	"testing"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/templatefile"
)

// The equity answer: E opens it under the pause, esc saves it, and it shows
// on the self-assessment, in Results and in the Summary.
func TestAssessEquityAnswer(t *testing.T) {
	st := newTestStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := openTestScreen(t, st, sess, ScreenAssess, 100, 30)
	requireScreen(t, m, "Equity pause: Who is left out", "Our answer: none yet (E to write it)")
	press(m, "E")
	requireScreen(t, m, "Our answer to the equity pause (esc or tab saves)")
	typeRunes(m, "Families without internet at home.")
	if got := reload(t, st, sess.ID).RatingOf("d1i1").Equity; got != "" {
		t.Fatalf("saved while typing: %q", got)
	}
	press(m, "esc")
	if got := reload(t, st, sess.ID).RatingOf("d1i1").Equity; got != "Families without internet at home." {
		t.Fatalf("equity answer = %q", got)
	}
	if ev := reload(t, st, sess.ID).RatingOf("d1i1").Evidence; ev != "" {
		t.Fatalf("the equity answer went to the evidence: %q", ev)
	}
	requireScreen(t, m, "Our answer: Families without internet at home.")

	press(m, "esc")
	pump(m, openScreen(to(ScreenResults)))
	requireScreen(t, m, "Equity pauses: what the team said", "Indicator 1.1: Families without internet at home.")
	press(m, "esc")
	pump(m, openScreen(to(ScreenSummary)))
	for range 10 {
		if screenHasAll(m, "Families without internet at home.") {
			return
		}
		press(m, "pgdown")
	}
	requireScreen(t, m, "Families without internet at home.")
}

// Results reads the demo by Strategic Planning Guide area as well as by
// domain.
func TestResultsShowsAreas(t *testing.T) {
	st, demoID := benchStore(t, 0)
	m := newTestModel(t, st, 160, 48)
	pump(m, openSession(demoID, to(ScreenResults)))
	requireScreen(t, m, "Domain scores", "By Strategic Planning Guide area", "Business management", "Equity pauses: what the team said")
}

// A template that adds a framing question, removes a reflection question and
// reorders the plan questions drives the screens with no code change: the
// added question is asked and saved under its id, the removed one is not
// asked, the plan questions come in the new order, and the Summary shows the
// answers.
func TestQuestionsFromTheTemplateDriveTheScreens(t *testing.T) {
	tmpl, err := templatefile.Load(filepath.Join("..", "workbook", "export", "testdata", "questions-changed.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	st := newTestStore(t)
	sess := newTestSession(t, st, *tmpl)

	m := openTestScreen(t, st, sess, ScreenProblem, 120, 40)
	press(m, "tab", "tab", "tab") // the phase, the problem, the first question
	requireScreen(t, m, "Framing the problem · 1 of 9", "Why does this problem matter for our students? (required)")
	press(m, "tab")
	requireScreen(t, m, "Framing the problem · 2 of 9", "How did families help us see this problem? (required)")
	typeRunes(m, "Families told us by phone.")
	press(m, "tab")
	if got := reload(t, st, sess.ID).Answer("families_heard").Text; got != "Families told us by phone." {
		t.Fatalf("families_heard = %q", got)
	}
	press(m, "esc")

	m = openTestScreen(t, st, reload(t, st, sess.ID), ScreenPlan, 120, 40)
	press(m, "shift+tab", "e", "tab", "tab", "tab", "tab", "tab", "tab") // past the aim, date and logic model
	requireScreen(t, m, "Planning questions · 1 of 4", "Have the leaders whose approval this plan needs agreed to it?")
	press(m, "down", "down") // not answered → not asked → informed
	if got := reload(t, st, sess.ID).Answer("leaders_on_board").Choices; !sameStrings(got, []string{"informed"}) {
		t.Fatalf("leaders_on_board = %v", got)
	}
	press(m, "tab")
	requireScreen(t, m, "Planning questions · 2 of 4", "What could go wrong")
	press(m, "esc")

	m = openTestScreen(t, st, reload(t, st, sess.ID), ScreenReflect, 120, 40)
	press(m, "tab", "e")
	for range 40 {
		if screenHasAll(m, "Looking back · 1 of 3") {
			break
		}
		press(m, "tab")
	}
	requireScreen(t, m, "Looking back · 1 of 3", "Leadership moves to consider:")
	requireNotOnScreen(t, m, "What did this year set up")
	press(m, "esc")

	m = openTestScreen(t, st, reload(t, st, sess.ID), ScreenSummary, 120, 200)
	text := screenText(m)
	for _, want := range []string{"How did families help us see this problem? Families told us by phone.",
		"Have the leaders whose approval this plan needs agreed to it? Informed, no answer yet"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Summary lacks %q", want)
		}
	}
	if strings.Contains(text, "What did this year set up") {
		t.Error("the Summary asks the removed question")
	}
}

// The accessible mode asks the template's questions by kind, in its order.
func TestAccessibleAsksTheTemplatesQuestions(t *testing.T) {
	tmpl, err := templatefile.Load(filepath.Join("..", "workbook", "export", "testdata", "questions-changed.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tmpl.Domains = tmpl.Domains[:1]
	tmpl.Domains[0].Indicators = tmpl.Domains[0].Indicators[:1]
	st := newTestStore(t)
	sess := newTestSession(t, st, *tmpl)
	out := runAccessible(t, st, sess.ID,
		menuProblem,
		"1",                               // focus
		"",                                // phase
		"How might we hear every family?", // the problem
		"It matters", "Families told us.", // why it matters, the added question
		"", "", "", "", // who, improvement, why chosen, evidence
		"1",    // centered: the first group
		"", "", // stakeholders, within control
		menuPlan,
		"", "", "", "", "", "", // aim, date, logic model
		"3",        // leaders on board: 1 not answered, 2 not asked, 3 informed
		"", "", "", // risks, share plan, resources
	)
	s := reload(t, st, sess.ID)
	if s.Answer("families_heard").Text != "Families told us." || s.Answer("why_matters").Text != "It matters" ||
		!sameStrings(s.Answer("leaders_on_board").Choices, []string{"informed"}) ||
		!sameStrings(s.Answer("centered").Choices, []string{"English learners"}) {
		t.Fatalf("answers = %+v\n%s", s.Answers, out)
	}
	if !strings.Contains(out, "How did families help us see this problem? (required)") {
		t.Errorf("the added question was not asked:\n%s", out)
	}
}

func TestQuestionKindsHaveAField(t *testing.T) {
	st := newTestStore(t)
	tmpl := testTemplate(1, 1)
	for _, k := range workbook.QuestionKinds() {
		q := workbook.Question{ID: "q_" + string(k), Kind: k, Text: "Kind " + string(k)}
		if k.HasOptions() {
			q.Options = []workbook.Choice{{ID: "a", Title: "Option A"}, {ID: "b", Title: "Option B"}}
		}
		tmpl.Questions.Plan = append(tmpl.Questions.Plan, q)
	}
	sess := newTestSession(t, st, tmpl)
	m := openTestScreen(t, st, sess, ScreenPlan, 120, 40)
	press(m, "shift+tab", "e", "tab", "tab", "tab", "tab", "tab", "tab")
	for i, k := range workbook.QuestionKinds() {
		requireScreen(t, m, "Kind "+string(k))
		requireNotOnScreen(t, m, "cannot be answered here")
		switch k {
		case workbook.KindShortText, workbook.KindLongText:
			typeRunes(m, "words")
		case workbook.KindDate:
			typeRunes(m, "2026-05-29")
		case workbook.KindNumber:
			typeRunes(m, "12.5")
		case workbook.KindChoice:
			press(m, "down")
		case workbook.KindChoices, workbook.KindStudentGroups:
			press(m, "x")
		}
		if i < len(workbook.QuestionKinds())-1 {
			press(m, "tab")
		}
	}
	press(m, "esc")
	s := reload(t, st, sess.ID)
	for _, q := range s.Template.Questions.Plan {
		a := s.Answer(q.ID)
		if a.Empty() {
			t.Errorf("%s was not saved", q.ID)
		}
		if msg := workbook.CheckAnswer(q, a); msg != "" {
			t.Errorf("%s: %s", q.ID, msg)
		}
	}
}
