package workbook_test

// Text cleaning meets the template files: hidden characters are refused by
// lint and escaped by the writer.

import (
	"strings"
	"testing"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/templatefile"
)

func builtinDefault(t *testing.T) *workbook.Template {
	t.Helper()
	tmpl, err := templatefile.BuiltinTemplate("")
	if err != nil {
		t.Fatal(err)
	}
	return tmpl
}

func TestLintRefusesTextThatIsEmptyOnceCleaned(t *testing.T) {
	base, err := templatefile.Marshal(builtinDefault(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ key, value string }{
		{"title", `"\u200B\u200B\u200B"`},
		{"title", `"\u200D\uFEFF\u2060"`},
		{"title", `"\u202E\u202C"`},
	} {
		yaml := strings.Replace(string(base), "\ntitle: ", "\ntitle: "+c.value+"\n# ", 1)
		probs := templatefile.Lint("t.yaml", []byte(yaml))
		found := false
		for _, p := range probs {
			if p.Line > 0 && p.Col > 0 && strings.Contains(p.Msg, "title has no visible text") {
				found = true
			}
		}
		if !found {
			t.Errorf("title %s: lint problems %v, want FILE:LINE:COL: title has no visible text", c.value, probs)
		}
	}
}

func TestTemplateYAMLEscapesHiddenCharacters(t *testing.T) {
	tmpl := builtinDefault(t).Clone()
	tmpl.Title = "Self\u202eAssessment\u202c \u200bwith a soft\u00adhyphen"
	tmpl.Description = "Two lines\nwith an isolate \u2066here\u2069 and a joiner 👩\u200d💻"
	tmpl.Domains[0].Indicators[0].Statement = strings.Repeat("long text \u200f ", 20)
	out, err := templatefile.Marshal(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	if i, r := workbook.FirstForbidden(string(out)); i >= 0 {
		t.Errorf("template YAML has a raw %U at byte %d", r, i)
	}
	back, err := templatefile.Parse("t.yaml", out)
	if err != nil {
		t.Fatal(err)
	}
	if back.Title != tmpl.Title || back.Description != tmpl.Description ||
		back.Domains[0].Indicators[0].Statement != strings.TrimSpace(tmpl.Domains[0].Indicators[0].Statement) {
		t.Errorf("YAML round trip changed the text: %q %q", back.Title, back.Description)
	}
}
