package tui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
)

// TestHelpListsEveryKeyOnce: the full help (?) of every screen lays out its
// keys with none listed twice (two bindings sharing a key, or a screen
// listing a key the root lists too), and the help line never shows a key
// twice either.
func TestHelpListsEveryKeyOnce(t *testing.T) {
	st := newTestStore(t)
	sess := planSession(t, st)
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
	}
	for _, s := range states {
		t.Run(s.name, func(t *testing.T) {
			var m *model
			if s.screen == ScreenHome {
				m = newTestModel(t, st, 100, 30, s.opts)
			} else {
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
			for _, item := range strings.Split(line, " • ") {
				if strings.Count(line, item) > 1 {
					t.Errorf("the help line shows %q twice: %s", item, line)
				}
			}
		})
	}
}

func helpText(b key.Binding) string { return b.Help().Key + " " + b.Help().Desc }
