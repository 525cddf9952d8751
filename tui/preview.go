package tui

import (
	"fmt"
	"strings"
	"time"

	"edtech-workbook/workbook"
)

// The Summary's preview: the whole session as readable, wrapped text, drawn
// from workbook.Report (the model every export reads) in the exports' order,
// with each coach comment under the part it is about.

// renderPreview is the readable summary of the whole session, wrapped to w;
// steps due before today and not done are flagged overdue.
func renderPreview(st *Styles, s *workbook.Session, today time.Time, w int) string {
	return renderReport(st, workbook.BuildReportAt(s, today), w)
}

func newPreview(st *Styles, v *workbook.Report, w int) *preview {
	return &preview{st: st, w: max(w, 1), v: v, shown: map[string]bool{}}
}

// reportPart is a part of the report that can be read on its own.
type reportPart int

const (
	reportAll reportPart = iota
	reportResults
	reportAssessment
	reportProblem
	reportPlan
	reportReflection
)

// renderReportPart is one part of the report (the whole of it for
// reportAll), as the Summary writes it.
func renderReportPart(st *Styles, v *workbook.Report, part reportPart, w int) string {
	p := newPreview(st, v, w)
	switch part {
	case reportAll:
		return renderReport(st, v, w)
	case reportResults:
		p.results(v)
	case reportAssessment:
		p.assessment(v)
	case reportProblem:
		p.problem(v)
	case reportPlan:
		p.plan(v)
	case reportReflection:
		p.reflection(v)
	}
	return strings.Trim(p.b.String(), "\n")
}

func renderReport(st *Styles, v *workbook.Report, w int) string {
	p := newPreview(st, v, w)
	if open := v.OpenThreads(); len(open) > 0 {
		p.line(0, p.st.Warning.Render(fmt.Sprintf("%d open comment thread%s; each is shown under its part.", len(open), pluralS(len(open)))))
	}
	if v.MergedAt != "" {
		p.line(0, "Marked “new”: came with the last merge ("+v.MergedAt+fromWhom(v.MergedFrom)+").")
	}
	p.heading(fmt.Sprintf("%s · %s · %s", v.Team, v.District, v.SchoolYear))
	done := v.Progress.OverallText() + " done"
	if v.Progress.NotStarted() {
		done = v.Progress.OverallText()
	}
	p.line(0, fmt.Sprintf("Template: %s (%s) · %s", v.TemplateTitle, v.TemplateRef, done))
	if v.HiddenVote {
		p.line(0, "Hidden vote: members' ratings show once everyone has rated an indicator")
	}
	for _, part := range v.Progress.Parts {
		p.line(2, fmt.Sprintf("%s: %d of %d", part.Name, part.Done, part.Total))
	}
	if v.HasPrev {
		p.line(0, "Carried from "+orDash(v.PrevYear))
	}
	if v.AsOf != "" && v.Overdue > 0 {
		p.line(0, p.st.Warning.Render(fmt.Sprintf("Overdue action steps: %d (as of %s)", v.Overdue, v.AsOf)))
	}
	p.comments(workbook.SessionPart(), 0)

	p.section("Team")
	if len(v.Roster) == 0 {
		p.line(2, "no one on the roster yet")
	}
	for _, m := range v.Roster {
		former := ""
		if m.Former {
			former = " — " + workbook.FormerMemberNote + " (ratings kept)"
		}
		p.line(2, "• "+m.Name+roleSuffix(m.Role)+former)
	}

	p.results(v)
	p.assessment(v)
	p.problem(v)
	p.plan(v)
	p.reflection(v)

	// Threads not shown under a part (one no longer there).
	first := true
	for _, t := range v.Threads {
		if p.shown[t.First().ID] {
			continue
		}
		if first {
			p.section("Other comments")
			first = false
		}
		p.thread(t, 2)
	}
	return strings.TrimRight(p.b.String(), "\n")
}

// score is one domain's or area's score line.
func (p *preview) score(d workbook.DomainRow, hasPrev bool) {
	text := fmt.Sprintf("%s: %s (%d of %d rated)", d.Title, d.Average, d.Rated, d.Total)
	if hasPrev && d.Prev != "" {
		text += fmt.Sprintf(" · last year %s %s", d.Prev, orDash(d.Change))
	}
	p.line(4, text)
}

func (p *preview) results(v *workbook.Report) {
	p.section("Results")
	if v.ResultsEmpty {
		p.line(2, "no consensus ratings yet")
	} else {
		p.sub(fmt.Sprintf("Domain scores (out of %d)", v.LevelCount))
		for _, d := range v.Domains {
			p.score(d, v.HasPrev)
		}
		if len(v.Areas) > 0 {
			p.sub("By Strategic Planning Guide area")
			for _, a := range v.Areas {
				p.score(a, v.HasPrev)
			}
		}
		list := func(title, empty string, rows []workbook.ResultRow, spread bool) {
			p.sub(title)
			if len(rows) == 0 {
				p.line(4, empty)
			}
			for _, r := range rows {
				star := ""
				if r.Priority {
					star = "★ "
				}
				text := fmt.Sprintf("• %s%s (%s): %s", star, r.Title, r.Domain, r.Consensus)
				if spread {
					text += fmt.Sprintf(", spread %d: %s", r.Spread, r.Ratings)
				}
				if v.HasPrev && r.Change != "" {
					text += " · last year " + r.Prev + " " + r.Change
				}
				p.line(4, text)
				if r.Flag != "" && title != flaggedTitle {
					p.line(6, "⚑ "+r.Flag)
				}
			}
		}
		list("Priorities (★)", "none flagged yet (p on an indicator)", v.Priorities, false)
		if len(v.Flagged) > 0 {
			p.sub(flaggedTitle)
			for _, r := range v.Flagged {
				p.line(4, "• ⚑ "+r.Title+" ("+r.Domain+"): "+r.Flag)
			}
		}
		list("Strengths", "none yet", v.Strengths, false)
		list("Gaps", "none yet", v.Gaps, false)
		list("Where members disagreed most", v.DisagreementNote, v.Disagreements, true)
	}
	p.sub("Equity pauses: what the team said")
	if len(v.Equity) == 0 {
		p.line(4, "no answers to the equity pauses yet")
	}
	for _, e := range v.Equity {
		p.line(4, "• "+e.Indicator+" ("+e.Domain+") — "+p.st.Muted.Render(e.Pause))
		p.line(6, cleanLine(e.Answer))
	}
}

func (p *preview) assessment(v *workbook.Report) {
	p.section(workbook.PartNameAssessment)
	if v.AssessmentUnstarted {
		p.line(2, "not started yet")
		// Comments on domains and indicators still show, under their names.
		for _, d := range v.Assessment {
			if len(v.ThreadsOn(workbook.Part(workbook.PartDomain, d.ID))) > 0 {
				p.sub(d.Title)
				p.comments(workbook.Part(workbook.PartDomain, d.ID), 4)
			}
			for _, in := range d.Indicators {
				if len(v.ThreadsOn(workbook.IndicatorPart(in.ID))) > 0 {
					p.line(4, in.Title+": not rated")
					p.comments(workbook.IndicatorPart(in.ID), 6)
				}
			}
		}
		return
	}
	for _, d := range v.Assessment {
		p.sub(d.Title)
		p.comments(workbook.Part(workbook.PartDomain, d.ID), 4)
		for _, in := range d.Indicators {
			text := in.Title + ": "
			if in.ConsensusRating == workbook.Unrated {
				text += "not rated"
			} else {
				text += "consensus " + in.Consensus
			}
			var members []string
			for i, r := range in.MemberRatings {
				if r != workbook.Unrated && i < len(v.MemberNames) {
					members = append(members, v.MemberNames[i]+" "+r.String())
				}
			}
			if len(members) > 0 {
				text += " (" + strings.Join(members, ", ") + ")"
			}
			if in.Priority {
				text += " · ★ priority"
			}
			if in.Hidden {
				text += " · " + in.VoteNote
			}
			if v.HasPrev && in.Change != "–" {
				text += " · last year " + in.Prev + " " + in.Change
			}
			p.line(4, text)
			if in.Flag != "" {
				p.line(6, "⚑ "+in.Flag)
			}
			if strings.TrimSpace(in.Evidence) != "" {
				p.line(6, "Evidence: "+cleanLine(in.Evidence))
			}
			if strings.TrimSpace(in.Equity) != "" {
				p.line(6, "Equity: "+cleanLine(in.Equity))
			}
			p.comments(workbook.IndicatorPart(in.ID), 6)
		}
	}
}

// flaggedTitle heads the list of indicators whose consensus lies outside
// the members' ratings.
const flaggedTitle = "Talk about these: consensus outside the members' ratings"

// answers writes a part's questions in the template's order.
func (p *preview) answers(rows []workbook.AnswerRow) {
	for _, a := range rows {
		if a.Empty {
			p.answer(a.Question, "")
			p.comments(workbook.Part(workbook.PartQuestion, a.ID), 4)
			continue
		}
		p.answer(a.Question, cleanLine(a.Answer))
		p.comments(workbook.Part(workbook.PartQuestion, a.ID), 4)
	}
}

func (p *preview) problem(v *workbook.Report) {
	pr := v.Problem
	p.section(workbook.PartNameProblem)
	p.comments(workbook.Part(workbook.PartProblem, ""), 2)
	p.answer(pr.QuestionLabel, cleanLine(pr.Question))
	p.answer("Focus indicators", strings.Join(pr.Focus, "; "))
	p.answer("Phase", pr.Phase)
	if len(pr.Tools) > 0 {
		p.answer("Tools", strings.Join(pr.Tools, "; "))
	}
	p.answers(pr.Answers)
}

func (p *preview) plan(v *workbook.Report) {
	pl := v.Plan
	p.section(workbook.PartNamePlan)
	p.comments(workbook.Part(workbook.PartPlan, ""), 2)
	aim := cleanLine(pl.Aim)
	if pl.AimDate != "" && aim != "" {
		aim += " (by " + pl.AimDate + ")"
	}
	p.answer(pl.AimLabel, aim)
	for _, l := range pl.Logic {
		p.answer(l.Q, cleanLine(l.A))
	}
	p.sub("Action steps")
	if len(pl.Actions) == 0 {
		p.line(4, "none yet")
	}
	for _, a := range pl.Actions {
		details := actionDetails(a)
		what := actionWhat(a)
		if a.Flags != "" {
			what += " " + p.st.Warning.Render("("+a.Flags+")")
		}
		p.line(4, "• "+what+" — "+strings.Join(details, ", "))
		for _, c := range a.Cycles {
			p.line(6, "Improvement cycle: "+cycleLine(c))
		}
		p.comments(workbook.ActionPart(a.ID), 6)
	}
	if v.HasPrev {
		c := v.Carried
		p.sub("Carried from " + orDash(v.PrevYear))
		p.line(4, fmt.Sprintf("%d of %d carried action steps done", c.Done, len(c.Steps)))
		for _, f := range c.Finished {
			p.line(4, "• finished last year: "+f)
		}
		for _, r := range c.Retired {
			p.line(4, "• indicator retired since last year: "+r)
		}
	}
	p.sub("Data plan")
	if len(pl.DataPlan) == 0 {
		p.line(4, "none yet")
	}
	for _, d := range pl.DataPlan {
		p.line(4, fmt.Sprintf("• %s — source: %s; baseline: %s; target: %s; cadence: %s",
			orDash(cleanLine(d.Measure)), orDash(cleanLine(d.Source)), orDash(cleanLine(d.Baseline)), orDash(cleanLine(d.Target)), orDash(cleanLine(d.Cadence))))
		p.comments(workbook.Part(workbook.PartMeasure, d.ID), 6)
	}
	if len(pl.Measures) > 0 {
		p.sub("Progress toward the aim")
		for _, m := range pl.Measures {
			p.measure(m)
		}
	}
	p.answers(pl.Answers)
}

// measure writes a measure's run chart (in the plain prompts: what it shows,
// in words) with the values under it.
func (p *preview) measure(m workbook.MeasureSeries) {
	if p.st.plain || len(m.Points) == 0 {
		p.line(4, "• "+cleanLine(m.Measure)+": "+m.Summary)
		return
	}
	for _, l := range runChartLines(p.st, m, max(p.w-4, 1)) {
		p.b.WriteString("    " + l + "\n")
	}
	p.line(6, m.Summary)
}

// cycleLine is one improvement cycle in a line: when, the change and the
// prediction, what happened and what the team did.
func cycleLine(c workbook.CycleRow) string {
	parts := []string{}
	if c.Date != "" {
		parts = append(parts, "from "+c.Date)
	}
	parts = append(parts, "tried "+orDash(cleanLine(c.Change)), "predicted "+orDash(cleanLine(c.Prediction)))
	if h := cleanLine(c.Happened); h != "" {
		parts = append(parts, "happened: "+h)
	}
	act := orText(c.Act, "still running")
	if c.CheckIn != "" {
		act += " (studied at the check-in of " + c.CheckIn + ")"
	}
	return strings.Join(append(parts, "act: "+act), "; ")
}

func (p *preview) reflection(v *workbook.Report) {
	r := v.Reflection
	p.section(workbook.PartNameReflection)
	p.sub("Check-ins")
	if len(v.CheckIns) == 0 {
		p.line(4, "none yet")
	}
	for _, ci := range v.CheckIns {
		p.line(4, fmt.Sprintf("• %s — did: %s; learned: %s; next: %s",
			orDash(ci.Date), orDash(cleanLine(ci.Did)), orDash(cleanLine(ci.Learned)), orDash(cleanLine(ci.Next))))
		if n := cleanLine(ci.Notes); n != "" {
			p.line(6, "Notes: "+n)
		}
		if len(ci.Values) > 0 {
			p.line(6, "Measured: "+strings.Join(ci.Values, "; "))
		}
		if len(ci.Cycles) > 0 {
			p.line(6, "Cycles studied: "+strings.Join(ci.Cycles, "; "))
		}
	}
	p.answer(r.DecisionLabel, r.Decision)
	p.answer("Why", cleanLine(r.Reason))
	for _, c := range r.Conditions {
		if c.Effect == "" && strings.TrimSpace(c.Note) == "" {
			continue
		}
		text := c.Title + ": " + orText(c.Effect, "not marked")
		if n := cleanLine(c.Note); n != "" {
			text += " — " + n
		}
		p.line(2, "• "+text)
	}
	p.answers(r.Answers)
}

// fromWhom is ", from NAME", or "" without a name.
func fromWhom(from string) string {
	if from = cleanLine(from); from != "" {
		return ", from " + from
	}
	return ""
}

func roleSuffix(role string) string {
	if r := cleanLine(role); r != "" {
		return " (" + r + ")"
	}
	return ""
}

// preview builds wrapped, indented lines.
type preview struct {
	st    *Styles
	w     int
	b     strings.Builder
	v     *workbook.Report
	shown map[string]bool // threads written under their part, by first comment id
}

// comments writes the threads on one part, each comment naming its author.
func (p *preview) comments(part workbook.PartRef, indent int) {
	for _, t := range p.v.ThreadsOn(part) {
		p.shown[t.First().ID] = true
		p.thread(t, indent)
	}
}

// thread writes one thread: its first comment (with the part when it is
// not under it) and its replies, marked new, edited, deleted, resolved.
func (p *preview) thread(t workbook.ThreadRow, indent int) {
	for i, c := range t.Comments {
		text := cleanLine(c.Text)
		if c.Deleted {
			text = "(deleted)"
		}
		var marks []string
		if c.Edited && !c.Deleted {
			marks = append(marks, "edited")
		}
		if i == 0 && !t.Open {
			marks = append(marks, t.Status)
		}
		if c.New {
			marks = append(marks, "new")
		}
		head := c.Author
		if c.Date != "" {
			head += ", " + c.Date
		}
		if len(marks) > 0 {
			head += " (" + strings.Join(marks, ", ") + ")"
		}
		at := indent
		if i > 0 {
			head, at = "↳ "+head, indent+2
		} else if !p.shown[t.First().ID] {
			head += " on " + t.On
		}
		p.line(at, p.st.Warning.Render(head+":")+" "+text)
	}
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

// answer writes "Label: answer" ("Question? answer" when the label is a
// question), or "—" for no answer yet.
func (p *preview) answer(label, v string) {
	if !strings.HasSuffix(label, "?") && !strings.HasSuffix(label, ":") {
		label += ":"
	}
	p.line(2, p.st.Heading.Render(label)+" "+orDash(v))
}
