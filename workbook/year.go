package workbook

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The year after the meeting: dated values of the data plan's measures,
// improvement cycles on action steps, overdue steps, and re-dating the
// steps carried into a new year. Nothing here reads the clock: "today" is
// always given.

// MeasureValue is one dated value of a data-plan measure, recorded at a
// check-in or on its own.
type MeasureValue struct {
	ID   string `json:"id"`
	Date string `json:"date"` // YYYY-MM-DD
	// Value is a number as the team writes it: "42", "35%", "1,200",
	// "3.5 per week" (ParseMeasureNumber reads it).
	Value string `json:"value"`
	Note  string `json:"note,omitempty"`
	// CheckIn is the id of the check-in it was recorded at ("" on its own).
	CheckIn string `json:"check_in,omitempty"`
}

// Cycle is one plan–do–study–act improvement cycle on an action step.
type Cycle struct {
	ID   string `json:"id"`
	Date string `json:"date,omitempty"` // YYYY-MM-DD: when it started
	// Plan: the change tried, and what the team predicted.
	Change     string `json:"change"`
	Prediction string `json:"prediction"`
	// Do and study: what happened, beside the prediction.
	Happened string `json:"happened,omitempty"`
	// Act: adopt, adapt or abandon the change (one of CycleActs; "" while
	// the cycle runs).
	Act string `json:"act,omitempty"`
	// CheckIn is the id of the check-in it was studied at ("" when none).
	CheckIn string `json:"check_in,omitempty"`
}

// What a team does with a change once a cycle is studied.
const (
	ActAdopt   = "adopt"
	ActAdapt   = "adapt"
	ActAbandon = "abandon"
)

// CycleActs lists the choices at the end of a cycle, in order.
var CycleActs = []string{ActAdopt, ActAdapt, ActAbandon}

// numberRE finds the first number in a measure's text: "22 percent",
// "About 25%", "1,200 logins", "-3.5". Compiled on first use, not at
// start-up.
var numberRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+`)
})

// ParseMeasureNumber reads the first number in a measure's value, baseline
// or target ("22 percent (September)" → 22, "1,200" → 1200); ok is false
// when the text holds none.
func ParseMeasureNumber(s string) (float64, bool) {
	m := numberRE().FindString(s)
	if m == "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(m, ",", ""), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

// CheckMeasureValue says what is wrong with a value typed for a measure
// ("" when it holds a number).
func CheckMeasureValue(s string) string {
	if strings.TrimSpace(s) == "" {
		return "the value is empty; type a number, e.g. 42 or 35%"
	}
	if _, ok := ParseMeasureNumber(s); !ok {
		return fmt.Sprintf("value %q has no number in it; type a number, e.g. 42 or 35%%", CleanLine(s))
	}
	// The run chart draws the first number: a value holding more ("2 of
	// 10", a date such as 2026-02-30, "=1+2") would be drawn as a number the
	// team did not mean, so it is refused rather than silently misread.
	if ns := numberRE().FindAllString(s, 3); len(ns) > 1 {
		return fmt.Sprintf("value %q holds more than one number (%s); type the one number to chart, e.g. 42 or 35%% (the date has its own field)", CleanLine(s), strings.Join(ns, ", "))
	}
	return ""
}

// SortedValues are the row's values by date, oldest first (values of one
// day keep the order they were recorded in).
func (d DataRow) SortedValues() []MeasureValue {
	out := slices.Clone(d.Values)
	slices.SortStableFunc(out, func(a, b MeasureValue) int { return cmp.Compare(a.Date, b.Date) })
	return out
}

// Overdue reports whether the step is overdue on the date today: it has a
// due date before today and is not done. A zero today (no clock) flags
// nothing.
func (a ActionStep) Overdue(today time.Time) bool {
	if today.IsZero() || a.Status == StatusDone || !IsDate(a.Due) {
		return false
	}
	return a.Due < today.Format(time.DateOnly)
}

// OverdueSteps are the session's steps overdue on the date today.
func OverdueSteps(s *Session, today time.Time) []ActionStep {
	var out []ActionStep
	for _, a := range s.Plan.Actions {
		if a.Overdue(today) {
			out = append(out, a)
		}
	}
	return out
}

// SchoolYearStart is the first day of a school year ("2026-27" →
// 2026-07-01); ok is false for a year that does not parse.
func SchoolYearStart(year string) (string, bool) {
	first, err := ParseSchoolYear(year)
	if err != nil {
		return "", false
	}
	return fmt.Sprintf("%04d-07-01", first), true
}

// StaleDates are the open steps carried from last year whose due date is
// before the session's school year began: the dates the team still has to
// move.
func StaleDates(s *Session) []ActionStep {
	start, ok := SchoolYearStart(s.SchoolYear)
	if !ok {
		return nil
	}
	var out []ActionStep
	for _, a := range s.Plan.Actions {
		if a.CarriedFrom != "" && a.Status != StatusDone && IsDate(a.Due) && a.Due < start {
			out = append(out, a)
		}
	}
	return out
}

// NextYearDate is the same day a year later ("2026-02-29" → "2027-02-28").
func NextYearDate(date string) (string, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(date))
	if err != nil {
		return "", fmt.Errorf("date %q is not a calendar date; write it as YYYY-MM-DD", CleanLine(date))
	}
	next := t.AddDate(1, 0, 0)
	if next.Day() != t.Day() { // 29 February
		next = next.AddDate(0, 0, -next.Day())
	}
	return next.Format(time.DateOnly), nil
}

// Redate sets the due dates of action steps, by step id. Every date must be
// a calendar date ("" clears a step's date); an unknown step id is an error
// and nothing is changed.
func Redate(s *Session, dates map[string]string) error {
	for _, id := range slices.Sorted(maps.Keys(dates)) {
		d := strings.TrimSpace(dates[id])
		if d != "" && !IsDate(d) {
			return fmt.Errorf("date %q is not a calendar date; write it as YYYY-MM-DD, e.g. 2027-01-15", CleanLine(d))
		}
		if !slices.ContainsFunc(s.Plan.Actions, func(a ActionStep) bool { return a.ID == id }) {
			return fmt.Errorf("the plan has no action step %q; pick one of the steps listed", CleanLine(id))
		}
	}
	for i := range s.Plan.Actions {
		if d, ok := dates[s.Plan.Actions[i].ID]; ok {
			s.Plan.Actions[i].Due = strings.TrimSpace(d)
		}
	}
	return nil
}

// checkYear checks the values and cycles of a session (part of
// ValidateSession): dates are calendar dates, values hold a number, a
// cycle's act is one of CycleActs, and ids are unique. A check-in they name
// may be gone (the app unlinks them when a check-in is deleted; a merged or
// imported file may not have): they are then shown with their own date.
func checkYear(s *Session) error {
	link := func(at, id string) error {
		if CleanLine(id) != id || len(id) > 64 {
			return fmt.Errorf("%s.check_in %q is not a plain id", at, id)
		}
		return nil
	}
	for i, d := range s.Plan.DataPlan {
		row := fmt.Sprintf("session.plan.data_plan[%d]", i)
		if err := uniqueIDs(row+".values", len(d.Values), func(j int) string { return d.Values[j].ID }); err != nil {
			return err
		}
		for j, v := range d.Values {
			at := fmt.Sprintf("%s.values[%d]", row, j)
			if !IsDate(v.Date) {
				return fmt.Errorf("%s.date %q is not a calendar date (YYYY-MM-DD)", at, v.Date)
			}
			if msg := CheckMeasureValue(v.Value); msg != "" {
				return fmt.Errorf("%s: %s", at, msg)
			}
			if err := link(at, v.CheckIn); err != nil {
				return err
			}
		}
	}
	for i, a := range s.Plan.Actions {
		step := fmt.Sprintf("session.plan.actions[%d]", i)
		if err := uniqueIDs(step+".cycles", len(a.Cycles), func(j int) string { return a.Cycles[j].ID }); err != nil {
			return err
		}
		for j, c := range a.Cycles {
			at := fmt.Sprintf("%s.cycles[%d]", step, j)
			if c.Date != "" && !IsDate(c.Date) {
				return fmt.Errorf("%s.date %q is not a calendar date (YYYY-MM-DD)", at, c.Date)
			}
			if c.Act != "" && !slices.Contains(CycleActs, c.Act) {
				return fmt.Errorf("%s.act is %q, not one of %s", at, c.Act, strings.Join(CycleActs, ", "))
			}
			if err := link(at, c.CheckIn); err != nil {
				return err
			}
		}
	}
	return nil
}

// MeasureSeries is one measure of the data plan laid out for a run chart:
// its dated values in order against its baseline and target. Text fields
// are cleaned (BuildReport).
type MeasureSeries struct {
	ID, Measure      string
	Baseline, Target string // as the team wrote them
	// The numbers read from the baseline and target (ParseMeasureNumber).
	BaselineValue, TargetValue float64
	HasBaseline, HasTarget     bool
	Points                     []MeasurePoint // by date, oldest first
	// Low and High span every number of the series (values, baseline,
	// target): the range a chart draws.
	Low, High float64
	// Reached: the latest value is at or past the target, in the direction
	// from the baseline to the target.
	Reached bool
	// Summary says what the chart shows, in one sentence.
	Summary string
}

// MeasurePoint is one dated value of a series.
type MeasurePoint struct {
	Date, Value, Note string
	CheckIn           string // the date of the check-in it was recorded at ("" when none)
	Number            float64
}

// NewMeasureSeries lays out row (already cleaned) for a chart;
// checkInDate gives each check-in's date by id.
func NewMeasureSeries(row DataRow, checkInDate map[string]string) MeasureSeries {
	m := MeasureSeries{ID: row.ID, Measure: row.Measure, Baseline: row.Baseline, Target: row.Target}
	m.BaselineValue, m.HasBaseline = ParseMeasureNumber(row.Baseline)
	m.TargetValue, m.HasTarget = ParseMeasureNumber(row.Target)
	var nums []float64
	for _, v := range row.SortedValues() {
		n, ok := ParseMeasureNumber(v.Value)
		if !ok {
			continue // validation keeps these out; a chart never guesses
		}
		m.Points = append(m.Points, MeasurePoint{Date: v.Date, Value: v.Value, Note: v.Note, CheckIn: checkInDate[v.CheckIn], Number: n})
		nums = append(nums, n)
	}
	if m.HasBaseline {
		nums = append(nums, m.BaselineValue)
	}
	if m.HasTarget {
		nums = append(nums, m.TargetValue)
	}
	if len(nums) > 0 {
		m.Low, m.High = slices.Min(nums), slices.Max(nums)
	}
	ref := func() string {
		var parts []string
		if m.Baseline != "" {
			parts = append(parts, "baseline "+Shorten(CleanLine(m.Baseline), 40))
		}
		if m.Target != "" {
			parts = append(parts, "target "+Shorten(CleanLine(m.Target), 40))
		}
		return strings.Join(parts, ", ")
	}
	if len(m.Points) == 0 {
		m.Summary = "No dated values yet"
		if r := ref(); r != "" {
			m.Summary += "; " + r
		}
		m.Summary += "."
		return m
	}
	first, last := m.Points[0], m.Points[len(m.Points)-1]
	if m.HasTarget {
		if m.HasBaseline && m.TargetValue < m.BaselineValue {
			m.Reached = last.Number <= m.TargetValue
		} else {
			m.Reached = last.Number >= m.TargetValue
		}
	}
	if len(m.Points) == 1 {
		m.Summary = fmt.Sprintf("1 value: %s on %s", last.Value, last.Date)
	} else {
		vals := valuesOf(m.Points)
		if len(vals) > 8 {
			vals = append(append(vals[:3:3], "…"), vals[len(vals)-2:]...)
		}
		m.Summary = fmt.Sprintf("%d values from %s to %s: %s", len(m.Points), first.Date, last.Date, strings.Join(vals, ", "))
	}
	if r := ref(); r != "" {
		m.Summary += "; " + r
	}
	if m.Reached {
		m.Summary += "; target reached"
	}
	m.Summary += "."
	return m
}

func valuesOf(ps []MeasurePoint) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Value
	}
	return out
}

// DeleteCheckIn removes a check-in and unlinks the values and cycles that
// were recorded at it (they keep their own dates).
func DeleteCheckIn(s *Session, id string) {
	s.CheckIns = slices.DeleteFunc(s.CheckIns, func(c CheckIn) bool { return c.ID == id })
	for i := range s.Plan.DataPlan {
		for j := range s.Plan.DataPlan[i].Values {
			if v := &s.Plan.DataPlan[i].Values[j]; v.CheckIn == id {
				v.CheckIn = ""
			}
		}
	}
	for i := range s.Plan.Actions {
		for j := range s.Plan.Actions[i].Cycles {
			if c := &s.Plan.Actions[i].Cycles[j]; c.CheckIn == id {
				c.CheckIn = ""
			}
		}
	}
}

// LatestValue is the row's most recent value ("" when it has none).
func (d DataRow) LatestValue() (MeasureValue, bool) {
	vs := d.SortedValues()
	if len(vs) == 0 {
		return MeasureValue{}, false
	}
	return vs[len(vs)-1], true
}

// RedateSpecs reads re-dating asked for as STEP=DATE, against the steps
// still on last year's dates (stale, in the order they are listed): STEP
// is a step's number in that list, its id (or last year's id, which it was
// carried from), or "all"; DATE is YYYY-MM-DD,
// or "+1y" for a year after its old date. A step named on its own keeps
// its date, whatever the order; "all" dates the rest. A step named twice,
// or "all" given twice, is refused. It returns the new date of each step by
// id.
func RedateSpecs(stale []ActionStep, specs []string) (map[string]string, error) {
	out := map[string]string{}
	named := map[string]string{} // step id (or "all") -> the spec that dates it
	all := map[string]string{}   // the dates "all" gives, applied last
	for _, spec := range specs {
		which, date, ok := strings.Cut(spec, "=")
		which, date = strings.TrimSpace(which), strings.TrimSpace(date)
		if !ok || which == "" || date == "" {
			return nil, fmt.Errorf("re-date %q should be STEP=DATE, e.g. 1=2027-01-15 or all=+1y", CleanLine(spec))
		}
		var steps []ActionStep
		switch n, err := strconv.Atoi(which); {
		case which == "all":
			steps = stale
		case err == nil:
			if n < 1 || n > len(stale) {
				return nil, fmt.Errorf("re-date %q: there is no step %d; the steps on last year's dates are numbered 1 to %d", CleanLine(spec), n, len(stale))
			}
			steps = stale[n-1 : n]
		default:
			i := slices.IndexFunc(stale, func(a ActionStep) bool { return a.ID == which || a.CarriedFrom == which })
			if i < 0 {
				return nil, fmt.Errorf("re-date %q: no step on last year's dates has the number or id %q", CleanLine(spec), CleanLine(which))
			}
			steps = stale[i : i+1]
		}
		key := which
		if which != "all" {
			key = steps[0].ID
		}
		if first, ok := named[key]; ok {
			return nil, fmt.Errorf("re-date %q and %q date the same step twice; give each step one date", CleanLine(first), CleanLine(spec))
		}
		named[key] = spec
		for _, a := range steps {
			d := date
			if date == "+1y" {
				var err error
				if d, err = NextYearDate(a.Due); err != nil {
					return nil, err
				}
			} else if !IsDate(d) {
				return nil, fmt.Errorf("re-date %q: date %q is not a calendar date; write it as YYYY-MM-DD or +1y", CleanLine(spec), CleanLine(d))
			}
			if which == "all" {
				all[a.ID] = d
			} else {
				out[a.ID] = d
			}
		}
	}
	for id, d := range all {
		if _, ok := out[id]; !ok {
			out[id] = d
		}
	}
	return out, nil
}
