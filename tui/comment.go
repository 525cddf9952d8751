package tui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook"
)

// Comments: a coach (or a team member) notes something on one part of a
// session. The root opens the dialog on `C` from any screen that is not
// capturing keys; the screen on top says what the comment is about.

// reviewBadge leads the title line in review mode.
const reviewBadge = "Review · read-only"

// commentTargeter is implemented by screens that know what the user is
// looking at: part is what a comment made there is about; label names it
// for the dialog ("indicator 1.2 “Shared vision”"). Screens without it
// comment on the whole session.
type commentTargeter interface {
	CommentTarget() (part commentPart, label string)
}

// storedCommentTargeter is Home's: no session is open there, so the comment
// goes to the selected session in the store.
type storedCommentTargeter interface {
	CommentSession() (id, label string)
}

// commentTarget is what a dialog adds its comment to.
type commentTarget struct {
	sessionID string // set when the session is not open (Home): saved straight to the store
	part      commentPart
	label     string
}

// commentTargetOf is what a comment made on top is about: on Home the
// selected session (saved straight to the store), elsewhere what the screen
// shows, else the whole open session. The error says why there is nothing to
// comment on.
func commentTargetOf(c *Common, top Screen) (commentTarget, error) {
	if t, ok := top.(storedCommentTargeter); ok && c.Session == nil {
		id, label := t.CommentSession()
		if id == "" {
			return commentTarget{}, errors.New("there is no session here to comment on")
		}
		return commentTarget{sessionID: id, part: commentPart{kind: partSession}, label: label}, nil
	}
	if c.Session == nil {
		return commentTarget{}, errors.New("open a session to comment on it")
	}
	target := commentTarget{part: commentPart{kind: partSession}, label: "the whole session"}
	if t, ok := top.(commentTargeter); ok {
		if part, label := t.CommentTarget(); part.kind != partNone {
			target.part, target.label = part, label
		}
	}
	return target, nil
}

// commentScreen is the small dialog: the author's name (remembered for the
// rest of the run) and the comment text.
type commentScreen struct {
	c       *Common
	target  commentTarget
	author  textinput.Model
	text    textarea.Model
	focus   commentField
	storing bool // a store-direct save (Home) is running
}

// commentField is a field of the comment dialog.
type commentField int

const (
	commentName commentField = iota // the author's name
	commentBody                     // the comment
)

// other is the field tab moves to.
func (f commentField) other() commentField {
	if f == commentName {
		return commentBody
	}
	return commentName
}

// commentStoredMsg reports a comment saved straight to the store (from Home).
type commentStoredMsg struct{ err error }

func newCommentScreen(c *Common, target commentTarget) *commentScreen {
	d := &commentScreen{c: c, target: target}
	d.author = textinput.New()
	d.author.Prompt = ""
	d.author.Placeholder = "your name"
	d.author.CharLimit = fieldLimit
	d.author.SetValue(c.memory.commentAuthor)
	d.text = textarea.New()
	d.text.ShowLineNumbers = false
	d.text.Prompt = "│ "
	// No CharLimit on the text (it counts cells): forward holds it to the
	// store's limit in characters.
	d.text.Placeholder = "What should the team know or think about?"
	d.setStyles(c.IsDark)
	if c.memory.commentAuthor != "" {
		d.focus = commentBody
	}
	return d
}

func (d *commentScreen) setStyles(dark bool) {
	as := textinput.DefaultStyles(dark)
	as.Cursor.Blink = false // a steady cursor: no tick Cmds
	d.author.SetStyles(as)
	ts := textarea.DefaultStyles(dark)
	ts.Cursor.Blink = false
	d.text.SetStyles(ts)
}

func (d *commentScreen) Init() tea.Cmd { return d.focusField() }

func (d *commentScreen) focusField() tea.Cmd {
	if d.focus == commentName {
		d.text.Blur()
		return d.author.Focus()
	}
	d.author.Blur()
	return d.text.Focus()
}

func (d *commentScreen) Title() string { return "Comment" }

// Capturing: the dialog is all text fields; esc cancels it.
func (d *commentScreen) Capturing() bool { return true }

func (d *commentScreen) Help() help.KeyMap {
	k := d.c.Keys
	return newKeyHelp([]key.Binding{k.Save, k.SaveOnLine, k.SwitchText, k.Cancel})
}

func (d *commentScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		d.resize()
		return d, nil
	case tea.BackgroundColorMsg:
		d.setStyles(msg.IsDark())
		return d, nil
	case commentStoredMsg:
		d.storing = false
		if msg.err != nil {
			d.c.SetError(fmt.Errorf("the comment was not saved: %w; press ctrl+s to try again", msg.err))
			return d, nil
		}
		d.c.SetStatus("comment added on " + d.target.label)
		return d, back()
	case tea.KeyPressMsg:
		return d, d.key(msg)
	case tea.PasteMsg:
		return d, d.paste(msg)
	}
	return d, d.forward(msg)
}

// paste puts a paste into the focused field, whole or not at all.
func (d *commentScreen) paste(msg tea.PasteMsg) tea.Cmd {
	if d.storing {
		return nil
	}
	err := pasteError(areaField, d.text.Value(), msg.Content)
	if d.focus == commentName {
		err = pasteError(lineField, d.author.Value(), msg.Content)
	}
	if err != nil {
		d.c.SetError(err)
		return nil
	}
	return d.forward(msg)
}

func (d *commentScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	if d.storing {
		return nil
	}
	k := d.c.Keys
	switch {
	case key.Matches(msg, k.Cancel):
		d.c.SetStatus("comment discarded")
		return back()
	case key.Matches(msg, k.Save):
		return d.save()
	case key.Matches(msg, k.SwitchText):
		d.focus = d.focus.other()
		return d.focusField()
	case key.Matches(msg, k.Enter) && d.focus == commentName:
		d.focus = commentBody
		return d.focusField()
	case key.Matches(msg, k.SaveOnLine) && d.onEmptyLine() && strings.TrimSpace(d.text.Value()) != "":
		return d.save()
	}
	return d.forward(msg)
}

// onEmptyLine reports whether the text cursor is on a blank line.
func (d *commentScreen) onEmptyLine() bool {
	lines := strings.Split(d.text.Value(), "\n")
	row := d.text.Line()
	return row >= 0 && row < len(lines) && strings.TrimSpace(lines[row]) == ""
}

func (d *commentScreen) forward(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && d.focus == commentBody {
		if err := typeError(areaField, d.text.Value(), typedText(k, d.text.KeyMap.InsertNewline)); err != nil {
			d.c.SetError(err)
			return nil
		}
	}
	var cmd tea.Cmd
	if d.focus == commentName {
		d.author, cmd = d.author.Update(msg)
	} else {
		d.text, cmd = d.text.Update(msg)
	}
	return cmd
}

// save checks the fields and adds the comment: through Edit for the open
// session, or straight to the store from Home.
func (d *commentScreen) save() tea.Cmd {
	comment, err := workbook.NewComment(d.target.part.stored(), d.author.Value(), d.text.Value(), d.c.now())
	switch {
	case errors.Is(err, workbook.ErrCommentNoAuthor):
		d.c.SetError(errors.New("type your name first, so the team knows who wrote the comment"))
		d.focus = commentName
		return d.focusField()
	case errors.Is(err, workbook.ErrCommentEmpty):
		d.c.SetError(errors.New("the comment is empty; type it, or press esc to cancel"))
		d.focus = commentBody
		return d.focusField()
	case err != nil:
		d.c.SetError(err)
		return nil
	}
	d.c.memory.commentAuthor = comment.Author
	if d.target.sessionID == "" {
		cmd := d.c.Edit(func(s *workbook.Session) { s.Comments = append(s.Comments, comment) })
		d.c.SetStatus("comment added on " + d.target.label)
		return tea.Batch(cmd, back())
	}
	d.storing = true
	store, id := d.c.Store, d.target.sessionID
	return func() tea.Msg { return commentStoredMsg{err: workbook.AddComment(store, id, comment)} }
}

// Layout: heading, the part's earlier comments, name, text, hint.
const commentDialogMaxW = 76

func (d *commentScreen) width() int { return clampInt(d.c.Width, 10, commentDialogMaxW) }

func (d *commentScreen) resize() {
	w := d.width()
	d.author.SetWidth(max(w-14, 4))
	d.text.SetWidth(max(w-2, 4))
	d.text.SetHeight(clampInt(d.c.Height-10, 2, 5))
}

func (d *commentScreen) View() string {
	st := d.c.Styles
	w := d.width()
	lines := []string{st.Title.Render(truncate("Comment on "+cleanLine(d.target.label), w))}
	if d.c.Review {
		lines = append(lines, st.Muted.Render(truncate("Read-only review: comments are saved with the session and its exports.", w)))
	}
	if s := d.c.Session; s != nil && d.target.sessionID == "" {
		if earlier := commentLines(d.c, d.target.part, w, 4); len(earlier) > 0 {
			lines = append(lines, "")
			lines = append(lines, earlier...)
		}
	}
	lines = append(lines, "")
	name := "Your name: "
	if d.focus == commentName {
		name = st.Focused.Render("› Your name: ")
	}
	lines = append(lines, truncate(name+d.author.View(), w))
	label := "Comment"
	if d.focus == commentBody {
		label = st.Focused.Render("› Comment")
	}
	lines = append(lines, label)
	lines = append(lines, strings.Split(d.text.View(), "\n")...)
	hint := "enter on an empty line or ctrl+s saves · tab switches field · esc cancels"
	if d.storing {
		hint = "saving…"
	}
	lines = append(lines, st.Muted.Render(truncate(hint, w)))
	return clampLines(strings.Join(lines, "\n"), d.c.Height)
}
