package workbook

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text is data everywhere: whatever a team, a template or an imported file
// holds, nothing in it may act on the terminal that shows it or hide text
// from the person reading it. CleanText and CleanLine are the one place that
// decides what is shown; MarshalJSON (json.go) escapes the same characters
// instead of dropping them. Stored text is never changed: cleaning happens
// when text is shown.

// CleanText returns s as it may be shown in a terminal. It removes
//
//   - escape sequences, 7-bit (ESC [ …) and 8-bit (U+009B …): CSI, OSC,
//     DCS, SOS, PM and APC with everything up to their terminator, and the
//     short ESC sequences;
//   - every other C0 and C1 control character and DEL, except newline and tab;
//   - bidi controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069),
//     which reorder the text around them;
//   - zero-width and invisible format characters (U+00AD, U+180E, U+200B,
//     U+2060–U+2064, U+FEFF, U+FFF9–U+FFFB), which hide text or make two
//     different texts look the same.
//
// U+200C and U+200D (zero-width non-joiner and joiner) are kept: Persian and
// Indic text and emoji sequences need them, and they only change how the
// neighbouring letters join. U+2028 and U+2029 become newlines, and a byte
// that is not UTF-8 becomes U+FFFD.
func CleanText(s string) string {
	if isClean(s, false) {
		return s
	}
	return clean(s, false)
}

// CleanLine is CleanText folded onto one line: newlines, tabs and runs of
// spaces become one space, and leading and trailing space is dropped.
func CleanLine(s string) string {
	if isClean(s, true) {
		return s
	}
	return strings.Join(strings.Fields(clean(s, true)), " ")
}

// HiddenRune reports the characters CleanText removes and MarshalJSON
// escapes: controls (callers decide about '\n' and '\t'), bidi controls and
// invisible format characters. See CleanText for the list and the reasons.
func HiddenRune(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r < 0xad:
		return false
	case r == 0xad, r == 0x61c, r == 0x180e, r == 0xfeff:
		return true
	case r >= 0x200b && r <= 0x200f:
		return r != 0x200c && r != 0x200d
	case r >= 0x202a && r <= 0x202e, r >= 0x2060 && r <= 0x2069, r >= 0xfff9 && r <= 0xfffb:
		return true
	}
	return false
}

// isControl reports C0 controls, DEL and C1 controls: the characters that
// can move the cursor or recolour a terminal. Callers decide about '\n' and '\t'.
func isControl(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r <= 0x9f)
}

// isClean reports whether cleaning would return s unchanged, without
// allocating: most text holds nothing to remove, and the app and the
// exports clean every field they show.
func isClean(s string, oneLine bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c > ' ' && c < 0x7f { // most text: printable ASCII, no space
			i++
			continue
		}
		if c < utf8.RuneSelf {
			switch {
			case c == '\n' || c == '\t':
				if oneLine {
					return false
				}
			case c == ' ':
				if oneLine && (i == 0 || i == len(s)-1 || s[i+1] == ' ') {
					return false
				}
			case c < 0x20 || c == 0x7f:
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || HiddenRune(r) || r == 0x2028 || r == 0x2029 ||
			(oneLine && unicode.IsSpace(r)) {
			return false
		}
		i += size
	}
	return true
}

// clean does the work of CleanText; for oneLine, line breaks become spaces
// (CleanLine then folds the spaces).
func clean(s string, oneLine bool) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x1b:
			i += escapeLen(s[i:])
			continue
		case r == 0x9b: // 8-bit CSI
			i += size + csiLen(s[i+size:])
			continue
		case r == 0x90 || r == 0x98 || r == 0x9d || r == 0x9e || r == 0x9f: // 8-bit DCS, SOS, OSC, PM, APC
			i += size + stringLen(s[i+size:])
			continue
		case r == utf8.RuneError && size == 1:
			r = utf8.RuneError
		case r == '\n' || r == '\t' || r == 0x2028 || r == 0x2029:
			if oneLine {
				r = ' '
			} else if r != '\t' {
				r = '\n'
			}
		case HiddenRune(r):
			i += size
			continue
		}
		b.WriteRune(r)
		i += size
	}
	return b.String()
}

// escapeLen returns the length of the escape sequence at the start of s,
// which begins with ESC. A sequence cut short ends where it stops making
// sense; what follows is then cleaned as text.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch c := s[1]; {
	case c == '[':
		return 2 + csiLen(s[2:])
	case c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_':
		return 2 + stringLen(s[2:])
	case c >= 0x20 && c <= 0x2f: // nF: intermediates, then one final byte
		n := 1
		for n < len(s) && s[n] >= 0x20 && s[n] <= 0x2f {
			n++
		}
		if n < len(s) && s[n] >= 0x30 && s[n] <= 0x7e {
			n++
		}
		return n
	case c >= 0x30 && c <= 0x7e: // two-byte sequences: ESC 7, ESC c, ESC M …
		return 2
	}
	return 1 // a lone ESC
}

// csiLen returns the length of a control sequence's body (parameters,
// intermediates and the final byte) at the start of s.
func csiLen(s string) int {
	n := 0
	for n < len(s) && s[n] >= 0x20 && s[n] <= 0x3f {
		n++
	}
	if n < len(s) && s[n] >= 0x40 && s[n] <= 0x7e {
		n++
	}
	return n
}

// stringLen returns the length of a control string (OSC, DCS, SOS, PM, APC)
// at the start of s, with its terminator: BEL, ST (ESC \ or U+009C), or CAN
// or SUB, which cancel it. Without one it runs to the end, as in a terminal.
func stringLen(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 0x07, 0x18, 0x1a:
			return i + 1
		case 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i // another sequence starts here and ends this one
		case 0xc2:
			if i+1 < len(s) && s[i+1] == 0x9c {
				return i + 2
			}
		}
	}
	return len(s)
}

// hasVisibleText reports whether s shows anything once cleaned: a
// character that is not a space, a joiner or a variation selector.
func hasVisibleText(s string) bool {
	for _, r := range CleanText(s) {
		switch {
		case unicode.IsSpace(r), r == 0x200c, r == 0x200d, r >= 0xfe00 && r <= 0xfe0f:
		default:
			return true
		}
	}
	return false
}

// CountOf writes "1 level" or "3 levels" ("2 replies").
func CountOf(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if noun == "reply" {
		return strconv.Itoa(n) + " replies"
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// Shorten cuts s to n runes, marking the cut with an ellipsis.
func Shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
