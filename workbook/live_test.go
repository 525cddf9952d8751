package workbook_test

import (
	"strings"
	"testing"
	"time"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
)

// liveStart is a stored session (the base both people loaded) and the ids
// of an indicator and two roster members.
func liveStart(t *testing.T) (base *workbook.Session, ind, m1, m2 string) {
	t.Helper()
	base = testfixture.Demo(t)
	base.Revision = 7
	if len(base.Roster) < 2 {
		t.Fatal("the demo session needs two members")
	}
	ind = base.Template.Indicators()[0].ID
	delete(base.Ratings, ind)
	return base, ind, base.Roster[0].ID, base.Roster[1].ID
}

func TestRebaseKeepsBothMembersRatingsOfOneIndicator(t *testing.T) {
	base, ind, m1, m2 := liveStart(t)
	theirs := base.Clone() // member 1 saved first
	theirs.Rating(ind).Members = map[string]workbook.Rating{m1: 3}
	theirs.Revision = 8
	ours := base.Clone() // member 2 rated the same indicator meanwhile
	ours.Rating(ind).Members = map[string]workbook.Rating{m2: 2}

	res, err := workbook.Rebase(base, ours, theirs)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Conflicts) != 0 || !res.Applied {
		t.Fatalf("two members' ratings are separate fields: conflicts %q, applied %v", res.Conflicts, res.Applied)
	}
	got := res.Session.RatingOf(ind).Members
	if got[m1] != 3 || got[m2] != 2 {
		t.Fatalf("members' ratings after the rebase = %v, want %s:3 and %s:2", got, m1, m2)
	}
	if res.Session.Revision != 8 {
		t.Fatalf("the rebased copy must carry the stored revision 8, has %d", res.Session.Revision)
	}
}

func TestRebaseNamesAConsensusBothChangedAndKeepsTheSavedOne(t *testing.T) {
	base, ind, _, _ := liveStart(t)
	theirs := base.Clone()
	theirs.Rating(ind).Consensus = 3
	ours := base.Clone()
	ours.Rating(ind).Consensus = 2
	ours.Rating(ind).Evidence = "Board minutes, March"

	res, err := workbook.Rebase(base, ours, theirs)
	if err != nil {
		t.Fatal(err)
	}
	r := res.Session.RatingOf(ind)
	if r.Consensus != 3 {
		t.Fatalf("the consensus saved first must stay: got %v, want 3", r.Consensus)
	}
	if r.Evidence != "Board minutes, March" {
		t.Fatalf("our evidence (only we changed it) must be put back: got %q", r.Evidence)
	}
	if len(res.Conflicts) != 1 || !strings.Contains(res.Conflicts[0], "consensus") ||
		!strings.Contains(res.Conflicts[0], "saved meanwhile: 3") || !strings.Contains(res.Conflicts[0], "yours: 2") {
		t.Fatalf("the conflict must name the consensus and both values: %q", res.Conflicts)
	}
}

func TestRebaseSameValueIsNoConflictAndNothingToSave(t *testing.T) {
	base, ind, _, _ := liveStart(t)
	theirs := base.Clone()
	theirs.Rating(ind).Consensus = 3
	ours := theirs.Clone()
	res, err := workbook.Rebase(base, ours, theirs)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Conflicts) != 0 || res.Applied {
		t.Fatalf("the same change on both sides: conflicts %q, applied %v (want none, false)", res.Conflicts, res.Applied)
	}
}

func TestRebaseKeepsCommentsFromBothSides(t *testing.T) {
	base, ind, _, _ := liveStart(t)
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	mk := func(name, text string) workbook.Comment {
		c, err := workbook.NewComment(workbook.IndicatorPart(ind), workbook.Commenter{Name: name, Role: workbook.RoleTeam}, text, now)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	theirs := base.Clone()
	theirs.Comments = append(theirs.Comments, mk("Ana", "We disagree here"))
	ours := base.Clone()
	ours.Comments = append(ours.Comments, mk("Ben", "Let us look at the logs"))
	res, err := workbook.Rebase(base, ours, theirs)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res.Session.Comments) - len(base.Comments); n != 2 || !res.Applied {
		t.Fatalf("both new comments must be kept: %d new, applied %v", n, res.Applied)
	}
}

func TestOnlyCommentsChanged(t *testing.T) {
	base, ind, _, _ := liveStart(t)
	c := base.Clone()
	c.Comments = append(c.Comments, workbook.Comment{ID: "x1", Part: workbook.SessionPart(), Author: "Rosa", Role: workbook.RoleCoach, Text: "hi"})
	c.Revision, c.Updated = 99, time.Now()
	if !workbook.OnlyCommentsChanged(base, c) {
		t.Fatal("a new comment (and another revision) must count as only comments")
	}
	c.Answers = nil // nil and empty are the same content
	if len(base.Answers) == 0 && !workbook.OnlyCommentsChanged(base, c) {
		t.Fatal("a nil map for an empty one is no change")
	}
	r := base.Clone()
	r.Rating(ind).Consensus = 4
	if workbook.OnlyCommentsChanged(base, r) {
		t.Fatal("a consensus rating is not a comment")
	}
	team := base.Clone()
	team.Team = "Eastside"
	if workbook.OnlyCommentsChanged(base, team) {
		t.Fatal("the team name is not a comment")
	}
}

func TestChangedPartsNamesFieldsNotValues(t *testing.T) {
	base, ind, m1, _ := liveStart(t)
	after := base.Clone()
	after.Rating(ind).Members = map[string]workbook.Rating{m1: 3}
	after.Rating(ind).Consensus = 3
	after.Comments = append(after.Comments, workbook.Comment{ID: "x2", Part: workbook.IndicatorPart(ind), Author: "Rosa", Role: workbook.RoleCoach, Text: "secret words"})
	parts, err := workbook.ChangedParts(base, after, 0)
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(parts, " | ")
	for _, want := range []string{"'s rating", "consensus", "comments on"} {
		if !strings.Contains(joined, want) {
			t.Errorf("changed parts %q lack %q", parts, want)
		}
	}
	if strings.Contains(joined, "secret words") {
		t.Errorf("changed parts must not carry a comment's text: %q", parts)
	}
	short, _ := workbook.ChangedParts(base, after, 1)
	if len(short) != 2 || !strings.HasPrefix(short[1], "and ") {
		t.Errorf("a limit of 1 keeps one part and says how many more: %q", short)
	}
}
