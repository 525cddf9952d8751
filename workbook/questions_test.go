package workbook_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
)

func TestCheckAnswer(t *testing.T) {
	opts := []workbook.Choice{{ID: "a", Title: "A"}, {ID: "b", Title: "B"}}
	q := func(kind workbook.QuestionKind) workbook.Question {
		qu := workbook.Question{ID: "q", Kind: kind, Text: "Q?"}
		if kind.HasOptions() {
			qu.Options = opts
		}
		return qu
	}
	tests := []struct {
		kind workbook.QuestionKind
		a    workbook.Answer
		want string // "" when the answer fits
	}{
		{workbook.KindLongText, workbook.Answer{Text: "Paragraphs\nof text."}, ""},
		{workbook.KindShortText, workbook.Answer{Choices: []string{"a"}}, `holds choices, but question "q" takes text`},
		{workbook.KindDate, workbook.Answer{Text: "2026-05-29"}, ""},
		{workbook.KindDate, workbook.Answer{Text: "2026-02-30"}, `is "2026-02-30", not a date written YYYY-MM-DD`},
		{workbook.KindDate, workbook.Answer{Text: "May 29"}, `is "May 29", not a date written YYYY-MM-DD`},
		{workbook.KindNumber, workbook.Answer{Text: " 4.5 "}, ""},
		{workbook.KindNumber, workbook.Answer{Text: "-3"}, ""},
		{workbook.KindNumber, workbook.Answer{Text: "0x10"}, `is "0x10", not a number`},
		{workbook.KindNumber, workbook.Answer{Text: "Inf"}, `is "Inf", not a number`},
		{workbook.KindNumber, workbook.Answer{Text: "twelve"}, `is "twelve", not a number`},
		{workbook.KindChoice, workbook.Answer{Choices: []string{"b"}}, ""},
		{workbook.KindChoice, workbook.Answer{Choices: []string{"a", "b"}}, `holds 2 choices, but question "q" takes one`},
		{workbook.KindChoice, workbook.Answer{Text: "a"}, `holds text, but question "q" takes one choice`},
		{workbook.KindChoices, workbook.Answer{Choices: []string{"a", "b"}}, ""},
		{workbook.KindChoices, workbook.Answer{Choices: []string{"a", "c"}}, `holds "c", which is not an option of question "q"`},
		{workbook.KindChoices, workbook.Answer{Choices: []string{"a", "a"}}, `holds the choice "a" twice`},
		{workbook.KindStudentGroups, workbook.Answer{Choices: []string{"English learners", "Any group typed in an older file"}}, ""},
		{workbook.KindStudentGroups, workbook.Answer{Choices: []string{" "}}, "holds an empty choice"},
	}
	for _, tc := range tests {
		if got := workbook.CheckAnswer(q(tc.kind), tc.a); got != tc.want {
			t.Errorf("%s %+v: got %q, want %q", tc.kind, tc.a, got, tc.want)
		}
	}
}

func TestSetAnswerDropsEmptyAnswers(t *testing.T) {
	s := &workbook.Session{}
	s.SetAnswer("story", workbook.Answer{Text: "  "})
	if s.Answers != nil {
		t.Error("a blank answer was stored")
	}
	s.SetAnswer("story", workbook.Answer{Text: "Once."})
	s.SetAnswer("story", workbook.Answer{})
	if _, ok := s.Answers["story"]; ok {
		t.Error("a cleared answer stayed")
	}
}

// TestProgressCountsTheTemplatesQuestions: every question of the template
// counts, required or optional, beside the structured parts.
func TestProgressCountsTheTemplatesQuestions(t *testing.T) {
	s := testfixture.Demo(t)
	totals := func(s *workbook.Session) (out []int) {
		for _, p := range workbook.ComputeProgress(s).Parts[2:] {
			out = append(out, p.Done, p.Total)
		}
		return out
	}
	// Problem: focus, phase, the problem + 8 questions; plan: 8 + 4;
	// reflection: check-ins, measure values, decision, reason, conditions + 4.
	if got := totals(s); !slices.Equal(got, []int{11, 11, 12, 12, 9, 9}) {
		t.Fatalf("demo progress = %v", got)
	}
	s.Template = *s.Template.Clone()
	s.Template.Questions.Plan = append(s.Template.Questions.Plan, workbook.Question{ID: "extra", Kind: workbook.KindShortText, Text: "An optional extra?"})
	s.SetAnswer("story", workbook.Answer{})
	if got := totals(s); !slices.Equal(got, []int{11, 11, 12, 13, 8, 9}) {
		t.Errorf("progress with a new plan question and no story = %v", got)
	}
	if got := workbook.ComputeProgress(s).Overall; got != 100*(4+36+11+12+8)/(4+36+11+13+9) {
		t.Errorf("overall = %d", got)
	}
}

// TestCarryForwardAnswers: the answers to problem and plan questions come
// along where the new template asks the same question there with an answer
// of the same shape; reflection answers stay with their year.
func TestCarryForwardAnswers(t *testing.T) {
	prev := testfixture.Demo(t)
	next := prev.Template.Clone()
	next.Version = 3
	// why_chosen is gone, evidence now takes a choice, risks moved from the
	// plan to the problem, share_plan moved to the reflection.
	var problem []workbook.Question
	for _, q := range next.Questions.Problem {
		switch q.ID {
		case "why_chosen":
			continue
		case "evidence":
			q.Kind, q.Options = workbook.KindChoice, []workbook.Choice{{ID: "strong", Title: "Strong"}, {ID: "weak", Title: "Weak"}}
		}
		problem = append(problem, q)
	}
	var plan []workbook.Question
	for _, q := range next.Questions.Plan {
		switch q.ID {
		case "risks":
			problem = append(problem, q)
		case "share_plan":
			next.Questions.Reflection = append(next.Questions.Reflection, q)
		default:
			plan = append(plan, q)
		}
	}
	next.Questions.Problem, next.Questions.Plan = problem, plan
	res, err := workbook.CarryForward(prev, "2026-27", next)
	if err != nil {
		t.Fatal(err)
	}
	s := res.Session
	for _, id := range []string{"why_matters", "who_affected", "centered", "stakeholders", "within_control", "risks", "resources_needed", "leaders_on_board"} {
		if got, want := s.Answer(id), prev.Answer(id); got.Text != want.Text || !slices.Equal(got.Choices, want.Choices) {
			t.Errorf("answers[%s] = %+v, want %+v", id, got, want)
		}
	}
	for _, id := range []string{"why_chosen", "evidence", "share_plan", "story", "leadership_moves", "build_on_next_year", "share_story_with"} {
		if !s.Answer(id).Empty() {
			t.Errorf("answers[%s] was carried: %+v", id, s.Answer(id))
		}
	}
	want := []string{"Why did we choose this problem over others?", "What evidence shows that the problem is real?",
		"How will staff and families hear about this plan, and in which languages?"}
	if !slices.Equal(res.DroppedAnswers, want) {
		t.Errorf("dropped = %q, want %q", res.DroppedAnswers, want)
	}
	if err := workbook.ValidateSession(withID(s)); err != nil {
		t.Errorf("the carried session is not valid: %v", err)
	}
	// The carried answers are copies.
	s.Answers["centered"].Choices[0] = "changed"
	if prev.Answer("centered").Choices[0] == "changed" {
		t.Error("carrying shares the answer with last year's session")
	}
}

func withID(s *workbook.Session) *workbook.Session {
	c := s.Clone()
	c.ID = "carried"
	return c
}

// TestEquityAnswerRoundTrips: the team's answer to an equity pause survives
// JSON export and import, and shows in every other export.
func TestEquityAnswerRoundTrips(t *testing.T) {
	s := testfixture.Demo(t)
	id := s.Template.Indicators()[5].ID
	const answer = "Families who speak Haitian Creole hear last;\nwe will ask the liaisons."
	s.Rating(id).Equity = answer
	data, err := workbook.MarshalSession(s)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(`"equity": "Families who speak Haitian Creole hear last;\nwe will ask the liaisons."`)) {
		t.Error("the JSON file does not hold the equity answer")
	}
	got, err := workbook.ImportSession(data)
	if err != nil {
		t.Fatal(err)
	}
	if got.RatingOf(id).Equity != answer {
		t.Errorf("imported equity answer = %q", got.RatingOf(id).Equity)
	}
	r := workbook.BuildReport(got)
	found := false
	for _, e := range r.Equity {
		found = found || e.Answer == answer
	}
	if !found {
		t.Error("the report's Results do not list the equity answer")
	}
}

// TestImportExchangeFormat1 reads a session file written by the release
// before answers were kept by question id (exchange format 1): it converts
// as the store's migration does, validates, and exports as today's format.
func TestImportExchangeFormat1(t *testing.T) {
	path := filepath.Join("store", "testdata", "schema2", "sessions", "every-field.json")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte(`"version": 1,`)) || !bytes.Contains(raw, []byte(`"why_matters": "Why it matters`)) {
		t.Fatal("the fixture is not an exchange-format-1 file")
	}
	s, err := workbook.ImportSession(raw)
	if err != nil {
		t.Fatal(err)
	}
	checks := map[string]string{
		"why_matters":      "Why it matters: families hear about new tools last.\nSecond line of why.",
		"within_control":   "Within control: our survey and our meeting times. می\u200cخواهیم",
		"leadership_moves": "Moves: we met families where they were (transparency).\nAnd a second line.",
		"story":            "Story: from 8 to 46 percent in one year.",
	}
	for id, want := range checks {
		if got := s.Answer(id).Text; got != want {
			t.Errorf("answers[%s] = %q, want %q", id, got, want)
		}
	}
	if got := s.Answer("centered").Choices; !slices.Equal(got, []string{"English learners", "Families of English learners"}) {
		t.Errorf("centered = %q", got)
	}
	if s.Problem.Question != "How might we ask families before we choose a tool?" || s.Template.Ref() != "edtech-systems@1" {
		t.Errorf("problem %+v, template %s", s.Problem, s.Template.Ref())
	}
	if q, _, ok := s.Template.Question("centered"); !ok || q.Kind != workbook.KindStudentGroups {
		t.Errorf("the snapshot's centered question = %+v", q)
	}
	out, err := workbook.MarshalSession(s)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, fmt.Appendf(nil, `"version": %d,`, workbook.ExchangeVersion)) || bytes.Contains(out, []byte(`"why_matters": "Why`)) {
		t.Error("the export is not in today's format")
	}
	again, err := workbook.ImportSession(out)
	if err != nil {
		t.Fatal(err)
	}
	if back, _ := workbook.MarshalSession(again); !bytes.Equal(back, out) {
		t.Error("today's export of a converted file does not round-trip")
	}
	// Keys a format-1 file never had are refused in one.
	bad := bytes.Replace(raw, []byte(`"problem": {`), []byte(`"answers": {}, "problem": {`), 1)
	if _, err := workbook.ImportSession(bad); err == nil || !strings.Contains(err.Error(), `unknown key "answers"`) {
		t.Errorf("format-1 file with answers: %v", err)
	}
}

// Every field of Prompts has its JSON key as a prompt id, in field order,
// and Get hands back that very field.
func TestPromptIDsMatchPromptsFields(t *testing.T) {
	var p workbook.Prompts
	v := reflect.ValueOf(&p).Elem()
	ids := workbook.PromptIDs()
	if len(ids) != v.NumField() {
		t.Fatalf("PromptIDs has %d ids; Prompts has %d fields", len(ids), v.NumField())
	}
	for i := range v.NumField() {
		key, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
		if string(ids[i]) != key {
			t.Errorf("prompt %d: id %q, field's JSON key %q", i, ids[i], key)
		}
		if got := p.Get(ids[i]); got != v.Field(i).Addr().Interface().(*workbook.Prompt) {
			t.Errorf("Get(%q) is not the field %s", ids[i], v.Type().Field(i).Name)
		}
	}
	if p.Get("nonsense") != nil {
		t.Error("Get of an unknown id is not nil")
	}
}
