package tui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
)

// usageImportScreen imports usage from a CSV report the district already
// has (a ClassLink- or Clever-style export, or any CSV whose columns the
// person names): the file is read and matched in a Cmd, the proposal (each
// tool of the file matched to an inventory tool, added as new or left out)
// is shown and can be changed, and nothing is stored until the person
// confirms. The same report for the same period imported again replaces its
// figures.
type usageImportScreen struct {
	c     *Common
	step  int
	form  *smallForm
	busy  string // what the Cmd in flight is doing ("" when none)
	input usageInput

	data      []byte
	file      *inventory.UsageFile
	proposals []inventory.Proposal
	cursor    int
	confirm   *invConfirm
	result    string // what the import did
}

const (
	importAsk = iota
	importReview
	importDone
)

type usageParsedMsg struct {
	data      []byte
	file      *inventory.UsageFile
	proposals []inventory.Proposal
	err       error
}

func newUsageImportScreen(c *Common) *usageImportScreen { return &usageImportScreen{c: c} }

func (s *usageImportScreen) Init() tea.Cmd {
	return tea.Batch(s.c.inv.loadFull(), s.openAsk(""))
}

func (s *usageImportScreen) Title() string { return "Tools › Import usage" }

// Leave: left at the proposal, nothing was imported (the proposal's
// "nothing is stored until you confirm" would stand on the next screens).
func (s *usageImportScreen) Leave() {
	if s.step == importReview {
		s.c.SetStatus("nothing imported")
	}
}

func (s *usageImportScreen) Capturing() bool { return s.form != nil || s.confirm != nil }

func (s *usageImportScreen) Help() help.KeyMap {
	k := s.c.Keys
	if h := overlayHelp(k, s.form, s.confirm); h != nil {
		return h
	}
	if s.step == importReview {
		short := []key.Binding{k.Move, k.Proposal, as(k.Enter, "import…")}
		return newKeyHelp(short, []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown}, short[1:])
	}
	return newKeyHelp(nil)
}

// openAsk opens the first form (usageAskPages): the file and what the
// import should know; submitting reads the file in a Cmd.
func (s *usageImportScreen) openAsk(problem string) tea.Cmd {
	f := invForm{title: "Import usage from a CSV report", pages: usageAskPages(&s.input)}
	build := func() *huh.Form { return f.huhForm(s.c) }
	apply := func() (tea.Cmd, error) {
		opt, err := s.input.options(nil)
		if err != nil {
			return nil, err
		}
		return s.parse(opt), nil
	}
	s.form = newSmallFormFunc(s.c, f.title, build, apply)
	s.form.problem = problem
	return s.form.init(s.c.Width, s.c.Height)
}

// parse reads (unless read) and parses the file, and matches it to a copy
// of the inventory, in a Cmd.
func (s *usageImportScreen) parse(opt inventory.ImportOptions) tea.Cmd {
	if !s.c.inv.ready() {
		s.c.SetError(errNotLoaded)
		return s.openAsk(errNotLoaded.Error())
	}
	path := s.input.path
	data := s.data
	inv := s.c.inv.snapshot().Inventory // read in the Cmd: its lists are this copy's own
	s.busy = "Reading " + filepath.Base(strings.TrimSpace(path)) + "…"
	return func() tea.Msg {
		data, f, proposals, err := readUsage(path, data, opt, inv)
		return usageParsedMsg{data: data, file: f, proposals: proposals, err: err}
	}
}

func (s *usageImportScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if _, parsed := msg.(usageParsedMsg); !parsed {
		if cmd, took := forwardToForm(&s.form, msg); took {
			return s, cmd
		}
	}
	switch msg := msg.(type) {
	case usageParsedMsg:
		s.busy = ""
		return s, s.parsed(msg)
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

// parsed shows the proposal, or asks again with the reason.
func (s *usageImportScreen) parsed(msg usageParsedMsg) tea.Cmd {
	s.data = msg.data
	var cols *inventory.ColumnsError
	switch {
	case errors.As(msg.err, &cols):
		return s.openMapping(cols)
	case errors.Is(msg.err, inventory.ErrNoPeriod):
		return s.openAsk(msg.err.Error() + ": fill in the first and last day")
	case msg.err != nil:
		s.data = nil // read again: the person may fix the file
		s.c.SetError(msg.err)
		return s.openAsk(msg.err.Error())
	}
	s.file, s.proposals = msg.file, msg.proposals
	s.step, s.cursor = importReview, 0
	s.c.SetStatus(fmt.Sprintf("read %s: nothing is stored until you confirm", workbook.CountOf(len(msg.file.Tools), "tool")))
	return nil
}

// openMapping asks which column holds what (usageMappingPages), for a
// file no preset knows.
func (s *usageImportScreen) openMapping(cols *inventory.ColumnsError) tea.Cmd {
	f := invForm{title: "Import usage: the columns of " + filepath.Base(s.input.path), pages: usageMappingPages(&s.input, cols.Found)}
	build := func() *huh.Form { return f.huhForm(s.c) }
	apply := func() (tea.Cmd, error) {
		opt, err := s.input.options(s.input.chosenMapping())
		if err != nil {
			return nil, err
		}
		return s.parse(opt), nil
	}
	s.form = newSmallFormFunc(s.c, f.title, build, apply)
	return s.form.init(s.c.Width, s.c.Height)
}

func (s *usageImportScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.Keys
	if s.form != nil {
		cmd := keyToForm(&s.form, msg)
		if s.form == nil {
			if s.step == importAsk && s.busy == "" && s.file == nil {
				s.c.SetStatus("nothing imported")
				return tea.Batch(cmd, back())
			}
		}
		return cmd
	}
	if s.confirm != nil {
		return answerConfirm(s.c, &s.confirm, msg)
	}
	if s.step != importReview {
		return nil
	}
	page := max(s.c.Height-10, 1)
	switch {
	case key.Matches(msg, k.Up, k.Down, k.PageUp, k.PageDown):
		s.cursor = listCursor(k, msg, s.cursor, len(s.proposals), page)
	case key.Matches(msg, k.Proposal):
		if s.cursor < len(s.proposals) {
			cycleAction(&s.proposals[s.cursor])
		}
	case key.Matches(msg, k.Enter):
		upd, add, skip := s.counts()
		f := s.file
		s.confirm = &invConfirm{
			question: fmt.Sprintf("Import the figures for %s from %s (%s, %s): %d updated, %d new, %d left out? y imports, n goes back",
				workbook.CountOf(upd+add, "tool"), filepath.Base(s.input.path), sourceLabel(f), f.Period, upd, add, skip),
			yes: s.apply,
		}
	}
	return nil
}

func (s *usageImportScreen) counts() (upd, add, skip int) {
	for _, p := range s.proposals {
		switch p.Action {
		case inventory.ActionUpdate:
			upd++
		case inventory.ActionAdd:
			add++
		default:
			skip++
		}
	}
	return upd, add, skip
}

// apply records the confirmed figures (all or nothing) and saves.
func (s *usageImportScreen) apply() (tea.Cmd, error) {
	var said string
	cmd, err := s.c.changeInventory(func(ch invChanger) error {
		var err error
		said, err = importUsage(ch, s.input.path, s.file, s.proposals)
		return err
	})
	if err != nil {
		return cmd, err
	}
	s.step, s.result = importDone, said
	return cmd, nil
}

func (s *usageImportScreen) View() string {
	st := s.c.Styles
	w, h := s.c.Width, s.c.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	if s.form != nil {
		return s.form.view(w, h)
	}
	if s.busy != "" {
		return st.Muted.Render(truncate(s.busy, w))
	}
	switch s.step {
	case importDone:
		return clampLines(strings.Join([]string{
			st.Title.Render(truncate("Usage imported", w)),
			"",
			wrap(cleanLine(s.result), min(w, 90)),
			"",
			st.Muted.Render(truncate("esc goes back to the tools; importing the same report and period again replaces these figures.", w)),
		}, "\n"), h)
	case importReview:
		return s.reviewView(w, h)
	}
	return ""
}

func (s *usageImportScreen) reviewView(w, h int) string {
	st := s.c.Styles
	f := s.file
	upd, add, skip := s.counts()
	lines := []string{
		st.Title.Render(truncate(fmt.Sprintf("Proposal: %s in %s", workbook.CountOf(len(f.Tools), "tool"), filepath.Base(s.input.path)), w)),
		st.Muted.Render(truncate(fmt.Sprintf("%s · %s · %s read", sourceLabel(f), f.Period, workbook.CountOf(f.Rows, "row")), w)),
		truncate(fmt.Sprintf("%d update a tool of the inventory · %d new tools · %d left out — x changes a row, enter imports", upd, add, skip), w),
	}
	if line := s.replaced(); line != "" {
		lines = append(lines, strings.Split(wrap(line, w), "\n")...)
	}
	for _, sk := range f.Skipped {
		lines = append(lines, st.Muted.Render(truncate("Skipped: "+sk, w)))
	}
	lines = append(lines, "")
	rows := make([][]string, len(s.proposals))
	marks := make([]string, len(s.proposals))
	for i, p := range s.proposals {
		row := f.Tools[p.Row]
		action := "skip"
		switch p.Action {
		case inventory.ActionUpdate:
			action = "update " + p.ToolName
			if p.Match == inventory.MatchClose {
				action += " (check)"
				marks[i] = "?"
			}
		case inventory.ActionAdd:
			action = "add as new"
		}
		users := ""
		if n, ok := row.ActiveUsers.Value(); ok {
			users = workbook.Thousands(n)
		}
		rows[i] = []string{p.Name, users, action, strings.Join(p.Notes, "; ")}
	}
	var tail []string
	if s.confirm != nil {
		tail = append(tail, s.confirm.lines(st, w)...)
	}
	lines = append(lines, renderTable(st, tableView{
		headers: []string{"In the file", "Users", "Proposed", "Notes"},
		weights: []int{3, 1, 3, 4}, mins: []int{0, 7, 14, 0},
		rows: rows, marks: marks, cursor: s.cursor, focused: true,
	}, w, max(h-len(lines)-len(tail)-1, 2))...)
	return clampLines(strings.Join(append(lines, tail...), "\n"), h)
}

// replaced says what importing the proposal would replace ("" for
// nothing): the earlier import of the same report and period, and the
// tools that lose their figure of it.
func (s *usageImportScreen) replaced() string {
	inv := s.c.inv.inv()
	if inv == nil || s.file == nil {
		return ""
	}
	return cleanLine(inventory.Replaced(inv, s.file, s.proposals).Sentence())
}
