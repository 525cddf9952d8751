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
	var redate []string
	var again bool
	cmd := &cobra.Command{
		Use:   "carry SESSION --year YYYY-YY",
		Short: "Start next school year's session from this year's",
		Long: "Creates a new session for the next school year. The roster, the problem of practice, the aim,\n" +
			"the logic model, the data plan and the unfinished action steps come along; finished steps are\n" +
			"summarised; this year's consensus ratings become the baseline that next year's Results and\n" +
			"exports compare against. With a newer template, indicators are matched by id: new ones start\n" +
			"empty and retired ones are listed. The original session is not changed. When the team already\n" +
			"has a session for that year, carry says so and asks first (without a terminal: pass --again).\n\n" +
			"Open steps keep their due dates. Those still on last year's dates are re-dated with --redate\n" +
			"STEP=DATE (STEP: the step's number in the list carry prints, its id, or all; DATE: YYYY-MM-DD,\n" +
			"or +1y for a year after the old date); on a terminal, without --redate, carry asks for each one.",
		Example: "  edtech-workbook carry 3f2a9c --year 2026-27 --template edtech-systems@2\n" +
			"  edtech-workbook carry 3f2a9c --year 2026-27 --redate all=+1y\n" +
			"  edtech-workbook carry 3f2a9c --year 2026-27 --redate 1=2026-10-15 --redate 3=2027-02-01",
		Args: exactArgs(1, "one SESSION (an id or team name)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if year == "" {
				return usagef("carry needs --year, e.g. --year 2026-27")
			}
			store, prev, err := a.openSession(true, args[0])
			if err != nil {
				return err
			}
			defer store.Close()
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
			res, err := workbook.CarryIntoWith(store, prev, year, tmpl, func(r *workbook.CarryResult) error {
				stale := workbook.StaleDates(r.Session)
				var dates map[string]string
				var err error
				switch {
				case len(redate) > 0:
					if len(stale) == 0 {
						return usagef("nothing to re-date: no open step carried to %s is on last year's dates; leave out --redate", year)
					}
					if dates, err = workbook.RedateSpecs(stale, redate); err != nil {
						return usagef("%v", err)
					}
				case len(stale) > 0 && a.stdinIsTerminal():
					if dates, err = askRedates(a, stale); err != nil {
						return err
					}
				}
				return workbook.Redate(r.Session, dates)
			})
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
			if res.ValuesLeft > 0 {
				fmt.Fprintf(a.stdout, "  The data plan came along; its %d dated value%s stay%s with %s.\n",
					res.ValuesLeft, plural(res.ValuesLeft), map[bool]string{true: "s", false: ""}[res.ValuesLeft == 1], workbook.CleanLine(prev.SchoolYear))
			}
			if stale := workbook.StaleDates(created); len(stale) > 0 {
				fmt.Fprintf(a.stdout, "  %d open step%s still on last year's dates:\n", len(stale), plural(len(stale)))
				for i, st := range stale {
					fmt.Fprintf(a.stdout, "    %d. %s — due %s\n", i+1, workbook.Shorten(workbook.CleanLine(st.What), 70), workbook.CleanLine(st.Due))
				}
				fmt.Fprintf(a.stdout, "  Give them new dates in the app (Plan, then r); next time, --redate (e.g. --redate all=+1y) dates them as they are carried.\n")
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
	cmd.Flags().StringArrayVar(&redate, "redate", nil, "new due date of an open step still on last year's dates, as STEP=DATE (STEP: number, id or all; DATE: YYYY-MM-DD or +1y); repeatable")
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
	if !a.askYes(fmt.Sprintf("%s.\nStart a second session for %s anyway? [y/N] ", has, workbook.CleanLine(year))) {
		fmt.Fprintln(a.stderr, "Carry cancelled; nothing changed.")
		return false, nil
	}
	return true, nil
}

// askRedates asks, on a terminal, a new due date for each open step still on
// last year's dates: a date, +1y for a year later, or blank to keep it.
func askRedates(a *app, stale []workbook.ActionStep) (map[string]string, error) {
	in := bufio.NewReader(a.stdin)
	fmt.Fprintf(a.stderr, "%d open step%s carried from last year %s still on last year's dates.\n", len(stale), plural(len(stale)), map[bool]string{true: "is", false: "are"}[len(stale) == 1])
	dates := map[string]string{}
	for i, st := range stale {
		for {
			fmt.Fprintf(a.stderr, "%d. %s (due %s)\n   New due date (YYYY-MM-DD; +1y: a year later; blank keeps it): ", i+1,
				workbook.Shorten(workbook.CleanLine(st.What), 70), workbook.CleanLine(st.Due))
			line, err := in.ReadString('\n')
			answer := strings.TrimSpace(line)
			if answer == "" {
				if err != nil { // end of input: the rest keep their dates
					fmt.Fprintln(a.stderr)
					return dates, nil
				}
				break
			}
			got, perr := workbook.RedateSpecs([]workbook.ActionStep{st}, []string{"1=" + answer})
			if perr == nil {
				dates[st.ID] = got[st.ID]
				break
			}
			fmt.Fprintf(a.stderr, "   %q is not a date; write it as YYYY-MM-DD, e.g. 2027-01-15, or +1y.\n", workbook.CleanLine(answer))
			if err != nil {
				return dates, nil
			}
		}
	}
	return dates, nil
}
