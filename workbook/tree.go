package workbook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// A session's content as a JSON tree, for the three-way merge (merge.go)
// and the comparison of two received files (diff.go). Walking the tree
// keeps every field covered without a list to maintain: a field added to
// Session is merged and compared like the others. Paths are the JSON keys,
// with list items named by their id ("plan", "actions", "a3", "due").

// missing stands for a key or list item one version does not have.
type missing struct{}

func isMissing(v any) bool { _, ok := v.(missing); return ok }

// contentTree is the session's JSON as a tree, without what is not content
// (its id, revision and timestamps: each workbook file keeps its own; the
// last merge's mark), without the comments (merged on their own) and
// without the template snapshot and the link to last year, which are
// single values (compared whole, by their callers).
func contentTree(s *Session) (map[string]any, error) {
	c := s.Clone()
	c.Comments, c.Merged = nil, nil
	b, err := json.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("cannot encode session %s: %w", s.ID, err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber() // numbers stay exactly as written
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("cannot read session %s back: %w", s.ID, err)
	}
	for _, k := range []string{"id", "revision", "created", "updated", "comments", "merged", "template", "previous"} {
		delete(m, k)
	}
	dropEmpty(m)
	return m, nil
}

// dropEmpty removes the keys holding null, an empty list or an empty object
// (at any depth): a nil and an empty list are the same content.
func dropEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case map[string]any:
		for k, e := range x {
			if dropEmpty(e) {
				delete(x, k)
			}
		}
		return len(x) == 0
	case []any:
		for _, e := range x {
			dropEmpty(e)
		}
		return len(x) == 0
	}
	return false
}

// sessionFromTree builds a session from a content tree, taking the rest
// (id, revision, timestamps, comments, mark, template, link to last year)
// from like.
func sessionFromTree(m map[string]any, like *Session) (*Session, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	var s Session
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, err
	}
	s.ID, s.Revision, s.Created, s.Updated = like.ID, like.Revision, like.Created, like.Updated
	c := like.Clone()
	s.Comments, s.Merged, s.Template, s.Previous = c.Comments, c.Merged, c.Template, c.Previous
	return &s, nil
}

// listKey is the key that names the items of the list at path ("" for a
// list that is one value, such as the focus indicators).
func listKey(path []string) string {
	// A measure's dated values and a step's improvement cycles are named
	// by their ids too (plan/data_plan/ROW/values, plan/actions/STEP/cycles).
	if len(path) == 4 && path[0] == "plan" && (path[1] == "data_plan" && path[3] == "values" || path[1] == "actions" && path[3] == "cycles") {
		return "id"
	}
	switch strings.Join(path, "/") {
	case "roster", "plan/actions", "plan/data_plan", "check_ins":
		return "id"
	case "reflection/conditions":
		return "condition"
	}
	return ""
}

// keyed indexes a list by its items' key: ok is false when an item has no
// key or shares it with another (then the list is one value).
func keyed(list []any, key string) (byID map[string]any, order []string, ok bool) {
	byID = make(map[string]any, len(list))
	for _, item := range list {
		obj, isObj := item.(map[string]any)
		id, isStr := obj[key].(string)
		if !isObj || !isStr || id == "" {
			return nil, nil, false
		}
		if _, dup := byID[id]; dup {
			return nil, nil, false
		}
		byID[id] = item
		order = append(order, id)
	}
	return byID, order, true
}

func get(m map[string]any, k string) any {
	if v, ok := m[k]; ok {
		return v
	}
	return missing{}
}

func sameValue(a, b any) bool { return reflect.DeepEqual(a, b) }

// child is path and one more element, in a slice of its own.
func child(path []string, k string) []string {
	return append(path[:len(path):len(path)], k)
}

// topOrder is the order of a session's parts, as the workbook lays them out.
func topOrder() []string {
	return []string{"team", "district", "school_year", "roster", "ratings", "problem", "answers", "plan", "check_ins", "reflection"}
}

// layoutKeys is the keys of the objects at path in the order the session
// lays them out: the parts, the indicators and questions in template
// order, the rest sorted.
func layoutKeys(s *Session, path []string, ms ...map[string]any) []string {
	keys := sortedKeys(ms...)
	var order []string
	switch {
	case len(path) == 0:
		order = topOrder()
	case len(path) == 1 && path[0] == "ratings":
		for _, in := range s.Template.Indicators() {
			order = append(order, in.ID)
		}
	case len(path) == 1 && path[0] == "answers":
		for _, part := range QuestionParts() {
			for _, q := range s.Template.Questions.In(part) {
				order = append(order, q.ID)
			}
		}
	default:
		return keys
	}
	rank := func(k string) int {
		if i := slices.Index(order, k); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortStableFunc(keys, func(a, b string) int { return rank(a) - rank(b) })
	return keys
}

func sortedKeys(ms ...map[string]any) []string {
	var keys []string
	for _, m := range ms {
		for k := range m {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	slices.Sort(keys)
	return keys
}

// fieldChange is one field that differs: its path and its two values.
type fieldChange struct {
	path      []string
	from, to  any // the base's (or local's) value and the other's
	itemWhole bool
}

// merger is a three-way merge of content trees: for every field, a change
// on one side only is taken (from the file) or kept (the team's), the same
// change on both sides is no conflict, and different changes on both sides
// are conflicts, where the team's value is kept. Nothing the team removed
// comes back: a removed item the file changed is a conflict, and stays
// removed.
type merger struct {
	layout    *Session      // orders the fields as the session lays them out
	applied   []fieldChange // taken from the file
	conflicts []fieldChange // from: the team's value, to: the file's
	kept      int           // the team's own changes since the base
}

func (m *merger) merge(path []string, b, l, i any) any {
	if sameValue(l, i) {
		return l
	}
	// Objects and keyed lists on both sides merge field by field, item by
	// item (the base may lack them).
	lm, lok := l.(map[string]any)
	im, iok := i.(map[string]any)
	bm, bok := b.(map[string]any)
	if lok && iok && (bok || isMissing(b)) {
		return m.object(path, bm, lm, im)
	}
	if key := listKey(path); key != "" {
		la, lok := l.([]any)
		ia, iok := i.([]any)
		ba, bok := b.([]any)
		if lok && iok && (bok || isMissing(b)) {
			if out, ok := m.list(path, key, ba, la, ia); ok {
				return out
			}
		}
	}
	switch {
	case sameValue(b, l):
		m.applied = append(m.applied, fieldChange{path: path, from: l, to: i})
		return i
	case sameValue(b, i):
		m.kept++
		return l
	}
	m.conflicts = append(m.conflicts, fieldChange{path: path, from: l, to: i})
	return l
}

func (m *merger) object(path []string, b, l, i map[string]any) map[string]any {
	out := make(map[string]any, len(l))
	for _, k := range layoutKeys(m.layout, path, b, l, i) {
		if v := m.merge(child(path, k), get(b, k), get(l, k), get(i, k)); !isMissing(v) {
			out[k] = v
		}
	}
	return out
}

// list merges keyed lists item by item: the team's order, then the items
// the file added, in its order.
func (m *merger) list(path []string, key string, b, l, i []any) ([]any, bool) {
	bm, _, bok := keyed(b, key)
	lm, lorder, lok := keyed(l, key)
	im, iorder, iok := keyed(i, key)
	if !bok || !lok || !iok {
		return nil, false
	}
	out := make([]any, 0, len(l))
	for _, id := range lorder {
		if v := m.merge(child(path, id), get(bm, id), lm[id], get(im, id)); !isMissing(v) {
			out = append(out, v)
		}
	}
	for _, id := range iorder {
		if _, ok := lm[id]; ok {
			continue
		}
		if v := m.merge(child(path, id), get(bm, id), missing{}, im[id]); !isMissing(v) {
			out = append(out, v)
		}
	}
	return out, true
}

// differ lists the fields where two trees differ, down to the items of
// keyed lists (an item only one side has is one change).
type differ struct {
	layout  *Session
	changes []fieldChange
}

func (d *differ) diff(path []string, a, b any) {
	if sameValue(a, b) {
		return
	}
	if key := listKey(path); key != "" {
		aa, _ := a.([]any)
		ba, _ := b.([]any)
		amap, aorder, aok := keyed(aa, key)
		bmap, border, bok := keyed(ba, key)
		if aok && bok {
			for _, id := range aorder {
				d.item(child(path, id), amap[id], get(bmap, id))
			}
			for _, id := range border {
				if _, ok := amap[id]; !ok {
					d.item(child(path, id), missing{}, bmap[id])
				}
			}
			return
		}
	}
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if (aok || isMissing(a)) && (bok || isMissing(b)) {
		for _, k := range layoutKeys(d.layout, path, am, bm) {
			d.diff(child(path, k), get(am, k), get(bm, k))
		}
		return
	}
	d.changes = append(d.changes, fieldChange{path: path, from: a, to: b})
}

// item compares one item of a keyed list: added or removed whole, else
// field by field.
func (d *differ) item(path []string, a, b any) {
	switch {
	case sameValue(a, b):
	case isMissing(a) || isMissing(b):
		d.changes = append(d.changes, fieldChange{path: path, from: a, to: b, itemWhole: true})
	default:
		am, _ := a.(map[string]any)
		bm, _ := b.(map[string]any)
		for _, k := range sortedKeys(am, bm) {
			if v, w := get(am, k), get(bm, k); !sameValue(v, w) {
				d.changes = append(d.changes, fieldChange{path: child(path, k), from: v, to: w})
			}
		}
	}
}
