package tui

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"edtech-workbook/workbook"
)

// Text fields keep every character (issue 10). Each one holds the store's
// per-field limit; text a field cannot hold whole is never opened for
// editing (a field would cut it when left); a field that was not typed in is
// never saved (so opening and leaving one never rewrites what is stored);
// and a bracketed paste is taken whole or refused with the reason, never cut.

// fieldLimit is the most characters one text field holds: the store's limit.
const fieldLimit = workbook.MaxFieldChars

// textareaMaxLines is how many lines a bubbles text area keeps (its
// unexported maxLines in v2.2.1): it drops the lines after that on SetValue
// and on paste.
const textareaMaxLines = 10000

// fieldKind is the widget behind a text field.
type fieldKind int

const (
	areaField   fieldKind = iota // several lines: bubbles textarea (huh.Text)
	lineField                    // one line: bubbles textinput (huh.Input)
	choiceField                  // one of several (huh.Select)
	marksField                   // a checklist (huh.MultiSelect)
	noField                      // a note, or no field
)

// shownBy returns what a text field of kind k holds after it is given v:
// the widgets replace tabs, carriage returns (and, on one line, newlines)
// and drop control characters; past their limits they drop the rest.
func shownBy(k fieldKind, v string) string {
	if k == areaField {
		ta := textarea.New() // no CharLimit: see typeError
		ta.SetValue(v)
		return ta.Value()
	}
	ti := textinput.New()
	ti.CharLimit = fieldLimit
	ti.SetValue(v)
	return ti.Value()
}

// visible is s without whitespace and control characters: what a reader
// of the text sees, whatever the line breaks.
func visible(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}

// fitError says why a field of kind k that shows `shown` when given v
// cannot edit v, naming the text as what ("these evidence notes"); nil when
// it can: no visible character is lost (a field only evens out spacing
// and drops control characters, which no screen shows anyway).
func fitError(k fieldKind, what, v, shown string) error {
	if shown == v || visible(shown) == visible(v) {
		return nil
	}
	const keep = "; nothing was changed (edit it in a JSON export and import that with --replace)"
	n, lines := utf8.RuneCountInString(v), strings.Count(v, "\n")+1
	switch {
	case n > fieldLimit:
		return fmt.Errorf("%s cannot be edited here: %s characters is more than the %s a field holds%s", what, thousands(n), thousands(fieldLimit), keep)
	case k == areaField && lines > textareaMaxLines:
		return fmt.Errorf("%s cannot be edited here: %s lines is more than the %s this field holds%s", what, thousands(lines), thousands(textareaMaxLines), keep)
	}
	return fmt.Errorf("%s cannot be edited here: this field would drop some of its characters%s", what, keep)
}

// normalizePaste turns the line breaks terminals paste (CR from tmux and
// most terminals, CRLF from some) into newlines. The text area would make
// a CRLF two line breaks.
func normalizePaste(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// pastedSize is how many characters (and newlines) a paste adds to a
// field of kind k, as its widget counts them.
func pastedSize(k fieldKind, s string) (chars, newlines int) {
	for _, r := range s {
		switch {
		case r == '\t' && k == areaField:
			chars += 4 // a tab becomes four spaces
		case r == '\n' || r == '\t':
			chars++
			if k == areaField && r == '\n' {
				newlines++
			}
		case r == utf8.RuneError || unicode.IsControl(r):
			// dropped by the widget
		default:
			chars++
		}
	}
	return chars, newlines
}

// pasteError says why paste cannot go whole into a field of kind k that
// holds current; nil when it fits. A paste is never cut to fit.
func pasteError(k fieldKind, current, paste string) error {
	chars, newlines := pastedSize(k, paste)
	have := utf8.RuneCountInString(current)
	if have+chars > fieldLimit {
		return fmt.Errorf("the paste of %s characters would make this field %s characters, over the limit of %s; nothing was pasted",
			thousands(chars), thousands(have+chars), thousands(fieldLimit))
	}
	if lines := strings.Count(current, "\n") + 1 + newlines; k == areaField && lines > textareaMaxLines {
		return fmt.Errorf("the paste would give this field %s lines, more than the %s it holds; nothing was pasted",
			thousands(lines), thousands(textareaMaxLines))
	}
	return nil
}

// typeError says why a key press that types typed (see typedText) cannot
// go into a field of kind k holding current; nil when it can. A text
// area's own CharLimit counts cells, not characters (a CJK character is
// two), so text areas have none and are held to the limit here.
func typeError(k fieldKind, current, typed string) error {
	if typed == "" {
		return nil
	}
	chars, _ := pastedSize(k, typed)
	if utf8.RuneCountInString(current)+chars > fieldLimit {
		return fmt.Errorf("this field is full: it holds at most %s characters", thousands(fieldLimit))
	}
	return nil
}

// typedText is what a key press types into a text field: its text, or a
// newline for the field's new-line key.
func typedText(msg tea.KeyPressMsg, newline key.Binding) string {
	if msg.Text != "" {
		return msg.Text
	}
	if key.Matches(msg, newline) {
		return "\n"
	}
	return ""
}

// formInputError checks a key press or a paste for the focused field of a
// huh form (nil for other messages and fields).
func formInputError(f *huh.Form, msg tea.Msg) error {
	if f == nil {
		return nil
	}
	var k fieldKind
	switch f.GetFocusedField().(type) {
	case *huh.Text:
		k = areaField
	case *huh.Input:
		k = lineField
	default:
		return nil
	}
	current, _ := f.GetFocusedField().GetValue().(string)
	switch msg := msg.(type) {
	case tea.PasteMsg:
		return pasteError(k, current, msg.Content)
	case tea.KeyPressMsg:
		newline := key.NewBinding(key.WithDisabled())
		if k == areaField && msg.Text == "" {
			newline = huh.NewDefaultKeyMap().Text.NewLine // the forms keep huh's new-line keys
		}
		return typeError(k, current, typedText(msg, newline))
	}
	return nil
}

// refuseInput reports whether msg is a key press or paste the focused
// field of f cannot take whole; it then shows why in the status line.
func refuseInput(c *Common, f *huh.Form, msg tea.Msg) bool {
	if err := formInputError(f, msg); err != nil {
		c.SetError(err)
		return true
	}
	return false
}

// thousands writes n with thousands separators: 65536 → "65,536".
func thousands(n int) string { return workbook.Thousands(int64(n)) }

// previewChars is the most of one answer a screen draws in a few lines.
const previewChars = 2000

// previewLine is s folded onto one cleaned line, from at most its first n
// characters (a screen shows a line or three of an answer; cleaning and
// wrapping 64 Ki characters on every frame would cost milliseconds). cut
// reports that s went on.
func previewLine(s string, n int) (line string, cut bool) {
	if len(s) > n { // bytes ≥ characters: only long text is counted
		i, count := 0, 0
		for i < len(s) && count < n {
			_, w := utf8.DecodeRuneInString(s[i:])
			i += w
			count++
		}
		s, cut = s[:i], i < len(s)
	}
	return cleanLine(s), cut
}
