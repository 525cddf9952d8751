package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"edtech-workbook/tui"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

func newReviewCmd(a *app) *cobra.Command {
	var noOpen bool
	cmd := &cobra.Command{
		Use:   "review FILE.json...",
		Short: "Import teams' sessions and open them read-only to add coach comments",
		Long: "For coaches: store each FILE (written by `edtech-workbook export --format json`) in the\n" +
			"workbook file, then open the app in review mode. In review mode nothing the team wrote can be\n" +
			"changed; press C on any part (the whole session, an indicator, the problem of practice, an\n" +
			"action step) to add a comment. Export the session again (`export ID --format json`) and send\n" +
			"the file back: the team runs `import FILE --merge` and sees your comments.\n\n" +
			"Every file is checked first; a bad file stores nothing. A session already in the workbook file:\n" +
			"  - identical to the file: left as it is;\n" +
			"  - different: the file's version replaces it under the same id (so the team can merge your\n" +
			"    comments back), keeping every comment the stored copy had. If the stored copy also differs\n" +
			"    in anything but comments, it is first kept as a separate session named\n" +
			"    \"TEAM (earlier copy)\": nothing is lost.\n" +
			"One file opens that session; several open the list of sessions.",
		Example: "  edtech-workbook review alderbrook.json\n" +
			"  edtech-workbook review alderbrook.json northside.json riverside.json\n" +
			"  edtech-workbook export ID --format json -o alderbrook-with-comments.json",
		Args: minArgs(1, "one or more FILE.json (written by `edtech-workbook export --format json`)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			// Check every file before touching the workbook file.
			sessions := make([]*workbook.Session, 0, len(args))
			for _, path := range args {
				s, err := workbook.ReadSessionFile(path)
				if err != nil {
					return err
				}
				sessions = append(sessions, s)
			}
			store, err := a.openStore()
			if err != nil {
				return err
			}
			for _, s := range sessions {
				line, err := importForReview(store, s)
				if err != nil {
					store.Close()
					return err
				}
				fmt.Fprintln(a.stdout, line)
			}
			if err := store.Close(); err != nil {
				return err
			}
			if noOpen {
				return nil
			}
			opts := tui.Options{Review: true}
			if len(sessions) == 1 {
				opts.SessionID = sessions[0].ID
			}
			if err := openWorkbook(a, opts); err != nil {
				if errors.Is(err, errNeedsTerminal) {
					return fmt.Errorf("the files were imported, but the review needs a terminal; run it in one, or pass --no-open to only import")
				}
				return err
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&noOpen, "no-open", false, "only import the files; do not open the app")
	return cmd
}

// importForReview stores incoming for review (workbook.ImportForReview has
// the rules) and says in one line what it did.
func importForReview(st *store.Store, incoming *workbook.Session) (string, error) {
	name := fmt.Sprintf("%q (%s)", workbook.CleanLine(incoming.Team), workbook.CleanLine(incoming.SchoolYear))
	res, err := workbook.ImportForReview(st, incoming)
	if err != nil {
		return "", err
	}
	switch res.Outcome {
	case workbook.ReviewImported:
		return fmt.Sprintf("Imported %s as %s.", name, incoming.ID), nil
	case workbook.ReviewUnchanged:
		return fmt.Sprintf("%s is already in the workbook file as %s, unchanged.", name, incoming.ID), nil
	}
	note := ""
	if res.KeptComments > 0 {
		note = fmt.Sprintf(" %d comment%s from the stored copy kept.", res.KeptComments, plural(res.KeptComments))
	}
	if e := res.EarlierCopy; e != nil {
		note += fmt.Sprintf(" The copy stored before was kept as %s, named %q.", e.ID, workbook.CleanLine(e.Team))
	}
	return fmt.Sprintf("Updated %s (%s) from the file.%s", name, incoming.ID, note), nil
}
