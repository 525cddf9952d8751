package workbook

import "testing"

func TestDomainChangeMatchesShownNumbers(t *testing.T) {
	for _, c := range []struct {
		now, last float64
		want      string
	}{
		{2.25, 2.2, "="}, {1.84, 1.75, "="}, {2.0, 1.5, "▲0.5"}, {1.0, 2.0, "▼1.0"}, {2.34, 2.26, "="}, {2.36, 2.24, "▲0.2"},
	} {
		if got := domainChange(c.now, c.last); got != c.want {
			t.Errorf("domainChange(%v, %v) = %q, want %q", c.now, c.last, got, c.want)
		}
	}
}
