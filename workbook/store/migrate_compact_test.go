package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"edtech-workbook/workbook"
)

// The upgrade to compact list entries in last-change order, on a file the
// release before it wrote (testdata/schemaN/workbook.db, N the schema before
// schemaCompactList: the demo session, sessions saved, deleted, imported
// with a time that is not whole seconds in another zone, two changed in the
// same instant, one with a cohort tag, a stored template). Reading it never
// changes it; the upgrade takes a backup first, and afterwards the file
// lists, reads and saves as before, in the same order (cohort tag
// included), with the list walked in key order.
func TestMigrationToCompactList(t *testing.T) {
	fixture := fileBytes(t, filepath.Join("testdata", fmt.Sprintf("schema%d", schemaCompactList-1), "workbook.db"))
	path := filepath.Join(t.TempDir(), "w.db")
	if err := os.WriteFile(path, fixture, 0o600); err != nil {
		t.Fatal(err)
	}
	type read struct {
		list     []workbook.Summary
		sessions map[string][]byte
	}
	readAll := func(st *Store) read {
		t.Helper()
		r := read{sessions: map[string][]byte{}}
		var err error
		if r.list, err = st.List(); err != nil {
			t.Fatal(err)
		}
		for _, s := range r.list {
			sess, err := st.Get(s.ID)
			if err != nil {
				t.Fatal(err)
			}
			r.sessions[s.ID], _ = workbook.MarshalSession(sess)
		}
		return r
	}
	same := func(a, b read) error {
		if len(a.list) != len(b.list) {
			return fmt.Errorf("%d sessions, then %d", len(a.list), len(b.list))
		}
		for i := range a.list {
			x, y := a.list[i], b.list[i]
			if !sameEntry(x, y) || x.Progress != y.Progress {
				return fmt.Errorf("entry %d: %+v, then %+v", i, x, y)
			}
			if string(a.sessions[x.ID]) != string(b.sessions[x.ID]) {
				return fmt.Errorf("session %s reads differently", x.ID)
			}
		}
		return nil
	}
	ro, err := Open(path, ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	old := readAll(ro)
	_ = ro.Close()
	if rep, err := Doctor(path); err != nil || !rep.OK() || rep.Schema != schemaCompactList-1 || rep.Sessions != 8 {
		t.Fatalf("Doctor of the old file = %+v, %v", rep, err)
	}
	if string(fileBytes(t, path)) != string(fixture) {
		t.Fatal("reading the old file changed it")
	}
	var order []string
	for _, s := range old.list {
		order = append(order, s.Team)
	}
	if want := "[Birch Tie one Tie two Imported «Ærø» 日本 Cedar Alder Alderbrook EdTech Leadership Team]"; fmt.Sprint(order) != want {
		t.Fatalf("the fixture lists %v, want %s", order, want)
	}

	st, err := Open(path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	bak, err := Open(BackupPath(path), ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	if err := same(old, readAll(bak)); err != nil {
		t.Fatalf("the backup taken before the upgrade: %v", err)
	}
	_ = bak.Close()
	upgraded := readAll(st)
	if err := same(old, upgraded); err != nil {
		t.Fatalf("after the upgrade: %v", err)
	}
	tags := 0
	for _, s := range upgraded.list {
		if s.Cohort != "" {
			tags++
			if s.Team != "Cedar" || s.Cohort != "Spring «cohort»" {
				t.Fatalf("cohort tag %q on %q", s.Cohort, s.Team)
			}
		}
	}
	if tags != 1 {
		t.Fatalf("%d list entries with a cohort tag after the upgrade, want 1 (Cedar)", tags)
	}
	if rep, err := Doctor(path); err != nil || !rep.OK() || rep.Schema != SchemaVersion || rep.Sessions != 8 {
		t.Fatalf("Doctor after the upgrade = %+v, %v", rep, err)
	}
	// The recent bucket holds every entry once, under its own key, in the
	// list's order, and the digests cover both buckets.
	err = st.view(func(r *rtx) error {
		var keys []string
		err := r.tx.Bucket(bucketRecent).ForEach(func(k, v []byte) error {
			sum, _, err := r.recentEntry(k, v)
			keys = append(keys, sum.ID)
			return err
		})
		if err != nil {
			return err
		}
		for i, s := range old.list {
			if keys[i] != s.ID {
				return fmt.Errorf("recent bucket position %d is %s, want %s", i, keys[i], s.ID)
			}
		}
		if r.state.Recent.Count != 8 || r.state.Index.Count != 8 {
			return fmt.Errorf("state %+v", r.state)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A save moves the session to the top; a stale revision conflicts; a
	// delete takes it out of the list.
	s, err := st.Get(old.list[len(old.list)-1].ID)
	if err != nil {
		t.Fatal(err)
	}
	stale := s.Clone()
	st.SetClock(func() time.Time { return time.Date(2027, 1, 1, 9, 0, 0, 0, time.UTC) })
	if _, err := st.Update(s); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Update(stale); !errors.Is(err, workbook.ErrConflict) {
		t.Fatalf("stale save = %v", err)
	}
	list, err := st.List()
	if err != nil || len(list) != 8 || list[0].ID != s.ID {
		t.Fatalf("after a save: %v, %v", list, err)
	}
	if err := st.Delete(list[1].ID); err != nil {
		t.Fatal(err)
	}
	if list, err = st.List(); err != nil || len(list) != 7 {
		t.Fatalf("after a delete: %d, %v", len(list), err)
	}
	_ = st.Close()
	if rep, err := Doctor(path); err != nil || !rep.OK() {
		t.Fatalf("Doctor after saving = %+v, %v", rep, err)
	}
}

// An upgrade to compact list entries that fails after the migration has
// done all its writes (here: an error right after compactList) leaves the
// schema-3 file exactly as it was; it still reads, and the next open
// upgrades it.
func TestMigrationToCompactListFailureLeavesFile(t *testing.T) {
	fixture := fileBytes(t, filepath.Join("testdata", fmt.Sprintf("schema%d", schemaCompactList-1), "workbook.db"))
	path := filepath.Join(t.TempDir(), "w.db")
	if err := os.WriteFile(path, fixture, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := defaultConfig()
	cfg.migrations[schemaCompactList-1] = func(tx *bolt.Tx) error {
		if err := compactList(tx); err != nil {
			return err
		}
		return errors.New("boom")
	}
	if _, err := openWith(path, ReadWrite, cfg); err == nil || !strings.Contains(err.Error(), "left unchanged") {
		t.Fatalf("Open with the upgrade failing = %v", err)
	}
	if string(fileBytes(t, path)) != string(fixture) {
		t.Fatal("a failed upgrade changed the file")
	}
	if rep, err := Doctor(path); err != nil || !rep.OK() || rep.Schema != schemaCompactList-1 {
		t.Fatalf("Doctor after the failed upgrade = %+v, %v", rep, err)
	}
	st, err := Open(path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if list, err := st.List(); err != nil || len(list) != 8 {
		t.Fatalf("after the next open: %d sessions, %v", len(list), err)
	}
	if rep, err := Doctor(path); err != nil || !rep.OK() || rep.Schema != SchemaVersion {
		t.Fatalf("Doctor after the next open = %+v, %v", rep, err)
	}
}

// Damage to the recent bucket that every entry's own checksum cannot see
// (an entry lost, one filed twice, one that disagrees with the entry by id)
// is a doctor problem and a List error, never a wrong list.
func TestRecentListDamage(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(tx *bolt.Tx, ids []string) error
		want   string
	}{
		{"entry lost", func(tx *bolt.Tx, ids []string) error {
			k, _ := tx.Bucket(bucketRecent).Cursor().First()
			return tx.Bucket(bucketRecent).Delete(k)
		}, "the list of sessions does not match what the last save recorded"},
		{"entry filed twice", func(tx *bolt.Tx, ids []string) error {
			k, v := tx.Bucket(bucketRecent).Cursor().First()
			s, _ := decodeEntry(v[recordHeader:])
			s.Updated = s.Updated.Add(time.Hour)
			k2 := listKey(s)
			v2, _ := frame(bucketRecent, k2, v[recordHeader:])
			_ = k
			return tx.Bucket(bucketRecent).Put(k2, v2)
		}, "the list of sessions does not match what the last save recorded"},
		{"entries disagree", func(tx *bolt.Tx, ids []string) error {
			b := tx.Bucket(bucketRecent)
			k, v := b.Cursor().First()
			s, _ := decodeEntry(v[recordHeader:])
			s.Team = "Someone else"
			v2, _ := frame(bucketRecent, k, encodeEntry(s))
			return b.Put(k, v2)
		}, "the list of sessions does not match what the last save recorded"},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := openTempUnchecked(t)
			var ids []string
			for i := range 3 {
				ids = append(ids, mustCreate(t, st, smallSession(fmt.Sprintf("Team %d", i))).ID)
			}
			_ = st.Close()
			db, err := bolt.Open(st.Path(), 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Update(func(tx *bolt.Tx) error { return c.change(tx, ids) }); err != nil {
				t.Fatal(err)
			}
			_ = db.Close()
			if _, err := st.List(); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("List = %v", err)
			}
			rep, err := Doctor(st.Path())
			if err != nil || rep.OK() {
				t.Fatalf("Doctor = %+v, %v", rep, err)
			}
		})
	}
}
