package tui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
	"edtech-workbook/workbook/store"
)

// runAccessibleAt runs the plain prompts on the inventory's clock.
func runAccessibleAt(t *testing.T, st *store.Store, sessionID string, answers ...string) string {
	t.Helper()
	var out bytes.Buffer
	in := strings.NewReader(strings.Join(answers, "\n") + "\n")
	err := Run(st, Options{Accessible: true, SessionID: sessionID, Input: in, Output: &out, Now: func() time.Time { return invToday() }})
	if err != nil {
		t.Fatalf("accessible run: %v\n%s", err, out.String())
	}
	return out.String()
}

const menuInventoryNumber = "14"

// The inventory in the plain prompts: the list, a tool's page edited
// through the same fields as the app (money in dollars, dates checked), a
// selection request with two reviewers, the team and an approval, and an
// evaluation that retires a tool with its transition plan.
func TestAccessibleInventory(t *testing.T) {
	st := invStore(t)
	sess := newTestSession(t, st, testTemplate(1, 1))
	answers := []string{
		menuInventoryNumber,
		"1", "read", // list, filtered
		"2", "Class Hub", // open a tool by its name
		"4", // edit: Money
		"", "$12,500.50", "", "", "", "", "2027-02-30", "2027-08-01",
		"12", // done with the tool
		// A selection request: the need first.
		"4", "2",
		"Families need class news in their home language", "3", "Translated messages to families", "messages to families", "Family liaison",
		"2", "TalkBridge", "Bridge Co", // name the product
		"4", "Ana", "1", "1", "1", "1", "1", "4", "3", "4", "3", "2", "2", // Ana: gates, then scores
		"4", "Ben", "1", "1", "1", "1", "2", "3", "3", "4", "2", "3", "2", // Ben fails interoperability
		"5", "1", "1", "1", "1", "1", "4", "3", "4", "2", "2", "2", // the team
		"6", "", "Families asked for it and it passed every gate.", "y", // approve, confirmed
		"7", "", // done with the request; blank goes back
		// An evaluation that retires MathPath.
		"5", "MathPath", "",
		"2", "5", "40 of 900 licences used", // usage: 1, local data
		"2", "5", "", // cost: 1, local data, no note
		"", "", "", "", "", "", "", "", "", // the other three criteria not scored
		"y", "Teachers", "12", "They prefer the textbook's practice site", "n",
		"5", "Hardly used, and the one-time money has run out.",
		"", "teachers, families, the vendor", "Teachers save reports by May 30.", "The vendor deletes student data within 30 days.",
		"none: the textbook's site does the job", "2027-06-30", "y",
		"8", // back to the workbook
		menuQuitting,
	}
	out := runAccessibleAt(t, st, sess.ID, answers...)
	for _, want := range []string{
		"The tool inventory: 6 tools (requested 0, piloting 1, approved 1, core 2, retiring 1, declined 1).",
		"Due: ReadAlong, renewal on 2026-12-15.",
		"1. ReadAlong: Fluent Pages LLC, core tool, agreement signed, 512 (2025-26) active users, $9,600, renews 2026-12-15",
		"Yearly cost: $18,000",
		`date "2027-02-30" should be written like 2026-09-01`,
		"Money saved.",
		"Request stored and checked against the inventory: 1 tool may already do this job.",
		"ClassHub (core tool): shares class, family, message",
		"Reviewers: Ana pass, Ben fail. They differ.",
		"Approve TalkBridge? TalkBridge is added to the inventory as approved.",
		"Decided: approve; TalkBridge added to the inventory as approved.",
		"Evaluation of MathPath for 2026-27.",
		"Retire MathPath? Its status becomes retiring, with the last day 2027-06-30.",
		"Decided: retire; MathPath is now retiring (last day 2027-06-30).",
	} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
	got := storedInv(t, st)
	if c := got.Tool("classhub").Money; c.CostCents != 1_250_050 || c.Renewal.String() != "2027-08-01" {
		t.Errorf("ClassHub's money %+v", c)
	}
	r := got.Requests[1]
	if len(r.Reviews) != 2 || r.Decision != inventory.Approve || got.Tool("talkbridge").Status != inventory.Approved ||
		r.Reviews[1].Gates["interoperability"] != inventory.GateFail || r.Consensus.Scores["need"] != 4 {
		t.Errorf("request %+v", r)
	}
	e := got.Evaluation("mathpath", "2026-27")
	if e == nil || e.Decision != inventory.Retire || e.Transition == nil || e.Scores["usage"].Evidence != inventory.LocalData ||
		len(e.Stakeholders) != 1 || got.Tool("mathpath").Status != inventory.Retiring {
		t.Errorf("evaluation %+v", e)
	}
}

// A usage report through the plain prompts: the proposal is read, a row
// changed, and the figures imported once confirmed.
func TestAccessibleUsageImport(t *testing.T) {
	st := invStore(t)
	sess := newTestSession(t, st, testTemplate(1, 1))
	csv := filepath.Join(t.TempDir(), "classlink.csv")
	if err := os.WriteFile(csv, []byte("App Name,Unique Users,Sessions,Start Date,End Date\n"+
		"Class Hub,2300,150000,2026-09-01,2026-11-15\nZoomerang,35,120,2026-09-01,2026-11-15\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := runAccessibleAt(t, st, sess.ID,
		menuInventoryNumber, "7", csv, "", "", "", "",
		"2", // Zoomerang: add → leave out
		"",  // no more changes
		"y", // import
		"8", menuQuitting)
	for _, want := range []string{"1. Class Hub, 2,300 active users: update ClassHub", "2. Zoomerang, 35 active users: leave out",
		"Imported usage for 1 tool (0 new) from classlink.csv: single sign-on report, ClassLink, 2026-09-01 to 2026-11-15."} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
	if got := storedInv(t, st); len(got.Tools) != 6 || len(got.Tool("classhub").Usage) != 2 {
		t.Fatalf("stored %d tools, ClassHub with %d figures", len(got.Tools), len(got.Tool("classhub").Usage))
	}
	// The same report again, Class Hub left out: the proposal says it loses its figure.
	out = runAccessibleAt(t, st, sess.ID, menuInventoryNumber, "7", csv, "", "", "", "", "1", "", "n", "8", menuQuitting)
	if want := "This replaces the figures imported on 2026-11-20 from the same report and period; 1 tool that had one is not in this file and loses it: ClassHub."; !strings.Contains(out, want) {
		t.Fatalf("output lacks %q:\n%s", want, out)
	}
}

// The tool inventory is on "Which session?" too (after the cohort), as i
// opens it from the app's Home: a person reaches the district's tools
// without opening a team's session, then comes back to the question.
func TestAccessibleInventoryFromWhichSession(t *testing.T) {
	st := invStore(t)
	newTestSession(t, st, testTemplate(1, 1))
	out := runAccessibleAt(t, st, "",
		"4",     // Which session? 1 new, 2 the session, 3 the cohort, 4 the tools
		"1", "", // list every tool
		"8",               // back
		"2", menuQuitting) // then the session, and quit
	for _, want := range []string{"4. " + menuInventory, "The tool inventory: 6 tools", "ClassHub", "Due: "} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "Which session?"); n != 2 {
		t.Fatalf("Which session? asked %d times, want 2 (again after the inventory):\n%s", n, out)
	}
}

// Inside a session the plain prompts have the inventory as the app does:
// an indicator tagged with an evidence source reads the inventory's facts
// and copies them into the evidence notes when asked (the app's I), and
// the problem of practice asks which tools it names (the app's T).
func TestAccessibleInventoryFactsAndProblemTools(t *testing.T) {
	st := invStore(t)
	tmpl := testTemplate(1, 2)
	tmpl.Domains[0].Indicators[1].EvidenceFrom = workbook.EvidencePrivacy
	sess := newTestSession(t, st, tmpl)
	out := runAccessibleAt(t, st, sess.ID,
		menuAssessment, "2", // at the second indicator
		"", "", "", // Ana, Ben, the consensus: kept
		"y") // copy the facts
	for _, want := range []string{"From the tool inventory:", "3 of 5 tools in use have a signed data-privacy agreement",
		"Copied 4 facts from the tool inventory into the evidence notes."} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
	if ev := reload(t, st, sess.ID).RatingOf("d1i2").Evidence; !strings.HasPrefix(ev, "From the tool inventory, 2026-11-20:\n3 of 5 tools in use") {
		t.Fatalf("evidence %q", ev)
	}
	out = runAccessibleAt(t, st, sess.ID, menuAssessment, "2", "", "", "")
	if !strings.Contains(out, "These facts are already in the evidence notes.") {
		t.Fatalf("the facts are offered again:\n%s", out)
	}

	out = runAccessibleAt(t, st, sess.ID, append(append([]string{menuProblem, "2", "3", "How might we cut overlapping tools?"}, make([]string, 8)...), "x", "3 5")...)
	if !strings.Contains(out, "Which tools does the problem of practice name?") || !strings.Contains(out, "The problem of practice names 2 tools.") {
		t.Fatalf("no tools question, or no answer to it:\n%s", out)
	}
	tools := reload(t, st, sess.ID).Problem.Tools
	if len(tools) != 2 || tools[0].Name != "PollPad" || tools[1].ID != "readalong" || !strings.Contains(out, `"x" is not one of the numbers`) {
		t.Fatalf("stored tools %+v\n%s", tools, out)
	}
}

// The plain prompts keep the year's snapshot too (the inventory menu's last
// entry, so the numbers before it stay).
func TestAccessibleKeepsTheYearsSnapshot(t *testing.T) {
	st := invStore(t)
	sess := newTestSession(t, st, testTemplate(1, 1))
	out := runAccessibleAt(t, st, sess.ID, menuInventoryNumber, "9", "8", menuQuitting)
	if !strings.Contains(out, "Kept the 6 tools of 2026-27 as they stand today.") {
		t.Fatalf("output lacks the kept copy:\n%s", out)
	}
	if snap := storedInv(t, st).Snapshot("2026-27"); snap == nil || len(snap.Tools) != 6 {
		t.Fatalf("snapshot of 2026-27: %+v", snap)
	}
}
