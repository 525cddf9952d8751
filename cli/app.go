package cli

import (
	"errors"

	"github.com/spf13/cobra"

	"edtech-workbook/tui"
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
// from the flags). The UI refreshes the file's backup itself once its first
// frame is up (a large file must not delay it); the file is closed when the
// UI returns.
func openWorkbook(a *app, opts tui.Options) error {
	opts.Accessible = a.isAccessible()
	if !opts.Accessible && (!a.stdinIsTerminal() || !a.stdoutIsTerminal()) {
		return errNeedsTerminal
	}
	store, err := a.openStore()
	if err != nil {
		return err
	}
	if opts.Accessible {
		// No first frame to keep fast: take the backup now, as before.
		if err := store.SnapshotBackup(); err != nil {
			return errors.Join(err, store.Close())
		}
	}
	opts.Input, opts.Output = a.stdin, a.stdout
	if opts.Now == nil {
		opts.Now = a.now // the command line's clock (tests fix it)
	}
	opts.StateFile = exportFoldersFile()
	err = tui.Run(store, opts)
	return errors.Join(err, store.Close())
}
