package workbook_test

import (
	"strings"
	"testing"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
)

func TestToolCriteriaFromTemplate(t *testing.T) {
	if got := workbook.ToolCriteria(nil); !workbook.SameCriteria(got, inventory.DefaultCriteria()) {
		t.Fatalf("no template: %+v, want the built-in criteria", got)
	}
	none := &workbook.Template{ID: "plain", Version: 1}
	if got := workbook.ToolCriteria(none); !workbook.SameCriteria(got, inventory.DefaultCriteria()) {
		t.Fatalf("a template without tools: %+v, want the built-in criteria", got)
	}
	own := &workbook.Template{ID: "own", Version: 1, Tools: inventory.Criteria{
		Gates:      []inventory.Gate{{ID: "privacy", Title: "Privacy agreement signed"}},
		Criteria:   []inventory.Criterion{{ID: "need", Title: "Need first", Weight: 5}},
		Evaluation: []inventory.Criterion{{ID: "usage", Title: "Used", Weight: 1}},
	}}
	got := workbook.ToolCriteria(own)
	if !workbook.SameCriteria(got, own.Tools) {
		t.Fatalf("template with tools: %+v, want its own %+v", got, own.Tools)
	}
	got.Gates[0].Title = "changed"
	if own.Tools.Gates[0].Title != "Privacy agreement signed" {
		t.Fatal("ToolCriteria shares its lists with the template")
	}
}

func TestAdoptToolCriteria(t *testing.T) {
	inv := testfixture.Inventory(t) // a request reviewed on need, students-served, …; evaluations on usage, cost, …
	kept := inventory.DefaultCriteria()
	reworded := workbook.CloneCriteria(kept)
	reworded.Gates[0].Title = "A signed data-privacy agreement"
	reworded.Criteria = append(reworded.Criteria, inventory.Criterion{ID: "family-languages", Title: "Family languages", Weight: 2})

	dropGate := workbook.CloneCriteria(kept)
	dropGate.Gates = dropGate.Gates[1:] // privacy, which every review answered
	reweigh := workbook.CloneCriteria(kept)
	reweigh.Evaluation[0].Weight = 5 // usage, which the evaluations scored
	tests := []struct {
		name    string
		inv     *inventory.Inventory
		next    inventory.Criteria
		adopted bool
		reason  string
	}{
		{"the same criteria", inv, kept, false, ""},
		{"nothing answered yet: anything goes", &inventory.Inventory{}, workbook.ToolCriteria(&workbook.Template{Tools: dropGate}), true, ""},
		{"reworded and added", inv, reworded, true, ""},
		{"an answered gate dropped", inv, dropGate, false, `drops the gate "privacy", which has answers`},
		{"an answered evaluation criterion reweighed", inv, reweigh, false, `weighs the evaluation criterion "usage" 5 instead of 2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			use, adopted, reason := workbook.AdoptToolCriteria(tt.inv, kept, tt.next)
			if adopted != tt.adopted {
				t.Fatalf("adopted = %v, want %v (reason %q)", adopted, tt.adopted, reason)
			}
			if tt.reason == "" && reason != "" || !strings.Contains(reason, tt.reason) {
				t.Fatalf("reason %q, want %q", reason, tt.reason)
			}
			want := kept
			if tt.adopted {
				want = tt.next
			}
			if !workbook.SameCriteria(use, want) {
				t.Fatalf("uses %+v, want %+v", use, want)
			}
			if errs := tt.inv.Check(&use); len(errs) > 0 {
				t.Fatalf("the inventory does not check against the criteria it uses: %v", errs[0])
			}
		})
	}
	note := workbook.KeptCriteriaNote("edtech-systems@3", `it drops the gate "privacy", which has answers`)
	if strings.Count(note, ".") > 0 || !strings.Contains(note, "edtech-systems@3") {
		t.Fatalf("note %q should be one sentence naming the template", note)
	}
}

func TestInventoryEvidence(t *testing.T) {
	inv := testfixture.Inventory(t) // five tools in use, StoryForge without an agreement
	today := testfixture.InventoryToday()
	want := map[string][]string{
		workbook.EvidenceInventory:     {"The inventory lists 6 tools: 1 piloting, 1 approved, 2 core, 1 retiring, 1 declined.", "4 of 5 tools in use have usage figures for 2026-27 or the year before"},
		workbook.EvidencePrivacy:       {"3 of 5 tools in use have a signed data-privacy agreement; 1 requested, 0 expired, 1 none.", "No agreement: StoryForge.", "1 agreement expires in the next 90 days."},
		workbook.EvidenceRenewal:       {"4 of 4 paid tools in use have a renewal date; 1 run on one-time money.", "2 renewals fall due in the next 90 days.", "(decisions: 1 renew, 1 retire)"},
		workbook.EvidenceAccessibility: {"2 of 5 tools in use have an accessibility conformance report", "1 of 5 tools in use were tested by the district with assistive technology."},
	}
	for _, src := range workbook.EvidenceSources() {
		facts := strings.Join(workbook.InventoryEvidence(src, inv, today), "\n")
		for _, w := range want[src] {
			if !strings.Contains(facts, w) {
				t.Errorf("%s: facts lack %q:\n%s", src, w, facts)
			}
		}
	}
	if got := workbook.InventoryEvidence("inventory-costs", inv, today); got != nil {
		t.Errorf("an unknown source gives %q", got)
	}
	if got := workbook.InventoryEvidence(workbook.EvidencePrivacy, nil, today); got != nil {
		t.Errorf("no inventory gives %q", got)
	}
	notes := workbook.EvidenceNotes([]string{"a.", "b."}, today)
	if notes != "From the tool inventory, 2026-11-20:\na.\nb." {
		t.Errorf("notes %q", notes)
	}
}
