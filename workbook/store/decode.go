package store

import (
	"bytes"
	"encoding/json"

	"edtech-workbook/workbook"
)

// sessionDecoder decodes session records in walks over many sessions (the
// full check, export --all). Most sessions of a file share their template
// snapshot, about 70% of a record's bytes: a decoder finds the template's
// bytes in the record with a quick scan (templateSpan), compares them with
// the last template it decoded, and decodes them only when they differ; the
// rest of the record decodes as decodeSession decodes it, and the result is
// the same (a record the scan does not understand is decoded whole). One
// decoder per goroutine: the sessions it returns share their template's
// slices and maps, which nothing changes.
type sessionDecoder struct {
	// v1: the records are in the format-1 shape (schema before
	// schemaQuestions) and are converted whole, as decodeSession does.
	v1   bool
	raw  []byte // the last template's bytes
	tmpl workbook.Template
	buf  []byte // the record without its template
}

func (d *sessionDecoder) decode(p []byte) (*workbook.Session, error) {
	if d.v1 {
		return workbook.SessionFromV1JSON(p)
	}
	start, end, ok := templateSpan(p)
	if !ok {
		return decodeSession(p, schemaQuestions)
	}
	d.buf = append(append(append(d.buf[:0], p[:start]...), "null"...), p[end:]...)
	var sess workbook.Session
	if err := json.Unmarshal(d.buf, &sess); err != nil {
		return decodeSession(p, schemaQuestions) // for decodeSession's error, on the record as stored
	}
	raw := p[start:end]
	if d.raw == nil || !bytes.Equal(raw, d.raw) {
		var t workbook.Template
		if err := json.Unmarshal(raw, &t); err != nil {
			return decodeSession(p, schemaQuestions)
		}
		d.raw, d.tmpl = append(d.raw[:0], raw...), t
	}
	sess.Template = d.tmpl
	return &sess, nil
}

// templateSpan returns where the value of the key "template" of the JSON
// object p starts and ends. ok is false unless p is an object with exactly
// one such key, found by a scan that follows strings (and their escapes)
// and nesting: it does not check that p is valid JSON, which the decoding
// of both parts does.
func templateSpan(p []byte) (start, end int, ok bool) {
	i := skipSpace(p, 0)
	if i >= len(p) || p[i] != '{' {
		return 0, 0, false
	}
	i++
	found := false
	for {
		i = skipSpace(p, i)
		if i < len(p) && p[i] == '}' {
			return start, end, found
		}
		if i >= len(p) || p[i] != '"' {
			return 0, 0, false
		}
		k := i + 1
		i = skipString(p, i)
		if i < 0 {
			return 0, 0, false
		}
		key := p[k : i-1]
		if bytes.IndexByte(key, '\\') >= 0 {
			return 0, 0, false // an escaped key could spell "template"
		}
		i = skipSpace(p, i)
		if i >= len(p) || p[i] != ':' {
			return 0, 0, false
		}
		i = skipSpace(p, i+1)
		v := i
		if i = skipValue(p, i); i < 0 {
			return 0, 0, false
		}
		if string(key) == "template" {
			if found {
				return 0, 0, false // json keeps the last one; leave that to it
			}
			start, end, found = v, i, true
		}
		i = skipSpace(p, i)
		switch {
		case i < len(p) && p[i] == ',':
			i++
		case i < len(p) && p[i] == '}':
			return start, end, found
		default:
			return 0, 0, false
		}
	}
}

func skipSpace(p []byte, i int) int {
	for i < len(p) && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the offset after the string that starts at p[i]
// ('"'), or -1.
func skipString(p []byte, i int) int {
	i++
	for {
		j := bytes.IndexAny(p[i:], "\"\\")
		if j < 0 {
			return -1
		}
		i += j
		if p[i] == '"' {
			return i + 1
		}
		i += 2 // a backslash and the character it escapes
		if i > len(p) {
			return -1
		}
	}
}

// skipValue returns the offset after the value that starts at p[i], or -1.
func skipValue(p []byte, i int) int {
	if i >= len(p) {
		return -1
	}
	switch p[i] {
	case '"':
		return skipString(p, i)
	case '{', '[':
		depth := 0
		for i < len(p) {
			switch p[i] {
			case '"':
				if i = skipString(p, i); i < 0 {
					return -1
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return -1
	}
	for i < len(p) && !bytes.ContainsRune([]byte(",}] \t\n\r"), rune(p[i])) {
		i++
	}
	return i
}
