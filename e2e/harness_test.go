// Package e2e drives the real edtech-workbook binary the way a person does:
// in a real terminal (a detached tmux pane), with a piped stdin for the
// accessible prompts, and through the command line for exports and checks.
// The tests wait for text on the screen; they never sleep blindly, except
// where a test races on purpose (the crash test).
package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

var (
	binPath  string // the binary under test
	tmuxPath string // "" when tmux is not installed
	tmuxErr  string // why tmux tests are skipped
)

// TestMain builds the binary once (or uses E2E_BIN) and finds tmux.
func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "ewb-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: cannot create a temporary folder:", err)
		return 1
	}
	defer os.RemoveAll(dir)

	// Never touch the real user's workbook: every command gets --db, and
	// the default location points into the temporary folder anyway.
	os.Setenv("XDG_DATA_HOME", filepath.Join(dir, "xdg"))
	os.Setenv("XDG_STATE_HOME", filepath.Join(dir, "xdg-state")) // the remembered export folders
	os.Unsetenv("EDTECH_WORKBOOK_DB")
	os.Unsetenv("ACCESSIBLE")

	if p := os.Getenv("E2E_BIN"); p != "" { // a prebuilt binary (debugging)
		binPath = p
	} else {
		binPath = filepath.Join(dir, "edtech-workbook")
		args := []string{"build", "-o", binPath}
		if os.Getenv("E2E_RACE") != "" { // the app itself under the race detector (slower)
			args = append(args, "-race")
		}
		build := exec.Command("go", append(args, ".")...)
		build.Dir = ".." // the module root
		if out, err := build.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "e2e: go build failed: %v\n%s", err, out)
			return 1
		}
	}

	if p, err := exec.LookPath("tmux"); err == nil {
		tmuxPath = p
	} else if os.Getenv("CI") != "" {
		fmt.Fprintln(os.Stderr, "e2e: tmux is required in CI for the real-terminal tests; install it (apt-get install -y tmux)")
		return 1
	} else {
		tmuxErr = "tmux is not installed; the real-terminal tests need it (apt-get install -y tmux)"
	}
	return m.Run()
}

// requireTmux skips a test that needs a terminal when tmux is missing.
func requireTmux(t *testing.T) {
	t.Helper()
	if tmuxPath == "" {
		t.Skip(tmuxErr)
	}
}

// waitTimeout bounds every wait for text; E2E_SLOW=N multiplies it on slow machines.
func waitTimeout() time.Duration {
	d := 5 * time.Second
	if n, err := strconv.Atoi(os.Getenv("E2E_SLOW")); err == nil && n > 1 {
		d *= time.Duration(n)
	}
	return d
}

const pollEvery = 20 * time.Millisecond

var socketSeq atomic.Int64

// term is one detached tmux server (private socket) with one pane running
// the binary. Every test gets its own, so tests never share a server.
type term struct {
	t          *testing.T
	socket     string
	socketPath string // tmux leaves the socket file behind; cleanup removes it
	w, h       int
}

// termOpts says how to start the pane.
type termOpts struct {
	w, h int
	// direct runs the binary as the pane's process (exec), so the pane pid
	// is the app's pid and the pane stays (remain-on-exit) after it dies.
	direct bool
	env    []string // extra KEY=VALUE for the app
	dir    string   // working folder of the app (default: a new temporary one)
	color  bool     // leave colours on (NO_COLOR unset)
	prog   []string // run this instead of the binary (the ssh client); args follow it
}

// newTerm starts BIN args in a w×h pane.
func newTerm(t *testing.T, w, h int, args ...string) *term {
	return newTermOpts(t, termOpts{w: w, h: h}, args...)
}

func newTermOpts(t *testing.T, o termOpts, args ...string) *term {
	t.Helper()
	requireTmux(t)
	tm := &term{
		t:      t,
		socket: fmt.Sprintf("ewbe2e-%d-%d-%d", os.Getpid(), time.Now().UnixNano()%1e9, socketSeq.Add(1)),
		w:      o.w, h: o.h,
	}
	env := append([]string{"TERM=xterm-256color", "NO_COLOR=1"}, o.env...)
	unset := ""
	if o.color {
		env[1], unset = "COLORTERM=truecolor", "-u NO_COLOR "
	}
	prog := []string{binPath}
	if o.prog != nil {
		prog = o.prog
	}
	cmd := "env " + unset + shellJoin(env) + " " + shellJoin(append(prog, args...))
	if o.direct {
		cmd = "exec " + cmd
	} else {
		cmd += "; echo EXIT=$?; sleep 60"
	}
	t.Cleanup(tm.kill)
	if o.dir == "" {
		o.dir = t.TempDir() // files the app writes (exports) never land in the repo
	}
	start := []string{"-f", "/dev/null", "new-session", "-d", "-s", "main", "-c", o.dir,
		"-x", strconv.Itoa(o.w), "-y", strconv.Itoa(o.h), cmd}
	if o.direct { // in the same command list, before the app can exit
		start = append(start, ";", "set-option", "-t", "main", "remain-on-exit", "on")
	}
	tm.tmux(start...)
	tm.socketPath = strings.TrimSpace(tm.tmux("display-message", "-p", "#{socket_path}"))
	return tm
}

// shellJoin quotes words for sh.
func shellJoin(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}

// tmux runs a tmux command on this term's server and fails the test on error.
func (tm *term) tmux(args ...string) string {
	tm.t.Helper()
	out, err := tm.run(args...)
	if err != nil {
		tm.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func (tm *term) tmuxErr(args ...string) error {
	_, err := tm.run(args...)
	return err
}

func (tm *term) run(args ...string) (string, error) {
	cmd := exec.Command(tmuxPath, append([]string{"-L", tm.socket}, args...)...)
	// Never talk to an enclosing tmux; run the pane command with sh whatever
	// the user's shell is (the "echo EXIT=$?" wrapper is sh syntax).
	cmd.Env = append(os.Environ(), "TMUX=", "SHELL=/bin/sh")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// keys sends named keys (Enter, Tab, Escape, Down, C-c) or single characters.
func (tm *term) keys(keys ...string) {
	tm.t.Helper()
	tm.tmux(append([]string{"send-keys", "-t", "main"}, keys...)...)
}

// typ types text literally.
func (tm *term) typ(text string) {
	tm.t.Helper()
	tm.tmux("send-keys", "-t", "main", "-l", text)
}

// screen is the rendered pane, one string per line, trailing spaces cut.
func (tm *term) screen() string {
	tm.t.Helper()
	out, err := tm.run("capture-pane", "-p", "-J", "-t", "main")
	if err != nil {
		tm.t.Fatalf("capture-pane: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// stableScreen captures until two captures in a row agree (see waitUntil).
func (tm *term) stableScreen() string {
	tm.t.Helper()
	prev := tm.screen()
	for range 50 {
		s := tm.screen()
		if s == prev {
			return s
		}
		prev = s
	}
	return prev
}

// statusLine is the app's status line: the second line from the bottom.
func statusLine(screen string, h int) string {
	lines := strings.Split(screen, "\n")
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.TrimSpace(lines[h-2])
}

// waitUntil polls the screen until ok holds, or fails showing it.
func (tm *term) waitUntil(what string, ok func(screen string) bool) string {
	tm.t.Helper()
	deadline := time.Now().Add(waitTimeout())
	for {
		s := tm.screen()
		// A capture can catch a frame half drawn (new answer, old status
		// line): accept a screen only when a second capture agrees.
		if ok(s) && tm.screen() == s {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("timed out after %v waiting for %s; the screen (%d×%d) shows:\n%s\n%s", waitTimeout(), what, tm.w, tm.h, ruler(tm.w), s)
		}
		time.Sleep(pollEvery)
	}
}

func ruler(w int) string { return strings.Repeat("─", max(w, 1)) }

// waitFor waits until text is on the screen.
func (tm *term) waitFor(text string) string {
	tm.t.Helper()
	return tm.waitUntil(fmt.Sprintf("%q", text), func(s string) bool { return strings.Contains(s, text) })
}

// waitLine waits for one line holding every part (in any order).
func (tm *term) waitLine(parts ...string) string {
	tm.t.Helper()
	return tm.waitUntil(fmt.Sprintf("a line with %q", parts), func(s string) bool { return hasLine(s, parts...) })
}

// waitGone waits until text has left the screen.
func (tm *term) waitGone(text string) string {
	tm.t.Helper()
	return tm.waitUntil(fmt.Sprintf("%q to go away", text), func(s string) bool { return !strings.Contains(s, text) })
}

// waitSaved waits until the status line says "saved" (nothing pending).
func (tm *term) waitSaved() string {
	tm.t.Helper()
	return tm.waitUntil(`the status line to say "saved"`, func(s string) bool {
		return strings.HasPrefix(statusLine(s, tm.h), "saved ")
	})
}

func hasLine(screen string, parts ...string) bool {
	for _, l := range strings.Split(screen, "\n") {
		all := true
		for _, p := range parts {
			if !strings.Contains(l, p) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// resize changes the window size (the app gets SIGWINCH).
func (tm *term) resize(w, h int) {
	tm.t.Helper()
	tm.tmux("resize-window", "-t", "main", "-x", strconv.Itoa(w), "-y", strconv.Itoa(h))
	tm.w, tm.h = w, h
}

// panePID is the pid of the pane's process (the app itself with direct).
func (tm *term) panePID() int {
	tm.t.Helper()
	out := strings.TrimSpace(tm.tmux("display-message", "-p", "-t", "main", "#{pane_pid}"))
	pid, err := strconv.Atoi(out)
	if err != nil {
		tm.t.Fatalf("pane pid %q: %v", out, err)
	}
	return pid
}

// paneDead reports whether the pane's process has exited (direct panes).
func (tm *term) paneDead() bool {
	out, err := tm.run("display-message", "-p", "-t", "main", "#{pane_dead}")
	return err != nil || strings.TrimSpace(out) == "1"
}

// kill ends the tmux server (and with it the app) and removes its socket.
func (tm *term) kill() {
	_ = tm.tmuxErr("kill-server")
	if tm.socketPath != "" {
		_ = os.Remove(tm.socketPath)
	}
}

// cli runs the binary without a terminal and returns stdout; it fails the
// test on a non-zero exit.
func cli(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, err := cliRun(nil, args...)
	if err != nil {
		t.Fatalf("%s %s: %v\nstdout:\n%s\nstderr:\n%s", filepath.Base(binPath), strings.Join(args, " "), err, out, errOut)
	}
	return out
}

// cliRun runs the binary with stdin (may be nil) and returns both streams.
func cliRun(stdin []byte, args ...string) (string, string, error) {
	cmd := exec.Command(binPath, args...)
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		return "", "", err
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return out.String(), errOut.String(), err
	case <-time.After(4 * waitTimeout()):
		_ = cmd.Process.Kill()
		<-done
		return out.String(), errOut.String(), fmt.Errorf("timed out after %v", 4*waitTimeout())
	}
}

// The exported session, as `export --format json` writes it. Only the
// fields the tests check: decoding on our own keeps the test honest about
// the file format.
type exported struct {
	Format  string      `json:"format"`
	Version int         `json:"version"`
	Session exportedSes `json:"session"`
}

type exportedSes struct {
	ID         string `json:"id"`
	Team       string `json:"team"`
	District   string `json:"district"`
	SchoolYear string `json:"school_year"`
	Revision   int    `json:"revision"`
	Template   struct {
		ID      string `json:"id"`
		Version int    `json:"version"`
		Domains []struct {
			ID         string `json:"id"`
			Title      string `json:"title"`
			Indicators []struct {
				ID    string `json:"id"`
				Title string `json:"title"`
			} `json:"indicators"`
		} `json:"domains"`
	} `json:"template"`
	Roster []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		Role string `json:"role"`
	} `json:"roster"`
	Ratings map[string]*struct {
		Members   map[string]int `json:"members"`
		Consensus int            `json:"consensus"`
		Evidence  string         `json:"evidence"`
		Priority  bool           `json:"priority"`
	} `json:"ratings"`
	Problem struct {
		Phase    string `json:"phase"`
		Question string `json:"question"`
	} `json:"problem"`
	Plan struct {
		Aim     string `json:"aim"`
		AimDate string `json:"aim_date"`
		Actions []struct {
			What    string `json:"what"`
			Owner   string `json:"owner"`
			Due     string `json:"due"`
			Status  string `json:"status"`
			Measure string `json:"measure"`
		} `json:"actions"`
	} `json:"plan"`
	CheckIns []struct {
		Date    string `json:"date"`
		Did     string `json:"did"`
		Learned string `json:"learned"`
		Next    string `json:"next"`
	} `json:"check_ins"`
	Previous *struct {
		SessionID string         `json:"session_id"`
		Baseline  map[string]int `json:"baseline"`
	} `json:"previous"`
}

// memberID finds a roster member's id by name.
func (s *exportedSes) memberID(t *testing.T, name string) string {
	t.Helper()
	for _, m := range s.Roster {
		if m.Name == name {
			return m.ID
		}
	}
	t.Fatalf("no roster member named %q in %+v", name, s.Roster)
	return ""
}

// exportJSON exports one session through the CLI and decodes it.
func exportJSON(t *testing.T, db, id string) exportedSes {
	t.Helper()
	out := cli(t, "export", id, "--format", "json", "--db", db)
	var f exported
	if err := json.Unmarshal([]byte(out), &f); err != nil {
		t.Fatalf("export --format json is not valid JSON: %v\n%s", err, out)
	}
	if f.Session.ID == "" {
		t.Fatalf("export --format json has no session:\n%s", out)
	}
	return f.Session
}

type listed struct {
	ID         string `json:"id"`
	Team       string `json:"team"`
	SchoolYear string `json:"school_year"`
	Template   string `json:"template"`
	Progress   int    `json:"progress"`
}

// listJSON returns `list --json`.
func listJSON(t *testing.T, db string) []listed {
	t.Helper()
	out := cli(t, "list", "--json", "--db", db)
	var l []listed
	if err := json.Unmarshal([]byte(out), &l); err != nil {
		t.Fatalf("list --json is not valid JSON: %v\n%s", err, out)
	}
	return l
}

// sessionID finds the id of the one session of team in the file.
func sessionID(t *testing.T, db, team string) string {
	t.Helper()
	for _, s := range listJSON(t, db) {
		if s.Team == team {
			return s.ID
		}
	}
	t.Fatalf("no session of team %q in %s", team, db)
	return ""
}

// requireDoctorOK runs `doctor` and requires its OK line.
func requireDoctorOK(t *testing.T, db string) {
	t.Helper()
	out, errOut, err := cliRun(nil, "doctor", "--db", db)
	if err != nil || !strings.Contains(out, "OK: no problems found.") {
		t.Fatalf("doctor --db %s: %v\n%s%s", db, err, out, errOut)
	}
}
