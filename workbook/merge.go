package workbook

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// Conflict is one part of a session that differs between this workbook and
// an imported copy. The local version was kept; both are listed so the team
// can decide by hand.
type Conflict struct {
	Part     string // e.g. `rating of "Shared vision"`, `action step "Train staff"`
	Local    string // what was kept, on one line
	Incoming string // what the file held, on one line
}

// MergeSessions folds an incoming copy of a session (typically the one a
// coach sends back) into the local one, part by part. No common ancestor is
// stored, so the rule is:
//
//   - comments are unioned by id, and an incoming comment replaces a local
//     one with the same id (comments are the coach's to edit);
//   - every other part (the roster member by id, each indicator's rating,
//     the problem of practice, the aim, the logic model, each action step,
//     data-plan row and check-in by id, the reflection, last year's link)
//     keeps the local version, unless the local part is empty or missing,
//     in which case the incoming one is taken;
//   - when both sides hold the part and they differ, the local version is
//     kept and a Conflict lists both: nothing is dropped silently.
//
// Neither argument is changed. Setup fields (team, district, year) and the
// template snapshot stay local; a difference there is listed too.
func MergeSessions(local, incoming *Session) (*Session, []Conflict) {
	m := local.Clone()
	in := incoming.Clone()
	var cs []Conflict
	var names map[string]string // member id -> name, for describing ratings
	add := func(part, l, i string) { cs = append(cs, Conflict{Part: part, Local: l, Incoming: i}) }
	diff := func(part string, l, i any) {
		ls, is := describeDiff(reflect.ValueOf(l), reflect.ValueOf(i), names)
		add(part, ls, is)
	}

	for _, f := range []struct{ name, l, i string }{
		{"team", m.Team, in.Team}, {"district", m.District, in.District},
		{"school year", m.SchoolYear, in.SchoolYear}, {"template", m.Template.Ref(), in.Template.Ref()},
	} {
		if f.l != f.i {
			add(f.name, cleanLine(f.l), cleanLine(f.i))
		}
	}

	m.Roster = mergeByID(m.Roster, in.Roster, func(x Member) string { return x.ID },
		func(x Member) string { return fmt.Sprintf("roster member %q", clip(x.Name)) }, diff)
	names = map[string]string{}
	for _, mem := range m.Roster {
		names[mem.ID] = cleanLine(mem.Name)
	}

	mergeRatings(m, in, diff)
	mergePart(&m.Problem, in.Problem, "problem of practice", diff)
	aim := aimPart{m.Plan.Aim, m.Plan.AimDate}
	mergePart(&aim, aimPart{in.Plan.Aim, in.Plan.AimDate}, "aim", diff)
	m.Plan.Aim, m.Plan.AimDate = aim.Aim, aim.AimDate
	mergePart(&m.Plan.Logic, in.Plan.Logic, "logic model", diff)
	m.Plan.Actions = mergeByID(m.Plan.Actions, in.Plan.Actions, func(x ActionStep) string { return x.ID },
		func(x ActionStep) string { return fmt.Sprintf("action step %q", clip(x.What)) }, diff)
	m.Plan.DataPlan = mergeByID(m.Plan.DataPlan, in.Plan.DataPlan, func(x DataRow) string { return x.ID },
		func(x DataRow) string { return fmt.Sprintf("data plan row %q", clip(x.Measure)) }, diff)
	m.CheckIns = mergeByID(m.CheckIns, in.CheckIns, func(x CheckIn) string { return x.ID },
		func(x CheckIn) string { return "check-in of " + cleanLine(x.Date) }, diff)
	mergePart(&m.Reflection, in.Reflection, "reflection", diff)
	if m.Previous == nil {
		m.Previous = in.Previous
	} else if in.Previous != nil && !reflect.DeepEqual(m.Previous, in.Previous) {
		diff("link to last year", *m.Previous, *in.Previous)
	}

	m.Comments = mergeComments(m.Comments, in.Comments)
	for i := range cs {
		cs[i].Local, cs[i].Incoming = clipTo(cs[i].Local, conflictChars), clipTo(cs[i].Incoming, conflictChars)
	}
	return m, cs
}

// aimPart is the plan's aim and its date, merged as one part.
type aimPart struct {
	Aim     string `json:"aim"`
	AimDate string `json:"date"`
}

// conflictChars bounds each side of a listed conflict.
const conflictChars = 240

// mergePart applies the keep-local rule to one value part.
func mergePart[T any](local *T, incoming T, name string, diff func(part string, l, i any)) {
	switch {
	case reflect.DeepEqual(*local, incoming), isEmpty(incoming):
	case isEmpty(*local):
		*local = incoming
	default:
		diff(name, *local, incoming)
	}
}

// mergeByID merges two lists of parts with ids: local order first, then the
// parts only the incoming copy has, in its order.
func mergeByID[T any](local, incoming []T, id func(T) string, name func(T) string, diff func(part string, l, i any)) []T {
	at := make(map[string]int, len(local))
	for i, x := range local {
		at[id(x)] = i
	}
	for _, x := range incoming {
		i, ok := at[id(x)]
		if !ok {
			local = append(local, x)
			at[id(x)] = len(local) - 1
			continue
		}
		mergePart(&local[i], x, name(local[i]), diff)
	}
	return local
}

// mergeRatings applies the rule to each indicator's rating record.
func mergeRatings(m, in *Session, diff func(part string, l, i any)) {
	for _, ind := range in.Template.Indicators() {
		ir := in.Ratings[ind.ID]
		if ir == nil {
			continue
		}
		name := fmt.Sprintf("rating of %q", clip(ind.Title))
		if _, _, ok := m.Template.Indicator(ind.ID); !ok {
			// The local template has no such indicator: keep nothing, list it.
			diff(name+" (not in this workbook's template)", IndicatorRating{}, *ir)
			continue
		}
		lr := m.Ratings[ind.ID]
		if lr == nil {
			if !isEmpty(*ir) {
				c := *ir
				m.Rating(ind.ID) // creates the map if needed
				m.Ratings[ind.ID] = &c
			}
			continue
		}
		l := *lr
		mergePart(&l, *ir, name, diff)
		*lr = l
	}
}

func mergeComments(local, incoming []Comment) []Comment {
	at := make(map[string]int, len(local))
	for i, c := range local {
		at[c.ID] = i
	}
	for _, c := range incoming {
		if i, ok := at[c.ID]; ok {
			local[i] = c
			continue
		}
		local = append(local, c)
		at[c.ID] = len(local) - 1
	}
	return local
}

// isEmpty reports whether a part holds nothing a person typed: the zero
// value, or only empty strings, lists and maps.
func isEmpty[T any](v T) bool { return emptyValue(reflect.ValueOf(v)) }

func emptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		return strings.TrimSpace(v.String()) == ""
	case reflect.Slice, reflect.Map:
		if v.Len() == 0 {
			return true
		}
		if v.Kind() == reflect.Map {
			for _, k := range v.MapKeys() {
				if !emptyValue(v.MapIndex(k)) {
					return false
				}
			}
			return true
		}
		for i := range v.Len() {
			if !emptyValue(v.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Struct:
		for i := range v.NumField() {
			if !emptyValue(v.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Pointer, reflect.Interface:
		return v.IsNil() || emptyValue(v.Elem())
	case reflect.Array:
		for i := range v.Len() {
			if !emptyValue(v.Index(i)) {
				return false
			}
		}
		return true
	}
	return v.IsZero()
}

// describeDiff shows two versions of a part by the fields that differ, as
// "label: value; label: value", so a long part's conflict stays readable.
func describeDiff(l, i reflect.Value, names map[string]string) (string, string) {
	if l.Kind() != reflect.Struct {
		return render(l, names), render(i, names)
	}
	var ls, is []string
	for f := range l.NumField() {
		lf, inf := l.Field(f), i.Field(f)
		if reflect.DeepEqual(lf.Interface(), inf.Interface()) {
			continue
		}
		label := fieldLabel(l.Type().Field(f))
		ls = append(ls, label+": "+orEmpty(render(lf, names)))
		is = append(is, label+": "+orEmpty(render(inf, names)))
	}
	return strings.Join(ls, "; "), strings.Join(is, "; ")
}

// fieldLabel names a field as its JSON key does, in words.
func fieldLabel(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		name = strings.ToLower(f.Name)
	}
	return strings.ReplaceAll(name, "_", " ")
}

func orEmpty(s string) string {
	if s == "" {
		return "(empty)"
	}
	return s
}

// render shows any part value on one line; member ids become names.
func render(v reflect.Value, names map[string]string) string {
	if v.Type() == reflect.TypeOf(Rating(0)) {
		return Rating(v.Int()).String()
	}
	switch v.Kind() {
	case reflect.String:
		return cleanLine(v.String())
	case reflect.Bool:
		return yesNo(v.Bool())
	case reflect.Slice, reflect.Array:
		var out []string
		for i := range v.Len() {
			out = append(out, render(v.Index(i), names))
		}
		return strings.Join(out, ", ")
	case reflect.Map:
		keys := make([]string, 0, v.Len())
		for _, k := range v.MapKeys() {
			keys = append(keys, k.String())
		}
		sort.Strings(keys)
		var out []string
		for _, k := range keys {
			label := k
			if n, ok := names[k]; ok {
				label = n
			}
			out = append(out, cleanLine(label)+" "+render(v.MapIndex(reflect.ValueOf(k)), names))
		}
		return strings.Join(out, ", ")
	case reflect.Struct:
		var out []string
		for f := range v.NumField() {
			if r := render(v.Field(f), names); r != "" {
				out = append(out, r)
			}
		}
		return strings.Join(out, " ")
	case reflect.Pointer:
		if v.IsNil() {
			return ""
		}
		return render(v.Elem(), names)
	}
	return fmt.Sprint(v.Interface())
}

// clip folds text onto one clean line of at most 100 characters.
func clip(s string) string { return clipTo(s, 100) }

func clipTo(s string, n int) string { return shorten(cleanLine(s), n) }
