package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// evil is text that would clear the screen, retitle the window and turn
// everything red if it reached the terminal.
const evil = "\x1b[2J\x1b]0;pwned\x07\x1b[31mEvil\x1b[0m"

// TestHostileTextNeverReachesTerminal imports a session whose team name,
// evidence and action step hold terminal control sequences, then shows it
// in the real terminal and exports it: the words appear, the sequences
// never do (the window title stays, nothing turns red), and the Markdown,
// HTML and CSV exports hold no ESC byte.
func TestHostileTextNeverReachesTerminal(t *testing.T) {
	dir := t.TempDir()
	src, db := filepath.Join(dir, "demo.db"), filepath.Join(dir, "evil.db")
	cli(t, "demo", "--db", src)
	var f map[string]any
	if err := json.Unmarshal([]byte(cli(t, "export", demoID, "--format", "json", "--db", src)), &f); err != nil {
		t.Fatal(err)
	}
	s := f["session"].(map[string]any)
	s["id"] = "evil-session"
	s["team"] = "Team " + evil
	s["ratings"].(map[string]any)["vision-student-centered"].(map[string]any)["evidence"] = "Notes " + evil
	s["plan"].(map[string]any)["actions"].([]any)[0].(map[string]any)["what"] = "Step " + evil
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "evil.json")
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	cli(t, "import", file, "--db", db)

	// With colours on: under NO_COLOR the program's output filter would
	// drop some sequences itself and hide a leak.
	tm := newTermOpts(t, termOpts{w: 100, h: 30, color: true}, "--db", db)
	clean := func(where string) {
		t.Helper()
		if title := strings.TrimSpace(tm.tmux("display-message", "-p", "-t", "main", "#{pane_title}")); strings.Contains(title, "pwned") {
			t.Errorf("%s: the window title became %q", where, title)
		}
		if raw := tm.screenANSI(); strings.Contains(raw, "\x1b[31m") {
			t.Errorf("%s: basic red (SGR 31), which the app never uses: an injected sequence reached the terminal", where)
		}
		if lines := strings.Split(tm.screen(), "\n"); !strings.HasPrefix(lines[0], "edtech-workbook") {
			t.Errorf("%s: the title line is gone:\n%s", where, tm.screen())
		}
	}
	tm.waitLine("› Team Evil")
	clean("Home")
	tm.keys("Enter")
	tm.waitFor("Team Evil · 2025-26 › Overview")
	clean("Overview")
	tm.keys("1")
	tm.waitLine("Evidence notes", "Notes Evil")
	clean("Self-assessment")
	tm.keys("Escape")
	tm.waitFor("› Overview")
	tm.keys("4")
	tm.waitLine("Step Evil")
	clean("Plan")
	tm.keys("Escape")
	tm.waitFor("› Overview")
	tm.keys("6")
	tm.waitFor("Team Evil · 2025-26 › Summary")
	clean("Summary")
	tm.keys("Escape")
	tm.waitFor("› Overview")
	tm.keys("Escape")
	tm.waitFor("Sessions (1)")
	tm.keys("q")
	tm.waitFor("EXIT=0")

	for _, args := range [][]string{
		{"list"},
		{"export", "evil-session", "--format", "md"},
		{"export", "evil-session", "--format", "html"},
		{"export", "evil-session", "--format", "csv"},
		{"export", "evil-session", "--format", "csv", "--table", "actions"},
	} {
		out := cli(t, append(args, "--db", db)...)
		if strings.Contains(out, "\x1b") || strings.Contains(out, "\x07") {
			t.Errorf("`%s` prints a control character: %q", strings.Join(args, " "), out[:min(len(out), 300)])
		}
		if !strings.Contains(out, "Evil") {
			t.Errorf("`%s` lost the text around the control sequences", strings.Join(args, " "))
		}
	}
}
