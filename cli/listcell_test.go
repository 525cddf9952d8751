package cli

import (
	"testing"
	"unicode/utf8"
)

// plainCell is the quick path of the list table: whenever it says yes, the
// cell is the text itself and one rune a byte, exactly as cell would make
// it; text it says no to goes through cell.
func TestPlainCellAgreesWithCell(t *testing.T) {
	for _, c := range []struct {
		s     string
		plain bool
	}{
		{"Alderbrook EdTech Leadership Team 0001", true},
		{"2025-26", true},
		{"a", true},
		{"~!x", true},
		{"", false},
		{" lead", false},
		{"trail ", false},
		{"two  spaces", false},
		{"tab\there", false},
		{"line\nbreak", false},
		{"bell\a", false},
		{"del\x7f", false},
		{"café", false},
		{"\u202eevil", false},
		{"\xff", false},
	} {
		if got := plainCell(c.s); got != c.plain {
			t.Errorf("plainCell(%q) = %v, want %v", c.s, got, c.plain)
		}
		if plainCell(c.s) && (cell(c.s) != c.s || utf8.RuneCountInString(c.s) != len(c.s)) {
			t.Errorf("plainCell(%q) is true but cell gives %q", c.s, cell(c.s))
		}
	}
}
