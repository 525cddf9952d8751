package tui

import (
	"fmt"
	"strings"

	"charm.land/huh/v2"

	"edtech-workbook/workbook"
)

// The template's questions, as form fields: one builder per kind, each
// reading and writing the session's answer by question id. No screen has
// code for a particular question, so a question a facilitator adds to a
// template appears with no code change.

// questionKey is the form key of a question's field.
func questionKey(id string) string { return "q:" + id }

// questionTitle is a question's title on screen, marked when required.
func questionTitle(q workbook.Question) string {
	t := cleanLine(q.Text)
	if q.Required {
		t += " (required)"
	}
	return t
}

// answerText and setAnswerText bind a question answered in text.
func answerText(id string) (func(*workbook.Session) string, func(*workbook.Session, string)) {
	return func(s *workbook.Session) string { return s.Answer(id).Text },
		func(s *workbook.Session, v string) { s.SetAnswer(id, workbook.Answer{Text: v}) }
}

// answerChoices binds a question answered with choices.
func answerChoices(id string) (func(*workbook.Session) []string, func(*workbook.Session, []string)) {
	return func(s *workbook.Session) []string { return s.Answer(id).Choices },
		func(s *workbook.Session, v []string) { s.SetAnswer(id, workbook.Answer{Choices: v}) }
}

// questionField builds the field of one question from its kind.
func questionField(b *formBuilder, t *workbook.Template, q workbook.Question) huh.Field {
	key, title, help := questionKey(q.ID), questionTitle(q), cleanLine(q.Help)
	switch q.Kind {
	case workbook.KindLongText:
		get, set := answerText(q.ID)
		return b.textArea(key, title, help, 3, b.field(key, false, nil, get, set))
	case workbook.KindShortText, workbook.KindDate, workbook.KindNumber:
		validate := answerValidator(q)
		if help == "" && q.Kind == workbook.KindDate {
			help = "YYYY-MM-DD"
		}
		get, set := answerText(q.ID)
		return b.line(key, title, help, validate, b.field(key, false, validate, get, set))
	case workbook.KindChoice:
		opts := []huh.Option[string]{huh.NewOption("not answered yet", "")}
		for _, o := range q.Options {
			opts = append(opts, huh.NewOption(optionLabel(o), o.ID))
		}
		get, set := answerChoices(q.ID)
		cur := ""
		if c := get(b.p.c.Session); len(c) > 0 {
			cur = c[0]
		}
		return huh.NewSelect[string]().Key(key).Title(title).Description(help).Options(withCurrent(opts, cur)...).
			Value(b.field(key, true, nil,
				func(s *workbook.Session) string {
					if c := get(s); len(c) > 0 {
						return c[0]
					}
					return ""
				},
				func(s *workbook.Session, v string) {
					if v == "" {
						set(s, nil)
						return
					}
					set(s, []string{v})
				}))
	case workbook.KindChoices, workbook.KindStudentGroups:
		var opts []huh.Option[string]
		if q.Kind == workbook.KindStudentGroups {
			for _, g := range t.StudentGroups {
				opts = append(opts, huh.NewOption(cleanLine(g), g))
			}
		} else {
			for _, o := range q.Options {
				opts = append(opts, huh.NewOption(optionLabel(o), o.ID))
			}
		}
		get, set := answerChoices(q.ID)
		for _, c := range get(b.p.c.Session) { // keep a choice the list no longer offers
			opts = withCurrent(opts, c)
		}
		return huh.NewMultiSelect[string]().Key(key).Title(title).Description(help).
			Options(opts...).Filterable(false).Height(clampInt(len(opts)+2, 3, 10)).
			Value(b.choiceList(key, get, set))
	}
	// A kind this build does not know (the template check refuses one).
	return huh.NewNote().Title(title).Description(noteText("This question's kind " + string(q.Kind) + " cannot be answered here."))
}

// optionLabel shows an option with its help.
func optionLabel(o workbook.Choice) string {
	l := cleanLine(o.Title)
	if h := cleanLine(o.Help); h != "" {
		l += " — " + h
	}
	return l
}

// answerValidator checks what is typed for a date or number question.
func answerValidator(q workbook.Question) func(string) error {
	switch q.Kind {
	case workbook.KindDate:
		return validateDate
	case workbook.KindNumber:
		return func(s string) error {
			if !workbook.IsNumber(s) {
				return fmt.Errorf("%q is not a number; write it with digits, such as 12 or 4.5", strings.TrimSpace(s))
			}
			return nil
		}
	}
	return nil
}

// questionGroups makes one page per question (huh renders every field of
// a page on each key), titled with the part's name and the question's place.
func questionGroups(b *formBuilder, t *workbook.Template, part workbook.QuestionPart, title string) []*huh.Group {
	qs := t.Questions.In(part)
	out := make([]*huh.Group, 0, len(qs))
	for i, q := range qs {
		out = append(out, b.group(questionField(b, t, q)).Title(fmt.Sprintf("%s · %d of %d", title, i+1, len(qs))))
	}
	return out
}
