package tui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// smallForm is a huh form opened over an inventory screen for a few answers
// that are applied together: a new tool, a reviewer's name, one section of
// a tool's page, a decision. The answers live in the caller's variables
// (bound with Value), so a refused submit rebuilds the form with what was
// typed still in it and the reason shown above.
//
// Keys: the form's own; esc (Cancel) is the screen's: with escSaves it
// applies the answers like a submit (a section of a tool's page: "save and
// close"), otherwise it closes without applying.
type smallForm struct {
	c        *Common
	title    string
	problem  string // why the last submit was refused ("" when none)
	build    func() *huh.Form
	form     *huh.Form
	apply    func() (tea.Cmd, error)
	escSaves bool
	closed   bool
}

// newSmallFormFunc makes a form from build; apply runs on submit (and on
// esc when escSaves): its error keeps the form open with the reason.
func newSmallFormFunc(c *Common, title string, build func() *huh.Form, apply func() (tea.Cmd, error)) *smallForm {
	return &smallForm{c: c, title: title, build: build, apply: apply}
}

// init builds the form and fits it to w×h.
func (f *smallForm) init(w, h int) tea.Cmd {
	// The field's error is drawn by view, under the fitted form (huh's own
	// footer would fall below it).
	f.form = f.build().WithShowErrors(false)
	var cmd tea.Cmd
	f.form, cmd = initSized(f.form, w, f.formHeight(h))
	return cmd
}

func (f *smallForm) formHeight(h int) int {
	head := 2
	if f.problem != "" {
		head++
	}
	return max(h-head-2, 3) // the last line is kept for a field's error
}

// key handles a key: esc cancels (or saves, with escSaves); closed says
// the screen should drop the form.
//
// A form closed by esc without saving is not marked closed (f.closed stays
// false): the screen can tell "cancelled" from "done".
func (f *smallForm) key(msg tea.KeyPressMsg) (cmd tea.Cmd, closed bool) {
	if key.Matches(msg, f.c.Keys.Cancel) {
		if !f.escSaves {
			return nil, true
		}
		return f.submit()
	}
	return f.update(msg), f.closed
}

// update forwards msg to the form and applies it when submitted.
func (f *smallForm) update(msg tea.Msg) tea.Cmd {
	if f.form == nil {
		return nil
	}
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		msg = tea.WindowSizeMsg{Width: ws.Width, Height: f.formHeight(ws.Height)}
	}
	var cmd tea.Cmd
	f.form, cmd = f.c.updateForm(f.form, msg)
	switch f.form.State {
	case huh.StateCompleted:
		done, _ := f.submit()
		return tea.Batch(cmd, done)
	case huh.StateAborted:
		f.closed = true
	}
	return cmd
}

// forwardToForm hands msg to the open form *f unless it is a key or a
// message the screen handles itself (a reload, a resume), and drops the
// form when that closed it; took says the form took msg.
func forwardToForm(f **smallForm, msg tea.Msg) (cmd tea.Cmd, took bool) {
	if *f == nil {
		return nil, false
	}
	switch msg.(type) {
	case tea.KeyPressMsg, invChangedMsg, resumeMsg:
		return nil, false
	}
	cmd = (*f).update(msg)
	if (*f).closed {
		*f = nil
	}
	return cmd, true
}

// overlayHelp is the help of an inventory screen while its form (f) or
// question (q) has the keys, and nil while neither is open. esc reads
// "save and close" on a form that esc saves, "cancel" on one it drops.
func overlayHelp(k KeyMap, f *smallForm, q *invConfirm) help.KeyMap {
	switch {
	case f != nil:
		esc := k.Cancel
		if f.escSaves {
			esc = as(k.FormDone, "save and close")
		}
		return newKeyHelp([]key.Binding{k.FormNext, k.FormPrev, k.FormChoose, esc})
	case q != nil:
		return newKeyHelp([]key.Binding{k.Yes, k.No})
	}
	return nil
}

// keyToForm hands a key to the open form *f and drops the form when that
// closed it (a screen can test *f == nil afterwards).
func keyToForm(f **smallForm, msg tea.KeyPressMsg) tea.Cmd {
	cmd, closed := (*f).key(msg)
	if closed {
		*f = nil
	}
	return cmd
}

// submit applies the answers: on success the form is closed, otherwise it
// is built again with the answers kept and the reason shown.
func (f *smallForm) submit() (tea.Cmd, bool) {
	cmd, err := f.apply()
	if err == nil {
		f.closed = true
		return cmd, true
	}
	f.problem = err.Error() // shown above the form (not also in the status line)
	return f.init(f.c.Width, f.c.Height), false
}

// view draws the title, the refusal (if any) and the form in w×h.
func (f *smallForm) view(w, h int) string {
	st := f.c.Styles
	head := st.Title.Render(truncate(f.title, w))
	if f.problem != "" {
		// Whole, wrapped: the remedy is often at the end of the sentence.
		for _, line := range strings.Split(hangingWrap("! "+cleanLine(f.problem), w, 2), "\n") {
			head += "\n" + st.Error.Render(line)
		}
	}
	body, problem := "", ""
	if f.form != nil {
		body = f.form.View()
		if errs := f.form.Errors(); len(errs) > 0 {
			problem = st.Error.Render(truncate("! "+cleanLine(errs[0].Error()), w))
		}
	}
	if problem == "" {
		return clampLines(head+"\n\n"+body, h)
	}
	return clampLines(head+"\n\n"+clampLines(body, max(h-blockHeight(head)-2, 1)), h-1) + "\n" + problem
}

// height of a rendered block (for layouts that put a form under text).
func blockHeight(s string) int { return lipgloss.Height(s) }
