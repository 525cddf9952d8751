package export

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/aymanbagabas/go-udiff"
	_ "github.com/charmbracelet/x/exp/golden" // registers the -update flag used below
)

// exportGoldenDir holds the export goldens; `go test ./workbook/export -update`
// rewrites them (review the diff like code).
const exportGoldenDir = "testdata/export"

// requireGolden compares out with testdata/export/name, rewriting the file
// under -update.
func requireGolden(t *testing.T, name string, out []byte) {
	t.Helper()
	path := filepath.Join(exportGoldenDir, name)
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.MkdirAll(exportGoldenDir, 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, out, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden %s: %v (run `go test ./workbook/export -update` to create it)", path, err)
	}
	if string(want) != string(out) {
		t.Fatalf("%s differs from its golden (rerun with -update if the change is intended):\n%s", name,
			udiff.Unified(path, "got", string(want), string(out)))
	}
}
