package workbook

// Templates are written by facilitators in YAML (see docs/templates.md).
// The writer is in template_yaml_write.go. We decode into a yaml.Node and walk it
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
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Size limits of a template.
const (
	MaxTemplateSize      = 4 << 20 // bytes of YAML
	maxTitleLen          = 200     // any title, name or label
	maxTextLen           = 4000    // any other text
	maxLevelLabelLen     = 40      // a scale level's label
	maxIndicatorTitleLen = 60      // an indicator's title
	maxIDLen             = 64
	minScaleLevels       = 2
	maxScaleLevels       = 7

	// maxProblemsShown keeps a lint report readable; maxProblemsKept bounds
	// memory on a huge broken file.
	maxProblemsShown = 200
	maxProblemsKept  = 1000
)

// MsgControlChar is the lint message for text holding a control character.
const MsgControlChar = "text contains a control character (escape sequences are not allowed)"

// Problem is one thing wrong with a template. Line and Col are 1-based;
// Line is 0 when the position is unknown (a template that did not come from
// YAML, or a problem with the whole file).
type Problem struct {
	File      string
	Line, Col int
	Msg       string
}

// String renders the problem as "file:line:col: msg", "file: msg" or "msg".
func (p Problem) String() string {
	switch {
	case p.Line > 0:
		return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Col, p.Msg)
	case p.File != "":
		return p.File + ": " + p.Msg
	}
	return p.Msg
}

// LintError lists every problem found in a template, sorted by position.
type LintError struct {
	Problems []Problem
}

// Error joins the problems one per line.
func (e *LintError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// WithFile names the file of problems that have none (as ValidateTemplate
// leaves them) and returns e.
func (e *LintError) WithFile(name string) *LintError {
	for i := range e.Problems {
		if e.Problems[i].File == "" {
			e.Problems[i].File = name
		}
	}
	return e
}

// ParseTemplate reads a template from YAML. On any problem it returns a
// *LintError listing all of them, each with its position in filename.
func ParseTemplate(filename string, data []byte) (t *Template, err error) {
	v := newTmplValidator(filename, true)
	defer func() {
		// The YAML library is mature, but a crash here would lose a
		// facilitator's session; report it as a problem instead.
		if r := recover(); r != nil {
			t = nil
			err = &LintError{Problems: []Problem{{File: filename,
				Msg: fmt.Sprintf("could not read the template (the YAML reader failed: %v); check the file's syntax", r)}}}
		}
	}()
	if len(data) > MaxTemplateSize {
		v.fileProblem(fmt.Sprintf("the file is %d bytes; a template must be at most 4 MiB", len(data)))
		return nil, v.result()
	}
	root := v.decode(data)
	if root == nil {
		return nil, v.result()
	}
	t = readYAMLTemplate(v, root)
	v.validate(t)
	if err := v.result(); err != nil {
		return nil, err
	}
	return t, nil
}

// LintTemplate returns every problem of a YAML template, or nil when it is good.
func LintTemplate(filename string, data []byte) []Problem {
	_, err := ParseTemplate(filename, data)
	var le *LintError
	if errors.As(err, &le) {
		return le.Problems
	}
	if err != nil {
		return []Problem{{File: filename, Msg: err.Error()}}
	}
	return nil
}

// ValidateTemplate checks an in-memory template (one imported from JSON, say)
// with the same rules as ParseTemplate. Positions are unknown, so each
// problem names its place as a path, like "domains[0].indicators[2]: title is empty".
func ValidateTemplate(t *Template) error {
	if t == nil {
		return &LintError{Problems: []Problem{{Msg: "the template is missing"}}}
	}
	v := newTmplValidator("", false)
	v.validate(t)
	return v.result()
}

// ---------------------------------------------------------------------------
// Collecting problems

// tmplValidator collects problems. Places are paths such as
// ".domains[0].indicators[2].title"; when the template came from YAML, pos
// maps each path present in the file to its position.
type tmplValidator struct {
	file     string
	fromYAML bool
	pos      map[string][2]int
	// done marks places whose problem is already reported (a wrong type, an
	// alias): rules about them and anything inside them are skipped.
	done     map[string]bool
	problems []Problem
	dropped  int
}

func newTmplValidator(file string, fromYAML bool) *tmplValidator {
	return &tmplValidator{file: file, fromYAML: fromYAML, pos: map[string][2]int{}, done: map[string]bool{}}
}

func (v *tmplValidator) result() error {
	if len(v.problems) == 0 {
		return nil
	}
	ps := v.problems
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Line != ps[j].Line {
			return ps[i].Line < ps[j].Line
		}
		return ps[i].Col < ps[j].Col
	})
	more := v.dropped
	if len(ps) > maxProblemsShown {
		more += len(ps) - maxProblemsShown
		ps = ps[:maxProblemsShown]
	}
	if more > 0 {
		ps = append(ps, Problem{File: v.file, Msg: fmt.Sprintf("and %d more problems; fix these first", more)})
	}
	return &LintError{Problems: ps}
}

func (v *tmplValidator) keep(p Problem) {
	if len(v.problems) >= maxProblemsKept {
		v.dropped++
		return
	}
	v.problems = append(v.problems, p)
}

func (v *tmplValidator) fileProblem(msg string) { v.keep(Problem{File: v.file, Msg: msg}) }

// addAt reports a problem at a node's own position and marks path as done.
func (v *tmplValidator) addAt(n *yaml.Node, path, msg string) {
	v.done[path] = true
	v.keep(Problem{File: v.file, Line: n.Line, Col: n.Column, Msg: msg})
}

// add reports a problem about path, at path's position or, when path is not
// in the file, at the position of the nearest enclosing place that is.
func (v *tmplValidator) add(path, msg string) {
	if v.suppressed(path) {
		return
	}
	if !v.fromYAML {
		v.keep(Problem{Msg: tmplDisplayPath(path) + ": " + msg})
		return
	}
	line, col := v.at(path)
	v.keep(Problem{File: v.file, Line: line, Col: col, Msg: msg})
}

func (v *tmplValidator) at(path string) (line, col int) {
	for {
		if p, ok := v.pos[path]; ok {
			return p[0], p[1]
		}
		if path == "" {
			return 1, 1
		}
		path = tmplParentPath(path)
	}
}

// where describes path for a "first used at" note written at here.
func (v *tmplValidator) where(path, here string) string {
	if !v.fromYAML {
		return tmplDisplayPath(path)
	}
	line, col := v.at(path)
	if hereLine, _ := v.at(here); hereLine == line {
		return fmt.Sprintf("line %d, column %d", line, col)
	}
	return fmt.Sprintf("line %d", line)
}

func (v *tmplValidator) suppressed(path string) bool {
	for {
		if v.done[path] {
			return true
		}
		if path == "" {
			return false
		}
		path = tmplParentPath(path)
	}
}

// present reports whether path was written in the file; an in-memory
// template has every field.
func (v *tmplValidator) present(path string) bool {
	if !v.fromYAML {
		return true
	}
	_, ok := v.pos[path]
	return ok
}

// required reports a missing key at the enclosing mapping and returns
// whether the key is there.
func (v *tmplValidator) required(path string) bool {
	if v.present(path) {
		return true
	}
	v.add(tmplParentPath(path), fmt.Sprintf("missing required key %q", tmplLastKey(path)))
	v.done[path] = true
	return false
}

func tmplParentPath(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

func tmplLastKey(path string) string {
	return path[strings.LastIndexAny(path, ".[")+1:]
}

func tmplDisplayPath(path string) string {
	if path == "" {
		return "template"
	}
	return strings.TrimPrefix(path, ".")
}

func pathKey(path, k string) string       { return path + "." + k }
func pathIndex(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// ---------------------------------------------------------------------------
// Reading YAML

var yamlLineErr = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// decode parses the YAML and returns the root mapping, or nil after
// reporting why there is none.
func (v *tmplValidator) decode(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			v.keep(Problem{File: v.file, Line: 1, Col: 1, Msg: "the file is empty; a template needs id, version, title, scale, domains, prompts and the lists of choices"})
		} else {
			v.syntaxError(data, err)
		}
		return nil
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == nil:
		line := extra.Line
		if len(extra.Content) > 0 {
			line = extra.Content[0].Line
		}
		v.keep(Problem{File: v.file, Line: line, Col: 1, Msg: "the file holds more than one YAML document (a second ---); put one template in each file"})
	case err != io.EOF:
		v.syntaxError(data, err)
	}
	if len(doc.Content) == 0 || (doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].Tag == "!!null") {
		v.keep(Problem{File: v.file, Line: 1, Col: 1, Msg: "the template is empty; it needs id, version, title, scale, domains, prompts and the lists of choices"})
		return nil
	}
	return doc.Content[0]
}

// findIndentTab finds the first tab in a line's indentation, from line on.
func findIndentTab(data []byte, line int) (int, int) {
	for i, l := range strings.Split(string(data), "\n") {
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

func (v *tmplValidator) syntaxError(data []byte, err error) {
	msg := err.Error()
	if m := yamlLineErr.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		// The YAML library numbers lines from 0 in parser (not scanner)
		// errors; these messages are the parser's.
		for _, prefix := range []string{"did not find expected", "found duplicate %", "found incompatible YAML", "found undefined tag"} {
			if strings.HasPrefix(m[2], prefix) {
				line++
				break
			}
		}
		col := 1
		if strings.Contains(m[2], "tab character") {
			// The library names the line where the scalar began; point at the tab.
			line, col = findIndentTab(data, line)
		}
		msg := "YAML syntax error: " + m[2]
		switch {
		case strings.Contains(m[2], "expected ',' or '}'"), strings.Contains(m[2], "expected ',' or ']'"):
			// libyaml cannot read a plain "?" before "," or "}" in {...} and [...].
			msg += " (inside {...} or [...], put text that holds ? , : # [ ] { } in quotes)"
		case strings.Contains(m[2], "mapping values are not allowed"):
			msg += " (put text that holds \": \" in quotes)"
		}
		v.keep(Problem{File: v.file, Line: line, Col: col, Msg: msg})
		return
	}
	v.fileProblem("YAML syntax error: " + strings.TrimPrefix(msg, "yaml: "))
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

// tmplItemName names the place in a message: the key, or "an item of KEY".
func tmplItemName(path string) string {
	if path == "" {
		return "the template"
	}
	if strings.HasSuffix(path, "]") {
		return "an item of " + tmplLastKey(tmplParentPath(path))
	}
	return tmplLastKey(path)
}

// node records n's position under path; it rejects aliases, whose expansion
// could blow a small file up into a huge template.
func (v *tmplValidator) node(n *yaml.Node, path string) *yaml.Node {
	if n == nil {
		return nil
	}
	v.pos[path] = [2]int{n.Line, n.Column}
	if n.Kind == yaml.AliasNode {
		v.addAt(n, path, fmt.Sprintf("aliases (*%s) are not allowed in a template; write the value out in full", n.Value))
		return nil
	}
	return n
}

func isYAMLNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// mapping returns the values of a mapping by key, reporting unknown and
// repeated keys. A null value (a key with nothing after it) is an empty mapping.
func (v *tmplValidator) mapping(n *yaml.Node, path string, keys ...string) map[string]*yaml.Node {
	if n = v.node(n, path); n == nil {
		return nil
	}
	out := map[string]*yaml.Node{}
	if isYAMLNull(n) {
		return out
	}
	if n.Kind != yaml.MappingNode {
		v.addAt(n, path, fmt.Sprintf("%s must be a mapping of keys (%s), not %s", tmplItemName(path), strings.Join(keys, ", "), yamlKindName(n)))
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		switch {
		case k.Kind != yaml.ScalarNode:
			v.keep(Problem{File: v.file, Line: k.Line, Col: k.Column, Msg: "a key must be a plain name"})
		case !slices.Contains(keys, k.Value):
			v.keep(Problem{File: v.file, Line: k.Line, Col: k.Column,
				Msg: fmt.Sprintf("unknown key %q (expected one of: %s)", k.Value, strings.Join(keys, ", "))})
		case out[k.Value] != nil:
			first := out[k.Value]
			v.keep(Problem{File: v.file, Line: k.Line, Col: k.Column,
				Msg: fmt.Sprintf("key %q is repeated (first at line %d)", k.Value, first.Line)})
		default:
			out[k.Value] = val
		}
	}
	return out
}

// list returns the items of a sequence. A null value is an empty list.
func (v *tmplValidator) list(n *yaml.Node, path string) []*yaml.Node {
	if n = v.node(n, path); n == nil || isYAMLNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		v.addAt(n, path, fmt.Sprintf("%s must be a list, not %s", tmplItemName(path), yamlKindName(n)))
		return nil
	}
	return n.Content
}

// text returns a scalar's text with surrounding whitespace trimmed. Numbers
// and booleans are text too ("title: 2025" is the title "2025").
func (v *tmplValidator) text(n *yaml.Node, path string) string {
	if n = v.node(n, path); n == nil || isYAMLNull(n) {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		v.addAt(n, path, fmt.Sprintf("%s must be text, not %s", tmplItemName(path), yamlKindName(n)))
		return ""
	}
	return strings.TrimSpace(n.Value)
}

func (v *tmplValidator) texts(n *yaml.Node, path string) []string {
	var out []string
	for i, item := range v.list(n, path) {
		out = append(out, v.text(item, pathIndex(path, i)))
	}
	return out
}

func (v *tmplValidator) integer(n *yaml.Node, path, msg string) int {
	if n = v.node(n, path); n == nil {
		return 0
	}
	var i int
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(&i) != nil {
		v.addAt(n, path, msg)
		return 0
	}
	return i
}

// MaxTemplateVersion bounds a template's version, so that raising it (new-version)
// can never overflow.
const MaxTemplateVersion = 1_000_000

const msgVersion = "version must be a whole number from 1 to 1,000,000"

// readYAMLTemplate builds a Template from the root node, recording positions.
// Items that are the wrong type still take their place in lists, so that
// list indexes in paths match the file.
func readYAMLTemplate(v *tmplValidator, root *yaml.Node) *Template {
	m := v.mapping(root, "", "id", "version", "title", "school_year", "description", "scale", "domains",
		"prompts", "student_groups", "roles", "conditions", "leadership_moves", "decisions")
	t := &Template{
		ID:          v.text(m["id"], ".id"),
		Version:     v.integer(m["version"], ".version", msgVersion),
		Title:       v.text(m["title"], ".title"),
		SchoolYear:  v.text(m["school_year"], ".school_year"),
		Description: v.text(m["description"], ".description"),
	}

	sm := v.mapping(m["scale"], ".scale", "not_sure", "levels")
	t.Scale.NotSure = v.text(sm["not_sure"], ".scale.not_sure")
	for i, item := range v.list(sm["levels"], ".scale.levels") {
		p := pathIndex(".scale.levels", i)
		lm := v.mapping(item, p, "label", "meaning")
		t.Scale.Levels = append(t.Scale.Levels, Level{Label: v.text(lm["label"], pathKey(p, "label")), Meaning: v.text(lm["meaning"], pathKey(p, "meaning"))})
	}

	for i, item := range v.list(m["domains"], ".domains") {
		p := pathIndex(".domains", i)
		dm := v.mapping(item, p, "id", "title", "summary", "indicators")
		d := Domain{ID: v.text(dm["id"], pathKey(p, "id")), Title: v.text(dm["title"], pathKey(p, "title")), Summary: v.text(dm["summary"], pathKey(p, "summary"))}
		ip := pathKey(p, "indicators")
		for j, item := range v.list(dm["indicators"], ip) {
			d.Indicators = append(d.Indicators, readYAMLIndicator(v, item, pathIndex(ip, j)))
		}
		t.Domains = append(t.Domains, d)
	}

	pm := v.mapping(m["prompts"], ".prompts", "framing", "planning", "reflection")
	t.Prompts.Framing = readYAMLPrompts(v, pm["framing"], ".prompts.framing")
	t.Prompts.Planning = readYAMLPrompts(v, pm["planning"], ".prompts.planning")
	t.Prompts.Reflection = readYAMLPrompts(v, pm["reflection"], ".prompts.reflection")

	t.StudentGroups = v.texts(m["student_groups"], ".student_groups")
	t.Roles = v.texts(m["roles"], ".roles")
	t.Conditions = readYAMLChoices(v, m["conditions"], ".conditions")
	t.LeadershipMoves = readYAMLChoices(v, m["leadership_moves"], ".leadership_moves")
	t.Decisions = readYAMLChoices(v, m["decisions"], ".decisions")
	return t
}

func readYAMLIndicator(v *tmplValidator, n *yaml.Node, p string) Indicator {
	m := v.mapping(n, p, "id", "title", "statement", "phase", "levels", "equity_pause", "context")
	in := Indicator{
		ID:          v.text(m["id"], pathKey(p, "id")),
		Title:       v.text(m["title"], pathKey(p, "title")),
		Statement:   v.text(m["statement"], pathKey(p, "statement")),
		Phase:       v.text(m["phase"], pathKey(p, "phase")),
		Levels:      v.texts(m["levels"], pathKey(p, "levels")),
		EquityPause: v.text(m["equity_pause"], pathKey(p, "equity_pause")),
	}
	cp := pathKey(p, "context")
	cm := v.mapping(m["context"], cp, "english_learners", "iep_504", "small_systems", "large_systems")
	in.Context = ContextNotes{
		EnglishLearners: v.text(cm["english_learners"], pathKey(cp, "english_learners")),
		IEP504:          v.text(cm["iep_504"], pathKey(cp, "iep_504")),
		SmallSystems:    v.text(cm["small_systems"], pathKey(cp, "small_systems")),
		LargeSystems:    v.text(cm["large_systems"], pathKey(cp, "large_systems")),
	}
	return in
}

func readYAMLPrompts(v *tmplValidator, n *yaml.Node, path string) []Prompt {
	var out []Prompt
	for i, item := range v.list(n, path) {
		p := pathIndex(path, i)
		m := v.mapping(item, p, "id", "text", "help")
		out = append(out, Prompt{ID: v.text(m["id"], pathKey(p, "id")), Text: v.text(m["text"], pathKey(p, "text")), Help: v.text(m["help"], pathKey(p, "help"))})
	}
	return out
}

func readYAMLChoices(v *tmplValidator, n *yaml.Node, path string) []Choice {
	var out []Choice
	for i, item := range v.list(n, path) {
		p := pathIndex(path, i)
		m := v.mapping(item, p, "id", "title", "help")
		out = append(out, Choice{ID: v.text(m["id"], pathKey(p, "id")), Title: v.text(m["title"], pathKey(p, "title")), Help: v.text(m["help"], pathKey(p, "help"))})
	}
	return out
}

// ---------------------------------------------------------------------------
// Rules

var templateIDPattern = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// tmplTextRule says what a text field must look like.
type tmplTextRule struct {
	required bool
	oneLine  bool
	limit    int
}

var (
	ruleID       = tmplTextRule{required: true, oneLine: true, limit: maxIDLen}
	ruleTitle    = tmplTextRule{required: true, oneLine: true, limit: maxTitleLen}
	ruleText     = tmplTextRule{required: true, limit: maxTextLen}
	ruleOptText  = tmplTextRule{limit: maxTextLen}
	ruleOptLine  = tmplTextRule{oneLine: true, limit: maxTitleLen}
	ruleLabel    = tmplTextRule{required: true, oneLine: true, limit: maxLevelLabelLen}
	ruleOneLine  = tmplTextRule{required: true, oneLine: true, limit: maxTextLen}
	ruleIndTitle = tmplTextRule{required: true, oneLine: true, limit: maxIndicatorTitleLen}
)

// text checks one text field and reports whether it holds usable text.
func (v *tmplValidator) text1(path, s string, r tmplTextRule) bool {
	name := tmplItemName(path)
	if r.required && !v.required(path) {
		return false
	}
	if s == "" {
		if r.required {
			v.add(path, name+" is empty")
		}
		return false
	}
	switch {
	case !utf8.ValidString(s):
		v.add(path, name+" is not valid UTF-8 text")
	case templateHasControlChar(s):
		v.add(path, MsgControlChar)
	case !hasVisibleText(s):
		v.add(path, name+" has no visible text (only invisible or direction-changing characters); write it out")
	case r.oneLine && strings.Contains(s, "\n"):
		v.add(path, name+" must be one line")
	case utf8.RuneCountInString(s) > r.limit:
		v.add(path, fmt.Sprintf("%s is too long (%d characters; at most %d)", name, utf8.RuneCountInString(s), r.limit))
	default:
		return true
	}
	return false
}

// templateHasControlChar finds control characters, which could move the
// cursor or recolour the terminal. Newline and tab are text.
func templateHasControlChar(s string) bool {
	for _, r := range s {
		if r != '\n' && r != '\t' && isControl(r) {
			return true
		}
	}
	return false
}

// tmplIDs tracks the tmplIDs of one kind to find duplicates.
type tmplIDs struct {
	kind  string
	first map[string]string // id -> path of its first use
}

func newTmplIDs(kind string) *tmplIDs { return &tmplIDs{kind: kind, first: map[string]string{}} }

// id checks an id's syntax and uniqueness.
func (v *tmplValidator) id(path, s string, seen *tmplIDs) {
	if !v.text1(path, s, ruleID) {
		return
	}
	if !templateIDPattern.MatchString(s) {
		v.add(path, fmt.Sprintf("%s %q is not valid: use lowercase letters, digits and hyphens, starting with a letter", seen.kind, s))
		return
	}
	v.unique(path, s, seen)
}

func (v *tmplValidator) unique(path, s string, seen *tmplIDs) {
	if first, ok := seen.first[s]; ok {
		v.add(path, fmt.Sprintf("duplicate %s %q (first used at %s)", seen.kind, s, v.where(first, path)))
		return
	}
	seen.first[s] = path
}

// list checks that a required list is there and not empty.
func (v *tmplValidator) nonEmpty(path string, n int, what string) bool {
	if !v.required(path) {
		return false
	}
	if n == 0 {
		v.add(path, fmt.Sprintf("%s needs at least one %s", tmplLastKey(path), what))
		return false
	}
	return true
}

func (v *tmplValidator) validate(t *Template) {
	v.id(".id", t.ID, newTmplIDs("template id"))
	if v.required(".version") && (t.Version < 1 || t.Version > MaxTemplateVersion) {
		v.add(".version", msgVersion)
	}
	v.text1(".title", t.Title, ruleTitle)
	if v.text1(".school_year", t.SchoolYear, ruleOptLine) && !validSchoolYear(t.SchoolYear) {
		v.add(".school_year", fmt.Sprintf("school_year %q is not valid: write it as YYYY-YY, like 2025-26", t.SchoolYear))
	}
	v.text1(".description", t.Description, ruleOptText)

	scaleOK := v.validateScale(t)
	v.validateDomains(t, scaleOK)

	if v.required(".prompts") {
		v.validatePrompts(".prompts.framing", "framing", t.Prompts.Framing)
		v.validatePrompts(".prompts.planning", "planning", t.Prompts.Planning)
		v.validatePrompts(".prompts.reflection", "reflection", t.Prompts.Reflection)
	}

	v.validateNames(".student_groups", "student group", t.StudentGroups)
	v.validateNames(".roles", "role", t.Roles)
	v.validateChoices(".conditions", "condition", t.Conditions)
	v.validateChoices(".leadership_moves", "leadership move", t.LeadershipMoves)
	v.validateDecisions(t.Decisions)
}

func validSchoolYear(s string) bool {
	_, err := ParseSchoolYear(s)
	return err == nil
}

// validateScale checks the scale and reports whether its number of levels
// is usable, so indicators' descriptors can be counted against it.
func (v *tmplValidator) validateScale(t *Template) bool {
	if !v.required(".scale") {
		return false
	}
	v.text1(".scale.not_sure", t.Scale.NotSure, ruleLabel)
	if !v.required(".scale.levels") || v.suppressed(".scale.levels") {
		return false
	}
	ok := true
	if n := len(t.Scale.Levels); n < minScaleLevels || n > maxScaleLevels {
		v.add(".scale.levels", fmt.Sprintf("the scale has %s; it needs %d to %d", countOf(n, "level"), minScaleLevels, maxScaleLevels))
		ok = false
	}
	for i, l := range t.Scale.Levels {
		p := pathIndex(".scale.levels", i)
		v.text1(pathKey(p, "label"), l.Label, ruleLabel)
		v.text1(pathKey(p, "meaning"), l.Meaning, ruleOneLine)
	}
	return ok
}

func (v *tmplValidator) validateDomains(t *Template, scaleOK bool) {
	if !v.nonEmpty(".domains", len(t.Domains), "domain") {
		return
	}
	domainIDs, indicatorIDs := newTmplIDs("domain id"), newTmplIDs("indicator id")
	for i, d := range t.Domains {
		p := pathIndex(".domains", i)
		if v.suppressed(p) {
			continue
		}
		v.id(pathKey(p, "id"), d.ID, domainIDs)
		v.text1(pathKey(p, "title"), d.Title, ruleTitle)
		v.text1(pathKey(p, "summary"), d.Summary, ruleOptText)
		ip := pathKey(p, "indicators")
		if v.required(ip) && len(d.Indicators) == 0 {
			v.add(ip, fmt.Sprintf("domain %q has no indicators; add at least one", d.ID))
		}
		for j, in := range d.Indicators {
			v.validateIndicator(pathIndex(ip, j), in, scaleOK, len(t.Scale.Levels), indicatorIDs)
		}
	}
}

func (v *tmplValidator) validateIndicator(p string, in Indicator, scaleOK bool, scaleLevels int, seen *tmplIDs) {
	if v.suppressed(p) {
		return
	}
	v.id(pathKey(p, "id"), in.ID, seen)
	v.text1(pathKey(p, "title"), in.Title, ruleIndTitle)
	v.text1(pathKey(p, "statement"), in.Statement, ruleText)
	if in.Phase != "" && !slices.Contains(Phases, in.Phase) {
		v.add(pathKey(p, "phase"), fmt.Sprintf("phase %q is not valid: use selection, implementation or evaluation", in.Phase))
	}
	lp := pathKey(p, "levels")
	if v.required(lp) {
		if scaleOK && len(in.Levels) != scaleLevels {
			v.add(lp, fmt.Sprintf("indicator has %s; the scale has %s", countOf(len(in.Levels), "level descriptor"), countOf(scaleLevels, "level")))
		}
		for i, l := range in.Levels {
			v.text1(pathIndex(lp, i), l, ruleText)
		}
	}
	v.text1(pathKey(p, "equity_pause"), in.EquityPause, ruleOptText)
	cp := pathKey(p, "context")
	v.text1(pathKey(cp, "english_learners"), in.Context.EnglishLearners, ruleOptText)
	v.text1(pathKey(cp, "iep_504"), in.Context.IEP504, ruleOptText)
	v.text1(pathKey(cp, "small_systems"), in.Context.SmallSystems, ruleOptText)
	v.text1(pathKey(cp, "large_systems"), in.Context.LargeSystems, ruleOptText)
}

func (v *tmplValidator) validatePrompts(path, section string, prompts []Prompt) {
	if !v.required(path) {
		return
	}
	want := RequiredPrompts[section]
	seen := newTmplIDs("prompt id")
	for i, pr := range prompts {
		p := pathIndex(path, i)
		if v.suppressed(p) {
			continue
		}
		ip := pathKey(p, "id")
		if v.text1(ip, pr.ID, ruleID) {
			if !slices.Contains(want, pr.ID) {
				v.add(ip, fmt.Sprintf("unknown %s prompt id %q (expected one of: %s)", section, pr.ID, strings.Join(want, ", ")))
			} else {
				v.unique(ip, pr.ID, seen)
			}
		}
		v.text1(pathKey(p, "text"), pr.Text, ruleText)
		v.text1(pathKey(p, "help"), pr.Help, ruleOptText)
	}
	if missing := tmplMissingIDs(want, seen); len(missing) > 0 && !v.anySuppressed(path, len(prompts)) {
		v.add(path, fmt.Sprintf("%s prompts are missing %s", section, strings.Join(missing, ", ")))
	}
}

// anySuppressed reports whether any of a list's n items had a reported type
// error; then a "missing" note would only repeat it.
func (v *tmplValidator) anySuppressed(path string, n int) bool {
	for i := range n {
		if v.suppressed(pathKey(pathIndex(path, i), "id")) {
			return true
		}
	}
	return false
}

func tmplMissingIDs(want []string, seen *tmplIDs) []string {
	var out []string
	for _, id := range want {
		if _, ok := seen.first[id]; !ok {
			out = append(out, id)
		}
	}
	return out
}

func (v *tmplValidator) validateNames(path, kind string, names []string) {
	if !v.nonEmpty(path, len(names), kind) {
		return
	}
	seen := newTmplIDs(kind)
	for i, s := range names {
		p := pathIndex(path, i)
		if v.text1(p, s, ruleTitle) {
			v.unique(p, s, seen)
		}
	}
}

func (v *tmplValidator) validateChoices(path, kind string, choices []Choice) {
	if !v.nonEmpty(path, len(choices), kind) {
		return
	}
	seen := newTmplIDs(kind + " id")
	for i, c := range choices {
		p := pathIndex(path, i)
		if v.suppressed(p) {
			continue
		}
		v.id(pathKey(p, "id"), c.ID, seen)
		v.text1(pathKey(p, "title"), c.Title, ruleTitle)
		v.text1(pathKey(p, "help"), c.Help, ruleOptText)
	}
}

func (v *tmplValidator) validateDecisions(decisions []Choice) {
	const path = ".decisions"
	if !v.required(path) {
		return
	}
	seen := newTmplIDs("decision id")
	for i, c := range decisions {
		p := pathIndex(path, i)
		if v.suppressed(p) {
			continue
		}
		ip := pathKey(p, "id")
		if v.text1(ip, c.ID, ruleID) {
			if !slices.Contains(DecisionIDs, c.ID) {
				v.add(ip, fmt.Sprintf("unknown decision id %q (use continue, adjust, scale and stop)", c.ID))
			} else {
				v.unique(ip, c.ID, seen)
			}
		}
		v.text1(pathKey(p, "title"), c.Title, ruleTitle)
		v.text1(pathKey(p, "help"), c.Help, ruleOptText)
	}
	if missing := tmplMissingIDs(DecisionIDs, seen); len(missing) > 0 && !v.anySuppressed(path, len(decisions)) {
		v.add(path, "decisions are missing "+strings.Join(missing, ", "))
	}
}
