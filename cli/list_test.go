package cli

import (
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// A list whose last entry is damaged is found before a line of the table
// is written: `list` prints nothing on standard output and one line of
// error (the table's first walk over the file checks every entry; the
// second, which writes, only comes after).
func TestListOfADamagedListPrintsNoTable(t *testing.T) {
	db := demoDB(t)
	for i := range 3 { // more sessions, so the damaged entry is not the first row
		if _, errs, code := cli(t, "", "carry", "demo", "--year", "203"+string(rune('0'+i))+"-3"+string(rune('1'+i)), "--again", "--db", db); code != 0 {
			t.Fatalf("carry: %s", errs)
		}
	}
	if out, _, code := cli(t, "", "list", "--db", db); code != 0 || strings.Count(out, "\n") != 5 {
		t.Fatalf("list before the damage: code %d\n%s", code, out)
	}
	bdb, err := bolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("recent")) // the store's list, newest first
		k, v := b.Cursor().Last()
		v = append([]byte(nil), v...)
		v[len(v)-2] ^= 0x01 // inside the entry, past its 5-byte frame
		return b.Put(k, v)
	})
	_ = bdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	out, errs, code := cli(t, "", "list", "--db", db)
	if code != 1 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "is damaged") {
		t.Fatalf("list of a damaged list: code %d\nstdout %q\nstderr %q", code, out, errs)
	}
}

// `demo` stores the demo district's tool inventory beside its session, so
// i in the demo shows tools; an inventory of the file's own is never
// touched, and running demo again adds nothing twice.
func TestDemoHasAnInventory(t *testing.T) {
	db := demoDB(t)
	out, errs, code := cli(t, "", "inventory", "list", "--db", db)
	if code != 0 || !strings.Contains(out, "6 tools:") || !strings.Contains(out, "ClassHub") {
		t.Fatalf("inventory list after demo: code %d\n%s%s", code, out, errs)
	}
	if _, errs, code := cli(t, "", "demo", "--db", db); code != 0 {
		t.Fatalf("demo again: %s", errs)
	}
	if again, _, _ := cli(t, "", "inventory", "list", "--db", db); again != out {
		t.Fatalf("demo again changed the inventory:\n%s\nwas:\n%s", again, out)
	}

	own := filepath.Join(t.TempDir(), "own.db")
	if _, errs, code := cli(t, "", "inventory", "add", "Our Own Tool", "--db", own); code != 0 {
		t.Fatalf("inventory add: %s", errs)
	}
	if _, errs, code := cli(t, "", "demo", "--db", own); code != 0 {
		t.Fatalf("demo into a file with an inventory: %s", errs)
	}
	out, _, _ = cli(t, "", "inventory", "list", "--db", own)
	if !strings.Contains(out, "Our Own Tool") || strings.Contains(out, "ClassHub") {
		t.Fatalf("demo touched the file's own inventory:\n%s", out)
	}
}
