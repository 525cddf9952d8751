package main

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
	accessible := a.isAccessible()
	if !accessible && (!a.stdinIsTerminal() || !a.stdoutIsTerminal()) {
		return errors.New("the workbook needs a terminal; run it in one, use --accessible for plain prompts, or see `edtech-workbook --help` for commands that print")
	}
	store, err := a.openStore()
	if err != nil {
		return err
	}
	// A copy of the file as it was when the app opened is what
	// `doctor --restore` falls back to.
	if err := store.SnapshotBackup(); err != nil {
		return err
	}
	return tui.Run(store, tui.Options{
		SessionID:  sessionID,
		Accessible: accessible,
		Input:      a.stdin,
		Output:     a.stdout,
	})
}
