package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creack/pty"
)

// On a terminal, `inventory import` shows the proposal and asks; only a
// yes imports.
func TestInventoryImportAsksOnATerminal(t *testing.T) {
	for _, c := range []struct {
		answer  string
		imports bool
	}{{"y\n", true}, {"yes\n", true}, {"n\n", false}, {"\n", false}} {
		t.Run(strings.TrimSpace(c.answer), func(t *testing.T) {
			db := fixtureDB(t)
			path := writeFile(t, t.TempDir(), "clever.csv", "App,Unique Users,Total Logins,Date\nClassHub,5,5,2025-09-04\nNewApp,1,1,2025-09-04\n")
			ptmx, tty, err := pty.Open()
			if err != nil {
				t.Skip("no pseudo-terminal here:", err)
			}
			defer ptmx.Close()
			defer tty.Close()
			if _, err := ptmx.Write([]byte(c.answer)); err != nil {
				t.Fatal(err)
			}
			var out, errb bytes.Buffer
			t.Setenv(envDB, "")
			a := &app{stdin: tty, stdout: &out, stderr: &errb, now: invNow}
			code := run(a, "test", []string{"inventory", "import", path, "--db", db})
			if code != 0 || !strings.Contains(errb.String(), "Import these figures into "+filepath.Clean(db)+"? [y/N]") {
				t.Fatalf("exit %d, stderr %q", code, errb.String())
			}
			inv := readInventory(t, db)
			if got := inv.Tool("newapp") != nil; got != c.imports {
				t.Fatalf("answer %q: imported %v", c.answer, got)
			}
			if !c.imports && !strings.Contains(errb.String(), "Import cancelled; nothing changed.") {
				t.Errorf("stderr %q", errb.String())
			}
		})
	}
}

// An import shows its steps on stderr when stderr is a terminal (a spinner
// and what it is doing), on one line that the end clears; not otherwise.
func TestInventoryImportProgress(t *testing.T) {
	var b strings.Builder
	b.WriteString("App,Unique Users,Total Logins,Date\n")
	for i := 0; b.Len() < 2<<20; i++ {
		b.WriteString("Learning App " + strings.Repeat("x", i%7) + ",10,20,2025-09-02\n")
	}
	path := writeFile(t, t.TempDir(), "big.csv", b.String())

	db := fixtureDB(t)
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skip("no pseudo-terminal here:", err)
	}
	defer ptmx.Close()
	got := make(chan string)
	go func() {
		var all bytes.Buffer
		buf := make([]byte, 4096)
		for {
			n, err := ptmx.Read(buf)
			all.Write(buf[:n])
			if err != nil || strings.Contains(all.String(), "Saving") && strings.HasSuffix(all.String(), "\r\x1b[K") {
				got <- all.String()
				return
			}
		}
	}()
	var out bytes.Buffer
	t.Setenv(envDB, "")
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: tty, now: invNow}
	if code := run(a, "test", []string{"inventory", "import", path, "--yes", "--db", db}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	tty.Close()
	shown := <-got
	for _, want := range []string{" Reading big.csv (2.1 MB)…", " Matching 7 tools against the inventory…", " Saving…"} {
		if !strings.Contains(shown, want) {
			t.Errorf("stderr lacks %q: %q", want, shown)
		}
	}
	if strings.Contains(out.String(), "Reading") {
		t.Error("progress went to stdout")
	}

	_, errs, code := invRun(t, "", "inventory", "import", path, "--yes", "--db", fixtureDB(t))
	if code != 0 || strings.Contains(errs, "Reading") {
		t.Errorf("progress without a terminal: %d %q", code, errs)
	}
}
