package store

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/templatefile"
)

// TestWriteSchema2Fixture writes testdata/schema2 with this commit's code
// (the last release of schema 2 and exchange format 1): workbook.db holds the
// demo session, a session with every framing and reflection field filled,
// a session carried forward from it on a stored template, and that stored
// template; sessions/*.json are the same sessions as `export --format json`
// wrote them (exchange format 1), for the import and migration tests of the
// next schema. Run once with WRITE_SCHEMA2_FIXTURE=1; the code that follows
// this commit cannot write either shape any more.
func TestWriteSchema2Fixture(t *testing.T) {
	if os.Getenv("WRITE_SCHEMA2_FIXTURE") == "" {
		t.Skip("writes testdata/schema2; set WRITE_SCHEMA2_FIXTURE=1")
	}
	dir := filepath.Join("testdata", "schema2")
	if err := os.MkdirAll(filepath.Join(dir, "sessions"), 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "workbook.db")
	_ = os.Remove(path)
	st, err := Open(path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)
	st.SetClock(func() time.Time { return clock })

	demo, err := templatefile.DemoSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Put(demo); err != nil {
		t.Fatal(err)
	}

	// Every framing and reflection field, each text distinct, some over
	// several lines, with accents, emoji and Persian (which needs the
	// zero-width non-joiner).
	full := &workbook.Session{
		ID: "every-field-0001", Team: "Riverside Édtech team", District: "Riverside Regional",
		SchoolYear: "2025-26", Template: demo.Template,
		Roster:  []workbook.Member{{ID: "r1", Name: "Ana Lima", Role: "Teacher"}, {ID: "r2", Name: "Ben Cho", Role: "Technology staff"}},
		Created: time.Date(2025, 9, 1, 8, 0, 0, 0, time.UTC),
		Ratings: map[string]*workbook.IndicatorRating{
			"vision-student-centered": {Members: map[string]workbook.Rating{"r1": 2, "r2": 3}, Consensus: 2, Evidence: "Evidence typed by Riverside.", Priority: true},
			"voice-families":          {Members: map[string]workbook.Rating{"r1": workbook.NotSure}, Consensus: 1},
		},
		Problem: workbook.ProblemOfPractice{
			FocusIndicators: []string{"voice-families", "vision-student-centered"},
			Phase:           workbook.PhaseSelection,
			WhyMatters:      "Why it matters: families hear about new tools last.\nSecond line of why.",
			WhoAffected:     "Who is affected: families who speak Portuguese 🌎.",
			Improvement:     "Improvement: every family letter in three languages.",
			Question:        "How might we ask families before we choose a tool?",
			WhyChosen:       "Why chosen: the lowest rating in our voice domain.",
			Evidence:        "Evidence: 3 of 40 family surveys came back.",
			StudentGroups:   []string{"English learners", "Families of English learners"},
			Stakeholders:    "Stakeholders: family liaisons, the PTO, school leaders.",
			WithinControl:   "Within control: our survey and our meeting times. می‌خواهیم",
		},
		Plan: workbook.Plan{
			Aim: "Aim: half of families answer the spring survey.", AimDate: "2026-05-29",
			Logic: workbook.LogicModel{Inputs: "Inputs typed.", Activities: "Activities typed.", Outputs: "Outputs typed.", Outcomes: "Outcomes typed."},
			Actions: []workbook.ActionStep{
				{ID: "a1", What: "Translate the survey", Owner: "r1", Due: "2026-01-15", Status: workbook.StatusDone, Measure: "Three languages posted"},
				{ID: "a2", What: "Hold two family evenings", Owner: "r2", Due: "2026-03-01", Status: workbook.StatusInProgress, Measure: "Attendance by language"},
			},
			DataPlan: []workbook.DataRow{{ID: "d1", Measure: "Survey answers", Source: "Survey tool", Baseline: "8%", Target: "50%", Cadence: "Each term"}},
		},
		CheckIns: []workbook.CheckIn{{ID: "c1", Date: "2026-02-01", Did: "Did: translated.", Learned: "Learned: phones beat paper.", Next: "Next: text message links."}},
		Reflection: workbook.Reflection{
			Decision: workbook.DecisionScale, DecisionReason: "Reason: answers rose to 46 percent.",
			Conditions: []workbook.ConditionNote{{Condition: "visioning", Effect: workbook.EffectHelped, Note: "Condition note typed."}},
			Moves:      "Moves: we met families where they were (transparency).\nAnd a second line.",
			Story:      "Story: from 8 to 46 percent in one year.",
		},
		Comments: []workbook.Comment{{ID: "k1", Part: workbook.PartProblem, Author: "Coach Rosa", Text: "A coach's comment.", Created: time.Date(2026, 2, 2, 10, 0, 0, 0, time.UTC)}},
	}
	if err := st.Put(full); err != nil {
		t.Fatal(err)
	}

	// A stored template: the built-in one under another id, with reworded
	// framing and reflection prompts.
	variant := demo.Template.Clone()
	variant.ID, variant.Version, variant.Title = "district-variant", 3, "Riverside's variant"
	for i := range variant.Prompts.Framing {
		variant.Prompts.Framing[i].Text = "Riverside asks: " + variant.Prompts.Framing[i].Text
	}
	for i := range variant.Prompts.Reflection {
		variant.Prompts.Reflection[i].Help = "Riverside's help for " + variant.Prompts.Reflection[i].ID
	}
	if err := st.PutTemplate(variant, false); err != nil {
		t.Fatal(err)
	}
	res, err := workbook.CarryForward(full, "2026-27", variant)
	if err != nil {
		t.Fatal(err)
	}
	res.Session.ID = "carried-0001"
	res.Session.Reflection.Story = "Story of the carried year, so far."
	res.Session.Ratings["voice-families"] = &workbook.IndicatorRating{Consensus: 2, Evidence: "Carried-year evidence."}
	carried, err := st.Create(res.Session)
	if err != nil {
		t.Fatal(err)
	}

	for name, id := range map[string]string{"demo": demo.ID, "every-field": full.ID, "carried": carried.ID} {
		s, err := st.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		b, err := workbook.MarshalSession(s)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "sessions", name+".json"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if rep, err := Doctor(path); err != nil || !rep.OK() || rep.Schema != 2 {
		t.Fatalf("the fixture: %+v, %v", rep, err)
	}
}
