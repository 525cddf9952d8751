package store

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"edtech-workbook/workbook"
)

// testTemplate is a realistic template: 5 domains × 5 indicators, four
// levels, every note filled in, like the built-in one.
func testTemplate() workbook.Template {
	words := func(n int, seed string) string {
		return strings.TrimSpace(strings.Repeat(seed+" ", n))
	}
	t := workbook.Template{
		ID: "store-test", Version: 1, Title: "Store test template", SchoolYear: "2026-27",
		Description: words(30, "describe"),
		Scale: workbook.Scale{NotSure: "Not sure", Levels: []workbook.Level{
			{Label: "Not yet", Meaning: "No practice in place."}, {Label: "Emerging", Meaning: "Some practice."},
			{Label: "Developing", Meaning: "Practice in most places."}, {Label: "Established", Meaning: "Practice everywhere."},
		}},
		Roles:         []string{"Facilitator", "Note taker", "Timekeeper"},
		StudentGroups: []string{"English learners", "Students with IEPs", "Students with 504 plans"},
		Decisions: []workbook.Choice{{ID: workbook.DecisionContinue, Title: "Continue"}, {ID: workbook.DecisionAdjust, Title: "Adjust"},
			{ID: workbook.DecisionScale, Title: "Scale"}, {ID: workbook.DecisionStop, Title: "Stop"}},
	}
	for d := range 5 {
		dom := workbook.Domain{ID: fmt.Sprintf("d%d", d+1), Title: fmt.Sprintf("Domain %d", d+1), Summary: words(20, "summary")}
		for i := range 5 {
			dom.Indicators = append(dom.Indicators, workbook.Indicator{
				ID: fmt.Sprintf("d%d.i%d", d+1, i+1), Title: fmt.Sprintf("Indicator %d.%d", d+1, i+1),
				Statement: words(25, "statement"), Phase: workbook.Phases[i%3],
				Levels:      []string{words(15, "one"), words(15, "two"), words(15, "three"), words(15, "four")},
				EquityPause: words(20, "equity"),
				Context: workbook.ContextNotes{EnglishLearners: words(12, "el"), IEP504: words(12, "iep"),
					SmallSystems: words(12, "small"), LargeSystems: words(12, "large")},
			})
		}
		t.Domains = append(t.Domains, dom)
	}
	for _, id := range workbook.PromptIDs() {
		*t.Prompts.Get(id) = workbook.Prompt{Text: "Prompt " + string(id), Help: words(10, "help")}
	}
	question := func(id string, kind workbook.QuestionKind) workbook.Question {
		return workbook.Question{ID: id, Kind: kind, Text: "Question " + id, Help: words(10, "help")}
	}
	t.Questions.Problem = []workbook.Question{question("why_matters", workbook.KindLongText), question("who_affected", workbook.KindLongText),
		question("improvement", workbook.KindLongText), question("centered", workbook.KindStudentGroups)}
	t.Questions.Reflection = []workbook.Question{question("story", workbook.KindLongText)}
	return t
}

// testSession is a filled-in session of about 50 KB of JSON.
func testSession(team string) *workbook.Session {
	s := &workbook.Session{Team: team, District: "Riverside Unified", SchoolYear: "2026-27", Template: testTemplate()}
	for i := range 6 {
		s.Roster = append(s.Roster, workbook.Member{ID: fmt.Sprintf("m%d", i), Name: fmt.Sprintf("Member %d", i), Role: "Teacher"})
	}
	for n, in := range s.Template.Indicators() {
		r := s.Rating(in.ID)
		r.Members = map[string]workbook.Rating{}
		for _, m := range s.Roster {
			r.Members[m.ID] = workbook.Rating(1 + (n+len(m.ID))%4)
		}
		r.Consensus = workbook.Rating(1 + n%4)
		r.Evidence = strings.Repeat("Walkthrough notes and survey results. ", 18)
		r.Priority = n%7 == 0
	}
	s.Problem = workbook.ProblemOfPractice{FocusIndicators: []string{"d1.i1", "d2.i3"}, Phase: workbook.PhaseImplementation,
		Question: "How might we?"}
	s.SetAnswer("why_matters", workbook.Answer{Text: "Because."})
	s.SetAnswer("who_affected", workbook.Answer{Text: "Students."})
	s.SetAnswer("improvement", workbook.Answer{Text: "More use."})
	s.SetAnswer("centered", workbook.Answer{Choices: []string{"English learners"}})
	s.Plan.Aim = "By June, 80% of teachers use the platform weekly."
	for i := range 8 {
		s.Plan.Actions = append(s.Plan.Actions, workbook.ActionStep{ID: fmt.Sprintf("a%d", i), What: "Run a training session for staff",
			Owner: "m1", Due: "2027-03-01", Status: workbook.StatusInProgress, Measure: "Attendance"})
	}
	s.CheckIns = []workbook.CheckIn{{ID: "c1", Date: "2026-11-01", Did: "Trained staff.", Learned: "Time matters.", Next: "Follow up."}}
	return s
}

// openTemp opens a store in a fresh temp folder and, at the end of the
// test, runs the full check on it and closes it (as storetest.Open does for
// the other packages, which this package's tests cannot import). Tests that
// damage the file on purpose use openTempUnchecked.
func openTemp(t testing.TB) *Store {
	t.Helper()
	st := openTempUnchecked(t)
	t.Cleanup(func() {
		if err := errors.Join(append(st.Check(), st.Close())...); err != nil {
			t.Errorf("workbook file %s is not consistent at the end of the test: %v", st.Path(), err)
		}
	})
	return st
}

// openTempUnchecked opens a store in a fresh temp folder and closes it at
// the end of the test.
func openTempUnchecked(t testing.TB) *Store {
	t.Helper()
	st, err := Open(filepath.Join(t.TempDir(), "workbook.db"), ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// kindOf is the Kind of the store problem err carries (KindOther if none).
func kindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindOther
}

func mustCreate(t testing.TB, st *Store, s *workbook.Session) *workbook.Session {
	t.Helper()
	out, err := st.Create(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func fileBytes(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestTestSessionIsRealistic(t *testing.T) {
	buf, err := workbook.MarshalSession(testSession("A"))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(buf); n < 40_000 || n > 80_000 {
		t.Fatalf("test session is %d bytes of JSON, want about 50 KB", n)
	}
}

func TestSessionRoundTrip(t *testing.T) {
	st := openTemp(t)
	st.SetClock(func() time.Time { return time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC) })
	in := testSession("Round trip")
	created := mustCreate(t, st, in)
	if created.ID == "" || created.Revision != 1 || !created.Created.Equal(created.Updated) {
		t.Fatalf("created = id %q rev %d created %v updated %v", created.ID, created.Revision, created.Created, created.Updated)
	}
	got, err := st.Get(created.ID)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := workbook.MarshalSession(created)
	have, _ := workbook.MarshalSession(got)
	if !bytes.Equal(want, have) {
		t.Fatalf("session read back differs from the one stored")
	}

	got.Ratings["d1.i1"].Evidence = "changed"
	st.SetClock(func() time.Time { return time.Date(2026, 9, 2, 10, 0, 0, 0, time.UTC) })
	upd, err := st.Update(got)
	if err != nil {
		t.Fatal(err)
	}
	again, err := st.Get(created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if again.Revision != 2 || upd.Revision != 2 || again.Ratings["d1.i1"].Evidence != "changed" || !again.Updated.After(again.Created) {
		t.Fatalf("after update: rev %d/%d evidence %q", again.Revision, upd.Revision, again.Ratings["d1.i1"].Evidence)
	}

	if _, err := st.Get("missing"); !errors.Is(err, workbook.ErrNotFound) {
		t.Fatalf("Get(missing) = %v, want ErrNotFound", err)
	}
	if _, err := st.Create(created); err == nil {
		t.Fatal("Create with an existing id succeeded")
	}

	// Put keeps id and timestamps (import); the store assigns the revision,
	// above every one the file held (2 so far), never the file's own.
	imp := testSession("Imported")
	imp.ID, imp.Revision, imp.Updated = "imported-1", 7, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := st.Put(imp); err != nil {
		t.Fatal(err)
	}
	if got, err := st.Get("imported-1"); err != nil || got.Revision != 3 || !got.Updated.Equal(imp.Updated) || imp.Revision != 7 {
		t.Fatalf("Put then Get = rev %d, %v (caller's copy at %d)", got.Revision, err, imp.Revision)
	}
}

func TestStoreReopensAcrossStores(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	a, err := Open(path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	created := mustCreate(t, a, testSession("Shared"))
	// One Store per file per process is the rule. A second one on the same
	// path (there is no handle registry to share) waits for the first to
	// let go of the file, as another process would: at most idleRelease
	// after the first one's last operation, well within lockTimeout.
	start := time.Now()
	b, err := Open(path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Get(created.ID); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > idleRelease+lockTimeout/2 {
		t.Fatalf("second Store took %v", d)
	}
	_ = a.Close()
	if _, err := b.List(); err != nil { // reopens after Close
		t.Fatal(err)
	}
	_ = b.Close()
}

func TestTemplateRoundTrip(t *testing.T) {
	st := openTemp(t)
	t1, t2 := testTemplate(), testTemplate()
	t2.Version = 2
	other := testTemplate()
	other.ID = "another"
	for _, tp := range []*workbook.Template{&t2, &other, &t1} {
		if err := st.PutTemplate(tp, false); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.PutTemplate(&t1, false); kindOf(err) != KindTemplateExists {
		t.Fatalf("PutTemplate of an existing version = %v, want KindTemplateExists", err)
	}
	t1.Title = "Replaced"
	if err := st.PutTemplate(&t1, true); err != nil {
		t.Fatal(err)
	}
	got, err := st.Templates()
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, tp := range got {
		refs = append(refs, tp.Ref())
	}
	if strings.Join(refs, " ") != "another@1 store-test@1 store-test@2" {
		t.Fatalf("Templates order = %v", refs)
	}
	if got[1].Title != "Replaced" || len(got[1].Indicators()) != 25 {
		t.Fatalf("template read back: title %q, %d indicators", got[1].Title, len(got[1].Indicators()))
	}
	if err := st.DeleteTemplate("store-test@2"); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteTemplate("store-test@2"); !errors.Is(err, workbook.ErrNotFound) {
		t.Fatalf("second DeleteTemplate = %v, want ErrNotFound", err)
	}
}

func TestListOrderAndSummaries(t *testing.T) {
	st := openTempUnchecked(t)
	day := func(d int) func() time.Time {
		return func() time.Time { return time.Date(2026, 9, d, 9, 0, 0, 0, time.UTC) }
	}
	st.SetClock(day(1))
	old := mustCreate(t, st, testSession("Old"))
	st.SetClock(day(2))
	// A session without a school year, which the app never stores: the
	// full check would call it inconsistent, so this test opens unchecked.
	empty := mustCreate(t, st, &workbook.Session{Team: "Empty", Template: testTemplate()})
	st.SetClock(day(3))
	mid := mustCreate(t, st, testSession("Middle"))
	st.SetClock(day(4))
	if _, err := st.Update(old); err != nil { // the oldest becomes the newest
		t.Fatal(err)
	}
	list, err := st.List()
	if err != nil {
		t.Fatal(err)
	}
	var teams []string
	for _, s := range list {
		teams = append(teams, s.Team)
	}
	if strings.Join(teams, ",") != "Old,Middle,Empty" {
		t.Fatalf("List order = %v, want newest change first", teams)
	}
	want := workbook.Summarize(mid)
	if list[1] != want {
		t.Fatalf("summary = %+v, want %+v", list[1], want)
	}
	if list[0].Revision != 2 || list[1].Progress <= list[2].Progress || list[1].TemplateRef != "store-test@1" {
		t.Fatalf("summaries = %+v", list)
	}
	_ = empty
}

func TestDelete(t *testing.T) {
	st := openTemp(t)
	a := mustCreate(t, st, testSession("A"))
	b := mustCreate(t, st, testSession("B"))
	if err := st.Delete(a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Get(a.ID); !errors.Is(err, workbook.ErrNotFound) {
		t.Fatalf("Get after Delete = %v", err)
	}
	if err := st.Delete(a.ID); !errors.Is(err, workbook.ErrNotFound) {
		t.Fatalf("second Delete = %v", err)
	}
	if _, err := st.Update(a); !errors.Is(err, workbook.ErrNotFound) {
		t.Fatalf("Update after Delete = %v", err)
	}
	list, err := st.List()
	if err != nil || len(list) != 1 || list[0].ID != b.ID {
		t.Fatalf("List after Delete = %v, %v", list, err)
	}
	if problems := st.Check(); len(problems) > 0 {
		t.Fatalf("Check after Delete: %v", problems)
	}
}

func TestRevisionConflict(t *testing.T) {
	st := openTemp(t)
	created := mustCreate(t, st, testSession("Conflict"))
	first, _ := st.Get(created.ID)
	second, _ := st.Get(created.ID)

	first.Plan.Aim = "first"
	if _, err := st.Update(first); err != nil {
		t.Fatal(err)
	}
	second.Plan.Aim = "second"
	_, err := st.Update(second)
	if !errors.Is(err, workbook.ErrConflict) {
		t.Fatalf("stale Update = %v, want ErrConflict", err)
	}
	if !strings.Contains(err.Error(), `"Conflict"`) || !strings.Contains(err.Error(), "revision 2, you had 1") {
		t.Fatalf("conflict message = %q", err)
	}
	stored, _ := st.Get(created.ID)
	if stored.Plan.Aim != "first" || stored.Revision != 2 {
		t.Fatalf("stored aim %q rev %d, want the first writer's", stored.Plan.Aim, stored.Revision)
	}
	if list, _ := st.List(); list[0].Revision != 2 {
		t.Fatalf("list entry revision = %d", list[0].Revision)
	}
}

func TestSizeLimits(t *testing.T) {
	big := strings.Repeat("x", 70_000)
	cases := []struct {
		name   string
		change func(s *workbook.Session)
		want   string
	}{
		{"evidence", func(s *workbook.Session) { s.Rating("d2.i3").Evidence = big },
			`evidence for "Indicator 2.3" is 70,000 characters; the limit is 65,536`},
		{"multibyte characters count once", func(s *workbook.Session) { s.Rating("d1.i1").Evidence = strings.Repeat("é", 65_537) },
			`evidence for "Indicator 1.1" is 65,537 characters; the limit is 65,536`},
		{"team", func(s *workbook.Session) { s.Team = big }, `the team name is 70,000 characters`},
		{"problem", func(s *workbook.Session) { s.Problem.Question = big }, `the answer to "Prompt problem" is 70,000`},
		{"question", func(s *workbook.Session) { s.SetAnswer("why_matters", workbook.Answer{Text: big}) }, `the answer to "Question why_matters" is 70,000`},
		{"equity", func(s *workbook.Session) { s.Rating("d1.i2").Equity = big }, `the equity answer for "Indicator 1.2" is 70,000`},
		{"action step", func(s *workbook.Session) { s.Plan.Actions[2].What = big }, `the what of action step 3 is 70,000`},
		{"comment", func(s *workbook.Session) { s.Comments = []workbook.Comment{{Text: big}} }, `the text of comment 1 is 70,000`},
		{"template snapshot", func(s *workbook.Session) { s.Template.Domains[0].Indicators[0].Statement = big },
			`template field domains.0.indicators.0.statement is 70,000`},
		{"whole session", func(s *workbook.Session) {
			for i := range 130 {
				s.CheckIns = append(s.CheckIns, workbook.CheckIn{ID: strconv.Itoa(i), Did: strings.Repeat("y", 65_000)})
			}
		}, `bytes as JSON; the limit is 8,388,608`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := openTemp(t)
			ok := mustCreate(t, st, testSession("Limits"))
			before := fileBytes(t, st.Path())

			s := testSession("Limits")
			tc.change(s)
			err := workbook.CheckLimits(s)
			if !errors.Is(err, workbook.ErrTooLarge) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("CheckLimits = %v, want %q", err, tc.want)
			}
			if _, err := st.Create(s); !errors.Is(err, workbook.ErrTooLarge) {
				t.Fatalf("Create = %v", err)
			}
			s.ID = ok.ID
			if err := st.Put(s); !errors.Is(err, workbook.ErrTooLarge) {
				t.Fatalf("Put = %v", err)
			}
			loaded, _ := st.Get(ok.ID)
			tc.change(loaded)
			if _, err := st.Update(loaded); !errors.Is(err, workbook.ErrTooLarge) {
				t.Fatalf("Update = %v", err)
			}
			_ = st.Close()
			if !bytes.Equal(before, fileBytes(t, st.Path())) {
				t.Fatal("a refused session changed the file")
			}
		})
	}
	if err := workbook.CheckLimits(testSession("fine")); err != nil {
		t.Fatalf("CheckLimits on a normal session = %v", err)
	}
}

func TestFilesArePrivate(t *testing.T) {
	st := openTemp(t)
	mustCreate(t, st, testSession("A"))
	if err := st.SnapshotBackup(); err != nil {
		t.Fatal(err)
	}
	exp := filepath.Join(filepath.Dir(st.Path()), "copy.db")
	if err := st.Backup(exp); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{st.Path(), BackupPath(st.Path()), exp} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", p, fi.Mode().Perm())
		}
	}
}

func TestSnapshotBackupRotates(t *testing.T) {
	st := openTemp(t)
	a := mustCreate(t, st, testSession("A"))
	if err := st.SnapshotBackup(); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, st, testSession("B"))
	if err := st.SnapshotBackup(); err != nil {
		t.Fatal(err)
	}
	count := func(path string) int {
		t.Helper()
		rep, err := Doctor(path)
		if err != nil || !rep.OK() {
			t.Fatalf("Doctor(%s) = %+v, %v", path, rep, err)
		}
		return rep.Sessions
	}
	if n := count(BackupPath(st.Path())); n != 2 {
		t.Fatalf("latest backup holds %d sessions, want 2", n)
	}
	if n := count(PreviousBackupPath(st.Path())); n != 1 {
		t.Fatalf("previous backup holds %d sessions, want 1", n)
	}
	// Nothing changed since: no copy, and the previous backup survives.
	before, _ := os.Stat(BackupPath(st.Path()))
	if err := st.SnapshotBackup(); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(BackupPath(st.Path()))
	if !after.ModTime().Equal(before.ModTime()) {
		t.Fatal("an unchanged file was copied again")
	}
	if n := count(PreviousBackupPath(st.Path())); n != 1 {
		t.Fatalf("previous backup holds %d sessions after a skipped snapshot, want 1", n)
	}
	_ = a
}

func TestNewerSchemaRefused(t *testing.T) {
	st := openTempUnchecked(t)
	mustCreate(t, st, testSession("Future"))
	_ = st.Close()
	setSchema(t, st.Path(), SchemaVersion+1)
	before := fileBytes(t, st.Path())

	_, err := Open(st.Path(), ReadWrite)
	if !errors.Is(err, ErrNewerFile) {
		t.Fatalf("Open of a newer file = %v, want ErrNewerFile", err)
	}
	want := fmt.Sprintf("workbook file %s was written by a newer edtech-workbook (schema %d; this build reads up to %d)", st.Path(), SchemaVersion+1, SchemaVersion)
	if err.Error() != want {
		t.Fatalf("message = %q\nwant      %q", err, want)
	}
	// A Store opened before the file changed refuses too.
	if _, err := st.List(); !errors.Is(err, ErrNewerFile) {
		t.Fatalf("List = %v", err)
	}
	if _, err := st.Create(testSession("x")); !errors.Is(err, ErrNewerFile) {
		t.Fatalf("Create = %v", err)
	}
	_ = st.Close()
	if !bytes.Equal(before, fileBytes(t, st.Path())) {
		t.Fatal("the newer file was written to")
	}
}

func setSchema(t testing.TB, path string, v uint64) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		return b.Put(keySchema, itob(v))
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMigrationTakesBackupFirst(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	st, err := Open(path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	old := mustCreate(t, st, testSession("Before the upgrade"))
	_ = st.Close()

	// Pretend this build is one schema ahead, with a migration that checks
	// the backup is already there, holding the old data at the old schema.
	cfg := defaultConfig()
	next := cfg.schema
	cfg.schema = next + 1
	var sawBackup bool
	cfg.migrations[next] = func(tx *bolt.Tx) error {
		bak, err := bolt.Open(BackupPath(path), 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
		if err != nil {
			return err
		}
		defer bak.Close()
		return bak.View(func(btx *bolt.Tx) error {
			if v, _ := readSchema(btx, path); v != next {
				return fmt.Errorf("backup is at schema %d, want %d", v, next)
			}
			if btx.Bucket(bucketSessions).Get([]byte(old.ID)) == nil {
				return errors.New("backup lacks the session")
			}
			sawBackup = true
			r, err := cfg.begin(tx, path, false)
			if err != nil {
				return err
			}
			v, crc := frame(bucketTemplates, []byte("migrated@1"), []byte(`{"id":"migrated","version":1}`))
			r.state.Templates.add(crc)
			if err := tx.Bucket(bucketTemplates).Put([]byte("migrated@1"), v); err != nil {
				return err
			}
			return r.putState()
		})
	}

	st, err = openWith(path, ReadWrite, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if !sawBackup {
		t.Fatal("the migration did not see a backup")
	}
	tmpls, err := st.Templates()
	if err != nil || len(tmpls) != 1 || tmpls[0].ID != "migrated" {
		t.Fatalf("migration result: %v, %v", tmpls, err)
	}
	if _, err := st.Get(old.ID); err != nil {
		t.Fatal(err)
	}
}

func TestMigrationFailureLeavesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	st, err := Open(path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, st, testSession("Keep me"))
	_ = st.Close()
	cfg := defaultConfig()
	next := cfg.schema
	cfg.schema = next + 1
	cfg.migrations[next] = func(tx *bolt.Tx) error {
		_ = tx.Bucket(bucketSessions).Put([]byte("half"), []byte("{}"))
		return errors.New("boom")
	}
	if _, err := openWith(path, ReadWrite, cfg); err == nil || !strings.Contains(err.Error(), "left unchanged") {
		t.Fatalf("Open with a failing migration = %v", err)
	}
	st, err = Open(path, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if list, err := st.List(); err != nil || len(list) != 1 {
		t.Fatalf("after a failed migration: %v, %v", list, err)
	}
	if _, err := st.Get("half"); !errors.Is(err, workbook.ErrNotFound) {
		t.Fatal("a failed migration left part of its work behind")
	}
}

func TestNotAWorkbookFile(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, bytes.Repeat([]byte("hello world\n"), 2000), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(text, ReadWrite)
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "not a workbook file") {
		t.Fatalf("Open(text file) = %v", err)
	}
	other := filepath.Join(dir, "other.db")
	db, _ := bolt.Open(other, 0o600, nil)
	_ = db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("something")); return err })
	_ = db.Close()
	if _, err := Open(other, ReadWrite); err == nil || !strings.Contains(err.Error(), "is not an edtech-workbook file") {
		t.Fatalf("Open(other bbolt file) = %v", err)
	}
}

func TestHandleReleasedWhenIdle(t *testing.T) {
	st := openTemp(t)
	mustCreate(t, st, testSession("A"))
	time.Sleep(idleRelease + 150*time.Millisecond)
	// Nothing of ours holds the file: an exclusive open succeeds at once.
	db, err := bolt.Open(st.Path(), 0o600, &bolt.Options{Timeout: 10 * time.Millisecond})
	if err != nil {
		t.Fatalf("the file is still held after the idle delay: %v", err)
	}
	_ = db.Close()
}

// --- child processes ---------------------------------------------------

// TestHelperProcess is not a test: it is the body of the child processes
// the tests below start (a second edtech-workbook on the same file).
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv("WORKBOOK_HELPER")
	if mode == "" {
		t.Skip("only runs as a child process")
	}
	path := os.Getenv("WORKBOOK_PATH")
	if err := runHelper(mode, path); err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	os.Exit(0)
}

func runHelper(mode, path string) error {
	wait := func() { _, _ = io.Copy(io.Discard, os.Stdin) } // until the parent closes stdin
	switch mode {
	case "hold-write": // an open write transaction: the file is locked
		db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second})
		if err != nil {
			return err
		}
		tx, err := db.Begin(true)
		if err != nil {
			return err
		}
		fmt.Println("ready")
		wait()
		return tx.Rollback()
	case "hold-read": // an open read transaction with a shared lock
		db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 5 * time.Second, ReadOnly: true})
		if err != nil {
			return err
		}
		tx, err := db.Begin(false)
		if err != nil {
			return err
		}
		fmt.Println("ready")
		wait()
		return tx.Rollback()
	case "app": // the app, idle between saves
		st, err := Open(path, ReadWrite)
		if err != nil {
			return err
		}
		if _, err := st.Create(testSession("From the app")); err != nil {
			return err
		}
		fmt.Println("ready")
		wait()
		return nil
	case "temp-forever": // a write of path that never finishes: killed mid-write
		_, err := defaultConfig().writeTemp(path, func(f *os.File) error {
			if _, err := f.Write(bytes.Repeat([]byte("half a file "), 1000)); err != nil {
				return err
			}
			fmt.Println("ready")
			wait()
			return nil
		})
		return err
	case "snapshots": // saves, each followed by a start-up backup, for ever
		st, err := Open(path, ReadWrite)
		if err != nil {
			return err
		}
		for i := 0; ; i++ {
			list, err := st.List()
			if err != nil {
				return err
			}
			s, err := st.Get(list[i%len(list)].ID)
			if err != nil {
				return err
			}
			s.Plan.Aim = strings.Repeat("y", i%3000)
			if _, err := st.Update(s); err != nil {
				return err
			}
			if err := st.SnapshotBackup(); err != nil {
				return err
			}
			if i == 0 {
				fmt.Println("ready")
			}
		}
	case "restores": // forced restores, for ever
		for i := 0; ; i++ {
			if _, err := RestoreBackup(path, true); err != nil {
				return err
			}
			if i == 0 {
				fmt.Println("ready")
			}
		}
	case "updates": // a stream of saves, each revision printed once its call returned
		return streamUpdates(path, os.Getenv("WORKBOOK_SESSION"))
	}
	return fmt.Errorf("unknown helper mode %q", mode)
}

// child is a running helper process.
type child struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *bufio.Scanner
}

func startChild(t testing.TB, mode, path string, env ...string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), append(env, "WORKBOOK_HELPER="+mode, "WORKBOOK_PATH="+path)...)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, stdin: stdin, out: bufio.NewScanner(stdout)}
	t.Cleanup(func() { _ = c.cmd.Process.Kill(); _ = c.cmd.Wait() })
	return c
}

// waitReady reads the child's output until it prints "ready".
func (c *child) waitReady(t testing.TB) {
	t.Helper()
	for c.out.Scan() {
		if c.out.Text() == "ready" {
			return
		}
		t.Logf("child: %s", c.out.Text())
	}
	t.Fatal("the child process ended before it was ready")
}

func (c *child) stop(t testing.TB) {
	t.Helper()
	_ = c.stdin.Close()
	if err := c.cmd.Wait(); err != nil {
		t.Fatalf("child process: %v", err)
	}
}

func TestInUseByAnotherProcess(t *testing.T) {
	st := openTemp(t)
	created := mustCreate(t, st, testSession("Busy"))
	_ = st.Close()

	c := startChild(t, "hold-write", st.Path())
	c.waitReady(t)
	want := fmt.Sprintf("workbook file %s is in use by another edtech-workbook", st.Path())
	ops := []struct {
		name string
		run  func() error
	}{
		{"Open", func() error { _, err := Open(st.Path(), ReadWrite); return err }},
		{"List", func() error { _, err := st.List(); return err }},
		{"Update", func() error { _, err := st.Update(created); return err }},
	}
	for _, op := range ops {
		start := time.Now()
		err := op.run()
		took := time.Since(start)
		t.Logf("%s: in use after %v", op.name, took.Round(time.Millisecond))
		if !errors.Is(err, ErrInUse) || err.Error() != want {
			t.Errorf("%s = %v\nwant %s", op.name, err, want)
		}
		if took > 1500*time.Millisecond {
			t.Errorf("%s took %v to report the file in use, want under 1.5 s", op.name, took)
		}
	}
	c.stop(t)
	if _, err := st.Get(created.ID); err != nil {
		t.Fatalf("after the other process let go: %v", err)
	}
}

func TestReadersCoexistWithAnotherProcess(t *testing.T) {
	st := openTemp(t)
	mustCreate(t, st, testSession("Shared"))
	_ = st.Close()

	// Another process reading: reads here share the lock and go straight in.
	reader := startChild(t, "hold-read", st.Path())
	reader.waitReady(t)
	start := time.Now()
	if list, err := st.List(); err != nil || len(list) != 1 {
		t.Fatalf("List beside a reader = %v, %v", list, err)
	}
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("List beside a reader took %v", d)
	}
	_ = st.Close()
	reader.stop(t)

	// The app open in another terminal, between saves: list still works.
	app := startChild(t, "app", st.Path())
	app.waitReady(t)
	start = time.Now()
	list, err := st.List()
	if err != nil || len(list) != 2 {
		t.Fatalf("List while the app is open = %v, %v", list, err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("List while the app is open took %v", d)
	}
	// ...and so does a save from here, as the app holds nothing while idle.
	s, _ := st.Get(list[0].ID)
	if _, err := st.Update(s); err != nil {
		t.Fatalf("Update while the app is open = %v", err)
	}
	_ = st.Close()
	app.stop(t)
}

func TestCheckLimitsBoundary(t *testing.T) {
	cases := []struct {
		name     string
		evidence string
		ok       bool
	}{
		{"exactly the limit", strings.Repeat("a", workbook.MaxFieldChars), true},
		{"one over", strings.Repeat("a", workbook.MaxFieldChars+1), false},
		// JSON escapes "<" as 6 bytes: long in JSON, short in characters.
		{"escaped characters", strings.Repeat("<", 20_000), true},
		{"multibyte under the limit", strings.Repeat("日", workbook.MaxFieldChars), true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := testSession("Boundary")
			s.Rating("d1.i2").Evidence = tc.evidence
			if err := workbook.CheckLimits(s); (err == nil) != tc.ok {
				t.Fatalf("CheckLimits = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

// Goroutines saving, reading and listing at once, as the app's commands do:
// no race, no lost save, conflicts reported rather than overwritten.
func TestConcurrentUse(t *testing.T) {
	st := openTemp(t)
	shared := mustCreate(t, st, testSession("Shared"))
	errs := make(chan error, 8)
	saves := make(chan int, 200)
	for w := range 4 {
		own := mustCreate(t, st, testSession(fmt.Sprintf("Own %d", w)))
		go func() {
			for i := range 10 {
				var err error
				if own, err = st.Update(own); err != nil {
					errs <- err
					return
				}
				if _, err := st.List(); err != nil {
					errs <- err
					return
				}
				// Everyone also edits the shared session, reloading on conflict.
				for {
					s, err := st.Get(shared.ID)
					if err != nil {
						errs <- err
						return
					}
					s.Rating("d1.i1").Evidence = fmt.Sprintf("%d/%d", w, i)
					if _, err := st.Update(s); err == nil {
						saves <- 1
						break
					} else if !errors.Is(err, workbook.ErrConflict) {
						errs <- err
						return
					}
				}
				if i == 5 {
					_ = st.Close() // forces reopening mid-stream
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	got, err := st.Get(shared.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := 1 + len(saves); got.Revision != want {
		t.Fatalf("shared session at revision %d after %d successful saves, want %d", got.Revision, len(saves), want)
	}
	if problems := st.Check(); len(problems) > 0 {
		t.Fatal(problems)
	}
}

func TestCreateGivesReadableIDs(t *testing.T) {
	st := openTemp(t)
	var ids []string
	for range 3 {
		s := testSession("Northside")
		s.ID, s.SchoolYear = "", "2026-27"
		ids = append(ids, mustCreate(t, st, s).ID)
	}
	if strings.Join(ids, " ") != "northside-2026-27 northside-2026-27-2 northside-2026-27-3" {
		t.Fatalf("ids %v", ids)
	}
	// An id given is kept (an import, or a random id of an earlier version).
	s := testSession("Old")
	s.ID = "37e5baea0c1d2e3f"
	if got := mustCreate(t, st, s).ID; got != "37e5baea0c1d2e3f" {
		t.Fatalf("given id became %q", got)
	}
	if _, err := st.Get("37e5baea0c1d2e3f"); err != nil {
		t.Fatal(err)
	}
	// A deleted id is free again; the others keep theirs.
	if err := st.Delete("northside-2026-27"); err != nil {
		t.Fatal(err)
	}
	s = testSession("Northside")
	s.ID, s.SchoolYear = "", "2026-27"
	if got := mustCreate(t, st, s).ID; got != "northside-2026-27" {
		t.Fatalf("after delete: %q", got)
	}
}
