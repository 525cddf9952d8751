package inventory

import (
	"fmt"
	"strings"
)

// Role is what a column of a usage report holds.
type Role string

const (
	RoleTool        Role = "tool"         // the tool's name (required)
	RoleActiveUsers Role = "active_users" // distinct people who used it
	RoleSessions    Role = "sessions"     // launches, logins or visits
	RoleMinutes     Role = "minutes"      // time in the tool: minutes, or h:mm[:ss]
	RoleFrom        Role = "from"         // first day the row covers
	RoleTo          Role = "to"           // last day the row covers
	RoleDate        Role = "date"         // the one day the row covers (daily reports)
)

// Roles lists the roles in the order columns are shown.
func Roles() []Role {
	return []Role{RoleTool, RoleActiveUsers, RoleSessions, RoleMinutes, RoleFrom, RoleTo, RoleDate}
}

func (r Role) String() string { return string(r) }

// Label is the role in plain words.
func (r Role) Label() string {
	switch r {
	case RoleTool:
		return "tool name"
	case RoleActiveUsers:
		return "active users"
	case RoleFrom:
		return "first day"
	case RoleTo:
		return "last day"
	}
	return string(r)
}

func isMetric(r Role) bool { return r == RoleActiveUsers || r == RoleSessions || r == RoleMinutes }

// Mapping says which column of the file holds each role, by the column's
// name as written in the header. A role left out is not in the file.
type Mapping map[Role]string

// Preset describes a kind of usage report the import recognises by its
// header, so the user does not have to map columns by hand.
//
// The column names of ClassLink's and Clever's analytics exports could not
// be checked against a real file or a published list; Clever's help pages
// name the figures "unique users" and "total logins". The presets
// therefore accept several likely spellings of each column, and any other
// report can be imported with a Mapping the user confirms.
type Preset struct {
	ID      string
	Title   string
	Source  UsageSource
	Report  string            // recorded with each figure; part of the re-import key
	Columns map[Role][]string // accepted column names per role, the first shown to people
	Require []Role            // roles besides the tool that must be found for the preset to apply
}

// Presets returns the recognised report kinds, most specific first.
func Presets() []Preset {
	dates := func(m map[Role][]string) map[Role][]string {
		m[RoleFrom] = []string{"Start Date", "From", "From Date", "Period Start", "Date From", "Begin Date"}
		m[RoleTo] = []string{"End Date", "To", "To Date", "Period End", "Date To", "Through"}
		m[RoleDate] = []string{"Date", "Day", "Login Date", "Launch Date", "Usage Date"}
		return m
	}
	return []Preset{
		{
			ID: "clever", Title: "Clever-style analytics export", Source: FromSSO, Report: "Clever",
			Columns: dates(map[Role][]string{
				RoleTool:        {"App", "App Name", "Application", "Application Name"},
				RoleActiveUsers: {"Unique Users", "Active Users", "Users"},
				RoleSessions:    {"Total Logins", "Logins", "Login Count"},
			}),
			Require: []Role{RoleSessions},
		},
		{
			ID: "classlink", Title: "ClassLink-style analytics export", Source: FromSSO, Report: "ClassLink",
			Columns: dates(map[Role][]string{
				RoleTool:        {"App Name", "Application", "Application Name", "App", "Resource", "Resource Name"},
				RoleActiveUsers: {"Unique Users", "Active Users", "Users", "Distinct Users"},
				RoleSessions:    {"Sessions", "Launches", "App Launches", "Total Launches", "Total Sessions"},
				RoleMinutes:     {"Minutes", "Total Minutes", "Time Spent", "Time Spent (Minutes)", "Minutes Used"},
			}),
			Require: []Role{RoleSessions},
		},
	}
}

// resolve finds the preset's columns in a header: for each role, the first
// accepted name present. ok is false when the tool column or a required
// role is missing.
func (p Preset) resolve(header []string) (Mapping, bool) {
	keys := make(map[string]string, len(header))
	for _, h := range header {
		if k := headerKey(h); keys[k] == "" {
			keys[k] = h
		}
	}
	m := Mapping{}
	for role, names := range p.Columns {
		for _, n := range names {
			if h, ok := keys[headerKey(n)]; ok {
				m[role] = h
				break
			}
		}
	}
	if m[RoleTool] == "" {
		return m, false
	}
	for _, r := range p.Require {
		if m[r] == "" {
			return m, false
		}
	}
	return m, true
}

// DetectPreset finds the preset a header belongs to: among the presets whose
// tool and required columns are all present, the one that recognises the
// most columns (the first on a tie). ok is false when none applies.
func DetectPreset(header []string) (p Preset, m Mapping, ok bool) {
	for _, cand := range Presets() {
		cm, fits := cand.resolve(header)
		if fits && (!ok || len(cm) > len(m)) {
			p, m, ok = cand, cm, true
		}
	}
	return p, m, ok
}

// ColumnsError says a header matched no preset, and lists the columns each
// preset expected, so the user can rename a column or map them by hand.
type ColumnsError struct {
	Found    []string
	Expected map[string][]string // preset title → its main column names
}

func (e *ColumnsError) Error() string {
	var parts []string
	for _, p := range Presets() {
		parts = append(parts, p.Title+": "+strings.Join(e.Expected[p.Title], ", "))
	}
	return fmt.Sprintf("the columns %s match no known usage report; expected %s; or confirm which column is which", quoteList(e.Found), strings.Join(parts, "; "))
}

func newColumnsError(header []string) *ColumnsError {
	e := &ColumnsError{Found: header, Expected: map[string][]string{}}
	for _, p := range Presets() {
		var cols []string
		for _, r := range Roles() {
			if names := p.Columns[r]; len(names) > 0 && r != RoleFrom && r != RoleTo {
				cols = append(cols, names[0])
			}
		}
		e.Expected[p.Title] = cols
	}
	return e
}

// checkMapping checks a user's mapping against the header: every named
// column is present, the tool column is mapped, and at least one figure.
func checkMapping(m Mapping, header []string) error {
	present := make(map[string]bool, len(header))
	for _, h := range header {
		present[headerKey(h)] = true
	}
	if m[RoleTool] == "" {
		return fmt.Errorf("the column mapping has no tool-name column; say which of %s names the tool", quoteList(header))
	}
	metric := false
	given := map[string]Role{} // column key -> the field it was given first
	for _, r := range Roles() {
		col, ok := m[r]
		if !ok || col == "" {
			continue
		}
		if !present[headerKey(col)] {
			return fmt.Errorf("the %s column %q is not in the file; its columns are %s", r.Label(), col, quoteList(header))
		}
		if first, ok := given[headerKey(col)]; ok {
			return fmt.Errorf("the column mapping gives column %q two fields (%s and %s); map each column once", m[first], first.Label(), r.Label())
		}
		given[headerKey(col)] = r
		metric = metric || isMetric(r)
	}
	for r := range m {
		if !isKnownRole(r) {
			return fmt.Errorf("the column mapping names an unknown role %q; use tool, active_users, sessions, minutes, from, to or date", r)
		}
	}
	if !metric {
		return fmt.Errorf("the column mapping has no figure; map at least one of active users, sessions or minutes")
	}
	return nil
}

func isKnownRole(r Role) bool {
	for _, k := range Roles() {
		if k == r {
			return true
		}
	}
	return false
}

func quoteList(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}
