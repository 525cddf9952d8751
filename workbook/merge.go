package workbook

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// MergeResult is what MergeComments did.
type MergeResult struct {
	// Session is a copy of the team's session with the added comments.
	Session *Session
	// Added lists the comments taken from the file, in the file's order.
	Added []Comment
	// NotTaken has one line per part where the file differs from the
	// team's copy, e.g. "action steps: 1 the team does not have".
	NotTaken []string
}

// MergeComments takes from a copy of a session (the file a coach sends back)
// only what the coach added: the comments whose ids the team's session does
// not have. Nothing else is taken. No common ancestor is stored, so a part
// only the file has may be one the team deleted: an action step, check-in,
// data-plan row, roster member or rating is never brought back, and no
// answer is changed. Every part where the file differs is listed in
// NotTaken, one line each, so the team can look. A comment on an indicator
// the team's template does not have cannot be shown and is not taken; one
// on an action step the team has since deleted is (the app shows it as
// "Action step ID"). Neither argument is changed.
func MergeComments(local, incoming *Session) MergeResult {
	res := MergeResult{Session: local.Clone()}
	m := res.Session

	have := make(map[string]Comment, len(local.Comments))
	for _, c := range local.Comments {
		have[c.ID] = c
	}
	changed, unknown := 0, 0
	for _, c := range incoming.Comments {
		if old, ok := have[c.ID]; ok {
			if !reflect.DeepEqual(old, c) {
				changed++
			}
			continue
		}
		if id, ok := strings.CutPrefix(c.Part, PartIndicator); ok {
			if _, _, found := m.Template.Indicator(id); !found {
				unknown++
				continue
			}
		}
		m.Comments = append(m.Comments, c)
		res.Added = append(res.Added, c)
		have[c.ID] = c
	}

	add := func(part, detail string) {
		if detail != "" {
			res.NotTaken = append(res.NotTaken, part+": "+detail)
		}
	}
	add("team and year", differingFields(
		[]string{"team", "district", "school year", "template"},
		[]string{local.Team, local.District, local.SchoolYear, local.Template.Ref()},
		[]string{incoming.Team, incoming.District, incoming.SchoolYear, incoming.Template.Ref()}))
	add("roster", compareByID(local.Roster, incoming.Roster, func(x Member) string { return x.ID }, "member", "members"))
	add("self-assessment", compareRatings(local, incoming))
	add("problem of practice", joinDiffs(structDiff(local.Problem, incoming.Problem), answersDiff(local, incoming, PartProblemQuestions)))
	add("aim", structDiff(aimPart{local.Plan.Aim, local.Plan.AimDate}, aimPart{incoming.Plan.Aim, incoming.Plan.AimDate}))
	add("logic model", structDiff(local.Plan.Logic, incoming.Plan.Logic))
	add("plan questions", answersDiff(local, incoming, PartPlanQuestions))
	add("action steps", compareByID(local.Plan.Actions, incoming.Plan.Actions, func(x ActionStep) string { return x.ID }, "", ""))
	add("data plan", compareByID(local.Plan.DataPlan, incoming.Plan.DataPlan, func(x DataRow) string { return x.ID }, "row", "rows"))
	add("check-ins", compareByID(local.CheckIns, incoming.CheckIns, func(x CheckIn) string { return x.ID }, "", ""))
	add("reflection", joinDiffs(structDiff(local.Reflection, incoming.Reflection), answersDiff(local, incoming, PartReflectionQuestions)))
	if !reflect.DeepEqual(local.Previous, incoming.Previous) {
		add("link to last year", "the file's differs")
	}
	var notes []string
	if changed > 0 {
		notes = append(notes, fmt.Sprintf("%d the team also has that differ%s", changed, verbS(changed)))
	}
	if unknown > 0 {
		notes = append(notes, fmt.Sprintf("%d on an indicator this workbook's template does not have", unknown))
	}
	add("comments", strings.Join(notes, "; "))
	return res
}

// Report is the merge in words: the first line says what was added (or that
// nothing was), the rest list what was not taken, one line per part.
func (r MergeResult) Report() []string {
	var lines []string
	if len(r.Added) == 0 {
		lines = append(lines, "Nothing to merge: the file has no new comments.")
	} else {
		var authors, parts []string
		for _, c := range r.Added {
			if a := CleanLine(c.Author); a != "" && !slices.Contains(authors, a) {
				authors = append(authors, a)
			}
			if len(parts) < maxListedParts {
				parts = append(parts, "on "+commentTarget(r.Session, c.Part))
			}
		}
		if more := len(r.Added) - len(parts); more > 0 {
			parts = append(parts, fmt.Sprintf("and %d more", more))
		}
		from := ""
		if len(authors) > 0 {
			from = " from " + joinAnd(authors)
		}
		lines = append(lines, fmt.Sprintf("Added %s%s: %s. Nothing else was changed.", CountOf(len(r.Added), "comment"), from, strings.Join(parts, ", ")))
	}
	if n := len(r.NotTaken); n > 0 {
		lines = append(lines, fmt.Sprintf("The file differs from the team's copy in %s; %s not taken:", CountOf(n, "part"), map[bool]string{true: "it was", false: "they were"}[n == 1]))
		for _, l := range r.NotTaken {
			lines = append(lines, "  - "+CleanLine(l))
		}
	}
	return lines
}

// maxListedParts bounds the parts named in the first line of a report.
const maxListedParts = 10

// commentTarget names the part a comment is about, for a report.
func commentTarget(s *Session, part string) string {
	switch {
	case part == PartSession:
		return "the whole session"
	case part == PartProblem:
		return "the problem of practice"
	case part == PartPlan:
		return "the plan"
	case strings.HasPrefix(part, PartIndicator):
		id := strings.TrimPrefix(part, PartIndicator)
		if in, _, ok := s.Template.Indicator(id); ok {
			return "indicator " + strconv.Quote(clip(in.Title))
		}
		return "indicator " + CleanLine(id)
	case strings.HasPrefix(part, PartAction):
		id := strings.TrimPrefix(part, PartAction)
		for _, a := range s.Plan.Actions {
			if a.ID == id {
				return "action step " + strconv.Quote(clip(a.What))
			}
		}
		return "action step " + CleanLine(id) + " (no longer in the plan)"
	}
	return CleanLine(part)
}

// aimPart is the plan's aim and its date, compared as one part.
type aimPart struct {
	Aim     string `json:"aim"`
	AimDate string `json:"date"`
}

// compareByID counts the items of incoming the team does not have and those
// that differ from the team's item with the same id ("" when none). Items
// only the team has are the team's own and not mentioned.
func compareByID[T any](local, incoming []T, id func(T) string, noun, nouns string) string {
	at := make(map[string]T, len(local))
	for _, x := range local {
		at[id(x)] = x
	}
	missing, differ := 0, 0
	for _, x := range incoming {
		l, ok := at[id(x)]
		switch {
		case !ok:
			missing++
		case !reflect.DeepEqual(l, x):
			differ++
		}
	}
	count := func(n int) string {
		if noun == "" {
			return strconv.Itoa(n)
		}
		if n == 1 {
			return "1 " + noun
		}
		return strconv.Itoa(n) + " " + nouns
	}
	var out []string
	if missing > 0 {
		out = append(out, count(missing)+" the team does not have")
	}
	if differ > 0 {
		out = append(out, count(differ)+" that differ"+verbS(differ))
	}
	return strings.Join(out, ", ")
}

// compareRatings counts the indicators whose recorded rating differs.
func compareRatings(local, incoming *Session) string {
	n := 0
	seen := map[string]bool{}
	for id, r := range incoming.Ratings {
		seen[id] = true
		if !sameRating(local.Ratings[id], r) {
			n++
		}
	}
	for id, r := range local.Ratings {
		if !seen[id] && !sameRating(r, nil) {
			n++
		}
	}
	if n == 0 {
		return ""
	}
	return CountOf(n, "indicator") + " differ" + verbS(n)
}

// sameRating compares two rating records, nil being the same as empty.
func sameRating(a, b *IndicatorRating) bool {
	var x, y IndicatorRating
	if a != nil {
		x = *a
	}
	if b != nil {
		y = *b
	}
	if len(x.Members) == 0 && len(y.Members) == 0 {
		x.Members, y.Members = nil, nil
	}
	return reflect.DeepEqual(x, y)
}

// structDiff names the fields of two values of a struct type that differ,
// as "question, evidence differ" ("" when none do).
func structDiff[T any](l, i T) string {
	lv, iv := reflect.ValueOf(l), reflect.ValueOf(i)
	var names []string
	for f := range lv.NumField() {
		if !reflect.DeepEqual(lv.Field(f).Interface(), iv.Field(f).Interface()) {
			names = append(names, fieldLabel(lv.Type().Field(f)))
		}
	}
	if len(names) == 0 {
		return ""
	}
	return strings.Join(names, ", ") + " differ" + verbS(len(names))
}

// answersDiff names the questions of one part (of the team's template) whose
// answers differ, as "why matters, evidence differ" ("" when none do).
func answersDiff(local, incoming *Session, part QuestionPart) string {
	var names []string
	for _, q := range local.Template.Questions.In(part) {
		if !sameAnswer(local.Answers[q.ID], incoming.Answers[q.ID]) {
			names = append(names, strings.ReplaceAll(q.ID, "_", " "))
		}
	}
	if len(names) == 0 {
		return ""
	}
	return strings.Join(names, ", ") + " differ" + verbS(len(names))
}

func sameAnswer(a, b Answer) bool {
	return a.Text == b.Text && slices.Equal(a.Choices, b.Choices)
}

// joinDiffs joins the non-empty descriptions of one part with "; ".
func joinDiffs(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "; ")
}

// differingFields is structDiff for a list of named values.
func differingFields(names, l, i []string) string {
	var out []string
	for k := range names {
		if l[k] != i[k] {
			out = append(out, names[k])
		}
	}
	if len(out) == 0 {
		return ""
	}
	return strings.Join(out, ", ") + " differ" + verbS(len(out))
}

// verbS is "s" for one thing ("differs") and "" for several ("differ").
func verbS(n int) string {
	if n == 1 {
		return "s"
	}
	return ""
}

// fieldLabel names a field as its JSON key does, in words.
func fieldLabel(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		name = strings.ToLower(f.Name)
	}
	return strings.ReplaceAll(name, "_", " ")
}

// joinAnd writes "a", "a and b", "a, b and c".
func joinAnd(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// clip folds text onto one clean line of at most 100 characters.
func clip(s string) string { return clipTo(s, 100) }

func clipTo(s string, n int) string { return Shorten(CleanLine(s), n) }
