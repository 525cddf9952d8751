package tui

import (
	"io"
	"time"
)

// Options says how to start the UI. The zero value of every field is a
// working default (see withDefaults).
type Options struct {
	SessionID  string    // open straight into this session ("" = Home)
	Notice     string    // shown in the status line at start (the demo names its file)
	Accessible bool      // plain linear prompts (accessible.go)
	Input      io.Reader // nil = os.Stdin
	Output     io.Writer // nil = os.Stdout
	// Review opens the sessions read-only for a coach: only comments can be
	// added (C), and every screen says so in the title line.
	Review bool
	// Round, with SessionID, opens that round of the files received for the
	// session (read-only) on top of its rounds (0: none).
	Round int
	// Now is the clock for comment timestamps and new check-ins. Run uses
	// time.Now when it is nil; a model built without it has no clock (tests
	// set a fixed one). tui never reads the system clock itself.
	Now func() time.Time
	// StateFile is where the folder of the last export from the app is
	// remembered, per workbook file ("" remembers it for this run only).
	StateFile string

	// Who is at the keys, when the cohort server (package serve) runs the
	// app for an SSH connection. The server's guarded Store enforces the
	// same rules; these only make the app ask and offer accordingly.

	// Author signs this person's comments: the comment dialog and the
	// accessible mode do not ask for a name ("": they ask).
	Author string
	// Team is the team new sessions are started for: the New session form
	// starts with it ("": typed).
	Team string
	// ReadOnly refuses every change, comments included (a facilitator
	// reading the teams' sessions; set Review too).
	ReadOnly bool
	// RemoteExport, when set, is the command that exports over the
	// connection ("ssh -p 2222 host -- export"): the app writes no file
	// where it runs, and an export says to run that command (with the
	// session id and a format) from the person's own terminal instead.
	RemoteExport string
	// NoInventory: the tool inventory is not offered (the cohort server
	// keeps none: it is each district's own): no i on Home or the
	// Overview, no inventory in the accessible mode's menus.
	NoInventory bool
	// Terminal says Input is a terminal that echoes what is typed (an SSH
	// connection with a pseudo-terminal), for the accessible mode.
	Terminal bool

	// Timings. Zero means the default named in each comment; tests shorten
	// them instead of overriding package variables.

	// BackupDelay is how long the start-up backup waits before it starts,
	// so the first screen loads its list first (250 ms).
	BackupDelay time.Duration
	// BackupWait bounds how long quitting waits for the start-up backup (30 s).
	BackupWait time.Duration
	// SaveRetryDelay is how long a save refused because another
	// edtech-workbook holds the file waits before it is tried again (750 ms).
	SaveRetryDelay time.Duration
	// SaveRetries is how many times such a save is retried before the status
	// line says the file is still in use (5).
	SaveRetries int
	// ExitSaveWait bounds how long quitting waits for a save in flight before
	// it saves the same edits itself (2 s).
	ExitSaveWait time.Duration
}

// The defaults of the Options timings.
const (
	defaultBackupDelay    = 250 * time.Millisecond
	defaultBackupWait     = 30 * time.Second
	defaultSaveRetryDelay = 750 * time.Millisecond
	defaultSaveRetries    = 5
	defaultExitSaveWait   = 2 * time.Second
)

// withDefaults returns o with every zero timing set to its default.
func (o Options) withDefaults() Options {
	if o.BackupDelay <= 0 {
		o.BackupDelay = defaultBackupDelay
	}
	if o.BackupWait <= 0 {
		o.BackupWait = defaultBackupWait
	}
	if o.SaveRetryDelay <= 0 {
		o.SaveRetryDelay = defaultSaveRetryDelay
	}
	if o.SaveRetries <= 0 {
		o.SaveRetries = defaultSaveRetries
	}
	if o.ExitSaveWait <= 0 {
		o.ExitSaveWait = defaultExitSaveWait
	}
	return o
}
