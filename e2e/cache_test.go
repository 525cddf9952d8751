package e2e

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSourcesReadForCache reads every file the binary is built from. TestMain
// builds the app with `go build`, which go test's result cache cannot see;
// files a test opens are part of the cache key, so reading them here makes a
// change anywhere in the app re-run these tests instead of replaying a pass.
func TestSourcesReadForCache(t *testing.T) {
	n := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != ".." || d.Name() == "testdata" || d.Name() == "e2e") {
			return filepath.SkipDir
		}
		name := d.Name()
		if d.IsDir() || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		if strings.HasSuffix(name, ".go") || name == "go.mod" || name == "go.sum" ||
			strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".tmpl") || name == "demo.json" {
			if _, err := os.ReadFile(path); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Fatalf("read only %d source files from the module root; is the test running from e2e/?", n)
	}
}
