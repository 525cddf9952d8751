package tui

import (
	"testing"
	"time"
)

func TestZZTiming(t *testing.T) {
	st := newTestStore(t)
	m := openTestScreen(t, st, problemSession(t, st), ScreenProblem, 80, 24)
	t0 := time.Now()
	requireAllSizes(t, m)
	t1 := time.Now()
	requireScreenAllSizes(t, m)
	t.Logf("root %v, screen %v", t1.Sub(t0), time.Since(t1))
}
