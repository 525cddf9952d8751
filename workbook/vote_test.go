package workbook

import (
	"reflect"
	"strings"
	"testing"
)

// voteSession is the scoring template with three current members and one
// former member.
func voteSession(ratings map[string]*IndicatorRating) *Session {
	s := scoringSession(ratings, nil)
	s.Roster = []Member{{ID: "m1", Name: "Ana"}, {ID: "m2", Name: "Ben"}, {ID: "m3", Name: "Cai"}, {ID: "m4", Name: "Dee", Former: true}}
	return s
}

func TestHiddenVoteConcealsUntilEveryoneHasVoted(t *testing.T) {
	r := &IndicatorRating{Members: map[string]Rating{"m1": 3, "m2": NotSure, "m4": 1}, Consensus: 1}
	s := voteSession(map[string]*IndicatorRating{"a1": r})
	if s.Concealed("a1") {
		t.Fatal("an open vote is concealed")
	}
	s.HiddenVote = true
	v := s.Vote("a1")
	if !v.Concealed() || v.Voted != 2 || v.Total != 3 || v.Note() != "2 of 3 have voted" {
		t.Fatalf("vote %+v (%q)", v, v.Note())
	}
	if (VoteState{Voted: 1, Total: 5}).Note() != "1 of 5 has voted" {
		t.Fatal("singular note")
	}
	// Nothing of the ratings reaches the results while concealed.
	res := IndicatorResults(s)[0]
	if !res.Concealed || res.Spread != 0 || res.Members != 0 || res.Outside {
		t.Fatalf("concealed result tells the ratings: %+v", res)
	}
	if _, _, out := s.ConsensusOutside("a1"); out {
		t.Fatal("a concealed vote is flagged: the flag gives its range away")
	}
	rep := BuildReport(s)
	row := rep.Assessment[0].Indicators[0]
	if !row.Hidden || row.VoteNote != "hidden vote: 2 of 3 have voted" || row.Spread != "–" || row.Flag != "" {
		t.Fatalf("report row %+v", row)
	}
	if want := []string{"voted", "voted", "–", "voted"}; !reflect.DeepEqual(row.Members, want) {
		t.Fatalf("member cells %q, want %q", row.Members, want)
	}
	for _, mr := range row.MemberRatings {
		if mr != Unrated {
			t.Fatalf("a concealed rating reaches the report: %v", row.MemberRatings)
		}
	}
	// The last current member votes: revealed (a former member never counts).
	r.Members["m3"] = 4
	if s.Concealed("a1") {
		t.Fatal("still concealed after everyone voted")
	}
	row = BuildReport(s).Assessment[0].Indicators[0]
	if row.Hidden || !reflect.DeepEqual(row.Members, []string{"3", "?", "4", "1"}) || row.Spread != "3" {
		t.Fatalf("revealed row %+v", row)
	}
	// The indicator's own choice wins over the session's.
	r.Members["m3"] = Unrated
	delete(r.Members, "m3")
	r.Vote = VoteOpen
	if s.Concealed("a1") {
		t.Fatal("an indicator set to an open vote is concealed")
	}
	s.HiddenVote, r.Vote = false, VoteHidden
	if !s.Concealed("a1") {
		t.Fatal("an indicator set to a hidden vote is shown")
	}
}

func TestConsensusOutsideTheMembersRange(t *testing.T) {
	m := func(c Rating, rs ...Rating) *IndicatorRating {
		r := &IndicatorRating{Consensus: c, Members: map[string]Rating{}}
		for i, x := range rs {
			r.Members[[]string{"m1", "m2", "m3"}[i]] = x
		}
		return r
	}
	s := voteSession(map[string]*IndicatorRating{
		"a1": m(1, 3, 4, 3),       // below every member: flagged
		"a2": m(3, 3, 4, 3),       // inside
		"a3": m(4, 2, NotSure, 2), // above (not sure is no rating)
		"b1": m(NotSure, 3, 4),    // no consensus on the scale
		"b2": m(2),                // no member rated
	})
	lo, hi, out := s.ConsensusOutside("a1")
	if !out || lo != 3 || hi != 4 {
		t.Fatalf("a1: %v %v %v", lo, hi, out)
	}
	if got := resultIDs(Flagged(s)); !reflect.DeepEqual(got, []string{"a1", "a3"}) {
		t.Fatalf("flagged %v", got)
	}
	if got := OutsideFlag(1, 3, 4); got != "consensus 1 is outside the members' ratings (3–4): talk it through" {
		t.Fatalf("flag words %q", got)
	}
	if got := OutsideFlag(4, 2, 2); !strings.Contains(got, "(2)") {
		t.Fatalf("flag words %q", got)
	}
	rep := BuildReport(s)
	if len(rep.Flagged) != 2 || rep.Flagged[0].Flag == "" || rep.Assessment[0].Indicators[0].Flag == "" || rep.Assessment[0].Indicators[1].Flag != "" {
		t.Fatalf("report flags: %+v", rep.Flagged)
	}
}

func TestPrioritiesAndFocusOrder(t *testing.T) {
	s := scoringSession(map[string]*IndicatorRating{
		"a1": consensusOf(2),
		"a2": consensusOf(3),
		"a3": {Consensus: 1},
		"b1": {Consensus: 3, Priority: true},
		"b2": consensusOf(2),
	}, nil)
	// Six indicators would have been too few to show it; the list keeps
	// every gap ahead of the rest, never a 3 above a 2.
	list, prio, gaps := FocusOrder(s)
	if got := resultIDs(list); !reflect.DeepEqual(got, []string{"b1", "a3", "a1", "b2", "a2"}) {
		t.Fatalf("focus order %v", got)
	}
	if prio != 1 || gaps != 3 {
		t.Fatalf("priorities %d, gaps %d", prio, gaps)
	}
	s.Ratings["a2"].Priority = true
	s.Ratings["a1"].Priority = true
	if got := resultIDs(Priorities(s)); !reflect.DeepEqual(got, []string{"a1", "a2", "b1"}) {
		t.Fatalf("priorities %v", got)
	}
	if rep := BuildReport(s); len(rep.Priorities) != 3 || !rep.Priorities[0].Priority || !rep.Gaps[1].Priority {
		t.Fatalf("report priorities %+v gaps %+v", rep.Priorities, rep.Gaps)
	}
}

func TestRemoveMemberKeepsWhatTheyGave(t *testing.T) {
	s := voteSession(map[string]*IndicatorRating{"a1": {Members: map[string]Rating{"m1": 2}}})
	s.Plan.Actions = []ActionStep{{ID: "x", Owner: "m2"}}
	for _, tc := range []struct {
		id         string
		kept, ok   bool
		rosterSize int
	}{
		{"m1", true, true, 4},  // rated: kept as a former member
		{"m2", true, true, 4},  // owns a step: kept
		{"m3", false, true, 3}, // gave nothing: removed
		{"m4", false, false, 3},
		{"nobody", false, false, 3},
	} {
		kept, ok := s.RemoveMember(tc.id)
		if kept != tc.kept || ok != tc.ok || len(s.Roster) != tc.rosterSize {
			t.Fatalf("remove %s: kept %v ok %v roster %+v", tc.id, kept, ok, s.Roster)
		}
	}
	if m, _ := s.Member("m1"); !m.Former || MemberName(m) != "Ana (former member)" {
		t.Fatalf("m1 %+v", m)
	}
	if OwnerName(s, "m2") != "Ben (former member)" {
		t.Fatalf("owner %q", OwnerName(s, "m2"))
	}
	if len(s.CurrentMembers()) != 0 {
		t.Fatalf("current %+v", s.CurrentMembers())
	}
	rep := BuildReport(s)
	if rep.MemberNames[0] != "Ana (former member)" || !rep.Roster[0].Former || rep.Assessment[0].Indicators[0].Members[0] != "2" {
		t.Fatalf("report %q %+v", rep.MemberNames, rep.Roster)
	}
	// Next year starts without them.
	s.SchoolYear = "2025-26"
	res, err := CarryForward(s, "2026-27", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Session.Roster) != 0 || res.Session.Plan.Actions[0].Owner != "" {
		t.Fatalf("carried roster %+v, steps %+v", res.Session.Roster, res.Session.Plan.Actions)
	}
}

func TestReadableID(t *testing.T) {
	for _, tc := range []struct{ team, year, want string }{
		{"Northside", "2026-27", "northside-2026-27"},
		{"  Northside edtech team ", "2026-27", "northside-edtech-team-2026-27"},
		{"Écoles du Nord / Équipe", "2025-26", "ecoles-du-nord-equipe-2025-26"},
		{"学区", "2025-26", "session-2025-26"},
		{"\x1b[31mRed\x1b[0m", "2025-26", "31mred-0m-2025-26"},
		{strings.Repeat("long ", 30), "2025-26", "long-long-long-long-long-long-long-long-2025-26"},
		{"Team", "", "team"},
		{"Team", "2025/26", "team"},
	} {
		if got := ReadableID(tc.team, tc.year); got != tc.want {
			t.Errorf("ReadableID(%q, %q) = %q, want %q", tc.team, tc.year, got, tc.want)
		}
	}
	if IDVariant("a-2026-27", 1) != "a-2026-27" || IDVariant("a-2026-27", 3) != "a-2026-27-3" {
		t.Fatal("IDVariant")
	}
}

func TestEmptySessionIsNotStarted(t *testing.T) {
	s := scoringSession(nil, nil)
	s.Team, s.District, s.SchoolYear = "Northside", "Northside USD", "2025-26"
	s.Roster = []Member{{ID: "m1", Name: "Ana"}}
	p := ComputeProgress(s)
	if p.Overall != 0 || !p.NotStarted() || p.OverallText() != "not started" || Summarize(s).Progress != 0 {
		t.Fatalf("an empty session reads %d%% (%q)", p.Overall, p.OverallText())
	}
	// One member's rating: started, never "0%".
	s.Rating("a1").Members = map[string]Rating{"m1": 2}
	if p := ComputeProgress(s); p.Overall != 1 || p.OverallText() != "1%" {
		t.Fatalf("after one rating: %d%% (%q)", p.Overall, p.OverallText())
	}
}

func TestSameTeamYear(t *testing.T) {
	sums := []Summary{{ID: "a", Team: "Northside", SchoolYear: "2026-27"}, {ID: "b", Team: "northside ", SchoolYear: "2025-26"},
		{ID: "c", Team: "Southside", SchoolYear: "2026-27"}}
	if got := SameTeamYear(sums, " NORTHSIDE", "2026-27"); len(got) != 1 || got[0].ID != "a" {
		t.Fatalf("got %+v", got)
	}
}
