package workbook

import (
	"encoding/json"
	"strconv"
	"strings"
)

// PartKind is what kind of part of a session a comment is about.
type PartKind string

// The parts a comment can be on. Session, problem and plan are whole parts;
// the others name one item by its id.
const (
	PartSession   PartKind = "session"   // the whole session
	PartProblem   PartKind = "problem"   // the problem of practice
	PartPlan      PartKind = "plan"      // the plan as a whole (aim, logic model)
	PartDomain    PartKind = "domain"    // a domain of the self-assessment, by domain id
	PartIndicator PartKind = "indicator" // an indicator, by indicator id
	PartQuestion  PartKind = "question"  // a template question, by question id
	PartAction    PartKind = "action"    // an action step, by step id
	PartMeasure   PartKind = "measure"   // a data-plan row, by row id
)

// partKinds lists the kinds in the order exports walk a session.
func partKinds() [8]PartKind {
	return [8]PartKind{PartSession, PartDomain, PartIndicator, PartProblem, PartQuestion, PartPlan, PartAction, PartMeasure}
}

// hasID reports whether parts of kind k name an item by id.
func (k PartKind) hasID() bool {
	switch k {
	case PartSession, PartProblem, PartPlan:
		return false
	}
	return true
}

// PartRef names the part of a session a comment is about. In JSON it is one
// string, as files have always written it: "session", "problem", "plan", or
// KIND:ID ("indicator:vision-1", "action:a3", "domain:vision",
// "question:why_matters", "measure:d2").
type PartRef struct {
	Kind PartKind
	ID   string
}

// Part is the part of the given kind and id (id is ignored for the whole
// parts: session, problem, plan).
func Part(kind PartKind, id string) PartRef {
	if !kind.hasID() {
		id = ""
	}
	return PartRef{Kind: kind, ID: id}
}

// SessionPart is the whole session.
func SessionPart() PartRef { return PartRef{Kind: PartSession} }

// IndicatorPart is one indicator.
func IndicatorPart(id string) PartRef { return PartRef{Kind: PartIndicator, ID: id} }

// ActionPart is one action step.
func ActionPart(id string) PartRef { return PartRef{Kind: PartAction, ID: id} }

// String is the part as files write it.
func (p PartRef) String() string {
	if p.ID == "" {
		return string(p.Kind)
	}
	return string(p.Kind) + ":" + p.ID
}

// IsZero reports whether p names no part.
func (p PartRef) IsZero() bool { return p.Kind == "" && p.ID == "" }

// ParsePart reads a part as files write it. A string that names no known
// kind is kept whole as the kind, so ValidateSession can name it.
func ParsePart(s string) PartRef {
	for _, k := range partKinds() {
		if !k.hasID() {
			if s == string(k) {
				return PartRef{Kind: k}
			}
			continue
		}
		if id, ok := strings.CutPrefix(s, string(k)+":"); ok && id != "" {
			return PartRef{Kind: k, ID: id}
		}
	}
	return PartRef{Kind: PartKind(s)}
}

// Known reports whether p is a part a comment can be on (its kind is known
// and it has an id exactly when its kind takes one); it does not look
// whether the item is there (see ValidateSession).
func (p PartRef) Known() bool {
	for _, k := range partKinds() {
		if p.Kind == k {
			return k.hasID() == (p.ID != "")
		}
	}
	return false
}

// MarshalJSON writes the part as one string.
func (p PartRef) MarshalJSON() ([]byte, error) { return json.Marshal(p.String()) }

// UnmarshalJSON reads the part from one string.
func (p *PartRef) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*p = ParsePart(s)
	return nil
}

// PartTitle names a part for people, from the session's template and plan:
// "the whole session", "indicator “Shared vision”", "action step “Book the
// room”", "question “Why does it matter?”". An item no longer there is
// named by its id with "(no longer in the session)".
func PartTitle(s *Session, p PartRef) string {
	gone := func(what string) string { return what + " " + CleanLine(p.ID) + " (no longer in the session)" }
	switch p.Kind {
	case PartSession:
		return "the whole session"
	case PartProblem:
		return "the problem of practice"
	case PartPlan:
		return "the plan"
	case PartDomain:
		for _, d := range s.Template.Domains {
			if d.ID == p.ID {
				return "domain " + quote(d.Title)
			}
		}
		return gone("domain")
	case PartIndicator:
		if in, _, ok := s.Template.Indicator(p.ID); ok {
			return "indicator " + quote(in.Title)
		}
		return gone("indicator")
	case PartQuestion:
		if q, _, ok := s.Template.Question(p.ID); ok {
			return "question " + quote(q.Text)
		}
		return gone("question")
	case PartAction:
		for _, a := range s.Plan.Actions {
			if a.ID == p.ID {
				return "action step " + quote(a.What)
			}
		}
		return gone("action step")
	case PartMeasure:
		for _, d := range s.Plan.DataPlan {
			if d.ID == p.ID {
				return "measure " + quote(d.Measure)
			}
		}
		return gone("measure")
	}
	return CleanLine(p.String())
}

// quote is text on one clean, short line in curly quotes.
func quote(s string) string { return "“" + clipTo(s, 60) + "”" }

// partExists reports whether the item a part names is in the session.
func partExists(s *Session, p PartRef) bool {
	return !strings.HasSuffix(PartTitle(s, p), "(no longer in the session)")
}

// partOrder is where a part comes in the session, for sorting threads in
// the order the exports walk it: its kind's place, then the item's place.
func partOrder(s *Session, p PartRef) (int, int) {
	kind := len(partKinds())
	for i, k := range partKinds() {
		if k == p.Kind {
			kind = i
		}
	}
	item := 1 << 30
	switch p.Kind {
	case PartDomain:
		for i, d := range s.Template.Domains {
			if d.ID == p.ID {
				item = i
			}
		}
	case PartIndicator:
		for i, in := range s.Template.Indicators() {
			if in.ID == p.ID {
				item = i
			}
		}
	case PartQuestion:
		i := 0
		for _, part := range QuestionParts() {
			for _, q := range s.Template.Questions.In(part) {
				if q.ID == p.ID {
					item = i
				}
				i++
			}
		}
	case PartAction:
		for i, a := range s.Plan.Actions {
			if a.ID == p.ID {
				item = i
			}
		}
	case PartMeasure:
		for i, d := range s.Plan.DataPlan {
			if d.ID == p.ID {
				item = i
			}
		}
	default:
		item = 0
	}
	return kind, item
}

// itoa is strconv.Itoa, short.
func itoa(n int) string { return strconv.Itoa(n) }
