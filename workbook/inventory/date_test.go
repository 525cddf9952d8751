package inventory

import (
	"encoding/json"
	"testing"
)

func TestSchoolYearPeriod(t *testing.T) {
	tests := []struct {
		year     string
		from, to string
		wantErr  bool
	}{
		{"2025-26", "2025-07-01", "2026-06-30", false},
		{"1999-00", "1999-07-01", "2000-06-30", false},
		{"2025-27", "", "", true},
		{"2025/26", "", "", true},
		{"25-26", "", "", true},
		{"", "", "", true},
	}
	for _, tt := range tests {
		p, err := SchoolYearPeriod(tt.year)
		if (err != nil) != tt.wantErr {
			t.Errorf("SchoolYearPeriod(%q) error = %v, want error %v", tt.year, err, tt.wantErr)
			continue
		}
		oneLine(t, err)
		if err == nil && (p.From.String() != tt.from || p.To.String() != tt.to) {
			t.Errorf("SchoolYearPeriod(%q) = %s, want %s to %s", tt.year, p, tt.from, tt.to)
		}
	}
}

func TestSchoolYearOf(t *testing.T) {
	for in, want := range map[string]string{"2026-11-22": "2026-27", "2026-03-02": "2025-26", "2026-07-01": "2026-27", "2026-06-30": "2025-26"} {
		if got := SchoolYearOf(day(t, in)); got != want {
			t.Errorf("SchoolYearOf(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestPeriod(t *testing.T) {
	p := Period{day(t, "2025-09-01"), day(t, "2025-09-30")}
	tests := []struct {
		q    Period
		want bool
	}{
		{Period{day(t, "2025-09-30"), day(t, "2025-10-10")}, true},
		{Period{day(t, "2025-10-01"), day(t, "2025-10-10")}, false},
		{Period{day(t, "2025-08-01"), day(t, "2025-09-01")}, true},
		{Period{day(t, "2025-01-01"), day(t, "2025-08-31")}, false},
	}
	for _, tt := range tests {
		if got := p.Overlaps(tt.q); got != tt.want {
			t.Errorf("%s overlaps %s = %v, want %v", p, tt.q, got, tt.want)
		}
	}
	if p.Days() != 30 {
		t.Errorf("Days = %d, want 30", p.Days())
	}
	if (Period{p.To, p.From}).Days() != 0 {
		t.Error("a reversed period should cover no days")
	}
}

func TestDateJSON(t *testing.T) {
	type holder struct {
		A Date `json:"a"`
		B Date `json:"b,omitzero"`
	}
	buf, err := json.Marshal(holder{A: day(t, "2026-02-28")})
	if err != nil {
		t.Fatal(err)
	}
	if string(buf) != `{"a":"2026-02-28"}` {
		t.Errorf("marshal = %s", buf)
	}
	var h holder
	if err := json.Unmarshal([]byte(`{"a":"2026-02-28","b":""}`), &h); err != nil || h.A != day(t, "2026-02-28") || !h.B.IsZero() {
		t.Errorf("unmarshal = %+v, %v", h, err)
	}
	if err := json.Unmarshal([]byte(`{"a":"28/02/2026"}`), &h); err == nil {
		t.Error("a date in another format should not load")
	}
	if got := day(t, "2026-01-01").DaysUntil(day(t, "2026-03-01")); got != 59 {
		t.Errorf("DaysUntil = %d, want 59", got)
	}
}
