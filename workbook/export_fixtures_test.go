package workbook

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/aymanbagabas/go-udiff"
	_ "github.com/charmbracelet/x/exp/golden" // registers the -update flag used below
)

// exportGoldenDir holds the export goldens; `go test ./workbook -update`
// rewrites them (review the diff like code).
const exportGoldenDir = "testdata/export"

// requireGolden compares out with testdata/export/name, rewriting the file
// under -update.
func requireGolden(t *testing.T, name string, out []byte) {
	t.Helper()
	path := filepath.Join(exportGoldenDir, name)
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.MkdirAll(exportGoldenDir, 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, out, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden %s: %v (run `go test ./workbook -update` to create it)", path, err)
	}
	if string(want) != string(out) {
		t.Fatalf("%s differs from its golden (rerun with -update if the change is intended):\n%s", name,
			udiff.Unified(path, "got", string(want), string(out)))
	}
}

// exportDemo is the built-in demo session.
func exportDemo(t testing.TB) *Session {
	t.Helper()
	s, err := DemoSession()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// exportCarried is the demo as if carried from last year: a baseline for
// most indicators, two carried action steps, finished and retired items.
func exportCarried(t testing.TB) *Session {
	t.Helper()
	s := exportDemo(t)
	s.ID = "carried0000000001"
	s.SchoolYear = "2026-27"
	base := map[string]Rating{}
	for i, in := range s.Template.Indicators() {
		if i%5 == 4 {
			continue // no rating last year
		}
		base[in.ID] = Rating(1 + i%3)
	}
	s.Previous = &PreviousYear{
		SessionID: "lastyear000000001", SchoolYear: "2025-26", TemplateRef: s.Template.Ref(),
		Baseline: base,
		Retired:  []string{"A retired indicator about paper forms"},
		Finished: []string{"Post the shared definition of accessibility (done 2025-10-17)"},
	}
	for i := range s.Plan.Actions {
		if i < 2 {
			s.Plan.Actions[i].CarriedFrom = "prev-" + s.Plan.Actions[i].ID
		}
	}
	return s
}

// hostilePayloads start with every formula starter and Markdown breaker, and
// each holds HTML, a script, pipes, newlines and terminal escapes.
var hostilePayloads = []string{
	"=cmd|' /C calc'!A1 <script>alert(1)</script> | a\nb",
	"+1+1 \x1b[31mred\x1b[0m <img src=x onerror=alert(1)> | c",
	"-2 # heading?\n# real heading\n<script>x</script>",
	"@SUM(A1) ``` fence\n```\n| a | b |\n|---|---|",
	"\t=tab <b>bold</b> \\ back \\| pipe \x1b]8;;http://evil\x07link\x1b]8;;\x07",
	"<script>alert('x')</script>\r\n- list\n1. ordered\n> quote\n    code",
	"# Title *em* _u_ [l](javascript:alert(1)) &amp; &lt;script&gt; ~s~",
	"| pipe start\n---\n===",
}

// exportHostile is the demo with every text field replaced by a hostile
// payload. Ids, and the fields that refer to ids, are left alone so the
// exports still find ratings, owners and comment targets.
func exportHostile(t testing.TB) *Session {
	t.Helper()
	s := exportCarried(t)
	s.Template = *exportCloneTemplate(&s.Template)
	n := 0
	skip := map[string]bool{"ID": true, "Owner": true, "Part": true, "Condition": true, "CarriedFrom": true,
		"SessionID": true, "FocusIndicators": true, "Effect": true, "Status": true, "Decision": true}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			for i := range v.NumField() {
				if !skip[v.Type().Field(i).Name] {
					walk(v.Field(i))
				}
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			for _, k := range v.MapKeys() {
				walk(v.MapIndex(k))
			}
		case reflect.String:
			if v.CanSet() {
				v.SetString(hostilePayloads[n%len(hostilePayloads)])
				n++
			}
		}
	}
	walk(reflect.ValueOf(s))
	// Statuses and the like are shown too: make one of each hostile.
	s.Plan.Actions[0].Status = hostilePayloads[0]
	s.Reflection.Decision = hostilePayloads[5]
	s.Reflection.Conditions = append(s.Reflection.Conditions, ConditionNote{Condition: hostilePayloads[3], Effect: hostilePayloads[1]})
	s.Comments = append(s.Comments, Comment{ID: "hostile", Part: PartIndicator + hostilePayloads[0], Author: hostilePayloads[2], Text: hostilePayloads[6]})
	return s
}

// exportCloneTemplate deep-copies a template (Session.Clone shares it).
func exportCloneTemplate(t *Template) *Template {
	c := &Session{Template: *t}
	data, err := MarshalSession(c)
	if err != nil {
		panic(err)
	}
	var f ExchangeFile
	if err := json.Unmarshal(data, &f); err != nil {
		panic(err)
	}
	return &f.Session.Template
}
