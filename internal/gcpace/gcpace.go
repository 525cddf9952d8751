// Package gcpace sets how eagerly the garbage collector runs through a
// stretch of work, within a soft memory limit (debug.SetMemoryLimit) that
// bounds what the process may hold meanwhile. GOGC and GOMEMLIMIT, when
// set, each win over what it would set.
package gcpace

import (
	"os"
	"runtime/debug"
	"sync"
)

// Lazy has the collector run less often (GOGC 400) within limit bytes: for
// work that makes a lot of short-lived garbage (a cohort report) or whose
// allocations all stay live until it ends (list --json).
func Lazy(limit int64) (restore func()) { return set(400, limit) }

// Off has the collector wait until the heap nears limit bytes: for a
// start-up whose allocations all stay live (the app reading its list),
// where a collection finds nothing to free and only delays the first frame.
func Off(limit int64) (restore func()) { return set(-1, limit) }

// set sets the GC percent and the soft memory limit and returns what puts
// both back as they were; restore may be called more than once, from any
// goroutine (only the first call counts).
func set(percent int, limit int64) (restore func()) {
	setLimit, setPercent := os.Getenv("GOMEMLIMIT") == "", os.Getenv("GOGC") == ""
	var oldLimit int64
	var oldPercent int
	if setLimit {
		oldLimit = debug.SetMemoryLimit(limit)
	}
	if setPercent {
		oldPercent = debug.SetGCPercent(percent)
	}
	return sync.OnceFunc(func() {
		if setPercent {
			debug.SetGCPercent(oldPercent)
		}
		if setLimit {
			debug.SetMemoryLimit(oldLimit)
		}
	})
}
