package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestImportReplaceWhileAppOpen is issue 10, finding 2: the app is open on
// a session when, from another terminal, `import --replace` brings in a
// file with another team name and a comment. The app's next save must be
// refused as a conflict (the store gives every write a new revision), the
// app reloads, and the imported team name and comment survive in the file.
//
// This fails until the store assigns revisions on every write (the
// safety-store branch): before that, the replaced session keeps the file's
// revision and the app's save overwrites the import.
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
	tm.keys("3")
	scr := tm.waitUntil(`the save to end ("saved" or the conflict)`, func(s string) bool {
		st := statusLine(s, tm.h)
		return strings.HasPrefix(st, "saved ") || strings.Contains(st, conflictText)
	})
	if !strings.Contains(statusLine(scr, tm.h), conflictText) {
		t.Errorf("the app's save after import --replace was not refused as a conflict (status %q); "+
			"it needs the store to give the replaced session a new revision", statusLine(scr, tm.h))
	} else {
		tm.waitFor("Renamed Team · 2025-26") // reloaded: the title line has the imported name
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
