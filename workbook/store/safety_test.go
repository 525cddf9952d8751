package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"edtech-workbook/workbook"
)

// Regression tests for issue 10 ("Nothing lost, nothing silently
// changed"), the storage findings 2–7. The byte-flip suite is in
// store_flip_test.go, the file-identity ones in store_identity_linux_test.go.

// Finding 2: `import --replace` stored the file's revision, so an app holding
// that revision saved straight over the import.
func TestPutAssignsRevisionsAnOpenAppCannotOverwrite(t *testing.T) {
	st := openTemp(t)
	created := mustCreate(t, st, smallSession("Local team"))
	app, err := st.Get(created.ID) // the app holds the session
	if err != nil {
		t.Fatal(err)
	}
	imported := app.Clone() // a file exported at the same revision
	imported.Team = "Imported team"
	if err := st.Put(imported); err != nil {
		t.Fatal(err)
	}
	app.Plan.Aim = "the app's edit"
	if _, err := st.Update(app); !errors.Is(err, workbook.ErrConflict) {
		t.Fatalf("the app's save after import --replace = %v, want ErrConflict", err)
	}
	got, err := st.Get(created.ID)
	if err != nil || got.Team != "Imported team" || got.Plan.Aim == "the app's edit" {
		t.Fatalf("after the refused save: %q %q %v", got.Team, got.Plan.Aim, err)
	}
	if got.Revision <= app.Revision {
		t.Fatalf("imported session stored at revision %d, the app held %d", got.Revision, app.Revision)
	}

	// A file carrying a revision far ahead does not set the store's count.
	ahead := got.Clone()
	ahead.Revision = 1_000_000
	if err := st.Put(ahead); err != nil {
		t.Fatal(err)
	}
	if again, _ := st.Get(created.ID); again.Revision != got.Revision+1 {
		t.Fatalf("Put of a file at revision 1,000,000 stored revision %d, want %d", again.Revision, got.Revision+1)
	}

	// Deleted and imported again: the new session starts above every
	// revision the old one had, so a writer still holding the old one
	// conflicts even after the new one has been saved a few times.
	holder, _ := st.Get(created.ID)
	if err := st.Delete(created.ID); err != nil {
		t.Fatal(err)
	}
	fresh := smallSession("Imported again")
	fresh.ID, fresh.Revision = created.ID, 1
	if err := st.Put(fresh); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		s, _ := st.Get(created.ID)
		if _, err := st.Update(s); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.Update(holder); !errors.Is(err, workbook.ErrConflict) {
		t.Fatalf("a writer holding the deleted session's revision = %v, want ErrConflict", err)
	}
	// Create (carry) takes revisions from the same count.
	carried := mustCreate(t, st, smallSession("Next year"))
	if s, _ := st.Get(created.ID); carried.Revision <= s.Revision {
		t.Fatalf("a new session got revision %d, not above %d", carried.Revision, s.Revision)
	}
}

// A restore must never let a writer that loaded a session before it save
// over the restored data — even when the backup holds the session at
// exactly the revision the writer holds, and when the replaced file was too
// damaged to say what revisions it had handed out.
func TestRestoreKeepsEarlierWritersOut(t *testing.T) {
	for _, damaged := range []bool{false, true} {
		t.Run(fmt.Sprintf("damaged=%v", damaged), func(t *testing.T) {
			st := openTemp(t)
			s := mustCreate(t, st, smallSession("Team"))
			app, _ := st.Get(s.ID)
			if err := st.SnapshotBackup(); err != nil { // the backup holds the app's revision
				t.Fatal(err)
			}
			later, _ := st.Get(s.ID)
			for range 3 {
				later, _ = st.Update(later)
			}
			other, _ := st.Get(s.ID) // a second app, further ahead
			_ = st.Close()
			if damaged {
				overwrite(t, st.Path(), 0, 2*os.Getpagesize(), rand.New(rand.NewPCG(7, 8)))
			}
			done, err := RestoreBackup(st.Path(), !damaged)
			if err != nil {
				t.Fatal(err)
			}
			if done.Damaged != damaged {
				t.Fatalf("Damaged = %v", done.Damaged)
			}
			for name, w := range map[string]*workbook.Session{"holding the backup's revision": app, "further ahead": other} {
				w.Plan.Aim = "an edit made before the restore"
				if _, err := st.Update(w); !errors.Is(err, workbook.ErrConflict) {
					t.Errorf("writer %s: save after the restore = %v, want ErrConflict", name, err)
				}
			}
			restored, err := st.Get(s.ID)
			if err != nil || restored.Plan.Aim == "an edit made before the restore" {
				t.Fatalf("restored session: %+v, %v", restored.Plan.Aim, err)
			}
			if damaged && restored.Revision < revisionJump {
				t.Fatalf("revision after restoring over an unreadable file = %d, want past %d", restored.Revision, revisionJump)
			}
			if _, err := st.Update(restored); err != nil { // a reloaded writer saves
				t.Fatal(err)
			}
			if problems := st.Check(); len(problems) > 0 {
				t.Fatal(problems)
			}
		})
	}
}

// Finding 3: a missing or empty file next to a backup became a new, empty
// workbook, and later opens rotated the good backups away.
func TestLostFileNextToBackupIsDamagedNeverNew(t *testing.T) {
	st := openTemp(t)
	a := mustCreate(t, st, smallSession("In the backup"))
	if err := st.SnapshotBackup(); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, st, smallSession("Also in the backup"))
	if err := st.SnapshotBackup(); err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	path := st.Path()
	backups := map[string][]byte{}
	for _, b := range BackupPaths(path) {
		if data, err := os.ReadFile(b); err == nil {
			backups[b] = data
		}
	}
	if len(backups) != 2 {
		t.Fatalf("%d backups", len(backups))
	}
	for _, how := range []string{"empty", "missing"} {
		t.Run(how, func(t *testing.T) {
			if how == "empty" {
				if err := os.WriteFile(path, nil, 0o600); err != nil {
					t.Fatal(err)
				}
			} else {
				_ = os.Remove(path)
			}
			for _, mode := range []OpenMode{ReadOnly, ReadWrite, ReadWrite} { // the app, opened twice
				_, err := Open(path, mode)
				if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "is "+how) || kindOf(err) != KindLost || !strings.Contains(err.Error(), BackupPath(path)) {
					t.Fatalf("Open(%d) of an %s file = %v", mode, how, err)
				}
			}
			rep, err := Doctor(path)
			if err != nil || rep.OK() || !strings.Contains(rep.Problems[0], BackupPath(path)) {
				t.Fatalf("Doctor = %+v, %v", rep, err)
			}
			fi, err := os.Stat(path)
			if how == "empty" && (err != nil || fi.Size() != 0) || how == "missing" && err == nil {
				t.Fatalf("the %s file was written: %v %v", how, fi, err)
			}
			for b, data := range backups {
				if now, _ := os.ReadFile(b); !bytes.Equal(now, data) {
					t.Fatalf("backup %s changed", b)
				}
			}
		})
	}
	done, err := RestoreBackup(path, false)
	if err != nil || done.Report.Sessions != 2 {
		t.Fatalf("restore: %+v %v", done, err)
	}
	st2, err := Open(path, ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	if _, err := st2.Get(a.ID); err != nil {
		t.Fatal(err)
	}
}

// An empty file with no backup is not a workbook to a reader; the app
// (ReadWrite) may start one in it.
func TestEmptyFileWithoutBackup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path, ReadOnly); err == nil || !strings.Contains(err.Error(), "is empty") {
		t.Fatalf("Open(ReadOnly) of an empty file = %v", err)
	}
	if fi, _ := os.Stat(path); fi.Size() != 0 {
		t.Fatal("a read-only open wrote the empty file")
	}
	st, err := Open(path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if list, err := st.List(); err != nil || len(list) != 0 {
		t.Fatalf("List = %v, %v", list, err)
	}
}

// Read-only opens create nothing: not the file, not its folder.
func TestReadOnlyOpenCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "missing", "sub", "w.db")
	_, err := Open(path, ReadOnly)
	want := "workbook file " + path + " does not exist"
	if err == nil || err.Error() != want || kindOf(err) != KindMissing {
		t.Fatalf("Open(ReadOnly) of a missing file = %v, want %q…", err, want)
	}
	if _, err := Doctor(path); err == nil || err.Error() != want || kindOf(err) != KindMissing {
		t.Fatalf("Doctor of a missing file = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "missing")); !os.IsNotExist(err) {
		t.Fatal("a read-only open created the folder")
	}
	st, err := Open(path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("Open(ReadWrite) did not create the file: %v", err)
	}
	// A Store opened read-only refuses to write, and says it is a bug.
	ro, err := Open(path, ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.Create(smallSession("x")); err == nil || !strings.Contains(err.Error(), "opened read-only") {
		t.Fatalf("Create on a read-only Store = %v", err)
	}
	// A file deleted while a ReadWrite Store is open is not created again.
	rw, err := Open(path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	_ = rw.Close()
	_ = os.Remove(path)
	if _, err := rw.Create(smallSession("x")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("Create after the file was deleted = %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatal("a save re-created a deleted workbook file")
	}
}

// flipText flips a byte of every copy of text in the file (old copies sit
// in free pages; the live one is among them) at offset at within it.
func flipText(t *testing.T, path, text string, at int) {
	t.Helper()
	data := fileBytes(t, path)
	n := 0
	for i := bytes.Index(data, []byte(text)); i >= 0; {
		data[i+at] ^= 0x20
		n++
		j := bytes.Index(data[i+1:], []byte(text))
		if j < 0 {
			break
		}
		i += 1 + j
	}
	if n == 0 {
		t.Fatalf("%q is not in %s", text, path)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// Finding 4: one byte changed inside a session's JSON passed the start-up
// backup check, and two opens later both backups held the damage.
func TestDamagedRecordNeverReachesTheBackups(t *testing.T) {
	st := openTemp(t)
	a := mustCreate(t, st, smallSession("Alpha"))
	b := smallSession("Bravo")
	b.Plan.Aim = "MARKER-aim-of-bravo"
	b = mustCreate(t, st, b)
	if err := st.SnapshotBackup(); err != nil {
		t.Fatal(err)
	}
	a, _ = st.Update(a)
	if err := st.SnapshotBackup(); err != nil { // .bak and .bak.1 are good
		t.Fatal(err)
	}
	_ = st.Close()
	before := map[string][]byte{}
	for _, p := range BackupPaths(st.Path()) {
		before[p], _ = os.ReadFile(p)
	}
	flipText(t, st.Path(), "MARKER-aim-of-bravo", 3) // 'K' -> 'k': still valid JSON

	for open := range 3 { // opens of the app with a change in between
		app, err := Open(st.Path(), ReadWrite)
		if err != nil {
			t.Fatal(err)
		}
		err = app.SnapshotBackup()
		if open == 0 && err == nil {
			// Nothing saved since the last backup: that backup is this
			// save's copy (taken before the damage), so nothing is copied.
		} else if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), `session "Bravo" (`+b.ID+`)`) || !strings.Contains(err.Error(), "checksum") {
			t.Fatalf("open %d: SnapshotBackup of a damaged record = %v", open, err)
		}
		if got, err := app.Get(b.ID); !errors.Is(err, ErrCorrupt) || got != nil {
			t.Fatalf("Get of the damaged session = %v, %v", got, err)
		}
		if a, err = app.Update(a); err != nil { // the change in between
			t.Fatal(err)
		}
		_ = app.Close()
	}
	for p, data := range before {
		if now, _ := os.ReadFile(p); !bytes.Equal(now, data) {
			t.Fatalf("backup %s changed", p)
		}
	}
	rep, err := Doctor(st.Path())
	if err != nil || rep.OK() || !strings.Contains(strings.Join(rep.Problems, "\n"), `session "Bravo" (`+b.ID+`)`) {
		t.Fatalf("Doctor = %+v, %v", rep.Problems, err)
	}
	done, err := RestoreBackup(st.Path(), false)
	if err != nil || done.From != BackupPath(st.Path()) || !done.Damaged {
		t.Fatalf("restore = %+v, %v", done, err)
	}
}

// Finding 5: values were not checksummed and doctor did not validate them.
func TestChecksumsAndValidation(t *testing.T) {
	st := openTempUnchecked(t)
	s := smallSession("Checked")
	s.Plan.Aim = "MARKER-checked-aim"
	s = mustCreate(t, st, s)
	other := mustCreate(t, st, smallSession("Other"))
	tmpl := smallSession("").Template
	tmpl.Title = "MARKER-template-title"
	if err := st.PutTemplate(&tmpl, false); err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	pristine := fileBytes(t, st.Path())

	// A flipped byte in a session: Get says which session, never returns it.
	flipText(t, st.Path(), "MARKER-checked-aim", 8)
	_, err := st.Get(s.ID)
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), `session "Checked" (`+s.ID+`) is damaged: its checksum does not match`) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("Get = %v", err)
	}
	if _, err := st.Get(other.ID); err != nil {
		t.Fatalf("an undamaged session: %v", err)
	}
	if list, err := st.List(); err != nil || len(list) != 2 {
		t.Fatalf("List (its entries are intact) = %v, %v", list, err)
	}
	_ = st.Close()

	// A flipped byte in a template.
	if err := os.WriteFile(st.Path(), pristine, 0o600); err != nil {
		t.Fatal(err)
	}
	flipText(t, st.Path(), "MARKER-template-title", 8)
	if _, err := st.Templates(); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "stored template "+tmpl.Ref()+" is damaged") {
		t.Fatalf("Templates = %v", err)
	}
	_ = st.Close()

	// A list entry flipped: List fails, naming the session.
	if err := os.WriteFile(st.Path(), pristine, 0o600); err != nil {
		t.Fatal(err)
	}
	flipText(t, st.Path(), "\x05Other", 3) // in the compact list entries (the JSON has `"Other"`)
	if _, err := st.List(); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "the list entry of session "+other.ID+" is damaged") {
		t.Fatalf("List = %v", err)
	}
	_ = st.Close()

	// A consistent record that import would refuse ("consensus": 9) is a
	// doctor problem naming the session and the indicator.
	if err := os.WriteFile(st.Path(), pristine, 0o600); err != nil {
		t.Fatal(err)
	}
	bad, _ := st.Get(s.ID)
	bad.Rating("d1.i2").Consensus = 9
	if _, err := st.Update(bad); err != nil {
		t.Fatal(err)
	}
	rep, err := Doctor(st.Path())
	want := fmt.Sprintf(`session "Checked" (%s) is inconsistent: session.ratings["d1.i2"].consensus is 9, off the 4-level scale`, s.ID)
	if err != nil || len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0], want) {
		t.Fatalf("Doctor = %q, %v\nwant a problem containing %q", rep.Problems, err, want)
	}
	if err := st.SnapshotBackup(); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), want) {
		t.Fatalf("SnapshotBackup = %v", err)
	}
	if _, err := os.Stat(BackupPath(st.Path())); err == nil {
		t.Fatal("an inconsistent file was backed up")
	}
}

// bbolt silently falls back to the previous save when its newer header page
// is damaged; the store says the file is damaged instead.
func TestDamagedHeaderPageIsReported(t *testing.T) {
	st := openTempUnchecked(t)
	mustCreate(t, st, smallSession("A"))
	mustCreate(t, st, smallSession("B")) // the last save: the older header page still lists one session
	_ = st.Close()
	data := fileBytes(t, st.Path())
	m, err := readMetas(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	newer := int(m.txid % 2)                              // bbolt writes header page txid%2
	data[newer*int(m.pageSize)+pageHeaderSize+60] ^= 0xFF // inside its checksum
	if err := os.WriteFile(st.Path(), data, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(st.Path(), 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	_ = db.View(func(tx *bolt.Tx) error { n = tx.Bucket(bucketSessions).Stats().KeyN; return nil })
	_ = db.Close()
	if n != 1 {
		t.Fatalf("bbolt alone reads %d sessions; the test expects its fallback to the previous save", n)
	}
	_, err = Open(st.Path(), ReadOnly)
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), fmt.Sprintf("header page %d is damaged", newer)) {
		t.Fatalf("Open = %v", err)
	}
	if rep, err := Doctor(st.Path()); err != nil || rep.OK() {
		t.Fatalf("Doctor = %+v, %v", rep, err)
	}
}

// A branch page pointing back at itself made bbolt's cursors loop for ever
// and its checker recurse until the process died: refused, at once.
func TestPageLoopIsRefusedWithoutHanging(t *testing.T) {
	st := openTempUnchecked(t)
	for i := range 6 {
		mustCreate(t, st, testSession(fmt.Sprintf("Team %d", i)))
	}
	_ = st.Close()
	data := fileBytes(t, st.Path())
	branch, ps := findBranchPage(t, st.Path(), data)
	// Its first child now points at the branch itself.
	copy(data[branch*ps+pageHeaderSize+8:], itobNative(uint64(branch)))
	if err := os.WriteFile(st.Path(), data, 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 3)
	go func() { _, err := Open(st.Path(), ReadOnly); done <- err }()
	go func() { _, err := st.List(); done <- err }()
	go func() {
		rep, err := Doctor(st.Path())
		if err == nil && rep.OK() {
			err = errors.New("Doctor found nothing")
		} else if err == nil {
			err = fmt.Errorf("%w: %s", ErrCorrupt, rep.Problems[0])
		}
		done <- err
	}()
	for range 3 {
		select {
		case err := <-done:
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "referenced twice") {
				t.Fatalf("a page loop gave %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("a page loop hangs")
		}
	}
}

func itobNative(v uint64) []byte { b := make([]byte, 8); ne.PutUint64(b, v); return b }

// findBranchPage returns the id of a branch page in use (not free) below
// the root, and the page size.
func findBranchPage(t *testing.T, path string, data []byte) (int, int) {
	t.Helper()
	ps, pages := treePages(t, path)
	for _, id := range pages {
		if ne.Uint16(data[id*ps+8:]) == flagBranch {
			return id, ps
		}
	}
	t.Fatal("the file has no branch page in use")
	return 0, 0
}

// Finding 6: doctor --restore rolled a healthy file back and called it damaged.
func TestRestoreOfAHealthyFile(t *testing.T) {
	st := openTemp(t)
	st.SetClock(func() time.Time { return time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) })
	kept := mustCreate(t, st, smallSession("Kept"))
	changed := mustCreate(t, st, smallSession("Changed"))
	deleted := mustCreate(t, st, smallSession("Deleted since"))
	if err := st.SnapshotBackup(); err != nil {
		t.Fatal(err)
	}
	st.SetClock(func() time.Time { return time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC) })
	added := mustCreate(t, st, smallSession("Added since"))
	if _, err := st.Update(changed); err != nil {
		t.Fatal(err)
	}
	if err := st.Delete(deleted.ID); err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	before := fileBytes(t, st.Path())

	_, err := RestoreBackup(st.Path(), false)
	want := "workbook file " + st.Path() + " is healthy"
	if !errors.Is(err, ErrHealthy) || kindOf(err) != KindHealthy || err.Error() != want {
		t.Fatalf("restore of a healthy file = %v\nwant %s", err, want)
	}
	if !bytes.Equal(before, fileBytes(t, st.Path())) {
		t.Fatal("a refused restore changed the file")
	}
	if aside, _ := filepath.Glob(st.Path() + ".*-2*"); len(aside) > 0 {
		t.Fatalf("a refused restore moved files: %v", aside)
	}

	done, err := RestoreBackup(st.Path(), true)
	if err != nil {
		t.Fatal(err)
	}
	if done.Damaged || !strings.HasPrefix(done.Aside, st.Path()+".replaced-") || !bytes.Equal(before, fileBytes(t, done.Aside)) {
		t.Fatalf("forced restore: damaged %v, aside %q", done.Damaged, done.Aside)
	}
	if len(done.Lost) != 1 || done.Lost[0].ID != added.ID ||
		len(done.Changed) != 1 || done.Changed[0][0].ID != changed.ID || !done.Changed[0][0].Updated.After(done.Changed[0][1].Updated) ||
		len(done.Returned) != 1 || done.Returned[0].ID != deleted.ID || done.Unknown || done.Unreadable != 0 {
		t.Fatalf("rolled back: lost %+v\nchanged %+v\nreturned %+v", done.Lost, done.Changed, done.Returned)
	}
	if !done.Report.OK() || done.Report.Sessions != 3 {
		t.Fatalf("report %+v", done.Report)
	}
	if _, err := st.Get(kept.ID); err != nil {
		t.Fatal(err)
	}
}

// Several backup generations; a snapshot of an unchanged file copies nothing.
func TestBackupGenerations(t *testing.T) {
	st := openTemp(t)
	for i := range 4 {
		mustCreate(t, st, smallSession(fmt.Sprintf("Team %d", i)))
		if err := st.SnapshotBackup(); err != nil {
			t.Fatal(err)
		}
	}
	for i, b := range BackupPaths(st.Path()) {
		rep, err := Doctor(b)
		if err != nil || !rep.OK() || rep.Sessions != 4-i {
			t.Fatalf("%s: %d sessions, %v %v", b, rep.Sessions, rep.Problems, err)
		}
	}
	if _, err := os.Stat(BackupPath(st.Path()) + ".3"); err == nil {
		t.Fatal("more than three generations kept")
	}
}

// The migration from schema 1 (to the current schema) on a file written by the release before schema 2
// (testdata/schema1/workbook.db): a read-only command reads it without
// changing it; the app upgrades it after a backup, every value is then
// checksummed, and everything reads back the same.
func TestMigrationFromSchema1(t *testing.T) {
	fixture := fileBytes(t, filepath.Join("testdata", "schema1", "workbook.db"))
	path := filepath.Join(t.TempDir(), "w.db")
	if err := os.WriteFile(path, fixture, 0o600); err != nil {
		t.Fatal(err)
	}
	readEverything := func(st *Store) string {
		t.Helper()
		list, err := st.List()
		if err != nil {
			t.Fatal(err)
		}
		tmpls, err := st.Templates()
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		for _, s := range list {
			s.Revision, s.Progress = 0, 0
			sess, err := st.Get(s.ID)
			if err != nil {
				t.Fatal(err)
			}
			sess.Revision = 0
			b, _ := workbook.MarshalSession(sess)
			fmt.Fprintf(&out, "%+v\n%s\n", s, b)
		}
		b, _ := json.Marshal(tmpls)
		out.Write(b)
		return out.String()
	}
	ro, err := Open(path, ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	old := readEverything(ro)
	_ = ro.Close()
	if rep, err := Doctor(path); err != nil || !rep.OK() || rep.Schema != 1 || rep.Sessions != 2 || rep.Templates != 1 {
		t.Fatalf("Doctor of the schema-1 file = %+v, %v", rep, err)
	}
	if !bytes.Equal(fixture, fileBytes(t, path)) {
		t.Fatal("reading a schema-1 file changed it")
	}
	if !strings.Contains(old, "Northside Unified edtech team") || !strings.Contains(old, "district-variant") {
		t.Fatalf("the fixture read as:\n%.300s", old)
	}

	st, err := Open(path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	bak, err := Open(BackupPath(path), ReadOnly) // a copy of the schema-1 file
	if err != nil {
		t.Fatal(err)
	}
	if got := readEverything(bak); got != old {
		t.Fatal("the backup taken before the upgrade is not the schema-1 file")
	}
	_ = bak.Close()
	if rep, err := Doctor(BackupPath(path)); err != nil || rep.Schema != 1 || !rep.OK() {
		t.Fatalf("the backup: %+v, %v", rep, err)
	}
	if got := readEverything(st); got != old {
		t.Fatalf("after the upgrade the file reads differently:\n%s\nwas\n%s", got, old)
	}
	rep, err := Doctor(path)
	if err != nil || !rep.OK() || rep.Schema != SchemaVersion {
		t.Fatalf("Doctor after the upgrade = %+v, %v", rep, err)
	}
	// Every value is framed, and the high-water mark covers every revision.
	err = st.view(func(r *rtx) error {
		for _, b := range [][]byte{bucketSessions, bucketIndex, bucketTemplates} {
			err := r.tx.Bucket(b).ForEach(func(k, v []byte) error {
				_, _, err := unframe(b, k, v)
				return err
			})
			if err != nil {
				return err
			}
		}
		if r.state.LastRevision < 3 || r.state.Index.Count != 2 || r.state.Templates.Count != 1 {
			return fmt.Errorf("state %+v", r.state)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Saving works, and a stale revision from before the upgrade conflicts.
	list, _ := st.List()
	s, _ := st.Get(list[0].ID)
	stale := s.Clone()
	if _, err := st.Update(s); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Update(stale); !errors.Is(err, workbook.ErrConflict) {
		t.Fatalf("stale save = %v", err)
	}
}

// Killed writes left `.NAME.tmp-*` files the size of the workbook behind.
// Temp files are named for their process; the next write of NAME, and the
// next open of the workbook (for its backups), remove those of dead
// processes — never one of a live process.
func TestTempFilesOfKilledWritersAreRemoved(t *testing.T) {
	st := openTemp(t)
	mustCreate(t, st, smallSession("A"))
	_ = st.Close()
	dir := filepath.Dir(st.Path())
	export := filepath.Join(dir, "report.html")

	for _, target := range []string{export, BackupPath(st.Path())} {
		c := startChild(t, "temp-forever", target)
		c.waitReady(t)
		pid := c.cmd.Process.Pid
		if err := c.cmd.Process.Kill(); err != nil { // SIGKILL, mid-write
			t.Fatal(err)
		}
		_ = c.cmd.Wait()
		m, _ := filepath.Glob(filepath.Join(dir, "."+filepath.Base(target)+".tmp-*"))
		if len(m) != 1 || !strings.Contains(m[0], fmt.Sprintf(".tmp-%d-", pid)) {
			t.Fatalf("the killed child (pid %d) left %v", pid, m)
		}
	}
	pattern := func(target string) string { return filepath.Join(dir, "."+filepath.Base(target)+".tmp-*") }
	// A temp file of a process that is alive (our parent, the go command)
	// is left alone.
	live := filepath.Join(dir, fmt.Sprintf(".report.html.tmp-%d-123", os.Getppid()))
	if err := os.WriteFile(live, []byte("in progress"), 0o600); err != nil {
		t.Fatal(err)
	}

	if err := WriteFileAtomic(export, []byte("report")); err != nil {
		t.Fatal(err)
	}
	if m, _ := filepath.Glob(pattern(export)); len(m) != 1 || m[0] != live {
		t.Fatalf("after writing %s again: %v, want only the live process's %s", export, m, live)
	}
	if m, _ := filepath.Glob(pattern(BackupPath(st.Path()))); len(m) != 1 {
		t.Fatalf("a write of another file touched the backup's temp files: %v", m)
	}
	st2, err := Open(st.Path(), ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	_ = st2.Close()
	if m, _ := filepath.Glob(pattern(BackupPath(st.Path()))); len(m) != 0 {
		t.Fatalf("opening the workbook left the backup's dead temp files: %v", m)
	}
}

// kill -9 at random moments of the writes that are the store's own (the
// start-up backup with its rotation, a forced restore): after each kill the
// file opens, doctor passes, every backup there passes, and no temp file
// survives the next open.
func TestKilledBackupsAndRestores(t *testing.T) {
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 11))
	for _, mode := range []string{"snapshots", "restores"} {
		t.Run(mode, func(t *testing.T) {
			st := openTemp(t)
			for i := range 3 {
				mustCreate(t, st, smallSession(fmt.Sprintf("Team %d", i)))
			}
			if err := st.SnapshotBackup(); err != nil {
				t.Fatal(err)
			}
			_ = st.Close()
			kills := 8
			if testing.Short() {
				kills = 3
			}
			for k := range kills {
				c := startChild(t, mode, st.Path())
				c.waitReady(t)
				time.Sleep(time.Duration(rng.IntN(40)) * time.Millisecond)
				_ = c.cmd.Process.Kill()
				_ = c.cmd.Wait()

				again, err := Open(st.Path(), ReadWrite) // removes the dead writer's temp files
				if err != nil {
					t.Fatalf("kill %d: %v", k, err)
				}
				if problems := again.Check(); len(problems) > 0 {
					t.Fatalf("kill %d: %v", k, problems)
				}
				_ = again.Close()
				for _, b := range BackupPaths(st.Path()) {
					if _, err := os.Stat(b); err != nil {
						continue
					}
					if rep, err := Doctor(b); err != nil || !rep.OK() {
						t.Fatalf("kill %d: backup %s: %v %v", k, b, rep.Problems, err)
					}
				}
				if m, _ := filepath.Glob(filepath.Join(filepath.Dir(st.Path()), ".*.tmp-*")); len(m) > 0 {
					t.Fatalf("kill %d: temp files survive the next open: %v", k, m)
				}
			}
		})
	}
}
