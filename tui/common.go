package tui

import (
	"errors"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"edtech-workbook/workbook"
)

// Common is shared by the root and every screen (one pointer). It lives on the
// event loop: read and write it only in Init/Update/View, never in a Cmd.
type Common struct {
	Store  *workbook.Store
	Styles *Styles
	Keys   KeyMap

	// Width and Height are the screen's content area (the window minus the
	// title, status and help lines).
	Width, Height int
	IsDark        bool

	// Session is the open session (nil on Home and New session). Change it
	// only through Edit.
	Session *workbook.Session

	status    string
	statusErr bool

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
func (c *Common) Edit(change func(s *workbook.Session)) tea.Cmd {
	if c.Session == nil {
		return nil
	}
	change(c.Session)
	c.markDirty(c.Session)
	return c.flush()
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
	default:
		// Keep the edits; the next Edit retries the save.
		c.markDirty(msg.target)
		c.SetError(msg.err)
		return nil
	}
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
func (c *Common) SetStatus(text string) { c.status, c.statusErr = workbook.CleanLine(text), false }

// SetError shows an error in the status line.
func (c *Common) SetError(err error) {
	if err == nil {
		return
	}
	c.status, c.statusErr = workbook.CleanLine(err.Error()), true
}

// loadSession reads a session in a Cmd.
func loadSession(store *workbook.Store, id string, screen ScreenID, reload bool) tea.Cmd {
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
