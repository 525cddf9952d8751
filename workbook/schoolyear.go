package workbook

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

var schoolYearRE = regexp.MustCompile(`^(\d{4})-(\d{2})$`)

// ParseSchoolYear checks a school year written like 2025-26 and returns its
// first calendar year.
func ParseSchoolYear(y string) (int, error) {
	m := schoolYearRE.FindStringSubmatch(y)
	if m == nil {
		return 0, fmt.Errorf("school year %q should look like 2025-26", y)
	}
	first, _ := strconv.Atoi(m[1])
	second, _ := strconv.Atoi(m[2])
	if (first+1)%100 != second {
		return 0, fmt.Errorf("school year %q should end with the year after %d, as in %d-%02d", y, first, first, (first+1)%100)
	}
	return first, nil
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
