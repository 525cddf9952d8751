package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/templatefile"
)

func newCarryCmd(a *app) *cobra.Command {
	var year, tmplRef string
	cmd := &cobra.Command{
		Use:   "carry SESSION --year YYYY-YY",
		Short: "Start next school year's session from this year's",
		Long: "Creates a new session for the next school year. The roster, the problem of practice, the aim,\n" +
			"the logic model, the data plan and the unfinished action steps come along; finished steps are\n" +
			"summarised; this year's consensus ratings become the baseline that next year's Results and\n" +
			"exports compare against. With a newer template, indicators are matched by id: new ones start\n" +
			"empty and retired ones are listed. The original session is not changed.",
		Example: "  edtech-workbook carry 3f2a9c --year 2026-27 --template edtech-systems@2",
		Args:    exactArgs(1, "one SESSION (an id or team name)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if year == "" {
				return usagef("carry needs --year, e.g. --year 2026-27")
			}
			store, err := a.openStore()
			if err != nil {
				return err
			}
			defer store.Close()
			prev, err := findSession(store, args[0])
			if err != nil {
				return err
			}
			var tmpl *workbook.Template
			if tmplRef != "" {
				if tmpl, err = templatefile.Resolve(store, tmplRef); err != nil {
					return err
				}
			}
			res, err := workbook.CarryInto(store, prev, year, tmpl)
			if err != nil {
				return err
			}
			created := res.Session
			fmt.Fprintf(a.stdout, "Carried %q forward to %s as %s (template %s).\n", workbook.CleanLine(prev.Team), year, created.ID, created.Template.Ref())
			fmt.Fprintf(a.stdout, "  %d open action step%s carried, %d finished step%s summarised.\n",
				res.CarriedSteps, plural(res.CarriedSteps), res.FinishedSteps, plural(res.FinishedSteps))
			fmt.Fprintf(a.stdout, "  %d indicator%s with last year's rating as baseline; %d new.\n",
				res.BaselineRated, plural(res.BaselineRated), res.NewIndicators)
			if len(res.Retired) > 0 {
				fmt.Fprintf(a.stdout, "  Retired indicators: %s.\n", workbook.CleanLine(strings.Join(res.Retired, "; ")))
			}
			if len(res.DroppedAnswers) > 0 {
				fmt.Fprintf(a.stdout, "  Answers left behind (the new template no longer asks these questions, or asks for another kind of answer): %s.\n",
					workbook.CleanLine(strings.Join(res.DroppedAnswers, "; ")))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&year, "year", "", "the new school year, e.g. 2026-27")
	cmd.Flags().StringVar(&tmplRef, "template", "", "template for the new year, as ID@VERSION (default: keep this year's)")
	return cmd
}
