package cli

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"edtech-workbook/workbook"
)

var (
	coachRosa = workbook.Commenter{Name: "Rosa", Role: workbook.RoleCoach}
	teamDana  = workbook.Commenter{Name: "Dana Whitfield", Role: workbook.RoleTeam}
)

func at(day, hour int) time.Time { return time.Date(2026, 3, day, hour, 0, 0, 0, time.UTC) }

// ok is cli that must succeed; it returns standard output.
func ok(t *testing.T, args ...string) string {
	t.Helper()
	out, errs, code := cli(t, "", args...)
	if code != 0 {
		t.Fatalf("%s: exit %d: %s", strings.Join(args, " "), code, errs)
	}
	return out
}

// TestMergeEighteenTeamEditsCLI is the case from issue 13 through real
// files: the coach only commented (in review); the team made 18 edits after
// exporting. The merge reports no conflict and nothing "not taken", and
// keeps every edit. (The same scenario on the code before this change
// listed 11 parts "not taken".)
func TestMergeEighteenTeamEditsCLI(t *testing.T) {
	dir := t.TempDir()
	teamDB, id := demoDB(t), demoID(t)
	sent := filepath.Join(dir, "team.json")
	ok(t, "export", id, "-o", sent, "--db", teamDB)
	coachDB := filepath.Join(dir, "coach.db")
	ok(t, "review", sent, "--no-open", "--db", coachDB)
	edit(t, coachDB, id, func(s *workbook.Session) {
		c, err := workbook.NewComment(workbook.IndicatorPart(s.Template.Indicators()[0].ID), coachRosa, "Which renewals?", at(2, 10))
		if err != nil {
			t.Fatal(err)
		}
		s.Comments = append(s.Comments, c)
	})
	back := filepath.Join(dir, "back.json")
	ok(t, "export", id, "-o", back, "--db", coachDB)
	var want *workbook.Session
	edit(t, teamDB, id, func(s *workbook.Session) {
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
		want = s.Clone()
	})
	out := ok(t, "import", back, "--merge", "--db", teamDB)
	if strings.Contains(out, "differ") || strings.Contains(out, "not taken") || strings.Contains(out, "onflicts:") || strings.Contains(out, "onflict:") || !strings.Contains(out, "\nNo conflicts.\n") {
		t.Fatalf("merge listed the team's own edits:\n%s", out)
	}
	got := getSession(t, teamDB, id)
	if len(got.Comments) != len(want.Comments)+1 {
		t.Fatalf("comments: %d, want %d", len(got.Comments), len(want.Comments)+1)
	}
	got.Comments, got.Merged, got.Revision, got.Updated = want.Comments, nil, want.Revision, want.Updated
	if string(mustMarshal(t, got)) != string(mustMarshal(t, want)) {
		t.Error("the merge changed the team's edits")
	}
}

// TestCoachTeamCoachRoundTripCLI: coach → team → coach → team through real
// files, with replies on both sides, a resolution, and team-side deletions
// (an action step and its own comment). Nothing is lost and nothing deleted
// comes back, on either side.
func TestCoachTeamCoachRoundTripCLI(t *testing.T) {
	dir := t.TempDir()
	teamDB, id := demoDB(t), demoID(t)
	coachDB := filepath.Join(dir, "coach.db")
	file := func(name string) string { return filepath.Join(dir, name) }
	demo := getSession(t, teamDB, id)
	ind := workbook.IndicatorPart(demo.Template.Indicators()[2].ID)
	step := workbook.ActionPart(demo.Plan.Actions[1].ID)
	droppedStep := demo.Plan.Actions[3].ID

	// The team leaves a note of its own and sends the file.
	edit(t, teamDB, id, func(s *workbook.Session) {
		s.Comments = append(s.Comments, workbook.Comment{ID: "team-note", Part: workbook.SessionPart(), Author: "Dana Whitfield", Role: workbook.RoleTeam, Text: "Draft for March.", Created: at(1, 9)})
	})
	ok(t, "export", id, "-o", file("t1.json"), "--db", teamDB)

	// Round 1: the coach opens two threads and sends the file back.
	if out := ok(t, "review", file("t1.json"), "--no-open", "--db", coachDB); !strings.Contains(out, "(round 1)") {
		t.Fatalf("review: %s", out)
	}
	edit(t, coachDB, id, func(s *workbook.Session) {
		for _, c := range []struct {
			id   string
			part workbook.PartRef
			text string
		}{{"coach-ind", ind, "Is this really a 1?"}, {"coach-step", step, "Who books the rooms?"}} {
			cm, err := workbook.NewComment(c.part, coachRosa, c.text, at(2, 10))
			if err != nil {
				t.Fatal(err)
			}
			cm.ID = c.id
			s.Comments = append(s.Comments, cm)
		}
	})
	ok(t, "export", id, "-o", file("c1.json"), "--db", coachDB)

	// Meanwhile the team drops a step and deletes its note; then it merges.
	edit(t, teamDB, id, func(s *workbook.Session) {
		s.Plan.Actions = slices.DeleteFunc(s.Plan.Actions, func(a workbook.ActionStep) bool { return a.ID == droppedStep })
		if err := workbook.DeleteComment(s, "team-note", teamDana, at(3, 9)); err != nil {
			t.Fatal(err)
		}
	})
	out := ok(t, "import", file("c1.json"), "--merge", "--db", teamDB)
	if !strings.Contains(out, "Added 2 comments from Rosa (coach)") || !strings.Contains(out, "No conflicts.") {
		t.Fatalf("first merge:\n%s", out)
	}
	// The team answers one thread and resolves the other, and sends again.
	edit(t, teamDB, id, func(s *workbook.Session) {
		r, err := workbook.NewReply(s, "coach-ind", teamDana, "We found one more renewal; 2 is fairer.", at(4, 9))
		if err != nil {
			t.Fatal(err)
		}
		r.ID = "team-reply"
		s.Comments = append(s.Comments, r)
		if err := workbook.ResolveThread(s, "coach-step", teamDana, true, at(4, 10)); err != nil {
			t.Fatal(err)
		}
	})
	ok(t, "export", id, "-o", file("t2.json"), "--db", teamDB)

	// Round 2: the coach's workbook updates the same session.
	out = ok(t, "review", file("t2.json"), "--no-open", "--db", coachDB)
	if !strings.Contains(out, "round 2") || !strings.Contains(out, "From the team: 1 reply, 1 comment deleted, 1 thread resolved.") {
		t.Fatalf("second review: %s", out)
	}
	if ids := listIDs(t, coachDB); len(ids) != 1 {
		t.Fatalf("the coach's workbook holds %d sessions: %v", len(ids), ids)
	}
	coach := getSession(t, coachDB, id)
	checkThreads(t, "coach, round 2", coach, droppedStep, []string{"coach-ind", "coach-step", "team-reply"})
	if !coach.IsNew("team-reply") || coach.IsNew("coach-ind") {
		t.Errorf("the coach's new marks: %+v", coach.Merged)
	}
	// The coach answers the reply and sends the file back.
	edit(t, coachDB, id, func(s *workbook.Session) {
		r, err := workbook.NewReply(s, "coach-ind", coachRosa, "Agreed, change it.", at(5, 9))
		if err != nil {
			t.Fatal(err)
		}
		r.ID = "coach-reply"
		s.Comments = append(s.Comments, r)
	})
	ok(t, "export", id, "-o", file("c2.json"), "--db", coachDB)
	out = ok(t, "import", file("c2.json"), "--merge", "--db", teamDB)
	if !strings.Contains(out, "Added 1 reply from Rosa (coach)") || !strings.Contains(out, "No conflicts.") {
		t.Fatalf("second merge:\n%s", out)
	}
	team := getSession(t, teamDB, id)
	checkThreads(t, "team, after the second merge", team, droppedStep, []string{"coach-ind", "coach-step", "team-reply", "coach-reply"})
	if !team.IsNew("coach-reply") || team.IsNew("team-reply") {
		t.Errorf("the team's new marks: %+v", team.Merged)
	}

	// The rounds: listed, compared, shown.
	list := ok(t, "rounds", "list", id, "--db", coachDB)
	if !strings.Contains(list, "t1.json") || !strings.Contains(list, "t2.json") || !strings.Contains(list, "1 action step and 4 comments changed") {
		t.Errorf("rounds list:\n%s", list)
	}
	cmp := ok(t, "rounds", "compare", id, "1", "--db", coachDB)
	for _, want := range []string{"Round 1 (", "→ round 2 (", "removed " + workbook.PartTitle(demo, workbook.ActionPart(droppedStep)),
		"reply by Dana Whitfield (team) on ", "resolved by Dana Whitfield", "comment by Dana Whitfield (team) on the whole session deleted"} {
		if !strings.Contains(cmp, want) {
			t.Errorf("rounds compare lacks %q:\n%s", want, cmp)
		}
	}
	md := ok(t, "rounds", "show", id, "1", "--db", coachDB)
	if !strings.Contains(md, "Draft for March.") || strings.Contains(md, "Is this really a 1?") {
		t.Error("round 1 is not the file as it came (the team's note, none of the coach's comments)")
	}
	if _, errs, code := cli(t, "", "rounds", "compare", id, "3", "--db", coachDB); code != 2 || !strings.Contains(errs, `round "3" is not one of 1 to 2`) {
		t.Errorf("a round that is not there: %d %q", code, errs)
	}
	if _, errs, code := cli(t, "", "rounds", "open", id, "1", "--db", coachDB); code != 1 || !strings.Contains(errs, "rounds show") {
		t.Errorf("open without a terminal: %d %q", code, errs)
	}
	doctor := ok(t, "doctor", "--db", coachDB)
	if !strings.Contains(doctor, "Received:  2 files kept for review") || !strings.Contains(doctor, "OK") {
		t.Errorf("doctor:\n%s", doctor)
	}
}

// checkThreads asserts what both sides must hold after a round trip: every
// comment in ids is there with its text, the step thread is resolved, the
// team's deleted note is still a tombstone, and the dropped step is gone.
func checkThreads(t *testing.T, side string, s *workbook.Session, droppedStep string, ids []string) {
	t.Helper()
	got := map[string]workbook.Comment{}
	for _, c := range s.Comments {
		got[c.ID] = c
	}
	for _, id := range ids {
		if c, ok := got[id]; !ok || c.Text == "" || c.IsDeleted() {
			t.Errorf("%s: comment %s lost: %+v", side, id, c)
		}
	}
	if !got["coach-step"].Resolved || got["coach-step"].ResolvedBy != "Dana Whitfield" {
		t.Errorf("%s: the resolution was lost: %+v", side, got["coach-step"])
	}
	if note, ok := got["team-note"]; !ok || !note.IsDeleted() || note.Text != "" {
		t.Errorf("%s: the team's deleted note came back (or its tombstone was lost): %+v", side, note)
	}
	if slices.ContainsFunc(s.Plan.Actions, func(a workbook.ActionStep) bool { return a.ID == droppedStep }) {
		t.Errorf("%s: the dropped action step came back", side)
	}
	if err := workbook.ValidateSession(s); err != nil {
		t.Errorf("%s: %v", side, err)
	}
}
