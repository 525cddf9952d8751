package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
)

// toolScreen is one tool's page: every field, by section (the sections and
// fields of workbook.ToolFields), its usage figures, evaluations and the
// selection requests that name it. e edits the focused section in a form
// (money in dollars, dates checked, the whole tool checked before it is
// kept); on the usage section a adds a figure, e edits and d deletes one;
// v opens this school year's evaluation.
type toolScreen struct {
	c       *Common
	id      string
	section int // index into toolPageSections
	row     int // the figure, evaluation or request within a list section
	form    *smallForm
	confirm *invConfirm
}

// The sections of a tool's page after the field sections.
const (
	sectionUsage       = "Usage"
	sectionEvaluations = "Evaluations"
	sectionRequests    = "Selection requests"
)

func toolPageSections() []string {
	return append(workbook.ToolSections(), sectionUsage, sectionEvaluations, sectionRequests)
}

// invConfirm is a yes/no question on an inventory screen.
type invConfirm struct {
	question string
	yes      func() (tea.Cmd, error)
}

// answerConfirm hands a key to the waiting question *q and drops it once
// it is answered (a screen can test *q == nil afterwards).
func answerConfirm(c *Common, q **invConfirm, msg tea.KeyPressMsg) tea.Cmd {
	cmd, decided := (*q).answer(c, msg)
	if decided {
		*q = nil
	}
	return cmd
}

// lines is the question wrapped to w cells, in the warning style.
func (q *invConfirm) lines(st *Styles, w int) []string {
	var out []string
	for _, l := range strings.Split(wrap(cleanLine(q.question), max(w, 1)), "\n") {
		out = append(out, st.Warning.Render(truncate(l, w)))
	}
	return out
}

// answer handles a key while the question waits; decided says it is over.
func (q *invConfirm) answer(c *Common, msg tea.KeyPressMsg) (cmd tea.Cmd, decided bool) {
	yes, decided := answerConfirmKey(c.Keys, msg)
	if !decided {
		return nil, false
	}
	if !yes {
		c.SetStatus("nothing changed")
		return nil, true
	}
	cmd, err := q.yes()
	if err != nil {
		c.SetError(err)
	}
	return cmd, true
}

func newToolScreen(c *Common, id string) *toolScreen { return &toolScreen{c: c, id: id} }

func (s *toolScreen) Init() tea.Cmd { return s.c.inv.loadFull() }

func (s *toolScreen) Title() string {
	if name := s.c.inv.toolName(s.id); name != "" {
		return "Tools › " + name
	}
	return "Tools › " + s.id
}

func (s *toolScreen) Capturing() bool { return s.form != nil || s.confirm != nil }

func (s *toolScreen) sectionName() string { return toolPageSections()[s.section] }

func (s *toolScreen) Help() help.KeyMap {
	k := s.c.Keys
	if h := overlayHelp(k, s.form, s.confirm); h != nil {
		return h
	}
	short := []key.Binding{as(k.Section, "next section")}
	switch s.sectionName() {
	case sectionUsage:
		short = append(short, s.c.editKeys(as(k.EditRow, "edit figure"), as(k.Add, "add figure"), as(k.Delete, "delete figure"))...)
	case sectionEvaluations, sectionRequests:
		short = append(short, as(k.Enter, "open"))
	default:
		short = append(short, s.c.editKeys(as(k.EditRow, "edit section"))...)
	}
	short = append(short, k.Evaluate)
	return newKeyHelp(short, []key.Binding{k.Section, k.Up, k.Down}, short[1:])
}

// tool is the tool on the page (nil while loading, or when it is gone).
func (s *toolScreen) tool() *inventory.Tool {
	if inv := s.c.inv.inv(); inv != nil {
		return inv.Tool(s.id)
	}
	return nil
}

func (s *toolScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if cmd, took := forwardToForm(&s.form, msg); took {
		return s, cmd
	}
	switch msg := msg.(type) {
	case invChangedMsg:
		if s.tool() == nil {
			s.form, s.confirm = nil, nil
		}
		s.row = clampInt(s.row, 0, max(s.rows()-1, 0))
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

// rows is how many rows the focused list section has.
func (s *toolScreen) rows() int {
	t := s.tool()
	if t == nil {
		return 0
	}
	switch s.sectionName() {
	case sectionUsage:
		return len(t.Usage)
	case sectionEvaluations:
		return len(s.evaluations())
	case sectionRequests:
		return len(s.requests())
	}
	return 0
}

func (s *toolScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.Keys
	if s.form != nil {
		return keyToForm(&s.form, msg)
	}
	if s.confirm != nil {
		cmd := answerConfirm(s.c, &s.confirm, msg)
		if s.confirm == nil {
			s.row = clampInt(s.row, 0, max(s.rows()-1, 0))
		}
		return cmd
	}
	t := s.tool()
	if t == nil {
		return nil
	}
	n := len(toolPageSections())
	switch {
	case key.Matches(msg, k.Next):
		s.section, s.row = (s.section+1)%n, 0
	case key.Matches(msg, k.Prev):
		s.section, s.row = (s.section+n-1)%n, 0
	case key.Matches(msg, k.Down):
		if s.row+1 < s.rows() {
			s.row++
		} else if s.section+1 < n {
			s.section, s.row = s.section+1, 0
		}
	case key.Matches(msg, k.Up):
		if s.row > 0 {
			s.row--
		} else if s.section > 0 {
			s.section--
			s.row = max(s.rows()-1, 0)
		}
	case key.Matches(msg, k.Evaluate):
		return openScreen(route{screen: ScreenEvaluation, tool: s.id})
	case key.Matches(msg, k.Edit, k.Enter):
		switch s.sectionName() {
		case sectionEvaluations:
			if es := s.evaluations(); s.row < len(es) {
				return openScreen(route{screen: ScreenEvaluation, tool: s.id, year: es[s.row].SchoolYear})
			}
			return nil
		case sectionRequests:
			if rs := s.requests(); s.row < len(rs) {
				return openScreen(route{screen: ScreenRequest, request: rs[s.row].ID})
			}
			return nil
		}
		if s.c.Review {
			s.c.SetError(errReadOnly)
			return nil
		}
		if s.sectionName() == sectionUsage {
			if s.row < len(t.Usage) {
				return s.openUsage(s.row)
			}
			return s.openUsage(-1)
		}
		return s.openSection(s.sectionName())
	case key.Matches(msg, k.Add) && s.sectionName() == sectionUsage:
		if s.c.Review {
			s.c.SetError(errReadOnly)
			return nil
		}
		return s.openUsage(-1)
	case key.Matches(msg, k.Delete) && s.sectionName() == sectionUsage && s.row < len(t.Usage):
		if s.c.Review {
			s.c.SetError(errReadOnly)
			return nil
		}
		u := t.Usage[s.row]
		s.confirm = &invConfirm{
			question: fmt.Sprintf("Delete the usage figure %s? y deletes, n keeps it", usageLine(u)),
			yes: func() (tea.Cmd, error) {
				cmd, err := s.c.inv.editTool(s.id, func(_ *inventory.Inventory, t *inventory.Tool) error {
					i := slices.IndexFunc(t.Usage, func(v inventory.Usage) bool { return v == u })
					if i < 0 {
						return fmt.Errorf("that usage figure is no longer there")
					}
					t.Usage = slices.Delete(slices.Clone(t.Usage), i, i+1)
					return nil
				})
				if err == nil {
					s.c.inv.done(s.c, "deleted the usage figure")
				}
				return cmd, err
			},
		}
	}
	return nil
}

// openSection opens the form of one field section (toolSectionForm): esc
// saves it, like a field of the session's forms.
func (s *toolScreen) openSection(section string) tea.Cmd {
	s.form = formFor(s.c, toolSectionForm(s.tool(), s.c.inv.inv(), section), nil, nil)
	s.form.escSaves = true
	return s.form.init(s.c.Width, s.c.Height)
}

// openUsage opens the form of usage figure i (-1: a new one, added only
// when submitted).
func (s *toolScreen) openUsage(i int) tea.Cmd {
	s.form = formFor(s.c, usageForm(s.tool(), i, s.c.toolDay()), nil, nil)
	s.form.escSaves = i >= 0
	return s.form.init(s.c.Width, s.c.Height)
}

// usageLine is one usage figure in words.
func usageLine(u inventory.Usage) string {
	var parts []string
	for _, c := range []struct {
		n    inventory.Count
		what string
	}{{u.ActiveUsers, "active users"}, {u.Sessions, "sessions"}, {u.Minutes, "minutes"}} {
		if n, ok := c.n.Value(); ok {
			parts = append(parts, workbook.Thousands(n)+" "+c.what)
		}
	}
	src := u.Source.Label()
	if u.Report != "" {
		src += " (" + cleanLine(u.Report) + ")"
	}
	figures := "no figures"
	if len(parts) > 0 {
		figures = strings.Join(parts, ", ")
	}
	return fmt.Sprintf("%s, %s: %s; %s", u.Period, src, figures, u.Trust.Label())
}

// evaluations are the tool's evaluations, newest year first.
func (s *toolScreen) evaluations() []inventory.Evaluation {
	inv := s.c.inv.inv()
	if inv == nil {
		return nil
	}
	var out []inventory.Evaluation
	for _, e := range inv.Evaluations {
		if e.ToolID == s.id {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b inventory.Evaluation) int { return strings.Compare(b.SchoolYear, a.SchoolYear) })
	return out
}

// requests are the selection requests for this tool (by id, or naming it
// as the product).
func (s *toolScreen) requests() []inventory.Request {
	inv := s.c.inv.inv()
	t := s.tool()
	if inv == nil || t == nil {
		return nil
	}
	var out []inventory.Request
	for _, r := range inv.Requests {
		if k := inventory.MatchName(r.Product, t.Name); r.ToolID == s.id || r.Product != "" && (k == inventory.MatchExact || k == inventory.MatchSame) {
			out = append(out, r)
		}
	}
	return out
}

// --- view ------------------------------------------------------------------

func (s *toolScreen) View() string {
	st := s.c.Styles
	w, h := s.c.Width, s.c.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	if s.form != nil {
		return s.form.view(w, h)
	}
	d := s.c.inv
	if !d.ready() {
		return d.waitingView(st, w)
	}
	t := s.tool()
	if t == nil {
		return st.Muted.Render(truncate("This tool is no longer in the inventory (esc goes back).", w))
	}
	head := s.headLines(t, w)
	var body []string
	focusLine := 0
	for i, name := range toolPageSections() {
		focused := i == s.section
		if focused {
			focusLine = len(body)
		}
		body = append(body, sectionTitle(st, name, focused, w))
		body = append(body, s.sectionLines(t, name, focused, w)...)
	}
	var tail []string
	if s.confirm != nil {
		tail = append(tail, s.confirm.lines(st, w)...)
	}
	room := max(h-len(head)-len(tail), 1)
	// Scroll so the focused section starts the page (or its end fills it).
	start := clampInt(focusLine-1, 0, max(len(body)-room, 0))
	if s.section == 0 {
		start = 0
	}
	body = body[start:min(start+room, len(body))]
	return clampLines(strings.Join(append(append(head, body...), tail...), "\n"), h)
}

// headLines are the tool's name and its facts of the day.
func (s *toolScreen) headLines(t *inventory.Tool, w int) []string {
	st := s.c.Styles
	today := s.c.toolDay()
	name := cleanLine(t.Name)
	if t.Vendor != "" {
		name += " · " + cleanLine(t.Vendor)
	}
	name += " · " + t.Status.Label()
	var facts []string
	facts = append(facts, t.Privacy.AgreementOn(today).Label())
	year := inventory.SchoolYearOf(today)
	cpu := s.c.inv.inv().CostPerActiveUser(t.ID, year)
	if !cpu.Known && cpu.Reason == "no usage data" {
		// A year's report often comes after the year: try the last one.
		first, _ := inventory.SchoolYearPeriod(year)
		last := inventory.SchoolYearOf(first.From.AddDays(-1))
		if c := s.c.inv.inv().CostPerActiveUser(t.ID, last); c.Known {
			cpu, year = c, last
		}
	}
	if cpu.Known && cpu.Reason == "" {
		facts = append(facts, fmt.Sprintf("%s (%s)", cpu, year))
	} else {
		facts = append(facts, fmt.Sprintf("cost per active user: %s", cpu))
	}
	if !t.Money.Renewal.IsZero() {
		facts = append(facts, fmt.Sprintf("renews %s (in %d days)", t.Money.Renewal, today.DaysUntil(t.Money.Renewal)))
	}
	lines := []string{st.Title.Render(truncate(name, w)), st.Muted.Render(truncate(strings.Join(facts, " · "), w))}
	for _, a := range s.c.inv.alerts {
		if a.ToolID == t.ID {
			lines = append(lines, st.Warning.Render(truncate(fmt.Sprintf("Due: %s on %s", a.Kind.Label(), a.Due), w)))
		}
	}
	return append(lines, "")
}

// sectionLines are the lines under a section's title.
func (s *toolScreen) sectionLines(t *inventory.Tool, section string, focused bool, w int) []string {
	st := s.c.Styles
	line := func(label, value string) string {
		if strings.TrimSpace(value) == "" {
			value = "—"
		}
		return truncate("    "+label+": "+cleanLine(value), w)
	}
	rowLine := func(i int, text string) string {
		if focused && i == s.row {
			return st.Selected.Render(truncate("  › "+text, w))
		}
		return truncate("    "+text, w)
	}
	var out []string
	switch section {
	case sectionUsage:
		if len(t.Usage) == 0 {
			return []string{st.Muted.Render(truncate("    no usage figures yet — a adds one, or import a report (u in the list)", w))}
		}
		for i, u := range t.Usage {
			out = append(out, rowLine(i, usageLine(u)))
		}
	case sectionEvaluations:
		es := s.evaluations()
		if len(es) == 0 {
			return []string{st.Muted.Render(truncate("    not evaluated yet — v evaluates it this school year", w))}
		}
		crit := s.c.inv.criteria()
		for i, e := range es {
			total, most := e.Total(crit)
			text := fmt.Sprintf("%s: %d of %d", e.SchoolYear, total, most)
			if e.Decision != "" {
				text += " · " + string(e.Decision) + ": " + cleanLine(e.Reason)
			}
			out = append(out, rowLine(i, text))
		}
	case sectionRequests:
		rs := s.requests()
		if len(rs) == 0 {
			return []string{st.Muted.Render(truncate("    no selection request names this tool", w))}
		}
		for i, r := range rs {
			text := cleanLine(r.Need)
			if r.Decision != "" {
				text += " → " + string(r.Decision)
			}
			out = append(out, rowLine(i, text))
		}
	default:
		for _, f := range workbook.ToolFields() {
			if f.Section != section {
				continue
			}
			v := f.Get(t)
			if f.Key == "overlaps" {
				var names []string
				for _, id := range t.Fit.Overlaps {
					if n := s.c.inv.toolName(id); n != "" {
						names = append(names, n)
					} else {
						names = append(names, id)
					}
				}
				v = strings.Join(names, ", ")
			}
			if f.Kind == workbook.FieldChoice {
				if i := slices.Index(f.Options, v); i >= 0 {
					v = f.Labels[i]
				}
			}
			out = append(out, line(f.Title, v))
		}
	}
	return out
}

// Flush saves the section being edited when the app quits (ctrl+c), when
// what was typed can be kept.
func (s *toolScreen) Flush() tea.Cmd {
	if s.form == nil || !s.form.escSaves {
		return nil
	}
	cmd, _ := s.form.apply()
	return cmd
}
