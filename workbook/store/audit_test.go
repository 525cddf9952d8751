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

// TestAuditLogRoundTrip: each audited save stores its entry in the same
// transaction; a run of saves by one person on one session shares an entry;
// another person, session or action starts a new one; doctor counts them.
func TestAuditLogRoundTrip(t *testing.T) {
	st := openTemp(t)
	clock := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	st.SetClock(func() time.Time { return clock })
	ana := AuditEntry{Person: "Ana Ruiz", Role: "member", Key: "SHA256:ana"}
	e := ana
	e.Action, e.Team = AuditCreate, "Alderbrook"
	s, err := st.CreateAudited(testSession("Alderbrook"), e)
	if err != nil {
		t.Fatal(err)
	}
	for i, part := range []string{"indicator 1: consensus", "indicator 2: consensus", "indicator 1: consensus"} {
		clock = clock.Add(30 * time.Second)
		e := ana
		e.Action, e.Session, e.Team, e.Parts = AuditUpdate, s.ID, s.Team, []string{part}
		if s, err = st.UpdateAudited(s, e); err != nil {
			t.Fatalf("save %d: %v", i, err)
		}
	}
	clock = clock.Add(10 * time.Minute) // a pause: a new entry
	e = ana
	e.Action, e.Session, e.Parts = AuditUpdate, s.ID, []string{"plan: aim"}
	if s, err = st.UpdateAudited(s, e); err != nil {
		t.Fatal(err)
	}
	rosa := AuditEntry{Person: "Rosa", Role: "coach", Key: "SHA256:rosa", Action: AuditComment, Session: s.ID, Parts: []string{"comments on the session"}}
	if s, err = st.UpdateAudited(s, rosa); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Update(s); err != nil { // not audited (the command line): no entry
		t.Fatal(err)
	}
	log, err := st.Audit()
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 4 {
		t.Fatalf("audit log has %d entries, want 4 (create, a run of three saves, a save after a pause, a comment): %+v", len(log), log)
	}
	run := log[1]
	if run.Saves != 3 || len(run.Parts) != 2 || run.Seq != 2 || !run.Last.After(run.At) || run.Revision != log[2].Revision-1 {
		t.Fatalf("the run of three saves: %+v", run)
	}
	if log[0].Action != AuditCreate || log[0].Revision == 0 || log[3].Person != "Rosa" || log[3].Key != "SHA256:rosa" {
		t.Fatalf("entries: %+v", log)
	}
	if err := st.DeleteAudited(s.ID, s.Revision, AuditEntry{Person: "Ana Ruiz", Action: AuditDelete, Session: s.ID}); !errors.Is(err, workbook.ErrConflict) {
		t.Fatalf("a delete from an older revision = %v, want ErrConflict", err)
	}
	cur, _ := st.Get(s.ID)
	if err := st.DeleteAudited(s.ID, cur.Revision, AuditEntry{Person: "Ana Ruiz", Action: AuditDelete, Session: s.ID}); err != nil {
		t.Fatal(err)
	}
	if log, _ = st.Audit(); len(log) != 5 || log[4].Action != AuditDelete {
		t.Fatalf("after the delete: %+v", log)
	}
	_ = st.Close()
	rep, err := Doctor(st.Path())
	if err != nil || !rep.OK() {
		t.Fatalf("doctor: %+v, %v", rep, err)
	}
}

// TestAuditPartsAreCapped: a run naming many parts keeps the first ones and
// counts the rest.
func TestAuditPartsAreCapped(t *testing.T) {
	var parts []string
	for i := range maxAuditParts + 5 {
		parts = append(parts, strings.Repeat("x", i+1))
	}
	got := mergeParts(parts[:10], append(parts[10:], "and 3 more"))
	if len(got) != maxAuditParts+1 || got[len(got)-1] != "and 8 more" {
		t.Fatalf("capped parts end %q (%d names)", got[len(got)-1], len(got))
	}
}

// TestDamagedAuditLogIsReported: a changed byte or a lost entry is reported
// by Audit, by doctor and by the start-up backup. An audited save reads the
// state record and the last entry (not the whole log, which only grows):
// over damage there it writes nothing.
func TestDamagedAuditLogIsReported(t *testing.T) {
	flip := func(seq uint64, name string) func(b *bolt.Bucket) error {
		return func(b *bolt.Bucket) error {
			k := auditKey(seq)
			v := bytes.Clone(b.Get(k))
			i := bytes.Index(v, []byte(name))
			v[i] ^= 0x20
			return b.Put(k, v)
		}
	}
	cases := map[string]struct {
		damage func(b *bolt.Bucket) error
		want   string // what the refused save says ("": the save goes through)
	}{
		"a byte changed in the last entry":   {flip(2, "Ben"), "an entry is damaged: its checksum does not match"},
		"the last entry lost":                {func(b *bolt.Bucket) error { return b.Delete(auditKey(2)) }, "entry 2, the last one recorded, is missing"},
		"a byte changed in an earlier entry": {flip(1, "Ana"), ""},
		"an earlier entry lost":              {func(b *bolt.Bucket) error { return b.Delete(auditKey(1)) }, ""},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			st := openTempUnchecked(t)
			s, err := st.CreateAudited(testSession("Alderbrook"), AuditEntry{Person: "Ana", Action: AuditCreate})
			if err != nil {
				t.Fatal(err)
			}
			if s, err = st.UpdateAudited(s, AuditEntry{Person: "Ben", Action: AuditUpdate, Session: s.ID}); err != nil {
				t.Fatal(err)
			}
			_ = st.Close()
			db, err := bolt.Open(st.Path(), 0o600, &bolt.Options{Timeout: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Update(func(tx *bolt.Tx) error { return c.damage(tx.Bucket(bucketAudit)) }); err != nil {
				t.Fatal(err)
			}
			_ = db.Close()
			if _, err := st.Audit(); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("Audit over damage = %v, want ErrCorrupt", err)
			}
			if c.want != "" {
				before := fileBytes(t, st.Path())
				if _, err := st.UpdateAudited(s, AuditEntry{Person: "Ben", Action: AuditUpdate, Session: s.ID}); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), c.want) {
					t.Fatalf("an audited save over damage = %v, want ErrCorrupt naming %q", err, c.want)
				}
				_ = st.Close()
				if !bytes.Equal(before, fileBytes(t, st.Path())) {
					t.Fatal("an audited save over a damaged log wrote to the file")
				}
			}
			rep, err := Doctor(st.Path())
			if err != nil || rep.OK() || !strings.Contains(strings.Join(rep.Problems, "\n"), "the audit log") {
				t.Fatalf("Doctor = %q, %v", rep.Problems, err)
			}
			if err := st.SnapshotBackup(); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("SnapshotBackup over a damaged log = %v", err)
			}
		})
	}
}
