package serve

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"edtech-workbook/internal/storetest"
	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

// loadCohort is teams×5 members, each team with one session whose roster
// is its five members, each member with a key.
func loadCohort(t *testing.T, teams int) (*cohort, []string) {
	t.Helper()
	c := &cohort{keys: map[string]gossh.Signer{}, lines: map[string]string{}}
	var b strings.Builder
	b.WriteString("contact: \"Fatima Khan, fatima@example.org\"\npeople:\n")
	c.st = storetest.Open(t, filepath.Join(t.TempDir(), "load.db"))
	var names []string
	for team := range teams {
		s := testfixture.Demo(t)
		s.ID, s.Team, s.Ratings = "", fmt.Sprintf("Team %02d", team+1), nil
		for m := range s.Roster {
			name := fmt.Sprintf("Person %02d-%d", team+1, m+1)
			s.Roster[m].Name = name
			c.keys[name], c.lines[name] = newKey(t, name)
			fmt.Fprintf(&b, "  - {name: %s, role: member, team: %s, keys: [%q]}\n", name, s.Team, c.lines[name])
			names = append(names, name)
		}
		if _, err := c.st.Create(s); err != nil {
			t.Fatal(err)
		}
	}
	c.yaml = b.String()
	return c, names
}

// TestLoad50Connections: 50 connections at once (10 teams of 5, each team
// on its one session), each rating its own row of 30 indicators (fewer
// under -short or -race), each keypress waiting for its frame, all within a
// time limit. Reported: answers lost (must be 0), keypress → frame p50/p99
// (the key that moves to the next indicator, until the frame showing it
// arrives at the client) and the server's memory per open connection
// (resident memory of the server process with every app open at the
// self-assessment, minus before the first connection, over 50).
//
//	go test ./serve -run TestLoad50Connections -v -count=1
func TestLoad50Connections(t *testing.T) {
	const conns, teams = 50, 10
	indicators, limit := 30, 90*time.Second
	if testing.Short() || raceEnabled { // the race detector slows client and server ~10×
		indicators = 3
	}
	c, names := loadCohort(t, teams)
	ch := startChild(t, c)
	time.Sleep(200 * time.Millisecond) // the server settles (backup, first GC)
	before := ch.rss()
	start := time.Now()

	terms := make([]*sshTerm, conns)
	for i, n := range names {
		terms[i] = ch.openTerm(t, n, 100, 30)
	}
	var wg sync.WaitGroup
	errs := make(chan error, conns)
	lat := make([][]time.Duration, conns)
	ready := make(chan struct{})
	var opened sync.WaitGroup
	opened.Add(conns)
	for i, tm := range terms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fail := func(what string, s string, err error) {
				errs <- fmt.Errorf("%s: %s: %v; the screen:\n%s", tm.name, what, err, s)
			}
			wait := func(ok func(string) bool) (string, error) { return tm.await(ok, limit) }
			opening := true
			defer func() {
				if opening {
					opened.Done()
				}
			}()
			if s, err := wait(func(s string) bool { return strings.Contains(s, "Sessions (1)") }); err != nil {
				fail("the home screen", s, err)
				return
			}
			tm.keys(keyEnter)
			if s, err := wait(func(s string) bool { return strings.Contains(s, "› Overview") }); err != nil {
				fail("the overview", s, err)
				return
			}
			tm.keys("1")
			if s, err := wait(atIndicator(1)); err != nil {
				fail("the self-assessment", s, err)
				return
			}
			opening = false
			opened.Done()
			<-ready
			for k := range indicators {
				tm.keys(strconv.Itoa(rateOf(i%5, k)))
				t0 := time.Now()
				tm.keys("]")
				if s, err := wait(atIndicator(k + 2)); err != nil {
					fail(fmt.Sprintf("indicator %d", k+2), s, err)
					return
				}
				lat[i] = append(lat[i], time.Since(t0))
			}
			if s, err := wait(allSaved); err != nil {
				fail("the last save", s, err)
			}
		}()
	}
	opened.Wait()
	open := ch.rss()
	opening := time.Since(start)
	close(ready)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		return
	}
	peak := ch.rss()
	elapsed := time.Since(start)
	if elapsed > limit {
		t.Fatalf("the load test took %v, over its limit of %v", elapsed, limit)
	}
	// Every client was told "saved": the file must hold every rating, even
	// after a kill.
	ch.kill()
	st, err := store.Open(ch.db, store.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sums, err := st.List()
	if err != nil {
		t.Fatal(err)
	}
	lost := 0
	for _, sum := range sums {
		s, err := st.Get(sum.ID)
		if err != nil {
			t.Fatal(err)
		}
		ins := s.Template.Indicators()
		for m, member := range s.Roster {
			for k := range indicators {
				if got := s.RatingOf(ins[k].ID).Members[member.ID]; got != workbook.Rating(rateOf(m, k)) {
					lost++
				}
			}
		}
	}
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	slices.Sort(all)
	pct := func(p float64) time.Duration { return all[int(p*float64(len(all)-1))].Round(100 * time.Microsecond) }
	perConn := (open - before) / conns
	t.Logf("load: %d connections × %d indicators (%d answers) in %v (opening %v); answers lost %d; keypress→frame p50 %v, p99 %v, max %v; server memory %d MiB before, %d MiB with %d apps open (%d KiB per connection), %d MiB after rating; race detector %v",
		conns, indicators, conns*indicators, elapsed.Round(time.Millisecond), opening.Round(time.Millisecond), lost,
		pct(0.50), pct(0.99), all[len(all)-1].Round(100*time.Microsecond), before>>20, open>>20, conns, perConn>>10, peak>>20, raceEnabled)
	if lost > 0 {
		t.Fatalf("%d of %d answers told saved are not in the file", lost, conns*indicators)
	}
	if len(all) != conns*indicators {
		t.Fatalf("%d keypresses measured, want %d", len(all), conns*indicators)
	}
}
