package templatefile

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"edtech-workbook/workbook"
)

// FuzzParseTemplate feeds arbitrary bytes to the parser: it must never
// panic, and whatever it accepts must survive Marshal unchanged.
// The seed corpus is every template fixture, so plain `go test` runs them.
func FuzzParseTemplate(f *testing.F) {
	for _, pattern := range []string{"testdata/templates/*.yaml", "testdata/templates/broken/*.yaml", "testdata/templates/broken2/*.yaml", "../../content/templates/*.yaml"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add([]byte(""))
	f.Add([]byte("~"))
	f.Add([]byte("- [a, *b]\n"))
	f.Add([]byte("a: &a {b: *a}\n"))
	f.Add([]byte("title: \"\\u0085\\u2028x\"\n"))

	f.Fuzz(func(t *testing.T, data []byte) {
		tmpl, err := Parse("fuzz.yaml", data)
		if err != nil {
			if tmpl != nil {
				t.Fatal("a template returned together with an error")
			}
			if err.Error() == "" {
				t.Fatal("an error with no message")
			}
			return
		}
		if err := workbook.ValidateTemplate(tmpl); err != nil {
			t.Fatalf("parsed template fails ValidateTemplate: %v", err)
		}
		if len(tmpl.Areas) == 0 {
			// Converted from format 1: written as format 2, it needs areas.
			tmpl.Areas = []workbook.Area{{ID: "all", Title: "All"}}
			for i := range tmpl.Domains {
				for j := range tmpl.Domains[i].Indicators {
					tmpl.Domains[i].Indicators[j].Area = "all"
				}
			}
		}
		out, err := Marshal(tmpl)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse("exported.yaml", out)
		if err != nil {
			t.Fatalf("exported YAML does not parse:\n%v\n---\n%s", err, out)
		}
		if !reflect.DeepEqual(back, tmpl) {
			t.Fatalf("round trip changed the template\n%#v\n%#v", tmpl, back)
		}
	})
}

// FuzzMarshalTemplateText puts arbitrary text into every kind of text field
// and checks that a valid template survives Marshal unchanged:
// it exercises the plain, quoted, folded and literal ways of writing text.
func FuzzMarshalTemplateText(f *testing.F) {
	for _, s := range []string{"plain", "null", "- x", "a: b", "#", "Line\n\nmore\n  indented",
		"a long line of words " + "that keeps going " + "and going and going and going and going and going and going to the end",
		"two  spaces", "tab\there", "\u2028", "\ufeffbom", "é ✓", "'quote", "\"dq\""} {
		f.Add(s)
	}
	good, err := os.ReadFile(filepath.Join("testdata", "templates", "good.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tmpl, err := Parse("good.yaml", good)
		if err != nil {
			t.Fatal(err)
		}
		s = strings.TrimSpace(s)
		tmpl.Description = s
		tmpl.Domains[0].Indicators[0].Statement = s
		tmpl.Domains[0].Indicators[0].Levels[2] = s
		tmpl.Questions.Reflection[1].Help = s
		tmpl.Prompts.DataPlan.Help = s
		if !strings.Contains(s, "\n") {
			tmpl.Domains[0].Title = s
			tmpl.StudentGroups[1] = s + "!"
		}
		if workbook.ValidateTemplate(tmpl) != nil {
			return // text the parser would refuse, such as control characters
		}
		out, err := Marshal(tmpl)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse("exported.yaml", out)
		if err != nil {
			t.Fatalf("exported YAML does not parse:\n%v\n---\n%s", err, out)
		}
		if !reflect.DeepEqual(back, tmpl) {
			t.Fatalf("round trip changed %q\n---\n%s", s, out)
		}
	})
}
