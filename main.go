// Command edtech-workbook is a terminal workbook for school-district edtech
// teams working through the EdTech Systems Guide. This file holds the root
// command and the wiring shared by the subcommands (one file per command
// family: cmd_*.go); the work itself lives in the workbook and tui packages.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"charm.land/fang/v2"
	"github.com/adrg/xdg"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"edtech-workbook/workbook"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// envDB names the environment variable that overrides the default file.
const envDB = "EDTECH_WORKBOOK_DB"

// app carries what every command needs: the resolved flags and streams.
type app struct {
	dbPath     string
	accessible bool
	stdin      io.Reader
	stdout     io.Writer
	stderr     io.Writer
}

// usageError marks a mistake in how the command was called (exit code 2).
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// defaultDBPath is $XDG_DATA_HOME/edtech-workbook/workbook.db.
func defaultDBPath() string {
	return filepath.Join(xdg.DataHome, "edtech-workbook", "workbook.db")
}

// commands lists the constructors of the subcommands; each cmd_*.go file
// adds its own in an init function, so command families stay independent.
var commands []func(a *app) *cobra.Command

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "edtech-workbook",
		Short: "A terminal workbook for district edtech teams",
		Long: "edtech-workbook walks a district team through the EdTech Systems Guide: rate your edtech\n" +
			"systems together, frame one problem of practice, plan and track action steps, and hand\n" +
			"your coach a clean summary. Everything is saved at once to one local file.",
		Example: "# open the workbook\nedtech-workbook\n" +
			"# try it on a filled-in demo session\nedtech-workbook demo\n" +
			"# list the sessions in the file\nedtech-workbook list\n" +
			"# a summary for your coach\nedtech-workbook export ID --format html -o summary.html",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runWorkbook(cmd, a, "") },
	}
	root.PersistentFlags().StringVar(&a.dbPath, "db", "", "workbook file (env "+envDB+"; default "+defaultDBPath()+")")
	root.PersistentFlags().BoolVar(&a.accessible, "accessible", false, "plain, screen-reader friendly prompts (env ACCESSIBLE=1)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	for _, c := range commands {
		root.AddCommand(c(a))
	}
	return root
}

// resolveDB applies the --db flag, then the environment, then the default.
func (a *app) resolveDB() string {
	switch {
	case a.dbPath != "":
		return a.dbPath
	case os.Getenv(envDB) != "":
		return os.Getenv(envDB)
	}
	return defaultDBPath()
}

// openStore opens the workbook file named by the flags for a command that
// writes: it creates the file (and its folder) when it is missing and
// upgrades an older one.
func (a *app) openStore() (*workbook.Store, error) {
	return workbook.Open(a.resolveDB(), workbook.ReadWrite)
}

// readStore opens the workbook file for a command that only reads: it never
// creates, upgrades or changes anything, and a missing file is an error.
func (a *app) readStore() (*workbook.Store, error) {
	return workbook.Open(a.resolveDB(), workbook.ReadOnly)
}

// isAccessible reports whether plain prompts were asked for.
func (a *app) isAccessible() bool {
	v := os.Getenv("ACCESSIBLE")
	return a.accessible || (v != "" && v != "0" && v != "false")
}

// stdoutIsTerminal reports whether standard output is an interactive terminal.
func (a *app) stdoutIsTerminal() bool {
	f, ok := a.stdout.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// stdinIsTerminal reports whether standard input is an interactive terminal.
func (a *app) stdinIsTerminal() bool {
	f, ok := a.stdin.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// writeOutput writes data to standard output (out "" or "-"), or privately
// to the file out through a temporary file and a rename, and then says so on
// stderr: "Wrote out (what)." out must not be the workbook file, one of its
// backups, or anything but a regular file (WriteFileAtomic refuses those).
func (a *app) writeOutput(out string, data []byte, what string) error {
	if out == "" || out == "-" {
		_, err := a.stdout.Write(data)
		return err
	}
	if err := workbook.CheckOutputPath(out, a.resolveDB()); err != nil {
		return err
	}
	if err := workbook.WriteFileAtomic(out, data); err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "Wrote %s (%s).\n", out, what)
	return nil
}

// plural is "s" unless n is 1.
func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

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
	msg := strings.TrimSpace(workbook.CleanText(err.Error()))
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

// run executes the command line and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	root := newRootCmd(a)
	root.SetArgs(args)
	err := fang.Execute(context.Background(), root,
		fang.WithErrorHandler(printError),
		fang.WithoutManpage(),
		fang.WithoutCompletions(),
		fang.WithVersion(version),
	)
	return exitCode(err)
}

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
