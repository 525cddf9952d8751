package workbook_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
)

// TestPartRefReadsAndWritesTheOldStrings: a comment's part is typed in Go
// and the same one string in files, so files written before threads load.
func TestPartRefReadsAndWritesTheOldStrings(t *testing.T) {
	for _, tc := range []struct {
		text string
		part workbook.PartRef
	}{
		{"session", workbook.SessionPart()},
		{"problem", workbook.Part(workbook.PartProblem, "")},
		{"plan", workbook.Part(workbook.PartPlan, "")},
		{"indicator:vision-1", workbook.IndicatorPart("vision-1")},
		{"action:a3", workbook.ActionPart("a3")},
		{"domain:vision", workbook.Part(workbook.PartDomain, "vision")},
		{"question:why_matters", workbook.Part(workbook.PartQuestion, "why_matters")},
		{"measure:d2", workbook.Part(workbook.PartMeasure, "d2")},
		{"indicator:a:b", workbook.IndicatorPart("a:b")},
	} {
		var got workbook.PartRef
		if err := json.Unmarshal([]byte(`"`+tc.text+`"`), &got); err != nil || got != tc.part || !got.Known() {
			t.Errorf("%q reads as %+v (%v)", tc.text, got, err)
		}
		if b, _ := json.Marshal(tc.part); string(b) != `"`+tc.text+`"` {
			t.Errorf("%+v writes as %s", tc.part, b)
		}
	}
	for _, bad := range []string{"elsewhere", "indicator:", "session:x", ""} {
		if p := workbook.ParsePart(bad); p.Known() {
			t.Errorf("%q reads as the known part %+v", bad, p)
		}
	}
}

// TestThreadRules: anyone replies, resolves and reopens; only the author
// (same name and side) edits or deletes; a deletion leaves a tombstone the
// replies still hang from; a reply to a reply joins the same thread.
func TestThreadRules(t *testing.T) {
	s := testfixture.Demo(t)
	s.Comments = nil
	ind := workbook.IndicatorPart(s.Template.Indicators()[0].ID)
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	root, err := workbook.NewComment(ind, rosa, "Which renewals?", now)
	must(t, err)
	s.Comments = append(s.Comments, root)
	reply, err := workbook.NewReply(s, root.ID, dana, "The May ones.", now.Add(time.Hour))
	must(t, err)
	s.Comments = append(s.Comments, reply)
	again, err := workbook.NewReply(s, reply.ID, rosa, "Thanks.", now.Add(2*time.Hour))
	must(t, err)
	if again.ReplyTo != root.ID || again.Part != ind {
		t.Fatalf("a reply to a reply: %+v", again)
	}
	s.Comments = append(s.Comments, again)

	if got := workbook.ThreadActions(s, root.ID, rosa); !slices.Equal(got, []workbook.ThreadAction{workbook.ActReply, workbook.ActEdit, workbook.ActDelete, workbook.ActResolve}) {
		t.Errorf("the author's actions: %v", got)
	}
	if got := workbook.ThreadActions(s, root.ID, dana); !slices.Equal(got, []workbook.ThreadAction{workbook.ActReply, workbook.ActResolve}) {
		t.Errorf("another's actions: %v", got)
	}
	teamRosa := workbook.Commenter{Name: "rosa", Role: workbook.RoleTeam}
	for _, by := range []workbook.Commenter{dana, teamRosa, {}} {
		if err := workbook.EditComment(s, root.ID, by, "x", now); !errors.Is(err, workbook.ErrNotYourComment) {
			t.Errorf("%+v edited Rosa's comment: %v", by, err)
		}
		if err := workbook.DeleteComment(s, root.ID, by, now); !errors.Is(err, workbook.ErrNotYourComment) {
			t.Errorf("%+v deleted Rosa's comment: %v", by, err)
		}
	}
	must(t, workbook.EditComment(s, root.ID, workbook.Commenter{Name: " ROSA ", Role: workbook.RoleCoach}, "Which renewals, and when?", now.Add(3*time.Hour)))
	must(t, workbook.ResolveThread(s, reply.ID, dana, true, now.Add(4*time.Hour)))
	threads := workbook.ThreadsOn(s, ind)
	if len(threads) != 1 || len(threads[0].Replies) != 2 || threads[0].Open() || threads[0].Root.ResolvedBy != "Dana Whitfield" || threads[0].Root.Text != "Which renewals, and when?" {
		t.Fatalf("thread %+v", threads)
	}
	if got := workbook.ThreadActions(s, again.ID, dana); !slices.Contains(got, workbook.ActReopen) {
		t.Errorf("a resolved thread cannot be reopened: %v", got)
	}
	must(t, workbook.DeleteComment(s, root.ID, rosa, now.Add(5*time.Hour)))
	if err := workbook.EditComment(s, root.ID, rosa, "back", now); !errors.Is(err, workbook.ErrCommentDeleted) {
		t.Errorf("a deleted comment was edited: %v", err)
	}
	threads = workbook.ThreadsOn(s, ind)
	if c := threads[0].Root; c.Text != "" || !c.IsDeleted() || !threads[0].Live() || len(threads[0].Replies) != 2 {
		t.Fatalf("after deleting the first comment: %+v", threads[0])
	}
	if err := workbook.ValidateSession(s); err != nil {
		t.Fatal(err)
	}
	if _, err := workbook.ImportSession(mustMarshal(t, s)); err != nil {
		t.Fatalf("a session with threads does not import: %v", err)
	}
}

func mustMarshal(t *testing.T, s *workbook.Session) []byte {
	t.Helper()
	b, err := workbook.MarshalSession(s)
	must(t, err)
	return b
}

// TestImportRefusesBadThreads: a reply to nothing, to a reply, on another
// part; a deleted comment with text; an unknown side; a resolved reply.
func TestImportRefusesBadThreads(t *testing.T) {
	base := testfixture.Demo(t)
	ind := workbook.IndicatorPart(base.Template.Indicators()[0].ID)
	root := workbook.Comment{ID: "r", Part: ind, Author: "Rosa", Text: "?", Created: coachTime}
	for _, tc := range []struct {
		name  string
		extra []workbook.Comment
		want  string
	}{
		{"reply to nothing", []workbook.Comment{{ID: "x", Part: ind, ReplyTo: "nope", Author: "A", Text: "t"}}, `reply_to is comment "nope"`},
		{"reply to a reply", []workbook.Comment{root, {ID: "a", Part: ind, ReplyTo: "r", Author: "A", Text: "t"}, {ID: "b", Part: ind, ReplyTo: "a", Author: "A", Text: "t"}}, "itself a reply"},
		{"reply elsewhere", []workbook.Comment{root, {ID: "a", Part: workbook.SessionPart(), ReplyTo: "r", Author: "A", Text: "t"}}, "a reply on session"},
		{"deleted with text", []workbook.Comment{{ID: "d", Part: ind, Author: "A", Text: "t", Deleted: coachTime}}, "deleted but still has its text"},
		{"unknown side", []workbook.Comment{{ID: "d", Part: ind, Author: "A", Role: "principal", Text: "t"}}, `role is "principal"`},
		{"resolved reply", []workbook.Comment{root, {ID: "a", Part: ind, ReplyTo: "r", Author: "A", Text: "t", Resolved: true}}, "only a thread's first comment"},
		{"unknown question", []workbook.Comment{{ID: "q", Part: workbook.Part(workbook.PartQuestion, "nope"), Author: "A", Text: "t"}}, `about question "nope"`},
	} {
		s := base.Clone()
		s.Comments = append(s.Comments, tc.extra...)
		_, err := workbook.ImportSession(mustMarshal(t, s))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestCompareRounds: two versions of a session compared by area, each
// change in words.
func TestCompareRounds(t *testing.T) {
	a := testfixture.Demo(t)
	b := a.Clone()
	b.Ratings = map[string]*workbook.IndicatorRating{}
	for id, r := range a.Ratings {
		c := *r
		b.Ratings[id] = &c
	}
	ind := a.Template.Indicators()[0]
	b.Rating(ind.ID).Consensus = 4
	b.SetAnswer("story", workbook.Answer{Text: "A new story"})
	b.Plan.Actions = append(b.Plan.Actions[1:], workbook.ActionStep{ID: "new", What: "Brand new step"})
	b.Plan.Actions[0].Status = workbook.StatusDone
	r, err := workbook.NewReply(b, b.Comments[0].ID, dana, "Done.", coachTime)
	must(t, err)
	b.Comments = append(b.Comments, r)
	must(t, workbook.ResolveThread(b, r.ID, dana, true, coachTime))
	cmp, err := workbook.Compare(a, b)
	must(t, err)
	for area, n := range map[string]int{workbook.AreaRatings: 1, workbook.AreaAnswers: 1, workbook.AreaSteps: 3, workbook.AreaComments: 2, workbook.AreaOther: 0} {
		if got := cmp.Count(area); got != n {
			t.Errorf("%s: %d changes, want %d\n%s", area, got, n, strings.Join(cmp.Lines(), "\n"))
		}
	}
	lines := strings.Join(cmp.Lines(), "\n")
	for _, want := range []string{
		workbook.PartTitle(a, workbook.IndicatorPart(ind.ID)) + ": consensus: 2 (",
		"removed " + workbook.PartTitle(a, workbook.ActionPart(a.Plan.Actions[0].ID)),
		"added action step “Brand new step”",
		"reply by Dana Whitfield (team) on the plan: “Done.”",
		"resolved by Dana Whitfield",
	} {
		if !strings.Contains(lines, want) {
			t.Errorf("comparison lacks %q:\n%s", want, lines)
		}
	}
	if got := cmp.Summary(); got != "1 rating, 1 answer, 3 action steps and 2 comments changed" {
		t.Errorf("summary %q", got)
	}
}
