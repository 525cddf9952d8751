package workbook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"
)

// MaxImportSize bounds a session file: larger files are refused before they
// are parsed, so a hostile file cannot make the app allocate without limit.
//
// It is derived from the store's limit, so that every session the store
// accepts exports to a file import accepts (issue 10, finding 11). The store
// measures a session as json.Marshal writes it (MaxSessionBytes); the export
// writes each character at most 6 times as long as that (DEL, one byte there,
// is the escape \u007f here; a C1 control 2 → 6, a bidi control 3 → 6), and
// MarshalSession falls back to compact JSON when the indented file would
// pass this limit. Plus room for the envelope.
const MaxImportSize = maxEscapeGrowth*MaxSessionBytes + 1<<10

// maxEscapeGrowth is how many times longer a character can be in an export
// than in the store's JSON (see MaxImportSize).
const maxEscapeGrowth = 6

// maxRevision bounds a session's revision: the largest whole number every
// JSON reader keeps exactly, far above any real count of saves.
const maxRevision = 1<<53 - 1

// ReadSessionFile reads and checks an exported session file. Errors name the
// file and say what to do.
func ReadSessionFile(path string) (*Session, error) { return readSessionFile(path, nil) }

// readSessionFile is ReadSessionFile with a memo of the templates already
// found valid (nil: none), for a reader of many files.
func readSessionFile(path string, valid *templateMemo) (*Session, error) {
	f, err := readFile(path, valid)
	if err != nil {
		return nil, err
	}
	return f.Session, nil
}

// SessionFile is a session file as read: the session, the base it was made
// from when it carries one, and its bytes' hash.
type SessionFile struct {
	Session *Session
	// Base is the file's base (nil when it carries none).
	Base *ExchangeBase
	// BaseProblem says why the copy of the base the file carries cannot be
	// used ("" when it can, or carries none); Base.Session is then nil.
	BaseProblem string
	// Name is the file's base name (ReadFile); SHA256 the hash of its bytes.
	Name, SHA256 string
}

// ReadFile reads and checks an exported session file with its base (see
// ImportFile). Errors name the file and say what to do.
func ReadFile(path string) (SessionFile, error) { return readFile(path, nil) }

func readFile(path string, valid *templateMemo) (SessionFile, error) {
	data, err := readBounded(path, MaxImportSize)
	if err != nil {
		return SessionFile{}, err
	}
	f, err := importFile(data, valid)
	if err != nil {
		return SessionFile{}, fmt.Errorf("%s: %w", path, err)
	}
	f.Name = filepath.Base(path)
	return f, nil
}

// readBounded reads a file, refusing it once it grows past limit bytes.
// Anything but a regular file (a FIFO, a device, a folder) is refused
// before it is opened: opening a FIFO with no writer would wait forever.
func readBounded(path string, limit int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err))
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("cannot read %s: it is not a regular file; give the path of a file exported by edtech-workbook", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err))
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than %d MiB, the most a session file may hold; check it is the right file", path, limit>>20)
	}
	return data, nil
}

// unwrapPathError drops the path an *os.PathError repeats.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ImportSession parses the canonical JSON of an exported session and checks
// it: that it is UTF-8, the envelope's format and version, every key (no key
// twice, none unknown, none matched only without case), the size of the file
// and of every field, the embedded template, and that the session is
// consistent with it. Every refusal is one line naming the key path. It
// never changes what it reads: MarshalSession of the result gives back the
// same bytes for a file this build wrote. A file of exchange format 1 is
// converted (format1.go) and then checked like any other.
func ImportSession(data []byte) (*Session, error) {
	f, err := ImportFile(data)
	return f.Session, err
}

// ImportFile is ImportSession with the file's base: its hash and revision
// checked for shape, and the copy it carries (if any) checked as the session
// is, made from the same session, and matched against its hash (a copy that
// does not match is left out and BaseProblem says so).
func ImportFile(data []byte) (SessionFile, error) { return importFile(data, nil) }

func importFile(data []byte, valid *templateMemo) (SessionFile, error) {
	s, base, err := importSession(data, valid)
	if err != nil {
		return SessionFile{}, err
	}
	f := SessionFile{Session: s, SHA256: HashFile(data)}
	if base == nil {
		return f, nil
	}
	if !isSHA256(base.SHA256) {
		return SessionFile{}, fmt.Errorf("base.sha256 %q is not a SHA-256 in hex; export the file again", CleanLine(base.SHA256))
	}
	if base.Revision < 0 || base.Revision > maxRevision {
		return SessionFile{}, fmt.Errorf("base.revision is %d; it must be from 0 to %d; export the file again", base.Revision, maxRevision)
	}
	f.Base = base
	if b := base.Session; b != nil {
		if err := checkSession(b, valid); err != nil {
			return SessionFile{}, fmt.Errorf("base.session: %w", err)
		}
		if b.ID != s.ID {
			return SessionFile{}, fmt.Errorf("base.session is session %q, not the file's session %q; export the file again", CleanLine(b.ID), CleanLine(s.ID))
		}
		if h, err := BaseHash(b); err != nil || h != base.SHA256 {
			f.BaseProblem = "the copy of yours the file carries does not match its checksum"
			base.Session = nil
		}
	}
	return f, nil
}

func isSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// checkSession checks a decoded session's limits, template and consistency.
// A template valid remembers passing (field for field) is not checked again.
func checkSession(s *Session, valid *templateMemo) error {
	if err := CheckLimits(s); err != nil {
		return fmt.Errorf("%w; shorten it in the app that wrote the file and export it again", err)
	}
	if !valid.known(&s.Template) {
		if err := ValidateTemplate(&s.Template); err != nil {
			return fmt.Errorf("session.template: the session's template %s is not valid: %s", s.Template.Ref(), oneLine(err.Error()))
		}
		valid.add(&s.Template)
	}
	return ValidateSession(s)
}

// templateMemo remembers templates ValidateTemplate passed, by reference:
// a session whose template equals one of them field for field needs no
// second check. One reader's own; not safe for concurrent use.
type templateMemo struct{ valid map[string]*Template }

func (m *templateMemo) known(t *Template) bool {
	if m == nil {
		return false
	}
	v, ok := m.valid[t.Ref()]
	return ok && reflect.DeepEqual(v, t)
}

func (m *templateMemo) add(t *Template) {
	if m == nil {
		return
	}
	if m.valid == nil {
		m.valid = map[string]*Template{}
	}
	if len(m.valid) < 64 {
		m.valid[t.Ref()] = t.Clone()
	}
}

// readHead reads the file's format and version. An exported file starts
// with them, so it reads just those first keys; any other file is decoded
// whole for them.

// notJSON is the error of a file that is not JSON at all, as the reading
// of its head gave it before the head was read from the first keys; nil
// for JSON.
func notJSON(data []byte) error {
	var head struct{}
	if err := json.Unmarshal(data, &head); err != nil {
		return fmt.Errorf("not a readable session file (%s); export it again with `edtech-workbook export SESSION --format json`", jsonProblem(err))
	}
	return nil
}

func readHead(data []byte) (format string, version int, err error) {
	{ // a file that is not JSON is found when it is decoded (notJSON)
		dec := json.NewDecoder(bytes.NewReader(data))
		var gotFormat, gotVersion bool
		if tok, err := dec.Token(); err == nil && tok == json.Delim('{') {
		keys:
			for !(gotFormat && gotVersion) && dec.More() {
				tok, err := dec.Token()
				key, _ := tok.(string)
				switch {
				case err != nil:
				case key == "format" && !gotFormat:
					gotFormat = dec.Decode(&format) == nil
					continue
				case key == "version" && !gotVersion:
					gotVersion = dec.Decode(&version) == nil
					continue
				}
				break keys // another key first, or one of them twice: read it all
			}
		}
		if gotFormat && gotVersion {
			return format, version, nil
		}
	}
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	err = json.Unmarshal(data, &head)
	return head.Format, head.Version, err
}

// importSession decodes and checks the session of a file and returns the
// base it carries, unchecked.
func importSession(data []byte, valid *templateMemo) (*Session, *ExchangeBase, error) {
	if len(data) > MaxImportSize {
		return nil, nil, fmt.Errorf("the file is larger than %d MiB, the most a session file may hold; check it is the right file", MaxImportSize>>20)
	}
	if !utf8.Valid(data) {
		return nil, nil, fmt.Errorf("the file is not valid UTF-8 at byte %d; save it as UTF-8 text, or export it again with `edtech-workbook export SESSION --format json`", invalidUTF8At(data))
	}
	var head struct {
		Format  string
		Version int
	}
	var err error
	if head.Format, head.Version, err = readHead(data); err != nil {
		return nil, nil, fmt.Errorf("not a readable session file (%s); export it again with `edtech-workbook export SESSION --format json`", jsonProblem(err))
	}
	if head.Format != ExchangeFormat {
		return nil, nil, fmt.Errorf("not an edtech-workbook session file (format %q, want %q); export one with `edtech-workbook export SESSION --format json`", head.Format, ExchangeFormat)
	}
	if head.Version > ExchangeVersion {
		return nil, nil, fmt.Errorf("this file was written by a newer edtech-workbook (format %d); this build reads up to %d", head.Version, ExchangeVersion)
	}
	if head.Version < 1 {
		return nil, nil, fmt.Errorf("the session file has unknown format version %d; this build reads versions 1 to %d", head.Version, ExchangeVersion)
	}
	// Keys are checked before decoding: encoding/json lets the last of two
	// equal keys win and matches keys without case, which would silently
	// change what the team wrote. Unknown keys are refused, not dropped.
	// A format-1 file is checked against the format-1 shape and converted.
	var s *Session
	var base *ExchangeBase
	if head.Version == 1 {
		if err := checkKeys(data, reflect.TypeOf(exchangeFileV1{})); err != nil {
			if bad := notJSON(data); bad != nil {
				return nil, nil, bad
			}
			return nil, nil, fmt.Errorf("the file is not a valid session file: %v; export it again with `edtech-workbook export SESSION --format json`", err)
		}
		var file exchangeFileV1
		if err := json.Unmarshal(data, &file); err != nil {
			if bad := notJSON(data); bad != nil {
				return nil, nil, bad
			}
			return nil, nil, fmt.Errorf("the session in the file is not valid (%s); export it again", jsonProblem(err))
		}
		if file.Session != nil {
			s = file.Session.convert()
		}
	} else {
		if err := checkKeys(data, reflect.TypeOf(ExchangeFile{})); err != nil {
			if bad := notJSON(data); bad != nil {
				return nil, nil, bad
			}
			return nil, nil, fmt.Errorf("the file is not a valid session file: %v; export it again with `edtech-workbook export SESSION --format json`", err)
		}
		var file ExchangeFile // checkKeys refused unknown keys; Unmarshal does not copy data as a Decoder would
		if err := json.Unmarshal(data, &file); err != nil {
			if bad := notJSON(data); bad != nil {
				return nil, nil, bad
			}
			return nil, nil, fmt.Errorf("the session in the file is not valid (%s); export it again", jsonProblem(err))
		}
		s, base = file.Session, file.Base
	}
	if s == nil {
		return nil, nil, fmt.Errorf("the session file holds no session; export it again with `edtech-workbook export SESSION --format json`")
	}
	if err := checkSession(s, valid); err != nil {
		return nil, nil, err
	}
	return s, base, nil
}

// invalidUTF8At returns the offset of the first byte that is not part of a
// UTF-8 character.
func invalidUTF8At(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(data)
}

// jsonProblem turns a decoding error into a short phrase.
func jsonProblem(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || err.Error() == "unexpected end of JSON input":
		return "it ends too early; it may be truncated"
	case errors.As(err, &syn):
		return fmt.Sprintf("bad JSON at byte %d: %s", syn.Offset, syn.Error())
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "the file"
		}
		if n, ok := strings.CutPrefix(typ.Value, "number "); ok && jsonKind(typ.Type) == "a number" {
			return fmt.Sprintf("%s holds %s, which is not a whole number in range", field, n)
		}
		return fmt.Sprintf("%s holds a %s where %s belongs", field, typ.Value, jsonKind(typ.Type))
	}
	return oneLine(err.Error())
}

// jsonKind names what a Go type looks like in JSON, for people.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	}
	return "a number"
}

// oneLine keeps the first line of a message, for one-line errors.
func oneLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}

// ValidationProblem is ValidateSession's message without the import's
// framing ("the session is inconsistent: …; export it again …").
func ValidationProblem(err error) string {
	msg := oneLine(err.Error())
	msg = strings.TrimPrefix(msg, "the session is inconsistent: ")
	if i := strings.LastIndex(msg, "; export it again"); i > 0 {
		msg = msg[:i]
	}
	return msg
}

// ValidateSession checks that a session is consistent with its own template
// snapshot: a plain id and a valid school year, a revision in range, every
// rating, focus indicator, action owner, condition, answer and comment
// pointing at something that exists, ratings on the scale, every answer of
// the shape its question's kind takes (CheckAnswer), and ids unique. Each
// problem names its key path. A comment on an action step that is no longer
// in the plan is accepted: the app keeps a coach's comment when the team
// deletes the step, and shows it as "Action step ID".
func ValidateSession(s *Session) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("the session is inconsistent: "+format+"; export it again from the app that wrote it", args...)
	}
	if s.ID == "" || len(s.ID) > 64 || CleanLine(s.ID) != s.ID {
		return bad("session.id %q is missing or not a plain id", s.ID)
	}
	if _, err := ParseSchoolYear(s.SchoolYear); err != nil {
		return bad("session.school_year: %v", err)
	}
	if s.Revision < 0 || s.Revision > maxRevision {
		return bad("session.revision is %d; it must be from 0 to %d", s.Revision, maxRevision)
	}
	levels := Rating(len(s.Template.Scale.Levels))
	onScale := func(r Rating) bool { return r == Unrated || r == NotSure || (r >= 1 && r <= levels) }
	hasIndicator := func(id string) bool { _, _, ok := s.Template.Indicator(id); return ok }

	members := map[string]bool{}
	for i, m := range s.Roster {
		if m.ID == "" || members[m.ID] {
			return bad("session.roster[%d] (%q) has a missing or repeated id", i, m.Name)
		}
		members[m.ID] = true
	}
	for _, id := range slices.Sorted(maps.Keys(s.Ratings)) {
		r, at := s.Ratings[id], fmt.Sprintf("session.ratings[%q]", id)
		if !hasIndicator(id) {
			return bad("%s rates indicator %q, which its template %s does not have", at, id, s.Template.Ref())
		}
		if r == nil {
			return bad("%s, the rating of indicator %q, is empty", at, id)
		}
		if !onScale(r.Consensus) {
			return bad("%s.consensus is %d, off the %d-level scale", at, r.Consensus, levels)
		}
		if !slices.Contains(VoteModes, r.Vote) {
			return bad("%s.vote is %q, not %q or %q", at, r.Vote, VoteHidden, VoteOpen)
		}
		for _, mid := range slices.Sorted(maps.Keys(r.Members)) {
			if !members[mid] {
				return bad("%s.members has a rating by %q, who is not on the roster", at, mid)
			}
			if mr := r.Members[mid]; !onScale(mr) {
				return bad("%s.members[%q] is %d, off the %d-level scale", at, mid, mr, levels)
			}
		}
	}
	for i, id := range s.Problem.FocusIndicators {
		if !hasIndicator(id) {
			return bad("session.problem.focus_indicators[%d] is indicator %q, which its template does not have", i, id)
		}
	}
	if p := s.Problem.Phase; p != "" && !slices.Contains(Phases, p) {
		return bad("session.problem.phase is %q, not one of %s", p, strings.Join(Phases, ", "))
	}
	if n := len(s.Problem.Tools); n > MaxProblemTools {
		return bad("session.problem.tools names %d tools; the most is %d", n, MaxProblemTools)
	}
	for i, t := range s.Problem.Tools {
		if strings.TrimSpace(t.ID) == "" || strings.TrimSpace(t.Name) == "" {
			return bad("session.problem.tools[%d] has no id or no name", i)
		}
	}
	actions := map[string]bool{}
	for i, a := range s.Plan.Actions {
		at := fmt.Sprintf("session.plan.actions[%d]", i)
		if a.ID == "" || actions[a.ID] {
			return bad("%s (%q) has a missing or repeated id", at, CleanLine(a.What))
		}
		actions[a.ID] = true
		if a.Status != "" && !slices.Contains(Statuses, a.Status) {
			return bad("%s.status is %q, not one of %s", at, a.Status, strings.Join(Statuses, ", "))
		}
		if a.Owner != "" && !members[a.Owner] {
			return bad("%s.owner is %q, who is not on the roster", at, a.Owner)
		}
	}
	if err := uniqueIDs("session.plan.data_plan", len(s.Plan.DataPlan), func(i int) string { return s.Plan.DataPlan[i].ID }); err != nil {
		return bad("%v", err)
	}
	if err := uniqueIDs("session.check_ins", len(s.CheckIns), func(i int) string { return s.CheckIns[i].ID }); err != nil {
		return bad("%v", err)
	}
	if err := checkYear(s); err != nil {
		return bad("%v", err)
	}
	if err := uniqueIDs("session.comments", len(s.Comments), func(i int) string { return s.Comments[i].ID }); err != nil {
		return bad("%v", err)
	}
	if d := s.Reflection.Decision; d != "" && !slices.Contains(DecisionIDs, d) {
		return bad("session.reflection.decision is %q, not one of %s", d, strings.Join(DecisionIDs, ", "))
	}
	for i, c := range s.Reflection.Conditions {
		at := fmt.Sprintf("session.reflection.conditions[%d]", i)
		if !slices.ContainsFunc(s.Template.Conditions, func(ch Choice) bool { return ch.ID == c.Condition }) {
			return bad("%s.condition is %q, which is not a condition of its template %s", at, c.Condition, s.Template.Ref())
		}
		if c.Effect != "" && c.Effect != EffectHelped && c.Effect != EffectHindered {
			return bad("%s.effect is %q, not %s or %s", at, c.Effect, EffectHelped, EffectHindered)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(s.Answers)) {
		at := fmt.Sprintf("session.answers[%q]", id)
		q, _, ok := s.Template.Question(id)
		if !ok {
			return bad("%s answers question %q, which its template %s does not have", at, id, s.Template.Ref())
		}
		if msg := CheckAnswer(q, s.Answers[id]); msg != "" {
			return bad("%s %s", at, msg)
		}
	}
	if err := validateComments(s); err != nil {
		return bad("%v", err)
	}
	if p := s.Previous; p != nil && p.SchoolYear != "" {
		if _, err := ParseSchoolYear(p.SchoolYear); err != nil {
			return bad("session.previous.school_year: %v", err)
		}
	}
	if p := s.Previous; p != nil {
		for _, part := range []struct {
			name string
			list []PreviousScore
		}{{"domains", p.Domains}, {"areas", p.Areas}} {
			for i, d := range part.list {
				if !(d.Average >= 1 && d.Average <= maxScaleLevels) || d.Rated < 1 {
					return bad("session.previous.%s[%d] has the score %v over %d ratings; a score is between 1 and the scale's top level over at least one rating", part.name, i, d.Average, d.Rated)
				}
			}
		}
	}
	return nil
}

// validateComments checks every comment's part, thread and state: a part of
// a known kind whose domain, indicator or question the template has (an
// action step or measure may be gone: the app keeps a comment when the team
// deletes the item, and names it by its id), a reply on the same part as the
// thread it answers, a known side, no text left on a deleted comment, and
// resolution only on a thread's first comment.
func validateComments(s *Session) error {
	at := map[string]int{}
	for i, c := range s.Comments {
		at[c.ID] = i
	}
	for i, c := range s.Comments {
		where := fmt.Sprintf("session.comments[%d]", i)
		p := c.Part
		switch {
		case !p.Known():
			return fmt.Errorf("%s.part: unknown part %q", where, p.String())
		case p.Kind == PartIndicator || p.Kind == PartDomain || p.Kind == PartQuestion:
			if !partExists(s, p) {
				return fmt.Errorf("%s.part is about %s %q, which the template %s does not have", where, p.Kind, p.ID, s.Template.Ref())
			}
		}
		if c.Role != "" && c.Role != RoleCoach && c.Role != RoleTeam {
			return fmt.Errorf("%s.role is %q, not %s or %s", where, c.Role, RoleCoach, RoleTeam)
		}
		if c.IsDeleted() && c.Text != "" {
			return fmt.Errorf("%s is deleted but still has its text", where)
		}
		if c.ReplyTo == "" {
			continue
		}
		j, ok := at[c.ReplyTo]
		switch {
		case !ok:
			return fmt.Errorf("%s.reply_to is comment %q, which the session does not have", where, c.ReplyTo)
		case s.Comments[j].ReplyTo != "":
			return fmt.Errorf("%s.reply_to is comment %q, itself a reply; a reply answers a thread's first comment", where, c.ReplyTo)
		case s.Comments[j].Part != c.Part:
			return fmt.Errorf("%s is a reply on %s to a comment on %s", where, c.Part.String(), s.Comments[j].Part.String())
		case c.Resolved || c.ResolvedBy != "" || !c.StateAt.IsZero():
			return fmt.Errorf("%s is a reply but says whether the thread is resolved; only a thread's first comment does", where)
		}
	}
	return nil
}

func uniqueIDs(what string, n int, id func(int) string) error {
	seen := make(map[string]bool, n)
	for i := range n {
		v := id(i)
		if v == "" || seen[v] {
			return fmt.Errorf("%s[%d] has a missing or repeated id %q", what, i, v)
		}
		seen[v] = true
	}
	return nil
}

// checkKeys walks the JSON in data beside the Go type it decodes into and
// refuses, naming the key path: a key that appears twice in one object (at
// any depth), a key that matches a field only without case ("TEAM" for
// "team"), and a key no field has. Map keys (indicator and member ids) are
// free, but may not repeat either. data must be valid JSON (json.Unmarshal
// accepted it, so it is also at most 10,000 levels deep); the walk reads
// each byte once and decodes only keys.
func checkKeys(data []byte, t reflect.Type) error {
	k := &keyChecker{data: data, fields: map[reflect.Type]map[string]reflect.Type{}, selfDecoding: map[reflect.Type]bool{}}
	return k.value(t)
}

type keyChecker struct {
	data         []byte
	pos          int
	fields       map[reflect.Type]map[string]reflect.Type // per struct type: JSON key -> field type
	selfDecoding map[reflect.Type]bool                    // per type: it decodes itself (time.Time)
	// path is where the checker is, as segments; it is spelled out
	// ("session.ratings[\"x\"].members") only for an error.
	path []pathSeg
}

// pathSeg is one step of a key path: a struct field, a map key or a list
// index.
type pathSeg struct {
	kind byte // 'f' field, 'm' map key, 'a' list index
	key  string
	idx  int
}

// where spells out the path: "" at the top.
func (k *keyChecker) where() string {
	var b strings.Builder
	for _, s := range k.path {
		switch s.kind {
		case 'f':
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.key)
		case 'm':
			fmt.Fprintf(&b, "[%q]", s.key)
		default:
			fmt.Fprintf(&b, "[%d]", s.idx)
		}
	}
	return b.String()
}

// errNotJSON is what checkKeys says should the JSON it was given be broken
// (ImportSession only gives it JSON that json.Unmarshal accepted).
var errNotJSON = errors.New("the file is not valid JSON")

func (k *keyChecker) space() {
	for k.pos < len(k.data) {
		switch k.data[k.pos] {
		case ' ', '\t', '\n', '\r':
			k.pos++
		default:
			return
		}
	}
}

// next skips space and returns the next byte without taking it.
func (k *keyChecker) next() (byte, error) {
	k.space()
	if k.pos >= len(k.data) {
		return 0, errNotJSON
	}
	return k.data[k.pos], nil
}

// str takes the string at pos and, for decode, returns its text.
func (k *keyChecker) str(decode bool) (string, error) {
	if c, err := k.next(); err != nil || c != '"' {
		return "", errNotJSON
	}
	start, escaped := k.pos, false
	for k.pos++; k.pos < len(k.data); k.pos++ {
		switch k.data[k.pos] {
		case '\\':
			escaped = true
			k.pos++
		case '"':
			k.pos++
			raw := k.data[start:k.pos]
			if !decode {
				return "", nil
			}
			if !escaped {
				return string(raw[1 : len(raw)-1]), nil
			}
			var s string
			err := json.Unmarshal(raw, &s)
			return s, err
		}
	}
	return "", errNotJSON
}

func (k *keyChecker) value(t reflect.Type) error {
	c, err := k.next()
	if err != nil {
		return err
	}
	switch c {
	case '"':
		_, err := k.str(false)
		return err
	case '{', '[':
		k.pos++
		for t != nil && t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t != nil {
			self, ok := k.selfDecoding[t]
			if !ok {
				self = reflect.PointerTo(t).Implements(reflect.TypeFor[json.Unmarshaler]())
				k.selfDecoding[t] = self
			}
			if self {
				t = nil // decodes itself (time.Time): only repeated keys are checked
			}
		}
		if c == '{' {
			return k.object(t)
		}
		return k.array(t)
	}
	for k.pos < len(k.data) {
		switch k.data[k.pos] {
		case ',', ']', '}', ' ', '\t', '\n', '\r':
			return nil
		}
		k.pos++ // a number, true, false or null
	}
	return nil
}

func (k *keyChecker) array(t reflect.Type) error {
	var elem reflect.Type
	if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
		elem = t.Elem()
	}
	if c, err := k.next(); err != nil || c == ']' {
		k.pos++
		return err
	}
	for i := 0; ; i++ {
		k.path = append(k.path, pathSeg{kind: 'a', idx: i})
		err := k.value(elem)
		k.path = k.path[:len(k.path)-1]
		if err != nil {
			return err
		}
		c, err := k.next()
		if err != nil {
			return err
		}
		k.pos++
		if c == ']' {
			return nil
		}
	}
}

func (k *keyChecker) object(t reflect.Type) error {
	var fields map[string]reflect.Type
	var elem reflect.Type
	switch {
	case t == nil:
	case t.Kind() == reflect.Struct:
		fields = k.structFields(t)
	case t.Kind() == reflect.Map:
		elem = t.Elem()
	}
	where := func() string {
		if w := k.where(); w != "" {
			return w
		}
		return "the file"
	}
	if c, err := k.next(); err != nil || c == '}' {
		k.pos++
		return err
	}
	var seenList []string       // the keys so far, while there are few
	var seenMap map[string]bool // then as a set
	kind := byte('m')
	if fields != nil {
		kind = 'f'
	}
	for {
		key, err := k.str(true)
		if err != nil {
			return err
		}
		if c, err := k.next(); err != nil || c != ':' {
			return errNotJSON
		}
		k.pos++
		switch {
		case seenMap != nil && seenMap[key], seenMap == nil && slices.Contains(seenList, key):
			return fmt.Errorf("%s has the key %q twice", where(), key)
		case seenMap != nil:
			seenMap[key] = true
		case len(seenList) < 16:
			seenList = append(seenList, key)
		default:
			seenMap = make(map[string]bool, 2*len(seenList))
			for _, s := range seenList {
				seenMap[s] = true
			}
			seenMap[key] = true
		}
		vt := elem
		if fields != nil {
			ft, ok := fields[key]
			if !ok {
				for name := range fields {
					if strings.EqualFold(name, key) {
						return fmt.Errorf("%s has the key %q, which must be written %q", where(), key, name)
					}
				}
				return fmt.Errorf("%s has an unknown key %q", where(), key)
			}
			vt = ft
		}
		k.path = append(k.path, pathSeg{kind: kind, key: key})
		err = k.value(vt)
		k.path = k.path[:len(k.path)-1]
		if err != nil {
			return err
		}
		c, err := k.next()
		if err != nil {
			return err
		}
		k.pos++
		if c == '}' {
			return nil
		}
	}
}

// structFields lists a struct's JSON keys and their types.
func (k *keyChecker) structFields(t reflect.Type) map[string]reflect.Type {
	if f, ok := k.fields[t]; ok {
		return f
	}
	f := map[string]reflect.Type{}
	for i := range t.NumField() {
		sf := t.Field(i)
		if name, ok := jsonName(sf); ok {
			f[name] = sf.Type
		}
	}
	k.fields[t] = f
	return f
}

// jsonName is a struct field's JSON key (its tag's name, else the field's
// name); ok is false for a field JSON skips (unexported, or tagged "-").
func jsonName(sf reflect.StructField) (name string, ok bool) {
	if !sf.IsExported() {
		return "", false
	}
	name, _, _ = strings.Cut(sf.Tag.Get("json"), ",")
	if name == "-" {
		return "", false
	}
	if name == "" {
		name = sf.Name
	}
	return name, true
}
