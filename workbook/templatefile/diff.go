package templatefile

import (
	"fmt"
	"strconv"
	"strings"

	"edtech-workbook/workbook"
)

// Comparing two template versions shows a facilitator what a new version
// does to next year's carry-forward: ratings follow indicator ids, so a
// renamed indicator keeps its history and a removed one is retired.

// TemplateDiff lists what changed between two templates.
type TemplateDiff struct {
	Old, New string // template refs, like "edtech-systems@1"

	// ScaleChanges describes changes to the rating scale, one sentence each.
	ScaleChanges []string

	DomainsAdded   []DomainChange
	DomainsRemoved []DomainChange

	Added         []IndicatorChange // new ids, in the new template's order
	Removed       []IndicatorChange // ids gone, in the old template's order
	Renamed       []IndicatorChange // same id, new title or statement
	LevelsChanged []IndicatorChange // same id, a descriptor differs or the scale changed
	Moved         []IndicatorChange // same id, another domain
}

// DomainChange names a domain added or removed.
type DomainChange struct {
	ID, Title string
}

// IndicatorChange describes one indicator in a TemplateDiff.
type IndicatorChange struct {
	ID        string
	Title     string // the new title (the old one for a removed indicator)
	OldTitle  string // for Renamed: the title before
	Domain    string // domain id: the new one (the old one for a removed indicator)
	OldDomain string // for Moved: the domain before
	Detail    string // for Renamed and LevelsChanged: what differs, in words
}

// Empty reports whether the two templates have the same domains, indicators
// and scale.
func (d TemplateDiff) Empty() bool {
	return len(d.ScaleChanges) == 0 && len(d.DomainsAdded) == 0 && len(d.DomainsRemoved) == 0 &&
		len(d.Added) == 0 && len(d.Removed) == 0 && len(d.Renamed) == 0 &&
		len(d.LevelsChanged) == 0 && len(d.Moved) == 0
}

// DiffTemplates compares old and new by domain and indicator id.
func DiffTemplates(old, new *workbook.Template) TemplateDiff {
	if old == nil {
		old = &workbook.Template{}
	}
	if new == nil {
		new = &workbook.Template{}
	}
	d := TemplateDiff{Old: old.Ref(), New: new.Ref(), ScaleChanges: scaleChanges(old.Scale, new.Scale)}

	oldDomains, newDomains := domainSet(old), domainSet(new)
	for _, dm := range new.Domains {
		if _, ok := oldDomains[dm.ID]; !ok {
			d.DomainsAdded = append(d.DomainsAdded, DomainChange{ID: dm.ID, Title: dm.Title})
		}
	}
	for _, dm := range old.Domains {
		if _, ok := newDomains[dm.ID]; !ok {
			d.DomainsRemoved = append(d.DomainsRemoved, DomainChange{ID: dm.ID, Title: dm.Title})
		}
	}

	oldInd := map[string]workbook.Indicator{}
	oldDomainOf := map[string]string{}
	for _, dm := range old.Domains {
		for _, in := range dm.Indicators {
			oldInd[in.ID], oldDomainOf[in.ID] = in, dm.ID
		}
	}
	seen := map[string]bool{}
	for _, dm := range new.Domains {
		for _, in := range dm.Indicators {
			seen[in.ID] = true
			was, ok := oldInd[in.ID]
			if !ok {
				d.Added = append(d.Added, IndicatorChange{ID: in.ID, Title: in.Title, Domain: dm.ID})
				continue
			}
			ch := IndicatorChange{ID: in.ID, Title: in.Title, Domain: dm.ID}
			if detail := wordingChange(was, in); detail != "" {
				r := ch
				r.OldTitle, r.Detail = was.Title, detail
				d.Renamed = append(d.Renamed, r)
			}
			if detail := levelChange(was, in, len(d.ScaleChanges) > 0); detail != "" {
				l := ch
				l.Detail = detail
				d.LevelsChanged = append(d.LevelsChanged, l)
			}
			if from := oldDomainOf[in.ID]; from != dm.ID {
				m := ch
				m.OldDomain = from
				d.Moved = append(d.Moved, m)
			}
		}
	}
	for _, dm := range old.Domains {
		for _, in := range dm.Indicators {
			if !seen[in.ID] {
				d.Removed = append(d.Removed, IndicatorChange{ID: in.ID, Title: in.Title, Domain: dm.ID})
			}
		}
	}
	return d
}

func domainSet(t *workbook.Template) map[string]bool {
	out := map[string]bool{}
	for _, d := range t.Domains {
		out[d.ID] = true
	}
	return out
}

func scaleChanges(old, new workbook.Scale) []string {
	var out []string
	if len(old.Levels) != len(new.Levels) {
		out = append(out, fmt.Sprintf("the scale has %s instead of %d", workbook.CountOf(len(new.Levels), "level"), len(old.Levels)))
	}
	for i := 0; i < len(old.Levels) && i < len(new.Levels); i++ {
		o, n := old.Levels[i], new.Levels[i]
		switch {
		case o.Label != n.Label:
			out = append(out, fmt.Sprintf("level %d is now %q (was %q)", i+1, n.Label, o.Label))
		case o.Meaning != n.Meaning:
			out = append(out, fmt.Sprintf("level %d (%s) has a new meaning", i+1, n.Label))
		}
	}
	return out
}

func wordingChange(old, new workbook.Indicator) string {
	title, statement := old.Title != new.Title, old.Statement != new.Statement
	switch {
	case title && statement:
		return "title and statement"
	case title:
		return "title"
	case statement:
		return "statement"
	}
	return ""
}

// levelChange names the descriptors that differ, or says the scale changed.
func levelChange(old, new workbook.Indicator, scaleChanged bool) string {
	if scaleChanged {
		return "the scale changed"
	}
	var changed []string
	for i := range max(len(old.Levels), len(new.Levels)) {
		if i >= len(old.Levels) || i >= len(new.Levels) || old.Levels[i] != new.Levels[i] {
			changed = append(changed, strconv.Itoa(i+1))
		}
	}
	switch len(changed) {
	case 0:
		return ""
	case 1:
		return "level " + changed[0]
	}
	return "levels " + strings.Join(changed, ", ")
}

// String is a plain-text report, one change per line, in a stable order.
func (d TemplateDiff) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Changes from %s to %s\n", d.Old, d.New)
	if d.Empty() {
		b.WriteString("\nNo changes to the scale, domains or indicators.\n")
		return b.String()
	}
	section := func(title, note string, n int, lines func()) {
		if n == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s (%d)", title, n)
		if note != "" {
			b.WriteString(" - " + note)
		}
		b.WriteString(":\n")
		lines()
	}
	section("Scale changed", "", len(d.ScaleChanges), func() {
		for _, s := range d.ScaleChanges {
			fmt.Fprintf(&b, "  ~ %s\n", s)
		}
	})
	section("Domains added", "", len(d.DomainsAdded), func() {
		for _, c := range d.DomainsAdded {
			fmt.Fprintf(&b, "  + %s  %q\n", c.ID, c.Title)
		}
	})
	section("Domains removed", "", len(d.DomainsRemoved), func() {
		for _, c := range d.DomainsRemoved {
			fmt.Fprintf(&b, "  - %s  %q\n", c.ID, c.Title)
		}
	})
	section("Indicators added", "", len(d.Added), func() {
		for _, c := range d.Added {
			fmt.Fprintf(&b, "  + %s  %q (in %s)\n", c.ID, c.Title, c.Domain)
		}
	})
	section("Indicators removed", "last year's ratings are retired", len(d.Removed), func() {
		for _, c := range d.Removed {
			fmt.Fprintf(&b, "  - %s  %q (was in %s)\n", c.ID, c.Title, c.Domain)
		}
	})
	section("Indicators renamed or reworded", "ratings carry over", len(d.Renamed), func() {
		for _, c := range d.Renamed {
			if c.OldTitle != c.Title {
				fmt.Fprintf(&b, "  ~ %s  %q -> %q (%s changed)\n", c.ID, c.OldTitle, c.Title, c.Detail)
			} else {
				fmt.Fprintf(&b, "  ~ %s  %q (%s changed)\n", c.ID, c.Title, c.Detail)
			}
		}
	})
	section("Level descriptors changed", "", len(d.LevelsChanged), func() {
		for _, c := range d.LevelsChanged {
			fmt.Fprintf(&b, "  ~ %s  %q (%s)\n", c.ID, c.Title, c.Detail)
		}
	})
	section("Indicators moved to another domain", "ratings carry over", len(d.Moved), func() {
		for _, c := range d.Moved {
			fmt.Fprintf(&b, "  > %s  %q (%s -> %s)\n", c.ID, c.Title, c.OldDomain, c.Domain)
		}
	})
	return b.String()
}
