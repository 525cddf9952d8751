package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
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
//   - a save refused as a conflict (someone else saved the session) reads
//     their copy and puts the edits back on top of it (workbook.Rebase),
//     then saves that: a field they changed to something else keeps their
//     value and the status line names it, so their work is never
//     overwritten and ours is never dropped unseen (without the copy the
//     edits were made from, the edits are dropped and the session reloaded,
//     as before the cohort server);
//   - a newer copy saved by someone else on the cohort server
//     (SessionSaved) is taken the same way, silently when nothing of ours
//     conflicts (see live);
//   - a save refused because another edtech-workbook holds the file keeps
//     the edits and is retried on a timer ("waiting for the other
//     edtech-workbook…"), then with the next edit;
//   - any other failure keeps the edits for the next edit to retry;
//   - finish, which Run calls after the event loop has stopped, waits for
//     the save in flight and saves whatever is still pending.
//
// Like Common it lives on the event loop: only the save itself runs in a Cmd.
type autosave struct {
	store  Store
	status *statusLine // where it reports "saved 14:02", warnings and errors

	retryDelay time.Duration // see Options.SaveRetryDelay
	maxRetries int           // see Options.SaveRetries
	exitWait   time.Duration // see Options.ExitSaveWait

	dirty   []*workbook.Session // sessions with edits not yet handed to a save
	flight  *saveFlight         // the save (or a conflict's read) in flight; nil when none
	retries int                 // saves retried because the file was in use

	// bases holds, per session shown or with edits, the stored copy its
	// unsaved edits apply to (track; a successful save moves it on). It
	// is never changed: a rebase reads it.
	bases map[*workbook.Session]*workbook.Session
	// newer holds a newer stored copy of a session that arrived while it
	// could not be taken (a save of it in flight, or text being typed).
	newer map[*workbook.Session]*workbook.Session
}

// saveFlight is one save of target (or a conflict's read of theirs).
type saveFlight struct {
	target *workbook.Session
	flightResult[savedMsg]
}

// flightResult is where a save's Cmd reports its result too, so finish
// learns it after the event loop (which would have received it) has
// stopped. Sessions (autosave) and the inventory (invSaver) share it.
type flightResult[M any] struct {
	done chan struct{} // closed when the store returned

	mu     sync.Mutex
	result *M
}

func newFlightResult[M any]() flightResult[M] {
	return flightResult[M]{done: make(chan struct{})}
}

// report keeps m and marks the flight over (called from the Cmd).
func (f *flightResult[M]) report(m M) {
	f.mu.Lock()
	f.result = &m
	f.mu.Unlock()
	close(f.done)
}

// wait waits at most d for the flight to end and gives its result (nil
// when the Cmd never reported one).
func (f *flightResult[M]) wait(d time.Duration) *M {
	select {
	case <-f.done:
	case <-time.After(d): // the Cmd never started: the caller saves its edits itself
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.result
}

// theirsLoadedMsg carries their copy of a session, read after a save of
// ours was refused as a conflict.
type theirsLoadedMsg struct {
	target *workbook.Session
	theirs *workbook.Session
	err    error
}

// savedMsg reports the end of one save.
type savedMsg struct {
	target *workbook.Session // the in-memory session that was saved
	saved  *workbook.Session // the stored copy (nil on error)
	err    error
}

// retrySaveMsg asks for the pending save to be tried again.
type retrySaveMsg struct{}

func newAutosave(store Store, status *statusLine, opts Options) *autosave {
	return &autosave{store: store, status: status,
		retryDelay: opts.SaveRetryDelay, maxRetries: opts.SaveRetries, exitWait: opts.ExitSaveWait,
		bases: map[*workbook.Session]*workbook.Session{}, newer: map[*workbook.Session]*workbook.Session{}}
}

// track records that s, just read from the store, is the session shown:
// its unsaved edits will apply to this copy. Sessions neither shown nor
// waiting to be saved are forgotten.
func (a *autosave) track(s *workbook.Session) {
	for t := range a.bases {
		if !a.busy(t) {
			delete(a.bases, t)
			delete(a.newer, t)
		}
	}
	if s != nil {
		a.bases[s] = s.Clone()
		delete(a.newer, s)
	}
}

// busy reports whether s has edits waiting or a save (or a conflict's
// read) in flight.
func (a *autosave) busy(s *workbook.Session) bool {
	return (a.flight != nil && a.flight.target == s) || slices.Contains(a.dirty, s)
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
	case theirsLoadedMsg:
		a.flight = nil
		if msg.err != nil {
			// Keep the edits; the next edit tries again.
			a.markDirty(msg.target)
			a.status.setError(msg.err)
			return nil, true
		}
		cmd := a.takeTheirs(msg.target, msg.theirs)
		if msg.target == open {
			cmd = tea.Batch(cmd, func() tea.Msg { return sessionChangedMsg{} })
		}
		return cmd, true
	}
	return nil, false
}

// takeTheirs brings target up to theirs, a newer stored copy, with
// target's unsaved edits put back on top (workbook.Rebase), and returns the
// Cmd that saves them when any were. Nothing is said unless an edit could
// not be put back. Call it only when no save of target is in flight.
func (a *autosave) takeTheirs(target, theirs *workbook.Session) tea.Cmd {
	delete(a.newer, target)
	base := a.bases[target]
	if !slices.Contains(a.dirty, target) || base == nil {
		*target = *theirs.Clone() // nothing of ours to keep
		a.bases[target] = theirs
		return nil
	}
	res, err := workbook.Rebase(base, target, theirs)
	a.bases[target] = theirs
	if err != nil {
		*target = *theirs.Clone()
		a.dropDirty(target)
		a.status.setError(errors.New("someone else changed this session; it was reloaded and your last change was not saved"))
		return nil
	}
	*target = *res.Session
	switch {
	case res.Refused != "":
		a.status.setError(fmt.Errorf("someone else changed this session; your last change could not be put back on theirs (%s)", res.Refused))
	case len(res.Conflicts) > 0:
		a.status.setError(errors.New("someone else changed this session; theirs was kept for " + strings.Join(res.Conflicts, "; ")))
	}
	if !res.Applied {
		a.dropDirty(target)
		return nil
	}
	return a.next()
}

// live takes a newer copy of a session someone else saved (SessionSaved)
// into target, the session shown, unless a save of it is in flight (its
// result decides; the copy waits) or canWait holds (text is being typed:
// it waits for the field to be left). taken says target changed.
func (a *autosave) live(target, theirs *workbook.Session, canWait bool) (cmd tea.Cmd, taken bool) {
	if target == nil || theirs == nil || target.ID != theirs.ID || theirs.Revision <= target.Revision {
		return nil, false // another session, or a copy we already have (our own save)
	}
	if (a.flight != nil && a.flight.target == target) || canWait {
		if w := a.newer[target]; w == nil || theirs.Revision > w.Revision {
			a.newer[target] = theirs
		}
		return nil, false
	}
	return a.takeTheirs(target, theirs), true
}

// waiting returns the newer copy waiting for target (see live), if it can
// be taken now.
func (a *autosave) waiting(target *workbook.Session) *workbook.Session {
	w := a.newer[target]
	if w == nil || (a.flight != nil && a.flight.target == target) {
		return nil
	}
	if w.Revision <= target.Revision {
		delete(a.newer, target) // our save went past it
		return nil
	}
	return w
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
	f := &saveFlight{target: target, flightResult: newFlightResult[savedMsg]()}
	a.flight = f
	snapshot := target.Clone() // the event loop keeps editing target meanwhile
	store := a.store
	return func() tea.Msg {
		saved, err := store.Update(snapshot)
		msg := savedMsg{target: target, saved: saved, err: err}
		f.report(msg)
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
		a.bases[msg.target] = msg.saved
		a.status.set(statusInfo, "saved "+msg.saved.Updated.Local().Format("15:04:05"))
	case errors.Is(msg.err, workbook.ErrConflict) && a.bases[msg.target] != nil:
		// Someone else saved first: read theirs, then put ours on top
		// (theirsLoadedMsg). No other save starts meanwhile.
		a.markDirty(msg.target)
		f := &saveFlight{target: msg.target, flightResult: newFlightResult[savedMsg]()}
		a.flight = f
		store, id, target := a.store, msg.target.ID, msg.target
		return func() tea.Msg {
			defer close(f.done)
			theirs, err := store.Get(id)
			return theirsLoadedMsg{target: target, theirs: theirs, err: err}
		}
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
		res := f.wait(a.exitWait)
		switch {
		case res == nil || (res.err != nil && (a.bases[f.target] != nil || !errors.Is(res.err, workbook.ErrConflict))):
			a.markDirty(f.target)
		case res.err == nil:
			f.target.Revision, f.target.Updated = res.saved.Revision, res.saved.Updated
			a.bases[f.target] = res.saved
		}
		a.flight = nil
	}
	var errs []error
	for _, s := range a.dirty {
		if err := a.saveNow(s); err != nil {
			errs = append(errs, err)
		}
	}
	a.dirty = nil
	return errors.Join(errs...)
}

// saveNow saves s synchronously (finish): after a conflict, their copy is
// read and the edits put back on top, a few times at most.
func (a *autosave) saveNow(s *workbook.Session) error {
	var err error
	for range 3 {
		var saved *workbook.Session
		if saved, err = a.store.Update(s.Clone()); err == nil {
			s.Revision, s.Updated = saved.Revision, saved.Updated
			a.bases[s] = saved
			return nil
		}
		base := a.bases[s]
		if !errors.Is(err, workbook.ErrConflict) || base == nil {
			return err
		}
		theirs, gerr := a.store.Get(s.ID)
		if gerr != nil {
			return gerr
		}
		res, rerr := workbook.Rebase(base, s, theirs)
		if rerr != nil {
			return rerr
		}
		*s = *res.Session
		a.bases[s] = theirs
		if !res.Applied {
			return nil // theirs already holds everything of ours that could be kept
		}
	}
	return err
}
