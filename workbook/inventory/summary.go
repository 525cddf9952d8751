package inventory

import "slices"

// ToolSummary is what a list of tools shows of each one: small, so a list
// of thousands reads quickly. Tool.Summary makes it; the store keeps one
// beside each tool.
type ToolSummary struct {
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Vendor    string          `json:"vendor,omitempty"`
	Owner     string          `json:"owner,omitempty"`
	Status    Status          `json:"status"`
	Agreement AgreementStatus `json:"agreement,omitempty"`
	Expires   Date            `json:"expires,omitzero"` // the agreement's end
	Paid      bool            `json:"paid,omitempty"`
	Free      bool            `json:"free,omitempty"` // neither Paid nor Free: cost not recorded
	CostCents int64           `json:"cost_cents,omitempty"`
	Licences  int             `json:"licences,omitempty"`
	Renewal   Date            `json:"renewal,omitzero"`
	Usage     []Usage         `json:"usage,omitempty"`
}

// Summary returns the tool's list entry.
func (t *Tool) Summary() ToolSummary {
	return ToolSummary{
		ID: t.ID, Name: t.Name, Vendor: t.Vendor, Owner: t.Owner, Status: t.Status,
		Agreement: t.Privacy.Agreement, Expires: t.Privacy.Expires,
		Paid: t.Money.Paid, Free: t.Money.Free, CostCents: t.Money.CostCents, Licences: t.Money.Licences, Renewal: t.Money.Renewal,
		Usage: slices.Clone(t.Usage),
	}
}

// UsageFor is Tool.UsageFor on the summary's usage figures.
func (s *ToolSummary) UsageFor(year string) (Usage, bool) {
	t := Tool{Usage: s.Usage}
	return t.UsageFor(year)
}

// AgreementOn is Privacy.AgreementOn for the summary's agreement.
func (s *ToolSummary) AgreementOn(today Date) AgreementStatus {
	return Privacy{Agreement: s.Agreement, Expires: s.Expires}.AgreementOn(today)
}

// RecentUsage is the usage figure a list shows for a tool on a given day:
// the best figure for the school year the day falls in (Tool.UsageFor), or
// failing that for the year before (a year's single sign-on report usually
// comes in after the year ends). year is the school year of the figure.
func RecentUsage(usage []Usage, today Date) (u Usage, year string, ok bool) {
	t := Tool{Usage: usage}
	year = SchoolYearOf(today)
	if u, ok = t.UsageFor(year); ok {
		return u, year, true
	}
	first, _ := SchoolYearPeriod(year)
	year = SchoolYearOf(first.From.AddDays(-1))
	if u, ok = t.UsageFor(year); ok {
		return u, year, true
	}
	return Usage{}, "", false
}
