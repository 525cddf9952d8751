package workbook

import (
	"encoding/json"
	"strings"
)

// Fields of a session named for people, for the merge's report and the
// comparison of two received files: a path of the content tree (tree.go)
// becomes "indicator “Shared vision”: Dana Whitfield's rating" or "action
// step “Book the room”: due date", and a value "3 (Routine)" or "in
// progress". Titles come from the first of the sessions that has the item.

// labeler names paths from one or more versions of a session.
type labeler []*Session

// word names a field of the structured parts.
func word(k string) string {
	switch k {
	case "team":
		return "team name"
	case "school_year":
		return "school year"
	case "evidence":
		return "evidence notes"
	case "equity":
		return "equity answer"
	case "question":
		return "the problem question"
	case "due":
		return "due date"
	case "did":
		return "what we did"
	case "learned":
		return "what we learned"
	case "next":
		return "what next"
	case "decision_reason":
		return "reason for the decision"
	case "text", "choices":
		return "answer"
	}
	return strings.ReplaceAll(k, "_", " ")
}

// label names a path: the part, then the field.
func (lb labeler) label(path []string) string {
	at := func(i int) string {
		if i < len(path) {
			return path[i]
		}
		return ""
	}
	with := func(part string, rest ...string) string {
		var fields []string
		for _, r := range rest {
			if r != "" {
				fields = append(fields, word(r))
			}
		}
		if len(fields) == 0 {
			return part
		}
		return part + ": " + strings.Join(fields, " ")
	}
	switch at(0) {
	case "team", "district", "school_year":
		return word(at(0))
	case "roster":
		return with("team member "+lb.member(at(1)), at(2))
	case "ratings":
		ind := "indicator " + lb.indicator(at(1))
		if at(2) == "members" {
			if at(3) == "" {
				return ind + ": members' ratings"
			}
			return ind + ": " + lb.memberName(at(3)) + "'s rating"
		}
		return with(ind, at(2))
	case "problem":
		return with("problem of practice", at(1))
	case "answers":
		return "question " + lb.question(at(1))
	case "plan":
		switch at(1) {
		case "actions":
			if at(3) == "cycles" && at(4) != "" {
				return with("action step "+lb.action(at(2))+", improvement cycle "+lb.cycle(at(2), at(4)), at(5))
			}
			return with("action step "+lb.action(at(2)), at(3))
		case "data_plan":
			if at(3) == "values" && at(4) != "" {
				return with("measure "+lb.measure(at(2))+", value "+lb.measureValue(at(2), at(4)), at(5))
			}
			return with("measure "+lb.measure(at(2)), at(3))
		case "logic_model":
			return with("logic model", at(2))
		}
		return with("plan", at(1))
	case "check_ins":
		return with("check-in "+lb.checkIn(at(1)), at(2))
	case "reflection":
		if at(1) == "conditions" {
			return with("condition for success "+lb.condition(at(2)), at(3))
		}
		return with("reflection", at(1))
	}
	return strings.ReplaceAll(strings.Join(path, " "), "_", " ")
}

func (lb labeler) indicator(id string) string {
	for _, s := range lb {
		if in, _, ok := s.Template.Indicator(id); ok {
			return quote(in.Title)
		}
	}
	return CleanLine(id)
}

func (lb labeler) question(id string) string {
	for _, s := range lb {
		if q, _, ok := s.Template.Question(id); ok {
			return quote(q.Text)
		}
	}
	return CleanLine(id)
}

func (lb labeler) memberName(id string) string {
	for _, s := range lb {
		if m, ok := s.Member(id); ok && strings.TrimSpace(m.Name) != "" {
			return CleanLine(m.Name)
		}
	}
	return "member " + CleanLine(id)
}

func (lb labeler) member(id string) string { return quote(lb.memberName(id)) }

func (lb labeler) action(id string) string {
	for _, s := range lb {
		for _, a := range s.Plan.Actions {
			if a.ID == id {
				return quote(a.What)
			}
		}
	}
	return CleanLine(id)
}

func (lb labeler) measure(id string) string {
	for _, s := range lb {
		for _, d := range s.Plan.DataPlan {
			if d.ID == id {
				return quote(d.Measure)
			}
		}
	}
	return CleanLine(id)
}

// cycle names an improvement cycle of a step by when it started ("of
// 2026-01-12"), or its id.
func (lb labeler) cycle(step, id string) string {
	for _, s := range lb {
		for _, a := range s.Plan.Actions {
			for _, c := range a.Cycles {
				if a.ID == step && c.ID == id && c.Date != "" {
					return "of " + CleanLine(c.Date)
				}
			}
		}
	}
	return CleanLine(id)
}

// measureValue names a dated value of a measure by its date ("of 2026-02-10"), or
// its id.
func (lb labeler) measureValue(row, id string) string {
	for _, s := range lb {
		for _, d := range s.Plan.DataPlan {
			for _, v := range d.Values {
				if d.ID == row && v.ID == id && v.Date != "" {
					return "of " + CleanLine(v.Date)
				}
			}
		}
	}
	return CleanLine(id)
}

func (lb labeler) checkIn(id string) string {
	for _, s := range lb {
		for _, c := range s.CheckIns {
			if c.ID == id && c.Date != "" {
				return "of " + CleanLine(c.Date)
			}
		}
	}
	return CleanLine(id)
}

func (lb labeler) condition(id string) string {
	for _, s := range lb {
		for _, c := range s.Template.Conditions {
			if c.ID == id {
				return quote(c.Title)
			}
		}
	}
	return CleanLine(id)
}

// value shows a field's value in a few words ("" when it is long text,
// which a report only says changed).
func (lb labeler) value(path []string, v any) string {
	if isMissing(v) || v == nil {
		return "–"
	}
	last := path[len(path)-1]
	switch x := v.(type) {
	case json.Number:
		if path[0] == "ratings" && (last == "consensus" || len(path) == 4) {
			n, _ := x.Int64()
			return lb.rating(Rating(n))
		}
		return x.String()
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case string:
		switch {
		case x == "":
			return "–"
		case last == "owner":
			return quote(lb.memberName(x))
		case len([]rune(x)) <= 24 && !strings.Contains(x, "\n"):
			return quote(x)
		}
	}
	return ""
}

func (lb labeler) rating(r Rating) string {
	if len(lb) > 0 {
		return ratingText(&lb[0].Template, r)
	}
	return r.String()
}

// change says how a field changed: "2 → 3", "“draft” → “final”", or
// "changed" for long text.
func (lb labeler) change(c fieldChange) string {
	_, fromObj := c.from.(map[string]any)
	_, toObj := c.to.(map[string]any)
	switch {
	case isMissing(c.from) && toObj:
		return "added"
	case isMissing(c.to) && fromObj:
		return "removed"
	}
	from, to := lb.value(c.path, c.from), lb.value(c.path, c.to)
	if from == "" || to == "" {
		return "changed"
	}
	return from + " → " + to
}
