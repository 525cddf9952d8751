package workbook

import (
	"strings"
	"testing"
)

// TestRedateSpecsOneDateAStep: a step named on its own keeps its date
// whatever the order of an "all" beside it, and a step given two dates
// (or "all" given twice) is refused. Before, the later spec silently won:
// `--redate 1=2026-10-01 --redate all=+1y` threw the 2026-10-01 away.
func TestRedateSpecsOneDateAStep(t *testing.T) {
	stale := []ActionStep{{ID: "a1", Due: "2026-03-13"}, {ID: "a2", Due: "2026-01-30"}}
	for _, specs := range [][]string{
		{"1=2026-10-01", "all=+1y"},
		{"all=+1y", "1=2026-10-01"},
		{"a1=2026-10-01", "all=+1y"},
	} {
		got, err := RedateSpecs(stale, specs)
		if err != nil {
			t.Fatalf("%q: %v", specs, err)
		}
		if got["a1"] != "2026-10-01" || got["a2"] != "2027-01-30" {
			t.Errorf("%q: %v, want a1 2026-10-01 (named) and a2 2027-01-30 (all)", specs, got)
		}
	}
	for _, specs := range [][]string{
		{"1=2026-10-01", "1=2026-11-01"},
		{"1=2026-10-01", "a1=2026-11-01"},
		{"all=+1y", "all=2027-01-01"},
	} {
		if _, err := RedateSpecs(stale, specs); err == nil || !strings.Contains(err.Error(), "twice") {
			t.Errorf("%q: err = %v, want a refusal of a step dated twice", specs, err)
		}
	}
}
