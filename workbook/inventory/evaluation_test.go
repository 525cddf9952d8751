package inventory

import (
	"strings"
	"testing"
)

func TestCostPerActiveUser(t *testing.T) {
	year := Period{day(t, "2025-07-01"), day(t, "2026-06-30")}
	sso := func(users Count, trust Trust) Usage {
		return Usage{Source: FromSSO, Report: "ClassLink", Period: year, ActiveUsers: users, Trust: trust}
	}
	tests := []struct {
		name  string
		tool  Tool
		known bool
		cents int64
		text  string
	}{
		{"computed", Tool{Money: Money{Paid: true, CostCents: 1_000_000}, Usage: []Usage{sso(Known(800), TrustMedium)}}, true, 1250, "$12.50 per active user"},
		{"rounded", Tool{Money: Money{Paid: true, CostCents: 100}, Usage: []Usage{sso(Known(3), TrustMedium)}}, true, 33, "$0.33 per active user"},
		{"free", Tool{Money: Money{Free: true}, Usage: []Usage{sso(Known(10), TrustMedium)}}, true, 0, "free"},
		{"cost never recorded", Tool{Usage: []Usage{sso(Known(10), TrustMedium)}}, false, 0, "cost not recorded"},
		{"no cost recorded", Tool{Money: Money{Paid: true}}, false, 0, "cost not recorded"},
		{"no usage", Tool{Money: Money{Paid: true, CostCents: 500}}, false, 0, "no usage data"},
		{"users unknown", Tool{Money: Money{Paid: true, CostCents: 500}, Usage: []Usage{sso(Count{}, TrustMedium)}}, false, 0, "no usage data"},
		{"zero users", Tool{Money: Money{Paid: true, CostCents: 500}, Usage: []Usage{sso(Known(0), TrustMedium)}}, false, 0, "no active users"},
		{"usage of another year", Tool{Money: Money{Paid: true, CostCents: 500}, Usage: []Usage{{Source: FromSSO, Trust: TrustHigh, ActiveUsers: Known(5),
			Period: Period{day(t, "2024-09-01"), day(t, "2025-06-01")}}}}, false, 0, "no usage data"},
		{"most trusted figure wins", Tool{Money: Money{Paid: true, CostCents: 1000}, Usage: []Usage{
			{Source: FromSurvey, Trust: TrustLow, ActiveUsers: Known(1000), Period: year}, sso(Known(10), TrustHigh)}}, true, 100, "$1.00 per active user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := &Inventory{}
			tt.tool.Name, tt.tool.Status = "Tool", Approved
			mustAdd(t, inv, tt.tool)
			got := inv.CostPerActiveUser("tool", "2025-26")
			if got.Known != tt.known || got.Cents != tt.cents || got.String() != tt.text {
				t.Errorf("got %+v (%q), want known=%v cents=%d %q", got, got, tt.known, tt.cents, tt.text)
			}
		})
	}
}

func TestCostPerActiveUserUsesTheYearsSnapshot(t *testing.T) {
	inv := &Inventory{}
	mustAdd(t, inv, Tool{Name: "IXL", Status: Approved, Money: Money{Paid: true, CostCents: 200_000},
		Usage: []Usage{{Source: FromVendor, Trust: TrustMedium, ActiveUsers: Known(100), Period: Period{day(t, "2024-09-01"), day(t, "2025-06-01")}}}})
	if err := inv.TakeSnapshot("2024-25", day(t, "2025-06-30")); err != nil {
		t.Fatal(err)
	}
	inv.Tool("ixl").Money.CostCents = 900_000 // the price went up the next year
	if got := inv.CostPerActiveUser("ixl", "2024-25"); got.Cents != 2000 {
		t.Errorf("2024-25 cost per user = %d cents, want 2000 from that year's price", got.Cents)
	}
	if got := inv.CostPerActiveUser("gone", "2024-25"); got.Known || got.Reason != "tool not in the inventory" {
		t.Errorf("unknown tool: %+v", got)
	}
}

func TestEvaluationValidate(t *testing.T) {
	c := DefaultCriteria()
	ok := func() Evaluation {
		return Evaluation{ToolID: "ixl", SchoolYear: "2025-26",
			Scores:       map[string]EvalScore{"usage": {Score: 2, Evidence: LocalData}, "cost": {Score: 1, Evidence: LocalData}},
			Stakeholders: []StakeholderInput{{Group: "teachers", Responses: Known(42), Summary: "Used for homework only."}},
			Decision:     Renew, Reason: "Still the only adaptive math practice."}
	}
	plan := &Transition{Told: []string{"teachers", "families"}, DataExport: "Teachers download reports by June 1.",
		DataDeletion: "Vendor deletes accounts within 30 days and confirms in writing.", Replacement: "khan-academy", Date: day(t, "2026-06-30")}
	tests := []struct {
		name string
		edit func(*Evaluation)
		want []string
	}{
		{"fine", func(*Evaluation) {}, nil},
		{"retire with plan", func(e *Evaluation) { e.Decision, e.Transition = Retire, plan }, nil},
		{"retire without plan", func(e *Evaluation) { e.Decision = Retire }, []string{"without a transition plan"}},
		{"retire with empty plan", func(e *Evaluation) { e.Decision, e.Transition = Retire, &Transition{} },
			[]string{"who is told", "how data is exported", "deletes student data", "name a replacement", "has no date"}},
		{"score out of range", func(e *Evaluation) { e.Scores["usage"] = EvalScore{Score: 0, Evidence: LocalData} }, []string{`"usage" score 0 should be 1 to 4`}},
		{"no evidence", func(e *Evaluation) { e.Scores["usage"] = EvalScore{Score: 3} }, []string{`"usage" has no evidence level`}},
		{"unknown criterion", func(e *Evaluation) { e.Scores["vibes"] = EvalScore{Score: 3, Evidence: VendorClaim} }, []string{`criterion "vibes", which the template does not have`}},
		{"no reason", func(e *Evaluation) { e.Reason = "" }, []string{"without a reason"}},
		{"bad year", func(e *Evaluation) { e.SchoolYear = "2025" }, []string{`"2025" should look like 2025-26`}},
		{"stakeholder without group", func(e *Evaluation) { e.Stakeholders[0].Group = "" }, []string{"stakeholder input 1 has no group"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ok()
			tt.edit(&e)
			errs := e.Validate(&c)
			if len(errs) != len(tt.want) {
				t.Fatalf("want %d errors %q, got %v", len(tt.want), tt.want, errs)
			}
			for i, w := range tt.want {
				if !strings.Contains(errs[i].Error(), w) || !strings.Contains(errs[i].Error(), "evaluation of ixl for") {
					t.Errorf("error %q does not say %q and name the tool", errs[i], w)
				}
				oneLine(t, errs[i])
			}
		})
	}
}

func TestSetEvaluationAndTotal(t *testing.T) {
	c := DefaultCriteria()
	inv := sample(t)
	e := Evaluation{ToolID: "ixl", SchoolYear: "2025-26", Scores: map[string]EvalScore{"usage": {Score: 3, Evidence: LocalData}, "alignment": {Score: 4, Evidence: LocalTrial}}}
	if err := inv.SetEvaluation(&c, e); err != nil {
		t.Fatal(err)
	}
	e.Scores["usage"] = EvalScore{Score: 1, Evidence: LocalData}
	if err := inv.SetEvaluation(&c, e); err != nil {
		t.Fatal(err)
	}
	if len(inv.Evaluations) != 1 || inv.Evaluation("ixl", "2025-26").Scores["usage"].Score != 1 {
		t.Errorf("a second evaluation of the same tool and year should replace the first: %+v", inv.Evaluations)
	}
	if total, max := inv.Evaluation("ixl", "2025-26").Total(&c); total != 2*1+2*4 || max != 4*10 {
		t.Errorf("Total = %d of %d, want 10 of 40", total, max)
	}
	if err := inv.SetEvaluation(&c, Evaluation{ToolID: "nope", SchoolYear: "2025-26"}); err == nil {
		t.Error("an evaluation of a tool not in the inventory should be refused")
	}
	if err := inv.SetEvaluation(&c, Evaluation{ToolID: "ixl", SchoolYear: "2025-26", Decision: Retire, Reason: "Low use."}); err == nil || !strings.Contains(err.Error(), "transition plan") {
		t.Errorf("retiring without a plan should be refused: %v", err)
	}
}
