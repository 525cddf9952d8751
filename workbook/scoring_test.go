package workbook

import (
	"reflect"
	"testing"
)

// scoringTemplate has two domains: a (a1, a2, a3) and b (b1, b2).
func scoringTemplate() Template {
	ind := func(id string) Indicator { return Indicator{ID: id, Title: "Title " + id} }
	return Template{
		ID: "t", Version: 1,
		Scale: Scale{Levels: []Level{{Label: "1"}, {Label: "2"}, {Label: "3"}, {Label: "4"}}, NotSure: "Not sure"},
		Domains: []Domain{
			{ID: "a", Title: "Domain A", Indicators: []Indicator{ind("a1"), ind("a2"), ind("a3")}},
			{ID: "b", Title: "Domain B", Indicators: []Indicator{ind("b1"), ind("b2")}},
		},
	}
}

func scoringSession(ratings map[string]*IndicatorRating, baseline map[string]Rating) *Session {
	s := &Session{Template: scoringTemplate(), Ratings: ratings}
	if baseline != nil {
		s.Previous = &PreviousYear{Baseline: baseline}
	}
	return s
}

func consensusOf(r Rating) *IndicatorRating { return &IndicatorRating{Consensus: r} }

func resultIDs(rs []IndicatorResult) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.Indicator.ID)
	}
	return out
}

func TestDomainScores(t *testing.T) {
	tests := []struct {
		name     string
		ratings  map[string]*IndicatorRating
		baseline map[string]Rating
		want     []DomainScore
	}{
		{"nothing rated", nil, nil, []DomainScore{
			{DomainID: "a", Title: "Domain A", Total: 3},
			{DomainID: "b", Title: "Domain B", Total: 2},
		}},
		{"not sure and unrated are left out",
			map[string]*IndicatorRating{"a1": consensusOf(2), "a2": consensusOf(NotSure), "a3": consensusOf(3), "b2": consensusOf(4)},
			nil,
			[]DomainScore{
				{DomainID: "a", Title: "Domain A", Average: 2.5, Rated: 2, Total: 3},
				{DomainID: "b", Title: "Domain B", Average: 4, Rated: 1, Total: 2},
			}},
		{"last year's baseline",
			map[string]*IndicatorRating{"a1": consensusOf(3)},
			map[string]Rating{"a1": 1, "a2": 2, "b1": NotSure},
			[]DomainScore{
				// Last year (1+2)/2 = 1.5 over a1, a2; the change is over a1
				// alone, the one indicator both years rated: 3 − 1 = +2.
				{DomainID: "a", Title: "Domain A", Average: 3, Rated: 1, Total: 3, PrevAverage: 1.5, HasPrev: true, Change: 2, Paired: 1},
				{DomainID: "b", Title: "Domain B", Total: 2},
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := DomainScores(scoringSession(tc.ratings, tc.baseline))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestIndicatorSpread(t *testing.T) {
	tests := []struct {
		name             string
		r                *IndicatorRating
		lo, hi           Rating
		spread, nMembers int
	}{
		{"nil", nil, Unrated, Unrated, 0, 0},
		{"no members", &IndicatorRating{Consensus: 3}, Unrated, Unrated, 0, 0},
		{"one member", &IndicatorRating{Members: map[string]Rating{"m1": 3}}, 3, 3, 0, 1},
		{"spread", &IndicatorRating{Members: map[string]Rating{"m1": 1, "m2": 4, "m3": 2}}, 1, 4, 3, 3},
		{"not sure ignored", &IndicatorRating{Members: map[string]Rating{"m1": NotSure, "m2": 2, "m3": Unrated, "m4": 3}}, 2, 3, 1, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lo, hi, spread, n := IndicatorSpread(tc.r)
			if lo != tc.lo || hi != tc.hi || spread != tc.spread || n != tc.nMembers {
				t.Errorf("got %v %v %d %d, want %v %v %d %d", lo, hi, spread, n, tc.lo, tc.hi, tc.spread, tc.nMembers)
			}
		})
	}
}

func TestStrengthsAndGaps(t *testing.T) {
	ratings := map[string]*IndicatorRating{
		"a1": consensusOf(2),
		"a2": consensusOf(4),
		"a3": {Consensus: 2, Priority: true},
		"b1": consensusOf(4),
		"b2": consensusOf(NotSure),
	}
	s := scoringSession(ratings, nil)
	tests := []struct {
		name string
		got  []IndicatorResult
		want []string
	}{
		{"strengths: upper half only, ties in template order", Strengths(s, 0), []string{"a2", "b1"}},
		{"top strength", Strengths(s, 1), []string{"a2"}},
		{"gaps: lower half only, priority first among equals", Gaps(s, 0), []string{"a3", "a1"}},
		{"a 3 of 4 is neither a gap nor a strength", Gaps(scoringSession(map[string]*IndicatorRating{"a1": consensusOf(3)}, nil), 0), []string{}},
		{"two gaps", Gaps(s, 2), []string{"a3", "a1"}},
		{"nothing rated", Gaps(scoringSession(nil, nil), 3), []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := resultIDs(tc.got); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
	if g := Gaps(s, 1)[0]; g.DomainTitle != "Domain A" || g.Consensus != 2 || g.Indicator.Title != "Title a3" {
		t.Errorf("gap result = %+v", g)
	}
}

func TestDisagreements(t *testing.T) {
	m := func(rs ...Rating) *IndicatorRating {
		r := &IndicatorRating{Members: map[string]Rating{}}
		for i, x := range rs {
			r.Members[string(rune('a'+i))] = x
		}
		return r
	}
	s := scoringSession(map[string]*IndicatorRating{
		"a1": m(1, 3),          // spread 2
		"a2": m(1, 2),          // spread 1: agreement
		"a3": m(4, NotSure),    // one rating only
		"b1": m(1, 4, 2),       // spread 3
		"b2": m(2, 4, Unrated), // spread 2
	}, nil)
	got := Disagreements(s, 0)
	if want := []string{"b1", "a1", "b2"}; !reflect.DeepEqual(resultIDs(got), want) {
		t.Fatalf("got %v, want %v", resultIDs(got), want)
	}
	if got[0].Spread != 3 || got[0].Members != 3 {
		t.Errorf("b1 = %+v", got[0])
	}
	if got := resultIDs(Disagreements(s, 1)); !reflect.DeepEqual(got, []string{"b1"}) {
		t.Errorf("first disagreement = %v", got)
	}
}

func TestYearOverYear(t *testing.T) {
	if YearOverYear(scoringSession(nil, nil)) != nil {
		t.Error("a session with no previous year has no comparison")
	}
	s := scoringSession(map[string]*IndicatorRating{
		"a1": consensusOf(3), "a2": consensusOf(1), "a3": consensusOf(2), "b1": consensusOf(NotSure),
	}, map[string]Rating{"a1": 1, "a2": 2, "a3": 2, "b1": 3, "b2": NotSure})
	type row struct {
		id       string
		cur      Rating
		prev     Rating
		has      bool
		compared bool
		change   int
		mark     string
	}
	want := []row{
		{"a1", 3, 1, true, true, 2, "▲2"},
		{"a2", 1, 2, true, true, -1, "▼1"},
		{"a3", 2, 2, true, true, 0, "="},
		{"b1", NotSure, 3, true, false, 0, "="},
		{"b2", Unrated, NotSure, true, false, 0, "="},
	}
	got := YearOverYear(s)
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		r := row{g.Indicator.ID, g.Consensus, g.Prev, g.HasPrev, g.Compared(), g.Change, ChangeMark(g.Change)}
		if r != w {
			t.Errorf("row %d = %+v, want %+v", i, r, w)
		}
	}
	// An indicator new this year has no baseline.
	delete(s.Previous.Baseline, "a1")
	if g := YearOverYear(s)[0]; g.HasPrev || g.Compared() || g.Change != 0 {
		t.Errorf("new indicator = %+v", g)
	}
}

func TestChangeMark(t *testing.T) {
	for change, want := range map[int]string{1: "▲1", 3: "▲3", 0: "=", -2: "▼2"} {
		if got := ChangeMark(change); got != want {
			t.Errorf("ChangeMark(%d) = %q, want %q", change, got, want)
		}
	}
}
