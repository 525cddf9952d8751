package workbook

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The team's merge of a file a coach sends back (`import --merge`).
//
// A coach's file says which copy of the team's it was made from (its base:
// ExchangeBase). With the base the merge is three-way: every field the file
// changed and the team did not is taken, every field the team changed since
// is kept without comment, and only a field both changed differently is a
// conflict (the team's value is kept and the report names it). Nothing the
// team removed comes back. Comments merge comment by comment: new threads
// and replies are added, and edits, deletions (tombstones), resolutions and
// reopenings are applied.
//
// Without a usable base (a file from before threads, or one whose base was
// too large to travel and the team has changed since) only comments are
// merged, by time (the later edit, resolution or reopening wins; a deletion
// always does), and every part where the file differs is listed as not
// taken.

// BaseUse says which base a merge used.
type BaseUse struct {
	// Found is true when the merge was three-way.
	Found bool
	// Revision is the base's revision in the team's workbook file.
	Revision int
	// Why says, when Found is false, why no base could be used.
	Why string
}

// CommentChanges is what a file brought to the comments.
type CommentChanges struct {
	Threads  []Comment // new threads
	Replies  []Comment // new replies
	Edited   []Comment // comments whose author changed the text
	Deleted  []Comment // comments their author deleted (tombstones)
	Resolved []Comment // threads resolved (their first comment)
	Reopened []Comment // threads reopened
	// Unknown counts comments on a part this session's template does not
	// have, or replies to a thread it does not have: not taken.
	Unknown int
}

// All is every comment changed, in the order above, each once.
func (c CommentChanges) All() []Comment {
	var out []Comment
	for _, list := range [][]Comment{c.Threads, c.Replies, c.Edited, c.Deleted, c.Resolved, c.Reopened} {
		for _, x := range list {
			if !slices.ContainsFunc(out, func(y Comment) bool { return y.ID == x.ID }) {
				out = append(out, x)
			}
		}
	}
	return out
}

// Any reports whether anything changed.
func (c CommentChanges) Any() bool { return len(c.All()) > 0 }

// MergeResult is what Merge did.
type MergeResult struct {
	// Session is the team's session with what was taken from the file.
	Session *Session
	Base    BaseUse
	// Comments is what the file brought to the comments.
	Comments CommentChanges
	// Applied names the fields taken from the file ("action step “X”: due
	// date: 2026-03-01 → 2026-04-01").
	Applied []string
	// Conflicts names the fields both sides changed differently, with both
	// values; the team's were kept.
	Conflicts []string
	// KeptOwn is true when the team changed anything since the base (all of
	// it kept, none of it a conflict).
	KeptOwn bool
	// NotTaken (without a base) has one line per part where the file
	// differs from the team's copy, e.g. "action steps: 1 the team does
	// not have".
	NotTaken []string
	// Refused says why the file's changes to the content were not taken
	// (the merged session would be inconsistent); "" when they were.
	Refused string
}

// Changed reports whether the merge changed the team's session.
func (r MergeResult) Changed() bool { return r.Comments.Any() || len(r.Applied) > 0 }

// Merge merges a file (from a coach) into the team's session local. It
// changes neither argument; the result's Session is what to store.
func Merge(local *Session, f SessionFile, now time.Time) (MergeResult, error) {
	incoming := f.Session
	base, use := findBase(local, f)
	res := MergeResult{Session: local.Clone(), Base: use}
	lb := labeler{local, incoming}

	var baseComments []Comment
	if base != nil {
		baseComments = base.Comments
	}
	comments, changes, conflicts := mergeComments(local, base != nil, baseComments, local.Comments, incoming.Comments)
	res.Comments, res.Conflicts = changes, conflicts

	if base == nil {
		res.NotTaken = notTaken(local, incoming, changes)
	} else {
		merged, applied, conflicts, kept, err := mergeContent(base, local, incoming, lb)
		if err != nil {
			return MergeResult{}, err
		}
		res.KeptOwn = kept
		res.Conflicts = append(conflicts, res.Conflicts...)
		if len(applied) > 0 {
			merged.Comments = comments
			if err := ValidateSession(merged); err != nil {
				res.Refused = ValidationProblem(err)
			} else {
				res.Session, res.Applied = merged, applied
			}
		}
	}
	res.Session.Comments = comments
	if err := ValidateSession(res.Session); err != nil {
		return MergeResult{}, fmt.Errorf("the merged session would be inconsistent (%s); nothing was changed", ValidationProblem(err))
	}
	if res.Changed() {
		var ids, from []string
		for _, c := range changes.All() {
			ids = append(ids, c.ID)
			if l := c.Label(); !slices.Contains(from, l) {
				from = append(from, l)
			}
		}
		res.Session.Merged = &MergeMark{At: now, From: joinAnd(from), Comments: ids}
	}
	return res, nil
}

// findBase is the base the file was made from: the copy it carries, or the
// team's own session when that is still exactly what was sent.
func findBase(local *Session, f SessionFile) (*Session, BaseUse) {
	b := f.Base
	switch {
	case b == nil:
		return nil, BaseUse{Why: "the file does not say which copy of yours it was made from"}
	case b.Session != nil:
		return b.Session, BaseUse{Found: true, Revision: b.Revision}
	}
	if local.Revision == b.Revision {
		if h, err := BaseHash(local); err == nil && h == b.SHA256 {
			return local, BaseUse{Found: true, Revision: b.Revision}
		}
	}
	why := "the file does not carry the copy of yours it was made from (it was too large to travel), and yours has changed since"
	if f.BaseProblem != "" {
		why = f.BaseProblem
	}
	return nil, BaseUse{Revision: b.Revision, Why: why}
}

// mergeContent is the three-way merge of everything but the comments.
func mergeContent(base, local, incoming *Session, lb labeler) (merged *Session, applied, conflicts []string, kept bool, err error) {
	trees := make([]map[string]any, 3)
	for i, s := range []*Session{base, local, incoming} {
		if trees[i], err = contentTree(s); err != nil {
			return nil, nil, nil, false, err
		}
	}
	m := merger{layout: local}
	out, _ := m.merge(nil, trees[0], trees[1], trees[2]).(map[string]any)
	like := local.Clone()
	// The template snapshot and the link to last year are single values.
	for _, part := range []struct {
		name    string
		b, l, i any
		take    func()
	}{
		{"template", base.Template, local.Template, incoming.Template, func() { like.Template = incoming.Template }},
		{"link to last year", base.Previous, local.Previous, incoming.Previous, func() { like.Previous = incoming.Clone().Previous }},
	} {
		switch {
		case reflect.DeepEqual(part.l, part.i):
		case reflect.DeepEqual(part.b, part.l):
			part.take()
			applied = append(applied, part.name)
		case reflect.DeepEqual(part.b, part.i):
			kept = true
		default:
			conflicts = append(conflicts, part.name)
		}
	}
	if merged, err = sessionFromTree(out, like); err != nil {
		return nil, nil, nil, false, err
	}
	for _, c := range m.applied {
		applied = append(applied, lb.label(c.path)+": "+lb.change(c))
	}
	for _, c := range m.conflicts {
		var both string
		switch {
		case isMissing(c.from):
			both = "you removed it; the file changed it"
		case isMissing(c.to):
			both = "you changed it; the file removed it"
		default:
			both = "yours: " + orChanged(lb.value(c.path, c.from)) + ", the file's: " + orChanged(lb.value(c.path, c.to))
		}
		conflicts = append(conflicts, lb.label(c.path)+" ("+both+")")
	}
	return merged, applied, conflicts, kept || m.kept > 0, nil
}

func orChanged(v string) string {
	if v == "" {
		return "changed text"
	}
	return v
}

// mergeComments merges the comments comment by comment (see the package
// comment above); with a base, a field both sides changed differently is a
// conflict and the team's is kept.
func mergeComments(s *Session, hasBase bool, base, local, incoming []Comment) ([]Comment, CommentChanges, []string) {
	var ch CommentChanges
	var conflicts []string
	out := slices.Clone(local)
	at := map[string]int{}
	for i, c := range out {
		at[c.ID] = i
	}
	inBase := map[string]Comment{}
	for _, c := range base {
		inBase[c.ID] = c
	}
	for _, in := range incoming {
		i, ok := at[in.ID]
		if !ok {
			if _, was := inBase[in.ID]; was && hasBase {
				continue // the team removed it: it does not come back
			}
			if !commentFits(s, out, at, in) {
				ch.Unknown++
				continue
			}
			at[in.ID] = len(out)
			out = append(out, in)
			if in.IsReply() {
				ch.Replies = append(ch.Replies, in)
			} else {
				ch.Threads = append(ch.Threads, in)
			}
			continue
		}
		l := &out[i]
		b, hasB := inBase[in.ID]
		hasB = hasB && hasBase
		// The text: a deletion always wins; otherwise the author's edit.
		switch {
		case l.IsDeleted():
		case in.IsDeleted():
			l.Text, l.Edited, l.Deleted = "", in.Edited, in.Deleted
			ch.Deleted = append(ch.Deleted, *l)
		case l.Text == in.Text:
		case hasB && b.Text == l.Text, !hasB && in.Edited.After(l.Edited):
			l.Text, l.Edited = in.Text, in.Edited
			ch.Edited = append(ch.Edited, *l)
		case hasB && b.Text == in.Text:
		default:
			if hasB {
				conflicts = append(conflicts, "comment by "+l.Label()+" on "+PartTitle(s, l.Part)+": its text (yours kept)")
			}
		}
		// Resolved or open: the later change wins, or with a base the one
		// side that changed it.
		ls, is := state(*l), state(in)
		switch {
		case ls == is:
		case hasB && state(b) == ls, !hasB && in.StateAt.After(l.StateAt):
			l.Resolved, l.ResolvedBy, l.StateAt = in.Resolved, in.ResolvedBy, in.StateAt
			if in.Resolved {
				ch.Resolved = append(ch.Resolved, *l)
			} else {
				ch.Reopened = append(ch.Reopened, *l)
			}
		case hasB && state(b) == is:
		default:
			if hasB {
				conflicts = append(conflicts, "thread by "+l.Label()+" on "+PartTitle(s, l.Part)+": resolved or open (yours kept)")
			}
		}
	}
	return out, ch, conflicts
}

type commentState struct {
	resolved bool
	by       string
	at       time.Time
}

func state(c Comment) commentState { return commentState{c.Resolved, c.ResolvedBy, c.StateAt} }

// commentFits reports whether a comment new to the session can be shown in
// it: its domain, indicator or question is in the template, and a reply's
// thread is there.
func commentFits(s *Session, have []Comment, at map[string]int, c Comment) bool {
	switch c.Part.Kind {
	case PartDomain, PartIndicator, PartQuestion:
		if !partExists(s, c.Part) {
			return false
		}
	}
	if c.ReplyTo == "" {
		return true
	}
	i, ok := at[c.ReplyTo]
	return ok && have[i].ReplyTo == "" && have[i].Part == c.Part
}

// notTaken lists, without a base, the parts where the file differs from the
// team's copy (nothing of them is taken).
func notTaken(local, incoming *Session, ch CommentChanges) []string {
	var out []string
	add := func(part, detail string) {
		if detail != "" {
			out = append(out, part+": "+detail)
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
	if ch.Unknown > 0 {
		add("comments", fmt.Sprintf("%d on a part this workbook's template does not have", ch.Unknown))
	}
	return out
}

// Report is the merge in words: which base it used, what the file brought
// to the comments, the fields taken, that the team's own changes were kept,
// the conflicts (one line each), and without a base the parts not taken.
func (r MergeResult) Report() []string {
	var lines []string
	if r.Base.Found {
		lines = append(lines, fmt.Sprintf("Merged against the copy you sent (revision %d): what you changed since is kept.", r.Base.Revision))
	} else if r.Base.Why != "" {
		lines = append(lines, "Only comments were merged: "+r.Base.Why+".")
	}
	ch := r.Comments
	if !ch.Any() && len(r.Applied) == 0 {
		lines = append(lines, "Nothing to merge: the file has nothing new for you.")
	}
	added := func(list []Comment, noun string) {
		if len(list) == 0 {
			return
		}
		var authors, parts []string
		for _, c := range list {
			if a := c.Label(); !slices.Contains(authors, a) {
				authors = append(authors, a)
			}
			if len(parts) < maxListedParts {
				parts = append(parts, "on "+PartTitle(r.Session, c.Part))
			}
		}
		if more := len(list) - len(parts); more > 0 {
			parts = append(parts, fmt.Sprintf("and %d more", more))
		}
		lines = append(lines, fmt.Sprintf("Added %s from %s: %s.", CountOf(len(list), noun), joinAnd(authors), strings.Join(parts, ", ")))
	}
	added(ch.Threads, "comment")
	added(ch.Replies, "reply")
	var did []string
	for _, x := range []struct {
		list []Comment
		verb string
		noun string
	}{{ch.Edited, "edited", "comment"}, {ch.Deleted, "deleted", "comment"}, {ch.Resolved, "resolved", "thread"}, {ch.Reopened, "reopened", "thread"}} {
		if len(x.list) > 0 {
			did = append(did, x.verb+" "+CountOf(len(x.list), x.noun))
		}
	}
	if len(did) > 0 {
		lines = append(lines, "From the file: "+joinAnd(did)+".")
	}
	if n := len(r.Applied); n > 0 {
		lines = append(lines, fmt.Sprintf("Took %s from the file:", CountOf(n, "change")))
		for _, a := range r.Applied {
			lines = append(lines, "  - "+CleanLine(a))
		}
	}
	if r.Base.Found && ch.Unknown > 0 {
		lines = append(lines, fmt.Sprintf("Not taken: %s on a part your template does not have.", CountOf(ch.Unknown, "comment")))
	}
	if r.Refused != "" {
		lines = append(lines, "The file's other changes were not taken: together with yours they would make the session inconsistent ("+r.Refused+").")
	}
	if n := len(r.Conflicts); n > 0 {
		lines = append(lines, fmt.Sprintf("%s: both of you changed %s differently; yours %s kept:", CountOf(n, "conflict"), map[bool]string{true: "it", false: "them"}[n == 1], map[bool]string{true: "was", false: "were"}[n == 1]))
		for _, c := range r.Conflicts {
			lines = append(lines, "  - "+CleanLine(c))
		}
	} else if r.Base.Found {
		lines = append(lines, "No conflicts.")
	}
	if n := len(r.NotTaken); n > 0 {
		lines = append(lines, fmt.Sprintf("The file differs from your copy in %s; %s not taken:", CountOf(n, "part"), map[bool]string{true: "it was", false: "they were"}[n == 1]))
		for _, l := range r.NotTaken {
			lines = append(lines, "  - "+CleanLine(l))
		}
	}
	return lines
}

// maxListedParts bounds the parts named in one line of a report.
const maxListedParts = 10

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
