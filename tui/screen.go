package tui

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook"
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

// The screens of the workbook. The router (model.build) makes each one with a
// switch over these ids; what a screen opens on travels in its route.
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
	ScreenCarry   // next school year's session from one on Home
	ScreenComment // the comment dialog
	ScreenRounds  // the files received for review (the rounds)
	ScreenReading // a read-only page (an earlier round, a comparison)
	ScreenCohort  // the teams in the file side by side (cohort.go)

	// The tool inventory (no session needed).
	ScreenInventory   // the tools as a table
	ScreenTool        // one tool's page
	ScreenRequests    // the selection requests
	ScreenRequest     // one selection request
	ScreenEvaluation  // one tool's evaluation for a school year
	ScreenCoreTools   // the core tools and their use over time
	ScreenUsageImport // usage from a CSV report
	ScreenToolPicker  // the tools a problem of practice names
)

// route is a screen and what it opens on: navigation parameters travel in
// the messages below, never in fields of Common.
type route struct {
	screen ScreenID
	// indicator is where ScreenAssess opens ("" = the first indicator
	// without a consensus rating).
	indicator string
	// carry is the session ScreenCarry starts next year's from.
	carry carrySource
	// comment is what ScreenComment adds its comment to.
	comment commentTarget
	// tool is the tool ScreenTool and ScreenEvaluation show (an id); year
	// the school year ScreenEvaluation is for ("" = the current one);
	// request the request ScreenRequest shows ("" = a new one).
	tool, year, request string
	// round is the round ScreenRounds opens once loaded (0: none).
	round int
	// reading is what ScreenReading shows.
	reading reading
}

// to is the route to a screen that needs no parameters.
func to(id ScreenID) route { return route{screen: id} }

// Messages that navigate. Return them from Cmds (openScreen, back, ...).
type (
	// openScreenMsg pushes the route's screen.
	openScreenMsg struct{ to route }
	// backMsg pops the current screen (esc). On Home it does nothing.
	backMsg struct{}
	// openSessionMsg loads session id in a Cmd, then opens the route's
	// screen on it (Home stays below, and the Overview below any part).
	openSessionMsg struct {
		id string
		to route
		// readOnly opens the session in review mode, with the opening
		// screen kept below it (the cohort): esc returns there.
		readOnly bool
	}
	// resumeMsg tells a screen it is on top again after the one above it
	// closed.
	resumeMsg struct{}
)

func openScreen(r route) tea.Cmd { return func() tea.Msg { return openScreenMsg{r} } }
func back() tea.Cmd              { return func() tea.Msg { return backMsg{} } }
func openSession(id string, r route) tea.Cmd {
	return func() tea.Msg { return openSessionMsg{id: id, to: r} }
}

// showSession opens a session the sender has just stored (created or
// carried forward) on the Overview, without reading it again.
func showSession(s *workbook.Session) tea.Cmd {
	return func() tea.Msg { return sessionLoadedMsg{session: s, open: to(ScreenOverview)} }
}

// flusher is implemented by screens with a text field whose typing is only
// committed on leaving it: Flush commits it (through Common.Edit) and returns
// the save Cmd. The root calls it on ctrl+c before quitting.
type flusher interface {
	Flush() tea.Cmd
}

// leaver is implemented by screens with something to say when they are
// left (esc, popped by the root): Leave updates the status line, so a
// message that only held on that screen does not stand on the next.
type leaver interface {
	Leave()
}
