package testfixture

import (
	"testing"

	"edtech-workbook/workbook/inventory"
	"edtech-workbook/workbook/templatefile"
)

// InventoryToday is the day the inventory fixtures are seen from: renewals
// and agreement expiries are counted from it.
func InventoryToday() inventory.Date { return inventory.NewDate(2026, 11, 20) }

// Inventory is the demo district's inventory (content/demo-inventory.json,
// what `edtech-workbook demo` stores): six tools in every status but
// requested (made-up products, so nothing here is a claim about a real
// one), a usage import, last year's snapshot, a selection request reviewed
// by two people and decided, and two evaluations, one of them retiring a
// tool with its transition plan. Criteria are inventory.DefaultCriteria.
func Inventory(t testing.TB) *inventory.Inventory {
	t.Helper()
	f, err := templatefile.DemoInventory()
	if err != nil {
		t.Fatal(err)
	}
	if errs := f.Inventory.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	return f.Inventory
}

// HostileInventory is Inventory with hostile text in the fields every
// output shows: terminal escapes, bidi controls, HTML and Markdown markup
// and a spreadsheet formula.
func HostileInventory(t testing.TB) *inventory.Inventory {
	t.Helper()
	inv := Inventory(t)
	const evil = "\x1b]8;;http://x\x07<script>alert(1)</script> *bold* | \u202eevil\u202c"
	tl := inv.Tool("classhub")
	tl.Name = "=HYPERLINK(\"http://x\",\"ClassHub\")"
	tl.Purpose = evil
	tl.Support = []string{"@SUM(A1:A2)", evil}
	tl.Privacy.DataCollected = []string{"+cmd", evil}
	tl.Vendor = "-2+3"
	inv.Requests[0].Reason = evil
	inv.Evaluations[0].Reason = evil
	return inv
}
