package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"

	"edtech-workbook/workbook"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// usageError marks a mistake in how the command was called (exit code 2).
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// noArgs rejects positional arguments as a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 && cmd.HasSubCommands() {
		return usagef("unknown command %q for %s; see `%s --help`", args[0], cmd.CommandPath(), cmd.CommandPath())
	}
	if len(args) > 0 {
		return usagef("%s takes no arguments, got %q; see `%s --help`", cmd.CommandPath(), args[0], cmd.CommandPath())
	}
	return nil
}

// exactArgs requires n positional arguments (usage error otherwise).
func exactArgs(n int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("%s needs %s; see `%s --help`", cmd.CommandPath(), names, cmd.CommandPath())
		}
		return nil
	}
}

// minArgs requires at least n positional arguments (usage error otherwise).
func minArgs(n int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return usagef("%s needs %s; see `%s --help`", cmd.CommandPath(), names, cmd.CommandPath())
		}
		return nil
	}
}

// maxArgs allows at most n positional arguments (usage error otherwise).
func maxArgs(n int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return usagef("%s takes at most %s; see `%s --help`", cmd.CommandPath(), names, cmd.CommandPath())
		}
		return nil
	}
}

// exitCode maps an error to the process exit code.
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	var u usageError
	if errors.As(err, &u) {
		return exitUsage
	}
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument", "invalid argument", "required flag"} {
		if strings.HasPrefix(msg, p) {
			return exitUsage
		}
	}
	return exitFailure
}

// printError writes the error as one plain line on stderr. Errors can quote
// text from files and arguments, so control sequences are stripped first.
func printError(w io.Writer, _ fang.Styles, err error) {
	msg := strings.TrimSpace(workbook.CleanText(withAdvice(err).Error()))
	if i := strings.IndexByte(msg, '\n'); i >= 0 && !isMultiLineReport(err) {
		msg = msg[:i]
	}
	fmt.Fprintln(w, "edtech-workbook: "+msg)
}

// isMultiLineReport reports errors meant to print every line (lint reports).
func isMultiLineReport(err error) bool {
	var lint *workbook.LintError
	return errors.As(err, &lint)
}

// rangeArgs requires from min to max positional arguments (usage error otherwise).
func rangeArgs(lo, hi int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < lo || len(args) > hi {
			return usagef("%s needs %s; see `%s --help`", cmd.CommandPath(), names, cmd.CommandPath())
		}
		return nil
	}
}
