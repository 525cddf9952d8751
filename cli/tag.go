package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"edtech-workbook/workbook"
)

func newTagCmd(a *app) *cobra.Command {
	var clear bool
	cmd := &cobra.Command{
		Use:   "tag SESSION [COHORT]",
		Short: "Show or set the cohort tag of a session (cohort --tag picks by it)",
		Long: "A coach tags each team's session with the cohort it belongs to (\"2025 cohort\"), so\n" +
			"`edtech-workbook cohort --tag \"2025 cohort\"` reports on that cohort from the workbook file.\n" +
			"With COHORT the tag is set (replacing any other); with --clear it is removed; with neither\n" +
			"the tag is shown. In the app: `g` on a session's overview.",
		Example: "  edtech-workbook tag Northside \"2025 cohort\"\n  edtech-workbook tag 3f2a9c --clear",
		Args:    rangeArgs(1, 2, "one SESSION (an id or team name) and the cohort tag to set"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 && !clear {
				st, s, err := a.openSession(false, args[0])
				if err != nil {
					return err
				}
				defer st.Close()
				if s.Cohort == "" {
					fmt.Fprintf(a.stdout, "%q (%s) has no cohort tag.\n", workbook.CleanLine(s.Team), workbook.CleanLine(s.SchoolYear))
				} else {
					fmt.Fprintf(a.stdout, "%s\n", workbook.CleanLine(s.Cohort))
				}
				return nil
			}
			if clear && len(args) == 2 {
				return usagef("give a COHORT tag or --clear, not both")
			}
			tag := ""
			if len(args) == 2 {
				var err error
				if tag, err = workbook.CleanCohortTag(args[1]); err != nil {
					return usageError{err}
				}
				if tag == "" {
					return usagef("the cohort tag is empty; to remove a tag use --clear")
				}
			}
			st, s, err := a.openSession(true, args[0])
			if err != nil {
				return err
			}
			defer st.Close()
			// The tag is the coach's bookkeeping, not the team's work: the
			// session's last change stays as it was (Put keeps timestamps and
			// still moves the revision on, so an open app reloads).
			s.Cohort = tag
			if err := st.Put(s); err != nil {
				return err
			}
			if tag == "" {
				fmt.Fprintf(a.stdout, "Removed the cohort tag of %q (%s).\n", workbook.CleanLine(s.Team), workbook.CleanLine(s.SchoolYear))
			} else {
				fmt.Fprintf(a.stdout, "Tagged %q (%s) as %q.\n", workbook.CleanLine(s.Team), workbook.CleanLine(s.SchoolYear), tag)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&clear, "clear", false, "remove the session's cohort tag")
	return cmd
}
