package workbook

import (
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
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return -1
		}
		return r
	}, s)
}

// CleanLine is CleanText folded onto one line (newlines and tabs become spaces).
func CleanLine(s string) string {
	return strings.Join(strings.Fields(CleanText(s)), " ")
}
