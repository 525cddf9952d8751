package templatefile

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"edtech-workbook/workbook"
)

// cloneTemplate deep-copies a template through JSON.
func cloneTemplate(t *testing.T, tm *workbook.Template) *workbook.Template {
	t.Helper()
	data, err := json.Marshal(tm)
	if err != nil {
		t.Fatal(err)
	}
	var out workbook.Template
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return &out
}

func TestDiffTemplatesNoChange(t *testing.T) {
	old := parseGood(t)
	d := DiffTemplates(old, cloneTemplate(t, old))
	if !d.Empty() {
		t.Errorf("identical templates differ: %+v", d)
	}
	if got, want := d.String(), "Changes from tiny-systems@2 to tiny-systems@2\n\nNo changes to the scale, areas, domains, indicators, prompts or questions.\n"; got != want {
		t.Errorf("got %q", got)
	}
}

func TestDiffTemplatesEachKind(t *testing.T) {
	tests := []struct {
		name   string
		change func(*workbook.Template)
		check  func(TemplateDiff) bool
	}{
		{"indicator added", func(tm *workbook.Template) {
			tm.Domains[1].Indicators = append(tm.Domains[1].Indicators, workbook.Indicator{ID: "data-new", Title: "New"})
		}, func(d TemplateDiff) bool {
			return reflect.DeepEqual(d.Added, []IndicatorChange{{ID: "data-new", Title: "New", Domain: "data"}})
		}},
		{"indicator removed", func(tm *workbook.Template) {
			tm.Domains[0].Indicators = tm.Domains[0].Indicators[:1]
		}, func(d TemplateDiff) bool {
			return reflect.DeepEqual(d.Removed, []IndicatorChange{{ID: "vision-shared-language", Title: "Shared language", Domain: "vision"}})
		}},
		{"indicator renamed", func(tm *workbook.Template) {
			tm.Domains[0].Indicators[1].Title = "Common words"
		}, func(d TemplateDiff) bool {
			return reflect.DeepEqual(d.Renamed, []IndicatorChange{{ID: "vision-shared-language", Title: "Common words",
				OldTitle: "Shared language", Domain: "vision", Detail: "title"}}) && len(d.Added)+len(d.Removed) == 0
		}},
		{"statement reworded", func(tm *workbook.Template) {
			tm.Domains[1].Indicators[0].Statement = "Reworded."
		}, func(d TemplateDiff) bool {
			return len(d.Renamed) == 1 && d.Renamed[0].Detail == "statement"
		}},
		{"descriptors changed", func(tm *workbook.Template) {
			tm.Domains[1].Indicators[0].Levels[1] = "Changed."
			tm.Domains[1].Indicators[0].Levels[3] = "Changed too."
		}, func(d TemplateDiff) bool {
			return len(d.LevelsChanged) == 1 && d.LevelsChanged[0].Detail == "levels 2, 4" && len(d.Renamed) == 0
		}},
		{"scale changed", func(tm *workbook.Template) {
			tm.Scale.Levels[0].Label = "Starting"
		}, func(d TemplateDiff) bool {
			// Reported once, not once per indicator: no indicator's
			// descriptors changed.
			return reflect.DeepEqual(d.ScaleChanges, []string{`level 1 is now "Starting" (was "Individual effort")`}) &&
				len(d.LevelsChanged) == 0 && strings.Count(d.String(), "Starting") == 1
		}},
		{"scale and one indicator's descriptors changed", func(tm *workbook.Template) {
			tm.Scale.Levels[0].Label = "Starting"
			tm.Domains[1].Indicators[0].Levels[0] = "Changed."
		}, func(d TemplateDiff) bool {
			return len(d.ScaleChanges) == 1 && len(d.LevelsChanged) == 1 && d.LevelsChanged[0].Detail == "level 1"
		}},
		{"indicator moved", func(tm *workbook.Template) {
			moved := tm.Domains[0].Indicators[1]
			tm.Domains[0].Indicators = tm.Domains[0].Indicators[:1]
			tm.Domains[1].Indicators = append(tm.Domains[1].Indicators, moved)
		}, func(d TemplateDiff) bool {
			return reflect.DeepEqual(d.Moved, []IndicatorChange{{ID: "vision-shared-language", Title: "Shared language", Domain: "data", OldDomain: "vision"}}) &&
				len(d.Added)+len(d.Removed) == 0
		}},
		{"question added", func(tm *workbook.Template) {
			tm.Questions.Problem = append(tm.Questions.Problem, workbook.Question{ID: "new_q", Kind: workbook.KindLongText, Text: "New?"})
		}, func(d TemplateDiff) bool {
			return reflect.DeepEqual(d.QuestionsAdded, []QuestionChange{{ID: "new_q", Text: "New?", Part: "problem"}}) && len(d.QuestionsMoved) == 0
		}},
		{"question removed", func(tm *workbook.Template) { tm.Questions.Reflection = tm.Questions.Reflection[1:] },
			func(d TemplateDiff) bool {
				return reflect.DeepEqual(d.QuestionsRemoved, []QuestionChange{{ID: "story", Text: "Tell the story of change.", Part: "reflection"}}) && len(d.QuestionsMoved) == 0
			}},
		{"questions swapped", func(tm *workbook.Template) {
			p := tm.Questions.Plan
			p[0], p[1] = p[1], p[0]
		}, func(d TemplateDiff) bool {
			return len(d.QuestionsMoved) == 1 && d.QuestionsMoved[0].Part == "plan" && d.QuestionsMoved[0].OldPart == "plan"
		}},
		{"question to another part", func(tm *workbook.Template) {
			tm.Questions.Plan = append(tm.Questions.Plan, tm.Questions.Reflection[0])
			tm.Questions.Reflection = tm.Questions.Reflection[1:]
		}, func(d TemplateDiff) bool {
			return reflect.DeepEqual(d.QuestionsMoved, []QuestionChange{{ID: "story", Text: "Tell the story of change.", Part: "plan", OldPart: "reflection"}})
		}},
		{"question reworded and retyped", func(tm *workbook.Template) {
			tm.Questions.Plan[0].Text = "Who sponsors it?"
			tm.Questions.Plan[0].Kind = workbook.KindLongText
			tm.Questions.Plan[0].Required = true
		}, func(d TemplateDiff) bool {
			return reflect.DeepEqual(d.QuestionsReworded, []QuestionChange{{ID: "sponsor", Text: "Who sponsors it?", Part: "plan",
				Detail: "text, kind short_text -> long_text, now required"}})
		}},
		{"prompt reworded", func(tm *workbook.Template) { tm.Prompts.DataPlan.Help = "New help." },
			func(d TemplateDiff) bool { return reflect.DeepEqual(d.PromptsReworded, []string{"data_plan"}) }},
		{"area renamed, added and retagged", func(tm *workbook.Template) {
			tm.Areas[0].Title = "Leaders"
			tm.Areas = append(tm.Areas, workbook.Area{ID: "staffing", Title: "Staffing"})
			tm.Domains[0].Indicators[1].Area = "staffing"
		}, func(d TemplateDiff) bool {
			return reflect.DeepEqual(d.AreasRenamed, []AreaChange{{ID: "leadership", Title: "Leaders", OldTitle: "Leadership"}}) &&
				reflect.DeepEqual(d.AreasAdded, []AreaChange{{ID: "staffing", Title: "Staffing"}}) &&
				reflect.DeepEqual(d.AreaMoved, []IndicatorChange{{ID: "vision-shared-language", Title: "Shared language", Domain: "vision", Area: "staffing", OldArea: "leadership"}})
		}},
		{"domain added and removed", func(tm *workbook.Template) {
			tm.Domains[1].ID, tm.Domains[1].Title = "evidence", "Evidence"
		}, func(d TemplateDiff) bool {
			return reflect.DeepEqual(d.DomainsAdded, []DomainChange{{"evidence", "Evidence"}}) &&
				reflect.DeepEqual(d.DomainsRemoved, []DomainChange{{"data", "Data and evaluation"}}) &&
				len(d.Moved) == 1
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			old := parseGood(t)
			new := cloneTemplate(t, old)
			tc.change(new)
			d := DiffTemplates(old, new)
			if !tc.check(d) || d.Empty() {
				t.Errorf("diff = %+v", d)
			}
		})
	}
}

// TestTemplateDiffString makes every kind of change at once and checks the report.
func TestTemplateDiffString(t *testing.T) {
	old := parseGood(t)
	new := cloneTemplate(t, old)
	new.Version = 3
	new.Scale.Levels = append(new.Scale.Levels, workbook.Level{Label: "Leading", Meaning: "Others learn from us."})
	new.Domains[0].Indicators[0].Title = "A vision centered on students"
	new.Domains[0].Indicators[0].Statement = "Reworded."
	moved := new.Domains[0].Indicators[1]
	new.Domains[0].Indicators = new.Domains[0].Indicators[:1]
	new.Domains[1].ID, new.Domains[1].Title = "evidence", "Evidence of impact"
	new.Domains[1].Indicators = append(new.Domains[1].Indicators, moved,
		workbook.Indicator{ID: "evidence-student-voice", Title: "Student voice in evaluation"})
	new.Domains[1].Indicators = new.Domains[1].Indicators[1:] // retire data-evaluation-plan
	new.Areas = append(new.Areas[:1], workbook.Area{ID: "instruction", Title: "Instruction"})
	new.Domains[1].Indicators[0].Area = "instruction"
	new.Prompts.Aim.Text = "What is our aim, and by when?"
	// A framing question added, a reflection question removed, the plan
	// questions reordered, one reworded.
	new.Questions.Problem = append(new.Questions.Problem, workbook.Question{ID: "families_heard", Kind: workbook.KindLongText, Text: "How did families shape the problem?"})
	new.Questions.Reflection = new.Questions.Reflection[:1]
	p := new.Questions.Plan
	new.Questions.Plan = []workbook.Question{p[3], p[0], p[1], p[2]}
	new.Questions.Plan[1].Text = "Who sponsors the work?"
	golden.RequireEqual(t, DiffTemplates(old, new).String())
}

func TestDiffTemplatesNil(t *testing.T) {
	d := DiffTemplates(nil, parseGood(t))
	if len(d.Added) != 3 || len(d.DomainsAdded) != 2 {
		t.Errorf("diff from nothing = %+v", d)
	}
}
