package export

import (
	"fmt"
	"strings"
	"time"

	"edtech-workbook/workbook"
)

// Markdown escaping. Text from a team, a template or a file is data, so:
//   - & < > become entities (&amp; &lt; &gt;): raw HTML in the text is shown,
//     never interpreted, and no "<script" ever reaches the output;
//   - \ ` * _ [ ] ~ # | get a backslash, so text cannot start emphasis, code,
//     links or headings, or split a table cell;
//   - a line that would start a list or a setext underline ("- ", "+ ",
//     "1. ", or only - and =) has its first character escaped, and leading
//     spaces (an indented code block) are dropped;
//   - in table cells and list items, line breaks become " / ", which GitHub
//     and every viewer show on one line; in paragraphs each line ends in a
//     backslash hard break, which CommonMark and GitHub render as a new line.
var mdReplacer = strings.NewReplacer(
	`&`, `&amp;`, `<`, `&lt;`, `>`, `&gt;`,
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `~`, `\~`, `#`, `\#`, `|`, `\|`,
)

// mdInline escapes one line of text for use inside a line.
func mdInline(s string) string { return mdReplacer.Replace(workbook.CleanLine(s)) }

// mdLine escapes one line of text that begins a Markdown line: a list
// marker ("-", "+" or "1." followed by a space), or a line of only - and =
// (a setext underline or thematic break) gets its first character escaped.
func mdLine(s string) string {
	s = mdInline(s)
	if s == "" {
		return s
	}
	spaceAt := func(i int) bool { return i >= len(s) || s[i] == ' ' || s[i] == '\t' }
	if (s[0] == '-' || s[0] == '+') && spaceAt(1) || strings.Trim(s, "-= ") == "" {
		return `\` + s
	}
	i := 0
	for i < len(s) && i < 9 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') && spaceAt(i+1) {
		return s[:i] + `\` + s[i:]
	}
	return s
}

// mdFlat folds multi-line text onto one line for a list item (where a
// leading "- " would otherwise start a nested list).
func mdFlat(s string) string { return mdLine(flatten(s)) }

// mdCell folds text onto one line for a table cell. Cells hold inline
// content only, so line-start markers need no escape there; an empty cell
// gets a space so the row keeps its shape in every viewer.
func mdCell(s string) string {
	if c := mdInline(flatten(s)); c != "" {
		return c
	}
	return " "
}

// flatten joins the non-blank lines of s with " / ".
func flatten(s string) string {
	var parts []string
	for _, l := range strings.Split(workbook.CleanText(s), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " / ")
}

// mdBlock renders multi-line text as paragraphs: blank lines separate
// paragraphs, other line breaks are kept as hard breaks.
func mdBlock(s string) string {
	var paras []string
	var lines []string
	flush := func() {
		if len(lines) > 0 {
			paras = append(paras, strings.Join(lines, "\\\n"))
			lines = nil
		}
	}
	for _, l := range strings.Split(workbook.CleanText(s), "\n") {
		if l = strings.TrimSpace(l); l == "" {
			flush()
			continue
		}
		lines = append(lines, mdLine(l))
	}
	flush()
	return strings.Join(paras, "\n\n")
}

// mdWriter builds a Markdown document. shown records the comment threads
// written beside their parts (by their first comment's id).
type mdWriter struct {
	b     strings.Builder
	shown map[string]bool
}

func (w *mdWriter) line(format string, args ...any) {
	fmt.Fprintf(&w.b, format, args...)
	w.b.WriteByte('\n')
}

func (w *mdWriter) blank() { w.b.WriteByte('\n') }

func (w *mdWriter) heading(level int, text string) {
	w.line("%s %s", strings.Repeat("#", level), mdInline(text))
	w.blank()
}

func (w *mdWriter) para(text string) {
	if b := mdBlock(text); b != "" {
		w.line("%s", b)
		w.blank()
	}
}

// field writes "**Label:** value" as its own paragraph (value already escaped).
func (w *mdWriter) field(label, value string) {
	if strings.TrimSpace(value) == "" {
		return
	}
	w.line("**%s:** %s", mdInline(label), value)
	w.blank()
}

// table writes a GitHub table; cells are raw text and are escaped here.
func (w *mdWriter) table(head []string, align string, rows [][]string) {
	cells := make([]string, len(head))
	for i, h := range head {
		cells[i] = mdCell(h)
	}
	w.line("| %s |", strings.Join(cells, " | "))
	seps := make([]string, len(head))
	for i := range head {
		seps[i] = "---"
		if i < len(align) {
			switch align[i] {
			case 'r':
				seps[i] = "---:"
			case 'c':
				seps[i] = ":---:"
			}
		}
	}
	w.line("| %s |", strings.Join(seps, " | "))
	for _, r := range rows {
		for i := range r {
			r[i] = mdCell(r[i])
		}
		w.line("| %s |", strings.Join(r, " | "))
	}
	w.blank()
}

func (w *mdWriter) none(text string) { w.line("_%s_", text); w.blank() }

// exportMarkdown renders the whole session as one Markdown document; steps
// due before today and not done are flagged overdue.
func exportMarkdown(s *workbook.Session, today time.Time) []byte {
	v := workbook.BuildReportAt(s, today)
	w := &mdWriter{shown: map[string]bool{}}
	w.heading(1, "Summary: "+orDash(v.Team))
	writeMDSetup(w, v)
	writeMDOpenThreads(w, v)
	writeMDResults(w, v)
	writeMDAssessment(w, v)
	writeMDProblem(w, v)
	writeMDPlan(w, v)
	writeMDReflection(w, v)
	writeMDOrphans(w, v)
	return []byte(strings.TrimRight(w.b.String(), "\n") + "\n")
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "–"
	}
	return s
}

func writeMDSetup(w *mdWriter, v *workbook.Report) {
	rows := [][]string{
		{"District", v.District}, {"School year", v.SchoolYear},
		{"Template", v.TemplateTitle + " (" + v.TemplateRef + ")"},
	}
	if v.HasPrev {
		rows = append(rows, []string{"Carried from", v.PrevYear})
	}
	if v.Created != "" {
		rows = append(rows, []string{"Started", v.Created})
	}
	if v.Updated != "" {
		rows = append(rows, []string{"Last change", v.Updated})
	}
	var parts []string
	for _, p := range v.Progress.Parts {
		parts = append(parts, fmt.Sprintf("%s %d/%d", p.Name, p.Done, p.Total))
	}
	rows = append(rows, []string{"Progress", fmt.Sprintf("%s (%s)", v.Progress.OverallText(), strings.Join(parts, ", "))})
	if v.HiddenVote {
		rows = append(rows, []string{"Hidden vote", "members' ratings show once everyone has rated an indicator"})
	}
	if v.AsOf != "" {
		rows = append(rows, []string{"Overdue action steps", overdueLine(v)})
	}
	w.table([]string{"Team", v.Team}, "", rows)

	w.heading(2, "Team")
	if len(v.Roster) == 0 {
		w.none("No one on the roster yet.")
		return
	}
	var members [][]string
	for _, m := range v.Roster {
		role := m.Role
		if m.Former {
			role = strings.TrimPrefix(role+" · "+workbook.FormerMemberNote+" (ratings kept)", " · ")
		}
		members = append(members, []string{m.Name, role})
	}
	w.table([]string{"Name", "Role"}, "", members)
}

func writeMDResults(w *mdWriter, v *workbook.Report) {
	w.heading(2, "Results")
	if v.ResultsEmpty {
		w.none("No consensus ratings yet.")
		return
	}
	w.heading(3, "Domain scores")
	head := []string{"Domain", "Score", "Rated"}
	align := "lrr"
	if v.HasPrev {
		head = append(head, "Last year ("+v.PrevYear+")", "Change")
		align += "rc"
	}
	var rows [][]string
	for _, d := range v.Domains {
		row := []string{d.Title, d.Average, fmt.Sprintf("%d of %d", d.Rated, d.Total)}
		if v.HasPrev {
			row = append(row, orDash(d.Prev), orDash(d.Change))
		}
		rows = append(rows, row)
	}
	w.table(head, align, rows)
	w.line("Scores out of %d:", v.LevelCount)
	w.blank()
	for _, d := range v.Domains {
		w.line("- `%s` %s %s", d.Bar, d.Average, mdInline(d.Title))
	}
	w.blank()
	if len(v.Areas) > 0 {
		w.heading(3, "Scores by Strategic Planning Guide area")
		var rows [][]string
		for _, a := range v.Areas {
			row := []string{a.Title, a.Average, fmt.Sprintf("%d of %d", a.Rated, a.Total)}
			if v.HasPrev {
				row = append(row, orDash(a.Prev), orDash(a.Change))
			}
			rows = append(rows, row)
		}
		head[0] = "Area"
		w.table(head, align, rows)
	}

	results := func(title, empty string, list []workbook.ResultRow, spread bool) {
		w.heading(3, title)
		if len(list) == 0 {
			w.none(empty)
			return
		}
		head := []string{"Indicator", "Domain", "Consensus"}
		if spread {
			head = append(head, "Spread", "Members' ratings")
		}
		if v.HasPrev {
			head = append(head, "Last year", "Change")
		}
		var rows [][]string
		for _, r := range list {
			title, consensus := r.Title, r.Consensus
			if r.Priority {
				title = "★ " + title
			}
			if r.Flag != "" {
				consensus += " ⚑ " + r.Flag
			}
			row := []string{title, r.Domain, consensus}
			if spread {
				row = append(row, fmt.Sprint(r.Spread), r.Ratings)
			}
			if v.HasPrev {
				row = append(row, orDash(r.Prev), orDash(r.Change))
			}
			rows = append(rows, row)
		}
		w.table(head, "", rows)
	}
	if len(v.Priorities) > 0 {
		results("Priorities (★)", "", v.Priorities, false)
	}
	if len(v.Flagged) > 0 {
		results(flaggedTitle, "", v.Flagged, false)
	}
	results("Strengths", "No strengths yet.", v.Strengths, false)
	results("Gaps", "No gaps yet.", v.Gaps, false)
	results("Where members disagreed most", v.DisagreementNote, v.Disagreements, true)
	writeMDEquity(w, v)
}

// writeMDEquity lists the team's answers to the equity pauses.
func writeMDEquity(w *mdWriter, v *workbook.Report) {
	w.heading(3, "Equity pauses: what the team said")
	if len(v.Equity) == 0 {
		w.none("No answers to the equity pauses yet.")
		return
	}
	for _, e := range v.Equity {
		w.line("- **%s** (%s) — _%s_ %s", mdInline(e.Indicator), mdInline(e.Domain), mdInline(e.Pause), mdFlat(e.Answer))
	}
	w.blank()
}

// writeMDAnswers writes a part's questions in template order, each as a
// heading at level with the answer below, an unanswered one marked, and the
// comment threads on the question.
func writeMDAnswers(w *mdWriter, v *workbook.Report, level int, rows []workbook.AnswerRow) {
	for _, a := range rows {
		w.heading(level, a.Question)
		if a.Empty {
			w.none("Not answered yet.")
		} else {
			w.para(a.Answer)
		}
		writeMDThreadsOn(w, v, workbook.Part(workbook.PartQuestion, a.ID))
	}
}

func writeMDAssessment(w *mdWriter, v *workbook.Report) {
	w.heading(2, workbook.PartNameAssessment)
	var scale []string
	for _, l := range v.Scale {
		scale = append(scale, fmt.Sprintf("%d %s", l.Number, l.Label))
	}
	w.field("Scale", mdInline(strings.Join(scale, " · ")+" · ? not sure · – unrated"))
	if v.AssessmentUnstarted {
		w.none("Not started yet.")
		return
	}
	for _, d := range v.Assessment {
		w.heading(3, d.Title)
		w.para(d.Summary)
		writeMDThreadsOn(w, v, workbook.Part(workbook.PartDomain, d.ID))
		head := []string{"Indicator"}
		head = append(head, v.MemberNames...)
		head = append(head, "Consensus", "Spread", "Priority")
		align := "l" + strings.Repeat("c", len(v.MemberNames)) + "lcc"
		if v.HasPrev {
			head = append(head, "Last year", "Change")
			align += "lc"
		}
		var rows [][]string
		var evidence, noted []workbook.IndicatorRow
		for _, in := range d.Indicators {
			if len(indicatorNotes(in)) > 0 {
				noted = append(noted, in)
			}
			row := []string{in.Title}
			row = append(row, in.Members...)
			row = append(row, in.Consensus, in.Spread, yesOrBlank(in.Priority))
			if v.HasPrev {
				row = append(row, in.Prev, in.Change)
			}
			rows = append(rows, row)
			if strings.TrimSpace(in.Evidence) != "" {
				evidence = append(evidence, in)
			}
		}
		w.table(head, align, rows)
		for _, in := range noted {
			w.line("- **%s:** %s", mdInline(in.Title), mdInline(strings.Join(indicatorNotes(in), "; ")))
		}
		if len(noted) > 0 {
			w.blank()
		}
		if len(evidence) > 0 {
			w.line("Evidence:")
			w.blank()
			for _, in := range evidence {
				w.line("- **%s:** %s", mdInline(in.Title), mdFlat(in.Evidence))
			}
			w.blank()
		}
		for _, in := range d.Indicators {
			writeMDThreadsOn(w, v, workbook.IndicatorPart(in.ID))
		}
	}
}

func writeMDProblem(w *mdWriter, v *workbook.Report) {
	w.heading(2, workbook.PartNameProblem)
	writeMDThreadsOn(w, v, workbook.Part(workbook.PartProblem, ""))
	p := v.Problem
	if p.Empty {
		w.none("Not framed yet.")
		return
	}
	var focus []string
	for _, f := range p.Focus {
		focus = append(focus, mdInline(f))
	}
	w.field("Focus indicators", strings.Join(focus, "; "))
	w.field("Phase", mdInline(p.Phase))
	if len(p.Tools) > 0 {
		var tools []string
		for _, t := range p.Tools {
			tools = append(tools, mdInline(t))
		}
		w.field("Tools", strings.Join(tools, "; "))
	}
	w.heading(3, p.QuestionLabel)
	if strings.TrimSpace(p.Question) == "" {
		w.none("Not answered yet.")
	} else {
		w.para(p.Question)
	}
	writeMDAnswers(w, v, 3, p.Answers)
}

func writeMDPlan(w *mdWriter, v *workbook.Report) {
	w.heading(2, workbook.PartNamePlan)
	p := v.Plan
	w.heading(3, "Aim")
	if strings.TrimSpace(p.Aim) == "" {
		w.none("No aim yet.")
	} else {
		w.para(p.Aim)
		w.field("By", mdInline(p.AimDate))
	}
	w.heading(3, "Logic model")
	var logic [][]string
	for _, l := range p.Logic {
		logic = append(logic, []string{l.Q, l.A})
	}
	w.table([]string{"Step", "What the team wrote"}, "", logic)
	writeMDThreadsOn(w, v, workbook.Part(workbook.PartPlan, ""))

	w.heading(3, "Action steps")
	if len(p.Actions) == 0 {
		w.none("No action steps yet.")
	} else {
		var rows [][]string
		for _, a := range p.Actions {
			rows = append(rows, []string{a.What, a.Owner, a.Due, a.Status, a.Measure, a.Flags})
		}
		w.table([]string{"What", "Owner", "Due", "Status", "Measure of progress", "Flags"}, "", rows)
		for _, a := range p.Actions {
			writeMDThreadsOn(w, v, workbook.ActionPart(a.ID))
		}
		writeMDCycles(w, p.Actions)
	}
	if v.HasPrev {
		writeMDCarried(w, v)
	}
	w.heading(3, "Data plan")
	if len(p.DataPlan) == 0 {
		w.none("No data plan yet.")
	}
	if len(p.DataPlan) > 0 {
		var rows [][]string
		for _, d := range p.DataPlan {
			rows = append(rows, []string{d.Measure, d.Source, d.Baseline, d.Target, d.Cadence})
		}
		w.table([]string{"Measure", "Source", "Baseline", "Target", "Cadence"}, "", rows)
		for _, d := range p.DataPlan {
			writeMDThreadsOn(w, v, workbook.Part(workbook.PartMeasure, d.ID))
		}
		writeMDMeasures(w, p.Measures)
	}
	writeMDAnswers(w, v, 3, p.Answers)
}

// overdueLine counts the overdue steps and names the date they are judged on.
func overdueLine(v *workbook.Report) string {
	return fmt.Sprintf("%d (as of %s)", v.Overdue, v.AsOf)
}

// writeMDCycles lists the improvement cycles of the steps that have any.
func writeMDCycles(w *mdWriter, steps []workbook.ActionRow) {
	first := true
	for _, a := range steps {
		if len(a.Cycles) == 0 {
			continue
		}
		if first {
			w.heading(4, "Improvement cycles (plan, do, study, act)")
			first = false
		}
		w.line("%s", mdLine(a.What))
		w.blank()
		for _, c := range a.Cycles {
			w.line("- %s", mdFlat(cycleText(c)))
		}
		w.blank()
	}
}

// cycleText is one improvement cycle in a sentence or two.
func cycleText(c workbook.CycleRow) string {
	var parts []string
	if c.Date != "" {
		parts = append(parts, "from "+c.Date)
	}
	clause := func(s string) string { return orDash(strings.TrimRight(flatten(s), ".")) }
	parts = append(parts, "tried: "+clause(c.Change), "predicted: "+clause(c.Prediction), "happened: "+clause(c.Happened))
	act := "still running"
	if c.Act != "" {
		act = c.Act
	}
	if c.CheckIn != "" {
		act += " (studied at the check-in of " + c.CheckIn + ")"
	}
	return strings.Join(append(parts, "act: "+act), "; ")
}

// writeMDMeasures writes each measure's dated values under the data plan:
// what its run chart shows, in words, then the values.
func writeMDMeasures(w *mdWriter, measures []workbook.MeasureSeries) {
	w.heading(4, "Progress toward the aim")
	for _, m := range measures {
		w.line("**%s** — %s", mdInline(flatten(m.Measure)), mdInline(m.Summary))
		w.blank()
		if len(m.Points) == 0 {
			continue
		}
		var rows [][]string
		for _, p := range m.Points {
			rows = append(rows, []string{p.Date, p.Value, p.CheckIn, p.Note})
		}
		w.table([]string{"Date", "Value", "Check-in", "Note"}, "", rows)
	}
}

func writeMDCarried(w *mdWriter, v *workbook.Report) {
	c := v.Carried
	w.heading(3, "Carried from "+orDash(v.PrevYear))
	if len(c.Steps) > 0 {
		w.line("%d of %d carried action steps done:", c.Done, len(c.Steps))
		w.blank()
		for _, a := range c.Steps {
			w.line("- %s — %s", mdFlat(a.What), mdInline(orDash(a.Status)))
		}
		w.blank()
	} else {
		w.none("No action steps were carried over.")
	}
	if len(c.Finished) > 0 {
		w.line("Finished last year:")
		w.blank()
		for _, f := range c.Finished {
			w.line("- %s", mdInline(f))
		}
		w.blank()
	}
	if len(c.Retired) > 0 {
		w.line("Indicators retired from the template since last year:")
		w.blank()
		for _, r := range c.Retired {
			w.line("- %s", mdInline(r))
		}
		w.blank()
	}
}

func writeMDReflection(w *mdWriter, v *workbook.Report) {
	w.heading(2, workbook.PartNameReflection)
	w.heading(3, "Check-ins")
	if len(v.CheckIns) == 0 {
		w.none("No check-ins yet.")
	}
	for _, c := range v.CheckIns {
		w.heading(4, orDash(c.Date))
		w.field("What we did", mdFlat(c.Did))
		w.field("What we learned", mdFlat(c.Learned))
		w.field("What next", mdFlat(c.Next))
		w.field("Notes", mdFlat(c.Notes))
		w.field("Measures recorded", mdInline(strings.Join(c.Values, "; ")))
		w.field("Improvement cycles studied", mdInline(strings.Join(c.Cycles, "; ")))
	}
	r := v.Reflection
	w.heading(3, "Reflection")
	if r.Empty {
		w.none("No reflection yet.")
		return
	}
	w.field("Decision", mdInline(r.Decision))
	w.para(r.Reason)
	if len(r.Conditions) > 0 {
		var rows [][]string
		for _, c := range r.Conditions {
			rows = append(rows, []string{c.Title, c.Effect, c.Note})
		}
		w.table([]string{"Condition for success", "Effect", "Note"}, "", rows)
	}
	writeMDAnswers(w, v, 4, r.Answers)
}

// writeMDOpenThreads is the summary at the top: every open thread in one
// line, the whole session's threads after it, and how new ones are marked.
func writeMDOpenThreads(w *mdWriter, v *workbook.Report) {
	if len(v.Threads) == 0 {
		return
	}
	w.heading(2, "Open comments")
	if v.MergedAt != "" {
		w.line("Comments marked **new** came with the last merge (%s%s).", mdInline(v.MergedAt), mdInline(fromWhom(v.MergedFrom)))
		w.blank()
	}
	open := v.OpenThreads()
	if len(open) == 0 {
		w.none("Every comment thread is resolved.")
	}
	for _, t := range open {
		f := t.First()
		text := mdFlat(f.Text)
		if f.Deleted {
			text = "_(deleted)_"
		}
		w.line("- **%s** — %s%s: %s%s%s", mdInline(t.Part), mdInline(f.Author), mdInline(dateSuffix(f.Date)), text, repliesSuffix(t.Replies()), newMark(t.New))
	}
	w.blank()
	writeMDThreadsOn(w, v, workbook.SessionPart())
}

// writeMDThreadsOn writes the threads on one part, where the part is shown.
func writeMDThreadsOn(w *mdWriter, v *workbook.Report, p workbook.PartRef) {
	for _, t := range v.ThreadsOn(p) {
		w.shown[t.First().ID] = true
		writeMDThread(w, t)
	}
}

// writeMDThread writes one thread: a line naming its part and status, then
// its comments as a list, the replies under the first.
func writeMDThread(w *mdWriter, t workbook.ThreadRow) {
	w.line("**Comments on %s** (%s)%s", mdInline(t.On), mdInline(t.Status), newMark(t.New))
	w.blank()
	for _, c := range t.Comments {
		indent := ""
		if c.Reply {
			indent = "  "
		}
		by := "**" + mdInline(c.Author) + "**" + mdInline(dateSuffix(c.Date))
		if c.Edited && !c.Deleted {
			by += " (edited)"
		}
		if c.Deleted {
			w.line("%s- _(deleted)_ — %s%s", indent, by, newMark(c.New))
			continue
		}
		w.line("%s- %s%s: %s", indent, by, newMark(c.New), mdFlat(c.Text))
	}
	w.blank()
}

// writeMDOrphans writes the threads not shown beside a part: on parts no
// longer in the session, or not shown (a part not started yet).
func writeMDOrphans(w *mdWriter, v *workbook.Report) {
	first := true
	for _, t := range v.Threads {
		if w.shown[t.First().ID] {
			continue
		}
		if first {
			w.heading(2, "Other comments")
			first = false
		}
		writeMDThread(w, t)
	}
}

func newMark(isNew bool) string {
	if isNew {
		return " **new**"
	}
	return ""
}

func dateSuffix(date string) string {
	if date == "" {
		return ""
	}
	return ", " + date
}

func repliesSuffix(n int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return " (1 reply)"
	}
	return fmt.Sprintf(" (%d replies)", n)
}

func fromWhom(from string) string {
	if from == "" {
		return ""
	}
	return ", from " + from
}
