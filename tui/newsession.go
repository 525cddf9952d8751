package tui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/templatefile"
)

// newSessionScreen sets up a session in two huh forms: the details (team,
// district, school year, template), then the roster one person at a time
// (a role is typed freely; the chosen template's roles are suggested, so
// the suggestions are static: no ...Func, no race). The person being added
// is named above the form, which never scrolls it away. Nothing is stored
// until the roster is done.
type newSessionScreen struct {
	c         *Common
	phase     newSessionPhase
	templates []templatefile.Entry
	form      *huh.Form
	err       error

	// Bound to the details form (written by huh on the event loop only).
	team, district, year, templateRef string
	// Bound to the roster form.
	name, role string
	another    bool

	roster []workbook.Member

	// same lists the sessions the team already has for the year: the
	// screen asks before it makes a second one (again = asked, yes).
	same  []workbook.Summary
	again bool
}

type newSessionPhase int

const (
	phaseLoading newSessionPhase = iota
	phaseDetails
	phaseRoster
	phaseCreating
	phaseSameYear // the team has a session for that year already: ask
)

type templatesLoadedMsg struct {
	entries []templatefile.Entry
	err     error
}

type sessionCreatedMsg struct {
	session *workbook.Session
	same    []workbook.Summary // nothing created: the team has these for the year
	err     error
}

func newNewSessionScreen(c *Common) *newSessionScreen {
	n := &newSessionScreen{c: c}
	if c.Now != nil { // start from the school year we are in
		n.year = workbook.SchoolYearOf(c.Now())
	}
	return n
}

func (n *newSessionScreen) Init() tea.Cmd {
	store := n.c.Store
	return func() tea.Msg {
		entries, err := templatefile.Available(store)
		return templatesLoadedMsg{entries: entries, err: err}
	}
}

func (n *newSessionScreen) Title() string { return "New session" }

// Capturing: the forms own every key (esc is handled here before them),
// and so does the question about a second session (esc goes back, as n).
func (n *newSessionScreen) Capturing() bool { return n.form != nil || n.phase == phaseSameYear }

func (n *newSessionScreen) Help() help.KeyMap {
	k := n.c.Keys
	switch n.phase {
	case phaseDetails:
		return newKeyHelp([]key.Binding{k.FormNext, k.FormPrev, k.Cancel})
	case phaseRoster:
		return newKeyHelp([]key.Binding{k.FormNext, k.FormPrev, as(k.Cancel, "back to details")})
	case phaseSameYear:
		return newKeyHelp([]key.Binding{as(k.Yes, "set up a second one"), as(k.No, "back to the details")})
	}
	return newKeyHelp(nil)
}

func (n *newSessionScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case templatesLoadedMsg:
		return n, n.templatesLoaded(msg)
	case sessionCreatedMsg:
		if msg.err != nil {
			n.c.SetError(msg.err)
			n.phase = phaseRoster
			n.another = false
			return n, n.startRosterForm()
		}
		if len(msg.same) > 0 {
			n.phase, n.same = phaseSameYear, msg.same
			return n, nil
		}
		n.c.SetStatus("created " + cleanLine(msg.session.Team) + " · " + cleanLine(msg.session.SchoolYear))
		return n, showSession(msg.session)
	case tea.KeyPressMsg:
		if key.Matches(msg, n.c.Keys.Cancel) && n.form != nil {
			return n, n.escape()
		}
		if n.phase == phaseSameYear {
			switch {
			case key.Matches(msg, n.c.Keys.Yes):
				n.again = true
				return n, n.create()
			case key.Matches(msg, n.c.Keys.No):
				n.c.SetStatus("no session created yet")
				n.phase = phaseDetails
				return n, n.startDetailsForm()
			}
			return n, nil
		}
	case tea.WindowSizeMsg:
		msg.Height = n.formHeight() // the form gets the room under the heading
		if n.form == nil {
			return n, nil
		}
		var cmd tea.Cmd
		n.form, cmd = n.c.updateForm(n.form, msg)
		return n, cmd
	}
	if n.form == nil || refuseInput(n.c, n.form, msg) {
		return n, nil
	}
	var cmd tea.Cmd
	n.form, cmd = n.c.updateForm(n.form, msg)
	if n.form.State == huh.StateCompleted {
		return n, tea.Batch(cmd, n.completed())
	}
	return n, cmd
}

func (n *newSessionScreen) templatesLoaded(msg templatesLoadedMsg) tea.Cmd {
	if msg.err == nil && len(msg.entries) == 0 {
		msg.err = errors.New("no template is available; import one with `edtech-workbook template import FILE`")
	}
	if msg.err != nil {
		n.err = msg.err
		n.c.SetError(msg.err)
		return nil
	}
	n.templates = msg.entries
	n.templateRef = defaultTemplateRef(msg.entries)
	n.phase = phaseDetails
	return n.startDetailsForm()
}

func (n *newSessionScreen) startDetailsForm() tea.Cmd {
	opts := templateOptions(n.templates)
	var team huh.Field = huh.NewInput().Title("Team name").Placeholder("e.g. Northside edtech team").
		CharLimit(fieldLimit).Value(&n.team).Validate(required("the team name"))
	if n.c.Team != "" { // the cohort server's team member: their team, not typed
		n.team = n.c.Team
		team = huh.NewNote().Title("Team").Description(cleanLine(n.c.Team))
	}
	n.form = newForm(n.c, huh.NewGroup(
		team,
		huh.NewInput().Title("District").Placeholder("e.g. Northside Unified").
			CharLimit(fieldLimit).Value(&n.district).Validate(required("the district")),
		huh.NewInput().Title("School year").Placeholder("2025-26").
			CharLimit(fieldLimit).Value(&n.year).Validate(validSchoolYear),
		huh.NewSelect[string]().Title("Template").
			Description("The questions and rubric of the self-assessment.").
			Options(opts...).Value(&n.templateRef),
	))
	return n.initForm()
}

// initForm starts the form just built, sized to the room under the heading.
func (n *newSessionScreen) initForm() tea.Cmd {
	var cmd tea.Cmd
	n.form, cmd = initSized(n.form, n.c.Width, n.formHeight())
	return cmd
}

func (n *newSessionScreen) template() *workbook.Template {
	for _, e := range n.templates {
		if e.Template.Ref() == n.templateRef {
			return e.Template
		}
	}
	return nil
}

func (n *newSessionScreen) startRosterForm() tea.Cmd {
	n.name, n.role = "", ""
	var roles []string
	if t := n.template(); t != nil {
		roles = t.Roles
	}
	n.form = newForm(n.c, huh.NewGroup(
		huh.NewInput().Title("Name").
			CharLimit(fieldLimit).Value(&n.name).Validate(required("the name")),
		roleInput(roles, &n.role, n.c.Width),
		huh.NewConfirm().Title("Add another person after this one?").
			Affirmative("Yes, add another").Negative("No, start the workbook").Value(&n.another),
	))
	return n.initForm()
}

// roleInput is the role field of the set-up and the roster editor: any role
// can be typed; the template's roles are suggested (ctrl+e completes the
// one shown as you type). Its description is one line of a w-wide screen.
func roleInput(roles []string, v *string, w int) *huh.Input {
	in := huh.NewInput().Title("Role (optional)").CharLimit(fieldLimit).Value(v)
	if len(roles) == 0 {
		return in
	}
	clean := make([]string, 0, len(roles))
	for _, r := range roles {
		clean = append(clean, cleanLine(r))
	}
	return in.Suggestions(clean).
		Description(truncate("Type any role; ctrl+e completes a suggestion: "+strings.Join(clean, ", ")+".", max(w-4, 1)))
}

// completed runs when a form is submitted.
func (n *newSessionScreen) completed() tea.Cmd {
	switch n.phase {
	case phaseDetails:
		n.phase = phaseRoster
		n.another = true
		return n.startRosterForm()
	case phaseRoster:
		n.roster = append(n.roster, workbook.Member{ID: workbook.NewID(),
			Name: strings.TrimSpace(n.name), Role: strings.TrimSpace(n.role)})
		if n.another {
			return n.startRosterForm()
		}
		return n.create()
	}
	return nil
}

func (n *newSessionScreen) create() tea.Cmd {
	t := n.template()
	if t == nil {
		n.c.SetError(fmt.Errorf("template %s is no longer available; choose another", n.templateRef))
		n.phase = phaseDetails
		return n.startDetailsForm()
	}
	n.phase = phaseCreating
	n.form = nil
	sess := &workbook.Session{
		Team: strings.TrimSpace(n.team), District: strings.TrimSpace(n.district),
		SchoolYear: strings.TrimSpace(n.year), Template: *t,
		Roster: append([]workbook.Member(nil), n.roster...),
	}
	store, again := n.c.Store, n.again
	n.again = false
	return func() tea.Msg {
		if !again { // a second session for the same team and year only when asked
			sums, err := store.List()
			if err != nil {
				return sessionCreatedMsg{err: err}
			}
			if same := workbook.SameTeamYear(sums, sess.Team, sess.SchoolYear); len(same) > 0 {
				return sessionCreatedMsg{same: same}
			}
		}
		created, err := store.Create(sess)
		return sessionCreatedMsg{session: created, err: err}
	}
}

// escape: from the details, cancel (nothing was stored); from the roster,
// go back to the details with what was typed kept.
func (n *newSessionScreen) escape() tea.Cmd {
	switch n.phase {
	case phaseRoster:
		n.phase = phaseDetails
		return n.startDetailsForm()
	default:
		n.form = nil
		n.c.SetStatus("no session created")
		return back()
	}
}

// formHeight leaves room for the heading, the roster so far (and the
// person being added) and huh's error line under the form.
func (n *newSessionScreen) formHeight() int {
	if n.phase != phaseRoster {
		return max(n.c.Height-3-2, 1)
	}
	return max(n.c.Height-3-len(n.rosterLines())-1-2, 1)
}

// rosterMin is the room (lines) the roster form needs: the name, the role with its
// suggestions and the question whether another person follows.
const rosterMin = 10

// rosterLines lists the people added so far: one a line while that leaves
// the form its room, else all of them wrapped in as few lines as they take.
func (n *newSessionScreen) rosterLines() []string {
	if len(n.roster) == 0 {
		return nil
	}
	w := max(n.c.Width, 1)
	each := make([]string, len(n.roster))
	for i, m := range n.roster {
		each[i] = cleanLine(m.Name) + roleSuffix(m.Role)
	}
	if n.c.Height-3-len(each)-1-2 >= rosterMin {
		out := make([]string, len(each))
		for i, e := range each {
			out[i] = truncate("  ✓ "+e, w)
		}
		return out
	}
	return strings.Split(hangingWrap("✓ "+strings.Join(each, ", "), w, 2), "\n")
}

func (n *newSessionScreen) View() string {
	st := n.c.Styles
	w := n.c.Width
	var b strings.Builder
	b.WriteString(st.Title.Render(truncate("Set up a new session", w)) + "\n")
	switch n.phase {
	case phaseLoading:
		b.WriteString(st.Muted.Render("Loading templates…"))
		if n.err != nil {
			b.WriteString("\n" + st.Error.Render(wrap(clean(n.err.Error()), w)))
		}
		return b.String()
	case phaseDetails:
		b.WriteString(st.Muted.Render(truncate("Step 1 of 2 · who you are and which template to use", w)) + "\n\n")
	case phaseRoster:
		b.WriteString(st.Muted.Render(truncate("Step 2 of 2 · who is in the room (each person rates every indicator)", w)) + "\n\n")
		for _, l := range n.rosterLines() {
			b.WriteString(l + "\n")
		}
		b.WriteString(st.Heading.Render(truncate(fmt.Sprintf("Person %d", len(n.roster)+1), w)) + "\n")
	case phaseCreating:
		b.WriteString(st.Muted.Render("Creating the session…"))
		return b.String()
	case phaseSameYear:
		ids := make([]string, len(n.same))
		for i, x := range n.same {
			ids[i] = cleanLine(x.ID)
		}
		msg := fmt.Sprintf("%s already has a session for %s (%s). Setting up another makes a second one: y sets up a second one, n goes back to the details.",
			cleanLine(strings.TrimSpace(n.team)), cleanLine(strings.TrimSpace(n.year)), strings.Join(ids, ", "))
		b.WriteString("\n" + st.Dialog.Width(min(w, 70)).Render(msg))
		return b.String()
	}
	if n.form != nil {
		b.WriteString(n.form.View())
	}
	return b.String()
}

// defaultTemplateRef is the template a new session starts on unless
// another is chosen: the newest version of the built-in default.
func defaultTemplateRef(entries []templatefile.Entry) string {
	ref := entries[len(entries)-1].Template.Ref()
	for _, e := range entries {
		if e.Template.ID == templatefile.DefaultTemplateID {
			ref = e.Template.Ref()
		}
	}
	return ref
}

// templateOptions are the templates a new session can start on, by ref.
func templateOptions(entries []templatefile.Entry) []huh.Option[string] {
	opts := make([]huh.Option[string], 0, len(entries))
	for _, e := range entries {
		t := e.Template
		opts = append(opts, huh.NewOption(fmt.Sprintf("%s (%s, %s)", cleanLine(t.Title), cleanLine(t.Ref()), e.Source), t.Ref()))
	}
	return opts
}

// required is a huh validator for a field that must not be blank.
func required(what string) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return fmt.Errorf("%s is needed", what)
		}
		return nil
	}
}

func validSchoolYear(s string) error {
	_, err := workbook.ParseSchoolYear(strings.TrimSpace(s))
	return err
}
