package store

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"edtech-workbook/workbook"
)

// receive stores s as received from a file named name.
func receive(t testing.TB, st *Store, s *workbook.Session, name string) workbook.ReceivedFile {
	t.Helper()
	content, err := workbook.MarshalSession(s)
	if err != nil {
		t.Fatal(err)
	}
	f, err := st.Receive(s, workbook.ReceivedFile{Name: name, SHA256: workbook.HashFile(content), Revision: s.Revision,
		Received: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), Team: s.Team, Bytes: len(content)}, content)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestReceivedFilesRoundTrip: each received file is kept as the next round
// of its session, in the same save as the session; rounds read back exactly;
// deleting the session deletes its rounds.
func TestReceivedFilesRoundTrip(t *testing.T) {
	st := openTemp(t)
	s := testSession("Alderbrook")
	s.ID = "s1"
	other := testSession("Northside")
	other.ID = "s2"
	if f := receive(t, st, s, "a.json"); f.Round != 1 || f.Session != "s1" {
		t.Fatalf("first file: %+v", f)
	}
	receive(t, st, other, "n.json")
	s2 := s.Clone()
	s2.Plan.Aim = "Round two's aim"
	s2.Revision = 9
	if f := receive(t, st, s2, "b.json"); f.Round != 2 {
		t.Fatalf("second file: %+v", f)
	}
	stored, err := st.Get("s1")
	if err != nil || stored.Plan.Aim != "Round two's aim" || stored.Revision == 9 {
		t.Fatalf("stored session %+v, %v", stored, err)
	}
	rounds, err := st.ReceivedFiles("s1")
	if err != nil || len(rounds) != 2 || rounds[0].Name != "a.json" || rounds[1].Name != "b.json" || rounds[1].Revision != 9 {
		t.Fatalf("rounds %+v, %v", rounds, err)
	}
	got, f, err := st.ReceivedSession("s1", 1)
	if err != nil || f.Round != 1 || got.Plan.Aim != s.Plan.Aim {
		t.Fatalf("round 1: %+v, %v", f, err)
	}
	if _, _, err := st.ReceivedSession("s1", 3); !errors.Is(err, workbook.ErrNotFound) {
		t.Fatalf("round 3 = %v", err)
	}
	if r, err := st.ReceivedFiles("never"); err != nil || len(r) != 0 {
		t.Fatalf("a session never received: %+v, %v", r, err)
	}
	if err := st.Delete("s1"); err != nil {
		t.Fatal(err)
	}
	if r, err := st.ReceivedFiles("s1"); err != nil || len(r) != 0 {
		t.Fatalf("rounds of a deleted session: %+v, %v", r, err)
	}
	if r, err := st.ReceivedFiles("s2"); err != nil || len(r) != 1 {
		t.Fatalf("the other session's rounds: %+v, %v", r, err)
	}
	rep, err := Doctor(st.Path())
	if err != nil || !rep.OK() || rep.Received != 1 {
		t.Fatalf("doctor: %+v, %v", rep, err)
	}
}

func rawReceived(t *testing.T, path string, fn func(b *bolt.Bucket) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error { return fn(tx.Bucket(bucketReceived)) }); err != nil {
		t.Fatal(err)
	}
}

// TestDamagedReceivedFilesAreReportedNeverRead: a changed byte, a lost
// round, a content swapped for another's, a round of a session that is not
// there: reading says which and that it is damaged, a review over it
// writes nothing, and doctor and the start-up backup report it.
func TestDamagedReceivedFilesAreReportedNeverRead(t *testing.T) {
	reframe := func(key []byte, payload []byte) []byte {
		v, _ := frame(bucketReceived, key, payload)
		return v
	}
	cases := map[string]struct {
		damage func(b *bolt.Bucket) error
		want   string
	}{
		"a byte changed in a file": {func(b *bolt.Bucket) error {
			k := roundKey(recFile, "s1", 1)
			v := bytes.Clone(b.Get(k))
			i := bytes.Index(v, []byte("Alderbrook"))
			v[i] ^= 0x20
			return b.Put(k, v)
		}, "round 1 of session s1 is damaged: its checksum does not match"},
		"a round lost": {func(b *bolt.Bucket) error { return b.Delete(roundKey(recMeta, "s1", 2)) },
			"session s1 lists 2 received files but 1 were read"},
		"a content replaced, checksum and all": {func(b *bolt.Bucket) error {
			k := roundKey(recFile, "s1", 1)
			p, _, _ := unframe(bucketReceived, roundKey(recFile, "s1", 2), b.Get(roundKey(recFile, "s1", 2)))
			return b.Put(k, reframe(k, bytes.Clone(p)))
		}, "round 1 of session s1 does not match its hash"},
		"the state record damaged": {func(b *bolt.Bucket) error {
			return b.Put([]byte(recKeyState), []byte{1, 0, 0, 0, 0, '{', '}'})
		}, "the state record is damaged"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			st := openTempUnchecked(t)
			s := testSession("Alderbrook")
			s.ID = "s1"
			receive(t, st, s, "a.json")
			s.Plan.Aim = "second"
			receive(t, st, s, "b.json")
			_ = st.Close()
			rawReceived(t, st.Path(), c.damage)
			_, err1 := st.ReceivedFiles("s1")
			_, _, err2 := st.ReceivedSession("s1", 1)
			err := errors.Join(err1, err2)
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("reading = %v; want ErrCorrupt naming %q", err, c.want)
			}
			before := fileBytes(t, st.Path())
			if _, err := st.Receive(s, workbook.ReceivedFile{Name: "c.json"}, []byte("{}")); !errors.Is(err, ErrCorrupt) && !strings.Contains(c.want, "hash") {
				t.Fatalf("a review over damage = %v", err)
			}
			_ = st.Close()
			if !strings.Contains(c.want, "hash") && !bytes.Equal(before, fileBytes(t, st.Path())) {
				t.Fatal("a review over damaged rounds wrote to the file")
			}
			rep, err := Doctor(st.Path())
			if err != nil || rep.OK() || !strings.Contains(strings.Join(rep.Problems, "\n"), "received for review") {
				t.Fatalf("Doctor = %q, %v", rep.Problems, err)
			}
			if err := st.SnapshotBackup(); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("SnapshotBackup over damaged rounds = %v", err)
			}
		})
	}
	t.Run("rounds of a session not in the file", func(t *testing.T) {
		st := openTempUnchecked(t)
		s := testSession("Alderbrook")
		s.ID = "s1"
		receive(t, st, s, "a.json")
		_ = st.Close()
		db, err := bolt.Open(st.Path(), 0o600, &bolt.Options{Timeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		_ = db.Update(func(tx *bolt.Tx) error {
			return tx.Bucket(bucketSessions).Delete([]byte("s1")) // and its list entry stays: two problems
		})
		_ = db.Close()
		rep, err := Doctor(st.Path())
		if err != nil || !strings.Contains(strings.Join(rep.Problems, "\n"), "files are kept for session s1, which is not in the file") {
			t.Fatalf("Doctor = %q, %v", rep.Problems, err)
		}
	})
}
