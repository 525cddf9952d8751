// Package tui is the full-window Bubble Tea interface of edtech-workbook: a
// root model that routes between one screen per part of the workbook.
package tui

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"

	"edtech-workbook/workbook/store"
)

// Options says how to start the UI.
type Options struct {
	SessionID  string    // open straight into this session ("" = Home)
	Accessible bool      // plain linear prompts (huh accessible mode)
	Input      io.Reader // nil = os.Stdin
	Output     io.Writer // nil = os.Stdout
	// Review opens the sessions read-only for a coach: only comments can be
	// added (C), and every screen says so in the title line.
	Review bool
	// Now is the clock for comment timestamps (nil = time.Now).
	Now func() time.Time
}

// The smallest window the screens are laid out for.
const (
	MinWidth  = 60
	MinHeight = 16
)

// chromeLines is what the root draws around a screen: title, status, help.
const chromeLines = 3

// accessibleRunner is set by accessible.go (init) to run the plain prompts.
var accessibleRunner func(store *store.Store, opts Options) error

// Run opens the workbook UI on store and returns when the user quits. Edits
// still being saved when the window closes are saved before it returns.
func Run(store *store.Store, opts Options) error {
	if opts.Accessible {
		if accessibleRunner == nil {
			return errors.New("accessible mode is not available in this build; run without --accessible")
		}
		return accessibleRunner(store, opts)
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
	if opts.Now == nil {
		opts.Now = time.Now
	}
	m := newModel(store, opts)
	m.backup = true
	_, err := tea.NewProgram(m, popts...).Run()
	if serr := m.c.saveRemaining(); serr != nil {
		err = errors.Join(err, serr)
	}
	m.waitBackup()
	if errors.Is(err, tea.ErrInterrupted) {
		err = nil
	}
	return err
}

// noColor reports whether NO_COLOR asks for no colour. Any non-empty value
// counts (no-color.org); colorprofile alone ignores e.g. NO_COLOR=yes
// (stack-notes §1.4). Ascii keeps bold and reverse, which selection relies on.
func noColor() bool { return os.Getenv("NO_COLOR") != "" }

// model is the root: a stack of screens, the window, status and help.
type model struct {
	c        *Common
	stack    []Screen
	help     help.Model
	showHelp bool
	winW     int
	winH     int
	start    string // session to open at start
	backup   bool   // snapshot the file's backup once the first frame is up
	// backupRun lets Run wait for that snapshot, so a quick quit never
	// abandons a half-written backup.
	backupRun *backupRun

	helpSig, helpCache string // the last help line and what it was made from
}

// flusher is implemented by screens with a text field whose typing is only
// committed on leaving it: Flush commits it (through Common.Edit) and returns
// the save Cmd. The root calls it on ctrl+c before quitting.
type flusher interface {
	Flush() tea.Cmd
}

// resumeMsg tells a screen it is on top again after the one above it closed.
type resumeMsg struct{}

func newModel(store *store.Store, opts Options) *model {
	c := &Common{Store: store, Keys: DefaultKeyMap(), IsDark: true, Review: opts.Review, Now: opts.Now}
	c.Styles = NewStyles(true)
	m := &model{c: c, help: help.New(), start: opts.SessionID}
	m.help.Styles = c.Styles.Help
	m.stack = []Screen{m.build(ScreenHome)}
	return m
}

// build makes a screen from its registered factory (or a placeholder).
func (m *model) build(id ScreenID) Screen {
	if f, ok := screenFactories[id]; ok {
		return f(m.c)
	}
	return &placeholderScreen{c: m.c}
}

func (m *model) top() Screen { return m.stack[len(m.stack)-1] }

func (m *model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, m.top().Init()}
	if m.start != "" {
		cmds = append(cmds, loadSession(m.c.Store, m.start, ScreenOverview, false))
	}
	if m.backup {
		m.backupRun = &backupRun{done: make(chan struct{})}
		cmds = append(cmds, snapshotBackup(m.c.Store, m.backupRun))
	}
	return tea.Batch(cmds...)
}

// contentSize is the area a screen draws in.
func (m *model) contentSize() (int, int) {
	return max(m.winW, 0), max(m.winH-chromeLines, 0)
}

// push opens a screen on top: it gets the content size, then Init.
func (m *model) push(s Screen) tea.Cmd {
	m.stack = append(m.stack, s)
	return m.start1(s)
}

func (m *model) start1(s Screen) tea.Cmd {
	w, h := m.contentSize()
	_, cmd := s.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return tea.Batch(cmd, s.Init())
}

func (m *model) pop() tea.Cmd {
	if len(m.stack) <= 1 {
		return nil
	}
	m.stack = m.stack[:len(m.stack)-1]
	if len(m.stack) == 1 { // back on Home: no session is open
		m.c.Session = nil
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
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.winW, m.winH = msg.Width, msg.Height
		w, h := m.contentSize()
		m.c.Width, m.c.Height = w, h
		m.help.SetWidth(w)
		return m, m.updateAll(tea.WindowSizeMsg{Width: w, Height: h})

	case tea.BackgroundColorMsg:
		m.c.IsDark = msg.IsDark()
		m.c.Styles = NewStyles(m.c.IsDark)
		m.help.Styles = m.c.Styles.Help
		return m, m.updateAll(msg)

	case tea.KeyPressMsg:
		return m, m.handleKey(msg)

	case tea.PasteMsg:
		// A bracketed paste goes where typed keys go: the text field that
		// has the keys on the top screen (never behind the help page or
		// the "make the window larger" message).
		if m.showHelp || m.winW < MinWidth || m.winH < MinHeight {
			return m, nil
		}
		msg.Content = normalizePaste(msg.Content)
		return m, m.updateTop(msg)

	case savedMsg:
		return m, m.c.handleSaved(msg)

	case openSessionMsg:
		screen := msg.Screen
		if screen == 0 {
			screen = ScreenOverview
		}
		return m, loadSession(m.c.Store, msg.ID, screen, false)

	case sessionLoadedMsg:
		return m, m.sessionLoaded(msg)

	case openScreenMsg:
		m.showHelp = false
		return m, m.push(m.build(msg.ID))

	case pushScreenMsg:
		m.showHelp = false
		return m, m.push(msg.screen)

	case backMsg:
		m.showHelp = false
		return m, m.pop()

	case statusMsg:
		if msg.err {
			m.c.SetError(errors.New(msg.text))
		} else {
			m.c.SetStatus(msg.text)
		}
		return m, nil

	case backupDoneMsg:
		m.showBackupResult(msg.err)
		return m, nil

	case retrySaveMsg:
		return m, m.c.flush()

	case sessionChangedMsg: // an edit refused in review mode: every screen re-reads
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
	if m.winW < MinWidth || m.winH < MinHeight {
		if key.Matches(msg, k.Quit) && len(m.stack) == 1 {
			return tea.Quit
		}
		return nil // nothing to act on that the user cannot see
	}
	if m.c.Review && !m.showHelp && key.Matches(msg, m.c.Keys.Comment) {
		// A reviewer cannot change the fields anyway: C comments even from
		// inside one, on screens that say what their comment is about.
		if _, ok := m.top().(commentTargeter); ok {
			return m.openComment()
		}
	}
	if !m.top().Capturing() {
		switch {
		case key.Matches(msg, k.Help):
			m.showHelp = !m.showHelp
			return nil
		case m.showHelp && key.Matches(msg, k.Back):
			m.showHelp = false
			return nil
		case key.Matches(msg, k.Back):
			return m.pop()
		case key.Matches(msg, k.Quit) && len(m.stack) == 1:
			return tea.Quit
		case !m.showHelp && key.Matches(msg, m.c.Keys.Comment):
			return m.openComment()
		}
	}
	if m.showHelp { // keys typed behind the help page would be invisible
		return nil
	}
	return m.updateTop(msg)
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
	m.stack = m.stack[:1] // Home stays at the bottom: esc returns there
	m.showHelp = false
	cmd := m.push(m.build(msg.screen))
	if msg.screen != ScreenOverview { // esc from a part returns to the Overview
		m.stack = append(m.stack[:1], m.build(ScreenOverview), m.top())
		ov := m.stack[1]
		w, h := m.contentSize()
		ov.Update(tea.WindowSizeMsg{Width: w, Height: h})
		cmd = tea.Batch(cmd, ov.Init())
	}
	return cmd
}

func (m *model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "edtech-workbook"
	return v
}

func (m *model) render() string {
	if m.winW <= 0 || m.winH <= 0 {
		return ""
	}
	if m.winW < MinWidth || m.winH < MinHeight {
		return tooSmall(m.winW, m.winH)
	}
	st := m.c.Styles
	w, h := m.contentSize()
	var body string
	if m.showHelp {
		body = st.Title.Render("Keys") + "\n\n" + m.help.FullHelpView(m.fullHelp())
	} else {
		body = m.top().View()
	}
	body = fitBlock(body, w, h)
	return m.titleLine() + "\n" + body + "\n" + m.statusLine() + "\n" + m.helpLine()
}

// fitBlock cuts s to w×h cells and pads it to h lines, so the status and
// help lines always sit at the bottom. (Cheaper than a lipgloss Width/Height
// style: this runs on every frame.)
func fitBlock(s string, w, h int) string {
	if h <= 0 {
		return ""
	}
	lines := strings.SplitN(s, "\n", h+1)
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		// A line of at most w bytes is at most w cells: skip measuring it.
		if len(l) > w && ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// tooSmall is the whole frame below the minimum size.
func tooSmall(w, h int) string {
	msg := fmt.Sprintf("make the window larger (needs %d×%d)", MinWidth, MinHeight)
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center,
		lipgloss.NewStyle().Width(w).MaxHeight(h).Align(lipgloss.Center).Render(msg))
}

func (m *model) titleLine() string {
	parts := []string{"edtech-workbook"}
	if s := m.c.Session; s != nil && len(m.stack) > 1 {
		parts = append(parts, cleanLine(s.Team)+" · "+cleanLine(s.SchoolYear))
	}
	if t := m.top().Title(); t != "" && len(m.stack) > 1 {
		parts = append(parts, t)
	}
	line := strings.Join(parts, " › ")
	if m.c.Review {
		// The badge goes first so a narrow window never cuts it off.
		line = reviewBadge + " · " + line
	}
	return m.c.Styles.Header.Render(truncate(line, m.winW))
}

func (m *model) statusLine() string {
	st := m.c.Styles
	text := m.c.status
	if m.c.statusErr {
		return st.StatusErr.Render(truncate("! "+text, m.winW))
	}
	if m.c.statusWarn {
		return st.Warning.Render(truncate("warning: "+text, m.winW))
	}
	if m.c.saving {
		text = "saving…"
	}
	return st.Status.Render(truncate(text, m.winW))
}

func (m *model) globalKeys() []key.Binding {
	k := m.c.Keys
	var keys []key.Binding
	if m.c.Review { // commenting is what review mode is for: always show how
		keys = append(keys, m.c.Keys.Comment)
	}
	if len(m.stack) == 1 {
		return append(keys, k.Help, k.Quit)
	}
	return append(keys, k.Back, k.Help)
}

func (m *model) helpLine() string {
	var short []key.Binding
	capturing := m.top().Capturing()
	if !m.showHelp {
		short = m.top().Help().ShortHelp()
	}
	// The help line is the same for most frames: reuse it (it is costly to style).
	var sig strings.Builder
	fmt.Fprintf(&sig, "%d|%v|%v|%d|%v|%v|", m.winW, m.showHelp, capturing, len(m.stack), m.c.IsDark, m.c.Review)
	for _, b := range short {
		sig.WriteString(b.Help().Key + "\x00" + b.Help().Desc + "\x00")
	}
	if sig.String() == m.helpSig {
		return m.helpCache
	}
	m.helpSig, m.helpCache = sig.String(), m.renderHelpLine(short, capturing)
	return m.helpCache
}

func (m *model) renderHelpLine(short []key.Binding, capturing bool) string {
	if m.showHelp {
		return truncate(m.help.ShortHelpView([]key.Binding{m.c.Keys.Back, m.c.Keys.Kill}), m.winW)
	}
	// The global keys always show; the screen's keys get the rest of the line.
	global := ""
	if !capturing { // while a field has the keys, ?/q/esc belong to it
		global = m.help.ShortHelpView(m.globalKeys())
	}
	avail := max(m.winW-lipgloss.Width(global)-3, 1)
	line := m.fitShortHelp(short, avail)
	if global != "" && line != "" {
		line += m.help.Styles.ShortSeparator.Render(m.help.ShortSeparator)
	}
	return truncate(line+global, m.winW)
}

// fitShortHelp renders as many of the screen's keys as fit in w cells,
// with "…" when some were left out. (help.Model's own width limit lets an
// item overflow when its ellipsis does not fit.)
func (m *model) fitShortHelp(short []key.Binding, w int) string {
	line := m.help.ShortHelpView(short)
	if lipgloss.Width(line) <= w {
		return line
	}
	tail := " " + m.help.Styles.Ellipsis.Render(m.help.Ellipsis)
	for n := len(short) - 1; n > 0; n-- {
		line = m.help.ShortHelpView(short[:n]) + tail
		if lipgloss.Width(line) <= w {
			return line
		}
	}
	return ""
}

func (m *model) fullHelp() [][]key.Binding {
	groups := append([][]key.Binding{}, m.top().Help().FullHelp()...)
	global := m.globalKeys()
	if !m.c.Review {
		global = append(global, m.c.Keys.Comment)
	}
	return append(groups, append(global, m.c.Keys.Kill))
}

// placeholderScreen stands in for a screen whose file is not built yet.
type placeholderScreen struct{ c *Common }

func (p *placeholderScreen) Init() tea.Cmd                    { return nil }
func (p *placeholderScreen) Update(tea.Msg) (Screen, tea.Cmd) { return p, nil }
func (p *placeholderScreen) Title() string                    { return "Not available yet" }
func (p *placeholderScreen) Help() help.KeyMap                { return newKeyHelp(nil) }
func (p *placeholderScreen) Capturing() bool                  { return false }
func (p *placeholderScreen) View() string {
	return p.c.Styles.Muted.Render("This part of the workbook is not built yet. Press esc to go back.")
}

// backupDoneMsg reports the backup snapshot taken at start.
type backupDoneMsg struct{ err error }

// snapshotBackup refreshes the file's backup (what `doctor --restore` falls
// back to) in a Cmd, so opening a large file never delays the first frame.
func snapshotBackup(store *store.Store, run *backupRun) tea.Cmd {
	return func() tea.Msg {
		// Let the first screen load its list first: the copy holds the file
		// for its whole length (measured: 120 ms → 50 ms to the first frame
		// with 1,000 sessions after a change).
		time.Sleep(backupDelay)
		run.mu.Lock()
		if run.abandoned { // the program ended before this Cmd ran
			run.mu.Unlock()
			return nil
		}
		run.started = true
		run.mu.Unlock()
		defer close(run.done)
		return backupDoneMsg{err: store.SnapshotBackup()}
	}
}

// backupRun is the state of the start-up snapshot, shared with its Cmd.
type backupRun struct {
	mu        sync.Mutex
	started   bool
	abandoned bool
	done      chan struct{}
}

// backupDelay is how long the start-up backup waits before it starts.
var backupDelay = 250 * time.Millisecond

// backupWait bounds how long quitting waits for the start-up backup.
var backupWait = 30 * time.Second

// waitBackup waits for the start-up backup if it started; if it has not,
// it never will.
func (m *model) waitBackup() {
	run := m.backupRun
	if run == nil {
		return
	}
	run.mu.Lock()
	started := run.started
	run.abandoned = !started
	run.mu.Unlock()
	if !started {
		return
	}
	select {
	case <-run.done:
	case <-time.After(backupWait):
	}
}

// backupDone shows a failed snapshot: damage is an error the user must act
// on; anything else (a full disk, permissions) only means no fresh backup.
func (m *model) showBackupResult(err error) {
	switch {
	case err == nil:
	case errors.Is(err, store.ErrCorrupt):
		m.c.SetError(err)
	default:
		m.c.SetWarning("no fresh backup was made: " + err.Error())
	}
}
