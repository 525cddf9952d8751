package workbook

import (
	"testing"
	"time"
)

func TestSchoolYearOf(t *testing.T) {
	for _, tc := range []struct {
		date string
		want string
	}{
		{"2026-11-22", "2026-27"}, {"2026-07-01", "2026-27"}, {"2026-06-30", "2025-26"},
		{"2026-03-02", "2025-26"}, {"2099-12-31", "2099-00"},
	} {
		d, _ := time.Parse("2006-01-02", tc.date)
		if got := SchoolYearOf(d); got != tc.want {
			t.Errorf("SchoolYearOf(%s) = %s, want %s", tc.date, got, tc.want)
		}
	}
}
