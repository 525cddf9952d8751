package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Issue 10, finding 1, in a real terminal: text fields keep every character
// (65,000 characters of evidence survive opening and leaving the field) and
// a bracketed paste, as tmux sends it with `paste-buffer -p`, lands in the
// field that has the keys.

// longEvidence is n characters of notes in paragraphs, some outside ASCII.
func longEvidence(n int) string {
	var b strings.Builder
	for i := 0; utf8.RuneCountInString(b.String()) < n; i++ {
		if i > 0 && i%40 == 0 {
			b.WriteString("\n\n")
		}
		b.WriteString("Évidence from grade 6 classes, exit tickets and 漢字 notes; ")
	}
	r := []rune(b.String())[:n-1]
	return string(r) + "Z"
}

// sessionFile reads `export --format json` of session id as a generic
// document, to change and import again.
func sessionFile(t *testing.T, db, id string) map[string]any {
	t.Helper()
	var f map[string]any
	if err := json.Unmarshal([]byte(cli(t, "export", id, "--format", "json", "--db", db)), &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// writeJSON writes v to dir/name and returns the path.
func writeJSON(t *testing.T, dir, name string, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestLongEvidenceSurvivesApp is the repro: a session imported
// with 65,000 characters of evidence, opened in the app (enter, 1, e, esc),
// still has all 65,000 once the app has quit.
func TestLongEvidenceSurvivesApp(t *testing.T) {
	requireTmux(t)
	dir := t.TempDir()
	src, db := filepath.Join(dir, "src.db"), filepath.Join(dir, "long.db")
	mustSetup(t, src, "Longform", false)
	id := sessionID(t, src, "Longform")
	first := indicatorID(t, exportJSON(t, src, id), 1)
	long := longEvidence(65000)

	f := sessionFile(t, src, id)
	s := f["session"].(map[string]any)
	ratings, _ := s["ratings"].(map[string]any)
	if ratings == nil {
		ratings = map[string]any{}
		s["ratings"] = ratings
	}
	ratings[first] = map[string]any{"evidence": long}
	cli(t, "import", writeJSON(t, dir, "long.json", f), "--db", db)
	if got := exportJSON(t, db, id).Ratings[first]; got == nil || got.Evidence != long {
		t.Fatal("the import did not store the 65,000 characters of evidence")
	}

	tm := newTerm(t, 100, 30, "--db", db)
	tm.waitFor("Sessions (1)")
	tm.keys("Enter")
	tm.waitFor("› Overview")
	tm.keys("1")
	tm.waitFor("Indicator 1 of")
	tm.keys("e")
	tm.waitFor("Evidence notes (esc or tab saves)")
	tm.keys("Escape")
	tm.waitGone("Evidence notes (esc or tab saves)")
	if st := statusLine(tm.screen(), tm.h); strings.HasPrefix(st, "!") {
		t.Fatalf("the status line shows an error: %s", st)
	}
	tm.keys("Escape")
	tm.waitFor("› Overview")
	tm.keys("Escape")
	tm.waitFor("Sessions (1)")
	tm.keys("q")
	tm.waitFor("EXIT=0")

	got := exportJSON(t, db, id).Ratings[first]
	if got == nil || got.Evidence != long {
		n := 0
		if got != nil {
			n = utf8.RuneCountInString(got.Evidence)
		}
		t.Fatalf("after enter, 1, e, esc the evidence has %d characters, want all 65,000", n)
	}
	requireDoctorOK(t, db)
}

// paste sends text to the app as a bracketed paste, the way a terminal
// does when someone pastes (tmux turns each newline into a carriage return).
func (tm *term) paste(text string) {
	tm.t.Helper()
	file := filepath.Join(tm.t.TempDir(), "paste.txt")
	if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
		tm.t.Fatal(err)
	}
	tm.tmux("load-buffer", "-b", "ewbpaste", file)
	tm.tmux("paste-buffer", "-p", "-d", "-b", "ewbpaste", "-t", "main")
}

// TestBracketedPaste pastes into the evidence notes (the app's own text
// area) and into an answer of the problem of practice (a form field), then
// checks what was saved.
func TestBracketedPaste(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "paste.db")
	mustSetup(t, db, "Pasters", false)
	id := sessionID(t, db, "Pasters")
	first := indicatorID(t, exportJSON(t, db, id), 1)

	tm := newTerm(t, 100, 30, "--db", db)
	tm.waitFor("Sessions (1)")
	tm.keys("Enter")
	tm.waitFor("› Overview")
	tm.keys("1")
	tm.waitFor("Indicator 1 of")
	tm.keys("e")
	tm.waitFor("Evidence notes (esc or tab saves)")
	evidence := "Exit tickets from 3 classes\nand a survey — café staff 漢字"
	tm.paste(evidence)
	tm.waitFor("and a survey")
	tm.keys("Escape")
	tm.waitSaved()
	if got := exportJSON(t, db, id).Ratings[first]; got == nil || got.Evidence != evidence {
		t.Fatalf("evidence after a bracketed paste = %+v, want %q", got, evidence)
	}

	tm.keys("Escape")
	tm.waitFor("› Overview")
	tm.keys("3")
	tm.waitFor("Which indicators will this work focus on?")
	tm.keys("Tab") // the phase
	tm.waitFor("Which phase of the cycle")
	tm.keys("Tab", "Tab") // past the problem to the template's first question
	tm.waitFor("Framing the problem · 1 of 8")
	answer := "Feedback reaches students\nweeks late in grade 6."
	tm.paste(answer)
	tm.waitFor("weeks late")
	tm.keys("Tab")
	// The status line may still say "saved" from the evidence: wait for
	// the answer in the file itself.
	var got string
	for deadline := time.Now().Add(waitTimeout()); ; time.Sleep(pollEvery) {
		s := sessionFile(t, db, id)["session"].(map[string]any)
		answers, _ := s["answers"].(map[string]any)
		whyMatters, _ := answers["why_matters"].(map[string]any)
		if got, _ = whyMatters["text"].(string); got == answer || time.Now().After(deadline) {
			break
		}
	}
	if got != answer {
		t.Fatalf("answer after a bracketed paste = %q, want %q", got, answer)
	}
}
