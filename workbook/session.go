package workbook

import (
	"strconv"
	"time"
)

// Rating is one answer on the scale: 1..N for the scale's levels, NotSure,
// or Unrated (the zero value) when nobody has answered yet.
type Rating int

const (
	Unrated Rating = 0
	NotSure Rating = -1
)

// String renders a rating for text output: "3", "?" (not sure) or "–" (unrated).
func (r Rating) String() string {
	switch {
	case r == NotSure:
		return "?"
	case r <= 0:
		return "–"
	}
	return strconv.Itoa(int(r))
}

// Rated reports whether r is a level on the scale (not unrated, not "not sure").
func (r Rating) Rated() bool { return r > 0 }

// Session is one team's workbook for one school year.
type Session struct {
	ID         string `json:"id"`
	Team       string `json:"team"`
	District   string `json:"district"`
	SchoolYear string `json:"school_year"`
	// Cohort is the coach's tag for the cohort the team belongs to
	// ("2025 North cohort"); cohort reports can be filtered by it.
	Cohort   string    `json:"cohort,omitempty"`
	Template Template  `json:"template"` // snapshot: editing a template never changes a session
	Roster   []Member  `json:"roster"`
	Created  time.Time `json:"created"`
	Updated  time.Time `json:"updated"`
	// Revision counts saves; the store refuses an update made from an older revision.
	Revision int `json:"revision"`

	Ratings    map[string]*IndicatorRating `json:"ratings"` // by indicator id
	Problem    ProblemOfPractice           `json:"problem"`
	Plan       Plan                        `json:"plan"`
	CheckIns   []CheckIn                   `json:"check_ins"`
	Reflection Reflection                  `json:"reflection"`
	// Answers holds the answers to the template's questions (every part),
	// by question id. An empty answer is not stored.
	Answers  map[string]Answer `json:"answers"`
	Comments []Comment         `json:"comments"`
	// Merged is the last merge from the other side (nil: none yet).
	Merged *MergeMark `json:"merged,omitempty"`

	// Previous links a carried-forward session to last year's (nil otherwise).
	Previous *PreviousYear `json:"previous,omitempty"`

	// HiddenVote keeps members' ratings hidden until everyone on the roster
	// has rated an indicator (an indicator's IndicatorRating.Vote can say
	// otherwise); see Session.Vote.
	HiddenVote bool `json:"hidden_vote,omitempty"`
}

// Member is one person on the team's roster.
type Member struct {
	ID   string `json:"id"` // stable: ratings are keyed by it, so a name can be corrected
	Name string `json:"name"`
	Role string `json:"role"`
	// Former marks a person removed from the team whose ratings (or action
	// steps) are kept: they are shown as a former member everywhere and
	// no longer rate or count in a hidden vote.
	Former bool `json:"former,omitempty"`
}

// IndicatorRating is what the team recorded for one indicator.
type IndicatorRating struct {
	Members   map[string]Rating `json:"members,omitempty"` // by member id
	Consensus Rating            `json:"consensus"`
	Evidence  string            `json:"evidence,omitempty"`
	Priority  bool              `json:"priority,omitempty"`
	// Equity is the team's answer to the indicator's equity pause.
	Equity string `json:"equity,omitempty"`
	// Vote is VoteHidden or VoteOpen when the team chose for this
	// indicator; empty follows Session.HiddenVote.
	Vote string `json:"vote,omitempty"`
}

// ProblemOfPractice is the one problem the team chooses to work on this
// year: its structured part. The framing questions around it are the
// template's problem questions (Session.Answers).
type ProblemOfPractice struct {
	FocusIndicators []string `json:"focus_indicators"` // indicator ids
	Phase           string   `json:"phase"`            // one of Phases
	Question        string   `json:"question"`         // the problem as one question (Prompts.Problem)
	// Tools are the inventory's tools the problem is about, by id and by
	// the name they had when chosen (the name travels with an export to a
	// coach who has no inventory).
	Tools []ProblemTool `json:"tools,omitempty"`
}

// ProblemTool is one tool a problem of practice names.
type ProblemTool struct {
	ID   string `json:"id"`   // the inventory tool's id
	Name string `json:"name"` // its name when chosen
}

// MaxProblemTools is how many tools a problem of practice can name.
const MaxProblemTools = 20

// Plan is the aim, logic model, action steps and data plan.
type Plan struct {
	Aim      string       `json:"aim"`
	AimDate  string       `json:"aim_date"` // YYYY-MM-DD
	Logic    LogicModel   `json:"logic_model"`
	Actions  []ActionStep `json:"actions"`
	DataPlan []DataRow    `json:"data_plan"`
}

// LogicModel is the simple inputs → activities → outputs → outcomes chain.
type LogicModel struct {
	Inputs     string `json:"inputs"`
	Activities string `json:"activities"`
	Outputs    string `json:"outputs"`
	Outcomes   string `json:"outcomes"`
}

// Action step statuses, in the order the status key cycles through them.
const (
	StatusNotStarted = "not started"
	StatusInProgress = "in progress"
	StatusDone       = "done"
	StatusStuck      = "stuck"
)

// Statuses lists the action-step statuses in cycle order.
var Statuses = []string{StatusNotStarted, StatusInProgress, StatusDone, StatusStuck}

// NextStatus returns the status after s in the cycle.
func NextStatus(s string) string {
	for i, st := range Statuses {
		if st == s {
			return Statuses[(i+1)%len(Statuses)]
		}
	}
	return StatusNotStarted
}

// ActionStep is one row of the plan's action-step table.
type ActionStep struct {
	ID      string `json:"id"`
	What    string `json:"what"`
	Owner   string `json:"owner"` // member id
	Due     string `json:"due"`   // YYYY-MM-DD
	Status  string `json:"status"`
	Measure string `json:"measure"`
	// CarriedFrom is the id of the step in last year's session it continues.
	CarriedFrom string `json:"carried_from,omitempty"`
	// Cycles are the step's improvement cycles (plan–do–study–act), oldest
	// first.
	Cycles []Cycle `json:"cycles,omitempty"`
}

// DataRow is one row of the data plan.
type DataRow struct {
	ID       string `json:"id"`
	Measure  string `json:"measure"`
	Source   string `json:"source"`
	Baseline string `json:"baseline"`
	Target   string `json:"target"`
	Cadence  string `json:"cadence"`
	// Values are the measure's dated values, as recorded (see SortedValues).
	Values []MeasureValue `json:"values,omitempty"`
}

// CheckIn is one dated progress check.
type CheckIn struct {
	ID      string `json:"id"`
	Date    string `json:"date"` // YYYY-MM-DD
	Did     string `json:"did"`
	Learned string `json:"learned"`
	Next    string `json:"next"`
	// Notes is anything else the team wants kept from the check-in. The
	// measures' values and the cycles studied at it point at it by id.
	Notes string `json:"notes,omitempty"`
}

// Reflection is the end-of-year look back: its structured part. The rest
// are the template's reflection questions (Session.Answers).
type Reflection struct {
	Decision       string          `json:"decision"` // one of DecisionIDs, or empty
	DecisionReason string          `json:"decision_reason"`
	Conditions     []ConditionNote `json:"conditions"`
}

// Effects of a condition for success on the year's work.
const (
	EffectHelped   = "helped"
	EffectHindered = "hindered"
)

// ConditionNote says whether a condition for success helped or hindered.
type ConditionNote struct {
	Condition string `json:"condition"` // a template condition id
	Effect    string `json:"effect"`    // EffectHelped or EffectHindered
	Note      string `json:"note"`
}

// Who wrote a comment: the coach (review mode) or the team.
const (
	RoleCoach = "coach"
	RoleTeam  = "team"
)

// Comment is one note in a thread on one part of the session: a thread's
// first comment (ReplyTo empty) or a reply to it. Only its author edits or
// deletes it; a deleted comment keeps its place as a tombstone (no text,
// Deleted set), so a merge never brings it back. Whether the thread is
// resolved is kept on its first comment.
type Comment struct {
	ID   string  `json:"id"`
	Part PartRef `json:"part"`
	// ReplyTo is the id of the thread's first comment ("" for that comment).
	ReplyTo string `json:"reply_to,omitempty"`
	Author  string `json:"author"`
	// Role is RoleCoach or RoleTeam; empty in files from before threads.
	Role    string    `json:"role,omitempty"`
	Text    string    `json:"text"`
	Created time.Time `json:"created"`
	// Edited is when its author last changed the text (zero: never).
	Edited time.Time `json:"edited,omitzero"`
	// Deleted is when its author deleted it (zero: not deleted).
	Deleted time.Time `json:"deleted,omitzero"`
	// Resolved says the thread is settled (first comments only); ResolvedBy
	// names who resolved it, and StateAt is when it was last resolved or
	// reopened.
	Resolved   bool      `json:"resolved,omitempty"`
	ResolvedBy string    `json:"resolved_by,omitempty"`
	StateAt    time.Time `json:"state_at,omitzero"`
}

// MergeMark records the last merge of a file from the other side (a
// coach's file the team merged, or a team's file the coach reviewed): when,
// from whom, and which comments it brought or changed, so views can mark
// them "new since you last merged".
type MergeMark struct {
	At       time.Time `json:"at"`
	From     string    `json:"from,omitempty"`
	Comments []string  `json:"comments,omitempty"` // comment ids
}

// PreviousYear links a session to the one it was carried forward from.
type PreviousYear struct {
	SessionID   string            `json:"session_id"`
	SchoolYear  string            `json:"school_year"`
	TemplateRef string            `json:"template_ref"`
	Baseline    map[string]Rating `json:"baseline"`          // last year's consensus, by indicator id
	Retired     []string          `json:"retired,omitempty"` // indicator titles no longer in the template
	// Finished summarises action steps completed last year.
	Finished []string `json:"finished,omitempty"`
	// Domains and Areas are last year's own scores as its report showed
	// them (over last year's template), kept when the session is carried
	// so "last year" always reads as last year's report did. Sessions
	// carried before these were kept have none (see PrevScoreOf).
	Domains []PreviousScore `json:"domains,omitempty"`
	Areas   []PreviousScore `json:"areas,omitempty"`
}

// PreviousScore is one of last year's domain or area scores, unrounded.
type PreviousScore struct {
	ID      string  `json:"id"`
	Title   string  `json:"title"`
	Average float64 `json:"average"`
	Rated   int     `json:"rated"`
}

// Rating returns the recorded rating of an indicator, creating it if needed.
func (s *Session) Rating(indicatorID string) *IndicatorRating {
	if s.Ratings == nil {
		s.Ratings = map[string]*IndicatorRating{}
	}
	r := s.Ratings[indicatorID]
	if r == nil {
		r = &IndicatorRating{}
		s.Ratings[indicatorID] = r
	}
	return r
}

// RatingOf returns what is recorded for an indicator without creating an
// entry (the zero value when nothing is).
func (s *Session) RatingOf(indicatorID string) IndicatorRating {
	if r := s.Ratings[indicatorID]; r != nil {
		return *r
	}
	return IndicatorRating{}
}

// Member finds a roster member by id.
func (s *Session) Member(id string) (Member, bool) {
	for _, m := range s.Roster {
		if m.ID == id {
			return m, true
		}
	}
	return Member{}, false
}
