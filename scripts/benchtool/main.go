// Command benchtool measures edtech-workbook against the targets of issue 15
// as ratios, each figure beside its floor, in one interleaved run (A B A B …),
// so a busy shared machine slows both sides of a ratio alike. scripts/bench
// runs it:
//
//	scripts/bench                  # full: empty / 1,000 / 10,000 sessions
//	BENCH_QUICK=1 scripts/bench    # smoke test: fewer runs, 1,000 at most
//	BENCH_KEEP=1 scripts/bench     # keep the work folder (binaries, files, raw numbers)
//	BENCH_RUNS=40 scripts/bench    # first-frame rounds (keypress and commands scale with it)
//	BENCH_ONLY=inventory scripts/bench   # the tool inventory's targets alone (inventory.go)
//	BENCH_ONLY=startup scripts/bench     # first frame, keypress and the commands alone
//
// It builds the app, the floor program (scripts/floor) and scripts/seed from
// this checkout, builds gum v0.17.0 when it can, seeds workbook files, and
// measures real processes:
//
//   - first frame: each program starts in a pseudo-terminal of 100×30; the
//     clock runs from just before the start to the read that brings the bytes
//     which put the marker text on the emulated screen (the home screen's
//     "Sessions (N)", the floor's "floor ready", gum's last item);
//   - keypress → visible: on the self-assessment, from writing a rating key to
//     the read after which the screen differs; the floor the same way;
//   - commands: wall time from start to wait4 (and wait4's peak RSS);
//   - idle: VmRSS and CPU ticks of the app on the home screen over 2 s.
//
// Progress goes to standard error, the report (Markdown) to standard output.
// Exit status: 0 when every measurement ran, whether targets were met or
// not; 1 when one could not run; 2 for a wrong flag.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Marker texts. The app's come from tui/home.go (and the screens the
// keypress run walks through); when those texts change, change them here.
const (
	floorMarker   = "floor ready"
	emptyMarker   = "Welcome to the edtech workbook"
	overviewText  = "› Overview"
	assessText    = "Indicator "
	keyUp         = "\x1b[A"
	gumVersion    = "v0.17.0" // stack-notes §0.5: the only gum that resolves
	cols, rows    = 100, 30
	startTimeout  = 30 * time.Second
	warmupTimeout = 10 * time.Minute // the first start of a big file refreshes its backup
)

// homeMarkers are the home screen's title once its list is loaded (with or
// without a thousands separator), or its first-run text for an empty file.
func homeMarkers(n int) []string {
	if n == 0 {
		return []string{emptyMarker}
	}
	return []string{fmt.Sprintf("Sessions (%d)", n), fmt.Sprintf("Sessions (%s)", count(n))}
}

// gumItems are what `gum choose` shows; its first frame is the one with the
// last item on it.
var gumItems = []string{"gum-floor-a", "gum-floor-b", "gum-floor-c"}

type config struct {
	repo      string
	quick     bool
	keep      bool
	rounds    int // first-frame rounds
	keyRounds int
	cmdRounds int
	slowRuns  int    // doctor and idle runs
	sizes     []int  // first-frame file sizes, smallest first
	small     int    // commands' small file
	big       int    // commands' big file (the last of sizes)
	benchDB   int    // the file the Go screen benchmarks list (1,000)
	only      string // "inventory": only the tool inventory's measurements; "startup": first frame, keypress and commands
	idle      time.Duration
}

func main() {
	os.Exit(run())
}

func run() int {
	cfg, err := configure()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench: "+err.Error())
		return 2
	}
	b := &bench{cfg: cfg, started: time.Now()}
	defer b.cleanup()
	if err := b.prepare(); err != nil {
		fmt.Fprintln(os.Stderr, "bench: "+err.Error())
		return 1
	}
	b.measure()
	b.report(os.Stdout)
	if len(b.failed) > 0 {
		fmt.Fprintf(os.Stderr, "bench: %d measurement(s) could not run:\n", len(b.failed))
		for _, f := range b.failed {
			fmt.Fprintln(os.Stderr, "  - "+f)
		}
		return 1
	}
	return 0
}

func envBool(name string) bool {
	v := os.Getenv(name)
	return v != "" && v != "0" && v != "false"
}

func configure() (config, error) {
	fs := flag.NewFlagSet("benchtool", flag.ContinueOnError)
	quick := fs.Bool("quick", envBool("BENCH_QUICK"), "smoke test: fewer runs, 1,000 sessions at most (env BENCH_QUICK=1)")
	keep := fs.Bool("keep", envBool("BENCH_KEEP"), "keep the work folder (env BENCH_KEEP=1)")
	runs := fs.Int("runs", 0, "first-frame rounds (env BENCH_RUNS; default 20, quick 5)")
	repo := fs.String("repo", ".", "the edtech-workbook checkout to build")
	only := fs.String("only", os.Getenv("BENCH_ONLY"), "inventory: only the tool inventory's measurements, on a 1,000-session file; startup: only first frame, keypress and the commands (env BENCH_ONLY)")
	if err := fs.Parse(os.Args[1:]); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected argument %q; see -h", fs.Arg(0))
	}
	if *runs == 0 && os.Getenv("BENCH_RUNS") != "" {
		n, err := strconv.Atoi(os.Getenv("BENCH_RUNS"))
		if err != nil || n < 1 {
			return config{}, fmt.Errorf("BENCH_RUNS=%q is not a positive number; set it to e.g. 20", os.Getenv("BENCH_RUNS"))
		}
		*runs = n
	}
	abs, err := filepath.Abs(*repo)
	if err != nil {
		return config{}, err
	}
	if _, err := os.Stat(filepath.Join(abs, "go.mod")); err != nil {
		return config{}, fmt.Errorf("%s has no go.mod; run the bench from the edtech-workbook checkout (scripts/bench does)", abs)
	}
	c := config{repo: abs, quick: *quick, keep: *keep, small: 10, benchDB: 1000, idle: 2 * time.Second}
	if c.quick {
		c.rounds, c.sizes, c.slowRuns = 5, []int{0, 100, 1000}, 1
	} else {
		c.rounds, c.sizes, c.slowRuns = 20, []int{0, 1000, 10000}, 3
	}
	switch *only {
	case "":
	case "inventory":
		c.only, c.sizes = *only, []int{c.benchDB}
	case "startup":
		c.only = *only
	default:
		return config{}, fmt.Errorf("-only %q is not a part the bench measures alone; use -only inventory, -only startup or leave it out", *only)
	}
	if *runs > 0 {
		c.rounds = *runs
	}
	if *runs < 0 {
		return config{}, fmt.Errorf("-runs %d is not a positive number", *runs)
	}
	c.keyRounds = c.rounds * 5 // the renderer's frame tick spreads these over 0–17 ms
	c.cmdRounds = max(c.rounds*3/4, 3)
	c.big = c.sizes[len(c.sizes)-1]
	return c, nil
}

// bench holds the built programs, the seeded files and the results.
type bench struct {
	cfg     config
	started time.Time
	work    string
	raw     string
	env     []string // the children's environment
	loadBeg string

	app, floor, seed, gum string
	gumNote               string // why gum is not measured, if it is not
	dbs                   map[int]string
	dbSizeMB              map[int]int64
	seedBig               time.Duration
	ids                   map[int]string // a session id in the small and big files

	first     map[string]sample // subject -> runs
	firstKeys []string
	keys      map[string]sample // "app", "floor"
	cmds      map[string]sample
	cmdOrder  []string
	exportAll *cmdResult
	allNote   string
	doctor    sample
	doctorRSS []int64
	idleApp   []idleSample
	idleFloor []idleSample
	gobench   *goBench
	inv       *invResult
	cohort    []*cohortRun

	failed []string
}

func (b *bench) say(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "[%5.1fs] %s\n", time.Since(b.started).Seconds(), fmt.Sprintf(format, args...))
}

func (b *bench) fail(what string, err error) {
	b.failed = append(b.failed, what+": "+err.Error())
	b.say("FAILED %s: %v", what, err)
}

func (b *bench) cleanup() {
	if b.work == "" {
		return
	}
	if b.cfg.keep {
		b.say("kept %s (raw numbers in %s)", b.work, b.raw)
		return
	}
	_ = os.RemoveAll(b.work)
}

// childEnv is the environment of every program measured: ours, without the
// variables that change the app's behaviour, in a 256-colour terminal.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "TERM", "COLORTERM", "NO_COLOR", "ACCESSIBLE", "EDTECH_WORKBOOK_DB", "TMUX", "COLUMNS", "LINES":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "TERM=xterm-256color", "COLORTERM=truecolor")
}

func (b *bench) prepare() error {
	var err error
	b.work, err = os.MkdirTemp("", "wbbench.")
	if err != nil {
		return fmt.Errorf("cannot create a work folder: %v", err)
	}
	b.raw = filepath.Join(b.work, "raw")
	if err := os.Mkdir(b.raw, 0o700); err != nil {
		return err
	}
	b.env = childEnv()
	b.loadBeg = loadAvg()

	b.say("building the app, the floor and the seeder in %s", b.work)
	for _, p := range []struct {
		out       *string
		name, pkg string
	}{
		{&b.app, "edtech-workbook", "."},
		{&b.floor, "floor", "./scripts/floor"},
		{&b.seed, "seed", "./scripts/seed"},
	} {
		*p.out = filepath.Join(b.work, p.name)
		cmd := exec.Command("go", "build", "-trimpath", "-o", *p.out, p.pkg)
		cmd.Dir = b.cfg.repo
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s failed: %s", p.pkg, strings.TrimSpace(string(out)))
		}
	}
	if b.cfg.only == "" {
		b.gum, b.gumNote = buildGum(b.say)
	} else {
		b.gumNote = "gum not built (-only " + b.cfg.only + ")"
	}

	b.dbs, b.dbSizeMB = map[int]string{}, map[int]int64{}
	sizes := append([]int{b.cfg.small, b.cfg.benchDB}, b.cfg.sizes...)
	for _, n := range sizes {
		if _, ok := b.dbs[n]; ok {
			continue
		}
		path := filepath.Join(b.work, fmt.Sprintf("s%d.db", n))
		start := time.Now()
		if err := b.seedFile(path, n); err != nil {
			return err
		}
		if n == b.cfg.big {
			b.seedBig = time.Since(start)
		}
		b.dbs[n] = path
		if fi, err := os.Stat(path); err == nil {
			b.dbSizeMB[n] = fi.Size() >> 20
		}
	}
	b.say("seeded %d sessions in %.1f s", b.cfg.big, b.seedBig.Seconds())
	return nil
}

// seedFile fills path with n copies of the demo session (scripts/seed, one
// transaction per session, as the app saves). Each of those transactions
// waits for two fsyncs, so on a busy disk 10,000 of them take minutes: the
// file is seeded in memory (/dev/shm) when there is room, and copied.
func (b *bench) seedFile(path string, n int) error {
	target := path
	if dir := memDir(int64(n) * 100 << 10); dir != "" {
		target = filepath.Join(dir, fmt.Sprintf("wbbench-seed-%d-%d.db", os.Getpid(), n))
		defer os.Remove(target)
	}
	b.say("seeding %d sessions into %s", n, target)
	if _, err := runCmd(b.seed, []string{"-db", target, "-n", strconv.Itoa(n)}, b.env, nil); err != nil {
		return fmt.Errorf("seeding %d sessions failed: %v", n, err)
	}
	if target != path {
		if err := copyFile(target, path); err != nil {
			return fmt.Errorf("cannot copy the seeded file to %s: %v", path, err)
		}
	}
	return nil
}

// memDir is /dev/shm when it is a writable folder with need bytes free.
func memDir(need int64) string {
	const dir = "/dev/shm"
	var st syscall.Statfs_t
	if syscall.Statfs(dir, &st) != nil || int64(st.Bavail)*int64(st.Bsize) < need {
		return ""
	}
	if syscall.Access(dir, 2 /* W_OK */) != nil {
		return ""
	}
	return dir
}

// buildGum installs gum v0.17.0 into the user cache once and returns its
// path, or "" and why not.
func buildGum(say func(string, ...any)) (string, string) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", "gum not measured: no cache folder (" + err.Error() + ")"
	}
	dir := filepath.Join(cache, "edtech-workbook-bench", "gum-"+gumVersion)
	bin := filepath.Join(dir, "gum")
	if _, err := os.Stat(bin); err == nil {
		return bin, ""
	}
	say("building gum %s into %s (once)", gumVersion, dir)
	cmd := exec.Command("go", "install", "github.com/charmbracelet/gum@"+gumVersion)
	cmd.Dir = os.TempDir() // outside our module
	cmd.Env = append(os.Environ(), "GOBIN="+dir, "GOFLAGS=-trimpath")
	if out, err := cmd.CombinedOutput(); err != nil {
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		return "", fmt.Sprintf("gum not measured: `go install github.com/charmbracelet/gum@%s` failed (%s)", gumVersion, lines[len(lines)-1])
	}
	return bin, ""
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// step is one part of the run; startup marks the parts -only startup runs.
type step struct {
	what    string
	fn      func() error
	startup bool
}

func (b *bench) measure() {
	steps := []step{
		{"warm-up (backups refreshed)", b.warmUp, true},
		{"first frame", b.firstFrames, true},
		{"keypress → visible", b.keypresses, true},
		{"idle app", b.idleRuns, false},
		{"commands", b.commands, true},
		{"export --all", b.exportAllRun, false},
		{"doctor", b.doctorRuns, false},
		{"cohort", b.cohortRuns, false},
		{"tool inventory", b.inventoryRuns, false},
		{"Go benchmarks", b.goBenchmarks, false},
	}
	switch b.cfg.only {
	case "inventory":
		steps = steps[len(steps)-2 : len(steps)-1]
	case "startup":
		steps = slices.DeleteFunc(steps, func(s step) bool { return !s.startup })
	}
	for _, s := range steps {
		if err := s.fn(); err != nil {
			b.fail(s.what, err)
		}
	}
}

// appArgs opens the app on the file with n sessions.
func (b *bench) appArgs(n int) []string { return []string{"--db", b.dbs[n]} }

// warmUp opens the app once on each file and waits until it has refreshed
// the file's backup (FILE.bak, renamed into place when complete; the app
// takes it after the first frame when the file changed since the last one),
// then quits it. The timed runs then all meet an unchanged file.
func (b *bench) warmUp() error {
	for _, n := range b.cfg.sizes {
		b.say("warm-up: the app on %d sessions, until its backup is refreshed", n)
		bak := b.dbs[n] + ".bak"
		before, _ := os.Stat(bak)
		t, err := startTerm(b.app, b.appArgs(n), b.env, cols, rows)
		if err != nil {
			return err
		}
		if _, err := t.waitText(warmupTimeout, homeMarkers(n)...); err != nil {
			t.close()
			return fmt.Errorf("the app on %d sessions: %v", n, err)
		}
		deadline := time.Now().Add(warmupTimeout)
		for {
			fi, err := os.Stat(bak)
			if err == nil && (before == nil || !os.SameFile(before, fi)) {
				break
			}
			if time.Now().After(deadline) {
				t.close()
				return fmt.Errorf("the app on %d sessions did not refresh %s within %v", n, bak, warmupTimeout)
			}
			t.quiet(50*time.Millisecond, 50*time.Millisecond)
		}
		if err := t.quit("q", warmupTimeout); err != nil {
			return fmt.Errorf("the app on %d sessions: %v", n, err)
		}
	}
	return nil
}

// subject is one program whose first frame is timed.
type subject struct {
	name, bin string
	markers   []string
	args      []string
}

func (b *bench) firstFrames() error {
	subs := []subject{{name: "floor", bin: b.floor, markers: []string{floorMarker}}}
	for _, n := range b.cfg.sizes {
		subs = append(subs, subject{name: fmt.Sprintf("app@%d", n), bin: b.app, markers: homeMarkers(n), args: b.appArgs(n)})
	}
	if b.gum != "" {
		subs = append(subs, subject{name: "gum", bin: b.gum, markers: gumItems[len(gumItems)-1:], args: append([]string{"choose"}, gumItems...)})
	}
	b.first = map[string]sample{}
	for _, s := range subs {
		b.firstKeys = append(b.firstKeys, s.name)
	}
	raw, err := os.Create(filepath.Join(b.raw, "first-frame.tsv"))
	if err != nil {
		return err
	}
	defer raw.Close()
	fmt.Fprintln(raw, "round\tsubject\tms")
	b.say("first frame: %d rounds of %s, interleaved", b.cfg.rounds, strings.Join(b.firstKeys, ", "))
	for r := range b.cfg.rounds {
		for i := range subs {
			s := subs[(i+r)%len(subs)] // rotate, so no program always follows the same one
			d, err := firstFrame(s)
			if err != nil {
				if s.name == "gum" {
					b.gumNote = "gum not measured: " + err.Error()
					b.say("%s", b.gumNote)
					subs = dropSubject(subs, "gum")
					b.firstKeys = dropString(b.firstKeys, "gum")
					delete(b.first, "gum")
					break
				}
				return fmt.Errorf("%s: %v", s.name, err)
			}
			b.first[s.name] = append(b.first[s.name], ms(d))
			fmt.Fprintf(raw, "%d\t%s\t%.3f\n", r, s.name, ms(d))
		}
	}
	for _, k := range b.firstKeys {
		b.say("  %-10s %s", k, b.first[k].summary())
	}
	return nil
}

func dropSubject(s []subject, name string) []subject {
	var out []subject
	for _, x := range s {
		if x.name != name {
			out = append(out, x)
		}
	}
	return out
}

func dropString(s []string, v string) []string {
	var out []string
	for _, x := range s {
		if x != v {
			out = append(out, x)
		}
	}
	return out
}

// firstFrame starts s in a pseudo-terminal and times it to its marker.
func firstFrame(s subject) (time.Duration, error) {
	t, err := startTerm(s.bin, s.args, childEnv(), cols, rows)
	if err != nil {
		return 0, err
	}
	defer t.close()
	return t.waitText(startTimeout, s.markers...)
}

// keypresses times rating keys on the self-assessment against keys on the
// floor, alternating. Both run for the whole loop; before each key the
// screen must have been quiet for a moment (the previous save shown), and
// the first change after the key must show the key's digit.
func (b *bench) keypresses() error {
	db := filepath.Join(b.work, "keys.db")
	if err := copyFile(b.dbs[b.cfg.small], db); err != nil {
		return err
	}
	app, err := startTerm(b.app, []string{"--db", db}, b.env, cols, rows)
	if err != nil {
		return err
	}
	defer app.close()
	steps := []struct {
		key  string
		want []string
	}{{"", homeMarkers(b.cfg.small)}, {"\r", []string{overviewText}}, {"1", []string{assessText}}}
	for _, s := range steps {
		if s.key != "" {
			if _, err := app.ptmx.Write([]byte(s.key)); err != nil {
				return err
			}
		}
		if _, err := app.waitText(startTimeout, s.want...); err != nil {
			return fmt.Errorf("the app, on the way to the self-assessment: %v", err)
		}
	}
	app.quiet(500*time.Millisecond, 5*time.Second) // the start-up backup of this new file
	// A rating key rates the person under the cursor and moves the cursor to
	// the next one; ↑ (untimed) brings it back. Rate the first person 1 first
	// (no change if they were already 1), so that every timed key, 2 and 1 in
	// turn, changes the same rating.
	_, _ = app.ptmx.Write([]byte("1" + keyUp))
	app.quiet(300*time.Millisecond, 5*time.Second)

	floor, err := startTerm(b.floor, nil, b.env, cols, rows)
	if err != nil {
		return err
	}
	defer floor.close()
	if _, err := floor.waitText(startTimeout, floorMarker); err != nil {
		return fmt.Errorf("the floor: %v", err)
	}

	raw, err := os.Create(filepath.Join(b.raw, "keypress.tsv"))
	if err != nil {
		return err
	}
	defer raw.Close()
	fmt.Fprintln(raw, "round\tsubject\tkey\tms")
	b.keys = map[string]sample{}
	// A key waits for the program's next frame tick (60 fps), so most of
	// its latency is the phase of the tick it lands at. Each round's key is
	// sent at a chosen phase (timeKey), the same for the app and the floor,
	// and the rounds' phases are spread evenly over one tick (in an order
	// shuffled the same way every run): both programs meet every phase
	// equally often. Random phases, as before, made the median of 100 keys
	// swing by ±10 % between runs with nothing changed.
	rng := rand.New(rand.NewPCG(15, 15))
	phases := rng.Perm(b.cfg.keyRounds)
	b.say("keypress → visible: %d rounds, the app's self-assessment and the floor, interleaved", b.cfg.keyRounds)
	for r := range b.cfg.keyRounds {
		key := "2"
		if r%2 == 1 {
			key = "1"
		}
		order := []string{"app", "floor"}
		if r%2 == 1 {
			order = []string{"floor", "app"}
		}
		phase := time.Duration(phases[r]) * framePeriod / time.Duration(b.cfg.keyRounds)
		for _, who := range order {
			t := app
			if who == "floor" {
				t = floor
			}
			d, err := timeKey(t, key, phase)
			if err != nil {
				return fmt.Errorf("%s, round %d: %v", who, r+1, err)
			}
			if who == "app" {
				_, _ = t.ptmx.Write([]byte(keyUp))
			}
			b.keys[who] = append(b.keys[who], ms(d))
			fmt.Fprintf(raw, "%d\t%s\t%s\t%.3f\n", r, who, key, ms(d))
		}
	}
	b.say("  app   %s", b.keys["app"].summary())
	b.say("  floor %s", b.keys["floor"].summary())
	return nil
}

// framePeriod is a Bubble Tea program's frame tick at its default 60 fps
// (the app's and the floor's): it writes a frame only on a tick.
const framePeriod = time.Second / 60

// timeKey waits for a quiet screen, then sends key at phase past one of
// the program's frame ticks, and times the first change, which must show
// the key. The ticks are read off the time the last output arrived (a
// frame, written on a tick; how long writing and reading it took is about
// the same every time, so the phase is kept to well under a millisecond).
func timeKey(t *term, key string, phase time.Duration) (time.Duration, error) {
	t.quiet(150*time.Millisecond, 3*time.Second)
	at := time.Now().Add(time.Millisecond)
	if !t.lastAt.IsZero() {
		next := t.lastAt.Add(phase)
		if next.Before(at) {
			next = next.Add((at.Sub(next)/framePeriod + 1) * framePeriod)
		}
		at = next
	}
	time.Sleep(time.Until(at))
	d, changed, err := t.press(key, 5*time.Second)
	if err != nil {
		return 0, err
	}
	for _, line := range changed {
		if strings.Contains(line, key) {
			return d, nil
		}
	}
	return 0, fmt.Errorf("the first change after the key %q does not show it; changed lines:\n%s", key, indent(strings.Join(changed, "\n")))
}

// idleRuns measures the app on the home screen of the big file (and the
// floor) sitting idle: resident set, and CPU over cfg.idle.
func (b *bench) idleRuns() error {
	for i := range b.cfg.slowRuns {
		for _, who := range []string{"app", "floor"} {
			bin, args, markers := b.app, b.appArgs(b.cfg.big), homeMarkers(b.cfg.big)
			if who == "floor" {
				bin, args, markers = b.floor, nil, []string{floorMarker}
			}
			b.say("idle %s, run %d of %d", who, i+1, b.cfg.slowRuns)
			t, err := startTerm(bin, args, b.env, cols, rows)
			if err != nil {
				return err
			}
			if _, err := t.waitText(startTimeout, markers...); err != nil {
				t.close()
				return fmt.Errorf("%s: %v", who, err)
			}
			t.quiet(time.Second, 3*time.Second)
			s, err := sampleIdle(t.pid(), b.cfg.idle)
			t.close()
			if err != nil {
				return err
			}
			if who == "app" {
				b.idleApp = append(b.idleApp, s)
			} else {
				b.idleFloor = append(b.idleFloor, s)
			}
		}
	}
	return b.writeIdleRaw()
}

func (b *bench) writeIdleRaw() error {
	f, err := os.Create(filepath.Join(b.raw, "idle.tsv"))
	if err != nil {
		return err
	}
	defer f.Close()
	fmt.Fprintln(f, "subject\trss_kb\thwm_kb\tticks\tcpu_ms\twindow_s")
	for _, x := range []struct {
		who string
		s   []idleSample
	}{{"app", b.idleApp}, {"floor", b.idleFloor}} {
		for _, s := range x.s {
			fmt.Fprintf(f, "%s\t%d\t%d\t%d\t%.3f\t%.1f\n", x.who, s.rssKB, s.hwmKB, s.ticks, ms(s.cpu), s.window.Seconds())
		}
	}
	return nil
}

// sessionID returns an id from the middle of the file's list.
func (b *bench) sessionID(n int) (string, error) {
	var out strings.Builder
	if _, err := runCmd(b.app, []string{"list", "--json", "--db", b.dbs[n]}, b.env, &out); err != nil {
		return "", err
	}
	var list []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(out.String()), &list); err != nil || len(list) == 0 {
		return "", fmt.Errorf("`list --json` on %d sessions gave no ids (%v)", n, err)
	}
	return list[len(list)/2].ID, nil
}

// commands times list, export SESSION and carry on the small and the big
// file, and --version, interleaved.
func (b *bench) commands() error {
	b.ids = map[int]string{}
	for _, n := range []int{b.cfg.small, b.cfg.big} {
		id, err := b.sessionID(n)
		if err != nil {
			return err
		}
		b.ids[n] = id
	}
	// carry adds a session: the small file is put back before each carry on
	// it; the big one grows by one session per round (0.2% over a full run).
	carrySmall := filepath.Join(b.work, "carry-small.db")
	type job struct {
		name  string
		args  []string
		setup func() error
	}
	jobs := []job{{name: "--version", args: []string{"--version"}}}
	for _, n := range []int{b.cfg.small, b.cfg.big} {
		db := b.dbs[n]
		jobs = append(jobs,
			job{name: fmt.Sprintf("list@%d", n), args: []string{"list", "--db", db}},
			job{name: fmt.Sprintf("export@%d", n), args: []string{"export", b.ids[n], "--format", "md", "--db", db}},
		)
		// --again: every round after the first carries a session that
		// already has one for 2026-27 (carry refuses that without it).
		carry := job{name: fmt.Sprintf("carry@%d", n), args: []string{"carry", b.ids[n], "--year", "2026-27", "--again", "--db", db}}
		if n == b.cfg.small {
			carry.args[len(carry.args)-1] = carrySmall
			carry.setup = func() error { return copyFile(b.dbs[n], carrySmall) }
		}
		jobs = append(jobs, carry)
	}
	b.cmds = map[string]sample{}
	b.cmdOrder = nil
	for _, j := range jobs {
		b.cmdOrder = append(b.cmdOrder, j.name)
	}
	raw, err := os.Create(filepath.Join(b.raw, "commands.tsv"))
	if err != nil {
		return err
	}
	defer raw.Close()
	fmt.Fprintln(raw, "round\tcommand\tms\tmax_rss_kb")
	b.say("commands: %d rounds of %s, interleaved", b.cfg.cmdRounds, strings.Join(b.cmdOrder, ", "))
	for r := range b.cfg.cmdRounds {
		for i := range jobs {
			j := jobs[(i+r)%len(jobs)]
			if j.setup != nil {
				if err := j.setup(); err != nil {
					return err
				}
			}
			res, err := runCmd(b.app, j.args, b.env, nil)
			if err != nil {
				return err
			}
			b.cmds[j.name] = append(b.cmds[j.name], ms(res.wall))
			fmt.Fprintf(raw, "%d\t%s\t%.3f\t%d\n", r, j.name, ms(res.wall), res.maxRSSK)
		}
	}
	for _, k := range b.cmdOrder {
		b.say("  %-14s %s", k, b.cmds[k].summary())
	}
	return nil
}

// exportAllRun times `export --all --format md` on the big file once, when
// this build has the flag.
func (b *bench) exportAllRun() error {
	var help strings.Builder
	_, _ = runCmd(b.app, []string{"export", "--help"}, b.env, &help)
	if !strings.Contains(help.String(), "--all") {
		b.allNote = "not available (this build's `export` has no --all)"
		b.say("export --all: %s", b.allNote)
		return nil
	}
	b.say("export --all --format md on %d sessions", b.cfg.big)
	out := filepath.Join(b.work, "export-all.md")
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	res, err := runCmd(b.app, []string{"export", "--all", "--format", "md", "--db", b.dbs[b.cfg.big]}, b.env, f)
	f.Close()
	if err != nil {
		// A build that wants a folder for many sessions: give it one.
		dir := filepath.Join(b.work, "export-all")
		res2, err2 := runCmd(b.app, []string{"export", "--all", "--format", "md", "-o", dir, "--db", b.dbs[b.cfg.big]}, b.env, nil)
		if err2 != nil {
			return fmt.Errorf("%v; with -o FOLDER: %v", err, err2)
		}
		res = res2
	}
	_ = os.RemoveAll(out)
	_ = os.RemoveAll(filepath.Join(b.work, "export-all"))
	b.exportAll = &res
	b.say("  %s", fmtMS(ms(res.wall)))
	return os.WriteFile(filepath.Join(b.raw, "export-all.tsv"),
		fmt.Appendf(nil, "ms\tmax_rss_kb\n%.3f\t%d\n", ms(res.wall), res.maxRSSK), 0o600)
}

func (b *bench) doctorRuns() error {
	raw, err := os.Create(filepath.Join(b.raw, "doctor.tsv"))
	if err != nil {
		return err
	}
	defer raw.Close()
	fmt.Fprintln(raw, "run\tms\tmax_rss_kb")
	for i := range b.cfg.slowRuns {
		b.say("doctor on %d sessions, run %d of %d", b.cfg.big, i+1, b.cfg.slowRuns)
		res, err := runCmd(b.app, []string{"doctor", "--db", b.dbs[b.cfg.big]}, b.env, nil)
		if err != nil {
			return err
		}
		b.doctor = append(b.doctor, ms(res.wall))
		b.doctorRSS = append(b.doctorRSS, res.maxRSSK)
		fmt.Fprintf(raw, "%d\t%.3f\t%d\n", i, ms(res.wall), res.maxRSSK)
	}
	return nil
}

// machine describes the computer in one line.
func machine() string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		if _, err := fmt.Sscanf(string(b), "MemTotal: %d kB", &kb); err == nil {
			mem = fmt.Sprintf(", %.0f GB RAM", float64(kb)/(1<<20))
		}
	}
	kernel := ""
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		kernel = ", Linux " + strings.TrimSpace(string(b))
	}
	gover := runtime.Version()
	if out, err := exec.Command("go", "env", "GOVERSION").Output(); err == nil {
		gover = strings.TrimSpace(string(out))
	}
	return fmt.Sprintf("%d cores, %s%s%s, %s", runtime.NumCPU(), cpu, mem, kernel, gover)
}

// commandLine is how this run was started, with the BENCH_ settings.
func commandLine() string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "BENCH_") && !strings.HasPrefix(kv, "BENCH_NICED=") {
			env = append(env, kv)
		}
	}
	args := append([]string{"scripts/bench"}, os.Args[1:]...)
	return strings.TrimSpace(strings.Join(env, " ") + " " + strings.Join(args, " "))
}
