package inventory

import (
	"strings"
	"testing"
)

func TestAlerts(t *testing.T) {
	inv := sample(t)
	mustAdd(t, inv, Tool{Name: "Declined Tool", Status: Declined, Money: Money{Paid: true, Renewal: day(t, "2026-07-15")}})
	mustAdd(t, inv, Tool{Name: "Nearpod", Status: Approved, Money: Money{Paid: true, Renewal: day(t, "2026-07-01")},
		Privacy: Privacy{Agreement: AgreementSigned, Signed: day(t, "2023-01-01"), Expires: day(t, "2026-06-01")}})
	mustAdd(t, inv, Tool{Name: "Far Off", Status: Core, Money: Money{Paid: true, Renewal: day(t, "2026-12-01")}})
	mustAdd(t, inv, Tool{Name: "Last Year", Status: Core, Money: Money{Paid: true, Renewal: day(t, "2026-05-01")}})
	today := day(t, "2026-06-10")

	got := inv.Alerts(today, 0)
	var lines []string
	for _, a := range got {
		lines = append(lines, a.ToolName+" "+string(a.Kind)+" "+a.Due.String())
	}
	want := []string{
		"Nearpod agreement-expiry 2026-06-01", // already expired, tool still in use
		"Nearpod renewal 2026-07-01",
		"Lexia Core5 renewal 2026-08-01",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("alerts in 90 days:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if got[0].DaysLeft != -9 || got[1].DaysLeft != 21 {
		t.Errorf("days left = %d, %d; want -9 and 21", got[0].DaysLeft, got[1].DaysLeft)
	}
	if n := len(inv.Alerts(today, 30)); n != 2 {
		t.Errorf("a 30-day window should hold 2 alerts, got %d", n)
	}
	late := inv.Alerts(day(t, "2026-09-30"), 1)
	if len(late) != 2 || late[1].ToolName != "IXL" || late[1].Kind != AlertFundingEnds || late[1].DaysLeft != 0 {
		t.Errorf("on 2026-09-30: want Nearpod's lapsed agreement and IXL's funding ending today, got %+v", late)
	}
}

// A renewal date entered on a free tool (a free tier or pilot licence that
// renews) falls due like a paid one: the team set it to be reminded.
func TestAlertsRenewalOfAFreeTool(t *testing.T) {
	inv := &Inventory{}
	mustAdd(t, inv, Tool{Name: "Free Tier", Status: Piloting, Money: Money{Renewal: day(t, "2026-07-01")}})
	got := inv.Alerts(day(t, "2026-06-10"), 0)
	if len(got) != 1 || got[0].Kind != AlertRenewal || got[0].ToolName != "Free Tier" {
		t.Fatalf("a free tool's renewal in 21 days: got %+v, want one renewal alert", got)
	}
}
