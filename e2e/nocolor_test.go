package e2e

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// screenANSI is the pane with its SGR attributes (capture-pane -e).
func (tm *term) screenANSI() string {
	tm.t.Helper()
	return tm.tmux("capture-pane", "-p", "-e", "-J", "-t", "main")
}

var reSGR = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// attrsBefore returns the SGR sequences in effect where text starts on its
// line: everything since the last reset.
func attrsBefore(line, text string) (string, bool) {
	i := strings.Index(line, text)
	if i < 0 {
		return "", false
	}
	var on []string
	for _, m := range reSGR.FindAllString(line[:i], -1) {
		if m == "\x1b[0m" || m == "\x1b[m" {
			on = on[:0]
			continue
		}
		on = append(on, m)
	}
	return strings.Join(on, ""), true
}

// TestNoColorConfirmShowsChoice: under NO_COLOR the yes/no buttons of a
// confirmation must still show which one is chosen (reverse video, bold,
// underline or a marker), since colour is gone.
func TestNoColorConfirmShowsChoice(t *testing.T) {
	db := filepath.Join(t.TempDir(), "nocolor.db")
	tm := newTerm(t, 80, 24, "--db", db)
	tm.waitFor("Welcome to the edtech workbook")
	tm.keys("n")
	tm.fill("┃ Team name", "T")
	tm.fill("┃ District", "D")
	tm.fill("┃ School year", "2025-26")
	tm.waitFor("┃ Template")
	tm.keys("Enter")
	tm.waitFor("┃ Name")
	tm.typ("Ana")
	tm.waitFor("> Ana")
	tm.keys("Enter")
	tm.waitFor("┃ Role")
	tm.keys("Enter")
	tm.waitFor("┃ Add another person")

	const yes, no = "Yes, add another", "No, start the workbook"
	var line string
	for _, l := range strings.Split(tm.screenANSI(), "\n") {
		if strings.Contains(l, yes) {
			line = l
		}
	}
	ya, ok1 := attrsBefore(line, yes)
	na, ok2 := attrsBefore(line, no)
	if !ok1 || !ok2 {
		t.Fatalf("no line with both buttons:\n%q", line)
	}
	plain := reSGR.ReplaceAllString(line, "")
	marked := strings.Contains(plain, "> "+yes) || strings.Contains(plain, "["+yes) || strings.Contains(plain, "› "+yes)
	if ya == na && !marked {
		t.Errorf("with NO_COLOR the chosen button looks like the other one (attributes %q and %q, text %q): "+
			"a person cannot see whether Enter adds another person or starts the workbook", ya, na, strings.TrimSpace(plain))
	}
}
