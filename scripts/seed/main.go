// Command seed fills a workbook file with copies of the built-in demo session,
// for benchmarks and manual checks of large files:
//
//	go run ./scripts/seed -db /tmp/bench.db -n 1000
//
// Each copy gets its own id, team name and change time (one minute apart), so
// `list` and the home screen have a realistic, stable order.
//
// With -json DIR it writes the copies as session files (what `export
// --format json` writes) into DIR instead, for `cohort FILE...`.
//
// With -edit it saves one answer in the newest session instead, as the app
// does: the file then differs from its last backup (scripts/bench uses it to
// time a first start after a change).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
	"edtech-workbook/workbook/templatefile"
)

func main() {
	db := flag.String("db", "", "workbook file to fill (created if missing)")
	n := flag.Int("n", 1000, "number of sessions to add")
	edit := flag.Bool("edit", false, "save one answer in the newest session instead of adding sessions")
	jsonDir := flag.String("json", "", "write the sessions as files into this folder instead of a workbook file")
	flag.Parse()
	if (*db == "") == (*jsonDir == "") || *n < 0 {
		fmt.Fprintln(os.Stderr, "usage: go run ./scripts/seed -db FILE [-n 1000 | -edit]  |  -json DIR [-n 1000]")
		os.Exit(2)
	}
	run := func() error { return seed(*db, *n) }
	if *jsonDir != "" {
		run = func() error { return seedFiles(*jsonDir, *n) }
	}
	if *edit {
		run = func() error { return editOne(*db) }
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "seed: "+err.Error())
		os.Exit(1)
	}
}

func seed(path string, n int) error {
	store, err := store.Open(path, store.ReadWrite)
	if err != nil {
		return err
	}
	defer store.Close()
	demo, err := templatefile.DemoSession()
	if err != nil {
		return err
	}
	// The sessions are stored oldest first, as a file fills over the
	// years: each new one is the most recently changed.
	for i := n - 1; i >= 0; i-- {
		s := copyOf(demo, i)
		// Put stores the session as given; one transaction per session is
		// what the app does, and 1,000 of them take a few seconds.
		if err := store.Put(s); err != nil {
			return fmt.Errorf("session %d of %d: %w", i+1, n, err)
		}
	}
	return nil
}

// A fixed base time keeps repeated runs comparable.
var base = time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)

// copyOf is the i-th copy of the demo: its own id, team name, district
// (every tenth team shares one, so districts have several teams) and change
// time.
func copyOf(demo *workbook.Session, i int) *workbook.Session {
	s := demo.Clone()
	s.ID = workbook.NewID()
	s.Team = fmt.Sprintf("%s %04d", demo.Team, i+1)
	s.District = fmt.Sprintf("%s %03d", demo.District, i/10+1)
	s.Updated = base.Add(-time.Duration(i) * time.Minute)
	s.Revision = 1
	return s
}

// seedFiles writes n session files into dir.
func seedFiles(dir string, n int) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	demo, err := templatefile.DemoSession()
	if err != nil {
		return err
	}
	for i := range n {
		data, err := workbook.MarshalSession(copyOf(demo, i))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("team-%05d.json", i+1)), data, 0o600); err != nil {
			return err
		}
	}
	return nil
}

// editOne saves one changed answer in the most recently changed session.
func editOne(path string) error {
	store, err := store.Open(path, store.ReadWrite)
	if err != nil {
		return err
	}
	defer store.Close()
	list, err := store.List()
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return fmt.Errorf("%s has no session to edit; seed it first", path)
	}
	s, err := store.Get(list[0].ID)
	if err != nil {
		return err
	}
	s.SetAnswer("evidence", workbook.Answer{Text: "edited at " + time.Now().UTC().Format(time.RFC3339Nano)})
	_, err = store.Update(s)
	return err
}
