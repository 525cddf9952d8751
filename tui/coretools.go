package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
)

// coreToolsScreen is the district's short list of core tools: each with its
// purpose, use cases and support resources, and its use over time (every
// usage figure it has had, this year's and those kept in earlier years'
// snapshots) as labelled bars, readable without colour.
type coreToolsScreen struct {
	c      *Common
	cursor int // the tool
}

func newCoreToolsScreen(c *Common) *coreToolsScreen { return &coreToolsScreen{c: c} }

func (s *coreToolsScreen) Init() tea.Cmd { return s.c.inv.loadFull() }

func (s *coreToolsScreen) Title() string { return "Tools › Core tools" }

func (s *coreToolsScreen) Capturing() bool { return false }

func (s *coreToolsScreen) Help() help.KeyMap {
	k := s.c.Keys
	short := []key.Binding{as(k.Move, "tool"), as(k.Enter, "open tool")}
	return newKeyHelp(short, []key.Binding{k.Up, k.Down}, []key.Binding{as(k.Enter, "open tool")})
}

func (s *coreToolsScreen) tools() []inventory.CoreTool {
	if inv := s.c.inv.inv(); inv != nil {
		return inv.CoreTools()
	}
	return nil
}

func (s *coreToolsScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		k := s.c.Keys
		ts := s.tools()
		switch {
		case key.Matches(msg, k.Up, k.Down):
			s.cursor = listCursor(k, msg, s.cursor, len(ts), 0)
		case key.Matches(msg, k.Enter):
			if s.cursor < len(ts) {
				return s, openScreen(route{screen: ScreenTool, tool: ts[s.cursor].ID})
			}
		}
	}
	return s, nil
}

func (s *coreToolsScreen) View() string {
	st := s.c.Styles
	w, h := s.c.Width, s.c.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	if !s.c.inv.ready() {
		return s.c.inv.waitingView(st, w)
	}
	ts := s.tools()
	head := []string{
		st.Title.Render(truncate(fmt.Sprintf("Core tools (%d)", len(ts)), w)),
		st.Muted.Render(truncate("The short list the district supports and trains on, with each tool's use over time.", w)),
		"",
	}
	if len(ts) == 0 {
		head = append(head, st.Muted.Render(truncate("  No core tools yet: set a tool's status to core on its page.", w)))
		return clampLines(strings.Join(head, "\n"), h)
	}
	var body []string
	cursorLine := 0
	for i, t := range ts {
		if i == s.cursor {
			cursorLine = len(body)
			body = append(body, st.Selected.Render(truncate("› "+cleanLine(t.Name), w)))
		} else {
			body = append(body, st.Heading.Render(truncate("  "+cleanLine(t.Name), w)))
		}
		body = append(body, truncate("    "+orText(cleanLine(t.Purpose), "(no purpose written)"), w))
		if len(t.UseCases) > 0 {
			body = append(body, truncate("    Use cases: "+cleanLine(strings.Join(t.UseCases, "; ")), w))
		}
		if len(t.Support) > 0 {
			body = append(body, truncate("    Support: "+cleanLine(strings.Join(t.Support, "; ")), w))
		}
		body = append(body, useOverTime(st, t.Use, w)...)
		body = append(body, "")
	}
	room := max(h-len(head), 1)
	offset := clampInt(cursorLine, 0, max(len(body)-room, 0)) // the cursor's tool at the top, as far as the list allows
	return clampLines(strings.Join(append(head, body[offset:]...), "\n"), h)
}

// useOverTime draws a tool's usage figures as bars of active users (the
// number beside each bar), oldest first.
func useOverTime(st *Styles, use []inventory.UsePoint, w int) []string {
	if len(use) == 0 {
		return []string{st.Muted.Render(truncate("    Use over time: no usage figures yet", w))}
	}
	most := int64(0)
	for _, u := range use {
		if n, ok := u.ActiveUsers.Value(); ok && n > most {
			most = n
		}
	}
	out := []string{truncate("    Use over time (active users):", w)}
	barW := clampInt(w-48, 5, 40)
	for _, u := range use {
		label := fmt.Sprintf("      %s %s", u.SchoolYear, padRight(u.Source.Label(), 21))
		n, ok := u.ActiveUsers.Value()
		value := "not counted"
		bar := strings.Repeat(" ", barW)
		if ok {
			value = workbook.Thousands(n)
			pct := 0
			if most > 0 {
				pct = int(n * 100 / most)
			}
			bar = progressBar(st, pct, barW)
		}
		out = append(out, truncate(label+" "+bar+" "+value, w))
	}
	return out
}
