package workbook

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The rules every template must follow, whether it comes from a YAML file
// (package templatefile reads those, with positions) or from JSON (an
// imported session's snapshot): every problem is collected, with its place.

// Size limits of a template.
const (
	maxTitleLen          = 200  // any title, name or label
	maxTextLen           = 4000 // any other text
	maxLevelLabelLen     = 40   // a scale level's label
	maxIndicatorTitleLen = 60   // an indicator's title
	maxIDLen             = 64
	minScaleLevels       = 2
	maxScaleLevels       = 7

	// MaxProblemsShown keeps a lint report readable; maxProblemsKept bounds
	// memory on a huge broken file.
	MaxProblemsShown = 200
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

// ValidateTemplate checks an in-memory template (one imported from JSON, say)
// with the same rules as templatefile.Parse. Positions are unknown, so each
// problem names its place as a path, like "domains[0].indicators[2]: title is empty".
func ValidateTemplate(t *Template) error {
	if t == nil {
		return &LintError{Problems: []Problem{{Msg: "the template is missing"}}}
	}
	v := NewTemplateChecker("", false)
	v.Validate(t)
	return v.Result()
}

// ---------------------------------------------------------------------------
// Collecting problems

// TemplateChecker collects problems. Places are paths such as
// ".domains[0].indicators[2].title"; when the template came from YAML, pos
// maps each path present in the file to its position.
type TemplateChecker struct {
	file     string
	fromYAML bool
	// format is the file format of a YAML template (1 or 2; 0 in memory).
	format int
	pos    map[string][2]int
	// done marks places whose problem is already reported (a wrong type, an
	// alias): rules about them and anything inside them are skipped.
	done     map[string]bool
	problems []Problem
	dropped  int
}

// NewTemplateChecker starts collecting the problems of one template: file
// names it in problems; fromYAML says places have positions (SetPos).
func NewTemplateChecker(file string, fromYAML bool) *TemplateChecker {
	return &TemplateChecker{file: file, fromYAML: fromYAML, pos: map[string][2]int{}, done: map[string]bool{}}
}

// Result is every problem found, sorted by position, as a *LintError (nil
// when there are none).
func (v *TemplateChecker) Result() error {
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
	if len(ps) > MaxProblemsShown {
		more += len(ps) - MaxProblemsShown
		ps = ps[:MaxProblemsShown]
	}
	if more > 0 {
		ps = append(ps, Problem{File: v.file, Msg: fmt.Sprintf("and %d more problems; fix these first", more)})
	}
	return &LintError{Problems: ps}
}

// Keep adds a problem (up to a bound; the rest are counted).
func (v *TemplateChecker) Keep(p Problem) {
	if len(v.problems) >= maxProblemsKept {
		v.dropped++
		return
	}
	v.problems = append(v.problems, p)
}

// FileProblem adds a problem with the whole file.
func (v *TemplateChecker) FileProblem(msg string) { v.Keep(Problem{File: v.file, Msg: msg}) }

// SetFormat records the file format of the YAML being checked (1 or 2):
// a format-2 file must list areas and tag every indicator with one.
func (v *TemplateChecker) SetFormat(n int) { v.format = n }

// File is the name problems carry.
func (v *TemplateChecker) File() string { return v.file }

// SetPos records where path is in the file.
func (v *TemplateChecker) SetPos(path string, line, col int) { v.pos[path] = [2]int{line, col} }

// MarkDone marks path as reported: rules about it and anything inside it
// are skipped.
func (v *TemplateChecker) MarkDone(path string) { v.done[path] = true }

// add reports a problem about path, at path's position or, when path is not
// in the file, at the position of the nearest enclosing place that is.
func (v *TemplateChecker) add(path, msg string) {
	if v.suppressed(path) {
		return
	}
	if !v.fromYAML {
		v.Keep(Problem{Msg: tmplDisplayPath(path) + ": " + msg})
		return
	}
	line, col := v.at(path)
	v.Keep(Problem{File: v.file, Line: line, Col: col, Msg: msg})
}

func (v *TemplateChecker) at(path string) (line, col int) {
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
func (v *TemplateChecker) where(path, here string) string {
	if !v.fromYAML {
		return tmplDisplayPath(path)
	}
	line, col := v.at(path)
	if hereLine, _ := v.at(here); hereLine == line {
		return fmt.Sprintf("line %d, column %d", line, col)
	}
	return fmt.Sprintf("line %d", line)
}

func (v *TemplateChecker) suppressed(path string) bool {
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
func (v *TemplateChecker) present(path string) bool {
	if !v.fromYAML {
		return true
	}
	_, ok := v.pos[path]
	return ok
}

// required reports a missing key at the enclosing mapping and returns
// whether the key is there.
func (v *TemplateChecker) required(path string) bool {
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

// TemplateItemName names the place in a message: the key, or "an item of KEY".
func TemplateItemName(path string) string {
	if path == "" {
		return "the template"
	}
	if strings.HasSuffix(path, "]") {
		return "an item of " + tmplLastKey(tmplParentPath(path))
	}
	return tmplLastKey(path)
}

func tmplDisplayPath(path string) string {
	if path == "" {
		return "template"
	}
	return strings.TrimPrefix(path, ".")
}

// TemplatePathKey and TemplatePathIndex build the paths that name places
// in a template (".domains[0].indicators[2].title").
func TemplatePathKey(path, k string) string       { return path + "." + k }
func TemplatePathIndex(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// MaxTemplateVersion bounds a template's version, so that raising it (new-version)
// can never overflow.
const MaxTemplateVersion = 1_000_000

// MsgVersion is the lint message for a version out of range.
const MsgVersion = "version must be a whole number from 1 to 1,000,000"

// ---------------------------------------------------------------------------
// Rules

// validTemplateID reports whether s is a lowercase letter followed by
// lowercase letters, digits and hyphens. (Checked by hand, not with a
// regexp compiled when the program starts.)
func validTemplateID(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

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
func (v *TemplateChecker) text1(path, s string, r tmplTextRule) bool {
	name := TemplateItemName(path)
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
func (v *TemplateChecker) id(path, s string, seen *tmplIDs) {
	if !v.text1(path, s, ruleID) {
		return
	}
	if !validTemplateID(s) {
		v.add(path, fmt.Sprintf("%s %q is not valid: use lowercase letters, digits and hyphens, starting with a letter", seen.kind, s))
		return
	}
	v.unique(path, s, seen)
}

func (v *TemplateChecker) unique(path, s string, seen *tmplIDs) {
	if first, ok := seen.first[s]; ok {
		v.add(path, fmt.Sprintf("duplicate %s %q (first used at %s)", seen.kind, s, v.where(first, path)))
		return
	}
	seen.first[s] = path
}

// list checks that a required list is there and not empty.
func (v *TemplateChecker) nonEmpty(path string, n int, what string) bool {
	if !v.required(path) {
		return false
	}
	if n == 0 {
		v.add(path, fmt.Sprintf("%s needs at least one %s", tmplLastKey(path), what))
		return false
	}
	return true
}

// Validate checks t against every rule.
func (v *TemplateChecker) Validate(t *Template) {
	v.validateHead(t)
	areas := v.validateAreas(t)
	scaleOK := v.validateScale(t)
	v.validateDomains(t, scaleOK, areas)
	if v.required(".prompts") {
		v.validatePrompts(&t.Prompts)
	}
	v.validateQuestions(t)
	v.validateLists(t)
	v.validateTools(t)
}

// ValidateV1 checks a template read from a format-1 file: the rules of
// today's templates for what format 1 has, and the format-1 rules for its
// prompts (exactly the ids of V1PromptIDs in each section).
func (v *TemplateChecker) ValidateV1(t *Template, prompts V1Prompts) {
	v.validateHead(t)
	scaleOK := v.validateScale(t)
	v.validateDomains(t, scaleOK, nil)
	if v.required(".prompts") {
		v.validateV1Prompts(".prompts.framing", "framing", prompts.Framing)
		v.validateV1Prompts(".prompts.planning", "planning", prompts.Planning)
		v.validateV1Prompts(".prompts.reflection", "reflection", prompts.Reflection)
	}
	v.validateLists(t)
}

func (v *TemplateChecker) validateHead(t *Template) {
	v.id(".id", t.ID, newTmplIDs("template id"))
	if v.required(".version") && (t.Version < 1 || t.Version > MaxTemplateVersion) {
		v.add(".version", fmt.Sprintf("%s, not %d", MsgVersion, t.Version))
	}
	v.text1(".title", t.Title, ruleTitle)
	if v.text1(".school_year", t.SchoolYear, ruleOptLine) && !validSchoolYear(t.SchoolYear) {
		v.add(".school_year", fmt.Sprintf("school_year %q is not valid: write it as YYYY-YY, like 2025-26", t.SchoolYear))
	}
	v.text1(".description", t.Description, ruleOptText)
}

func (v *TemplateChecker) validateLists(t *Template) {
	v.validateNames(".student_groups", "student group", t.StudentGroups)
	v.validateNames(".roles", "role", t.Roles)
	v.validateChoices(".conditions", "condition", t.Conditions)
	v.validateChoices(".leadership_moves", "leadership move", t.LeadershipMoves)
	v.validateDecisions(t.Decisions)
}

// areaSet is what the indicators' area tags are checked against: nil when
// the template has no areas (converted from format 1), so no indicator may
// name one.
type areaSet struct {
	ids  map[string]bool
	list string // "leadership, instruction, …" for messages
	// missing: a format-2 file without areas (reported once; the tags
	// are then not checked).
	missing bool
}

// validateAreas checks the areas: a format-2 file must list at least one;
// a template in memory may have none (one converted from format 1).
func (v *TemplateChecker) validateAreas(t *Template) *areaSet {
	const path = ".areas"
	if len(t.Areas) == 0 && !(v.fromYAML && v.format >= 2) {
		return nil
	}
	if !v.nonEmpty(path, len(t.Areas), "area") {
		return &areaSet{missing: true}
	}
	set := &areaSet{ids: map[string]bool{}}
	seen := newTmplIDs("area id")
	var ids []string
	for i, a := range t.Areas {
		p := TemplatePathIndex(path, i)
		if v.suppressed(p) {
			continue
		}
		v.id(TemplatePathKey(p, "id"), a.ID, seen)
		v.text1(TemplatePathKey(p, "title"), a.Title, ruleTitle)
		v.text1(TemplatePathKey(p, "help"), a.Help, ruleOptText)
		if a.ID != "" && !set.ids[a.ID] {
			set.ids[a.ID] = true
			ids = append(ids, a.ID)
		}
	}
	set.list = strings.Join(ids, ", ")
	return set
}

func validSchoolYear(s string) bool {
	_, err := ParseSchoolYear(s)
	return err == nil
}

// validateScale checks the scale and reports whether its number of levels
// is usable, so indicators' descriptors can be counted against it.
func (v *TemplateChecker) validateScale(t *Template) bool {
	if !v.required(".scale") {
		return false
	}
	v.text1(".scale.not_sure", t.Scale.NotSure, ruleLabel)
	if !v.required(".scale.levels") || v.suppressed(".scale.levels") {
		return false
	}
	ok := true
	if n := len(t.Scale.Levels); n < minScaleLevels || n > maxScaleLevels {
		v.add(".scale.levels", fmt.Sprintf("the scale has %s; it needs %d to %d", CountOf(n, "level"), minScaleLevels, maxScaleLevels))
		ok = false
	}
	for i, l := range t.Scale.Levels {
		p := TemplatePathIndex(".scale.levels", i)
		v.text1(TemplatePathKey(p, "label"), l.Label, ruleLabel)
		v.text1(TemplatePathKey(p, "meaning"), l.Meaning, ruleOneLine)
	}
	return ok
}

func (v *TemplateChecker) validateDomains(t *Template, scaleOK bool, areas *areaSet) {
	if !v.nonEmpty(".domains", len(t.Domains), "domain") {
		return
	}
	domainIDs, indicatorIDs := newTmplIDs("domain id"), newTmplIDs("indicator id")
	for i, d := range t.Domains {
		p := TemplatePathIndex(".domains", i)
		if v.suppressed(p) {
			continue
		}
		v.id(TemplatePathKey(p, "id"), d.ID, domainIDs)
		v.text1(TemplatePathKey(p, "title"), d.Title, ruleTitle)
		v.text1(TemplatePathKey(p, "summary"), d.Summary, ruleOptText)
		ip := TemplatePathKey(p, "indicators")
		if v.required(ip) && len(d.Indicators) == 0 {
			v.add(ip, fmt.Sprintf("domain %q has no indicators; add at least one", d.ID))
		}
		for j, in := range d.Indicators {
			v.validateIndicator(TemplatePathIndex(ip, j), in, scaleOK, len(t.Scale.Levels), indicatorIDs, areas)
		}
	}
}

func (v *TemplateChecker) validateIndicator(p string, in Indicator, scaleOK bool, scaleLevels int, seen *tmplIDs, areas *areaSet) {
	if v.suppressed(p) {
		return
	}
	v.id(TemplatePathKey(p, "id"), in.ID, seen)
	v.text1(TemplatePathKey(p, "title"), in.Title, ruleIndTitle)
	v.text1(TemplatePathKey(p, "statement"), in.Statement, ruleText)
	if in.Phase != "" && !slices.Contains(Phases, in.Phase) {
		v.add(TemplatePathKey(p, "phase"), fmt.Sprintf("phase %q is not valid: use selection, implementation or evaluation", in.Phase))
	}
	ap := TemplatePathKey(p, "area")
	switch {
	case areas != nil && areas.missing:
	case areas != nil:
		if v.text1(ap, in.Area, ruleID) && !areas.ids[in.Area] {
			v.add(ap, fmt.Sprintf("area %q is not one of the template's areas (%s)", in.Area, areas.list))
		}
	case in.Area != "":
		v.add(ap, fmt.Sprintf("indicator names area %q, but the template lists no areas; add the areas or remove the tag", in.Area))
	}
	lp := TemplatePathKey(p, "levels")
	if v.required(lp) {
		if scaleOK && len(in.Levels) != scaleLevels {
			v.add(lp, fmt.Sprintf("indicator %q has %s; the scale has %s", CleanLine(cmp.Or(in.ID, in.Title)), CountOf(len(in.Levels), "level descriptor"), CountOf(scaleLevels, "level")))
		}
		for i, l := range in.Levels {
			v.text1(TemplatePathIndex(lp, i), l, ruleText)
		}
	}
	v.text1(TemplatePathKey(p, "equity_pause"), in.EquityPause, ruleOptText)
	if in.EvidenceFrom != "" && !ValidEvidenceSource(in.EvidenceFrom) {
		v.add(TemplatePathKey(p, "evidence_from"), fmt.Sprintf("evidence_from %q is not one of %s", in.EvidenceFrom, strings.Join(EvidenceSources(), ", ")))
	}
	cp := TemplatePathKey(p, "context")
	v.text1(TemplatePathKey(cp, "english_learners"), in.Context.EnglishLearners, ruleOptText)
	v.text1(TemplatePathKey(cp, "iep_504"), in.Context.IEP504, ruleOptText)
	v.text1(TemplatePathKey(cp, "small_systems"), in.Context.SmallSystems, ruleOptText)
	v.text1(TemplatePathKey(cp, "large_systems"), in.Context.LargeSystems, ruleOptText)
}

// validatePrompts checks the wording of the structured parts: every prompt
// id is there, with text.
func (v *TemplateChecker) validatePrompts(prompts *Prompts) {
	for _, id := range PromptIDs() {
		p := TemplatePathKey(".prompts", string(id))
		if !v.required(p) || v.suppressed(p) {
			continue
		}
		pr := prompts.Get(id)
		v.text1(TemplatePathKey(p, "text"), pr.Text, ruleText)
		v.text1(TemplatePathKey(p, "help"), pr.Help, ruleOptText)
	}
}

// validQuestionID reports whether s is a lowercase letter followed by
// lowercase letters, digits, underscores and hyphens (checked by hand, as
// validTemplateID).
func validQuestionID(s string) bool {
	return validTemplateID(strings.ReplaceAll(s, "_", "-")) && s[0] != '_'
}

// validateQuestions checks the questions of every part: ids unique across
// the parts and none the id of a prompt, a known kind, text, and options
// for the choice kinds (and only for them).
func (v *TemplateChecker) validateQuestions(t *Template) {
	if !v.required(".questions") {
		return
	}
	seen := newTmplIDs("question id")
	for _, part := range QuestionParts() {
		path := TemplatePathKey(".questions", part.Key())
		for i, q := range t.Questions.In(part) {
			p := TemplatePathIndex(path, i)
			if v.suppressed(p) {
				continue
			}
			ip := TemplatePathKey(p, "id")
			if v.text1(ip, q.ID, ruleID) {
				switch {
				case !validQuestionID(q.ID):
					v.add(ip, fmt.Sprintf("question id %q is not valid: use lowercase letters, digits, underscores and hyphens, starting with a letter", q.ID))
				case IsPromptID(q.ID):
					v.add(ip, fmt.Sprintf("question id %q is the id of a prompt; give the question another id", q.ID))
				default:
					v.unique(ip, q.ID, seen)
				}
			}
			kp := TemplatePathKey(p, "kind")
			kindOK := v.text1(kp, string(q.Kind), ruleID)
			if kindOK && !q.Kind.Valid() {
				v.add(kp, fmt.Sprintf("kind %q is not valid: use %s", q.Kind, kindList()))
				kindOK = false
			}
			v.text1(TemplatePathKey(p, "text"), q.Text, ruleText)
			v.text1(TemplatePathKey(p, "help"), q.Help, ruleOptText)
			v.validateOptions(p, q, kindOK)
		}
	}
}

// minOptions is the fewest options a choice question may offer.
const minOptions = 2

func (v *TemplateChecker) validateOptions(p string, q Question, kindOK bool) {
	op := TemplatePathKey(p, "options")
	if v.suppressed(op) {
		return
	}
	switch {
	case !kindOK:
	case q.Kind.HasOptions() && len(q.Options) < minOptions:
		at := op
		if !v.present(op) {
			at = p
		}
		v.add(at, fmt.Sprintf("a %s question needs at least %d options (%s)", q.Kind, minOptions, CountOf(len(q.Options), "option")+" given"))
	case !q.Kind.HasOptions() && len(q.Options) > 0:
		v.add(op, fmt.Sprintf("options are only for choice and choices questions, not %s; remove them or change the kind", q.Kind))
		return
	}
	seen := newTmplIDs("option id")
	for i, o := range q.Options {
		oi := TemplatePathIndex(op, i)
		if v.suppressed(oi) {
			continue
		}
		ip := TemplatePathKey(oi, "id")
		if v.text1(ip, o.ID, ruleID) {
			if !validQuestionID(o.ID) {
				v.add(ip, fmt.Sprintf("option id %q is not valid: use lowercase letters, digits, underscores and hyphens, starting with a letter", o.ID))
			} else {
				v.unique(ip, o.ID, seen)
			}
		}
		v.text1(TemplatePathKey(oi, "title"), o.Title, ruleTitle)
		v.text1(TemplatePathKey(oi, "help"), o.Help, ruleOptText)
	}
}

func kindList() string {
	var names []string
	for _, k := range QuestionKinds() {
		names = append(names, string(k))
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// validateTools checks the tool criteria with the inventory's own rules
// (inventory.Criteria.Problems), each problem at its place, and the text of
// titles and help as every text is checked.
func (v *TemplateChecker) validateTools(t *Template) {
	const path = ".tools"
	if v.suppressed(path) {
		return
	}
	c := &t.Tools
	for _, p := range c.Problems() {
		v.add(TemplatePathKey(TemplatePathIndex(TemplatePathKey(path, p.List), p.Index), p.Field), p.Msg)
	}
	text := func(list string, i int, title, help string) {
		p := TemplatePathIndex(TemplatePathKey(path, list), i)
		v.text1(TemplatePathKey(p, "title"), title, ruleOptLine)
		v.text1(TemplatePathKey(p, "help"), help, ruleOptText)
	}
	for i, g := range c.Gates {
		text("gates", i, g.Title, g.Help)
	}
	for i, cr := range c.Criteria {
		text("criteria", i, cr.Title, cr.Help)
	}
	for i, cr := range c.Evaluation {
		text("evaluation", i, cr.Title, cr.Help)
	}
}

func (v *TemplateChecker) validateV1Prompts(path, section string, prompts []V1Prompt) {
	if !v.required(path) {
		return
	}
	want := V1PromptIDs(section)
	seen := newTmplIDs("prompt id")
	for i, pr := range prompts {
		p := TemplatePathIndex(path, i)
		if v.suppressed(p) {
			continue
		}
		ip := TemplatePathKey(p, "id")
		if v.text1(ip, pr.ID, ruleID) {
			if !slices.Contains(want, pr.ID) {
				v.add(ip, fmt.Sprintf("unknown %s prompt id %q (expected one of: %s)", section, pr.ID, strings.Join(want, ", ")))
			} else {
				v.unique(ip, pr.ID, seen)
			}
		}
		v.text1(TemplatePathKey(p, "text"), pr.Text, ruleText)
		v.text1(TemplatePathKey(p, "help"), pr.Help, ruleOptText)
	}
	if missing := tmplMissingIDs(want, seen); len(missing) > 0 && !v.anySuppressed(path, len(prompts)) {
		v.add(path, fmt.Sprintf("%s prompts are missing %s", section, strings.Join(missing, ", ")))
	}
}

// anySuppressed reports whether any of a list's n items had a reported type
// error; then a "missing" note would only repeat it.
func (v *TemplateChecker) anySuppressed(path string, n int) bool {
	for i := range n {
		if v.suppressed(TemplatePathKey(TemplatePathIndex(path, i), "id")) {
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

func (v *TemplateChecker) validateNames(path, kind string, names []string) {
	if !v.nonEmpty(path, len(names), kind) {
		return
	}
	seen := newTmplIDs(kind)
	for i, s := range names {
		p := TemplatePathIndex(path, i)
		if v.text1(p, s, ruleTitle) {
			v.unique(p, s, seen)
		}
	}
}

func (v *TemplateChecker) validateChoices(path, kind string, choices []Choice) {
	if !v.nonEmpty(path, len(choices), kind) {
		return
	}
	seen := newTmplIDs(kind + " id")
	for i, c := range choices {
		p := TemplatePathIndex(path, i)
		if v.suppressed(p) {
			continue
		}
		v.id(TemplatePathKey(p, "id"), c.ID, seen)
		v.text1(TemplatePathKey(p, "title"), c.Title, ruleTitle)
		v.text1(TemplatePathKey(p, "help"), c.Help, ruleOptText)
	}
}

func (v *TemplateChecker) validateDecisions(decisions []Choice) {
	const path = ".decisions"
	if !v.required(path) {
		return
	}
	seen := newTmplIDs("decision id")
	for i, c := range decisions {
		p := TemplatePathIndex(path, i)
		if v.suppressed(p) {
			continue
		}
		ip := TemplatePathKey(p, "id")
		if v.text1(ip, c.ID, ruleID) {
			if !slices.Contains(DecisionIDs, c.ID) {
				v.add(ip, fmt.Sprintf("unknown decision id %q (use continue, adjust, scale and stop)", c.ID))
			} else {
				v.unique(ip, c.ID, seen)
			}
		}
		v.text1(TemplatePathKey(p, "title"), c.Title, ruleTitle)
		v.text1(TemplatePathKey(p, "help"), c.Help, ruleOptText)
	}
	if missing := tmplMissingIDs(DecisionIDs, seen); len(missing) > 0 && !v.anySuppressed(path, len(decisions)) {
		v.add(path, "decisions are missing "+strings.Join(missing, ", "))
	}
}
