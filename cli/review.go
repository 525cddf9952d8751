package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

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
			"Every file is checked first; a bad file stores nothing. Your workbook file holds each team's\n" +
			"session once, with every file received for it (the rounds: `edtech-workbook rounds`):\n" +
			"  - a new session is stored as it is (round 1);\n" +
			"  - the same file as the last one received changes nothing;\n" +
			"  - an updated file updates the session under the same id: the team's answers, your comments\n" +
			"    kept, the team's replies, edits, deletions and resolutions merged in, and the file kept\n" +
			"    as the next round. The line printed says what changed since the round before.\n" +
			"The file you export back carries the round it was made from, so the team's merge is three-way.\n" +
			"One file opens that session; several open the list of sessions.",
		Example: "  edtech-workbook review alderbrook.json\n" +
			"  edtech-workbook review alderbrook.json northside.json riverside.json\n" +
			"  edtech-workbook export ID --format json -o alderbrook-with-comments.json",
		Args: minArgs(1, "one or more FILE.json (written by `edtech-workbook export --format json`)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			// Check every file before touching the workbook file.
			files := make([]workbook.SessionFile, 0, len(args))
			for _, path := range args {
				f, err := workbook.ReadFile(path)
				if err != nil {
					return err
				}
				files = append(files, f)
			}
			store, err := a.openStore()
			if err != nil {
				return err
			}
			for _, f := range files {
				line, err := importForReview(store, f, a.now())
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
			if len(files) == 1 {
				opts.SessionID = files[0].Session.ID
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

// importForReview stores a file for review (workbook.ImportForReview has
// the rules) and says in one line what it did.
func importForReview(st *store.Store, f workbook.SessionFile, now time.Time) (string, error) {
	incoming := f.Session
	name := fmt.Sprintf("%q (%s)", workbook.CleanLine(incoming.Team), workbook.CleanLine(incoming.SchoolYear))
	res, err := workbook.ImportForReview(st, f, now)
	if err != nil {
		return "", err
	}
	switch res.Outcome {
	case workbook.ReviewImported:
		return fmt.Sprintf("Imported %s as %s (round 1).", name, incoming.ID), nil
	case workbook.ReviewUnchanged:
		return fmt.Sprintf("%s is already in the workbook file as %s, unchanged.", name, incoming.ID), nil
	}
	since := "the round before"
	if res.File.Round == 1 {
		since = "your stored copy"
	}
	line := fmt.Sprintf("Updated %s (%s) from the file: round %d. Since %s: %s.", name, incoming.ID, res.File.Round, since, res.Changes.Summary())
	if did := commentNews(res.Comments); did != "" {
		line += " From the team: " + did + "."
	}
	return line, nil
}

// commentNews says what a file brought to the comments: "2 replies and 1
// thread resolved" ("" for nothing).
func commentNews(c workbook.CommentChanges) string {
	var parts []string
	for _, x := range []struct {
		n    int
		noun string
		verb string
	}{{len(c.Threads), "new comment", ""}, {len(c.Replies), "reply", ""}, {len(c.Edited), "comment", " edited"},
		{len(c.Deleted), "comment", " deleted"}, {len(c.Resolved), "thread", " resolved"}, {len(c.Reopened), "thread", " reopened"}} {
		if x.n > 0 {
			parts = append(parts, workbook.CountOf(x.n, x.noun)+x.verb)
		}
	}
	return strings.Join(parts, ", ")
}
