package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"edtech-workbook/internal/storetest"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

// Shared test helpers for every screen's model tests (stack-notes A7).

// TestMain pins the local zone so "saved 14:02:11" and dates are stable.
func TestMain(m *testing.M) {
	time.Local = time.UTC
	os.Exit(m.Run())
}

// testNow is the fixed clock of every test store.
var testNow = time.Date(2026, 3, 2, 14, 2, 11, 0, time.UTC)

// newTestStore opens a real workbook file in t.TempDir() with a fixed clock.
// When the test ends the file gets the full consistency check (what `doctor`
// runs) and is closed: a test that leaves a damaged or inconsistent file
// fails.
func newTestStore(t testing.TB) *store.Store { return openTestStore(t, true) }

// newTestStoreUnchecked is newTestStore for a test that stores what the
// check refuses on purpose (data no import would let in, to show a screen
// keeps it): the file is only closed.
func newTestStoreUnchecked(t testing.TB) *store.Store { return openTestStore(t, false) }

func openTestStore(t testing.TB, check bool) *store.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "workbook.db")
	if check {
		st := storetest.Open(t, path)
		st.SetClock(func() time.Time { return testNow })
		return st
	}
	st, err := store.Open(path, store.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	st.SetClock(func() time.Time { return testNow })
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Errorf("closing the workbook file: %v", err)
		}
	})
	return st
}

// testTemplate builds a template with the given number of domains and
// indicators per domain, every text field filled.
func testTemplate(domains, perDomain int) workbook.Template {
	tm := workbook.Template{
		ID: "test", Version: 1, Title: "Test template", SchoolYear: "2025-26",
		Scale: workbook.Scale{NotSure: "Not sure", Levels: []workbook.Level{
			{Label: "Beginning", Meaning: "not yet in place"},
			{Label: "Developing", Meaning: "partly in place"},
			{Label: "Established", Meaning: "in place"},
			{Label: "Leading", Meaning: "in place and improving"},
		}},
		Roles:         []string{"EdTech director", "Instructional leader", "Teacher", "Student"},
		StudentGroups: []string{"English learners", "Students with IEPs"},
	}
	tm.Prompts, tm.Questions = testQuestions()
	for d := 1; d <= domains; d++ {
		dom := workbook.Domain{ID: fmt.Sprintf("d%d", d), Title: fmt.Sprintf("Domain %d", d)}
		for i := 1; i <= perDomain; i++ {
			id := fmt.Sprintf("d%di%d", d, i)
			dom.Indicators = append(dom.Indicators, workbook.Indicator{
				ID: id, Title: fmt.Sprintf("Indicator %d.%d", d, i),
				Statement: fmt.Sprintf("The district has a clear process for item %d.%d that everyone on the team can describe.", d, i),
				Levels: []string{
					"No process exists yet.", "A process exists on paper.",
					"The process is used in most schools.", "The process is used everywhere and reviewed yearly.",
				},
				EquityPause: "Who is left out when this process is skipped?",
				Context: workbook.ContextNotes{
					EnglishLearners: "Check that materials exist in home languages.",
					IEP504:          "Check accessibility settings.",
					SmallSystems:    "One person may hold several roles.",
					LargeSystems:    "Schools may each run their own version.",
				},
			})
		}
		tm.Domains = append(tm.Domains, dom)
	}
	return tm
}

// testQuestions are the prompts and questions of the test template: the
// built-in template's first version, in short words (format 1, converted).
func testQuestions() (workbook.Prompts, workbook.Questions) {
	p := func(id, text string) workbook.V1Prompt { return workbook.V1Prompt{ID: id, Text: text} }
	prompts, qs := workbook.V1Prompts{
		Framing: []workbook.V1Prompt{
			p("why_matters", "Why does this matter for students?"), p("who_affected", "Who is most affected?"),
			p("improvement", "What would improvement look like?"),
			{ID: "question", Text: "Frame the problem as one question", Help: "One sentence ending in ?"},
			p("why_chosen", "Why did you choose this problem?"), p("evidence", "What evidence shows it?"),
			p("centered", "Which student groups does it center?"), p("stakeholders", "Which stakeholders will you engage?"),
			p("within_control", "What is within the team's control?"),
		},
		Planning: []workbook.V1Prompt{p("aim", "Write a measurable aim"), p("inputs", "Inputs"), p("activities", "Activities"),
			p("outputs", "Outputs"), p("outcomes", "Outcomes"), p("action_steps", "Action steps"), p("data_plan", "Data plan")},
		Reflection: []workbook.V1Prompt{p("check_in", "What did you do and learn?"), p("decision", "What will you do next year?"),
			p("conditions", "Which conditions helped or hindered?"), p("leadership_moves", "Which leadership moves mattered?"),
			p("story", "Tell the story of change")},
	}.Convert()
	prompts.Focus.Text = "Focus indicators"
	return prompts, qs
}

// newTestSession stores a session (id "s1", members "m1" Ana and "m2" Ben)
// on tmpl and returns the stored copy.
func newTestSession(t testing.TB, st *store.Store, tmpl workbook.Template) *workbook.Session {
	t.Helper()
	s, err := st.Create(&workbook.Session{
		ID: "s1", Team: "Northside", District: "Northside USD", SchoolYear: "2025-26",
		Template: tmpl,
		Roster: []workbook.Member{
			{ID: "m1", Name: "Ana", Role: "EdTech director"},
			{ID: "m2", Name: "Ben", Role: "Teacher"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// newTestModel builds the root model on st at w×h (with opts, if given) and
// runs Init.
func newTestModel(t testing.TB, st *store.Store, w, h int, opts ...Options) *model {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	m := newModel(st, o)
	pump(m, m.Init())
	pump(m, msgCmd(tea.WindowSizeMsg{Width: w, Height: h}))
	return m
}

// openTestScreen builds the root model with session sess open on screen id
// (Home → Overview → id on the stack, as the app does).
func openTestScreen(t testing.TB, st *store.Store, sess *workbook.Session, id ScreenID, w, h int, opts ...Options) *model {
	t.Helper()
	m := newTestModel(t, st, w, h, opts...)
	pump(m, openSession(sess.ID, to(id)))
	if !strings.Contains(titleLine(m), sess.Team) {
		t.Fatalf("session %s did not open:\n%s", sess.ID, screenText(m))
	}
	return m
}

func msgCmd(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

// pump runs Update and feeds the Cmd results back until quiet. Cmds written
// in this package (saves, loads) may take up to 5 s; other Cmds (huh's and
// bubbles' internals) get foreignWait, so a blocking one is abandoned
// quickly; cursor blinks are dropped at once. A batch's Cmds run
// concurrently.
func pump(m tea.Model, cmd tea.Cmd) tea.Model { return pumpWith(m, cmd, 100*time.Millisecond) }

func pumpWith(m tea.Model, cmd tea.Cmd, foreignWait time.Duration) tea.Model {
	queue := collect(cmd, foreignWait)
	for i := 0; len(queue) > 0 && i < 1000; i++ {
		var c tea.Cmd
		m, c = m.Update(queue[0])
		queue = append(queue[1:], collect(c, foreignWait)...)
	}
	return m
}

// cmdName is the name of cmd's function.
func cmdName(cmd tea.Cmd) string {
	if f := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()); f != nil {
		return f.Name()
	}
	return ""
}

// cursorBlink is the Cmd a bubbles cursor returns to blink: it waits half a
// second for a message that only toggles the cursor. Every text field in a
// huh form returns one when it gets the focus; the pump drops it unrun
// instead of waiting for it to time out (before, that wait was most of the
// suite's time).
const cursorBlink = "charm.land/bubbles/v2/cursor.(*Model).Blink.func1"

func collect(cmd tea.Cmd, foreignWait time.Duration) []tea.Msg {
	if cmd == nil {
		return nil
	}
	wait := foreignWait
	switch name := cmdName(cmd); {
	case name == cursorBlink:
		return nil
	case strings.HasPrefix(name, "edtech-workbook/tui."): // ours: saves and loads
		wait = 5 * time.Second
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(wait):
		return nil
	}
	switch v := reflect.ValueOf(msg); {
	case msg == nil:
		return nil
	case v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)): // Batch or Sequence
		parts := make([][]tea.Msg, v.Len())
		var wg sync.WaitGroup
		for i := 0; i < v.Len(); i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				parts[i] = collect(v.Index(i).Interface().(tea.Cmd), foreignWait)
			}()
		}
		wg.Wait()
		var out []tea.Msg
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// keyMsg builds a key press from its name as msg.String() spells it:
// "a", "A", "?", "enter", "esc", "tab", "shift+tab", "up", "down", "ctrl+c", ...
func keyMsg(name string) tea.KeyPressMsg {
	special := map[string]tea.KeyPressMsg{
		"enter":     {Code: tea.KeyEnter},
		"esc":       {Code: tea.KeyEscape},
		"tab":       {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"up":        {Code: tea.KeyUp},
		"down":      {Code: tea.KeyDown},
		"left":      {Code: tea.KeyLeft},
		"right":     {Code: tea.KeyRight},
		"pgdown":    {Code: tea.KeyPgDown},
		"pgup":      {Code: tea.KeyPgUp},
		"backspace": {Code: tea.KeyBackspace},
		"space":     {Code: tea.KeySpace, Text: " "},
		"ctrl+c":    {Code: 'c', Mod: tea.ModCtrl},
		"ctrl+s":    {Code: 's', Mod: tea.ModCtrl},
		"ctrl+j":    {Code: 'j', Mod: tea.ModCtrl},
		"alt+enter": {Code: tea.KeyEnter, Mod: tea.ModAlt},
		"ctrl+e":    {Code: 'e', Mod: tea.ModCtrl},
	}
	if k, ok := special[name]; ok {
		return k
	}
	r := []rune(name)[0]
	if r >= 'A' && r <= 'Z' {
		return tea.KeyPressMsg{Code: r + ('a' - 'A'), ShiftedCode: r, Mod: tea.ModShift, Text: name}
	}
	return tea.KeyPressMsg{Code: r, Text: name}
}

// press sends keys one by one, pumping each one's Cmds.
func press(m tea.Model, keys ...string) tea.Model {
	for _, k := range keys {
		m = pump(m, msgCmd(keyMsg(k)))
	}
	return m
}

// typeText sends each rune of s as a key press. Typing only makes cursor
// Cmds in huh and bubbles, so their wait is short.
func typeText(m tea.Model, s string) tea.Model {
	for _, r := range s {
		m = pumpWith(m, msgCmd(tea.KeyPressMsg{Code: r, Text: string(r)}), 5*time.Millisecond)
	}
	return m
}

// screenText is the frame without colours and attributes.
func screenText(m tea.Model) string { return ansi.Strip(m.View().Content) }

// screenLines is the frame's lines without colours and attributes.
func screenLines(m tea.Model) []string { return strings.Split(screenText(m), "\n") }

// titleLine is the first line of the frame: the title the chrome draws.
func titleLine(m tea.Model) string { return screenLines(m)[0] }

// screenTitle is the name of the screen on top as the title line shows it
// ("Overview"); "" on Home, whose title line names only the app.
func screenTitle(m tea.Model) string {
	parts := strings.Split(titleLine(m), " › ")
	if len(parts) < 2 {
		return ""
	}
	return parts[len(parts)-1]
}

// statusText is the status line of the frame (second to last).
func statusOf(m tea.Model) string {
	lines := screenLines(m)
	return lines[max(len(lines)-2, 0)]
}

// helpLine is the last line of the frame: the keys of the screen.
func helpLine(m tea.Model) string {
	lines := screenLines(m)
	return lines[len(lines)-1]
}

// fieldHasKeys reports whether a text field (or form) has the keys: the help
// line then leaves out the global keys (? help, esc back, q quit).
func fieldHasKeys(m tea.Model) bool { return !strings.Contains(helpLine(m), "? help") }

// helpPageShown reports whether the full help page (?) is up.
func helpPageShown(m tea.Model) bool {
	lines := screenLines(m)
	return len(lines) > 1 && lines[1] == "Keys"
}

// requireOn fails unless the screen on top is the one titled title ("" = Home).
func requireOn(t testing.TB, m tea.Model, title string) {
	t.Helper()
	if got := screenTitle(m); got != title {
		t.Fatalf("on %q, want %q:\n%s", got, title, screenText(m))
	}
}

// requireStatus fails unless the status line contains want.
func requireStatus(t testing.TB, m tea.Model, want string) {
	t.Helper()
	if got := statusOf(m); !strings.Contains(got, want) {
		t.Fatalf("status line %q, want %q", got, want)
	}
}

// requireError fails unless the status line shows an error containing want.
func requireError(t testing.TB, m tea.Model, want string) {
	t.Helper()
	if got := statusOf(m); !strings.HasPrefix(got, "! ") || !strings.Contains(got, want) {
		t.Fatalf("status line %q, want the error %q", got, want)
	}
}

// requireScreen fails unless the frame contains every want.
func requireScreen(t testing.TB, m tea.Model, wants ...string) {
	t.Helper()
	text := screenText(m)
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Fatalf("screen lacks %q:\n%s", w, text)
		}
	}
}

// screenHasAll reports whether the frame contains every want.
func screenHasAll(m tea.Model, wants ...string) bool {
	text := screenText(m)
	for _, w := range wants {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// requireNotOnScreen fails if the frame contains any of unwanted.
func requireNotOnScreen(t testing.TB, m tea.Model, unwanted ...string) {
	t.Helper()
	text := screenText(m)
	for _, u := range unwanted {
		if strings.Contains(text, u) {
			t.Fatalf("screen shows %q:\n%s", u, text)
		}
	}
}

// focusedField is the title of the form field that has the cursor: huh
// draws the focused field with a "┃ " bar in front of each of its lines,
// the first of which is its title.
func focusedField(m tea.Model) string {
	for _, l := range screenLines(m) {
		if rest, ok := strings.CutPrefix(strings.TrimLeft(l, " "), "┃ "); ok {
			return strings.TrimRight(rest, " ")
		}
	}
	return ""
}

// quits reports whether cmd (run with its batch) quits the program.
func quits(cmd tea.Cmd) bool {
	for _, msg := range collect(cmd, 100*time.Millisecond) {
		if _, ok := msg.(tea.QuitMsg); ok {
			return true
		}
	}
	return false
}

// requireGolden compares the colourless frame with testdata/<TestName>.golden
// (`go test ./tui -update` rewrites it).
func requireGolden(t *testing.T, m tea.Model) {
	t.Helper()
	golden.RequireEqual(t, []byte(screenText(m)))
}

// requireAllSizes checks that View never panics and never draws wider or
// taller than the window, at every size from 1×1 to 200×60 plus the sample
// of requireSomeSizes (which reaches 300×100). With -short or -race (where
// the full loop would take minutes) it checks the sample only. It leaves m
// at 80×24.
func requireAllSizes(t *testing.T, m tea.Model) {
	t.Helper()
	if !testing.Short() && !raceEnabled {
		for w := 1; w <= 200; w++ {
			for h := 1; h <= 60; h++ {
				m = checkFrame(t, m, w, h)
			}
		}
	}
	requireSomeSizes(t, m)
}

// requireSomeSizes is requireAllSizes on a sample of sizes around the
// minimum and the edges, up to 300×100, for screens with huh forms (whose
// resize is slow).
func requireSomeSizes(t *testing.T, m tea.Model) {
	t.Helper()
	for _, w := range []int{1, 2, 3, 5, 8, 13, 20, 30, 40, 59, 60, 61, 79, 80, 81, 100, 120, 159, 160, 200, 299, 300} {
		for _, h := range []int{1, 2, 3, 5, 8, 12, 15, 16, 17, 20, 24, 30, 48, 60, 99, 100} {
			m = checkFrame(t, m, w, h)
		}
	}
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
}

// checkFrame resizes m to w×h and fails if the frame does not fit.
func checkFrame(t *testing.T, m tea.Model, w, h int) tea.Model {
	t.Helper()
	m, _ = m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	lines := strings.Split(screenText(m), "\n")
	if len(lines) > h {
		t.Fatalf("at %d×%d the frame has %d lines", w, h, len(lines))
	}
	for _, l := range lines {
		if ansi.StringWidth(l) > w {
			t.Fatalf("at %d×%d a line is %d wide: %q", w, h, ansi.StringWidth(l), l)
		}
	}
	return m
}

// reload reads a session back from the store (what was really saved).
func reload(t testing.TB, st *store.Store, id string) *workbook.Session {
	t.Helper()
	s, err := st.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// requireScreenAllSizes draws the top screen alone at content sizes the
// root never gives it (below the minimum window too), from 0×0 to 200×60 —
// every size near the edges and the usual terminal sizes, a sample
// elsewhere: no panic, no overflow. It resizes the screen as the root does
// (Common's size, then a tea.WindowSizeMsg).
func requireScreenAllSizes(t *testing.T, m *model) {
	t.Helper()
	near := func(v int, marks ...int) bool {
		for _, mk := range marks {
			if v >= mk-1 && v <= mk+1 {
				return true
			}
		}
		return false
	}
	for w := 0; w <= 200; w++ {
		for h := 0; h <= 60; h++ {
			if !(w <= 12 || h <= 12 || near(w, 40, 60, 80, 120, 160, 199) && near(h, 13, 16, 21, 24, 45, 59)) {
				continue
			}
			if w > 12 && h > 12 && (w+h)%3 != 0 && !near(w, 60, 80) { // thin out the middle band
				continue
			}
			if (w > 12 && h <= 12 || h > 12 && w <= 12) && (w+h)%2 != 0 {
				continue
			}
			if (raceEnabled || testing.Short()) && w > 3 && h > 3 && (w+h)%4 != 0 {
				continue // the race detector makes each frame ~5x slower
			}
			m.c.Width, m.c.Height = w, h
			m.updateTop(tea.WindowSizeMsg{Width: w, Height: h})
			scr := m.top()
			view := scr.View()
			lines := strings.Split(view, "\n")
			if view != "" && len(lines) > max(h, 1) {
				t.Fatalf("%s at %d×%d: %d lines", scr.Title(), w, h, len(lines))
			}
			for _, l := range lines {
				if ansi.StringWidth(l) > w {
					t.Fatalf("%s at %d×%d: a line is %d wide: %q", scr.Title(), w, h, ansi.StringWidth(l), ansi.Strip(l))
				}
			}
		}
	}
}
