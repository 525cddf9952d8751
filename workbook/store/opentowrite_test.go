package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// damagedLeafFile writes a file of six sessions whose last session's leaf
// page loops back to its parent: a page the read check (checkRead) does not
// read, only the full check. It returns the path and an intact session's id.
func damagedLeafFile(t *testing.T) (path, other string) {
	t.Helper()
	st := openTempUnchecked(t)
	var ids []string
	for i := range 6 {
		ids = append(ids, mustCreate(t, st, testSession(fmt.Sprintf("Team %d", i))).ID)
	}
	slices.Sort(ids)
	_ = st.Close()
	leaf, parent, ps := sessionLeaf(t, st.Path(), ids[5])
	if parent == 0 {
		t.Fatal("the sessions' tree has no branch page")
	}
	data := fileBytes(t, st.Path())
	p := data[int(leaf)*ps:]
	ne.PutUint16(p[8:], flagBranch)
	ne.PutUint16(p[10:], 1)
	copy(p[pageHeaderSize+8:], itobNative(parent))
	if err := os.WriteFile(st.Path(), data, 0o600); err != nil {
		t.Fatal(err)
	}
	return st.Path(), ids[0]
}

// Opened to write, a file whose damage only the full check finds: reads
// work, and every write is refused (the first, one after the handle was
// let go while idle, one after the refusal), the file left as it was.
func TestOpenToWriteNeverWritesPastAFailedFullCheck(t *testing.T) {
	path, other := damagedLeafFile(t)
	before := fileBytes(t, path)
	w, err := OpenToWrite(path)
	if err != nil {
		t.Fatalf("OpenToWrite: %v", err)
	}
	defer w.Close()
	got, err := w.Get(other)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if i == 1 {
			time.Sleep(2 * idleRelease) // let go while idle, then opened again
		}
		if _, err := w.Update(got); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("write %d on the damaged file = %v", i, err)
		}
		if _, err := w.Get(other); err != nil {
			t.Fatalf("read after write %d: %v", i, err)
		}
	}
	if err := w.Delete(other); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Delete = %v", err)
	}
	if !bytes.Equal(before, fileBytes(t, path)) {
		t.Fatal("a refused write changed the file")
	}
}

// Close while the full check still runs, and operations racing the idle
// release: nothing is lost, and (under -race) nothing races.
func TestOpenToWriteCloseWhileTheCheckRuns(t *testing.T) {
	st := openTemp(t)
	for i := range 40 {
		mustCreate(t, st, smallSession(fmt.Sprintf("Team %d", i)))
	}
	_ = st.Close()
	for i := range 20 {
		w, err := OpenToWrite(st.Path())
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			continue
		}
		time.Sleep(time.Duration(i) * 10 * time.Millisecond)
		mustCreate(t, w, smallSession(fmt.Sprintf("More %d", i)))
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	list, err := st.List()
	if err != nil || len(list) != 50 {
		t.Fatalf("List = %d, %v", len(list), err)
	}
}

// A newer file opened to write is refused and left byte for byte as it was.
func TestOpenToWriteOfANewerFile(t *testing.T) {
	st := openTempUnchecked(t)
	mustCreate(t, st, testSession("Future"))
	_ = st.Close()
	setSchema(t, st.Path(), SchemaVersion+1)
	before := fileBytes(t, st.Path())
	if _, err := OpenToWrite(st.Path()); !errors.Is(err, ErrNewerFile) {
		t.Fatalf("OpenToWrite = %v", err)
	}
	time.Sleep(2 * idleRelease)
	if !bytes.Equal(before, fileBytes(t, st.Path())) {
		t.Fatal("the newer file was written to")
	}
	// ...and another process can open it at once (the lock was let go).
	db, err := bolt.Open(st.Path(), 0o600, &bolt.Options{Timeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatalf("the file is still held: %v", err)
	}
	_ = db.Close()
}

// The file of an older schema opened to write is upgraded as by Open.
func TestOpenToWriteUpgradesSchema3(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	if err := os.WriteFile(path, fileBytes(t, filepath.Join("testdata", "schema3", "workbook.db")), 0o600); err != nil {
		t.Fatal(err)
	}
	ro, err := Open(path, ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ro.List()
	if err != nil {
		t.Fatal(err)
	}
	_ = ro.Close()
	w, err := OpenToWrite(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := w.List()
	if err != nil || len(got) != len(want) {
		t.Fatalf("List after the upgrade = %d, %v (want %d)", len(got), err, len(want))
	}
	if probs := w.Check(); len(probs) != 0 {
		t.Fatalf("Check = %v", probs)
	}
	_ = w.Close()
	rep, err := Doctor(path)
	if err != nil || !rep.OK() || rep.Schema != SchemaVersion {
		t.Fatalf("Doctor = %+v, %v", rep, err)
	}
}

// An empty file beside a backup, opened to write, is refused: the file is
// not overwritten by a new workbook.
func TestOpenToWriteOfAnEmptyFileBesideABackup(t *testing.T) {
	st := openTempUnchecked(t)
	mustCreate(t, st, testSession("Kept"))
	if err := st.SnapshotBackup(); err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	if err := os.WriteFile(st.Path(), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := OpenToWrite(st.Path())
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("backup")) {
		t.Fatalf("OpenToWrite of an empty file = %v", err)
	}
	if fi, _ := os.Stat(st.Path()); fi.Size() != 0 {
		t.Fatal("the empty file was written")
	}
}

// A newer file whose freelist is not on disk (written with bbolt's
// NoFreelistSync, as a later build might) opened to write: bbolt writes
// its freelist out when it opens a file for writing, so the file must not
// be opened for writing before its schema was read.
func TestOpenToWriteOfANewerFileWithoutAFreelist(t *testing.T) {
	st := openTempUnchecked(t)
	mustCreate(t, st, testSession("Future"))
	_ = st.Close()
	setSchema(t, st.Path(), SchemaVersion+1)
	db, err := bolt.Open(st.Path(), 0o600, &bolt.Options{NoFreelistSync: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put([]byte("x"), []byte("y")) }); err != nil {
		t.Fatal(err)
	}
	_ = db.Close()
	before := fileBytes(t, st.Path())
	if _, err := Open(st.Path(), ReadWrite); !errors.Is(err, ErrNewerFile) {
		t.Fatalf("Open = %v", err)
	}
	time.Sleep(2 * idleRelease)
	if !bytes.Equal(before, fileBytes(t, st.Path())) {
		t.Fatal("Open wrote to the newer file")
	}
	if _, err := OpenToWrite(st.Path()); !errors.Is(err, ErrNewerFile) {
		t.Fatalf("OpenToWrite = %v", err)
	}
	time.Sleep(2 * idleRelease)
	if !bytes.Equal(before, fileBytes(t, st.Path())) {
		t.Fatal("OpenToWrite wrote to the newer file")
	}
}

// Close while an open started by OpenInBackground still runs (here an
// upgrade of an older file), with operations racing it: Close waits for
// the open, the operations see the opened file, and the Store stays
// usable (under -race: nothing races).
func TestCloseWhileOpeningInBackground(t *testing.T) {
	for i := range 4 {
		path := filepath.Join(t.TempDir(), "w.db")
		if err := os.WriteFile(path, fileBytes(t, filepath.Join("testdata", "schema3", "workbook.db")), 0o600); err != nil {
			t.Fatal(err)
		}
		st := OpenInBackground(path, ReadWrite)
		done := make(chan error, 1)
		go func() { _, err := st.List(); done <- err }()
		if i%2 == 0 {
			time.Sleep(time.Millisecond)
		}
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
		if err := <-done; err != nil {
			t.Fatalf("List racing the open: %v", err)
		}
		if err := st.Ready(); err != nil {
			t.Fatal(err)
		}
		if list, err := st.List(); err != nil || len(list) == 0 {
			t.Fatalf("List after Close = %d, %v", len(list), err)
		}
		_ = st.Close()
		if rep, err := Doctor(path); err != nil || !rep.OK() || rep.Schema != SchemaVersion {
			t.Fatalf("Doctor = %+v, %v", rep, err)
		}
	}
}
