package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
)

// chunk is one read from the pseudo-terminal, stamped when the read returned.
type chunk struct {
	at time.Time
	b  []byte
}

// term is a program running in a pseudo-terminal of a fixed size, with a
// terminal emulator (charmbracelet/x/vt) that keeps the screen the program
// has drawn. The emulator answers the program's queries (cursor position,
// colours, modes) on its input, as a real terminal would.
//
// Times are taken where the bytes move: start just before the child is
// started, a chunk's time when its read returns (a goroutine reads and
// stamps; the emulator parses elsewhere, so parsing never delays a stamp).
type term struct {
	cmd   *exec.Cmd
	ptmx  *os.File
	emu   *vt.Emulator
	out   chan chunk
	stop  chan struct{}
	start time.Time
	// lastAt is when the last output read arrived (the emulator has it):
	// a Bubble Tea program writes its frames on its frame tick, so this
	// gives the tick's phase (see timeKey).
	lastAt time.Time
	exit   chan struct{} // closed once the child has been waited for
	err    error         // the child's exit status, once exit is closed
	log    io.Writer     // every byte the program wrote (optional)
}

// startTerm starts bin with args in a new pseudo-terminal of cols×rows.
func startTerm(bin string, args, env []string, cols, rows int) (*term, error) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		return nil, fmt.Errorf("cannot open a pseudo-terminal (%v); run the bench on Linux with /dev/ptmx", err)
	}
	if err := pty.Setsize(ptmx, &pty.Winsize{Cols: uint16(cols), Rows: uint16(rows)}); err != nil {
		ptmx.Close()
		tty.Close()
		return nil, fmt.Errorf("cannot size the pseudo-terminal: %v", err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	t := &term{
		cmd:  cmd,
		ptmx: ptmx,
		emu:  vt.NewEmulator(cols, rows),
		out:  make(chan chunk, 256),
		stop: make(chan struct{}),
		exit: make(chan struct{}),
	}
	go t.read()
	go t.answer()
	t.start = time.Now()
	err = cmd.Start()
	tty.Close() // the child has its own copy
	if err != nil {
		close(t.stop)
		t.closeEmu()
		ptmx.Close()
		return nil, fmt.Errorf("cannot start %s: %v", bin, err)
	}
	go func() {
		t.err = cmd.Wait()
		close(t.exit)
	}()
	return t, nil
}

// read forwards every read from the terminal, stamped, until the terminal
// closes (the child and its copies of the tty are gone) or stop.
func (t *term) read() {
	defer close(t.out)
	buf := make([]byte, 64<<10)
	for {
		n, err := t.ptmx.Read(buf)
		at := time.Now()
		if n > 0 {
			select {
			case t.out <- chunk{at: at, b: append([]byte(nil), buf[:n]...)}:
			case <-t.stop:
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// answer sends the emulator's replies (to the program's queries) to the
// program, as its terminal would.
func (t *term) answer() {
	buf := make([]byte, 4096)
	for {
		n, err := t.emu.Read(buf)
		if n > 0 {
			_, _ = t.ptmx.Write(buf[:n]) // a program that has quit no longer reads
		}
		if err != nil {
			return
		}
	}
}

// closeEmu ends answer: closing the emulator's input pipe makes its Read
// return EOF. (Emulator.Close would write a flag answer reads unguarded.)
func (t *term) closeEmu() {
	if pw, ok := t.emu.InputPipe().(*io.PipeWriter); ok {
		_ = pw.Close()
	}
}

// apply feeds one chunk to the emulator (and the log).
func (t *term) apply(c chunk) {
	t.lastAt = c.at
	if t.log != nil {
		_, _ = t.log.Write(c.b)
	}
	_, _ = t.emu.Write(c.b)
}

// Screen is the text on the emulated screen now.
func (t *term) Screen() string { return t.emu.String() }

// errExited is returned when the program ends while we wait for its screen.
var errExited = errors.New("the program exited")

// waitFor applies output until pred holds for the screen and returns the
// time the chunk that made it hold was read. On a timeout or an exit the
// error shows the screen as it was.
func (t *term) waitFor(what string, pred func(screen string) bool, timeout time.Duration) (time.Time, error) {
	if pred(t.Screen()) {
		return time.Now(), nil
	}
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		select {
		case c, ok := <-t.out:
			if !ok {
				return time.Time{}, fmt.Errorf("%w before showing %s; its screen:\n%s%s", errExited, what, indent(t.Screen()), t.exitNote())
			}
			t.apply(c)
			if pred(t.Screen()) {
				return c.at, nil
			}
		case <-deadline.C:
			return time.Time{}, fmt.Errorf("no %s within %v; the screen shows:\n%s", what, timeout, indent(t.Screen()))
		}
	}
}

// exitNote says how the program ended, when it has.
func (t *term) exitNote() string {
	select {
	case <-t.exit:
		if t.err != nil {
			return "(" + t.err.Error() + ")"
		}
		return "(exit status 0)"
	case <-time.After(200 * time.Millisecond):
		return ""
	}
}

// waitText waits for any of texts to be on the screen and returns the time
// since the start.
func (t *term) waitText(timeout time.Duration, texts ...string) (time.Duration, error) {
	what := fmt.Sprintf("text %q", texts[0])
	if len(texts) > 1 {
		what = fmt.Sprintf("text %q (or %q)", texts[0], texts[1:])
	}
	at, err := t.waitFor(what, func(s string) bool {
		for _, text := range texts {
			if strings.Contains(s, text) {
				return true
			}
		}
		return false
	}, timeout)
	if err != nil {
		return 0, err
	}
	return at.Sub(t.start), nil
}

// quiet applies output until none has arrived for gap (or max has passed,
// for a program that never stops drawing).
func (t *term) quiet(gap, max time.Duration) {
	end := time.Now().Add(max)
	for time.Now().Before(end) {
		select {
		case c, ok := <-t.out:
			if !ok {
				return
			}
			t.apply(c)
		case <-time.After(gap):
			return
		}
	}
}

// press sends key and returns how long until the screen changed, and the
// lines that changed first. The caller makes sure the key changes the screen.
func (t *term) press(key string, timeout time.Duration) (time.Duration, []string, error) {
	before := t.Screen()
	sent := time.Now()
	if _, err := t.ptmx.Write([]byte(key)); err != nil {
		return 0, nil, fmt.Errorf("cannot send a key: %v", err)
	}
	at, err := t.waitFor(fmt.Sprintf("change after the key %q", key), func(s string) bool { return s != before }, timeout)
	if err != nil {
		return 0, nil, err
	}
	return at.Sub(sent), changedLines(before, t.Screen()), nil
}

// changedLines lists the lines of after that differ from before.
func changedLines(before, after string) []string {
	b, a := strings.Split(before, "\n"), strings.Split(after, "\n")
	var out []string
	for i, line := range a {
		if i >= len(b) || b[i] != line {
			out = append(out, line)
		}
	}
	return out
}

// pid is the program's process id.
func (t *term) pid() int { return t.cmd.Process.Pid }

// quit sends keys (e.g. "q") and waits for the program to end on its own,
// draining its output; it is killed after timeout.
func (t *term) quit(keys string, timeout time.Duration) error {
	_, _ = t.ptmx.Write([]byte(keys))
	deadline := time.After(timeout)
	for {
		select {
		case c, ok := <-t.out:
			if ok {
				t.apply(c)
				continue
			}
			t.out = nil // the terminal closed; wait for the exit status
		case <-t.exit:
			t.close()
			return t.err
		case <-deadline:
			t.close()
			return fmt.Errorf("it did not quit within %v after %q; killed", timeout, keys)
		}
	}
}

// close kills the program (if it still runs), reaps it and frees the
// terminal. It is safe to call more than once.
func (t *term) close() {
	select {
	case <-t.exit:
	default:
		_ = t.cmd.Process.Kill()
		<-t.exit
	}
	select {
	case <-t.stop:
	default:
		close(t.stop)
	}
	_ = t.ptmx.Close()
	t.closeEmu()
}

func indent(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := range lines {
		lines[i] = "    | " + lines[i]
	}
	return strings.Join(lines, "\n") + "\n"
}
