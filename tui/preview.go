package tui

import (
	"fmt"
	"strings"

	"edtech-workbook/workbook"
)

// The Summary's preview: the whole session as readable, wrapped text.

// renderPreview is the readable summary of the whole session, wrapped to w.
func renderPreview(st *Styles, s *workbook.Session, w int) string {
	p := &preview{st: st, w: max(w, 1)}
	tmpl := &s.Template
	prog := workbook.ComputeProgress(s)

	p.heading(fmt.Sprintf("%s · %s · %s", cleanLine(s.Team), cleanLine(s.District), cleanLine(s.SchoolYear)))
	p.line(0, fmt.Sprintf("Template: %s (%s) · %d%% done", cleanLine(tmpl.Title), cleanLine(tmpl.Ref()), prog.Overall))
	for _, part := range prog.Parts {
		p.line(2, fmt.Sprintf("%s: %d of %d", part.Name, part.Done, part.Total))
	}
	p.comments(s, commentPart{kind: partSession}, 0)

	p.section("Team")
	if len(s.Roster) == 0 {
		p.line(2, "no one on the roster yet")
	}
	for _, m := range s.Roster {
		p.line(2, "• "+cleanLine(m.Name)+roleSuffix(m.Role))
	}

	p.section(workbook.PartNameAssessment)
	for _, d := range tmpl.Domains {
		p.sub(cleanLine(d.Title))
		for _, in := range d.Indicators {
			r := s.Ratings[in.ID]
			text := cleanLine(in.Title) + ": "
			if r == nil || r.Consensus == workbook.Unrated {
				text += "not rated"
			} else {
				text += fmt.Sprintf("consensus %s %s", r.Consensus, cleanLine(tmpl.LevelLabel(r.Consensus)))
			}
			if r != nil {
				var members []string
				for _, m := range s.Roster {
					if v, ok := r.Members[m.ID]; ok && v != workbook.Unrated {
						members = append(members, cleanLine(m.Name)+" "+v.String())
					}
				}
				if len(members) > 0 {
					text += " (" + strings.Join(members, ", ") + ")"
				}
				if r.Priority {
					text += " · priority"
				}
			}
			p.line(4, text)
			if r != nil && strings.TrimSpace(r.Evidence) != "" {
				p.line(6, "Evidence: "+cleanLine(r.Evidence))
			}
			p.comments(s, commentPart{kind: partIndicator, id: in.ID}, 6)
		}
	}

	pr := s.Problem
	framing := tmpl.Prompts.Framing
	p.section(workbook.PartNameProblem)
	p.comments(s, commentPart{kind: partProblem}, 2)
	p.answer(promptTitle(framing, workbook.PromptQuestion), pr.Question)
	var focus []string
	for _, id := range pr.FocusIndicators {
		if in, _, ok := tmpl.Indicator(id); ok {
			focus = append(focus, cleanLine(in.Title))
		} else {
			focus = append(focus, cleanLine(id))
		}
	}
	p.answer("Focus indicators", strings.Join(focus, "; "))
	p.answer("Phase", pr.Phase)
	for _, a := range []struct{ id, v string }{
		{workbook.PromptWhyMatters, pr.WhyMatters}, {workbook.PromptWhoAffected, pr.WhoAffected},
		{workbook.PromptImprovement, pr.Improvement}, {workbook.PromptWhyChosen, pr.WhyChosen},
		{workbook.PromptEvidence, pr.Evidence},
	} {
		p.answer(promptTitle(framing, a.id), a.v)
	}
	p.answer(promptTitle(framing, workbook.PromptCentered), strings.Join(pr.StudentGroups, "; "))
	p.answer(promptTitle(framing, workbook.PromptStakeholders), pr.Stakeholders)
	p.answer(promptTitle(framing, workbook.PromptWithinControl), pr.WithinControl)

	pl := s.Plan
	p.section(workbook.PartNamePlan)
	p.comments(s, commentPart{kind: partPlan}, 2)
	aim := cleanLine(pl.Aim)
	if d := cleanLine(pl.AimDate); d != "" && aim != "" {
		aim += " (by " + d + ")"
	}
	p.answer("Aim", aim)
	p.answer("Inputs", pl.Logic.Inputs)
	p.answer("Activities", pl.Logic.Activities)
	p.answer("Outputs", pl.Logic.Outputs)
	p.answer("Outcomes", pl.Logic.Outcomes)
	p.sub("Action steps")
	if len(pl.Actions) == 0 {
		p.line(4, "none yet")
	}
	for _, a := range pl.Actions {
		owner := "no owner"
		if m, ok := s.Member(a.Owner); ok {
			owner = cleanLine(m.Name)
		}
		details := []string{owner, orText(cleanLine(a.Status), workbook.StatusNotStarted)}
		if d := cleanLine(a.Due); d != "" {
			details = append(details, "due "+d)
		}
		if me := cleanLine(a.Measure); me != "" {
			details = append(details, "measure: "+me)
		}
		p.line(4, "• "+orText(cleanLine(a.What), "(no description)")+" — "+strings.Join(details, ", "))
		p.comments(s, commentPart{kind: partAction, id: a.ID}, 6)
	}
	p.sub("Data plan")
	if len(pl.DataPlan) == 0 {
		p.line(4, "none yet")
	}
	for _, d := range pl.DataPlan {
		p.line(4, fmt.Sprintf("• %s — source: %s; baseline: %s; target: %s; cadence: %s",
			orDash(d.Measure), orDash(d.Source), orDash(d.Baseline), orDash(d.Target), orDash(d.Cadence)))
	}

	refl := s.Reflection
	p.section(workbook.PartNameReflection)
	p.sub("Check-ins")
	if len(s.CheckIns) == 0 {
		p.line(4, "none yet")
	}
	for _, ci := range s.CheckIns {
		p.line(4, fmt.Sprintf("• %s — did: %s; learned: %s; next: %s",
			orDash(ci.Date), orDash(ci.Did), orDash(ci.Learned), orDash(ci.Next)))
	}
	decision := cleanLine(refl.Decision)
	for _, d := range tmpl.Decisions {
		if d.ID == refl.Decision {
			decision = cleanLine(d.Title)
		}
	}
	p.answer("End-of-year decision", decision)
	p.answer("Why", refl.DecisionReason)
	for _, c := range refl.Conditions {
		if c.Effect == "" && strings.TrimSpace(c.Note) == "" {
			continue
		}
		title := cleanLine(c.Condition)
		for _, tc := range tmpl.Conditions {
			if tc.ID == c.Condition {
				title = cleanLine(tc.Title)
			}
		}
		text := title + ": " + orText(cleanLine(c.Effect), "not marked")
		if n := cleanLine(c.Note); n != "" {
			text += " — " + n
		}
		p.line(2, "• "+text)
	}
	p.answer("Leadership moves", refl.Moves)
	p.answer("Story of change", refl.Story)
	return strings.TrimRight(p.b.String(), "\n")
}

func roleSuffix(role string) string {
	if r := cleanLine(role); r != "" {
		return " (" + r + ")"
	}
	return ""
}

// preview builds wrapped, indented lines.
type preview struct {
	st *Styles
	w  int
	b  strings.Builder
}

func (p *preview) heading(s string) { p.b.WriteString(p.st.Title.Render(truncate(s, p.w)) + "\n") }

func (p *preview) section(s string) {
	p.b.WriteString("\n" + p.st.Title.Render(truncate(s, p.w)) + "\n")
}

func (p *preview) sub(s string) { p.line(2, p.st.Heading.Render(s)) }

// line writes text wrapped to the width with a hanging indent.
func (p *preview) line(indent int, text string) {
	indent = min(indent, max(p.w-10, 0))
	pad := strings.Repeat(" ", indent)
	for _, l := range strings.Split(wrap(text, max(p.w-indent, 1)), "\n") {
		p.b.WriteString(pad + l + "\n")
	}
}

// answer writes "Question: answer", or "—" for no answer yet.
func (p *preview) answer(label, v string) {
	p.line(2, p.st.Heading.Render(label+":")+" "+orDash(v))
}

// comments writes the coach's comments on part.
func (p *preview) comments(s *workbook.Session, part commentPart, indent int) {
	stored := part.stored()
	for _, c := range s.Comments {
		if c.Part != stored || strings.TrimSpace(c.Text) == "" {
			continue
		}
		p.line(indent, p.st.Warning.Render(coachLabel(c.Author)+":")+" "+cleanLine(c.Text))
	}
}
