package serve

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/sys/unix"

	"edtech-workbook/tui"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

// Config says how to run the server. The zero value of every duration and
// limit is a working default (see withDefaults).
type Config struct {
	DB      string // the workbook file the server owns
	Access  string // the access file (see docs/serve.md)
	Addr    string // host:port to listen on (default 127.0.0.1:2222)
	HostKey string // the host key's file (default: beside DB, DB + ".host_ed25519")
	// Name is how people reach the server, for the commands it suggests
	// ("cohort.example.org"; default: the address's host, or this
	// machine's name when it listens on every address).
	Name string

	IdleTimeout    time.Duration // a connection with no traffic is closed (30 min)
	MaxPerKey      int           // sessions at once per SSH key (3)
	MaxConnections int           // connections at once (500)
	AccessPoll     time.Duration // how often the access file is checked for changes (1 s)
	ShutdownWait   time.Duration // how long Shutdown waits for the apps to save (10 s)

	Log io.Writer        // one line per connection, and the server's news (os.Stderr)
	Now func() time.Time // the clock of comments and check-ins (time.Now)
}

// The defaults of Config.
const (
	DefaultAddr           = "127.0.0.1:2222"
	defaultIdleTimeout    = 30 * time.Minute
	defaultMaxPerKey      = 3
	defaultMaxConnections = 500
	defaultAccessPoll     = time.Second
	defaultShutdownWait   = 10 * time.Second
)

func (c Config) withDefaults() Config {
	if c.Addr == "" {
		c.Addr = DefaultAddr
	}
	if c.HostKey == "" {
		c.HostKey = c.DB + ".host_ed25519"
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = defaultIdleTimeout
	}
	if c.MaxPerKey <= 0 {
		c.MaxPerKey = defaultMaxPerKey
	}
	if c.MaxConnections <= 0 {
		c.MaxConnections = defaultMaxConnections
	}
	if c.AccessPoll <= 0 {
		c.AccessPoll = defaultAccessPoll
	}
	if c.ShutdownWait <= 0 {
		c.ShutdownWait = defaultShutdownWait
	}
	if c.Log == nil {
		c.Log = os.Stderr
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Server is the cohort server: one workbook file, one store, many SSH
// connections, each running the app (or the accessible prompts, or one
// command) for the person its key belongs to.
type Server struct {
	cfg    Config
	st     *store.Store
	access atomic.Pointer[Access]
	b      *broker
	srv    *ssh.Server
	hostFP string

	logMu sync.Mutex

	mu        sync.Mutex
	closing   bool
	perKey    map[string]int
	conns     map[uint64]*conn
	nextConn  uint64
	netConns  int
	handlers  sync.WaitGroup
	listeners []net.Listener

	watchStop chan struct{}
	watchDone chan struct{}
}

// conn is one running session (the app, the prompts or a command).
type conn struct {
	id   uint64
	stop func() // ends it, saving what is pending
}

// New opens the workbook file, reads the access file and the host key (made
// on first start), and sets up the SSH server. Call Serve, then Shutdown.
func New(cfg Config) (*Server, error) {
	cfg = cfg.withDefaults()
	acc, err := LoadAccess(cfg.Access)
	if err != nil {
		return nil, err
	}
	signer, err := hostKey(cfg.HostKey)
	if err != nil {
		return nil, err
	}
	st, err := store.Open(cfg.DB, store.ReadWrite)
	if err != nil {
		return nil, err
	}
	// The server is the one app on this file: refresh its backup once, as
	// the app does at start, before anyone connects.
	if err := st.SnapshotBackup(); err != nil {
		if errors.Is(err, store.ErrCorrupt) {
			_ = st.Close()
			return nil, err
		}
		fmt.Fprintf(cfg.Log, "warning: no fresh backup of %s was made: %s\n", workbook.CleanLine(cfg.DB), workbook.CleanLine(err.Error()))
	}
	s := &Server{cfg: cfg, st: st, b: newBroker(), hostFP: gossh.FingerprintSHA256(signer.PublicKey()),
		perKey: map[string]int{}, conns: map[uint64]*conn{}}
	s.access.Store(acc)
	s.srv, err = wish.NewServer(
		// The host key first: without one, wish writes a new key pair
		// named id_ed25519 in the working folder.
		func(srv *ssh.Server) error { srv.AddHostKey(signer); return nil },
		wish.WithAddress(cfg.Addr),
		wish.WithVersion("edtech-workbook"),
		wish.WithPublicKeyAuth(s.publicKey),
		// Keyboard-interactive never lets anyone in: once every key the
		// client offered was refused, it carries the one line that says
		// whom to ask (OpenSSH prints it), and fails.
		wish.WithKeyboardInteractiveAuth(s.refuseUnknown),
		wish.WithIdleTimeout(cfg.IdleTimeout),
		ssh.AllocatePty(),
	)
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	s.srv.Handler = s.handle
	s.srv.HandshakeTimeout = 30 * time.Second
	s.srv.ConnCallback = s.admitConn
	s.srv.ConnectionCloseCallback = func(net.Conn) { s.mu.Lock(); s.netConns--; s.mu.Unlock() }
	// No port forwarding, no subsystems (sftp): charm.land/ssh refuses
	// what has no handler. Agent forwarding is accepted by the protocol
	// library but never used: nothing here opens a channel back.
	s.srv.LocalPortForwardingCallback = nil
	s.srv.ReversePortForwardingCallback = nil
	return s, nil
}

// HostKeyFingerprint is the host key's SHA-256 fingerprint, for people to
// check on their first connection.
func (s *Server) HostKeyFingerprint() string { return s.hostFP }

// Store is the workbook file the server owns (tests read it).
func (s *Server) Store() *store.Store { return s.st }

// Access is the access file as it is now.
func (s *Server) Access() *Access { return s.access.Load() }

// ExportCommand is the command that exports a session over SSH.
func (s *Server) ExportCommand() string { return s.sshCommand() + " -- export" }

// sshCommand is how people connect: "ssh -p 2222 cohort.example.org".
func (s *Server) sshCommand() string {
	host, port, err := net.SplitHostPort(s.cfg.Addr)
	if err != nil {
		host, port = s.cfg.Addr, "22"
	}
	if s.cfg.Name != "" {
		host = s.cfg.Name
	} else if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host, _ = os.Hostname()
	} else if ip != nil && ip.IsLoopback() {
		host = "localhost"
	}
	if port == "22" {
		return "ssh " + host
	}
	return "ssh -p " + port + " " + host
}

// ListenAndServe listens on Config.Addr and serves until Shutdown.
func (s *Server) ListenAndServe() error {
	l, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s (%v); choose another address or port with --addr", s.cfg.Addr, err)
	}
	return s.Serve(l)
}

// Serve serves connections on l until Shutdown; it also watches the
// access file for changes.
func (s *Server) Serve(l net.Listener) error {
	s.mu.Lock()
	if s.closing { // Shutdown came first
		s.mu.Unlock()
		_ = l.Close()
		return nil
	}
	// Shutdown closes it too: charm.land/ssh closes only the listeners its
	// Serve has reached, and Serve may not have started yet.
	s.listeners = append(s.listeners, l)
	if s.watchStop == nil {
		s.watchStop, s.watchDone = make(chan struct{}), make(chan struct{})
		go s.watch()
	}
	s.mu.Unlock()
	err := s.srv.Serve(l)
	s.mu.Lock()
	closing := s.closing
	s.mu.Unlock()
	if errors.Is(err, ssh.ErrServerClosed) || closing {
		return nil
	}
	return err
}

// Shutdown stops taking connections, ends every running app as ctrl+c does
// (each saves what is being typed and everything pending), waits for them
// (at most ctx's deadline and Config.ShutdownWait), closes what is left and
// lets go of the workbook file.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	running := make([]*conn, 0, len(s.conns))
	for _, c := range s.conns {
		running = append(running, c)
	}
	watching := s.watchStop != nil
	listeners := s.listeners
	s.mu.Unlock()

	closed, cancel := context.WithCancel(ctx)
	cancel()
	_ = s.srv.Shutdown(closed) // closes the listeners; returns at once
	for _, l := range listeners {
		_ = l.Close()
	}
	for _, c := range running {
		c.stop()
	}
	done := make(chan struct{})
	go func() { s.handlers.Wait(); close(done) }()
	wait := time.NewTimer(s.cfg.ShutdownWait)
	defer wait.Stop()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = fmt.Errorf("the server stopped before every connection had saved (%w)", ctx.Err())
	case <-wait.C:
		err = fmt.Errorf("the server stopped after waiting %v for the connections to save", s.cfg.ShutdownWait)
	}
	_ = s.srv.Close()
	if watching {
		close(s.watchStop)
		<-s.watchDone
	}
	return errors.Join(err, s.st.Close())
}

// logf writes one line to the log.
func (s *Server) logf(format string, args ...any) {
	line := workbook.CleanLine(fmt.Sprintf(format, args...))
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.cfg.Log, "%s %s\n", s.cfg.Now().UTC().Format(time.RFC3339), line)
}

// admitConn refuses a network connection past MaxConnections.
func (s *Server) admitConn(_ ssh.Context, c net.Conn) net.Conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing || s.netConns >= s.cfg.MaxConnections {
		return nil
	}
	s.netConns++
	return c
}

// offeredKey is the context key of the fingerprints a client offered.
type offeredKey struct{}

// publicKey lets in the keys of the access file (as it is now).
func (s *Server) publicKey(ctx ssh.Context, key ssh.PublicKey) bool {
	if _, ok := s.access.Load().Lookup(key); ok {
		return true
	}
	fps, _ := ctx.Value(offeredKey{}).([]string)
	ctx.SetValue(offeredKey{}, append(fps, gossh.FingerprintSHA256(key)))
	return false
}

// refuseUnknown sends the one line that says whom to ask, and lets no one
// in.
func (s *Server) refuseUnknown(ctx ssh.Context, challenge gossh.KeyboardInteractiveChallenge) bool {
	if told, _ := ctx.Value(toldKey{}).(bool); told {
		return false // clients ask again (OpenSSH three times): say it once
	}
	ctx.SetValue(toldKey{}, true)
	_, _ = challenge("", s.unknownKeyLine(ctx), nil, nil)
	s.logf("refused %s from %s: no key in the access file", workbook.CleanLine(ctx.User()), ctx.RemoteAddr())
	return false
}

// toldKey is the context key that records the refusal was sent.
type toldKey struct{}

// unknownKeyLine is the refusal of a client whose keys are not in the
// access file.
func (s *Server) unknownKeyLine(ctx ssh.Context) string {
	contact := "the cohort's facilitator"
	if a := s.access.Load(); a != nil && a.Contact != "" {
		contact = a.Contact
	}
	which := "your SSH key is"
	if fps, _ := ctx.Value(offeredKey{}).([]string); len(fps) > 0 {
		which = "your SSH key " + fps[0] + " is"
		if len(fps) > 1 {
			which = fmt.Sprintf("none of your %d SSH keys (%s, …) is", len(fps), fps[0])
		}
	}
	return fmt.Sprintf("edtech-workbook: %s not in this cohort's access file; ask %s to add your public key (~/.ssh/id_ed25519.pub).", which, contact)
}

// hostKey reads the host key at path, or makes one (ed25519, 0600) when
// there is none.
func hostKey(path string) (gossh.Signer, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		_, priv, gerr := ed25519.GenerateKey(rand.Reader)
		if gerr != nil {
			return nil, fmt.Errorf("cannot make a host key: %v", gerr)
		}
		block, merr := gossh.MarshalPrivateKey(priv, "edtech-workbook serve host key")
		if merr != nil {
			return nil, fmt.Errorf("cannot make a host key: %v", merr)
		}
		data = pem.EncodeToMemory(block)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("cannot create the folder of the host key %s (%v)", path, err)
		}
		f, ferr := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if ferr != nil {
			return nil, fmt.Errorf("cannot write the host key %s (%v); pass --host-key with a path you can write", path, ferr)
		}
		_, werr := f.Write(data)
		if err := errors.Join(werr, f.Sync(), f.Close()); err != nil {
			_ = os.Remove(path)
			return nil, fmt.Errorf("cannot write the host key %s (%v)", path, err)
		}
	} else if err != nil {
		return nil, fmt.Errorf("cannot read the host key %s (%v)", path, err)
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("the host key %s can be read by others (mode %v); run `chmod 600 %s`", path, fi.Mode().Perm(), path)
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("the host key %s cannot be read (%v); move it away and a new one is made at the next start", path, err)
	}
	return signer, nil
}

// register records a running session (nil when the server is closing).
func (s *Server) register(key string) (*conn, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closing:
		return nil, "the server is shutting down; connect again in a minute"
	case s.perKey[key] >= s.cfg.MaxPerKey:
		return nil, fmt.Sprintf("this key already has %d connections open (the most the server allows); close one first", s.perKey[key])
	}
	s.perKey[key]++
	s.nextConn++
	c := &conn{id: s.nextConn, stop: func() {}}
	s.conns[c.id] = c
	s.handlers.Add(1)
	return c, ""
}

func (s *Server) unregister(c *conn, key string) {
	s.mu.Lock()
	s.perKey[key]--
	if s.perKey[key] <= 0 {
		delete(s.perKey, key)
	}
	delete(s.conns, c.id)
	s.mu.Unlock()
	s.handlers.Done()
}

func (s *Server) setStop(c *conn, stop func()) {
	s.mu.Lock()
	c.stop = stop
	closing := s.closing
	s.mu.Unlock()
	if closing {
		stop()
	}
}

// handle runs one SSH session for the person its key belongs to.
func (s *Server) handle(sess ssh.Session) {
	start := time.Now()
	key := sess.PublicKey()
	if key == nil {
		_ = sess.Exit(1)
		return
	}
	fp := gossh.FingerprintSHA256(key)
	p, ok := s.access.Load().Lookup(key)
	if !ok { // removed from the file since the key was accepted
		fmt.Fprintln(sess.Stderr(), s.unknownKeyLine(sess.Context()))
		s.logf("refused %s from %s: the key left the access file", fp, sess.RemoteAddr())
		_ = sess.Exit(1)
		return
	}
	c, why := s.register(fp)
	if c == nil {
		fmt.Fprintln(sess.Stderr(), "edtech-workbook: "+why+".")
		s.logf("refused %s %s from %s: %s", p.Describe(), fp, sess.RemoteAddr(), why)
		_ = sess.Exit(1)
		return
	}
	defer s.unregister(c, fp)

	var saves atomic.Int64
	g := &Guard{st: s.st, access: s.access.Load, key: fp, b: s.b, path: "the cohort server's workbook", saves: &saves}
	var app atomic.Pointer[tui.App]
	g.box = s.b.open(c.id, func(saved *workbook.Session) {
		if a := app.Load(); a != nil {
			a.Send(tui.SessionSaved{Session: saved})
		}
	})
	defer s.b.close(g.box)

	what, code := s.run(sess, c, p, g, &app)
	pty, _, isPty := sess.Pty()
	size := ""
	if isPty {
		size = fmt.Sprintf(" %dx%d %s", pty.Window.Width, pty.Window.Height, pty.Term)
	}
	s.logf("%s %s from %s: %s%s, %s, %s, exit %d", p.Describe(), fp, sess.RemoteAddr(), what, size,
		time.Since(start).Round(time.Second), workbook.CountOf(int(saves.Load()), "save"), code)
	_ = sess.Exit(code)
}

// run picks what the session runs: the app, the accessible prompts or a
// command. It returns what ran (for the log) and the exit code.
func (s *Server) run(sess ssh.Session, c *conn, p Person, g *Guard, app *atomic.Pointer[tui.App]) (string, int) {
	args := sess.Command()
	accessible := slices0(args) == "--accessible" || envSet(sess.Environ(), "ACCESSIBLE") || envSet(sess.Environ(), "EDTECH_ACCESSIBLE")
	if slices0(args) == "--accessible" {
		args = args[1:]
	}
	_, _, isPty := sess.Pty()
	opts := tui.Options{Author: p.Name, Review: p.Role == RoleCoach, ReadOnly: p.Role == RoleFacilitator,
		RemoteExport: s.ExportCommand(), Now: s.cfg.Now, NoInventory: true}
	if p.Role == RoleMember {
		opts.Team = p.Team
	}
	switch {
	case len(args) > 0:
		return strings.Join(args, " "), s.command(sess, g, p, args)
	case accessible:
		return "accessible", s.runAccessible(sess, c, g, opts)
	case !isPty:
		fmt.Fprintf(sess.Stderr(), "edtech-workbook: the workbook needs a terminal; connect with `%s` (ssh -t when you give a command), or add -- --accessible for plain prompts.\n", s.sshCommand())
		return "no terminal", 1
	}
	return "app", s.runApp(sess, c, g, opts, app)
}

func slices0(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}

// envSet reports whether the client sent NAME with a true value.
func envSet(env []string, name string) bool {
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, name+"="); ok {
			b, err := strconv.ParseBool(v)
			return err == nil && b
		}
	}
	return false
}

// runApp runs the full-window app on the session's terminal.
func (s *Server) runApp(sess ssh.Session, c *conn, g *Guard, opts tui.Options, app *atomic.Pointer[tui.App]) int {
	pty, windows, _ := sess.Pty()
	// wish's options give the app this connection's terminal: its input and
	// output, its environment (so its own colour profile) and window size.
	// The app reads and writes its own copy of the terminal's descriptor:
	// charm.land/ssh closes the pseudo-terminal's files as soon as the
	// client closes the channel, which may be while the app still polls
	// the file or restores its modes (a data race on the *os.File). The copy
	// is closed once the app has let go of it.
	tty, err := dupFile(pty.Slave)
	if err != nil {
		s.logf("connection %d: cannot open its terminal: %s", c.id, err)
		fmt.Fprintln(sess.Stderr(), "edtech-workbook: the server could not open a terminal for you; try again, or add -- --accessible for plain prompts.")
		return 1
	}
	defer tty.Close()
	popts := append(bm.MakeOptions(sess), tea.WithInput(tty), tea.WithOutput(tty), tea.WithoutSignalHandler())
	a := tui.NewApp(g, opts, popts...)
	app.Store(a)
	s.setStop(c, a.Shutdown)
	done := make(chan struct{})
	go func() {
		ctx := sess.Context()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				// The connection dropped: save and end. Should the app be
				// stuck writing to a terminal nobody reads, closing the
				// pseudo-terminal unblocks it (its edits are saved after).
				a.Shutdown()
				select {
				case <-done:
				case <-time.After(2 * time.Second):
					_ = pty.Close()
				}
				return
			case w, ok := <-windows:
				if !ok {
					windows = nil
					continue
				}
				a.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
			}
		}
	}()
	err = a.Run()
	close(done)
	if err != nil {
		s.logf("the app of connection %d ended with: %s", c.id, err)
		return 1
	}
	return 0
}

// runAccessible runs the plain prompts: on the pseudo-terminal (which
// echoes and edits lines) or, without one, on the session's input (piped
// answers).
func (s *Server) runAccessible(sess ssh.Session, c *conn, g *Guard, opts tui.Options) int {
	pty, _, isPty := sess.Pty()
	var in io.Reader = sess
	var out io.Writer = sess
	if isPty {
		in, out = pty.Slave, pty.Slave
		opts.Terminal = true
	}
	// Stopping (shutdown, a dropped connection) ends the input: every
	// answer was saved when it was given.
	pr, pw := io.Pipe()
	go func() {
		_, err := io.Copy(pw, in)
		pw.CloseWithError(err)
	}()
	stop := func() { _ = pw.CloseWithError(io.EOF) }
	s.setStop(c, stop)
	go func() { <-sess.Context().Done(); stop() }()
	opts.Input, opts.Output = pr, out
	if err := tui.RunAccessible(g, opts); err != nil {
		fmt.Fprintln(out, "edtech-workbook: "+workbook.CleanLine(err.Error()))
		return 1
	}
	return 0
}

// dupFile is a copy of f's descriptor (close-on-exec) as a file of its own.
func dupFile(f *os.File) (*os.File, error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return nil, err
	}
	nfd := -1
	var derr error
	if err := rc.Control(func(fd uintptr) { nfd, derr = unix.FcntlInt(fd, unix.F_DUPFD_CLOEXEC, 0) }); err != nil {
		return nil, err
	}
	if derr != nil {
		return nil, derr
	}
	return os.NewFile(uintptr(nfd), f.Name()), nil
}
