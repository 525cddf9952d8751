package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const (
	inUseText    = "in use" // "…is still in use by another edtech-workbook…", maybe cut at the window's width
	waitingText  = "waiting for the other edtech-workbook"
	conflictText = "someone else changed this session"
)

// openAssess opens, from Home, the session whose row holds row (moving the
// cursor down to it), checks its title line, and opens its self-assessment.
func openAssess(tm *term, row, title string) {
	tm.t.Helper()
	tm.waitFor("Sessions (")
	moveTo(tm, row)
	tm.waitLine("› ", row)
	tm.keys("Enter")
	tm.waitFor(title + " › Overview")
	tm.keys("1")
	tm.waitFor("Indicator ")
}

// saveOutcome waits until the status line says saved or shows the in-use
// message and tells which. An earlier error stays on the status line while
// the next save is in flight, so other text is waited out, not judged.
func saveOutcome(tm *term) (saved bool, took time.Duration) {
	tm.t.Helper()
	start := time.Now()
	scr := tm.waitUntil(`"saved" or the in-use message`, func(s string) bool {
		st := statusLine(s, tm.h)
		return strings.HasPrefix(st, "saved ") || showsInUse(st)
	})
	return strings.HasPrefix(statusLine(scr, tm.h), "saved "), time.Since(start)
}

// showsInUse reports whether a status line says another app holds the
// file: the warning while the app retries, or the error once it gave up.
func showsInUse(status string) bool {
	return (strings.HasPrefix(status, "warning:") && strings.Contains(status, waitingText)) ||
		(strings.HasPrefix(status, "!") && strings.Contains(status, inUseText))
}

// TestTwoAppsOneFile runs two apps on one file, each on its own session,
// editing at the same moments, while a third process lists and exports:
// every edit is saved (or, at worst, the clear in-use message shows within a
// second), and the CLI keeps working.
func TestTwoAppsOneFile(t *testing.T) {
	db := filepath.Join(t.TempDir(), "two.db")
	mustSetup(t, db, "North", false)
	mustSetup(t, db, "South", true)

	a := newTerm(t, 80, 24, "--db", db)
	b := newTerm(t, 80, 24, "--db", db)
	openAssess(a, "South ", "South · 2025-26")
	openAssess(b, "North ", "North · 2025-26")

	// A third process lists and exports all along.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var cliErrs []string
	var cliRuns int
	var mu sync.Mutex
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			for _, args := range [][]string{{"list", "--json", "--db", db}, {"export", "North", "--format", "json", "--db", db}} {
				out, errOut, err := cliRun(nil, args...)
				mu.Lock()
				cliRuns++
				if err == nil && args[0] == "list" {
					var l []listed
					if jerr := json.Unmarshal([]byte(out), &l); jerr != nil || len(l) != 2 {
						err = fmt.Errorf("list gave %d sessions (%v)", len(l), jerr)
					}
				}
				if err != nil {
					cliErrs = append(cliErrs, fmt.Sprintf("%s: %v %s", strings.Join(args, " "), err, errOut))
				}
				mu.Unlock()
			}
		}
	}()

	// Both rate indicator after indicator at the same moments.
	want := map[string]map[int]int{"North": {}, "South": {}} // indicator → Ana's saved rating
	inUse := 0
	for i := 1; i <= 6; i++ {
		va, vb := 1+i%4, 1+(i+1)%4
		a.keys(strconv.Itoa(va))
		b.keys(strconv.Itoa(vb))
		for _, side := range []struct {
			tm   *term
			team string
			v    int
		}{{a, "South", va}, {b, "North", vb}} {
			side.tm.waitLine("Ana Ruiz", strconv.Itoa(side.v)+" ")
			saved, took := saveOutcome(side.tm)
			if !saved {
				inUse++
				if took > time.Second+waitTimeout()/5 {
					t.Errorf("%s: the in-use message took %v, want about a second", side.team, took)
				}
				continue
			}
			want[side.team][i] = side.v
		}
		a.keys("]")
		b.keys("]")
		a.waitFor("Indicator " + strconv.Itoa(i+1) + " of")
		b.waitFor("Indicator " + strconv.Itoa(i+1) + " of")
	}
	close(stop)
	wg.Wait()
	if len(cliErrs) > 0 {
		t.Errorf("list/export from a third process failed %d of %d times while both apps were open:\n%s", len(cliErrs), cliRuns, strings.Join(cliErrs, "\n"))
	}
	if inUse > 0 {
		t.Logf("%d edits showed the in-use message instead of saving", inUse)
	}
	t.Logf("third process: %d list/export runs while both apps edited", cliRuns)

	// Both still work after the storm, and quit cleanly.
	for _, tm := range []*term{a, b} {
		tm.keys("Escape")
		tm.waitFor("› Overview")
		tm.keys("Escape")
		tm.waitFor("Sessions (2)")
		tm.keys("q")
		tm.waitFor("EXIT=0")
	}
	for team, byInd := range want {
		s := exportJSON(t, db, team)
		ana := s.memberID(t, "Ana Ruiz")
		for i, v := range byInd {
			id := indicatorID(t, s, i)
			if r := s.Ratings[id]; r == nil || r.Members[ana] != v {
				t.Errorf("%s indicator %d: file has %+v, the screen had reported %d saved", team, i, r, v)
			}
		}
	}
	requireDoctorOK(t, db)
}

// indicatorID is the id of the n-th (1-based) indicator of the session.
func indicatorID(t *testing.T, s exportedSes, n int) string {
	t.Helper()
	for _, d := range s.Template.Domains {
		for _, in := range d.Indicators {
			if n--; n == 0 {
				return in.ID
			}
		}
	}
	t.Fatalf("the template has fewer indicators than asked")
	return ""
}

// mustSetup creates a session of team with one person (Ana Ruiz) through
// the plain prompts; more says the file already has sessions.
func mustSetup(t *testing.T, db, team string, more bool) {
	t.Helper()
	answers := []string{team, team + " District", "2025-26", "Ana Ruiz", "1", ""}
	if more {
		answers = append([]string{"1"}, answers...) // "Start a new session"
	}
	if out, errOut, err := cliRun(lines(answers...), "--accessible", "--db", db); err != nil {
		t.Fatalf("setting up %s: %v\n%s%s", team, err, out, errOut)
	}
}

// TestSameSessionConflict opens one session in two apps and edits it from
// both: the second save is refused with the conflict message and the app
// reloads the other side's answers; nothing is silently lost.
func TestSameSessionConflict(t *testing.T) {
	db := filepath.Join(t.TempDir(), "conflict.db")
	mustSetup(t, db, "Shared", false)
	a := newTerm(t, 80, 24, "--db", db)
	b := newTerm(t, 80, 24, "--db", db)
	openAssess(a, "Shared ", "Shared · 2025-26")
	openAssess(b, "Shared ", "Shared · 2025-26")

	// A saves first.
	a.keys("3")
	a.waitLine("Ana Ruiz", "3 Routine")
	if saved, _ := saveOutcome(a); !saved {
		t.Fatalf("the first save showed the in-use message:\n%s", a.screen())
	}
	// B still holds the old revision: its edit is refused, and it reloads A's.
	b.keys("1")
	b.waitFor(conflictText)
	b.waitLine("Ana Ruiz", "3 Routine")

	// A third process sees A's answer while both are open.
	s := exportJSON(t, db, "Shared")
	ana := s.memberID(t, "Ana Ruiz")
	first := s.Ratings[indicatorID(t, s, 1)]
	if first == nil || first.Members[ana] != 3 {
		t.Fatalf("after the conflict the file has %+v, want A's rating 3 (B's 1 was refused)", first)
	}
	if l := listJSON(t, db); len(l) != 1 {
		t.Fatalf("list while both are open: %+v", l)
	}

	// B, now current, sets the consensus; then A, now stale, is refused.
	b.keys("2")
	b.waitLine("Team consensus", "2 Partly in place")
	if saved, _ := saveOutcome(b); !saved {
		t.Fatalf("B's save after the reload showed the in-use message:\n%s", b.screen())
	}
	a.keys("4")
	a.waitFor(conflictText)
	a.waitLine("Team consensus", "2 Partly in place")
	a.waitLine("Ana Ruiz", "3 Routine")

	// And after its reload A can save again.
	a.keys("]")
	a.waitFor("Indicator 2 of")
	a.keys("4")
	a.waitLine("Ana Ruiz", "4 Reviewed and improved")
	if saved, _ := saveOutcome(a); !saved {
		t.Fatalf("A's save after its reload showed the in-use message:\n%s", a.screen())
	}

	for _, tm := range []*term{a, b} {
		tm.keys("Escape")
		tm.waitFor("› Overview")
		tm.keys("Escape")
		tm.waitFor("Sessions (1)")
		tm.keys("q")
		tm.waitFor("EXIT=0")
	}
	s = exportJSON(t, db, "Shared")
	r1, r2 := s.Ratings[indicatorID(t, s, 1)], s.Ratings[indicatorID(t, s, 2)]
	if r1 == nil || r1.Members[ana] != 3 || r1.Consensus != 2 {
		t.Errorf("indicator 1 = %+v, want A's 3 and B's consensus 2", r1)
	}
	if r2 == nil || r2.Members[ana] != 4 {
		t.Errorf("indicator 2 = %+v, want A's 4 saved after its reload", r2)
	}
	requireDoctorOK(t, db)
}

// TestInUseMessage holds the workbook file's lock from outside (as another
// program writing it would) while the app saves: within about a second the
// app says it is waiting for the other program, keeps the answer, and saves
// it on its own once the file is free.
func TestInUseMessage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inuse.db")
	mustSetup(t, db, "Locked", false)
	tm := newTerm(t, 120, 24, "--db", db)
	openAssess(tm, "Locked ", "Locked · 2025-26")
	// Nothing is pending; the app lets go of the file when idle.

	f, err := os.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// The same flock bbolt takes; blocks until the app's idle release.
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatalf("flock %s: %v", db, err)
	}
	start := time.Now()
	tm.keys("3")
	tm.waitLine("Ana Ruiz", "3 Routine")
	tm.waitUntil("the in-use message", func(s string) bool { return showsInUse(statusLine(s, tm.h)) })
	if took := time.Since(start); took > time.Second+waitTimeout()/5 {
		t.Errorf("the in-use message took %v, want about a second", took)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_UN); err != nil {
		t.Fatal(err)
	}
	tm.waitSaved() // retried on its own once the file is free

	tm.keys("2")
	tm.waitLine("Team consensus", "2 Partly in place")
	tm.waitSaved()
	s := exportJSON(t, db, "Locked")
	r := s.Ratings[indicatorID(t, s, 1)]
	if r == nil || r.Members[s.memberID(t, "Ana Ruiz")] != 3 || r.Consensus != 2 {
		t.Fatalf("indicator 1 = %+v, want Ana's 3 (typed while the file was locked) and the consensus 2", r)
	}
	tm.keys("Escape")
	tm.waitFor("› Overview")
	tm.keys("Escape")
	tm.waitFor("Sessions (1)")
	tm.keys("q")
	tm.waitFor("EXIT=0")
	requireDoctorOK(t, db)
}
