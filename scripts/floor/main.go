// Command floor is the bare Bubble Tea v2 program that scripts/bench measures
// the app against: the least any full-window Bubble Tea program built from
// this go.mod can do for a first frame and a keypress. It opens the alternate
// screen, draws one line and redraws it on every key:
//
//	floor ready · 0 keys
//	floor ready · 1 keys · last "3"
//
// q or ctrl+c quits. It has no flags and reads no files.
package main

import (
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
)

type model struct {
	keys int
	last string
}

func (m model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "q", "ctrl+c":
			return m, tea.Quit
		}
		m.keys++
		m.last = k.String()
	}
	return m, nil
}

func (m model) View() tea.View {
	line := fmt.Sprintf("floor ready · %d keys", m.keys)
	if m.last != "" {
		line += fmt.Sprintf(" · last %q", m.last)
	}
	v := tea.NewView(line)
	v.AltScreen = true
	return v
}

func main() {
	if _, err := tea.NewProgram(model{}).Run(); err != nil {
		fmt.Fprintln(os.Stderr, "floor: "+err.Error())
		os.Exit(1)
	}
}
