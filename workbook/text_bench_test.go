package workbook

import "testing"

// BenchmarkCleanLineClean: CleanLine on text that needs no cleaning, the
// usual case (every cell `list` prints goes through it).
func BenchmarkCleanLineClean(b *testing.B) {
	cells := []string{"3f2a9c81d0e4b7a6", "Alderbrook Middle School 0042", "Riverside Unified School District", "2025-26", "edtech-systems@1"}
	for b.Loop() {
		for _, c := range cells {
			if CleanLine(c) != c {
				b.Fatal("changed")
			}
		}
	}
}
