package cli

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
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

// importForReview stores incoming for review (see the command's help for
// the rules) and says in one line what it did.
func importForReview(store *store.Store, incoming *workbook.Session) (string, error) {
	name := fmt.Sprintf("%q (%s)", workbook.CleanLine(incoming.Team), workbook.CleanLine(incoming.SchoolYear))
	local, err := store.Get(incoming.ID)
	if err != nil {
		if !errors.Is(err, workbook.ErrNotFound) {
			return "", err
		}
		if err := store.Put(incoming); err != nil {
			return "", err
		}
		return fmt.Sprintf("Imported %s as %s.", name, incoming.ID), nil
	}
	same, err := sameSession(local, incoming)
	if err != nil {
		return "", err
	}
	if same {
		return fmt.Sprintf("%s is already in the workbook file as %s, unchanged.", name, incoming.ID), nil
	}
	note := ""
	if !sameIgnoringComments(local, incoming) {
		earlier := local.Clone()
		earlier.ID = workbook.NewID()
		earlier.Team = strings.TrimSpace(local.Team) + " (earlier copy)"
		if err := store.Put(earlier); err != nil {
			return "", err
		}
		note = fmt.Sprintf(" The copy stored before was kept as %s, named %q.", earlier.ID, workbook.CleanLine(earlier.Team))
	}
	updated := incoming.Clone()
	kept := 0
	updated.Comments, kept = unionComments(incoming.Comments, local.Comments)
	if err := store.Put(updated); err != nil {
		return "", err
	}
	if kept > 0 {
		note = fmt.Sprintf(" %d comment%s from the stored copy kept.", kept, plural(kept)) + note
	}
	return fmt.Sprintf("Updated %s (%s) from the file.%s", name, incoming.ID, note), nil
}

// sameSession compares two sessions by their canonical JSON, revision
// aside: the store assigns revisions, so a stored copy never carries the
// file's.
func sameSession(a, b *workbook.Session) (bool, error) {
	x, y := a.Clone(), b.Clone()
	x.Revision, y.Revision = 0, 0
	ja, err := workbook.MarshalSession(x)
	if err != nil {
		return false, err
	}
	jb, err := workbook.MarshalSession(y)
	if err != nil {
		return false, err
	}
	return bytes.Equal(ja, jb), nil
}

// sameIgnoringComments: equal but for comments and the save counters (the
// reviewer's own saves bump those).
func sameIgnoringComments(a, b *workbook.Session) bool {
	x, y := a.Clone(), b.Clone()
	for _, s := range []*workbook.Session{x, y} {
		s.Comments, s.Revision, s.Updated = nil, 0, time.Time{}
	}
	return reflect.DeepEqual(x, y)
}

// unionComments is base plus the comments of extra it lacks (by id); it
// returns how many were added.
func unionComments(base, extra []workbook.Comment) ([]workbook.Comment, int) {
	out := append([]workbook.Comment(nil), base...)
	have := make(map[string]bool, len(base))
	for _, c := range base {
		have[c.ID] = true
	}
	added := 0
	for _, c := range extra {
		if !have[c.ID] {
			out = append(out, c)
			have[c.ID] = true
			added++
		}
	}
	return out, added
}
