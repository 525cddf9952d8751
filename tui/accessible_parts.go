package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/export"
	"edtech-workbook/workbook/store"
)

// The accessible mode's parts (see RunAccessible): each part is a list of
// steps made from the shared definitions, which the menu opens, continues
// in, reads back or exports.

// --- the parts, as steps ------------------------------------------------------

// step is one item of a part: asked by ask; done says it has an answer (nil:
// optional, never a place to resume).
type step struct {
	label string
	done  func(*workbook.Session) bool
	ask   func() error
}

// section is a part of the workbook in the plain prompts, in workbook order.
type section struct {
	name  string
	steps func() []step
	// start picks where an opened part starts (the self-assessment asks
	// which indicator); nil starts at the first step.
	start func(steps []step) (int, error)
}

func (a *accessibleRun) sections() []section {
	return []section{
		{name: workbook.PartNameSetup + ": team, district, school year and roster", steps: a.setupSteps},
		{name: workbook.PartNameAssessment, steps: a.assessSteps, start: a.assessStart},
		{name: workbook.PartNameProblem, steps: func() []step {
			return append(a.pageSteps(workbook.PartNameProblem, append([]pageDef{{fields: []fieldDef{focusDef(a.sess)}}}, problemPages(a.sess)...)), a.problemToolsStep()...)
		}},
		{name: "Plan: aim, logic model and planning questions", steps: func() []step {
			return a.pageSteps(workbook.PartNamePlan, aimPages(&a.sess.Template))
		}},
		{name: "Plan: action steps", steps: func() []step {
			return []step{{label: "the action steps", done: func(s *workbook.Session) bool { return len(s.Plan.Actions) > 0 }, ask: a.actionsTable}}
		}},
		{name: "Plan: data plan", steps: func() []step {
			return []step{{label: "the data plan", done: func(s *workbook.Session) bool { return len(s.Plan.DataPlan) > 0 }, ask: a.dataTable}}
		}},
		{name: "Progress: check-ins", steps: func() []step {
			return []step{{label: "the check-ins", done: func(s *workbook.Session) bool { return len(s.CheckIns) > 0 }, ask: a.checkInTable}}
		}},
		{name: "End of year: decision, conditions and reflection questions", steps: func() []step {
			return a.pageSteps(workbook.PartNameReflection, yearPages(a.sess))
		}},
	}
}

// pageSteps makes a step of every field of the pages (definitions are
// built from the session when the part starts); the page's title and intro
// are read before its first field.
func (a *accessibleRun) pageSteps(part string, pages []pageDef) []step {
	var out []step
	for _, p := range pages {
		for i, d := range p.fields {
			p, d, first := p, d, i == 0
			st := step{label: part + ", " + d.title, ask: func() error {
				if first && p.title != "" {
					a.say("")
					a.say(p.title + ".")
					if p.intro != "" {
						a.say(p.intro)
					}
				}
				return a.field(d)
			}}
			if !d.optional {
				st.done = d.answered
			}
			out = append(out, st)
		}
	}
	return out
}

// setupSteps edit the set-up of a stored session: blank keeps each answer.
func (a *accessibleRun) setupSteps() []step {
	var out []step
	for _, d := range setupDefs(nil, a.team != "") {
		out = append(out, step{label: workbook.PartNameSetup + ", " + d.title, done: d.answered, ask: func() error { return a.field(d) }})
	}
	out = append(out, step{label: "the roster", done: func(s *workbook.Session) bool { return len(s.Roster) > 0 }, ask: a.editRoster})
	vote := hiddenVoteDef()
	return append(out, step{label: workbook.PartNameSetup + ", " + vote.title, ask: func() error { return a.field(vote) }})
}

// editRoster renames people, changes roles, adds and removes people (a
// removed person who rated or owns a step stays as a former member, their
// ratings kept: workbook.Session.RemoveMember, as on the Overview).
func (a *accessibleRun) editRoster() error {
	for {
		current := a.sess.CurrentMembers()
		labels := make([]string, 0, len(current)+3)
		for _, m := range current {
			labels = append(labels, "Change "+cleanLine(m.Name)+roleSuffix(m.Role))
		}
		labels = append(labels, "Add a person")
		if len(current) > 0 {
			labels = append(labels, "Remove a person")
		}
		labels = append(labels, "Done with the roster")
		i, err := a.choose("Team roster:", labels, len(labels)-1)
		switch {
		case err != nil:
			return err
		case i == len(labels)-1:
			return nil
		case i == len(current):
			if err := a.addPerson(); err != nil {
				return err
			}
			continue
		case i == len(current)+1:
			if err := a.removePerson(current); err != nil {
				return err
			}
			continue
		}
		id := current[i].ID
		m, _ := a.sess.Member(id)
		name, err := a.ask("Name"+keepHint(m.Name), withinLimit)
		if err != nil {
			return err
		}
		if name == "" {
			name = m.Name
		}
		role, err := a.askRole(name, m.Role)
		if err != nil {
			return err
		}
		if name != m.Name || role != m.Role {
			if err := a.save(func(s *workbook.Session) {
				for k := range s.Roster {
					if s.Roster[k].ID == id {
						s.Roster[k].Name, s.Roster[k].Role = name, role
					}
				}
			}); err != nil {
				return err
			}
		}
	}
}

// removePerson asks whom to remove and, after a y, takes them off the team.
func (a *accessibleRun) removePerson(current []workbook.Member) error {
	labels := make([]string, 0, len(current)+1)
	for _, m := range current {
		labels = append(labels, cleanLine(m.Name)+roleSuffix(m.Role))
	}
	labels = append(labels, "Nobody")
	i, err := a.choose("Whom do you want to remove from the team?", labels, len(labels)-1)
	if err != nil || i == len(current) {
		return err
	}
	m := current[i]
	name := cleanLine(m.Name)
	what := name + " has not rated anything or taken an action step, so they are taken off the roster."
	if n := memberRatings(a.sess, m.ID); n > 0 || ownsSteps(a.sess, m.ID) {
		what = fmt.Sprintf("%s's %d rating%s and action steps are kept, marked %s; they no longer rate.",
			name, n, pluralS(n), workbook.FormerMemberNote)
	}
	a.say(what)
	yes, err := a.yesNo("Remove "+name+" from the team?", false)
	if err != nil || !yes {
		return err
	}
	var kept bool
	if err := a.save(func(s *workbook.Session) { kept, _ = s.RemoveMember(m.ID) }); err != nil {
		return err
	}
	if kept {
		a.say(name + " is now a former member; their ratings are kept.")
	} else {
		a.say("Took " + name + " off the team.")
	}
	return nil
}

func (a *accessibleRun) addPerson() error {
	name, err := a.ask("Name of the new person (blank to cancel):", withinLimit)
	if err != nil || name == "" {
		return err
	}
	role, err := a.askRole(name, "")
	if err != nil {
		return err
	}
	m := workbook.Member{ID: workbook.NewID(), Name: name, Role: role}
	return a.save(func(s *workbook.Session) { s.Roster = append(s.Roster, m) })
}

// --- the self-assessment ------------------------------------------------------

func (a *accessibleRun) assessSteps() []step {
	tmpl := &a.sess.Template
	total := len(tmpl.Indicators())
	var out []step
	n := 0
	for _, d := range tmpl.Domains {
		for _, ind := range d.Indicators {
			n++
			k, d, ind := n, d, ind
			out = append(out, step{
				label: fmt.Sprintf("%s, indicator %d of %d, %s", workbook.PartNameAssessment, k, total, cleanLine(ind.Title)),
				done:  func(s *workbook.Session) bool { return s.RatingOf(ind.ID).Consensus != workbook.Unrated },
				ask:   func() error { return a.indicator(k, total, d, ind) },
			})
		}
	}
	return out
}

// assessStart asks where to start: blank is the first indicator without a
// consensus, as on the full-window screen.
func (a *accessibleRun) assessStart(steps []step) (int, error) {
	if len(steps) == 0 {
		return 0, nil
	}
	first := 0
	for i, st := range steps {
		if !st.done(a.sess) {
			first = i
			break
		}
	}
	v, err := a.ask(fmt.Sprintf("Start at which indicator? Enter a number between 1 and %d (blank: %d, the first without a consensus):", len(steps), first+1),
		func(s string) error {
			if s == "" {
				return nil
			}
			if k, err := strconv.Atoi(s); err != nil || k < 1 || k > len(steps) {
				return fmt.Errorf("%q is not one of the numbers; type a number between 1 and %d, or leave it blank", s, len(steps))
			}
			return nil
		})
	if err != nil || v == "" {
		return first, err
	}
	k, _ := strconv.Atoi(v)
	return k - 1, nil
}

// indicator asks one indicator: each person's rating, the consensus, the
// evidence, the team's answer to the equity pause and priority.
func (a *accessibleRun) indicator(n, total int, d workbook.Domain, ind workbook.Indicator) error {
	tmpl := &a.sess.Template
	levels := len(tmpl.Scale.Levels)
	a.say("")
	a.say(fmt.Sprintf("Indicator %d of %d.", n, total))
	fmt.Fprint(a.out, indicatorText(tmpl, d, ind))
	help := fmt.Sprintf("1-%d, 0 = %s", levels, cleanLine(tmpl.Scale.NotSure))
	id := ind.ID
	if v := a.sess.Vote(id); v.Hidden && v.Concealed() {
		a.say("Hidden vote: " + v.Note() + "; the ratings are read out once everyone has voted.")
	} else if v.Hidden && v.Total > 0 {
		a.say(fmt.Sprintf("Hidden vote: everyone has voted (%d of %d); the ratings are read out.", v.Voted, v.Total))
	}
	for _, m := range a.sess.CurrentMembers() { // former members no longer rate
		mid := m.ID
		before := a.sess.Vote(id)
		if err := a.rating(fmt.Sprintf("%s's rating (%s)", cleanLine(m.Name), help), levels,
			func(r workbook.IndicatorRating) workbook.Rating { return r.Members[mid] },
			func(r *workbook.IndicatorRating, v workbook.Rating) {
				if r.Members == nil {
					r.Members = map[string]workbook.Rating{}
				}
				r.Members[mid] = v
			}, id, before.Concealed()); err != nil {
			return err
		}
		if after := a.sess.Vote(id); after.Hidden && after.Voted != before.Voted {
			if after.Concealed() {
				a.say("Hidden vote: " + after.Note() + ".")
			} else {
				a.say("Everyone has voted.")
			}
		}
	}
	a.sayRatings(id)
	if err := a.rating("Team consensus ("+help+")", levels,
		func(r workbook.IndicatorRating) workbook.Rating { return r.Consensus },
		func(r *workbook.IndicatorRating, v workbook.Rating) { r.Consensus = v }, id, false); err != nil {
		return err
	}
	if lo, hi, outside := a.sess.ConsensusOutside(id); outside {
		a.say("Flag: " + workbook.OutsideFlag(a.sess.RatingOf(id).Consensus, lo, hi) + ".")
	}
	if err := a.offerInventoryFacts(ind); err != nil {
		return err
	}
	for _, f := range indicatorDefs(a.sess, ind) {
		if err := a.field(f); err != nil {
			return err
		}
	}
	now := a.sess.RatingOf(id).Priority
	yes, err := a.yesNo("Is this indicator a priority for the team? Now: "+map[bool]string{true: "yes", false: "no"}[now]+".", now)
	if err != nil || yes == now {
		return err
	}
	return a.save(func(s *workbook.Session) { s.Rating(id).Priority = yes })
}

// indicatorDefs are an indicator's text answers: the evidence notes and,
// when the template asks an equity pause (or the team answered one), the
// team's answer to it.
func indicatorDefs(s *workbook.Session, ind workbook.Indicator) []fieldDef {
	id := ind.ID
	rating := func(s *workbook.Session) *workbook.IndicatorRating { return s.Rating(id) }
	get := func(f func(workbook.IndicatorRating) string) func(*workbook.Session) string {
		return func(s *workbook.Session) string { return f(s.RatingOf(id)) } // reading creates nothing
	}
	defs := []fieldDef{{kind: defArea, title: "Evidence notes", str: binding{
		get: get(func(r workbook.IndicatorRating) string { return r.Evidence }),
		set: func(s *workbook.Session, v string) { rating(s).Evidence = v },
	}}}
	if ind.EquityPause != "" || s.RatingOf(id).Equity != "" {
		defs = append(defs, fieldDef{kind: defArea, title: "Our answer to the equity pause", str: binding{
			get: get(func(r workbook.IndicatorRating) string { return r.Equity }),
			set: func(s *workbook.Session, v string) { rating(s).Equity = v },
		}})
	}
	return defs
}

// sayRatings reads out where the members' ratings of an indicator stand
// before the consensus is asked: the spread (people 2–4), former members'
// ratings, last year's consensus; nothing of a hidden vote not everyone
// has given.
func (a *accessibleRun) sayRatings(id string) {
	s := a.sess
	r := s.RatingOf(id)
	if v := s.Vote(id); v.Concealed() {
		a.say("The ratings stay hidden: " + v.Note() + ".")
	} else {
		var former []string
		for _, m := range s.Roster {
			if mr := r.Members[m.ID]; m.Former && mr != workbook.Unrated {
				former = append(former, cleanLine(workbook.MemberName(m))+" "+mr.String())
			}
		}
		if len(former) > 0 {
			a.say("Ratings kept from former members: " + strings.Join(former, ", ") + ".")
		}
		if lo, hi, _, n := workbook.IndicatorSpread(&r); n > 0 {
			if lo == hi {
				a.say(fmt.Sprintf("People: all %d.", lo))
			} else {
				a.say(fmt.Sprintf("People: %d to %d; talk it through.", lo, hi))
			}
		}
	}
	if p := s.Previous; p != nil {
		if last, ok := p.Baseline[id]; ok {
			a.say("Last year's consensus: " + last.String() + " " + cleanLine(s.Template.LevelLabel(last)) + ".")
		}
	}
}

// rating asks for one rating; blank keeps it. hidden: the rating belongs
// to a hidden vote not everyone has given, so the prompt does not read it.
func (a *accessibleRun) rating(title string, levels int, get func(workbook.IndicatorRating) workbook.Rating,
	set func(*workbook.IndicatorRating, workbook.Rating), indicatorID string, hidden bool) error {
	cur := get(a.sess.RatingOf(indicatorID))
	now := ""
	if cur != workbook.Unrated {
		now = cur.String()
		if hidden {
			now = "voted, hidden"
		}
	}
	v, err := a.ask(title+keepHint(now), func(s string) error {
		_, err := parseRating(s, levels)
		return err
	})
	if err != nil || v == "" {
		return err
	}
	r, _ := parseRating(v, levels)
	if r == cur {
		return nil
	}
	return a.save(func(s *workbook.Session) { set(s.Rating(indicatorID), r) })
}

// parseRating reads a typed rating: 1..levels, 0 or ? for "not sure", blank
// for "leave as is" (returned as Unrated).
func parseRating(s string, levels int) (workbook.Rating, error) {
	s = strings.TrimSpace(s)
	switch s {
	case "":
		return workbook.Unrated, nil
	case "0", "?":
		return workbook.NotSure, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > levels {
		return workbook.Unrated, fmt.Errorf("rating %q is not on the scale; type 1 to %d, 0 for not sure, or leave it blank", s, levels)
	}
	return workbook.Rating(n), nil
}

// indicatorText is what a screen reader hears before the ratings.
func indicatorText(t *workbook.Template, d workbook.Domain, ind workbook.Indicator) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n%s\n", cleanLine(d.Title), cleanLine(ind.Title), cleanLine(ind.Statement))
	for i, lv := range ind.Levels {
		fmt.Fprintf(&b, "Level %d, %s: %s\n", i+1, cleanLine(t.LevelLabel(workbook.Rating(i+1))), cleanLine(lv))
	}
	c := ind.Context
	for _, note := range []struct{ who, text string }{
		{"English learners", c.EnglishLearners}, {"Students with IEPs or 504 plans", c.IEP504},
		{"Small systems", c.SmallSystems}, {"Large systems", c.LargeSystems},
	} {
		if strings.TrimSpace(note.text) != "" {
			fmt.Fprintf(&b, "Thinking about your context, %s: %s\n", note.who, cleanLine(note.text))
		}
	}
	if ind.EquityPause != "" {
		fmt.Fprintf(&b, "Equity pause: %s\n", cleanLine(ind.EquityPause))
	}
	return b.String()
}

// --- the tables: action steps, data plan, check-ins ---------------------------

// rowTable is the loop of one table: list its rows (from the report), then
// add, edit, (change status,) delete, done. The menu's numbers are the same
// whatever the rows, so a script can rely on them.
type rowTable struct {
	title  string
	prompt workbook.Prompt                 // the template's words for the part
	noun   string                          // "action step"
	rows   func(*workbook.Report) []string // one line per row
	ids    func(*workbook.Session) []string
	edit   func(i int, add bool) error // i is ignored with add
	status func(i int) error           // nil: no status
	remove func(s *workbook.Session, id string)
	name   func(i int) string // names row i ("action step \"Train staff\"")
	// more is an entry after Delete (and before Done) that acts on one
	// row: "Record a value of a measure" (label "" : none).
	more   string
	moreDo func(i int) error
	intro  func() error // asked before the table is first listed (nil: nothing)
}

func (a *accessibleRun) runTable(t rowTable) error {
	if t.intro != nil {
		if err := t.intro(); err != nil {
			return err
		}
	}
	for {
		rows := t.rows(workbook.BuildReportAt(a.sess, a.today()))
		a.say("")
		a.say(fmt.Sprintf("%s (%d):", t.title, len(rows)))
		if q := cleanLine(t.prompt.Text); q != "" {
			a.say(q)
		}
		if len(rows) == 0 {
			a.say("None yet.")
		}
		for i, r := range rows {
			a.say(fmt.Sprintf("%d. %s", i+1, r))
		}
		type action int
		const (
			add action = iota
			edit
			status
			remove
			more
			done
		)
		acts := []action{add, edit}
		labels := []string{"Add " + article(t.noun), "Edit " + article(t.noun)}
		if t.status != nil {
			acts, labels = append(acts, status), append(labels, "Change the status of "+article(t.noun))
		}
		acts, labels = append(acts, remove), append(labels, "Delete "+article(t.noun))
		if t.more != "" {
			acts, labels = append(acts, more), append(labels, t.more)
		}
		acts, labels = append(acts, done), append(labels, "Done")
		i, err := a.choose("What next?", labels, len(labels)-1)
		if err != nil {
			return err
		}
		switch act := acts[i]; {
		case act == done:
			return nil
		case act == add:
			err = t.edit(0, true)
		case len(rows) == 0:
			a.say("There is no " + t.noun + " yet.")
		default:
			k, ok, perr := a.pick(t.noun, len(rows))
			switch {
			case perr != nil:
				err = perr
			case !ok:
			case act == edit:
				err = t.edit(k, false)
			case act == status:
				err = t.status(k)
			case act == more:
				err = t.moreDo(k)
			default:
				err = a.deleteRow(t, k)
			}
		}
		if err != nil {
			return err
		}
	}
}

// deleteRow asks before it deletes row i of t.
func (a *accessibleRun) deleteRow(t rowTable, i int) error {
	id := t.ids(a.sess)[i]
	name := t.name(i)
	yes, err := a.yesNo("Delete "+name+"?", false)
	if err != nil || !yes {
		if err == nil {
			a.say("Kept " + name + ".")
		}
		return err
	}
	if err := a.save(func(s *workbook.Session) { t.remove(s, id) }); err != nil {
		return err
	}
	a.say("Deleted " + name + ".")
	return nil
}

func article(noun string) string {
	if strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

// walkPages asks every field of the pages in order (a row's form).
func (a *accessibleRun) walkPages(pages []pageDef) error {
	for _, st := range a.pageSteps("", pages) {
		if err := st.ask(); err != nil {
			return err
		}
	}
	return nil
}

func (a *accessibleRun) actionsTable() error {
	t := rowTable{
		title: "Action steps", prompt: a.sess.Template.Prompts.ActionSteps, noun: "action step",
		rows: func(v *workbook.Report) []string {
			out := make([]string, len(v.Plan.Actions))
			for i, r := range v.Plan.Actions {
				out[i] = actionLine(r)
			}
			return out
		},
		ids: func(s *workbook.Session) []string {
			out := make([]string, len(s.Plan.Actions))
			for i, r := range s.Plan.Actions {
				out[i] = r.ID
			}
			return out
		},
		edit: func(i int, add bool) error {
			row := workbook.ActionStep{ID: workbook.NewID(), Status: workbook.StatusNotStarted}
			if !add {
				row = a.sess.Plan.Actions[i]
			}
			f := actionDefs(a.sess, row)
			if err := a.field(f.what); err != nil {
				return err
			}
			if findAction(a.sess, row.ID) == nil {
				a.say("No action step was added.")
				return nil
			}
			return a.walkPages([]pageDef{{fields: []fieldDef{f.owner, f.due, f.status, f.measure}}})
		},
		status: func(i int) error {
			return a.field(actionDefs(a.sess, a.sess.Plan.Actions[i]).status)
		},
		more:   "Add or change an improvement cycle of an action step",
		moreDo: a.cycles,
		intro:  a.redate,
		remove: func(s *workbook.Session, id string) {
			s.Plan.Actions = removeRow(s.Plan.Actions, func(r workbook.ActionStep) bool { return r.ID == id })
		},
		name: func(i int) string {
			return fmt.Sprintf("action step %q", truncate(cleanLine(a.sess.Plan.Actions[i].What), 60))
		},
	}
	return a.runTable(t)
}

// cycles adds an improvement cycle to step i, or changes one it has.
func (a *accessibleRun) cycles(i int) error {
	step := a.sess.Plan.Actions[i]
	labels := []string{"Add an improvement cycle"}
	for k, c := range step.Cycles {
		labels = append(labels, fmt.Sprintf("Change cycle %d: %s", k+1, truncate(cleanLine(c.Change), 60)))
	}
	k := 0
	if len(step.Cycles) > 0 {
		var err error
		if k, err = a.choose("Improvement cycles of "+truncate(cleanLine(step.What), 60)+":", labels, 0); err != nil {
			return err
		}
	}
	if k == 0 {
		cy := workbook.Cycle{ID: workbook.NewID(), Date: a.today().Format(time.DateOnly)}
		if a.now == nil {
			cy.Date = ""
		}
		return a.walkPages(cyclePages(a.sess, step.ID, cy, "A new improvement cycle (plan, do, study, act)"))
	}
	return a.walkPages(cyclePages(a.sess, step.ID, step.Cycles[k-1], labels[k]))
}

// redate offers, when steps carried from last year are still on last
// year's dates, to give each a new date (blank keeps a date).
func (a *accessibleRun) redate() error {
	pages := redatePages(a.sess)
	if len(pages) == 0 {
		return nil
	}
	n := len(pages[0].fields)
	yes, err := a.yesNo(fmt.Sprintf("%s still on last year's dates. Re-date them now?",
		countNoun(n, "open step carried from last year is", "open steps carried from last year are")), true)
	if err != nil || !yes {
		return err
	}
	return a.walkPages(pages)
}

// countNoun is "1 open step is" or "3 open steps are".
func countNoun(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// today is the run's clock (the zero time without one).
func (a *accessibleRun) today() time.Time {
	if a.now == nil {
		return time.Time{}
	}
	return a.now()
}

// actionLine is one action step as the accessible read-back says it.
func actionLine(r workbook.ActionRow) string {
	what := actionWhat(r)
	if r.Flags != "" {
		what += " (" + r.Flags + ")"
	}
	details := actionDetails(r)
	if n := len(r.Cycles); n > 0 {
		details = append(details, countNoun(n, "improvement cycle", "improvement cycles"))
	}
	return what + " — " + strings.Join(details, ", ")
}

// actionWhat is what an action step will do, as the Summary and the
// accessible read-back name it.
func actionWhat(r workbook.ActionRow) string { return orText(cleanLine(r.What), "(no description)") }

// actionDetails are an action step's owner, status, due date and measure,
// in the words the Summary and the accessible read-back both use.
func actionDetails(r workbook.ActionRow) []string {
	details := []string{orText(r.Owner, "no owner"), orText(r.Status, workbook.StatusNotStarted)}
	if r.Due != "" {
		details = append(details, "due "+r.Due)
	}
	if m := cleanLine(r.Measure); m != "" {
		details = append(details, "measure: "+m)
	}
	return details
}

func (a *accessibleRun) dataTable() error {
	t := rowTable{
		title: "Data plan", prompt: a.sess.Template.Prompts.DataPlan, noun: "data plan row",
		rows: func(v *workbook.Report) []string {
			out := make([]string, len(v.Plan.DataPlan))
			for i, d := range v.Plan.DataPlan {
				out[i] = fmt.Sprintf("%s — source: %s; baseline: %s; target: %s; cadence: %s",
					orDash(cleanLine(d.Measure)), orDash(cleanLine(d.Source)), orDash(cleanLine(d.Baseline)), orDash(cleanLine(d.Target)), orDash(cleanLine(d.Cadence)))
				if i < len(v.Plan.Measures) && len(v.Plan.Measures[i].Points) > 0 {
					out[i] += ". " + v.Plan.Measures[i].Summary
				}
			}
			return out
		},
		ids: func(s *workbook.Session) []string {
			out := make([]string, len(s.Plan.DataPlan))
			for i, r := range s.Plan.DataPlan {
				out[i] = r.ID
			}
			return out
		},
		edit: func(i int, add bool) error {
			row := workbook.DataRow{ID: workbook.NewID()}
			if !add {
				row = a.sess.Plan.DataPlan[i]
			}
			return a.walkPages(append(dataPages(row), dataValuePages(row)...))
		},
		more: "Record a dated value of a measure",
		moreDo: func(i int) error {
			v := workbook.MeasureValue{ID: workbook.NewID()}
			if a.now != nil {
				v.Date = a.now().Format(time.DateOnly) // dated today unless changed
			}
			return a.walkPages(valuePages(a.sess.Plan.DataPlan[i], v))
		},
		remove: func(s *workbook.Session, id string) {
			s.Plan.DataPlan = removeRow(s.Plan.DataPlan, func(r workbook.DataRow) bool { return r.ID == id })
		},
		name: func(i int) string {
			return fmt.Sprintf("data plan row %q", truncate(cleanLine(a.sess.Plan.DataPlan[i].Measure), 60))
		},
	}
	return a.runTable(t)
}

func (a *accessibleRun) checkInTable() error {
	t := rowTable{
		title: "Check-ins", prompt: a.sess.Template.Prompts.CheckIn, noun: "check-in",
		rows: func(v *workbook.Report) []string {
			out := make([]string, len(v.CheckIns))
			for i, c := range v.CheckIns {
				out[i] = fmt.Sprintf("%s — did: %s; learned: %s; next: %s",
					orDash(c.Date), orDash(cleanLine(c.Did)), orDash(cleanLine(c.Learned)), orDash(cleanLine(c.Next)))
				if len(c.Values) > 0 {
					out[i] += "; measured: " + strings.Join(c.Values, "; ")
				}
			}
			return out
		},
		ids: func(s *workbook.Session) []string {
			out := make([]string, len(s.CheckIns))
			for i, r := range s.CheckIns {
				out[i] = r.ID
			}
			return out
		},
		edit: func(i int, add bool) error {
			row := workbook.CheckIn{ID: workbook.NewID()}
			if add && a.now != nil {
				row.Date = a.now().Format(time.DateOnly) // a new check-in is dated today
			}
			if !add {
				row = a.sess.CheckIns[i]
			}
			return a.walkPages(checkInPages(a.sess, row))
		},
		remove: workbook.DeleteCheckIn,
		name:   func(i int) string { return "the check-in of " + cleanLine(a.sess.CheckIns[i].Date) },
	}
	return a.runTable(t)
}

// --- the menu -----------------------------------------------------------------

// The menu's entries after the parts.
const (
	menuReadBack = "Read back a part"
	menuExport   = "Export"
	menuQuit     = "Quit"
	// The tool inventory comes last, so the numbers before it stay.
	menuInventory = "The tool inventory: tools, usage, selection requests, evaluations"
)

// menu offers to continue where the team left off, any part, a read-back
// and the export, until quit or end of input.
func (a *accessibleRun) menu() error {
	for {
		secs := a.sections()
		at, step, label := a.resumePoint(secs)
		rep := workbook.BuildReport(a.sess)
		a.say("")
		a.say(fmt.Sprintf("%s, %s, %s: %s.", rep.Team, rep.District, rep.SchoolYear, doneText(rep.Progress.Overall)))
		cont := "Continue where you left off: " + label
		if at < 0 {
			cont = "Continue: every item has an answer; go through the workbook from the start"
			at, step = 0, 0
		}
		labels := []string{cont}
		for _, s := range secs {
			labels = append(labels, s.name)
		}
		labels = append(labels, menuReadBack, menuExport, menuComments, menuQuit)
		if !a.noInventory {
			labels = append(labels, menuInventory)
		}
		i, err := a.choose("What next?", labels, 0)
		if err != nil {
			return err
		}
		switch {
		case i == 0:
			err = a.continueFrom(secs, at, step)
		case i <= len(secs):
			err = a.walkSection(secs[i-1], true)
		case labels[i] == menuReadBack:
			err = a.readBack()
		case labels[i] == menuExport:
			err = a.export()
		case labels[i] == menuComments:
			err = a.comments()
		case labels[i] == menuInventory:
			err = a.inventoryMenu()
		default:
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// resumePoint is the first item without an answer: its section, its step
// and a label (at < 0 when everything has an answer).
func (a *accessibleRun) resumePoint(secs []section) (at, step int, label string) {
	for i, sec := range secs {
		for j, st := range sec.steps() {
			if st.done != nil && !st.done(a.sess) {
				return i, j, st.label
			}
		}
	}
	return -1, 0, ""
}

// walkSection asks one part from its start (opened: asking where, for the
// self-assessment).
func (a *accessibleRun) walkSection(sec section, opened bool) error {
	steps := sec.steps()
	from := 0
	if opened && sec.start != nil {
		var err error
		if from, err = sec.start(steps); err != nil {
			return err
		}
	}
	return a.walk(sec, steps, from)
}

func (a *accessibleRun) walk(sec section, steps []step, from int) error {
	a.say("")
	a.say(sec.name + ".")
	for _, st := range steps[from:] {
		if err := st.ask(); err != nil {
			return err
		}
	}
	return nil
}

// continueFrom walks from the step of part at to the end of the workbook,
// asking before each next part.
func (a *accessibleRun) continueFrom(secs []section, at, step int) error {
	if err := a.walk(secs[at], secs[at].steps(), step); err != nil {
		return err
	}
	for _, sec := range secs[at+1:] {
		on, err := a.yesNo("Go on to "+sec.name+"?", true)
		if err != nil || !on {
			return err
		}
		if err := a.walkSection(sec, false); err != nil {
			return err
		}
	}
	a.say("That was the last part of the workbook.")
	return nil
}

// readBack reads a part of the session from its report, in the Summary's
// words.
func (a *accessibleRun) readBack() error {
	parts := []struct {
		label string
		part  reportPart
	}{
		{"The whole session", reportAll}, {"Results", reportResults}, {workbook.PartNameAssessment, reportAssessment},
		{workbook.PartNameProblem, reportProblem}, {workbook.PartNamePlan, reportPlan}, {workbook.PartNameReflection, reportReflection},
	}
	labels := make([]string, len(parts))
	for i, p := range parts {
		labels[i] = p.label
	}
	i, err := a.choose("Read back which part?", labels, 0)
	if err != nil {
		return err
	}
	a.say("")
	a.say(renderReportPart(plainStyles(), workbook.BuildReportAt(a.sess, a.today()), parts[i].part, readBackWidth))
	return nil
}

// readBackWidth is wide: a screen reader reads lines, not a window.
const readBackWidth = 200

// plainStyles draw nothing: the read-back is plain text.
func plainStyles() *Styles { return &Styles{plain: true} }

// export writes the session in a format to a file, through the store's
// atomic writer; an existing file is overwritten only when asked.
func (a *accessibleRun) export() error {
	if a.remoteExport != "" {
		a.say(remoteExportHint(a.remoteExport, a.sess) + ".")
		return nil
	}
	choices := exportChoices()
	labels := make([]string, len(choices))
	for i, c := range choices {
		labels[i] = c.Key
	}
	i, err := a.choose("Export format:", labels, 0)
	if err != nil {
		return err
	}
	choice := choices[i].Value
	// The folder the app's dialog offers: the last export's, or beside the
	// workbook file; a name alone is written there.
	dir := exportFolder(a.store.Path(), a.stateFile)
	def := filepath.Join(dir, strings.TrimPrefix(defaultExportPath(a.sess, choice), "./"))
	path, err := a.ask("Export to file (blank: "+cleanLine(def)+"):", withinLimit)
	if err != nil {
		return err
	}
	if path == "" {
		path = def
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	if err := store.CheckOutputPath(path, a.store.Path()); err != nil {
		a.say("Not exported: " + cleanLine(errorText(err)) + ".")
		return nil
	}
	if err := store.CheckOutputTarget(path); err != nil {
		a.say("Not exported: " + cleanLine(errorText(err)) + ".")
		return nil
	}
	if _, serr := os.Stat(path); serr == nil {
		yes, err := a.yesNo(cleanLine(path)+" already exists. Overwrite it?", false)
		if err != nil {
			return err
		}
		if !yes {
			a.say("Export cancelled; " + cleanLine(path) + " was left as it was.")
			return nil
		}
	}
	opts := export.Options{Table: choice.table, Today: a.today()}
	if choice.format == export.FormatJSON {
		if opts.Base, err = workbook.BaseFor(a.store, a.sess.ID); err != nil {
			a.say("Not exported: " + cleanLine(errorText(err)) + ".")
			return nil
		}
	}
	data, err := export.Render(a.sess, choice.format, opts)
	if err == nil {
		if err = store.CheckOutputPath(path, a.store.Path()); err == nil {
			err = store.WriteFileAtomic(path, data)
		}
	}
	if err != nil {
		a.say("Not exported: " + cleanLine(errorText(err)) + ".")
		return nil
	}
	a.say("Exported to " + cleanLine(path) + ".")
	if a.stateFile != "" {
		if err := store.RememberExportFolder(a.stateFile, a.store.Path(), filepath.Dir(path)); err != nil {
			a.say("The export folder is not remembered: " + cleanLine(errorText(err)) + ".")
		}
	}
	return nil
}
