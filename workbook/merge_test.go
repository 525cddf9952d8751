package workbook_test

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
)

// coachCopy is the team's session as the coach sends it back: exported,
// imported elsewhere, commented on.
func coachCopy(t *testing.T, team *workbook.Session, edit func(c *workbook.Session)) *workbook.Session {
	t.Helper()
	sent, err := workbook.MarshalSession(team)
	if err != nil {
		t.Fatal(err)
	}
	coach, err := workbook.ImportSession(sent)
	if err != nil {
		t.Fatal(err)
	}
	edit(coach)
	back, err := workbook.MarshalSession(coach)
	if err != nil {
		t.Fatal(err)
	}
	incoming, err := workbook.ImportSession(back)
	if err != nil {
		t.Fatal(err)
	}
	return incoming
}

var coachTime = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// deleteMember takes a member off the roster with everything that points at
// them, as a team tidying its roster would.
func deleteMember(s *workbook.Session, id string) {
	s.Roster = slices.DeleteFunc(s.Roster, func(m workbook.Member) bool { return m.ID == id })
	for _, r := range s.Ratings {
		if r != nil {
			delete(r.Members, id)
		}
	}
	for i := range s.Plan.Actions {
		if s.Plan.Actions[i].Owner == id {
			s.Plan.Actions[i].Owner = ""
		}
	}
}

// TestMergeTakesOnlyNewComments is finding 8 of issue 10: the team exports,
// then deletes an action step, a check-in, a data-plan row, a roster member
// and a rating; the coach comments on the file and sends it back. Merging
// it adds the two comments and nothing else: nothing deleted comes back,
// no answer changes, and the report says exactly that.
func TestMergeTakesOnlyNewComments(t *testing.T) {
	team := testfixture.Demo(t)
	ind := team.Template.Indicators()[0]
	step := team.Plan.Actions[1]
	incoming := coachCopy(t, team, func(c *workbook.Session) {
		c.Comments = append(c.Comments,
			workbook.Comment{ID: "coach-1", Part: workbook.PartIndicator + ind.ID, Author: "Rosa (coach)", Text: "Which renewals?", Created: coachTime},
			workbook.Comment{ID: "coach-2", Part: workbook.PartAction + step.ID, Author: "Rosa (coach)", Text: "Who books the room?", Created: coachTime})
		c.Problem.Question = "The coach's rewording?"
	})

	team.Plan.Actions = slices.Delete(team.Plan.Actions, 0, 1)
	team.CheckIns = team.CheckIns[1:]
	team.Plan.DataPlan = team.Plan.DataPlan[:1]
	gone := team.Template.Indicators()[3].ID
	changedRatings := 1 // the deleted rating, and each rating the deleted member gave
	for id, r := range team.Ratings {
		if _, ok := r.Members["m5"]; ok && id != gone {
			changedRatings++
		}
	}
	deleteMember(team, "m5")
	delete(team.Ratings, gone)
	before, _ := workbook.MarshalSession(team)

	res := workbook.MergeComments(team, incoming)

	if after, _ := workbook.MarshalSession(team); !bytes.Equal(before, after) {
		t.Error("MergeComments changed the local session")
	}
	got := res.Session.Clone()
	if n := len(got.Comments); n != len(team.Comments)+2 || got.Comments[n-2].ID != "coach-1" || got.Comments[n-1].ID != "coach-2" {
		t.Fatalf("comments after the merge: %+v", got.Comments)
	}
	got.Comments = got.Comments[:len(team.Comments)]
	if !reflect.DeepEqual(got, team) {
		t.Error("the merge changed something besides adding the two comments")
	}
	if len(res.Added) != 2 {
		t.Errorf("Added = %+v", res.Added)
	}
	report := strings.Join(res.Report(), "\n")
	t.Log(report)
	want := `Added 2 comments from Rosa (coach): on indicator "` + ind.Title + `", on action step "` + workbook.Clip(step.What) + `". Nothing else was changed.
The file differs from the team's copy in 6 parts; they were not taken:
  - roster: 1 member the team does not have
  - self-assessment: ` + workbook.CountOf(changedRatings, "indicator") + ` differ
  - problem of practice: question differs
  - action steps: 1 the team does not have
  - data plan: 1 row the team does not have
  - check-ins: 1 the team does not have`
	if report != want {
		t.Errorf("report:\n%s\nwant:\n%s", report, want)
	}
	if err := workbook.ValidateSession(res.Session); err != nil {
		t.Errorf("the merged session is not consistent: %v", err)
	}
}

func TestMergeWithNothingNew(t *testing.T) {
	team := testfixture.Demo(t)
	incoming := coachCopy(t, team, func(c *workbook.Session) {})
	res := workbook.MergeComments(team, incoming)
	if len(res.Added) != 0 || len(res.NotTaken) != 0 || !reflect.DeepEqual(res.Session, team) {
		t.Fatalf("merge of an unchanged file: %+v", res)
	}
	if got := strings.Join(res.Report(), "\n"); got != "Nothing to merge: the file has no new comments." {
		t.Errorf("report %q", got)
	}
}

// TestMergeNeverChangesTheTeamsAnswers: whatever else the file holds, only
// comments with new ids are taken; each other difference is one line.
func TestMergeNeverChangesTheTeamsAnswers(t *testing.T) {
	team := testfixture.Demo(t)
	team.Template = *team.Template.Clone()
	incoming := coachCopy(t, team, func(c *workbook.Session) {
		c.Team, c.District = "Renamed", "Elsewhere"
		c.Roster[0].Name = "Someone else"
		c.Rating(c.Template.Indicators()[1].ID).Consensus = 4
		c.Rating(c.Template.Indicators()[2].ID).Evidence = "Coach's evidence"
		c.Plan.Aim = "A coach's aim"
		c.Plan.Logic.Inputs = "More money"
		c.Plan.Actions[0].Status = workbook.StatusStuck
		c.Plan.Actions = append(c.Plan.Actions, workbook.ActionStep{ID: "coach-step", What: "Coach idea"})
		c.Plan.DataPlan[0].Target = "99 percent"
		c.CheckIns[0].Next = "coach's next"
		c.SetAnswer("story", workbook.Answer{Text: "A coach's story"})
		c.SetAnswer("risks", workbook.Answer{Text: "A coach's risk"})
		c.Rating(c.Template.Indicators()[3].ID).Equity = "A coach's equity answer"
		c.Comments[0].Text = "Edited by the coach."
		c.Comments = append(c.Comments, workbook.Comment{ID: "new", Part: workbook.PartSession, Author: "", Text: "Nice work.", Created: coachTime})
	})
	res := workbook.MergeComments(team, incoming)
	got := res.Session.Clone()
	got.Comments = got.Comments[:len(team.Comments)]
	if !reflect.DeepEqual(got, team) {
		t.Error("the merge changed the team's answers")
	}
	want := []string{
		"Added 1 comment: on the whole session. Nothing else was changed.",
		"The file differs from the team's copy in 11 parts; they were not taken:",
		"  - team and year: team, district differ",
		"  - roster: 1 member that differs",
		"  - self-assessment: 3 indicators differ",
		"  - aim: aim differs",
		"  - logic model: inputs differs",
		"  - plan questions: risks differs",
		"  - action steps: 1 the team does not have, 1 that differs",
		"  - data plan: 1 row that differs",
		"  - check-ins: 1 that differs",
		"  - reflection: story differs",
		"  - comments: 1 the team also has that differs",
	}
	if got := res.Report(); !slices.Equal(got, want) {
		t.Errorf("report:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestMergeCommentsOnPartsTheTeamLacks: a comment on a step the team has
// deleted is still the coach's word and is added; one on an indicator the
// team's template does not have cannot be shown and is not taken.
func TestMergeCommentsOnPartsTheTeamLacks(t *testing.T) {
	team := testfixture.Demo(t)
	step := team.Plan.Actions[0]
	incoming := coachCopy(t, team, func(c *workbook.Session) {
		c.Comments = append(c.Comments, workbook.Comment{ID: "on-step", Part: workbook.PartAction + step.ID, Author: "Rosa", Text: "Keep this one?", Created: coachTime})
	})
	team.Plan.Actions = team.Plan.Actions[1:]
	team.Template = *team.Template.Clone()
	gone := team.Template.Domains[0].Indicators[0].ID
	incoming.Comments = append(incoming.Comments, workbook.Comment{ID: "on-gone", Part: workbook.PartIndicator + gone, Author: "Rosa", Text: "?", Created: coachTime})
	team.Template.Domains[0].Indicators = team.Template.Domains[0].Indicators[1:]
	for id := range team.Ratings {
		if id == gone {
			delete(team.Ratings, id)
		}
	}
	res := workbook.MergeComments(team, incoming)
	if len(res.Added) != 1 || res.Added[0].ID != "on-step" {
		t.Fatalf("added %+v", res.Added)
	}
	report := strings.Join(res.Report(), "\n")
	if !strings.Contains(report, "Added 1 comment from Rosa: on action step "+step.ID+" (no longer in the plan).") ||
		!strings.Contains(report, "comments: 1 on an indicator this workbook's template does not have") {
		t.Errorf("report:\n%s", report)
	}
	if err := workbook.ValidateSession(res.Session); err != nil {
		t.Errorf("merged session: %v", err)
	}
}
