package tui

import (
	"strconv"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// KeyMap is the one key map of the app: every key a screen or the root acts
// on is a binding here, and screens match keys only against these (never
// against key names). A screen picks which bindings its help shows (see
// keyHelp); a few bindings exist only to describe several keys at once in
// the help ("↑/↓ move").
type KeyMap struct {
	// Global (handled by the root unless a screen is Capturing).
	Help    key.Binding // ?
	Back    key.Binding // esc
	Quit    key.Binding // q (Home only, and only when no text field is focused)
	Kill    key.Binding // ctrl+c, quits from anywhere
	Comment key.Binding // C (a comment on what the screen shows)

	// Movement.
	Up       key.Binding // up, k
	Down     key.Binding // down, j
	Move     key.Binding // help only: up and down
	Top      key.Binding // home, g
	Bottom   key.Binding // end, G
	PageUp   key.Binding // pgup
	PageDown key.Binding // pgdown, space
	Next     key.Binding // tab
	Prev     key.Binding // shift+tab
	Enter    key.Binding // enter

	// Lists and tables.
	Filter     key.Binding // / (Home)
	KeepFilter key.Binding // enter while typing the filter
	DropFilter key.Binding // esc while typing the filter
	DeleteChar key.Binding // backspace while typing the filter
	New        key.Binding // n
	Delete     key.Binding // d
	Edit       key.Binding // e
	EditRow    key.Binding // help only: e and enter on a table row
	Add        key.Binding // a
	Section    key.Binding // help only: tab and shift+tab between a screen's sections
	Yes        key.Binding // y (confirmations)
	No         key.Binding // n, esc (confirmations)
	Status     key.Binding // s (cycle an action step's status)
	Value      key.Binding // v (Plan: a dated value of the selected measure)
	Cycle      key.Binding // i (Plan: an improvement cycle on the selected step)
	Redate     key.Binding // r (Plan: new dates for steps still on last year's)
	Export     key.Binding // x (Summary)
	Compare    key.Binding // c (Rounds: compare two rounds)
	Carry      key.Binding // c (Home: next school year's session from the selected one)
	Roster     key.Binding // t (Overview: edit the team roster)
	Rounds     key.Binding // h (Overview: the files received for review, the rounds)
	OpenPart   key.Binding // 1-6 (Overview: open a part by its number)
	Mark       key.Binding // x, space (mark/unmark an item in a checklist)
	ListDone   key.Binding // tab, enter (Problem: from the focus list to the questions)
	ListPage   key.Binding // help only: the focus list's page keys
	Pick       key.Binding // help only: tab and shift+tab through the listed indicators (Results)
	Assess     key.Binding // a (Results → the self-assessment)
	Scroll     key.Binding // help only: up and down scroll a page
	ScrollAll  key.Binding // help only: the Summary's scrolling keys
	HalfUp     key.Binding // u, ctrl+u (Summary: half a page up)
	HalfDown   key.Binding // d, ctrl+d (Summary: half a page down)
	PageBack   key.Binding // pgup, b (Summary: a page up)
	PageOn     key.Binding // pgdown, space, f (Summary: a page down)
	Cohort     key.Binding // o (Home: the cohort of teams in the file)
	SortBy     key.Binding // s (Cohort: the next sort key)
	Tag        key.Binding // T (Cohort: set the selected team's cohort tag)

	// Self-assessment.
	NextIndicator key.Binding // ], pgdown
	PrevIndicator key.Binding // [, pgup
	Rate          key.Binding // 1-9 (the help says 1-4; see digitOf)
	NotSure       key.Binding // 0
	ClearRating   key.Binding // backspace, delete
	Rows          key.Binding // help only: the keys that pick a person, the consensus or the evidence
	Priority      key.Binding // p
	Context       key.Binding // c (collapse/expand context notes)
	Evidence      key.Binding // e (edit evidence notes)
	Equity        key.Binding // E (write the team's answer to the equity pause)
	TextDown      key.Binding // J (scroll a long indicator text)
	TextUp        key.Binding // K
	TextScroll    key.Binding // help only: J and K
	FullText      key.Binding // f (the indicator's whole text, or the rating view again)
	Vote          key.Binding // v (hidden vote on or off for this indicator)
	VoteAll       key.Binding // V (hidden vote on or off for the whole session)
	Commit        key.Binding // esc, tab (leave a text field, saving it)

	// Forms (huh draws them and acts on its own keys; these describe them).
	FormNext    key.Binding // enter, tab: the next field
	FormPrev    key.Binding // shift+tab: the previous field
	FormWrap    key.Binding // help only: tab on the last field goes to the first, shift+tab on the first to the last
	FormLast    key.Binding // help only: enter on the last field saves and closes
	FormChoose  key.Binding // left, right: a choice
	FormNewLine key.Binding // alt+enter, ctrl+j: a new line in a text area (enter moves on)
	FormSave    key.Binding // ctrl+s: save the form and close it
	FormDone    key.Binding // esc: save the field and close the form
	FormDiscard key.Binding // esc: on a new row, discard it (asking first)
	Cancel      key.Binding // esc: close a form or dialog without saving

	// The tool inventory.
	Inventory    key.Binding // i (Home, Overview: the tool inventory)
	SortNext     key.Binding // s (Inventory: sort by the next column)
	SortReverse  key.Binding // S (Inventory: reverse the order)
	Requests     key.Binding // r (Inventory: selection requests)
	CoreTools    key.Binding // c (Inventory: the core tools)
	ImportUsage  key.Binding // u (Inventory: import usage from a CSV file)
	KeepYear     key.Binding // Y (Inventory: keep this school year's copy)
	Evaluate     key.Binding // v (a tool's page: this school year's evaluation)
	Recheck      key.Binding // o (a request: check it against the inventory again)
	Left         key.Binding // left (a request's reviews: the column to the left)
	Right        key.Binding // right (the column to the right)
	Columns      key.Binding // help only: left and right
	GatePass     key.Binding // p (a gate: pass)
	GateFail     key.Binding // f (a gate: fail)
	GateUnknown  key.Binding // 0 (a gate: not known yet)
	Score        key.Binding // help only: 1-4 score a criterion
	EvidenceNext key.Binding // l (an evaluation criterion: the next evidence level)
	Proposal     key.Binding // x, space (an import proposal: update, add or skip)
	CopyFacts    key.Binding // I (self-assessment: copy the inventory's facts into the evidence)
	NameTools    key.Binding // T (problem of practice: the tools it names)

	// The comment dialog.
	Save          key.Binding // ctrl+s
	SaveOnLine    key.Binding // enter on an empty line of the comment
	SwitchText    key.Binding // tab, shift+tab: the name or the comment
	NewThread     key.Binding // n: a new comment (thread) on the part
	Reply         key.Binding // r: reply to the selected thread
	EditComment   key.Binding // e: edit your own comment
	DeleteComment key.Binding // d: delete your own comment
	Resolve       key.Binding // x: resolve or reopen the selected thread
}

// DefaultKeyMap returns the app's key map.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return KeyMap{
		Help:    b([]string{"?"}, "?", "help"),
		Back:    b([]string{"esc"}, "esc", "back"),
		Quit:    b([]string{"q"}, "q", "quit"),
		Kill:    b([]string{"ctrl+c"}, "ctrl+c", "quit"),
		Comment: b([]string{"C"}, "C", "comment"),

		Up:       b([]string{"up", "k"}, "↑/k", "up"),
		Down:     b([]string{"down", "j"}, "↓/j", "down"),
		Move:     b([]string{"up", "down"}, "↑/↓", "move"),
		Top:      b([]string{"home", "g"}, "g", "first"),
		Bottom:   b([]string{"end", "G"}, "G", "last"),
		PageUp:   b([]string{"pgup"}, "pgup", "page up"),
		PageDown: b([]string{"pgdown", "space"}, "pgdn", "page down"),
		Next:     b([]string{"tab"}, "tab", "next field"),
		Prev:     b([]string{"shift+tab"}, "shift+tab", "previous field"),
		Enter:    b([]string{"enter"}, "enter", "open"),

		Filter:     b([]string{"/"}, "/", "filter"),
		KeepFilter: b([]string{"enter"}, "enter", "keep filter"),
		DropFilter: b([]string{"esc"}, "esc", "clear filter"),
		DeleteChar: b([]string{"backspace"}, "backspace", "delete"),
		New:        b([]string{"n"}, "n", "new"),
		Delete:     b([]string{"d"}, "d", "delete"),
		Edit:       b([]string{"e"}, "e", "edit"),
		EditRow:    b([]string{"e", "enter"}, "e/enter", "edit"),
		Add:        b([]string{"a"}, "a", "add"),
		Section:    b([]string{"tab", "shift+tab"}, "tab", "next section"),
		Yes:        b([]string{"y"}, "y", "yes"),
		No:         b([]string{"n", "esc"}, "n/esc", "no"),
		Status:     b([]string{"s"}, "s", "cycle status"),
		Value:      b([]string{"v"}, "v", "add a dated value"),
		Cycle:      b([]string{"i"}, "i", "add an improvement cycle"),
		Redate:     b([]string{"r"}, "r", "re-date last year's steps"),
		Export:     b([]string{"x"}, "x", "export"),
		Compare:    b([]string{"c"}, "c", "compare"),
		Carry:      b([]string{"c"}, "c", "next year"),
		Roster:     b([]string{"t"}, "t", "team roster"),
		Rounds:     b([]string{"h"}, "h", "rounds received"),
		OpenPart:   b([]string{"1", "2", "3", "4", "5", "6"}, "1-6", "open part by number"),
		Mark:       b([]string{"x", "space"}, "x", "mark"),
		ListDone:   b([]string{"tab", "enter"}, "tab", "to the phase"),
		ListPage:   b([]string{"pgup", "pgdown"}, "pgup/pgdn", "page"),
		Pick:       b([]string{"tab", "shift+tab"}, "tab", "pick"),
		Assess:     b([]string{"a"}, "a", "self-assessment"),
		Scroll:     b([]string{"up", "down"}, "↑/↓", "scroll"),
		ScrollAll:  b([]string{"up", "down", "pgup", "pgdown"}, "↑/↓ pgup/pgdn", "scroll"),
		HalfUp:     b([]string{"u", "ctrl+u"}, "u", "½ page up"),
		HalfDown:   b([]string{"d", "ctrl+d"}, "d", "½ page down"),
		PageBack:   b([]string{"pgup", "b"}, "b/pgup", "page up"),
		PageOn:     b([]string{"pgdown", "space", "f"}, "f/pgdn", "page down"),
		Cohort:     b([]string{"o"}, "o", "cohort"),
		SortBy:     b([]string{"s"}, "s", "sort"),
		Tag:        b([]string{"T"}, "T", "cohort tag"),

		NextIndicator: b([]string{"]", "pgdown"}, "]", "next indicator"),
		PrevIndicator: b([]string{"[", "pgup"}, "[", "previous indicator"),
		Rate:          b([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1-4", "rate"),
		NotSure:       b([]string{"0"}, "0", "not sure"),
		ClearRating:   b([]string{"backspace", "delete"}, "backspace", "clear rating"),
		Rows:          b([]string{"up", "down", "tab", "shift+tab"}, "↑/↓ tab", "person / consensus / evidence"),
		Priority:      b([]string{"p"}, "p", "priority"),
		Context:       b([]string{"c"}, "c", "context notes"),
		Evidence:      b([]string{"e"}, "e", "evidence"),
		Equity:        b([]string{"E"}, "E", "equity answer"),
		TextDown:      b([]string{"J"}, "J", "scroll the indicator text down"),
		TextUp:        b([]string{"K"}, "K", "scroll the indicator text up"),
		TextScroll:    b([]string{"J", "K"}, "J/K", "scroll the indicator text"),
		FullText:      b([]string{"f"}, "f", "full text"),
		Vote:          b([]string{"v"}, "v", "hidden vote (this indicator)"),
		VoteAll:       b([]string{"V"}, "V", "hidden vote (every indicator)"),
		Commit:        b([]string{"esc", "tab"}, "esc/tab", "done"),

		FormNext:    b([]string{"enter", "tab"}, "enter/tab", "next field"),
		FormPrev:    b([]string{"shift+tab"}, "shift+tab", "previous field"),
		FormWrap:    helpOnly("tab on the last field, shift+tab on the first", "go round"),
		FormLast:    helpOnly("enter on the last field", "save and close"),
		FormChoose:  b([]string{"left", "right"}, "←/→", "choose"),
		FormNewLine: b([]string{"alt+enter", "ctrl+j"}, "alt+enter/ctrl+j", "new line"),
		FormSave:    b([]string{"ctrl+s"}, "ctrl+s", "save and close"),
		FormDone:    b([]string{"esc"}, "esc", "save and close"),
		FormDiscard: b([]string{"esc"}, "esc", "discard"),
		Cancel:      b([]string{"esc"}, "esc", "cancel"),

		Inventory:    b([]string{"i"}, "i", "tools"),
		SortNext:     b([]string{"s"}, "s", "sort by next column"),
		SortReverse:  b([]string{"S"}, "S", "reverse order"),
		Requests:     b([]string{"r"}, "r", "selection requests"),
		CoreTools:    b([]string{"c"}, "c", "core tools"),
		ImportUsage:  b([]string{"u"}, "u", "import usage"),
		KeepYear:     b([]string{"Y"}, "Y", "keep this year's copy"),
		Evaluate:     b([]string{"v"}, "v", "evaluate this year"),
		Recheck:      b([]string{"o"}, "o", "check against the inventory"),
		Left:         b([]string{"left"}, "←", "column left"),
		Right:        b([]string{"right"}, "→", "column right"),
		Columns:      b([]string{"left", "right"}, "←/→", "reviewer / team"),
		GatePass:     b([]string{"p"}, "p", "pass"),
		GateFail:     b([]string{"f"}, "f", "fail"),
		GateUnknown:  b([]string{"0"}, "0", "not known yet"),
		Score:        b([]string{"1", "2", "3", "4"}, "1-4", "score"),
		EvidenceNext: b([]string{"l"}, "l", "evidence level"),
		Proposal:     b([]string{"x", "space"}, "x", "update / add / skip"),
		CopyFacts:    b([]string{"I"}, "I", "tool facts → notes"),
		NameTools:    b([]string{"T"}, "T", "tools it names"),

		Save:       b([]string{"ctrl+s"}, "ctrl+s", "save"),
		SaveOnLine: b([]string{"enter"}, "enter on empty line", "save"),
		SwitchText: b([]string{"tab", "shift+tab"}, "tab", "name / comment"),

		NewThread:     b([]string{"n"}, "n", "new thread"),
		Reply:         b([]string{"r"}, "r", "reply"),
		EditComment:   b([]string{"e"}, "e", "edit mine"),
		DeleteComment: b([]string{"d"}, "d", "delete mine"),
		Resolve:       b([]string{"x"}, "x", "resolve/reopen"),
	}
}

// helpOnly is a binding the help shows to explain keys another binding
// handles ("tab on the last field: go to the first"); it matches no key
// press (its one key is the help text itself, which no key spells).
func helpOnly(keys, desc string) key.Binding {
	return key.NewBinding(key.WithKeys("help: "+keys), key.WithHelp(keys, desc))
}

// as is b with its help saying desc ("enter open" → "enter open part").
func as(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// digitOf is the number of the digit key msg pressed when it is one of b's
// keys (Rate, OpenPart); ok is false for any other key.
func digitOf(msg tea.KeyPressMsg, b key.Binding) (n int, ok bool) {
	if !key.Matches(msg, b) {
		return 0, false
	}
	n, err := strconv.Atoi(msg.String())
	return n, err == nil
}

// viewportKeys are the Summary's scrolling keys, for a bubbles viewport.
func (k KeyMap) viewportKeys() viewport.KeyMap {
	off := key.NewBinding(key.WithDisabled()) // the preview is wrapped: no sideways scrolling
	return viewport.KeyMap{PageDown: k.PageOn, PageUp: k.PageBack, HalfPageUp: k.HalfUp, HalfPageDown: k.HalfDown,
		Up: k.Up, Down: k.Down, Left: off, Right: off}
}

// formKeys is huh's key map with the app's quit key: ctrl+c is the root's
// (it saves and quits before a form sees it).
func (k KeyMap) formKeys() *huh.KeyMap {
	km := huh.NewDefaultKeyMap()
	km.Quit = k.Kill
	return km
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
