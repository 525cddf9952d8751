package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"edtech-workbook/workbook"
)

// rosterEdit is the Overview's small roster editor: pick a person (or "add
// a person", or "remove someone"), then their name and role (typed freely,
// the template's roles suggested). A removed person who rated or owns an
// action step stays on the roster as a former member, their ratings kept
// and marked everywhere (workbook.Session.RemoveMember); anyone else is
// taken off.
type rosterEdit struct {
	form       *huh.Form
	step       rosterStep
	pick       rosterPick
	name, role string
	gone       string // the member to remove (rosterRemoving)
	sure       bool   // the removal confirmed
}

// rosterStep is where the roster editor is.
type rosterStep int

const (
	rosterPicking  rosterStep = iota // whom to change
	rosterDetails                    // their name and role
	rosterRemoving                   // whom to remove
	rosterConfirm                    // remove them?
)

// rosterPick is the first choice: a person on the roster, a new one, or
// someone to remove.
type rosterPick struct {
	member string // the member's id (not with add or remove)
	add    bool
	remove bool
}

func (r *rosterEdit) start(c *Common) tea.Cmd {
	s := c.Session
	if s == nil {
		return nil
	}
	current := s.CurrentMembers()
	opts := make([]huh.Option[rosterPick], 0, len(current)+2)
	for _, m := range current {
		opts = append(opts, huh.NewOption(cleanLine(m.Name)+roleSuffix(m.Role), rosterPick{member: m.ID}))
	}
	opts = append(opts, huh.NewOption("+ Add a person", rosterPick{add: true}))
	if len(current) > 0 {
		opts = append(opts, huh.NewOption("− Remove someone from the team", rosterPick{remove: true}))
	}
	r.step, r.pick = rosterPicking, opts[0].Value
	r.form = newForm(c, huh.NewGroup(huh.NewSelect[rosterPick]().Title("Whom do you want to change?").
		Description("Rename someone, change a role, add or remove a person. Ratings stay with the person.").
		// The title and the description's two lines, then up to ten choices:
		// eight people with "add" and "remove" show without scrolling.
		Options(opts...).Height(min(len(opts), 10)+3).Value(&r.pick)))
	return r.initForm(c)
}

// removing asks whom to remove.
func (r *rosterEdit) removing(c *Common) tea.Cmd {
	current := c.Session.CurrentMembers()
	opts := make([]huh.Option[string], 0, len(current))
	for _, m := range current {
		opts = append(opts, huh.NewOption(cleanLine(m.Name)+roleSuffix(m.Role), m.ID))
	}
	r.step, r.gone = rosterRemoving, current[0].ID
	r.form = newForm(c, huh.NewGroup(huh.NewSelect[string]().Title("Whom do you want to remove from the team?").
		Options(opts...).Height(min(len(opts), 8)+1).Value(&r.gone)))
	return r.initForm(c)
}

// confirmRemoval says what removing them keeps, and asks.
func (r *rosterEdit) confirmRemoval(c *Common) tea.Cmd {
	m, _ := c.Session.Member(r.gone)
	name := cleanLine(m.Name)
	rated := memberRatings(c.Session, r.gone)
	what := name + " has not rated anything or taken an action step: they are taken off the roster."
	if rated > 0 || ownsSteps(c.Session, r.gone) {
		what = fmt.Sprintf("%s's %d rating%s and action steps are kept, marked “%s”; they no longer rate.",
			name, rated, pluralS(rated), workbook.FormerMemberNote)
	}
	r.step, r.sure = rosterConfirm, false
	r.form = newForm(c, huh.NewGroup(huh.NewConfirm().Title("Remove "+name+" from the team?").Description(what).
		Affirmative("Yes, remove").Negative("No, keep").Value(&r.sure)))
	return r.initForm(c)
}

// memberRatings counts the indicators member id rated.
func memberRatings(s *workbook.Session, id string) int {
	n := 0
	for _, r := range s.Ratings {
		if r != nil && r.Members[id] != workbook.Unrated {
			n++
		}
	}
	return n
}

func ownsSteps(s *workbook.Session, id string) bool {
	for _, a := range s.Plan.Actions {
		if a.Owner == id {
			return true
		}
	}
	return false
}

func (r *rosterEdit) details(c *Common) tea.Cmd {
	s := c.Session
	r.step, r.name, r.role = rosterDetails, "", ""
	if m, ok := s.Member(r.pick.member); ok && !r.pick.add {
		r.name, r.role = m.Name, m.Role
		// The name and the role are one-line fields: never open what they
		// would cut.
		err := fitError(lineField, "this name", m.Name, shownBy(lineField, m.Name))
		if err == nil {
			err = fitError(lineField, "this role", m.Role, shownBy(lineField, m.Role))
		}
		if err != nil {
			r.form = nil
			c.SetError(err)
			return nil
		}
	}
	r.form = newForm(c, huh.NewGroup(
		huh.NewInput().Title("Name").CharLimit(fieldLimit).Value(&r.name).Validate(required("the name")),
		roleInput(s.Template.Roles, &r.role, c.Width),
	))
	return r.initForm(c)
}

// initForm starts the form just built, sized to the room under the heading
// (title and blank line) less huh's error line.
func (r *rosterEdit) initForm(c *Common) tea.Cmd {
	var cmd tea.Cmd
	r.form, cmd = initSized(r.form, c.Width, max(c.Height-2-2, 1))
	return cmd
}

func (r *rosterEdit) update(c *Common, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if key.Matches(msg, c.Keys.Cancel) {
			r.form = nil
			c.SetStatus("roster unchanged")
			return nil
		}
	case tea.WindowSizeMsg:
		msg.Height = max(msg.Height-2-2, 1)
		var cmd tea.Cmd
		r.form, cmd = c.updateForm(r.form, msg)
		return cmd
	}
	if refuseInput(c, r.form, msg) {
		return nil
	}
	var cmd tea.Cmd
	r.form, cmd = c.updateForm(r.form, msg)
	if r.form.State != huh.StateCompleted {
		return cmd
	}
	switch {
	case r.step == rosterPicking && r.pick.remove:
		return tea.Batch(cmd, r.removing(c))
	case r.step == rosterPicking:
		return tea.Batch(cmd, r.details(c))
	case r.step == rosterRemoving:
		return tea.Batch(cmd, r.confirmRemoval(c))
	case r.step == rosterConfirm:
		r.form = nil
		return tea.Batch(cmd, r.remove(c))
	}
	r.form = nil
	name, role, pick := strings.TrimSpace(r.name), strings.TrimSpace(r.role), r.pick
	if pick.add {
		c.SetStatus("added " + cleanLine(name) + " to the team")
		return tea.Batch(cmd, c.Edit(func(s *workbook.Session) {
			s.Roster = append(s.Roster, workbook.Member{ID: workbook.NewID(), Name: name, Role: role})
		}))
	}
	return tea.Batch(cmd, c.Edit(func(s *workbook.Session) {
		for i := range s.Roster {
			if s.Roster[i].ID == pick.member {
				s.Roster[i].Name, s.Roster[i].Role = name, role
			}
		}
	}))
}

// remove takes the chosen person off the team, if confirmed.
func (r *rosterEdit) remove(c *Common) tea.Cmd {
	m, ok := c.Session.Member(r.gone)
	if !r.sure || !ok {
		c.SetStatus("roster unchanged")
		return nil
	}
	name, id := cleanLine(m.Name), r.gone
	var kept bool
	cmd := c.Edit(func(s *workbook.Session) { kept, _ = s.RemoveMember(id) })
	if kept {
		c.SetStatus(name + " is now a former member; their ratings are kept")
	} else {
		c.SetStatus("took " + name + " off the team")
	}
	return cmd
}

func (r *rosterEdit) view(c *Common) string {
	st := c.Styles
	head := "Team roster · choose a person"
	switch r.step {
	case rosterRemoving, rosterConfirm:
		head = "Team roster · remove a person"
	}
	if r.step == rosterDetails {
		head = "Team roster · add a person"
		if m, ok := c.Session.Member(r.pick.member); ok && !r.pick.add {
			head = "Team roster · " + cleanLine(m.Name)
		}
	}
	return st.Title.Render(truncate(head, c.Width)) + "\n\n" + r.form.View()
}
