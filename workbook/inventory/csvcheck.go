package inventory

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Checks a usage file passes before any row is read: its size, its
// encoding, and that no column holds people's identities.

// DefaultMaxImportBytes bounds a usage file. A year of daily rows for a few
// hundred tools is a few megabytes; anything near this size is not a
// per-tool summary.
const DefaultMaxImportBytes = 64 << 20

// CheckImportSize refuses a file larger than max bytes (0 means
// DefaultMaxImportBytes). Call it with the file's size before reading it.
func CheckImportSize(size, max int64) error {
	if max <= 0 {
		max = DefaultMaxImportBytes
	}
	if size > max {
		return fmt.Errorf("the file is %s, over the %s limit for a usage report; export a shorter period or one row per tool", byteSize(size), byteSize(max))
	}
	return nil
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

const resaveHint = `open it in a spreadsheet and save it as "CSV UTF-8 (comma delimited)"`

// checkEncoding returns the text without a UTF-8 byte-order mark, or says
// which encoding the file is in and how to re-save it.
func checkEncoding(data []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return nil, fmt.Errorf("the file is UTF-16 text (Excel's \"Unicode Text\"), not UTF-8; %s", resaveHint)
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return nil, fmt.Errorf("the file is a spreadsheet workbook (.xlsx), not CSV; %s", resaveHint)
	}
	if i := bytes.IndexByte(data[:min(len(data), 4096)], 0); i >= 0 {
		return nil, fmt.Errorf("the file has NUL bytes, so it is UTF-16 without a byte-order mark or not text at all; %s", resaveHint)
	}
	if utf8.Valid(data) {
		return data, nil
	}
	off := firstInvalidUTF8(data)
	line := bytes.Count(data[:off], []byte{'\n'}) + 1
	b := data[off]
	if b >= 0xA0 {
		return nil, fmt.Errorf("the file is not UTF-8: byte 0x%02X on line %d is %q in Latin-1 or Windows-1252; %s", b, line, rune(b), resaveHint)
	}
	return nil, fmt.Errorf("the file is not UTF-8: byte 0x%02X on line %d is not valid UTF-8 (probably Windows-1252); %s", b, line, resaveHint)
}

func firstInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(data)
}

// headerKey is a column name reduced for comparison: lower case, words
// separated by single spaces ("Unique_Users " → "unique users").
func headerKey(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 0x80)
	}), " ")
}

// personalColumn says why a column looks like it identifies a person, or
// returns "" when it does not. Usage imports take only totals per tool.
func personalColumn(name string) string {
	key := headerKey(name)
	words := strings.Fields(key)
	has := func(ws ...string) bool {
		for _, w := range words {
			for _, x := range ws {
				if w == x {
					return true
				}
			}
		}
		return false
	}
	compact := strings.ReplaceAll(key, " ", "")
	switch {
	case has("student", "students", "pupil", "learner") && has("id", "number", "no", "name", "email", "mail", "first", "last", "birth", "dob", "login", "username"),
		strings.Contains(compact, "student") && (strings.HasSuffix(compact, "id") || strings.Contains(compact, "name") || strings.Contains(compact, "number") || strings.Contains(compact, "email")):
		return "a student identifier"
	case has("sis", "sasid", "lasid", "ssn", "sourcedid") || compact == "stateid" || compact == "statestudentid" || compact == "localid":
		return "a student-information-system or state identifier"
	case has("email", "mail") || compact == "emailaddress":
		return "an email address"
	case has("dob", "birthdate", "birthday") || compact == "dateofbirth" || (has("birth") && has("date")):
		return "a date of birth"
	case compact == "firstname" || compact == "lastname" || compact == "middlename" || compact == "givenname" ||
		compact == "familyname" || compact == "surname" || compact == "fullname" || compact == "preferredname":
		return "a person's name"
	case has("name") && has("teacher", "staff", "user", "person", "parent", "guardian", "student"):
		return "a person's name"
	case compact == "userid" || compact == "username" || compact == "loginid" || compact == "personid" || compact == "login" || compact == "userlogin":
		return "a user account"
	case has("address") && !has("ip"), has("phone", "telephone", "mobile"):
		return "contact details"
	case has("ip") && has("address"):
		return "a device address"
	}
	return ""
}

// refusePersonalColumns refuses a header with any column that looks like it
// identifies a person, naming the column.
func refusePersonalColumns(header []string) error {
	for _, h := range header {
		if why := personalColumn(h); why != "" {
			return fmt.Errorf("column %q looks like %s; usage imports take totals per tool only, so export the per-app summary or delete that column, then import again", strings.TrimSpace(h), why)
		}
	}
	return nil
}
