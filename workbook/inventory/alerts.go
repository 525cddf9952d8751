package inventory

import (
	"slices"
	"strings"
)

// DefaultAlertDays is how far ahead alerts look unless told otherwise.
const DefaultAlertDays = 90

// AlertKind is what falls due.
type AlertKind string

const (
	AlertRenewal     AlertKind = "renewal"          // the licence renews
	AlertAgreement   AlertKind = "agreement-expiry" // the data-privacy agreement ends
	AlertFundingEnds AlertKind = "funding-ends"     // one-time money runs out
)

// Label is the kind in plain words.
func (k AlertKind) Label() string {
	switch k {
	case AlertRenewal:
		return "renewal"
	case AlertAgreement:
		return "privacy agreement expires"
	case AlertFundingEnds:
		return "one-time funding ends"
	}
	return string(k)
}

// Alert is a date a tool's owner must act on.
type Alert struct {
	ToolID   string
	ToolName string
	Kind     AlertKind
	Due      Date
	DaysLeft int // negative when already past (only for expired agreements)
}

// Alerts lists what falls due for tools in use (piloting, approved, core
// or retiring) from today up to days ahead (DefaultAlertDays when days is
// 0 or less): renewals, agreement expiries and the end of one-time funding.
// A signed agreement that has already expired while the tool is still in
// use is listed too, with negative days left, because it needs action now.
// The list is soonest first. today is the caller's clock.
func (inv *Inventory) Alerts(today Date, days int) []Alert {
	if days <= 0 {
		days = DefaultAlertDays
	}
	until := today.AddDays(days)
	var out []Alert
	add := func(t *Tool, k AlertKind, due Date, overdueOK bool) {
		if due.IsZero() || due.After(until) || (due.Before(today) && !overdueOK) {
			return
		}
		out = append(out, Alert{ToolID: t.ID, ToolName: t.Name, Kind: k, Due: due, DaysLeft: today.DaysUntil(due)})
	}
	for i := range inv.Tools {
		t := &inv.Tools[i]
		if !t.Status.InUse() {
			continue
		}
		// A renewal date counts on a free tool too: a free tier or a pilot
		// licence that renews is still something to decide on.
		add(t, AlertRenewal, t.Money.Renewal, false)
		if t.Privacy.Agreement == AgreementSigned {
			add(t, AlertAgreement, t.Privacy.Expires, true)
		}
		if t.Money.Funding.OneTime {
			add(t, AlertFundingEnds, t.Money.Funding.Ends, false)
		}
	}
	slices.SortStableFunc(out, func(a, b Alert) int {
		if c := a.Due.Time().Compare(b.Due.Time()); c != 0 {
			return c
		}
		return strings.Compare(strings.ToLower(a.ToolName), strings.ToLower(b.ToolName))
	})
	return out
}
