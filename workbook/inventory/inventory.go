package inventory

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Inventory is a district's edtech inventory: one per workbook file, kept
// across school years. The current state is Tools; Snapshots keep a copy of
// the tools as they stood in each school year.
type Inventory struct {
	Tools       []Tool         `json:"tools"`
	Snapshots   []Snapshot     `json:"snapshots,omitempty"`
	Imports     []ImportRecord `json:"imports,omitempty"`
	Requests    []Request      `json:"requests,omitempty"`
	Evaluations []Evaluation   `json:"evaluations,omitempty"`
}

// Snapshot is a copy of the tools as they stood in one school year.
type Snapshot struct {
	SchoolYear string `json:"school_year"`
	Taken      Date   `json:"taken"`
	Tools      []Tool `json:"tools"`
}

// ImportRecord notes one usage import: which report, the period it covers,
// when it was imported and how much it changed. A re-import of the same
// source, report and period replaces its record.
type ImportRecord struct {
	Source   UsageSource `json:"source"`
	Report   string      `json:"report,omitempty"`
	Period   Period      `json:"period"`
	Imported Date        `json:"imported"`
	File     string      `json:"file,omitempty"` // the file's base name, for the record only
	Rows     int         `json:"rows"`           // data rows read
	Tools    int         `json:"tools"`          // tools whose usage was set
	Added    int         `json:"added"`          // of those, tools new to the inventory
}

// Tool returns the tool with the given id, or nil.
func (inv *Inventory) Tool(id string) *Tool {
	for i := range inv.Tools {
		if inv.Tools[i].ID == id {
			return &inv.Tools[i]
		}
	}
	return nil
}

// AddTool gives t a fresh id from its name (when t.ID is empty), checks it
// and appends it. It returns the id.
func (inv *Inventory) AddTool(t Tool) (string, error) {
	if t.ID == "" {
		t.ID = inv.NewToolID(t.Name)
	} else if inv.Tool(t.ID) != nil {
		return "", fmt.Errorf("tool id %q is already used by %q; leave the id empty to get a new one", t.ID, inv.Tool(t.ID).Name)
	}
	if errs := t.Validate(); len(errs) > 0 {
		return "", errs[0]
	}
	for _, o := range t.Fit.Overlaps {
		if inv.Tool(o) == nil {
			return "", fmt.Errorf("tool %q: overlapping tool %q is not in the inventory; add it first or remove it from the list", t.Name, o)
		}
	}
	inv.Tools = append(inv.Tools, t.Clone())
	return t.ID, nil
}

// NewToolID returns a readable id for a tool called name: its slug, with
// -2, -3, ... added when another tool already has it.
func (inv *Inventory) NewToolID(name string) string {
	return freshID(Slug(name), func(id string) bool { return inv.Tool(id) != nil })
}

// freshID returns base, or base-2, base-3, ... whichever is not taken.
func freshID(base string, taken func(string) bool) string {
	id := base
	for n := 2; taken(id); n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	return id
}

// Slug turns a name into an id: lower-case letters and digits joined by
// single hyphens ("Book Creator, Inc." → "book-creator-inc"). A name with
// no letters or digits gives "tool".
func Slug(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
			continue
		}
		hyphen = true
	}
	if b.Len() == 0 {
		return "tool"
	}
	return b.String()
}

// Clone returns a deep copy of the inventory.
func (inv *Inventory) Clone() *Inventory {
	c := &Inventory{Tools: cloneTools(inv.Tools), Imports: slices.Clone(inv.Imports)}
	if inv.Snapshots != nil {
		c.Snapshots = make([]Snapshot, len(inv.Snapshots))
		for i, s := range inv.Snapshots {
			s.Tools = cloneTools(s.Tools)
			c.Snapshots[i] = s
		}
	}
	if inv.Requests != nil {
		c.Requests = make([]Request, len(inv.Requests))
		for i, r := range inv.Requests {
			c.Requests[i] = r.Clone()
		}
	}
	if inv.Evaluations != nil {
		c.Evaluations = make([]Evaluation, len(inv.Evaluations))
		for i, e := range inv.Evaluations {
			c.Evaluations[i] = e.Clone()
		}
	}
	return c
}

func cloneTools(ts []Tool) []Tool {
	if ts == nil {
		return nil
	}
	out := make([]Tool, len(ts))
	for i, t := range ts {
		out[i] = t.Clone()
	}
	return out
}

// TakeSnapshot copies the current tools as the state of a school year,
// replacing an earlier snapshot of the same year.
func (inv *Inventory) TakeSnapshot(year string, taken Date) error {
	if _, err := SchoolYearPeriod(year); err != nil {
		return err
	}
	s := Snapshot{SchoolYear: year, Taken: taken, Tools: cloneTools(inv.Tools)}
	if s.Tools == nil {
		s.Tools = []Tool{}
	}
	for i := range inv.Snapshots {
		if inv.Snapshots[i].SchoolYear == year {
			inv.Snapshots[i] = s
			return nil
		}
	}
	inv.Snapshots = append(inv.Snapshots, s)
	slices.SortFunc(inv.Snapshots, func(a, b Snapshot) int { return strings.Compare(a.SchoolYear, b.SchoolYear) })
	return nil
}

// Snapshot returns the snapshot of a school year, or nil.
func (inv *Inventory) Snapshot(year string) *Snapshot {
	for i := range inv.Snapshots {
		if inv.Snapshots[i].SchoolYear == year {
			return &inv.Snapshots[i]
		}
	}
	return nil
}

// StatusCounts counts the tools in each status.
func (inv *Inventory) StatusCounts() map[Status]int {
	out := make(map[Status]int, len(Statuses()))
	for _, t := range inv.Tools {
		out[t.Status]++
	}
	return out
}
