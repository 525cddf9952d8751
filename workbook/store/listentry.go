package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"edtech-workbook/workbook"
)

// A list entry (schema 4 on) is a session's Summary in a compact binary
// form, about half the size of its JSON and read in a fraction of the
// time, stored twice: under the session's id in the index bucket (Get
// checks a session against it; lookups by id seek it) and under its
// listKey in the recent bucket, whose keys sort the most recently changed
// session first, so listing them is one walk with no sort.
//
//	[1 byte entryFormat]
//	[uvarint length + bytes] id, team, district, school year, template ref,
//	                         cohort tag
//	[uvarint] progress
//	[varint] updated, seconds since 1970 (UTC)
//	[uvarint] updated, nanoseconds of the second
//	[uvarint] revision
const entryFormat = 0x01

// encodeEntry encodes a list entry. Bytes that are not UTF-8 in its text
// become U+FFFD, one per byte, as in the session's JSON record, so the
// entry and the record agree; the id is kept as it is: it is the key.
func encodeEntry(s workbook.Summary) []byte {
	b := make([]byte, 0, 48+len(s.ID)+len(s.Team)+len(s.District)+len(s.SchoolYear)+len(s.TemplateRef)+len(s.Cohort))
	b = append(b, entryFormat)
	for i, f := range [...]string{s.ID, s.Team, s.District, s.SchoolYear, s.TemplateRef, s.Cohort} {
		if i > 0 {
			f = validUTF8(f)
		}
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	b = binary.AppendUvarint(b, uint64(max(s.Progress, 0)))
	b = binary.AppendVarint(b, s.Updated.Unix())
	b = binary.AppendUvarint(b, uint64(s.Updated.Nanosecond()))
	return binary.AppendUvarint(b, uint64(max(s.Revision, 0)))
}

// validUTF8 is s with each byte that is not part of a UTF-8 character
// replaced by U+FFFD, as encoding/json writes it.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString("\ufffd")
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

var errEntry = errors.New("it is not a list entry")

// decodeEntry decodes a list entry (its text fields share one string:
// one allocation per entry).
func decodeEntry(p []byte) (workbook.Summary, error) {
	return decodeEntryText(string(p))
}

// decodeEntryText decodes a list entry held in text; its text fields are
// substrings of text, so many entries decoded from one string cost no
// allocation at all.
func decodeEntryText(p string) (workbook.Summary, error) {
	var s workbook.Summary
	if len(p) < 1 || p[0] != entryFormat {
		return s, errEntry
	}
	i := 1
	var fields [6]string
	for f := range fields {
		n, k := uvarint(p[i:])
		if k <= 0 || n > uint64(len(p)-i-k) {
			return s, errEntry
		}
		i += k
		fields[f] = p[i : i+int(n)]
		i += int(n)
	}
	progress, k := uvarint(p[i:])
	if k <= 0 || progress > 100 {
		return s, errEntry
	}
	i += k
	usec, k := uvarint(p[i:])
	if k <= 0 {
		return s, errEntry
	}
	i += k
	nsec, k := uvarint(p[i:])
	if k <= 0 || nsec > 999_999_999 {
		return s, errEntry
	}
	i += k
	rev, k := uvarint(p[i:])
	if k <= 0 || rev > 1<<62 {
		return s, errEntry
	}
	if i += k; i != len(p) {
		return s, errEntry
	}
	sec := int64(usec >> 1) // zigzag, as binary.AppendVarint writes it
	if usec&1 != 0 {
		sec = ^sec
	}
	s = workbook.Summary{ID: fields[0], Team: fields[1], District: fields[2], SchoolYear: fields[3], TemplateRef: fields[4], Cohort: fields[5],
		Progress: int(progress), Updated: time.Unix(sec, int64(nsec)).UTC(), Revision: int(rev)}
	return s, nil
}

// uvarint is binary.Uvarint on a string.
func uvarint(s string) (uint64, int) {
	var x uint64
	var shift uint
	for i := 0; i < len(s); i++ {
		if i == binary.MaxVarintLen64 {
			return 0, -(i + 1) // overflow
		}
		b := s[i]
		if b < 0x80 {
			if i == binary.MaxVarintLen64-1 && b > 1 {
				return 0, -(i + 1) // overflow
			}
			return x | uint64(b)<<shift, i + 1
		}
		x |= uint64(b&0x7f) << shift
		shift += 7
	}
	return 0, 0
}

// listKey is a session's key in the recent bucket: its last change, newest
// first (the seconds, then the nanoseconds, each inverted so that a later
// time sorts before an earlier one), then its id, as List orders sessions.
func listKey(s workbook.Summary) []byte {
	k := make([]byte, 12, 12+len(s.ID))
	binary.BigEndian.PutUint64(k, ^(uint64(s.Updated.Unix()) ^ 1<<63))
	binary.BigEndian.PutUint32(k[8:], ^uint32(s.Updated.Nanosecond()))
	return append(k, s.ID...)
}

// checkListKey reports whether key is the recent bucket's key of the entry s.
func checkListKey(key []byte, s workbook.Summary) error {
	if !bytes.Equal(key, listKey(s)) {
		return fmt.Errorf("it is filed under another session or time")
	}
	return nil
}
