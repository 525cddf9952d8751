package inventory

import (
	"strings"
	"testing"
)

// day parses 2006-01-02 or fails the test.
func day(t testing.TB, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// mustAdd adds a tool or fails the test, returning its id.
func mustAdd(t testing.TB, inv *Inventory, tool Tool) string {
	t.Helper()
	id, err := inv.AddTool(tool)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// oneLine fails when an error message spans lines.
func oneLine(t testing.TB, err error) {
	t.Helper()
	if err != nil && strings.ContainsAny(err.Error(), "\r\n") {
		t.Errorf("error is not one line: %q", err)
	}
}

// sample is a small inventory: a core reading tool with an agreement,
// a paid math tool, and a free tool in a pilot.
func sample(t testing.TB) *Inventory {
	t.Helper()
	inv := &Inventory{}
	mustAdd(t, inv, Tool{Name: "Lexia Core5", Vendor: "Lexia Learning", Purpose: "reading fluency practice for early readers",
		UseCases: []string{"phonics practice", "reading intervention"}, Status: Core, Support: []string{"Getting-started guide"},
		Money:   Money{Paid: true, CostCents: 1_200_000, Licences: 800, Renewal: day(t, "2026-08-01")},
		Privacy: Privacy{Agreement: AgreementSigned, Signed: day(t, "2024-07-01"), Expires: day(t, "2027-06-30")}})
	mustAdd(t, inv, Tool{Name: "IXL", Vendor: "IXL Learning", Purpose: "math skill practice", Status: Approved,
		Money: Money{Paid: true, CostCents: 500_000, Funding: Funding{Source: "relief funds", OneTime: true, Ends: day(t, "2026-09-30")}}})
	mustAdd(t, inv, Tool{Name: "Book Creator", Purpose: "students make digital books", Status: Piloting})
	return inv
}
