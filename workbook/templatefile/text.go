package templatefile

import (
	"fmt"
	"strings"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
)

// Text renders a template as plain text a team can read through:
// the scale, then every domain and indicator with its level descriptors,
// equity pause and context notes, the areas, then the prompts and questions
// of the later parts, the choices, and the tool criteria.
func Text(t *workbook.Template, width int) string {
	if width < 40 {
		width = 40
	}
	var b strings.Builder
	// line writes s wrapped at width, continuation lines hanging two
	// columns in so each item stands out when read aloud.
	line := func(indent int, s string) {
		for i, l := range wrap(workbook.CleanLine(s), width-indent-2) {
			pad := indent
			if i > 0 {
				pad += 2
			}
			b.WriteString(strings.Repeat(" ", pad) + l + "\n")
		}
	}
	// para writes a paragraph: wrapped, no hanging indent.
	para := func(indent int, s string) {
		for _, l := range wrap(workbook.CleanLine(s), width-indent) {
			b.WriteString(strings.Repeat(" ", indent) + l + "\n")
		}
	}
	heading := func(s string) {
		b.WriteString("\n" + s + "\n" + strings.Repeat("=", min(len([]rune(s)), width)) + "\n")
	}

	fmt.Fprintf(&b, "%s (%s", workbook.CleanLine(t.Title), t.Ref())
	if t.SchoolYear != "" {
		fmt.Fprintf(&b, ", school year %s", t.SchoolYear)
	}
	b.WriteString(")\n")
	if t.Description != "" {
		b.WriteString("\n")
		para(0, t.Description)
	}
	n := len(t.Indicators())
	fmt.Fprintf(&b, "\n%d domains, %d indicators.\n", len(t.Domains), n)

	heading("Rating scale")
	for i, l := range t.Scale.Levels {
		line(2, fmt.Sprintf("%d  %s: %s", i+1, l.Label, l.Meaning))
	}
	line(2, "?  "+t.Scale.NotSure)

	for di, d := range t.Domains {
		heading(fmt.Sprintf("%d. %s", di+1, workbook.CleanLine(d.Title)))
		if d.Summary != "" {
			para(0, d.Summary)
		}
		for ii, in := range d.Indicators {
			b.WriteString("\n")
			title := fmt.Sprintf("%d.%d %s", di+1, ii+1, in.Title)
			var tags []string
			if in.Phase != "" {
				tags = append(tags, in.Phase)
			}
			if a, ok := t.Area(in.Area); ok {
				tags = append(tags, a.Title)
			}
			if len(tags) > 0 {
				title += " [" + strings.Join(tags, "; ") + "]"
			}
			line(0, title)
			para(2, in.Statement)
			for li, desc := range in.Levels {
				label := ""
				if li < len(t.Scale.Levels) {
					label = t.Scale.Levels[li].Label
				}
				line(4, fmt.Sprintf("%d %s: %s", li+1, label, desc))
			}
			if in.EquityPause != "" {
				line(2, "Equity pause: "+in.EquityPause)
			}
			if in.EvidenceFrom != "" {
				line(2, "Evidence offered from: "+in.EvidenceFrom)
			}
			for _, note := range []struct{ label, text string }{
				{"English learners", in.Context.EnglishLearners},
				{"Students with IEPs or 504 plans", in.Context.IEP504},
				{"Small systems", in.Context.SmallSystems},
				{"Large systems", in.Context.LargeSystems},
			} {
				if note.text != "" {
					line(2, note.label+": "+note.text)
				}
			}
		}
	}

	if len(t.Areas) > 0 {
		heading("Strategic Planning Guide areas")
		for _, a := range t.Areas {
			var n int
			for _, in := range t.Indicators() {
				if in.Area == a.ID {
					n++
				}
			}
			s := fmt.Sprintf("- %s (%s)", a.Title, workbook.CountOf(n, "indicator"))
			if a.Help != "" {
				s += ": " + a.Help
			}
			line(0, s)
		}
	}

	prompt := func(id workbook.PromptID) {
		p := t.Prompts.Get(id)
		line(0, "- "+p.Text)
		if p.Help != "" {
			line(2, p.Help)
		}
	}
	questions := func(part workbook.QuestionPart) {
		for _, q := range t.Questions.In(part) {
			s := "- " + q.Text + " [" + kindLabel(q.Kind)
			if q.Required {
				s += ", required"
			}
			line(0, s+"]")
			if q.Help != "" {
				line(2, q.Help)
			}
			for _, o := range q.Options {
				opt := "* " + o.Title
				if o.Help != "" {
					opt += ": " + o.Help
				}
				line(4, opt)
			}
		}
	}
	heading("Problem of practice")
	for _, id := range []workbook.PromptID{workbook.PromptFocus, workbook.PromptPhase, workbook.PromptProblem} {
		prompt(id)
	}
	questions(workbook.PartProblemQuestions)
	heading("Plan")
	for _, id := range []workbook.PromptID{workbook.PromptAim, workbook.PromptInputs, workbook.PromptActivities,
		workbook.PromptOutputs, workbook.PromptOutcomes, workbook.PromptActionSteps, workbook.PromptDataPlan} {
		prompt(id)
	}
	questions(workbook.PartPlanQuestions)
	heading("Progress and reflection")
	for _, id := range []workbook.PromptID{workbook.PromptCheckIn, workbook.PromptDecision, workbook.PromptConditions} {
		prompt(id)
	}
	questions(workbook.PartReflectionQuestions)
	for _, sec := range []struct {
		title   string
		choices []workbook.Choice
	}{
		{"End-of-year decisions", t.Decisions},
		{"Conditions for success", t.Conditions},
		{"Leadership moves", t.LeadershipMoves},
	} {
		heading(sec.title)
		for _, c := range sec.choices {
			s := "- " + c.Title
			if c.Help != "" {
				s += ": " + c.Help
			}
			line(0, s)
		}
	}
	heading("Student groups")
	line(0, strings.Join(t.StudentGroups, "; "))
	heading("Team roles")
	line(0, strings.Join(t.Roles, "; "))
	if c := t.Tools; len(c.Gates)+len(c.Criteria)+len(c.Evaluation) > 0 {
		heading("Tool selection and evaluation")
		for _, g := range c.Gates {
			s := "- Gate: " + g.Title
			if g.Help != "" {
				s += ": " + g.Help
			}
			line(0, s)
		}
		for _, sec := range []struct {
			label string
			list  []inventory.Criterion
		}{{"Selection", c.Criteria}, {"Evaluation", c.Evaluation}} {
			for _, cr := range sec.list {
				s := fmt.Sprintf("- %s (weight %d): %s", sec.label, cr.Weight, cr.Title)
				if cr.Help != "" {
					s += ": " + cr.Help
				}
				line(0, s)
			}
		}
	}
	return b.String()
}

// kindLabel names a question kind for people.
func kindLabel(k workbook.QuestionKind) string {
	switch k {
	case workbook.KindShortText:
		return "short answer"
	case workbook.KindLongText:
		return "long answer"
	case workbook.KindChoice:
		return "one choice"
	case workbook.KindChoices:
		return "several choices"
	case workbook.KindDate:
		return "a date"
	case workbook.KindNumber:
		return "a number"
	case workbook.KindStudentGroups:
		return "student groups"
	}
	return string(k)
}

// wrap breaks s into lines of at most width runes, at spaces.
func wrap(s string, width int) []string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return []string{""}
	}
	var lines []string
	cur := words[0]
	for _, w := range words[1:] {
		if len([]rune(cur))+1+len([]rune(w)) > width {
			lines = append(lines, cur)
			cur = w
			continue
		}
		cur += " " + w
	}
	return append(lines, cur)
}
