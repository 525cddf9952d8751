package store

import (
	"fmt"
	"testing"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook/inventory"
)

// inventoryOf returns an inventory of n realistic tools: each a copy of
// one of the fixture's tools under a new name, with its usage, money,
// privacy and access filled in.
func inventoryOf(tb testing.TB, n int) *inventory.Inventory {
	tb.Helper()
	base := testfixture.Inventory(tb)
	inv := &inventory.Inventory{}
	for i := range n {
		t := base.Tools[i%len(base.Tools)].Clone()
		t.ID, t.Name, t.Fit.Overlaps = "", fmt.Sprintf("%s %d", t.Name, i), nil
		if _, err := inv.AddTool(t); err != nil {
			tb.Fatal(err)
		}
	}
	return inv
}

// storeWithTools is a workbook file holding n tools.
func storeWithTools(b *testing.B, n int) *Store {
	b.Helper()
	st := openTemp(b)
	inv, err := st.Inventory()
	if err != nil {
		b.Fatal(err)
	}
	inv.Inventory = inventoryOf(b, n)
	if _, err := st.SaveInventory(inv); err != nil {
		b.Fatal(err)
	}
	_ = st.Close()
	return st
}

// BenchmarkInventory2000 reads a 2,000-tool inventory whole, in a fresh
// process's way (the file opened first): what `inventory export` reads.
func BenchmarkInventory2000(b *testing.B) {
	st := storeWithTools(b, 2000)
	b.ReportAllocs()
	for b.Loop() {
		_ = st.Close()
		inv, err := st.Inventory()
		if err != nil || len(inv.Tools) != 2000 {
			b.Fatal(err)
		}
	}
}

// BenchmarkInventoryList2000 reads the list entries of 2,000 tools: what
// `inventory list` and the inventory screen read.
func BenchmarkInventoryList2000(b *testing.B) {
	st := storeWithTools(b, 2000)
	b.ReportAllocs()
	for b.Loop() {
		_ = st.Close()
		inv, err := st.InventoryList()
		if err != nil || len(inv.Tools) != 2000 {
			b.Fatal(err)
		}
	}
}

// BenchmarkSaveInventory2000 is one tool changed in a 2,000-tool
// inventory and saved (all records verified, one written, fsync included).
func BenchmarkSaveInventory2000(b *testing.B) {
	st := storeWithTools(b, 2000)
	inv, err := st.Inventory()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		inv.Tools[7].Notes = fmt.Sprint("note ", i)
		if inv, err = st.SaveInventory(inv); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpenWith2000Tools is Open of a file holding 2,000 tools: the
// inventory costs an open only its pages' share of the page check.
func BenchmarkOpenWith2000Tools(b *testing.B) {
	path := storeWithTools(b, 2000).Path()
	b.ReportAllocs()
	for b.Loop() {
		st, err := Open(path, ReadWrite)
		if err != nil {
			b.Fatal(err)
		}
		_ = st.Close()
	}
}
