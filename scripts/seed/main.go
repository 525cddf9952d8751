// Command seed fills a workbook file with copies of the built-in demo session,
// for benchmarks and manual checks of large files:
//
//	go run ./scripts/seed -db /tmp/bench.db -n 1000
//
// Each copy gets its own id, team name and change time (one minute apart), so
// `list` and the home screen have a realistic, stable order.
//
// With -edit it saves one answer in the newest session instead, as the app
// does: the file then differs from its last backup (scripts/bench uses it to
// time a first start after a change).
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
	"edtech-workbook/workbook/templatefile"
)

func main() {
	db := flag.String("db", "", "workbook file to fill (created if missing)")
	n := flag.Int("n", 1000, "number of sessions to add")
	edit := flag.Bool("edit", false, "save one answer in the newest session instead of adding sessions")
	flag.Parse()
	if *db == "" || *n < 0 {
		fmt.Fprintln(os.Stderr, "usage: go run ./scripts/seed -db FILE [-n 1000 | -edit]")
		os.Exit(2)
	}
	run := func() error { return seed(*db, *n) }
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
	// A fixed base time keeps repeated runs comparable. The sessions are
	// stored oldest first, as a file fills over the years: each new one is
	// the most recently changed.
	base := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	for i := n - 1; i >= 0; i-- {
		s := demo.Clone()
		s.ID = workbook.NewID()
		s.Team = fmt.Sprintf("%s %04d", demo.Team, i+1)
		s.Updated = base.Add(-time.Duration(i) * time.Minute)
		s.Revision = 1
		// Put stores the session as given; one transaction per session is
		// what the app does, and 1,000 of them take a few seconds.
		if err := store.Put(s); err != nil {
			return fmt.Errorf("session %d of %d: %w", i+1, n, err)
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
