package workbook_test

import (
	"bytes"
	"strings"
	"testing"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
)

func TestInventoryFileRoundTrip(t *testing.T) {
	inv := testfixture.HostileInventory(t)
	data, err := workbook.MarshalInventory("Riverside", testfixture.InventoryToday(), inventory.DefaultCriteria(), inv)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsAny(data, "\x1b\u202e") {
		t.Fatal("hidden characters were written raw; they must be \\u escapes")
	}
	f, err := workbook.ImportInventory(data)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := workbook.MarshalInventory(f.District, f.Exported, f.Criteria, f.Inventory)
	if !bytes.Equal(data, again) {
		t.Fatal("reading and writing the file again changed it")
	}
	if f.Inventory.Tool("classhub").Purpose != inv.Tool("classhub").Purpose {
		t.Fatal("the hostile text did not survive the round trip as data")
	}
}

func TestInventoryFileRefusals(t *testing.T) {
	good, err := workbook.MarshalInventory("Riverside", testfixture.InventoryToday(), inventory.DefaultCriteria(), testfixture.Inventory(t))
	if err != nil {
		t.Fatal(err)
	}
	edit := func(old, new string) string {
		if !bytes.Contains(good, []byte(old)) {
			t.Fatalf("%q is not in the file", old)
		}
		return strings.Replace(string(good), old, new, 1)
	}
	cases := map[string]struct{ data, want string }{
		"a session file":       {`{"format":"edtech-workbook/session","version":1}`, `not an edtech-workbook inventory file (format "edtech-workbook/session"`},
		"a newer version":      {edit(`"version": 1`, `"version": 9`), "written by a newer edtech-workbook"},
		"an unknown key":       {edit(`"district": "Riverside"`, `"district": "Riverside", "colour": "red"`), `unknown key "colour"`},
		"a key twice":          {edit(`"district": "Riverside"`, `"district": "Riverside", "district": "Other"`), `the key "district" twice`},
		"a bad status":         {edit(`"status": "approved"`, `"status": "maybe"`), `status "maybe" is not one of`},
		"a bad date":           {edit(`"renewal": "2027-01-31"`, `"renewal": "31/01/2027"`), `date "31/01/2027" should be written like 2026-09-01`},
		"not UTF-8":            {edit(`Riverside`, "River\xffside"), "not valid UTF-8 at byte"},
		"an overlap to nobody": {edit(`"overlaps": [`+"\n"+`            "classhub"`, `"overlaps": [`+"\n"+`            "nobody"`), `lists "nobody", which is not in the inventory`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := workbook.ImportInventory([]byte(c.data))
			if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("ImportInventory = %v; want one line with %q", err, c.want)
			}
		})
	}
}
