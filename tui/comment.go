package tui

import (
	"errors"
	"fmt"
	"sort"
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
// looking at: part is workbook.PartSession, PartProblem, PartPlan,
// PartIndicator+id or PartAction+id; label names it for the dialog
// ("Indicator 1.2 Shared vision"). Screens without it comment on the whole
// session.
type commentTargeter interface {
	CommentTarget() (part, label string)
}

// storedCommentTargeter is Home's: no session is open there, so the comment
// goes to the selected session in the store.
type storedCommentTargeter interface {
	CommentSession() (id, label string)
}

// commentTarget is what a dialog adds its comment to.
type commentTarget struct {
	sessionID string // set when the session is not open (Home): saved straight to the store
	part      string
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
		return commentTarget{sessionID: id, part: workbook.PartSession, label: label}, nil
	}
	if c.Session == nil {
		return commentTarget{}, errors.New("open a session to comment on it")
	}
	target := commentTarget{part: workbook.PartSession, label: "the whole session"}
	if t, ok := top.(commentTargeter); ok {
		if part, label := t.CommentTarget(); part != "" {
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
	focus   int  // 0 author, 1 text
	storing bool // a store-direct save (Home) is running
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
		d.focus = 1
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
	if d.focus == 0 {
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
	if d.focus == 0 {
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
		d.focus = 1 - d.focus
		return d.focusField()
	case key.Matches(msg, k.Enter) && d.focus == 0:
		d.focus = 1
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
	if k, ok := msg.(tea.KeyPressMsg); ok && d.focus == 1 {
		if err := typeError(areaField, d.text.Value(), typedText(k, d.text.KeyMap.InsertNewline)); err != nil {
			d.c.SetError(err)
			return nil
		}
	}
	var cmd tea.Cmd
	if d.focus == 0 {
		d.author, cmd = d.author.Update(msg)
	} else {
		d.text, cmd = d.text.Update(msg)
	}
	return cmd
}

// save checks the fields and adds the comment: through Edit for the open
// session, or straight to the store from Home.
func (d *commentScreen) save() tea.Cmd {
	author := strings.TrimSpace(cleanLine(d.author.Value()))
	text := strings.TrimSpace(d.text.Value())
	switch {
	case author == "":
		d.c.SetError(errors.New("type your name first, so the team knows who wrote the comment"))
		d.focus = 0
		return d.focusField()
	case text == "":
		d.c.SetError(errors.New("the comment is empty; type it, or press esc to cancel"))
		d.focus = 1
		return d.focusField()
	}
	d.c.memory.commentAuthor = author
	comment := workbook.Comment{ID: workbook.NewID(), Part: d.target.part, Author: author, Text: text, Created: d.c.now()}
	if d.target.sessionID == "" {
		cmd := d.c.Edit(func(s *workbook.Session) { s.Comments = append(s.Comments, comment) })
		d.c.SetStatus("comment added on " + d.target.label)
		return tea.Batch(cmd, back())
	}
	d.storing = true
	store, id := d.c.Store, d.target.sessionID
	return func() tea.Msg { return commentStoredMsg{err: storeComment(store, id, comment)} }
}

// storeComment adds a comment to a stored session, retrying once when
// someone saved the session in between.
func storeComment(store *workbook.Store, id string, c workbook.Comment) error {
	var err error
	for range 2 {
		var s *workbook.Session
		if s, err = store.Get(id); err != nil {
			return err
		}
		s.Comments = append(s.Comments, c)
		if _, err = store.Update(s); !errors.Is(err, workbook.ErrConflict) {
			return err
		}
	}
	return err
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
	if d.focus == 0 {
		name = st.Focused.Render("› Your name: ")
	}
	lines = append(lines, truncate(name+d.author.View(), w))
	label := "Comment"
	if d.focus == 1 {
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

// commentsFor returns the comments on part, oldest first.
func commentsFor(s *workbook.Session, part string) []workbook.Comment {
	if s == nil {
		return nil
	}
	var out []workbook.Comment
	for _, c := range s.Comments {
		if c.Part == part {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Created.Before(out[j].Created) })
	return out
}

// latestComment is the newest comment on any part (ok false when none).
func latestComment(s *workbook.Session) (workbook.Comment, bool) {
	var best workbook.Comment
	found := false
	for _, c := range s.Comments {
		if !found || !c.Created.Before(best.Created) {
			best, found = c, true
		}
	}
	return best, found
}

// commentText is one comment on one line: "Coach: text — Author, 2026-03-02".
func commentText(c workbook.Comment) string {
	text, _ := previewLine(c.Text, previewChars)
	by := cleanLine(c.Author)
	if !c.Created.IsZero() {
		by += ", " + c.Created.Local().Format("2006-01-02")
	}
	return "Coach: " + text + " — " + by
}

// renderComments draws comments wrapped to w cells in at most maxLines
// lines, newest last; when they do not fit, the oldest are summarised.
func renderComments(st *Styles, comments []workbook.Comment, w, maxLines int) []string {
	if len(comments) == 0 || maxLines <= 0 || w <= 0 {
		return nil
	}
	var blocks [][]string
	for _, c := range comments {
		blocks = append(blocks, strings.Split(hangingWrap(commentText(c), w, 2), "\n"))
	}
	// Keep the newest comments that fit, leaving a line for "… N earlier".
	var out []string
	used, kept := 0, 0
	for i := len(blocks) - 1; i >= 0; i-- {
		room := maxLines - used
		if i > 0 && maxLines > 1 {
			room-- // the "earlier" line
		}
		b := blocks[i]
		if len(b) > room {
			if kept == 0 && room > 0 { // always show some of the newest
				b = b[:room]
				b[room-1] = truncate(b[room-1]+" …", w)
			} else {
				break
			}
		}
		out = append(append([]string{}, b...), out...)
		used += len(b)
		kept++
	}
	for i, l := range out {
		out[i] = st.Warning.Render(l)
	}
	if n := len(comments) - kept; n > 0 && len(out) < maxLines {
		out = append([]string{st.Muted.Render(truncate(fmt.Sprintf("… %d earlier comment%s (C adds one)", n, pluralS(n)), w))}, out...)
	}
	return clampLinesSlice(out, maxLines)
}

// commentLines renders the open session's comments on part: what a screen
// calls to show the team the coach's notes under the part they are about.
func commentLines(c *Common, part string, w, maxLines int) []string {
	return renderComments(c.Styles, commentsFor(c.Session, part), w, maxLines)
}

// coachNotes renders the coach's comments on one part ("Coach Kim: …"), at
// most maxLines lines; "" when there are none. It is the compact form the
// problem and plan screens show above their forms; commentLines is the dated
// form (newest kept) the self-assessment and the dialog show.
func coachNotes(c *Common, comments []workbook.Comment, part string, width, maxLines int) string {
	var lines []string
	for _, cm := range comments {
		if cm.Part != part || strings.TrimSpace(cm.Text) == "" {
			continue
		}
		who := coachLabel(cm.Author)
		text, _ := previewLine(cm.Text, previewChars)
		for _, l := range strings.Split(wrap(who+": "+text, max(width, 1)), "\n") {
			lines = append(lines, truncate(l, width))
		}
	}
	if len(lines) == 0 || maxLines <= 0 || width <= 0 {
		return ""
	}
	if len(lines) > maxLines {
		lines = append(lines[:maxLines-1], truncate("… the rest is in the summary", width))
	}
	return c.Styles.Warning.Render(strings.Join(lines, "\n"))
}

// coachLabel is "Coach" or "Coach Kim": how compact notes name the author.
func coachLabel(author string) string {
	if a := cleanLine(author); a != "" {
		return "Coach " + a
	}
	return "Coach"
}

func pluralS(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// partLabel names a comment's part for people ("Indicator “Shared vision”").
func partLabel(s *workbook.Session, part string) string {
	switch {
	case part == workbook.PartSession:
		return "the whole session"
	case part == workbook.PartProblem:
		return "the problem of practice"
	case part == workbook.PartPlan:
		return "the plan"
	case strings.HasPrefix(part, workbook.PartIndicator):
		id := strings.TrimPrefix(part, workbook.PartIndicator)
		if in, _, ok := s.Template.Indicator(id); ok {
			return "indicator “" + cleanLine(in.Title) + "”"
		}
		return "indicator " + cleanLine(id)
	case strings.HasPrefix(part, workbook.PartAction):
		id := strings.TrimPrefix(part, workbook.PartAction)
		for _, a := range s.Plan.Actions {
			if a.ID == id {
				return "action step “" + truncate(cleanLine(a.What), 40) + "”"
			}
		}
		return "an action step"
	}
	return cleanLine(part)
}
