package export

import (
	"path/filepath"
	"strings"
	"testing"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/templatefile"
)

// TestQuestionsComeFromTheTemplate: a template that adds a framing question,
// removes a reflection question and reorders the plan questions
// (testdata/questions-changed.yaml, the built-in template edited as a
// facilitator would) lints, carries a session, imports, and every export
// shows its questions in its order with the team's answers, with no code
// written for it.
func TestQuestionsComeFromTheTemplate(t *testing.T) {
	tmpl, err := templatefile.Load(filepath.Join("testdata", "questions-changed.yaml"))
	if err != nil {
		t.Fatalf("the changed template does not lint:\n%v", err)
	}
	demo := testfixture.Demo(t)
	res, err := workbook.CarryForward(demo, "2026-27", tmpl)
	if err != nil {
		t.Fatal(err)
	}
	s := res.Session
	s.ID = "questions-changed"
	const added = "We asked Portuguese and Haitian Creole speaking families by phone, and they told us the login letters never reached them."
	s.SetAnswer("families_heard", workbook.Answer{Text: added})
	s.SetAnswer("story", workbook.Answer{Text: "The story of the new year so far."})
	if err := workbook.ValidateSession(s); err != nil {
		t.Fatal(err)
	}
	data, err := workbook.MarshalSession(s)
	if err != nil {
		t.Fatal(err)
	}
	imported, err := workbook.ImportSession(data)
	if err != nil {
		t.Fatalf("a session on the changed template does not import: %v", err)
	}
	if p := workbook.ComputeProgress(imported).Parts[2]; p.Total != 3+9 {
		t.Errorf("the problem of practice counts %d answers, want 12", p.Total)
	}

	addedQ, _, _ := tmpl.Question("families_heard")
	removed, _, _ := demo.Template.Question("build_on_next_year")
	var planOrder []string
	for _, q := range tmpl.Questions.Plan {
		planOrder = append(planOrder, q.Text)
	}
	exports := map[string]string{}
	for _, c := range []struct{ format, table string }{{FormatMarkdown, ""}, {FormatHTML, ""}, {FormatJSON, ""}, {FormatCSV, TableAnswers}} {
		out, err := Render(imported, c.format, Options{Table: c.table})
		if err != nil {
			t.Fatal(err)
		}
		exports[c.format] = string(out)
	}
	for format, out := range exports {
		for _, want := range []string{addedQ.Text, added, "The story of the new year so far."} {
			if !strings.Contains(out, want) {
				t.Errorf("%s export lacks %q", format, want)
			}
		}
		if format == FormatJSON {
			continue // the file holds the whole template
		}
		if strings.Contains(out, removed.Text) {
			t.Errorf("%s export still asks the removed question", format)
		}
		last := -1
		for _, q := range planOrder {
			i := strings.Index(out, q)
			if i < 0 || i < last {
				t.Errorf("%s export does not show the plan questions in the template's order (%q at %d, after %d)", format, q, i, last)
			}
			last = i
		}
	}
	if !strings.Contains(exports[FormatMarkdown], "### "+addedQ.Text+"\n\n"+added) {
		t.Error("the Markdown export does not put the answer under its question")
	}
}
