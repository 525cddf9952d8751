package inventory

import (
	"strings"
	"testing"
)

func TestToolValidate(t *testing.T) {
	base := func() Tool { return Tool{ID: "padlet", Name: "Padlet", Status: Approved} }
	period := Period{day(t, "2025-09-01"), day(t, "2025-09-30")}
	jan24, jan25 := day(t, "2024-01-01"), day(t, "2025-01-01")
	tests := []struct {
		name   string
		change func(*Tool)
		want   string // "" for valid; else a phrase of the error
	}{
		{"valid", func(*Tool) {}, ""},
		{"no name", func(t *Tool) { t.Name = " " }, "name is empty"},
		{"two-line name", func(t *Tool) { t.Name = "Pad\nlet" }, "line break"},
		{"bad id", func(t *Tool) { t.ID = "Pad Let" }, `id "Pad Let"`},
		{"long name", func(t *Tool) { t.Name = strings.Repeat("é", 201) }, "is 201 characters long; keep it to 200"},
		{"no status", func(t *Tool) { t.Status = "" }, "status is not set"},
		{"unknown status", func(t *Tool) { t.Status = "aproved" }, `status "aproved"`},
		{"unknown evidence", func(t *Tool) { t.Evidence = "rumour" }, "evidence level"},
		{"free with cost", func(t *Tool) { t.Money.Free, t.Money.CostCents = true, 100 }, "marked free"},
		{"cost neither paid nor free", func(t *Tool) { t.Money.CostCents = 100 }, "not marked paid"},
		{"paid and free", func(t *Tool) { t.Money.Paid, t.Money.Free = true, true }, "also marked free"},
		{"negative cost", func(t *Tool) { t.Money = Money{Paid: true, CostCents: -1} }, "licence cost is negative"},
		{"negative licences", func(t *Tool) { t.Money.Licences = -3 }, "licences is negative"},
		{"one-time without end", func(t *Tool) { t.Money.Funding = Funding{Source: "grant", OneTime: true} }, "one-time money without an end date"},
		{"signed without date", func(t *Tool) { t.Privacy.Agreement = AgreementSigned }, "no signing date"},
		{"expired without date", func(t *Tool) { t.Privacy.Agreement = AgreementExpired }, "no expiry date"},
		{"expires before signed", func(t *Tool) {
			t.Privacy = Privacy{Agreement: AgreementSigned, Signed: jan25, Expires: jan24}
		}, "before it was signed"},
		{"unknown agreement", func(t *Tool) { t.Privacy.Agreement = "maybe" }, `agreement "maybe"`},
		{"report date without report", func(t *Tool) { t.Access.ReportDate = jan25 }, "has a date but no report"},
		{"overlaps itself", func(t *Tool) { t.Fit.Overlaps = []string{"padlet"} }, "lists the tool itself"},
		{"usage bad source", func(t *Tool) { t.Usage = []Usage{{Source: "rumour", Trust: TrustLow, Period: period}} }, "usage 1 source"},
		{"usage no trust", func(t *Tool) { t.Usage = []Usage{{Source: FromSSO, Period: period}} }, "usage 1 trust"},
		{"usage no period", func(t *Tool) { t.Usage = []Usage{{Source: FromSSO, Trust: TrustLow}} }, "first and a last day"},
		{"usage reversed", func(t *Tool) {
			t.Usage = []Usage{{Source: FromSSO, Trust: TrustLow, Period: Period{period.To, period.From}}}
		}, "swap the dates"},
		{"usage negative", func(t *Tool) {
			t.Usage = []Usage{{Source: FromSSO, Trust: TrustLow, Period: period, Sessions: Known(-1)}}
		}, "sessions is -1"},
		{"usage twice", func(t *Tool) {
			u := Usage{Source: FromSSO, Report: "Clever", Trust: TrustLow, Period: period}
			v := u
			v.Report = "clever"
			t.Usage = []Usage{u, v}
		}, "repeats usage 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tool := base()
			tt.change(&tool)
			errs := tool.Validate()
			if tt.want == "" {
				if len(errs) > 0 {
					t.Fatalf("want no errors, got %v", errs)
				}
				return
			}
			if len(errs) != 1 {
				t.Fatalf("want one error about %q, got %v", tt.want, errs)
			}
			msg := errs[0].Error()
			oneLine(t, errs[0])
			if !strings.Contains(msg, tt.want) {
				t.Errorf("error %q does not mention %q", msg, tt.want)
			}
			if !strings.HasPrefix(msg, "tool ") || (tool.Name != " " && !strings.Contains(msg, strings.TrimSpace(strings.Split(tool.Name, "\n")[0]))) {
				t.Errorf("error %q does not name the tool", msg)
			}
		})
	}
}

func TestInventoryValidate(t *testing.T) {
	inv := sample(t)
	if errs := inv.Validate(); len(errs) > 0 {
		t.Fatalf("sample inventory: %v", errs)
	}
	inv.Tools[2].ID = inv.Tools[1].ID
	inv.Tools[0].Fit.Overlaps = []string{"gone"}
	inv.Snapshots = []Snapshot{{SchoolYear: "2025-26"}, {SchoolYear: "2025-26"}, {SchoolYear: "next year"}}
	var msgs []string
	for _, err := range inv.Validate() {
		oneLine(t, err)
		msgs = append(msgs, err.Error())
	}
	all := strings.Join(msgs, "|")
	for _, want := range []string{"id is used by another tool", `"gone", which is not in the inventory`, "two for this year", `"next year" should look like 2025-26`} {
		if !strings.Contains(all, want) {
			t.Errorf("Validate did not report %q; got %v", want, msgs)
		}
	}
}
