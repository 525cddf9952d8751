package inventory

import (
	"bytes"
	"fmt"
	"testing"
)

// usageCSV builds a Clever-style daily report: tools × days rows.
func usageCSV(tools, days int) []byte {
	var b bytes.Buffer
	b.WriteString("App,Unique Users,Total Logins,Date\n")
	start := NewDate(2025, 9, 1)
	for d := range days {
		date := start.AddDays(d).String()
		for i := range tools {
			fmt.Fprintf(&b, "Learning App %d Inc.,%d,%d,%s\n", i, 10+i%50, 100+d, date)
		}
	}
	return b.Bytes()
}

// benchInventory has 2,000 tools; 400 of the 500 tools in the report are
// among them, spelled a little differently.
func benchInventory(tb testing.TB) *Inventory {
	inv := &Inventory{}
	for i := range 2000 {
		name := fmt.Sprintf("learning app %d", i)
		if i >= 400 {
			name = fmt.Sprintf("Other Tool %d", i)
		}
		mustAdd(tb, inv, Tool{Name: name, Status: Approved})
	}
	return inv
}

func TestUsageCSVShape(t *testing.T) {
	data := usageCSV(500, 200)
	f, err := ParseUsage(data, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Rows != 100_000 || len(f.Tools) != 500 {
		t.Fatalf("rows %d tools %d", f.Rows, len(f.Tools))
	}
	inv := benchInventory(t)
	out, rec, err := Apply(inv, f, Propose(inv, f), ApplyOptions{Imported: NewDate(2026, 4, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Tools != 500 || rec.Added != 100 || len(out.Tools) != 2100 {
		t.Errorf("record %+v, tools %d", rec, len(out.Tools))
	}
	if u := out.Tool("learning-app-7").Usage[0]; u.Sessions != Known(200*100+199*200/2) || u.ActiveUsers != Known(17) {
		t.Errorf("learning app 7 = %+v", u)
	}
}

// BenchmarkImport100kRows parses a 100,000-row report (500 tools × 200
// days), proposes matches against a 2,000-tool inventory and applies them.
func BenchmarkImport100kRows(b *testing.B) {
	data := usageCSV(500, 200)
	inv := benchInventory(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := ParseUsage(data, ImportOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := Apply(inv, f, Propose(inv, f), ApplyOptions{Imported: NewDate(2026, 4, 1)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParse100kRows is the parsing part alone.
func BenchmarkParse100kRows(b *testing.B) {
	data := usageCSV(500, 200)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseUsage(data, ImportOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProposeApply is matching and applying 500 tools against 2,000.
func BenchmarkProposeApply(b *testing.B) {
	f, err := ParseUsage(usageCSV(500, 200), ImportOptions{})
	if err != nil {
		b.Fatal(err)
	}
	inv := benchInventory(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Apply(inv, f, Propose(inv, f), ApplyOptions{Imported: NewDate(2026, 4, 1)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImportDistinctNames is the worst case: 20,000 rows, each a
// different tool none of which is in a 2,000-tool inventory (a network
// report listing every site visited), so every name is searched for a close
// spelling and added.
func BenchmarkImportDistinctNames(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("Site,Users,Visits\n")
	for i := range 20_000 {
		fmt.Fprintf(&buf, "site-%d.example.org,%d,%d\n", i, i%40, i%90)
	}
	data := buf.Bytes()
	inv := benchInventory(b)
	opt := ImportOptions{Mapping: Mapping{RoleTool: "Site", RoleActiveUsers: "Users", RoleSessions: "Visits"}, Source: FromNetwork,
		Period: Period{NewDate(2025, 9, 1), NewDate(2025, 9, 30)}}
	b.ReportAllocs()
	for b.Loop() {
		f, err := ParseUsage(data, opt)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := Apply(inv, f, Propose(inv, f), ApplyOptions{Imported: NewDate(2026, 4, 1)}); err != nil {
			b.Fatal(err)
		}
	}
}
