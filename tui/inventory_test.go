package tui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
	"edtech-workbook/workbook/store"
)

// invToday is the inventory tests' clock: the fixtures' today.
func invToday() time.Time {
	return testfixture.InventoryToday().Time().Add(10 * time.Hour)
}

// invStore is a workbook file holding the fixture inventory: six tools,
// a decided request, two evaluations.
func invStore(t testing.TB) *store.Store {
	t.Helper()
	st := newTestStore(t)
	saveInv(t, st, testfixture.Inventory(t))
	return st
}

func saveInv(t testing.TB, st *store.Store, inv *inventory.Inventory) {
	t.Helper()
	cur, err := st.Inventory()
	if err != nil {
		t.Fatal(err)
	}
	cur.Inventory = inv
	if _, err := st.SaveInventory(cur); err != nil {
		t.Fatal(err)
	}
}

// storedInv reads the inventory back from the file.
func storedInv(t testing.TB, st *store.Store) *store.Inventory {
	t.Helper()
	inv, err := st.Inventory()
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// openInventory starts the app on st with the inventory's clock, at w×h,
// and opens the tool inventory from Home with i.
func openInventory(t testing.TB, st *store.Store, w, h int) *model {
	t.Helper()
	m := newTestModel(t, st, w, h, Options{Now: invToday})
	press(m, "i")
	requireOn(t, m, "Tools")
	return m
}

// fill types text into the focused field and submits it (enter).
func fill(m *model, text string) {
	typeText(m, text)
	press(m, "enter")
}

func TestInventoryTableCountsFilterSort(t *testing.T) {
	st := invStore(t)
	m := openInventory(t, st, 100, 30)
	requireScreen(t, m, "Tools (6) · sorted by name ↑",
		"requested 0 · piloting 1 · approved 1 · core 2 · retiring 1 · declined 1",
		"Tools: due within 90 days: 2 renewals, 1 privacy agreement ending (next: ReadAlong",
		"› ClassHub", "$18,000", "2,210 (2025-26)")
	// Filter: what is typed narrows the table at once; enter keeps it.
	press(m, "/")
	typeText(m, "read")
	requireScreen(t, m, "Tools (1 of 6)", "› ReadAlong")
	requireNotOnScreen(t, m, "ClassHub")
	press(m, "enter")
	requireScreen(t, m, "Filter: read")
	press(m, "/", "esc")
	requireScreen(t, m, "Tools (6)", "ClassHub")
	// Sort: s moves to the next column, S reverses; the cursor stays on its tool.
	requireScreen(t, m, "› ReadAlong") // the cursor stayed on its tool
	press(m, "g", "down")              // MathPath
	press(m, "s")
	requireScreen(t, m, "sorted by vendor ↑")
	press(m, "s", "s", "s", "s") // status, agreement, active users, cost
	requireScreen(t, m, "sorted by cost ↑", "› MathPath")
	press(m, "S")
	requireScreen(t, m, "sorted by cost ↓")
	lines := tableNames(m)
	if strings.Join(lines, ",") != "ClassHub,ReadAlong,MathPath,QuizWhiz,PollPad,StoryForge" {
		t.Fatalf("by cost, most first: %v", lines)
	}
	press(m, "s") // renewal, soonest first, no date last
	if got := strings.Join(tableNames(m), ","); got != "ReadAlong,MathPath,QuizWhiz,ClassHub,PollPad,StoryForge" {
		t.Fatalf("by renewal: %v", got)
	}
}

// tableNames are the tools in the table, top to bottom.
func tableNames(m *model) []string {
	var out []string
	in := false
	for _, l := range screenLines(m) {
		if strings.HasPrefix(strings.TrimSpace(l), "Name") {
			in = true
			continue
		}
		if in {
			f := strings.Fields(strings.TrimPrefix(strings.TrimPrefix(l, "›"), " "))
			if len(f) == 0 {
				break
			}
			out = append(out, f[0])
		}
	}
	return out
}

func TestToolPageEditsEverySectionThroughForms(t *testing.T) {
	st := invStore(t)
	m := openInventory(t, st, 80, 24)
	press(m, "enter") // ClassHub
	requireOn(t, m, "ClassHub")
	requireScreen(t, m, "ClassHub · Hubwise Inc. · core tool", "$8.14 per active user (2025-26)", "› About")
	press(m, "tab", "tab", "tab") // Money
	requireScreen(t, m, "› Money", "Yearly cost: $18,000")
	press(m, "e")
	requireScreen(t, m, "ClassHub › Money")
	press(m, "enter") // paid: yes
	press(m, "ctrl+u")
	typeText(m, "twelve")
	press(m, "enter")
	requireScreen(t, m, `"twelve" is not an amount of dollars`)
	for range 6 {
		press(m, "backspace")
	}
	fill(m, "$12,500.50")
	press(m, "enter", "enter", "enter") // licences, funding, one-time
	// Funding ends: a date that is not one.
	fill(m, "2027-02-30")
	requireScreen(t, m, `date "2027-02-30" should be written like 2026-09-01`)
	for range 10 {
		press(m, "backspace")
	}
	press(m, "enter")
	press(m, "esc") // save and close
	requireStatus(t, m, "money saved")
	requireScreen(t, m, "Yearly cost: $12,500.50")
	if c := storedInv(t, st).Tool("classhub").Money.CostCents; c != 1_250_050 {
		t.Fatalf("stored cost %d cents, want 1250050", c)
	}

	// The whole tool is checked: a signed agreement needs its date.
	press(m, "tab") // Privacy
	press(m, "e")
	press(m, "enter") // agreement stays signed
	press(m, "enter") // requested
	press(m, "ctrl+u")
	press(m, "enter") // signed: cleared
	press(m, "esc")
	requireScreen(t, m, "is signed but has no signing date")
	if storedInv(t, st).Tool("classhub").Privacy.Signed.IsZero() {
		t.Fatal("the refused change was stored")
	}
	press(m, "enter", "enter") // the form starts again, with what was typed
	fill(m, "2025-07-02")
	press(m, "esc")
	requireScreen(t, m, "Agreement signed: 2025-07-02")
}

func TestToolUsageFigures(t *testing.T) {
	st := invStore(t)
	m := openInventory(t, st, 100, 30)
	press(m, "/")
	typeText(m, "story")
	press(m, "enter", "enter")
	requireOn(t, m, "StoryForge")
	for range 7 {
		press(m, "tab")
	}
	requireScreen(t, m, "› Usage")
	press(m, "a")
	requireScreen(t, m, "StoryForge › New usage figure")
	press(m, "enter") // source: staff survey
	fill(m, "Spring survey")
	fill(m, "2026-03-01")
	fill(m, "2026-02-01") // before the first day
	requireScreen(t, m, "the last day (2026-02-01) is before the first (2026-03-01); swap them")
	press(m, "ctrl+u")
	fill(m, "2026-04-30")
	fill(m, "40")
	press(m, "enter", "enter", "enter") // sessions, minutes, trust
	requireStatus(t, m, "usage figure saved")
	requireScreen(t, m, "2026-03-01 to 2026-04-30, staff survey (Spring survey): 40 active users")
	if n := len(storedInv(t, st).Tool("storyforge").Usage); n != 2 {
		t.Fatalf("%d usage figures stored, want 2", n)
	}
	press(m, "down", "d")
	requireScreen(t, m, "Delete the usage figure")
	press(m, "y")
	if n := len(storedInv(t, st).Tool("storyforge").Usage); n != 1 {
		t.Fatalf("%d usage figures stored after the delete, want 1", n)
	}
}

func TestAddToolFromTheTable(t *testing.T) {
	st := invStore(t)
	m := openInventory(t, st, 80, 24)
	press(m, "n")
	requireScreen(t, m, "New tool")
	fill(m, "class hub")
	requireScreen(t, m, `"class hub" is already in the inventory as "ClassHub"`)
	press(m, "ctrl+u")
	fill(m, "TalkBridge")
	fill(m, "Bridge Co")
	press(m, "enter")
	requireOn(t, m, "TalkBridge")
	if tool := storedInv(t, st).Tool("talkbridge"); tool == nil || tool.Status != inventory.Piloting || tool.Vendor != "Bridge Co" {
		t.Fatalf("stored %+v", tool)
	}
	press(m, "esc")
	requireScreen(t, m, "Tools (7)", "piloting 2")
}

// The selection-request flow of the issue: the need first, the students it
// serves, the overlaps from the inventory, two reviewers' gates and
// scores, the team's consensus beside their spread, then the decision with
// its reason; approving asks first and sets the tool's status.
func TestSelectionRequestTwoReviewersToDecision(t *testing.T) {
	st := invStore(t)
	m := openInventory(t, st, 80, 24)
	press(m, "r", "n")
	requireScreen(t, m, "New selection request: the need")
	press(m, "enter")
	requireScreen(t, m, "state the need first")
	fill(m, "Families need class news in their home language")
	press(m, "down", "down", "x", "enter") // Families of English learners
	fill(m, "Translated messages to families")
	fill(m, "messages to families")
	fill(m, "Family liaison")
	requireScreen(t, m, "› 2 Inventory check (1)", "ClassHub (core tool): shares class, family, message")

	// The product, after the need.
	press(m, "shift+tab", "down", "e")
	fill(m, "TalkBridge")
	fill(m, "Bridge Co")
	requireScreen(t, m, "Product: TalkBridge (Bridge Co)")

	// Two reviewers, each on their own.
	press(m, "tab", "tab", "a")
	fill(m, "Ana")
	requireStatus(t, m, "reviewer Ana added")
	crit := storedInv(t, st).Criteria
	answer := func(gates string, scores string) {
		for _, g := range gates {
			press(m, string(g), "down")
		}
		for _, s := range scores {
			press(m, string(s), "down")
		}
		for range len(crit.Gates) + len(crit.Criteria) {
			press(m, "up")
		}
	}
	answer(strings.Repeat("p", len(crit.Gates)), "432222")
	press(m, "a")
	fill(m, "Ben")
	answer("ppppf", "323322")
	r := storedInv(t, st).Requests[1]
	if len(r.Reviews) != 2 || r.Reviews[1].Gates[crit.Gates[4].ID] != inventory.GateFail || r.Reviews[0].Scores[crit.Criteria[0].ID] != 4 {
		t.Fatalf("stored reviews %+v", r.Reviews)
	}
	requireScreen(t, m, "differ", "3–4")
	// The team's column: the consensus, with the spread beside it.
	press(m, "right")
	answer(strings.Repeat("p", len(crit.Gates)), "333322")
	requireScreen(t, m, "Team total:")

	// Decide: a decision needs a reason; approving asks first.
	press(m, "tab", "e", "enter")
	press(m, "enter")
	requireScreen(t, m, "! give the reason for the decision")
	fill(m, "Families asked for it and it passed every gate.")
	requireScreen(t, m, "Approve TalkBridge? TalkBridge is added to the inventory as approved.")
	press(m, "y")
	requireStatus(t, m, "decided: approve; TalkBridge added to the inventory as approved")
	got := storedInv(t, st)
	r = got.Requests[1]
	if r.Decision != inventory.Approve || r.ToolID != "talkbridge" || got.Tool("talkbridge").Status != inventory.Approved {
		t.Fatalf("stored request %+v, tool %+v", r, got.Tool("talkbridge"))
	}
}

// An evaluation ends in "retire" only with a transition plan, and retiring
// sets the tool's status once confirmed; a score is stored with its
// evidence level.
func TestEvaluationToRetire(t *testing.T) {
	st := invStore(t)
	m := openInventory(t, st, 80, 24)
	press(m, "down", "enter") // MathPath
	requireOn(t, m, "MathPath")
	press(m, "v")
	requireScreen(t, m, "MathPath · evaluation for 2026-27", "Cost per active user:")
	press(m, "1")
	requireStatus(t, m, "give the score's evidence level with l")
	if storedInv(t, st).Evaluation("mathpath", "2026-27") != nil {
		t.Fatal("a score without its evidence level was stored")
	}
	press(m, "l", "l", "l", "l") // local data
	requireScreen(t, m, "local data")
	if e := storedInv(t, st).Evaluation("mathpath", "2026-27"); e == nil || e.Scores["usage"].Evidence != inventory.LocalData {
		t.Fatalf("stored %+v", e)
	}
	// Stakeholder input by group.
	press(m, "tab", "a")
	fill(m, "Teachers")
	fill(m, "12")
	fill(m, "They prefer the textbook's practice site")
	requireScreen(t, m, "They prefer the textbook")
	// Retire: the transition plan is asked for, and cannot be left empty.
	press(m, "tab", "e")
	press(m, "right", "right", "right", "right", "enter") // retire
	fill(m, "Hardly used, and the one-time money has run out.")
	press(m, "enter")
	requireScreen(t, m, "! retiring needs a transition plan: say who is told")
	fill(m, "teachers, families, the vendor")
	fill(m, "Teachers save reports by May 30.")
	fill(m, "The vendor deletes student data within 30 days.")
	fill(m, "none: the textbook's site does the job")
	fill(m, "2027-06-30")
	requireScreen(t, m, "Retire MathPath? Its status becomes retiring")
	press(m, "y")
	requireStatus(t, m, "decided: retire; MathPath is now retiring")
	got := storedInv(t, st)
	e := got.Evaluation("mathpath", "2026-27")
	if e == nil || e.Decision != inventory.Retire || e.Transition == nil || len(e.Transition.Told) != 3 || got.Tool("mathpath").Status != inventory.Retiring {
		t.Fatalf("stored %+v; tool %+v", e, got.Tool("mathpath"))
	}
}

// A ClassLink-style report: read in a Cmd, the proposal shown and changed
// on screen, nothing stored until confirmed; importing it again replaces
// its figures.
func TestUsageImportFromTheApp(t *testing.T) {
	st := invStore(t)
	dir := t.TempDir()
	csv := filepath.Join(dir, "classlink.csv")
	if err := os.WriteFile(csv, []byte("App Name,Unique Users,Sessions,Start Date,End Date\n"+
		"Class Hub,2300,150000,2026-09-01,2026-11-15\n"+
		"ReadAlong Inc.,480,9000,2026-09-01,2026-11-15\n"+
		"Zoomerang,35,120,2026-09-01,2026-11-15\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	m := openInventory(t, st, 100, 30)
	press(m, "u")
	requireScreen(t, m, "Import usage from a CSV report")
	fill(m, filepath.Join(dir, "missing.csv"))
	press(m, "enter", "enter", "enter", "enter")
	requireScreen(t, m, "cannot read")
	press(m, "shift+tab", "shift+tab", "shift+tab", "shift+tab", "ctrl+u")
	fill(m, csv)
	press(m, "enter", "enter", "enter", "enter")
	requireScreen(t, m, "Proposal: 3 tools in classlink.csv", "single sign-on report, ClassLink",
		"update ClassHub", "update ReadAlong", "add as new")
	if len(storedInv(t, st).Tools) != 6 {
		t.Fatal("the proposal was stored before it was confirmed")
	}
	press(m, "down", "down", "x") // Zoomerang: left out
	requireScreen(t, m, "2 update a tool of the inventory · 0 new tools · 1 left out")
	press(m, "enter")
	requireScreen(t, m, "Import the figures for 2 tools from classlink.csv")
	press(m, "y")
	requireScreen(t, m, "Usage imported", "Imported usage for 2 tools (0 new)")
	got := storedInv(t, st)
	u, ok := got.Tool("classhub").UsageFor("2026-27")
	if n, _ := u.ActiveUsers.Value(); !ok || n != 2300 || len(got.Tools) != 6 {
		t.Fatalf("stored usage %+v (%v), %d tools", u, ok, len(got.Tools))
	}
	// The same report and period again: replaced, not added.
	press(m, "esc", "u")
	fill(m, csv)
	press(m, "enter", "enter", "enter", "enter")
	requireScreen(t, m, "This replaces the figures imported on 2026-11-20 from the same report and period.")
	press(m, "enter", "y")
	requireScreen(t, m, "Imported usage for 3 tools (1 new)")
	got = storedInv(t, st)
	if n := len(got.Tool("classhub").Usage); n != 2 || len(got.Tools) != 7 {
		t.Fatalf("after the re-import ClassHub has %d figures (want 2: last year's and this one), %d tools", n, len(got.Tools))
	}
}

// Someone else saves the inventory while the app has it open: the app's
// next save is refused as a conflict, the inventory is reloaded, and the
// other person's change is kept.
func TestInventoryConflictReloads(t *testing.T) {
	st := invStore(t)
	m := openInventory(t, st, 80, 24)
	press(m, "enter") // ClassHub's page: the whole inventory is loaded
	other, err := st.Inventory()
	if err != nil {
		t.Fatal(err)
	}
	other.Tool("classhub").Notes = "their note"
	if _, err := st.SaveInventory(other); err != nil {
		t.Fatal(err)
	}
	press(m, "e")
	for range 6 {
		press(m, "enter")
	}
	fill(m, "our note")
	requireError(t, m, "someone else changed the tool inventory; it was reloaded")
	requireScreen(t, m, "Notes: their note")
	if got := storedInv(t, st).Tool("classhub").Notes; got != "their note" {
		t.Fatalf("stored note %q", got)
	}
}

func TestInventoryScreensFitEverySize(t *testing.T) {
	t.Parallel() // CPU-bound: runs beside the other slow tests
	st := invStore(t)
	for _, keys := range [][]string{nil, {"enter"}, {"r"}, {"r", "enter"}, {"r", "enter", "tab", "tab"}, {"c"}, {"down", "enter", "v"}} {
		m := openInventory(t, st, 80, 24)
		press(m, keys...)
		requireScreenAllSizes(t, m)
		requireSomeSizes(t, m)
	}
}

func TestHomeAndOverviewFlagWhatFallsDue(t *testing.T) {
	st := invStore(t)
	sess := newTestSession(t, st, testTemplate(2, 2))
	m := newTestModel(t, st, 160, 30, Options{Now: invToday})
	requireScreen(t, m, "Tools: due within 90 days: 2 renewals, 1 privacy agreement ending (next: ReadAlong, renewal 2026-12-15). i opens")
	pump(m, openSession(sess.ID, to(ScreenOverview)))
	requireOn(t, m, "Overview")
	requireScreen(t, m, "Tools: due within 90 days: 2 renewals, 1 privacy agreement ending")
	press(m, "i")
	requireOn(t, m, "Tools")
}

// An indicator whose template names an evidence source shows the
// inventory's facts, and I copies them into the evidence notes.
func TestAssessOffersInventoryFacts(t *testing.T) {
	st := invStore(t)
	tmpl := testTemplate(1, 2)
	tmpl.Domains[0].Indicators[1].EvidenceFrom = workbook.EvidencePrivacy
	sess := newTestSession(t, st, tmpl)
	m := newTestModel(t, st, 100, 40, Options{Now: invToday})
	pump(m, openSession(sess.ID, route{screen: ScreenAssess, indicator: "d1i2"}))
	requireScreen(t, m, "From the tool inventory", "3 of 5 tools in use have a signed data-privacy agreement")
	press(m, "I")
	ev := reload(t, st, sess.ID).Ratings["d1i2"].Evidence
	if !strings.HasPrefix(ev, "From the tool inventory, 2026-11-20:\n3 of 5 tools in use") {
		t.Fatalf("evidence %q", ev)
	}
	press(m, "I")
	requireStatus(t, m, "already in the evidence notes")
	press(m, "[")
	press(m, "I")
	requireStatus(t, m, "this indicator takes no facts from the tool inventory")
}

// A problem of practice names tools from the inventory (T on the problem
// screen); they are stored with the session and shown in the Summary.
func TestProblemNamesTools(t *testing.T) {
	st := invStore(t)
	sess := newTestSession(t, st, testTemplate(1, 2))
	m := newTestModel(t, st, 160, 48, Options{Now: invToday})
	pump(m, openSession(sess.ID, to(ScreenProblem)))
	press(m, "T")
	requireOn(t, m, "Tools")
	press(m, "/")
	typeText(m, "read")
	press(m, "enter", "x")
	requireScreen(t, m, "Named: ReadAlong", "[x] ReadAlong")
	if tools := reload(t, st, sess.ID).Problem.Tools; len(tools) != 1 || tools[0].ID != "readalong" {
		t.Fatalf("stored tools %+v", tools)
	}
	press(m, "esc", "tab")
	requireScreen(t, m, "Tools (T)", "ReadAlong")
	press(m, "esc", "6")
	requireOn(t, m, "Summary")
	requireScreen(t, m, "Tools", "ReadAlong")
}

// A coach's review copy reads the inventory but changes nothing in it.
func TestInventoryReadOnlyInReview(t *testing.T) {
	st := invStore(t)
	before := storedInv(t, st).Revision
	m := newTestModel(t, st, 100, 30, Options{Now: invToday, Review: true})
	press(m, "i")
	requireOn(t, m, "Tools")
	for _, keys := range [][]string{{"n"}, {"u"}, {"enter", "e"}, {"enter", "tab", "tab", "tab", "tab", "tab", "tab", "tab", "a"}} {
		press(m, keys...)
		requireError(t, m, "read-only")
		for screenTitle(m) != "Tools" {
			press(m, "esc")
		}
	}
	press(m, "r", "enter", "tab", "tab", "a")
	requireError(t, m, "read-only")
	press(m, "p")
	requireError(t, m, "read-only")
	if got := storedInv(t, st).Revision; got != before {
		t.Fatalf("the review changed the inventory: revision %d, was %d", got, before)
	}
}

// A free tool's renewal date falls due on Home and in the inventory, as
// inventory.Alerts says (the rows' quick count once left it out).
func TestFreeToolRenewalFallsDue(t *testing.T) {
	st := newTestStore(t)
	inv := &inventory.Inventory{}
	due := testfixture.InventoryToday().AddDays(20)
	if _, err := inv.AddTool(inventory.Tool{Name: "Free Tier", Status: inventory.Piloting, Money: inventory.Money{Renewal: due}}); err != nil {
		t.Fatal(err)
	}
	saveInv(t, st, inv)
	newTestSession(t, st, testTemplate(2, 2))
	m := newTestModel(t, st, 160, 30, Options{Now: invToday})
	requireScreen(t, m, "Tools: due within 90 days: 1 renewal (next: Free Tier, renewal "+due.String()+")")
}

// Y on the inventory keeps a copy of the tools as this school year's
// snapshot (what inventory snapshot does on the command line); again
// replaces that year's copy.
func TestInventoryKeepsTheYearsSnapshot(t *testing.T) {
	st := invStore(t)
	m := openInventory(t, st, 100, 30)
	press(m, "Y")
	requireStatus(t, m, "kept the 6 tools of 2026-27 as they stand today")
	snap := storedInv(t, st).Snapshot("2026-27")
	if snap == nil || len(snap.Tools) != 6 || snap.Taken.String() != "2026-11-20" {
		t.Fatalf("snapshot of 2026-27: %+v", snap)
	}
	press(m, "Y")
	requireStatus(t, m, "(the copy of 2026-11-20 is replace")
	if n := len(storedInv(t, st).Snapshots); n != 2 { // the fixture's 2025-26 and this year's
		t.Fatalf("%d snapshots, want 2", n)
	}
}

// A refused usage report says the whole reason above the form, wrapped,
// even at 80 columns (the remedy is at the end of the sentence).
func TestUsageImportRefusalIsReadInFull(t *testing.T) {
	st := invStore(t)
	csv := filepath.Join(t.TempDir(), "students.csv")
	if err := os.WriteFile(csv, []byte("Student ID,App,Logins\n123,ClassHub,4\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	m := openInventory(t, st, 80, 24)
	press(m, "u")
	fill(m, csv)
	press(m, "enter", "enter", "enter", "enter")
	requireScreen(t, m, `column "Student ID" looks like a student identifier`, "delete that column, then")
}

// TestUsageProposalLeftWithEsc: esc on the usage-import proposal goes back
// and says nothing was imported; the proposal's "nothing is stored until
// you confirm" no longer stands on the next screens (it did).
func TestUsageProposalLeftWithEsc(t *testing.T) {
	st := invStore(t)
	csv := filepath.Join(t.TempDir(), "classlink.csv")
	if err := os.WriteFile(csv, []byte("App Name,Unique Users,Sessions,Start Date,End Date\n"+
		"Class Hub,2300,150000,2026-09-01,2026-11-15\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	m := openInventory(t, st, 100, 30)
	press(m, "u")
	fill(m, csv)
	press(m, "enter", "enter", "enter", "enter")
	requireScreen(t, m, "Proposal: 1 tool in classlink.csv")
	requireStatus(t, m, "nothing is stored until you confirm")
	press(m, "esc")
	requireNotOnScreen(t, m, "Proposal: 1 tool")
	if got := statusOf(m); strings.Contains(got, "until you confirm") || !strings.Contains(got, "nothing imported") {
		t.Fatalf("status line %q after leaving the proposal, want \"nothing imported\"", got)
	}
	if len(storedInv(t, st).Tools) != 6 {
		t.Fatal("leaving the proposal stored it")
	}
}

// TestInventoryCostNotRecorded: a tool whose cost nobody entered (PollPad)
// reads "not recorded" in the list's Cost column, at 80 and 120 columns,
// and "cost not recorded" in the accessible mode's list line; it read
// "free".
func TestInventoryCostNotRecorded(t *testing.T) {
	st := invStore(t)
	for _, w := range []int{80, 120} {
		m := openInventory(t, st, w, 30)
		for _, l := range screenLines(m) {
			if strings.Contains(l, "PollPad") && (!strings.Contains(l, "not recorded") || strings.Contains(l, "free")) {
				t.Errorf("at %d columns PollPad's row reads %q, want its cost not recorded", w, l)
			}
		}
		for i := range m.c.inv.rows {
			if r := &m.c.inv.rows[i]; r.cells[colName] == "PollPad" {
				if line := toolListLine(r); !strings.Contains(line, "cost not recorded") {
					t.Errorf("the accessible list reads %q", line)
				}
			}
		}
	}
}

// A new usage figure is only added when submitted: the help line says esc
// cancels it (a figure already stored, like a section, is saved by esc).
func TestToolNewUsageFigureHelpSaysEscCancels(t *testing.T) {
	st := invStore(t)
	m := openInventory(t, st, 100, 30)
	press(m, "/")
	typeText(m, "story")
	press(m, "enter", "enter")
	requireOn(t, m, "StoryForge")
	for range 7 {
		press(m, "tab")
	}
	press(m, "a")
	requireScreen(t, m, "StoryForge › New usage figure")
	if v := screenText(m); !strings.Contains(v, "esc cancel") || strings.Contains(v, "save and close") {
		t.Fatalf("the new figure's help should say esc cancels (esc drops it):\n%s", v)
	}
	press(m, "esc")
	if n := len(storedInv(t, st).Tool("storyforge").Usage); n != 1 {
		t.Fatalf("%d usage figures stored after esc, want 1 (esc cancels)", n)
	}
}

// TestInventoryReadFailureIsSaidOnEveryScreen: when the inventory cannot be
// read, the screens that wait for it say so instead of "Loading…" for ever
// (the requests, core tools, a request and an evaluation waited silently;
// only the table and a tool's page said it).
func TestInventoryReadFailureIsSaidOnEveryScreen(t *testing.T) {
	st := invStore(t)
	for _, keys := range [][]string{{"r"}, {"c"}, {"enter"}} {
		m := openInventory(t, st, 80, 24)
		press(m, keys...)
		d := m.c.inv
		d.fullState, d.full, d.fullErr = notLoaded, nil, errors.New("damaged")
		requireScreen(t, m, "The tool inventory could not be read")
		requireNotOnScreen(t, m, "Loading the tool inventory")
	}
}
