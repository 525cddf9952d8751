package tui

import (
	"charm.land/bubbles/v2/key"
	"errors"
	"reflect"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

// Common is shared by the root and every screen (one pointer), as
// soft-serve's common.Common is. It lives on the event loop: read and write it
// only in Init/Update/View, never in a Cmd.
type Common struct {
	Store  Store
	Styles *Styles
	Keys   KeyMap

	// Width and Height are the screen's content area (the window minus the
	// title, status and help lines).
	Width, Height int
	IsDark        bool

	// Session is the open session (nil on Home and New session). Change it
	// only through Edit.
	Session *workbook.Session

	// Review is set when a coach opened the workbook to review sessions:
	// Edit accepts only new comments.
	Review bool
	// Now is the clock (comment timestamps, new check-ins): Options.Now.
	Now func() time.Time
	// Author, Team, ReadOnly and RemoteExport are the Options of the same
	// names (the cohort server's person).
	Author, Team, RemoteExport string
	ReadOnly                   bool
	// StateFile remembers the last export folder per workbook file
	// (Options.StateFile).
	StateFile string

	// memory is what this run of the app remembers between screens.
	memory runMemory

	status statusLine
	saves  *autosave

	// formKeys is the key map every form is given (KeyMap.formKeys), read
	// to tell which keys move between fields; moves counts the moves made
	// before huh's own message for them came back (see updateForm).
	formKeys *huh.KeyMap
	moves    formMoves
	// inv is the tool inventory (invdoc.go): loaded on first use, saved
	// like the session.
	inv *invDoc
}

// runMemory is what the app remembers for the rest of the run (never
// stored): answers a later dialog offers again.
type runMemory struct {
	commentAuthor string // the name typed in the last comment
	exportDir     string // the folder of the last export
	// lastOpened is the session opened last (created, carried or picked):
	// Home puts its cursor there when it lists the sessions again.
	lastOpened string
}

func newCommon(store Store, opts Options) *Common {
	c := &Common{Store: store, Keys: DefaultKeyMap(), Styles: NewStyles(true), IsDark: true,
		Review: opts.Review || opts.ReadOnly, Now: opts.Now, StateFile: opts.StateFile,
		Author: workbook.CleanLine(opts.Author), Team: opts.Team, ReadOnly: opts.ReadOnly, RemoteExport: opts.RemoteExport}
	c.saves = newAutosave(store, &c.status, opts)
	// A disabled key matches nothing and no help lists it.
	c.Keys.Inventory.SetEnabled(!opts.NoInventory)
	c.formKeys = c.Keys.formKeys()
	c.inv = newInvDoc(store, &c.status, opts)
	return c
}

// statusKind is what the status line's text is.
type statusKind int

const (
	statusInfo    statusKind = iota // plain news ("saved 14:02:11")
	statusWarning                   // something to know, nothing lost
	statusError                     // something failed or was refused
)

// statusLine is the text under the screen. from is the id of the session
// open when it was set ("" on Home): opening another session clears it.
type statusLine struct {
	text string
	kind statusKind
	from string
	open string // the session open now ("" none), kept by the root
}

func (s *statusLine) set(kind statusKind, text string) {
	s.text, s.kind, s.from = workbook.CleanLine(text), kind, s.open
}

// opened tells the status line which session is open now ("" none): a
// message from another session is cleared (one given on Home stays, for
// the session it led to).
func (s *statusLine) opened(id string) {
	if id != "" && s.from != "" && s.from != id {
		s.text, s.kind, s.from = "", statusInfo, ""
	}
	s.open = id
}

func (s *statusLine) setError(err error) {
	if err != nil {
		s.set(statusError, errorText(err))
	}
}

// errorText is err with the app's words for what to do about a problem
// with the workbook file or an export's file: the store reports only the
// facts.
func errorText(err error) string {
	var se *store.Error
	if !errors.As(err, &se) {
		return err.Error()
	}
	switch se.Kind {
	case store.KindDamaged, store.KindLost, store.KindUnrecognised:
		return err.Error() + "; quit and run `edtech-workbook doctor --restore` to go back to the last backup"
	case store.KindInUse:
		return err.Error() + "; close the other edtech-workbook"
	case store.KindReadOnly, store.KindNoAccess:
		return err.Error() + "; fix its permissions"
	case store.KindGone:
		return err.Error() + "; quit and check where the file went"
	case store.KindOutputNotRegular, store.KindOutputWorkbook:
		return err.Error() + "; choose another file"
	}
	return err.Error()
}

// sessionLoadedMsg carries a session read by loadSession.
type sessionLoadedMsg struct {
	session  *workbook.Session
	err      error
	open     route // where to go once loaded (see openSessionMsg)
	reload   bool  // reloaded after a conflict: stay on the current screen
	readOnly bool  // open in review mode above the current screen (openSessionMsg)
}

// sessionChangedMsg tells every open screen that Common.Session was replaced
// (reloaded after a conflict) or an edit was refused: drop caches built from
// the old one.
type sessionChangedMsg struct{}

// Edit applies change to the open session at once (the UI shows it on the
// next View) and returns the Cmd that saves it (see autosave). Return that
// Cmd from Update.
//
// In review mode only changes to the comments are kept: any other change is
// undone at once, the status line says why, and every screen is told to
// re-read the session (sessionChangedMsg) so no field shows the refused edit.
func (c *Common) Edit(change func(s *workbook.Session)) tea.Cmd {
	if c.Session == nil {
		return nil
	}
	if c.Review {
		before := c.Session.Clone()
		change(c.Session)
		if reflect.DeepEqual(before, c.Session.Clone()) {
			return nil // nothing changed: nothing to save or refuse
		}
		if c.ReadOnly || !workbook.OnlyCommentsChanged(before, c.Session) {
			*c.Session = *before
			c.SetError(c.readOnlyErr())
			return func() tea.Msg { return sessionChangedMsg{} }
		}
	} else {
		change(c.Session)
	}
	return c.saves.queue(c.Session)
}

var errReadOnly = errors.New("read-only: this is a review copy (C adds a comment)")

// errReadOnlyAll refuses an edit of a person who only reads (a facilitator).
var errReadOnlyAll = errors.New("read-only: you read the teams' sessions; their members answer and their coaches comment")

func (c *Common) readOnlyErr() error {
	if c.ReadOnly {
		return errReadOnlyAll
	}
	return errReadOnly
}

// editKeys is bs outside review mode and nothing in it: a screen's help
// wraps the keys that change answers in it, so a reviewer's footer lists
// only what a reviewer can do.
func (c *Common) editKeys(bs ...key.Binding) []key.Binding {
	if c.Review {
		return nil
	}
	return bs
}

// now is Common.Now, or the zero time when no clock was given.
func (c *Common) now() time.Time {
	if c.Now == nil {
		return time.Time{}
	}
	return c.Now().UTC().Truncate(time.Second)
}

// today is the date by the app's clock in the local zone, "YYYY-MM-DD"
// ("" when no clock was given).
func (c *Common) today() string {
	if c.Now == nil {
		return ""
	}
	return c.Now().Format(time.DateOnly)
}

// todayTime is the app's clock (the zero time when no clock was given):
// steps due before its date are overdue.
func (c *Common) todayTime() time.Time {
	if c.Now == nil {
		return time.Time{}
	}
	return c.Now()
}

// Pending reports whether edits are waiting to be saved or being saved.
func (c *Common) Pending() bool { return c.saves.pending() || c.inv.saves.pending() }

// SetStatus shows a message in the status line.
func (c *Common) SetStatus(text string) { c.status.set(statusInfo, text) }

// SetWarning shows a warning (something to know, nothing lost) in the status line.
func (c *Common) SetWarning(text string) { c.status.set(statusWarning, text) }

// SetError shows an error in the status line.
func (c *Common) SetError(err error) { c.status.setError(err) }

// loadSession reads a session in a Cmd, then opens the route on it.
func loadSession(store Store, id string, open route) tea.Cmd {
	return func() tea.Msg {
		s, err := store.Get(id)
		return sessionLoadedMsg{session: s, err: err, open: open}
	}
}

// loadSessionReadOnly is loadSession for a session opened in review mode
// (openSessionMsg.readOnly).
func loadSessionReadOnly(store Store, id string, open route) tea.Cmd {
	return func() tea.Msg {
		s, err := store.Get(id)
		return sessionLoadedMsg{session: s, err: err, open: open, readOnly: true}
	}
}

// reloadSession reads the open session again (after a conflict) in a Cmd.
func reloadSession(store Store, id string) tea.Cmd {
	return func() tea.Msg {
		s, err := store.Get(id)
		return sessionLoadedMsg{session: s, err: err, reload: true}
	}
}
