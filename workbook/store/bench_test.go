package store

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	bolt "go.etcd.io/bbolt"

	"edtech-workbook/workbook"
)

// BenchmarkSave is one answer saved: Update of a ~50 KB session, as the app
// does it (the handle stays open while saves keep coming).
func BenchmarkSave(b *testing.B) {
	st := openTemp(b)
	sess := mustCreate(b, st, testSession("Bench"))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sess.Rating("d1.i1").Evidence = "answer " + strconv.Itoa(i)
		var err error
		if sess, err = st.Update(sess); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSaveEncode is the CPU part of a save: encoding and checking the
// session and its list entry; the rest is bbolt's commit and fdatasyncs.
func BenchmarkSaveEncode(b *testing.B) {
	sess := testSession("Bench")
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := encodeSession(sess); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSaveColdOpen is a save that has to open the file first (the
// first save after an idle pause, or the old open-per-operation design).
func BenchmarkSaveColdOpen(b *testing.B) {
	st := openTemp(b)
	sess := mustCreate(b, st, testSession("Bench"))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = st.Close()
		sess.Rating("d1.i1").Evidence = "answer " + strconv.Itoa(i)
		var err error
		if sess, err = st.Update(sess); err != nil {
			b.Fatal(err)
		}
	}
}

// fillSessions stores n realistic sessions in one transaction (setup only).
func fillSessions(b *testing.B, st *Store, n int) {
	b.Helper()
	for start := 0; start < n; start += 100 {
		err := st.update(func(r *rtx) error {
			for i := start; i < min(start+100, n); i++ {
				s := testSession("Team " + strconv.Itoa(i))
				s.ID, s.Revision = workbook.NewID(), r.nextRevision()
				buf, sum, err := encodeSession(s)
				if err != nil {
					return err
				}
				if err := r.putSession(s.ID, buf, sum, s.Revision); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkList1000 is `list` in a fresh process: open the file read-only
// and list 1,000 sessions.
func BenchmarkList1000(b *testing.B) {
	st := openTemp(b)
	fillSessions(b, st, 1000)
	b.ReportAllocs()
	for b.Loop() {
		_ = st.Close()
		list, err := st.List()
		if err != nil || len(list) != 1000 {
			b.Fatal(len(list), err)
		}
	}
}

// BenchmarkOpen is Open of an existing, current file (a process start).
func BenchmarkOpen(b *testing.B) {
	path := filepath.Join(b.TempDir(), "w.db")
	st, err := Open(path, ReadWrite)
	if err != nil {
		b.Fatal(err)
	}
	mustCreate(b, st, testSession("Bench"))
	_ = st.Close()
	b.ReportAllocs()
	for b.Loop() {
		st, err := Open(path, ReadWrite)
		if err != nil {
			b.Fatal(err)
		}
		_ = st.Close()
	}
}

// BenchmarkSnapshotBackup1000 is the backup the app takes when it opens a
// changed file of 1,000 sessions (copy, then the full check of the copy);
// an unchanged file is skipped.
func BenchmarkSnapshotBackup1000(b *testing.B) {
	st := openTemp(b)
	fillSessions(b, st, 1000)
	b.ReportAllocs()
	for b.Loop() {
		// No backup of this save yet, as after a day's work: it is redone.
		// (A backup of the same save is skipped by its transaction id.)
		_ = os.Remove(BackupPath(st.Path()))
		if err := st.SnapshotBackup(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCommitFloor is bbolt alone committing a 50 KB value with fsync:
// the floor under BenchmarkSave, set by the disk's fdatasync latency.
func BenchmarkCommitFloor(b *testing.B) {
	db, err := bolt.Open(filepath.Join(b.TempDir(), "floor.db"), 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	buf, _, err := encodeSession(testSession("Floor"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		err := db.Update(func(tx *bolt.Tx) error {
			bk, err := tx.CreateBucketIfNotExists(bucketSessions)
			if err != nil {
				return err
			}
			return bk.Put([]byte("k"), buf)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
