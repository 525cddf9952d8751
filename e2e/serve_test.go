package e2e

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Issue 16, with the OpenSSH client: `edtech-workbook serve` on a free
// loopback port, started as a new user would (no access file: the first
// start writes one with the user's own key), then `ssh -p PORT -t
// localhost` in a real terminal shows the app; a key not in the access
// file is refused with the one line naming whom to ask; ctrl+c of the
// server stops it cleanly.

// requireSSH skips when the OpenSSH client is missing (CI installs it).
func requireSSH(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("ssh")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("the OpenSSH client is required in CI for the cohort server's tests; install it (apt-get install -y openssh-client)")
		}
		t.Skip("the OpenSSH client (ssh) is not installed; the cohort server's e2e test needs it (apt-get install -y openssh-client)")
	}
	return p
}

// writeUserKey writes an ed25519 key pair as ssh-keygen would, at path
// and path.pub.
func writeUserKey(t *testing.T, path, comment string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := gossh.MarshalPrivateKey(priv, comment)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	pub := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey()))) + " " + comment + "\n"
	if err := os.WriteFile(path+".pub", []byte(pub), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lockedBuffer is the server's standard error, read while it runs.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

func TestServeOverOpenSSH(t *testing.T) {
	sshPath := requireSSH(t)
	requireTmux(t)
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	key := filepath.Join(home, ".ssh", "id_ed25519")
	writeUserKey(t, key, "me@laptop")
	db := filepath.Join(dir, "cohort.db")
	port := freePort(t)

	// The server, as a new user starts it.
	stderr := &lockedBuffer{}
	srv := exec.Command(binPath, "serve", "--port", port, "--db", db)
	srv.Env = append(os.Environ(), "HOME="+home)
	srv.Stderr, srv.Stdout = stderr, stderr
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- srv.Wait() }()
	t.Cleanup(func() {
		_ = srv.Process.Kill()
		if t.Failed() {
			t.Logf("the server said:\n%s", stderr.String())
		}
	})
	deadline := time.Now().Add(4 * waitTimeout())
	for !strings.Contains(stderr.String(), "connect with:") {
		select {
		case err := <-exited:
			t.Fatalf("the server ended (%v):\n%s", err, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not start:\n%s", stderr.String())
		}
		time.Sleep(pollEvery)
	}
	started := stderr.String()
	for _, want := range []string{"wrote " + filepath.Join(dir, "access.yaml") + " with your 1 SSH key(s)", "host key SHA256:", "connect with: ssh -p " + port + " localhost"} {
		if !strings.Contains(started, want) {
			t.Fatalf("the server's start lacks %q:\n%s", want, started)
		}
	}
	if fi, err := os.Stat(db + ".host_ed25519"); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the host key file: %v, %v; want mode 0600", fi, err)
	}

	// A person at a terminal connects.
	// As the README says (LogLevel stays at its default, INFO: OpenSSH
	// shows the server's refusal line at that level).
	sshArgs := []string{"-p", port, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes"}
	tm := newTermOpts(t, termOpts{w: 100, h: 30, prog: []string{sshPath}, env: []string{"HOME=" + home}},
		append(sshArgs, "-i", key, "-t", "localhost")...)
	if s := tm.waitFor("Press n to set up a new session"); strings.Contains(statusLine(s, 30), "!") {
		t.Fatalf("the first screen over SSH opens on an error:\n%s", s)
	}
	tm.keys("q")
	tm.waitFor("EXIT=0")
	deadline = time.Now().Add(waitTimeout())
	for !strings.Contains(stderr.String(), "app 100x30") {
		if time.Now().After(deadline) {
			t.Fatalf("no log line for the connection:\n%s", stderr.String())
		}
		time.Sleep(pollEvery)
	}
	if line := lastLogLine(stderr.String()); !strings.Contains(line, "(member of My team)") || !strings.Contains(line, "from 127.0.0.1") || !strings.Contains(line, "exit 0") {
		t.Fatalf("the connection's log line: %q", line)
	}

	// A key not in the access file.
	stranger := filepath.Join(dir, "stranger")
	writeUserKey(t, stranger, "stranger@elsewhere")
	out := newTermOpts(t, termOpts{w: 160, h: 20, prog: []string{sshPath}, env: []string{"HOME=" + home}},
		append(sshArgs, "-i", stranger, "-t", "localhost")...)
	s := out.waitFor("EXIT=255")
	if !strings.Contains(s, "is not in this cohort's access file; ask ") {
		t.Fatalf("the refusal of an unknown key shows:\n%s", s)
	}

	// ctrl+c at the server: a clean stop.
	if err := srv.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil || !strings.Contains(stderr.String(), "stopped; everything was saved") {
			t.Fatalf("the server stopped with %v:\n%s", err, stderr.String())
		}
	case <-time.After(4 * waitTimeout()):
		t.Fatalf("the server did not stop on ctrl+c:\n%s", stderr.String())
	}
}

func lastLogLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
