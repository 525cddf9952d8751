package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"edtech-workbook/workbook"
)

// testServer is a cohort server on a loopback port, over the cohort's file.
type testServer struct {
	*Server
	c    *cohort
	addr string
	fp   string // the host key's fingerprint
	log  *syncBuffer
	stop sync.Once
}

// syncBuffer is the server's log, read by the tests.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServer serves the cohort's file; mod adjusts the configuration.
// The cohort's own store lets go of the file first (one Store per file per
// process): the tests then read through the server's.
func startServer(t testing.TB, c *cohort, mod func(*Config)) *testServer {
	t.Helper()
	dir := t.TempDir()
	accessPath := filepath.Join(dir, "access.yaml")
	if err := os.WriteFile(accessPath, []byte(c.yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := c.st.Close(); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	log := &syncBuffer{}
	cfg := Config{DB: c.st.Path(), Access: accessPath, Addr: l.Addr().String(), HostKey: filepath.Join(dir, "host_ed25519"),
		Log: log, Now: func() time.Time { return guardNow }, AccessPoll: 20 * time.Millisecond}
	if mod != nil {
		mod(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		_ = l.Close()
		t.Fatal(err)
	}
	ts := &testServer{Server: srv, c: c, addr: l.Addr().String(), fp: srv.HostKeyFingerprint(), log: log}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	t.Cleanup(func() {
		ts.shutdown(t)
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
		if t.Failed() {
			t.Logf("server log:\n%s", log.String())
		}
	})
	return ts
}

func (ts *testServer) shutdown(t testing.TB) {
	ts.stop.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := ts.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
	})
}

// clientConfig is a client config for signer that checks the server's
// host key and records what keyboard-interactive says.
func (ts *testServer) clientConfig(signer gossh.Signer, said *[]string) *gossh.ClientConfig {
	auth := []gossh.AuthMethod{gossh.PublicKeys(signer)}
	if said != nil {
		auth = append(auth, gossh.KeyboardInteractive(func(name, instruction string, questions []string, echos []bool) ([]string, error) {
			*said = append(*said, instruction)
			return make([]string, len(questions)), nil
		}))
	}
	return &gossh.ClientConfig{
		User: "anyone",
		Auth: auth,
		HostKeyCallback: func(_ string, _ net.Addr, key gossh.PublicKey) error {
			if fp := gossh.FingerprintSHA256(key); fp != ts.fp {
				return fmt.Errorf("host key %s, want %s", fp, ts.fp)
			}
			return nil
		},
		Timeout: 10 * time.Second,
	}
}

// dial connects as the person name of the cohort.
func (ts *testServer) dial(t testing.TB, name string) *gossh.Client {
	t.Helper()
	cl, err := gossh.Dial("tcp", ts.addr, ts.clientConfig(ts.c.keys[name], nil))
	if err != nil {
		t.Fatalf("%s cannot connect: %v", name, err)
	}
	t.Cleanup(func() { _ = cl.Close() })
	return cl
}

// run runs one command as name: its stdout, stderr and exit code.
func (ts *testServer) run(t testing.TB, name string, cmd string) (string, string, int) {
	t.Helper()
	cl := ts.dial(t, name)
	sess, err := cl.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	var out, errOut bytes.Buffer
	sess.Stdout, sess.Stderr = &out, &errOut
	err = sess.Run(cmd)
	code := 0
	if ee, ok := err.(*gossh.ExitError); ok {
		code = ee.ExitStatus()
	} else if err != nil {
		t.Fatalf("%s running %q: %v", name, cmd, err)
	}
	return out.String(), errOut.String(), code
}

// sshTerm is a session with a pseudo-terminal running the app, its output
// kept on an emulated screen (charmbracelet/x/vt), which also answers the
// app's terminal queries as a real terminal would.
type sshTerm struct {
	t      testing.TB
	name   string
	sess   *gossh.Session
	in     io.WriteCloser
	emu    *vt.Emulator
	chunks chan []byte
	done   chan error
	w, h   int
}

// openTerm starts the app (or args) for name in a w×h terminal.
func (ts *testServer) openTerm(t testing.TB, name string, w, h int, args ...string) *sshTerm {
	t.Helper()
	cl := ts.dial(t, name)
	sess, err := cl.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{gossh.ECHO: 1}); err != nil {
		t.Fatal(err)
	}
	in, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	tm := &sshTerm{t: t, name: name, sess: sess, in: in, emu: vt.NewEmulator(w, h), chunks: make(chan []byte, 1024), done: make(chan error, 1), w: w, h: h}
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := out.Read(buf)
			if n > 0 {
				tm.chunks <- append([]byte(nil), buf[:n]...)
			}
			if err != nil {
				close(tm.chunks)
				return
			}
		}
	}()
	go func() { // the emulator's answers to the app's queries
		buf := make([]byte, 4096)
		for {
			n, err := tm.emu.Read(buf)
			if n > 0 {
				_, _ = in.Write(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	if len(args) > 0 {
		err = sess.Start(strings.Join(args, " "))
	} else {
		err = sess.Shell()
	}
	if err != nil {
		t.Fatal(err)
	}
	go func() { tm.done <- sess.Wait() }()
	t.Cleanup(func() {
		_ = sess.Close()
		if pw, ok := tm.emu.InputPipe().(*io.PipeWriter); ok {
			_ = pw.Close()
		}
	})
	return tm
}

// Keys as a terminal sends them.
const (
	keyEnter = "\r"
	keyEsc   = "\x1b"
	keyDown  = "\x1b[B"
	keyUp    = "\x1b[A"
	keyCtrlC = "\x03"
	keyCtrlS = "\x13"
)

// keys types keys, one write each.
func (tm *sshTerm) keys(keys ...string) {
	tm.t.Helper()
	for _, k := range keys {
		if _, err := tm.in.Write([]byte(k)); err != nil {
			tm.t.Fatalf("%s: typing %q: %v", tm.name, k, err)
		}
	}
}

// screen applies the output received so far and returns the screen.
func (tm *sshTerm) screen() string {
	for {
		select {
		case c, ok := <-tm.chunks:
			if !ok {
				return tm.emu.String()
			}
			_, _ = tm.emu.Write(c)
		default:
			return tm.emu.String()
		}
	}
}

// waitUntil applies output until ok holds for the screen.
func (tm *sshTerm) waitUntil(what string, ok func(string) bool) string {
	tm.t.Helper()
	s, err := tm.await(ok, 15*time.Second)
	if err != nil {
		tm.t.Fatalf("%s: no %s: %v; the screen:\n%s", tm.name, what, err, s)
	}
	return s
}

// errEnded: the connection ended before the screen showed what was awaited.
var errEnded = errors.New("the connection ended")

// await applies output until ok holds for the screen, the connection ends
// (errEnded) or timeout passes. It never stops the test: goroutines use it.
func (tm *sshTerm) await(ok func(string) bool, timeout time.Duration) (string, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	if s := tm.screen(); ok(s) {
		return s, nil
	}
	for {
		select {
		case c, open := <-tm.chunks:
			if !open {
				s := tm.emu.String()
				if ok(s) {
					return s, nil
				}
				return s, errEnded
			}
			_, _ = tm.emu.Write(c)
			if len(tm.chunks) > 0 {
				continue // the rest of the frame first
			}
			if s := tm.emu.String(); ok(s) {
				return s, nil
			}
		case <-deadline.C:
			return tm.screen(), fmt.Errorf("nothing within %v", timeout)
		}
	}
}

// waitFor waits for text on the screen.
func (tm *sshTerm) waitFor(text string) string {
	tm.t.Helper()
	return tm.waitUntil(fmt.Sprintf("%q", text), func(s string) bool { return strings.Contains(s, text) })
}

// waitLine waits for a line holding every part.
func (tm *sshTerm) waitLine(parts ...string) string {
	tm.t.Helper()
	return tm.waitUntil(fmt.Sprintf("a line with %q", parts), func(s string) bool {
		for _, l := range strings.Split(s, "\n") {
			all := true
			for _, p := range parts {
				all = all && strings.Contains(l, p)
			}
			if all {
				return true
			}
		}
		return false
	})
}

// exit waits for the session to end and returns its exit code.
func (tm *sshTerm) exit() int {
	tm.t.Helper()
	select {
	case err := <-tm.done:
		if ee, ok := err.(*gossh.ExitError); ok {
			return ee.ExitStatus()
		}
		if err != nil {
			tm.t.Fatalf("%s: the session ended with %v", tm.name, err)
		}
		return 0
	case <-time.After(15 * time.Second):
		tm.t.Fatalf("%s: the session did not end; the screen:\n%s", tm.name, tm.screen())
	}
	return -1
}

// openAssess opens the only session the person lists, at its
// self-assessment.
func (tm *sshTerm) openAssess() {
	tm.t.Helper()
	tm.waitFor("Sessions (1)")
	tm.keys(keyEnter)
	tm.waitFor("› Overview")
	tm.keys("1")
	tm.waitFor("Ratings (1-4")
}

// stored reads a session through the server's store.
func (ts *testServer) stored(t testing.TB, id string) *workbook.Session {
	t.Helper()
	s, err := ts.Store().Get(id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
