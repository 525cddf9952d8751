package store

import (
	"os"
	"testing"

	"edtech-workbook/workbook"
)

// benchFile is a closed store of n realistic sessions (setup only).
func benchFile(b *testing.B, n int) *Store {
	b.Helper()
	st := openTemp(b)
	fillSessions(b, st, n)
	_ = st.Close()
	return st
}

// BenchmarkCheckPages1000: the page check of every open, for reading
// (the sessions' leaf pages left to the read of a session) and for writing
// (every page, leaf headers on every core).
func BenchmarkCheckPages1000(b *testing.B) {
	st := benchFile(b, 1000)
	f, err := os.Open(st.Path())
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	for _, m := range []struct {
		name string
		mode checkMode
	}{{"read", checkRead}, {"full", checkFull}} {
		b.Run(m.name, func(b *testing.B) {
			for b.Loop() {
				if err := checkPages(f, fi.Size(), m.mode); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDoctor1000: the full check of 1,000 sessions (doctor, the
// backup's check), streamed with plain reads and decoded on every core.
func BenchmarkDoctor1000(b *testing.B) {
	st := benchFile(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		rep, err := Doctor(st.Path())
		if err != nil || !rep.OK() || rep.Sessions != 1000 {
			b.Fatal(rep.Problems, err)
		}
	}
}

// BenchmarkReadSessions1000: export --all's walk over 1,000 sessions
// (read, checked and decoded; nothing rendered).
func BenchmarkReadSessions1000(b *testing.B) {
	st := benchFile(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		err := ReadSessions(st, SessionWalk[int]{
			Work: func(*workbook.Session) (int, error) { return 0, nil },
			Take: func(workbook.Summary, int) error { n++; return nil },
		})
		if err != nil || n != 1000 {
			b.Fatal(n, err)
		}
	}
}

// BenchmarkLookup1000: finding one session of 1,000 from a fresh open, by
// id (a seek, with its page path checked), by id prefix (a cursor seek)
// and by team (the list entries read).
func BenchmarkLookup1000(b *testing.B) {
	st := benchFile(b, 1000)
	list, err := st.List()
	if err != nil {
		b.Fatal(err)
	}
	target := list[len(list)/2]
	b.Run("id", func(b *testing.B) {
		for b.Loop() {
			_ = st.Close()
			if _, err := st.Get(target.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("prefix", func(b *testing.B) {
		for b.Loop() {
			_ = st.Close()
			if got, err := st.WithIDPrefix(target.ID[:6]); err != nil || len(got) == 0 {
				b.Fatal(err)
			}
		}
	})
	b.Run("team", func(b *testing.B) {
		for b.Loop() {
			_ = st.Close()
			if got, err := st.OfTeam(target.Team); err != nil || len(got) != 1 {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSessionDecoder: one session record decoded by the walks'
// decoder (its template the one before) and by decodeSession.
func BenchmarkSessionDecoder(b *testing.B) {
	rec, _, err := encodeSession(testSession("Bench"))
	if err != nil {
		b.Fatal(err)
	}
	p := rec[recordHeader:]
	b.Run("walk", func(b *testing.B) {
		var d sessionDecoder
		b.ReportAllocs()
		for b.Loop() {
			if _, err := d.decode(p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("whole", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := decodeSession(p, SchemaVersion); err != nil {
				b.Fatal(err)
			}
		}
	})
}
