package tui

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
)

// Screen is one page of the workbook. The root model owns the window: it draws
// a title line above the screen and the status and help lines below it, so a
// screen only renders its content area (Common.Width × Common.Height).
//
// Screens are values behind a pointer (return the receiver from Update); the
// root keeps a stack of them, so going back shows the previous screen as it was.
type Screen interface {
	// Init is called once when the screen is opened, after it has received
	// a tea.WindowSizeMsg with the content area's size.
	Init() tea.Cmd
	// Update receives every message the root does not consume itself:
	// keys (unless global), tea.WindowSizeMsg (content size), BackgroundColorMsg,
	// sessionChangedMsg, and any message the screen's own Cmds return.
	Update(msg tea.Msg) (Screen, tea.Cmd)
	// View renders the content area; it must fit Common.Width × Common.Height,
	// never panic at any size, and never touch the store.
	View() string
	// Title names the screen in the title line ("Self-assessment").
	Title() string
	// Help is the key map the help bar and the full help (`?`) show.
	Help() help.KeyMap
	// Capturing reports whether a text field (or a huh form) has the keys.
	// While true the root passes `?`, `q` and `esc` to the screen; only
	// ctrl+c stays global.
	Capturing() bool
}

// ScreenID names a screen for navigation.
type ScreenID int

// The screens of the workbook. Helper-owned files register a constructor for
// their id in init(); an unregistered id shows "not available yet".
const (
	ScreenHome ScreenID = iota
	ScreenNewSession
	ScreenOverview
	ScreenAssess
	ScreenResults
	ScreenProblem
	ScreenPlan
	ScreenReflect
	ScreenSummary
)

// ScreenFactory builds a screen. The session screens read c.Session, which
// the root has loaded before it opens them.
type ScreenFactory func(c *Common) Screen

var screenFactories = map[ScreenID]ScreenFactory{}

// registerScreen adds a constructor to the router. Call it from init().
func registerScreen(id ScreenID, f ScreenFactory) { screenFactories[id] = f }

// Messages that navigate. Return them from Cmds (openScreen, back, ...).
type (
	// openScreenMsg pushes a new screen built by its factory.
	openScreenMsg struct{ ID ScreenID }
	// backMsg pops the current screen (esc). On Home it does nothing.
	backMsg struct{}
	// openSessionMsg loads a session in a Cmd, then opens Screen (the
	// Overview if zero) on it. Home and New session use it.
	openSessionMsg struct {
		ID     string
		Screen ScreenID
	}
)

func openScreen(id ScreenID) tea.Cmd { return func() tea.Msg { return openScreenMsg{id} } }
func back() tea.Cmd                  { return func() tea.Msg { return backMsg{} } }
func openSession(id string, screen ScreenID) tea.Cmd {
	return func() tea.Msg { return openSessionMsg{ID: id, Screen: screen} }
}

// pushScreenMsg pushes a screen built by the sender (one that needs
// arguments, such as the comment dialog or the carry-forward form).
type pushScreenMsg struct{ screen Screen }

func pushScreen(s Screen) tea.Cmd { return func() tea.Msg { return pushScreenMsg{s} } }
