package main

import (
	"bytes"
	"strings"
	"testing"
)

// The report the inventory's step reads holds 100,000 data rows, and the
// Go benchmarks' figures are read out of their output.
func TestInventoryBenchInputsAndFigures(t *testing.T) {
	if n := bytes.Count(invReportCSV(), []byte("\n")); n != 100_001 {
		t.Fatalf("the report has %d lines, want a header and 100,000 rows", n)
	}
	if n := bytes.Count(invToolsCSV(invTools), []byte("\n")); n != invTools+1 {
		t.Fatalf("the tools file has %d lines, want a header and %d rows", n, invTools)
	}
	out := strings.Join([]string{
		"BenchmarkFirstFrame/Home-1000-sessions-2         	     100	   3400000 ns/op	         3.40 ms-median	         9.1 ms-p99",
		"BenchmarkFirstFrame/Inventory-2000-tools-2       	      80	  13100000 ns/op	        13.1 ms-median	        20.0 ms-p99",
		"BenchmarkFirstFrame/Inventory-2000-tools-after-Home-2 	 5000	    330000 ns/op	         0.33 ms-median	         1.0 ms-p99",
		"BenchmarkInventoryFilterKeypress-2 	   20000	     65000 ns/op	         0.065 ms-median	         1.5 ms-p99	 1000 B/op	 10 allocs/op",
		"BenchmarkImport100kRows-2   	      20	  52000000 ns/op	  78.0 MB/s	 1000 B/op	 10 allocs/op",
	}, "\n")
	r := &invResult{homeFF: -1, invFF: -1, invFFAfter: -1, filterMed: -1, filterP99: -1, importGo: -1}
	parseInventoryBench(out, r)
	if r.homeFF != 3.4 || r.invFF != 13.1 || r.invFFAfter != 0.33 || r.filterMed != 0.065 || r.filterP99 != 1.5 || r.importGo != 52 {
		t.Fatalf("figures read: %+v", *r)
	}
}
