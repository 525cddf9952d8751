package workbook

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// CleanText removes terminal control sequences and control characters
// (except newlines and tabs) from text before it is shown in a terminal.
// Stored text is never changed: this is applied at display time.
func CleanText(s string) string {
	s = ansi.Strip(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case isControl(r):
			return -1
		}
		return r
	}, s)
}

// isControl reports C0 controls, DEL and C1 controls: the characters that
// can move the cursor or recolour a terminal. Callers decide about '\n' and '\t'.
func isControl(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r <= 0x9f)
}

// CleanLine is CleanText folded onto one line (newlines and tabs become spaces).
func CleanLine(s string) string {
	return strings.Join(strings.Fields(CleanText(s)), " ")
}

// countOf writes "1 level" or "3 levels".
func countOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
