package workbook_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/export"
)

func TestImportRoundTripIsByteIdentical(t *testing.T) {
	for name, s := range map[string]*workbook.Session{"demo": testfixture.Demo(t), "carried": testfixture.Carried(t)} {
		data, err := workbook.MarshalSession(s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := workbook.ImportSession(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		again, err := workbook.MarshalSession(got)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(data, again) {
			t.Errorf("%s: JSON → import → JSON changed the bytes", name)
		}
	}
}

// editJSON exports the demo, lets edit change the decoded JSON tree, and
// returns the re-encoded file.
func editJSON(t *testing.T, edit func(file map[string]any, s map[string]any)) []byte {
	t.Helper()
	data, err := workbook.MarshalSession(testfixture.Demo(t))
	if err != nil {
		t.Fatal(err)
	}
	var file map[string]any
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	edit(file, file["session"].(map[string]any))
	out, err := json.Marshal(file)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// badSessionFiles are files import must refuse, with a part of the message.
func badSessionFiles(t *testing.T) []struct {
	name string
	data []byte
	want string
} {
	good, err := workbook.MarshalSession(testfixture.Demo(t))
	if err != nil {
		t.Fatal(err)
	}
	return []struct {
		name string
		data []byte
		want string
	}{
		{"truncated", good[:len(good)/2], "truncated"},
		{"empty", nil, "truncated"},
		{"not json", []byte("Team,Year\nA,2025-26\n"), "not a readable session file"},
		{"wrong format", []byte(`{"format":"edtech-workbook/template","version":1,"session":{}}`), `not an edtech-workbook session file (format "edtech-workbook/template"`},
		{"newer version", editJSON(t, func(f, _ map[string]any) { f["version"] = 7 }),
			fmt.Sprintf("this file was written by a newer edtech-workbook (format 7); this build reads up to %d", workbook.ExchangeVersion)},
		{"version zero", editJSON(t, func(f, _ map[string]any) { f["version"] = 0 }), "unknown format version 0"},
		{"no session", []byte(`{"format":"edtech-workbook/session","version":1}`), "holds no session"},
		{"unknown field", editJSON(t, func(_, s map[string]any) { s["password"] = "x" }), `session has an unknown key "password"`},
		{"wrong type", editJSON(t, func(_, s map[string]any) { s["roster"] = "everyone" }), "roster"},
		{"huge field", editJSON(t, func(_, s map[string]any) { s["team"] = strings.Repeat("x", workbook.MaxFieldChars+1) }), "team"},
		{"over the limit", append(bytes.Repeat([]byte(" "), workbook.MaxImportSize), good...), "larger than 48 MiB"},
		{"broken template", editJSON(t, func(_, s map[string]any) {
			s["template"].(map[string]any)["domains"] = []any{}
		}), "template edtech-systems@2 is not valid"},
		{"unknown indicator", editJSON(t, func(_, s map[string]any) {
			s["ratings"].(map[string]any)["no-such-indicator"] = map[string]any{"consensus": 2}
		}), `indicator "no-such-indicator"`},
		{"rating off the scale", editJSON(t, func(_, s map[string]any) {
			for _, r := range s["ratings"].(map[string]any) {
				r.(map[string]any)["consensus"] = 9
				break
			}
		}), "off the 4-level scale"},
		{"rater not on roster", editJSON(t, func(_, s map[string]any) {
			s["roster"] = s["roster"].([]any)[:1]
		}), "not on the roster"},
		{"repeated action id", editJSON(t, func(_, s map[string]any) {
			acts := s["plan"].(map[string]any)["actions"].([]any)
			acts[1].(map[string]any)["id"] = acts[0].(map[string]any)["id"]
		}), "missing or repeated id"},
		{"comment on nothing", editJSON(t, func(_, s map[string]any) {
			s["comments"].([]any)[0].(map[string]any)["part"] = "elsewhere"
		}), `unknown part "elsewhere"`},
	}
}

// strictSessionFiles are the files issue 10 found import accepting: each
// must be refused with a one-line error naming the key path.
func strictSessionFiles(t *testing.T) []struct {
	name string
	data []byte
	want string
} {
	good, err := workbook.MarshalSession(testfixture.Demo(t))
	if err != nil {
		t.Fatal(err)
	}
	demo := testfixture.Demo(t)
	firstInd := demo.Template.Indicators()[0].ID
	replace := func(old, new string) []byte {
		t.Helper()
		if !bytes.Contains(good, []byte(old)) {
			t.Fatalf("the demo file has no %q", old)
		}
		return bytes.Replace(good, []byte(old), []byte(new), 1)
	}
	badUTF8 := replace(`"team": "Alderbrook`, "\"team\": \"Alder\xffbrook")
	session := func(edit func(s map[string]any)) []byte { return editJSON(t, func(_, s map[string]any) { edit(s) }) }
	plan := func(s map[string]any) map[string]any { return s["plan"].(map[string]any) }
	return []struct {
		name string
		data []byte
		want string
	}{
		{"duplicate key", replace(`"team": "`, `"team": "Evil twin", "team": "`), `session has the key "team" twice`},
		{"duplicate nested key", replace(`"name": "`, `"name": "Evil twin", "name": "`), `session.roster[0] has the key "name" twice`},
		{"duplicate map key", replace(`"ratings": {`, `"ratings": {"`+firstInd+`": {"consensus": 1}, `),
			`session.ratings has the key "` + firstInd + `" twice`},
		{"duplicate envelope key", replace(`"format": "`, `"format": "edtech-workbook/session", "format": "`), `the file has the key "format" twice`},
		{"case-variant key", session(func(s map[string]any) { s["TEAM"] = "Evil" }),
			`session has the key "TEAM", which must be written "team"`},
		{"case-variant nested key", session(func(s map[string]any) { plan(s)["Aim"] = "Evil" }),
			`session.plan has the key "Aim", which must be written "aim"`},
		{"unknown nested key", session(func(s map[string]any) {
			plan(s)["actions"].([]any)[1].(map[string]any)["budget"] = 100
		}), `session.plan.actions[1] has an unknown key "budget"`},
		{"invalid UTF-8", badUTF8, fmt.Sprintf("not valid UTF-8 at byte %d", bytes.IndexByte(badUTF8, 0xff))},
		{"school year not consecutive", session(func(s map[string]any) { s["school_year"] = "2025-27" }),
			`session.school_year: school year "2025-27" should end with the year after 2025`},
		{"school year with an escape", session(func(s map[string]any) { s["school_year"] = "\x1b[31m2025-26" }),
			`session.school_year: school year "\x1b[31m2025-26" should look like 2025-26`},
		{"comment on an unknown indicator", session(func(s map[string]any) {
			s["comments"].([]any)[0].(map[string]any)["part"] = "indicator:no-such-indicator"
		}), `session.comments[0].part is about indicator "no-such-indicator", which the template`},
		{"comment on an empty action id", session(func(s map[string]any) {
			s["comments"].([]any)[0].(map[string]any)["part"] = "action:"
		}), `session.comments[0].part`},
		{"action owner not on the roster", session(func(s map[string]any) {
			plan(s)["actions"].([]any)[2].(map[string]any)["owner"] = "m99"
		}), `session.plan.actions[2].owner is "m99", who is not on the roster`},
		{"focus indicator not in the template", session(func(s map[string]any) {
			s["problem"].(map[string]any)["focus_indicators"] = []any{"no-such-indicator"}
		}), `session.problem.focus_indicators[0]`},
		{"condition not in the template", session(func(s map[string]any) {
			s["reflection"].(map[string]any)["conditions"].([]any)[1].(map[string]any)["condition"] = "no-such-condition"
		}), `session.reflection.conditions[1].condition is "no-such-condition", which is not a condition`},
		{"negative revision", session(func(s map[string]any) { s["revision"] = -1 }), `session.revision is -1`},
		{"revision out of range", replace(`"revision": 1,`, `"revision": 1e30,`), `session.revision holds 1e30, which is not a whole number in range`},
		{"template version 0", session(func(s map[string]any) { s["template"].(map[string]any)["version"] = 0 }),
			"version must be a whole number from 1 to 1,000,000"},
		{"template version too large", session(func(s map[string]any) { s["template"].(map[string]any)["version"] = 1_000_001 }),
			"version must be a whole number from 1 to 1,000,000"},
		{"template version overflowing", replace(`"version": 2,
      "title"`, `"version": 9223372036854775808,
      "title"`), "session.template.version holds 9223372036854775808, which is not a whole number in range"},
		{"answer to no question", session(func(s map[string]any) {
			s["answers"].(map[string]any)["no_such_question"] = map[string]any{"text": "x"}
		}), `session.answers["no_such_question"] answers question "no_such_question", which its template edtech-systems@2 does not have`},
		{"choices for a text question", session(func(s map[string]any) {
			s["answers"].(map[string]any)["story"] = map[string]any{"choices": []any{"a"}}
		}), `session.answers["story"] holds choices, but question "story" takes text`},
		{"text for a choice question", session(func(s map[string]any) {
			s["answers"].(map[string]any)["leaders_on_board"] = map[string]any{"text": "yes"}
		}), `session.answers["leaders_on_board"] holds text, but question "leaders_on_board" takes one choice`},
		{"choice that is not an option", session(func(s map[string]any) {
			s["answers"].(map[string]any)["share_story_with"] = map[string]any{"choices": []any{"staff", "the press"}}
		}), `session.answers["share_story_with"] holds "the press", which is not an option of question "share_story_with"`},
		{"two choices for one", session(func(s map[string]any) {
			s["answers"].(map[string]any)["leaders_on_board"] = map[string]any{"choices": []any{"agreed", "informed"}}
		}), `holds 2 choices, but question "leaders_on_board" takes one`},
		{"a choice twice", session(func(s map[string]any) {
			s["answers"].(map[string]any)["centered"] = map[string]any{"choices": []any{"English learners", "English learners"}}
		}), `session.answers["centered"] holds the choice "English learners" twice`},
		{"unknown key in an answer", session(func(s map[string]any) {
			s["answers"].(map[string]any)["story"] = map[string]any{"txt": "x"}
		}), `session.answers["story"] has an unknown key "txt"`},
		{"deep nesting", []byte(`{"format":"edtech-workbook/session","version":1,"session":{"team":` +
			strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}}`), "not a readable session file"},
	}
}

func TestImportIsStrict(t *testing.T) {
	for _, c := range strictSessionFiles(t) {
		t.Run(c.name, func(t *testing.T) {
			s, err := workbook.ImportSession(c.data)
			if err == nil || s != nil {
				t.Fatalf("imported a bad file")
			}
			msg := err.Error()
			t.Log(msg)
			if !strings.Contains(msg, c.want) {
				t.Errorf("error %q does not say %q", msg, c.want)
			}
			if strings.ContainsAny(msg, "\n\r") {
				t.Errorf("error is not one line: %q", msg)
			}
		})
	}
}

// TestImportKeepsWhatTheAppWrites: text with every hidden character, and a
// comment on an action step the team has since deleted (the app keeps such
// comments), import and export again byte for byte.
func TestImportKeepsWhatTheAppWrites(t *testing.T) {
	s := testfixture.Demo(t)
	s.Team = "Team \u202eevil\u202c \u009b31m \x1b[1m \u200b\ufeff\u00ad \x7f <&> \u2028"
	s.Plan.Actions[0].What = "Persian نمی\u200cخواهم and 👩\u200d💻"
	s.Comments = append(s.Comments, workbook.Comment{ID: "on-deleted", Part: workbook.ActionPart("deleted-step"), Author: "Rosa", Text: "Why drop this?"})
	data, err := workbook.MarshalSession(s)
	if err != nil {
		t.Fatal(err)
	}
	got, err := workbook.ImportSession(data)
	if err != nil {
		t.Fatal(err)
	}
	again, err := workbook.MarshalSession(got)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, again) || got.Team != s.Team {
		t.Errorf("import → export changed the file")
	}
	if i, r := workbook.FirstForbidden(string(data)); i >= 0 {
		t.Errorf("the exported file holds a raw %U", r)
	}
}

func TestImportRefusesBadFiles(t *testing.T) {
	for _, c := range badSessionFiles(t) {
		t.Run(c.name, func(t *testing.T) {
			s, err := workbook.ImportSession(c.data)
			if err == nil || s != nil {
				t.Fatalf("imported a bad file: %v", s != nil)
			}
			msg := err.Error()
			t.Log(msg)
			if !strings.Contains(msg, c.want) {
				t.Errorf("error %q does not say %q", msg, c.want)
			}
			if strings.ContainsAny(msg, "\n\r") {
				t.Errorf("error is not one line: %q", msg)
			}
		})
	}
}

func TestReadSessionFileNamesTheFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "team.json")
	if err := os.WriteFile(path, []byte(`{"format":"x"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := workbook.ReadSessionFile(path); err == nil || !strings.HasPrefix(err.Error(), path+": not an edtech-workbook session file") {
		t.Errorf("err = %v", err)
	}
	if _, err := workbook.ReadSessionFile(filepath.Join(dir, "missing.json")); err == nil || !strings.Contains(err.Error(), "cannot read") {
		t.Errorf("missing file err = %v", err)
	}
	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, bytes.Repeat([]byte("x"), workbook.MaxImportSize+1), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := workbook.ReadSessionFile(big); err == nil || !strings.Contains(err.Error(), "larger than 48 MiB") {
		t.Errorf("big file err = %v", err)
	}
}

func FuzzImportSession(f *testing.F) {
	good, _ := workbook.MarshalSession(testfixture.Demo(f))
	f.Add(good)
	f.Add([]byte(`{"format":"edtech-workbook/session","version":1,"session":{"id":"x"}}`))
	f.Add([]byte(`{"format":"edtech-workbook/session","version":2}`))
	f.Add(bytes.Replace(good, []byte(`"team": `), []byte(`"team": "twice", "TEAM": "x", "team": `), 1))
	f.Add(bytes.Replace(good, []byte(`"team": "`), []byte("\"team\": \"\xff\u009b\u202e"), 1))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := workbook.ImportSession(data)
		if err != nil {
			if s != nil || strings.ContainsAny(err.Error(), "\n") {
				t.Fatalf("bad error: %v", err)
			}
			return
		}
		// Whatever import accepts, every export must handle.
		for _, format := range export.Formats {
			if _, err := export.Render(s, format, export.Options{}); err != nil {
				t.Fatalf("export %s of an accepted file: %v", format, err)
			}
		}
	})
}
