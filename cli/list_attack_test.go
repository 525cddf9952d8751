package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"edtech-workbook/internal/storetest"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/templatefile"
)

// Hostile team and district names: the table never carries a control,
// bidi or invisible character, every line is one row, and each row's
// cells are what list --json says, cleaned to one line.
func TestListTableOfHostileText(t *testing.T) {
	db := filepath.Join(t.TempDir(), "wb.db")
	st := storetest.Open(t, db)
	tmpl, err := templatefile.BuiltinTemplate("")
	if err != nil {
		t.Fatal(err)
	}
	names := []string{
		"Plain", "\x1b[31mRed\x1b[0m", "Right\u202eto left", "tab\there", "new\nline", "del\x7fete",
		"c1\u0085\u009bx", "zero\u200bwidth", strings.Repeat("Long ", 2000), " spaced  out ", "\u00e9t\u00e9 \u6f22\u5b57",
		"bad \xff utf8", "\u2066isolate\u2069",
	}
	for i, n := range names {
		if _, err := st.Create(&workbook.Session{Team: n, District: n + " district", SchoolYear: fmt.Sprintf("20%02d-%02d", 30+i, 31+i),
			Template: *tmpl, Roster: []workbook.Member{{ID: "m1", Name: "Ana"}}}); err != nil {
			t.Logf("%q refused: %v", n, err)
		}
	}
	st.Close()
	out, errs, code := cli(t, "", "list", "--db", db)
	if code != 0 {
		t.Fatalf("list: code %d %s", code, errs)
	}
	if !utf8.ValidString(out) {
		i := strings.IndexFunc(out, func(r rune) bool { return r == utf8.RuneError })
		t.Fatalf("the table is not UTF-8: %q", out[max(0, i-40):i+10])
	}
	for _, r := range out {
		if r != '\n' && workbook.HiddenRune(r) {
			t.Fatalf("the table holds %U", r)
		}
	}
	js, _, code := cli(t, "", "list", "--json", "--db", db)
	if code != 0 {
		t.Fatal(js)
	}
	var sums []workbook.Summary
	if err := json.Unmarshal([]byte(js), &sums); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(sums)+1 {
		t.Fatalf("%d lines for %d sessions:\n%s", len(lines), len(sums), out)
	}
	for i, s := range sums {
		if l := lines[i+1]; !strings.HasPrefix(l, s.ID+" ") || !strings.Contains(l, "  "+workbook.CleanLine(s.Team)+"  ") {
			t.Errorf("row %d %q does not show %q", i, l, workbook.CleanLine(s.Team))
		}
	}
}

// Damage to any one entry of the list (first, middle, last): list prints
// no table, only one line of error, as list --json does.
func TestListOfAnyDamagedEntryPrintsNoTable(t *testing.T) {
	for _, at := range []int{0, 2, 4} {
		db := demoDB(t)
		for i := range 4 {
			if _, errs, code := cli(t, "", "carry", "demo", "--year", fmt.Sprintf("20%d-%d", 30+i, 31+i), "--again", "--db", db); code != 0 {
				t.Fatalf("carry: %s", errs)
			}
		}
		bdb, err := bolt.Open(db, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		err = bdb.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte("recent"))
			c := b.Cursor()
			k, v := c.First()
			for range at {
				k, v = c.Next()
			}
			v = append([]byte(nil), v...)
			v[len(v)/2] ^= 0x04
			return b.Put(append([]byte(nil), k...), v)
		})
		_ = bdb.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{"list"}, {"list", "--json"}} {
			out, errs, code := cli(t, "", append(args, "--db", db)...)
			if code != 1 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "is damaged") {
				t.Fatalf("%v with entry %d damaged: code %d\nstdout %q\nstderr %q", args, at, code, out, errs)
			}
		}
	}
}
