package tui

import (
	"sync"

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
func updateForm(f *huh.Form, msg tea.Msg) (*huh.Form, tea.Cmd) {
	m, cmd := f.Update(msg)
	if ff, ok := m.(*huh.Form); ok {
		f = ff
	}
	return f, cmd
}

// initSized starts f and sends it its size at once (huh's own window-size
// request is answered later, through the root), so the first frame fits.
// h is the room for the form itself, less huh's error line.
func initSized(f *huh.Form, w, h int) (*huh.Form, tea.Cmd) {
	init := f.Init()
	f, cmd := updateForm(f, tea.WindowSizeMsg{Width: w, Height: h})
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
