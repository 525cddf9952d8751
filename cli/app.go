package cli

import (
	"errors"

	"github.com/spf13/cobra"

	"edtech-workbook/tui"
	"edtech-workbook/workbook/store"
)

// runWorkbook opens the interactive workbook on the file named by the flags,
// optionally straight into one session. Accessible mode asks plain questions
// line by line and also reads answers piped on standard input; the full-window
// app needs a terminal and says so instead of hanging.
func runWorkbook(_ *cobra.Command, a *app, sessionID string) error {
	return openWorkbook(a, tui.Options{SessionID: sessionID})
}

// errNeedsTerminal is returned when the full-window app cannot run.
var errNeedsTerminal = errors.New("the workbook needs a terminal; run it in one, use --accessible for plain prompts, or see `edtech-workbook --help` for commands that print")

// openWorkbook runs the UI with opts (streams and accessibility filled in
// from the flags). The full-window app opens the file in the background, so
// its first frame does not wait for the file's checks (a file that cannot be
// opened ends it before anything is drawn, with the error printed as any
// command's), and refreshes the file's backup once its first frame is up; the
// file is closed when the UI returns.
func openWorkbook(a *app, opts tui.Options) error {
	opts.Accessible = a.isAccessible()
	if !opts.Accessible && (!a.stdinIsTerminal() || !a.stdoutIsTerminal()) {
		return errNeedsTerminal
	}
	var st *store.Store
	if opts.Accessible {
		// Opened for reading first, as the full-window app is (not
		// OpenToWrite): a file the person may only read is still read.
		var err error
		if st, err = store.Open(a.resolveDB(), store.ReadWrite); err != nil {
			return err
		}
		// No first frame to keep fast: take the backup now, as before.
		if err := st.SnapshotBackup(); err != nil {
			return errors.Join(err, st.Close())
		}
	} else {
		st = store.OpenInBackground(a.resolveDB(), store.ReadWrite)
	}
	opts.Input, opts.Output = a.stdin, a.stdout
	if opts.Now == nil {
		opts.Now = a.now // the command line's clock (tests fix it)
	}
	opts.StateFile = exportFoldersFile()
	err := tui.Run(st, opts)
	return errors.Join(err, st.Close())
}
