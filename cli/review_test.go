package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"edtech-workbook/internal/storetest"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/templatefile"
)

// coachComment is what the coach adds in review mode (the TUI side is
// tested in tui/comment_test.go; here it goes through the store as the
// comment dialog's save does).
// It is on the built-in template's first indicator.
func coachComment(t *testing.T) workbook.Comment {
	t.Helper()
	tmpl, err := templatefile.BuiltinTemplate("")
	if err != nil {
		t.Fatal(err)
	}
	return workbook.Comment{ID: "coach-1", Part: workbook.IndicatorPart(tmpl.Indicators()[0].ID), Author: "Rosa",
		Text: "Which evidence backs this 4?", Created: time.Date(2026, 3, 5, 9, 30, 0, 0, time.UTC)}
}

// TestReviewRoundTripCLI: team exports → coach reviews (imports) and adds a
// comment → coach exports → the team, who edited meanwhile, merges the file
// back: the comment arrives, their later edits are kept, conflicts listed.
func TestReviewRoundTripCLI(t *testing.T) {
	dir := t.TempDir()
	teamDB := demoDB(t)
	id := demoID(t)
	sent := filepath.Join(dir, "team.json")
	if _, errs, code := cli(t, "", "export", id, "-o", sent, "--db", teamDB); code != 0 {
		t.Fatal(errs)
	}

	coachDB := filepath.Join(dir, "coach.db")
	out, errs, code := cli(t, "", "review", sent, "--no-open", "--db", coachDB)
	if code != 0 || !strings.Contains(out, "Imported ") {
		t.Fatalf("review: %d %q %q", code, out, errs)
	}
	comment := coachComment(t)
	comment.Part = workbook.IndicatorPart(firstIndicator(t, coachDB, id))
	edit(t, coachDB, id, func(s *workbook.Session) { s.Comments = append(s.Comments, comment) })
	back := filepath.Join(dir, "back.json")
	if _, errs, code := cli(t, "", "export", id, "-o", back, "--db", coachDB); code != 0 {
		t.Fatal(errs)
	}

	edit(t, teamDB, id, func(s *workbook.Session) { s.Plan.Aim = "Team's newer aim" })
	out, errs, code = cli(t, "", "import", back, "--merge", "--db", teamDB)
	if code != 0 || !strings.Contains(out, "\nAdded 1 comment from Rosa: on indicator ") || !strings.Contains(out, "\nNo conflicts.\n") || strings.Contains(out, "aim") {
		t.Fatalf("merge: %d %q %q", code, out, errs)
	}
	got := getSession(t, teamDB, id)
	if got.Plan.Aim != "Team's newer aim" || len(got.Comments) == 0 || got.Comments[len(got.Comments)-1] != comment {
		t.Fatalf("after the merge: aim %q comments %+v", got.Plan.Aim, got.Comments)
	}
}

// TestReviewImportRules: what review does with a session already stored
// (here, stored before rounds were kept): the workbook file holds it once.
func TestReviewImportRules(t *testing.T) {
	demo, err := templatefile.DemoSession()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		stored  func(s *workbook.Session) // the coach's copy, changed from the file's
		wantOut string
	}{
		{"identical", func(s *workbook.Session) {}, "unchanged"},
		{"only the coach's comments differ", func(s *workbook.Session) {
			s.Comments = append(s.Comments, coachComment(t))
			s.Revision += 3
		}, "from the file: round 1. Since your stored copy: nothing changed."},
		{"content differs", func(s *workbook.Session) {
			s.Comments = append(s.Comments, coachComment(t))
			s.Plan.Aim = "an older aim"
		}, "from the file: round 1. Since your stored copy: 1 answer changed."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "coach.db")
			file := writeSessionFile(t, dir, "team.json", demo)
			stored := demo.Clone()
			tc.stored(stored)
			putSession(t, db, stored)

			out, errs, code := cli(t, "", "review", file, "--no-open", "--db", db)
			if code != 0 || !strings.Contains(out, tc.wantOut) {
				t.Fatalf("review: %d %q %q", code, out, errs)
			}
			if ids := listIDs(t, db); len(ids) != 1 {
				t.Fatalf("%d sessions: %v", len(ids), ids)
			}
			got := getSession(t, db, demo.ID)
			if got.Plan.Aim != demo.Plan.Aim {
				t.Fatalf("aim %q", got.Plan.Aim)
			}
			if tc.name != "identical" && !hasComment(got, coachComment(t).ID) {
				t.Fatal("the coach's comment was lost")
			}
			rounds, _, _ := cli(t, "", "rounds", "list", demo.ID, "--json", "--db", db)
			if !strings.Contains(rounds, `"round": 1`) || strings.Contains(rounds, `"round": 2`) {
				t.Fatalf("rounds: %s", rounds)
			}
		})
	}
}

func TestReviewErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "coach.db")
	demo, err := templatefile.DemoSession()
	if err != nil {
		t.Fatal(err)
	}
	good := writeSessionFile(t, dir, "good.json", demo)

	// A bad file among good ones stores nothing.
	_, errs, code := cli(t, "", "review", good, filepath.Join(dir, "missing.json"), "--db", db)
	if _, err := os.Stat(db); code != 1 || !os.IsNotExist(err) {
		t.Fatalf("bad file: code %d err %q; the workbook file was created (%v)", code, errs, err)
	}
	// No arguments: usage error.
	if _, _, code := cli(t, "", "review", "--db", db); code != 2 {
		t.Fatalf("no files: code %d", code)
	}
	// Without a terminal the files are imported and the app says why it did not open.
	_, errs, code = cli(t, "", "review", good, "--db", db)
	if code != 1 || !strings.Contains(errs, "imported, but the review needs a terminal") || len(listIDs(t, db)) != 1 {
		t.Fatalf("no terminal: code %d err %q", code, errs)
	}
	// The plain prompts review read-only: the one session, comments only.
	outA, errs, code := cli(t, "", "review", good, "--accessible", "--db", db)
	if code != 0 || !strings.Contains(outA, "(read-only: you can comment)") || !strings.Contains(outA, "Read-only review: only comments were saved") {
		t.Fatalf("accessible review: code %d err %q out %q", code, errs, outA)
	}
	// --help says what happens to a session already stored.
	out, _, _ := cli(t, "", "review", "--help")
	if !strings.Contains(out, "rounds") || !strings.Contains(out, "updated file updates the session") {
		t.Fatalf("help lacks the import rules:\n%s", out)
	}
}

func firstIndicator(t *testing.T, db, id string) string {
	t.Helper()
	return getSession(t, db, id).Template.Indicators()[0].ID
}

func getSession(t *testing.T, db, id string) *workbook.Session {
	t.Helper()
	store := storetest.Open(t, db)
	defer store.Close()
	s, err := store.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func putSession(t *testing.T, db string, s *workbook.Session) {
	t.Helper()
	store := storetest.Open(t, db)
	defer store.Close()
	if err := store.Put(s); err != nil {
		t.Fatal(err)
	}
}

func hasComment(s *workbook.Session, id string) bool {
	for _, c := range s.Comments {
		if c.ID == id {
			return true
		}
	}
	return false
}
