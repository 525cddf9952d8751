package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestInventoryFlow is issue 14's done-when in a real terminal at 80×24:
// build a small inventory, import a ClassLink-style CSV, run one selection
// request with two reviewers to a decision and one evaluation to retire,
// then check the file from the command line.
//
// INVENTORY_SCREENS_OUT=DIR keeps text captures of the inventory, a tool's
// page, the request and the evaluation.
func TestInventoryFlow(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "tools.db")
	csv := filepath.Join(dir, "classlink-2025-26.csv")
	if err := os.WriteFile(csv, []byte("App Name,Unique Users,Sessions,Start Date,End Date\n"+
		"Class Hub,2210,148000,2025-09-01,2026-06-30\n"+
		"MathPath Inc.,40,310,2025-09-01,2026-06-30\n"+
		"Zoomerang,35,120,2025-09-01,2026-06-30\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	capture := func(tm *term, name string) {
		if out := os.Getenv("INVENTORY_SCREENS_OUT"); out != "" {
			if err := os.WriteFile(filepath.Join(out, name+".txt"), []byte(tm.stableScreen()+"\n"), 0o644); err != nil {
				t.Error(err)
			}
		}
	}
	renewal := time.Now().AddDate(0, 0, 30).Format(time.DateOnly)

	tm := newTerm(t, 80, 24, "--db", db)
	tm.waitFor("Welcome to the edtech workbook")
	tm.keys("i")
	tm.waitFor("The tool inventory is empty")

	// Two tools by hand: ClassHub, a core tool with its money.
	tm.keys("n")
	tm.fill("┃ Name", "ClassHub")
	tm.fill("┃ Vendor", "Hubwise Inc.")
	tm.waitFor("┃ Status")
	tm.keys("Down", "Down")
	tm.waitFor("> core tool")
	tm.keys("Enter")
	tm.waitFor("ClassHub · Hubwise Inc. · core tool")
	tm.keys("Tab", "Tab", "Tab")
	tm.waitFor("› Money")
	tm.keys("e")
	tm.waitFor("┃ Paid")
	tm.keys("Enter")
	tm.fill("┃ Yearly cost", "$18,000")
	tm.fill("┃ Licences", "2400")
	tm.waitFor("┃ Funding source")
	tm.keys("Enter")
	tm.waitFor("┃ One-time money")
	tm.keys("Enter")
	tm.waitFor("┃ One-time money ends")
	tm.keys("Enter")
	tm.fill("┃ Renewal", renewal)
	tm.waitFor("Yearly cost: $18,000")
	tm.waitFor("Renewal: " + renewal)
	tm.waitUntil(`"money saved" in the status line`, func(s string) bool { return strings.HasSuffix(statusLine(s, tm.h), " · money saved") })
	tm.keys("Escape")
	tm.waitFor("Tools (1)")

	// MathPath, approved.
	tm.keys("n")
	tm.fill("┃ Name", "MathPath")
	tm.fill("┃ Vendor", "Numbers Co")
	tm.waitFor("┃ Status")
	tm.keys("Down")
	tm.waitFor("> approved")
	tm.keys("Enter")
	tm.waitFor("MathPath · Numbers Co · approved")
	tm.keys("Escape")
	tm.waitFor("Tools (2)")
	tm.waitFor("Tools: due within 90 days: 1 renewal (next: ClassHub, renewal " + renewal + ")")

	// A ClassLink-style report: the proposal first, then the import.
	tm.keys("u")
	tm.fill("┃ CSV file", csv)
	for _, f := range []string{"┃ Source", "┃ Report", "┃ First day covered", "┃ Last day covered"} {
		tm.waitFor(f)
		tm.keys("Enter")
	}
	tm.waitFor("Proposal: 3 tools in classlink-2025-26.csv")
	tm.waitLine("Class Hub", "update ClassHub")
	tm.waitLine("MathPath Inc.", "update MathPath")
	tm.waitLine("Zoomerang", "add as new")
	tm.keys("Enter")
	tm.waitFor("Import the figures for 3 tools from classlink-2025-26.csv")
	tm.keys("y")
	tm.waitFor("Imported usage for 3 tools (1 new)")
	tm.keys("Escape")
	tm.waitFor("Tools (3)")
	tm.waitLine("› ClassHub", "core tool", "2,210 (2025-26)", "$18,000")
	waitStored(tm)
	capture(tm, "inventory")

	// A tool's page.
	tm.keys("Enter")
	tm.waitFor("$8.14 per active user (2025-26)")
	capture(tm, "tool-page")
	tm.keys("Escape")
	tm.waitFor("Tools (3)")

	// A selection request: the need first, then the product.
	tm.keys("r")
	tm.waitFor("Selection requests (0, 0 open)")
	tm.keys("n")
	tm.fill("┃ Need", "Families need class news in their home language")
	tm.waitFor("┃ Students served")
	tm.keys("Down", "Down", "x")
	tm.waitLine("✓", "Families of English learners")
	tm.keys("Enter")
	tm.fill("┃ Purpose", "Translated messages to families")
	tm.fill("┃ Use cases", "messages to families")
	tm.fill("┃ Requested by", "Family liaison")
	tm.waitFor("› 2 Inventory check")
	tm.keys("BTab", "Down", "e")
	tm.fill("┃ Product", "TalkBridge")
	tm.fill("┃ Vendor", "Bridge Co")
	tm.waitFor("Product: TalkBridge (Bridge Co)")

	// Two reviewers, each on their own, then the team.
	tm.keys("Tab", "Tab")
	tm.waitFor("› 3 Reviews (0)")
	review := func(name string, gates, scores string) {
		tm.keys("a")
		tm.fill("┃ Reviewer", name)
		tm.waitFor("reviewer " + name + " added")
		answer(tm, gates, scores)
	}
	review("Ana", "ppppp", "44433322")
	review("Ben", "ppppf", "33432232")
	tm.waitLine("Interoperability", "pass", "FAIL", "differ")
	tm.keys("Right")
	answer(tm, "ppppp", "43433222")
	tm.waitFor("Team total: ")
	waitStored(tm)
	capture(tm, "request-reviews")
	tm.keys("Tab", "e")
	tm.waitFor("┃ Decision")
	tm.keys("Enter")
	tm.fill("┃ Reason", "Families asked for it, and it passed every gate.")
	tm.waitFor("Approve TalkBridge? TalkBridge is added to the inventory as approved.")
	tm.keys("y")
	tm.waitFor("Decision: approve on")
	waitStored(tm)
	capture(tm, "request-decision")
	tm.keys("Escape")
	tm.waitFor("Selection requests (1, 0 open)")
	tm.keys("Escape") // (one at a time: two at once read as alt+esc)
	tm.waitFor("Tools (4)")

	// An evaluation that retires MathPath.
	tm.keys("/")
	tm.typ("math")
	tm.waitFor("Tools (1 of 4)")
	tm.keys("Enter", "Enter")
	tm.waitFor("MathPath · Numbers Co · approved")
	tm.keys("v")
	tm.waitFor("MathPath · evaluation for")
	tm.keys("1")
	tm.waitFor("evidence? (l)")
	tm.keys("l", "l", "l", "l")
	tm.waitLine("Usage", "×2", "1", "local data")
	tm.keys("Tab", "a")
	tm.fill("┃ Group", "Teachers")
	tm.fill("┃ Responses", "12")
	tm.fill("┃ What they said", "They prefer the textbook's practice site")
	tm.waitLine("Teachers", "12", "They prefer")
	tm.keys("Tab", "e")
	tm.waitFor("┃ Decision")
	tm.keys("Right", "Right", "Right", "Right")
	tm.waitFor("← retire →")
	tm.keys("Enter")
	tm.fill("┃ Reason", "Hardly used, and the one-time money has run out.")
	tm.fill("┃ Who is told", "teachers, families, the vendor")
	tm.fill("┃ Data export", "Teachers save reports by May 30.")
	tm.fill("┃ Data deletion", "The vendor deletes student data within 30 days.")
	tm.fill("┃ Replacement", "none: the textbook's site does the job")
	tm.fill("┃ Last day of use", "2027-06-30")
	tm.waitFor("Retire MathPath? Its status becomes retiring")
	tm.keys("y")
	tm.waitFor("MathPath is now retiring")
	tm.waitFor("Transition: last day 2027-06-30")
	waitStored(tm)
	capture(tm, "evaluation")

	for _, back := range []string{"MathPath · Numbers Co · retiring", "Tools (1 of 4)", "Welcome to the edtech workbook"} {
		tm.keys("Escape")
		tm.waitFor(back)
	}
	tm.keys("q")
	tm.waitFor("EXIT=0")
	tm.kill()

	// The file, from the command line.
	var tool struct {
		Status string `json:"status"`
	}
	if err := json.Unmarshal([]byte(cli(t, "inventory", "show", "mathpath", "--json", "--db", db)), &tool); err != nil || tool.Status != "retiring" {
		t.Fatalf("MathPath: %+v %v", tool, err)
	}
	if err := json.Unmarshal([]byte(cli(t, "inventory", "show", "talkbridge", "--json", "--db", db)), &tool); err != nil || tool.Status != "approved" {
		t.Fatalf("TalkBridge: %+v %v", tool, err)
	}
	md := cli(t, "inventory", "export", "--format", "md", "--db", db)
	for _, want := range []string{"### TalkBridge", "| Ana | Ben |", "**Decision:** Approve", "#### Transition plan", "| Teachers | 12 |", "Zoomerang"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown export lacks %q:\n%s", want, md)
		}
	}
	cli(t, "doctor", "--db", db)
}

// answer gives the focused column's answers on a request's reviews: each
// gate (p or f), then each criterion's score, moving down a row after
// each, then back to the top.
func answer(tm *term, gates, scores string) {
	tm.t.Helper()
	rows := 0
	for _, k := range gates + scores {
		tm.keys(string(k), "Down")
		rows++
	}
	for range rows {
		tm.keys("Up")
	}
	waitStored(tm)
}

var savedAt = regexp.MustCompile(`^saved \d\d:\d\d:\d\d( · |$)`)

// waitStored waits until the status line says the last change is saved:
// "saved 14:02:11", followed by what the change did.
func waitStored(tm *term) {
	tm.t.Helper()
	tm.waitUntil(`the status line to end with "saved HH:MM:SS"`, func(s string) bool { return savedAt.MatchString(statusLine(s, tm.h)) })
}
