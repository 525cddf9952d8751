package inventory

import (
	"fmt"
	"slices"
	"strings"
)

// Action is what Apply does with one tool of a usage file.
type Action string

const (
	ActionUpdate Action = "update" // record the figures on an inventory tool (ToolID)
	ActionAdd    Action = "add"    // add a new tool with this name and record the figures
	ActionSkip   Action = "skip"   // leave this tool out
)

// Proposal is the suggested handling of one tool of a usage file, for a
// person to confirm or change before Apply.
type Proposal struct {
	Row      int       // index into UsageFile.Tools
	Name     string    // the name in the file
	Match    MatchKind // how the name matched ToolID ("" when nothing matched)
	ToolID   string    // the inventory tool the figures go to (for ActionUpdate)
	ToolName string    // that tool's name, for showing
	Action   Action
	Notes    []string // things the person should know: combined rows, a close spelling, a formula-like name
}

// Propose matches each tool of a usage file to the inventory. Exact and
// loose matches (case, punctuation, "Inc.", spacing) are proposed as
// updates; a close spelling is proposed as an update with a note asking for
// a check; a name that matches nothing is proposed as a new tool.
func Propose(inv *Inventory, f *UsageFile) []Proposal {
	ix := newNameIndex(inv.Tools)
	out := make([]Proposal, len(f.Tools))
	for i, row := range f.Tools {
		p := Proposal{Row: i, Name: row.Name, Action: ActionAdd}
		if j, kind := ix.find(row.Name); j >= 0 {
			p.Match, p.ToolID, p.ToolName, p.Action = kind, inv.Tools[j].ID, inv.Tools[j].Name, ActionUpdate
			if kind == MatchClose {
				p.Notes = append(p.Notes, fmt.Sprintf("spelled differently from %q; check it is the same tool", inv.Tools[j].Name))
			}
		}
		if row.Rows > 1 {
			p.Notes = append(p.Notes, fmt.Sprintf("%d rows combined: sessions and minutes added up, active users is the largest single row", row.Rows))
		}
		if len(row.Variants) > 0 {
			p.Notes = append(p.Notes, "also written "+quoteList(row.Variants))
		}
		if LooksLikeFormula(row.Name) {
			p.Notes = append(p.Notes, "the name starts like a spreadsheet formula; it is kept as text and never run")
		}
		out[i] = p
	}
	return out
}

// ApplyOptions are the facts Apply records with an import.
type ApplyOptions struct {
	Imported  Date   // the day of the import (the caller's clock)
	File      string // the file's base name, for the record
	NewStatus Status // status of tools added by the import; Piloting when empty (in use, no decision yet)
}

// Apply records a usage file's figures, as confirmed in proposals, in a copy
// of inv and returns the copy; inv itself is never changed. It is all or
// nothing: any problem returns an error and no inventory.
//
// A usage file replaces the figures of its source, report and period: a
// tool that had a figure from an earlier import of the same report and
// period gets the new figure (keeping the trust the team gave it), and a
// tool that is not in the new import loses the old one. Other sources and
// periods are kept. Two rows confirmed to the same tool are combined the
// same way rows are within a file.
func Apply(inv *Inventory, f *UsageFile, proposals []Proposal, opt ApplyOptions) (*Inventory, ImportRecord, error) {
	if opt.Imported.IsZero() {
		return nil, ImportRecord{}, fmt.Errorf("the import has no date; pass today's date")
	}
	if opt.NewStatus == "" {
		opt.NewStatus = Piloting
	}
	if !opt.NewStatus.Valid() {
		return nil, ImportRecord{}, fmt.Errorf("status for new tools %q is not one of %s", opt.NewStatus, joinIDs(Statuses()))
	}
	if len(proposals) != len(f.Tools) {
		return nil, ImportRecord{}, fmt.Errorf("%d proposals for %d tools in the file; propose again and confirm each tool", len(proposals), len(f.Tools))
	}
	out := inv.Clone()
	ids := make(map[string]bool, len(out.Tools))
	for _, t := range out.Tools {
		ids[t.ID] = true
	}
	adds := 0
	for _, p := range proposals {
		if p.Action == ActionAdd {
			adds++
		}
	}
	out.Tools = slices.Grow(out.Tools, adds)
	seen := make([]bool, len(f.Tools))
	figures := make(map[string]Usage) // tool id → combined figure
	var order []string
	var added int
	for _, p := range proposals {
		if p.Row < 0 || p.Row >= len(f.Tools) || seen[p.Row] {
			return nil, ImportRecord{}, fmt.Errorf("proposal for %q points at row %d, which is missing or taken twice; propose again", p.Name, p.Row)
		}
		seen[p.Row] = true
		row := f.Tools[p.Row]
		var id string
		switch p.Action {
		case ActionSkip:
			continue
		case ActionUpdate:
			if !ids[p.ToolID] {
				return nil, ImportRecord{}, fmt.Errorf("%q is to update tool %q, which is not in the inventory; choose another tool or add it as new", row.Name, p.ToolID)
			}
			id = p.ToolID
		case ActionAdd:
			t := Tool{Name: strings.TrimSpace(row.Name), Status: opt.NewStatus}
			t.ID = freshID(Slug(t.Name), func(id string) bool { return ids[id] })
			if errs := t.Validate(); len(errs) > 0 {
				return nil, ImportRecord{}, fmt.Errorf("adding %q: %w", row.Name, errs[0])
			}
			id, ids[t.ID] = t.ID, true
			out.Tools = append(out.Tools, t)
			added++
		default:
			return nil, ImportRecord{}, fmt.Errorf("%q has action %q; use update, add or skip", row.Name, p.Action)
		}
		u := Usage{Source: f.Source, Report: f.Report, Period: f.Period, ActiveUsers: row.ActiveUsers,
			Sessions: row.Sessions, Minutes: row.Minutes, Trust: f.Source.DefaultTrust(), Recorded: opt.Imported}
		if prev, ok := figures[id]; ok {
			u.ActiveUsers = prev.ActiveUsers.Max(u.ActiveUsers)
			u.Sessions = prev.Sessions.Add(u.Sessions)
			u.Minutes = prev.Minutes.Add(u.Minutes)
		} else {
			order = append(order, id)
		}
		figures[id] = u
	}

	key := Usage{Source: f.Source, Report: f.Report, Period: f.Period}
	for i := range out.Tools {
		t := &out.Tools[i]
		fig, ok := figures[t.ID]
		kept := t.Usage[:0]
		for _, old := range t.Usage {
			if old.sameFigure(key) {
				if ok && old.Trust.Valid() {
					fig.Trust = old.Trust
				}
				continue
			}
			kept = append(kept, old)
		}
		t.Usage = kept
		if ok {
			t.Usage = append(t.Usage, fig)
		}
	}

	rec := ImportRecord{Source: f.Source, Report: f.Report, Period: f.Period, Imported: opt.Imported,
		File: opt.File, Rows: f.Rows, Tools: len(order), Added: added}
	replaced := false
	for i, r := range out.Imports {
		if r.Source == rec.Source && r.Period == rec.Period && strings.EqualFold(strings.TrimSpace(r.Report), strings.TrimSpace(rec.Report)) {
			out.Imports[i], replaced = rec, true
			break
		}
	}
	if !replaced {
		out.Imports = append(out.Imports, rec)
	}
	return out, rec, nil
}

// Replacement is what an import would replace, said before it is confirmed:
// the day the same source, report and period were imported before (zero
// when never), how many tools' figures of them it updates, and the tools
// that had one and lose it because the file leaves them out (or they are
// skipped).
type Replacement struct {
	Imported Date
	Updated  int
	Dropped  []string // tool names, in the inventory's order
}

// Replaced works out what Apply(inv, f, proposals) would replace.
func Replaced(inv *Inventory, f *UsageFile, proposals []Proposal) Replacement {
	var r Replacement
	key := Usage{Source: f.Source, Report: f.Report, Period: f.Period}
	for _, rec := range inv.Imports {
		if rec.Source == key.Source && rec.Period == key.Period && strings.EqualFold(strings.TrimSpace(rec.Report), strings.TrimSpace(key.Report)) {
			r.Imported = rec.Imported
		}
	}
	updated := make(map[string]bool, len(proposals))
	for _, p := range proposals {
		if p.Action == ActionUpdate {
			updated[p.ToolID] = true
		}
	}
	for i := range inv.Tools {
		t := &inv.Tools[i]
		if !slices.ContainsFunc(t.Usage, func(u Usage) bool { return u.sameFigure(key) }) {
			continue
		}
		if updated[t.ID] {
			r.Updated++
		} else {
			r.Dropped = append(r.Dropped, t.Name)
		}
	}
	return r
}

// Sentence says the replacement in one sentence, or "" when the import
// replaces nothing.
func (r Replacement) Sentence() string {
	if r.Imported.IsZero() && r.Updated == 0 && len(r.Dropped) == 0 {
		return ""
	}
	s := "This replaces the figures of the same report and period"
	if !r.Imported.IsZero() {
		s = "This replaces the figures imported on " + r.Imported.String() + " from the same report and period"
	}
	if n := len(r.Dropped); n > 0 {
		names := r.Dropped
		more := ""
		if n > 5 {
			names, more = names[:5], fmt.Sprintf(" and %d more", n-5)
		}
		verb := "tool that had one is not in this file and loses it"
		if n > 1 {
			verb = "tools that had one are not in this file and lose it"
		}
		s += fmt.Sprintf("; %d %s: %s%s", n, verb, strings.Join(names, ", "), more)
	}
	return s + "."
}
