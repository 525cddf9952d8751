package templatefile

// The writer half of template YAML: Marshal and its helpers.
// parse.go holds the reader; the lint rules are workbook's (template_rules.go).

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
)

// yamlFoldWidth is where long one-line texts are folded, so an exported
// template reads well in an 80-column editor.
const yamlFoldWidth = 76

// Marshal writes t as YAML, file format 2, in the documented key order,
// which Parse reads back to the same Template. Empty optional fields are
// left out; long texts become folded (>-) or literal (|-) blocks. A
// template converted from format 1 has no areas: its file gets an empty
// `areas:` list, which lint then asks the facilitator to fill in.
func Marshal(t *workbook.Template) ([]byte, error) {
	if t == nil {
		return nil, errors.New("there is no template to write")
	}
	w := &yamlWriter{}
	w.b.WriteString("# An edtech-workbook template. Check it with: edtech-workbook template lint FILE\n")
	w.key(0, "format")
	w.b.WriteString(" 2\n")
	w.field(0, "id", t.ID)
	w.key(0, "version")
	w.b.WriteString(" " + strconv.Itoa(t.Version) + "\n")
	w.field(0, "title", t.Title)
	w.optional(0, "school_year", t.SchoolYear)
	w.optional(0, "description", t.Description)

	w.b.WriteString("\n")
	w.key(0, "scale")
	w.b.WriteString("\n")
	w.field(2, "not_sure", t.Scale.NotSure)
	w.list(2, "levels", len(t.Scale.Levels), func(i, ind int) {
		w.field(ind, "label", t.Scale.Levels[i].Label)
		w.field(ind, "meaning", t.Scale.Levels[i].Meaning)
	})

	w.b.WriteString("\n")
	w.list(0, "areas", len(t.Areas), func(i, ind int) {
		w.field(ind, "id", t.Areas[i].ID)
		w.field(ind, "title", t.Areas[i].Title)
		w.optional(ind, "help", t.Areas[i].Help)
	})

	w.b.WriteString("\n")
	w.spaced = true // a blank line between domains
	w.list(0, "domains", len(t.Domains), func(i, ind int) {
		d := t.Domains[i]
		w.field(ind, "id", d.ID)
		w.field(ind, "title", d.Title)
		w.optional(ind, "summary", d.Summary)
		w.list(ind, "indicators", len(d.Indicators), func(j, ind int) {
			w.indicator(ind, d.Indicators[j])
		})
	})

	w.b.WriteString("\n")
	w.key(0, "prompts")
	w.b.WriteString("\n")
	for _, id := range workbook.PromptIDs() {
		p := t.Prompts.Get(id)
		w.key(2, string(id))
		w.b.WriteString("\n")
		w.field(4, "text", p.Text)
		w.optional(4, "help", p.Help)
	}

	w.b.WriteString("\n")
	w.key(0, "questions")
	w.b.WriteString("\n")
	for _, part := range workbook.QuestionParts() {
		qs := t.Questions.In(part)
		w.list(2, part.Key(), len(qs), func(i, ind int) {
			q := qs[i]
			w.field(ind, "id", q.ID)
			w.field(ind, "kind", string(q.Kind))
			w.field(ind, "text", q.Text)
			w.optional(ind, "help", q.Help)
			if q.Required {
				w.key(ind, "required")
				w.b.WriteString(" true\n")
			}
			if len(q.Options) > 0 {
				w.choiceList(ind, "options", q.Options)
			}
		})
	}

	w.b.WriteString("\n")
	w.strings(0, "student_groups", t.StudentGroups)
	w.strings(0, "roles", t.Roles)
	w.choices("conditions", t.Conditions)
	w.choices("leadership_moves", t.LeadershipMoves)
	w.choices("decisions", t.Decisions)

	if c := t.Tools; len(c.Gates)+len(c.Criteria)+len(c.Evaluation) > 0 {
		w.b.WriteString("\n")
		w.key(0, "tools")
		w.b.WriteString("\n")
		w.list(2, "gates", len(c.Gates), func(i, ind int) {
			w.field(ind, "id", c.Gates[i].ID)
			w.field(ind, "title", c.Gates[i].Title)
			w.optional(ind, "help", c.Gates[i].Help)
		})
		for _, sec := range []struct {
			key  string
			list []inventory.Criterion
		}{{"criteria", c.Criteria}, {"evaluation", c.Evaluation}} {
			w.list(2, sec.key, len(sec.list), func(i, ind int) {
				cr := sec.list[i]
				w.field(ind, "id", cr.ID)
				w.field(ind, "title", cr.Title)
				w.optional(ind, "help", cr.Help)
				w.key(ind, "weight")
				w.b.WriteString(" " + strconv.Itoa(cr.Weight) + "\n")
			})
		}
	}
	return []byte(w.b.String()), nil
}

// yamlWriter writes block-style YAML for the fixed shape of a template.
type yamlWriter struct {
	b strings.Builder
	// inItem is set after "- ": the next key goes on the same line.
	inItem bool
	// spaced asks the next list for a blank line between its items.
	spaced bool
}

func (w *yamlWriter) key(indent int, k string) {
	if w.inItem {
		w.inItem = false
	} else {
		w.b.WriteString(strings.Repeat(" ", indent))
	}
	w.b.WriteString(k + ":")
}

func (w *yamlWriter) field(indent int, k, s string) {
	w.key(indent, k)
	w.b.WriteString(yamlScalar(s, indent) + "\n")
}

func (w *yamlWriter) optional(indent int, k, s string) {
	if s != "" {
		w.field(indent, k, s)
	}
}

// list writes "k:" and n block items; item(i, ind) writes item i's keys at ind.
func (w *yamlWriter) list(indent int, k string, n int, item func(i, ind int)) {
	w.key(indent, k)
	if n == 0 {
		w.b.WriteString(" []\n")
		return
	}
	w.b.WriteString("\n")
	spaced := w.spaced
	w.spaced = false
	for i := range n {
		if spaced && i > 0 {
			w.b.WriteString("\n")
		}
		w.b.WriteString(strings.Repeat(" ", indent+2) + "- ")
		w.inItem = true
		item(i, indent+4)
	}
}

func (w *yamlWriter) strings(indent int, k string, items []string) {
	w.key(indent, k)
	if len(items) == 0 {
		w.b.WriteString(" []\n")
		return
	}
	w.b.WriteString("\n")
	for _, s := range items {
		w.b.WriteString(strings.Repeat(" ", indent+2) + "-" + yamlScalar(s, indent+2) + "\n")
	}
}

func (w *yamlWriter) choices(k string, cs []workbook.Choice) { w.choiceList(0, k, cs) }

func (w *yamlWriter) choiceList(indent int, k string, cs []workbook.Choice) {
	w.list(indent, k, len(cs), func(i, ind int) {
		w.field(ind, "id", cs[i].ID)
		w.field(ind, "title", cs[i].Title)
		w.optional(ind, "help", cs[i].Help)
	})
}

func (w *yamlWriter) indicator(ind int, in workbook.Indicator) {
	w.field(ind, "id", in.ID)
	w.field(ind, "title", in.Title)
	w.field(ind, "statement", in.Statement)
	w.optional(ind, "phase", in.Phase)
	w.optional(ind, "area", in.Area)
	w.strings(ind, "levels", in.Levels)
	w.optional(ind, "equity_pause", in.EquityPause)
	w.optional(ind, "evidence_from", in.EvidenceFrom)
	if !in.Context.Empty() {
		w.key(ind, "context")
		w.b.WriteString("\n")
		w.optional(ind+2, "english_learners", in.Context.EnglishLearners)
		w.optional(ind+2, "iep_504", in.Context.IEP504)
		w.optional(ind+2, "small_systems", in.Context.SmallSystems)
		w.optional(ind+2, "large_systems", in.Context.LargeSystems)
	}
}

// yamlScalar renders s as the value after "key:" or "-" at column indent,
// with its leading space: a literal block for multi-line text, a folded block
// for long text, otherwise whatever the YAML library picks (plain or quoted).
func yamlScalar(s string, indent int) string {
	pad := strings.Repeat(" ", indent+2)
	if blockSafe(s) {
		if strings.Contains(s, "\n") {
			var b strings.Builder
			b.WriteString(" |-")
			for _, line := range strings.Split(s, "\n") {
				b.WriteString("\n")
				if line != "" {
					b.WriteString(pad + line)
				}
			}
			return b.String()
		}
		if lines := foldLines(s, yamlFoldWidth-indent-2); len(lines) > 1 {
			return " >-\n" + pad + strings.Join(lines, "\n"+pad)
		}
	}
	if strings.ContainsFunc(s, func(r rune) bool {
		return (r != '\n' && r != '\t' && workbook.HiddenRune(r)) || r == 0x2028 || r == 0x2029
	}) {
		return " " + yamlEscaped(s)
	}
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.ContainsAny(s, "\n\r") {
		n.Style = yaml.DoubleQuotedStyle
	}
	out, err := yaml.Marshal(n)
	if err != nil || bytes.Count(bytes.TrimSuffix(out, []byte("\n")), []byte("\n")) > 0 {
		n.Style = yaml.DoubleQuotedStyle
		out, _ = yaml.Marshal(n)
	}
	return " " + strings.TrimSuffix(string(out), "\n")
}

// yamlEscaped writes s as a double-quoted scalar in which every character
// CleanText would remove is a \uXXXX escape (the YAML library writes bidi
// and zero-width characters raw): the text is kept, and nothing raw
// reaches a terminal showing the file.
func yamlEscaped(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case workbook.HiddenRune(r) || r == 0x2028 || r == 0x2029 || r == utf8.RuneError:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// blockSafe reports whether s reads back unchanged from a block scalar: no
// surrounding whitespace, no characters YAML treats as line breaks besides
// "\n", and nothing unprintable.
func blockSafe(s string) bool {
	if s == "" || s != strings.TrimSpace(s) || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		switch {
		case r == '\n':
		case r == '\t', r == '\r', r == 0x85, r == 0x2028, r == 0x2029, r == 0xFEFF:
			return false
		case workbook.HiddenRune(r):
			return false
		}
	}
	return true
}

// foldLines splits s at single spaces between words so that lines stay
// within width where possible. A folded block joins the lines with one space
// again; runs of spaces are never split.
func foldLines(s string, width int) []string {
	if width < 20 {
		width = 20
	}
	if utf8.RuneCountInString(s) <= width {
		return []string{s}
	}
	var lines []string
	start, lastBreak := 0, -1
	col := 0
	for i, r := range s {
		if r == ' ' && i > start && s[i-1] != ' ' && i+1 < len(s) && s[i+1] != ' ' {
			if col > width && lastBreak > start {
				lines = append(lines, s[start:lastBreak])
				start = lastBreak + 1
				col = utf8.RuneCountInString(s[start:i])
			}
			lastBreak = i
		}
		col++
	}
	if utf8.RuneCountInString(s[start:]) > width && lastBreak > start {
		lines = append(lines, s[start:lastBreak])
		start = lastBreak + 1
	}
	return append(lines, s[start:])
}
