package inventory

import (
	"fmt"
	"strconv"
	"time"
)

// Date is a calendar day with no time of day or time zone, written
// 2006-01-02 in JSON. The zero Date means "not set".
type Date struct{ t time.Time }

// NewDate returns the given day; out-of-range parts roll over as in time.Date.
func NewDate(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date { return NewDate(t.Year(), t.Month(), t.Day()) }

// ParseDate reads a date written 2006-01-02.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q should be written like 2026-09-01", s)
	}
	return Date{t}, nil
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// String is 2006-01-02, or "" when the date is unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// Time returns midnight UTC of the day.
func (d Date) Time() time.Time { return d.t }

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is a later day than e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// AddDays returns the day n days after d (before, when n is negative).
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// DaysUntil returns the number of days from d to e (negative when e is earlier).
func (d Date) DaysUntil(e Date) int { return int(e.t.Sub(d.t).Hours() / 24) }

// MarshalText writes the date as 2006-01-02 (empty when unset).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads 2006-01-02; an empty text is the unset date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Period is the span of days a usage figure covers, both ends included.
type Period struct {
	From Date `json:"from"`
	To   Date `json:"to"`
}

// IsZero reports whether neither end is set.
func (p Period) IsZero() bool { return p.From.IsZero() && p.To.IsZero() }

// String is "2025-09-01 to 2026-06-30".
func (p Period) String() string { return p.From.String() + " to " + p.To.String() }

// Overlaps reports whether p and q share at least one day.
func (p Period) Overlaps(q Period) bool { return !p.To.Before(q.From) && !q.To.Before(p.From) }

// Days returns the number of days covered (0 for an unset or reversed period).
func (p Period) Days() int {
	if p.From.IsZero() || p.To.IsZero() || p.To.Before(p.From) {
		return 0
	}
	return p.From.DaysUntil(p.To) + 1
}

// SchoolYearPeriod checks a school year written like 2025-26 and returns the
// days it covers: July 1 to June 30.
func SchoolYearPeriod(y string) (Period, error) {
	if len(y) != 7 || y[4] != '-' || !allDigits(y[:4]) || !allDigits(y[5:]) {
		return Period{}, fmt.Errorf("school year %q should look like 2025-26", y)
	}
	first, _ := strconv.Atoi(y[:4])
	second, _ := strconv.Atoi(y[5:])
	if (first+1)%100 != second {
		return Period{}, fmt.Errorf("school year %q should end with the year after %d, as in %d-%02d", y, first, first, (first+1)%100)
	}
	return Period{NewDate(first, time.July, 1), NewDate(first+1, time.June, 30)}, nil
}

// SchoolYearOf returns the school year a day falls in (July to June):
// 2026-11-22 is in 2026-27, 2026-03-02 in 2025-26.
func SchoolYearOf(d Date) string {
	first := d.t.Year()
	if d.t.Month() < time.July {
		first--
	}
	return fmt.Sprintf("%d-%02d", first, (first+1)%100)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
