package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"edtech-workbook/workbook/templatefile"
)

// Issue 10: kill -9 at random moments of every writing command — import,
// import --merge, carry, template import, export -o FILE, doctor --restore
// and the app's start-up backup — on a real workbook file of a few hundred
// sessions (one of them ~2 MB, so writes take a while). After each kill:
// the file opens and `doctor` passes, the data is what it was before the
// command or what the command makes of it (never half of it), and once the
// command has run again no `.NAME.tmp-*` file is left beside the workbook
// or the export.
//
// The last check needs the store to remove the temp files a killed write
// leaves (the safety-store branch): until then a kill that lands inside a
// temp-file write (export, restore, backup) fails it.
//
// Kills per command: killsPerCommand (E2E_KILLS raises it); the seed is
// logged, and E2E_SEED replays it.

// killsPerCommand is 2 by default (the suite takes ~20 s); E2E_KILLS sets it.
func killsPerCommand() int {
	if n, err := strconv.Atoi(os.Getenv("E2E_KILLS")); err == nil && n > 0 {
		return n
	}
	return 2
}

const (
	killSessions = 200                // demo copies in the workbook
	bigID        = "b16b16b16b16b16b" // the ~2 MB session
	importedID   = "1a1a1a1a1a1a1a1a" // what `import` adds
	coachComment = "c-kill-9-coach"   // what `import --merge` adds
	killTemplate = "kill-nine-template"
)

// killFixture is what every trial starts from (copied, never changed).
type killFixture struct {
	dir      string
	base     string // the workbook file; base+".bak" is the app's backup of it
	changed  string // base plus one imported session (differs from the backup)
	damaged  string // base with one page overwritten (doctor fails; its backup is good)
	bigJSON  string // export of the big session under importedID
	mergeIn  string // export of the big session plus the coach's comment
	tmplYAML string // the built-in template as killTemplate
	export   []byte // `export bigID --format json` of base
}

func TestKill9WritingCommands(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if s, err := strconv.ParseUint(os.Getenv("E2E_SEED"), 10, 64); err == nil {
		seed = s
	}
	t.Logf("seed %d (E2E_SEED=%d replays the kill moments)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, seed^0x5851f42d4c957f2d))
	start := time.Now()
	fx := newKillFixture(t, rng)
	t.Logf("fixture: %d sessions, %s, made in %v", killSessions+1, fileSize(t, fx.base), time.Since(start).Round(time.Millisecond))

	kills := killsPerCommand()
	for _, kc := range killCases(fx) {
		t.Run(kc.name, func(t *testing.T) {
			dur := kc.calibrate(t, fx)
			for i := range kills {
				delay := time.Duration(rng.Int64N(int64(dur) + 1))
				kc.trial(t, fx, i, delay)
			}
		})
	}
	t.Logf("%d kills per command, %d commands, %v in all", kills, len(killCases(fx)), time.Since(start).Round(time.Millisecond))
}

// killCase is one writing command under kill -9.
type killCase struct {
	name string
	// prepare copies the fixture into dir and returns the workbook path.
	prepare func(t *testing.T, fx *killFixture, dir string) string
	args    func(db, dir string) []string
	// check verifies the file after the kill: before or after, never half.
	check func(t *testing.T, fx *killFixture, db, dir string, before killState)
	// app: the command is the app started in tmux (args unused).
	app bool
}

// killState is what a check compares: the sessions, templates, comments.
type killState struct {
	sessions  string // sorted "team|year|template|progress" lines
	templates string // `template list`
	comments  string // comment ids of the big session
}

func stateOf(t *testing.T, db string) killState {
	t.Helper()
	var rows []string
	for _, l := range listJSON(t, db) {
		rows = append(rows, fmt.Sprintf("%s|%s|%s|%d", l.Team, l.SchoolYear, l.Template, l.Progress))
	}
	slices.Sort(rows)
	var ids []string
	if out, _, err := cliRun(nil, "export", bigID, "--format", "json", "--db", db); err == nil {
		var f struct {
			Session struct {
				Comments []struct{ ID string } `json:"comments"`
			} `json:"session"`
		}
		if json.Unmarshal([]byte(out), &f) == nil {
			for _, c := range f.Session.Comments {
				ids = append(ids, c.ID)
			}
		}
	}
	slices.Sort(ids)
	return killState{
		sessions:  strings.Join(rows, "\n"),
		templates: cli(t, "template", "list", "--db", db),
		comments:  strings.Join(ids, ","),
	}
}

// oneOf fails unless got equals before or after (what the command makes).
func oneOf(t *testing.T, what, got, before, after string) {
	t.Helper()
	if got != before && got != after {
		t.Errorf("%s is neither as before the command nor as after it:\n%s\n--- before:\n%s\n--- after:\n%s", what, got, before, after)
	}
}

func killCases(fx *killFixture) []killCase {
	copyBase := func(t *testing.T, fx *killFixture, dir string) string {
		db := filepath.Join(dir, "workbook.db")
		copyFileT(t, fx.base, db)
		copyFileT(t, fx.base+".bak", db+".bak")
		return db
	}
	// cliCase checks a command that writes one part of the state: that part
	// is as before or as after (learnt from the calibration run, which is
	// not killed), every other part as before.
	cliCase := func(name string, args func(db, dir string) []string, writes string) killCase {
		var after string
		return killCase{
			name: name, prepare: copyBase, args: args,
			check: func(t *testing.T, fx *killFixture, db, dir string, before killState) {
				requireDoctorOK(t, db)
				now := stateOf(t, db)
				for part, get := range map[string]func(killState) string{
					"sessions":  func(s killState) string { return s.sessions },
					"templates": func(s killState) string { return s.templates },
					"comments":  func(s killState) string { return s.comments },
				} {
					switch {
					case part != writes:
						if get(now) != get(before) {
							t.Errorf("%s changed the %s, which it does not write:\n%s\n--- before:\n%s", name, part, get(now), get(before))
						}
					case after == "":
						after = get(now)
						if after == get(before) {
							t.Errorf("%s (not killed) left the %s as they were", name, part)
						}
					default:
						oneOf(t, name+": the "+part, get(now), get(before), after)
					}
				}
			},
		}
	}
	return []killCase{
		cliCase("import", func(db, _ string) []string { return []string{"import", fx.bigJSON, "--db", db} }, "sessions"),
		cliCase("import --merge", func(db, _ string) []string { return []string{"import", fx.mergeIn, "--merge", "--db", db} }, "comments"),
		cliCase("carry", func(db, _ string) []string { return []string{"carry", bigID, "--year", "2026-27", "--db", db} }, "sessions"),
		cliCase("template import", func(db, _ string) []string { return []string{"template", "import", fx.tmplYAML, "--db", db} }, "templates"),
		{
			name: "export -o", prepare: copyBase,
			args: func(db, dir string) []string {
				return []string{"export", bigID, "--format", "json", "-o", filepath.Join(dir, "out.json"), "--db", db}
			},
			check: func(t *testing.T, fx *killFixture, db, dir string, before killState) {
				requireDoctorOK(t, db)
				if now := stateOf(t, db); now != before {
					t.Errorf("export -o changed the workbook")
				}
				got, err := os.ReadFile(filepath.Join(dir, "out.json"))
				switch {
				case os.IsNotExist(err): // before
				case err != nil:
					t.Errorf("the export cannot be read: %v", err)
				case !bytes.Equal(got, fx.export):
					t.Errorf("the export holds %d bytes that are not the session's export (%d bytes): half written", len(got), len(fx.export))
				}
			},
		},
		{
			name: "doctor --restore",
			prepare: func(t *testing.T, fx *killFixture, dir string) string {
				db := filepath.Join(dir, "workbook.db")
				copyFileT(t, fx.damaged, db)
				copyFileT(t, fx.base+".bak", db+".bak")
				return db
			},
			args: func(db, _ string) []string { return []string{"doctor", "--restore", "--db", db} },
			check: func(t *testing.T, fx *killFixture, db, dir string, before killState) {
				if _, _, err := cliRun(nil, "doctor", "--db", db); err != nil {
					// Killed before the swap: still the damaged file (or none,
					// between the two renames). Restoring again must work.
					if out, errOut, err := cliRun(nil, "doctor", "--restore", "--db", db); err != nil {
						t.Fatalf("after a killed restore, doctor --restore fails: %v\n%s%s", err, out, errOut)
					}
				}
				requireDoctorOK(t, db)
				if now, want := stateOf(t, db), stateOf(t, fx.base); now != want {
					t.Errorf("the restored file does not hold the backup's sessions:\n%s\n--- backup:\n%s", now.sessions, want.sessions)
				}
			},
		},
		{
			name: "app start-up backup", app: true,
			prepare: func(t *testing.T, fx *killFixture, dir string) string {
				db := filepath.Join(dir, "workbook.db")
				copyFileT(t, fx.changed, db)
				copyFileT(t, fx.base+".bak", db+".bak")
				return db
			},
			check: func(t *testing.T, fx *killFixture, db, dir string, before killState) {
				requireDoctorOK(t, db)
				if now := stateOf(t, db); now != before {
					t.Errorf("opening the app changed the workbook's sessions")
				}
				// Every backup generation (FILE.bak, FILE.bak.1, …) is a whole
				// copy: the file before the change or after it.
				old, changed := stateOf(t, fx.base).sessions, stateOf(t, fx.changed).sessions
				baks, _ := filepath.Glob(db + ".bak*")
				if len(baks) == 0 {
					t.Errorf("no backup is left beside %s", db)
				}
				for _, bak := range baks {
					requireDoctorOK(t, bak)
					oneOf(t, "the backup "+filepath.Base(bak), stateOf(t, bak).sessions, old, changed)
				}
			},
		},
	}
}

// calibrate runs the command once, whole, and returns how long it took:
// the kills land at random moments within that time.
func (kc killCase) calibrate(t *testing.T, fx *killFixture) time.Duration {
	t.Helper()
	dir := t.TempDir()
	db := kc.prepare(t, fx, dir)
	before := stateOf(t, db)
	var dur time.Duration
	if kc.app {
		requireTmux(t)
		dur = timeAppBackup(t, db)
	} else {
		start := time.Now()
		out, errOut, err := cliRun(nil, kc.args(db, dir)...)
		dur = time.Since(start)
		if err != nil {
			t.Fatalf("%s (not killed) fails: %v\n%s%s", kc.name, err, out, errOut)
		}
		// Time it once more with warm caches (the first run also pays for
		// reading the binary and the file): kills should land mid-run.
		if again := t.TempDir(); true {
			db2 := kc.prepare(t, fx, again)
			start = time.Now()
			_, _, _ = cliRun(nil, kc.args(db2, again)...)
			dur = min(dur, time.Since(start))
		}
	}
	kc.check(t, fx, db, dir, before)
	t.Logf("%s takes %v whole", kc.name, dur.Round(time.Millisecond))
	return dur
}

// trial starts the command on a fresh copy, kills it after delay, checks
// the file, runs the command again and looks for temp files.
func (kc killCase) trial(t *testing.T, fx *killFixture, i int, delay time.Duration) {
	t.Helper()
	dir := t.TempDir()
	db := kc.prepare(t, fx, dir)
	before := stateOf(t, db)
	var killed bool
	if kc.app {
		killed = killAppAfter(t, db, delay)
	} else {
		killed = killAfter(t, delay, kc.args(db, dir)...)
	}
	t.Logf("kill %d at %v: %s", i+1, delay.Round(time.Microsecond), map[bool]string{true: "killed mid-run", false: "it had finished"}[killed])
	kc.check(t, fx, db, dir, before)

	// One more run: it must clean up after the killed one.
	if kc.app {
		runAppOnce(t, db)
	} else {
		_, _, _ = cliRun(nil, kc.args(db, dir)...)
	}
	if left := tempFiles(t, dir); len(left) > 0 {
		t.Errorf("kill %d at %v: after one more run, temp files are left beside the workbook: %v", i+1, delay.Round(time.Microsecond), left)
	}
}

// killAfter runs the binary with args and sends it SIGKILL after delay;
// killed reports that it was still running.
func killAfter(t *testing.T, delay time.Duration, args ...string) (killed bool) {
	t.Helper()
	cmd := exec.Command(binPath, args...)
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
		return false
	case <-time.After(delay):
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	<-done
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled()
}

// bakChanged reports whether db's backup is no longer the file it was.
func bakChanged(db string, was os.FileInfo) bool {
	now, err := os.Stat(db + ".bak")
	return err == nil && !os.SameFile(now, was)
}

// timeAppBackup starts the app on db and returns how long after its home
// screen showed the start-up backup was in place; it then quits the app.
func timeAppBackup(t *testing.T, db string) time.Duration {
	t.Helper()
	was, err := os.Stat(db + ".bak")
	if err != nil {
		t.Fatal(err)
	}
	tm := newTerm(t, 100, 30, "--db", db)
	tm.waitFor("Sessions (")
	start := time.Now()
	for !bakChanged(db, was) {
		if time.Since(start) > waitTimeout() {
			t.Fatalf("the app took no start-up backup of a changed file within %v", waitTimeout())
		}
		time.Sleep(2 * time.Millisecond)
	}
	dur := time.Since(start)
	tm.keys("q")
	tm.waitFor("EXIT=0")
	return dur
}

// killAppAfter starts the app on db, waits for its home screen, and kills
// it with SIGKILL after delay (the start-up backup runs meanwhile). The app
// runs under the pane's shell, which reaps it at once: a dead process left
// unreaped (as tmux leaves a remain-on-exit pane's) still answers
// kill(pid, 0), and the next run would take its temp files for a live
// writer's.
func killAppAfter(t *testing.T, db string, delay time.Duration) (killed bool) {
	t.Helper()
	tm := newTerm(t, 100, 30, "--db", db)
	tm.waitFor("Sessions (")
	time.Sleep(delay)
	shell := tm.panePID()
	children, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", shell, shell))
	pid, perr := strconv.Atoi(strings.TrimSpace(string(children)))
	if err != nil || perr != nil {
		t.Fatalf("cannot find the app under the pane's shell %d: %q %v", shell, children, err)
	}
	if exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); err == nil && !sameFile(exe, binPath) {
		t.Fatalf("process %d under the pane's shell is %s, not the app %s", pid, exe, binPath)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatalf("kill -9 %d: %v", pid, err)
	}
	tm.waitFor("EXIT=137") // the shell has reaped it
	tm.kill()
	return true
}

// runAppOnce opens the app on db, lets its start-up backup run, and quits.
func runAppOnce(t *testing.T, db string) {
	t.Helper()
	tm := newTerm(t, 100, 30, "--db", db)
	tm.waitFor("Sessions (")
	time.Sleep(400 * time.Millisecond) // past the backup's start: quitting waits for it
	tm.keys("q")
	tm.waitFor("EXIT=0")
	tm.kill()
}

// tempFiles lists the `.NAME.tmp-*` files in dir.
func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") && strings.Contains(e.Name(), ".tmp-") {
			out = append(out, e.Name())
		}
	}
	return out
}

func copyFileT(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func fileSize(t *testing.T, path string) string {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%.1f MB", float64(fi.Size())/1e6)
}

// newKillFixture seeds the workbook (scripts/seed, then the big session
// through `import`), takes the app's backup of it, and writes the inputs of
// the commands. Only the binary and the seed script touch the file.
func newKillFixture(t *testing.T, rng *rand.Rand) *killFixture {
	t.Helper()
	dir := t.TempDir()
	fx := &killFixture{dir: dir, base: filepath.Join(dir, "base.db")}
	seed := exec.Command("go", "run", "./scripts/seed", "-db", fx.base, "-n", strconv.Itoa(killSessions))
	seed.Dir = ".." // the module root
	if out, err := seed.CombinedOutput(); err != nil {
		t.Fatalf("scripts/seed: %v\n%s", err, out)
	}
	// The big session: a seeded one with ~60,000 characters of evidence on
	// every indicator (~2 MB).
	var f map[string]any
	if err := json.Unmarshal([]byte(cli(t, "export", listJSON(t, fx.base)[0].ID, "--format", "json", "--db", fx.base)), &f); err != nil {
		t.Fatal(err)
	}
	s := f["session"].(map[string]any)
	s["id"], s["team"] = bigID, "Big Evidence Team"
	notes := strings.Repeat("Observed in grade 6: exit tickets, survey notes and coaching logs. ", 880)
	ratings, _ := s["ratings"].(map[string]any)
	if ratings == nil {
		ratings = map[string]any{}
		s["ratings"] = ratings
	}
	for _, d := range s["template"].(map[string]any)["domains"].([]any) {
		for _, in := range d.(map[string]any)["indicators"].([]any) {
			id := in.(map[string]any)["id"].(string)
			r, _ := ratings[id].(map[string]any)
			if r == nil {
				r = map[string]any{}
				ratings[id] = r
			}
			r["evidence"] = notes
		}
	}
	cli(t, "import", writeJSON(t, dir, "seed-big.json", f), "--db", fx.base)
	requireDoctorOK(t, fx.base)

	// The app's own start-up backup of the file (FILE.bak).
	if tmuxPath != "" {
		runAppOnce(t, fx.base)
	} else {
		copyFileT(t, fx.base, fx.base+".bak") // the same bytes bbolt's copy would hold
	}
	if _, err := os.Stat(fx.base + ".bak"); err != nil {
		t.Fatalf("no backup was taken of %s: %v", fx.base, err)
	}

	fx.export = []byte(cli(t, "export", bigID, "--format", "json", "--db", fx.base))
	if err := json.Unmarshal(fx.export, &f); err != nil {
		t.Fatal(err)
	}
	s = f["session"].(map[string]any)
	s["id"], s["team"] = importedID, "Imported Team"
	fx.bigJSON = writeJSON(t, dir, "big.json", f)
	if err := json.Unmarshal(fx.export, &f); err != nil {
		t.Fatal(err)
	}
	s = f["session"].(map[string]any)
	comments, _ := s["comments"].([]any)
	s["comments"] = append(comments, map[string]any{"id": coachComment, "part": "session", "author": "Coach Kim",
		"text": "Start with the survey.", "created": "2026-03-02T10:00:00Z"})
	fx.mergeIn = writeJSON(t, dir, "merge.json", f)

	yaml := cli(t, "template", "export", templatefile.DefaultTemplateID, "--db", fx.base)
	yaml = strings.Replace(yaml, "id: "+templatefile.DefaultTemplateID+"\n", "id: "+killTemplate+"\n", 1)
	fx.tmplYAML = filepath.Join(dir, "template.yaml")
	if err := os.WriteFile(fx.tmplYAML, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}

	fx.changed = filepath.Join(dir, "changed.db")
	copyFileT(t, fx.base, fx.changed)
	cli(t, "import", fx.bigJSON, "--db", fx.changed)

	fx.damaged = filepath.Join(dir, "damaged.db")
	damagePage(t, rng, fx.base, fx.damaged)
	return fx
}

// damagePage copies src to dst with one page (4 KiB) overwritten, trying
// pages until `doctor` reports the damage.
func damagePage(t *testing.T, rng *rand.Rand, src, dst string) {
	t.Helper()
	orig, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	pages := len(orig) / page
	for range 40 {
		b := slices.Clone(orig)
		p := 2 + rng.IntN(pages-2) // not the two meta pages
		for i := p * page; i < (p+1)*page; i++ {
			b[i] = 0xA5
		}
		if err := os.WriteFile(dst, b, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, _, err := cliRun(nil, "doctor", "--db", dst); err != nil {
			return
		}
	}
	t.Fatal("no overwritten page made doctor report damage")
}
