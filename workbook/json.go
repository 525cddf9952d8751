package workbook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// MarshalJSON is how the CLI writes every JSON it emits (`list --json`,
// `export --format json`): keys in struct order, no HTML escaping, ending in
// a newline, indented by two spaces unless indent is false. Every character
// CleanText would remove is written as a \uXXXX escape instead, so the data
// is kept whole while nothing raw reaches a terminal that shows the file.
func MarshalJSON(v any, indent bool) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("cannot write JSON: %w", err)
	}
	return escapeHidden(buf.Bytes()), nil
}

// escapeHidden rewrites the hidden characters in encoding/json's output as
// \uXXXX. Outside strings JSON is plain ASCII and encoding/json already
// escapes C0 controls, so every rune found here sits inside a string, and
// each is in the Basic Multilingual Plane: one escape each.
func escapeHidden(out []byte) []byte {
	first := -1
	for i := 0; i < len(out); {
		if out[i] < utf8.RuneSelf && out[i] != 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRune(out[i:])
		if HiddenRune(r) {
			first = i
			break
		}
		i += size
	}
	if first < 0 {
		return out
	}
	res := make([]byte, 0, len(out)+64)
	res = append(res, out[:first]...)
	for i := first; i < len(out); {
		if out[i] < utf8.RuneSelf && out[i] != 0x7f {
			res = append(res, out[i])
			i++
			continue
		}
		r, size := utf8.DecodeRune(out[i:])
		if HiddenRune(r) {
			const hex = "0123456789abcdef"
			res = append(res, '\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
		} else {
			res = append(res, out[i:i+size]...)
		}
		i += size
	}
	return res
}
