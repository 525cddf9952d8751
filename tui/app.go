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

	"edtech-workbook/internal/gcpace"
	"edtech-workbook/workbook/store"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
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
	// Until the start-up backup (Options.BackupDelay in) the collector
	// waits: reading the list allocates a few MB that all stay live, and a
	// collection meanwhile finds nothing to free and delays the first frame
	// (by 1.5 ms at 10,000 sessions); the soft limit bounds the wait.
	gcOn := gcpace.Off(startMemoryLimit)
	defer gcOn()
	go warmWidths()
	m := newModel(store, opts)
	m.backup = newStartupBackup(store, opts)
	m.backup.startDone = gcOn
	_, err := tea.NewProgram(m, popts...).Run()
	return m.ended(err)
}

// warmWidths builds the table of character widths the renderer looks up
// for every character past U+0300 (go-runewidth builds it on first use:
// 2 MB, about a millisecond): on its own goroutine at start, it is ready
// before the first frame is drawn instead of being built while it is.
func warmWidths() { _ = ansi.StringWidthWc("›") }

// startMemoryLimit is the soft memory limit of the app's start-up (see
// Run): far above what 10,000 sessions' list takes (about 5 MB).
const startMemoryLimit = 64 << 20

// App is the full-window app on a terminal its caller provides: the cohort
// server (package serve) runs one per SSH connection, with that
// connection's input, output, environment (colour profile) and window size
// in popts, and sends it what others saved (SessionSaved).
type App struct {
	m *model
	p *tea.Program
}

// NewApp makes the app on st. Options.Input and Output are not used: give
// tea.WithInput and tea.WithOutput in popts.
func NewApp(st Store, opts Options, popts ...tea.ProgramOption) *App {
	opts = opts.withDefaults()
	if opts.Now == nil {
		opts.Now = time.Now
	}
	m := newModel(st, opts)
	return &App{m: m, p: tea.NewProgram(m, popts...)}
}

// Run runs the app until the person quits or Shutdown is called, then saves
// every edit still pending (as Run does) and returns.
func (a *App) Run() error {
	_, err := a.p.Run()
	return a.m.ended(err)
}

// ended is what Run returns once the program has ended with err: the
// open's error when the file could not be opened (even if the person quit
// before the open ended), else err with whatever
// saving the pending edits (finish) met; ctrl+c is no error.
func (m *model) ended(err error) error {
	if o, ok := inBackground(m.c.Store); ok && m.openErr == nil {
		m.openErr = o.Ready() // a quit before the open ended: it may yet fail
	}
	if m.openErr != nil {
		return m.openErr
	}
	err = errors.Join(err, m.finish())
	if errors.Is(err, tea.ErrInterrupted) {
		err = nil
	}
	return err
}

// Send hands the app a message (SessionSaved) from another goroutine. It
// returns at once when the app has ended.
func (a *App) Send(msg tea.Msg) { a.p.Send(msg) }

// Shutdown ends the app as ctrl+c does: the answer being typed is saved,
// then Run saves whatever is still pending and returns.
func (a *App) Shutdown() { a.p.Send(shutdownMsg{}) }

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
	// openErr is why the file could not be opened (a Store opened in the
	// background, see opening): the app ends at once with it.
	openErr error
	// drawing: the file is open, or openWait is over (see waitForOpen);
	// until then View draws nothing.
	drawing bool
}

// opening is a Store still being opened (store.OpenInBackground): the app
// starts at once, every operation waits for the open, the first frame waits
// for it too (at most openWait), and a failed open ends the app with the
// error the command line prints.
type opening interface {
	InBackground() bool
	Ready() error
}

// inBackground returns st as an opening when it is being opened (or was)
// in the background.
func inBackground(st Store) (opening, bool) {
	o, ok := st.(opening)
	return o, ok && o.InBackground()
}

type openFailedMsg struct{ err error }

// openedMsg: the open in the background ended well, or openWait is over.
type openedMsg struct{}

// openWait is how long the app draws nothing while its file opens (a few
// milliseconds, even at 10,000 sessions): a file that cannot be opened
// ends the app before its first frame, so nothing flashes before the
// error. A slower open (another edtech-workbook holds the file) shows the
// home screen loading after it.
const openWait = 150 * time.Millisecond

// waitForOpen ends the app if its Store's open fails, and says when it
// ended well; nil for a Store that is open already.
func waitForOpen(st Store) tea.Cmd {
	o, ok := inBackground(st)
	if !ok {
		return nil
	}
	return tea.Batch(func() tea.Msg {
		if err := o.Ready(); err != nil {
			return openFailedMsg{err}
		}
		return openedMsg{}
	}, tea.Tick(openWait, func(time.Time) tea.Msg { return openedMsg{} }))
}

func newModel(store Store, opts Options) *model {
	opts = opts.withDefaults()
	c := newCommon(store, opts)
	m := &model{c: c, chrome: newChrome(c.Styles), start: opts.SessionID, round: opts.Round, reviewBase: c.Review}
	_, stillOpening := inBackground(store)
	m.drawing = !stillOpening
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
	cmds := []tea.Cmd{tea.RequestBackgroundColor, waitForOpen(m.c.Store), m.top().Init()}
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
	if l, ok := m.top().(leaver); ok {
		l.Leave()
	}
	m.stack = m.stack[:len(m.stack)-1]
	if len(m.stack) == 1 { // back on Home: no session is open
		m.c.Session = nil
		m.c.status.opened("")
	}
	if m.roFloor > 0 && len(m.stack) <= m.roFloor { // back on the cohort
		m.c.Session, m.c.Review, m.roFloor = nil, m.reviewBase, 0
		m.c.status.opened("")
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
	cmd := m.update(msg)
	// A newer copy someone else saved waits while a save of ours is in
	// flight or text is being typed; take it as soon as neither holds.
	if s := m.c.Session; s != nil && !m.top().Capturing() {
		if theirs := m.c.saves.waiting(s); theirs != nil {
			cmd = tea.Batch(cmd, m.c.saves.takeTheirs(s, theirs), m.updateAll(sessionChangedMsg{}))
		}
	}
	return m, cmd
}

func (m *model) update(msg tea.Msg) tea.Cmd {
	if cmd, ok := m.c.saves.update(msg, m.c.Session); ok {
		return cmd
	}
	if m.c.moves.dropStray(msg) { // a form already made this move (updateForm)
		return nil
	}
	if cmd, ok := m.c.inv.update(m.c, msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case openFailedMsg:
		m.openErr = msg.err
		return tea.Quit
	case openedMsg:
		m.drawing = true
		return nil
	case SessionSaved:
		if s := m.c.Session; s != nil && s.ID == msg.Session.ID {
			if cmd, taken := m.c.saves.live(s, msg.Session, m.top().Capturing()); taken {
				return tea.Batch(cmd, m.updateAll(sessionChangedMsg{}))
			}
		}
		return nil
	case shutdownMsg:
		return m.quitSaving()
	case tea.WindowSizeMsg:
		m.winW, m.winH = msg.Width, msg.Height
		w, h := contentSize(m.winW, m.winH)
		m.c.Width, m.c.Height = w, h
		m.chrome.setWidth(w)
		return m.updateAll(tea.WindowSizeMsg{Width: w, Height: h})
	case tea.BackgroundColorMsg:
		m.c.IsDark = msg.IsDark()
		m.c.Styles = NewStyles(m.c.IsDark)
		m.chrome.setStyles(m.c.Styles)
		return m.updateAll(msg)
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.PasteMsg:
		// A bracketed paste goes where typed keys go: the text field that
		// has the keys on the top screen (never behind the help page or
		// the "make the window larger" message).
		if m.chrome.showHelp || tooSmallFor(m.winW, m.winH) {
			return nil
		}
		msg.Content = normalizePaste(msg.Content)
		return m.updateTop(msg)
	case openSessionMsg:
		if msg.readOnly {
			return loadSessionReadOnly(m.c.Store, msg.id, msg.to)
		}
		return loadSession(m.c.Store, msg.id, msg.to)
	case sessionLoadedMsg:
		return m.sessionLoaded(msg)
	case openScreenMsg:
		return m.push(m.build(msg.to))
	case backMsg:
		return m.pop()
	case backupDoneMsg:
		reportBackup(m.c, msg.err)
		return nil
	case sessionChangedMsg: // an edit refused in review mode, or a newer copy taken: every screen re-reads
		return m.updateAll(msg)
	case invChangedMsg: // the tool inventory loaded or changed: every screen re-reads
		return m.updateAll(msg)
	}
	return m.updateTop(msg)
}

// shutdownMsg asks the app to quit as ctrl+c does (App.Shutdown).
type shutdownMsg struct{}

// quitSaving quits, saving the answer being typed first: quitting must
// not lose it (Run's finish then saves every pending edit).
func (m *model) quitSaving() tea.Cmd {
	if f, ok := m.top().(flusher); ok {
		if save := f.Flush(); save != nil {
			return tea.Sequence(save, tea.Quit)
		}
	}
	return tea.Quit
}

func (m *model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.Keys
	if key.Matches(msg, k.Kill) {
		return m.quitSaving()
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
	if m.c.ReadOnly {
		m.c.SetError(errReadOnlyAll)
		return nil
	}
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
			m.c.saves.track(msg.session)
			return m.updateAll(sessionChangedMsg{})
		}
		return nil
	}
	m.c.Session = msg.session
	m.c.saves.track(msg.session)
	m.c.status.opened(msg.session.ID) // another session's message is cleared
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
	if m.openErr != nil || !m.drawing {
		return tea.View{} // nothing drawn, not even the alternate screen (see waitForOpen)
	}
	v := tea.NewView(m.chrome.render(m.frame()))
	v.AltScreen = true
	v.WindowTitle = "edtech-workbook"
	return v
}
