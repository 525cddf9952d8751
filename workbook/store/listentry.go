package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

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
//	[uvarint length + bytes] id, team, district, school year, template ref
//	[uvarint] progress
//	[varint] updated, seconds since 1970 (UTC)
//	[uvarint] updated, nanoseconds of the second
//	[uvarint] revision
const entryFormat = 0x01

// encodeEntry encodes a list entry.
func encodeEntry(s workbook.Summary) []byte {
	b := make([]byte, 0, 48+len(s.ID)+len(s.Team)+len(s.District)+len(s.SchoolYear)+len(s.TemplateRef))
	b = append(b, entryFormat)
	for _, f := range [...]string{s.ID, s.Team, s.District, s.SchoolYear, s.TemplateRef} {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	b = binary.AppendUvarint(b, uint64(max(s.Progress, 0)))
	b = binary.AppendVarint(b, s.Updated.Unix())
	b = binary.AppendUvarint(b, uint64(s.Updated.Nanosecond()))
	return binary.AppendUvarint(b, uint64(max(s.Revision, 0)))
}

var errEntry = errors.New("it is not a list entry")

// decodeEntry decodes a list entry. Its text fields share one string (one
// allocation per entry).
func decodeEntry(p []byte) (workbook.Summary, error) {
	var s workbook.Summary
	if len(p) < 1 || p[0] != entryFormat {
		return s, errEntry
	}
	text := string(p) // the fields below are substrings of it
	i := 1
	var fields [5]string
	for f := range fields {
		n, k := binary.Uvarint(p[i:])
		if k <= 0 || n > uint64(len(p)-i-k) {
			return s, errEntry
		}
		i += k
		fields[f] = text[i : i+int(n)]
		i += int(n)
	}
	progress, k := binary.Uvarint(p[i:])
	if k <= 0 || progress > 100 {
		return s, errEntry
	}
	i += k
	sec, k := binary.Varint(p[i:])
	if k <= 0 {
		return s, errEntry
	}
	i += k
	nsec, k := binary.Uvarint(p[i:])
	if k <= 0 || nsec > 999_999_999 {
		return s, errEntry
	}
	i += k
	rev, k := binary.Uvarint(p[i:])
	if k <= 0 || rev > 1<<62 {
		return s, errEntry
	}
	if i += k; i != len(p) {
		return s, errEntry
	}
	s = workbook.Summary{ID: fields[0], Team: fields[1], District: fields[2], SchoolYear: fields[3], TemplateRef: fields[4],
		Progress: int(progress), Updated: time.Unix(sec, int64(nsec)).UTC(), Revision: int(rev)}
	return s, nil
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
