package cli

import (
	"bufio"
	"errors"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"edtech-workbook/tui"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/export"
	"edtech-workbook/workbook/store"
)

// The rounds of a review: the files a coach received from a team for one
// session (kept by `review`), listed, compared and opened read-only.

func newRoundsCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rounds",
		Short: "The files received from a team for review: list, compare, open an earlier one",
		Long: "For coaches: `review` keeps every file a team sends for its session, as rounds 1, 2, …\n" +
			"List them, see what changed between two of them (ratings, answers, action steps, comments),\n" +
			"or read an earlier one (read-only: it is the file as it came, without your comments).",
		Example: "  edtech-workbook rounds list alderbrook\n" +
			"  edtech-workbook rounds compare alderbrook 1 3\n" +
			"  edtech-workbook rounds open alderbrook 2\n" +
			"  edtech-workbook rounds show alderbrook 2 --format md -o round2.md",
		Args: noArgs,
	}
	cmd.AddCommand(newRoundsListCmd(a), newRoundsCompareCmd(a), newRoundsShowCmd(a), newRoundsOpenCmd(a))
	return cmd
}

func newRoundsListCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list SESSION",
		Short: "List the files received for a session, oldest first, with what each changed",
		Args:  exactArgs(1, "one SESSION (an id or team name)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.readStore()
			if err != nil {
				return err
			}
			defer st.Close()
			sess, rounds, err := sessionRounds(st, args[0])
			if err != nil {
				return err
			}
			if asJSON {
				if rounds == nil {
					rounds = []workbook.ReceivedFile{}
				}
				return a.writeJSON(rounds)
			}
			if len(rounds) == 0 {
				fmt.Fprintf(a.stdout, "No files received for %q yet; `edtech-workbook review FILE` keeps each file a team sends.\n", workbook.CleanLine(sess.Team))
				return nil
			}
			buf := bufio.NewWriter(a.stdout)
			tw := tabwriter.NewWriter(buf, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ROUND\tRECEIVED\tFILE\tTEAM'S REVISION\tTEAM'S LAST CHANGE\tSINCE THE ROUND BEFORE")
			var prev *workbook.Session
			for _, r := range rounds {
				s, _, err := st.ReceivedSession(sess.ID, r.Round)
				if err != nil {
					return err
				}
				changed := "–"
				if prev != nil {
					cmp, err := workbook.Compare(prev, s)
					if err != nil {
						return err
					}
					changed = cmp.Summary()
				}
				prev = s
				fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\n", r.Round, r.Received.Local().Format("2006-01-02 15:04"), cell(r.Name),
					r.Revision, r.Updated.Local().Format("2006-01-02 15:04"), cell(changed))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			return buf.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the list as JSON")
	return cmd
}

func newRoundsCompareCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "compare SESSION FROM [TO]",
		Short: "What changed from one round to another (TO defaults to the latest)",
		Long: "Say what changed from round FROM to round TO (the latest when left out) of the files received\n" +
			"for SESSION: ratings, answers, action steps, the data plan, check-ins, comments, the roster.",
		Args: rangeArgs(2, 3, "SESSION FROM [TO] (round numbers; see `edtech-workbook rounds list SESSION`)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.readStore()
			if err != nil {
				return err
			}
			defer st.Close()
			sess, rounds, from, err := sessionRound(st, args[0], args[1])
			if err != nil {
				return err
			}
			to := len(rounds)
			if len(args) == 3 {
				if to, err = roundArg(args[2], rounds); err != nil {
					return err
				}
			}
			a1, _, err := st.ReceivedSession(sess.ID, from)
			if err != nil {
				return err
			}
			b1, _, err := st.ReceivedSession(sess.ID, to)
			if err != nil {
				return err
			}
			cmp, err := workbook.Compare(a1, b1)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Round %d (%s) → round %d (%s) of %q: %s.\n", from, rounds[from-1].Received.Local().Format("2006-01-02"),
				to, rounds[to-1].Received.Local().Format("2006-01-02"), workbook.CleanLine(sess.Team), cmp.Summary())
			for _, l := range cmp.Lines() {
				fmt.Fprintln(a.stdout, workbook.CleanText(l))
			}
			return nil
		},
	}
}

func newRoundsShowCmd(a *app) *cobra.Command {
	var format, out string
	cmd := &cobra.Command{
		Use:   "show SESSION ROUND",
		Short: "Write one received file as md, html, json or csv (as it came, read-only)",
		Args:  exactArgs(2, "SESSION ROUND (see `edtech-workbook rounds list SESSION`)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("format") {
				format = formatFromPath(out, export.Formats, format)
			}
			st, err := a.readStore()
			if err != nil {
				return err
			}
			defer st.Close()
			sess, _, n, err := sessionRound(st, args[0], args[1])
			if err != nil {
				return err
			}
			s, _, err := st.ReceivedSession(sess.ID, n)
			if err != nil {
				return err
			}
			data, err := export.Render(s, format, export.Options{Table: export.TableRatings})
			if err != nil {
				return err
			}
			return a.writeOutput(out, data, fmt.Sprintf("%s, %d bytes", format, len(data)))
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", export.FormatMarkdown, "output format: md, html, json or csv")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to this file instead of standard output")
	return cmd
}

func newRoundsOpenCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "open SESSION ROUND",
		Short: "Open one received file read-only in the app",
		Args:  exactArgs(2, "SESSION ROUND (see `edtech-workbook rounds list SESSION`)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.readStore()
			if err != nil {
				return err
			}
			sess, _, n, err := sessionRound(st, args[0], args[1])
			st.Close()
			if err != nil {
				return err
			}
			err = openWorkbook(a, tui.Options{Review: true, SessionID: sess.ID, Round: n})
			if errors.Is(err, errNeedsTerminal) {
				return fmt.Errorf("opening a round needs a terminal; run it in one, or write it with `edtech-workbook rounds show %s %d`", workbook.CleanLine(args[0]), n)
			}
			return err
		},
	}
}

// sessionRounds finds the session and its received files.
func sessionRounds(st *store.Store, name string) (*workbook.Session, []workbook.ReceivedFile, error) {
	sess, err := findSession(st, name)
	if err != nil {
		return nil, nil, err
	}
	rounds, err := st.ReceivedFiles(sess.ID)
	return sess, rounds, err
}

// sessionRound finds the session, its received files and the round that
// arg names (roundArg).
func sessionRound(st *store.Store, name, arg string) (*workbook.Session, []workbook.ReceivedFile, int, error) {
	sess, rounds, err := sessionRounds(st, name)
	if err != nil {
		return nil, nil, 0, err
	}
	n, err := roundArg(arg, rounds)
	if err != nil {
		return nil, nil, 0, err
	}
	return sess, rounds, n, nil
}

// roundArg reads a round number that rounds has.
func roundArg(arg string, rounds []workbook.ReceivedFile) (int, error) {
	n, err := strconv.Atoi(arg)
	switch {
	case len(rounds) == 0:
		return 0, fmt.Errorf("no files were received for this session; `edtech-workbook review FILE` keeps each file a team sends")
	case err != nil || n < 1 || n > len(rounds):
		return 0, usagef("round %q is not one of 1 to %d; see `edtech-workbook rounds list SESSION`", workbook.CleanLine(arg), len(rounds))
	}
	return n, nil
}
