package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"github.com/charmbracelet/x/ansi"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
	"edtech-workbook/workbook/templatefile"
)

// The self-assessment at the projector (issue 12): everything a team votes
// on, on one screen.

var projectorNames = []string{"Ana Lopez", "Ben Okafor", "Cai Wong", "Dee Patel", "Eve Novak", "Fay Adams", "Gus Moreno", "Hal Singh"}

// projectorSession stores a session on the built-in template with n
// members, carried forward from last year (so last year's consensus shows),
// with the first indicator's evidence, equity answer and priority filled in.
func projectorSession(t testing.TB, st *store.Store, n int) *workbook.Session {
	t.Helper()
	tmpl, err := templatefile.BuiltinTemplate("")
	if err != nil {
		t.Fatal(err)
	}
	first := tmpl.Domains[0].Indicators[0].ID
	s := &workbook.Session{ID: "s1", Team: "Northside", District: "Northside USD", SchoolYear: "2026-27", Template: *tmpl,
		Previous: &workbook.PreviousYear{SessionID: "s0", SchoolYear: "2025-26", TemplateRef: tmpl.Ref(),
			Baseline: map[string]workbook.Rating{first: 2}}}
	for i := range n {
		s.Roster = append(s.Roster, workbook.Member{ID: fmt.Sprintf("m%d", i+1), Name: projectorNames[i], Role: tmpl.Roles[i%len(tmpl.Roles)]})
	}
	r := s.Rating(first)
	r.Evidence = "Three of five purchase requests last spring named the vision; walkthroughs found it on no school's wall."
	r.Equity = "Students with IEPs and newcomers are hard to find in it; we will ask them this spring."
	r.Priority = true
	created, err := st.Create(s)
	if err != nil {
		t.Fatal(err)
	}
	return created
}

// rateAll rates the first indicator: the members in order, then the consensus.
func rateAll(m *model, members []string, consensus string) {
	press(m, members...)
	press(m, consensus)
}

// projectorRatings are what eight members give: 3 4 3 2 3 ? 4 3 (range 2–4).
var projectorRatings = []string{"3", "4", "3", "2", "3", "0", "4", "3"}

func TestAssessProjectorShowsEverythingAt80x24(t *testing.T) {
	for _, n := range []int{4, 8} {
		t.Run(fmt.Sprintf("%d members", n), func(t *testing.T) {
			st := newTestStore(t)
			sess := projectorSession(t, st, n)
			m := openTestScreen(t, st, sess, ScreenAssess, 80, 24)
			rateAll(m, projectorRatings[:n], "1") // a consensus below every member's rating
			text := screenText(m)
			lines := strings.Split(text, "\n")
			if len(lines) != 24 {
				t.Fatalf("%d lines", len(lines))
			}
			in := sess.Template.Domains[0].Indicators[0]
			wants := []string{in.Title, in.Statement[:40], "Equity pause: " + in.EquityPause[:30], "Our answer: Students with IEPs",
				"Evidence notes  Three of five", "★", "Team consensus", "1 Individual effort", "last year 2", "▼1",
				"⚑ consensus 1 is outside the members' ratings (2–4): talk it through"}
			for i, l := range sess.Template.Scale.Levels {
				wants = append(wants, fmt.Sprintf("%d %s: %s", i+1, l.Label, in.Levels[i][:20]))
			}
			for _, w := range wants {
				if !strings.Contains(text, w) {
					t.Errorf("80×24 with %d members lacks %q", n, w)
				}
			}
			// Every member's rating, on their own line of the grid or list.
			for i, name := range projectorNames[:n] {
				r := strings.Replace(projectorRatings[i], "0", "?", 1)
				if l := lineWith(m, name); !strings.Contains(l, name+" ") || !strings.Contains(l[strings.Index(l, name):], " "+r) {
					t.Errorf("%s's rating %s is not on screen: %q", name, r, l)
				}
			}
			if t.Failed() {
				t.Fatalf("screen:\n%s", text)
			}
		})
	}
}

func TestAssessProjectorGolden(t *testing.T) {
	for _, tc := range []struct {
		name    string
		members int
		w, h    int
	}{{"80x24-4members", 4, 80, 24}, {"80x24-8members", 8, 80, 24}, {"60x16-8members", 8, 60, 16}, {"160x48-8members", 8, 160, 48}} {
		t.Run(tc.name, func(t *testing.T) {
			st := newTestStore(t)
			sess := projectorSession(t, st, tc.members)
			m := openTestScreen(t, st, sess, ScreenAssess, tc.w, tc.h)
			rateAll(m, projectorRatings[:tc.members], "1")
			requireGolden(t, m)
		})
	}
}

// At the smallest window the ratings and the consensus still show, with
// the four levels; at every size the frame fits.
func TestAssessProjectorSmallestWindow(t *testing.T) {
	st := newTestStore(t)
	sess := projectorSession(t, st, 8)
	m := openTestScreen(t, st, sess, ScreenAssess, MinWidth, MinHeight)
	rateAll(m, projectorRatings, "1")
	requireScreen(t, m, "Team consensus", "1 Individual", "Evidence notes", "1 Individual effort:", "4 Reviewed and improved:")
	for _, name := range projectorNames {
		requireScreen(t, m, name)
	}
	requireSomeSizes(t, m)
	requireScreenAllSizes(t, m)
}

func TestAssessHiddenVote(t *testing.T) {
	st := newTestStore(t)
	sess := projectorSession(t, st, 5)
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24)
	id := sess.Template.Domains[0].Indicators[0].ID

	press(m, "V") // hidden vote for the whole session, stored
	if !reload(t, st, "s1").HiddenVote {
		t.Fatal("V did not store the session's hidden vote")
	}
	requireScreen(t, m, "hidden vote: 0 of 5 have voted")
	press(m, "3", "4", "1")
	requireScreen(t, m, "hidden vote: 3 of 5 have voted", "✓ voted", "– not yet")
	// Nothing of the three ratings is on screen: no digit beside a name,
	// no spread, no level label beside a person.
	for _, name := range projectorNames[:3] {
		l := lineWith(m, name)
		if strings.ContainsAny(strings.SplitN(l[strings.Index(l, name):], "✓", 2)[0][len(name):], "0123456789?") {
			t.Fatalf("a hidden rating shows: %q", l)
		}
	}
	requireNotOnScreen(t, m, "people:", "4 Reviewed and improved   ", "talk it through")
	// Results and the Summary say how far the vote is, and nothing more.
	r := openTestScreen(t, st, reload(t, st, "s1"), ScreenResults, 120, 60)
	summary := ansi.Strip(renderPreview(NewStyles(true), reload(t, st, "s1"), time.Time{}, 120))
	if !strings.Contains(summary, "hidden vote: 3 of 5 have voted") {
		t.Fatalf("the Summary does not say how far the vote is:\n%s", summary)
	}
	for _, text := range []string{screenText(r), summary} {
		for _, leak := range []string{"ratings 1–4", "spread 3", "Ana Lopez 3", "Ben Okafor 4", "Cai Wong 1"} {
			if strings.Contains(text, leak) {
				t.Fatalf("%q shows while the vote is hidden:\n%s", leak, text)
			}
		}
	}
	press(m, "2")
	requireScreen(t, m, "4 of 5 have voted")
	requireNotOnScreen(t, m, "people:")
	press(m, "3") // the last member: the spread is revealed
	requireScreen(t, m, "all 5 voted, people: 1–4, talk it through", "Ana Lopez", "3 Routine", "1 Individual effort")
	if got := reload(t, st, "s1").Ratings[id].Members; len(got) != 5 || got["m1"] != 3 || got["m3"] != 1 {
		t.Fatalf("stored %v", got)
	}

	// v overrides the session for one indicator: open here, hidden elsewhere.
	press(m, "up", "backspace") // Eve's rating cleared: hidden again
	requireScreen(t, m, "4 of 5 have voted")
	press(m, "v")
	if r := reload(t, st, "s1").Ratings[id]; r.Vote != workbook.VoteOpen {
		t.Fatalf("v stored %q", r.Vote)
	}
	requireScreen(t, m, "people: 1–4", "3 Routine")
	press(m, "]")
	requireScreen(t, m, "hidden vote: 0 of 5 have voted")
	press(m, "[", "v") // back to the session's choice
	if r := reload(t, st, "s1").Ratings[id]; r.Vote != workbook.VoteDefault {
		t.Fatalf("second v stored %q", r.Vote)
	}
	requireScreen(t, m, "4 of 5 have voted")
}

// A former member's ratings stay on the screen, marked, and they no longer
// take a turn; the hidden vote waits only for current members.
func TestAssessFormerMember(t *testing.T) {
	st := newTestStore(t)
	sess := projectorSession(t, st, 3)
	id := sess.Template.Domains[0].Indicators[0].ID
	sess.Rating(id).Members = map[string]workbook.Rating{"m3": 2}
	sess.Roster[2].Former = true
	sess.HiddenVote = true
	sess, err := st.Update(sess)
	if err != nil {
		t.Fatal(err)
	}
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24)
	requireScreen(t, m, "hidden vote: 0 of 2 have voted", "Cai Wong · former member")
	press(m, "3", "4")
	requireScreen(t, m, "all 2 voted", "Cai Wong · former member", "2 Partly in place")
	requireRow(t, m, "Team consensus") // the former member took no turn
}

func TestAssessConsensusOutsideIsFlaggedInText(t *testing.T) {
	st := newTestStore(t)
	sess := projectorSession(t, st, 3)
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24)
	rateAll(m, []string{"3", "4", "3"}, "3")
	requireNotOnScreen(t, m, "⚑")
	press(m, "1") // members 3, 4, 3 → consensus 1
	line := lineWith(m, "⚑")
	if ansi.Strip(line) != line || !strings.Contains(line, "consensus 1 is outside the members' ratings (3–4): talk it through") {
		t.Fatalf("flag line %q", line)
	}
}

// Every width cuts the level lines on a character boundary (the label is
// styled apart from its descriptor): the frame is always valid UTF-8.
func TestAssessCutsOnCharacters(t *testing.T) {
	st := newTestStore(t)
	sess := projectorSession(t, st, 8)
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24)
	for w := 1; w <= 120; w++ {
		m.c.Width, m.c.Height = w, 21
		m.updateTop(tea.WindowSizeMsg{Width: w, Height: 21})
		if v := m.top().View(); !utf8.ValidString(v) {
			t.Fatalf("at width %d the frame is not valid UTF-8:\n%q", w, v)
		}
	}
}

// TestAssessTextKeysAsInForms: the rating screen's text field (the equity
// answer, the evidence) takes alt+enter and ctrl+j for a new line, as every
// form does, and its hint line says how to start one and how to save.
// (Before, only enter made a new line there and the hint said only
// "esc/tab done".)
func TestAssessTextKeysAsInForms(t *testing.T) {
	st := newTestStore(t)
	sess := projectorSession(t, st, 8)
	m := openTestScreen(t, st, sess, ScreenAssess, 80, 24)
	press(m, "E")
	requireScreen(t, m, "esc/tab done", "alt+enter/ctrl+j new line")
	press(m, "alt+enter")
	typeText(m, "two")
	press(m, "ctrl+j")
	typeText(m, "three")
	press(m, "tab")
	got := reload(t, st, sess.ID).Rating(sess.Template.Domains[0].Indicators[0].ID).Equity
	if !strings.HasSuffix(got, "spring.\ntwo\nthree") {
		t.Fatalf("equity answer %q; want two more lines", got)
	}
}

// TestAssessListShowsPriorityOnLongTitles: in the indicator list beside the
// rating (a wide window), ★ comes before the title, so a long title cut at
// the list's edge does not take the priority with it.
func TestAssessListShowsPriorityOnLongTitles(t *testing.T) {
	st := newTestStore(t)
	sess := projectorSession(t, st, 8)
	m := openTestScreen(t, st, sess, ScreenAssess, 140, 40)
	l := lineWith(m, "1.1 ")
	if i := strings.Index(l, "│"); i < 0 || !strings.Contains(l[:i], "★") {
		t.Fatalf("the list's line of a priority lacks ★: %q", l)
	}
}
