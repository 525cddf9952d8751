package workbook

import (
	"fmt"
	"reflect"
	"strings"
)

// Comparison is what changed between two versions of a session (two rounds
// a coach received), by area, in words.
type Comparison struct {
	Areas []AreaChanges
}

// AreaChanges is one area of a comparison: its name and one line per change.
type AreaChanges struct {
	Name  string
	Lines []string
}

// The areas of a comparison, in the order they are listed.
const (
	AreaRatings  = "Ratings"
	AreaAnswers  = "Answers"
	AreaSteps    = "Action steps"
	AreaMeasures = "Data plan"
	AreaCheckIns = "Check-ins"
	AreaTeam     = "Team"
	AreaComments = "Comments"
	AreaOther    = "Other"
)

// areaOrder is the order areas are listed in.
func areaOrder() [8]string {
	return [8]string{AreaRatings, AreaAnswers, AreaSteps, AreaMeasures, AreaCheckIns, AreaComments, AreaTeam, AreaOther}
}

// Empty reports whether nothing changed.
func (c Comparison) Empty() bool { return len(c.Areas) == 0 }

// Count is how many changes an area has (0 for an area without changes).
func (c Comparison) Count(area string) int {
	for _, a := range c.Areas {
		if a.Name == area {
			return len(a.Lines)
		}
	}
	return 0
}

// Summary is the comparison in one phrase: "3 ratings, 1 answer and 2
// comments changed", or "nothing changed".
func (c Comparison) Summary() string {
	if c.Empty() {
		return "nothing changed"
	}
	nouns := map[string]string{AreaRatings: "rating", AreaAnswers: "answer", AreaSteps: "action step",
		AreaMeasures: "data-plan row", AreaCheckIns: "check-in", AreaTeam: "roster change", AreaComments: "comment", AreaOther: "other change"}
	var parts []string
	for _, a := range c.Areas {
		parts = append(parts, CountOf(len(a.Lines), nouns[a.Name]))
	}
	return joinAnd(parts) + " changed"
}

// Lines is the comparison as a list: each area's name and count, then its
// changes indented.
func (c Comparison) Lines() []string {
	var out []string
	for _, a := range c.Areas {
		out = append(out, fmt.Sprintf("%s (%d):", a.Name, len(a.Lines)))
		for _, l := range a.Lines {
			out = append(out, "  - "+l)
		}
	}
	return out
}

// Compare says what changed from a to b: ratings, answers (the problem,
// the plan's aim and logic model, the questions, the reflection), action
// steps, the data plan, check-ins, comments (new threads and replies,
// edits, deletions, resolutions), the roster, and the rest.
func Compare(a, b *Session) (Comparison, error) {
	ta, err := contentTree(a)
	if err != nil {
		return Comparison{}, err
	}
	tb, err := contentTree(b)
	if err != nil {
		return Comparison{}, err
	}
	d := differ{layout: b}
	d.diff(nil, ta, tb)
	lb := labeler{b, a}
	byArea := map[string][]string{}
	for _, c := range d.changes {
		area := areaOf(c.path)
		line := lb.label(c.path) + ": " + lb.change(c)
		if c.itemWhole {
			verb := "added "
			if isMissing(c.to) {
				verb = "removed "
			}
			line = verb + lb.label(c.path)
		}
		byArea[area] = append(byArea[area], line)
	}
	if a.Template.Ref() != b.Template.Ref() || !reflect.DeepEqual(a.Template, b.Template) {
		byArea[AreaOther] = append(byArea[AreaOther], "template: "+CleanLine(a.Template.Ref())+" → "+CleanLine(b.Template.Ref()))
	}
	if !reflect.DeepEqual(a.Previous, b.Previous) {
		byArea[AreaOther] = append(byArea[AreaOther], "link to last year changed")
	}
	byArea[AreaComments] = compareComments(a, b)
	var out Comparison
	for _, name := range areaOrder() {
		if lines := byArea[name]; len(lines) > 0 {
			out.Areas = append(out.Areas, AreaChanges{Name: name, Lines: lines})
		}
	}
	return out, nil
}

func areaOf(path []string) string {
	switch path[0] {
	case "ratings":
		return AreaRatings
	case "answers", "problem", "reflection":
		return AreaAnswers
	case "plan":
		switch path[1] {
		case "actions":
			return AreaSteps
		case "data_plan":
			return AreaMeasures
		}
		return AreaAnswers
	case "check_ins":
		return AreaCheckIns
	case "roster":
		return AreaTeam
	}
	return AreaOther
}

// compareComments lists what happened to the comments from a to b.
func compareComments(a, b *Session) []string {
	before := map[string]Comment{}
	for _, c := range a.Comments {
		before[c.ID] = c
	}
	var out []string
	for _, c := range b.Comments {
		on := PartTitle(b, c.Part)
		old, ok := before[c.ID]
		switch {
		case !ok && c.IsReply():
			out = append(out, fmt.Sprintf("reply by %s on %s: %s", c.Label(), on, quoteText(c)))
		case !ok:
			line := fmt.Sprintf("new comment by %s on %s: %s", c.Label(), on, quoteText(c))
			if c.Resolved {
				line += ", resolved by " + orSomeone(c.ResolvedBy)
			}
			out = append(out, line)
		case c.IsDeleted() && !old.IsDeleted():
			out = append(out, fmt.Sprintf("comment by %s on %s deleted", c.Label(), on))
		case c.Text != old.Text:
			out = append(out, fmt.Sprintf("comment by %s on %s edited: %s", c.Label(), on, quoteText(c)))
		}
		if ok && c.Resolved != old.Resolved {
			if c.Resolved {
				out = append(out, fmt.Sprintf("thread by %s on %s resolved by %s", c.Label(), on, orSomeone(c.ResolvedBy)))
			} else {
				out = append(out, fmt.Sprintf("thread by %s on %s reopened", c.Label(), on))
			}
		}
	}
	return out
}

func orSomeone(name string) string {
	if name = CleanLine(name); name != "" {
		return name
	}
	return "someone"
}

// quoteText is a comment's text, short, in quotes ("(deleted)" for a
// tombstone).
func quoteText(c Comment) string {
	if c.IsDeleted() {
		return "(deleted)"
	}
	return "“" + clipTo(strings.TrimSpace(c.Text), 60) + "”"
}
