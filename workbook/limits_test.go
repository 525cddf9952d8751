package workbook

import "testing"

func TestLongestJSONString(t *testing.T) {
	cases := []struct {
		json string
		want int
	}{
		{`{}`, 0},
		{`{"a":"bcd"}`, 3},
		{`{"key":"x","k":"with \" quote"}`, 13},
		{`["ends in backslash \\", "xy"]`, 20},
		{`{"s":"\u003c\u003c"}`, 12},
	}
	for _, tc := range cases {
		if got := longestJSONString([]byte(tc.json)); got != tc.want {
			t.Errorf("longestJSONString(%s) = %d, want %d", tc.json, got, tc.want)
		}
	}
}
