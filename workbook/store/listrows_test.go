package store

import (
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"edtech-workbook/workbook"
)

// rowsAsSummaries walks rows once into summaries (the text copied), with
// the walk's error.
func rowsAsSummaries(rows iter.Seq2[*ListRow, error]) ([]workbook.Summary, error) {
	var out []workbook.Summary
	for r, err := range rows {
		if err != nil {
			return out, err
		}
		out = append(out, workbook.Summary{ID: string(r.ID), Team: string(r.Team), District: string(r.District),
			SchoolYear: string(r.SchoolYear), TemplateRef: string(r.TemplateRef), Cohort: string(r.Cohort),
			Progress: r.Progress, Updated: r.Updated})
	}
	return out, nil
}

// sameRows compares summaries without the revision (a row has none).
func sameRows(t *testing.T, what string, got, want []workbook.Summary) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows, want %d", what, len(got), len(want))
	}
	for i := range want {
		w := want[i]
		w.Revision = 0
		if got[i] != w {
			t.Fatalf("%s: row %d = %+v, want %+v", what, i, got[i], w)
		}
	}
}

// ListRows hands out what List gives, in its order, as many times as it
// is walked in the one transaction; a walk stopped early leaves the next
// one whole; an older file's rows come from its JSON entries.
func TestListRowsAreList(t *testing.T) {
	st := openTemp(t)
	for i := range 5 {
		s := testSession(fmt.Sprintf("Team %d", i))
		s.District = "Dístrict ünïcode"
		mustCreate(t, st, s)
	}
	want, err := st.List()
	if err != nil {
		t.Fatal(err)
	}
	walks := 0
	err = st.ListRows(func(rows iter.Seq2[*ListRow, error]) error {
		for range rows { // stopped after the first row
			break
		}
		for range 3 {
			got, err := rowsAsSummaries(rows)
			if err != nil {
				return err
			}
			sameRows(t, fmt.Sprintf("walk %d", walks), got, want)
			walks++
		}
		return nil
	})
	if err != nil || walks != 3 {
		t.Fatalf("ListRows = %v after %d walks", err, walks)
	}

	fixture := fileBytes(t, filepath.Join("testdata", fmt.Sprintf("schema%d", schemaCompactList-1), "workbook.db"))
	path := filepath.Join(t.TempDir(), "old.db")
	if err := os.WriteFile(path, fixture, 0o600); err != nil {
		t.Fatal(err)
	}
	old, err := Open(path, ReadOnly) // read as it is, never upgraded
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	oldList, err := old.List()
	if err != nil || len(oldList) == 0 {
		t.Fatalf("old List = %d, %v", len(oldList), err)
	}
	err = old.ListRows(func(rows iter.Seq2[*ListRow, error]) error {
		got, err := rowsAsSummaries(rows)
		if err == nil {
			sameRows(t, "older file", got, oldList)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A damaged list ends every walk of ListRows with an error, as List
// fails, wherever the damage is found: at one entry (its checksum, its
// key) or only at the end (an entry lost: the digest).
func TestListRowsDamage(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(b *bolt.Bucket) error
		want   string
	}{
		{"entry lost", func(b *bolt.Bucket) error {
			k, _ := b.Cursor().Last()
			return b.Delete(k)
		}, "does not match what the last save recorded"},
		{"checksum broken", func(b *bolt.Bucket) error {
			c := b.Cursor()
			c.First()
			k, v := c.Next()
			v = append([]byte(nil), v...)
			v[len(v)-3] ^= 0x20
			return b.Put(k, v)
		}, "its checksum does not match"},
		{"filed under another key", func(b *bolt.Bucket) error {
			k, v := b.Cursor().Last()
			s, _ := decodeEntry(v[recordHeader:])
			s.ID = "another"
			v2, _ := frame(bucketRecent, k, encodeEntry(s))
			return b.Put(k, v2)
		}, "filed under another session or time"},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := openTempUnchecked(t)
			for i := range 4 {
				mustCreate(t, st, smallSession(fmt.Sprintf("Team %d", i)))
			}
			_ = st.Close()
			db, err := bolt.Open(st.Path(), 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Update(func(tx *bolt.Tx) error { return c.change(tx.Bucket(bucketRecent)) }); err != nil {
				t.Fatal(err)
			}
			_ = db.Close()
			if _, err := st.List(); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("List = %v", err)
			}
			walks := 0
			err = st.ListRows(func(rows iter.Seq2[*ListRow, error]) error {
				for range 2 {
					walks++
					if _, err := rowsAsSummaries(rows); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), c.want) {
						t.Fatalf("walk %d ended with %v, want %q", walks, err, c.want)
					}
				}
				return errors.New("as the caller returns it")
			})
			if err == nil || walks != 2 {
				t.Fatalf("ListRows = %v after %d walks", err, walks)
			}
		})
	}
}
