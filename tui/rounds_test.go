package tui

import (
	"fmt"
	"strings"
	"testing"
)

// TestReadingScrolls: a read-only page (an earlier round, a comparison)
// scrolls a line with ↓, to its end with the bottom key and back with the
// top key, and never past its last line.
func TestReadingScrolls(t *testing.T) {
	st := newTestStore(t)
	m := newTestModel(t, st, 80, 24)
	var lines []string
	for i := 1; i <= 100; i++ {
		lines = append(lines, fmt.Sprintf("line %03d", i))
	}
	pump(m, openScreen(route{screen: ScreenReading, reading: reading{title: "Round 1",
		render: func(*Styles, int) string { return strings.Join(lines, "\n") }}}))
	requireScreen(t, m, "line 001")
	press(m, "down")
	requireNotOnScreen(t, m, "line 001")
	requireScreen(t, m, "line 002")
	press(m, "end")
	requireScreen(t, m, "line 100")
	press(m, "down", "pgdown")
	requireScreen(t, m, "line 100")
	press(m, "home")
	requireScreen(t, m, "line 001")
}
