package tui

import (
	"fmt"
	"strings"

	"charm.land/huh/v2"

	"edtech-workbook/workbook"
)

// The template's questions, as field definitions (fields.go): one case per
// kind, each reading and writing the session's answer by question id. The
// full-window forms and the accessible prompts are both made from them, and
// no screen has code for a particular question, so a question a facilitator
// adds to a template appears with no code change.

// questionTitle is a question's title on screen, marked when required.
func questionTitle(q workbook.Question) string {
	t := cleanLine(q.Text)
	if q.Required {
		t += " (required)"
	}
	return t
}

// answerText binds a question answered in text.
func answerText(id string) binding {
	return binding{
		get: func(s *workbook.Session) string { return s.Answer(id).Text },
		set: func(s *workbook.Session, v string) { s.SetAnswer(id, workbook.Answer{Text: v}) },
	}
}

// answerChoices binds a question answered with choices.
func answerChoices(id string) listBinding {
	return listBinding{
		get: func(s *workbook.Session) []string { return s.Answer(id).Choices },
		set: func(s *workbook.Session, v []string) { s.SetAnswer(id, workbook.Answer{Choices: v}) },
	}
}

// answerChoice binds a question answered with one choice: "" is none.
func answerChoice(id string) binding {
	list := answerChoices(id)
	return binding{
		get: func(s *workbook.Session) string {
			if c := list.get(s); len(c) > 0 {
				return c[0]
			}
			return ""
		},
		set: func(s *workbook.Session, v string) {
			if v == "" {
				list.set(s, nil)
				return
			}
			list.set(s, []string{v})
		},
	}
}

// questionDef is the one place a question's kind becomes an answer: the
// full-window form and the plain prompts are both made from it.
func questionDef(t *workbook.Template, q workbook.Question) fieldDef {
	d := fieldDef{title: questionTitle(q), help: cleanLine(q.Help)}
	switch q.Kind {
	case workbook.KindLongText:
		d.kind, d.lines, d.str = defArea, 3, answerText(q.ID)
	case workbook.KindShortText, workbook.KindDate, workbook.KindNumber:
		if d.help == "" && q.Kind == workbook.KindDate {
			d.help = "YYYY-MM-DD"
		}
		d.kind, d.validate, d.str = defLine, answerValidator(q), answerText(q.ID)
	case workbook.KindChoice:
		d.kind, d.str = defChoice, answerChoice(q.ID)
		d.options = []huh.Option[string]{huh.NewOption("not answered yet", "")}
		for _, o := range q.Options {
			d.options = append(d.options, huh.NewOption(optionLabel(o), o.ID))
		}
	case workbook.KindChoices, workbook.KindStudentGroups:
		d.kind, d.strs = defChoices, answerChoices(q.ID)
		if q.Kind == workbook.KindStudentGroups {
			for _, g := range t.StudentGroups {
				d.options = append(d.options, huh.NewOption(cleanLine(g), g))
			}
		} else {
			for _, o := range q.Options {
				d.options = append(d.options, huh.NewOption(optionLabel(o), o.ID))
			}
		}
	default:
		// A kind this build does not know (the template check refuses
		// one): shown, never answered.
		d.kind, d.note = defNote, "This question's kind "+cleanLine(string(q.Kind))+" cannot be answered here."
	}
	return d
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
