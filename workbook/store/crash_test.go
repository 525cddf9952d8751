package store

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"edtech-workbook/workbook"
)

// streamUpdates is the crash child: it saves the session over and over,
// growing it and adding sessions now and then so the file grows and pages
// move, and prints each revision after Update returned.
func streamUpdates(path, id string) error {
	st, err := Open(path, ReadWrite)
	if err != nil {
		return err
	}
	sess, err := st.Get(id)
	if err != nil {
		return err
	}
	for i := 0; ; i++ {
		r := sess.Rating(fmt.Sprintf("d%d.i%d", 1+i%5, 1+i%5))
		r.Evidence = fmt.Sprintf("save %d %s", sess.Revision, strings.Repeat("z", i%4000))
		if sess, err = st.Update(sess); err != nil {
			return err
		}
		fmt.Println(sess.Revision)
		if i%10 == 0 {
			if _, err := st.Create(testSession("Crash " + strconv.Itoa(i))); err != nil {
				return err
			}
		}
	}
}

func TestCrashDuringUpdates(t *testing.T) {
	kills := 25
	if testing.Short() {
		kills = 8
	}
	st := openTemp(t)
	id := mustCreate(t, st, testSession("Crash")).ID
	_ = st.Close()
	deadline := time.Now().Add(20 * time.Second)
	lastSeen := 1
	for k := range kills {
		if time.Now().After(deadline) {
			t.Fatalf("only %d kills fitted in the time budget", k)
		}
		c := startChild(t, "updates", st.Path(), "WORKBOOK_SESSION="+id)
		// Wait for the first save, then kill at a random moment.
		if !c.out.Scan() {
			t.Fatalf("kill %d: the child made no save", k)
		}
		printed := c.out.Text()
		time.Sleep(time.Duration(rand.IntN(60_000)) * time.Microsecond)
		if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		for c.out.Scan() { // whatever it printed before it died
			printed = c.out.Text()
		}
		_ = c.cmd.Wait()
		last, err := strconv.Atoi(printed)
		if err != nil {
			t.Fatalf("kill %d: child printed %q", k, printed)
		}
		if last < lastSeen {
			t.Fatalf("kill %d: revision went back from %d to %d", k, lastSeen, last)
		}
		lastSeen = last

		st2, err := Open(st.Path(), ReadWrite)
		if err != nil {
			t.Fatalf("kill %d: reopening: %v", k, err)
		}
		if problems := st2.Check(); len(problems) > 0 {
			t.Fatalf("kill %d: Check: %v", k, problems)
		}
		got, err := st2.Get(id)
		if err != nil {
			t.Fatalf("kill %d: %v", k, err)
		}
		// Every save whose call returned is there; at most one more (saved,
		// not yet printed) and never half of one.
		if got.Revision < last || got.Revision > last+1 {
			t.Fatalf("kill %d: stored revision %d, child reported %d", k, got.Revision, last)
		}
		// ...and it is the whole of that save: its evidence is there.
		mark, found := fmt.Sprintf("save %d ", got.Revision-1), false
		for _, r := range got.Ratings {
			found = found || strings.HasPrefix(r.Evidence, mark)
		}
		if got.Revision > 1 && !found {
			t.Fatalf("kill %d: revision %d lacks the evidence of its own save", k, got.Revision)
		}
		if list, err := st2.List(); err != nil || list[0].Revision == 0 {
			t.Fatalf("kill %d: List = %v", k, err)
		}
		_ = st2.Close()
	}
	t.Logf("%d kills, last revision %d", kills, lastSeen)
}

// corruptFixture writes a workbook file with enough sessions to span many
// pages and returns its path and ids. The store is closed.
func corruptFixture(t *testing.T) (string, []string) {
	t.Helper()
	st := openTemp(t)
	var ids []string
	for i := range 12 {
		ids = append(ids, mustCreate(t, st, testSession("Team "+strconv.Itoa(i))).ID)
	}
	tp := testTemplate()
	if err := st.PutTemplate(&tp, false); err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	return st.Path(), ids
}

// treePages lists the pages holding the B+tree (branch and leaf page heads).
func treePages(t *testing.T, path string) (pageSize int, pages []int) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, PreLoadFreelist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = db.View(func(tx *bolt.Tx) error {
		for id := 2; ; id++ {
			info, err := tx.Page(id)
			if err != nil {
				t.Fatal(err)
			}
			if info == nil {
				break
			}
			if info.Type == "leaf" || info.Type == "branch" {
				pages = append(pages, id)
				id += info.OverflowCount
			}
		}
		return nil
	})
	return db.Info().PageSize, pages
}

func overwrite(t *testing.T, path string, off int64, n int, rng *rand.Rand) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	junk := make([]byte, n)
	for i := range junk {
		junk[i] = byte(rng.UintN(256))
	}
	if _, err := f.WriteAt(junk, off); err != nil {
		t.Fatal(err)
	}
}

func TestCorruptFile(t *testing.T) {
	pristine, ids := corruptFixture(t)
	pageSize, pages := treePages(t, pristine)
	if len(pages) < 5 {
		t.Fatalf("fixture has only %d tree pages", len(pages))
	}
	type damage func(t *testing.T, path string, rng *rand.Rand)
	cases := []struct {
		name string
		hurt damage
		// openFails: Open must refuse the file; otherwise reads may work
		// but Check must report the damage.
		openFails bool
	}{
		{"both meta pages", func(t *testing.T, p string, rng *rand.Rand) { overwrite(t, p, 0, 2*pageSize, rng) }, true},
		{"truncated to half", func(t *testing.T, p string, rng *rand.Rand) {
			fi, _ := os.Stat(p)
			if err := os.Truncate(p, fi.Size()/2); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"truncated to 100 bytes", func(t *testing.T, p string, rng *rand.Rand) {
			if err := os.Truncate(p, 100); err != nil {
				t.Fatal(err)
			}
		}, true},
	}
	for seed := range 12 {
		cases = append(cases, struct {
			name      string
			hurt      damage
			openFails bool
		}{fmt.Sprintf("tree page seed %d", seed), func(t *testing.T, p string, rng *rand.Rand) {
			id := pages[rng.IntN(len(pages))]
			t.Logf("garbage over page %d", id)
			overwrite(t, p, int64(id*pageSize), pageSize, rng)
		}, false})
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "w.db")
			if err := os.WriteFile(path, fileBytes(t, pristine), 0o600); err != nil {
				t.Fatal(err)
			}
			tc.hurt(t, path, rand.New(rand.NewPCG(uint64(i)*0x9E3779B97F4A7C15, uint64(i))))
			before := fileBytes(t, path)
			defer func() {
				if !bytes.Equal(before, fileBytes(t, path)) {
					t.Error("the damaged file was written to")
				}
			}()

			st, err := Open(path, ReadWrite)
			if tc.openFails {
				if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), path) || (kindOf(err) != KindDamaged && kindOf(err) != KindUnrecognised) {
					t.Fatalf("Open = %v, want a clear ErrCorrupt error", err)
				}
				return
			}
			if err != nil {
				if !errors.Is(err, ErrCorrupt) {
					t.Fatalf("Open = %v, want success or ErrCorrupt", err)
				}
				return
			}
			defer st.Close()
			readErrs := 0
			if _, err := st.List(); err != nil {
				readErrs++
				if !errors.Is(err, ErrCorrupt) {
					t.Errorf("List = %v, want nil or ErrCorrupt", err)
				}
			}
			for _, id := range ids {
				if _, err := st.Get(id); err != nil {
					readErrs++
					if !errors.Is(err, ErrCorrupt) && !errors.Is(err, workbook.ErrNotFound) {
						t.Errorf("Get = %v, want nil, ErrNotFound or ErrCorrupt", err)
					}
				}
			}
			problems := st.Check()
			if len(problems) == 0 {
				t.Fatalf("Check found nothing wrong (%d read errors)", readErrs)
			}
			for _, p := range problems {
				if !errors.Is(p, ErrCorrupt) {
					t.Errorf("Check problem %v does not wrap ErrCorrupt", p)
				}
			}
			rep, err := Doctor(path)
			if err != nil || rep.OK() {
				t.Fatalf("Doctor = %+v, %v; want problems", rep, err)
			}
		})
	}
}
