// Package cli is the command line of edtech-workbook: one file per command
// family, the root command here. It parses flags, opens the workbook file,
// calls the workbook packages and the app, and words what they return; the
// rules themselves live in workbook and its packages.
package cli

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"charm.land/fang/v2"
	"github.com/adrg/xdg"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"edtech-workbook/workbook/store"
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
	now        func() time.Time // the clock: dates of imports, decisions, "due in 90 days"
	// progressDelay is how long a long command works before its progress
	// line appears (so quick ones never flash one); tests leave it 0.
	progressDelay time.Duration
}

// exportFoldersFile is where the app remembers, per workbook file, the
// folder its last export went to: $XDG_STATE_HOME/edtech-workbook/export-folders.json.
func exportFoldersFile() string {
	return filepath.Join(xdg.StateHome, "edtech-workbook", "export-folders.json")
}

// defaultDBPath is $XDG_DATA_HOME/edtech-workbook/workbook.db.
func defaultDBPath() string {
	return filepath.Join(xdg.DataHome, "edtech-workbook", "workbook.db")
}

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
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		// -o "" (an empty variable in a script) would write to standard
		// output as if -o were not given: refuse it instead.
		if f := cmd.Flags().Lookup("output"); f != nil && f.Changed && strings.TrimSpace(f.Value.String()) == "" {
			return usagef("-o needs a file name (or - for standard output); see `%s --help`", cmd.CommandPath())
		}
		return nil
	}
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.AddCommand(
		newDemoCmd(a), newListCmd(a), newExportCmd(a), newImportCmd(a), newReviewCmd(a),
		newRoundsCmd(a), newCarryCmd(a), newCohortCmd(a), newTagCmd(a), newTemplateCmd(a), newInventoryCmd(a), newDoctorCmd(a),
		newServeCmd(a),
	)
	return root
}

// Run executes the command line and returns the process exit code.
// version is what --version prints.
func Run(version string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return run(&app{stdin: stdin, stdout: stdout, stderr: stderr, now: time.Now, progressDelay: 300 * time.Millisecond}, version, args)
}

// run executes the command line for a (tests give it their own clock).
func run(a *app, version string, args []string) int {
	root := newRootCmd(a)
	root.SetArgs(args)
	err := fang.Execute(context.Background(), root,
		fang.WithErrorHandler(printError),
		fang.WithVersion(version),
	)
	return exitCode(err)
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
func (a *app) openStore() (*store.Store, error) {
	return store.OpenToWrite(a.resolveDB())
}

// readStore opens the workbook file for a command that only reads: it never
// creates, upgrades or changes anything, and a missing file is an error.
func (a *app) readStore() (*store.Store, error) {
	return store.Open(a.resolveDB(), store.ReadOnly)
}

// openStoreFor opens the workbook file with openStore when write is set,
// else with readStore.
func (a *app) openStoreFor(write bool) (*store.Store, error) {
	if write {
		return a.openStore()
	}
	return a.readStore()
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

// stderrIsTerminal reports whether standard error is an interactive terminal.
func (a *app) stderrIsTerminal() bool {
	f, ok := a.stderr.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// stdinIsTerminal reports whether standard input is an interactive terminal.
func (a *app) stdinIsTerminal() bool {
	f, ok := a.stdin.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
