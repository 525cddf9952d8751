package workbook

import (
	"encoding/json"
	"fmt"
	"reflect"
)

// Several people on one session at once (the cohort server): what one of
// them sees when another saves first. Their copy is brought up to date with
// the stored one and their own unsaved edits are put back on top, field by
// field, with the three-way merge of merge.go: a field only they changed
// keeps their value, a field both changed to the same value is no
// conflict, and a field both changed differently keeps the stored value
// (saved first) and is named, so nobody's answer is overwritten unseen.
// Each member's rating is its own field (ratings → indicator → members →
// member id), so two members rating the same indicator at once never
// conflict; the consensus is one field per indicator.

// RebaseResult is what Rebase did.
type RebaseResult struct {
	// Session is theirs with our edits on top: what to show and save.
	Session *Session
	// Applied is true when any of our edits was put back (the result
	// differs from theirs and must be saved).
	Applied bool
	// Conflicts names each field both sides changed differently: the
	// stored value was kept, ours was not applied ("indicator “Shared
	// vision”: consensus (saved meanwhile: 3 (Routine); yours: 2, not
	// applied)").
	Conflicts []string
	// Refused says, when not empty, why our edits could not be put back at
	// all (the result would be inconsistent): Session is then theirs.
	Refused string
}

// Rebase puts the edits ours made since base on top of theirs, a newer
// stored copy of the same session. It changes none of its arguments. The
// id, revision and timestamps are theirs (the copy the next save must
// name).
func Rebase(base, ours, theirs *Session) (RebaseResult, error) {
	res := RebaseResult{Session: theirs.Clone()}
	trees := make([]map[string]any, 3)
	for i, s := range []*Session{base, theirs, ours} {
		t, err := zeroFreeTree(s)
		if err != nil {
			return RebaseResult{}, err
		}
		trees[i] = t
	}
	m := merger{layout: theirs}
	out, _ := m.merge(nil, trees[0], trees[1], trees[2]).(map[string]any)
	like := theirs.Clone()
	for _, part := range []struct {
		name    string
		b, t, o any
		take    func()
	}{
		{"template", base.Template, theirs.Template, ours.Template, func() { like.Template = ours.Template }},
		{"link to last year", base.Previous, theirs.Previous, ours.Previous, func() { like.Previous = ours.Clone().Previous }},
	} {
		switch {
		case reflect.DeepEqual(part.t, part.o), reflect.DeepEqual(part.b, part.o):
		case reflect.DeepEqual(part.b, part.t):
			part.take()
			res.Applied = true
		default:
			res.Conflicts = append(res.Conflicts, part.name)
		}
	}
	merged, err := sessionFromTree(out, like)
	if err != nil {
		return RebaseResult{}, err
	}
	lb := labeler{theirs, ours}
	res.Applied = res.Applied || len(m.applied) > 0
	for _, c := range m.conflicts {
		var both string
		switch {
		case isMissing(c.from):
			both = "removed meanwhile; your change was not applied"
		case isMissing(c.to):
			both = "changed meanwhile; your removal was not applied"
		default:
			both = "saved meanwhile: " + orChanged(lb.value(c.path, c.from)) + "; yours: " + orChanged(lb.value(c.path, c.to)) + ", not applied"
		}
		res.Conflicts = append(res.Conflicts, lb.label(c.path)+" ("+both+")")
	}
	comments, ch, _ := mergeComments(merged, true, base.Comments, theirs.Comments, ours.Comments)
	merged.Comments = comments
	res.Applied = res.Applied || ch.Any()
	res.Conflicts = append(res.Conflicts, commentConflicts(merged, base.Comments, theirs.Comments, ours.Comments)...)
	if !res.Applied {
		return res, nil
	}
	if err := ValidateSession(merged); err != nil {
		res.Applied, res.Refused = false, ValidationProblem(err)
		return res, nil
	}
	res.Session = merged
	return res, nil
}

// zeroFreeTree is the session's content tree without fields at their zero
// value (0, false, ""): a field never set and one set to nothing are the
// same answer (an indicator rated by one member carries the consensus 0,
// "not rated", which the other's copy lacks; that is not a change).
func zeroFreeTree(s *Session) (map[string]any, error) {
	t, err := contentTree(s)
	if err != nil {
		return nil, err
	}
	dropZero(t)
	dropEmpty(t)
	return t, nil
}

// dropZero removes the object keys holding a zero value, at any depth (list
// items stay where they are).
func dropZero(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			switch e := e.(type) {
			case json.Number:
				if f, err := e.Float64(); err == nil && f == 0 {
					delete(x, k)
				}
			case bool:
				if !e {
					delete(x, k)
				}
			case string:
				if e == "" {
					delete(x, k)
				}
			default:
				dropZero(e)
			}
		}
	case []any:
		for _, e := range x {
			dropZero(e)
		}
	}
}

// commentConflicts names the comments whose text, or whose thread's state
// (resolved or open), both sides changed differently since base: the
// stored one is kept (mergeComments keeps the local side, here theirs).
func commentConflicts(s *Session, base, theirs, ours []Comment) []string {
	inBase := map[string]Comment{}
	for _, c := range base {
		inBase[c.ID] = c
	}
	inOurs := map[string]Comment{}
	for _, c := range ours {
		inOurs[c.ID] = c
	}
	var out []string
	for _, t := range theirs {
		b, okB := inBase[t.ID]
		o, okO := inOurs[t.ID]
		if !okB || !okO {
			continue
		}
		on := fmt.Sprintf("comment by %s on %s", t.Label(), PartTitle(s, t.Part))
		if !t.IsDeleted() && !o.IsDeleted() && t.Text != b.Text && o.Text != b.Text && t.Text != o.Text {
			out = append(out, on+": its text (edited meanwhile; your edit was not applied)")
		}
		if st, so, sb := state(t), state(o), state(b); st != sb && so != sb && st.resolved != so.resolved {
			out = append(out, on+": resolved or open (changed meanwhile; yours was not applied)")
		}
	}
	return out
}

// OnlyCommentsChanged reports whether after differs from before in its
// comments at most: the rule of review mode, where a coach (or anyone
// reading another's session) may add and answer comments and change
// nothing else. The revision and the last change's time are not content.
func OnlyCommentsChanged(before, after *Session) bool {
	a := after.Clone()
	a.Comments = before.Comments
	a.Revision, a.Updated = before.Revision, before.Updated
	if reflect.DeepEqual(before, a) {
		return true
	}
	// A nil and an empty list or map are the same content: compare the
	// content trees (which drop empties) and the parts kept outside them.
	tb, errB := contentTree(before)
	ta, errA := contentTree(a)
	return errB == nil && errA == nil && reflect.DeepEqual(tb, ta) &&
		before.ID == a.ID && before.Created.Equal(a.Created) && reflect.DeepEqual(before.Merged, a.Merged) &&
		reflect.DeepEqual(before.Template, a.Template) && reflect.DeepEqual(before.Previous, a.Previous)
}

// ChangedParts names what changed from a to b, one entry per field (the
// merge's labels: "indicator “Shared vision”: consensus", "action step
// “Book the room”: due date", "comments on Problem of practice"), at most
// limit entries and then "and N more" (limit ≤ 0: all). It is for an audit
// log: which parts, not their values.
func ChangedParts(a, b *Session, limit int) ([]string, error) {
	ta, err := zeroFreeTree(a)
	if err != nil {
		return nil, err
	}
	tb, err := zeroFreeTree(b)
	if err != nil {
		return nil, err
	}
	d := differ{layout: b}
	d.diff(nil, ta, tb)
	lb := labeler{b, a}
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, c := range d.changes {
		add(lb.label(c.path))
	}
	if !reflect.DeepEqual(a.Template, b.Template) {
		add("template")
	}
	if !reflect.DeepEqual(a.Previous, b.Previous) {
		add("link to last year")
	}
	before := map[string]Comment{}
	for _, c := range a.Comments {
		before[c.ID] = c
	}
	for _, c := range b.Comments {
		if old, ok := before[c.ID]; !ok || !reflect.DeepEqual(old, c) {
			add("comments on " + PartTitle(b, c.Part))
		}
	}
	if limit > 0 && len(out) > limit {
		more := len(out) - limit
		out = append(out[:limit:limit], fmt.Sprintf("and %d more", more))
	}
	return out, nil
}
