package workbook

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Scoring turns a session's ratings into the results the team discusses:
// domain averages, strengths, gaps, disagreements and the change since last
// year. Everything here is a pure function of the session.

// DomainScore is one domain's (or area's) average consensus rating.
type DomainScore struct {
	DomainID, Title string
	Average         float64 // mean of rated consensus ratings; 0 when none is rated
	Rated, Total    int     // indicators with a rated consensus, and all indicators
	// PrevAverage is last year's score of the domain as last year's own
	// report showed it (over last year's template); HasPrev says there is one.
	PrevAverage float64
	HasPrev     bool
	// Change is the year-over-year change, over the Paired indicators only:
	// those in the domain this year that both years rated. It is the mean
	// of this year's ratings minus the mean of last year's on them,
	// unrounded (FormatChange rounds it once). A new indicator or a retired
	// one never moves it.
	Change float64
	Paired int
}

// HasChange reports whether the score has a year-over-year change: at least
// one indicator rated in both years.
func (d DomainScore) HasChange() bool { return d.Paired > 0 }

// IndicatorResult is one indicator's ratings, for the results lists.
type IndicatorResult struct {
	Indicator   Indicator
	DomainTitle string
	Consensus   Rating
	Spread      int // highest minus lowest member rating
	Members     int // members who gave a rating on the scale
	Prev        Rating
	HasPrev     bool // last year's baseline has this indicator
	Change      int  // Consensus - Prev, when Compared
	Priority    bool // the team flagged it as a priority (★)
	// Concealed: a hidden vote not everyone has given yet; Spread and
	// Members are then 0 (nothing of the ratings is told).
	Concealed bool
	// Outside: the consensus lies outside the members' ratings Lo–Hi
	// (Session.ConsensusOutside); the team should talk it through.
	Outside bool
	Lo, Hi  Rating
}

// Compared reports whether both this year's and last year's ratings are on
// the scale, so that Change means something.
func (r IndicatorResult) Compared() bool {
	return r.HasPrev && r.Prev.Rated() && r.Consensus.Rated()
}

// DomainScores returns one score per domain, in template order.
func DomainScores(s *Session) []DomainScore {
	groups := make([]scoreGroup, 0, len(s.Template.Domains))
	for _, d := range s.Template.Domains {
		groups = append(groups, scoreGroup{id: d.ID, title: d.Title, indicators: d.Indicators})
	}
	var prev []PreviousScore
	if s.Previous != nil {
		prev = s.Previous.Domains
	}
	return scoreGroups(s, groups, prev)
}

// AreaScores returns one score per Strategic Planning Guide area, in the
// template's order of areas, over the indicators tagged with it (nil when
// the template has no areas). DomainID and Title are the area's.
func AreaScores(s *Session) []DomainScore {
	if len(s.Template.Areas) == 0 {
		return nil
	}
	groups := make([]scoreGroup, 0, len(s.Template.Areas))
	index := make(map[string]int, len(s.Template.Areas))
	for i, a := range s.Template.Areas {
		groups = append(groups, scoreGroup{id: a.ID, title: a.Title})
		index[a.ID] = i
	}
	for _, in := range s.Template.Indicators() {
		if i, ok := index[in.Area]; ok {
			groups[i].indicators = append(groups[i].indicators, in)
		}
	}
	var prev []PreviousScore
	if s.Previous != nil {
		prev = s.Previous.Areas
	}
	return scoreGroups(s, groups, prev)
}

type scoreGroup struct {
	id, title  string
	indicators []Indicator
}

// scoreGroups scores each group of indicators. Last year's score is the
// one kept at carry time (prev, by id); a session carried before those
// were kept falls back to last year's ratings of this year's indicators.
func scoreGroups(s *Session, groups []scoreGroup, prev []PreviousScore) []DomainScore {
	baseline := previousBaseline(s)
	out := make([]DomainScore, 0, len(groups))
	for _, g := range groups {
		ds := DomainScore{DomainID: g.id, Title: g.title, Total: len(g.indicators)}
		sum, prevSum, prevN, pairNow, pairThen := 0, 0, 0, 0, 0
		for _, in := range g.indicators {
			now := Unrated
			if r := s.Ratings[in.ID]; r != nil && r.Consensus.Rated() {
				now = r.Consensus
				sum += int(now)
				ds.Rated++
			}
			if p, ok := baseline[in.ID]; ok && p.Rated() {
				prevSum += int(p)
				prevN++
				if now.Rated() {
					pairNow += int(now)
					pairThen += int(p)
					ds.Paired++
				}
			}
		}
		if ds.Rated > 0 {
			ds.Average = float64(sum) / float64(ds.Rated)
		}
		if ds.Paired > 0 {
			ds.Change = float64(pairNow-pairThen) / float64(ds.Paired)
		}
		switch i := indexOfScore(prev, g.id); {
		case s.Previous != nil && len(s.Previous.Domains)+len(s.Previous.Areas) > 0:
			// Scores were kept at carry time: last year's own, or none
			// when last year had no such domain or rated none of it.
			if i >= 0 {
				ds.PrevAverage, ds.HasPrev = prev[i].Average, true
			}
		case prevN > 0:
			ds.PrevAverage, ds.HasPrev = float64(prevSum)/float64(prevN), true
		}
		out = append(out, ds)
	}
	return out
}

func indexOfScore(list []PreviousScore, id string) int {
	for i, p := range list {
		if p.ID == id {
			return i
		}
	}
	return -1
}

// IndicatorSpread summarises the members' ratings on the scale ("not sure"
// and unanswered are left out): lowest, highest, their difference and count.
func IndicatorSpread(r *IndicatorRating) (lo, hi Rating, spread int, n int) {
	if r == nil {
		return Unrated, Unrated, 0, 0
	}
	for _, m := range r.Members {
		if !m.Rated() {
			continue
		}
		if n == 0 || m < lo {
			lo = m
		}
		if n == 0 || m > hi {
			hi = m
		}
		n++
	}
	if n > 0 {
		spread = int(hi - lo)
	}
	return lo, hi, spread, n
}

// IndicatorResults returns every indicator's result in template order.
func IndicatorResults(s *Session) []IndicatorResult {
	baseline := previousBaseline(s)
	var out []IndicatorResult
	for _, d := range s.Template.Domains {
		for _, in := range d.Indicators {
			res := IndicatorResult{Indicator: in, DomainTitle: d.Title}
			r := s.Ratings[in.ID]
			if r != nil {
				res.Consensus, res.Priority = r.Consensus, r.Priority
			}
			if res.Concealed = s.Concealed(in.ID); !res.Concealed {
				_, _, res.Spread, res.Members = IndicatorSpread(r)
				res.Lo, res.Hi, res.Outside = s.ConsensusOutside(in.ID)
			}
			res.Prev, res.HasPrev = baseline[in.ID]
			if res.Compared() {
				res.Change = int(res.Consensus - res.Prev)
			}
			out = append(out, res)
		}
	}
	return out
}

func previousBaseline(s *Session) map[string]Rating {
	if s.Previous == nil {
		return nil
	}
	return s.Previous.Baseline
}

// Strengths returns up to n indicators with the highest rated consensus in
// the upper half of the scale, ties in template order. n <= 0 means all.
func Strengths(s *Session, n int) []IndicatorResult {
	rated := ratedResults(s, func(r Rating) bool { return int(r) > len(s.Template.Scale.Levels)/2 })
	sort.SliceStable(rated, func(i, j int) bool { return rated[i].Consensus > rated[j].Consensus })
	return firstN(rated, n)
}

// Gaps returns up to n indicators with the lowest rated consensus. Among
// equal ratings, indicators the team flagged as a priority come first, then
// template order. Only the lower half of the scale counts (1–2 of 4): a
// "3" is never offered as a gap. Unrated and "not sure" are not gaps.
func Gaps(s *Session, n int) []IndicatorResult {
	rated := ratedResults(s, func(r Rating) bool { return int(r) <= len(s.Template.Scale.Levels)/2 })
	sort.SliceStable(rated, func(i, j int) bool {
		if rated[i].Consensus != rated[j].Consensus {
			return rated[i].Consensus < rated[j].Consensus
		}
		return rated[i].Priority && !rated[j].Priority
	})
	return firstN(rated, n)
}

// Priorities returns the indicators the team flagged as a priority (★),
// lowest consensus first (unrated and "not sure" last), ties in template
// order.
func Priorities(s *Session) []IndicatorResult {
	var out []IndicatorResult
	for _, r := range IndicatorResults(s) {
		if r.Priority {
			out = append(out, r)
		}
	}
	key := func(r IndicatorResult) int {
		if r.Consensus.Rated() {
			return int(r.Consensus)
		}
		return math.MaxInt
	}
	sort.SliceStable(out, func(i, j int) bool { return key(out[i]) < key(out[j]) })
	return out
}

// FocusOrder is the order in which indicators are offered as the focus of
// the problem of practice: the priorities (★) first, then every other gap
// in true order (lowest consensus first, ties in template order), then the
// rest in template order. gaps is how many of the list are gaps (after the
// priorities).
func FocusOrder(s *Session) (list []IndicatorResult, priorities, gaps int) {
	seen := map[string]bool{}
	add := func(rs []IndicatorResult) int {
		n := 0
		for _, r := range rs {
			if !seen[r.Indicator.ID] {
				seen[r.Indicator.ID] = true
				list = append(list, r)
				n++
			}
		}
		return n
	}
	priorities = add(Priorities(s))
	gaps = add(Gaps(s, 0))
	add(IndicatorResults(s))
	return list, priorities, gaps
}

// Flagged returns the indicators whose consensus lies outside every
// member's rating (Session.ConsensusOutside), in template order.
func Flagged(s *Session) []IndicatorResult {
	var out []IndicatorResult
	for _, r := range IndicatorResults(s) {
		if r.Outside {
			out = append(out, r)
		}
	}
	return out
}

// Disagreements returns up to n indicators where at least two members rated
// and their ratings are two or more levels apart, largest spread first. A
// hidden vote not everyone has given yet is never listed.
func Disagreements(s *Session, n int) []IndicatorResult {
	var out []IndicatorResult
	for _, r := range IndicatorResults(s) {
		if r.Members >= 2 && r.Spread >= 2 {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Spread > out[j].Spread })
	return firstN(out, n)
}

// Agreement says how far apart the members' ratings were, over the
// indicators two or more members rated on the scale ("not sure" left out).
// The rule: two or more levels apart is a disagreement (listed, to talk
// about); one level apart is a small difference (counted, never called
// agreement); the same rating is agreement.
type Agreement struct {
	Compared  int // indicators two or more members rated
	Same      int // every member gave the same rating
	OneApart  int // highest and lowest one level apart
	TwoOrMore int // two or more levels apart: disagreements
}

// MemberAgreement counts the session's Agreement.
func MemberAgreement(s *Session) Agreement {
	var a Agreement
	for _, in := range s.Template.Indicators() {
		if s.Concealed(in.ID) {
			continue // a hidden vote not everyone has given: nothing to read yet
		}
		_, _, spread, n := IndicatorSpread(s.Ratings[in.ID])
		if n < 2 {
			continue
		}
		a.Compared++
		switch {
		case spread == 0:
			a.Same++
		case spread == 1:
			a.OneApart++
		default:
			a.TwoOrMore++
		}
	}
	return a
}

// Note says in one sentence what the disagreement list shows when it is
// empty: nothing to compare yet, agreement everywhere, or small differences.
func (a Agreement) Note() string {
	switch {
	case a.Compared == 0:
		return "Not enough member ratings to compare yet: no indicator has ratings from two or more members."
	case a.TwoOrMore > 0:
		return ""
	case a.OneApart == 0:
		return fmt.Sprintf("Members gave the same rating on all %s two or more of them rated.", CountOf(a.Compared, "indicator"))
	}
	return fmt.Sprintf("No disagreement of two or more levels, but members differed by one level on %d of the %s two or more of them rated.",
		a.OneApart, CountOf(a.Compared, "indicator"))
}

// MemberRatings lists each member's rating of an indicator in roster order
// ("Ana Ruiz 4, Ben Cole 2, Cy Park not sure"), leaving out members who gave
// none.
func MemberRatings(s *Session, indicatorID string) string {
	r := s.Ratings[indicatorID]
	if r == nil {
		return ""
	}
	if vote := s.Vote(indicatorID); vote.Concealed() {
		return "hidden until everyone has voted (" + vote.Note() + ")"
	}
	var out []string
	for _, m := range s.Roster {
		name := CleanLine(m.Name)
		if m.Former {
			name += " (" + FormerMemberNote + ")"
		}
		switch v := r.Members[m.ID]; {
		case v == NotSure:
			out = append(out, strings.TrimSpace(name+" not sure"))
		case v.Rated():
			out = append(out, strings.TrimSpace(name+" "+v.String()))
		}
	}
	return strings.Join(out, ", ")
}

// YearOverYear compares each indicator with last year's baseline, in
// template order. It returns nil when the session was not carried forward.
func YearOverYear(s *Session) []IndicatorResult {
	if s.Previous == nil {
		return nil
	}
	return IndicatorResults(s)
}

// ChangeMark writes a change as "▲1", "▼2" or "=": the arrow and number
// carry the meaning, so a screen never relies on colour alone.
func ChangeMark(change int) string {
	switch {
	case change > 0:
		return "▲" + strconv.Itoa(change)
	case change < 0:
		return "▼" + strconv.Itoa(-change)
	}
	return "="
}

// ratedResults returns the indicators whose consensus is on the scale and
// passes keep.
func ratedResults(s *Session, keep func(Rating) bool) []IndicatorResult {
	var out []IndicatorResult
	for _, r := range IndicatorResults(s) {
		if r.Consensus.Rated() && keep(r.Consensus) {
			out = append(out, r)
		}
	}
	return out
}

func firstN(rs []IndicatorResult, n int) []IndicatorResult {
	if n > 0 && len(rs) > n {
		return rs[:n]
	}
	return rs
}
