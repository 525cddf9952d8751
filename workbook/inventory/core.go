package inventory

import (
	"slices"
	"strings"
)

// CoreTool is a tool on the district's short list of core tools, with what
// people need to use it well and how its use has moved over time.
type CoreTool struct {
	ID       string
	Name     string
	Purpose  string
	UseCases []string
	Support  []string
	Use      []UsePoint // oldest first
}

// UsePoint is one usage figure of a core tool, for a line over time.
type UsePoint struct {
	SchoolYear  string // the year the period starts in
	Period      Period
	Source      UsageSource
	Report      string
	ActiveUsers Count
	Sessions    Count
	Minutes     Count
}

// CoreTools returns the tools whose status is core, by name, each with its
// use over time: every usage figure the tool has now, together with the
// figures kept in earlier years' snapshots that have since been replaced
// or dropped (one point per source, report and period).
func (inv *Inventory) CoreTools() []CoreTool {
	var out []CoreTool
	for _, t := range inv.Tools {
		if t.Status != Core {
			continue
		}
		ct := CoreTool{ID: t.ID, Name: t.Name, Purpose: t.Purpose, UseCases: slices.Clone(t.UseCases), Support: slices.Clone(t.Support)}
		var figures []Usage
		add := func(u Usage) {
			for _, f := range figures {
				if f.sameFigure(u) {
					return
				}
			}
			figures = append(figures, u)
		}
		for _, u := range t.Usage {
			add(u)
		}
		for _, s := range inv.Snapshots {
			for _, st := range s.Tools {
				if st.ID == t.ID {
					for _, u := range st.Usage {
						add(u)
					}
				}
			}
		}
		slices.SortStableFunc(figures, func(a, b Usage) int {
			if c := a.Period.From.Time().Compare(b.Period.From.Time()); c != 0 {
				return c
			}
			return strings.Compare(string(a.Source)+a.Report, string(b.Source)+b.Report)
		})
		for _, u := range figures {
			ct.Use = append(ct.Use, UsePoint{SchoolYear: SchoolYearOf(u.Period.From), Period: u.Period, Source: u.Source,
				Report: u.Report, ActiveUsers: u.ActiveUsers, Sessions: u.Sessions, Minutes: u.Minutes})
		}
		out = append(out, ct)
	}
	slices.SortStableFunc(out, func(a, b CoreTool) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	return out
}
