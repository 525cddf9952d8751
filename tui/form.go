package tui

import (
	"reflect"
	"strings"
	"sync"

	"charm.land/bubbles/v2/key"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// Helpers for embedding huh forms in a screen (stack-notes §1.3, A2, A3).

// newForm builds a form with the app's cached theme, huh's own help hidden
// (the root's help line shows the screen's keys) and esc left to the screen.
func newForm(c *Common, groups ...*huh.Group) *huh.Form {
	return huh.NewForm(groups...).
		WithTheme(c.Styles.Huh).
		WithKeyMap(c.Keys.formKeys()).
		WithShowHelp(false)
}

// updateForm forwards msg to f (huh's Update returns a huh.Model in v2) and
// returns the form with its Cmd. Check f.State afterwards.
//
// A key that moves to another field moves at once. huh itself moves in a
// Cmd (the field answers tab with a NextField message), so a key typed
// right after tab used to reach the old field before that message came
// back: tab and → sent together left the owner of a new step unset. Here
// the move is made before Update returns, and the message huh sent is
// dropped when it arrives (formMoves, checked by the root).
func (c *Common) updateForm(f *huh.Form, msg tea.Msg) (*huh.Form, tea.Cmd) {
	before := f.GetFocusedField()
	f, cmd := rawUpdateForm(f, msg)
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || before == nil || f.State != huh.StateNormal || f.GetFocusedField() != before {
		return f, cmd
	}
	switch queuedMove(c.formKeys, before, k) {
	case moveNext:
		c.moves.next++
		f, mcmd := stepForm(f, huh.NextField())
		return f, tea.Batch(cmd, mcmd)
	case movePrev:
		c.moves.prev++
		f, mcmd := stepForm(f, huh.PrevField())
		return f, tea.Batch(cmd, mcmd)
	}
	return f, cmd
}

// rawUpdateForm is huh's Update with the form it returns.
func rawUpdateForm(f *huh.Form, msg tea.Msg) (*huh.Form, tea.Cmd) {
	m, cmd := f.Update(msg)
	if ff, ok := m.(*huh.Form); ok {
		f = ff
	}
	return f, cmd
}

// stepForm moves f one field on (huh.NextField()) or back
// (huh.PrevField()) before it returns. Within a page huh moves at once; at
// a page's edge it would change the page in a Cmd, so the page is changed
// here instead and that Cmd (the page change and the old field's blur) is
// dropped.
func stepForm(f *huh.Form, move tea.Msg) (*huh.Form, tea.Cmd) {
	before := f.GetFocusedField()
	f, cmd := rawUpdateForm(f, move)
	if f.State != huh.StateNormal || f.GetFocusedField() != before {
		return f, cmd
	}
	if move == huh.NextField() {
		return f, f.NextGroup()
	}
	return f, f.PrevGroup()
}

// formMoves counts the field moves updateForm made itself whose message
// from huh is still on its way; the root drops those messages.
type formMoves struct{ next, prev int }

// dropStray reports whether msg is huh's message for a move already made
// (and forgets it).
func (fm *formMoves) dropStray(msg tea.Msg) bool {
	switch {
	case fm.next > 0 && msg == huh.NextField():
		fm.next--
		return true
	case fm.prev > 0 && msg == huh.PrevField():
		fm.prev--
		return true
	}
	return false
}

type move int

const (
	moveNone move = iota
	moveNext
	movePrev
)

// queuedMove says whether field, having just handled key k, sent huh's
// message to move on or back: k is one of the field's move keys and the
// field accepted its value (a field whose value fails its check stays).
func queuedMove(km *huh.KeyMap, field huh.Field, k tea.KeyPressMsg) move {
	var next, prev []key.Binding
	switch kind, _, _ := strings.Cut(reflect.TypeOf(field).Elem().Name(), "["); kind {
	case "Input":
		next, prev = []key.Binding{km.Input.Next, km.Input.Submit}, []key.Binding{km.Input.Prev}
	case "Text":
		next, prev = []key.Binding{km.Text.Next, km.Text.Submit}, []key.Binding{km.Text.Prev}
	case "Select":
		next, prev = []key.Binding{km.Select.Next, km.Select.Submit}, []key.Binding{km.Select.Prev}
	case "MultiSelect":
		next, prev = []key.Binding{km.MultiSelect.Next, km.MultiSelect.Submit}, []key.Binding{km.MultiSelect.Prev}
	case "Confirm":
		next = []key.Binding{km.Confirm.Next, km.Confirm.Submit, km.Confirm.Accept, km.Confirm.Reject}
		prev = []key.Binding{km.Confirm.Prev}
	default:
		return moveNone
	}
	switch {
	case field.Error() != nil:
		return moveNone
	case key.Matches(k, prev...):
		return movePrev
	case key.Matches(k, next...):
		return moveNext
	}
	return moveNone
}

// initSized starts f and sends it its size at once (huh's own window-size
// request is answered later, through the root), so the first frame fits.
// h is the room for the form itself, less huh's error line.
func initSized(f *huh.Form, w, h int) (*huh.Form, tea.Cmd) {
	init := f.Init()
	f, cmd := rawUpdateForm(f, tea.WindowSizeMsg{Width: w, Height: h})
	return f, tea.Batch(init, cmd)
}

// SyncValue is a huh.Accessor guarded by a mutex. huh runs TitleFunc and
// OptionsFunc inside Cmds (other goroutines) while the event loop writes
// bound values; plain Value(&x) bindings are data races under -race.
// Bind with .Accessor(&v); pass v.Binding() as the ...Func binding.
type SyncValue[T any] struct {
	mu sync.RWMutex
	v  T
}

// Get returns the value.
func (s *SyncValue[T]) Get() T { s.mu.RLock(); defer s.mu.RUnlock(); return s.v }

// Set replaces the value.
func (s *SyncValue[T]) Set(v T) { s.mu.Lock(); s.v = v; s.mu.Unlock() }

// Binding is the pointer huh hashes (on the event loop only) to notice changes.
func (s *SyncValue[T]) Binding() *T { return &s.v }
