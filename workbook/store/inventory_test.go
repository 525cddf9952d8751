package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
)

// saveFixture stores the fixture inventory in st and returns what was saved.
func saveFixture(t testing.TB, st *Store) *Inventory {
	t.Helper()
	inv, err := st.Inventory()
	if err != nil {
		t.Fatal(err)
	}
	inv.Inventory = testfixture.Inventory(t)
	saved, err := st.SaveInventory(inv)
	if err != nil {
		t.Fatal(err)
	}
	return saved
}

// invJSON is an inventory as JSON with its tools in id order (as the store
// returns them), for comparing.
func invJSON(t testing.TB, inv *inventory.Inventory) string {
	t.Helper()
	c := inv.Clone()
	sortTools := func(ts []inventory.Tool) {
		for i := range ts {
			for j := i + 1; j < len(ts); j++ {
				if ts[j].ID < ts[i].ID {
					ts[i], ts[j] = ts[j], ts[i]
				}
			}
		}
	}
	sortTools(c.Tools)
	for i := range c.Snapshots {
		sortTools(c.Snapshots[i].Tools)
	}
	slices.SortFunc(c.Requests, func(a, b inventory.Request) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(c.Evaluations, func(a, b inventory.Evaluation) int {
		return strings.Compare(a.ToolID+"/"+a.SchoolYear, b.ToolID+"/"+b.SchoolYear)
	})
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestInventoryOfAFileWithoutOne(t *testing.T) {
	st := openTemp(t)
	mustCreate(t, st, smallSession("Team"))
	inv, err := st.Inventory()
	if err != nil {
		t.Fatal(err)
	}
	if inv.Revision != 0 || len(inv.Tools) != 0 || !inv.Updated.IsZero() || len(inv.Criteria.Gates) == 0 {
		t.Fatalf("Inventory of a file without an inventory = %+v; want empty, revision 0, the default criteria", inv)
	}
	if list, err := st.InventoryList(); err != nil || list.Revision != 0 || len(list.Tools) != 0 {
		t.Fatalf("InventoryList of a file without an inventory = %+v, %v", list, err)
	}
	_ = st.Close()
	ro, err := Open(st.Path(), ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if inv, err := ro.Inventory(); err != nil || len(inv.Tools) != 0 {
		t.Fatalf("read-only Inventory = %+v, %v", inv, err)
	}
	before := fileBytes(t, st.Path())
	if _, err := ro.SaveInventory(&Inventory{Inventory: &inventory.Inventory{}}); kindOf(err) != KindBug {
		t.Fatalf("SaveInventory on a read-only store = %v", err)
	}
	if !bytes.Equal(before, fileBytes(t, st.Path())) {
		t.Fatal("reading the inventory of a file without one changed the file")
	}
	rep, err := Doctor(st.Path())
	if err != nil || !rep.OK() || rep.Tools != 0 || rep.InventoryRecords != 0 {
		t.Fatalf("Doctor = %+v, %v", rep, err)
	}
}

func TestInventoryRoundTrip(t *testing.T) {
	st := openTemp(t)
	s := mustCreate(t, st, smallSession("Team"))
	want := testfixture.Inventory(t)
	saved := saveFixture(t, st)
	if saved.Revision <= s.Revision || saved.Updated.IsZero() {
		t.Fatalf("saved at revision %d (a session has %d), updated %v: the store assigns revisions above every other", saved.Revision, s.Revision, saved.Updated)
	}
	got, err := st.Inventory()
	if err != nil {
		t.Fatal(err)
	}
	if a, b := invJSON(t, want), invJSON(t, got.Inventory); a != b {
		t.Fatalf("read back differs:\n got %.2000s\nwant %.2000s", b, a)
	}
	if got.Revision != saved.Revision || !got.Updated.Equal(saved.Updated) {
		t.Fatalf("revision %d updated %v, saved %d %v", got.Revision, got.Updated, saved.Revision, saved.Updated)
	}
	if crit := inventory.DefaultCriteria(); fmt.Sprint(got.Criteria) != fmt.Sprint(crit) {
		t.Fatalf("criteria = %+v", got.Criteria)
	}
	list, err := st.InventoryList()
	if err != nil || len(list.Tools) != 6 || list.Revision != saved.Revision || !list.Updated.Equal(saved.Updated) {
		t.Fatalf("InventoryList = %d tools, rev %d, %v", len(list.Tools), list.Revision, err)
	}
	for i, e := range list.Tools {
		if fmt.Sprint(e) != fmt.Sprint(got.Tools[i].Summary()) {
			t.Fatalf("list entry %d = %+v, want the tool's summary %+v", i, e, got.Tools[i].Summary())
		}
	}

	// A second save changes only what changed, and moves the revision on.
	got.Tool("storyforge").Status = inventory.Approved
	got.Tools = got.Tools[1:] // ClassHub goes: QuizWhiz overlaps it, so drop that link too
	got.Tool("quizwhiz").Fit.Overlaps = nil
	again, err := st.SaveInventory(got)
	if err != nil {
		t.Fatal(err)
	}
	if again.Revision <= saved.Revision {
		t.Fatalf("revision %d after %d", again.Revision, saved.Revision)
	}
	back, err := st.Inventory()
	if err != nil || len(back.Tools) != 5 || back.Tool("classhub") != nil || back.Tool("storyforge").Status != inventory.Approved {
		t.Fatalf("after the second save: %d tools, %v", len(back.Tools), err)
	}
	rep, err := Doctor(st.Path())
	if err != nil || !rep.OK() || rep.Tools != 5 {
		t.Fatalf("Doctor = %+v, %v", rep, err)
	}
	// 5 tools and their list entries + 1 criteria + snapshot (1 + 6) + 1 import + 1 request + 2 evaluations
	if rep.InventoryRecords != 5+5+1+7+1+1+2 {
		t.Fatalf("Doctor counted %d inventory records", rep.InventoryRecords)
	}
}

func TestInventoryRevisionConflict(t *testing.T) {
	st := openTemp(t)
	first, err := st.Inventory()
	if err != nil {
		t.Fatal(err)
	}
	second, _ := st.Inventory()
	if _, err := first.AddTool(inventory.Tool{Name: "ClassHub", Status: inventory.Core}); err != nil {
		t.Fatal(err)
	}
	if first, err = st.SaveInventory(first); err != nil {
		t.Fatal(err)
	}
	// The second writer read the empty inventory (revision 0) before the
	// first created it.
	if _, err := second.AddTool(inventory.Tool{Name: "MathPath", Status: inventory.Approved}); err != nil {
		t.Fatal(err)
	}
	_, err = st.SaveInventory(second)
	if !errors.Is(err, workbook.ErrConflict) || kindOf(err) != KindConflict || !strings.Contains(err.Error(), "revision") {
		t.Fatalf("a save from revision 0 over a created inventory = %v", err)
	}
	stale := &Inventory{Inventory: first.Clone(), Criteria: first.Criteria, Revision: first.Revision}
	first.Tool("classhub").Purpose = "The class website."
	if _, err := st.SaveInventory(first); err != nil {
		t.Fatal(err)
	}
	stale.Tool("classhub").Purpose = "An older edit."
	if _, err := st.SaveInventory(stale); !errors.Is(err, workbook.ErrConflict) {
		t.Fatalf("a save from an older revision = %v", err)
	}
	now, _ := st.Inventory()
	if len(now.Tools) != 1 || now.Tool("classhub").Purpose != "The class website." {
		t.Fatalf("after the refused saves: %+v", now.Tools)
	}
}

func TestInventorySaveValidatesAndBounds(t *testing.T) {
	st := openTemp(t)
	inv, _ := st.Inventory()
	inv.Inventory = testfixture.Inventory(t)
	cases := map[string]struct {
		change func(inv *Inventory)
		want   string
	}{
		"a tool without a status": {func(inv *Inventory) { inv.Tool("mathpath").Status = "" }, `tool "MathPath": status is not set`},
		"an overlap to nothing":   {func(inv *Inventory) { inv.Tool("quizwhiz").Fit.Overlaps = []string{"gone"} }, `lists "gone", which is not in the inventory`},
		"a score off the scale": {func(inv *Inventory) {
			s := inv.Evaluations[0].Scores["usage"]
			s.Score = 7
			inv.Evaluations[0].Scores["usage"] = s
		}, "score 7 should be 1 to 4"},
		"an evaluation of a tool not there": {func(inv *Inventory) { inv.Evaluations[1].ToolID = "nothing" }, `tool "nothing" is not in the inventory`},
		"two evaluations of one tool and year": {func(inv *Inventory) {
			inv.Evaluations = append(inv.Evaluations, inv.Evaluations[0].Clone())
		}, "twice"},
		"a reviewer scoring a criterion the criteria lack": {func(inv *Inventory) { inv.Criteria.Criteria = inv.Criteria.Criteria[:1] }, "which the template does not have"},
		"a text over the limit": {func(inv *Inventory) {
			inv.Tool("storyforge").Notes = strings.Repeat("é", workbook.MaxFieldChars+1)
		}, "characters; the limit is"},
		"a request id that is not a slug": {func(inv *Inventory) { inv.Requests[0].ID = "Has Spaces" }, "its id should be"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			bad := &Inventory{Inventory: inv.Clone(), Criteria: inventory.DefaultCriteria()}
			c.change(bad)
			_, err := st.SaveInventory(bad)
			if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("SaveInventory = %v; want one line with %q", err, c.want)
			}
			if now, _ := st.Inventory(); now.Revision != 0 {
				t.Fatalf("a refused save wrote revision %d", now.Revision)
			}
		})
	}
	if _, err := st.SaveInventory(&Inventory{Inventory: inv.Clone(), Criteria: inventory.DefaultCriteria()}); err != nil {
		t.Fatalf("the fixture itself: %v", err)
	}
}

// A save that fails part-way through writing its records leaves nothing
// of itself: the transaction is rolled back whole.
func TestInventorySaveIsAllOrNothing(t *testing.T) {
	cfg := defaultConfig()
	puts := 0
	failAt := -1
	cfg.inventoryPut = func(b *bolt.Bucket, k, v []byte) error {
		puts++
		if puts == failAt {
			return errors.New("the disk went away")
		}
		return b.Put(k, v)
	}
	st, err := openWith(filepath.Join(t.TempDir(), "workbook.db"), ReadWrite, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	before := saveFixture(t, st)
	want := invJSON(t, before.Inventory)

	next, _ := st.Inventory()
	for i := range next.Tools { // every tool changes, and two are added
		next.Tools[i].Notes = "changed by the failing save"
	}
	for _, n := range []string{"Zeta Tool", "Alpha Tool"} {
		if _, err := next.AddTool(inventory.Tool{Name: n, Status: inventory.Piloting}); err != nil {
			t.Fatal(err)
		}
	}
	puts, failAt = 0, 5
	if _, err := st.SaveInventory(next); err == nil || !strings.Contains(err.Error(), "the disk went away") {
		t.Fatalf("the failing save = %v", err)
	}
	if puts != 5 {
		t.Fatalf("the save stopped after %d puts", puts)
	}
	after, err := st.Inventory()
	if err != nil {
		t.Fatal(err)
	}
	if got := invJSON(t, after.Inventory); got != want || after.Revision != before.Revision {
		t.Fatalf("a failed save left part of itself (revision %d, was %d)", after.Revision, before.Revision)
	}
	if problems := st.Check(); len(problems) > 0 {
		t.Fatal(problems)
	}
	failAt = -1
	if _, err := st.SaveInventory(next); err != nil { // the same save, retried, goes through
		t.Fatal(err)
	}
}

// rawInventory changes the inventory bucket by hand, as damage would.
func rawInventory(t *testing.T, path string, fn func(b *bolt.Bucket) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error { return fn(tx.Bucket(bucketInventory)) }); err != nil {
		t.Fatal(err)
	}
}

func TestDamagedInventoryIsReportedNeverRead(t *testing.T) {
	reframe := func(key string, payload []byte) []byte {
		v, _ := frame(bucketInventory, []byte(key), payload)
		return v
	}
	cases := map[string]struct {
		damage func(b *bolt.Bucket) error
		want   string
	}{
		"a byte changed in a tool": {func(b *bolt.Bucket) error {
			v := bytes.Clone(b.Get([]byte("t/mathpath")))
			i := bytes.Index(v, []byte("Numera"))
			v[i] ^= 0x20
			return b.Put([]byte("t/mathpath"), v)
		}, "inventory tool mathpath is damaged: its checksum does not match"},
		"a tool record lost": {func(b *bolt.Bucket) error { return b.Delete([]byte("t/storyforge")) },
			"the inventory's tools do not match what the last save recorded (5 read, 6 recorded)"},
		"a list entry changed": {func(b *bolt.Bucket) error {
			v := bytes.Clone(b.Get([]byte("l/storyforge")))
			i := bytes.Index(v, []byte("piloting"))
			v[i] ^= 0x20
			return b.Put([]byte("l/storyforge"), v)
		}, "the list entry of inventory tool storyforge is damaged: its checksum does not match"},
		"a tool under another's key": {func(b *bolt.Bucket) error {
			p, _, _ := unframe(bucketInventory, []byte("t/pollpad"), b.Get([]byte("t/pollpad")))
			return b.Put([]byte("t/mathpath"), reframe("t/mathpath", bytes.Clone(p)))
		}, `inventory tool mathpath holds the record of tool "pollpad"`},
		"a record this build does not know": {func(b *bolt.Bucket) error { return b.Put([]byte("z/what"), reframe("z/what", []byte("{}"))) },
			`the inventory holds inventory record "z/what", which this build does not know`},
		"a snapshot tool without its year": {func(b *bolt.Bucket) error { return b.Delete([]byte("y/2025-26")) },
			"has no snapshot record of its year"},
		"the state record damaged": {func(b *bolt.Bucket) error { return b.Put([]byte("state"), []byte{1, 0, 0, 0, 0, '{', '}'}) },
			"the inventory's state record is damaged"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			st := openTempUnchecked(t)
			saved := saveFixture(t, st)
			_ = st.Close()
			rawInventory(t, st.Path(), c.damage)
			_, err := st.Inventory()
			if !errors.Is(err, ErrCorrupt) || kindOf(err) != KindDamaged || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Inventory = %v; want ErrCorrupt naming %q", err, c.want)
			}
			saved.Tool("classhub").Notes = "a save over damage"
			before := fileBytes(t, st.Path())
			if _, err := st.SaveInventory(saved); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("SaveInventory over damage = %v", err)
			}
			_ = st.Close()
			if !bytes.Equal(before, fileBytes(t, st.Path())) {
				t.Fatal("a save over a damaged inventory wrote to the file")
			}
			rep, err := Doctor(st.Path())
			if err != nil || rep.OK() || !strings.Contains(strings.Join(rep.Problems, "\n"), c.want) {
				t.Fatalf("Doctor = %q, %v", rep.Problems, err)
			}
			if err := st.SnapshotBackup(); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("SnapshotBackup of a damaged inventory = %v", err)
			}
		})
	}
}

// Records whose checksums are right but whose content breaks the
// inventory's rules (written by a buggy build, say) are found by doctor
// and keep a copy from becoming the backup.
func TestInconsistentInventoryFailsTheCheck(t *testing.T) {
	st := openTempUnchecked(t)
	saveFixture(t, st)
	if err := st.SnapshotBackup(); err != nil {
		t.Fatal(err)
	}
	bak := fileBytes(t, BackupPath(st.Path()))
	_ = st.Close()
	rawInventory(t, st.Path(), func(b *bolt.Bucket) error {
		p, _, _ := unframe(bucketInventory, []byte("t/mathpath"), b.Get([]byte("t/mathpath")))
		p = bytes.Replace(p, []byte(`"status":"approved"`), []byte(`"status":"maybe"`), 1)
		v, sum := frame(bucketInventory, []byte("t/mathpath"), p)
		st, err := (&rtx{path: "x"}).inventoryState(b)
		if err != nil {
			return err
		}
		st.Tools = digest{}
		_ = b.ForEach(func(k, v []byte) error {
			if strings.HasPrefix(string(k), invTool) && string(k) != "t/mathpath" {
				st.Tools.add(storedSum(v))
			}
			return nil
		})
		st.Tools.add(sum)
		sv, _ := st.encode()
		if err := b.Put([]byte("state"), sv); err != nil {
			return err
		}
		return b.Put([]byte("t/mathpath"), v)
	})
	if inv, err := st.Inventory(); err != nil || inv.Tool("mathpath").Status != "maybe" {
		t.Fatalf("the records themselves read: %v", err) // checksums match; only the check validates
	}
	rep, err := Doctor(st.Path())
	want := `the inventory is inconsistent: tool "MathPath": status "maybe" is not one of`
	if err != nil || rep.OK() || !strings.Contains(strings.Join(rep.Problems, "\n"), want) {
		t.Fatalf("Doctor = %q, %v", rep.Problems, err)
	}
	if err := st.SnapshotBackup(); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "mathpath") {
		t.Fatalf("SnapshotBackup = %v", err)
	}
	if !bytes.Equal(bak, fileBytes(t, BackupPath(st.Path()))) {
		t.Fatal("an inconsistent inventory reached the backup")
	}
}

func TestRestoreKeepsInventoryWritersOut(t *testing.T) {
	st := openTemp(t)
	saved := saveFixture(t, st)
	app, _ := st.Inventory() // an app holding the inventory the backup has
	if err := st.SnapshotBackup(); err != nil {
		t.Fatal(err)
	}
	later, _ := st.Inventory()
	later.Tools = later.Tools[:len(later.Tools)-1] // storyforge goes; nothing links to it
	if _, err := st.SaveInventory(later); err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	done, err := RestoreBackup(st.Path(), true)
	if err != nil {
		t.Fatal(err)
	}
	if !done.InventoryBefore.Present || done.InventoryBefore.Tools != 5 || done.InventoryAfter.Tools != 6 || !done.InventoryAfter.Updated.Equal(saved.Updated) {
		t.Fatalf("restore report: before %+v after %+v", done.InventoryBefore, done.InventoryAfter)
	}
	app.Tool("classhub").Notes = "an edit made before the restore"
	if _, err := st.SaveInventory(app); !errors.Is(err, workbook.ErrConflict) {
		t.Fatalf("a save from the revision the backup holds, after the restore = %v", err)
	}
	back, err := st.Inventory()
	if err != nil || len(back.Tools) != 6 || back.Revision <= saved.Revision {
		t.Fatalf("restored inventory: %d tools, revision %d (saved %d), %v", len(back.Tools), back.Revision, saved.Revision, err)
	}
	if _, err := st.SaveInventory(back); err != nil { // a reloaded writer saves
		t.Fatal(err)
	}
}

// A schema-1 file (the previous release's) is upgraded with no inventory:
// it reads as empty, and the first save creates it.
func TestSchema1FileHasAnEmptyInventory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	data, err := os.ReadFile(filepath.Join("testdata", "schema1", "workbook.db"))
	if err != nil {
		t.Skip("no schema-1 file in testdata:", err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	st := openAt(t, path)
	inv, err := st.Inventory()
	if err != nil || inv.Revision != 0 || len(inv.Tools) != 0 {
		t.Fatalf("Inventory of an upgraded schema-1 file = %+v, %v", inv, err)
	}
	saved := saveFixture(t, st)
	if saved.Revision < 1 {
		t.Fatalf("revision %d", saved.Revision)
	}
}

// openAt opens a store at path and checks it at the end of the test.
func openAt(t *testing.T, path string) *Store {
	t.Helper()
	st, err := Open(path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := errors.Join(append(st.Check(), st.Close())...); err != nil {
			t.Errorf("not consistent at the end: %v", err)
		}
	})
	return st
}
