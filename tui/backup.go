package tui

import (
	"errors"
	"runtime/debug"
	"sync"
	"time"

	"edtech-workbook/workbook/store"

	tea "charm.land/bubbletea/v2"
)

// startupBackup refreshes the file's backup (what `doctor --restore` falls
// back to) once the first frame is up: in a Cmd, after a short delay, so
// opening a large file never delays the first frame. Run waits for it on
// exit, so a quick quit never abandons a half-written backup; a backup that
// has not started by then never starts.
type startupBackup struct {
	store backupTaker
	delay time.Duration // see Options.BackupDelay
	wait  time.Duration // see Options.BackupWait
	// startDone, when set, is called once the delay is over: the start-up
	// is over (Run lets the collector run again).
	startDone func()

	mu        sync.Mutex // shared with the Cmd
	started   bool
	abandoned bool
	done      chan struct{}
}

// backupDoneMsg reports the start-up backup.
type backupDoneMsg struct{ err error }

// backupTaker refreshes a workbook file's backup (*store.Store).
type backupTaker interface{ SnapshotBackup() error }

func newStartupBackup(store backupTaker, opts Options) *startupBackup {
	return &startupBackup{store: store, delay: opts.BackupDelay, wait: opts.BackupWait, done: make(chan struct{})}
}

// cmd takes the backup.
func (b *startupBackup) cmd() tea.Cmd {
	return func() tea.Msg {
		// Let the first screen load its list first: the copy holds the file
		// for its whole length (measured: 120 ms → 50 ms to the first frame
		// with 1,000 sessions after a change).
		time.Sleep(b.delay)
		if b.startDone != nil {
			b.startDone()
		}
		b.mu.Lock()
		if b.abandoned { // the program ended before this Cmd ran
			b.mu.Unlock()
			return nil
		}
		b.started = true
		b.mu.Unlock()
		defer close(b.done)
		err := b.store.SnapshotBackup()
		// A backup of a changed file read every session (a few MB of
		// garbage, however large the file): give the memory back now
		// rather than keep it while the app sits open.
		debug.FreeOSMemory()
		return backupDoneMsg{err: err}
	}
}

// finish waits for the backup if it started (at most b.wait); if it has
// not, it never will.
func (b *startupBackup) finish() {
	b.mu.Lock()
	started := b.started
	b.abandoned = !started
	b.mu.Unlock()
	if !started {
		return
	}
	select {
	case <-b.done:
	case <-time.After(b.wait):
	}
}

// reportBackup shows a failed backup: damage is an error the user must act
// on; anything else (a full disk, permissions) only means no fresh backup.
func reportBackup(c *Common, err error) {
	switch {
	case err == nil:
	case errors.Is(err, store.ErrCorrupt):
		c.SetError(err)
	default:
		c.SetWarning("no fresh backup was made: " + err.Error())
	}
}
