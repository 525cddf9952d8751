package templatefile

import (
	"encoding/json"
	"io/fs"
	"path"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/charmbracelet/x/exp/golden"

	"edtech-workbook/content"
	"edtech-workbook/workbook"
)

func builtinDefault(t *testing.T) *workbook.Template {
	t.Helper()
	tmpl, err := BuiltinTemplate("")
	if err != nil {
		t.Fatalf("BuiltinTemplate(\"\"): %v", err)
	}
	return tmpl
}

func TestBuiltinTemplatesLint(t *testing.T) {
	names, err := fs.Glob(content.FS, path.Join(content.TemplateDir, "*.yaml"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no built-in template files (%v)", err)
	}
	for _, name := range names {
		data, err := fs.ReadFile(content.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		if problems := Lint(name, data); len(problems) > 0 {
			for _, p := range problems {
				t.Error(p)
			}
		}
	}
}

func TestBuiltinTemplateRefs(t *testing.T) {
	tests := []struct {
		ref     string
		wantRef string // "" when an error is expected
	}{
		{"", DefaultTemplateID + "@2"},
		{"edtech-systems", "edtech-systems@2"},
		{"edtech-systems@2", "edtech-systems@2"},
		{" edtech-systems@2 ", "edtech-systems@2"},
		{"edtech-systems@1", ""}, // a test fixture since version 2; sessions keep their snapshot
		{"edtech-systems@3", ""},
		{"edtech-systems@x", ""},
		{"edtech-systems@0", ""},
		{"no-such-template", ""},
		{"@1", ""},
	}
	for _, tc := range tests {
		t.Run(tc.ref, func(t *testing.T) {
			got, err := BuiltinTemplate(tc.ref)
			if tc.wantRef == "" {
				if err == nil {
					t.Fatalf("BuiltinTemplate(%q) = %s, want an error", tc.ref, got.Ref())
				}
				return
			}
			if err != nil {
				t.Fatalf("BuiltinTemplate(%q): %v", tc.ref, err)
			}
			if got.Ref() != tc.wantRef {
				t.Errorf("BuiltinTemplate(%q) = %s, want %s", tc.ref, got.Ref(), tc.wantRef)
			}
		})
	}
}

func TestBuiltinTemplatesParsedOnce(t *testing.T) {
	a, err := BuiltinTemplates()
	if err != nil {
		t.Fatal(err)
	}
	b, err := BuiltinTemplates()
	if err != nil {
		t.Fatal(err)
	}
	if len(a) == 0 || a[0] != b[0] {
		t.Error("BuiltinTemplates parsed the files again; the result should be cached")
	}
	a[0] = nil // the returned slice is the caller's own
	if c, _ := BuiltinTemplates(); c[0] == nil {
		t.Error("changing the returned slice changed the cache")
	}
}

func TestBuiltinTemplateShape(t *testing.T) {
	tmpl := builtinDefault(t)
	if tmpl.SchoolYear != "2026-27" {
		t.Errorf("school_year = %q, want 2026-27", tmpl.SchoolYear)
	}
	if n := len(tmpl.Scale.Levels); n != 4 {
		t.Errorf("scale has %d levels, want 4", n)
	}
	if tmpl.Scale.NotSure == "" {
		t.Error("scale has no not-sure label")
	}
	if n := len(tmpl.Domains); n < 6 || n > 9 {
		t.Errorf("%d domains, want 6 to 9", n)
	}
	if n := len(tmpl.Indicators()); n < 24 || n > 36 {
		t.Errorf("%d indicators, want 24 to 36", n)
	}
	ids := func(cs []workbook.Choice) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	wantChoices := map[string]struct{ got, want []string }{
		"conditions": {ids(tmpl.Conditions), []string{"visioning", "culture", "time", "communication", "continuous-improvement",
			"technology-data-infrastructure", "professional-learning", "finance-resourcing"}},
		"leadership_moves": {ids(tmpl.LeadershipMoves), []string{"shared-language", "centering-vulnerable",
			"transparency", "replicability", "engaging-decision-makers", "distributing-leadership", "designing-for-transition"}},
		"decisions": {ids(tmpl.Decisions), workbook.DecisionIDs},
		"areas": {areaIDs(tmpl.Areas), []string{"leadership", "instruction", "professional-learning", "staffing",
			"data-management", "infrastructure", "business-management"}},
	}
	for name, c := range wantChoices {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %v, want %v", name, c.got, c.want)
		}
	}
	for _, want := range []string{"English learners", "Families with limited home internet"} {
		if !contains(tmpl.StudentGroups, want) {
			t.Errorf("student groups lack %q", want)
		}
	}
	for _, want := range []string{"EdTech director", "Instructional leader", "Teacher", "Student",
		"English learner specialist", "Special education specialist", "Finance and operations"} {
		if !contains(tmpl.Roles, want) {
			t.Errorf("roles lack %q", want)
		}
	}
}

func areaIDs(as []workbook.Area) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestBuiltinTemplateCoverage holds the content rules of issue 3 that lint
// does not: every indicator is complete, and the equity and context notes
// reach every domain and phase.
func TestBuiltinTemplateCoverage(t *testing.T) {
	tmpl := builtinDefault(t)
	phaseNotes := map[string]map[string]bool{}
	for _, p := range workbook.Phases {
		phaseNotes[p] = map[string]bool{}
	}
	for _, d := range tmpl.Domains {
		pauses := 0
		for _, in := range d.Indicators {
			if strings.TrimSpace(in.Statement) == "" {
				t.Errorf("%s: no statement", in.ID)
			}
			if len(in.Levels) != 4 {
				t.Errorf("%s: %d level descriptors, want 4", in.ID, len(in.Levels))
			}
			for i, l := range in.Levels {
				if strings.TrimSpace(l) == "" {
					t.Errorf("%s: descriptor %d is empty", in.ID, i+1)
				}
				if n := len(strings.Fields(l)); n > 25 {
					t.Errorf("%s: descriptor %d has %d words; keep it to one breath (25)", in.ID, i+1, n)
				}
			}
			if strings.TrimSpace(in.EquityPause) == "" {
				t.Errorf("%s: no equity pause", in.ID)
			} else {
				pauses++
			}
			if in.Phase == "" {
				continue
			}
			notes, ok := phaseNotes[in.Phase]
			if !ok {
				t.Errorf("%s: unknown phase %q", in.ID, in.Phase)
				continue
			}
			c := in.Context
			for key, text := range map[string]string{"english_learners": c.EnglishLearners,
				"iep_504": c.IEP504, "small_systems": c.SmallSystems, "large_systems": c.LargeSystems} {
				if strings.TrimSpace(text) != "" {
					notes[key] = true
				}
			}
		}
		if pauses == 0 {
			t.Errorf("domain %s has no equity pause", d.ID)
		}
	}
	for _, p := range workbook.Phases {
		for _, key := range []string{"english_learners", "iep_504", "small_systems", "large_systems"} {
			if !phaseNotes[p][key] {
				t.Errorf("phase %s has no %s context note", p, key)
			}
		}
	}
	perArea := map[string]int{}
	for _, in := range tmpl.Indicators() {
		perArea[in.Area]++
	}
	for _, a := range tmpl.Areas {
		if perArea[a.ID] == 0 || strings.TrimSpace(a.Help) == "" {
			t.Errorf("area %s has %d indicators and help %q", a.ID, perArea[a.ID], a.Help)
		}
	}
	for _, id := range workbook.PromptIDs() {
		if p := tmpl.Prompts.Get(id); strings.TrimSpace(p.Text) == "" || strings.TrimSpace(p.Help) == "" {
			t.Errorf("prompt %s has empty text or help", id)
		}
	}
	// Today's questions are all still asked, the three essential questions
	// and the student groups centered required.
	for _, id := range []string{"why_matters", "who_affected", "improvement", "why_chosen", "evidence", "centered",
		"stakeholders", "within_control", "leadership_moves", "story"} {
		q, _, ok := tmpl.Question(id)
		if !ok {
			t.Errorf("question %s is missing", id)
			continue
		}
		essential := id == "why_matters" || id == "who_affected" || id == "improvement" || id == "centered"
		if q.Required != essential {
			t.Errorf("question %s: required %v, want %v", id, q.Required, essential)
		}
	}
	for _, part := range workbook.QuestionParts() {
		if len(tmpl.Questions.In(part)) == 0 {
			t.Errorf("the %s part asks no question", part.Key())
		}
		for _, q := range tmpl.Questions.In(part) {
			if strings.TrimSpace(q.Text) == "" || strings.TrimSpace(q.Help) == "" {
				t.Errorf("question %s has empty text or help", q.ID)
			}
		}
	}
	if len(tmpl.Tools.Gates) == 0 || len(tmpl.Tools.Criteria) == 0 || len(tmpl.Tools.Evaluation) == 0 {
		t.Error("the tool gates and criteria are missing")
	}
	for _, cs := range [][]workbook.Choice{tmpl.Conditions, tmpl.LeadershipMoves, tmpl.Decisions} {
		for _, c := range cs {
			if strings.TrimSpace(c.Title) == "" || strings.TrimSpace(c.Help) == "" {
				t.Errorf("choice %s has empty title or help", c.ID)
			}
		}
	}
}

// eachString calls fn with every string inside v (structs, slices, maps).
func eachString(v reflect.Value, where string, fn func(where, s string)) {
	switch v.Kind() {
	case reflect.String:
		fn(where, v.String())
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			eachString(v.Elem(), where, fn)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			eachString(v.Field(i), where+"."+v.Type().Field(i).Name, fn)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			eachString(v.Index(i), where+"[]", fn)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			eachString(k, where+"{key}", fn)
			eachString(v.MapIndex(k), where+"{}", fn)
		}
	}
}

func TestBuiltinContentHasNoControlCharacters(t *testing.T) {
	demo, err := DemoSession()
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]any{"template": builtinDefault(t), "demo": demo} {
		eachString(reflect.ValueOf(v), name, func(where, s string) {
			if strings.ContainsFunc(s, unicode.IsControl) || workbook.CleanText(s) != s {
				t.Errorf("%s holds a control character: %q", where, s)
			}
		})
	}
}

func TestDemoSessionIsComplete(t *testing.T) {
	demo, err := DemoSession()
	if err != nil {
		t.Fatal(err)
	}
	tmpl := builtinDefault(t)
	if demo.Template.Ref() != tmpl.Ref() || len(demo.Template.Domains) != len(tmpl.Domains) {
		t.Fatalf("demo template is %s with %d domains, want the full snapshot of %s", demo.Template.Ref(), len(demo.Template.Domains), tmpl.Ref())
	}
	if demo.SchoolYear != "2025-26" {
		t.Errorf("school year %q, want 2025-26", demo.SchoolYear)
	}
	if len(demo.Roster) != 5 {
		t.Errorf("roster has %d members, want 5", len(demo.Roster))
	}
	for _, m := range demo.Roster {
		if !contains(tmpl.Roles, m.Role) {
			t.Errorf("member %s has role %q, which the template does not offer", m.ID, m.Role)
		}
	}
	if len(demo.Ratings) != len(tmpl.Indicators()) {
		t.Errorf("%d indicators rated, template has %d", len(demo.Ratings), len(tmpl.Indicators()))
	}
	disagreements, withEvidence, priorities, equity := 0, 0, 0, 0
	for _, in := range tmpl.Indicators() {
		r := demo.Ratings[in.ID]
		if r == nil || !r.Consensus.Rated() {
			t.Errorf("%s has no consensus rating", in.ID)
			continue
		}
		if len(r.Members) < 3 || len(r.Members) > 5 {
			t.Errorf("%s rated by %d members, want 3 to 5", in.ID, len(r.Members))
		}
		if r.Equity != "" {
			equity++
		}
		lo, hi := 99, 0
		for id, rating := range r.Members {
			if _, ok := demo.Member(id); !ok {
				t.Errorf("%s rated by %q, who is not on the roster", in.ID, id)
			}
			if rating.Rated() {
				lo, hi = min(lo, int(rating)), max(hi, int(rating))
			}
		}
		if hi-lo >= 2 {
			disagreements++
		}
		if r.Evidence != "" {
			withEvidence++
		}
		if r.Priority {
			priorities++
		}
	}
	if disagreements < 2 {
		t.Errorf("%d indicators with a spread of 2 or more, want a few real disagreements", disagreements)
	}
	if withEvidence*3 < len(tmpl.Indicators())*2 {
		t.Errorf("evidence on %d indicators, want most", withEvidence)
	}
	if priorities < 2 || priorities > 4 {
		t.Errorf("%d priority flags, want 2 to 4", priorities)
	}
	if equity*4 < len(tmpl.Indicators())*3 || equity == len(tmpl.Indicators()) {
		t.Errorf("equity answers on %d indicators, want most but not all", equity)
	}
	for _, part := range workbook.QuestionParts() {
		for _, q := range tmpl.Questions.In(part) {
			a := demo.Answer(q.ID)
			if a.Empty() {
				t.Errorf("question %s is not answered", q.ID)
			}
			if msg := workbook.CheckAnswer(q, a); msg != "" {
				t.Errorf("the answer to %s %s", q.ID, msg)
			}
		}
	}
	for _, id := range demo.Problem.FocusIndicators {
		if _, _, ok := tmpl.Indicator(id); !ok {
			t.Errorf("focus indicator %s is not in the template", id)
		}
	}
	if q := demo.Problem.Question; !strings.HasSuffix(q, "?") || strings.Count(q, "?") != 1 {
		t.Errorf("problem question %q is not one question", q)
	}
	for _, g := range demo.Answer("centered").Choices {
		if !contains(tmpl.StudentGroups, g) {
			t.Errorf("student group %q is not in the template", g)
		}
	}
	statuses := map[string]bool{}
	for _, a := range demo.Plan.Actions {
		if _, ok := demo.Member(a.Owner); !ok {
			t.Errorf("action %s is owned by %q, who is not on the roster", a.ID, a.Owner)
		}
		statuses[a.Status] = true
	}
	if len(demo.Plan.Actions) != 4 || len(statuses) != 4 {
		t.Errorf("%d actions in %d statuses, want 4 in 4", len(demo.Plan.Actions), len(statuses))
	}
	for _, c := range demo.Reflection.Conditions {
		if !choiceIDs(tmpl.Conditions)[c.Condition] || (c.Effect != workbook.EffectHelped && c.Effect != workbook.EffectHindered) {
			t.Errorf("reflection condition %+v does not fit the template", c)
		}
	}
	if !choiceIDs(tmpl.Decisions)[demo.Reflection.Decision] {
		t.Errorf("decision %q is not a template decision", demo.Reflection.Decision)
	}
	if len(demo.CheckIns) != 2 || len(demo.Plan.DataPlan) != 2 || len(demo.Comments) != 1 {
		t.Error("demo lacks two check-ins, two data rows or one comment")
	}
	if got := workbook.ComputeProgress(demo).Overall; got != 100 {
		t.Errorf("demo progress is %d%%, want 100%%", got)
	}
}

func choiceIDs(cs []workbook.Choice) map[string]bool {
	out := map[string]bool{}
	for _, c := range cs {
		out[c.ID] = true
	}
	return out
}

func TestDemoSessionIsACopy(t *testing.T) {
	a, err := DemoSession()
	if err != nil {
		t.Fatal(err)
	}
	a.Team = "changed"
	a.Ratings["vision-student-centered"].Consensus = 4
	b, err := DemoSession()
	if err != nil {
		t.Fatal(err)
	}
	if b.Team == "changed" || b.Ratings["vision-student-centered"].Consensus == 4 {
		t.Error("changing one demo session changed the next one")
	}
}

func TestDecodeDemoRejects(t *testing.T) {
	good, err := fs.ReadFile(content.FS, content.DemoFile)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(good, &raw); err != nil {
		t.Fatal(err)
	}
	with := func(change func(m map[string]any)) []byte {
		var m map[string]any
		_ = json.Unmarshal(good, &m)
		change(m)
		b, _ := json.Marshal(m)
		return b
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"not json", []byte("{"), "not valid JSON"},
		{"wrong format", with(func(m map[string]any) { m["format"] = "something-else" }), "this build reads"},
		{"newer version", with(func(m map[string]any) { m["version"] = workbook.ExchangeVersion + 1 }), "this build reads"},
		{"no session", with(func(m map[string]any) { delete(m, "session") }), "has no session"},
		{"unknown template", with(func(m map[string]any) {
			m["session"].(map[string]any)["template"] = map[string]any{"id": "nope", "version": 1}
		}), "nope@1"},
		{"unknown field", with(func(m map[string]any) { m["session"].(map[string]any)["teem"] = "x" }), "not valid JSON"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeDemo(tc.data)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("decodeDemo: %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// TestDemoSessionExport pins the canonical JSON of the demo (template
// snapshot included) in testdata/TestDemoSessionExport.golden.
func TestDemoSessionExport(t *testing.T) {
	demo, err := DemoSession()
	if err != nil {
		t.Fatal(err)
	}
	got, err := workbook.MarshalSession(demo)
	if err != nil {
		t.Fatal(err)
	}
	golden.RequireEqual(t, got)
}
