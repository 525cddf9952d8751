package workbook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"
)

// MaxImportSize bounds a session file: larger files are refused before they
// are parsed, so a hostile file cannot make the app allocate without limit.
const MaxImportSize = 16 << 20

// ReadSessionFile reads and checks an exported session file. Errors name the
// file and say what to do.
func ReadSessionFile(path string) (*Session, error) {
	data, err := readBounded(path, MaxImportSize)
	if err != nil {
		return nil, err
	}
	s, err := ImportSession(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// readBounded reads a file, refusing it once it grows past limit bytes.
func readBounded(path string, limit int64) ([]byte, error) {
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
// it: the envelope's format and version, the size of the file and of every
// field, the embedded template, and that the session is consistent with it.
// It never changes what it reads: MarshalSession of the result gives back
// the same bytes for a file this build wrote.
func ImportSession(data []byte) (*Session, error) {
	if len(data) > MaxImportSize {
		return nil, fmt.Errorf("the file is larger than %d MiB, the most a session file may hold; check it is the right file", MaxImportSize>>20)
	}
	var head struct {
		Format  string          `json:"format"`
		Version int             `json:"version"`
		Session json.RawMessage `json:"session"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("not a readable session file (%s); export it again with `edtech-workbook export SESSION --format json`", jsonProblem(err))
	}
	if head.Format != ExchangeFormat {
		return nil, fmt.Errorf("not an edtech-workbook session file (format %q, want %q); export one with `edtech-workbook export SESSION --format json`", head.Format, ExchangeFormat)
	}
	if head.Version > ExchangeVersion {
		return nil, fmt.Errorf("this file was written by a newer edtech-workbook (format %d); this build reads up to %d", head.Version, ExchangeVersion)
	}
	if head.Version < 1 {
		return nil, fmt.Errorf("the session file has unknown format version %d; this build reads versions 1 to %d", head.Version, ExchangeVersion)
	}
	if len(head.Session) == 0 || string(head.Session) == "null" {
		return nil, fmt.Errorf("the session file holds no session; export it again with `edtech-workbook export SESSION --format json`")
	}
	// Unknown fields are refused rather than dropped: dropping them would
	// silently change what the team wrote.
	dec := json.NewDecoder(bytes.NewReader(head.Session))
	dec.DisallowUnknownFields()
	var s Session
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("the session in the file is not valid (%s); export it again", jsonProblem(err))
	}
	if err := CheckLimits(&s); err != nil {
		return nil, fmt.Errorf("%w; shorten it in the app that wrote the file and export it again", err)
	}
	if err := ValidateTemplate(&s.Template); err != nil {
		return nil, fmt.Errorf("the session's template %s is not valid: %s", s.Template.Ref(), oneLine(err.Error()))
	}
	if err := ValidateSession(&s); err != nil {
		return nil, err
	}
	return &s, nil
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
		return fmt.Sprintf("field %q holds a %s where %s belongs", typ.Field, typ.Value, jsonKind(typ.Type))
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

// ValidateSession checks that a session is consistent with its own template
// snapshot: every rating, focus indicator and comment points at something
// that exists, ratings are on the scale, and ids are unique.
func ValidateSession(s *Session) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("the session is inconsistent: "+format+"; export it again from the app that wrote it", args...)
	}
	if s.ID == "" || len(s.ID) > 64 || CleanLine(s.ID) != s.ID {
		return bad("its id %q is missing or not a plain id", s.ID)
	}
	levels := Rating(len(s.Template.Scale.Levels))
	onScale := func(r Rating) bool { return r == Unrated || r == NotSure || (r >= 1 && r <= levels) }

	members := map[string]bool{}
	for _, m := range s.Roster {
		if m.ID == "" || members[m.ID] {
			return bad("roster member %q has a missing or repeated id", m.Name)
		}
		members[m.ID] = true
	}
	for id, r := range s.Ratings {
		if _, _, ok := s.Template.Indicator(id); !ok {
			return bad("it rates indicator %q, which its template %s does not have", id, s.Template.Ref())
		}
		if r == nil {
			return bad("the rating of indicator %q is empty", id)
		}
		if !onScale(r.Consensus) {
			return bad("indicator %q has consensus %d, off the %d-level scale", id, r.Consensus, levels)
		}
		for mid, mr := range r.Members {
			if !members[mid] {
				return bad("indicator %q has a rating by %q, who is not on the roster", id, mid)
			}
			if !onScale(mr) {
				return bad("indicator %q has a rating of %d, off the %d-level scale", id, mr, levels)
			}
		}
	}
	for _, id := range s.Problem.FocusIndicators {
		if _, _, ok := s.Template.Indicator(id); !ok {
			return bad("the problem of practice focuses on indicator %q, which its template does not have", id)
		}
	}
	if p := s.Problem.Phase; p != "" && !slices.Contains(Phases, p) {
		return bad("the problem of practice has unknown phase %q", p)
	}
	actions := map[string]bool{}
	for _, a := range s.Plan.Actions {
		if a.ID == "" || actions[a.ID] {
			return bad("action step %q has a missing or repeated id", CleanLine(a.What))
		}
		actions[a.ID] = true
		if a.Status != "" && !slices.Contains(Statuses, a.Status) {
			return bad("action step %q has unknown status %q", CleanLine(a.What), a.Status)
		}
	}
	if err := uniqueIDs("data plan row", len(s.Plan.DataPlan), func(i int) string { return s.Plan.DataPlan[i].ID }); err != nil {
		return bad("%v", err)
	}
	if err := uniqueIDs("check-in", len(s.CheckIns), func(i int) string { return s.CheckIns[i].ID }); err != nil {
		return bad("%v", err)
	}
	if err := uniqueIDs("comment", len(s.Comments), func(i int) string { return s.Comments[i].ID }); err != nil {
		return bad("%v", err)
	}
	if d := s.Reflection.Decision; d != "" && !slices.Contains(DecisionIDs, d) {
		return bad("the reflection has unknown decision %q", d)
	}
	for _, c := range s.Reflection.Conditions {
		if c.Effect != "" && c.Effect != EffectHelped && c.Effect != EffectHindered {
			return bad("condition %q has unknown effect %q", c.Condition, c.Effect)
		}
	}
	for _, c := range s.Comments {
		if !validCommentPart(c.Part) {
			return bad("comment %s is about unknown part %q", c.ID, c.Part)
		}
	}
	return nil
}

func validCommentPart(p string) bool {
	switch {
	case p == PartSession, p == PartProblem, p == PartPlan:
		return true
	case len(p) > len(PartIndicator) && p[:len(PartIndicator)] == PartIndicator:
		return true
	case len(p) > len(PartAction) && p[:len(PartAction)] == PartAction:
		return true
	}
	return false
}

func uniqueIDs(what string, n int, id func(int) string) error {
	seen := make(map[string]bool, n)
	for i := range n {
		v := id(i)
		if v == "" || seen[v] {
			return fmt.Errorf("%s %d has a missing or repeated id %q", what, i+1, v)
		}
		seen[v] = true
	}
	return nil
}
