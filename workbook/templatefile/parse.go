package templatefile

// Templates are written by facilitators in YAML (see docs/templates.md).
// The writer is in write.go; the rules are workbook's (template_rules.go). We decode into a yaml.Node and walk it
// ourselves, instead of yaml.Unmarshal into the struct, so that every problem
// in a file is reported at once with its line and column, and so that no
// input — aliases, wrong types, huge files — can make us panic.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
)

// MaxTemplateSize bounds a template file, in bytes of YAML.
const MaxTemplateSize = 4 << 20

// yamlReader reads a template's YAML into a Template, recording where each
// place is in the file so that the rules' problems carry FILE:LINE:COL.
type yamlReader struct{ *workbook.TemplateChecker }

// Parse reads a template from YAML, file format 2 or 1 (`format:` absent
// or 1; converted as workbook.V1Prompts.Convert says). On any problem it
// returns a *LintError listing all of them, each with its position in
// filename.
func Parse(filename string, data []byte) (t *workbook.Template, err error) {
	v := &yamlReader{workbook.NewTemplateChecker(filename, true)}
	defer func() {
		// The YAML library is mature, but a crash here would lose a
		// facilitator's session; report it as a problem instead.
		if r := recover(); r != nil {
			t = nil
			err = &workbook.LintError{Problems: []workbook.Problem{{File: filename,
				Msg: fmt.Sprintf("could not read the template (the YAML reader failed: %v); check the file's syntax", r)}}}
		}
	}()
	if len(data) > MaxTemplateSize {
		v.FileProblem(fmt.Sprintf("the file is %d bytes; a template must be at most 4 MiB", len(data)))
		return nil, v.Result()
	}
	root := v.decode(data)
	if root == nil {
		return nil, v.Result()
	}
	t, v1 := readYAMLTemplate(v, root)
	if v1 != nil {
		v.ValidateV1(t, *v1)
		t.Prompts, t.Questions = v1.Convert()
	} else {
		v.Validate(t)
	}
	if err := v.Result(); err != nil {
		return nil, err
	}
	return t, nil
}

// Lint returns every problem of a YAML template, or nil when it is good.
func Lint(filename string, data []byte) []workbook.Problem {
	_, err := Parse(filename, data)
	var le *workbook.LintError
	if errors.As(err, &le) {
		return le.Problems
	}
	if err != nil {
		return []workbook.Problem{{File: filename, Msg: err.Error()}}
	}
	return nil
}

// addAt reports a problem at a node's own position and marks path as done.
func (v *yamlReader) addAt(n *yaml.Node, path, msg string) {
	v.MarkDone(path)
	v.Keep(workbook.Problem{File: v.File(), Line: n.Line, Col: n.Column, Msg: msg})
}

// ---------------------------------------------------------------------------
// Reading YAML

// yamlLineErr splits the YAML library's one-line "yaml: line N: MESSAGE"
// into N and MESSAGE. (Parsed by hand, not with a regexp compiled when the
// program starts.)
func yamlLineErr(msg string) (n, rest string, ok bool) {
	s, ok := strings.CutPrefix(msg, "yaml: line ")
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if !ok || i == 0 || !strings.HasPrefix(s[i:], ": ") || strings.Contains(s[i+2:], "\n") {
		return "", "", false
	}
	return s[:i], s[i+2:], true
}

// decode parses the YAML and returns the root mapping, or nil after
// reporting why there is none. A syntax error is reported at its line and
// column; the reader then mends that spot (cuts the line there, or blanks
// it) and reads on, so the file's other problems are found in the same
// run. The lines keep their numbers, so every position stays true.
func (v *yamlReader) decode(data []byte) *yaml.Node {
	lines := strings.Split(string(data), "\n")
	mended := map[int]int{} // line -> times mended
	for range maxSyntaxErrors {
		doc, err := v.decodeOnce([]byte(strings.Join(lines, "\n")))
		if err == nil {
			return doc
		}
		if errors.Is(err, errNoDocument) {
			return nil
		}
		p, ok := syntaxProblem(lines, err)
		if q, quote, found := unclosedQuote(lines); found && mended[q.Line] == 0 {
			// The library reports an open quote far from it (often at the
			// top of the file): say where it opens, close it, read on.
			q.File = v.File()
			v.Keep(q)
			lines[q.Line-1] += string(quote)
			mended[q.Line]++
			continue
		}
		p.File = v.File()
		if mended[p.Line] == 0 {
			v.Keep(p) // a second error on a mended line comes of the mending
		}
		if !ok || p.Line < 1 || p.Line > len(lines) || mended[p.Line] >= 2 {
			return nil
		}
		i := p.Line - 1
		at := p.Col - 1
		switch inLine := mended[p.Line] == 0 && at > 0 && at < len(lines[i]); {
		case inLine && strings.Contains(p.Msg, "mapping values are not allowed"):
			lines[i] = lines[i][:at] // keep the key and what came before the stray colon
		case inLine && (lines[i][at] == '?' || lines[i][at] == '\t'):
			lines[i] = lines[i][:at] + " " + lines[i][at+1:] // the "?" in a flow, a tab in the indent
		default:
			lines[i] = ""
		}
		mended[p.Line]++
	}
	return nil
}

// maxSyntaxErrors bounds the syntax errors one lint reports.
const maxSyntaxErrors = 20

var errNoDocument = errors.New("no document")

// decodeOnce parses data: the root node, or the syntax error, or
// errNoDocument after reporting an empty file.
func (v *yamlReader) decodeOnce(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			v.Keep(workbook.Problem{File: v.File(), Line: 1, Col: 1, Msg: "the file is empty; a template needs id, version, title, scale, domains, prompts and the lists of choices"})
			return nil, errNoDocument
		}
		return nil, err
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == nil:
		line := extra.Line
		if len(extra.Content) > 0 {
			line = extra.Content[0].Line
		}
		v.Keep(workbook.Problem{File: v.File(), Line: line, Col: 1, Msg: "the file holds more than one YAML document (a second ---); put one template in each file"})
	case err != io.EOF:
		return nil, err
	}
	if len(doc.Content) == 0 || (doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].Tag == "!!null") {
		v.Keep(workbook.Problem{File: v.File(), Line: 1, Col: 1, Msg: "the template is empty; it needs id, version, title, scale, domains, prompts and the lists of choices"})
		return nil, errNoDocument
	}
	return doc.Content[0], nil
}

// findIndentTab finds the first tab in a line's indentation, from line on.
func findIndentTab(lines []string, line int) (int, int) {
	for i, l := range lines {
		if i+1 < line {
			continue
		}
		indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if j := strings.IndexByte(indent, '\t'); j >= 0 {
			return i + 1, j + 1
		}
	}
	return line, 1
}

// unclosedQuote finds the first value that opens a quote (after "key: "
// or "- ") and does not close it on its line, where the next line is not
// indented deeper — so it cannot go on there, as a quoted text over
// several lines may. It returns the problem at the quote and the quote.
func unclosedQuote(lines []string) (workbook.Problem, byte, bool) {
	indentOf := func(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }
	block := -1 // the indent of the key of a block text (| or >) being read
	for i, l := range lines {
		at := indentOf(l)
		rest := l[at:]
		if block >= 0 && (strings.TrimSpace(l) == "" || at > block) {
			continue // a line of a block text: quotes in it are text
		}
		block = -1
		if rest == "" || rest[0] == '#' {
			continue
		}
		if blockText().MatchString(l) {
			block = at
			continue
		}
		for strings.HasPrefix(rest, "- ") {
			at += 2
			rest = strings.TrimLeft(rest[2:], " ")
			at = len(l) - len(rest)
		}
		if rest != "" && rest[0] != '"' && rest[0] != '\'' {
			k := strings.Index(rest, ": ")
			if k < 0 {
				continue
			}
			rest = strings.TrimLeft(rest[k+2:], " ")
			at = len(l) - len(rest)
		}
		if rest == "" || (rest[0] != '"' && rest[0] != '\'') || quoteCloses(rest) {
			continue
		}
		next := i + 1
		for next < len(lines) && (strings.TrimSpace(lines[next]) == "" || strings.HasPrefix(strings.TrimSpace(lines[next]), "#")) {
			next++
		}
		if next < len(lines) && indentOf(lines[next]) > indentOf(l) {
			continue // it may go on over the next lines
		}
		return workbook.Problem{Line: i + 1, Col: at + 1,
			Msg: fmt.Sprintf("YAML syntax error: this quoted text is not closed; end it with %c on the same line", rest[0])}, rest[0], true
	}
	return workbook.Problem{}, 0, false
}

// blockText matches a line that starts a block text: "key: |-", "- >".
// Compiled on first use (a lint with a syntax error), not at start-up.
var blockText = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(^\s*-|:)\s+[|>][-+0-9]*\s*(#.*)?$`)
})

// quoteCloses reports whether the quoted text that starts s ends on it: a
// " not escaped by \, or a ' not doubled.
func quoteCloses(s string) bool {
	q := s[0]
	for i := 1; i < len(s); i++ {
		switch {
		case q == '"' && s[i] == '\\':
			i++
		case s[i] == q && q == '\'' && i+1 < len(s) && s[i+1] == '\'':
			i++
		case s[i] == q:
			return true
		}
	}
	return false
}

// syntaxColumn finds where on its line a syntax error is: the colon that
// may not start a mapping there, the "?" or the brace of a flow collection
// that did not close, or else the line's first character.
func syntaxColumn(line, msg string) int {
	first := len(line) - len(strings.TrimLeft(line, " \t")) + 1
	switch {
	case strings.Contains(msg, "mapping values are not allowed"):
		// The first ": " (or a colon at the end) starts the mapping; the
		// next one is the error.
		seen := false
		for i := 0; i < len(line); i++ {
			if line[i] == ':' && (i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t') {
				if seen {
					return i + 1
				}
				seen = true
			}
		}
	case strings.Contains(msg, "expected ',' or '}'"), strings.Contains(msg, "expected ',' or ']'"):
		open := strings.IndexAny(line, "{[")
		if q := strings.IndexByte(line, '?'); q > open && open >= 0 {
			return q + 1
		}
		if open >= 0 {
			return open + 1
		}
	}
	return max(1, first)
}

// syntaxProblem turns the YAML library's error into a problem at its line
// and column; ok is false when the error names no line.
func syntaxProblem(lines []string, err error) (workbook.Problem, bool) {
	msg := err.Error()
	num, rest, ok := yamlLineErr(msg)
	if !ok {
		return workbook.Problem{Msg: "YAML syntax error: " + strings.TrimPrefix(msg, "yaml: ")}, false
	}
	line, _ := strconv.Atoi(num)
	// The YAML library numbers lines from 0 in parser (not scanner)
	// errors; these messages are the parser's.
	for _, prefix := range []string{"did not find expected", "found duplicate %", "found incompatible YAML", "found undefined tag"} {
		if strings.HasPrefix(rest, prefix) {
			line++
			break
		}
	}
	col := 1
	if strings.Contains(rest, "tab character") {
		// The library names the line where the scalar began; point at the tab.
		line, col = findIndentTab(lines, line)
	} else if line >= 1 && line <= len(lines) {
		col = syntaxColumn(lines[line-1], rest)
	}
	text := "YAML syntax error: " + rest
	switch {
	case strings.Contains(rest, "expected ',' or '}'"), strings.Contains(rest, "expected ',' or ']'"):
		// libyaml cannot read a plain "?" before "," or "}" in {...} and [...].
		text += " (inside {...} or [...], put text that holds ? , : # [ ] { } in quotes)"
	case strings.Contains(rest, "mapping values are not allowed"):
		text += " (put text that holds \": \" in quotes)"
	}
	return workbook.Problem{Line: line, Col: col, Msg: text}, true
}

func yamlKindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping of keys"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "text"
	}
	return "something else"
}

// node records n's position under path; it rejects aliases, whose expansion
// could blow a small file up into a huge template.
func (v *yamlReader) node(n *yaml.Node, path string) *yaml.Node {
	if n == nil {
		return nil
	}
	v.SetPos(path, n.Line, n.Column)
	if n.Kind == yaml.AliasNode {
		v.addAt(n, path, fmt.Sprintf("aliases (*%s) are not allowed in a template; write the value out in full", n.Value))
		return nil
	}
	return n
}

func isYAMLNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// mapping returns the values of a mapping by key, reporting unknown and
// repeated keys. A null value (a key with nothing after it) is an empty mapping.
func (v *yamlReader) mapping(n *yaml.Node, path string, keys ...string) map[string]*yaml.Node {
	if n = v.node(n, path); n == nil {
		return nil
	}
	out := map[string]*yaml.Node{}
	if isYAMLNull(n) {
		return out
	}
	if n.Kind != yaml.MappingNode {
		v.addAt(n, path, fmt.Sprintf("%s must be a mapping of keys (%s), not %s", workbook.TemplateItemName(path), strings.Join(keys, ", "), yamlKindName(n)))
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		switch {
		case k.Kind != yaml.ScalarNode:
			v.Keep(workbook.Problem{File: v.File(), Line: k.Line, Col: k.Column, Msg: "a key must be a plain name"})
		case !slices.Contains(keys, k.Value):
			v.Keep(workbook.Problem{File: v.File(), Line: k.Line, Col: k.Column,
				Msg: fmt.Sprintf("unknown key %q (expected one of: %s)", k.Value, strings.Join(keys, ", "))})
		case out[k.Value] != nil:
			first := out[k.Value]
			v.Keep(workbook.Problem{File: v.File(), Line: k.Line, Col: k.Column,
				Msg: fmt.Sprintf("key %q is repeated (first at line %d)", k.Value, first.Line)})
		default:
			out[k.Value] = val
		}
	}
	return out
}

// list returns the items of a sequence. A null value is an empty list.
func (v *yamlReader) list(n *yaml.Node, path string) []*yaml.Node {
	if n = v.node(n, path); n == nil || isYAMLNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		v.addAt(n, path, fmt.Sprintf("%s must be a list, not %s", workbook.TemplateItemName(path), yamlKindName(n)))
		return nil
	}
	return n.Content
}

// text returns a scalar's text with surrounding whitespace trimmed. Numbers
// and booleans are text too ("title: 2025" is the title "2025").
func (v *yamlReader) text(n *yaml.Node, path string) string {
	if n = v.node(n, path); n == nil || isYAMLNull(n) {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		v.addAt(n, path, fmt.Sprintf("%s must be text, not %s", workbook.TemplateItemName(path), yamlKindName(n)))
		return ""
	}
	return strings.TrimSpace(n.Value)
}

func (v *yamlReader) texts(n *yaml.Node, path string) []string {
	var out []string
	for i, item := range v.list(n, path) {
		out = append(out, v.text(item, workbook.TemplatePathIndex(path, i)))
	}
	return out
}

// boolean reads true or false (false when the key is absent).
func (v *yamlReader) boolean(n *yaml.Node, path string) bool {
	if n = v.node(n, path); n == nil || isYAMLNull(n) {
		return false
	}
	var b bool
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(&b) != nil {
		v.addAt(n, path, workbook.TemplateItemName(path)+" must be true or false")
		return false
	}
	return b
}

func (v *yamlReader) integer(n *yaml.Node, path, msg string) int {
	if n = v.node(n, path); n == nil {
		return 0
	}
	var i int
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(&i) != nil {
		if n.Kind == yaml.ScalarNode {
			msg += fmt.Sprintf(", not %q", workbook.CleanLine(n.Value)) // what the file says
		}
		v.addAt(n, path, msg)
		return 0
	}
	return i
}

// Newest template file format this build reads.
const maxFormat = 2

// Top-level keys of each file format.
func topKeys(format int) []string {
	if format == 1 {
		return []string{"format", "id", "version", "title", "school_year", "description", "scale", "domains",
			"prompts", "student_groups", "roles", "conditions", "leadership_moves", "decisions"}
	}
	return []string{"format", "id", "version", "title", "school_year", "description", "scale", "areas", "domains",
		"prompts", "questions", "student_groups", "roles", "conditions", "leadership_moves", "decisions", "tools"}
}

// readFormat finds the file format in the root mapping: 1 when `format` is
// absent. A bad or unknown value is reported, and the file is then read as
// the newest format, so its other problems are still found.
func (v *yamlReader) readFormat(root *yaml.Node) int {
	if root.Kind != yaml.MappingNode {
		return maxFormat
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Kind != yaml.ScalarNode || root.Content[i].Value != "format" {
			continue
		}
		n := root.Content[i+1]
		const msg = "format must be 1 or 2 (leave it out for 1)"
		f := v.integer(n, ".format", msg)
		switch {
		case f == 1 || f == 2:
			return f
		case f > maxFormat:
			v.addAt(n, ".format", fmt.Sprintf("this template is written in file format %d; this build reads formats 1 and 2, so update edtech-workbook to read it", f))
		case f != 0 || n.Tag == "!!int":
			v.addAt(n, ".format", fmt.Sprintf("%s, not %d", msg, f))
		}
		return maxFormat
	}
	return 1
}

// readYAMLTemplate builds a Template from the root node, recording positions.
// Items that are the wrong type still take their place in lists, so that
// list indexes in paths match the file. For a format-1 file it also returns
// the format-1 prompts (the Template's prompts and questions are then
// empty until they are converted).
func readYAMLTemplate(v *yamlReader, root *yaml.Node) (*workbook.Template, *workbook.V1Prompts) {
	format := v.readFormat(root)
	v.SetFormat(format)
	m := v.mapping(root, "", topKeys(format)...)
	t := &workbook.Template{
		ID:          v.text(m["id"], ".id"),
		Version:     v.integer(m["version"], ".version", workbook.MsgVersion),
		Title:       v.text(m["title"], ".title"),
		SchoolYear:  v.text(m["school_year"], ".school_year"),
		Description: v.text(m["description"], ".description"),
	}

	sm := v.mapping(m["scale"], ".scale", "not_sure", "levels")
	t.Scale.NotSure = v.text(sm["not_sure"], ".scale.not_sure")
	for i, item := range v.list(sm["levels"], ".scale.levels") {
		p := workbook.TemplatePathIndex(".scale.levels", i)
		lm := v.mapping(item, p, "label", "meaning")
		t.Scale.Levels = append(t.Scale.Levels, workbook.Level{Label: v.text(lm["label"], workbook.TemplatePathKey(p, "label")), Meaning: v.text(lm["meaning"], workbook.TemplatePathKey(p, "meaning"))})
	}

	if format >= 2 {
		for _, c := range readYAMLChoices(v, m["areas"], ".areas") {
			t.Areas = append(t.Areas, workbook.Area(c))
		}
	}

	for i, item := range v.list(m["domains"], ".domains") {
		p := workbook.TemplatePathIndex(".domains", i)
		dm := v.mapping(item, p, "id", "title", "summary", "indicators")
		d := workbook.Domain{ID: v.text(dm["id"], workbook.TemplatePathKey(p, "id")), Title: v.text(dm["title"], workbook.TemplatePathKey(p, "title")), Summary: v.text(dm["summary"], workbook.TemplatePathKey(p, "summary"))}
		ip := workbook.TemplatePathKey(p, "indicators")
		for j, item := range v.list(dm["indicators"], ip) {
			d.Indicators = append(d.Indicators, readYAMLIndicator(v, item, workbook.TemplatePathIndex(ip, j), format))
		}
		t.Domains = append(t.Domains, d)
	}

	var v1 *workbook.V1Prompts
	if format == 1 {
		pm := v.mapping(m["prompts"], ".prompts", "framing", "planning", "reflection")
		v1 = &workbook.V1Prompts{
			Framing:    readYAMLV1Prompts(v, pm["framing"], ".prompts.framing"),
			Planning:   readYAMLV1Prompts(v, pm["planning"], ".prompts.planning"),
			Reflection: readYAMLV1Prompts(v, pm["reflection"], ".prompts.reflection"),
		}
	} else {
		readYAMLPrompts(v, m["prompts"], &t.Prompts)
		readYAMLQuestions(v, m["questions"], &t.Questions)
		readYAMLTools(v, m["tools"], t)
	}

	t.StudentGroups = v.texts(m["student_groups"], ".student_groups")
	t.Roles = v.texts(m["roles"], ".roles")
	t.Conditions = readYAMLChoices(v, m["conditions"], ".conditions")
	t.LeadershipMoves = readYAMLChoices(v, m["leadership_moves"], ".leadership_moves")
	t.Decisions = readYAMLChoices(v, m["decisions"], ".decisions")
	return t, v1
}

func readYAMLIndicator(v *yamlReader, n *yaml.Node, p string, format int) workbook.Indicator {
	keys := []string{"id", "title", "statement", "phase", "levels", "equity_pause", "context"}
	if format >= 2 {
		keys = []string{"id", "title", "statement", "phase", "area", "levels", "equity_pause", "context", "evidence_from"}
	}
	m := v.mapping(n, p, keys...)
	in := workbook.Indicator{
		ID:          v.text(m["id"], workbook.TemplatePathKey(p, "id")),
		Title:       v.text(m["title"], workbook.TemplatePathKey(p, "title")),
		Statement:   v.text(m["statement"], workbook.TemplatePathKey(p, "statement")),
		Phase:       v.text(m["phase"], workbook.TemplatePathKey(p, "phase")),
		Area:        v.text(m["area"], workbook.TemplatePathKey(p, "area")),
		Levels:      v.texts(m["levels"], workbook.TemplatePathKey(p, "levels")),
		EquityPause: v.text(m["equity_pause"], workbook.TemplatePathKey(p, "equity_pause")),

		EvidenceFrom: v.text(m["evidence_from"], workbook.TemplatePathKey(p, "evidence_from")),
	}
	cp := workbook.TemplatePathKey(p, "context")
	cm := v.mapping(m["context"], cp, "english_learners", "iep_504", "small_systems", "large_systems")
	in.Context = workbook.ContextNotes{
		EnglishLearners: v.text(cm["english_learners"], workbook.TemplatePathKey(cp, "english_learners")),
		IEP504:          v.text(cm["iep_504"], workbook.TemplatePathKey(cp, "iep_504")),
		SmallSystems:    v.text(cm["small_systems"], workbook.TemplatePathKey(cp, "small_systems")),
		LargeSystems:    v.text(cm["large_systems"], workbook.TemplatePathKey(cp, "large_systems")),
	}
	return in
}

func readYAMLV1Prompts(v *yamlReader, n *yaml.Node, path string) []workbook.V1Prompt {
	var out []workbook.V1Prompt
	for i, item := range v.list(n, path) {
		p := workbook.TemplatePathIndex(path, i)
		m := v.mapping(item, p, "id", "text", "help")
		out = append(out, workbook.V1Prompt{ID: v.text(m["id"], workbook.TemplatePathKey(p, "id")), Text: v.text(m["text"], workbook.TemplatePathKey(p, "text")), Help: v.text(m["help"], workbook.TemplatePathKey(p, "help"))})
	}
	return out
}

// readYAMLPrompts reads the format-2 prompts: one {text, help} per prompt id.
func readYAMLPrompts(v *yamlReader, n *yaml.Node, out *workbook.Prompts) {
	var keys []string
	for _, id := range workbook.PromptIDs() {
		keys = append(keys, string(id))
	}
	m := v.mapping(n, ".prompts", keys...)
	for _, id := range workbook.PromptIDs() {
		p := workbook.TemplatePathKey(".prompts", string(id))
		item, ok := m[string(id)]
		if !ok {
			continue
		}
		pm := v.mapping(item, p, "text", "help")
		*out.Get(id) = workbook.Prompt{Text: v.text(pm["text"], workbook.TemplatePathKey(p, "text")), Help: v.text(pm["help"], workbook.TemplatePathKey(p, "help"))}
	}
}

func readYAMLQuestions(v *yamlReader, n *yaml.Node, out *workbook.Questions) {
	var keys []string
	for _, part := range workbook.QuestionParts() {
		keys = append(keys, part.Key())
	}
	m := v.mapping(n, ".questions", keys...)
	for _, part := range workbook.QuestionParts() {
		path := workbook.TemplatePathKey(".questions", part.Key())
		var list []workbook.Question
		for i, item := range v.list(m[part.Key()], path) {
			p := workbook.TemplatePathIndex(path, i)
			qm := v.mapping(item, p, "id", "kind", "text", "help", "required", "options")
			q := workbook.Question{
				ID:       v.text(qm["id"], workbook.TemplatePathKey(p, "id")),
				Kind:     workbook.QuestionKind(v.text(qm["kind"], workbook.TemplatePathKey(p, "kind"))),
				Text:     v.text(qm["text"], workbook.TemplatePathKey(p, "text")),
				Help:     v.text(qm["help"], workbook.TemplatePathKey(p, "help")),
				Required: v.boolean(qm["required"], workbook.TemplatePathKey(p, "required")),
			}
			if _, ok := qm["options"]; ok {
				q.Options = readYAMLChoices(v, qm["options"], workbook.TemplatePathKey(p, "options"))
			}
			list = append(list, q)
		}
		out.Set(part, list)
	}
}

// MsgWeight is the lint message for a tool criterion's weight that is not
// a whole number.
const MsgWeight = "weight must be a whole number from 1 to 10"

func readYAMLTools(v *yamlReader, n *yaml.Node, t *workbook.Template) {
	if n == nil {
		return
	}
	m := v.mapping(n, ".tools", "gates", "criteria", "evaluation")
	for _, g := range readYAMLChoices(v, m["gates"], ".tools.gates") {
		t.Tools.Gates = append(t.Tools.Gates, inventory.Gate{ID: g.ID, Title: g.Title, Help: g.Help})
	}
	criteria := func(key string) []inventory.Criterion {
		path := workbook.TemplatePathKey(".tools", key)
		var out []inventory.Criterion
		for i, item := range v.list(m[key], path) {
			p := workbook.TemplatePathIndex(path, i)
			cm := v.mapping(item, p, "id", "title", "help", "weight")
			c := inventory.Criterion{ID: v.text(cm["id"], workbook.TemplatePathKey(p, "id")),
				Title: v.text(cm["title"], workbook.TemplatePathKey(p, "title")), Help: v.text(cm["help"], workbook.TemplatePathKey(p, "help"))}
			if wn, ok := cm["weight"]; ok {
				c.Weight = v.integer(wn, workbook.TemplatePathKey(p, "weight"), MsgWeight)
			} else if cm != nil {
				v.Keep(workbook.Problem{File: v.File(), Line: item.Line, Col: item.Column, Msg: "missing required key \"weight\""})
				v.MarkDone(workbook.TemplatePathKey(p, "weight"))
			}
			out = append(out, c)
		}
		return out
	}
	t.Tools.Criteria = criteria("criteria")
	t.Tools.Evaluation = criteria("evaluation")
	// A tools section replaces the built-in gates and criteria whole: a
	// request or an evaluation with nothing to score would total "0 of 0".
	if n.Kind != yaml.MappingNode {
		return
	}
	for _, c := range []struct{ key, what string }{{"criteria", "criteria"}, {"evaluation", "evaluation criteria"}} {
		if list := m[c.key]; list == nil || (list.Kind == yaml.SequenceNode && len(list.Content) == 0) {
			at := n
			if list != nil {
				at = list
			}
			v.Keep(workbook.Problem{File: v.File(), Line: at.Line, Col: at.Column,
				Msg: "the tools section has no " + c.what + "; list at least one, or leave out the whole tools section to use the built-in gates and criteria"})
		}
	}
}

func readYAMLChoices(v *yamlReader, n *yaml.Node, path string) []workbook.Choice {
	var out []workbook.Choice
	for i, item := range v.list(n, path) {
		p := workbook.TemplatePathIndex(path, i)
		m := v.mapping(item, p, "id", "title", "help")
		out = append(out, workbook.Choice{ID: v.text(m["id"], workbook.TemplatePathKey(p, "id")), Title: v.text(m["title"], workbook.TemplatePathKey(p, "title")), Help: v.text(m["help"], workbook.TemplatePathKey(p, "help"))})
	}
	return out
}
