package main

import (
	"errors"
	"math"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// buildFloor builds scripts/floor into a temporary folder.
func buildFloor(t *testing.T) string {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the bench runs on Linux (pseudo-terminals, /proc)")
	}
	bin := filepath.Join(t.TempDir(), "floor")
	out, err := exec.Command("go", "build", "-o", bin, "edtech-workbook/scripts/floor").CombinedOutput()
	if err != nil {
		t.Fatalf("go build scripts/floor: %v\n%s", err, out)
	}
	return bin
}

// TestFloorTiming runs the pty timing the bench uses against the floor: a
// first frame, keys that change the screen, and a clean quit.
func TestFloorTiming(t *testing.T) {
	bin := buildFloor(t)
	tm, err := startTerm(bin, nil, childEnv(), cols, rows)
	if err != nil {
		t.Fatal(err)
	}
	defer tm.close()
	d, err := tm.waitText(5*time.Second, floorMarker)
	if err != nil {
		t.Fatal(err)
	}
	if d <= 0 || d > 5*time.Second {
		t.Errorf("first frame took %v; want a positive time under 5 s", d)
	}
	if got := tm.Screen(); !strings.Contains(got, "floor ready · 0 keys") {
		t.Errorf("first screen = %q; want the floor's line", got)
	}
	for i, key := range []string{"2", "1", "2"} {
		d, err := timeKey(tm, key, time.Millisecond)
		if err != nil {
			t.Fatalf("key %d: %v", i+1, err)
		}
		if d <= 0 || d > 5*time.Second {
			t.Errorf("key %d took %v; want a positive time under 5 s", i+1, d)
		}
	}
	if got := tm.Screen(); !strings.Contains(got, `floor ready · 3 keys · last "2"`) {
		t.Errorf("screen after three keys = %q", got)
	}
	if err := tm.quit("q", 5*time.Second); err != nil {
		t.Errorf("the floor did not quit cleanly: %v", err)
	}
}

// TestWaitForTimeout: a marker that never shows is an error that shows the
// screen, after the timeout and not long after.
func TestWaitForTimeout(t *testing.T) {
	bin := buildFloor(t)
	tm, err := startTerm(bin, nil, childEnv(), cols, rows)
	if err != nil {
		t.Fatal(err)
	}
	defer tm.close()
	start := time.Now()
	_, err = tm.waitText(300*time.Millisecond, "never on screen")
	if err == nil {
		t.Fatal("waiting for text that never shows returned no error")
	}
	if took := time.Since(start); took < 300*time.Millisecond || took > 3*time.Second {
		t.Errorf("the timeout of 300 ms took %v", took)
	}
	if !strings.Contains(err.Error(), "| floor ready") {
		t.Errorf("the error does not show the screen: %v", err)
	}
}

// TestWaitForExit: a program that ends before its marker is reported with
// its screen and exit status, not waited for until the timeout.
func TestWaitForExit(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the bench runs on Linux")
	}
	tm, err := startTerm("/bin/sh", []string{"-c", "printf 'hello from sh'; exit 3"}, childEnv(), cols, rows)
	if err != nil {
		t.Fatal(err)
	}
	defer tm.close()
	start := time.Now()
	_, err = tm.waitText(5*time.Second, "never on screen")
	if !errors.Is(err, errExited) {
		t.Fatalf("err = %v; want errExited", err)
	}
	if time.Since(start) > 3*time.Second {
		t.Errorf("an exit was noticed only after %v", time.Since(start))
	}
	for _, want := range []string{"hello from sh", "exit status 3"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not mention %q: %v", want, err)
		}
	}
}

func TestQuantiles(t *testing.T) {
	s := sample{5, 1, 4, 2, 3}
	for _, c := range []struct{ q, want float64 }{{0, 1}, {0.25, 2}, {0.5, 3}, {0.75, 4}, {1, 5}, {0.1, 1.4}} {
		if got := s.quantile(c.q); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("quantile(%v) of %v = %v; want %v", c.q, s, got, c.want)
		}
	}
	if got := (sample{1, 2, 3, 10}).median(); got != 2.5 {
		t.Errorf("median of an even count = %v; want 2.5", got)
	}
	if got := (sample{}).median(); !math.IsNaN(got) {
		t.Errorf("median of nothing = %v; want NaN", got)
	}
	if got := ratio(sample{30, 10, 20}, sample{10}); got != 2 {
		t.Errorf("ratio of medians = %v; want 2", got)
	}
}

func TestSummaryUnits(t *testing.T) {
	if got := (sample{6152, 6444, 6448}).summary(); got != "6.44 s (IQR 6.30–6.45 s, n=3)" {
		t.Errorf("summary in seconds = %q", got)
	}
	if got := (sample{20, 25, 30}).summary(); got != "25.0 ms (IQR 22.5–27.5, n=3)" {
		t.Errorf("summary in ms = %q", got)
	}
}

func TestChangedLines(t *testing.T) {
	got := changedLines("a\nb\nc", "a\nB\nc\nd")
	if strings.Join(got, "|") != "B|d" {
		t.Errorf("changedLines = %q; want [B d]", got)
	}
}

func TestBenchLines(t *testing.T) {
	out := `goos: linux
BenchmarkScreenKeypress/Home-2         	    2263	    441122 ns/op	         0.1700 ms-median	         0.5600 ms-p99
BenchmarkScreenKeypress/Assess-rate-2  	    2000	    500000 ns/op	         0.1800 ms-median	         0.8200 ms-p99
BenchmarkSave-2   	    1573	    761234 ns/op
PASS`
	lines := benchLines(out, "BenchmarkScreenKeypress/")
	if len(lines) != 2 || lines[0].name != "Home" || lines[1].name != "Assess-rate" {
		t.Fatalf("names = %+v", lines)
	}
	if got := lines[1].metric("ms-p99"); got != 0.82 {
		t.Errorf("ms-p99 = %v; want 0.82", got)
	}
	if got := lines[0].metric("no-such-unit"); got != -1 {
		t.Errorf("a missing unit = %v; want -1", got)
	}
	save := benchLines(out, "BenchmarkSave")
	if len(save) != 1 || save[0].name != "" || save[0].metric("ns/op") != 761234 {
		t.Errorf("BenchmarkSave = %+v", save)
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 10: "10", 1000: "1,000", 10000: "10,000", 1234567: "1,234,567"} {
		if got := count(n); got != want {
			t.Errorf("count(%d) = %q; want %q", n, got, want)
		}
	}
}

// A key sent just after a frame tick waits most of a tick for its frame;
// one sent just before the next tick hardly waits: timeKey's phase is the
// phase of the program's tick.
func TestKeyPhase(t *testing.T) {
	bin := buildFloor(t)
	tm, err := startTerm(bin, nil, childEnv(), cols, rows)
	if err != nil {
		t.Fatal(err)
	}
	defer tm.close()
	if _, err := tm.waitText(5*time.Second, floorMarker); err != nil {
		t.Fatal(err)
	}
	median := func(phase time.Duration) time.Duration {
		var ds []time.Duration
		for i := range 7 {
			d, err := timeKey(tm, []string{"1", "2"}[i%2], phase)
			if err != nil {
				t.Fatal(err)
			}
			ds = append(ds, d)
		}
		slices.Sort(ds)
		return ds[len(ds)/2]
	}
	early, late := median(2*time.Millisecond), median(framePeriod-3*time.Millisecond)
	t.Logf("2 ms past a tick: %v; 3 ms before the next: %v", early, late)
	if early < 9*time.Millisecond || late > 8*time.Millisecond {
		t.Errorf("a key 2 ms past a tick waited %v, one 3 ms before the next %v; want about 14 ms and 3 ms", early, late)
	}
}
