package tui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"charm.land/huh/v2"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/export"
	"edtech-workbook/workbook/store"
)

// summarySession is a filled-in session with coach comments on every part.
func summarySession(t *testing.T, st *store.Store) *workbook.Session {
	t.Helper()
	s := planSession(t, st)
	s.Rating("d1i1").Members = map[string]workbook.Rating{"m1": 3, "m2": 2}
	s.Rating("d1i1").Consensus = 2
	s.Rating("d1i1").Evidence = "Half the schools use the process."
	s.Rating("d1i1").Priority = true
	s.Rating("d1i1").Equity = "English learners hear about new tools last."
	s.Problem = workbook.ProblemOfPractice{
		FocusIndicators: []string{"d1i1"}, Phase: workbook.PhaseImplementation,
		Question: "How might we help teachers give feedback within a week?",
	}
	s.SetAnswer("why_chosen", workbook.Answer{Text: "It came up in every interview"})
	s.SetAnswer("centered", workbook.Answer{Choices: []string{"English learners"}})
	s.SetAnswer("stakeholders", workbook.Answer{Text: "Principals"})
	s.CheckIns = []workbook.CheckIn{{ID: "k1", Date: "2026-01-20", Did: "Trained grade 6", Learned: "Time is short", Next: "Grade 7"}}
	s.SetAnswer("story", workbook.Answer{Text: "We started with six teachers."})
	s.Comments = append(s.Comments,
		workbook.Comment{ID: "c3", Part: workbook.SessionPart(), Author: "Kim", Role: workbook.RoleCoach, Text: "Great progress this term.", Created: testNow},
		workbook.Comment{ID: "c4", Part: workbook.IndicatorPart("d1i1"), Author: "Kim", Role: workbook.RoleCoach, Text: "Which schools?", Created: testNow},
		workbook.Comment{ID: "c5", Part: workbook.Part(workbook.PartProblem, ""), Author: "Kim", Role: workbook.RoleCoach, Text: "Name the grade band.", Created: testNow},
	)
	saved, err := st.Update(s)
	if err != nil {
		t.Fatal(err)
	}
	return saved
}

func TestSummaryPreview(t *testing.T) {
	st := newTestStore(t)
	m := openTestScreen(t, st, summarySession(t, st), ScreenSummary, 80, 24)
	requireScreen(t, m, "Northside · Northside USD · 2025-26", "Kim (coach), 2026-03-02: Great progress this term.")
	find := func(want ...string) {
		t.Helper()
		// Line by line: a page at a time could split two adjacent lines
		// across a page break.
		for range 400 {
			if screenHasAll(m, want...) {
				return
			}
			press(m, "down")
		}
		requireScreen(t, m, want...)
	}
	// The report's parts in the exports' order, each coach comment under
	// the part it is about.
	find("Equity pauses: what the team said", "English learners hear about new tools last.")
	find("Indicator 1.1: consensus 2 (Developing) (Ana 3, Ben 2) · ★ priority", "Kim (coach), 2026-03-02: Which schools?")
	find("Kim (coach), 2026-03-02: Name the grade band.", "Frame the problem as one question: How might we help")
	find("Why did you choose this problem? It came up in every interview", "Which student groups does it center? English learners")
	find("Kim (coach), 2026-03-02: Who covers classes during training?")
	find("Tell the story of change: We started with six teachers.", "100%")
}

func TestSummaryPreviewFollowsEdits(t *testing.T) {
	st := newTestStore(t)
	m := openTestScreen(t, st, summarySession(t, st), ScreenSummary, 80, 24, clocked(false))
	requireNotOnScreen(t, m, "Ready for June.")
	press(m, "C", "n") // a new comment on the whole session, from the Summary (it has a thread already)
	typeText(m, "Rosa")
	press(m, "enter")
	typeText(m, "Ready for June.")
	pump(m, ctrlS())
	press(m, "esc") // from the threads back to the Summary
	requireOn(t, m, "Summary")
	requireScreen(t, m, "Rosa (team), 2026-03-05: Ready for June.")
}

// exportTo runs the export dialog: format chosen with downs from the first.
func exportTo(m *model, downs int, path string) {
	press(m, "x")
	if len(exportChoices()) > 1 {
		for i := 0; i < downs; i++ {
			press(m, "down")
		}
		press(m, "enter")
	}
	erase(m, 200)
	typeRunes(m, path)
	press(m, "enter")
}

func TestSummaryExport(t *testing.T) {
	st := newTestStore(t)
	m := openTestScreen(t, st, summarySession(t, st), ScreenSummary, 80, 24)
	jsonAt := slices.IndexFunc(exportChoices(), func(o huh.Option[exportChoice]) bool { return o.Value == exportChoice{format: export.FormatJSON} })
	if jsonAt < 0 {
		t.Fatal("json is not an export format")
	}

	press(m, "x")
	if len(exportChoices()) > 1 {
		requireScreen(t, m, "Export format", "JSON (.json)")
		for i := 0; i < jsonAt; i++ {
			press(m, "down")
		}
		press(m, "enter")
	}
	requireScreen(t, m, "Export to file", "northside-2025-26.json")
	press(m, "esc")
	requireScreen(t, m, "export cancelled", "Northside · Northside USD")

	path := filepath.Join(t.TempDir(), "out.json")
	exportTo(m, 0, path) // the format chosen before is remembered
	requireScreen(t, m, "exported to "+path)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"team": "Northside"`) || !strings.Contains(string(data), workbook.ExchangeFormat) {
		t.Fatalf("exported file:\n%.300s", data)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("export mode = %v, want 0600", fi.Mode().Perm())
	}

	if err := os.WriteFile(path, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	exportTo(m, 0, path) // the format is remembered: no downs
	requireScreen(t, m, "already exists. Overwrite it?")
	press(m, "n")
	if data, _ := os.ReadFile(path); string(data) != "keep me" {
		t.Fatalf("n overwrote the file: %.80s", data)
	}
	exportTo(m, 0, path)
	press(m, "y")
	requireScreen(t, m, "exported to "+path)
	if data, _ := os.ReadFile(path); !strings.Contains(string(data), `"team": "Northside"`) {
		t.Fatalf("y did not overwrite: %.80s", data)
	}

	csvActions := slices.IndexFunc(exportChoices(), func(o huh.Option[exportChoice]) bool {
		return o.Value == exportChoice{format: export.FormatCSV, table: export.TableActions}
	})
	if csvActions >= 0 {
		press(m, "x")
		for i := jsonAt; i < csvActions; i++ {
			press(m, "down")
		}
		press(m, "enter")
		requireScreen(t, m, "northside-2025-26-actions.csv")
		erase(m, 200)
		csvPath := filepath.Join(t.TempDir(), "actions.csv")
		typeRunes(m, csvPath)
		press(m, "enter")
		if data, err := os.ReadFile(csvPath); err != nil || !strings.Contains(string(data), "Train grade 6 teachers") {
			t.Fatalf("actions csv: %v\n%s", err, data)
		}
	}

	bad := filepath.Join(t.TempDir(), "no-such-dir", "x.json")
	exportTo(m, 0, bad)
	requireError(t, m, "") // writing into a missing folder fails, and says so
	requireScreen(t, m, "does not exist")
}

func TestSummaryGolden80x24(t *testing.T) {
	st := newTestStore(t)
	m := openTestScreen(t, st, summarySession(t, st), ScreenSummary, 80, 24)
	requireGolden(t, m)
}

func TestSummaryGolden160x48(t *testing.T) {
	st := newTestStore(t)
	m := openTestScreen(t, st, summarySession(t, st), ScreenSummary, 160, 48)
	requireGolden(t, m)
}

func TestSummaryAllSizes(t *testing.T) {
	t.Parallel() // CPU-bound: runs beside the other slow tests
	st := newTestStore(t)
	m := openTestScreen(t, st, summarySession(t, st), ScreenSummary, 80, 24)
	requireAllSizes(t, m)
	requireScreenAllSizes(t, m)
	press(m, "x")
	requireScreenAllSizes(t, m)
}
