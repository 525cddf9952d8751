package inventory

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	tests := map[string]string{
		"Book Creator, Inc.": "book-creator-inc",
		"  IXL  ":            "ixl",
		"Lexia® Core5":       "lexia-core5",
		"Año Escolar":        "año-escolar",
		"=HYPERLINK(\"x\")":  "hyperlink-x",
		"!!!":                "tool",
		"":                   "tool",
	}
	for in, want := range tests {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAddToolIDs(t *testing.T) {
	inv := &Inventory{}
	ids := []string{
		mustAdd(t, inv, Tool{Name: "Seesaw", Status: Core}),
		mustAdd(t, inv, Tool{Name: "seesaw!", Status: Piloting}),
		mustAdd(t, inv, Tool{Name: "SeeSaw", Status: Piloting}),
	}
	if want := []string{"seesaw", "seesaw-2", "seesaw-3"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids = %v, want %v", ids, want)
	}
	inv.Tool("seesaw").Name = "Seesaw Class"
	if inv.Tool("seesaw") == nil {
		t.Error("a rename must not change the id")
	}
	if _, err := inv.AddTool(Tool{ID: "seesaw", Name: "Other", Status: Core}); err == nil {
		t.Error("a taken id should be refused")
	}
	if _, err := inv.AddTool(Tool{Name: "No status"}); err == nil || !strings.Contains(err.Error(), "status") {
		t.Errorf("a tool without a status should be refused, got %v", err)
	}
	if _, err := inv.AddTool(Tool{Name: "X", Status: Core, Fit: Fit{Overlaps: []string{"missing"}}}); err == nil {
		t.Error("an overlap with a tool not in the inventory should be refused")
	}
}

func TestCloneIsDeep(t *testing.T) {
	inv := sample(t)
	inv.Tools[0].Usage = []Usage{{Source: FromSSO, Period: Period{day(t, "2025-09-01"), day(t, "2025-09-30")}, Trust: TrustMedium}}
	inv.Requests = []Request{{ID: "r", Need: "n", Reviews: []Review{{Reviewer: "A", Scores: map[string]int{"need": 3}}}}}
	inv.Evaluations = []Evaluation{{ToolID: "ixl", SchoolYear: "2025-26", Scores: map[string]EvalScore{"usage": {Score: 2, Evidence: LocalData}}, Transition: &Transition{Told: []string{"teachers"}}}}
	if err := inv.TakeSnapshot("2025-26", day(t, "2026-06-30")); err != nil {
		t.Fatal(err)
	}
	c := inv.Clone()
	c.Tools[0].UseCases[0] = "changed"
	c.Tools[0].Usage[0].Report = "changed"
	c.Snapshots[0].Tools[0].Name = "changed"
	c.Requests[0].Reviews[0].Scores["need"] = 1
	c.Evaluations[0].Scores["usage"] = EvalScore{Score: 4}
	c.Evaluations[0].Transition.Told[0] = "changed"
	if inv.Tools[0].UseCases[0] == "changed" || inv.Tools[0].Usage[0].Report == "changed" || inv.Snapshots[0].Tools[0].Name == "changed" ||
		inv.Requests[0].Reviews[0].Scores["need"] != 3 || inv.Evaluations[0].Scores["usage"].Score != 2 || inv.Evaluations[0].Transition.Told[0] != "teachers" {
		t.Error("changing a clone changed the original")
	}
}

func TestTakeSnapshot(t *testing.T) {
	inv := sample(t)
	if err := inv.TakeSnapshot("2025-26", day(t, "2026-06-01")); err != nil {
		t.Fatal(err)
	}
	inv.Tools[1].Status = Retiring
	if s := inv.Snapshot("2025-26"); s == nil || s.Tools[1].Status != Approved {
		t.Fatalf("the snapshot should keep the state it was taken with")
	}
	if err := inv.TakeSnapshot("2025-26", day(t, "2026-06-30")); err != nil {
		t.Fatal(err)
	}
	if err := inv.TakeSnapshot("2024-25", day(t, "2025-06-30")); err != nil {
		t.Fatal(err)
	}
	if len(inv.Snapshots) != 2 || inv.Snapshots[0].SchoolYear != "2024-25" || inv.Snapshot("2025-26").Tools[1].Status != Retiring {
		t.Errorf("retaking a year should replace it, and years stay in order: %+v", inv.Snapshots)
	}
	if err := inv.TakeSnapshot("2025", day(t, "2026-06-30")); err == nil {
		t.Error("a malformed school year should be refused")
	}
}

func TestInventoryJSONRoundTrip(t *testing.T) {
	inv := sample(t)
	inv.Tools[0].Usage = []Usage{{Source: FromSSO, Report: "ClassLink", Period: Period{day(t, "2025-09-01"), day(t, "2026-06-15")},
		ActiveUsers: Known(640), Sessions: Known(51234), Trust: TrustMedium, Recorded: day(t, "2026-06-20")}}
	inv.Tools[0].Access = Access{ConformanceReport: "VPAT 2.5", ReportDate: day(t, "2025-01-10"), TestedWithAT: true, Languages: []string{"English", "Spanish"}, FamilyFacing: true}
	inv.Tools[0].Fit = Fit{SSO: true, Rostering: true, Overlaps: []string{"ixl"}}
	inv.Tools[0].Evidence = LocalData
	if err := inv.TakeSnapshot("2025-26", day(t, "2026-06-30")); err != nil {
		t.Fatal(err)
	}
	buf, err := json.Marshal(inv)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"status":"core"`, `"cost_cents":1200000`, `"agreement":"signed"`, `"active_users":640`, `"evidence":"local-data"`, `"renewal":"2026-08-01"`} {
		if !strings.Contains(string(buf), want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
	if strings.Contains(string(buf), `"minutes"`) {
		t.Error("unknown minutes should be left out, not written as 0")
	}
	var back Inventory
	if err := json.Unmarshal(buf, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(inv.Tools, back.Tools) || !reflect.DeepEqual(inv.Snapshots, back.Snapshots) {
		t.Error("the inventory did not survive a JSON round trip")
	}
	if errs := back.Validate(); len(errs) > 0 {
		t.Errorf("round-tripped inventory has problems: %v", errs)
	}
}

func TestStatusCounts(t *testing.T) {
	got := sample(t).StatusCounts()
	if got[Core] != 1 || got[Approved] != 1 || got[Piloting] != 1 || got[Declined] != 0 {
		t.Errorf("StatusCounts = %v", got)
	}
}
