package store

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"edtech-workbook/workbook"
)

// TestEachSession walks the sessions whose list entries pass keep, most
// recently changed first (List's order), each read whole; an error of fn
// stops the walk and comes back as it is. A walk long enough to let go of
// the memory map's pages on the way reads every session the same.
func TestEachSession(t *testing.T) {
	st, err := Open(filepath.Join(t.TempDir(), "wb.db"), ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var ids []string
	for i, team := range []string{"North", "East", "South", "West"} {
		s := testSession(team)
		if i%2 == 1 {
			s.Cohort = "spring"
		}
		c, err := st.Create(s)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	sums, _ := st.List()
	var want []string
	for _, s := range sums {
		if s.Cohort == "spring" {
			want = append(want, s.Team)
		}
	}
	var got []string
	err = st.EachSession(func(s workbook.Summary) bool { return s.Cohort == "spring" }, func(s *workbook.Session) error {
		if len(s.Ratings) == 0 {
			t.Errorf("%s read without its ratings", s.Team)
		}
		got = append(got, s.Team)
		return nil
	})
	if err != nil || strings.Join(got, ",") != strings.Join(want, ",") || len(got) != 2 {
		t.Errorf("walk: %v, %v; want %v", got, err, want)
	}
	stop := errors.New("stop")
	n := 0
	if err := st.EachSession(nil, func(*workbook.Session) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("fn's error: %v after %d sessions", err, n)
	}
	// More than releaseEvery bytes of records: the pages are let go on the
	// way, and every session still reads whole.
	for range releaseEvery/(50<<10) + 10 {
		if _, err := st.Create(testSession("More")); err != nil {
			t.Fatal(err)
		}
	}
	n = 0
	if err := st.EachSession(nil, func(s *workbook.Session) error {
		if len(s.Ratings) != len(s.Template.Indicators()) {
			t.Fatalf("%s: %d ratings", s.Team, len(s.Ratings))
		}
		n++
		return nil
	}); err != nil || n != 4+releaseEvery/(50<<10)+10 {
		t.Errorf("long walk: %d sessions, %v", n, err)
	}
}
