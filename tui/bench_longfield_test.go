package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

// Keypress → View() with a text field holding 64 Ki characters (the
// store's limit, less room for the typed key), at 100×30: moving past such
// an answer, and typing into it. Measured like BenchmarkScreenKeypress.
//
// Run: go test ./tui -run '^$' -bench BenchmarkLongFieldKeypress -benchtime 40x
// Reported: ms-median and ms-p99.

type longFieldScenario struct {
	name   string
	screen ScreenID
	setup  []string
	cycle  []string
}

var longFieldScenarios = []longFieldScenario{
	{name: "Assess-move", screen: ScreenAssess, cycle: []string{"down", "up"}},
	{name: "Assess-type", screen: ScreenAssess, setup: []string{"e"}, cycle: []string{"a", "backspace"}},
	{name: "Problem-type", screen: ScreenProblem, setup: []string{"tab", "tab", "tab"}, cycle: []string{"a", "backspace"}},
	{name: "Plan-move", screen: ScreenPlan, cycle: []string{"tab", "tab", "tab"}},
	// The logic model: four text areas on one page, each holding 64 Ki.
	{name: "Logic-type", screen: ScreenPlan, setup: []string{"shift+tab", "e", "tab", "tab"}, cycle: []string{"a", "backspace"}},
}

// longFieldStore holds session s1 with 64 Ki characters (less 16) in the
// first evidence, the first problem answer, the aim, the logic model and an
// action step.
func longFieldStore(tb testing.TB) *store.Store {
	tb.Helper()
	st := newTestStore(tb)
	s := newTestSession(tb, st, testTemplate(2, 4))
	long := longText(workbook.MaxFieldChars-16, false)
	s.Rating("d1i1").Evidence = long
	s.SetAnswer("why_matters", workbook.Answer{Text: long})
	s.Plan.Aim = long
	s.Plan.Logic = workbook.LogicModel{Inputs: long, Activities: long, Outputs: long, Outcomes: long}
	s.Plan.Actions = []workbook.ActionStep{{ID: "a1", What: longText(workbook.MaxFieldChars-16, true), Status: workbook.StatusNotStarted}}
	if _, err := st.Update(s); err != nil {
		tb.Fatal(err)
	}
	return st
}

func BenchmarkLongFieldKeypress(b *testing.B) {
	st := longFieldStore(b)
	for _, sc := range longFieldScenarios {
		b.Run(sc.name, func(b *testing.B) {
			m := newTestModel(b, st, 100, 30)
			pump(m, openSession("s1", to(sc.screen)))
			press(m, sc.setup...)
			async := newAsyncCmds()
			keys := make([]tea.KeyPressMsg, len(sc.cycle))
			for i, k := range sc.cycle {
				keys[i] = keyMsg(k)
			}
			var samples []time.Duration
			for i := 0; b.Loop(); i++ {
				async.deliver(m)
				start := time.Now()
				_, cmd := m.Update(keys[i%len(keys)])
				_ = m.View()
				samples = append(samples, time.Since(start))
				async.run(cmd)
			}
			b.StopTimer()
			async.settle(m)
			b.ReportMetric(float64(percentile(samples, 50))/1e6, "ms-median")
			b.ReportMetric(float64(percentile(samples, 99))/1e6, "ms-p99")
		})
	}
}

// TestLongFieldScenariosWork guards the benchmark: each scenario's keys
// reach a field holding the long text (typing changes it, moving redraws).
func TestLongFieldScenariosWork(t *testing.T) {
	for _, sc := range longFieldScenarios {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel() // CPU-bound: the scenarios run side by side
			st := longFieldStore(t)
			m := newTestModel(t, st, 100, 30)
			pump(m, openSession("s1", to(sc.screen)))
			press(m, sc.setup...)
			before := screenText(m)
			press(m, sc.cycle[0])
			if screenText(m) == before {
				t.Fatalf("%s: key %q changes nothing on screen:\n%s", sc.name, sc.cycle[0], before)
			}
			if status := statusOf(m); strings.HasPrefix(status, "! ") {
				t.Fatalf("%s: %s", sc.name, status)
			}
			if strings.HasSuffix(sc.name, "-type") && !fieldHasKeys(m) {
				t.Fatalf("%s: no text field has the keys", sc.name)
			}
		})
	}
}
