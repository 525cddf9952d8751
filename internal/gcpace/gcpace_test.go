package gcpace

import (
	"runtime/debug"
	"testing"
)

func TestSetAndRestore(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	percent, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1)
	defer debug.SetGCPercent(percent)
	defer debug.SetMemoryLimit(limit)
	for _, c := range []struct {
		name    string
		set     func(int64) func()
		percent int
	}{{"Lazy", Lazy, 400}, {"Off", Off, -1}} {
		before := debug.SetGCPercent(100)
		restore := c.set(32 << 20)
		if got := debug.SetGCPercent(c.percent); got != c.percent {
			t.Errorf("%s: GC percent %d, want %d", c.name, got, c.percent)
		}
		if got := debug.SetMemoryLimit(-1); got != 32<<20 {
			t.Errorf("%s: memory limit %d", c.name, got)
		}
		restore()
		debug.SetGCPercent(7) // a second restore must not undo this
		restore()
		if got := debug.SetGCPercent(before); got != 7 {
			t.Errorf("%s: a second restore changed the GC percent to %d", c.name, got)
		}
	}
}

// GOGC and GOMEMLIMIT, when set, win.
func TestEnvironmentWins(t *testing.T) {
	t.Setenv("GOGC", "50")
	t.Setenv("GOMEMLIMIT", "1GiB")
	before := debug.SetGCPercent(50)
	defer debug.SetGCPercent(before)
	limit := debug.SetMemoryLimit(1 << 30)
	defer debug.SetMemoryLimit(limit)
	restore := Off(32 << 20)
	defer restore()
	if got := debug.SetGCPercent(50); got != 50 {
		t.Errorf("GC percent %d with GOGC=50 set", got)
	}
	if got := debug.SetMemoryLimit(1 << 30); got != 1<<30 {
		t.Errorf("memory limit %d with GOMEMLIMIT set", got)
	}
}
