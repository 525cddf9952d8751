package workbook

import (
	"fmt"
	"slices"
)

// The rules around members' ratings that every view shares: the hidden
// vote (ratings stay hidden until everyone has rated), the consensus that
// lies outside every member's rating (flagged for discussion), and former
// members (removed from the team, their ratings kept and marked).

// Vote modes of one indicator (IndicatorRating.Vote).
const (
	VoteDefault = ""       // as Session.HiddenVote says
	VoteHidden  = "hidden" // members' ratings hidden until everyone has rated
	VoteOpen    = "open"   // members' ratings shown as they are given
)

// VoteModes lists the valid values of IndicatorRating.Vote.
var VoteModes = []string{VoteDefault, VoteHidden, VoteOpen}

// FormerMemberNote marks a former member's name wherever it is shown.
const FormerMemberNote = "former member"

// VoteState is where the members' vote on one indicator stands.
type VoteState struct {
	Hidden bool // the vote is hidden (by the session or the indicator)
	Voted  int  // current members who have answered (a level or "not sure")
	Total  int  // current members (former members do not vote)
}

// Concealed reports whether the members' ratings must not be shown: a
// hidden vote that not everyone has given yet.
func (v VoteState) Concealed() bool { return v.Hidden && v.Total > 0 && v.Voted < v.Total }

// Note says how far a concealed vote is: "3 of 5 have voted".
func (v VoteState) Note() string {
	verb := "have"
	if v.Voted == 1 {
		verb = "has"
	}
	return fmt.Sprintf("%d of %d %s voted", v.Voted, v.Total, verb)
}

// VoteHidden reports whether the members' vote on indicator id is hidden:
// the indicator's own choice, else the session's.
func (s *Session) VoteHidden(id string) bool {
	if r := s.Ratings[id]; r != nil {
		switch r.Vote {
		case VoteHidden:
			return true
		case VoteOpen:
			return false
		}
	}
	return s.HiddenVote
}

// Vote returns where the members' vote on indicator id stands.
func (s *Session) Vote(id string) VoteState {
	v := VoteState{Hidden: s.VoteHidden(id)}
	r := s.Ratings[id]
	for _, m := range s.Roster {
		if m.Former {
			continue
		}
		v.Total++
		if r != nil && r.Members[m.ID] != Unrated {
			v.Voted++
		}
	}
	return v
}

// Concealed reports whether the members' ratings of indicator id must not
// be shown yet (see VoteState.Concealed).
func (s *Session) Concealed(id string) bool { return s.Vote(id).Concealed() }

// ConsensusOutside reports whether the consensus of indicator id lies
// outside every member's rating on the scale (members 3, 4, 3 and
// consensus 1): the team should talk it through. lo and hi are the members'
// lowest and highest ratings. A concealed vote is never flagged: the flag
// would give its range away.
func (s *Session) ConsensusOutside(id string) (lo, hi Rating, outside bool) {
	r := s.Ratings[id]
	if r == nil || !r.Consensus.Rated() || s.Concealed(id) {
		return Unrated, Unrated, false
	}
	lo, hi, _, n := IndicatorSpread(r)
	if n == 0 {
		return Unrated, Unrated, false
	}
	return lo, hi, r.Consensus < lo || r.Consensus > hi
}

// OutsideFlag is the words of the flag ConsensusOutside raises, the same in
// the app and every export: "consensus 1 is outside the members' ratings
// (3–4): talk it through".
func OutsideFlag(consensus, lo, hi Rating) string {
	span := lo.String()
	if hi != lo {
		span += "–" + hi.String()
	}
	return fmt.Sprintf("consensus %s is outside the members' ratings (%s): talk it through", consensus, span)
}

// CurrentMembers returns the roster without former members.
func (s *Session) CurrentMembers() []Member {
	out := make([]Member, 0, len(s.Roster))
	for _, m := range s.Roster {
		if !m.Former {
			out = append(out, m)
		}
	}
	return out
}

// MemberName is a member's name as every view shows it: "Cal (former
// member)" for a former member.
func MemberName(m Member) string {
	if m.Former {
		return m.Name + " (" + FormerMemberNote + ")"
	}
	return m.Name
}

// RemoveMember takes a person off the team. Someone who rated an
// indicator or owns an action step stays on the roster as a former member,
// so nothing they gave is lost; anyone else is removed. kept says which
// happened; ok is false when id is not a current member.
func (s *Session) RemoveMember(id string) (kept, ok bool) {
	i := slices.IndexFunc(s.Roster, func(m Member) bool { return m.ID == id && !m.Former })
	if i < 0 {
		return false, false
	}
	if s.memberGaveSomething(id) {
		s.Roster[i].Former = true
		return true, true
	}
	s.Roster = slices.Delete(s.Roster, i, i+1)
	return false, true
}

// memberGaveSomething reports whether member id rated an indicator or owns
// an action step.
func (s *Session) memberGaveSomething(id string) bool {
	for _, r := range s.Ratings {
		if r != nil {
			if _, ok := r.Members[id]; ok {
				return true
			}
		}
	}
	return slices.ContainsFunc(s.Plan.Actions, func(a ActionStep) bool { return a.Owner == id })
}
