package tui

import (
	"errors"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

// autosave saves the edits made through Common.Edit. Its guarantees:
//
//   - a save never runs on the keypress path (it is a Cmd), and only one is
//     in flight: edits made meanwhile are saved together when it returns;
//   - a save refused as a conflict (someone else saved the session) drops
//     the edits and reloads the session: it never overwrites their work;
//   - a save refused because another edtech-workbook holds the file keeps
//     the edits and is retried on a timer ("waiting for the other
//     edtech-workbook…"), then with the next edit;
//   - any other failure keeps the edits for the next edit to retry;
//   - finish, which Run calls after the event loop has stopped, waits for
//     the save in flight and saves whatever is still pending.
//
// Like Common it lives on the event loop: only the save itself runs in a Cmd.
type autosave struct {
	store  *store.Store
	status *statusLine // where it reports "saved 14:02", warnings and errors

	retryDelay time.Duration // see Options.SaveRetryDelay
	maxRetries int           // see Options.SaveRetries
	exitWait   time.Duration // see Options.ExitSaveWait

	dirty   []*workbook.Session // sessions with edits not yet handed to a save
	flight  *saveFlight         // the save in flight; nil when none
	retries int                 // saves retried because the file was in use
}

// saveFlight is one save: its Cmd reports the result here too, so finish
// learns it after the event loop (which would have received it) has stopped.
type saveFlight struct {
	target *workbook.Session
	done   chan struct{} // closed when the store returned

	mu     sync.Mutex
	result *savedMsg
}

// savedMsg reports the end of one save.
type savedMsg struct {
	target *workbook.Session // the in-memory session that was saved
	saved  *workbook.Session // the stored copy (nil on error)
	err    error
}

// retrySaveMsg asks for the pending save to be tried again.
type retrySaveMsg struct{}

func newAutosave(store *store.Store, status *statusLine, opts Options) *autosave {
	return &autosave{store: store, status: status,
		retryDelay: opts.SaveRetryDelay, maxRetries: opts.SaveRetries, exitWait: opts.ExitSaveWait}
}

// queue records that s has edits to save and returns the Cmd that saves
// them (nil while a save is in flight: they go with the next one).
func (a *autosave) queue(s *workbook.Session) tea.Cmd {
	a.markDirty(s)
	return a.next()
}

// saving reports whether a save is in flight.
func (a *autosave) saving() bool { return a.flight != nil }

// pending reports whether edits are waiting to be saved or being saved.
func (a *autosave) pending() bool { return a.flight != nil || len(a.dirty) > 0 }

// update handles the messages of the saves; ok says msg was one. open is
// the session on screen (a conflict on it reloads it).
func (a *autosave) update(msg tea.Msg, open *workbook.Session) (cmd tea.Cmd, ok bool) {
	switch msg := msg.(type) {
	case savedMsg:
		return a.saved(msg, open), true
	case retrySaveMsg:
		return a.next(), true
	}
	return nil, false
}

func (a *autosave) markDirty(s *workbook.Session) {
	for _, d := range a.dirty {
		if d == s {
			return
		}
	}
	a.dirty = append(a.dirty, s)
}

func (a *autosave) dropDirty(s *workbook.Session) {
	out := a.dirty[:0]
	for _, d := range a.dirty {
		if d != s {
			out = append(out, d)
		}
	}
	a.dirty = out
}

// next starts the next save if none is in flight.
func (a *autosave) next() tea.Cmd {
	if a.flight != nil || len(a.dirty) == 0 || a.store == nil {
		return nil
	}
	target := a.dirty[0]
	a.dirty = a.dirty[1:]
	f := &saveFlight{target: target, done: make(chan struct{})}
	a.flight = f
	snapshot := target.Clone() // the event loop keeps editing target meanwhile
	store := a.store
	return func() tea.Msg {
		saved, err := store.Update(snapshot)
		msg := savedMsg{target: target, saved: saved, err: err}
		f.mu.Lock()
		f.result = &msg
		f.mu.Unlock()
		close(f.done)
		return msg
	}
}

// saved handles the end of the save in flight.
func (a *autosave) saved(msg savedMsg, open *workbook.Session) tea.Cmd {
	a.flight = nil
	var cmds []tea.Cmd
	switch {
	case msg.err == nil:
		msg.target.Revision = msg.saved.Revision
		msg.target.Updated = msg.saved.Updated
		a.status.set(statusInfo, "saved "+msg.saved.Updated.Local().Format("15:04:05"))
	case errors.Is(msg.err, workbook.ErrConflict):
		// Never overwrite someone else's work: drop ours, reload theirs.
		a.dropDirty(msg.target)
		a.status.setError(errors.New("someone else changed this session; it was reloaded and your last change was not saved"))
		if open == msg.target {
			cmds = append(cmds, reloadSession(a.store, msg.target.ID))
		}
	case errors.Is(msg.err, store.ErrInUse):
		// Another edtech-workbook holds the file for a moment: keep the edits
		// and try again shortly (and on the next edit), never drop them.
		a.markDirty(msg.target)
		if a.retries < a.maxRetries {
			a.retries++
			a.status.set(statusWarning, "waiting for the other edtech-workbook… (your changes are kept)")
			return tea.Tick(a.retryDelay, func(time.Time) tea.Msg { return retrySaveMsg{} })
		}
		a.status.setError(errors.New("the workbook file is still in use by another edtech-workbook; your changes are kept and saved with your next change (or close the other one)"))
		return nil
	default:
		// Keep the edits; the next edit retries the save.
		a.markDirty(msg.target)
		a.status.setError(msg.err)
		return nil
	}
	a.retries = 0
	cmds = append(cmds, a.next())
	return tea.Batch(cmds...)
}

// finish saves, synchronously, the edits still pending when the program
// has ended. A save in flight is waited for (at most exitWait); if it never
// reported, its edits are saved here.
func (a *autosave) finish() error {
	if f := a.flight; f != nil {
		select {
		case <-f.done:
		case <-time.After(a.exitWait): // the Cmd never started: save its edits below
		}
		f.mu.Lock()
		res := f.result
		f.mu.Unlock()
		switch {
		case res == nil || (res.err != nil && !errors.Is(res.err, workbook.ErrConflict)):
			a.markDirty(f.target)
		case res.err == nil:
			f.target.Revision, f.target.Updated = res.saved.Revision, res.saved.Updated
		}
		a.flight = nil
	}
	var errs []error
	for _, s := range a.dirty {
		if _, err := a.store.Update(s.Clone()); err != nil {
			errs = append(errs, err)
		}
	}
	a.dirty = nil
	return errors.Join(errs...)
}
