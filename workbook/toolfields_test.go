package workbook_test

import (
	"reflect"
	"testing"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
)

// Every field reads back what it writes: Set(Get(t)) leaves every tool of
// the fixture exactly as it was, so opening a field and leaving it never
// changes a tool.
func TestToolFieldsRoundTrip(t *testing.T) {
	inv := testfixture.Inventory(t)
	seen := map[string]bool{}
	for _, f := range workbook.ToolFields() {
		if seen[f.Key] {
			t.Fatalf("field %s is declared twice", f.Key)
		}
		seen[f.Key] = true
		if f.Title == "" || f.Help == "" || f.Section == "" {
			t.Errorf("field %s lacks a title, help or section", f.Key)
		}
		for _, tool := range inv.Tools {
			c := tool.Clone()
			if err := f.Set(inv, &c, f.Get(&tool)); err != nil {
				t.Fatalf("%s of %s: %v", f.Key, tool.ID, err)
			}
			if !reflect.DeepEqual(c, tool) && !(f.Key == "cost" && tool.Money.CostCents == 0) {
				t.Errorf("%s of %s: %+v became %+v", f.Key, tool.ID, tool, c)
			}
		}
	}
	for _, s := range workbook.ToolSections() {
		found := false
		for _, f := range workbook.ToolFields() {
			found = found || f.Section == s
		}
		if !found {
			t.Errorf("section %s has no field", s)
		}
	}
}

func TestToolFieldsParse(t *testing.T) {
	tool := inventory.Tool{ID: "x", Name: "X", Status: inventory.Approved}
	inv := testfixture.Inventory(t)
	set := func(key, v string) error {
		f, ok := workbook.ToolFieldByKey(key)
		if !ok {
			t.Fatalf("no field %s", key)
		}
		return f.Set(inv, &tool, v)
	}
	for _, c := range []struct{ key, v, err string }{
		{"cost", "$18,000.5", ""},
		{"renewal", "2027-02-30", `date "2027-02-30" should be written like 2026-09-01`},
		{"cost", "eighteen", `"eighteen" is not an amount of dollars; write it like 18000 or 1250.50`},
		{"licences", "-3", `"-3" is not a whole number of licences`},
		{"paid", "maybe", `"maybe" is not yes or no`},
		{"overlaps", "Class Hub, Readalong", ""},
		{"overlaps", "Nothing", `no tool "Nothing" in the inventory; see the list of tools for ids and names`},
		{"status", "retired", `status "retired" is not one of requested, piloting, approved, core, retiring, declined`},
	} {
		err := set(c.key, c.v)
		if got := ""; err != nil {
			got = err.Error()
			if got != c.err {
				t.Errorf("%s=%q: %q, want %q", c.key, c.v, got, c.err)
			}
		} else if c.err != "" {
			t.Errorf("%s=%q: no error, want %q", c.key, c.v, c.err)
		}
	}
	if tool.Money.CostCents != 1_800_050 || !tool.Money.Paid || len(tool.Fit.Overlaps) != 2 {
		t.Errorf("tool after the good values: %+v", tool)
	}
	for cents, want := range map[int64]string{0: "$0", 1_800_000: "$18,000", 125_050: "$1,250.50", 5: "$0.05", 123_456_789_00: "$123,456,789"} {
		if got := workbook.Dollars(cents); got != want {
			t.Errorf("Dollars(%d) = %q, want %q", cents, got, want)
		}
	}
}
