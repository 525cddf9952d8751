package templatefile

import (
	"fmt"
	"slices"
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
	AreaMoved     []IndicatorChange // same id, another Strategic Planning Guide area (Area, OldArea)

	AreasAdded   []AreaChange
	AreasRemoved []AreaChange
	AreasRenamed []AreaChange // same id, new title (OldTitle)

	QuestionsAdded    []QuestionChange // in the new template's order
	QuestionsRemoved  []QuestionChange // in the old template's order
	QuestionsMoved    []QuestionChange // same id, another part or another place in its part
	QuestionsReworded []QuestionChange // same id, new text, help, kind, options or required (Detail)
	PromptsReworded   []string         // prompt ids whose text or help changed
}

// AreaChange names an area added, removed or renamed.
type AreaChange struct {
	ID, Title, OldTitle string
}

// QuestionChange describes one question in a TemplateDiff.
type QuestionChange struct {
	ID      string
	Text    string // the new text (the old one for a removed question)
	Part    string // the part's key: the new one (the old one for a removed question)
	OldPart string // for Moved: the part before
	Detail  string // for Reworded: what differs, in words
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
	Area      string // for AreaMoved: the area id now
	OldArea   string // for AreaMoved: the area id before
}

// Empty reports whether the two templates have the same scale, areas,
// domains, indicators, prompts and questions.
func (d TemplateDiff) Empty() bool {
	return len(d.ScaleChanges) == 0 && len(d.DomainsAdded) == 0 && len(d.DomainsRemoved) == 0 &&
		len(d.Added) == 0 && len(d.Removed) == 0 && len(d.Renamed) == 0 &&
		len(d.LevelsChanged) == 0 && len(d.Moved) == 0 && len(d.AreaMoved) == 0 &&
		len(d.AreasAdded) == 0 && len(d.AreasRemoved) == 0 && len(d.AreasRenamed) == 0 &&
		len(d.QuestionsAdded) == 0 && len(d.QuestionsRemoved) == 0 && len(d.QuestionsMoved) == 0 &&
		len(d.QuestionsReworded) == 0 && len(d.PromptsReworded) == 0
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
			if detail := levelChange(was, in, len(old.Scale.Levels) != len(new.Scale.Levels)); detail != "" {
				l := ch
				l.Detail = detail
				d.LevelsChanged = append(d.LevelsChanged, l)
			}
			if from := oldDomainOf[in.ID]; from != dm.ID {
				m := ch
				m.OldDomain = from
				d.Moved = append(d.Moved, m)
			}
			if was.Area != in.Area {
				a := ch
				a.Area, a.OldArea = in.Area, was.Area
				d.AreaMoved = append(d.AreaMoved, a)
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
	d.diffAreas(old, new)
	d.diffQuestions(old, new)
	for _, id := range workbook.PromptIDs() {
		if *old.Prompts.Get(id) != *new.Prompts.Get(id) {
			d.PromptsReworded = append(d.PromptsReworded, string(id))
		}
	}
	return d
}

func (d *TemplateDiff) diffAreas(old, new *workbook.Template) {
	for _, a := range new.Areas {
		was, ok := old.Area(a.ID)
		switch {
		case !ok:
			d.AreasAdded = append(d.AreasAdded, AreaChange{ID: a.ID, Title: a.Title})
		case was.Title != a.Title:
			d.AreasRenamed = append(d.AreasRenamed, AreaChange{ID: a.ID, Title: a.Title, OldTitle: was.Title})
		}
	}
	for _, a := range old.Areas {
		if _, ok := new.Area(a.ID); !ok {
			d.AreasRemoved = append(d.AreasRemoved, AreaChange{ID: a.ID, Title: a.Title})
		}
	}
}

// diffQuestions compares the questions by id. A question kept in its part
// counts as moved when its place among the other kept questions changed:
// those outside the longest run of kept questions in the same order, so
// adding a question at the top moves nothing, and swapping two moves one.
func (d *TemplateDiff) diffQuestions(old, new *workbook.Template) {
	for _, part := range workbook.QuestionParts() {
		for _, q := range new.Questions.In(part) {
			was, oldPart, ok := old.Question(q.ID)
			ch := QuestionChange{ID: q.ID, Text: q.Text, Part: part.Key()}
			if !ok {
				d.QuestionsAdded = append(d.QuestionsAdded, ch)
				continue
			}
			if oldPart != part {
				m := ch
				m.OldPart = oldPart.Key()
				d.QuestionsMoved = append(d.QuestionsMoved, m)
			}
			if detail := questionChange(was, q); detail != "" {
				r := ch
				r.Detail = detail
				d.QuestionsReworded = append(d.QuestionsReworded, r)
			}
		}
		// Reordered within the part.
		var before, after []string
		for _, q := range old.Questions.In(part) {
			if _, p, ok := new.Question(q.ID); ok && p == part {
				before = append(before, q.ID)
			}
		}
		for _, q := range new.Questions.In(part) {
			if _, p, ok := old.Question(q.ID); ok && p == part {
				after = append(after, q.ID)
			}
		}
		kept := longestCommon(before, after)
		for _, id := range after {
			if !kept[id] {
				q, _, _ := new.Question(id)
				d.QuestionsMoved = append(d.QuestionsMoved, QuestionChange{ID: id, Text: q.Text, Part: part.Key(), OldPart: part.Key()})
			}
		}
	}
	for _, part := range workbook.QuestionParts() {
		for _, q := range old.Questions.In(part) {
			if _, _, ok := new.Question(q.ID); !ok {
				d.QuestionsRemoved = append(d.QuestionsRemoved, QuestionChange{ID: q.ID, Text: q.Text, Part: part.Key()})
			}
		}
	}
}

// longestCommon returns the ids of a longest common subsequence of a and b
// (the same ids, each once in either list).
func longestCommon(a, b []string) map[string]bool {
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	out := map[string]bool{}
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j]:
			out[a[i]] = true
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			i++
		default:
			j++
		}
	}
	return out
}

// questionChange names what differs between two versions of a question.
func questionChange(old, new workbook.Question) string {
	var out []string
	if old.Text != new.Text {
		out = append(out, "text")
	}
	if old.Help != new.Help {
		out = append(out, "help")
	}
	if old.Kind != new.Kind {
		out = append(out, fmt.Sprintf("kind %s -> %s", old.Kind, new.Kind))
	}
	if !slices.Equal(old.Options, new.Options) {
		out = append(out, "options")
	}
	if old.Required != new.Required {
		if new.Required {
			out = append(out, "now required")
		} else {
			out = append(out, "no longer required")
		}
	}
	return strings.Join(out, ", ")
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
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
		out = append(out, fmt.Sprintf("the scale has %s instead of %d, so every indicator's level descriptors are new", workbook.CountOf(len(new.Levels), "level"), len(old.Levels)))
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

// levelChange names the descriptors that differ. A scale with another
// number of levels changes every indicator's descriptors; that is said once
// among the scale's changes (scaleChanges), not here for each indicator, and
// a scale whose labels alone changed moves no indicator.
func levelChange(old, new workbook.Indicator, levelCountChanged bool) string {
	if levelCountChanged {
		return ""
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
		b.WriteString("\nNo changes to the scale, areas, domains, indicators, prompts or questions.\n")
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
	section("Areas added", "", len(d.AreasAdded), func() {
		for _, c := range d.AreasAdded {
			fmt.Fprintf(&b, "  + %s  %q\n", c.ID, c.Title)
		}
	})
	section("Areas removed", "", len(d.AreasRemoved), func() {
		for _, c := range d.AreasRemoved {
			fmt.Fprintf(&b, "  - %s  %q\n", c.ID, c.Title)
		}
	})
	section("Areas renamed", "", len(d.AreasRenamed), func() {
		for _, c := range d.AreasRenamed {
			fmt.Fprintf(&b, "  ~ %s  %q -> %q\n", c.ID, c.OldTitle, c.Title)
		}
	})
	section("Indicators tagged with another area", "", len(d.AreaMoved), func() {
		for _, c := range d.AreaMoved {
			fmt.Fprintf(&b, "  > %s  %q (%s -> %s)\n", c.ID, c.Title, orNone(c.OldArea), orNone(c.Area))
		}
	})
	section("Prompts reworded", "", len(d.PromptsReworded), func() {
		for _, id := range d.PromptsReworded {
			fmt.Fprintf(&b, "  ~ %s\n", id)
		}
	})
	section("Questions added", "", len(d.QuestionsAdded), func() {
		for _, c := range d.QuestionsAdded {
			fmt.Fprintf(&b, "  + %s  %q (in %s)\n", c.ID, c.Text, c.Part)
		}
	})
	section("Questions removed", "last year's answers are not carried", len(d.QuestionsRemoved), func() {
		for _, c := range d.QuestionsRemoved {
			fmt.Fprintf(&b, "  - %s  %q (was in %s)\n", c.ID, c.Text, c.Part)
		}
	})
	section("Questions moved", "answers carry over within the problem and plan", len(d.QuestionsMoved), func() {
		for _, c := range d.QuestionsMoved {
			if c.OldPart != c.Part {
				fmt.Fprintf(&b, "  > %s  %q (%s -> %s)\n", c.ID, c.Text, c.OldPart, c.Part)
			} else {
				fmt.Fprintf(&b, "  > %s  %q (new place in %s)\n", c.ID, c.Text, c.Part)
			}
		}
	})
	section("Questions reworded or changed", "", len(d.QuestionsReworded), func() {
		for _, c := range d.QuestionsReworded {
			fmt.Fprintf(&b, "  ~ %s  %q (%s)\n", c.ID, c.Text, c.Detail)
		}
	})
	return b.String()
}
