package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"edtech-workbook/internal/storetest"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
	"edtech-workbook/workbook/templatefile"
)

// scaleSession is the demo session as another team's.
type scaleSession struct{ id, team, district, year string }

// scaleDB stores one demo session per entry (ids as given; each a minute
// newer than the one before) and returns the file's path.
func scaleDB(t *testing.T, sessions ...scaleSession) string {
	t.Helper()
	demo, err := templatefile.DemoSession()
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "wb.db")
	st := storetest.Open(t, db)
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for i, s := range sessions {
		c := demo.Clone()
		c.ID, c.Team, c.District, c.SchoolYear = s.id, s.team, s.district, s.year
		c.Updated = at.Add(time.Duration(i) * time.Minute)
		if err := st.Put(c); err != nil {
			t.Fatal(err)
		}
	}
	_ = st.Close()
	return db
}

var scaleSessions = []scaleSession{
	{"abcd1234aaaa0001", "Alder", "Riverside", "2025-26"},
	{"abcd5678aaaa0002", "Birch", "Riverside", "2026-27"},
	{"ef001122aaaa0003", "alder", "Hillcrest", "2026-27"},
	{"../odd id", "Cedar", "Hillcrest", "2025-26"}, // an imported id may hold any text
}

// exportOne is `export ID --format F` on standard output.
func exportOne(t *testing.T, db, id, format string) string {
	t.Helper()
	out, errs, code := cli(t, "", "export", id, "--format", format, "--db", db)
	if code != 0 {
		t.Fatalf("export %s: %d %s", id, code, errs)
	}
	return out
}

// SESSION resolves by exact id, then by a unique id prefix of 4 or more
// characters (a seek), then by team name; an id prefix is never looked up
// as a team name.
func TestSessionLookup(t *testing.T) {
	db := scaleDB(t, append(scaleSessions, scaleSession{"ff00aaaa00000009", "abcd", "Elm", "2026-27"})...)
	want := map[string]string{}
	for _, s := range scaleSessions {
		want[s.id] = exportOne(t, db, s.id, "json")
	}
	for _, c := range []struct {
		name, id, err string
	}{
		{name: "abcd1234aaaa0001", id: "abcd1234aaaa0001"},
		{name: "abcd12", id: "abcd1234aaaa0001"},
		{name: " abcd56 ", id: "abcd5678aaaa0002"},
		{name: "../odd id", id: "../odd id"},
		{name: "CEDAR", id: "../odd id"},
		{name: "Birch", id: "abcd5678aaaa0002"},
		{name: "abcd", err: `"abcd" matches 2 sessions: abcd1234aaaa0001 (Alder, 2025-26), abcd5678aaaa0002 (Birch, 2026-27); use the id`},
		{name: "alder", err: `"alder" matches 2 sessions`},
		{name: "abc", err: `no session "abc" in`},     // too short for a prefix, and no team of that name
		{name: "abcd9", err: `no session "abcd9" in`}, // a prefix of nothing
		{name: "ef00", id: "ef001122aaaa0003"},        // a prefix, though not hex-looking teams exist
		{name: "   ", err: "no session named"},
	} {
		out, errs, code := cli(t, "", "export", c.name, "--format", "json", "--db", db)
		switch {
		case c.err != "" && (code != 1 || !strings.Contains(errs, c.err)):
			t.Errorf("export %q: exit %d, stderr %q; want %q", c.name, code, errs, c.err)
		case c.err == "" && (code != 0 || out != want[c.id]):
			t.Errorf("export %q: exit %d, stderr %q; want session %s", c.name, code, errs, c.id)
		}
	}
}

// export --all writes one file per session into a folder, named for its
// id, as `export ID` would write it, privately; the filters pick among the
// sessions; nothing goes to standard error but the closing line.
func TestExportAllToAFolder(t *testing.T) {
	db := scaleDB(t, scaleSessions...)
	// A round received for "../odd id": its JSON export carries a base,
	// with --all as alone.
	received := filepath.Join(t.TempDir(), "odd.json")
	if _, errs, code := cli(t, "", "export", "../odd id", "--format", "json", "-o", received, "--db", db); code != 0 {
		t.Fatalf("export: %s", errs)
	}
	if _, errs, code := cli(t, "", "review", received, "--no-open", "--db", db); code != 0 {
		t.Fatalf("review: %s", errs)
	}
	if o, _, _ := cli(t, "", "export", "../odd id", "--format", "json", "--db", db); !strings.Contains(o, `"base"`) {
		t.Fatalf("the JSON export of a session with a round received has no base:\n%.400s", o)
	}
	for _, c := range []struct {
		args  []string
		ids   []string
		files []string
	}{
		{[]string{"--all", "--format", "md"}, []string{"abcd1234aaaa0001", "abcd5678aaaa0002", "ef001122aaaa0003", "../odd id"},
			[]string{"abcd1234aaaa0001.md", "abcd5678aaaa0002.md", "ef001122aaaa0003.md", "_.._odd_id.md"}},
		{[]string{"--all", "--team", "ALDER", "--format", "html"}, []string{"abcd1234aaaa0001", "ef001122aaaa0003"},
			[]string{"abcd1234aaaa0001.html", "ef001122aaaa0003.html"}},
		{[]string{"--year", "2025-26", "--district", "hillcrest", "--format", "json"}, []string{"../odd id"}, []string{"_.._odd_id.json"}},
		{[]string{"--all", "--year", "2026-27", "--format", "csv", "--table", "actions"}, []string{"abcd5678aaaa0002", "ef001122aaaa0003"},
			[]string{"abcd5678aaaa0002.csv", "ef001122aaaa0003.csv"}},
	} {
		dir := filepath.Join(t.TempDir(), "out", "sub") // created as needed
		args := append([]string{"export", "-o", dir, "--db", db}, c.args...)
		out, errs, code := cli(t, "", args...)
		if code != 0 || out != "" || strings.Contains(errs, "\r") || !strings.Contains(errs, "Wrote "+workbook.CountOf(len(c.ids), "session")+" into "+dir) {
			t.Fatalf("%v: exit %d, stdout %q, stderr %q", c.args, code, out, errs)
		}
		entries, err := os.ReadDir(dir)
		if err != nil || len(entries) != len(c.files) {
			t.Fatalf("%v: %d files in %s (%v); want %v", c.args, len(entries), dir, err, c.files)
		}
		format := c.files[0][strings.LastIndex(c.files[0], ".")+1:]
		for i, name := range c.files {
			path := filepath.Join(dir, name)
			fi, err := os.Stat(path)
			if err != nil || fi.Mode().Perm() != 0o600 {
				t.Fatalf("%v: %s: %v %v", c.args, name, err, fi)
			}
			extra := []string{}
			if format == "csv" {
				extra = []string{"--table", "actions"}
			}
			o, _, _ := cli(t, "", append([]string{"export", c.ids[i], "--format", format, "--db", db}, extra...)...)
			if got := string(fileContent(t, path)); got != o {
				t.Errorf("%v: %s differs from `export %s`", c.args, name, c.ids[i])
			}
		}
	}
}

// export --all --format md to standard output: the sessions one after
// another, newest first, each as `export ID` writes it.
func TestExportAllMarkdownToStandardOutput(t *testing.T) {
	db := scaleDB(t, scaleSessions...)
	out, errs, code := cli(t, "", "export", "--all", "--district", "Riverside", "--format", "md", "--db", db)
	want := exportOne(t, db, "abcd5678aaaa0002", "md") + mdSeparator + exportOne(t, db, "abcd1234aaaa0001", "md")
	if code != 0 || out != want || errs != "" {
		t.Fatalf("exit %d, stderr %q, %d bytes (want %d)", code, errs, len(out), len(want))
	}
	out, _, code = cli(t, "", "export", "--all", "-o", "-", "--format", "md", "--db", db)
	if code != 0 || strings.Count(out, mdSeparator) != 3 {
		t.Fatalf("-o -: exit %d, %d separators", code, strings.Count(out, mdSeparator))
	}
}

// What export --all refuses, and how.
func TestExportAllRefusals(t *testing.T) {
	db := scaleDB(t, scaleSessions...)
	empty := filepath.Join(t.TempDir(), "empty.db")
	storetest.Open(t, empty).Close()
	file := filepath.Join(t.TempDir(), "report.md")
	if err := os.WriteFile(file, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A workbook file where an export's file would go is never replaced.
	bolt := t.TempDir()
	wb := filepath.Join(bolt, "abcd1234aaaa0001.json")
	storetest.Open(t, wb).Close()
	before := fileContent(t, wb)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--all", "--format", "json"}, 2, "give a folder with -o FOLDER (only --format md can go to standard output)"},
		{[]string{"Alder", "--all"}, 2, "give one SESSION, or --all"},
		{[]string{"Alder", "--team", "Alder"}, 2, "give one SESSION, or --all"},
		{[]string{}, 2, "or --all"},
		{[]string{"--all", "--team", "Nobody", "--year", "2031-32", "--format", "md"}, 1, `no session in ` + db + ` matches --team "Nobody" --year "2031-32"`},
		{[]string{"--all", "--format", "md", "--db", empty}, 1, "there are no sessions in " + empty + " to export"},
		{[]string{"--all", "--format", "md", "-o", file}, 1, "is not a folder"},
		{[]string{"--all", "--format", "json", "-o", bolt}, 1, "is a workbook file"},
		{[]string{"--all", "--format", "md", "-o", filepath.Dir(db)}, 0, ""},
	} {
		args := append([]string{"export", "--db", db}, c.args...)
		_, errs, code := cli(t, "", args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, errs, c.code, c.want)
		}
	}
	if got := fileContent(t, file); string(got) != "keep" {
		t.Errorf("the file named by -o changed: %q", got)
	}
	if !bytes.Equal(fileContent(t, wb), before) {
		t.Error("a workbook file was replaced by an export")
	}
	// Next to the workbook file: the exports, and the workbook untouched.
	if _, err := store.Doctor(db); err != nil {
		t.Fatal(err)
	}
}

// startPTY gives a command a pseudo-terminal as standard error and returns
// everything written to it once the command is done.
func withTerminalStderr(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skip("no pseudo-terminal here:", err)
	}
	defer ptmx.Close()
	got := make(chan string)
	go func() {
		b, _ := io.ReadAll(ptmx) // ends when the last copy of tty is closed
		got <- string(b)
	}()
	var out bytes.Buffer
	t.Setenv(envDB, "")
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: tty, now: time.Now}
	code = run(a, "test", args)
	tty.Close()
	return out.String(), <-got, code
}

// Long commands show a progress line on standard error when it is a
// terminal (a bar with a count, or a spinner), on one line that the end
// clears before the command's own message; piped, nothing.
func TestProgressOnlyOnATerminal(t *testing.T) {
	db := scaleDB(t, scaleSessions...)
	dir := t.TempDir()
	sessionFile := filepath.Join(dir, "alder.json")
	if _, _, code := cli(t, "", "export", "abcd1234aaaa0001", "-o", sessionFile, "--db", db); code != 0 {
		t.Fatal("export failed")
	}
	other := filepath.Join(t.TempDir(), "other.db")
	storetest.Open(t, other).Close()
	for _, c := range []struct {
		args []string
		bar  string // what the progress line shows on a terminal
	}{
		{[]string{"export", "--all", "--format", "json", "-o", filepath.Join(dir, "all"), "--db", db}, "Exporting"},
		{[]string{"doctor", "--db", db}, "Checking"},
		{[]string{"cohort", sessionFile, sessionFile, "--format", "md"}, "Reading"},
		{[]string{"import", sessionFile, "--db", other}, "Reading"},
	} {
		_, errs, code := cli(t, "", c.args...)
		if code != 0 || strings.Contains(errs, "\r") || strings.Contains(errs, c.bar) {
			t.Errorf("%v piped: exit %d, stderr %q", c.args[0], code, errs)
		}
		if c.args[0] == "import" {
			if _, _, code := cli(t, "", "import", sessionFile, "--replace", "--db", other); code != 0 {
				t.Fatal("import --replace failed")
			}
			c.args = append(c.args, "--replace")
		}
		_, shown, code := withTerminalStderr(t, c.args...)
		i := strings.Index(shown, c.bar)
		j := strings.LastIndex(shown, "\r\x1b[K")
		if code != 0 || i < 0 || j < i {
			t.Errorf("%v on a terminal: exit %d, stderr %q", c.args[0], code, shown)
		}
	}
}

// Fang's shell completions and man page are on.
func TestCompletionsAndManPage(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		out, errs, code := cli(t, "", "completion", shell)
		if code != 0 || !strings.Contains(out, "edtech-workbook") || len(out) < 500 {
			t.Errorf("completion %s: exit %d, %d bytes, stderr %q", shell, code, len(out), errs)
		}
	}
	// Fang writes the man page to the process's standard output.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stdout
	os.Stdout = w
	got := make(chan string)
	go func() { b, _ := io.ReadAll(r); got <- string(b) }()
	_, errs, code := cli(t, "", "man")
	os.Stdout = saved
	w.Close()
	page := <-got
	if code != 0 || !strings.Contains(page, ".TH") || !strings.Contains(page, "export") || !strings.Contains(page, "doctor") {
		t.Fatalf("man: exit %d, stderr %q, page %.200q", code, errs, page)
	}
}

// Every listing command has --json: list, template list, inventory list,
// inventory request list, and doctor's report.
func TestListingsAsJSON(t *testing.T) {
	db := scaleDB(t, scaleSessions...)
	var sums []workbook.Summary
	out, _, code := cli(t, "", "list", "--json", "--db", db)
	if code != 0 || json.Unmarshal([]byte(out), &sums) != nil || len(sums) != 4 || sums[0].ID != "../odd id" {
		t.Fatalf("list --json: %d %q", code, out)
	}
	var templates []templateListEntry
	out, _, code = cli(t, "", "template", "list", "--json", "--db", db)
	if code != 0 || json.Unmarshal([]byte(out), &templates) != nil || len(templates) == 0 || templates[0].Ref == "" ||
		templates[0].Indicators == 0 || templates[0].Source != "built-in" {
		t.Fatalf("template list --json: %d %q", code, out)
	}
	inv := fixtureDB(t)
	mustRun(t, "inventory", "request", "add", "--need", "Reading practice at home", "--product", "ReadAlong", "--db", inv)
	var requests []requestListEntry
	out, _, code = cli(t, "", "inventory", "request", "list", "--json", "--db", inv)
	if code != 0 || json.Unmarshal([]byte(out), &requests) != nil || len(requests) == 0 || requests[len(requests)-1].Product != "ReadAlong" {
		t.Fatalf("inventory request list --json: %d %q", code, out)
	}
	var rep doctorReport
	out, _, code = cli(t, "", "doctor", "--json", "--db", db)
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || !rep.OK || rep.Sessions != 4 || rep.Problems == nil {
		t.Fatalf("doctor --json: %d %q", code, out)
	}
	data := fileContent(t, db)
	db = filepath.Join(t.TempDir(), "damaged.db") // the test's own file is checked when it ends
	for i := 0; ; i++ {                           // every copy (old ones sit in free pages): "birch", its checksum no longer matches
		j := bytes.Index(data[i:], []byte(`"team":"Birch"`))
		if j < 0 {
			break
		}
		i += j
		data[i+9] ^= 0x20
	}
	if err := os.WriteFile(db, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, errs, code := cli(t, "", "doctor", "--json", "--db", db)
	if code != 1 || json.Unmarshal([]byte(out), &rep) != nil || rep.OK || len(rep.Problems) == 0 || !strings.Contains(errs, "doctor --restore") {
		t.Fatalf("doctor --json of a damaged file: %d %q %q", code, out, errs)
	}
	if _, errs, code := cli(t, "", "doctor", "--json", "--restore", "--db", db); code != 2 || !strings.Contains(errs, "--json prints doctor's report") {
		t.Fatalf("doctor --json --restore: %d %q", code, errs)
	}
}
