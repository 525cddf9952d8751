package store

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"edtech-workbook/workbook"
)

func entrySamples() []workbook.Summary {
	at := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	out := []workbook.Summary{
		{ID: "abcd1234abcd1234", Team: "Alderbrook", District: "Riverside Unified", SchoolYear: "2025-26", Cohort: "spring «2026»", TemplateRef: "edtech-systems@1", Progress: 42, Updated: at, Revision: 7},
		{ID: "x", Updated: time.Unix(0, 0).UTC()},
		{ID: "../odd id", Team: "Équipe «Ærø» 日本 \u200d", District: "", SchoolYear: "2026-27", TemplateRef: "t@12", Progress: 100,
			Updated: at.Add(123456789 * time.Nanosecond), Revision: 1 << 40},
		{ID: "old", Team: "Before 1970", Updated: time.Date(1901, 1, 1, 0, 0, 0, 5, time.UTC), Revision: 1},
		{ID: "far", Team: "Far future", Updated: time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)},
	}
	rng := rand.New(rand.NewPCG(4, 4))
	for i := range 200 {
		out = append(out, workbook.Summary{ID: fmt.Sprintf("%016x", rng.Uint64()), Team: fmt.Sprintf("Team %d", i),
			Updated: at.Add(time.Duration(rng.IntN(50)) * time.Second), Progress: i % 101, Revision: i})
	}
	return out
}

// An entry reads back as it was written.
func TestListEntryRoundTrip(t *testing.T) {
	for _, s := range entrySamples() {
		got, err := decodeEntry(encodeEntry(s))
		if err != nil || !sameEntry(got, s) || got.Progress != s.Progress {
			t.Fatalf("%+v read back as %+v (%v)", s, got, err)
		}
		if err := checkListKey(listKey(s), got); err != nil {
			t.Fatal(err)
		}
	}
}

// Text that is not UTF-8 reads back as the session's JSON record has it.
func TestListEntryInvalidUTF8(t *testing.T) {
	s := workbook.Summary{ID: "id", Team: "Team \xff\xfe", District: "a\xc3", Updated: time.Unix(5, 0).UTC()}
	got, err := decodeEntry(encodeEntry(s))
	js, _ := json.Marshal(s)
	var want workbook.Summary
	_ = json.Unmarshal(js, &want)
	if err != nil || got.Team != want.Team || got.District != want.District || got.Team != "Team \ufffd\ufffd" {
		t.Fatalf("%q %q (%v), want %q %q", got.Team, got.District, err, want.Team, want.District)
	}
}

// The recent bucket's keys sort the entries as List orders them: the most
// recently changed first, then by id.
func TestListKeyOrder(t *testing.T) {
	sums := entrySamples()
	want := slices.Clone(sums)
	sort.SliceStable(want, func(i, j int) bool {
		if !want[i].Updated.Equal(want[j].Updated) {
			return want[i].Updated.After(want[j].Updated)
		}
		return want[i].ID < want[j].ID
	})
	got := slices.Clone(sums)
	slices.SortFunc(got, func(a, b workbook.Summary) int { return bytesCompare(listKey(a), listKey(b)) })
	for i := range want {
		if got[i].ID != want[i].ID {
			t.Fatalf("position %d: %s, want %s", i, got[i].ID, want[i].ID)
		}
	}
}

func bytesCompare(a, b []byte) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return int(a[i]) - int(b[i])
		}
	}
	return len(a) - len(b)
}

// A damaged entry is an error, never a panic or another entry.
func FuzzDecodeEntry(f *testing.F) {
	for _, s := range entrySamples()[:5] {
		f.Add(encodeEntry(s))
	}
	f.Add([]byte{})
	f.Add([]byte{entryFormat, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, p []byte) {
		s, err := decodeEntry(p)
		if err != nil {
			return
		}
		if s.Progress < 0 || s.Progress > 100 || s.Revision < 0 {
			t.Fatalf("decoded out of range: %+v", s)
		}
	})
}

// BenchmarkListEntry: reading one list entry, compact against the JSON of
// schemas 2 and 3.
func BenchmarkListEntry(b *testing.B) {
	s := entrySamples()[0]
	compact := encodeEntry(s)
	js, _ := json.Marshal(s)
	b.Run("compact", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := decodeEntry(compact); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var s workbook.Summary
			if err := json.Unmarshal(js, &s); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(len(compact)), "B-compact")
	b.ReportMetric(float64(len(js)), "B-json")
}
