package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"edtech-workbook/workbook"
)

// sessionLeaf returns the leaf page that holds session id and the page
// that points to it, read as bbolt would find them, and the page size.
func sessionLeaf(t *testing.T, path, id string) (leaf, parent uint64, ps int) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var root uint64
	_ = db.View(func(tx *bolt.Tx) error { root = uint64(tx.Bucket(bucketSessions).Root()); return nil })
	ps = db.Info().PageSize
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	pr, err := newPageReader(f, fi.Size())
	if err != nil {
		t.Fatal(err)
	}
	if root == 0 {
		t.Fatal("the sessions' bucket is inline; store bigger sessions")
	}
	id0 := root
	for d := 0; ; d++ {
		flags, count, b, err := pr.page(id0, d)
		if err != nil {
			t.Fatal(err)
		}
		if flags == flagLeaf {
			return id0, parent, ps
		}
		next := uint64(0)
		for i := range int(count) {
			k, child := branchElem(b, i)
			if i > 0 && string(k) > id {
				break
			}
			next = child
		}
		parent, id0 = id0, next
	}
}

// An open for reading leaves the sessions' leaf pages unread (so `list` and
// the home screen of a large file need not read one page per session), and
// reading a session checks the pages on its way first: a leaf page turned
// into a branch that points back at its parent is an error for that
// session, never a hang; the other sessions, the list and every open for
// writing (which checks every page) behave as the damage requires.
func TestReadingASessionChecksItsPagesFirst(t *testing.T) {
	st := openTempUnchecked(t)
	var ids []string
	for i := range 6 {
		ids = append(ids, mustCreate(t, st, testSession(fmt.Sprintf("Team %d", i))).ID)
	}
	// The damaged session is the last in key order: its leaf is not the
	// leftmost one, which an open reads to learn the tree's depth.
	slices.Sort(ids)
	damaged, other := ids[5], ids[0]
	want, err := st.Get(other)
	if err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	leaf, parent, ps := sessionLeaf(t, st.Path(), damaged)
	if parent == 0 {
		t.Fatal("the sessions' tree has no branch page")
	}
	data := fileBytes(t, st.Path())
	p := data[int(leaf)*ps:]
	ne.PutUint16(p[8:], flagBranch)                // the leaf is now a branch…
	ne.PutUint16(p[10:], 1)                        // …of one element…
	copy(p[pageHeaderSize+8:], itobNative(parent)) // …pointing back at its parent
	if err := os.WriteFile(st.Path(), data, 0o600); err != nil {
		t.Fatal(err)
	}

	ro, err := Open(st.Path(), ReadOnly)
	if err != nil {
		t.Fatalf("an open for reading reads the sessions' leaves: %v", err)
	}
	if list, err := ro.List(); err != nil || len(list) != 6 {
		t.Fatalf("List = %d entries, %v", len(list), err)
	}
	done := make(chan error, 1)
	go func() { _, err := ro.Get(damaged); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), `the page that holds session "Team `) {
			t.Fatalf("Get of the damaged session = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("reading the session on a looping page hangs")
	}
	if got, err := ro.Get(other); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("Get of another session = %v", err)
	}
	_ = ro.Close()
	rw, err := Open(st.Path(), ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Close()
	if _, err := rw.Update(want); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("a save on the damaged file = %v", err)
	}
	if rep, err := Doctor(st.Path()); err != nil || rep.OK() {
		t.Fatalf("Doctor = %+v, %v", rep, err)
	}
	_ = rw.Close()

	// Opened to write at once, the file is read at once (the full check
	// runs meanwhile), and the first write waits for that check: refused,
	// with the file left as it was.
	before := fileBytes(t, st.Path())
	w, err := OpenToWrite(st.Path())
	if err != nil {
		t.Fatalf("OpenToWrite: %v", err)
	}
	defer w.Close()
	if got, err := w.Get(other); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("Get of another session, opened to write = %v", err)
	}
	if _, err := w.Create(testSession("New")); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("a new session in the damaged file = %v", err)
	}
	if !bytes.Equal(before, fileBytes(t, st.Path())) {
		t.Fatal("a refused write changed the file")
	}
}

// bbolt's own check, which doctor used, also required every page to be
// either in use or free; the check that replaced it requires it too.
func TestDoctorFindsAPageNeitherUsedNorFree(t *testing.T) {
	st := openTempUnchecked(t)
	sess := mustCreate(t, st, testSession("Alder"))
	for range 3 { // saves leave free pages behind
		var err error
		if sess, err = st.Update(sess); err != nil {
			t.Fatal(err)
		}
	}
	_ = st.Close()
	if rep, err := Doctor(st.Path()); err != nil || !rep.OK() {
		t.Fatalf("Doctor before = %+v, %v", rep, err)
	}
	data := fileBytes(t, st.Path())
	f, _ := os.Open(st.Path())
	m, err := readMetas(f, int64(len(data)))
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	fl := data[int(m.freelist)*int(m.pageSize):]
	count := ne.Uint16(fl[10:])
	if count == 0 || count == 0xFFFF {
		t.Fatalf("the freelist lists %d pages", count)
	}
	ne.PutUint16(fl[10:], count-1) // its last free page is now neither
	if err := os.WriteFile(st.Path(), data, 0o600); err != nil {
		t.Fatal(err)
	}
	rep, err := Doctor(st.Path())
	if err != nil || rep.OK() || !strings.Contains(rep.Problems[0], "is neither in use nor on the freelist") {
		t.Fatalf("Doctor after = %+v, %v", rep, err)
	}
}

// ReadSessions walks the sessions a filter picks, newest first, each one as
// Get reads it, and stops at the first error.
func TestReadSessions(t *testing.T) {
	st := openTemp(t)
	clock := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	st.SetClock(func() time.Time { clock = clock.Add(time.Minute); return clock })
	var made []*workbook.Session
	for i := range 7 {
		s := testSession(fmt.Sprintf("Team %d", i%3))
		s.SchoolYear = []string{"2025-26", "2026-27"}[i%2]
		made = append(made, mustCreate(t, st, s))
	}
	stored := map[string]*workbook.Session{} // as Get reads them (Take must not use the store)
	for _, s := range made {
		got, err := st.Get(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		stored[s.ID] = got
	}
	var started int
	var got []string
	err := ReadSessions(st, SessionWalk[string]{
		Pick:  func(s workbook.Summary) bool { return s.SchoolYear == "2025-26" },
		Start: func(picked []workbook.Summary) error { started = len(picked); return nil },
		Work:  func(s *workbook.Session) (string, error) { return s.ID + " " + s.Team, nil },
		Take: func(sum workbook.Summary, out string) error {
			want := stored[sum.ID]
			if out != want.ID+" "+want.Team {
				return fmt.Errorf("work gave %q for %s", out, sum.ID)
			}
			got = append(got, sum.ID)
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	wantIDs := []string{made[6].ID, made[4].ID, made[2].ID, made[0].ID} // newest first
	if started != 4 || !reflect.DeepEqual(got, wantIDs) {
		t.Fatalf("started %d, read %v, want %v", started, got, wantIDs)
	}

	// The sessions a worker gets are whole: the same as Get's.
	err = ReadSessions(st, SessionWalk[*workbook.Session]{
		Work: func(s *workbook.Session) (*workbook.Session, error) { return s, nil },
		Take: func(sum workbook.Summary, s *workbook.Session) error {
			a, _ := json.Marshal(s)
			b, _ := json.Marshal(stored[sum.ID])
			if string(a) != string(b) {
				return fmt.Errorf("session %s differs from Get's", sum.ID)
			}
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}

	stop := errors.New("enough")
	n := 0
	err = ReadSessions(st, SessionWalk[int]{
		Work: func(*workbook.Session) (int, error) { return 0, nil },
		Take: func(workbook.Summary, int) error { n++; return stop },
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("Take's error: %v after %d", err, n)
	}
	failed := errors.New("cannot render")
	err = ReadSessions(st, SessionWalk[int]{
		Work: func(*workbook.Session) (int, error) { return 0, failed },
		Take: func(workbook.Summary, int) error { return nil },
	})
	if !errors.Is(err, failed) {
		t.Fatalf("Work's error: %v", err)
	}
}

// A damaged session stops ReadSessions with an error that names it.
func TestReadSessionsReportsDamage(t *testing.T) {
	st := openTempUnchecked(t)
	for i := range 4 {
		mustCreate(t, st, testSession(fmt.Sprintf("Team %d", i)))
	}
	damaged := testSession("Hollowell")
	damaged.Problem.Question = "How might we use the walkthrough data?"
	mustCreate(t, st, damaged)
	_ = st.Close()
	flipText(t, st.Path(), "use the walkthrough data", 3)
	err := ReadSessions(st, SessionWalk[int]{
		Work: func(*workbook.Session) (int, error) { return 0, nil },
		Take: func(workbook.Summary, int) error { return nil },
	})
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), `session "Hollowell"`) {
		t.Fatalf("ReadSessions = %v", err)
	}
}

// The decoder of the walks gives what decodeSession gives, whether the
// template is new to it or the one it decoded last.
func TestSessionDecoderMatchesDecodeSession(t *testing.T) {
	a, b := testSession("Alder"), smallSession("Birch")
	b.Template.Title = "Another template"
	var d sessionDecoder
	for _, s := range []*workbook.Session{a, a, b, b, a, smallSession("Cedar")} {
		rec, _, err := encodeSession(s)
		if err != nil {
			t.Fatal(err)
		}
		want, err := decodeSession(rec[recordHeader:], SchemaVersion)
		if err != nil {
			t.Fatal(err)
		}
		got, err := d.decode(rec[recordHeader:])
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: decoded differently (%v)", s.Team, err)
		}
	}
	if _, err := d.decode([]byte(`{"id":"x","template":{"id":7}}`)); err == nil {
		t.Fatal("a template of the wrong shape decoded")
	}
}

// FuzzSessionDecoder: whatever the bytes, the walks' decoder agrees with
// decodeSession (the same session, or an error from both).
func FuzzSessionDecoder(f *testing.F) {
	for _, s := range []*workbook.Session{testSession("Alder"), smallSession(`Birch "\u00e9" \\ /`)} {
		rec, _, err := encodeSession(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(rec[recordHeader:])
	}
	for _, s := range []string{`{}`, `{"template":null}`, `{"template":{},"template":{"id":"x"}}`, `{"te\u006dplate":{"id":"y"}}`,
		` { "id" : "a" , "template" : { "id" : "t" , "domains" : [ { "id" : "d\"}" } ] } , "team" : "x" } `,
		`{"template":{"id":"t"}`, `{"template":"x"}`, `[1,2]`, `{"id":1,"template":{"title":"\\"}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, p []byte) {
		want, werr := decodeSession(p, SchemaVersion)
		var d sessionDecoder
		for range 2 { // the second time, the template is the one it knows
			got, err := d.decode(p)
			if (err == nil) != (werr == nil) {
				t.Fatalf("decode error %v, decodeSession error %v", err, werr)
			}
			if err == nil && !reflect.DeepEqual(got, want) {
				t.Fatalf("decoded differently:\n%+v\n%+v", got, want)
			}
		}
	})
}

// A writer's check is the quick check of every open (checkRead) completed
// by reading the sessions' leaves (completeFull): it finds what checkFull
// finds. Here the freelist lists an overflow page of a session's leaf — a
// page in use that bbolt would hand out again, overwriting the session: the
// quick check cannot see it (it reads no session leaf), the completed one
// and checkFull both refuse the file, and a good file passes all three.
func TestCompletedCheckIsTheFullCheck(t *testing.T) {
	st := openTempUnchecked(t)
	var ids []string
	for i := range 6 {
		ids = append(ids, mustCreate(t, st, testSession(fmt.Sprintf("Team %d", i))).ID)
	}
	_ = st.Close()
	check := func(data []byte) (read, completed, full error) {
		r := bytes.NewReader(data)
		size := int64(len(data))
		read = checkPages(r, size, checkRead)
		if w, err := walkPages(r, size, checkRead); err != nil {
			completed = err
		} else {
			completed = w.completeFull(r)
		}
		full = checkPages(r, size, checkFull)
		return read, completed, full
	}
	good := fileBytes(t, st.Path())
	if r, c, f := check(good); r != nil || c != nil || f != nil {
		t.Fatalf("a good file: read %v, completed %v, full %v", r, c, f)
	}

	slices.Sort(ids)
	leaf, _, ps := sessionLeaf(t, st.Path(), ids[3])
	overflow := ne.Uint32(good[int(leaf)*ps+12:])
	if overflow == 0 {
		t.Fatal("the session's leaf has no overflow page; store bigger sessions")
	}
	m, err := readMetas(bytes.NewReader(good), int64(len(good)))
	if err != nil || m.freelist == math.MaxUint64 {
		t.Fatalf("no freelist page (%v)", err)
	}
	data := append([]byte(nil), good...)
	fl := data[int(m.freelist)*ps:]
	if ne.Uint16(fl[10:]) == 0 {
		t.Fatal("the freelist is empty; make the file free a page first")
	}
	ne.PutUint64(fl[pageHeaderSize:], leaf+1) // the first free page is now the leaf's first overflow page
	r, c, f := check(data)
	if r != nil || c == nil || f == nil {
		t.Fatalf("a free page in use: read %v (want none), completed %v, full %v (want both)", r, c, f)
	}
}
