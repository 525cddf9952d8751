// Package tui is the full-window Bubble Tea interface of edtech-workbook: a
// root model that routes between one screen per part of the workbook.
//
// The root (this file) is a router, as soft-serve's UI is: a stack of screens
// built with a switch over ScreenID, navigation carried in messages. Around it:
// chrome.go draws the title, status and help lines; autosave.go saves edits;
// backup.go refreshes the file's backup after the first frame.
package tui

import (
	"errors"
	"os"
	"time"

	"edtech-workbook/workbook/store"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"
)

// Run opens the workbook UI on store and returns when the user quits. Edits
// still being saved when the window closes are saved before it returns.
func Run(store *store.Store, opts Options) error {
	opts = opts.withDefaults()
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Accessible {
		return RunAccessible(store, opts)
	}
	var popts []tea.ProgramOption
	if opts.Input != nil {
		popts = append(popts, tea.WithInput(opts.Input))
	} else if !term.IsTerminal(os.Stdin.Fd()) {
		return errors.New("the workbook needs a terminal; run it in a terminal, or pass --accessible to answer plain prompts")
	}
	if opts.Output != nil {
		popts = append(popts, tea.WithOutput(opts.Output))
	}
	if noColor() {
		popts = append(popts, tea.WithColorProfile(colorprofile.Ascii))
	}
	m := newModel(store, opts)
	m.backup = newStartupBackup(store, opts)
	_, err := tea.NewProgram(m, popts...).Run()
	err = errors.Join(err, m.finish())
	if errors.Is(err, tea.ErrInterrupted) {
		err = nil
	}
	return err
}

// noColor reports whether NO_COLOR asks for no colour. Any non-empty value
// counts (no-color.org); colorprofile alone ignores e.g. NO_COLOR=yes
// (stack-notes §1.4). Ascii keeps bold and reverse, which selection relies on.
func noColor() bool { return os.Getenv("NO_COLOR") != "" }

// model is the root: a stack of screens (Home at the bottom), the window
// and the chrome around the screen on top.
type model struct {
	c      *Common
	stack  []Screen
	chrome chrome
	winW   int
	winH   int
	start  string         // session to open at start
	round  int            // with start: the round to open read-only on top (0: none)
	backup *startupBackup // nil: no backup at start (tests)
	// roFloor is the height of the stack below a session opened read-only
	// from the cohort screen (0: none): popping back to it closes the
	// session and ends review mode, unless the app was started for review.
	roFloor    int
	reviewBase bool
}

func newModel(store *store.Store, opts Options) *model {
	opts = opts.withDefaults()
	c := newCommon(store, opts)
	m := &model{c: c, chrome: newChrome(c.Styles), start: opts.SessionID, round: opts.Round, reviewBase: opts.Review}
	if opts.Notice != "" {
		c.SetStatus(opts.Notice)
	}
	m.stack = []Screen{m.build(to(ScreenHome))}
	return m
}

// build makes the screen of a route.
func (m *model) build(r route) Screen {
	c := m.c
	switch r.screen {
	case ScreenNewSession:
		return newNewSessionScreen(c)
	case ScreenOverview:
		return newOverviewScreen(c)
	case ScreenAssess:
		return newAssessScreen(c, r.indicator)
	case ScreenResults:
		return newResultsScreen(c)
	case ScreenProblem:
		return newProblemScreen(c)
	case ScreenPlan:
		return newPlanScreen(c)
	case ScreenReflect:
		return newReflectScreen(c)
	case ScreenSummary:
		return newSummaryScreen(c)
	case ScreenCarry:
		return newCarryScreen(c, r.carry)
	case ScreenComment:
		return newCommentScreen(c, r.comment)
	case ScreenCohort:
		return newCohortScreen(c)
	case ScreenInventory:
		return newInventoryScreen(c)
	case ScreenTool:
		return newToolScreen(c, r.tool)
	case ScreenRequests:
		return newRequestsScreen(c)
	case ScreenRequest:
		return newRequestScreen(c, r.request)
	case ScreenEvaluation:
		return newEvaluationScreen(c, r.tool, r.year)
	case ScreenCoreTools:
		return newCoreToolsScreen(c)
	case ScreenUsageImport:
		return newUsageImportScreen(c)
	case ScreenToolPicker:
		return newToolPickerScreen(c)
	case ScreenRounds:
		return newRoundsScreen(c, r.round)
	case ScreenReading:
		return newReadingScreen(c, r.reading)
	}
	return newHomeScreen(c)
}

// finish ends the run after the event loop has stopped: the edits still
// pending are saved, and the start-up backup is waited for.
func (m *model) finish() error {
	err := errors.Join(m.c.saves.finish(), m.c.inv.saves.finish())
	if m.backup != nil {
		m.backup.finish()
	}
	return err
}

func (m *model) top() Screen { return m.stack[len(m.stack)-1] }

func (m *model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, m.top().Init()}
	if m.start != "" {
		open := to(ScreenOverview)
		if m.round > 0 {
			open = route{screen: ScreenRounds, round: m.round}
		}
		cmds = append(cmds, loadSession(m.c.Store, m.start, open))
	}
	if m.backup != nil {
		cmds = append(cmds, m.backup.cmd())
	}
	return tea.Batch(cmds...)
}

// push opens a screen on top: it gets the content size, then Init.
func (m *model) push(s Screen) tea.Cmd {
	m.chrome.showHelp = false
	m.stack = append(m.stack, s)
	w, h := contentSize(m.winW, m.winH)
	_, cmd := s.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return tea.Batch(cmd, s.Init())
}

func (m *model) pop() tea.Cmd {
	m.chrome.showHelp = false
	if len(m.stack) <= 1 {
		return nil
	}
	m.stack = m.stack[:len(m.stack)-1]
	if len(m.stack) == 1 { // back on Home: no session is open
		m.c.Session = nil
	}
	if m.roFloor > 0 && len(m.stack) <= m.roFloor { // back on the cohort
		m.c.Session, m.c.Review, m.roFloor = nil, m.reviewBase, 0
	}
	return m.updateTop(resumeMsg{})
}

func (m *model) updateTop(msg tea.Msg) tea.Cmd {
	s, cmd := m.top().Update(msg)
	m.stack[len(m.stack)-1] = s
	return cmd
}

func (m *model) updateAll(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(m.stack))
	for i, s := range m.stack {
		ns, cmd := s.Update(msg)
		m.stack[i] = ns
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

func (m *model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if cmd, ok := m.c.saves.update(msg, m.c.Session); ok {
		return m, cmd
	}
	if m.c.moves.dropStray(msg) { // a form already made this move (updateForm)
		return m, nil
	}
	if cmd, ok := m.c.inv.update(m.c, msg); ok {
		return m, cmd
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.winW, m.winH = msg.Width, msg.Height
		w, h := contentSize(m.winW, m.winH)
		m.c.Width, m.c.Height = w, h
		m.chrome.setWidth(w)
		return m, m.updateAll(tea.WindowSizeMsg{Width: w, Height: h})
	case tea.BackgroundColorMsg:
		m.c.IsDark = msg.IsDark()
		m.c.Styles = NewStyles(m.c.IsDark)
		m.chrome.setStyles(m.c.Styles)
		return m, m.updateAll(msg)
	case tea.KeyPressMsg:
		return m, m.handleKey(msg)
	case tea.PasteMsg:
		// A bracketed paste goes where typed keys go: the text field that
		// has the keys on the top screen (never behind the help page or
		// the "make the window larger" message).
		if m.chrome.showHelp || tooSmallFor(m.winW, m.winH) {
			return m, nil
		}
		msg.Content = normalizePaste(msg.Content)
		return m, m.updateTop(msg)
	case openSessionMsg:
		if msg.readOnly {
			return m, loadSessionReadOnly(m.c.Store, msg.id, msg.to)
		}
		return m, loadSession(m.c.Store, msg.id, msg.to)
	case sessionLoadedMsg:
		return m, m.sessionLoaded(msg)
	case openScreenMsg:
		return m, m.push(m.build(msg.to))
	case backMsg:
		return m, m.pop()
	case backupDoneMsg:
		reportBackup(m.c, msg.err)
		return m, nil
	case sessionChangedMsg: // an edit refused in review mode: every screen re-reads
		return m, m.updateAll(msg)
	case invChangedMsg: // the tool inventory loaded or changed: every screen re-reads
		return m, m.updateAll(msg)
	}
	return m, m.updateTop(msg)
}

func (m *model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.Keys
	if key.Matches(msg, k.Kill) {
		// Save the answer being typed too: quitting must not lose it.
		if f, ok := m.top().(flusher); ok {
			if save := f.Flush(); save != nil {
				return tea.Sequence(save, tea.Quit)
			}
		}
		return tea.Quit
	}
	if tooSmallFor(m.winW, m.winH) {
		if key.Matches(msg, k.Quit) && len(m.stack) == 1 {
			return tea.Quit
		}
		return nil // nothing to act on that the user cannot see
	}
	showHelp := m.chrome.showHelp
	if m.c.Review && !showHelp && key.Matches(msg, k.Comment) {
		// A reviewer cannot change the fields anyway: C comments even from
		// inside one, on screens that say what their comment is about.
		if _, ok := m.top().(commentTargeter); ok {
			return m.openComment()
		}
	}
	if !m.top().Capturing() {
		switch {
		case key.Matches(msg, k.Help):
			m.chrome.showHelp = !showHelp
			return nil
		case showHelp && key.Matches(msg, k.Back):
			m.chrome.showHelp = false
			return nil
		case key.Matches(msg, k.Back):
			return m.pop()
		case key.Matches(msg, k.Quit) && len(m.stack) == 1:
			return tea.Quit
		case !showHelp && key.Matches(msg, k.Comment):
			return m.openComment()
		}
	}
	if showHelp { // keys typed behind the help page would be invisible
		return nil
	}
	return m.updateTop(msg)
}

// openComment opens the comment dialog on what the top screen shows, or
// says why there is nothing to comment on.
func (m *model) openComment() tea.Cmd {
	if n, ok := m.top().(interface{ NoComment() string }); ok {
		m.c.SetStatus(n.NoComment())
		return nil
	}
	target, err := commentTargetOf(m.c, m.top())
	if err != nil {
		m.c.SetStatus(err.Error())
		return nil
	}
	return m.push(m.build(route{screen: ScreenComment, comment: target}))
}

// sessionLoaded makes a loaded session the open one and shows its screen.
func (m *model) sessionLoaded(msg sessionLoadedMsg) tea.Cmd {
	if msg.err != nil {
		m.c.SetError(msg.err)
		return nil
	}
	if msg.reload {
		if m.c.Session != nil && m.c.Session.ID == msg.session.ID {
			m.c.Session = msg.session
			return m.updateAll(sessionChangedMsg{})
		}
		return nil
	}
	m.c.Session = msg.session
	m.c.memory.lastOpened = msg.session.ID
	if msg.readOnly {
		// Opened from the cohort: it stays below, in review mode.
		m.roFloor, m.c.Review = len(m.stack), true
	} else {
		m.stack = m.stack[:1] // Home stays at the bottom: esc returns there
		m.roFloor, m.c.Review = 0, m.reviewBase
	}
	var cmds []tea.Cmd
	if msg.open.screen != ScreenOverview { // esc from a part returns to the Overview
		cmds = append(cmds, m.push(m.build(to(ScreenOverview))))
	}
	return tea.Batch(append(cmds, m.push(m.build(msg.open)))...)
}

// frame is what the chrome draws this frame from.
func (m *model) frame() frame {
	return frame{c: m.c, winW: m.winW, winH: m.winH, depth: len(m.stack), top: m.top()}
}

func (m *model) View() tea.View {
	v := tea.NewView(m.chrome.render(m.frame()))
	v.AltScreen = true
	v.WindowTitle = "edtech-workbook"
	return v
}
