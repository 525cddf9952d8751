package cli

import (
	"bufio"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

// importMode says what to do with a file whose session is already stored.
type importMode int

const (
	importAsk importMode = iota
	importReplace
	importCopy
	importMerge
	importCancel
)

func newImportCmd(a *app) *cobra.Command {
	var replace, asCopy, merge bool
	cmd := &cobra.Command{
		Use:   "import FILE.json",
		Short: "Bring in a session exported elsewhere (a team's file, or one a coach sent back)",
		Long: "Read a session written by `edtech-workbook export --format json` and store it in the workbook\n" +
			"file. The file is checked first (format, version, sizes, template, consistency); a bad file\n" +
			"stores nothing. When the session is already in the workbook file you are asked what to do, or\n" +
			"you say it with a flag:\n" +
			"  --replace  overwrite the stored session with the file\n" +
			"  --as-copy  keep both: the file becomes a new session named \"TEAM (copy)\"\n" +
			"  --merge    merge a file a coach sent back into the stored session. The file says which\n" +
			"             copy of yours the coach started from, so the merge is three-way: the coach's\n" +
			"             comments, replies, edits, deletions and resolutions are applied, what only the\n" +
			"             file changed is taken, everything you changed since is kept, and only fields\n" +
			"             both changed differently are listed as conflicts (yours kept). Nothing you\n" +
			"             removed comes back. A file without its base (from an older build) brings only\n" +
			"             comments, and every part where it differs is listed as not taken.",
		Example: "  edtech-workbook import alderbrook.json\n" +
			"  edtech-workbook import alderbrook-with-comments.json --merge",
		Args: exactArgs(1, "one FILE.json (written by `edtech-workbook export --format json`)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			mode, err := importModeFromFlags(replace, asCopy, merge)
			if err != nil {
				return err
			}
			// Check the file before touching the workbook file: a bad file stores nothing.
			prog := a.startProgress("Reading " + filepath.Base(args[0]))
			defer prog.end()
			incoming, err := workbook.ReadFile(args[0])
			if err != nil {
				return err
			}
			prog.step("Opening the workbook file")
			store, err := a.openStore()
			if err != nil {
				return err
			}
			defer store.Close()
			return importInto(a, store, incoming, mode, prog)
		},
	}
	cmd.Flags().BoolVar(&replace, "replace", false, "overwrite a stored session with the same id")
	cmd.Flags().BoolVar(&asCopy, "as-copy", false, "store the file as a new session named \"TEAM (copy)\"")
	cmd.Flags().BoolVar(&merge, "merge", false, "merge a coach's file: three-way against the copy it was made from; only real conflicts are listed")
	return cmd
}

func importModeFromFlags(replace, asCopy, merge bool) (importMode, error) {
	n := 0
	mode := importAsk
	for _, f := range []struct {
		set  bool
		mode importMode
	}{{replace, importReplace}, {asCopy, importCopy}, {merge, importMerge}} {
		if f.set {
			n++
			mode = f.mode
		}
	}
	if n > 1 {
		return importAsk, usagef("--replace, --as-copy and --merge exclude each other; pass one")
	}
	return mode, nil
}

// importInto stores incoming, resolving a clash with a stored session by mode.
// prog (its line is cleared before anything is printed or asked) may be nil.
func importInto(a *app, store *store.Store, file workbook.SessionFile, mode importMode, prog *progressLine) error {
	incoming := file.Session
	local, err := store.Get(incoming.ID)
	if prog != nil {
		prog.end()
	}
	switch {
	case errors.Is(err, workbook.ErrNotFound):
		return storeImported(a, store, incoming)
	case err != nil:
		return err
	}
	if mode == importAsk {
		if !a.stdinIsTerminal() {
			return fmt.Errorf("session %q (%s) is already in %s; pass --replace to overwrite it or --as-copy to keep both (or --merge to add a coach's comments)",
				workbook.CleanLine(local.Team), local.ID, store.Path())
		}
		fmt.Fprintf(a.stderr, "Session %q (%s) is already in %s.\nReplace it (y), import as a copy (c), or cancel (n)? [y/c/N] ",
			workbook.CleanLine(local.Team), workbook.CleanLine(local.SchoolYear), workbook.CleanLine(store.Path()))
		line, _ := bufio.NewReader(a.stdin).ReadString('\n')
		mode = importModeFromAnswer(line)
	}
	switch mode {
	case importReplace:
		return storeImported(a, store, incoming)
	case importCopy:
		c := incoming.Clone()
		c.ID = workbook.NewID()
		c.Team = strings.TrimSpace(c.Team + " (copy)")
		return storeImported(a, store, c)
	case importMerge:
		return mergeImported(a, store, local, file)
	}
	fmt.Fprintln(a.stderr, "Import cancelled; nothing changed.")
	return nil
}

// importModeFromAnswer reads the answer to the replace/copy/cancel question.
func importModeFromAnswer(answer string) importMode {
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "yes", "r", "replace":
		return importReplace
	case "c", "copy":
		return importCopy
	}
	return importCancel
}

func storeImported(a *app, store *store.Store, s *workbook.Session) error {
	if err := store.Put(s); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Imported %q (%s) as %s.\n", workbook.CleanLine(s.Team), workbook.CleanLine(s.SchoolYear), s.ID)
	return nil
}

// mergeImported merges the file into the stored session (workbook.Merge has
// the rules) and says exactly what it did.
func mergeImported(a *app, store *store.Store, local *workbook.Session, file workbook.SessionFile) error {
	res, err := workbook.Merge(local, file, a.now())
	if err != nil {
		return err
	}
	if res.Changed() {
		if _, err := store.Update(res.Session); err != nil {
			return err
		}
	}
	for _, line := range res.Report() {
		fmt.Fprintln(a.stdout, workbook.CleanText(line))
	}
	return nil
}
