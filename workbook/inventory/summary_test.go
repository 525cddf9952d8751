package inventory

import "testing"

func TestRecentUsage(t *testing.T) {
	lastYear := Usage{Source: FromSSO, Period: Period{day(t, "2025-09-01"), day(t, "2026-06-30")}, ActiveUsers: Known(500), Trust: TrustMedium}
	thisYear := Usage{Source: FromSurvey, Period: Period{day(t, "2026-09-01"), day(t, "2026-10-31")}, ActiveUsers: Known(6), Trust: TrustLow}
	old := Usage{Source: FromSSO, Period: Period{day(t, "2023-09-01"), day(t, "2024-06-30")}, ActiveUsers: Known(9), Trust: TrustHigh}
	today := day(t, "2026-11-20")
	cases := []struct {
		usage    []Usage
		want     Count
		wantYear string
	}{
		{[]Usage{lastYear, thisYear}, Known(6), "2026-27"}, // this year's figure wins, however weak
		{[]Usage{lastYear}, Known(500), "2025-26"},         // else last year's
		{[]Usage{old}, Count{}, ""},                        // older figures are not "recent"
		{nil, Count{}, ""},
	}
	for i, c := range cases {
		u, year, ok := RecentUsage(c.usage, today)
		if u.ActiveUsers != c.want || year != c.wantYear || ok != (c.wantYear != "") {
			t.Errorf("case %d: %v %q %v", i, u.ActiveUsers, year, ok)
		}
	}
}
