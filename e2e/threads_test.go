package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCoachRepliesInReview: the team leaves a comment in the app and sends
// its file; the coach opens it with `review` (read-only), reads the thread,
// replies and resolves it in the dialog; the coach's file goes back and the
// team's `import --merge` brings the reply and the resolution, with no
// conflicts. The review footers offer no edit key.
func TestCoachRepliesInReview(t *testing.T) {
	dir := t.TempDir()
	teamDB, coachDB := filepath.Join(dir, "team.db"), filepath.Join(dir, "coach.db")
	cli(t, "demo", "--db", teamDB)
	id := listJSON(t, teamDB)[0].ID

	// The team comments on the whole session from the overview.
	tm := newTerm(t, 100, 30, "--db", teamDB)
	tm.waitFor("Sessions (1)")
	tm.keys("Enter")
	tm.waitFor("What to do next")
	tm.keys("C")
	tm.waitFor("Comment on the whole session")
	tm.typ("Dana Whitfield")
	tm.keys("Enter")
	tm.typ("Is the aim too broad?")
	tm.keys("C-s")
	tm.waitFor("latest on the whole session: Dana Whitfield (team): Is the aim too broad?")
	tm.waitSaved()
	tm.keys("C-c")
	tm.waitFor("EXIT=0")

	sent := filepath.Join(dir, "alderbrook.json")
	cli(t, "export", id, "--format", "json", "-o", sent, "--db", teamDB)

	// The coach reviews it: read-only, and the footer offers no edit key.
	co := newTerm(t, 100, 30, "review", sent, "--db", coachDB)
	scr := co.waitFor("Review · read-only")
	co.waitFor("What to do next")
	footer := lastLine(co.stableScreen())
	for _, edit := range []string{"roster", "rate", "notes", "priority"} {
		if strings.Contains(footer, edit) {
			t.Fatalf("the review footer offers %q: %s\n%s", edit, footer, scr)
		}
	}
	if strings.Count(footer, "C comment") != 1 || !strings.Contains(footer, "h rounds received") {
		t.Fatalf("review footer: %s", footer)
	}
	co.keys("C")
	co.waitFor("Comments on the whole session")
	co.waitLine("› Dana Whitfield (team): Is the aim too broad?", "(open)")
	if f := lastLine(co.stableScreen()); strings.Contains(f, "edit mine") || !strings.Contains(f, "r reply") {
		t.Fatalf("dialog footer on the team's comment: %s", f)
	}
	co.keys("r")
	co.waitFor("Reply to Dana Whitfield (team) on the whole session")
	co.typ("Rosa")
	co.keys("Enter")
	co.typ("It is fine; add a date.")
	co.keys("C-s")
	co.waitLine("↳ Rosa (coach): It is fine; add a date.")
	co.waitSaved()
	co.keys("x")
	co.waitFor("(resolved by")
	co.waitSaved()
	co.keys("Escape")
	co.waitGone("Comments on the whole session")
	co.keys("C-c")
	co.waitFor("EXIT=0")

	// The coach's file goes back; the team merges it.
	back := filepath.Join(dir, "alderbrook-back.json")
	cli(t, "export", id, "--format", "json", "-o", back, "--db", coachDB)
	if data, err := os.ReadFile(back); err != nil || !strings.Contains(string(data), `"base": {`) {
		t.Fatalf("the coach's file carries no base (%v)", err)
	}
	out := cli(t, "import", back, "--merge", "--db", teamDB)
	for _, want := range []string{"Merged against the copy you sent", "Added 1 reply from Rosa (coach): on the whole session.", "From the file: resolved 1 thread.", "No conflicts."} {
		if !strings.Contains(out, want) {
			t.Fatalf("merge output lacks %q:\n%s", want, out)
		}
	}
	md := cli(t, "export", id, "--format", "md", "--db", teamDB)
	for _, want := range []string{"**Comments on the whole session** (resolved by Rosa", "  - **Rosa (coach)**", "It is fine; add a date."} {
		if !strings.Contains(md, want) {
			t.Fatalf("the team's summary lacks %q", want)
		}
	}
	requireDoctorOK(t, teamDB)
	requireDoctorOK(t, coachDB)
}

func lastLine(screen string) string {
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	return lines[len(lines)-1]
}
