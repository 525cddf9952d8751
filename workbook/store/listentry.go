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
	f, err := decodeFields(p)
	if err != nil {
		return workbook.Summary{}, err
	}
	t := &f.text
	return workbook.Summary{ID: t[0], Team: t[1], District: t[2], SchoolYear: t[3], TemplateRef: t[4], Cohort: t[5],
		Progress: f.progress, Updated: f.updated, Revision: f.revision}, nil
}

// entryFields is a decoded list entry whose text fields are parts of what
// it was decoded from: a string (decodeEntryText), or the file's own bytes
// (ListRows, which copies nothing).
type entryFields[T ~string | ~[]byte] struct {
	text     [6]T // id, team, district, school year, template ref, cohort tag
	progress int
	updated  time.Time
	revision int
}

// decodeFields decodes a list entry (see entryFormat); every length and
// number is checked, so a damaged entry is an error, never a panic.
func decodeFields[T ~string | ~[]byte](p T) (f entryFields[T], err error) {
	err = decodeFieldsInto(&f, p)
	return f, err
}

// decodeFieldsInto is decodeFields into f (ListRows reuses one).
func decodeFieldsInto[T ~string | ~[]byte](f *entryFields[T], p T) error {
	if len(p) < 1 || p[0] != entryFormat {
		return errEntry
	}
	i := 1
	for k := range f.text {
		n, w := uvarint(p[i:])
		if w <= 0 || n > uint64(len(p)-i-w) {
			return errEntry
		}
		i += w
		f.text[k] = p[i : i+int(n)]
		i += int(n)
	}
	progress, w := uvarint(p[i:])
	if w <= 0 || progress > 100 {
		return errEntry
	}
	i += w
	usec, w := uvarint(p[i:])
	if w <= 0 {
		return errEntry
	}
	i += w
	nsec, w := uvarint(p[i:])
	if w <= 0 || nsec > 999_999_999 {
		return errEntry
	}
	i += w
	rev, w := uvarint(p[i:])
	if w <= 0 || rev > 1<<62 {
		return errEntry
	}
	if i += w; i != len(p) {
		return errEntry
	}
	sec := int64(usec >> 1) // zigzag, as binary.AppendVarint writes it
	if usec&1 != 0 {
		sec = ^sec
	}
	f.progress, f.updated, f.revision = int(progress), time.Unix(sec, int64(nsec)).UTC(), int(rev)
	return nil
}

// uvarint is binary.Uvarint on a string or bytes.
func uvarint[T ~string | ~[]byte](s T) (uint64, int) {
	if len(s) > 0 && s[0] < 0x80 { // one byte: every length and most numbers of an entry
		return uint64(s[0]), 1
	}
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
	return checkKeyOf(key, s.ID, s.Updated)
}

// checkKeyOf reports whether key is listKey of the entry with this id and
// last change (without building the key: ListRows checks every entry).
func checkKeyOf[T ~string | ~[]byte](key []byte, id T, updated time.Time) error {
	var k [12]byte
	binary.BigEndian.PutUint64(k[:], ^(uint64(updated.Unix()) ^ 1<<63))
	binary.BigEndian.PutUint32(k[8:], ^uint32(updated.Nanosecond()))
	if len(key) != 12+len(id) || !bytes.Equal(key[:12], k[:]) || string(key[12:]) != string(id) {
		return fmt.Errorf("it is filed under another session or time")
	}
	return nil
}
