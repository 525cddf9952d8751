package workbook

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Size bounds: text is data, and data is bounded. A session holds a few
// hundred answers; these limits are far above any real one and keep a
// pasted file or a hostile import from bloating the workbook file.
const (
	MaxSessionBytes = 8 << 20  // a session's JSON (or a template's)
	MaxFieldChars   = 64 << 10 // one text field, in characters
)

// LimitError says which field or record is too large. It matches ErrTooLarge.
type LimitError struct {
	Field string // e.g. `evidence for "Vision"`
	Size  int
	Limit int
	Unit  string // "characters" or "bytes as JSON"
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%s is %s %s; the limit is %s", e.Field, commas(e.Size), e.Unit, commas(e.Limit))
}

// Is makes errors.Is(err, ErrTooLarge) true.
func (e *LimitError) Is(target error) bool { return target == ErrTooLarge }

// CheckLimits reports the first text field longer than MaxFieldChars, or a
// session whose JSON exceeds MaxSessionBytes. Create, Update and Put call it
// and write nothing when it fails.
func CheckLimits(s *Session) error {
	buf, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("session %s cannot be encoded: %w", s.ID, err)
	}
	return CheckLimitsEncoded(s, buf)
}

// CheckLimitsEncoded checks s given its JSON. Walking every field costs as
// much as encoding; a string no longer than MaxFieldChars in its JSON form
// is no longer in characters either, so the walk (which names the field)
// runs only when the JSON holds a long string.
func CheckLimitsEncoded(s *Session, buf []byte) error {
	if longestJSONString(buf) > MaxFieldChars {
		if err := checkFieldLimits(s); err != nil {
			return err
		}
	}
	return checkSessionSize(s, len(buf))
}

// longestJSONString returns the length in bytes of the longest string
// literal (or key) in valid JSON.
func longestJSONString(buf []byte) int {
	longest, start, inString := 0, 0, false
	for i := 0; i < len(buf); i++ {
		switch c := buf[i]; {
		case !inString && c == '"':
			inString, start = true, i
		case inString && c == '\\':
			i++ // skip the escaped character
		case inString && c == '"':
			inString = false
			longest = max(longest, i-start-1)
		}
	}
	return longest
}

func checkSessionSize(s *Session, n int) error {
	if n > MaxSessionBytes {
		return &LimitError{Field: fmt.Sprintf("session %q", s.Team), Size: n, Limit: MaxSessionBytes, Unit: "bytes as JSON"}
	}
	return nil
}

func checkFieldLimits(s *Session) error {
	return walkText(reflect.ValueOf(s).Elem(), nil, func(path []string, text string) error {
		if n := textLen(text); n > MaxFieldChars {
			return &LimitError{Field: sessionFieldLabel(s, path), Size: n, Limit: MaxFieldChars, Unit: "characters"}
		}
		return nil
	})
}

// CheckTemplateLimits refuses a template with a text over MaxFieldChars.
func CheckTemplateLimits(t *Template) error {
	return walkText(reflect.ValueOf(t).Elem(), nil, func(path []string, text string) error {
		if n := textLen(text); n > MaxFieldChars {
			return &LimitError{Field: fmt.Sprintf("template %s field %s", t.Ref(), strings.Join(path, ".")), Size: n, Limit: MaxFieldChars, Unit: "characters"}
		}
		return nil
	})
}

// textLen counts characters, skipping the count for text that is short in bytes.
func textLen(s string) int {
	if len(s) <= MaxFieldChars {
		return len(s)
	}
	return utf8.RuneCountInString(s)
}

// walkText calls fn for every string (and string map key) reachable from v,
// with its JSON path. Reflection keeps new fields covered without a list to
// maintain.
func walkText(v reflect.Value, path []string, fn func(path []string, text string) error) error {
	switch v.Kind() {
	case reflect.String:
		return fn(path, v.String())
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return walkText(v.Elem(), path, fn)
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			name, ok := jsonName(t.Field(i))
			if !ok {
				continue
			}
			if err := walkText(v.Field(i), append(path, name), fn); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		if !hasText(v.Type().Elem()) {
			return nil
		}
		for i := range v.Len() {
			if err := walkText(v.Index(i), append(path, strconv.Itoa(i)), fn); err != nil {
				return err
			}
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			k := iter.Key()
			if k.Kind() == reflect.String {
				if err := fn(append(path, "(key)"), k.String()); err != nil {
					return err
				}
			}
			if err := walkText(iter.Value(), append(path, fmt.Sprint(k.Interface())), fn); err != nil {
				return err
			}
		}
	}
	return nil
}

// hasText reports whether values of type t can hold a string.
func hasText(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String, reflect.Struct, reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Array, reflect.Map:
		return t != reflect.TypeOf(time.Time{})
	}
	return false
}

// sessionFieldLabel names a session field the way the workbook shows it.
func sessionFieldLabel(s *Session, path []string) string {
	at := func(i int) string {
		if i < len(path) {
			return path[i]
		}
		return ""
	}
	num := func(i int) int { n, _ := strconv.Atoi(at(i)); return n + 1 }
	prompt := func(id PromptID) string {
		if pr := s.Template.Prompts.Get(id); pr != nil && pr.Text != "" {
			return fmt.Sprintf("the answer to %q", pr.Text)
		}
		return "the " + strings.ReplaceAll(string(id), "_", " ")
	}
	indicator := func(id string) string {
		if in, _, ok := s.Template.Indicator(id); ok {
			return in.Title
		}
		return id
	}
	switch at(0) {
	case "team":
		return "the team name"
	case "district":
		return "the district name"
	case "school_year":
		return "the school year"
	case "ratings":
		switch at(2) {
		case "evidence":
			return fmt.Sprintf("evidence for %q", indicator(at(1)))
		case "equity":
			return fmt.Sprintf("the equity answer for %q", indicator(at(1)))
		}
	case "roster":
		return fmt.Sprintf("the %s of team member %d", at(2), num(1))
	case "problem":
		if at(1) == "question" {
			return prompt(PromptProblem)
		}
	case "answers":
		if q, _, ok := s.Template.Question(at(1)); ok {
			return fmt.Sprintf("the answer to %q", q.Text)
		}
		return fmt.Sprintf("the answer to question %s", at(1))
	case "plan":
		switch at(1) {
		case "aim":
			return prompt(PromptAim)
		case "logic_model":
			return prompt(PromptID(at(2)))
		case "actions":
			if at(3) == "cycles" {
				return fmt.Sprintf("the %s of improvement cycle %d of action step %d", at(5), num(4), num(2))
			}
			return fmt.Sprintf("the %s of action step %d", at(3), num(2))
		case "data_plan":
			if at(3) == "values" {
				return fmt.Sprintf("the %s of value %d of data plan row %d", at(5), num(4), num(2))
			}
			return fmt.Sprintf("the %s of data plan row %d", at(3), num(2))
		}
	case "reflection":
		switch at(1) {
		case "decision_reason":
			return prompt(PromptDecision)
		case "conditions":
			return fmt.Sprintf("the note on condition %d", num(2))
		}
	case "check_ins":
		return fmt.Sprintf("the %s of check-in %d", at(2), num(1))
	case "comments":
		return fmt.Sprintf("the %s of comment %d", at(2), num(1))
	case "template":
		return "template field " + strings.Join(path[1:], ".")
	}
	return "the field " + strings.Join(path, ".")
}

// commas writes n with thousands separators: 65536 -> "65,536".
func commas(n int) string { return Thousands(int64(n)) }
