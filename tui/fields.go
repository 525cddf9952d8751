package tui

import (
	"fmt"
	"strings"

	"charm.land/huh/v2"

	"edtech-workbook/workbook"
)

// The workbook's answers, declared once. Each part that is a form (the
// problem of practice, the aim and logic model with the planning questions,
// an action step, a data-plan row, a check-in, the end of the year) is a
// list of pages of field definitions built here from the session and its
// template. Two views are generated from them:
//
//   - the full-window app: formBuilder.field makes the huh field of a
//     definition, formBuilder.pages the form (formpane.go);
//   - the accessible mode: accessibleRun.field asks a definition as a plain
//     prompt, accessibleRun.pages walks the pages (accessible.go).
//
// A template question becomes a definition in questionDef (questions.go),
// one case per kind: a question a facilitator adds is asked in both views,
// and a new kind is one case there.

// defKind is the shape of an answer, which picks the widget and the prompt.
type defKind int

const (
	defLine    defKind = iota // one line of text
	defArea                   // text of several lines (one line in the plain prompts)
	defChoice                 // one of the options (a string)
	defChoices                // any of the options (a list of strings, in option order)
	defNote                   // text to read, with nothing to answer
)

// binding reaches one string of a session.
type binding struct {
	get func(*workbook.Session) string
	set func(*workbook.Session, string)
}

// listBinding reaches one list of strings of a session.
type listBinding struct {
	get func(*workbook.Session) []string
	set func(*workbook.Session, []string)
}

// fieldDef is one answer: what is asked, how it is checked, and where the
// session keeps it. Texts are cleaned (cleanLine) when the definition is
// made.
type fieldDef struct {
	kind  defKind
	title string
	help  string // the template's help, under the title in both views
	// hint is how to use the full-window widget ("← → to choose"), shown
	// there when there is no help; the plain prompts say their own.
	hint    string
	note    string // defNote: the text
	lines   int    // defArea: rows in the full-window form
	inline  bool   // defChoice: the options on one line in the full-window form
	options []huh.Option[string]
	// validate checks typed text (blank is never checked: it keeps the
	// answer); required says a blank answer is refused while there is none.
	validate func(string) error
	required bool
	str      binding     // defLine, defArea, defChoice
	strs     listBinding // defChoices
	// done says the answer is given, for resuming at the first unanswered
	// item (nil: not empty); optional answers are never a place to resume.
	done     func(*workbook.Session) bool
	optional bool
}

// answered reports whether d's answer is given in s.
func (d fieldDef) answered(s *workbook.Session) bool {
	switch {
	case d.done != nil:
		return d.done(s)
	case d.kind == defNote:
		return true
	case d.kind == defChoices:
		return len(d.strs.get(s)) > 0
	}
	return strings.TrimSpace(d.str.get(s)) != ""
}

// choiceOptions are a defChoice's options in s: with the stored answer
// added when the list does not offer it (an imported file, a member since
// removed), so asking never silently replaces it.
func (d fieldDef) choiceOptions(s *workbook.Session) []huh.Option[string] {
	return withCurrent(d.options, d.str.get(s))
}

// choicesOptions are a defChoices's options in s, with every stored choice
// the list does not offer added.
func (d fieldDef) choicesOptions(s *workbook.Session) []huh.Option[string] {
	opts := d.options
	for _, c := range d.strs.get(s) {
		opts = withCurrent(opts, c)
	}
	return opts
}

// description is what the full-window form shows under the title.
func (d fieldDef) description() string { return orText(d.help, d.hint) }

// pageDef is one page of a form: a huh group in the full-window app, a
// heading in the plain prompts.
type pageDef struct {
	title, intro string
	fields       []fieldDef
}

// strAt binds the string of the session that ref reaches.
func strAt(ref func(*workbook.Session) *string) binding {
	return binding{
		get: func(s *workbook.Session) string { return *ref(s) },
		set: func(s *workbook.Session, v string) { *ref(s) = v },
	}
}

// rowBinding binds one string of the row whose id is fresh's in a table of
// the session. The row is added (as fresh, then changed) by the first
// non-empty answer, so an opened-and-abandoned "new row" leaves nothing
// behind.
func rowBinding[T any](rows func(*workbook.Session) *[]T, idOf func(*T) string, fresh T, f func(*T) *string) binding {
	id := idOf(&fresh)
	find := func(s *workbook.Session) *T {
		rs := rows(s)
		for i := range *rs {
			if idOf(&(*rs)[i]) == id {
				return &(*rs)[i]
			}
		}
		return nil
	}
	return binding{
		get: func(s *workbook.Session) string {
			if r := find(s); r != nil {
				return *f(r)
			}
			return *f(&fresh)
		},
		set: func(s *workbook.Session, v string) {
			r := find(s)
			if r == nil {
				if v == "" {
					return
				}
				rs := rows(s)
				*rs = append(*rs, fresh)
				r = &(*rs)[len(*rs)-1]
			}
			*f(r) = v
		},
	}
}

// promptLine and promptArea are a structured part's answer worded by the
// template's prompt pr.
func promptLine(pr workbook.Prompt, validate func(string) error, b binding) fieldDef {
	return fieldDef{kind: defLine, title: cleanLine(pr.Text), help: cleanLine(pr.Help), validate: validate, str: b}
}

func promptArea(pr workbook.Prompt, lines int, b binding) fieldDef {
	return fieldDef{kind: defArea, title: cleanLine(pr.Text), help: cleanLine(pr.Help), lines: lines, str: b}
}

// --- the problem of practice ------------------------------------------------

// focusDef is the choice of focus indicators (gaps first). The full-window
// screen draws it as its own list (focusList), with the same options and
// the same order of the stored ids.
func focusDef(s *workbook.Session) fieldDef {
	return fieldDef{kind: defChoices, title: orText(cleanLine(s.Template.Prompts.Focus.Text), "Focus indicators"),
		help: cleanLine(s.Template.Prompts.Focus.Help), options: focusOptions(s),
		strs: listBinding{
			get: func(s *workbook.Session) []string { return s.Problem.FocusIndicators },
			set: func(s *workbook.Session, v []string) { s.Problem.FocusIndicators = v },
		}}
}

// problemPages: where the team is (the phase), the problem as one question,
// then every problem question of the template in its order.
func problemPages(s *workbook.Session) []pageDef {
	pr := &s.Template.Prompts
	phaseOpts := []huh.Option[string]{}
	if s.Problem.Phase == "" {
		phaseOpts = append(phaseOpts, huh.NewOption("not chosen yet", ""))
	}
	for _, ph := range workbook.Phases {
		phaseOpts = append(phaseOpts, huh.NewOption(ph, ph))
	}
	phase := fieldDef{kind: defChoice, title: orText(cleanLine(pr.Phase.Text), "Phase of the cycle"),
		hint: "← → to choose", inline: true, options: phaseOpts,
		str: strAt(func(s *workbook.Session) *string { return &s.Problem.Phase })}
	problem := promptLine(pr.Problem, validateProblemQuestion, strAt(func(s *workbook.Session) *string { return &s.Problem.Question }))
	pages := []pageDef{
		{title: "Where the team is", fields: []fieldDef{phase}},
		{title: "The problem", fields: []fieldDef{problem}},
	}
	return append(pages, questionPages(&s.Template, workbook.PartProblemQuestions, "Framing the problem", "")...)
}

// --- the plan -----------------------------------------------------------------

// aimPages: the aim and its date, the logic model, then every plan question
// of the template in its order.
func aimPages(t *workbook.Template) []pageDef {
	pr := &t.Prompts
	plan := func(s *workbook.Session) *workbook.Plan { return &s.Plan }
	pages := []pageDef{
		{title: "Aim", fields: []fieldDef{
			promptArea(pr.Aim, 2, strAt(func(s *workbook.Session) *string { return &plan(s).Aim })),
			{kind: defLine, title: "Date to reach the aim", help: "YYYY-MM-DD", validate: validateDate,
				str: strAt(func(s *workbook.Session) *string { return &plan(s).AimDate })},
		}},
		{title: "Logic model", fields: []fieldDef{
			promptArea(pr.Inputs, 2, strAt(func(s *workbook.Session) *string { return &plan(s).Logic.Inputs })),
			promptArea(pr.Activities, 2, strAt(func(s *workbook.Session) *string { return &plan(s).Logic.Activities })),
			promptArea(pr.Outputs, 2, strAt(func(s *workbook.Session) *string { return &plan(s).Logic.Outputs })),
			promptArea(pr.Outcomes, 2, strAt(func(s *workbook.Session) *string { return &plan(s).Logic.Outcomes })),
		}},
	}
	return append(pages, questionPages(t, workbook.PartPlanQuestions, "Planning questions", "")...)
}

// actionFields are the answers of one action step (row: as stored, or a
// new one), each on its own so the plain prompts can ask one alone (the
// status).
type actionFields struct{ what, owner, due, status, measure fieldDef }

func actionDefs(s *workbook.Session, row workbook.ActionStep) actionFields {
	actions := func(s *workbook.Session) *[]workbook.ActionStep { return &s.Plan.Actions }
	idOf := func(a *workbook.ActionStep) string { return a.ID }
	bind := func(f func(*workbook.ActionStep) *string) binding { return rowBinding(actions, idOf, row, f) }
	owners := []huh.Option[string]{huh.NewOption("nobody yet", "")}
	for _, m := range s.Roster {
		if m.Former && m.ID != row.Owner { // off the team: takes no new step
			continue
		}
		owners = append(owners, huh.NewOption(cleanLine(workbook.MemberName(m)), m.ID))
	}
	statuses := make([]huh.Option[string], len(workbook.Statuses))
	for i, st := range workbook.Statuses {
		statuses[i] = huh.NewOption(st, st)
	}
	return actionFields{
		what:   fieldDef{kind: defLine, title: "What will be done", str: bind(func(a *workbook.ActionStep) *string { return &a.What })},
		owner:  fieldDef{kind: defChoice, title: "Owner", inline: true, options: owners, str: bind(func(a *workbook.ActionStep) *string { return &a.Owner })},
		due:    fieldDef{kind: defLine, title: "Due date", help: "YYYY-MM-DD", validate: validateDate, str: bind(func(a *workbook.ActionStep) *string { return &a.Due })},
		status: fieldDef{kind: defChoice, title: "Status", inline: true, options: statuses, str: bind(func(a *workbook.ActionStep) *string { return &a.Status })},
		measure: fieldDef{kind: defLine, title: "Measure of progress",
			str: bind(func(a *workbook.ActionStep) *string { return &a.Measure })},
	}
}

func actionPages(s *workbook.Session, row workbook.ActionStep) []pageDef {
	f := actionDefs(s, row)
	return []pageDef{{fields: []fieldDef{f.what, f.owner, f.due, f.status, f.measure}}}
}

// dataPages is one row of the data plan.
func dataPages(row workbook.DataRow) []pageDef {
	rows := func(s *workbook.Session) *[]workbook.DataRow { return &s.Plan.DataPlan }
	idOf := func(d *workbook.DataRow) string { return d.ID }
	line := func(title, help string, f func(*workbook.DataRow) *string) fieldDef {
		return fieldDef{kind: defLine, title: title, help: help, str: rowBinding(rows, idOf, row, f)}
	}
	return []pageDef{{fields: []fieldDef{
		line("Measure", "what you will count or observe", func(d *workbook.DataRow) *string { return &d.Measure }),
		line("Source", "where the data comes from", func(d *workbook.DataRow) *string { return &d.Source }),
		line("Baseline", "where it stands now", func(d *workbook.DataRow) *string { return &d.Baseline }),
		line("Target", "where you aim to be", func(d *workbook.DataRow) *string { return &d.Target }),
		line("Cadence", "how often you look at it", func(d *workbook.DataRow) *string { return &d.Cadence }),
	}}}
}

// --- progress and reflection --------------------------------------------------

// conditionsPerPage keeps each page of the form at 8 fields or fewer.
const conditionsPerPage = 4

// yearPages is the end of the year: the decision and why, the conditions
// for success that helped or hindered (each with a note), then every
// reflection question of the template in its order, under the template's
// leadership moves.
func yearPages(s *workbook.Session) []pageDef {
	tmpl := &s.Template
	prompts := &tmpl.Prompts
	refl := func(s *workbook.Session) *workbook.Reflection { return &s.Reflection }

	decisions := []huh.Option[string]{huh.NewOption("not decided yet", "")}
	for _, d := range tmpl.Decisions {
		label := cleanLine(d.Title)
		if h := cleanLine(d.Help); h != "" {
			label += " — " + h
		}
		decisions = append(decisions, huh.NewOption(label, d.ID))
	}
	pages := []pageDef{{title: "Decision", fields: []fieldDef{
		{kind: defChoice, title: cleanLine(prompts.Decision.Text), help: cleanLine(prompts.Decision.Help), options: decisions,
			str: strAt(func(s *workbook.Session) *string { return &refl(s).Decision })},
		{kind: defArea, title: "Why this decision?", lines: 3,
			str: strAt(func(s *workbook.Session) *string { return &refl(s).DecisionReason })},
	}}}

	effects := []huh.Option[string]{
		huh.NewOption("not marked", ""), huh.NewOption(workbook.EffectHelped, workbook.EffectHelped),
		huh.NewOption(workbook.EffectHindered, workbook.EffectHindered),
	}
	rows := func(s *workbook.Session) *[]workbook.ConditionNote { return &s.Reflection.Conditions }
	idOf := func(c *workbook.ConditionNote) string { return c.Condition }
	anyNoted := func(s *workbook.Session) bool { return len(s.Reflection.Conditions) > 0 }
	var fields []fieldDef
	for i, cond := range tmpl.Conditions {
		fresh := workbook.ConditionNote{Condition: cond.ID}
		for _, have := range s.Reflection.Conditions {
			if have.Condition == cond.ID {
				fresh = have
			}
		}
		effect := fieldDef{kind: defChoice, title: cleanLine(cond.Title), help: cleanLine(cond.Help), inline: true, options: effects,
			str: rowBinding(rows, idOf, fresh, func(c *workbook.ConditionNote) *string { return &c.Effect }), optional: i > 0}
		if i == 0 { // the conditions count as one answer, given once any is marked
			effect.done = anyNoted
		}
		fields = append(fields, effect, fieldDef{kind: defLine, title: "Note", optional: true,
			str: rowBinding(rows, idOf, fresh, func(c *workbook.ConditionNote) *string { return &c.Note })})
		if (i+1)%conditionsPerPage == 0 || i == len(tmpl.Conditions)-1 {
			pages = append(pages, pageDef{title: cleanLine(prompts.Conditions.Text), fields: fields})
			fields = nil
		}
	}

	// The template's leadership moves, to look back on, above its first
	// reflection question.
	var moves []string
	for _, m := range tmpl.LeadershipMoves {
		moves = append(moves, cleanLine(m.Title))
	}
	intro := ""
	if len(moves) > 0 {
		intro = "Leadership moves to consider: " + strings.Join(moves, "; ") + "."
	}
	return append(pages, questionPages(tmpl, workbook.PartReflectionQuestions, "Looking back", intro)...)
}

// questionPages makes one page per question of a part (huh renders every
// field of a page on each key), titled with the part's name and the
// question's place; intro, when given, is the first page's description.
func questionPages(t *workbook.Template, part workbook.QuestionPart, title, intro string) []pageDef {
	qs := t.Questions.In(part)
	out := make([]pageDef, 0, len(qs))
	for i, q := range qs {
		p := pageDef{title: fmt.Sprintf("%s · %d of %d", title, i+1, len(qs)), fields: []fieldDef{questionDef(t, q)}}
		if i == 0 {
			p.intro = intro
		}
		out = append(out, p)
	}
	return out
}

// hiddenVoteDef is the session's hidden vote (members' ratings hidden until
// everyone has rated an indicator): the last answer of the set-up in the
// plain prompts; the full-window app turns it on and off with V (v for one
// indicator). Optional: never a place to resume.
func hiddenVoteDef() fieldDef {
	const on, off = "yes", "no"
	return fieldDef{kind: defChoice, title: "Hidden vote",
		help: "keep each person's rating hidden until everyone has rated an indicator",
		options: []huh.Option[string]{
			huh.NewOption("No: each rating shows as it is given", off),
			huh.NewOption("Yes: ratings show once everyone has rated", on),
		},
		optional: true,
		str: binding{
			get: func(s *workbook.Session) string { return map[bool]string{true: on, false: off}[s.HiddenVote] },
			set: func(s *workbook.Session, v string) { s.HiddenVote = v == on },
		}}
}
