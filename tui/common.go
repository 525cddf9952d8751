package tui

import (
	"errors"
	"reflect"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

// Common is shared by the root and every screen (one pointer). It lives on the
// event loop: read and write it only in Init/Update/View, never in a Cmd.
type Common struct {
	Store  *store.Store
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
	// Now is the clock (comment timestamps). Run sets it to time.Now; tests
	// set a fixed time. tui never reads the system clock itself.
	Now func() time.Time
	// commentAuthor is the name typed in the last comment, offered again.
	commentAuthor string
	// assessAt is the indicator the next self-assessment opens at (set by
	// Results; the self-assessment clears it).
	assessAt string

	status     string
	statusErr  bool
	statusWarn bool

	inUseRetries int // saves retried because another program held the file

	saving   bool                // one save in flight at a time
	dirty    []*workbook.Session // sessions with edits not yet handed to a save
	inFlight savingNow           // the save in flight, for saveRemaining
}

// savingNow lets saveRemaining (after the event loop has stopped) wait for
// the last save and learn its result, which the loop never received.
type savingNow struct {
	mu     sync.Mutex
	target *workbook.Session
	done   chan struct{}
	result *savedMsg
}

// savedMsg reports the end of one save started by Edit.
type savedMsg struct {
	target *workbook.Session // the in-memory session that was saved
	saved  *workbook.Session // the stored copy (nil on error)
	err    error
}

// sessionLoadedMsg carries a session read by loadSession.
type sessionLoadedMsg struct {
	session *workbook.Session
	err     error
	screen  ScreenID // where to go once loaded (see openSessionMsg)
	reload  bool     // reloaded after a conflict: stay on the current screen
}

// sessionChangedMsg tells every open screen that Common.Session was replaced
// (reloaded after a conflict): drop caches built from the old one.
type sessionChangedMsg struct{}

// statusMsg sets the status line from a Cmd.
type statusMsg struct {
	text string
	err  bool
}

// Edit applies change to the open session at once (the UI shows it on the
// next View) and returns the Cmd that saves it. Return that Cmd from Update.
// Saves never run on the keypress path and only one is in flight: edits made
// meanwhile are saved together when it returns.
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
		if !onlyCommentsChanged(before, c.Session) {
			*c.Session = *before
			c.SetError(errReadOnly)
			return func() tea.Msg { return sessionChangedMsg{} }
		}
	} else {
		change(c.Session)
	}
	c.markDirty(c.Session)
	return c.flush()
}

var errReadOnly = errors.New("read-only: this is a review copy (C adds a comment)")

// onlyCommentsChanged compares two copies of a session, ignoring comments.
func onlyCommentsChanged(before, after *workbook.Session) bool {
	a := after.Clone()
	a.Comments = before.Comments
	return reflect.DeepEqual(before, a)
}

// now is Common.Now, or the zero time when no clock was given.
func (c *Common) now() time.Time {
	if c.Now == nil {
		return time.Time{}
	}
	return c.Now().UTC().Truncate(time.Second)
}

func (c *Common) markDirty(s *workbook.Session) {
	for _, d := range c.dirty {
		if d == s {
			return
		}
	}
	c.dirty = append(c.dirty, s)
}

// flush starts the next save if none is in flight.
func (c *Common) flush() tea.Cmd {
	if c.saving || len(c.dirty) == 0 || c.Store == nil {
		return nil
	}
	target := c.dirty[0]
	c.dirty = c.dirty[1:]
	c.saving = true
	snapshot := target.Clone() // the event loop keeps editing target meanwhile
	store := c.Store
	flight := &c.inFlight
	done := make(chan struct{})
	flight.mu.Lock()
	flight.target, flight.done, flight.result = target, done, nil
	flight.mu.Unlock()
	return func() tea.Msg {
		saved, err := store.Update(snapshot)
		msg := savedMsg{target: target, saved: saved, err: err}
		flight.mu.Lock()
		flight.result = &msg
		flight.mu.Unlock()
		close(done)
		return msg
	}
}

// handleSaved is called by the root for every savedMsg.
func (c *Common) handleSaved(msg savedMsg) tea.Cmd {
	c.saving = false
	c.inFlight.mu.Lock()
	c.inFlight.target, c.inFlight.result = nil, nil
	c.inFlight.mu.Unlock()
	var cmds []tea.Cmd
	switch {
	case msg.err == nil:
		msg.target.Revision = msg.saved.Revision
		msg.target.Updated = msg.saved.Updated
		c.SetStatus("saved " + msg.saved.Updated.Local().Format("15:04:05"))
	case errors.Is(msg.err, workbook.ErrConflict):
		// Never overwrite someone else's work: drop ours, reload theirs.
		c.dropDirty(msg.target)
		c.SetError(errors.New("someone else changed this session; it was reloaded and your last change was not saved"))
		if c.Session == msg.target {
			cmds = append(cmds, loadSession(c.Store, msg.target.ID, 0, true))
		}
	case errors.Is(msg.err, store.ErrInUse):
		// Another edtech-workbook holds the file for a moment: keep the edits
		// and try again shortly (and on the next edit), never drop them.
		c.markDirty(msg.target)
		if c.inUseRetries < maxInUseRetries {
			c.inUseRetries++
			c.SetWarning("waiting for the other edtech-workbook… (your changes are kept)")
			return tea.Tick(inUseRetryDelay, func(time.Time) tea.Msg { return retrySaveMsg{} })
		}
		c.SetError(errors.New("the workbook file is still in use by another edtech-workbook; your changes are kept and saved with your next change (or close the other one)"))
		return nil
	default:
		// Keep the edits; the next Edit retries the save.
		c.markDirty(msg.target)
		c.SetError(msg.err)
		return nil
	}
	c.inUseRetries = 0
	cmds = append(cmds, c.flush())
	return tea.Batch(cmds...)
}

func (c *Common) dropDirty(s *workbook.Session) {
	out := c.dirty[:0]
	for _, d := range c.dirty {
		if d != s {
			out = append(out, d)
		}
	}
	c.dirty = out
}

// exitSaveWait bounds how long quitting waits for a save still in flight.
var exitSaveWait = 2 * time.Second

// saveRemaining saves, synchronously, edits still pending when the program
// ends (Run calls it after the event loop has stopped).
func (c *Common) saveRemaining() error {
	if c.saving {
		c.inFlight.mu.Lock()
		target, done := c.inFlight.target, c.inFlight.done
		c.inFlight.mu.Unlock()
		select {
		case <-done:
		case <-time.After(exitSaveWait): // the Cmd never started: save its edits below
		}
		c.inFlight.mu.Lock()
		res := c.inFlight.result
		c.inFlight.mu.Unlock()
		switch {
		case res == nil || (res.err != nil && !errors.Is(res.err, workbook.ErrConflict)):
			c.markDirty(target)
		case res.err == nil:
			target.Revision, target.Updated = res.saved.Revision, res.saved.Updated
		}
		c.saving = false
	}
	var errs []error
	for _, s := range c.dirty {
		if _, err := c.Store.Update(s.Clone()); err != nil {
			errs = append(errs, err)
		}
	}
	c.dirty = nil
	return errors.Join(errs...)
}

// Pending reports whether edits are waiting to be saved or being saved.
func (c *Common) Pending() bool { return c.saving || len(c.dirty) > 0 }

// SetStatus shows a message in the status line.
func (c *Common) SetStatus(text string) {
	c.status, c.statusErr, c.statusWarn = workbook.CleanLine(text), false, false
}

// SetWarning shows a warning (something to know, nothing lost) in the status line.
func (c *Common) SetWarning(text string) {
	c.status, c.statusErr, c.statusWarn = workbook.CleanLine(text), false, true
}

// SetError shows an error in the status line.
func (c *Common) SetError(err error) {
	if err == nil {
		return
	}
	c.status, c.statusErr, c.statusWarn = workbook.CleanLine(errorText(err)), true, false
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

// Retrying a save refused because another program holds the file.
var (
	inUseRetryDelay = 750 * time.Millisecond
	maxInUseRetries = 5
)

// retrySaveMsg asks the root to start the pending save again.
type retrySaveMsg struct{}

// loadSession reads a session in a Cmd.
func loadSession(store *store.Store, id string, screen ScreenID, reload bool) tea.Cmd {
	return func() tea.Msg {
		s, err := store.Get(id)
		return sessionLoadedMsg{session: s, err: err, screen: screen, reload: reload}
	}
}

// Text helpers. Every string from a user, template or file goes through
// clean/cleanLine before it is drawn.

func clean(s string) string     { return workbook.CleanText(s) }
func cleanLine(s string) string { return workbook.CleanLine(s) }

// truncate cuts s to w cells with an ellipsis.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if len(s) <= w { // at most w bytes is at most w cells: the common, cheap case
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// cellWidth is the display width of s; plain ASCII is measured without the
// grapheme segmenter (most text on screen is).
func cellWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || c < 0x20 {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// wrap word-wraps plain text to w cells (long words are broken).
func wrap(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return ansi.Wrap(s, w, "")
}

// clampLines keeps at most h lines of s.
func clampLines(s string, h int) string {
	if h <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	return strings.Join(lines, "\n")
}

func clampInt(v, lo, hi int) int {
	if v > hi {
		v = hi
	}
	if v < lo {
		v = lo
	}
	return v
}
