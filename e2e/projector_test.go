package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The self-assessment at the projector (issue 12), in a real terminal.

var projectorPeople = []person{
	{"Ana Lopez", "EdTech director"}, {"Ben Okafor", "Teacher"}, {"Cai Wong", "Student"}, {"Dee Patel", "School leader"},
	{"Eve Novak", "Teacher"}, {"Fay Adams", "Family liaison"}, {"Gus Moreno", "Technology staff"}, {"Hal Singh", "Board member"},
}

// What each person gives the first indicator, and the words the screen
// shows for it once revealed.
var projectorVotes = []struct{ key, label string }{
	{"3", "3 Routine"}, {"4", "4 Reviewed and improved"}, {"3", "3 Routine"}, {"2", "2 Partly in place"},
	{"3", "3 Routine"}, {"0", "? Not sure"}, {"4", "4 Reviewed and improved"}, {"3", "3 Routine"},
}

var levelLabels = []string{"1 Individual effort:", "2 Partly in place:", "3 Routine:", "4 Reviewed and improved:"}

// TestProjectorEightMembersHiddenVote: at 80×24 a team of eight sets up its
// session, turns the hidden vote on and rates the first indicator. Until
// the last person has voted no rating shows; then every rating, all four
// level labels and the consensus are on one screen.
func TestProjectorEightMembersHiddenVote(t *testing.T) {
	db := filepath.Join(t.TempDir(), "projector.db")
	tm := newTerm(t, 80, 24, "--db", db)
	tm.waitFor("Welcome to the edtech workbook")
	newSessionViaForm(tm, "Northside", "Northside Unified", "2026-27", projectorPeople)

	tm.keys("1")
	tm.waitFor("Indicator 1 of 36")
	tm.keys("V")
	tm.waitFor("hidden vote: 0 of 8 have voted")
	digitBeside := regexp.MustCompile(`(Lopez|Okafor|Wong|Patel|Novak|Adams|Moreno|Singh) +[0-9?]`)
	for i, v := range projectorVotes {
		tm.waitLine("›", projectorPeople[i].name)
		tm.keys(v.key)
		if i < len(projectorVotes)-1 {
			verb := map[bool]string{true: " has voted", false: " have voted"}[i == 0]
			s := tm.waitFor("hidden vote: " + string(rune('1'+i)) + " of 8" + verb)
			if digitBeside.MatchString(s) || strings.Contains(s, "people:") {
				t.Fatalf("a rating shows before everyone has voted (%d of 8):\n%s", i+1, s)
			}
		}
	}
	tm.waitFor("all 8 voted, people: 2–4, talk it through")
	tm.keys("2")
	s := tm.waitLine("Team consensus", "2 Partly in place")
	for _, l := range levelLabels {
		if !strings.Contains(s, l) {
			t.Errorf("the level %q is not on screen", l)
		}
	}
	for i, p := range projectorPeople {
		if !hasLine(s, p.name, projectorVotes[i].label) {
			t.Errorf("%s's rating %q is not on screen", p.name, projectorVotes[i].label)
		}
	}
	if t.Failed() {
		t.Fatalf("the screen:\n%s", s)
	}
	tm.waitSaved()
	tm.keys("Escape")
	tm.waitFor("› Overview")
	tm.keys("Escape")
	tm.waitFor("Sessions (1)")
	tm.keys("q")
	tm.waitFor("EXIT=0")

	sess := exportJSON(t, db, "northside-2026-27")
	r := sess.Ratings["vision-student-centered"]
	if r == nil || len(r.Members) != 8 || r.Consensus != 2 || r.Members[sess.memberID(t, "Dee Patel")] != 2 {
		t.Fatalf("stored %+v", r)
	}
}

// TestDemoNamesItsFile: `demo` says where its temporary workbook file is,
// on screen and on standard output.
func TestDemoNamesItsFile(t *testing.T) {
	tmp := t.TempDir()
	tm := newTermOpts(t, termOpts{w: 200, h: 30, env: []string{"TMPDIR=" + tmp}}, "demo") // wide: the test's temporary folder has a long name
	s := tm.waitFor("The demo is in a temporary file: " + tmp)
	path := regexp.MustCompile(`The demo is in a temporary file: (\S+demo\.db)`).FindStringSubmatch(s)
	if path == nil {
		t.Fatalf("no path on screen:\n%s", s)
	}
	if _, err := os.Stat(path[1]); err != nil {
		t.Fatalf("the file named on screen: %v", err)
	}
	tm.keys("Escape")
	tm.waitFor("Sessions (1)")
	tm.keys("q")
	s = tm.waitFor("EXIT=0")
	if !strings.Contains(s, "The demo is in a temporary file: "+path[1]) {
		t.Fatalf("the path is not left on the terminal:\n%s", s)
	}
}
