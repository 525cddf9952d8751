package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"edtech-workbook/workbook"
)

// rosterEdit is the Overview's small roster editor: pick a person (or "add
// a person"), then their name and role. Nobody is removed here: ratings are
// kept by member id, and a removed person's ratings would be orphaned.
type rosterEdit struct {
	form       *huh.Form
	step       rosterStep
	pick       rosterPick
	name, role string
}

// rosterStep is where the roster editor is.
type rosterStep int

const (
	rosterPicking rosterStep = iota // whom to change
	rosterDetails                   // their name and role
)

// rosterPick is the first choice: a person on the roster, or a new one.
type rosterPick struct {
	member string // the member's id (not with add)
	add    bool
}

func (r *rosterEdit) start(c *Common) tea.Cmd {
	s := c.Session
	if s == nil {
		return nil
	}
	opts := make([]huh.Option[rosterPick], 0, len(s.Roster)+1)
	for _, m := range s.Roster {
		label := cleanLine(m.Name)
		if m.Role != "" {
			label += " (" + cleanLine(m.Role) + ")"
		}
		opts = append(opts, huh.NewOption(label, rosterPick{member: m.ID}))
	}
	opts = append(opts, huh.NewOption("+ Add a person", rosterPick{add: true}))
	r.step, r.pick = rosterPicking, opts[0].Value
	r.form = newForm(c, huh.NewGroup(huh.NewSelect[rosterPick]().Title("Whom do you want to change?").
		Description("Rename someone, change a role, or add a person. Ratings stay with the person.").
		Options(opts...).Height(min(len(opts), 8)+2).Value(&r.pick)))
	return r.initForm(c)
}

func (r *rosterEdit) details(c *Common) tea.Cmd {
	s := c.Session
	r.step, r.name, r.role = rosterDetails, "", ""
	if m, ok := s.Member(r.pick.member); ok && !r.pick.add {
		r.name, r.role = m.Name, m.Role
		// The name (and a role typed in) are one-line fields: never open
		// what they would cut.
		err := fitError(lineField, "this name", m.Name, shownBy(lineField, m.Name))
		if err == nil && len(s.Template.Roles) == 0 {
			err = fitError(lineField, "this role", m.Role, shownBy(lineField, m.Role))
		}
		if err != nil {
			r.form = nil
			c.SetError(err)
			return nil
		}
	}
	fields := []huh.Field{huh.NewInput().Title("Name").CharLimit(fieldLimit).Value(&r.name).Validate(required("the name"))}
	if roles := s.Template.Roles; len(roles) > 0 {
		opts := make([]huh.Option[string], 0, len(roles)+1)
		known := false
		for _, role := range roles {
			opts = append(opts, huh.NewOption(cleanLine(role), role))
			known = known || role == r.role
		}
		if r.role != "" && !known { // keep a role the template no longer lists
			opts = append(opts, huh.NewOption(cleanLine(r.role), r.role))
		}
		if r.role == "" {
			r.role = roles[0]
		}
		fields = append(fields, huh.NewSelect[string]().Title("Role").Options(opts...).Height(min(len(opts), 6)+1).Value(&r.role))
	} else {
		fields = append(fields, huh.NewInput().Title("Role").CharLimit(fieldLimit).Value(&r.role))
	}
	r.form = newForm(c, huh.NewGroup(fields...))
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
	if r.step == rosterPicking {
		return tea.Batch(cmd, r.details(c))
	}
	r.form = nil
	name, role, pick := strings.TrimSpace(r.name), r.role, r.pick
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

func (r *rosterEdit) view(c *Common) string {
	st := c.Styles
	head := "Team roster · choose a person"
	if r.step == rosterDetails {
		head = "Team roster · add a person"
		if m, ok := c.Session.Member(r.pick.member); ok && !r.pick.add {
			head = "Team roster · " + cleanLine(m.Name)
		}
	}
	return st.Title.Render(truncate(head, c.Width)) + "\n\n" + r.form.View()
}
