package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"
)

// row is one line of the target table.
type row struct {
	what, target, ratio, context, pass string
}

func passMark(ok bool) string {
	if ok {
		return "yes"
	}
	return "**NO**"
}

// count prints n with a thousands separator (10,000).
func count(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func sizeName(n int) string {
	if n == 0 {
		return "empty file"
	}
	return count(n) + " sessions"
}

const notMeasured = "not measured (see the errors below)"

func (b *bench) rows() []row {
	if b.cfg.only == "inventory" {
		return b.inventoryRows()
	}
	if b.cfg.only == "startup" {
		return b.ratioRows()[:len(b.cfg.sizes)+4] // first frames, keypress, list, export, carry
	}
	return b.ratioRows()
}

// ratioRows are the rows of the full run.
func (b *bench) ratioRows() []row {
	var out []row
	floor := b.first["floor"]
	gum := b.first["gum"]
	for _, n := range b.cfg.sizes {
		r := row{what: "first frame, " + sizeName(n), target: "≤ 1.15× the Bubble Tea floor"}
		app := b.first[fmt.Sprintf("app@%d", n)]
		if len(app) == 0 || len(floor) == 0 {
			r.ratio, r.context, r.pass = "–", notMeasured, "–"
			out = append(out, r)
			continue
		}
		q := ratio(app, floor)
		r.ratio = fmtRatio(q)
		r.context = "app " + app.summary() + " · floor " + fmtMS(floor.median())
		if len(gum) > 0 {
			r.context += fmt.Sprintf(" · gum choose %s (app ÷ gum %s)", fmtMS(gum.median()), fmtRatio(ratio(app, gum)))
		}
		r.pass = passMark(q <= 1.15)
		out = append(out, r)
	}

	r := row{what: "keypress → visible change, self-assessment", target: "≤ 1.1× the floor's keypress → visible"}
	if app, fl := b.keys["app"], b.keys["floor"]; len(app) > 0 && len(fl) > 0 {
		q := ratio(app, fl)
		r.ratio, r.pass = fmtRatio(q), passMark(q <= 1.1)
		r.context = "app " + app.summary() + " · floor " + fl.summary()
	} else {
		r.ratio, r.context, r.pass = "–", notMeasured, "–"
	}
	out = append(out, r)

	version := b.cmds["--version"]
	for _, c := range []string{"list", "export", "carry"} {
		label := map[string]string{"list": "`list`", "export": "`export SESSION --format md`", "carry": "`carry SESSION`"}[c]
		r := row{what: fmt.Sprintf("%s, %s", label, sizeName(b.cfg.big)), target: fmt.Sprintf("≤ 2× the same at %d sessions", b.cfg.small)}
		big, small := b.cmds[fmt.Sprintf("%s@%d", c, b.cfg.big)], b.cmds[fmt.Sprintf("%s@%d", c, b.cfg.small)]
		if len(big) == 0 || len(small) == 0 || len(version) == 0 {
			r.ratio, r.context, r.pass = "–", notMeasured, "–"
			out = append(out, r)
			continue
		}
		q := ratio(big, small)
		r.ratio, r.pass = fmtRatio(q), passMark(q <= 2)
		r.context = fmt.Sprintf("%s: %s · %d: %s · `--version` %s (%s ÷ `--version` %s)",
			count(b.cfg.big), big.summary(), b.cfg.small, fmtMS(small.median()), fmtMS(version.median()),
			count(b.cfg.big), fmtRatio(ratio(big, version)))
		out = append(out, r)
	}

	out = append(out, b.cohortRows()...)
	out = append(out, b.inventoryRows()...)

	r = row{what: "`export --all --format md`, " + sizeName(b.cfg.big), target: "≤ 10 s", ratio: "(absolute)"}
	switch {
	case b.exportAll != nil:
		r.context = fmt.Sprintf("%s, peak RSS %s (one run)", fmtMS(ms(b.exportAll.wall)), fmtMB(b.exportAll.maxRSSK))
		r.pass = passMark(b.exportAll.wall <= 10*time.Second)
	case b.allNote != "":
		r.context, r.pass = b.allNote, "n/a"
	default:
		r.context, r.pass = notMeasured, "–"
	}
	out = append(out, r)

	r = row{what: "`doctor`, " + sizeName(b.cfg.big), target: "≤ 4 s, peak RSS ≤ 100 MB", ratio: "(absolute)"}
	if len(b.doctor) > 0 {
		peak := slices.Max(b.doctorRSS)
		r.context = fmt.Sprintf("%s, peak RSS %s (wait4; highest of %d)", b.doctor.summary(), fmtMB(peak), len(b.doctorRSS))
		if len(version) > 0 {
			r.context += fmt.Sprintf(" · `--version` %s", fmtMS(version.median()))
		}
		r.pass = passMark(b.doctor.median() <= 4000 && peak <= 100*1024)
	} else {
		r.context, r.pass = notMeasured, "–"
	}
	out = append(out, r)

	r = row{what: "idle app, " + sizeName(b.cfg.big), target: "RSS ≤ 25 MB, no CPU while idle (none beyond the floor's)", ratio: "(absolute)"}
	if len(b.idleApp) > 0 && len(b.idleFloor) > 0 {
		rss, ticks, cpu, hwm := idleSummary(b.idleApp)
		frss, fticks, fcpu, _ := idleSummary(b.idleFloor)
		r.context = fmt.Sprintf("VmRSS %s (VmHWM %s), %d ticks = %.1f ms CPU in %d × %v · floor %s, %d ticks = %.1f ms",
			fmtMB(rss), fmtMB(hwm), ticks, cpu, len(b.idleApp), b.cfg.idle, fmtMB(frss), fticks, fcpu)
		r.ratio = "CPU " + fmtRatio(cpu/fcpu) + " the floor's"
		r.pass = passMark(rss <= 25*1024 && idleCPUOK(cpu, fcpu))
	} else {
		r.context, r.pass = notMeasured, "–"
	}
	out = append(out, r)
	return out
}

// idleCPUOK: a bare Bubble Tea v2 program is not free while idle (its
// renderer ticks at 60 fps: ~10 ms of CPU a second here), so "no CPU while
// idle" means none beyond the floor's, with 25% + 2 ms for noise.
func idleCPUOK(appMS, floorMS float64) bool { return appMS <= floorMS*1.25+2 }

// idleSummary is the median VmRSS, the total ticks and CPU ms, and the
// highest VmHWM of the runs.
func idleSummary(s []idleSample) (rss, ticks int64, cpuMS float64, hwm int64) {
	var r sample
	for _, x := range s {
		r = append(r, float64(x.rssKB))
		ticks += x.ticks
		cpuMS += ms(x.cpu)
		hwm = max(hwm, x.hwmKB)
	}
	return int64(math.Round(r.median())), ticks, cpuMS, hwm
}

func (b *bench) report(w io.Writer) {
	mode := "full"
	if b.cfg.quick {
		mode = "QUICK (smoke test: fewer runs, smaller files; not comparable with the targets)"
	}
	fmt.Fprintf(w, "## edtech-workbook performance: ratios in one interleaved run (%s)\n\n", b.started.UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(w, "- Command: `%s` — mode %s; rounds: first frame %d, keypress %d, commands %d, doctor and idle %d\n",
		commandLine(), mode, b.cfg.rounds, b.cfg.keyRounds, b.cfg.cmdRounds, b.cfg.slowRuns)
	fmt.Fprintf(w, "- Machine: %s; load average (1/5/15 min) at start %s, at end %s\n", machine(), b.loadBeg, loadAvg())
	var files []string
	for _, n := range sortedKeys(b.dbs) {
		files = append(files, fmt.Sprintf("%s (%d MB)", count(n), b.dbSizeMB[n]))
	}
	fmt.Fprintf(w, "- Files: copies of the demo session seeded by scripts/seed: %s sessions; %s seeded in %.1f s\n",
		strings.Join(files, ", "), count(b.cfg.big), b.seedBig.Seconds())
	gumNote := "gum choose " + gumVersion + " (Bubble Tea v1) for first frame"
	if b.gumNote != "" {
		gumNote = b.gumNote
	}
	fmt.Fprintf(w, "- Floors: scripts/floor (a bare Bubble Tea v2 program from this go.mod) for first frame and keypress; `edtech-workbook --version` for commands; %s\n", gumNote)
	fmt.Fprintf(w, "- Each figure: median (IQR p25–p75, n runs); ratio = ratio of medians. Pseudo-terminal %d×%d.\n", cols, rows)
	if b.cfg.keep {
		fmt.Fprintf(w, "- Raw numbers: %s\n", b.raw)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| what | target | measured ratio | absolute context | pass |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	missed := 0
	for _, r := range b.rows() {
		if r.pass == "**NO**" {
			missed++
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", r.what, r.target, r.ratio, r.context, r.pass)
	}
	fmt.Fprintln(w)
	if len(b.failed) == 0 && missed == 0 {
		fmt.Fprintln(w, "Every target met.")
	} else if len(b.failed) == 0 {
		fmt.Fprintf(w, "%d target(s) missed.\n", missed)
	}

	fmt.Fprintln(w)
	fmt.Fprintln(w, "Every figure of this run (ms):")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| measurement | median | p25–p75 | p10–p90 | n |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	line := func(name string, s sample) {
		if len(s) == 0 {
			return
		}
		fmt.Fprintf(w, "| %s | %s | %s–%s | %s–%s | %d |\n", name, fmtNum(s.median()),
			fmtNum(s.quantile(0.25)), fmtNum(s.quantile(0.75)), fmtNum(s.quantile(0.1)), fmtNum(s.quantile(0.9)), len(s))
	}
	for _, k := range b.firstKeys {
		line("first frame: "+k, b.first[k])
	}
	line("keypress → visible: app (self-assessment)", b.keys["app"])
	line("keypress → visible: floor", b.keys["floor"])
	for _, k := range b.cmdOrder {
		line("command: "+k, b.cmds[k])
	}
	line(fmt.Sprintf("command: doctor@%d", b.cfg.big), b.doctor)
	if b.inv != nil {
		line("inventory: i on Home → the table", b.inv.open)
		line("inventory: import 100,000 rows", b.inv.importWall)
	}

	if g := b.gobench; g != nil {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Context: Go benchmarks (in-process; absolute, so noisier than the ratios above):")
		fmt.Fprintln(w)
		if len(g.screens) > 0 {
			fmt.Fprintf(w, "- Keypress → View() per screen (BenchmarkScreenKeypress, 100×30, home lists %s sessions), median / p99 ms: ", count(b.cfg.benchDB))
			var parts []string
			for _, s := range g.screens {
				parts = append(parts, fmt.Sprintf("%s %.2f / %.2f", s.name, s.med, s.p99))
			}
			fmt.Fprintln(w, strings.Join(parts, " · "))
		}
		if g.saveMS > 0 {
			fmt.Fprintf(w, "- Save one answer (BenchmarkSave, fsync included): %.2f ms\n", g.saveMS)
		}
		if g.exportMD > 0 {
			fmt.Fprintf(w, "- Export 1,000 sessions one by one, in-process (BenchmarkExport1000): Markdown %.0f ms, HTML %.0f ms\n", g.exportMD, g.exportHTML)
		}
		for _, n := range g.notes {
			fmt.Fprintln(w, "- not run: "+n)
		}
	}
	if len(b.failed) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintf(w, "%d measurement(s) could not run:\n\n", len(b.failed))
		for _, f := range b.failed {
			fmt.Fprintln(w, "- "+strings.ReplaceAll(f, "\n", "\n  "))
		}
	}
}

func sortedKeys(m map[int]string) []int {
	var k []int
	for n := range m {
		k = append(k, n)
	}
	slices.Sort(k)
	return k
}
