package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
	"edtech-workbook/workbook/templatefile"
)

// smallSession is testSession cut down to a 2×2 template, so a file of
// several sessions stays small and a trial's reads stay quick under -race.
func smallSession(team string) *workbook.Session {
	s := testSession(team)
	s.Template.Domains = s.Template.Domains[:2]
	for i := range s.Template.Domains {
		s.Template.Domains[i].Indicators = s.Template.Domains[i].Indicators[:2]
	}
	for id, r := range s.Ratings {
		if _, _, ok := s.Template.Indicator(id); !ok {
			delete(s.Ratings, id)
		} else {
			r.Evidence = "Walkthrough notes: " + id
		}
	}
	s.Problem.FocusIndicators = []string{"d1.i1"}
	s.Plan.Actions = s.Plan.Actions[:3]
	return s
}

// flipFixture writes a real workbook file: the demo session (the built-in
// template's full snapshot), three smaller sessions saved several times,
// a session received twice for review (two rounds), one session deleted
// (so the file has free pages), two stored templates, and the fixture
// inventory, saved twice.
// It returns the file's path.
func flipFixture(t testing.TB) string {
	t.Helper()
	st := openTemp(t)
	clock := time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC) // the same file every run: a seed repeats a run
	st.SetClock(func() time.Time { clock = clock.Add(time.Minute); return clock })
	demo, err := templatefile.DemoSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Put(demo); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		s := smallSession("Team " + strconv.Itoa(i))
		s.ID = fmt.Sprintf("5e55%012d", i)
		s = mustCreate(t, st, s)
		for j := range 3 {
			s.Rating("d1.i1").Evidence = fmt.Sprintf("save %d of team %d", j, i)
			if s, err = st.Update(s); err != nil {
				t.Fatal(err)
			}
		}
	}
	rec := smallSession("Reviewed") // two rounds received for review
	rec.ID = "4ec0000000000000"
	receive(t, st, rec, "first.json")
	rec.Rating("d1.i1").Evidence = "the second file"
	receive(t, st, rec, "second.json")
	gone := smallSession("Deleted")
	gone.ID = "de1e7ed000000000"
	gone = mustCreate(t, st, gone)
	if err := st.Delete(gone.ID); err != nil {
		t.Fatal(err)
	}
	tmpl := smallSession("").Template
	if err := st.PutTemplate(&tmpl, false); err != nil {
		t.Fatal(err)
	}
	tmpl.Version, tmpl.Title = 2, "Store test template, second version"
	if err := st.PutTemplate(&tmpl, false); err != nil {
		t.Fatal(err)
	}
	saved := saveFixture(t, st) // the inventory, saved twice
	saved.Tool("mathpath").Privacy.Agreement = inventory.AgreementSigned
	saved.Tool("mathpath").Privacy.Signed = inventory.NewDate(2026, 10, 3)
	if _, err := st.SaveInventory(saved); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return st.Path()
}

// readAll is everything the read paths return for a file, as JSON, so two
// readings compare byte for byte.
type readAll struct {
	list      []byte
	sessions  map[string][]byte
	templates []byte
	inventory []byte
	tools     []byte
	received  []byte
}

func (a readAll) equal(b readAll) bool {
	if !bytes.Equal(a.list, b.list) || !bytes.Equal(a.templates, b.templates) || len(a.sessions) != len(b.sessions) ||
		!bytes.Equal(a.inventory, b.inventory) || !bytes.Equal(a.tools, b.tools) || !bytes.Equal(a.received, b.received) {
		return false
	}
	for id, s := range a.sessions {
		if !bytes.Equal(s, b.sessions[id]) {
			return false
		}
	}
	return true
}

// flipOutcome is what one read path did with a damaged file.
type flipOutcome struct {
	path string // which read path
	err  error  // nil: it returned data (then same says whether it was the original)
	same bool
}

// readPaths runs every read path on the file at path and says what each
// returned; ids are the sessions to Get.
func readPaths(path string, ids []string, want *readAll) (got readAll, outs []flipOutcome) {
	got.sessions = map[string][]byte{}
	note := func(name string, err error, same bool) { outs = append(outs, flipOutcome{name, err, same}) }
	st, err := Open(path, ReadOnly)
	note("Open", err, err == nil)
	if err != nil {
		return got, outs
	}
	defer st.Close()
	if list, err := st.List(); err == nil {
		got.list, _ = json.Marshal(list)
		note("List", nil, want == nil || bytes.Equal(got.list, want.list))
	} else {
		note("List", err, false)
	}
	for _, id := range ids {
		if s, err := st.Get(id); err == nil {
			got.sessions[id], _ = workbook.MarshalSession(s)
			note("Get", nil, want == nil || bytes.Equal(got.sessions[id], want.sessions[id]))
		} else {
			note("Get", err, false)
		}
	}
	if ts, err := st.Templates(); err == nil {
		got.templates, _ = json.Marshal(ts)
		note("Templates", nil, want == nil || bytes.Equal(got.templates, want.templates))
	} else {
		note("Templates", err, false)
	}
	if inv, err := st.Inventory(); err == nil {
		got.inventory, _ = json.Marshal(inv)
		note("Inventory", nil, want == nil || bytes.Equal(got.inventory, want.inventory))
	} else {
		note("Inventory", err, false)
	}
	if list, err := st.InventoryList(); err == nil {
		got.tools, _ = json.Marshal(list)
		note("InventoryList", nil, want == nil || bytes.Equal(got.tools, want.tools))
	} else {
		note("InventoryList", err, false)
	}
	var rounds []any
	var rerr error
	for _, id := range ids {
		files, err := st.ReceivedFiles(id)
		if err != nil {
			rerr = err
			break
		}
		for _, f := range files {
			s, _, err := st.ReceivedSession(id, f.Round)
			if err != nil {
				rerr = err
				break
			}
			rounds = append(rounds, f, s)
		}
	}
	if rerr == nil {
		got.received, _ = json.Marshal(rounds)
		note("Received", nil, want == nil || bytes.Equal(got.received, want.received))
	} else {
		note("Received", rerr, false)
	}
	return got, outs
}

// TestByteFlips is the fault-injection suite: one byte of a real workbook
// file flipped at a random offset, trial after trial. Every read path (Open
// read-only, List, Get of each session, Templates, Inventory,
// InventoryList, the received files of each session, Doctor, SnapshotBackup)
// must give exactly the original data or a one-line error naming the
// damage: never different data without an error, never a panic or a hang,
// and the file's bytes never change. Doctor must be at least as strict as
// any read path, and a backup is only ever written of a file that reads as
// the original. WORKBOOK_FLIP_SEED and WORKBOOK_FLIP_TRIALS repeat or
// lengthen a run; the seed and the outcome counts are logged (go test -v).
func TestByteFlips(t *testing.T) {
	trials := 240
	if n, err := strconv.Atoi(os.Getenv("WORKBOOK_FLIP_TRIALS")); err == nil {
		trials = n
	}
	seed := uint64(time.Now().UnixNano())
	if s, err := strconv.ParseUint(os.Getenv("WORKBOOK_FLIP_SEED"), 10, 64); err == nil {
		seed = s
	}
	pristine := fileBytes(t, flipFixture(t))
	t.Logf("byte flips: seed %d (repeat with WORKBOOK_FLIP_SEED=%d), %d trials on a file of %d bytes", seed, seed, trials, len(pristine))
	dir := memTempDir(t)
	orig := filepath.Join(dir, "original.db")
	if err := os.WriteFile(orig, pristine, 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := Open(orig, ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	list, err := st.List()
	if err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	var ids []string
	for _, s := range list {
		ids = append(ids, s.ID)
	}
	want, outs := readPaths(orig, ids, nil)
	for _, o := range outs {
		if o.err != nil {
			t.Fatalf("the pristine file: %s: %v", o.path, o.err)
		}
	}
	if len(ids) != 5 || len(want.templates) < 100 || !bytes.Contains(want.received, []byte("second.json")) || !bytes.Contains(want.inventory, []byte(`"Numera Learning"`)) {
		t.Fatalf("fixture: %d sessions, templates %s", len(ids), want.templates)
	}

	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	type flip struct {
		off int
		xor byte
	}
	flips := make([]flip, trials)
	for i := range flips {
		flips[i] = flip{rng.IntN(len(pristine)), byte(1 + rng.IntN(255))}
	}
	results := make([]flipResult, trials)
	// Two workers; each trial has 10 s (under -race, on a loaded machine)
	// before it counts as a hang.
	next := make(chan int)
	hung := make(chan int, 2)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				done := make(chan flipResult, 1)
				go func() {
					done <- flipTrial(flips[i].off, flips[i].xor, pristine, filepath.Join(dir, strconv.Itoa(i)), ids, &want)
				}()
				select {
				case results[i] = <-done:
				case <-time.After(10 * time.Second):
					hung <- i
					return
				}
			}
		}()
	}
	for i := 0; i < trials; i++ {
		select {
		case next <- i:
		case h := <-hung:
			t.Fatalf("seed %d trial %d (byte %d ^= %#02x) did not finish in 10 s: a read path hangs", seed, h, flips[h].off, flips[h].xor)
		}
	}
	close(next)
	wg.Wait()
	select {
	case h := <-hung:
		t.Fatalf("seed %d trial %d (byte %d ^= %#02x) did not finish in 10 s: a read path hangs", seed, h, flips[h].off, flips[h].xor)
	default:
	}

	originals, errs := 0, 0
	perPath := map[string][2]int{}
	for i, r := range results {
		if r.fail != "" {
			t.Errorf("seed %d trial %d (byte %d ^= %#02x): %s", seed, i, flips[i].off, flips[i].xor, r.fail)
		}
		if r.original {
			originals++
		} else {
			errs++
		}
		for p, c := range r.perPath {
			pc := perPath[p]
			pc[0] += c[0]
			pc[1] += c[1]
			perPath[p] = pc
		}
	}
	t.Logf("byte flips: %d trials: %d read as the original everywhere, %d gave an error on at least one path, 0 changed data", trials, originals, errs)
	for _, p := range []string{"Open", "List", "Get", "Templates", "Inventory", "InventoryList", "Received", "Doctor", "SnapshotBackup"} {
		t.Logf("  %-15s original %4d  error %4d", p, perPath[p][0], perPath[p][1])
	}
}

// flipResult is one trial's outcome.
type flipResult struct {
	original bool              // every path gave the original data
	perPath  map[string][2]int // read path -> {original, error}
	fail     string            // the rules broken, if any
}

// flipTrial runs one trial; fail is set when a rule was broken.
func flipTrial(off int, xor byte, pristine []byte, dir string, ids []string, want *readAll) (res flipResult) {
	res.perPath = map[string][2]int{}
	fails := []string{}
	failf := func(format string, args ...any) { fails = append(fails, fmt.Sprintf(format, args...)) }
	defer func() {
		if r := recover(); r != nil {
			failf("panic: %v", r)
		}
		res.fail = strings.Join(fails, "; ")
	}()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		failf("%v", err)
		return
	}
	path := filepath.Join(dir, "w.db")
	damaged := append([]byte(nil), pristine...)
	damaged[off] ^= xor
	if err := os.WriteFile(path, damaged, 0o600); err != nil {
		failf("%v", err)
		return
	}
	count := func(name string, err error) {
		c := res.perPath[name]
		if err == nil {
			c[0]++
		} else {
			c[1]++
		}
		res.perPath[name] = c
	}
	checkErr := func(name string, err error) {
		msg := err.Error()
		switch {
		case !errors.Is(err, ErrCorrupt):
			failf("%s: an error that does not name damage: %v", name, err)
		case strings.Contains(msg, "\n"):
			failf("%s: a multi-line error: %q", name, msg)
		case !strings.Contains(msg, path):
			failf("%s: the error does not name the file: %v", name, err)
		}
	}

	anyErr := false
	_, outs := readPaths(path, ids, want)
	for _, o := range outs {
		count(o.path, o.err)
		switch {
		case o.err != nil:
			anyErr = true
			checkErr(o.path, o.err)
		case !o.same:
			failf("%s returned different data without an error", o.path)
		}
	}
	rep, err := Doctor(path)
	switch {
	case err != nil:
		count("Doctor", err)
		checkErr("Doctor", err)
	case !rep.OK():
		count("Doctor", errors.New(rep.Problems[0]))
		for _, p := range rep.Problems {
			if strings.Contains(p, "\n") || !strings.Contains(p, path) {
				failf("Doctor: problem %q is not one line naming the file", p)
			}
		}
	default:
		count("Doctor", nil)
		if anyErr {
			failf("Doctor found nothing wrong where a read path did")
		}
	}
	doctorOK := err == nil && rep.OK()

	snapErr := func() error {
		st, err := Open(path, ReadOnly)
		if err != nil {
			return err
		}
		defer st.Close()
		return st.SnapshotBackup()
	}()
	count("SnapshotBackup", snapErr)
	bak := BackupPath(path)
	if snapErr != nil {
		anyErr = true
		if !strings.Contains(snapErr.Error(), path) || !errors.Is(snapErr, ErrCorrupt) || strings.Contains(snapErr.Error(), "\n") {
			failf("SnapshotBackup: %v", snapErr)
		}
		if _, err := os.Stat(bak); err == nil {
			failf("SnapshotBackup failed but wrote %s", bak)
		}
	} else {
		if !doctorOK {
			failf("SnapshotBackup backed up a file Doctor finds damaged")
		}
		// The backup is the file's pages as they are (so it reads as the
		// file does: as the original, checked above) under fresh header
		// pages that point where the file's do.
		if err := sameCopy(damaged, bak); err != nil {
			failf("the backup is not a copy of the file: %v", err)
		}
	}
	if doctorOK && anyErr {
		failf("Doctor passed a file a read path refused")
	}
	if now, err := os.ReadFile(path); err != nil || !bytes.Equal(damaged, now) {
		failf("the file's bytes changed")
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*tmp-*")); len(leftovers) > 0 {
		failf("temp files left: %v", leftovers)
	}
	res.original = !anyErr
	_ = os.RemoveAll(dir)
	return res
}

// sameCopy checks that the file at bak holds the pages of data after its
// two header pages, with header pages pointing at the same tree.
func sameCopy(data []byte, bak string) error {
	got, err := os.ReadFile(bak)
	if err != nil {
		return err
	}
	m, err := readMetas(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	b, err := readMetas(bytes.NewReader(got), int64(len(got)))
	if err != nil {
		return err
	}
	ps := int(m.pageSize)
	end := int(m.pgid) * ps
	if b.root != m.root || b.freelist != m.freelist || b.pgid != m.pgid || len(got) != end || !bytes.Equal(got[2*ps:], data[2*ps:end]) {
		return fmt.Errorf("header %+v, file header %+v, %d bytes", b, m, len(got))
	}
	return nil
}

// memTempDir is a temporary folder in memory when the machine has one
// (/dev/shm): trials that write backups then cost no disk syncs.
func memTempDir(t testing.TB) string {
	t.Helper()
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		if dir, err := os.MkdirTemp("/dev/shm", "workbook-test-"); err == nil {
			t.Cleanup(func() { _ = os.RemoveAll(dir) })
			return dir
		}
	}
	return t.TempDir()
}

// TestByteFlipOne runs one trial verbosely: WORKBOOK_FLIP_AT=OFFSET:XOR.
func TestByteFlipOne(t *testing.T) {
	at := os.Getenv("WORKBOOK_FLIP_AT")
	if at == "" {
		t.Skip("set WORKBOOK_FLIP_AT=OFFSET:XOR to replay one trial")
	}
	offText, xorText, _ := strings.Cut(at, ":")
	off, _ := strconv.Atoi(offText)
	xor, _ := strconv.ParseUint(xorText, 0, 8)
	pristine := fileBytes(t, flipFixture(t))
	dir := memTempDir(t)
	orig := filepath.Join(dir, "original.db")
	if err := os.WriteFile(orig, pristine, 0o600); err != nil {
		t.Fatal(err)
	}
	ids := []string{"5e55000000000000", "5e55000000000001", "5e55000000000002", "demo-alderbrook-2025-26"}
	want, _ := readPaths(orig, ids, nil)
	path := filepath.Join(dir, "w.db")
	damaged := append([]byte(nil), pristine...)
	damaged[off] ^= byte(xor)
	if err := os.WriteFile(path, damaged, 0o600); err != nil {
		t.Fatal(err)
	}
	_, outs := readPaths(path, ids, &want)
	for _, o := range outs {
		t.Logf("%s: same %v err %v", o.path, o.same, o.err)
	}
	rep, err := Doctor(path)
	t.Logf("Doctor: %v %v", rep.Problems, err)
	st, err := Open(path, ReadOnly)
	if err == nil {
		err = st.SnapshotBackup()
		_ = st.Close()
	}
	t.Logf("SnapshotBackup: %v", err)
	r := flipTrial(off, byte(xor), pristine, filepath.Join(dir, "trial"), ids, &want)
	t.Logf("trial: %+v", r)
}
