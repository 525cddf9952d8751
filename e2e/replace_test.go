package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestImportReplaceWhileAppOpen is issue 10, finding 2: the app is open on
// a session when, from another terminal, `import --replace` brings in a
// file with another team name and a comment. The app's next save must not
// overwrite the import (the store gives every write a new revision, so it is
// refused as a conflict): the imported team name and comment survive in the
// file, and the app's own edit is put on top of them (issue 16's rebase).
func TestImportReplaceWhileAppOpen(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "replace.db")
	mustSetup(t, db, "Original", false)
	id := sessionID(t, db, "Original")

	tm := newTerm(t, 100, 30, "--db", db)
	openAssess(tm, "Original ", "Original · 2025-26")

	// Another terminal: the same session, renamed and with a coach's comment.
	f := sessionFile(t, db, id)
	s := f["session"].(map[string]any)
	s["team"] = "Renamed Team"
	comments, _ := s["comments"].([]any)
	s["comments"] = append(comments, map[string]any{
		"id": "c-imported", "part": "session", "author": "Coach Kim",
		"text": "Imported comment: start with the survey.", "created": "2026-03-02T10:00:00Z",
	})
	out := cli(t, "import", writeJSON(t, dir, "renamed.json", f), "--replace", "--db", db)
	if got := exportJSON(t, db, id); got.Team != "Renamed Team" {
		t.Fatalf("import --replace did not store the new team name (%q):\n%s", got.Team, out)
	}

	// Back in the app, which still holds the session as it was: rate Ana.
	// The save is refused as a conflict (the import gave the session a new
	// revision); since issue 16 the app then reads the imported copy and
	// puts Ana's rating back on top of it (workbook.Rebase): nothing either
	// side did is lost, and as nothing of theirs was changed by her, the
	// status line just says "saved" and the title has the imported name.
	tm.keys("3")
	scr := tm.waitUntil(`the save to end ("saved" or the conflict)`, func(s string) bool {
		st := statusLine(s, tm.h)
		return strings.HasPrefix(st, "saved ") || strings.Contains(st, conflictText)
	})
	if strings.Contains(statusLine(scr, tm.h), conflictText) {
		t.Errorf("Ana's rating touched nothing the import changed, yet the app reports a conflict (status %q)", statusLine(scr, tm.h))
	}
	tm.waitFor("Renamed Team · 2025-26") // the imported copy is the one shown
	if got := exportJSON(t, db, id); got.Ratings[indicatorID(t, got, 1)] == nil || got.Ratings[indicatorID(t, got, 1)].Members[got.memberID(t, "Ana Ruiz")] != 3 {
		t.Errorf("Ana's rating, saved on top of the import, is not in the file: %+v", got.Ratings[indicatorID(t, got, 1)])
	}

	tm.keys("Escape")
	tm.waitFor("› Overview")
	tm.keys("Escape")
	tm.waitFor("Sessions (1)")
	tm.keys("q")
	tm.waitFor("EXIT=0")

	after := sessionFile(t, db, id)["session"].(map[string]any)
	if team, _ := after["team"].(string); team != "Renamed Team" {
		t.Errorf("after the app's edit the team is %q in the file, want the imported %q", team, "Renamed Team")
	}
	found := false
	list, _ := after["comments"].([]any)
	for _, c := range list {
		if m, _ := c.(map[string]any); m != nil && m["id"] == "c-imported" {
			found = true
		}
	}
	if !found {
		t.Errorf("after the app's edit the imported comment is gone from the file (%d comments)", len(list))
	}
	requireDoctorOK(t, db)
}
