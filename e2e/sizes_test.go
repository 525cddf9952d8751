package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestMinimumSizeEveryPart opens every part of the filled-in demo session
// in the smallest window the app supports (60×16): each screen fits (the
// title stays on the first line, the key help on the last) and works, and
// rapid resizes on the way never break it.
func TestMinimumSizeEveryPart(t *testing.T) {
	db := filepath.Join(t.TempDir(), "min.db")
	cli(t, "demo", "--db", db)
	tm := newTerm(t, 60, 16, "--db", db)
	tm.waitFor("Sessions (1)")
	tm.keys("Enter")
	overview := "Summary & export"
	tm.waitFor(overview)

	fits := func(part string) {
		t.Helper()
		tm.waitUntil(part+" to fit the window", func(s string) bool {
			lines := strings.Split(s, "\n")
			return len(lines) == tm.h && strings.HasPrefix(lines[0], "edtech-workbook ›") &&
				strings.Contains(lines[tm.h-1], " • ") // the key help line

		})
	}
	for _, p := range []struct{ key, shows string }{
		{"1", "Indicator 1 of 36"},
		{"2", "Domain scores"},
		{"3", "┃ Which indicators will"},
		{"4", "Aim and logic model"},
		{"5", "Check-ins ("},
		{"6", "x export"},
	} {
		tm.keys(p.key)
		tm.waitFor(p.shows)
		fits("part " + p.key)
		if p.key == "1" { // resize storm on the busiest screen
			for _, size := range [][2]int{{59, 15}, {200, 60}, {60, 16}, {30, 5}, {61, 17}, {60, 16}} {
				tm.resize(size[0], size[1])
			}
			tm.waitFor("Indicator 1 of 36")
			fits("part 1 after resizes")
			tm.keys("]")
			tm.waitFor("Indicator 2 of 36")
		}
		tm.keys("Escape")
		tm.waitFor(overview)
	}
	tm.keys("Escape")
	tm.waitFor("Sessions (1)")
	tm.keys("q")
	tm.waitFor("EXIT=0")
}

// TestHelpLineKeepsGlobalKeys: in the smallest window the key help line of
// every part still ends with the global keys (esc back, ? help), so a person
// can always find the way back and the full list of keys.
func TestHelpLineKeepsGlobalKeys(t *testing.T) {
	db := filepath.Join(t.TempDir(), "help.db")
	cli(t, "demo", "--db", db)
	tm := newTerm(t, 60, 16, "--db", db)
	tm.waitFor("Sessions (1)")
	tm.keys("Enter")
	tm.waitFor("Summary & export")
	var missing []string
	for _, p := range []struct{ key, shows string }{
		{"1", "Indicator 1 of 36"}, {"2", "Domain scores"}, {"3", "┃ Which indicators will"},
		{"4", "Aim and logic model"}, {"5", "Check-ins ("}, {"6", "x export"},
	} {
		tm.keys(p.key)
		s := tm.waitFor(p.shows)
		lines := strings.Split(s, "\n")
		if last := lines[len(lines)-1]; !strings.HasSuffix(last, "esc back • ? help") {
			missing = append(missing, "part "+p.key+": "+last)
		}
		tm.keys("Escape")
		tm.waitFor("Summary & export")
	}
	if len(missing) > 0 {
		t.Errorf("at 60×16 these help lines lose the global keys (esc back • ? help):\n%s", strings.Join(missing, "\n"))
	}
}
