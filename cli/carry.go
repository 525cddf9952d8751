package cli

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/templatefile"
)

func newCarryCmd(a *app) *cobra.Command {
	var year, tmplRef string
	var again bool
	cmd := &cobra.Command{
		Use:   "carry SESSION --year YYYY-YY",
		Short: "Start next school year's session from this year's",
		Long: "Creates a new session for the next school year. The roster, the problem of practice, the aim,\n" +
			"the logic model, the data plan and the unfinished action steps come along; finished steps are\n" +
			"summarised; this year's consensus ratings become the baseline that next year's Results and\n" +
			"exports compare against. With a newer template, indicators are matched by id: new ones start\n" +
			"empty and retired ones are listed. The original session is not changed. When the team already\n" +
			"has a session for that year, carry says so and asks first (without a terminal: pass --again).",
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
			if !again {
				sums, err := store.List()
				if err != nil {
					return err
				}
				if same := workbook.SameTeamYear(sums, prev.Team, year); len(same) > 0 {
					if ok, err := a.confirmSecondSession(prev.Team, year, same); !ok {
						return err
					}
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
	cmd.Flags().BoolVar(&again, "again", false, "start a second session even if the team already has one for that year")
	return cmd
}

// confirmSecondSession asks, on a terminal, whether to start a second
// session for a team and year that already has one; without a terminal it
// refuses (--again starts it anyway). ok is false when nothing is to be
// carried (err says why, or is nil when the person said no).
func (a *app) confirmSecondSession(team, year string, same []workbook.Summary) (ok bool, err error) {
	ids := make([]string, len(same))
	for i, s := range same {
		ids[i] = workbook.CleanLine(s.ID)
	}
	has := fmt.Sprintf("%q already has a session for %s (%s)", workbook.CleanLine(team), workbook.CleanLine(year), strings.Join(ids, ", "))
	if !a.stdinIsTerminal() {
		return false, fmt.Errorf("%s; open that one, or pass --again to start a second session", has)
	}
	fmt.Fprintf(a.stderr, "%s.\nStart a second session for %s anyway? [y/N] ", has, workbook.CleanLine(year))
	line, _ := bufio.NewReader(a.stdin).ReadString('\n')
	if answer := strings.ToLower(strings.TrimSpace(line)); answer != "y" && answer != "yes" {
		fmt.Fprintln(a.stderr, "Carry cancelled; nothing changed.")
		return false, nil
	}
	return true, nil
}
