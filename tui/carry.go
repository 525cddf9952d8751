package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/templatefile"
)

// carryScreen starts next school year's session from one on Home (c): a
// small form (the year, prefilled; the same template or a newer version of
// it), then workbook.CarryInto in a Cmd, then a summary of
// what came along; enter opens the new session's Overview. The original
// session is never changed.
type carryScreen struct {
	c     *Common
	from  carrySource
	phase carryPhase

	prev      *workbook.Session
	templates []*workbook.Template // the same id, newer versions
	form      *huh.Form
	year      string
	tmplRef   string // "" = keep this year's template

	result  *workbook.CarryResult
	created *workbook.Session

	// Re-dating: the new session as it will be stored (not yet stored),
	// the fields of its steps still on last year's dates and what they hold.
	preview *workbook.Session
	redate  []fieldDef
	dates   []string
	// The re-date page and its fields, whose texts are wrapped here (on
	// spaces only, so no date is split at a hyphen) to the width.
	redatePage   pageDef
	redateGroup  *huh.Group
	redateInputs []*huh.Input
	tmpl         *workbook.Template
	// same lists the sessions the team already has for the year chosen:
	// the screen asks before it makes a second one (again = asked, yes).
	same  []workbook.Summary
	again bool
}

type carryPhase int

const (
	carryLoading carryPhase = iota
	carryForm
	carryWorking
	carryRedate   // the open steps still on last year's dates get new ones
	carrySameYear // the team has a session for that year already: ask
	carryDone
	carryFailed // the session or the templates could not be read
)

type carryLoadedMsg struct {
	prev    *workbook.Session
	entries []templatefile.Entry
	err     error
}

type carriedMsg struct {
	result  *workbook.CarryResult
	created *workbook.Session
	same    []workbook.Summary // nothing carried: the team has these for the year
	err     error
}

// previewedMsg carries next year's session before it is stored, for its
// steps still on last year's dates to get new ones first.
type previewedMsg struct {
	preview *workbook.Session
	err     error
}

// carrySource is the session a carry starts from.
type carrySource struct {
	id   string
	name string // “Team · 2025-26”, for the heading
}

func newCarryScreen(c *Common, from carrySource) *carryScreen {
	return &carryScreen{c: c, from: from}
}

func (s *carryScreen) Init() tea.Cmd {
	store, id := s.c.Store, s.from.id
	return func() tea.Msg {
		prev, err := store.Get(id)
		if err != nil {
			return carryLoadedMsg{err: err}
		}
		entries, err := templatefile.Available(store)
		return carryLoadedMsg{prev: prev, entries: entries, err: err}
	}
}

func (s *carryScreen) Title() string { return "Carry forward" }

// Capturing: a form, or the question about a second session (its esc
// goes back to the form, as n does).
func (s *carryScreen) Capturing() bool { return s.form != nil || s.phase == carrySameYear }

func (s *carryScreen) Help() help.KeyMap {
	switch s.phase {
	case carryForm, carryRedate:
		return newKeyHelp([]key.Binding{s.c.Keys.FormNext, s.c.Keys.Cancel})
	case carryDone:
		return newKeyHelp([]key.Binding{as(s.c.Keys.Enter, "open the new session")})
	case carrySameYear:
		return newKeyHelp([]key.Binding{as(s.c.Keys.Yes, "start a second one"), as(s.c.Keys.No, "back to the form")})
	}
	return newKeyHelp(nil)
}

func (s *carryScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case carryLoadedMsg:
		return s, s.loaded(msg)
	case previewedMsg:
		if msg.err != nil {
			s.c.SetError(msg.err)
			return s, s.startForm()
		}
		return s, s.startRedate(msg.preview)
	case carriedMsg:
		if msg.err != nil {
			s.c.SetError(msg.err)
			return s, s.startForm() // keep what was chosen; let them fix it
		}
		if len(msg.same) > 0 {
			s.phase, s.same = carrySameYear, msg.same
			return s, nil
		}
		s.phase, s.result, s.created = carryDone, msg.result, msg.created
		s.c.memory.lastOpened = msg.created.ID // Home's cursor goes to it
		s.c.SetStatus(fmt.Sprintf("carried forward to %s: %d open step%s carried, %d finished summarised",
			cleanLine(msg.created.SchoolYear), msg.result.CarriedSteps, pluralS(msg.result.CarriedSteps), msg.result.FinishedSteps))
		return s, nil
	case tea.KeyPressMsg:
		if s.form != nil && key.Matches(msg, s.c.Keys.Cancel) {
			s.form = nil
			s.c.SetStatus("nothing carried forward")
			return s, back()
		}
		if s.phase == carryDone && key.Matches(msg, s.c.Keys.Enter) {
			return s, showSession(s.created)
		}
		if s.phase == carrySameYear {
			switch {
			case key.Matches(msg, s.c.Keys.Yes):
				s.again = true
				return s, s.carry()
			case key.Matches(msg, s.c.Keys.No):
				s.c.SetStatus("nothing carried forward yet")
				return s, s.startForm()
			}
			return s, nil
		}
	case tea.WindowSizeMsg:
		if s.form == nil {
			return s, nil
		}
		msg.Height = s.formHeight()
		if s.phase == carryRedate {
			s.wrapRedate()
		}
		var cmd tea.Cmd
		s.form, cmd = s.c.updateForm(s.form, msg)
		return s, cmd
	}
	if s.form == nil || refuseInput(s.c, s.form, msg) {
		return s, nil
	}
	var cmd tea.Cmd
	s.form, cmd = s.c.updateForm(s.form, msg)
	if s.form.State == huh.StateCompleted {
		if s.phase == carryRedate {
			return s, tea.Batch(cmd, s.store())
		}
		return s, tea.Batch(cmd, s.carry())
	}
	return s, cmd
}

func (s *carryScreen) loaded(msg carryLoadedMsg) tea.Cmd {
	if msg.err != nil {
		s.phase = carryFailed
		s.c.SetError(msg.err)
		return nil
	}
	s.prev = msg.prev
	s.year, _ = workbook.NextSchoolYear(msg.prev.SchoolYear) // blank if last year's is unreadable
	for _, e := range msg.entries {
		if e.Template.ID == msg.prev.Template.ID && e.Template.Version > msg.prev.Template.Version {
			s.templates = append(s.templates, e.Template)
		}
	}
	return s.startForm()
}

func (s *carryScreen) startForm() tea.Cmd {
	s.phase = carryForm
	same := &s.prev.Template
	opts := []huh.Option[string]{huh.NewOption(fmt.Sprintf("Same as this year: %s (%s)", cleanLine(same.Title), cleanLine(same.Ref())), "")}
	for _, t := range s.templates {
		opts = append(opts, huh.NewOption(fmt.Sprintf("Newer version: %s (%s)", cleanLine(t.Title), cleanLine(t.Ref())), t.Ref()))
	}
	desc := "Indicators are matched by id: new ones start empty, retired ones are listed."
	if len(s.templates) == 0 {
		desc = "No newer version in this workbook file. For your facilitator's new one: quit, run " +
			"`edtech-workbook template import FILE.yaml`, then carry again."
	}
	s.form = newForm(s.c, huh.NewGroup(
		huh.NewInput().Title("Next school year").Placeholder("2026-27").
			CharLimit(fieldLimit).Value(&s.year).Validate(validSchoolYear),
		huh.NewSelect[string]().Title("Template").Description(desc).
			Options(opts...).Value(&s.tmplRef),
	))
	var cmd tea.Cmd
	s.form, cmd = initSized(s.form, s.c.Width, s.formHeight())
	return cmd
}

// carry works out next year's session in a Cmd (nothing is stored yet):
// its steps still on last year's dates are re-dated first (startRedate),
// or it is stored at once.
func (s *carryScreen) carry() tea.Cmd {
	s.phase, s.form = carryWorking, nil
	s.tmpl = nil
	for _, t := range s.templates {
		if t.Ref() == s.tmplRef {
			s.tmpl = t
		}
	}
	prev, year, tmpl, store, again := s.prev, strings.TrimSpace(s.year), s.tmpl, s.c.Store, s.again
	s.again = false
	return func() tea.Msg {
		if !again { // a second session for the same year is made only when asked
			sums, err := store.List()
			if err != nil {
				return carriedMsg{err: err}
			}
			if same := workbook.SameTeamYear(sums, prev.Team, year); len(same) > 0 {
				return carriedMsg{same: same}
			}
		}
		res, err := workbook.CarryForward(prev, year, tmpl)
		if err != nil {
			return previewedMsg{err: err}
		}
		return previewedMsg{preview: res.Session}
	}
}

// startRedate lists the open steps still on last year's dates with their
// old dates to change (the shared definitions of redatePages), or stores
// the session when there are none.
func (s *carryScreen) startRedate(preview *workbook.Session) tea.Cmd {
	s.preview, s.redate, s.dates = preview, nil, nil
	pages := redatePages(preview)
	if len(pages) == 0 {
		return s.store()
	}
	s.phase = carryRedate
	s.redate = pages[0].fields
	s.dates = make([]string, len(s.redate))
	fields := make([]huh.Field, len(s.redate))
	s.redatePage, s.redateInputs = pages[0], make([]*huh.Input, len(s.redate))
	for i, d := range s.redate {
		s.dates[i] = d.str.get(preview)
		s.redateInputs[i] = huh.NewInput().Title(d.title).CharLimit(fieldLimit).
			Value(&s.dates[i]).Validate(optional(d.validate))
		fields[i] = s.redateInputs[i]
	}
	s.redateGroup = huh.NewGroup(fields...).Title(pages[0].title)
	s.wrapRedate()
	s.form = newForm(s.c, s.redateGroup)
	var cmd tea.Cmd
	s.form, cmd = initSized(s.form, s.c.Width, s.formHeight())
	return cmd
}

// wrapRedate wraps the re-date page's intro and its fields' help to the
// width on spaces only (huh would break a date after its hyphen). The
// form's texts have a border or margin beside them: 4 cells are left.
func (s *carryScreen) wrapRedate() {
	if s.redateGroup == nil {
		return
	}
	w := max(s.c.Width-4, 20)
	s.redateGroup.Description(wrapSpaces(s.redatePage.intro, w))
	for i, in := range s.redateInputs {
		in.Description(wrapSpaces(s.redate[i].help, w))
	}
}

// store runs CarryIntoWith in a Cmd: carry forward again, give the steps
// the dates chosen (matched by last year's step), store the new session.
func (s *carryScreen) store() tea.Cmd {
	s.phase, s.form = carryWorking, nil
	byOld := map[string]string{}
	if s.preview != nil {
		for i, d := range s.redate {
			d.str.set(s.preview, strings.TrimSpace(s.dates[i]))
		}
		for _, a := range s.preview.Plan.Actions {
			byOld[a.CarriedFrom] = a.Due
		}
	}
	prev, year, tmpl, store := s.prev, strings.TrimSpace(s.year), s.tmpl, s.c.Store
	return func() tea.Msg {
		res, err := workbook.CarryIntoWith(store, prev, year, tmpl, func(r *workbook.CarryResult) error {
			dates := map[string]string{}
			for _, a := range r.Session.Plan.Actions {
				if d, ok := byOld[a.CarriedFrom]; ok && d != a.Due {
					dates[a.ID] = d
				}
			}
			return workbook.Redate(r.Session, dates)
		})
		if err != nil {
			return carriedMsg{err: err}
		}
		return carriedMsg{result: res, created: res.Session}
	}
}

// formHeight leaves the heading's lines and huh's error line.
func (s *carryScreen) formHeight() int { return max(s.c.Height-4-2, 1) }

func (s *carryScreen) View() string {
	st := s.c.Styles
	w := s.c.Width
	lines := []string{st.Title.Render(truncate("Carry "+s.from.name+" forward to next school year", w))}
	switch s.phase {
	case carryLoading:
		lines = append(lines, st.Muted.Render("Reading the session…"))
	case carryFailed:
		lines = append(lines, st.Muted.Render(truncate("The session could not be read; press esc to go back.", w)))
	case carryForm:
		lines = append(lines, st.Muted.Render(wrap("The roster, problem of practice, aim, logic model, data plan and unfinished steps come along; "+
			"this year's consensus ratings become the baseline. This session is not changed.", w)), "")
		if s.form != nil {
			lines = append(lines, s.form.View())
		}
	case carryWorking:
		lines = append(lines, st.Muted.Render("Creating next year's session…"))
	case carryRedate:
		lines = append(lines, st.Muted.Render(wrap("Nothing is stored yet: enter on the last date creates the session; esc cancels.", w)), "")
		if s.form != nil {
			lines = append(lines, s.form.View())
		}
	case carrySameYear:
		ids := make([]string, len(s.same))
		for i, x := range s.same {
			ids[i] = cleanLine(x.ID)
		}
		msg := fmt.Sprintf("%s already has a session for %s (%s). Carrying again makes a second one: y starts a second one, n goes back to the form.",
			cleanLine(s.prev.Team), cleanLine(strings.TrimSpace(s.year)), strings.Join(ids, ", "))
		lines = append(lines, "", st.Dialog.Width(min(w, 70)).Render(msg))
	case carryDone:
		lines = append(lines, "")
		lines = append(lines, s.summary(w)...)
	}
	return clampLines(strings.Join(lines, "\n"), s.c.Height)
}

// summary says what came along, so nothing is a surprise on the Overview.
func (s *carryScreen) summary(w int) []string {
	st := s.c.Styles
	r, n := s.result, s.created
	item := func(text string) []string { return strings.Split(hangingWrap("• "+text, w, 2), "\n") }
	lines := []string{st.Heading.Render(truncate(fmt.Sprintf("Created %s · %s (template %s)",
		cleanLine(n.Team), cleanLine(n.SchoolYear), cleanLine(n.Template.Ref())), w))}
	lines = append(lines, item(fmt.Sprintf("%d unfinished action step%s carried over", r.CarriedSteps, pluralS(r.CarriedSteps)))...)
	lines = append(lines, item(fmt.Sprintf("%d finished step%s summarised as last year's work", r.FinishedSteps, pluralS(r.FinishedSteps)))...)
	keep := "keep"
	if r.BaselineRated == 1 {
		keep = "keeps"
	}
	lines = append(lines, item(fmt.Sprintf("%d indicator%s %s last year's rating as the baseline; %d %s new",
		r.BaselineRated, pluralS(r.BaselineRated), keep, r.NewIndicators, isAre(r.NewIndicators)))...)
	if len(r.Retired) > 0 {
		retired := make([]string, len(r.Retired))
		for i, t := range r.Retired {
			retired[i] = cleanLine(t)
		}
		lines = append(lines, item("Retired indicators (not in the new template): "+strings.Join(retired, "; "))...)
	} else {
		lines = append(lines, item("No indicator was retired")...)
	}
	if stale := workbook.StaleDates(n); len(stale) > 0 {
		lines = append(lines, item(fmt.Sprintf("%s still on last year's dates: the plan's r gives them new ones", countNoun(len(stale), "open step is", "open steps are")))...)
	} else if r.CarriedSteps > 0 {
		lines = append(lines, item("Every open step has a date in the new school year (or none)")...)
	}
	if r.ValuesLeft > 0 {
		lines = append(lines, item(fmt.Sprintf("The data plan came along; its %s stay with last year", countNoun(r.ValuesLeft, "dated value", "dated values")))...)
	}
	if len(r.DroppedFocuses) > 0 {
		lines = append(lines, item(fmt.Sprintf("%d focus indicator%s of the problem of practice left the template; choose again", len(r.DroppedFocuses), pluralS(len(r.DroppedFocuses))))...)
	}
	lines = append(lines, "", st.Muted.Render(truncate("enter opens the new session · esc returns to the list", w)))
	return lines
}
