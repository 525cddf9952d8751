package export

import (
	"strings"
	"testing"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
)

// A problem of practice that names tools keeps them through the JSON file
// and shows them in the Markdown and HTML summaries; a file naming too many
// or a nameless tool is refused on import.
func TestProblemNamesTools(t *testing.T) {
	s := testfixture.Demo(t)
	s.Problem.Tools = []workbook.ProblemTool{{ID: "classhub", Name: "ClassHub"}, {ID: "readalong", Name: "Read<Along>"}}
	data, err := workbook.MarshalSession(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := workbook.ImportSession(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Problem.Tools) != 2 || back.Problem.Tools[1] != s.Problem.Tools[1] {
		t.Fatalf("tools after the round trip: %+v", back.Problem.Tools)
	}
	md, err := Render(back, FormatMarkdown, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "ClassHub; Read\\<Along\\>") && !strings.Contains(string(md), "ClassHub; Read&lt;Along&gt;") {
		t.Errorf("the Markdown summary does not name the tools:\n%s", md)
	}
	html, err := Render(back, FormatHTML, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), "<dt>Tools</dt><dd>ClassHub; Read&lt;Along&gt;</dd>") {
		t.Errorf("the HTML summary does not name the tools")
	}

	many := s.Clone()
	for i := range workbook.MaxProblemTools + 1 {
		many.Problem.Tools = append(many.Problem.Tools, workbook.ProblemTool{ID: "t" + strings.Repeat("x", i), Name: "T"})
	}
	nameless := s.Clone()
	nameless.Problem.Tools = []workbook.ProblemTool{{ID: "classhub"}}
	for name, bad := range map[string]*workbook.Session{"too many": many, "no name": nameless} {
		if err := workbook.ValidateSession(bad); err == nil {
			t.Errorf("%s: a session naming %d tools validates", name, len(bad.Problem.Tools))
		}
	}
}
