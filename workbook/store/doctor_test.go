package store

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"edtech-workbook/workbook"
)

func TestDoctorCleanFile(t *testing.T) {
	st := openTemp(t)
	for _, team := range []string{"A", "B", "C"} {
		mustCreate(t, st, testSession(team))
	}
	tp := testTemplate()
	if err := st.PutTemplate(&tp, false); err != nil {
		t.Fatal(err)
	}
	rep, err := Doctor(st.Path())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Sessions != 3 || rep.Templates != 1 || rep.Schema != SchemaVersion || rep.Size == 0 || rep.Backup != "" {
		t.Fatalf("Doctor = %+v", rep)
	}
	if err := st.SnapshotBackup(); err != nil {
		t.Fatal(err)
	}
	rep, _ = Doctor(st.Path())
	if rep.Backup != BackupPath(st.Path()) || rep.BackupTime.IsZero() {
		t.Fatalf("Doctor after a snapshot: backup %q at %v", rep.Backup, rep.BackupTime)
	}
}

func TestDoctorErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	if _, err := Doctor(missing); err == nil || !strings.Contains(err.Error(), missing) {
		t.Fatalf("Doctor(missing) = %v", err)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Fatal("Doctor created the file it was asked to check")
	}
	st := openTempUnchecked(t)
	_ = st.Close()
	setSchema(t, st.Path(), SchemaVersion+1)
	if _, err := Doctor(st.Path()); !errors.Is(err, ErrNewerFile) {
		t.Fatalf("Doctor(newer file) = %v", err)
	}
}

// breakRecord writes invalid JSON over a session by hand: bbolt's own check
// cannot see this, only decoding can.
func breakRecord(t *testing.T, path, id string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSessions).Put([]byte(id), []byte(`{"id": "trunc`))
	}); err != nil {
		t.Fatal(err)
	}
}

func TestDoctorFindsBadRecord(t *testing.T) {
	st := openTempUnchecked(t)
	a := mustCreate(t, st, testSession("A"))
	mustCreate(t, st, testSession("B"))
	if err := st.SnapshotBackup(); err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	breakRecord(t, st.Path(), a.ID)
	rep, err := Doctor(st.Path())
	if err != nil || rep.OK() || rep.Sessions != 2 || !strings.Contains(rep.Problems[0], a.ID) {
		t.Fatalf("Doctor = %+v, %v", rep, err)
	}
	if _, err := st.Get(a.ID); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Get of a broken record = %v", err)
	}
	// The damaged file must not replace the good backup.
	bak := fileBytes(t, BackupPath(st.Path()))
	if err := st.SnapshotBackup(); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("SnapshotBackup of a damaged file = %v", err)
	}
	if !bytes.Equal(bak, fileBytes(t, BackupPath(st.Path()))) {
		t.Fatal("a damaged file overwrote the backup")
	}
}

func TestDoctorAndRestoreEndToEnd(t *testing.T) {
	st := openTemp(t)
	kept := mustCreate(t, st, testSession("In the backup"))
	if err := st.SnapshotBackup(); err != nil {
		t.Fatal(err)
	}
	later := mustCreate(t, st, testSession("After the backup"))
	_ = st.Close()

	pageSize := os.Getpagesize()
	overwrite(t, st.Path(), 0, 2*pageSize, rand.New(rand.NewPCG(1, 2)))
	damaged := fileBytes(t, st.Path())

	rep, err := Doctor(st.Path())
	if err != nil || rep.OK() {
		t.Fatalf("Doctor of a damaged file = %+v, %v", rep, err)
	}
	if !strings.Contains(rep.Problems[0], st.Path()) || !strings.Contains(rep.Problems[0], "damaged") {
		t.Fatalf("problem does not name the damaged file: %q", rep.Problems[0])
	}
	done, err := RestoreBackup(st.Path(), false)
	if err != nil {
		t.Fatal(err)
	}
	if done.From != BackupPath(st.Path()) || !done.Damaged || !strings.HasPrefix(done.Aside, st.Path()+".damaged-") || !done.Report.OK() {
		t.Fatalf("RestoreBackup = %+v", done)
	}
	rep, err = Doctor(st.Path())
	if err != nil || !rep.OK() || rep.Sessions != 1 {
		t.Fatalf("Doctor after Restore = %+v, %v", rep, err)
	}
	if fi, _ := os.Stat(st.Path()); fi.Mode().Perm() != 0o600 {
		t.Fatalf("restored file mode %v", fi.Mode().Perm())
	}
	aside, _ := filepath.Glob(st.Path() + ".damaged-*")
	if len(aside) != 1 || !bytes.Equal(damaged, fileBytes(t, aside[0])) {
		t.Fatalf("damaged file kept as %v", aside)
	}
	st2, err := Open(st.Path(), ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	if _, err := st2.Get(kept.ID); err != nil {
		t.Fatalf("session from the backup: %v", err)
	}
	if _, err := st2.Get(later.ID); !errors.Is(err, workbook.ErrNotFound) {
		t.Fatalf("session saved after the backup = %v, want ErrNotFound", err)
	}
}

func TestRestoreChoosesAUsableBackup(t *testing.T) {
	st := openTemp(t)
	mustCreate(t, st, testSession("Old"))
	if err := st.SnapshotBackup(); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, st, testSession("New"))
	if err := st.SnapshotBackup(); err != nil { // .bak has 2, .bak.1 has 1
		t.Fatal(err)
	}
	_ = st.Close()
	rng := rand.New(rand.NewPCG(3, 4))
	overwrite(t, BackupPath(st.Path()), 0, 2*os.Getpagesize(), rng)
	overwrite(t, st.Path(), 0, 2*os.Getpagesize(), rng)
	if _, err := RestoreBackup(st.Path(), false); err != nil {
		t.Fatal(err)
	}
	rep, err := Doctor(st.Path())
	if err != nil || !rep.OK() || rep.Sessions != 1 {
		t.Fatalf("after Restore from the previous backup: %+v, %v", rep, err)
	}
}

func TestRestoreWithoutBackup(t *testing.T) {
	st := openTempUnchecked(t)
	mustCreate(t, st, testSession("A"))
	_ = st.Close()
	overwrite(t, st.Path(), 0, 2*os.Getpagesize(), rand.New(rand.NewPCG(5, 6)))
	before := fileBytes(t, st.Path())
	_, err := RestoreBackup(st.Path(), false)
	if err == nil || !strings.Contains(err.Error(), "no usable backup") || !strings.Contains(err.Error(), st.Path()) {
		t.Fatalf("Restore without a backup = %v", err)
	}
	if !bytes.Equal(before, fileBytes(t, st.Path())) {
		t.Fatal("a failed Restore changed the file")
	}
}

func TestRestoreWhileInUse(t *testing.T) {
	st := openTemp(t)
	mustCreate(t, st, testSession("A"))
	if err := st.SnapshotBackup(); err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	before := fileBytes(t, st.Path())
	c := startChild(t, "hold-write", st.Path())
	c.waitReady(t)
	_, err := RestoreBackup(st.Path(), false)
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("Restore of a file in use = %v", err)
	}
	c.stop(t)
	if !bytes.Equal(before, fileBytes(t, st.Path())) {
		t.Fatal("Restore changed a file another process had open")
	}
	if aside, _ := filepath.Glob(st.Path() + ".damaged-*"); len(aside) != 0 {
		t.Fatalf("Restore moved the file aside: %v", aside)
	}
}

func TestRestoreMissingFile(t *testing.T) {
	st := openTemp(t)
	mustCreate(t, st, testSession("A"))
	if err := st.SnapshotBackup(); err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	if err := os.Remove(st.Path()); err != nil {
		t.Fatal(err)
	}
	done, err := RestoreBackup(st.Path(), false)
	if err != nil || done.Aside != "" || done.Report.Sessions != 1 {
		t.Fatalf("RestoreBackup of a deleted file = %+v, %v", done, err)
	}
}
