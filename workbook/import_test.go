package workbook

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportRoundTripIsByteIdentical(t *testing.T) {
	for name, s := range map[string]*Session{"demo": exportDemo(t), "carried": exportCarried(t)} {
		data, err := MarshalSession(s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ImportSession(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		again, err := MarshalSession(got)
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
	data, err := MarshalSession(exportDemo(t))
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
	good, err := MarshalSession(exportDemo(t))
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
			"this file was written by a newer edtech-workbook (format 7); this build reads up to 1"},
		{"version zero", editJSON(t, func(f, _ map[string]any) { f["version"] = 0 }), "unknown format version 0"},
		{"no session", []byte(`{"format":"edtech-workbook/session","version":1}`), "holds no session"},
		{"unknown field", editJSON(t, func(_, s map[string]any) { s["password"] = "x" }), `unknown field "password"`},
		{"wrong type", editJSON(t, func(_, s map[string]any) { s["roster"] = "everyone" }), "roster"},
		{"huge field", editJSON(t, func(_, s map[string]any) { s["team"] = strings.Repeat("x", MaxFieldChars+1) }), "team"},
		{"over 16 MiB", append(bytes.Repeat([]byte(" "), MaxImportSize), good...), "larger than 16 MiB"},
		{"broken template", editJSON(t, func(_, s map[string]any) {
			s["template"].(map[string]any)["domains"] = []any{}
		}), "template edtech-systems@1 is not valid"},
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

func TestImportRefusesBadFiles(t *testing.T) {
	for _, c := range badSessionFiles(t) {
		t.Run(c.name, func(t *testing.T) {
			s, err := ImportSession(c.data)
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
	if _, err := ReadSessionFile(path); err == nil || !strings.HasPrefix(err.Error(), path+": not an edtech-workbook session file") {
		t.Errorf("err = %v", err)
	}
	if _, err := ReadSessionFile(filepath.Join(dir, "missing.json")); err == nil || !strings.Contains(err.Error(), "cannot read") {
		t.Errorf("missing file err = %v", err)
	}
	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, bytes.Repeat([]byte("x"), MaxImportSize+1), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadSessionFile(big); err == nil || !strings.Contains(err.Error(), "larger than 16 MiB") {
		t.Errorf("big file err = %v", err)
	}
}

func FuzzImportSession(f *testing.F) {
	good, _ := MarshalSession(exportDemo(f))
	f.Add(good)
	f.Add([]byte(`{"format":"edtech-workbook/session","version":1,"session":{"id":"x"}}`))
	f.Add([]byte(`{"format":"edtech-workbook/session","version":2}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ImportSession(data)
		if err != nil {
			if s != nil || strings.ContainsAny(err.Error(), "\n") {
				t.Fatalf("bad error: %v", err)
			}
			return
		}
		// Whatever import accepts, every export must handle.
		for _, format := range ExportFormats {
			if _, err := Export(s, format, ExportOptions{}); err != nil {
				t.Fatalf("export %s of an accepted file: %v", format, err)
			}
		}
	})
}
