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
	title, help := questionTitle(q), cleanLine(q.Help)
	switch q.Kind {
	case workbook.KindLongText:
		return b.textArea(title, help, 3, b.value(answerText(q.ID)))
	case workbook.KindShortText, workbook.KindDate, workbook.KindNumber:
		if help == "" && q.Kind == workbook.KindDate {
			help = "YYYY-MM-DD"
		}
		return b.line(title, help, answerValidator(q), b.value(answerText(q.ID)))
	case workbook.KindChoice:
		opts := []huh.Option[string]{huh.NewOption("not answered yet", "")}
		for _, o := range q.Options {
			opts = append(opts, huh.NewOption(optionLabel(o), o.ID))
		}
		get, set := answerChoices(q.ID)
		one := func(s *workbook.Session) string {
			if c := get(s); len(c) > 0 {
				return c[0]
			}
			return ""
		}
		return b.choice(huh.NewSelect[string]().Title(title).Description(help).
			Options(withCurrent(opts, one(b.p.c.Session))...),
			b.value(one, func(s *workbook.Session, v string) {
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
		return b.choices(huh.NewMultiSelect[string]().Title(title).Description(help).
			Options(opts...).Filterable(false).Height(clampInt(len(opts)+2, 3, 10)),
			b.list(get, set))
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
// a page on each key), titled with the part's name and the question's place;
// intro, when given, is the first page's description.
func questionGroups(b *formBuilder, t *workbook.Template, part workbook.QuestionPart, title, intro string) []*huh.Group {
	qs := t.Questions.In(part)
	out := make([]*huh.Group, 0, len(qs))
	for i, q := range qs {
		g := b.group(questionField(b, t, q)).Title(fmt.Sprintf("%s · %d of %d", title, i+1, len(qs)))
		if i == 0 && intro != "" {
			g = g.Description(intro)
		}
		out = append(out, g)
	}
	return out
}
