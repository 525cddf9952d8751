package main

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// goBench holds the Go benchmarks, reported as context.
type goBench struct {
	screens              []screenKey // BenchmarkScreenKeypress, per screen
	saveMS               float64     // BenchmarkSave
	exportMD, exportHTML float64     // BenchmarkExport1000, ms for 1,000 sessions
	notes                []string    // benchmarks that were not found
}

type screenKey struct {
	name     string
	med, p99 float64
}

// findBenchPackage returns the package (as ./dir) whose tests define the
// benchmark, so the bench follows the code when packages move.
func findBenchPackage(repo, name string) (string, error) {
	needle := []byte("func " + name + "(")
	var found string
	err := filepath.WalkDir(repo, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); path != repo && (strings.HasPrefix(n, ".") || n == "testdata" || n == "scripts") {
				return filepath.SkipDir
			}
			return nil
		}
		if found != "" || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), string(needle)) {
			rel, err := filepath.Rel(repo, filepath.Dir(path))
			if err != nil {
				return err
			}
			found = "./" + filepath.ToSlash(rel)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	if found == "" {
		return "", fmt.Errorf("no test file defines %s", name)
	}
	return found, nil
}

// goBenchmarks runs the Go benchmarks of today's README: keypress → View()
// per screen, one save, 1,000 exports.
func (b *bench) goBenchmarks() error {
	g := &goBench{}
	b.gobench = g
	benchtime := "1s"
	if b.cfg.quick {
		benchtime = "200ms"
	}
	run := func(bench, pattern, file string, env ...string) (string, error) {
		pkg, err := findBenchPackage(b.cfg.repo, bench)
		if err != nil {
			g.notes = append(g.notes, err.Error())
			return "", nil
		}
		b.say("Go benchmarks: %s in %s", pattern, pkg)
		cmd := exec.Command("go", "test", pkg, "-run", "^$", "-bench", pattern, "-benchtime", benchtime, "-count", "1")
		cmd.Dir = b.cfg.repo
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		_ = os.WriteFile(filepath.Join(b.raw, file), out, 0o600)
		if err != nil {
			return "", fmt.Errorf("go test %s -bench %s failed; see %s", pkg, pattern, filepath.Join(b.raw, file))
		}
		return string(out), nil
	}
	out, err := run("BenchmarkScreenKeypress", "^BenchmarkScreenKeypress$", "go-bench-screens.txt", "WORKBOOK_BENCH_DB="+b.dbs[b.cfg.benchDB])
	if err != nil {
		return err
	}
	for _, l := range benchLines(out, "BenchmarkScreenKeypress/") {
		g.screens = append(g.screens, screenKey{name: l.name, med: l.metric("ms-median"), p99: l.metric("ms-p99")})
	}
	out, err = run("BenchmarkSave", "^BenchmarkSave$", "go-bench-save.txt")
	if err != nil {
		return err
	}
	for _, l := range benchLines(out, "BenchmarkSave") {
		if l.name == "" {
			g.saveMS = l.metric("ns/op") / 1e6
		}
	}
	out, err = run("BenchmarkExport1000", "^BenchmarkExport1000$", "go-bench-export.txt")
	if err != nil {
		return err
	}
	for _, l := range benchLines(out, "BenchmarkExport1000/") {
		switch l.name {
		case "md":
			g.exportMD = l.metric("ns/op") / 1e6
		case "html":
			g.exportHTML = l.metric("ns/op") / 1e6
		}
	}
	return nil
}

// benchLine is one result line of `go test -bench`.
type benchLine struct {
	name   string // after the prefix, without the -GOMAXPROCS suffix
	fields []string
}

func (l benchLine) metric(unit string) float64 {
	for i := 1; i+1 < len(l.fields); i++ {
		if l.fields[i+1] == unit {
			v, err := strconv.ParseFloat(l.fields[i], 64)
			if err == nil {
				return v
			}
		}
	}
	return -1
}

// benchLines returns the result lines whose name starts with prefix.
func benchLines(out, prefix string) []benchLine {
	var res []benchLine
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 3 || !strings.HasPrefix(f[0], prefix) {
			continue
		}
		name := strings.TrimPrefix(f[0], prefix)
		if i := strings.LastIndexByte(name, '-'); i >= 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		res = append(res, benchLine{name: name, fields: f})
	}
	return res
}
