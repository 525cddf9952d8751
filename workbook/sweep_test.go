package workbook_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
	"edtech-workbook/workbook/templatefile"
)

// The bad-input sweep (issue 7.4): a generated corpus of broken templates
// and session files, mutated from the built-in template and the demo
// session. Whatever comes in, nothing panics, every refusal is a short plain
// message, and nothing half-checked reaches the workbook file. The fuzz
// targets (FuzzParseTemplate, FuzzImportSession) explore further; this
// corpus is deterministic, so a failure names the exact mutation.

// sweepCase is one generated input.
type sweepCase struct {
	name string
	data []byte
}

// Values that break a field's type or carry something hostile.
var (
	sweepYAMLValues = []string{
		"[]", "{}", "~", "42", "-1", "true", "[a, b]", "{a: 1}", `""`, "!!binary aGVsbG8=",
		"&anchor x", "*missing", "0x10", "1e999", ".nan", "|", ">-", "- item",
		`"\e[2J\e]0;title\a"`, `"\x9b31m"`, `"\u202eevil"`, `"\0"`, "\x1b[31mred", "\xff\xfe", "\xc3",
	}
	sweepJSONValues = []string{
		"[]", "{}", "null", "42", "-1", "1.5", "1e999", "99999999999999999999", "true", `""`, `"x"`,
		`"\u001b[2J\u001b]0;title\u0007"`, `"\u009b31m"`, `"\ud800"`, `"\u0000"`, "\"\x1b[31m\"", "\"\xff\xfe\"",
		`{"unknown": 1}`, `[1, "a", null]`,
	}
	// Typed into a text field, these would repaint or retitle the terminal.
	sweepEscapes = []string{
		"\x1b[2J\x1b[H", "\x1b]0;pwned\x07", "\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\",
		"\u009b31m", "\x1bPq#0\x1b\\", "\r\x1b[1A\x1b[K", "\x07\x08\x00\x7f",
	}
)

var (
	yamlValueLine = regexp.MustCompile(`^(\s*(?:- )?[a-z_0-9]+:)( .*)$`)
	jsonValueLine = regexp.MustCompile(`^(\s*"[a-z_0-9]+": )(.*?)(,?)$`)
)

func sweepLines(data []byte) []string { return strings.SplitAfter(string(data), "\n") }

// sweepMutations builds the mutations shared by both corpora: truncations,
// deleted, repeated and swapped lines, values of the wrong type, byte flips,
// invalid UTF-8 and escape sequences at random places.
func sweepMutations(base []byte, rng *rand.Rand, valueLine *regexp.Regexp, values []string, perKind int) []sweepCase {
	var out []sweepCase
	add := func(name string, data []byte) { out = append(out, sweepCase{name, data}) }
	lines := sweepLines(base)
	join := func(ls []string) []byte { return []byte(strings.Join(ls, "")) }

	for i := range perKind { // truncations spread over the whole file, plus the last bytes
		at := i * len(base) / perKind
		add(fmt.Sprintf("truncated at %d", at), base[:at])
	}
	for at := max(len(base)-8, 0); at < len(base); at++ {
		add(fmt.Sprintf("truncated at %d", at), base[:at])
	}
	for _, i := range sweepPick(rng, len(lines), perKind) {
		add(fmt.Sprintf("line %d deleted", i+1), join(append(append([]string{}, lines[:i]...), lines[i+1:]...)))
	}
	for _, i := range sweepPick(rng, len(lines), perKind/4) {
		add(fmt.Sprintf("line %d repeated", i+1), join(append(append(append([]string{}, lines[:i+1]...), lines[i]), lines[i+1:]...)))
	}
	for _, i := range sweepPick(rng, len(lines), perKind/4) {
		j := rng.IntN(len(lines))
		ls := append([]string{}, lines...)
		ls[i], ls[j] = ls[j], ls[i]
		add(fmt.Sprintf("lines %d and %d swapped", i+1, j+1), join(ls))
	}
	var valued []int
	for i, l := range lines {
		if valueLine.MatchString(strings.TrimRight(l, "\n")) {
			valued = append(valued, i)
		}
	}
	for _, i := range sweepPick(rng, len(valued), perKind) {
		i = valued[i]
		v := values[rng.IntN(len(values))]
		m := valueLine.FindStringSubmatch(strings.TrimRight(lines[i], "\n"))
		ls := append([]string{}, lines...)
		if valueLine == jsonValueLine {
			ls[i] = m[1] + v + m[3] + "\n"
		} else {
			ls[i] = m[1] + " " + v + "\n"
		}
		add(fmt.Sprintf("line %d value %q", i+1, v), join(ls))
	}
	for k := range perKind {
		data := bytes.Clone(base)
		for range 1 + k%8 {
			data[rng.IntN(len(data))] = byte(rng.IntN(256))
		}
		add(fmt.Sprintf("bytes flipped (seed case %d)", k), data)
	}
	inserts := append([]string{"\xff", "\xfe\xff", "\xc3", "\xed\xa0\x80", "\x00"}, sweepEscapes...)
	for k := range perKind {
		at := rng.IntN(len(base))
		s := inserts[k%len(inserts)]
		add(fmt.Sprintf("%q inserted at %d", s, at), append(append(bytes.Clone(base[:at]), s...), base[at:]...))
	}
	return out
}

// sweepPick returns up to k distinct indexes below n.
func sweepPick(rng *rand.Rand, n, k int) []int {
	p := rng.Perm(n)
	return p[:min(k, n)]
}

func sweepTemplateBase(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "content", "templates", templatefile.DefaultTemplateID+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func sweepTemplateCorpus(base []byte) []sweepCase {
	rng := rand.New(rand.NewPCG(7, 4))
	out := sweepMutations(base, rng, yamlValueLine, sweepYAMLValues, 16)
	add := func(name string, data []byte) { out = append(out, sweepCase{name, data}) }
	add("empty", nil)
	add("null", []byte("~\n"))
	add("a list", []byte("- a\n- b\n"))
	add("binary", []byte("\x00\x01\x02\xff\xfe\x89PNG\r\n"))
	add("byte-order mark", append([]byte("\xef\xbb\xbf"), base...))
	add("UTF-16", sweepUTF16(base[:min(len(base), 2000)]))
	add("CRLF line ends", bytes.ReplaceAll(base, []byte("\n"), []byte("\r\n")))
	add("tabs for indentation", bytes.ReplaceAll(base, []byte("  "), []byte("\t")))
	add("deep nesting", []byte(strings.Repeat("[", 100_000)))
	add("deep mappings", []byte(strings.Repeat("a:\n ", 5_000)+"b"))
	add("alias bomb", []byte(`a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
title: *g
`))
	add("over the size limit", append(bytes.Clone(base), bytes.Repeat([]byte("# padding\n"), templatefile.MaxTemplateSize/10+1)...))
	huge := strings.Repeat("word ", 100_000)
	add("huge title", bytes.Replace(base, []byte("\ntitle: "), []byte("\ntitle: "+huge), 1))
	add("huge description", bytes.Replace(base, []byte("\ndescription: >-\n"), []byte("\ndescription: >-\n  "+huge+"\n"), 1))
	add("many domains", append(bytes.Clone(base), []byte(strings.Repeat("  - id: extra\n    title: Extra\n", 20_000))...))
	for _, e := range sweepEscapes {
		add(fmt.Sprintf("title with %q", e), bytes.Replace(base, []byte("\ntitle: "), []byte("\ntitle: x"+e), 1))
	}
	return out
}

// sweepUTF16 encodes ASCII text as UTF-16LE with a byte-order mark.
func sweepUTF16(b []byte) []byte {
	out := []byte{0xff, 0xfe}
	for _, c := range b {
		out = append(out, c, 0)
	}
	return out
}

// TestSweepTemplates feeds the corpus to templatefile.Parse.
func TestSweepTemplates(t *testing.T) {
	t.Parallel() // independent inputs and files; keeps the sweep quick under -race
	base := sweepTemplateBase(t)
	if _, err := templatefile.Parse("base.yaml", base); err != nil {
		t.Fatalf("the built-in template does not parse: %v", err)
	}
	corpus := sweepTemplateCorpus(base)
	refused := 0
	for _, c := range corpus {
		tmpl, err := sweepParse(c.data)
		if err != nil {
			refused++
			if tmpl != nil {
				t.Errorf("%s: a template came back with the error", c.name)
			}
			sweepCheckMessage(t, c.name, err, false)
			continue
		}
		if err := workbook.ValidateTemplate(tmpl); err != nil {
			t.Errorf("%s: accepted, but ValidateTemplate says: %v", c.name, err)
		}
		sweepCheckInert(t, c.name, reflect.ValueOf(tmpl).Elem())
	}
	if refused < len(corpus)/3 {
		t.Errorf("only %d of %d broken templates were refused; is the corpus still broken?", refused, len(corpus))
	}
	t.Logf("%d templates, %d refused", len(corpus), refused)
}

// sweepParse turns a panic that escaped templatefile.Parse into a test failure.
func sweepParse(data []byte) (tmpl *workbook.Template, err error) {
	defer func() {
		if r := recover(); r != nil {
			tmpl, err = nil, fmt.Errorf("PANIC: %v", r)
		}
	}()
	return templatefile.Parse("sweep.yaml", data)
}

// sweepCheckMessage checks a refusal: not empty, no blank lines, short,
// nothing that moves the cursor or recolours the terminal, and not a panic
// that was caught and passed off as a message.
func sweepCheckMessage(t *testing.T, name string, err error, oneLine bool) {
	t.Helper()
	msg := err.Error()
	lines := strings.Split(msg, "\n")
	switch {
	case strings.TrimSpace(msg) == "":
		t.Errorf("%s: empty error message", name)
	case strings.Contains(msg, "PANIC") || strings.Contains(msg, "reader failed"):
		t.Errorf("%s: the parser panicked: %s", name, sweepShort(msg))
	case oneLine && len(lines) > 1:
		t.Errorf("%s: the message has %d lines, want one: %s", name, len(lines), sweepShort(msg))
	case !utf8.ValidString(msg):
		t.Errorf("%s: the message is not valid UTF-8: %s", name, sweepShort(msg))
	case sweepHasControl(msg, "\n"):
		t.Errorf("%s: the message carries control characters: %q", name, sweepShort(msg))
	}
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			t.Errorf("%s: line %d of the message is blank: %q", name, i+1, sweepShort(msg))
			break
		}
		if n := utf8.RuneCountInString(l); n > 500 {
			t.Errorf("%s: a message line is %d characters long (it echoes the input?): %s", name, n, sweepShort(l))
			break
		}
	}
}

func sweepShort(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

// sweepHasControl reports C0/C1 control characters and DEL, except allowed.
func sweepHasControl(s, allowed string) bool {
	for _, r := range s {
		if strings.ContainsRune(allowed, r) {
			continue
		}
		if r < 0x20 || (r >= 0x7f && r < 0xa0) {
			return true
		}
	}
	return false
}

// sweepCheckInert checks that text accepted from a file draws nothing but
// text once cleaned (the screens and exports show text through CleanText).
func sweepCheckInert(t *testing.T, name string, v reflect.Value) {
	t.Helper()
	_ = workbook.WalkText(v, nil, func(path []string, s string) error {
		if c := workbook.CleanText(s); sweepHasControl(c, "\n\t") || !utf8.ValidString(c) {
			t.Errorf("%s: %s still has control characters after CleanText: %q", name, strings.Join(path, "."), sweepShort(c))
		}
		if c := workbook.CleanLine(s); sweepHasControl(c, "") {
			t.Errorf("%s: %s still has control characters after CleanLine: %q", name, strings.Join(path, "."), sweepShort(c))
		}
		return nil
	})
}

func sweepDemoJSON(t *testing.T) []byte {
	t.Helper()
	demo, err := templatefile.DemoSession()
	if err != nil {
		t.Fatal(err)
	}
	data, err := workbook.MarshalSession(demo)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func sweepImportCorpus(base []byte) []sweepCase {
	rng := rand.New(rand.NewPCG(7, 5))
	out := sweepMutations(base, rng, jsonValueLine, sweepJSONValues, 30)
	add := func(name string, data []byte) { out = append(out, sweepCase{name, data}) }
	add("empty", nil)
	add("null", []byte("null"))
	add("a list", []byte("[]"))
	add("an empty object", []byte("{}"))
	add("text", []byte("hello\n"))
	add("byte-order mark", append([]byte("\xef\xbb\xbf"), base...))
	add("UTF-16", sweepUTF16(base))
	add("deep nesting", []byte(strings.Repeat("[", 100_000)))
	add("deep session", []byte(`{"format":"edtech-workbook/session","version":1,"session":`+strings.Repeat(`{"a":`, 50_000)))
	add("over the size limit", append(bytes.Clone(base), bytes.Repeat([]byte(" "), workbook.MaxImportSize)...))
	set := func(name, old, new string) {
		if !bytes.Contains(base, []byte(old)) {
			panic("sweep: the demo export has no " + old)
		}
		add(name, bytes.Replace(base, []byte(old), []byte(new), 1))
	}
	set("another format", `"format": "edtech-workbook/session"`, `"format": "something-else"`)
	set("version 0", `"version": 2,`, `"version": 0,`)
	set("a newer version", `"version": 2,`, `"version": 3,`)
	set("no session", `"session": {`, `"session": null, "x": {`)
	set("a field too long", `"team": "`, `"team": "`+strings.Repeat("é", workbook.MaxFieldChars+1))
	set("an escape in the id", `"id": "demo`, `"id": "\u001b[2Jdemo`)
	set("an unknown field", `"team": `, `"color": "red", "team": `)
	set("a repeated key", `"team": `, `"team": "first", "team": `)
	if demo := demoFileBytes(); demo != nil {
		add("the demo as shipped (template by reference only)", demo)
	}
	return out
}

// demoFileBytes is content/demo.json, whose template is only a reference.
func demoFileBytes() []byte {
	data, _ := os.ReadFile(filepath.Join("..", "content", "demo.json"))
	return data
}

// TestSweepImports feeds the corpus to ImportSession, then stores what it
// accepts as `import` does: a refused file stores nothing, an accepted one
// is stored exactly as read.
func TestSweepImports(t *testing.T) {
	t.Parallel() // independent inputs and files; keeps the sweep quick under -race
	base := sweepDemoJSON(t)
	if _, err := workbook.ImportSession(base); err != nil {
		t.Fatalf("the demo's own export does not import: %v", err)
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "sweep.db"), store.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	corpus := sweepImportCorpus(base)
	refused, stored := 0, 0
	for i, c := range corpus {
		s, err := sweepImport(c.data)
		if err != nil {
			refused++
			if s != nil {
				t.Errorf("%s: a session came back with the error", c.name)
			}
			sweepCheckMessage(t, c.name, err, true)
			continue
		}
		sweepCheckInert(t, c.name, reflect.ValueOf(s).Elem())
		if stored >= 25 { // each store syncs the file; 25 cover the path
			continue
		}
		s.ID = fmt.Sprintf("sweep-%d", i)
		want, err := workbook.MarshalSession(s)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if err := st.Put(s); err != nil {
			sweepCheckMessage(t, c.name+" (store)", err, true)
			if _, gerr := st.Get(s.ID); !errors.Is(gerr, workbook.ErrNotFound) {
				t.Errorf("%s: the store refused the session (%v) but holds it: %v", c.name, err, gerr)
			}
			continue
		}
		stored++
		got, err := st.Get(s.ID)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got.Revision = s.Revision // the store assigns revisions; everything else is kept
		if back, _ := workbook.MarshalSession(got); !bytes.Equal(back, want) {
			t.Errorf("%s: the stored session differs from the imported one", c.name)
		}
	}
	list, err := st.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != stored {
		t.Errorf("the file lists %d sessions, %d were stored", len(list), stored)
	}
	if errs := st.Check(); len(errs) > 0 {
		t.Errorf("the file does not check clean: %v", errs)
	}
	if refused < len(corpus)/3 {
		t.Errorf("only %d of %d broken files were refused; is the corpus still broken?", refused, len(corpus))
	}
	t.Logf("%d session files, %d refused, %d stored", len(corpus), refused, stored)
}

func sweepImport(data []byte) (s *workbook.Session, err error) {
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, fmt.Errorf("PANIC: %v", r)
		}
	}()
	return workbook.ImportSession(data)
}

// sweepCopy is a deep copy of a session, template included (Clone shares
// the template, which the sweep overwrites).
func sweepCopy(t *testing.T, s *workbook.Session) *workbook.Session {
	t.Helper()
	data, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var out workbook.Session
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return &out
}

// sweepField is one settable string of a session: setting it writes
// through to the session, also inside a map of structs (Answers), whose
// values are copies.
type sweepField struct {
	v    reflect.Value
	sync func()
}

func (f sweepField) String() string { return f.v.String() }

func (f sweepField) SetString(s string) {
	f.v.SetString(s)
	f.sync()
}

// sweepEachText calls fn with every settable string of v and its path.
func sweepEachText(v reflect.Value, path string, fn func(path string, f sweepField)) {
	sweepWalk(v, path, func() {}, fn)
}

func sweepWalk(v reflect.Value, path string, sync func(), fn func(path string, f sweepField)) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			fn(path, sweepField{v, sync})
		}
	case reflect.Pointer:
		if !v.IsNil() {
			sweepWalk(v.Elem(), path, sync, fn)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[workbook.PartRef]() {
			return // a reference to a part (kind and id), not text; its ids are swept where they live
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				sweepWalk(v.Field(i), path+"."+v.Type().Field(i).Name, sync, fn)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			sweepWalk(v.Index(i), fmt.Sprintf("%s[%d]", path, i), sync, fn)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			k, val := iter.Key(), iter.Value()
			if val.Kind() == reflect.Struct { // a copy: walk an addressable one, write it back on each set
				cp := reflect.New(val.Type()).Elem()
				cp.Set(val)
				sweepWalk(cp, fmt.Sprintf("%s[%v]", path, k), func() { v.SetMapIndex(k, cp); sync() }, fn)
				continue
			}
			sweepWalk(val, fmt.Sprintf("%s[%v]", path, k), sync, fn)
		}
	}
}

// TestSweepHostileTextRoundTrips puts escape sequences in every text field
// of the demo session (its template snapshot too): the store keeps the text
// exactly, and CleanText/CleanLine leave nothing a terminal would act on.
func TestSweepHostileTextRoundTrips(t *testing.T) {
	t.Parallel() // independent inputs and files; keeps the sweep quick under -race
	demo, err := templatefile.DemoSession()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "sweep.db"), store.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	payload := "before" + strings.Join(sweepEscapes, "x") + "\u202e\u200bafter"
	s := sweepCopy(t, demo)
	n := 0
	sweepEachText(reflect.ValueOf(s).Elem(), "session", func(path string, f sweepField) {
		if path != "session.ID" {
			f.SetString(f.String() + payload)
			n++
		}
	})
	if n < 100 {
		t.Fatalf("only %d text fields found; the walk is broken", n)
	}
	want, _ := workbook.MarshalSession(s)
	if err := st.Put(s); err != nil {
		t.Fatalf("hostile text refused by the store: %v", err)
	}
	got, err := st.Get(s.ID)
	if err != nil {
		t.Fatal(err)
	}
	got.Revision = s.Revision // the store assigns revisions
	if back, _ := workbook.MarshalSession(got); !bytes.Equal(back, want) {
		t.Error("the store changed hostile text (stored text must come back as typed)")
	}
	sweepEachText(reflect.ValueOf(got).Elem(), "session", func(path string, f sweepField) {
		if path == "session.ID" {
			return
		}
		for name, clean := range map[string]string{"CleanText": workbook.CleanText(f.String()), "CleanLine": workbook.CleanLine(f.String())} {
			allowed := "\n\t"
			if name == "CleanLine" {
				allowed = ""
			}
			if sweepHasControl(clean, allowed) {
				t.Errorf("%s of %s leaves control characters: %q", name, path, sweepShort(clean))
			}
			if !strings.Contains(clean, "before") || !strings.Contains(clean, "after") {
				t.Errorf("%s of %s lost the text around the escapes: %q", name, path, sweepShort(clean))
			}
		}
	})

	// Invalid UTF-8 cannot be typed, but can come from a pasted file: the
	// store writes it as U+FFFD (JSON has no other spelling) and never fails.
	bad := sweepCopy(t, demo)
	bad.ID = "invalid-utf8"
	bad.Team, bad.Problem.Question = "Team \xff\xfe", "Why \xc3?"
	if err := st.Put(bad); err != nil {
		t.Fatalf("invalid UTF-8 refused by the store: %v", err)
	}
	got, err = st.Get(bad.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Team != "Team \ufffd\ufffd" || got.Problem.Question != "Why \ufffd?" {
		t.Errorf("invalid UTF-8 stored as %q, %q", got.Team, got.Problem.Question)
	}
	// Hostile text in ids and choices (a phase, a status) makes the first
	// session inconsistent with its own template: doctor says so, for that
	// session only; nothing in the file is damaged.
	for _, err := range st.Check() {
		if !strings.Contains(err.Error(), "("+s.ID+") is inconsistent") {
			t.Errorf("the file does not check clean: %v", err)
		}
	}
}

// TestSweepOversizedFields makes each text field in turn one character too
// long: the field check names it in one short line (CheckLimits itself, which
// encodes the whole session first, runs on a sample); a field at the limit
// passes. The store refuses an oversized session whole (create and update).
func TestSweepOversizedFields(t *testing.T) {
	t.Parallel() // independent inputs and files; keeps the sweep quick under -race
	demo, err := templatefile.DemoSession()
	if err != nil {
		t.Fatal(err)
	}
	s := sweepCopy(t, demo)
	tooLong := strings.Repeat("é", workbook.MaxFieldChars+1) // characters, not bytes, are counted
	atLimit := strings.Repeat("é", workbook.MaxFieldChars)
	fields := 0
	sweepEachText(reflect.ValueOf(s).Elem(), "session", func(path string, f sweepField) {
		old := f.String()
		defer f.SetString(old)
		fields++
		f.SetString(tooLong)
		check := workbook.CheckFieldLimits
		if fields%10 == 0 {
			check = workbook.CheckLimits
		}
		err := check(s)
		if !errors.Is(err, workbook.ErrTooLarge) {
			t.Errorf("%s: %d characters accepted (limit %d): %v", path, workbook.MaxFieldChars+1, workbook.MaxFieldChars, err)
			return
		}
		sweepCheckMessage(t, path, err, true)
		if fields%25 == 0 { // a sample: each check below encodes the whole session
			f.SetString(atLimit)
			if err := workbook.CheckLimits(s); err != nil {
				t.Errorf("%s: a field at the limit refused: %v", path, err)
			}
		}
	})

	st, err := store.Open(filepath.Join(t.TempDir(), "sweep.db"), store.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	big := sweepCopy(t, demo)
	big.Plan.Aim = tooLong
	if err := st.Put(big); !errors.Is(err, workbook.ErrTooLarge) {
		t.Fatalf("Put of an oversized session: %v", err)
	}
	if _, err := st.Get(big.ID); !errors.Is(err, workbook.ErrNotFound) {
		t.Fatalf("an oversized session was stored: %v", err)
	}
	stored, err := st.Create(sweepCopy(t, demo))
	if err != nil {
		t.Fatal(err)
	}
	edit := sweepCopy(t, stored)
	edit.SetAnswer("evidence", workbook.Answer{Text: tooLong})
	if _, err := st.Update(edit); !errors.Is(err, workbook.ErrTooLarge) {
		t.Fatalf("Update with an oversized field: %v", err)
	}
	got, err := st.Get(stored.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Revision != stored.Revision || got.Answer("evidence").Text != stored.Answer("evidence").Text {
		t.Error("a refused update changed the stored session")
	}

	// Every field under the limit, but the session as a whole too large.
	huge := sweepCopy(t, demo)
	for i := range huge.Template.Domains {
		for j := range huge.Template.Domains[i].Indicators {
			huge.Template.Domains[i].Indicators[j].Statement = strings.Repeat("x", workbook.MaxFieldChars)
			huge.Rating(huge.Template.Domains[i].Indicators[j].ID).Evidence = strings.Repeat("y", workbook.MaxFieldChars)
		}
	}
	huge.Plan.Actions = append(huge.Plan.Actions, make([]workbook.ActionStep, 100)...)
	for i := range huge.Plan.Actions {
		huge.Plan.Actions[i].ID = fmt.Sprintf("a%d", i)
		huge.Plan.Actions[i].Measure = strings.Repeat("z", workbook.MaxFieldChars)
	}
	err = workbook.CheckLimits(huge)
	if !errors.Is(err, workbook.ErrTooLarge) {
		t.Fatalf("a %d-field session over %d bytes accepted: %v", fields, workbook.MaxSessionBytes, err)
	}
	sweepCheckMessage(t, "whole session", err, true)
	t.Logf("%d text fields checked", fields)
}
