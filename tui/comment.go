package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook"
)

// Comments: the team or its coach talk about one part of a session in
// threads. The root opens the dialog on `C` from any screen that is not
// capturing keys; the screen on top says what the comment is about. The
// dialog shows the part's threads and offers what workbook.ThreadActions
// allows on the selected comment: reply, edit or delete (the author's
// own), resolve or reopen; n starts a new thread. With no thread yet it
// opens straight on a new comment.

// reviewBadge leads the title line in review mode.
const reviewBadge = "Review · read-only"

// commentTargeter is implemented by screens that know what the user is
// looking at: part is what a comment made there is about; label names it
// for the dialog ("indicator 1.2 “Shared vision”"). Screens without it
// comment on the whole session.
type commentTargeter interface {
	CommentTarget() (part workbook.PartRef, label string)
}

// storedCommentTargeter is Home's: no session is open there, so the comment
// goes to the selected session in the store.
type storedCommentTargeter interface {
	CommentSession() (id, label string)
}

// commentTarget is what a dialog adds its comment to.
type commentTarget struct {
	sessionID string // set when the session is not open (Home): saved straight to the store
	part      workbook.PartRef
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
		return commentTarget{sessionID: id, part: workbook.SessionPart(), label: label}, nil
	}
	if c.Session == nil {
		return commentTarget{}, errors.New("open a session to comment on it")
	}
	target := commentTarget{part: workbook.SessionPart(), label: "the whole session"}
	if t, ok := top.(commentTargeter); ok {
		if part, label := t.CommentTarget(); !part.IsZero() {
			target.part, target.label = part, label
		}
	}
	return target, nil
}

// commentScreen is the dialog: the part's threads, and a form for a new
// comment, a reply or an edit (the author's name, remembered for the rest
// of the run, and the text).
type commentScreen struct {
	c      *Common
	target commentTarget
	author textinput.Model
	text   textarea.Model
	focus  commentField
	mode   commentMode
	// compose says what the form writes; for a reply or an edit, about is
	// the comment it answers or changes.
	compose composeKind
	about   string
	// direct: the dialog opened on the form (no thread to show), so saving
	// closes it; from the list, saving goes back to the list.
	direct bool
	items  []workbook.Comment // the part's comments, thread by thread
	cursor int
	// confirmDelete is the comment waiting for y/n.
	confirmDelete string
	storing       bool // a store-direct save (Home) is running
}

// commentField is a field of the comment dialog.
type commentField int

const (
	commentName commentField = iota // the author's name
	commentBody                     // the comment
	commentList                     // the list of threads
)

// commentMode is what the dialog shows.
type commentMode int

const (
	modeThreads commentMode = iota // the part's threads
	modeCompose                    // the form
	modeConfirm                    // "delete your comment?"
)

// composeKind is what the form writes.
type composeKind int

const (
	composeNew composeKind = iota
	composeReply
	composeEdit
)

// commentStoredMsg reports a comment saved straight to the store (from Home).
type commentStoredMsg struct{ err error }

func newCommentScreen(c *Common, target commentTarget) *commentScreen {
	d := &commentScreen{c: c, target: target}
	d.author = textinput.New()
	d.author.Prompt = ""
	d.author.Placeholder = "your name"
	d.author.CharLimit = fieldLimit
	d.author.SetValue(c.memory.commentAuthor)
	if c.Author != "" { // the cohort server's person: signed, never typed
		d.author.SetValue(c.Author)
	}
	d.text = textarea.New()
	d.text.ShowLineNumbers = false
	d.text.Prompt = "│ "
	// No CharLimit on the text (it counts cells): forward holds it to the
	// store's limit in characters.
	d.text.Placeholder = "What should the team know or think about?"
	d.setStyles(c.IsDark)
	d.reload()
	if len(d.items) == 0 {
		d.startCompose(composeNew, "")
		d.direct = true
	} else {
		d.mode, d.focus = modeThreads, commentList
	}
	return d
}

// me is who acts in this dialog: the name typed, on the app's side.
func (d *commentScreen) me() workbook.Commenter {
	role := workbook.RoleTeam
	if d.c.Review {
		role = workbook.RoleCoach
	}
	return workbook.Commenter{Name: d.author.Value(), Role: role}
}

// reload reads the part's threads from the open session, keeping the
// cursor on the same comment when it is still there.
func (d *commentScreen) reload() {
	var at string
	if d.cursor >= 0 && d.cursor < len(d.items) {
		at = d.items[d.cursor].ID
	}
	d.items = nil
	if s := d.c.Session; s != nil && d.target.sessionID == "" {
		for _, t := range workbook.ThreadsOn(s, d.target.part) {
			if t.Live() {
				d.items = append(d.items, t.Comments()...)
			}
		}
	}
	d.cursor = clampInt(d.cursor, 0, max(len(d.items)-1, 0))
	if i := slices.IndexFunc(d.items, func(c workbook.Comment) bool { return c.ID == at }); i >= 0 {
		d.cursor = i
	}
}

func (d *commentScreen) selected() (workbook.Comment, bool) {
	if d.cursor < 0 || d.cursor >= len(d.items) {
		return workbook.Comment{}, false
	}
	return d.items[d.cursor], true
}

// actions is what the user may do to the selected comment.
func (d *commentScreen) actions() []workbook.ThreadAction {
	c, ok := d.selected()
	if !ok || d.c.Session == nil {
		return nil
	}
	return workbook.ThreadActions(d.c.Session, c.ID, d.me())
}

func (d *commentScreen) can(a workbook.ThreadAction) bool { return slices.Contains(d.actions(), a) }

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
	switch d.focus {
	case commentName:
		d.text.Blur()
		return d.author.Focus()
	case commentBody:
		d.author.Blur()
		return d.text.Focus()
	}
	d.author.Blur()
	d.text.Blur()
	return nil
}

// startCompose opens the form for a new comment, a reply to about, or an
// edit of about.
func (d *commentScreen) startCompose(kind composeKind, about string) tea.Cmd {
	d.mode, d.compose, d.about = modeCompose, kind, about
	d.text.Reset()
	if kind == composeEdit {
		if c, ok := d.selected(); ok {
			d.text.SetValue(c.Text)
		}
	}
	d.focus = commentBody
	if strings.TrimSpace(d.author.Value()) == "" {
		d.focus = commentName
	}
	return d.focusField()
}

// toList goes back to the threads (or closes a dialog opened on the form).
func (d *commentScreen) toList() tea.Cmd {
	d.reload()
	if d.direct || len(d.items) == 0 {
		return back()
	}
	d.mode, d.focus, d.confirmDelete = modeThreads, commentList, ""
	return d.focusField()
}

func (d *commentScreen) Title() string { return "Comment" }

// Capturing: the dialog has text fields and its own keys; esc closes it.
func (d *commentScreen) Capturing() bool { return true }

func (d *commentScreen) Help() help.KeyMap {
	k := d.c.Keys
	switch {
	case d.mode == modeConfirm:
		return newKeyHelp([]key.Binding{k.Yes, k.No})
	case d.mode == modeCompose:
		return newKeyHelp([]key.Binding{k.Save, k.SaveOnLine, k.SwitchText, k.Cancel})
	case d.focus == commentName:
		return newKeyHelp([]key.Binding{as(k.Enter, "done"), as(k.Cancel, "close")})
	}
	keys := []key.Binding{k.Move, k.NewThread}
	for _, a := range d.actions() {
		switch a {
		case workbook.ActReply:
			keys = append(keys, k.Reply)
		case workbook.ActEdit:
			keys = append(keys, k.EditComment)
		case workbook.ActDelete:
			keys = append(keys, k.DeleteComment)
		case workbook.ActResolve:
			keys = append(keys, as(k.Resolve, "resolve"))
		case workbook.ActReopen:
			keys = append(keys, as(k.Resolve, "reopen"))
		}
	}
	return newKeyHelp(append(keys, as(k.SwitchText, "name"), as(k.Cancel, "close")))
}

func (d *commentScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		d.resize()
		return d, nil
	case tea.BackgroundColorMsg:
		d.setStyles(msg.IsDark())
		return d, nil
	case sessionChangedMsg:
		d.reload()
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
	if d.storing || d.focus == commentList {
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
	switch d.mode {
	case modeConfirm:
		return d.confirmKey(msg)
	case modeThreads:
		if d.focus == commentList {
			return d.listKey(msg)
		}
		return d.nameKey(msg)
	}
	k := d.c.Keys
	switch {
	case key.Matches(msg, k.Cancel):
		if d.direct {
			d.c.SetStatus("comment discarded")
		}
		return d.toList()
	case key.Matches(msg, k.Save):
		return d.save()
	case key.Matches(msg, k.SwitchText) && d.c.Author != "":
		return nil // the name is the access file's
	case key.Matches(msg, k.SwitchText):
		if d.focus == commentName {
			d.focus = commentBody
		} else {
			d.focus = commentName
		}
		return d.focusField()
	case key.Matches(msg, k.Enter) && d.focus == commentName:
		d.focus = commentBody
		return d.focusField()
	case key.Matches(msg, k.SaveOnLine) && d.onEmptyLine() && strings.TrimSpace(d.text.Value()) != "":
		return d.save()
	}
	return d.forward(msg)
}

// nameKey: the name field of the list (tab from the threads): enter, tab or
// esc go back to the threads.
func (d *commentScreen) nameKey(msg tea.KeyPressMsg) tea.Cmd {
	k := d.c.Keys
	if key.Matches(msg, k.Enter) || key.Matches(msg, k.SwitchText) || key.Matches(msg, k.Cancel) {
		d.c.memory.commentAuthor = strings.TrimSpace(workbook.CleanLine(d.author.Value()))
		d.focus = commentList
		return d.focusField()
	}
	return d.forward(msg)
}

// listKey acts on the threads.
func (d *commentScreen) listKey(msg tea.KeyPressMsg) tea.Cmd {
	k := d.c.Keys
	c, _ := d.selected()
	switch {
	case key.Matches(msg, k.Cancel):
		return back()
	case key.Matches(msg, k.Up):
		d.cursor = max(d.cursor-1, 0)
	case key.Matches(msg, k.Down):
		d.cursor = min(d.cursor+1, max(len(d.items)-1, 0))
	case key.Matches(msg, k.SwitchText) && d.c.Author == "":
		d.focus = commentName
		return d.focusField()
	case key.Matches(msg, k.NewThread):
		return d.startCompose(composeNew, "")
	case key.Matches(msg, k.Reply) && d.can(workbook.ActReply):
		return d.startCompose(composeReply, c.ID)
	case key.Matches(msg, k.EditComment):
		if !d.can(workbook.ActEdit) {
			d.c.SetError(d.whyNot(c))
			return nil
		}
		return d.startCompose(composeEdit, c.ID)
	case key.Matches(msg, k.DeleteComment):
		if !d.can(workbook.ActDelete) {
			d.c.SetError(d.whyNot(c))
			return nil
		}
		d.mode, d.confirmDelete = modeConfirm, c.ID
	case key.Matches(msg, k.Resolve):
		return d.resolve(c)
	}
	return nil
}

// whyNot says why the selected comment cannot be edited or deleted.
func (d *commentScreen) whyNot(c workbook.Comment) error {
	switch {
	case c.IsDeleted():
		return errors.New("that comment was deleted")
	case strings.TrimSpace(d.author.Value()) == "":
		return errors.New("type your name first (tab): only a comment's author can change it")
	}
	return fmt.Errorf("only %s can change that comment", c.Label())
}

func (d *commentScreen) confirmKey(msg tea.KeyPressMsg) tea.Cmd {
	k := d.c.Keys
	id := d.confirmDelete
	d.mode, d.confirmDelete = modeThreads, ""
	if !key.Matches(msg, k.Yes) {
		d.c.SetStatus("comment kept")
		return nil
	}
	by, now := d.me(), d.c.now()
	cmd := d.c.Edit(func(s *workbook.Session) { _ = workbook.DeleteComment(s, id, by, now) })
	d.c.SetStatus("comment deleted")
	d.reload()
	if len(d.items) == 0 {
		return tea.Batch(cmd, back())
	}
	return cmd
}

// resolve resolves or reopens the selected comment's thread.
func (d *commentScreen) resolve(c workbook.Comment) tea.Cmd {
	resolved := d.can(workbook.ActResolve)
	if !resolved && !d.can(workbook.ActReopen) {
		return nil
	}
	by, now := d.me(), d.c.now()
	cmd := d.c.Edit(func(s *workbook.Session) { _ = workbook.ResolveThread(s, c.ID, by, resolved, now) })
	if resolved {
		d.c.SetStatus("thread resolved")
	} else {
		d.c.SetStatus("thread reopened")
	}
	d.reload()
	return cmd
}

// onEmptyLine reports whether the text cursor is on a blank line.
func (d *commentScreen) onEmptyLine() bool {
	lines := strings.Split(d.text.Value(), "\n")
	row := d.text.Line()
	return row >= 0 && row < len(lines) && strings.TrimSpace(lines[row]) == ""
}

func (d *commentScreen) forward(msg tea.Msg) tea.Cmd {
	if d.focus == commentList {
		return nil
	}
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

// save checks the fields and writes the form: a new comment (through Edit
// for the open session, or straight to the store from Home), a reply or an
// edit.
func (d *commentScreen) save() tea.Cmd {
	by, now := d.me(), d.c.now()
	var comment workbook.Comment
	var err error
	switch d.compose {
	case composeNew:
		comment, err = workbook.NewComment(d.target.part, by, d.text.Value(), now)
	case composeReply:
		comment, err = workbook.NewReply(d.c.Session, d.about, by, d.text.Value(), now)
	case composeEdit:
		err = d.checkEdit(by)
	}
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
	d.c.memory.commentAuthor = strings.TrimSpace(workbook.CleanLine(by.Name))
	if d.target.sessionID != "" {
		d.storing = true
		store, id := d.c.Store, d.target.sessionID
		return func() tea.Msg { return commentStoredMsg{err: workbook.AddComment(store, id, comment)} }
	}
	var cmd tea.Cmd
	switch d.compose {
	case composeEdit:
		id, text := d.about, d.text.Value()
		cmd = d.c.Edit(func(s *workbook.Session) { _ = workbook.EditComment(s, id, by, text, now) })
		d.c.SetStatus("comment edited")
	case composeReply:
		cmd = d.c.Edit(func(s *workbook.Session) { s.Comments = append(s.Comments, comment) })
		d.c.SetStatus("reply added on " + d.target.label)
	default:
		cmd = d.c.Edit(func(s *workbook.Session) { s.Comments = append(s.Comments, comment) })
		d.c.SetStatus("comment added on " + d.target.label)
	}
	if d.compose == composeEdit {
		comment.ID = d.about
	}
	return tea.Batch(cmd, d.afterSave(comment.ID))
}

// checkEdit refuses an edit the user may not make or that leaves no text.
func (d *commentScreen) checkEdit(by workbook.Commenter) error {
	probe := d.c.Session.Clone()
	return workbook.EditComment(probe, d.about, by, d.text.Value(), d.c.now())
}

// afterSave goes back to the list with the saved comment selected (or
// closes a dialog opened on the form).
func (d *commentScreen) afterSave(id string) tea.Cmd {
	cmd := d.toList()
	if i := slices.IndexFunc(d.items, func(c workbook.Comment) bool { return c.ID == id }); i >= 0 {
		d.cursor = i
	}
	return cmd
}

// Layout: heading, the part's threads, name, text, hint.
const commentDialogMaxW = 76

func (d *commentScreen) width() int { return clampInt(d.c.Width, 10, commentDialogMaxW) }

func (d *commentScreen) resize() {
	w := d.width()
	d.author.SetWidth(max(w-14, 4))
	d.text.SetWidth(max(w-2, 4))
	d.text.SetHeight(clampInt(d.c.Height-10, 2, 5))
}

func (d *commentScreen) heading() string {
	label := cleanLine(d.target.label)
	switch {
	case d.mode == modeCompose && d.compose == composeReply:
		if c, ok := d.selected(); ok {
			return "Reply to " + c.Label() + " on " + label
		}
		return "Reply on " + label
	case d.mode == modeCompose && d.compose == composeEdit:
		return "Edit your comment on " + label
	case d.mode == modeCompose:
		return "Comment on " + label
	}
	return "Comments on " + label
}

func (d *commentScreen) View() string {
	st := d.c.Styles
	w := d.width()
	lines := []string{st.Title.Render(truncate(d.heading(), w))}
	if d.c.Review {
		lines = append(lines, st.Muted.Render(truncate("Read-only review: comments are saved with the session and its exports.", w)))
	}
	name := "Your name: "
	if d.focus == commentName {
		name = st.Focused.Render("› Your name: ")
	}
	nameLine := truncate(name+d.author.View(), w)
	if d.mode != modeCompose {
		lines = append(lines, nameLine, "")
		lines = append(lines, d.threadLines(w, max(d.c.Height-len(lines)-2, 1))...)
		if d.mode != modeConfirm && d.c.Session != nil {
			if !d.can(workbook.ActEdit) && strings.TrimSpace(d.author.Value()) == "" {
				lines = append(lines, "", st.Muted.Render(truncate("To edit or delete a comment of yours, type your name first (tab).", w)))
			}
		}
		if d.mode == modeConfirm {
			lines = append(lines, "", st.Warning.Render(truncate("Delete your comment? Its place stays, marked deleted. y deletes, n keeps it", w)))
		}
		return clampLines(strings.Join(lines, "\n"), d.c.Height)
	}
	if d.compose == composeNew && d.c.Session != nil && d.target.sessionID == "" {
		if earlier := commentLines(d.c, d.target.part, w, 4); len(earlier) > 0 {
			lines = append(lines, "")
			lines = append(lines, earlier...)
		}
	} else if c, ok := d.selected(); ok && d.compose == composeReply {
		lines = append(lines, "", st.Warning.Render(truncate(commentText(c), w)))
	}
	lines = append(lines, "", nameLine)
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

// threadLines draws the part's comments, the selected one marked "›",
// replies indented, in at most h lines around the selection.
func (d *commentScreen) threadLines(w, h int) []string {
	st := d.c.Styles
	var all []string
	selStart, selEnd := 0, 0
	for i, c := range d.items {
		text := commentText(c)
		if !c.IsReply() {
			if c.Resolved {
				text += " (resolved"
				if by := cleanLine(c.ResolvedBy); by != "" {
					text += " by " + by
				}
				text += ")"
			} else {
				text += " (open)"
			}
		}
		if d.c.Session != nil && d.c.Session.IsNew(c.ID) {
			text += " · new"
		}
		indent := 2
		if c.IsReply() {
			text, indent = "↳ "+text, 4
		}
		block := strings.Split(hangingWrap(text, max(w-indent, 4), 2), "\n")
		if i == d.cursor {
			selStart = len(all)
		}
		for j, l := range block {
			prefix := strings.Repeat(" ", indent)
			if j == 0 && i == d.cursor && d.focus == commentList {
				prefix = strings.Repeat(" ", indent-2) + "› "
			}
			line := prefix + l
			if i == d.cursor {
				line = st.Focused.Render(line)
			} else if c.IsDeleted() {
				line = st.Muted.Render(line)
			}
			all = append(all, line)
		}
		if i == d.cursor {
			selEnd = len(all)
		}
	}
	if len(all) <= h {
		return all
	}
	start := clampInt(selEnd-h, 0, selStart)
	return all[start:min(start+h, len(all))]
}
