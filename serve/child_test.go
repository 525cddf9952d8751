package serve

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"edtech-workbook/workbook/store"
)

// The kill -9 and load tests run the server in a child process: this test
// binary again, told by childEnv to serve instead of testing.
const childEnv = "EDTECH_SERVE_TEST_CHILD" // DB|ACCESS|HOSTKEY

func TestMain(m *testing.M) {
	if spec := os.Getenv(childEnv); spec != "" {
		os.Exit(runChild(spec))
	}
	os.Exit(m.Run())
}

// runChild serves until it is killed, after printing "ready ADDR FP".
func runChild(spec string) int {
	parts := strings.Split(spec, "|")
	if len(parts) != 3 {
		fmt.Fprintf(os.Stderr, "child: %s must be DB|ACCESS|HOSTKEY\n", childEnv)
		return 2
	}
	srv, err := New(Config{DB: parts[0], Access: parts[1], HostKey: parts[2], Addr: "127.0.0.1:0", MaxPerKey: 5})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	fmt.Printf("ready %s %s\n", l.Addr(), srv.HostKeyFingerprint())
	if err := srv.Serve(l); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	return 0
}

// child is a server in a child process over the cohort's file.
type child struct {
	*testServer
	cmd *exec.Cmd
	db  string
}

// startChild serves the cohort's file from a child process. The cohort's
// own store lets go of the file first.
func startChild(t *testing.T, c *cohort) *child {
	t.Helper()
	dir := t.TempDir()
	access := filepath.Join(dir, "access.yaml")
	if err := os.WriteFile(access, []byte(c.yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	db := c.st.Path()
	if err := c.st.Close(); err != nil {
		t.Fatal(err)
	}
	log := &syncBuffer{}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+db+"|"+access+"|"+filepath.Join(dir, "host_ed25519"))
	cmd.Stderr = log
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ch := &child{cmd: cmd, db: db}
	t.Cleanup(func() {
		ch.kill()
		if t.Failed() {
			t.Logf("server log:\n%s", log.String())
		}
	})
	ready := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		ready <- line
	}()
	var line string
	select {
	case line = <-ready:
	case <-time.After(30 * time.Second):
		t.Fatalf("the server did not start within 30s:\n%s", log.String())
	}
	f := strings.Fields(line)
	if len(f) != 3 || f[0] != "ready" {
		t.Fatalf("the server started with %q:\n%s", line, log.String())
	}
	ch.testServer = &testServer{c: c, addr: f[1], fp: f[2], log: log}
	return ch
}

// kill sends SIGKILL and waits for the process to end.
func (ch *child) kill() {
	if ch.cmd.ProcessState != nil {
		return
	}
	_ = ch.cmd.Process.Signal(syscall.SIGKILL)
	_ = ch.cmd.Wait()
}

// rss is the child's resident memory in bytes (Linux; 0 elsewhere).
func (ch *child) rss() int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", ch.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// savedRe is the status line after a save, with none in flight.
var savedRe = regexp.MustCompile(`saved \d\d:\d\d:\d\d`)

// allSaved: the screen says the last save is done and none is in flight
// (the app starts a save with every change, so nothing is waiting).
func allSaved(s string) bool { return savedRe.MatchString(s) && !strings.Contains(s, "saving…") }

// atIndicator: the screen shows indicator n.
func atIndicator(n int) func(string) bool {
	text := fmt.Sprintf("Indicator %d of", n)
	return func(s string) bool { return strings.Contains(s, text) }
}

// rateOf is the rating a person gives indicator i in these tests (1-4).
func rateOf(person, i int) int { return 1 + (i+person)%4 }

// TestKill9MidEditLosesNothingSaved: Ana and Ben rate indicator after
// indicator, each waiting to be told "saved" before the next; the server
// is killed (SIGKILL) while both are typing. Every rating either was told
// saved is in the file, which opens and passes the store's checks.
func TestKill9MidEditLosesNothingSaved(t *testing.T) {
	c := newCohort(t)
	ch := startChild(t, c)
	names := []string{"Ana Ruiz", "Ben Okafor"}
	terms := make([]*sshTerm, len(names))
	for i, n := range names {
		terms[i] = ch.openTerm(t, n, 100, 30)
		terms[i].openAssess()
	}
	acked := make([]chan int, len(names)) // each rating told saved, in order
	done := make(chan struct{}, len(names))
	for p, tm := range terms {
		acked[p] = make(chan int, 64)
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range 30 {
				tm.keys(strconv.Itoa(rateOf(p, i)), "]")
				if _, err := tm.await(func(s string) bool { return atIndicator(i+2)(s) && allSaved(s) }, 15*time.Second); err != nil {
					return // the kill
				}
				acked[p] <- i
			}
		}()
	}
	// Kill once Ana was told of 6 saves, while both keep typing.
	deadline := time.After(30 * time.Second)
	told := make([][]int, len(names))
	for len(told[0]) < 6 {
		select {
		case i := <-acked[0]:
			told[0] = append(told[0], i)
		case i := <-acked[1]:
			told[1] = append(told[1], i)
		case <-deadline:
			t.Fatalf("Ana was told of %d saves in 30s; the screen:\n%s", len(told[0]), terms[0].screen())
		}
	}
	ch.kill()
	for range names {
		<-done
	}
	for p := range names {
		close(acked[p])
		for i := range acked[p] {
			told[p] = append(told[p], i)
		}
	}
	t.Logf("killed after Ana was told of %d saves and Ben of %d", len(told[0]), len(told[1]))

	st, err := store.Open(ch.db, store.ReadOnly)
	if err != nil {
		t.Fatalf("the workbook file does not open after the kill: %v", err)
	}
	defer st.Close()
	if errs := st.Check(); len(errs) > 0 {
		t.Fatalf("the store's checks after the kill: %v", errs)
	}
	s, err := st.Get(c.north.ID)
	if err != nil {
		t.Fatal(err)
	}
	ins := s.Template.Indicators()
	for p := range names {
		id := s.Roster[p].ID
		for _, i := range told[p] {
			if got := s.RatingOf(ins[i].ID).Members[id]; int(got) != rateOf(p, i) {
				t.Errorf("%s was told indicator %d was saved as %d; the file holds %d", names[p], i+1, rateOf(p, i), got)
			}
		}
	}
}
