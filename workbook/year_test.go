package workbook_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
)

func TestParseMeasureNumber(t *testing.T) {
	for in, want := range map[string]float64{
		"42": 42, "35%": 35, "1,200 logins": 1200, "22 percent (September 2025 spot check)": 22,
		"About 25 percent": 25, "-3.5": -3.5, ".5 per week": .5, "from 3 to 5": 3,
	} {
		if got, ok := workbook.ParseMeasureNumber(in); !ok || got != want {
			t.Errorf("ParseMeasureNumber(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "most of them", "n/a", "—"} {
		if _, ok := workbook.ParseMeasureNumber(in); ok {
			t.Errorf("ParseMeasureNumber(%q) found a number", in)
		}
		if workbook.CheckMeasureValue(in) == "" {
			t.Errorf("CheckMeasureValue(%q) accepted it", in)
		}
	}
}

// TestOverdue: a step is overdue when its due date is before today and it
// is not done; a step due today, a done one, one without a date and any
// step judged without a date (no clock) are not.
func TestOverdue(t *testing.T) {
	today := time.Date(2026, 3, 2, 23, 30, 0, 0, time.UTC)
	for _, c := range []struct {
		step workbook.ActionStep
		want bool
	}{
		{workbook.ActionStep{Due: "2026-03-01", Status: workbook.StatusInProgress}, true},
		{workbook.ActionStep{Due: "2026-03-01", Status: ""}, true},
		{workbook.ActionStep{Due: "2026-03-01", Status: workbook.StatusStuck}, true},
		{workbook.ActionStep{Due: "2026-03-02", Status: workbook.StatusNotStarted}, false},
		{workbook.ActionStep{Due: "2026-01-01", Status: workbook.StatusDone}, false},
		{workbook.ActionStep{Due: "", Status: workbook.StatusNotStarted}, false},
		{workbook.ActionStep{Due: "soon", Status: workbook.StatusNotStarted}, false},
	} {
		if got := c.step.Overdue(today); got != c.want {
			t.Errorf("%+v overdue = %v, want %v", c.step, got, c.want)
		}
		if c.step.Overdue(time.Time{}) {
			t.Errorf("%+v is overdue without a date to judge by", c.step)
		}
	}
	demo := testfixture.Demo(t)
	if got := workbook.OverdueSteps(demo, today); len(got) != 1 || got[0].ID != "a3" {
		t.Errorf("overdue demo steps = %+v, want a3 only", got)
	}
	v := workbook.BuildReportAt(demo, today)
	if v.AsOf != "2026-03-02" || v.Overdue != 1 || !v.Plan.Actions[2].Overdue || v.Plan.Actions[2].Flags != "overdue" {
		t.Errorf("report as of %q: %d overdue, step 3 %+v", v.AsOf, v.Overdue, v.Plan.Actions[2])
	}
	if v := workbook.BuildReport(demo); v.AsOf != "" || v.Overdue != 0 {
		t.Errorf("a report without a date flags %d overdue", v.Overdue)
	}
}

// TestValidateValuesAndCycles: dated values need a calendar date and a
// number, cycles a known act; ids are unique; each problem names its key.
func TestValidateValuesAndCycles(t *testing.T) {
	for _, c := range []struct {
		name, want string
		change     func(s *workbook.Session)
	}{
		{"value date", `data_plan[0].values[0].date "2026-02-30"`, func(s *workbook.Session) { s.Plan.DataPlan[0].Values[0].Date = "2026-02-30" }},
		{"value number", `data_plan[1].values[2]: value "most" has no number`, func(s *workbook.Session) { s.Plan.DataPlan[1].Values[2].Value = "most" }},
		{"value id", `data_plan[0].values[1] has a missing or repeated id "v1"`, func(s *workbook.Session) { s.Plan.DataPlan[0].Values[1].ID = "v1" }},
		{"cycle act", `actions[1].cycles[0].act is "keep"`, func(s *workbook.Session) { s.Plan.Actions[1].Cycles[0].Act = "keep" }},
		{"cycle date", `actions[2].cycles[0].date "Feb"`, func(s *workbook.Session) { s.Plan.Actions[2].Cycles[0].Date = "Feb" }},
		{"cycle id", `actions[1].cycles[1] has a missing or repeated id ""`, func(s *workbook.Session) {
			s.Plan.Actions[1].Cycles = append(s.Plan.Actions[1].Cycles, workbook.Cycle{Change: "again"})
		}},
	} {
		s := testfixture.Demo(t)
		c.change(s)
		err := workbook.ValidateSession(s)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
	// A check-in that was deleted leaves its values and cycles readable.
	s := testfixture.Demo(t)
	s.CheckIns = s.CheckIns[:1]
	if err := workbook.ValidateSession(s); err != nil {
		t.Errorf("values of a deleted check-in: %v", err)
	}
}

// TestValuesAndCyclesRoundTrip: the exchange file keeps every value, cycle
// and check-in note; a file of format 2 (before them) still imports; an
// older build's reader is told the file is newer rather than that a key is
// unknown.
func TestValuesAndCyclesRoundTrip(t *testing.T) {
	demo := testfixture.Demo(t)
	out, err := workbook.MarshalSession(demo)
	if err != nil {
		t.Fatal(err)
	}
	back, err := workbook.ImportSession(out)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(back.Plan.DataPlan, demo.Plan.DataPlan, func(a, b workbook.DataRow) bool { return slices.Equal(a.Values, b.Values) }) ||
		len(back.Plan.Actions[1].Cycles) != 1 || back.Plan.Actions[1].Cycles[0] != demo.Plan.Actions[1].Cycles[0] ||
		back.CheckIns[1].Notes == "" {
		t.Fatal("values, cycles or check-in notes were lost on the way through the file")
	}

	old := testfixture.Demo(t)
	for i := range old.Plan.DataPlan {
		old.Plan.DataPlan[i].Values = nil
	}
	for i := range old.Plan.Actions {
		old.Plan.Actions[i].Cycles = nil
	}
	old.CheckIns[1].Notes = ""
	file, _ := workbook.MarshalSession(old)
	var m map[string]any
	if err := json.Unmarshal(file, &m); err != nil {
		t.Fatal(err)
	}
	m["version"] = 2
	v2, _ := json.Marshal(m)
	if strings.Contains(string(v2), `"values"`) || strings.Contains(string(v2), `"cycles"`) {
		t.Fatal("the format-2 file has the new keys")
	}
	if _, err := workbook.ImportSession(v2); err != nil {
		t.Errorf("a format-2 file no longer imports: %v", err)
	}
}

// TestCarryMeasuresCyclesAndDates: next year's session keeps the measures
// without last year's values, the open steps with their cycles (no longer
// tied to last year's check-ins) and their old due dates, which StaleDates
// lists and Redate moves.
func TestCarryMeasuresCyclesAndDates(t *testing.T) {
	demo := testfixture.Demo(t)
	res, err := workbook.CarryForward(demo, "2026-27", nil)
	if err != nil {
		t.Fatal(err)
	}
	s := res.Session
	if res.ValuesLeft != 6 || len(s.Plan.DataPlan) != 2 || len(s.Plan.DataPlan[0].Values) != 0 || s.Plan.DataPlan[0].Measure != demo.Plan.DataPlan[0].Measure {
		t.Errorf("data plan %+v, %d values left", s.Plan.DataPlan, res.ValuesLeft)
	}
	if len(demo.Plan.DataPlan[0].Values) != 3 {
		t.Error("carrying changed last year's values")
	}
	var withCycle *workbook.ActionStep
	for i, a := range s.Plan.Actions {
		if a.CarriedFrom == "a2" {
			withCycle = &s.Plan.Actions[i]
		}
	}
	if withCycle == nil || len(withCycle.Cycles) != 1 || withCycle.Cycles[0].CheckIn != "" || withCycle.Cycles[0].Act != workbook.ActAdopt {
		t.Errorf("the carried step's cycles: %+v", withCycle)
	}
	if demo.Plan.Actions[1].Cycles[0].CheckIn != "c2" {
		t.Error("carrying changed last year's cycle")
	}
	stale := workbook.StaleDates(s)
	if len(stale) != 3 {
		t.Fatalf("stale dates = %+v, want the three open steps", stale)
	}
	dates := map[string]string{}
	for _, a := range stale {
		next, err := workbook.NextYearDate(a.Due)
		if err != nil {
			t.Fatal(err)
		}
		dates[a.ID] = next
	}
	if err := workbook.Redate(s, dates); err != nil {
		t.Fatal(err)
	}
	if got := workbook.StaleDates(s); len(got) != 0 {
		t.Errorf("still stale after re-dating: %+v", got)
	}
	if err := workbook.ValidateSession(withNewID(s)); err != nil {
		t.Errorf("the carried session is not consistent: %v", err)
	}
	if err := workbook.Redate(s, map[string]string{stale[0].ID: "2027-02-30"}); err == nil || !strings.Contains(err.Error(), "not a calendar date") {
		t.Errorf("a bad date: %v", err)
	}
	if err := workbook.Redate(s, map[string]string{"nope": "2027-01-01"}); err == nil || !strings.Contains(err.Error(), "no action step") {
		t.Errorf("an unknown step: %v", err)
	}
	if d, _ := workbook.NextYearDate("2028-02-29"); d != "2029-02-28" {
		t.Errorf("a year after 29 February = %s", d)
	}
	if _, err := workbook.NextYearDate("someday"); err == nil {
		t.Error("NextYearDate accepted someday")
	}
}

func withNewID(s *workbook.Session) *workbook.Session {
	c := s.Clone()
	c.ID = "next"
	return c
}

// TestMergeValuesAndCycles: a coach's file (with its base) that adds a
// dated value, studies a cycle and notes a check-in has each taken, value
// by value and cycle by cycle, and named in words; the team's own new value
// is kept beside the coach's.
func TestMergeValuesAndCycles(t *testing.T) {
	team := testfixture.Demo(t)
	sent := team.Clone()
	f := coachFile(t, sent, true, func(c *workbook.Session) {
		c.Plan.DataPlan[0].Values = append(c.Plan.DataPlan[0].Values, workbook.MeasureValue{ID: "vx", Date: "2026-05-01", Value: "99%"})
		c.Plan.Actions[2].Cycles[0].Act = workbook.ActAbandon
		c.CheckIns[0].Notes = "a coach's note"
	})
	team.Plan.DataPlan[0].Values = append(team.Plan.DataPlan[0].Values, workbook.MeasureValue{ID: "vt", Date: "2026-04-01", Value: "97%"})
	res, err := workbook.Merge(team, f, time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	vals := res.Session.Plan.DataPlan[0].Values
	if len(vals) != 5 || res.Session.Plan.Actions[2].Cycles[0].Act != workbook.ActAbandon || res.Session.CheckIns[0].Notes != "a coach's note" {
		t.Fatalf("merged: %d values, act %q, notes %q", len(vals), res.Session.Plan.Actions[2].Cycles[0].Act, res.Session.CheckIns[0].Notes)
	}
	report := strings.Join(res.Report(), "\n")
	for _, want := range []string{"improvement cycle of 2026-02-17: act", "value of 2026-05-01", "check-in of 2025-11-18: notes"} {
		if !strings.Contains(report, want) {
			t.Errorf("the merge report lacks %q:\n%s", want, report)
		}
	}
	if err := workbook.ValidateSession(res.Session); err != nil {
		t.Errorf("merged session: %v", err)
	}
}

// TestProgressCountsValues: the reflection part counts dated values of the
// measures as one answer.
func TestProgressCountsValues(t *testing.T) {
	s := testfixture.Demo(t)
	part := func() workbook.PartProgress { return workbook.ComputeProgress(s).Parts[4] }
	if p := part(); p.Done != p.Total {
		t.Fatalf("demo reflection %d of %d", p.Done, p.Total)
	}
	for i := range s.Plan.DataPlan {
		s.Plan.DataPlan[i].Values = nil
	}
	if p := part(); p.Done != p.Total-1 {
		t.Errorf("without values: %d of %d", p.Done, p.Total)
	}
}

// TestLongValueNoteIsNamed: a value's note over the limit is named the way
// the workbook shows it.
func TestLongValueNoteIsNamed(t *testing.T) {
	s := testfixture.Demo(t)
	s.Plan.DataPlan[1].Values[0].Note = strings.Repeat("x", workbook.MaxFieldChars+1)
	err := workbook.CheckLimits(s)
	if !errors.Is(err, workbook.ErrTooLarge) || !strings.Contains(err.Error(), "the note of value 1 of data plan row 2") {
		t.Errorf("limit error = %v", err)
	}
	s = testfixture.Demo(t)
	s.Plan.Actions[1].Cycles[0].Happened = strings.Repeat("x", workbook.MaxFieldChars+1)
	if err := workbook.CheckLimits(s); err == nil || !strings.Contains(err.Error(), "the happened of improvement cycle 1 of action step 2") {
		t.Errorf("limit error = %v", err)
	}
}

// TestMeasureSeries: the series of a measure is its values by date with the
// numbers read from them, its baseline and target, the span a chart draws
// and a sentence saying what it shows.
func TestMeasureSeries(t *testing.T) {
	row := workbook.DataRow{ID: "d", Measure: "Logins", Baseline: "20 a week", Target: "50",
		Values: []workbook.MeasureValue{{ID: "2", Date: "2026-02-01", Value: "35"}, {ID: "1", Date: "2026-01-01", Value: "25"}, {ID: "3", Date: "2026-03-01", Value: "55", CheckIn: "c"}}}
	m := workbook.NewMeasureSeries(row, map[string]string{"c": "2026-03-01"})
	if len(m.Points) != 3 || m.Points[0].Number != 25 || m.Points[2].CheckIn != "2026-03-01" || m.Low != 20 || m.High != 55 || !m.Reached {
		t.Errorf("series = %+v", m)
	}
	if want := "3 values from 2026-01-01 to 2026-03-01: 25, 35, 55; baseline 20 a week, target 50; target reached."; m.Summary != want {
		t.Errorf("summary = %q\nwant      %q", m.Summary, want)
	}
	down := workbook.NewMeasureSeries(workbook.DataRow{Baseline: "30 days", Target: "7 days",
		Values: []workbook.MeasureValue{{Date: "2026-01-01", Value: "12"}}}, nil)
	if down.Reached || down.Summary != "1 value: 12 on 2026-01-01; baseline 30 days, target 7 days." {
		t.Errorf("a falling target: %+v", down)
	}
	if none := workbook.NewMeasureSeries(workbook.DataRow{Target: "x"}, nil); none.Summary != "No dated values yet; target x." {
		t.Errorf("no values: %q", none.Summary)
	}
}
