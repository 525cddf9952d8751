package tui

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook/store"
	"edtech-workbook/workbook/templatefile"
)

// Keypress → View() on every screen, with the built-in template and the demo
// session, at 100×30. One sample is what the event loop does for one key:
// the root's Update plus the full frame's View. Cmds the key returns (saves,
// huh's focus changes, cursor blinks) run in goroutines and their messages
// are fed back between samples, as Bubble Tea does; that work is not timed,
// because it does not delay the frame.
//
// Run: go test ./tui -run '^$' -bench BenchmarkScreenKeypress
// Reported: ms-median and ms-p99 per screen (targets 1 ms and 4 ms).
//
// WORKBOOK_BENCH_DB names a workbook file (e.g. one filled by scripts/seed)
// whose sessions the Home screen lists; it is copied first, never changed.
// Without it Home lists the demo plus 99 copies.

// benchScenario is one screen and the keys that exercise it.
type benchScenario struct {
	name   string
	screen ScreenID // ScreenHome: the model as started; otherwise opened on the demo
	setup  []string // keys pressed (untimed) before measuring
	cycle  []string // keys measured, in a loop; the cycle leaves the screen as it found it
}

var benchScenarios = []benchScenario{
	{name: "Home", screen: ScreenHome, cycle: []string{"down", "down", "up", "up"}},
	{name: "Home-filter", screen: ScreenHome, setup: []string{"/"}, cycle: []string{"a", "backspace"}},
	{name: "NewSession-type", screen: ScreenNewSession, cycle: []string{"a", "backspace"}},
	{name: "Overview", screen: ScreenOverview, cycle: []string{"down", "down", "up", "up"}},
	{name: "Assess", screen: ScreenAssess, cycle: []string{"down", "down", "up", "up"}},
	{name: "Assess-next", screen: ScreenAssess, cycle: []string{"]", "["}},
	{name: "Assess-rate", screen: ScreenAssess, cycle: []string{"3", "2"}},
	{name: "Assess-equity-type", screen: ScreenAssess, setup: []string{"E"}, cycle: []string{"a", "backspace"}},
	{name: "Results", screen: ScreenResults, cycle: []string{"down", "up"}},
	{name: "Problem", screen: ScreenProblem, cycle: []string{"down", "up"}},
	{name: "Problem-type", screen: ScreenProblem, setup: []string{"tab", "tab", "tab"}, cycle: []string{"a", "backspace"}},                                  // a question's text area
	{name: "Problem-choose", screen: ScreenProblem, setup: []string{"tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab"}, cycle: []string{"down", "up"}}, // student groups
	{name: "Plan", screen: ScreenPlan, cycle: []string{"down", "up"}},
	{name: "Plan-edit-type", screen: ScreenPlan, setup: []string{"e"}, cycle: []string{"a", "backspace"}},
	{name: "Plan-question-type", screen: ScreenPlan, setup: []string{"shift+tab", "e", "tab", "tab", "tab", "tab", "tab", "tab"}, cycle: []string{"a", "backspace"}},
	{name: "Reflect", screen: ScreenReflect, cycle: []string{"tab", "tab"}},
	{name: "Summary", screen: ScreenSummary, cycle: []string{"down", "down", "up", "up"}},
}

// benchStore opens the store the scenarios run on, with the demo session in
// it, and returns the demo's id.
func benchStore(tb testing.TB, extra int) (*store.Store, string) {
	tb.Helper()
	demo, err := templatefile.DemoSession()
	if err != nil {
		tb.Fatal(err)
	}
	if src := os.Getenv("WORKBOOK_BENCH_DB"); src != "" {
		dst := filepath.Join(tb.TempDir(), "bench.db")
		copyFile(tb, src, dst)
		st, err := store.Open(dst, store.ReadWrite)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := st.Get(demo.ID); err != nil {
			if err := st.Put(demo); err != nil {
				tb.Fatal(err)
			}
		}
		return st, demo.ID
	}
	st := newTestStore(tb)
	if err := st.Put(demo); err != nil {
		tb.Fatal(err)
	}
	for i := range extra {
		s := demo.Clone()
		s.ID = "copy-" + strconv.Itoa(i)
		s.Team = demo.Team + " " + strconv.Itoa(i)
		if err := st.Put(s); err != nil {
			tb.Fatal(err)
		}
	}
	return st, demo.ID
}

func copyFile(tb testing.TB, src, dst string) {
	tb.Helper()
	in, err := os.Open(src)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
}

// openScenario builds the root model on the scenario's screen and presses
// its setup keys.
func openScenario(tb testing.TB, st *store.Store, demoID string, sc benchScenario) *model {
	tb.Helper()
	m := newTestModel(tb, st, 100, 30)
	switch sc.screen {
	case ScreenHome:
	case ScreenNewSession:
		press(m, "n")
	default:
		pump(m, openSession(demoID, to(sc.screen)))
		if screenTitle(m) == "" {
			tb.Fatalf("the demo session did not open: %s", statusOf(m))
		}
	}
	press(m, sc.setup...)
	return m
}

// asyncCmds runs Cmds the way Bubble Tea does: each in its own goroutine,
// results queued for the event loop.
type asyncCmds struct{ out chan tea.Msg }

func newAsyncCmds() *asyncCmds { return &asyncCmds{out: make(chan tea.Msg, 1024)} }

func (a *asyncCmds) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if v := reflect.ValueOf(msg); msg != nil && v.Kind() == reflect.Slice &&
			v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) { // Batch or Sequence
			for i := range v.Len() {
				a.run(v.Index(i).Interface().(tea.Cmd))
			}
			return
		}
		if msg != nil {
			select {
			case a.out <- msg:
			default: // a runaway producer: drop rather than block the benchmark
			}
		}
	}()
}

// deliver feeds every queued result to the model (the event loop's other work).
func (a *asyncCmds) deliver(m *model) {
	for {
		select {
		case msg := <-a.out:
			_, cmd := m.Update(msg)
			a.run(cmd)
		default:
			return
		}
	}
}

// settle lets in-flight saves finish so they do not outlive the test's store.
func (a *asyncCmds) settle(m *model) {
	deadline := time.Now().Add(2 * time.Second)
	for m.c.Pending() && time.Now().Before(deadline) {
		a.deliver(m)
		time.Sleep(time.Millisecond)
	}
}

// BenchmarkScreenKeypress reports median and p99 keypress→View per screen.
func BenchmarkScreenKeypress(b *testing.B) {
	st, demoID := benchStore(b, 99)
	for _, sc := range benchScenarios {
		b.Run(sc.name, func(b *testing.B) {
			m := openScenario(b, st, demoID, sc)
			async := newAsyncCmds()
			keys := make([]tea.KeyPressMsg, len(sc.cycle))
			for i, k := range sc.cycle {
				keys[i] = keyMsg(k)
			}
			var samples []time.Duration
			b.ReportAllocs()
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
			med, p99 := percentile(samples, 50), percentile(samples, 99)
			b.ReportMetric(float64(med)/1e6, "ms-median")
			b.ReportMetric(float64(p99)/1e6, "ms-p99")
		})
	}
}

// percentile returns the p-th percentile (nearest rank) of samples.
func percentile(samples []time.Duration, p int) time.Duration {
	if len(samples) == 0 {
		return 0
	}
	s := slices.Clone(samples)
	slices.Sort(s)
	rank := (p*len(s) + 99) / 100 // ceil(p/100 · n)
	return s[max(rank-1, 0)]
}

// TestBenchScenariosMove guards the benchmark: each scenario opens its screen
// and its measured keys really change the frame (a benchmark of keys the
// screen ignores would measure nothing).
func TestBenchScenariosMove(t *testing.T) {
	st, demoID := benchStore(t, 3)
	for _, sc := range benchScenarios {
		t.Run(sc.name, func(t *testing.T) {
			m := openScenario(t, st, demoID, sc)
			before := screenText(m)
			changed := false
			for _, k := range sc.cycle {
				press(m, k)
				changed = changed || screenText(m) != before
			}
			if !changed {
				t.Fatalf("keys %v do not change the %s screen:\n%s", sc.cycle, sc.name, before)
			}
		})
	}
}

func TestPercentile(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = 100 - i // 100..1, unsorted
	}
	tests := []struct {
		name    string
		samples []time.Duration
		p       int
		want    time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one", ms(7), 99, 7 * time.Millisecond},
		{"median of odd", ms(3, 1, 2), 50, 2 * time.Millisecond},
		{"p99 of 100", ms(hundred...), 99, 99 * time.Millisecond},
		{"p50 of 100", ms(hundred...), 50, 50 * time.Millisecond},
	}
	for _, tt := range tests {
		if got := percentile(tt.samples, tt.p); got != tt.want {
			t.Errorf("%s: percentile(%d) = %v, want %v", tt.name, tt.p, got, tt.want)
		}
	}
}
