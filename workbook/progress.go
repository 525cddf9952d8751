package workbook

import (
	"strconv"
	"strings"
)

// Part names, in workbook order.
const (
	PartNameSetup      = "Set up"
	PartNameAssessment = "Self-assessment"
	PartNameProblem    = "Problem of practice"
	PartNamePlan       = "Plan"
	PartNameReflection = "Progress and reflection"
)

// PartProgress is how far one part of the workbook is filled in.
type PartProgress struct {
	Name  string
	Done  int // answers given
	Total int // answers expected
}

// Percent is Done/Total as a whole percentage.
func (p PartProgress) Percent() int {
	if p.Total == 0 {
		return 100
	}
	return p.Done * 100 / p.Total
}

// Progress is the session's progress, part by part and overall.
type Progress struct {
	Parts []PartProgress
	// Overall is the percent of the answers the workbook's parts expect
	// (set-up aside: every session has it from the start). It is 0 only when
	// nothing is answered yet (NotStarted) and at least 1 once anything is.
	Overall int
}

// NotStarted reports whether nothing beyond the set-up is answered yet.
func (p Progress) NotStarted() bool { return p.Overall == 0 }

// NotStartedText is how a session with nothing answered beyond its set-up
// is described instead of a percentage.
const NotStartedText = "not started"

// OverallText is the overall progress for people: "42%" or "not started".
func (p Progress) OverallText() string { return ProgressText(p.Overall) }

// ProgressText writes an overall percentage (Progress.Overall,
// Summary.Progress) for people: "42%", or "not started" for 0.
func ProgressText(percent int) string {
	if percent <= 0 {
		return NotStartedText
	}
	return strconv.Itoa(percent) + "%"
}

func filled(ss ...string) (n int) {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			n++
		}
	}
	return n
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ComputeProgress counts the answers given in each part. The self-assessment
// counts one answer per indicator: its consensus rating. The problem of
// practice, plan and reflection count their structured parts (focus, phase
// and the problem; aim, its date, the logic model, action steps and the data
// plan; check-ins, dated values of the measures, the decision, its reason
// and conditions) and every question the template asks there, required or
// optional.
func ComputeProgress(s *Session) Progress {
	setup := PartProgress{Name: PartNameSetup, Total: 4,
		Done: filled(s.Team, s.District, s.SchoolYear) + boolInt(len(s.Roster) > 0)}

	assess := PartProgress{Name: PartNameAssessment}
	for _, in := range s.Template.Indicators() {
		assess.Total++
		if r := s.Ratings[in.ID]; r != nil && r.Consensus != Unrated {
			assess.Done++
		}
	}

	p := s.Problem
	problem := PartProgress{Name: PartNameProblem, Total: 3,
		Done: filled(p.Phase, p.Question) + boolInt(len(p.FocusIndicators) > 0)}

	pl := s.Plan
	plan := PartProgress{Name: PartNamePlan, Total: 8,
		Done: filled(pl.Aim, pl.AimDate, pl.Logic.Inputs, pl.Logic.Activities, pl.Logic.Outputs, pl.Logic.Outcomes) +
			boolInt(len(pl.Actions) > 0) + boolInt(len(pl.DataPlan) > 0)}

	r := s.Reflection
	reflect := PartProgress{Name: PartNameReflection, Total: 5,
		Done: boolInt(len(s.CheckIns) > 0) + boolInt(hasValues(s)) + filled(r.Decision, r.DecisionReason) + boolInt(len(r.Conditions) > 0)}

	// Every question of the template counts, required or not.
	for _, part := range []struct {
		p  *PartProgress
		qs []Question
	}{{&problem, s.Template.Questions.Problem}, {&plan, s.Template.Questions.Plan}, {&reflect, s.Template.Questions.Reflection}} {
		for _, q := range part.qs {
			part.p.Total++
			part.p.Done += boolInt(!s.Answers[q.ID].Empty())
		}
	}

	out := Progress{Parts: []PartProgress{setup, assess, problem, plan, reflect}}
	var done, total int
	for _, part := range out.Parts[1:] { // the set-up is filled in when a session is made
		done += part.Done
		total += part.Total
	}
	if total > 0 && (done > 0 || assessmentBegun(s)) {
		out.Overall = max(done*100/total, 1)
	}
	return out
}

// hasValues reports whether any measure of the data plan has a dated value.
func hasValues(s *Session) bool {
	for _, d := range s.Plan.DataPlan {
		if len(d.Values) > 0 {
			return true
		}
	}
	return false
}

// assessmentBegun reports whether anything of the self-assessment is
// recorded (a member's rating, evidence, an equity answer, a priority), even
// before the first consensus.
func assessmentBegun(s *Session) bool {
	for _, r := range s.Ratings {
		if r != nil && (len(r.Members) > 0 || r.Consensus != Unrated || r.Evidence != "" || r.Equity != "" || r.Priority) {
			return true
		}
	}
	return false
}
