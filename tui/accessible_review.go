package tui

import (
	"fmt"

	"edtech-workbook/workbook"
)

// A coach's review in the plain prompts (`review --accessible`, `rounds
// open --accessible`): the sessions stay read-only. For each one the coach
// reads it whole, reads and writes comment threads as the coach (the same
// workbook.ThreadActions as the app), and reads the files received from
// the team: what each round changed, two rounds compared, one read as it
// came. Nothing but comments (and a team's cohort tag, from the cohort) is
// ever saved.

const (
	reviewRead   = "Read the whole session (read-only)"
	reviewRounds = "The files received from the team (rounds)"
	reviewBack   = "Back to the sessions"
	reviewQuit   = "Quit"
)

// review runs a coach's review: sessionID opens that session first, or
// with round reads that received file and ends; then the coach picks
// sessions (or the cohort) until Quit.
func (a *accessibleRun) review(sessionID string, round int) error {
	if sessionID != "" {
		s, err := a.store.Get(sessionID)
		if err != nil {
			return err
		}
		a.sess = s
		if round > 0 {
			return a.readRound(round)
		}
		if err := a.reviewSession(); err != nil {
			return err
		}
	}
	for {
		sums, err := a.store.List()
		if err != nil {
			return err
		}
		if len(sums) == 0 {
			a.say("There are no sessions in this file to review.")
			return nil
		}
		labels := make([]string, 0, len(sums)+2)
		for _, s := range sums {
			labels = append(labels, fmt.Sprintf("%s, %s, %s (%d%% done)", cleanLine(s.Team), cleanLine(s.District), cleanLine(s.SchoolYear), s.Progress))
		}
		labels = append(labels, menuCohort, reviewQuit)
		a.say("")
		i, err := a.choose("Which session do you review? (read-only: you can comment)", labels, 0)
		if err != nil {
			return err
		}
		switch {
		case i == len(sums):
			err = a.cohort()
		case i == len(sums)+1:
			return nil
		default:
			var s *workbook.Session
			if s, err = a.store.Get(sums[i].ID); err == nil {
				a.sess = s
				err = a.reviewSession()
			}
		}
		if err != nil {
			return err
		}
	}
}

// reviewSession offers the open session's read-back, comments, rounds and
// export (the file back to the team) until back.
func (a *accessibleRun) reviewSession() error {
	for {
		a.say("")
		a.say(fmt.Sprintf("Reviewing %s, %s, %s (read-only: you can comment).", cleanLine(a.sess.Team), orDash(cleanLine(a.sess.District)), cleanLine(a.sess.SchoolYear)))
		i, err := a.choose("What next?", []string{reviewRead, menuComments, reviewRounds, menuExport, reviewBack}, 0)
		if err != nil {
			return err
		}
		switch i {
		case 0:
			a.say("")
			a.say(renderReportPart(plainStyles(), workbook.BuildReport(a.sess), reportAll, readBackWidth))
		case 1:
			err = a.comments()
		case 2:
			err = a.rounds()
		case 3:
			err = a.export() // JSON carries the round it was made on (the team's merge is three-way)
		default:
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// receivedRounds reads the files received for the open session, oldest
// first.
func (a *accessibleRun) receivedRounds() ([]workbook.ReceivedFile, []*workbook.Session, error) {
	files, err := a.store.ReceivedFiles(a.sess.ID)
	if err != nil {
		return nil, nil, err
	}
	sessions := make([]*workbook.Session, len(files))
	for i, f := range files {
		if sessions[i], _, err = a.store.ReceivedSession(a.sess.ID, f.Round); err != nil {
			return nil, nil, err
		}
	}
	return files, sessions, nil
}

// rounds lists the files received, then reads or compares them until back.
func (a *accessibleRun) rounds() error {
	files, sessions, err := a.receivedRounds()
	if err != nil {
		return err
	}
	if len(files) == 0 {
		a.say("No file has been received for this session yet.")
		return nil
	}
	for {
		a.say("")
		a.say(fmt.Sprintf("%s received, oldest first:", workbook.CountOf(len(files), "file")))
		for i, f := range files {
			change := "the first file received"
			if i > 0 {
				cmp, err := workbook.Compare(sessions[i-1], sessions[i])
				if err != nil {
					return err
				}
				change = cmp.Summary()
			}
			team := ""
			if f.Revision > 0 && !f.Updated.IsZero() {
				team = fmt.Sprintf(", the team's revision %d of %s", f.Revision, f.Updated.UTC().Format("2006-01-02"))
			}
			a.say(fmt.Sprintf("%d. Round %d, received %s: %s%s; %s.", i+1, f.Round,
				f.Received.UTC().Format("2006-01-02 15:04"), cleanLine(f.Name), team, change))
		}
		i, err := a.choose("What next?", []string{"Read one round as it came", "Compare two rounds", "Back"}, 2)
		if err != nil {
			return err
		}
		switch i {
		case 0:
			k, ok, err := a.pick("round", len(files))
			if err != nil {
				return err
			}
			if ok {
				a.sayRound(files[k], sessions[k])
			}
		case 1:
			if len(files) < 2 {
				a.say("There is only one round: nothing to compare it with.")
				continue
			}
			from, ok, err := a.pick("round to compare from", len(files))
			if err != nil || !ok {
				return err
			}
			to, ok, err := a.pick("round to compare with", len(files))
			if err != nil || !ok {
				return err
			}
			cmp, err := workbook.Compare(sessions[from], sessions[to])
			if err != nil {
				return err
			}
			a.say("")
			a.say(fmt.Sprintf("Round %d → round %d: %s.", files[from].Round, files[to].Round, cmp.Summary()))
			for _, l := range cmp.Lines() {
				a.say(l)
			}
		default:
			return nil
		}
	}
}

// readRound reads one received file as it came (`rounds open`).
func (a *accessibleRun) readRound(round int) error {
	files, sessions, err := a.receivedRounds()
	if err != nil {
		return err
	}
	for i, f := range files {
		if f.Round == round {
			a.sayRound(f, sessions[i])
			return nil
		}
	}
	return fmt.Errorf("%s has no round %d; see `edtech-workbook rounds list %s`", cleanLine(a.sess.Team), round, a.sess.ID)
}

// sayRound reads a received file back whole, as it came (without the
// coach's comments since).
func (a *accessibleRun) sayRound(f workbook.ReceivedFile, s *workbook.Session) {
	a.say("")
	a.say(fmt.Sprintf("Round %d as it came (%s, received %s; read-only):", f.Round, cleanLine(f.Name), f.Received.UTC().Format("2006-01-02 15:04")))
	a.say(renderReportPart(plainStyles(), workbook.BuildReport(s), reportAll, readBackWidth))
}
