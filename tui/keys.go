package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
)

// KeyMap is the one key map of the app. Screens match against these bindings
// and pick which ones their help shows (see keyHelp).
type KeyMap struct {
	// Global (handled by the root unless a screen is Capturing).
	Help key.Binding // ?
	Back key.Binding // esc
	Quit key.Binding // q (Home only, and only when no text field is focused)
	Kill key.Binding // ctrl+c, quits from anywhere

	// Movement.
	Up     key.Binding // up, k
	Down   key.Binding // down, j
	Left   key.Binding // left, h
	Right  key.Binding // right, l
	Top    key.Binding // home, g
	Bottom key.Binding // end, G
	Next   key.Binding // tab
	Prev   key.Binding // shift+tab
	Enter  key.Binding // enter

	// Lists.
	Filter  key.Binding // /
	New     key.Binding // n
	Delete  key.Binding // d
	Edit    key.Binding // e
	Add     key.Binding // a
	Yes     key.Binding // y (confirmations)
	No      key.Binding // n, esc (confirmations)
	Status  key.Binding // s (cycle a status)
	Export  key.Binding // x
	Results key.Binding // r (Overview → Results)
	Carry   key.Binding // c (Home: next school year's session from the selected one)
	Roster  key.Binding // t (Overview: edit the team roster)
	Mark    key.Binding // x, space (mark/unmark an item in a checklist)
	Comment key.Binding // C (a coach's comment; handled by the root)

	// Self-assessment.
	NextIndicator key.Binding // ], pgdown
	PrevIndicator key.Binding // [, pgup
	Rate          key.Binding // 1-4 (help only; use RatingFromKey)
	NotSure       key.Binding // 0
	Priority      key.Binding // p
	Context       key.Binding // c (collapse/expand context notes)
	Evidence      key.Binding // e (edit evidence notes)
	Commit        key.Binding // esc, tab (leave a text field, saving it)
}

// DefaultKeyMap returns the app's key map.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return KeyMap{
		Help: b([]string{"?"}, "?", "help"),
		Back: b([]string{"esc"}, "esc", "back"),
		Quit: b([]string{"q"}, "q", "quit"),
		Kill: b([]string{"ctrl+c"}, "ctrl+c", "quit"),

		Up:     b([]string{"up", "k"}, "↑/k", "up"),
		Down:   b([]string{"down", "j"}, "↓/j", "down"),
		Left:   b([]string{"left", "h"}, "←/h", "left"),
		Right:  b([]string{"right", "l"}, "→/l", "right"),
		Top:    b([]string{"home", "g"}, "g", "first"),
		Bottom: b([]string{"end", "G"}, "G", "last"),
		Next:   b([]string{"tab"}, "tab", "next field"),
		Prev:   b([]string{"shift+tab"}, "shift+tab", "previous field"),
		Enter:  b([]string{"enter"}, "enter", "open"),

		Filter:  b([]string{"/"}, "/", "filter"),
		New:     b([]string{"n"}, "n", "new"),
		Delete:  b([]string{"d"}, "d", "delete"),
		Edit:    b([]string{"e"}, "e", "edit"),
		Add:     b([]string{"a"}, "a", "add"),
		Yes:     b([]string{"y"}, "y", "yes"),
		No:      b([]string{"n", "esc"}, "n/esc", "no"),
		Status:  b([]string{"s"}, "s", "cycle status"),
		Export:  b([]string{"x"}, "x", "export"),
		Results: b([]string{"r"}, "r", "results"),
		Carry:   b([]string{"c"}, "c", "next year"),
		Roster:  b([]string{"t"}, "t", "team roster"),
		Mark:    b([]string{"x", "space"}, "x", "mark"),
		Comment: b([]string{"C"}, "C", "comment"),

		NextIndicator: b([]string{"]", "pgdown"}, "]", "next indicator"),
		PrevIndicator: b([]string{"[", "pgup"}, "[", "previous indicator"),
		Rate:          b([]string{"1", "2", "3", "4"}, "1-4", "rate"),
		NotSure:       b([]string{"0"}, "0", "not sure"),
		Priority:      b([]string{"p"}, "p", "priority"),
		Context:       b([]string{"c"}, "c", "context notes"),
		Evidence:      b([]string{"e"}, "e", "evidence"),
		Commit:        b([]string{"esc", "tab"}, "esc/tab", "done"),
	}
}

// keyHelp is a help.KeyMap made of the bindings a screen chooses to show.
type keyHelp struct {
	short []key.Binding
	full  [][]key.Binding
}

func (k keyHelp) ShortHelp() []key.Binding  { return k.short }
func (k keyHelp) FullHelp() [][]key.Binding { return k.full }

// newKeyHelp builds a help.KeyMap: short is the help bar; full (optional)
// is the columns of the `?` view (defaults to short as one column).
func newKeyHelp(short []key.Binding, full ...[]key.Binding) help.KeyMap {
	if len(full) == 0 {
		full = [][]key.Binding{short}
	}
	return keyHelp{short: short, full: full}
}
