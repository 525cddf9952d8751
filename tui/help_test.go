package tui

import (
	"slices"
	"strings"
	"testing"

	"edtech-workbook/internal/testfixture"

	"charm.land/bubbles/v2/key"
)

// TestHelpListsEveryKeyOnce: the full help (?) of every screen lays out its
// keys with none listed twice (two bindings sharing a key, or a screen
// listing a key the root lists too), and the help line never shows a key
// twice either.
func TestHelpListsEveryKeyOnce(t *testing.T) {
	st := newTestStore(t)
	sess := planSession(t, st)
	saveInv(t, st, testfixture.Inventory(t))
	type state struct {
		name   string
		screen ScreenID // ScreenHome: the model as started
		keys   []string
		opts   Options
	}
	states := []state{
		{name: "home", screen: ScreenHome},
		{name: "home review", screen: ScreenHome, opts: Options{Review: true}},
		{name: "overview", screen: ScreenOverview},
		{name: "overview review", screen: ScreenOverview, opts: Options{Review: true}},
		{name: "assess", screen: ScreenAssess},
		{name: "results", screen: ScreenResults},
		{name: "problem list", screen: ScreenProblem},
		{name: "plan actions", screen: ScreenPlan},
		{name: "plan aim", screen: ScreenPlan, keys: []string{"shift+tab"}},
		{name: "reflect", screen: ScreenReflect},
		{name: "reflect year", screen: ScreenReflect, keys: []string{"tab"}},
		{name: "summary", screen: ScreenSummary},
		{name: "assess review", screen: ScreenAssess, opts: Options{Review: true}},
		{name: "results review", screen: ScreenResults, opts: Options{Review: true}},
		{name: "problem list review", screen: ScreenProblem, opts: Options{Review: true}},
		{name: "problem form review", screen: ScreenProblem, keys: []string{"tab"}, opts: Options{Review: true}},
		{name: "plan actions review", screen: ScreenPlan, opts: Options{Review: true}},
		{name: "plan aim review", screen: ScreenPlan, keys: []string{"shift+tab"}, opts: Options{Review: true}},
		{name: "plan data review", screen: ScreenPlan, keys: []string{"tab"}, opts: Options{Review: true}},
		{name: "reflect review", screen: ScreenReflect, opts: Options{Review: true}},
		{name: "summary review", screen: ScreenSummary, opts: Options{Review: true}},
		{name: "comment threads review", screen: ScreenPlan, keys: []string{"C"}, opts: Options{Review: true}},
		{name: "rounds review", screen: ScreenOverview, keys: []string{"h"}, opts: Options{Review: true}},
		{name: "inventory", screen: ScreenInventory},
		{name: "inventory filter", screen: ScreenInventory, keys: []string{"/"}},
		{name: "tool page", screen: ScreenInventory, keys: []string{"enter"}},
		{name: "tool usage", screen: ScreenInventory, keys: []string{"enter", "tab", "tab", "tab", "tab", "tab", "tab", "tab"}},
		{name: "tool evaluations", screen: ScreenInventory, keys: []string{"enter", "shift+tab", "shift+tab"}},
		{name: "requests", screen: ScreenInventory, keys: []string{"r"}},
		{name: "request need", screen: ScreenInventory, keys: []string{"r", "enter"}},
		{name: "request check", screen: ScreenInventory, keys: []string{"r", "enter", "tab"}},
		{name: "request reviews", screen: ScreenInventory, keys: []string{"r", "enter", "tab", "tab"}},
		{name: "request decision", screen: ScreenInventory, keys: []string{"r", "enter", "shift+tab"}},
		{name: "evaluation", screen: ScreenInventory, keys: []string{"enter", "v"}},
		{name: "evaluation stakeholders", screen: ScreenInventory, keys: []string{"enter", "v", "tab"}},
		{name: "evaluation decision", screen: ScreenInventory, keys: []string{"enter", "v", "shift+tab"}},
		{name: "core tools", screen: ScreenInventory, keys: []string{"c"}},
		{name: "usage import", screen: ScreenInventory, keys: []string{"u", "esc"}},
		{name: "problem tools", screen: ScreenProblem, keys: []string{"T"}},
		{name: "inventory review", screen: ScreenInventory, opts: Options{Review: true}},
		{name: "request reviews review", screen: ScreenInventory, keys: []string{"r", "enter", "tab", "tab"}, opts: Options{Review: true}},
		{name: "evaluation review", screen: ScreenInventory, keys: []string{"enter", "v"}, opts: Options{Review: true}},
	}
	for _, s := range states {
		t.Run(s.name, func(t *testing.T) {
			var m *model
			switch s.screen {
			case ScreenHome:
				m = newTestModel(t, st, 100, 30, s.opts)
			case ScreenInventory:
				m = newTestModel(t, st, 100, 30, s.opts)
				press(m, "i")
			default:
				m = openTestScreen(t, st, sess, s.screen, 100, 30, s.opts)
			}
			press(m, s.keys...)
			seen := map[string]string{}
			for _, col := range m.chrome.fullHelp(m.frame()) {
				for _, b := range col {
					if !b.Enabled() {
						continue
					}
					for _, k := range b.Keys() {
						if other, ok := seen[k]; ok {
							t.Errorf("key %q is listed as %q and as %q", k, other, helpText(b))
						}
						seen[k] = helpText(b)
					}
				}
			}
			line := helpLine(m)
			keysShown := map[string]bool{}
			for _, item := range strings.Split(line, " • ") {
				if strings.Count(line, item) > 1 {
					t.Errorf("the help line shows %q twice: %s", item, line)
				}
				k, _, _ := strings.Cut(item, " ")
				if keysShown[k] {
					t.Errorf("the help line shows the key %q twice: %s", k, line)
				}
				keysShown[k] = true
			}
			if !s.opts.Review {
				return
			}
			// A reviewer's footer and help page offer only what a reviewer can do.
			for _, b := range append(m.top().Help().ShortHelp(), slices.Concat(m.chrome.fullHelp(m.frame())...)...) {
				if editDescs[b.Help().Desc] {
					t.Errorf("review mode offers the edit key %q", helpText(b))
				}
			}
			for _, item := range strings.Split(line, " • ") {
				if _, desc, _ := strings.Cut(item, " "); editDescs[desc] {
					t.Errorf("the review help line offers %q: %s", item, line)
				}
			}
		})
	}
}

func helpText(b key.Binding) string { return b.Help().Key + " " + b.Help().Desc }

// TestHelpPageAt80x24: the `?` page of every screen and form, at 80×24,
// shows every key of its columns whole — each key beside its description
// on one line — with no key listed twice and nothing cut off at the right
// or the bottom. (Before, the self-assessment's third column was cut off,
// and a form listed esc twice.)
func TestHelpPageAt80x24(t *testing.T) {
	st := newTestStore(t)
	sess := planSession(t, st)
	states := []struct {
		name   string
		screen ScreenID
		keys   []string
	}{
		{"home", ScreenHome, nil},
		{"overview", ScreenOverview, nil},
		{"assess", ScreenAssess, nil},
		{"results", ScreenResults, nil},
		{"problem list", ScreenProblem, nil},
		{"problem form", ScreenProblem, []string{"tab"}},
		{"plan actions", ScreenPlan, nil},
		{"plan editor", ScreenPlan, []string{"a"}},
		{"plan editor choice", ScreenPlan, []string{"e", "tab"}},
		{"plan discard question", ScreenPlan, []string{"a", "X", "esc"}},
		{"plan aim editor", ScreenPlan, []string{"shift+tab", "e"}},
		{"reflect", ScreenReflect, nil},
		{"reflect check-in", ScreenReflect, []string{"a"}},
		{"reflect year", ScreenReflect, []string{"tab", "e"}},
		{"summary", ScreenSummary, nil},
		{"summary export", ScreenSummary, []string{"x"}},
	}
	for _, s := range states {
		t.Run(s.name, func(t *testing.T) {
			var m *model
			if s.screen == ScreenHome {
				m = newTestModel(t, st, 80, 24)
			} else {
				m = openTestScreen(t, st, sess, s.screen, 80, 24)
			}
			press(m, s.keys...)
			groups := m.chrome.fullHelp(m.frame())
			m.chrome.showHelp = true
			lines := screenLines(m)
			seen := map[string]string{}
			for _, col := range groups {
				for _, b := range col {
					if !b.Enabled() {
						continue
					}
					for _, k := range b.Keys() {
						if other, ok := seen[k]; ok {
							t.Errorf("key %q is listed as %q and as %q", k, other, helpText(b))
						}
						seen[k] = helpText(b)
					}
					if !helpShown(lines, b) {
						t.Errorf("%q is not on the help page whole:\n%s", helpText(b), strings.Join(lines, "\n"))
					}
				}
			}
		})
	}
}

// helpShown reports whether one line of the help page shows b's key and,
// after it, its whole description.
func helpShown(lines []string, b key.Binding) bool {
	for _, l := range lines[2 : len(lines)-2] { // below the title, above the status and help lines
		i := strings.Index(l, b.Help().Key+" ")
		if i >= 0 && strings.Contains(l[i+len(b.Help().Key):], " "+b.Help().Desc) {
			return true
		}
	}
	return false
}

// editDescs are the help words of the keys that change a team's answers.
var editDescs = map[string]bool{"rate": true, "not sure": true, "clear rating": true, "notes": true, "evidence": true,
	"evidence (on its row)": true, "equity": true, "equity answer": true, "priority": true, "roster": true, "team roster": true,
	"add": true, "delete": true, "cycle status": true, "edit": true, "mark": true, "choose": true, "new line": true, "new": true, "next year": true,
	"add a dated value": true, "add an improvement cycle": true, "re-date last year's steps": true}
