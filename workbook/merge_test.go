package workbook_test

import (
	"bytes"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
)

var (
	coachTime = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	mergeTime = time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC)
	rosa      = workbook.Commenter{Name: "Rosa", Role: workbook.RoleCoach}
	dana      = workbook.Commenter{Name: "Dana Whitfield", Role: workbook.RoleTeam}
)

// roundTrip is s written as a file and read back, as the other side gets it.
func roundTrip(t *testing.T, s *workbook.Session) *workbook.Session {
	t.Helper()
	data, err := workbook.MarshalSession(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := workbook.ImportSession(data)
	if err != nil {
		t.Fatal(err)
	}
	return back
}

// coachFile is the file a coach sends back: the team's session as sent
// (sent), changed by edit, carrying sent as its base when withBase (as a
// coach's export of a reviewed session does), read as the team reads it.
func coachFile(t *testing.T, sent *workbook.Session, withBase bool, edit func(c *workbook.Session)) workbook.SessionFile {
	t.Helper()
	coach := roundTrip(t, sent)
	edit(coach)
	var base *workbook.ExchangeBase
	if withBase {
		h, err := workbook.BaseHash(sent)
		if err != nil {
			t.Fatal(err)
		}
		base = &workbook.ExchangeBase{Revision: sent.Revision, SHA256: h, Session: roundTrip(t, sent)}
	}
	data, err := workbook.MarshalSessionWithBase(coach, base)
	if err != nil {
		t.Fatal(err)
	}
	f, err := workbook.ImportFile(data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// coachCopy is a coach's file from before bases: the session only.
func coachCopy(t *testing.T, team *workbook.Session, edit func(c *workbook.Session)) workbook.SessionFile {
	return coachFile(t, team, false, edit)
}

func merge(t *testing.T, local *workbook.Session, f workbook.SessionFile) workbook.MergeResult {
	t.Helper()
	before, _ := workbook.MarshalSession(local)
	res, err := workbook.Merge(local, f, mergeTime)
	if err != nil {
		t.Fatal(err)
	}
	if after, _ := workbook.MarshalSession(local); !bytes.Equal(before, after) {
		t.Error("Merge changed the local session")
	}
	if err := workbook.ValidateSession(res.Session); err != nil {
		t.Errorf("the merged session is not consistent: %v", err)
	}
	t.Log(strings.Join(res.Report(), "\n"))
	return res
}

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

// eighteenEdits is what a team does after sending its file: 18 changes
// across every part (ratings, evidence, answers, the aim, steps, the data
// plan, check-ins, the reflection, the roster).
func eighteenEdits(t *testing.T, s *workbook.Session) {
	t.Helper()
	inds := s.Template.Indicators()
	s.Rating(inds[0].ID).Consensus = 1
	s.Rating(inds[1].ID).Evidence = "Newer evidence"
	s.Rating(inds[2].ID).Priority = !s.Rating(inds[2].ID).Priority
	s.Rating(inds[3].ID).Equity = "Newer equity answer"
	s.Rating(inds[4].ID).Members[s.Roster[0].ID] = 1
	s.Problem.Question = "A sharper question?"
	s.SetAnswer("story", workbook.Answer{Text: "A newer story"})
	s.SetAnswer("risks", workbook.Answer{Text: "A newer risk"})
	s.Plan.Aim = "Team's newer aim"
	s.Plan.Logic.Inputs = "Newer inputs"
	s.Plan.Actions[0].Status = workbook.StatusDone
	s.Plan.Actions[1].Due = "2026-05-30"
	s.Plan.Actions = append(s.Plan.Actions, workbook.ActionStep{ID: "team-new", What: "A new step", Status: workbook.StatusNotStarted})
	s.Plan.DataPlan[0].Target = "95 percent"
	s.CheckIns = s.CheckIns[1:]
	s.Reflection.DecisionReason = "Newer reason"
	s.Roster[1].Role = "Newer role"
	s.Team = "Alderbrook EdTech Team"
}

// TestMergeEighteenTeamEditsAreNoConflicts is the case from issue 13: the
// coach only commented; the team made 18 edits after exporting. The merge
// against the base the file carries adds the comment and reports no
// conflict and nothing "not taken": every team edit is kept.
func TestMergeEighteenTeamEditsAreNoConflicts(t *testing.T) {
	team := testfixture.Demo(t)
	ind := team.Template.Indicators()[0]
	f := coachFile(t, team, true, func(c *workbook.Session) {
		c.Comments = append(c.Comments, workbook.Comment{ID: "coach-1", Part: workbook.IndicatorPart(ind.ID), Author: "Rosa", Role: workbook.RoleCoach, Text: "Which renewals?", Created: coachTime})
	})
	eighteenEdits(t, team)
	res := merge(t, team, f)
	if len(res.Conflicts) != 0 || len(res.NotTaken) != 0 || len(res.Applied) != 0 || !res.Base.Found || !res.KeptOwn {
		t.Fatalf("conflicts %q, not taken %q, applied %q, base %+v", res.Conflicts, res.NotTaken, res.Applied, res.Base)
	}
	got := res.Session.Clone()
	if n := len(got.Comments); got.Comments[n-1].ID != "coach-1" || n != len(team.Comments)+1 {
		t.Fatalf("comments %+v", got.Comments)
	}
	got.Comments, got.Merged = team.Comments, nil
	if !reflect.DeepEqual(got, team) {
		t.Error("the merge changed the team's edits")
	}
	want := []string{
		"Merged against the copy you sent (revision " + strconv.Itoa(team.Revision) + "): what you changed since is kept.",
		`Added 1 comment from Rosa (coach): on ` + workbook.PartTitle(team, workbook.IndicatorPart(ind.ID)) + `.`,
		"No conflicts.",
	}
	if got := res.Report(); !slices.Equal(got, want) {
		t.Errorf("report:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if m := res.Session.Merged; m == nil || !m.At.Equal(mergeTime) || !slices.Equal(m.Comments, []string{"coach-1"}) || m.From != "Rosa (coach)" {
		t.Errorf("merge mark %+v", m)
	}
}

// TestMergeThreeWay: what only the file changed is taken, what only the
// team changed is kept, a field both changed differently is a conflict
// (the team's kept), and nothing the team removed comes back.
func TestMergeThreeWay(t *testing.T) {
	team := testfixture.Demo(t)
	inds := team.Template.Indicators()
	gone, changedGone := team.Plan.Actions[0], team.Plan.Actions[1]
	team.Rating(inds[0].ID).Consensus = 3
	f := coachFile(t, team, true, func(c *workbook.Session) {
		c.Plan.Logic.Outcomes = "The coach's outcomes"                                                                                  // only the file: taken
		c.Rating(inds[0].ID).Consensus = 2                                                                                              // both, differently: conflict
		c.Rating(inds[1].ID).Evidence = "Same words on both"                                                                            // both, the same: no conflict
		c.Plan.Actions[1].Due = "2026-06-01"                                                                                            // the team deleted it: conflict, stays deleted
		c.Plan.Actions = slices.DeleteFunc(c.Plan.Actions, func(a workbook.ActionStep) bool { return a.ID == team.Plan.Actions[2].ID }) // only the file deleted it: taken
		c.Plan.DataPlan = append(c.Plan.DataPlan, workbook.DataRow{ID: "coach-row", Measure: "Logins"})                                 // only the file added it: taken
	})
	team.Rating(inds[0].ID).Consensus = 4
	team.Rating(inds[1].ID).Evidence = "Same words on both"
	team.Plan.Actions = slices.DeleteFunc(team.Plan.Actions, func(a workbook.ActionStep) bool { return a.ID == gone.ID || a.ID == changedGone.ID })
	team.Plan.Aim = "The team's own aim" // only the team: kept

	res := merge(t, team, f)
	s := res.Session
	if s.Plan.Logic.Outcomes != "The coach's outcomes" || s.Plan.Aim != "The team's own aim" || s.Rating(inds[0].ID).Consensus != 4 {
		t.Errorf("outcomes %q, aim %q, consensus %d", s.Plan.Logic.Outcomes, s.Plan.Aim, s.Rating(inds[0].ID).Consensus)
	}
	ids := func(list []workbook.ActionStep) (out []string) {
		for _, a := range list {
			out = append(out, a.ID)
		}
		return out
	}
	if got := ids(s.Plan.Actions); slices.Contains(got, gone.ID) || slices.Contains(got, changedGone.ID) || len(got) != len(team.Plan.Actions)-1 {
		t.Errorf("action steps after the merge: %v (team had %v)", got, ids(team.Plan.Actions))
	}
	if n := len(s.Plan.DataPlan); n != len(team.Plan.DataPlan)+1 || s.Plan.DataPlan[n-1].ID != "coach-row" {
		t.Errorf("data plan %+v", s.Plan.DataPlan)
	}
	wantConflicts := []string{
		workbook.PartTitle(team, workbook.IndicatorPart(inds[0].ID)) + ": consensus (yours: 4 (" + team.Template.Scale.Levels[3].Label + "), the file's: 2 (" + team.Template.Scale.Levels[1].Label + "))",
		workbook.PartTitle(f.Session, workbook.ActionPart(changedGone.ID)) + " (you removed it; the file changed it)",
	}
	if !slices.Equal(res.Conflicts, wantConflicts) {
		t.Errorf("conflicts:\n%s\nwant:\n%s", strings.Join(res.Conflicts, "\n"), strings.Join(wantConflicts, "\n"))
	}
	if len(res.Applied) != 3 {
		t.Errorf("applied %q", res.Applied)
	}
}

// TestMergeAppliesTheCoachsThreadActions: replies, edits, deletions and
// resolutions from the coach are applied; the team's own later reply and
// deletion are kept; a comment the team deleted does not come back.
func TestMergeAppliesTheCoachsThreadActions(t *testing.T) {
	team := testfixture.Demo(t)
	ind := team.Template.Indicators()[0]
	// Before sending: a coach thread (from the last round) and a team comment.
	coachNote := workbook.Comment{ID: "c-coach", Part: workbook.IndicatorPart(ind.ID), Author: "Rosa", Role: workbook.RoleCoach, Text: "Which renewals?", Created: coachTime}
	teamNote := workbook.Comment{ID: "c-team", Part: workbook.SessionPart(), Author: "Dana Whitfield", Role: workbook.RoleTeam, Text: "We will redo 2.3.", Created: coachTime}
	resolveMe := workbook.Comment{ID: "c-old", Part: workbook.SessionPart(), Author: "Rosa", Role: workbook.RoleCoach, Text: "Send the roster.", Created: coachTime}
	team.Comments = append(team.Comments, coachNote, teamNote, resolveMe)
	f := coachFile(t, team, true, func(c *workbook.Session) {
		r, err := workbook.NewReply(c, "c-team", rosa, "Good plan.", coachTime.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		r.ID = "r-coach"
		c.Comments = append(c.Comments, r)
		must(t, workbook.EditComment(c, "c-coach", rosa, "Which renewals, and when?", coachTime.Add(time.Hour)))
		must(t, workbook.ResolveThread(c, "c-old", rosa, true, coachTime.Add(time.Hour)))
		must(t, workbook.DeleteComment(c, "c-coach", rosa, coachTime.Add(2*time.Hour)))
	})
	// After sending, the team deleted its own comment and replied to the coach.
	must(t, workbook.DeleteComment(team, "c-team", dana, coachTime.Add(30*time.Minute)))
	r, err := workbook.NewReply(team, "c-coach", dana, "The May ones.", coachTime.Add(40*time.Minute))
	must(t, err)
	team.Comments = append(team.Comments, r)

	res := merge(t, team, f)
	got := map[string]workbook.Comment{}
	for _, c := range res.Session.Comments {
		got[c.ID] = c
	}
	switch {
	case !got["c-team"].IsDeleted() || got["c-team"].Text != "":
		t.Errorf("the team's deleted comment came back: %+v", got["c-team"])
	case !got["c-coach"].IsDeleted():
		t.Errorf("the coach's deletion was not applied: %+v", got["c-coach"])
	case !got["c-old"].Resolved || got["c-old"].ResolvedBy != "Rosa":
		t.Errorf("the resolution was not applied: %+v", got["c-old"])
	case got["r-coach"].Text != "Good plan." || got[r.ID].Text != "The May ones.":
		t.Errorf("replies: %+v, %+v", got["r-coach"], got[r.ID])
	}
	if len(res.Conflicts) != 0 || len(res.Comments.Replies) != 1 || len(res.Comments.Deleted) != 1 || len(res.Comments.Resolved) != 1 {
		t.Errorf("conflicts %q, changes %+v", res.Conflicts, res.Comments)
	}
	if !slices.Contains(res.Report(), "From the file: deleted 1 comment and resolved 1 thread.") {
		t.Error("the report does not name the deletion and the resolution")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestMergeWithoutABaseTakesOnlyComments is the merge of a file from before
// bases (finding 8 of issue 10): the team exports, then deletes an action
// step, a check-in, a data-plan row, a roster member and a rating; the
// coach comments on the file and sends it back. Merging it adds the two
// comments and nothing else: nothing deleted comes back, no answer
// changes, and the report says so.
func TestMergeWithoutABaseTakesOnlyComments(t *testing.T) {
	team := testfixture.Demo(t)
	ind := team.Template.Indicators()[0]
	step := team.Plan.Actions[1]
	f := coachCopy(t, team, func(c *workbook.Session) {
		c.Comments = append(c.Comments,
			workbook.Comment{ID: "coach-1", Part: workbook.IndicatorPart(ind.ID), Author: "Rosa (coach)", Text: "Which renewals?", Created: coachTime},
			workbook.Comment{ID: "coach-2", Part: workbook.ActionPart(step.ID), Author: "Rosa (coach)", Text: "Who books the room?", Created: coachTime})
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

	res := merge(t, team, f)
	got := res.Session.Clone()
	if n := len(got.Comments); n != len(team.Comments)+2 || got.Comments[n-2].ID != "coach-1" || got.Comments[n-1].ID != "coach-2" {
		t.Fatalf("comments after the merge: %+v", got.Comments)
	}
	got.Comments, got.Merged = got.Comments[:len(team.Comments)], nil
	if !reflect.DeepEqual(got, team) {
		t.Error("the merge changed something besides adding the two comments")
	}
	want := `Only comments were merged: the file does not say which copy of yours it was made from.
Added 2 comments from Rosa (coach): on ` + workbook.PartTitle(team, workbook.IndicatorPart(ind.ID)) + `, on ` + workbook.PartTitle(f.Session, workbook.ActionPart(step.ID)) + `.
The file differs from your copy in 6 parts; they were not taken:
  - roster: 1 member the team does not have
  - self-assessment: ` + workbook.CountOf(changedRatings, "indicator") + ` differ
  - problem of practice: question differs
  - action steps: 1 the team does not have
  - data plan: 1 row the team does not have
  - check-ins: 1 the team does not have`
	if report := strings.Join(res.Report(), "\n"); report != want {
		t.Errorf("report:\n%s\nwant:\n%s", report, want)
	}
}

func TestMergeWithNothingNew(t *testing.T) {
	team := testfixture.Demo(t)
	for _, withBase := range []bool{false, true} {
		res := merge(t, team, coachFile(t, team, withBase, func(c *workbook.Session) {}))
		if res.Changed() || len(res.NotTaken) != 0 || len(res.Conflicts) != 0 || !reflect.DeepEqual(res.Session, team) {
			t.Fatalf("merge of an unchanged file (base %v): %+v", withBase, res)
		}
		if got := res.Report(); !slices.Contains(got, "Nothing to merge: the file has nothing new for you.") {
			t.Errorf("report %q", got)
		}
	}
}

// TestMergeBaseNotCarried: a file whose base was too large to travel is
// merged three-way when the team has not saved since sending (its own copy
// is the base), and comments-only otherwise, saying why.
func TestMergeBaseNotCarried(t *testing.T) {
	team := testfixture.Demo(t)
	team.Revision = 7
	f := coachFile(t, team, true, func(c *workbook.Session) { c.Plan.Logic.Outcomes = "The coach's outcomes" })
	f.Base.Session = nil
	if res := merge(t, team, f); !res.Base.Found || res.Session.Plan.Logic.Outcomes != "The coach's outcomes" {
		t.Fatalf("unchanged team: base %+v, outcomes %q", res.Base, res.Session.Plan.Logic.Outcomes)
	}
	team.Revision = 8
	team.Plan.Aim = "Changed since"
	res := merge(t, team, f)
	if res.Base.Found || !strings.Contains(res.Base.Why, "too large to travel") || res.Session.Plan.Logic.Outcomes == "The coach's outcomes" {
		t.Fatalf("changed team: base %+v", res.Base)
	}
}

// TestImportFileChecksTheBase: a base whose copy does not match its hash is
// not used (and the merge says so); a base of another session, or a hash
// that is not one, is refused.
func TestImportFileChecksTheBase(t *testing.T) {
	team := testfixture.Demo(t)
	h, _ := workbook.BaseHash(team)
	other := team.Clone()
	other.Plan.Aim = "Not what was sent"
	data, _ := workbook.MarshalSessionWithBase(team, &workbook.ExchangeBase{Revision: team.Revision + 5, SHA256: h, Session: other})
	f, err := workbook.ImportFile(data)
	if err != nil || f.Base == nil || f.Base.Session != nil || f.BaseProblem == "" {
		t.Fatalf("mismatched base: %+v, %v", f.Base, err)
	}
	if res := merge(t, team, f); res.Base.Found || !strings.Contains(strings.Join(res.Report(), "\n"), "does not match its checksum") {
		t.Errorf("report %q", res.Report())
	}
	stranger := team.Clone()
	stranger.ID = "someone-else"
	for name, base := range map[string]*workbook.ExchangeBase{
		"other session": {Revision: 1, SHA256: h, Session: stranger},
		"bad hash":      {Revision: 1, SHA256: "abc"},
		"bad revision":  {Revision: -1, SHA256: h},
	} {
		data, _ := workbook.MarshalSessionWithBase(team, base)
		if _, err := workbook.ImportFile(data); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestMergeCommentsOnPartsTheTeamLacks: a comment on a step the team has
// deleted is still the coach's word and is added; one on an indicator the
// team's template does not have cannot be shown and is not taken.
func TestMergeCommentsOnPartsTheTeamLacks(t *testing.T) {
	team := testfixture.Demo(t)
	step := team.Plan.Actions[0]
	f := coachCopy(t, team, func(c *workbook.Session) {
		c.Comments = append(c.Comments, workbook.Comment{ID: "on-step", Part: workbook.ActionPart(step.ID), Author: "Rosa", Text: "Keep this one?", Created: coachTime})
	})
	team.Plan.Actions = team.Plan.Actions[1:]
	team.Template = *team.Template.Clone()
	gone := team.Template.Domains[0].Indicators[0].ID
	f.Session.Comments = append(f.Session.Comments, workbook.Comment{ID: "on-gone", Part: workbook.IndicatorPart(gone), Author: "Rosa", Text: "?", Created: coachTime})
	team.Template.Domains[0].Indicators = team.Template.Domains[0].Indicators[1:]
	delete(team.Ratings, gone)
	res := merge(t, team, f)
	if len(res.Comments.Threads) != 1 || res.Comments.Threads[0].ID != "on-step" || res.Comments.Unknown != 1 {
		t.Fatalf("comment changes %+v", res.Comments)
	}
	report := strings.Join(res.Report(), "\n")
	if !strings.Contains(report, "Added 1 comment from Rosa: on action step "+step.ID+" (no longer in the session).") ||
		!strings.Contains(report, "comments: 1 on a part this workbook's template does not have") {
		t.Errorf("report:\n%s", report)
	}
}
