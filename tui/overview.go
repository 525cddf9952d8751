package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook"
)

// overviewScreen shows the parts of the open session with their progress and
// what to do next. Everything is computed when the session changes or the
// screen comes back on top, never in View.
type overviewScreen struct {
	c      *Common
	parts  []overviewPart
	cursor int
	next   string // "what to do next"
	info   []string
	// comments is the count and the newest comment ("" when none).
	comments string

	roster rosterEdit // t: add a person, rename, change a role
}

// CommentTarget: C on the Overview comments on the whole session.
func (o *overviewScreen) CommentTarget() (part workbook.PartRef, label string) {
	return workbook.SessionPart(), "the whole session"
}

type overviewPart struct {
	name    string
	screen  ScreenID
	percent int    // -1: no progress bar
	detail  string // "12 of 26 indicators have a consensus rating"
	about   string
}

func newOverviewScreen(c *Common) *overviewScreen {
	o := &overviewScreen{c: c}
	o.refresh()
	o.cursor = o.firstUnfinished()
	return o
}

func (o *overviewScreen) Init() tea.Cmd { return nil }

func (o *overviewScreen) Title() string { return "Overview" }

func (o *overviewScreen) Capturing() bool { return o.roster.form != nil }

func (o *overviewScreen) Help() help.KeyMap {
	k := o.c.Keys
	if o.roster.form != nil {
		return newKeyHelp([]key.Binding{k.FormNext, k.Cancel})
	}
	open := as(k.Enter, "open part")
	short := append([]key.Binding{k.Move, as(open, "open"), as(k.OpenPart, "part"), k.Inventory}, o.c.editKeys(as(k.Roster, "roster"))...)
	full := append([]key.Binding{open, k.OpenPart, k.Inventory}, o.c.editKeys(k.Roster)...)
	if o.c.Review {
		short, full = append(short, k.Rounds), append(full, k.Rounds)
	}
	return newKeyHelp(append(short, k.Comment), []key.Binding{k.Up, k.Down, k.Top, k.Bottom}, full)
}

func (o *overviewScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if o.roster.form != nil {
		if _, ok := msg.(sessionChangedMsg); ok {
			o.roster.form = nil // the roster it was editing may be gone
			o.refresh()
			return o, nil
		}
		cmd := o.roster.update(o.c, msg)
		if o.roster.form == nil {
			o.refresh()
		}
		return o, cmd
	}
	switch msg := msg.(type) {
	case resumeMsg, sessionChangedMsg:
		o.refresh()
	case tea.KeyPressMsg:
		k := o.c.Keys
		switch {
		case key.Matches(msg, k.Up):
			o.cursor = max(o.cursor-1, 0)
		case key.Matches(msg, k.Down):
			o.cursor = min(o.cursor+1, len(o.parts)-1)
		case key.Matches(msg, k.Top):
			o.cursor = 0
		case key.Matches(msg, k.Bottom):
			o.cursor = len(o.parts) - 1
		case key.Matches(msg, k.Enter):
			return o, openScreen(to(o.parts[o.cursor].screen))
		case key.Matches(msg, k.OpenPart):
			if n, ok := digitOf(msg, k.OpenPart); ok && n <= len(o.parts) {
				o.cursor = n - 1
				return o, openScreen(to(o.parts[o.cursor].screen))
			}
		case key.Matches(msg, k.Inventory):
			return o, openScreen(to(ScreenInventory))
		case key.Matches(msg, k.Rounds):
			return o, openScreen(route{screen: ScreenRounds})
		case key.Matches(msg, k.Roster):
			if o.c.Review {
				o.c.SetError(errReadOnly)
				return o, nil
			}
			return o, o.roster.start(o.c)
		}
	}
	return o, nil
}

// refresh recomputes progress from the in-memory session.
func (o *overviewScreen) refresh() {
	s := o.c.Session
	if s == nil {
		o.parts, o.info, o.next = defaultParts(), nil, ""
		return
	}
	prog := workbook.ComputeProgress(s)
	part := func(name string) workbook.PartProgress {
		for _, p := range prog.Parts {
			if p.Name == name {
				return p
			}
		}
		return workbook.PartProgress{Name: name}
	}
	assess := part(workbook.PartNameAssessment)
	problem := part(workbook.PartNameProblem)
	plan := part(workbook.PartNamePlan)
	reflect := part(workbook.PartNameReflection)

	o.parts = defaultParts()
	o.parts[0].percent = assess.Percent()
	o.parts[0].detail = fmt.Sprintf("%d of %d indicators have a consensus rating", assess.Done, assess.Total)
	if assess.Done == 0 {
		o.parts[1].detail = "scores appear once indicators have a consensus rating"
	} else {
		o.parts[1].detail = fmt.Sprintf("domain scores from %d rated indicators", assess.Done)
	}
	o.parts[2].percent = problem.Percent()
	o.parts[2].detail = fmt.Sprintf("%d of %d answers", problem.Done, problem.Total)
	o.parts[3].percent = plan.Percent()
	o.parts[3].detail = fmt.Sprintf("%d of %d answers · %d action steps", plan.Done, plan.Total, len(s.Plan.Actions))
	if n := len(workbook.OverdueSteps(s, o.c.todayTime())); n > 0 {
		o.parts[3].detail += fmt.Sprintf(" · %d overdue", n)
	}
	o.parts[4].percent = reflect.Percent()
	o.parts[4].detail = fmt.Sprintf("%d of %d answers · %d check-ins", reflect.Done, reflect.Total, len(s.CheckIns))
	o.parts[5].detail = fmt.Sprintf("%s of the workbook is filled in", prog.OverallText())
	if prog.NotStarted() {
		o.parts[5].detail = "not started: nothing is filled in yet"
	}

	names := make([]string, 0, len(s.Roster))
	for _, m := range s.Roster {
		n := cleanLine(m.Name)
		switch {
		case m.Former:
			n += " (" + workbook.FormerMemberNote + ")"
		case m.Role != "":
			n += " (" + cleanLine(m.Role) + ")"
		}
		names = append(names, n)
	}
	roster := "nobody yet"
	if len(names) > 0 {
		roster = strings.Join(names, ", ")
	}
	o.info = []string{
		cleanLine(s.Team) + " · " + cleanLine(s.District) + " · " + cleanLine(s.SchoolYear),
		"Template: " + cleanLine(s.Template.Title) + " (" + cleanLine(s.Template.Ref()) + ")",
		"Team: " + roster,
	}
	if s.Previous != nil {
		o.info = append(o.info, "Carried forward from "+cleanLine(s.Previous.SchoolYear)+": last year's ratings are shown beside this year's.")
	}
	o.comments = ""
	if latest, ok := latestComment(s); ok {
		n := liveComments(s)
		o.comments = fmt.Sprintf("%d comment%s · latest on %s: %s", n, pluralS(n), workbook.PartTitle(s, latest.Part), commentText(latest))
	}
	o.next = nextStep(s, assess, problem, plan, reflect)
}

func defaultParts() []overviewPart {
	return []overviewPart{
		{name: "Self-assessment", screen: ScreenAssess, about: "each person rates every indicator, then the team agrees"},
		{name: "Results", screen: ScreenResults, percent: -1, about: "domain scores, strengths, gaps and disagreements"},
		{name: "Problem of practice", screen: ScreenProblem, about: "one problem, framed as a question"},
		{name: "Plan", screen: ScreenPlan, about: "aim, logic model, action steps, data plan"},
		{name: "Progress & reflection", screen: ScreenReflect, about: "check-ins and the end-of-year decision"},
		{name: "Summary & export", screen: ScreenSummary, percent: -1, about: "preview and export for your coach"},
	}
}

// nextStep says, in one sentence, what the team should do next.
func nextStep(s *workbook.Session, assess, problem, plan, reflect workbook.PartProgress) string {
	switch {
	case assess.Done < assess.Total:
		for _, d := range s.Template.Domains {
			for _, in := range d.Indicators {
				if r := s.Ratings[in.ID]; r == nil || r.Consensus == workbook.Unrated {
					return fmt.Sprintf("Continue the self-assessment at “%s” (%s): %d indicators still need a consensus rating.",
						cleanLine(in.Title), cleanLine(d.Title), assess.Total-assess.Done)
				}
			}
		}
	case problem.Done < problem.Total:
		return "Look at the results together, then frame your problem of practice as one question."
	case plan.Done < plan.Total:
		return "Write the plan: a measurable aim, the logic model, action steps and a data plan."
	case reflect.Done < reflect.Total:
		return "Record check-ins as the year goes, and the end-of-year decision when it is time."
	}
	return "Everything is filled in. Review the summary and export it for your coach."
}

func (o *overviewScreen) firstUnfinished() int {
	for i, p := range o.parts {
		if p.percent >= 0 && p.percent < 100 {
			return i
		}
	}
	return len(o.parts) - 1
}

// progressBar draws "██████░░░░" with a width of w cells: readable without colour.
func progressBar(st *Styles, percent, w int) string {
	if w <= 0 {
		return ""
	}
	full := clampInt(percent*w/100, 0, w)
	if percent > 0 && full == 0 {
		full = 1 // something was done: show it
	}
	return st.BarFull.Render(strings.Repeat("█", full)) + st.BarEmpty.Render(strings.Repeat("░", w-full))
}

func (o *overviewScreen) View() string {
	if o.roster.form != nil {
		return o.roster.view(o.c)
	}
	st := o.c.Styles
	w, h := o.c.Width, o.c.Height
	var lines []string
	for i, l := range o.info {
		if i == 0 {
			lines = append(lines, st.Title.Render(truncate(l, w)))
		} else {
			lines = append(lines, st.Muted.Render(truncate(l, w)))
		}
	}
	if o.comments != "" {
		lines = append(lines, st.Warning.Render(truncate(o.comments, w)))
	}
	if a := o.c.inv.alertLine(); a != "" {
		lines = append(lines, st.Warning.Render(truncate(a+" i opens the inventory.", w)))
	}
	lines = append(lines, "")

	wide := w >= 100
	nameW := 27
	barW := clampInt(w-nameW-4-5-2, 6, 30)
	for i, p := range o.parts {
		marker := "  "
		if i == o.cursor {
			marker = "› "
		}
		head := fmt.Sprintf("%s%d  %s", marker, i+1, padRight(p.name, nameW-3))
		bar := strings.Repeat(" ", barW+6)
		if p.percent >= 0 {
			bar = progressBar(st, p.percent, barW) + fmt.Sprintf(" %4d%%", p.percent)
		}
		row := head + bar
		if wide {
			row += "  " + st.Muted.Render(truncate(p.detail, max(w-nameW-barW-10, 0)))
		}
		if i == o.cursor {
			row = st.Selected.Render(head) + bar
			if wide {
				row += "  " + truncate(p.detail, max(w-nameW-barW-10, 0))
			}
		}
		lines = append(lines, truncate(strings.TrimRight(row, " "), w))
		if !wide && (h >= 20 || i == o.cursor) {
			lines = append(lines, st.Muted.Render(truncate("      "+p.detail, w)))
		}
	}
	lines = append(lines, "")
	if o.next != "" {
		lines = append(lines, st.Heading.Render("What to do next"))
		lines = append(lines, strings.Split(wrap(o.next, min(w, 90)), "\n")...)
	}
	return clampLines(strings.Join(lines, "\n"), h)
}
