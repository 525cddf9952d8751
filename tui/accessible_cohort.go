package tui

import (
	"fmt"
	"strings"
	"time"

	"edtech-workbook/workbook"
)

// The cohort in the plain prompts: the last entry of "Which session?"
// reads every team side by side, as the cohort screen shows them
// (workbook.Cohort builds both), then offers: read a team's whole session
// (read-only: nothing is asked, nothing changes), set a team's cohort tag,
// sort the teams another way, or go back to "Which session?".

// menuCohort is the last entry of "Which session?".
const menuCohort = "The cohort: every team side by side"

// cohortLine reads one team's row as a sentence.
func cohortLine(n int, t workbook.CohortTeam) string {
	parts := []string{fmt.Sprintf("%d. %s (%s, %s, %s): overall %s, %d%% complete", n, t.Label, orDash(t.District), orDash(t.Year),
		t.Template, t.Overall.Text, t.Completion)}
	if t.Updated != "" {
		last := "last change " + t.Updated
		switch {
		case t.After != "": // the app's cohort is as of today
			last += fmt.Sprintf(" (after today, %s)", t.After)
		case t.DaysSince >= 0:
			last += fmt.Sprintf(" (%d days ago)", t.DaysSince)
		}
		parts = append(parts, last)
	}
	if t.Stale {
		parts = append(parts, "stale")
	}
	if t.Overdue > 0 {
		parts = append(parts, workbook.CountOf(t.Overdue, "overdue step"))
	}
	if t.Cohort != "" {
		parts = append(parts, "cohort tag "+t.Cohort)
	}
	return strings.Join(parts, ", ") + "."
}

// cohort reads the cohort and its choices until "back" or end of input.
func (a *accessibleRun) cohort() error {
	sortKey := workbook.SortTeam
	for {
		var today time.Time
		if a.now != nil {
			today = a.now()
		}
		msg := buildCohort(a.store, today, sortKey)
		if msg.err != nil {
			return msg.err
		}
		v := msg.view
		if v == nil {
			a.say("There are no sessions in this file yet.")
			return nil
		}
		a.say("")
		a.say(fmt.Sprintf("The cohort: %s, sorted %s. Overall is the mean consensus rating over the %d indicators every team's template shares; a team is stale after %d days without a change.",
			workbook.CountOf(len(v.Teams), "team"), workbook.CohortSortMeaning[v.Sort], v.Shared, v.StaleDays))
		for i, t := range v.Teams {
			a.say(cohortLine(i+1, t))
		}
		avg := v.Average
		a.say(fmt.Sprintf("Cohort average: overall %s, %d%% complete; %d stale, %d with overdue steps.", avg.Overall.Text, avg.Completion, avg.StaleTeams, avg.OverdueTeams))
		i, err := a.choose("What next?", []string{"Read a team's whole session (read-only)", "Set a team's cohort tag", "Sort the teams another way", "Back"}, 3)
		if err != nil {
			return err
		}
		switch i {
		case 0:
			if k, ok, err := a.pick("team", len(v.Teams)); err != nil || !ok {
				return err
			} else if err := a.readTeam(v.Teams[k].ID); err != nil {
				return err
			}
		case 1:
			if err := a.tagTeam(v); err != nil {
				return err
			}
		case 2:
			labels := make([]string, len(workbook.CohortSorts))
			for j, key := range workbook.CohortSorts {
				labels[j] = workbook.CohortSortMeaning[key]
			}
			j, err := a.choose("Sort how?", labels, 0)
			if err != nil {
				return err
			}
			sortKey = workbook.CohortSorts[j]
		default:
			return nil
		}
	}
}

// readTeam reads one session back whole; nothing is asked or changed.
func (a *accessibleRun) readTeam(id string) error {
	s, err := a.store.Get(id)
	if err != nil {
		return err
	}
	a.say("")
	a.say(renderReportPart(plainStyles(), workbook.BuildReport(s), reportAll, readBackWidth))
	return nil
}

// tagTeam sets a team's cohort tag (blank keeps it, "-" removes it); the
// session's last change stays as it was.
func (a *accessibleRun) tagTeam(v *workbook.CohortView) error {
	k, ok, err := a.pick("team", len(v.Teams))
	if err != nil || !ok {
		return err
	}
	t := v.Teams[k]
	tag, err := a.ask(fmt.Sprintf("Cohort tag for %s (now: %q; blank keeps it, - removes it):", t.Label, t.Cohort), func(s string) error {
		_, err := workbook.CleanCohortTag(s)
		return err
	})
	if err != nil || tag == "" {
		return err
	}
	if tag == "-" {
		tag = ""
	}
	tag, _ = workbook.CleanCohortTag(tag)
	s, err := a.store.Get(t.ID)
	if err != nil {
		return err
	}
	s.Cohort = tag
	if err := a.store.Put(s); err != nil {
		return err
	}
	if tag == "" {
		a.say("Removed the cohort tag of " + t.Label + ".")
	} else {
		a.say(fmt.Sprintf("Tagged %s as %q.", t.Label, tag))
	}
	return nil
}
