package workbook

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The later parts of the workbook (problem of practice, plan, reflection)
// are two things: structured parts, whose shape the code knows (the focus
// indicators, the aim with its date, the logic model, action steps, the data
// plan, check-ins, the decision, conditions for success) and whose wording
// the template gives in Prompts; and free questions the template declares
// (Questions), answered in Session.Answers by question id. A facilitator
// adds, removes, reorders and rewords questions without code.

// Choice is one named option with an explanation (a condition for success,
// a leadership move, an end-of-year decision, an option of a question).
type Choice struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Help  string `json:"help,omitempty"`
}

// Prompt is the wording of one structured part: its question and help.
type Prompt struct {
	Text string `json:"text"`
	Help string `json:"help,omitempty"`
}

// Prompts words the structured parts. Every one is required.
type Prompts struct {
	Focus       Prompt `json:"focus"`        // pick focus indicators
	Phase       Prompt `json:"phase"`        // selection / implementation / evaluation
	Problem     Prompt `json:"problem"`      // the problem of practice as one question
	Aim         Prompt `json:"aim"`          // a measurable aim with a date
	Inputs      Prompt `json:"inputs"`       // logic model
	Activities  Prompt `json:"activities"`   // logic model
	Outputs     Prompt `json:"outputs"`      // logic model
	Outcomes    Prompt `json:"outcomes"`     // logic model
	ActionSteps Prompt `json:"action_steps"` // the action-step table
	DataPlan    Prompt `json:"data_plan"`    // the data plan
	CheckIn     Prompt `json:"check_in"`     // a dated check-in
	Decision    Prompt `json:"decision"`     // continue / adjust / scale / stop, and why
	Conditions  Prompt `json:"conditions"`   // conditions that helped or hindered
}

// PromptID names one field of Prompts, as the template file writes it.
type PromptID string

// The prompt ids, in the order of the workbook.
const (
	PromptFocus       PromptID = "focus"
	PromptPhase       PromptID = "phase"
	PromptProblem     PromptID = "problem"
	PromptAim         PromptID = "aim"
	PromptInputs      PromptID = "inputs"
	PromptActivities  PromptID = "activities"
	PromptOutputs     PromptID = "outputs"
	PromptOutcomes    PromptID = "outcomes"
	PromptActionSteps PromptID = "action_steps"
	PromptDataPlan    PromptID = "data_plan"
	PromptCheckIn     PromptID = "check_in"
	PromptDecision    PromptID = "decision"
	PromptConditions  PromptID = "conditions"
)

// PromptIDs lists every prompt id in workbook order.
func PromptIDs() []PromptID {
	var p Prompts
	fields := p.fields()
	ids := make([]PromptID, len(fields))
	for i, f := range fields {
		ids[i] = f.id
	}
	return ids
}

// promptField is one prompt's id and its field of a Prompts.
type promptField struct {
	id PromptID
	p  *Prompt
}

// fields pairs every prompt id with its field of p, in workbook order: the
// one list PromptIDs and Get read.
func (p *Prompts) fields() []promptField {
	return []promptField{{PromptFocus, &p.Focus}, {PromptPhase, &p.Phase}, {PromptProblem, &p.Problem}, {PromptAim, &p.Aim},
		{PromptInputs, &p.Inputs}, {PromptActivities, &p.Activities}, {PromptOutputs, &p.Outputs}, {PromptOutcomes, &p.Outcomes},
		{PromptActionSteps, &p.ActionSteps}, {PromptDataPlan, &p.DataPlan}, {PromptCheckIn, &p.CheckIn},
		{PromptDecision, &p.Decision}, {PromptConditions, &p.Conditions}}
}

// IsPromptID reports whether id names a prompt (a question may not use it).
func IsPromptID(id string) bool {
	for _, p := range PromptIDs() {
		if string(p) == id {
			return true
		}
	}
	return false
}

// Get returns the prompt with the given id (nil for an unknown id).
func (p *Prompts) Get(id PromptID) *Prompt {
	for _, f := range p.fields() {
		if f.id == id {
			return f.p
		}
	}
	return nil
}

// QuestionKind says what kind of answer a question takes.
type QuestionKind string

// The question kinds.
const (
	KindShortText     QuestionKind = "short_text"     // one line
	KindLongText      QuestionKind = "long_text"      // paragraphs
	KindChoice        QuestionKind = "choice"         // one of the question's options
	KindChoices       QuestionKind = "choices"        // any of the question's options
	KindDate          QuestionKind = "date"           // YYYY-MM-DD
	KindNumber        QuestionKind = "number"         // a number, as typed
	KindStudentGroups QuestionKind = "student_groups" // any of the template's student groups
)

// QuestionKinds lists every kind, in the order the documentation gives them.
func QuestionKinds() []QuestionKind {
	return []QuestionKind{KindShortText, KindLongText, KindChoice, KindChoices, KindDate, KindNumber, KindStudentGroups}
}

// Valid reports whether k is one of QuestionKinds.
func (k QuestionKind) Valid() bool {
	for _, v := range QuestionKinds() {
		if k == v {
			return true
		}
	}
	return false
}

// HasOptions reports whether the question lists its own options.
func (k QuestionKind) HasOptions() bool { return k == KindChoice || k == KindChoices }

// Chosen reports whether the answer is a list of choices (Answer.Choices)
// rather than text (Answer.Text).
func (k QuestionKind) Chosen() bool { return k.HasOptions() || k == KindStudentGroups }

// Question is one question a template asks in the problem of practice,
// plan or reflection.
type Question struct {
	ID       string       `json:"id"`
	Kind     QuestionKind `json:"kind"`
	Text     string       `json:"text"`
	Help     string       `json:"help,omitempty"`
	Required bool         `json:"required,omitempty"`
	Options  []Choice     `json:"options,omitempty"` // choice and choices only
}

// Option finds one of the question's options by id.
func (q Question) Option(id string) (Choice, bool) {
	for _, o := range q.Options {
		if o.ID == id {
			return o, true
		}
	}
	return Choice{}, false
}

// Questions are the template's questions, part by part, in the order asked.
type Questions struct {
	Problem    []Question `json:"problem"`
	Plan       []Question `json:"plan"`
	Reflection []Question `json:"reflection"`
}

// QuestionPart is a part of the workbook that asks questions.
type QuestionPart int

// The parts with questions, in workbook order.
const (
	PartProblemQuestions QuestionPart = iota
	PartPlanQuestions
	PartReflectionQuestions
)

// QuestionParts lists the parts with questions in workbook order.
func QuestionParts() []QuestionPart {
	return []QuestionPart{PartProblemQuestions, PartPlanQuestions, PartReflectionQuestions}
}

// Key is the part's key in the template file ("problem", "plan", "reflection").
func (p QuestionPart) Key() string {
	switch p {
	case PartProblemQuestions:
		return "problem"
	case PartPlanQuestions:
		return "plan"
	case PartReflectionQuestions:
		return "reflection"
	}
	return ""
}

// Name is the part's name as the workbook shows it.
func (p QuestionPart) Name() string {
	switch p {
	case PartProblemQuestions:
		return PartNameProblem
	case PartPlanQuestions:
		return PartNamePlan
	case PartReflectionQuestions:
		return PartNameReflection
	}
	return ""
}

// In returns the questions of one part.
func (q *Questions) In(p QuestionPart) []Question {
	switch p {
	case PartProblemQuestions:
		return q.Problem
	case PartPlanQuestions:
		return q.Plan
	case PartReflectionQuestions:
		return q.Reflection
	}
	return nil
}

// Set replaces the questions of one part.
func (q *Questions) Set(p QuestionPart, list []Question) {
	switch p {
	case PartProblemQuestions:
		q.Problem = list
	case PartPlanQuestions:
		q.Plan = list
	case PartReflectionQuestions:
		q.Reflection = list
	}
}

// Question finds a question of any part by id.
func (t *Template) Question(id string) (Question, QuestionPart, bool) {
	for _, part := range QuestionParts() {
		for _, q := range t.Questions.In(part) {
			if q.ID == id {
				return q, part, true
			}
		}
	}
	return Question{}, 0, false
}

// Answer is a team's answer to one question: Text for the text, date and
// number kinds; Choices (option ids, or student group names) for the
// choice kinds.
type Answer struct {
	Text    string   `json:"text,omitempty"`
	Choices []string `json:"choices,omitempty"`
}

// Empty reports whether nothing is answered (blank text counts as none).
func (a Answer) Empty() bool { return strings.TrimSpace(a.Text) == "" && len(a.Choices) == 0 }

// Answer returns the session's answer to a question (the zero Answer when
// there is none).
func (s *Session) Answer(id string) Answer { return s.Answers[id] }

// SetAnswer records an answer; an empty one is removed, so a cleared field
// leaves no trace.
func (s *Session) SetAnswer(id string, a Answer) {
	if a.Empty() {
		delete(s.Answers, id)
		return
	}
	if s.Answers == nil {
		s.Answers = map[string]Answer{}
	}
	s.Answers[id] = a
}

// AnswerText shows an answer as text: the text as written, or the chosen
// options' titles (student groups by name) joined by "; ". It is not
// cleaned.
func AnswerText(q Question, a Answer) string {
	if !q.Kind.Chosen() {
		return a.Text
	}
	out := make([]string, 0, len(a.Choices))
	for _, c := range a.Choices {
		if o, ok := q.Option(c); ok {
			out = append(out, o.Title)
		} else {
			out = append(out, c)
		}
	}
	return strings.Join(out, "; ")
}

// IsDate reports whether s is a calendar date written YYYY-MM-DD.
func IsDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

// IsNumber reports whether s (spaces aside) is a number such as 12, -3 or 4.5.
func IsNumber(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, "xXpP_") { // no hex, binary or digit separators
		return false
	}
	f, err := strconv.ParseFloat(s, 64)
	return err == nil && !math.IsInf(f, 0) && !math.IsNaN(f)
}

// CheckAnswer says what is wrong with an answer to q ("" when nothing is):
// text for the text, date and number kinds (a date as YYYY-MM-DD, a number
// as a number); for the choice kinds no text, and choices that are the
// question's option ids (one at most for choice) or, for student groups,
// names; no choice twice.
func CheckAnswer(q Question, a Answer) string {
	if !q.Kind.Chosen() {
		text := strings.TrimSpace(a.Text)
		switch {
		case len(a.Choices) > 0:
			return fmt.Sprintf("holds choices, but question %q takes %s", q.ID, kindNoun(q.Kind))
		case q.Kind == KindDate && text != "" && !IsDate(text):
			return fmt.Sprintf("is %q, not a date written YYYY-MM-DD", CleanLine(a.Text))
		case q.Kind == KindNumber && text != "" && !IsNumber(text):
			return fmt.Sprintf("is %q, not a number", CleanLine(a.Text))
		}
		return ""
	}
	if a.Text != "" {
		return fmt.Sprintf("holds text, but question %q takes %s", q.ID, kindNoun(q.Kind))
	}
	if q.Kind == KindChoice && len(a.Choices) > 1 {
		return fmt.Sprintf("holds %d choices, but question %q takes one", len(a.Choices), q.ID)
	}
	seen := make(map[string]bool, len(a.Choices))
	for _, c := range a.Choices {
		switch {
		case strings.TrimSpace(c) == "":
			return "holds an empty choice"
		case seen[c]:
			return fmt.Sprintf("holds the choice %q twice", CleanLine(c))
		case q.Kind.HasOptions():
			if _, ok := q.Option(c); !ok {
				return fmt.Sprintf("holds %q, which is not an option of question %q", CleanLine(c), q.ID)
			}
		}
		seen[c] = true
	}
	return ""
}

// kindNoun names what a kind of question takes, for messages.
func kindNoun(k QuestionKind) string {
	switch k {
	case KindDate:
		return "a date"
	case KindNumber:
		return "a number"
	case KindChoice:
		return "one choice"
	case KindChoices:
		return "choices"
	case KindStudentGroups:
		return "student groups"
	}
	return "text"
}
