package cli

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"edtech-workbook/workbook"
)

// TestMergeNeverResurrects is finding 8 of issue 10: the team exports its
// session, deletes an action step, a check-in, a data-plan row and a roster
// member; the coach adds two comments to the sent file and sends it back.
// `import FILE --merge` brings back nothing the team deleted and says
// exactly what it added.
func TestMergeNeverResurrects(t *testing.T) {
	dir := t.TempDir()
	teamDB := demoDB(t)
	id := demoID(t)
	sent := filepath.Join(dir, "sent.json")
	if _, errs, code := cli(t, "", "export", id, "-o", sent, "--db", teamDB); code != 0 {
		t.Fatal(errs)
	}
	coachDB := filepath.Join(dir, "coach.db")
	if _, errs, code := cli(t, "", "import", sent, "--db", coachDB); code != 0 {
		t.Fatal(errs)
	}
	team := getSession(t, teamDB, id)
	ind, step := team.Template.Indicators()[0], team.Plan.Actions[1]
	edit(t, coachDB, id, func(s *workbook.Session) {
		s.Comments = append(s.Comments,
			workbook.Comment{ID: "coach-1", Part: workbook.IndicatorPart(ind.ID), Author: "Rosa (coach)", Text: "Which renewals?", Created: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)},
			workbook.Comment{ID: "coach-2", Part: workbook.ActionPart(step.ID), Author: "Rosa (coach)", Text: "Who books the room?", Created: time.Date(2026, 3, 2, 10, 5, 0, 0, time.UTC)})
	})
	back := filepath.Join(dir, "back.json")
	if _, errs, code := cli(t, "", "export", id, "-o", back, "--db", coachDB); code != 0 {
		t.Fatal(errs)
	}

	deleted := team.Plan.Actions[0].ID
	edit(t, teamDB, id, func(s *workbook.Session) {
		s.Plan.Actions = s.Plan.Actions[1:]
		s.CheckIns = s.CheckIns[1:]
		s.Plan.DataPlan = s.Plan.DataPlan[:1]
		s.Roster = slices.DeleteFunc(s.Roster, func(m workbook.Member) bool { return m.ID == "m5" })
		for _, r := range s.Ratings {
			delete(r.Members, "m5")
		}
	})
	before := getSession(t, teamDB, id)

	out, errs, code := cli(t, "", "import", back, "--merge", "--db", teamDB)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := `Added 2 comments from Rosa (coach): on ` + workbook.PartTitle(team, workbook.IndicatorPart(ind.ID)) + `, on ` + workbook.PartTitle(team, workbook.ActionPart(step.ID)) + `.`
	if code != 0 || errs != "" || lines[1] != want {
		t.Fatalf("merge: exit %d err %q out:\n%s\nwant first line:\n%s", code, errs, out, want)
	}
	for _, part := range []string{"roster: 1 member the team does not have", "action steps: 1 the team does not have",
		"data plan: 1 row the team does not have", "check-ins: 1 the team does not have"} {
		if !strings.Contains(out, "  - "+part+"\n") {
			t.Errorf("the report does not list %q as not taken:\n%s", part, out)
		}
	}

	after := getSession(t, teamDB, id)
	if slices.ContainsFunc(after.Plan.Actions, func(a workbook.ActionStep) bool { return a.ID == deleted }) ||
		len(after.Plan.Actions) != len(before.Plan.Actions) || len(after.CheckIns) != len(before.CheckIns) ||
		len(after.Plan.DataPlan) != len(before.Plan.DataPlan) || len(after.Roster) != len(before.Roster) {
		t.Fatalf("the merge brought back what the team deleted: %d steps, %d check-ins, %d data rows, %d members",
			len(after.Plan.Actions), len(after.CheckIns), len(after.Plan.DataPlan), len(after.Roster))
	}
	if len(after.Comments) != len(before.Comments)+2 {
		t.Fatalf("comments: %d before, %d after", len(before.Comments), len(after.Comments))
	}
	after.Comments, before.Comments, after.Merged = nil, nil, nil
	after.Revision, after.Updated = before.Revision, before.Updated
	if a, _ := workbook.MarshalSession(after); string(a) != string(mustMarshal(t, before)) {
		t.Error("the merge changed something besides adding the comments")
	}

	// Merging the same file again adds nothing and writes nothing.
	rev := getSession(t, teamDB, id).Revision
	out, _, code = cli(t, "", "import", back, "--merge", "--db", teamDB)
	if code != 0 || !strings.Contains(out, "Nothing to merge: the file has nothing new for you.\n") {
		t.Fatalf("second merge: exit %d out %q", code, out)
	}
	if got := getSession(t, teamDB, id).Revision; got != rev {
		t.Errorf("a merge with nothing to add saved the session (revision %d → %d)", rev, got)
	}
}

func mustMarshal(t *testing.T, s *workbook.Session) []byte {
	t.Helper()
	b, err := workbook.MarshalSession(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
