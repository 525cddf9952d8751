package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"edtech-workbook/workbook"
)

// Text helpers. Every string from a user, template or file goes through
// clean/cleanLine before it is drawn.

func clean(s string) string     { return workbook.CleanText(s) }
func cleanLine(s string) string { return workbook.CleanLine(s) }

// truncate cuts s to w cells with an ellipsis.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if len(s) <= w { // at most w bytes is at most w cells: the common, cheap case
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// cellWidth is the display width of s; plain ASCII is measured without the
// grapheme segmenter (most text on screen is).
func cellWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || c < 0x20 {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// wrap word-wraps plain text to w cells (long words are broken).
func wrap(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return ansi.Wrap(s, w, "")
}

// wrapSpaces word-wraps plain text to w cells at spaces only: a hyphen
// never ends a line, so a date such as 2027-07-01 stays whole (ansi.Wrap
// also breaks after a hyphen). A word longer than w is still broken.
func wrapSpaces(s string, w int) string {
	const keep = "\u2011" // a non-breaking hyphen stands in while wrapping
	if w <= 0 {
		return ""
	}
	if !strings.Contains(s, "-") {
		return wrap(s, w)
	}
	return strings.ReplaceAll(wrap(strings.ReplaceAll(s, "-", keep), w), keep, "-")
}

// clampLines keeps at most h lines of s.
func clampLines(s string, h int) string {
	if h <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	return strings.Join(lines, "\n")
}

func clampInt(v, lo, hi int) int {
	if v > hi {
		v = hi
	}
	if v < lo {
		v = lo
	}
	return v
}

func clampLinesSlice(lines []string, h int) []string {
	if len(lines) > h {
		return lines[:max(h, 0)]
	}
	return lines
}

// hangingWrap wraps s to w cells, indenting continuation lines by indent.
func hangingWrap(s string, w, indent int) string {
	if w <= indent+4 {
		return truncate(s, w)
	}
	first := wrap(s, w)
	lines := strings.SplitN(first, "\n", 2)
	if len(lines) == 1 {
		return first
	}
	rest := wrap(strings.Join(strings.Fields(lines[1]), " "), w-indent)
	pad := strings.Repeat(" ", indent)
	return lines[0] + "\n" + pad + strings.ReplaceAll(rest, "\n", "\n"+pad)
}

// padRight truncates or pads s to exactly w cells.
func padRight(s string, w int) string {
	s = truncate(s, w)
	if gap := w - cellWidth(s); gap > 0 {
		s += strings.Repeat(" ", gap)
	}
	return s
}

func orDash(s string) string {
	if s, _ = previewLine(s, previewChars); s == "" {
		return "—"
	}
	return s
}

func indent(s string, n int) string {
	pad := strings.Repeat(" ", n)
	return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
}

func orText(s, alt string) string {
	if strings.TrimSpace(s) == "" {
		return alt
	}
	return s
}

func pluralS(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}
