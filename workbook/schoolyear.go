package workbook

import (
	"fmt"
	"strconv"
	"time"
)

// ParseSchoolYear checks a school year written like 2025-26 and returns its
// first calendar year.
func ParseSchoolYear(y string) (int, error) {
	if len(y) != 7 || y[4] != '-' || !asciiDigits(y[:4]) || !asciiDigits(y[5:]) {
		return 0, fmt.Errorf("school year %q should look like 2025-26", y)
	}
	first, _ := strconv.Atoi(y[:4])
	second, _ := strconv.Atoi(y[5:])
	if (first+1)%100 != second {
		return 0, fmt.Errorf("school year %q should end with the year after %d, as in %d-%02d", y, first, first, (first+1)%100)
	}
	return first, nil
}

// asciiDigits reports whether s is one or more of 0-9. (Checked by hand,
// not with a regexp compiled when the program starts.)
func asciiDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// NextSchoolYear returns the school year after y ("2025-26" → "2026-27").
func NextSchoolYear(y string) (string, error) {
	first, err := ParseSchoolYear(y)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d-%02d", first+1, (first+2)%100), nil
}

// SchoolYearOf returns the school year a date falls in; a school year runs
// from July to June (2026-11-22 → "2026-27", 2026-03-02 → "2025-26").
func SchoolYearOf(t time.Time) string {
	first := t.Year()
	if t.Month() < time.July {
		first--
	}
	return fmt.Sprintf("%d-%02d", first, (first+1)%100)
}
