package workbook

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostileText is a table of strings that try to act on a terminal or hide
// text from the reader: 7-bit and 8-bit escape sequences, bidi controls,
// zero-width and other invisible characters, C0 and C1 controls.
var hostileText = []string{
	"\x1b[31mred\x1b[0m",
	"\x1b]0;title\x07after",
	"\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\",
	"\x1bP1$r\x1b\\dcs",
	"\x1b_apc\x1b\\ \x1b^pm\x1b\\ \x1bXsos\x1b\\",
	"\x1b(B\x1b7\x1bc",
	"\u009b31mC1 CSI",
	"\u009d0;title\u009cC1 OSC",
	"\u0090dcs\u009c \u009fapc\u009c \u009epm\u009c \u0098sos\u009c",
	"\u0085next line \u008eshift",
	"ab\u202ecba\u202c",
	"\u202a\u202b\u202d\u202e",
	"\u2066isolate\u2069 \u2067x\u2069 \u2068y\u2069",
	"\u061calm \u200elrm \u200frlm",
	"zero\u200bwidth",
	"\u2060\u2061\u2062\u2063\u2064word joiner",
	"\ufeffbom",
	"soft\u00adhyphen",
	"mongolian\u180esep",
	"\ufff9anchor\ufffa\ufffb",
	"bell\x07back\x08space\x7fdel\x00nul\x0bvt\x0cff\rcr",
	"\u200b\u200b\u200b",
	"bad \xff\xfe utf-8 \x9b31m raw C1 byte",
	"line\u2028separator\u2029paragraph",
	"\x1b[",
	"\x1b]unterminated",
}

// forbiddenRune is the test's own list of what must never reach a
// terminal: every control but newline and tab, and every bidi, zero-width
// or invisible format character named in issue 10.
func forbiddenRune(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r == 0xad, r == 0x61c, r == 0x180e, r == 0x200b, r == 0x200e, r == 0x200f, r == 0xfeff:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2060 && r <= 0x2069, r >= 0xfff9 && r <= 0xfffb:
		return true
	case r == 0x2028, r == 0x2029:
		return true
	}
	return false
}

// firstForbidden returns the offset and rune of the first forbidden
// character or invalid byte in s, or -1.
func firstForbidden(s string) (int, rune) {
	for i, r := range s {
		if _, size := utf8.DecodeRuneInString(s[i:]); forbiddenRune(r) || (r == utf8.RuneError && size == 1) {
			return i, r
		}
	}
	return -1, 0
}

func TestCleanTextStripsEveryHostileCharacter(t *testing.T) {
	for _, s := range hostileText {
		for name, clean := range map[string]func(string) string{"CleanText": CleanText, "CleanLine": CleanLine} {
			got := clean(s)
			if i, r := firstForbidden(got); i >= 0 {
				t.Errorf("%s(%q) = %q keeps %U at byte %d", name, s, got, r, i)
			}
			if name == "CleanLine" && strings.ContainsAny(got, "\n\t") {
				t.Errorf("CleanLine(%q) = %q is not one line", s, got)
			}
		}
	}
	// The text around the sequences survives, and sequences leave nothing behind.
	for in, want := range map[string]string{
		"\x1b[31mred\x1b[0m":                "red",
		"\u009b31mC1 CSI":                   "C1 CSI",
		"\u009d0;title\u009cC1 OSC":         "C1 OSC",
		"\x1b]0;title\x07after":             "after",
		"ab\u202ecba\u202c":                 "abcba",
		"zero\u200bwidth":                   "zerowidth",
		"line\u2028separator":               "line\nseparator",
		"a\tb\nc":                           "a\tb\nc",
		"نمی\u200cخواهم":                    "نمی\u200cخواهم", // Persian needs the zero-width non-joiner
		"👩\u200d💻 ok":                       "👩\u200d💻 ok",    // emoji sequences need the zero-width joiner
		"é ü 中文 ▲ — “quoted” …":             "é ü 中文 ▲ — “quoted” …",
		"bad \xff byte":                     "bad \ufffd byte",
		"\x1b]unterminated":                 "",
		"ok\x1b[":                           "ok",
		"keep\x1b\x1b[1mboth\x1b[m":         "keepboth",
		"\x1b[38;2;255;0;0mtruecolor\x1b[m": "truecolor",
	} {
		if got := CleanText(in); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := CleanLine("  a \u200b b\n\tc\u2029d "); got != "a b c d" {
		t.Errorf("CleanLine folds to %q", got)
	}
}

func TestMarshalJSONEscapesInsteadOfStripping(t *testing.T) {
	type row struct {
		Text string            `json:"text"`
		Map  map[string]string `json:"map"`
	}
	for _, s := range hostileText {
		if !utf8.ValidString(s) {
			continue // encoding/json replaces invalid bytes; nothing raw can remain
		}
		v := row{Text: s, Map: map[string]string{s: s}}
		for _, indent := range []bool{true, false} {
			out, err := MarshalJSON(v, indent)
			if err != nil {
				t.Fatal(err)
			}
			if i, r := firstForbidden(string(out)); i >= 0 {
				t.Errorf("MarshalJSON(%q) has a raw %U at byte %d: %q", s, r, i, out)
			}
			var back row
			if err := json.Unmarshal(out, &back); err != nil || back.Text != s || back.Map[s] != s {
				t.Errorf("MarshalJSON(%q) does not read back to the same text: %v %q", s, err, back.Text)
			}
		}
	}
	out, _ := MarshalJSON(map[string]string{"a": "<b>&\u009b\u202e\x7f"}, false)
	if want := `{"a":"<b>&\u009b\u202e\u007f"}` + "\n"; string(out) != want {
		t.Errorf("MarshalJSON = %s, want %s", out, want)
	}
}

func ExampleCleanLine() {
	fmt.Println(CleanLine("Team \u202eevil\u202c \x1b[31mred\x1b[0m\u200b!"))
	// Output: Team evil red!
}
