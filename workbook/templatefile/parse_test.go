package templatefile

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"edtech-workbook/workbook"
)

func readTestTemplate(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "templates", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func parseGood(t *testing.T) *workbook.Template {
	t.Helper()
	tmpl, err := Parse("good.yaml", readTestTemplate(t, "good.yaml"))
	if err != nil {
		t.Fatalf("good.yaml should parse:\n%v", err)
	}
	return tmpl
}

func TestParseTemplateGood(t *testing.T) {
	tmpl := parseGood(t)
	if tmpl.Ref() != "tiny-systems@2" || tmpl.SchoolYear != "2025-26" {
		t.Errorf("ref %s, year %q", tmpl.Ref(), tmpl.SchoolYear)
	}
	if want := "A short template for tests: two domains, three indicators and a four-level scale."; tmpl.Description != want {
		t.Errorf("folded description = %q", tmpl.Description)
	}
	if n := len(tmpl.Indicators()); n != 3 {
		t.Errorf("%d indicators, want 3", n)
	}
	in, d, ok := tmpl.Indicator("vision-student-centered")
	if !ok || d.ID != "vision" || in.Phase != workbook.PhaseSelection || len(in.Levels) != 4 {
		t.Errorf("indicator = %+v in %s", in, d.ID)
	}
	if in.EquityPause != "Whose needs shaped the vision?\nWho was not in the room?" {
		t.Errorf("literal equity pause = %q", in.EquityPause)
	}
	if in.Context.SmallSystems == "" || in.Context.LargeSystems != "" {
		t.Errorf("context = %+v", in.Context)
	}
	if q, part, ok := tmpl.Question("evidence"); !ok || part != workbook.PartProblemQuestions || q.Help != "Name the data you looked at." || q.Kind != workbook.KindLongText || q.Required {
		t.Errorf("evidence question = %+v in part %d", q, part)
	}
	if q, _, _ := tmpl.Question("why_matters"); !q.Required {
		t.Error("why_matters is not required")
	}
	if q, part, _ := tmpl.Question("approval"); part != workbook.PartPlanQuestions || q.Kind != workbook.KindChoice ||
		len(q.Options) != 2 || q.Options[1] != (workbook.Choice{ID: "approved", Title: "Approved", Help: "In writing."}) {
		t.Errorf("approval question = %+v", q)
	}
	var kinds []workbook.QuestionKind
	for _, part := range workbook.QuestionParts() {
		for _, q := range tmpl.Questions.In(part) {
			kinds = append(kinds, q.Kind)
		}
	}
	if want := []workbook.QuestionKind{"long_text", "long_text", "student_groups", "short_text", "date", "number", "choice", "long_text", "choices"}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("kinds %v, want %v", kinds, want)
	}
	if tmpl.Prompts.Problem.Text != "Write the problem as one question." || tmpl.Prompts.Conditions.Text == "" {
		t.Errorf("prompts = %+v", tmpl.Prompts)
	}
	if len(tmpl.Areas) != 2 || tmpl.Areas[0] != (workbook.Area{ID: "leadership", Title: "Leadership", Help: "Who sets the direction."}) || in.Area != "leadership" {
		t.Errorf("areas %+v, indicator area %q", tmpl.Areas, in.Area)
	}
	if g := tmpl.Tools.Gates; len(g) != 1 || g[0].ID != "privacy" || tmpl.Tools.Criteria[0].Weight != 3 || tmpl.Tools.Evaluation[0].Help == "" {
		t.Errorf("tools = %+v", tmpl.Tools)
	}
	if len(tmpl.Decisions) != 4 || tmpl.Scale.NotSure != "Not sure" {
		t.Errorf("decisions %d, not sure %q", len(tmpl.Decisions), tmpl.Scale.NotSure)
	}
}

// TestParseFormat1 reads a format-1 file and converts it as
// docs/templates.md says: framing `question` words the problem, the other
// framing prompts become problem questions (long text; `centered` student
// groups), planning and reflection check_in, decision and conditions word the
// structured parts, reflection leadership_moves and story become reflection
// questions; the app's own words for focus and phase; no areas.
func TestParseFormat1(t *testing.T) {
	for _, name := range []string{"good-v1.yaml", "edtech-systems-v1.yaml"} {
		t.Run(name, func(t *testing.T) {
			tmpl, err := Parse(name, readTestTemplate(t, name))
			if err != nil {
				t.Fatal(err)
			}
			type qk struct {
				id   string
				kind workbook.QuestionKind
			}
			var got []qk
			for _, part := range workbook.QuestionParts() {
				for _, q := range tmpl.Questions.In(part) {
					got = append(got, qk{part.Key() + "." + q.ID, q.Kind})
					if q.Required || len(q.Options) > 0 || q.Text == "" {
						t.Errorf("question %s = %+v", q.ID, q)
					}
				}
			}
			want := []qk{{"problem.why_matters", "long_text"}, {"problem.who_affected", "long_text"}, {"problem.improvement", "long_text"},
				{"problem.why_chosen", "long_text"}, {"problem.evidence", "long_text"}, {"problem.centered", "student_groups"},
				{"problem.stakeholders", "long_text"}, {"problem.within_control", "long_text"},
				{"reflection.leadership_moves", "long_text"}, {"reflection.story", "long_text"}}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("questions\n%v\nwant\n%v", got, want)
			}
			for _, id := range workbook.PromptIDs() {
				if tmpl.Prompts.Get(id).Text == "" {
					t.Errorf("prompt %s has no text", id)
				}
			}
			if len(tmpl.Areas) != 0 || tmpl.Indicators()[0].Area != "" {
				t.Error("a format-1 template has areas")
			}
			if err := workbook.ValidateTemplate(tmpl); err != nil {
				t.Errorf("the converted template does not validate: %v", err)
			}
		})
	}
	tmpl, _ := Parse("good-v1.yaml", readTestTemplate(t, "good-v1.yaml"))
	if tmpl.Prompts.Problem.Text != "Write the problem as one question." || tmpl.Prompts.Aim.Text != "What is your aim?" ||
		tmpl.Prompts.CheckIn.Text != "What did you do, and what did you learn?" || tmpl.Prompts.Conditions.Text != "Which conditions helped or hindered?" {
		t.Errorf("prompts = %+v", tmpl.Prompts)
	}
	if q, _, _ := tmpl.Question("evidence"); q.Text != "What evidence shows the problem?" || q.Help != "Name the data you looked at." {
		t.Errorf("evidence = %+v", q)
	}
	// Written out, a converted template is format 2 and asks for its areas.
	out, err := Marshal(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	problems := Lint("v1-written.yaml", out)
	if len(problems) != 1 || problems[0].Msg != "areas needs at least one area" {
		t.Errorf("lint of the written format-1 template: %v", problems)
	}
}

// brokenCases lists one fixture per lint rule with every problem it must
// produce, as "line:col: message".
var brokenCases = []struct {
	file string
	want []string
}{
	// A syntax error is reported at its column and the file is read on, so
	// the other problems come in the same run.
	{"syntax-and-more.yaml", []string{
		`3:10: version must be a whole number from 1 to 1,000,000, not "two"`,
		`24:18: YAML syntax error: mapping values are not allowed in this context (put text that holds ": " in quotes)`,
		`46:11: indicator "vision-shared-language" has 3 level descriptors; the scale has 4 levels`}},
	{"syntax.yaml", []string{`24:18: YAML syntax error: mapping values are not allowed in this context (put text that holds ": " in quotes)`}},
	// A quote left open is reported where it opens, and the file is read on
	// (before: twenty errors "did not find expected key" from line 2, none
	// at line 24, and the other problems hidden).
	{"unclosed-quote.yaml", []string{
		`3:10: version must be a whole number from 1 to 1,000,000, not "two"`,
		`24:12: YAML syntax error: this quoted text is not closed; end it with " on the same line`,
		`46:11: indicator "vision-shared-language" has 3 level descriptors; the scale has 4 levels`}},
	{"flow-question.yaml", []string{`66:52: YAML syntax error: did not find expected ',' or '}' (inside {...} or [...], put text that holds ? , : # [ ] { } in quotes)`}},
	{"tab-indent.yaml", []string{`25:1: YAML syntax error: found a tab character that violates indentation`}},
	{"unknown-key.yaml", []string{
		`27:9: missing required key "title"`,
		`28:9: unknown key "titel" (expected one of: id, title, statement, phase, levels, equity_pause, context)`}},
	{"wrong-type.yaml", []string{`4:8: title must be text, not a list`}},
	{"wrong-type-mapping.yaml", []string{`10:8: scale must be a mapping of keys (not_sure, levels), not text`}},
	{"missing-key.yaml", []string{`42:9: missing required key "statement"`}},
	{"missing-top-key.yaml", []string{`2:1: missing required key "roles"`}},
	{"empty-string.yaml", []string{`24:12: title is empty`}},
	{"null-value.yaml", []string{`54:15: title is empty`}},
	{"bad-id.yaml", []string{`23:9: domain id "Vision" is not valid: use lowercase letters, digits and hyphens, starting with a letter`}},
	{"duplicate-domain.yaml", []string{`50:9: duplicate domain id "vision" (first used at line 23)`}},
	{"duplicate-indicator.yaml", []string{`53:13: duplicate indicator id "vision-shared-language" (first used at line 42)`}},
	{"duplicate-prompt.yaml", []string{
		`65:5: framing prompts are missing who_affected`,
		`66:12: duplicate prompt id "why_matters" (first used at line 65)`}},
	{"duplicate-choice.yaml", []string{`96:10: duplicate condition id "visioning" (first used at line 93)`}},
	{"duplicate-group.yaml", []string{`89:64: duplicate student group "English learners" (first used at line 89, column 18)`}},
	{"duplicate-role.yaml", []string{`90:35: duplicate role "Teacher" (first used at line 90, column 26)`}},
	{"duplicate-key.yaml", []string{`5:1: key "title" is repeated (first at line 4)`}},
	{"descriptor-count.yaml", []string{`46:11: indicator "vision-shared-language" has 3 level descriptors; the scale has 4 levels`}},
	{"empty-descriptor.yaml", []string{`47:13: an item of levels is empty`}},
	{"empty-domain.yaml", []string{`52:17: domain "data" has no indicators; add at least one`}},
	{"too-few-levels.yaml", []string{`13:5: the scale has 1 level; it needs 2 to 7`}},
	{"too-many-levels.yaml", []string{`13:5: the scale has 8 levels; it needs 2 to 7`}},
	{"bad-phase.yaml", []string{`30:16: phase "choosing" is not valid: use selection, implementation or evaluation`}},
	{"missing-prompt.yaml", []string{`65:5: framing prompts are missing centered`}},
	{"unknown-prompt.yaml", []string{
		`83:5: reflection prompts are missing story`,
		`87:12: unknown reflection prompt id "tale" (expected one of: check_in, decision, conditions, leadership_moves, story)`}},
	{"bad-decision.yaml", []string{
		`99:3: decisions are missing stop`,
		`102:10: unknown decision id "end" (use continue, adjust, scale and stop)`}},
	{"bad-school-year.yaml", []string{`5:14: school_year "2025-27" is not valid: write it as YYYY-YY, like 2025-26`}},
	{"version-zero.yaml", []string{`3:10: version must be a whole number from 1 to 1,000,000, not 0`}},
	{"version-text.yaml", []string{`3:10: version must be a whole number from 1 to 1,000,000, not "two"`}},
	{"title-too-long.yaml", []string{`4:8: title is too long (204 characters; at most 200)`}},
	{"indicator-title-too-long.yaml", []string{`43:16: title is too long (64 characters; at most 60)`}},
	{"label-too-long.yaml", []string{`15:14: label is too long (52 characters; at most 40)`}},
	{"meaning-two-lines.yaml", []string{`16:16: meaning must be one line`}},
	{"control-char.yaml", []string{`4:8: text contains a control character (escape sequences are not allowed)`}},
	{"alias.yaml", []string{`4:8: aliases (*name) are not allowed in a template; write the value out in full`}},
	{"two-documents.yaml", []string{`104:1: the file holds more than one YAML document (a second ---); put one template in each file`}},
	{"not-a-mapping.yaml", []string{`2:1: the template must be a mapping of keys (format, id, version, title, school_year, description, scale, areas, domains, prompts, questions, student_groups, roles, conditions, leadership_moves, decisions, tools), not a list`}},
	{"empty.yaml", []string{`1:1: the file is empty; a template needs id, version, title, scale, domains, prompts and the lists of choices`}},
}

// brokenCases2 are the rules of file format 2, one fixture each (in
// broken2/, each good.yaml with one thing wrong).
var brokenCases2 = []struct {
	file string
	want []string
}{
	{"format-newer.yaml", []string{`2:9: this template is written in file format 3; this build reads formats 1 and 2, so update edtech-workbook to read it`}},
	{"format-text.yaml", []string{`2:9: format must be 1 or 2 (leave it out for 1), not "two"`}},
	{"format-zero.yaml", []string{`2:9: format must be 1 or 2 (leave it out for 1), not 0`}},
	{"areas-missing.yaml", []string{`2:1: missing required key "areas"`}},
	{"areas-empty.yaml", []string{`23:8: areas needs at least one area`}},
	{"area-bad-id.yaml", []string{
		`27:9: area id "Data_Management" is not valid: use lowercase letters, digits and hyphens, starting with a letter`,
		`67:15: area "data-management" is not one of the template's areas (leadership, Data_Management)`}},
	{"area-duplicate.yaml", []string{
		`27:9: duplicate area id "leadership" (first used at line 24)`,
		`67:15: area "data-management" is not one of the template's areas (leadership)`}},
	{"area-missing.yaml", []string{`51:9: missing required key "area"`}},
	{"area-unknown.yaml", []string{`67:15: area "data" is not one of the template's areas (leadership, data-management)`}},
	{"area-in-format1.yaml", []string{
		`22:1: unknown key "areas" (expected one of: format, id, version, title, school_year, description, scale, domains, prompts, student_groups, roles, conditions, leadership_moves, decisions)`,
		`34:9: unknown key "area" (expected one of: id, title, statement, phase, levels, equity_pause, context)`}},
	{"prompt-missing.yaml", []string{`76:3: missing required key "outcomes"`}},
	{"prompt-unknown.yaml", []string{`84:3: unknown key "results" (expected one of: focus, phase, problem, aim, inputs, activities, outputs, outcomes, action_steps, data_plan, check_in, decision, conditions)`}},
	{"prompt-empty.yaml", []string{`79:8: missing required key "text"`}},
	{"prompts-format1.yaml", []string{`76:3: unknown key "framing" (expected one of: focus, phase, problem, aim, inputs, activities, outputs, outcomes, action_steps, data_plan, check_in, decision, conditions)`}},
	{"questions-missing.yaml", []string{
		`2:1: missing required key "questions"`,
		`90:1: unknown key "questionz" (expected one of: format, id, version, title, school_year, description, scale, areas, domains, prompts, questions, student_groups, roles, conditions, leadership_moves, decisions, tools)`}},
	{"question-unknown-part.yaml", []string{`120:3: unknown key "review" (expected one of: problem, plan, reflection)`}},
	{"question-bad-id.yaml", []string{`105:11: question id "Sponsor Name" is not valid: use lowercase letters, digits, underscores and hyphens, starting with a letter`}},
	{"question-duplicate.yaml", []string{`121:11: duplicate question id "evidence" (first used at line 96)`}},
	{"question-prompt-id.yaml", []string{`105:11: question id "aim" is the id of a prompt; give the question another id`}},
	{"question-bad-kind.yaml", []string{`106:13: kind "essay" is not valid: use short_text, long_text, choice, choices, date, number or student_groups`}},
	{"question-no-kind.yaml", []string{`105:7: missing required key "kind"`}},
	{"question-no-text.yaml", []string{`105:7: missing required key "text"`}},
	{"required-not-bool.yaml", []string{`95:17: required must be true or false`}},
	{"choice-no-options.yaml", []string{`114:7: a choice question needs at least 2 options (0 options given)`}},
	{"choice-one-option.yaml", []string{`118:9: a choice question needs at least 2 options (1 option given)`}},
	{"options-on-text.yaml", []string{`109:9: options are only for choice and choices questions, not short_text; remove them or change the kind`}},
	{"option-duplicate.yaml", []string{`130:16: duplicate option id "staff" (first used at line 128)`}},
	{"option-no-title.yaml", []string{`130:11: missing required key "title"`}},
	{"tools-bad-id.yaml", []string{`149:12: gate "Privacy!": id "Privacy!" should be lower-case letters, digits, hyphens or underscores`}},
	{"tools-bad-weight.yaml", []string{`151:56: criterion "need": weight 30 should be a whole number from 1 to 10`}},
	{"tools-weight-text.yaml", []string{`151:56: weight must be a whole number from 1 to 10, not "high"`}},
	{"tools-no-weight.yaml", []string{`151:7: missing required key "weight"`}},
	{"tools-duplicate-id.yaml", []string{`151:12: criterion "privacy": id "privacy" is already used by gate "privacy"; ids must be unique`}},
	{"tools-empty-title.yaml", []string{`153:7: evaluation criterion "usage": title is empty; say in a few words what is checked`}},
	{"tools-gates-only.yaml", []string{
		`148:3: the tools section has no criteria; list at least one, or leave out the whole tools section to use the built-in gates and criteria`,
		`148:3: the tools section has no evaluation criteria; list at least one, or leave out the whole tools section to use the built-in gates and criteria`}},
	{"tools-empty-lists.yaml", []string{
		`149:13: the tools section has no criteria; list at least one, or leave out the whole tools section to use the built-in gates and criteria`,
		`150:15: the tools section has no evaluation criteria; list at least one, or leave out the whole tools section to use the built-in gates and criteria`}},
	{"tools-unknown-key.yaml", []string{`148:3: unknown key "checks" (expected one of: gates, criteria, evaluation)`}},
	{"evidence-from-unknown.yaml", []string{`74:24: evidence_from "inventory-costs" is not one of inventory, inventory-privacy, inventory-renewal, inventory-accessibility`}},
}

func TestParseTemplateBroken(t *testing.T) {
	checkBroken(t, "broken", brokenCases)
	checkBroken(t, "broken2", brokenCases2)
}

func checkBroken(t *testing.T, dir string, cases []struct {
	file string
	want []string
}) {
	seen := map[string]bool{}
	for _, tc := range cases {
		seen[tc.file] = true
		t.Run(dir+"/"+tc.file, func(t *testing.T) {
			tmpl, err := Parse(tc.file, readTestTemplate(t, filepath.Join(dir, tc.file)))
			if tmpl != nil {
				t.Errorf("a broken template must not be returned")
			}
			var le *workbook.LintError
			if !errors.As(err, &le) {
				t.Fatalf("error %v is not a *LintError", err)
			}
			var want []string
			for _, w := range tc.want {
				want = append(want, tc.file+":"+w)
			}
			if got := err.Error(); got != strings.Join(want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", got, strings.Join(want, "\n"))
			}
			if got := Lint(tc.file, readTestTemplate(t, filepath.Join(dir, tc.file))); len(got) != len(tc.want) {
				t.Errorf("Lint found %d problems, want %d", len(got), len(tc.want))
			}
		})
	}
	// Every fixture on disk has a case, so none is silently unchecked.
	files, _ := filepath.Glob(filepath.Join("testdata", "templates", dir, "*.yaml"))
	for _, f := range files {
		if !seen[filepath.Base(f)] {
			t.Errorf("fixture %s has no case", f)
		}
	}
	if len(cases) < 20 {
		t.Errorf("only %d broken fixtures in %s", len(cases), dir)
	}
}

func TestParseTemplateReportsEveryProblemV2(t *testing.T) {
	_, err := Parse("many-errors-v2.yaml", readTestTemplate(t, "many-errors-v2.yaml"))
	want := `many-errors-v2.yaml:27:9: duplicate area id "leadership" (first used at line 24)
many-errors-v2.yaml:67:15: area "data" is not one of the template's areas (leadership)
many-errors-v2.yaml:76:3: missing required key "outcomes"
many-errors-v2.yaml:94:17: required must be true or false
many-errors-v2.yaml:105:13: kind "essay" is not valid: use short_text, long_text, choice, choices, date, number or student_groups
many-errors-v2.yaml:117:9: a choice question needs at least 2 options (1 option given)
many-errors-v2.yaml:119:11: duplicate question id "evidence" (first used at line 95)
many-errors-v2.yaml:149:56: criterion "need": weight 0 should be a whole number from 1 to 10`
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

func TestParseTemplateReportsEveryProblem(t *testing.T) {
	_, err := Parse("many-errors.yaml", readTestTemplate(t, "many-errors.yaml"))
	want := `many-errors.yaml:2:1: missing required key "title"
many-errors.yaml:2:5: template id "Tiny_Systems" is not valid: use lowercase letters, digits and hyphens, starting with a letter
many-errors.yaml:3:10: version must be a whole number from 1 to 1,000,000, not "1.5"
many-errors.yaml:4:14: school_year "2026" is not valid: write it as YYYY-YY, like 2025-26
many-errors.yaml:5:1: unknown key "colour" (expected one of: format, id, version, title, school_year, description, scale, domains, prompts, student_groups, roles, conditions, leadership_moves, decisions)
many-errors.yaml:7:13: not_sure is empty
many-errors.yaml:12:16: meaning must be text, not a list
many-errors.yaml:19:20: text contains a control character (escape sequences are not allowed)
many-errors.yaml:20:16: phase "later" is not valid: use selection, implementation or evaluation
many-errors.yaml:21:17: indicator "vision-one" has 3 level descriptors; the scale has 2 levels
many-errors.yaml:22:9: missing required key "statement"
many-errors.yaml:22:13: duplicate indicator id "vision-one" (first used at line 17)
many-errors.yaml:27:17: domain "data" has no indicators; add at least one
many-errors.yaml:29:12: framing prompts are missing why_matters, who_affected, improvement, question, why_chosen, evidence, centered, stakeholders, within_control
many-errors.yaml:31:5: planning prompts are missing inputs, activities, outputs, outcomes, action_steps, data_plan
many-errors.yaml:32:15: reflection must be a list, not text
many-errors.yaml:33:17: student_groups needs at least one student group
many-errors.yaml:34:15: duplicate role "Lead" (first used at line 34, column 9)
many-errors.yaml:38:29: unknown key "extra" (expected one of: id, title, help)
many-errors.yaml:40:3: decisions are missing adjust, scale, stop
many-errors.yaml:41:10: unknown decision id "pause" (use continue, adjust, scale and stop)`
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

func TestParseTemplateLimits(t *testing.T) {
	huge := make([]byte, MaxTemplateSize+1)
	_, err := Parse("huge.yaml", huge)
	if err == nil || err.Error() != "huge.yaml: the file is 4194305 bytes; a template must be at most 4 MiB" {
		t.Errorf("huge file: %v", err)
	}

	// A file with thousands of problems is cut short with a count.
	var b strings.Builder
	b.WriteString("roles:\n")
	for range 3000 {
		b.WriteString("  - Same\n")
	}
	_, err = Parse("many.yaml", []byte(b.String()))
	var le *workbook.LintError
	if !errors.As(err, &le) || len(le.Problems) != workbook.MaxProblemsShown+1 {
		t.Fatalf("got %d problems", len(le.Problems))
	}
	if last := le.Problems[workbook.MaxProblemsShown].String(); !strings.HasPrefix(last, "many.yaml: and ") || !strings.HasSuffix(last, " more problems; fix these first") {
		t.Errorf("last line = %q", last)
	}

	// Nested aliases (a "billion laughs" file) are refused, not expanded.
	bomb := "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nroles: [*b, *b, *b, *b, *b, *b, *b, *b]\n"
	if _, err := Parse("bomb.yaml", []byte(bomb)); err == nil || !strings.Contains(err.Error(), "aliases (*b) are not allowed") {
		t.Errorf("alias bomb: %v", err)
	}
}

func TestTextRules(t *testing.T) {
	tests := []struct {
		name, title, want string
	}{
		{"escape sequence", "Red \x1b[31mtitle", workbook.MsgControlChar},
		{"C1 control", "CSI \u009b31m", workbook.MsgControlChar},
		{"NUL", "a\x00b", workbook.MsgControlChar},
		{"DEL", "a\x7fb", workbook.MsgControlChar},
		{"carriage return", "a\rb", workbook.MsgControlChar},
		{"newline in a title", "a\nb", "title must be one line"},
		{"invalid UTF-8", "a\xffb", "title is not valid UTF-8 text"},
		{"too long", strings.Repeat("é", 201), "title is too long (201 characters; at most 200)"},
		{"empty", "", "title is empty"},
		{"tab is text", "a\tb", ""},
		{"accents are text", "Équité et accès", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tmpl := parseGood(t)
			tmpl.Title = tc.title
			err := workbook.ValidateTemplate(tmpl)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tc.want != "" && (err == nil || err.Error() != "title: "+tc.want):
				t.Errorf("got %v, want title: %s", err, tc.want)
			}
		})
	}
}

func TestParseTemplateTrimsText(t *testing.T) {
	data := strings.Replace(string(readTestTemplate(t, "good.yaml")), "title: Tiny Systems Check", `title: "  Tiny Systems Check  "`, 1)
	tmpl, err := Parse("x.yaml", []byte(data))
	if err != nil || tmpl.Title != "Tiny Systems Check" {
		t.Errorf("title %q, err %v", tmpl.Title, err)
	}
}

func TestValidateTemplate(t *testing.T) {
	if err := workbook.ValidateTemplate(parseGood(t)); err != nil {
		t.Fatalf("good template: %v", err)
	}
	tests := []struct {
		name   string
		change func(*workbook.Template)
		want   string
	}{
		{"bad indicator id", func(tm *workbook.Template) { tm.Domains[0].Indicators[1].ID = "2nd" },
			`domains[0].indicators[1].id: indicator id "2nd" is not valid: use lowercase letters, digits and hyphens, starting with a letter`},
		{"duplicate indicator", func(tm *workbook.Template) { tm.Domains[1].Indicators[0].ID = "vision-shared-language" },
			`domains[1].indicators[0].id: duplicate indicator id "vision-shared-language" (first used at domains[0].indicators[1].id)`},
		{"descriptor count", func(tm *workbook.Template) { tm.Domains[1].Indicators[0].Levels = []string{"a"} },
			`domains[1].indicators[0].levels: indicator "data-evaluation-plan" has 1 level descriptor; the scale has 4 levels`},
		{"missing decision", func(tm *workbook.Template) { tm.Decisions = tm.Decisions[:3] },
			`decisions: decisions are missing stop`},
		{"no roles", func(tm *workbook.Template) { tm.Roles = nil },
			`roles: roles needs at least one role`},
		{"no domains", func(tm *workbook.Template) { tm.Domains = nil },
			`domains: domains needs at least one domain`},
		{"version", func(tm *workbook.Template) { tm.Version = 0 },
			`version: version must be a whole number from 1 to 1,000,000, not 0`},
		{"empty prompt text", func(tm *workbook.Template) { tm.Prompts.Outputs.Text = "" },
			`prompts.outputs.text: text is empty`},
		{"question id twice", func(tm *workbook.Template) { tm.Questions.Reflection[0].ID = "sponsor" },
			`questions.reflection[0].id: duplicate question id "sponsor" (first used at questions.plan[0].id)`},
		{"question id of a prompt", func(tm *workbook.Template) { tm.Questions.Problem[1].ID = "data_plan" },
			`questions.problem[1].id: question id "data_plan" is the id of a prompt; give the question another id`},
		{"unknown kind", func(tm *workbook.Template) { tm.Questions.Plan[0].Kind = "text" },
			`questions.plan[0].kind: kind "text" is not valid: use short_text, long_text, choice, choices, date, number or student_groups`},
		{"choices without options", func(tm *workbook.Template) { tm.Questions.Reflection[1].Options = nil },
			`questions.reflection[1].options: a choices question needs at least 2 options (0 options given)`},
		{"options on a date", func(tm *workbook.Template) { tm.Questions.Plan[1].Options = tm.Questions.Plan[3].Options },
			`questions.plan[1].options: options are only for choice and choices questions, not date; remove them or change the kind`},
		{"unknown area", func(tm *workbook.Template) { tm.Domains[1].Indicators[0].Area = "finance" },
			`domains[1].indicators[0].area: area "finance" is not one of the template's areas (leadership, data-management)`},
		{"indicator without its area", func(tm *workbook.Template) { tm.Domains[1].Indicators[0].Area = "" },
			`domains[1].indicators[0].area: area is empty`},
		{"area without areas", func(tm *workbook.Template) { tm.Areas = nil },
			"domains[0].indicators[0].area: indicator names area \"leadership\", but the template lists no areas; add the areas or remove the tag\n" +
				"domains[0].indicators[1].area: indicator names area \"leadership\", but the template lists no areas; add the areas or remove the tag\n" +
				"domains[1].indicators[0].area: indicator names area \"data-management\", but the template lists no areas; add the areas or remove the tag"},
		{"tool weight", func(tm *workbook.Template) { tm.Tools.Evaluation[0].Weight = 11 },
			`tools.evaluation[0].weight: evaluation criterion "usage": weight 11 should be a whole number from 1 to 10`},
		{"two problems in order", func(tm *workbook.Template) { tm.ID = ""; tm.StudentGroups = append(tm.StudentGroups, "") },
			"id: id is empty\nstudent_groups[3]: an item of student_groups is empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tmpl := parseGood(t)
			tc.change(tmpl)
			err := workbook.ValidateTemplate(tmpl)
			if err == nil || err.Error() != tc.want {
				t.Errorf("got\n%v\nwant\n%s", err, tc.want)
			}
		})
	}
	var le *workbook.LintError
	if err := workbook.ValidateTemplate(&workbook.Template{}); !errors.As(err, &le) {
		t.Errorf("empty template: %v", err)
	} else if got := le.WithFile("t.json").Problems[0].String(); !strings.HasPrefix(got, "t.json: id: ") {
		t.Errorf("WithFile: %q", got)
	}
	if workbook.ValidateTemplate(nil) == nil {
		t.Error("nil template must not validate")
	}
}

// TestBuiltinTemplateLints keeps the shipped template clean.
func TestBuiltinTemplateLints(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "content", "templates", "*.yaml"))
	if len(files) == 0 {
		t.Skip("no built-in templates yet")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		tmpl, err := Parse(filepath.Base(f), data)
		if err != nil {
			t.Errorf("%s:\n%v", f, err)
			continue
		}
		assertRoundTrip(t, tmpl)
	}
}

func assertRoundTrip(t *testing.T, tmpl *workbook.Template) {
	t.Helper()
	out, err := Marshal(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse("exported.yaml", out)
	if err != nil {
		t.Fatalf("exported YAML does not parse:\n%v\n---\n%s", err, out)
	}
	if !reflect.DeepEqual(back, tmpl) {
		t.Fatalf("round trip changed the template\nbefore %#v\nafter  %#v\n---\n%s", tmpl, back, out)
	}
}

func TestMarshalTemplateYAMLRoundTrip(t *testing.T) {
	tmpl := parseGood(t)
	assertRoundTrip(t, tmpl)

	// Text that YAML would misread if written plainly.
	tricky := []string{
		"null", "true", "3", "- a list?", "key: value", "# not a comment", "it's \"quoted\"",
		"Line one\n\nLine three\n  indented line",
		"A long line " + strings.Repeat("that keeps going and going ", 8) + "to the end.",
		"Double  spaces " + strings.Repeat("stay exactly where they were written ", 4) + "ok.",
		"Tab\tinside " + strings.Repeat("a long line with a tab ", 5),
		"Équité — accès pour tous les élèves ✓",
		"[brackets] and {braces}", "@at", "`tick", "|pipe", ">fold", "%percent", "*star", "&amp", "!bang",
	}
	for i, s := range tricky {
		s = strings.TrimSpace(s) // the parser trims, so a template never holds untrimmed text
		tmpl.Domains[0].Indicators[0].Statement = s
		tmpl.Domains[0].Summary = s
		tmpl.Questions.Problem[0].Help = s
		tmpl.Prompts.Aim.Help = s
		tmpl.Questions.Plan[3].Options[0].Help = s
		if len(s) < 100 {
			tmpl.Roles[0] = strings.ReplaceAll(s, "\n", " ")
		}
		t.Run(strings.Fields(s)[0]+"-"+string(rune('a'+i)), func(t *testing.T) { assertRoundTrip(t, tmpl) })
	}
}

func TestMarshalTemplateYAMLGolden(t *testing.T) {
	out, err := Marshal(parseGood(t))
	if err != nil {
		t.Fatal(err)
	}
	golden.RequireEqual(t, out)
	if _, err := Marshal(nil); err == nil {
		t.Error("nil template must be an error")
	}
}

func TestFoldLines(t *testing.T) {
	s := strings.Repeat("word ", 40) + "end"
	lines := foldLines(s, 30)
	if strings.Join(lines, " ") != s {
		t.Fatalf("folding lost text: %q", lines)
	}
	for _, l := range lines {
		if len(l) > 30 {
			t.Errorf("line %q is longer than 30", l)
		}
	}
}

// TestDocsExampleTemplate keeps the example in docs/templates.md valid.
func TestDocsExampleTemplate(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "templates.md"))
	if err != nil {
		t.Skip("docs/templates.md not found")
	}
	_, rest, ok := strings.Cut(string(doc), "```yaml\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("docs/templates.md has no ```yaml example")
	}
	tmpl, err := Parse("docs/templates.md example", []byte(example))
	if err != nil {
		t.Fatalf("the documented example does not lint:\n%v", err)
	}
	assertRoundTrip(t, tmpl)
}

// TestParseTemplateWindowsLineEnds: a file saved on Windows reads the same.
func TestParseTemplateWindowsLineEnds(t *testing.T) {
	data := strings.ReplaceAll(string(readTestTemplate(t, "good.yaml")), "\n", "\r\n")
	tmpl, err := Parse("crlf.yaml", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(tmpl, parseGood(t)) {
		t.Errorf("CRLF file differs: %#v", tmpl)
	}
}

// TestUnclosedQuoteOnlyWhereItCannotGoOn: a quote is called open only where
// the text cannot go on (the next line is not indented deeper), never in a
// block text (| or >) or a quoted text over several lines.
func TestUnclosedQuoteOnlyWhereItCannotGoOn(t *testing.T) {
	for _, tc := range []struct {
		text string
		line int // 0: none
	}{
		{"a: \"open\nb: x", 1},
		{"a:\n  - 'it''s open\n  - x", 2},
		{"a: \"closed\"\nb: 'it''s closed'", 0},
		{"a: |-\n  \"a quote in a block\n  text\nb: x", 0},
		{"- >\n  \"quoted\n  text\n- x", 0},
		{"a: \"goes on\n  over two lines\"\nb: x", 0},
		{"a: \"escaped \\\" quote\nb: x", 1},
		{"a: x\n# \"a comment\nb: \"open", 3},
	} {
		p, _, found := unclosedQuote(strings.Split(tc.text, "\n"))
		if got := map[bool]int{true: p.Line}[found]; got != tc.line {
			t.Errorf("%q: open quote at line %d, want %d", tc.text, got, tc.line)
		}
	}
}
