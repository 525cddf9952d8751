package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook"
)

// The rounds of a review: the files a coach received from the team for the
// open session (kept by `review`). The list says what each changed since
// the round before; enter opens one read-only (the file as it came), x
// marks one, and c compares the marked round (or the round before) with
// the selected one.

// roundsLoadedMsg carries the session's received files, read in a Cmd.
type roundsLoadedMsg struct {
	id       string
	files    []workbook.ReceivedFile
	sessions []*workbook.Session
	changes  []string // per round: what changed since the round before
	err      error
}

type roundsScreen struct {
	c        *Common
	open     int // a round to open once loaded (0: none)
	loaded   bool
	files    []workbook.ReceivedFile
	sessions []*workbook.Session
	changes  []string
	cursor   int
	marked   int // a round marked for comparing (0: none)
}

func newRoundsScreen(c *Common, open int) *roundsScreen { return &roundsScreen{c: c, open: open} }

func (r *roundsScreen) Init() tea.Cmd {
	s := r.c.Session
	if s == nil || r.c.Store == nil {
		return nil
	}
	st, id := r.c.Store, s.ID
	return func() tea.Msg {
		msg := roundsLoadedMsg{id: id}
		if msg.files, msg.err = st.ReceivedFiles(id); msg.err != nil {
			return msg
		}
		for i, f := range msg.files {
			rs, _, err := st.ReceivedSession(id, f.Round)
			if err != nil {
				msg.err = err
				return msg
			}
			change := "the first file received"
			if i > 0 {
				cmp, err := workbook.Compare(msg.sessions[i-1], rs)
				if err != nil {
					msg.err = err
					return msg
				}
				change = cmp.Summary()
			}
			msg.sessions, msg.changes = append(msg.sessions, rs), append(msg.changes, change)
		}
		return msg
	}
}

func (r *roundsScreen) Title() string { return "Rounds received" }

func (r *roundsScreen) Capturing() bool { return false }

func (r *roundsScreen) Help() help.KeyMap {
	k := r.c.Keys
	keys := []key.Binding{k.Move}
	if len(r.files) > 0 {
		keys = append(keys, as(k.Enter, "open read-only"), as(k.Mark, "mark"), k.Compare)
	}
	return newKeyHelp(keys)
}

// NoComment: an earlier round is the file as it came; comments go on the
// session itself.
func (r *roundsScreen) NoComment() string {
	return "comments go on the session itself: esc back to it, then C"
}

func (r *roundsScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case roundsLoadedMsg:
		if r.c.Session == nil || msg.id != r.c.Session.ID {
			return r, nil
		}
		r.loaded = true
		if msg.err != nil {
			r.c.SetError(msg.err)
			return r, nil
		}
		r.files, r.sessions, r.changes = msg.files, msg.sessions, msg.changes
		r.cursor = max(len(r.files)-1, 0)
		if r.open > 0 && r.open <= len(r.files) {
			r.cursor = r.open - 1
			r.open = 0
			return r, r.openRound()
		}
	case tea.KeyPressMsg:
		k := r.c.Keys
		switch {
		case key.Matches(msg, k.Up):
			r.cursor = max(r.cursor-1, 0)
		case key.Matches(msg, k.Down):
			r.cursor = min(r.cursor+1, max(len(r.files)-1, 0))
		case key.Matches(msg, k.Enter):
			return r, r.openRound()
		case key.Matches(msg, k.Mark) && len(r.files) > 0:
			if r.marked == r.cursor+1 {
				r.marked = 0
			} else {
				r.marked = r.cursor + 1
			}
		case key.Matches(msg, k.Compare):
			return r, r.compare()
		}
	}
	return r, nil
}

// openRound shows the selected round read-only.
func (r *roundsScreen) openRound() tea.Cmd {
	if r.cursor >= len(r.sessions) {
		return nil
	}
	f, s := r.files[r.cursor], r.sessions[r.cursor]
	title := fmt.Sprintf("Round %d (%s), as received", f.Round, f.Received.Local().Format("2006-01-02"))
	note := fmt.Sprintf("Read-only: round %d, the file %s as it came from the team. esc goes back.", f.Round, cleanLine(f.Name))
	return openScreen(route{screen: ScreenReading, reading: reading{title: "Round " + fmt.Sprint(f.Round),
		render: func(st *Styles, w int) string {
			return st.Title.Render(truncate(title, w)) + "\n" + st.Muted.Render(truncate(note, w)) + "\n\n" + renderPreview(st, s, time.Time{}, w) // as received: no overdue flags of today
		}}})
}

// compare shows what changed from the marked round (or the one before) to
// the selected one.
func (r *roundsScreen) compare() tea.Cmd {
	to := r.cursor + 1
	from := r.marked
	if from == 0 || from == to {
		from = to - 1
	}
	if from < 1 || to > len(r.sessions) {
		r.c.SetStatus("mark a round with x, then pick another and press c")
		return nil
	}
	if from > to {
		from, to = to, from
	}
	cmp, err := workbook.Compare(r.sessions[from-1], r.sessions[to-1])
	if err != nil {
		r.c.SetError(err)
		return nil
	}
	head := fmt.Sprintf("Round %d → round %d: %s", from, to, cmp.Summary())
	lines := cmp.Lines()
	return openScreen(route{screen: ScreenReading, reading: reading{title: fmt.Sprintf("Round %d → %d", from, to),
		render: func(st *Styles, w int) string {
			out := []string{st.Title.Render(truncate(head, w)), ""}
			for _, l := range lines {
				if strings.HasPrefix(l, "  ") {
					out = append(out, indent(hangingWrap(cleanLine(l), max(w-2, 1), 2), 2))
				} else {
					out = append(out, st.Heading.Render(truncate(cleanLine(l), w)))
				}
			}
			return strings.Join(out, "\n")
		}}})
}

func (r *roundsScreen) View() string {
	st, w := r.c.Styles, r.c.Width
	lines := []string{st.Title.Render(truncate("Files received from the team, oldest first", w)), ""}
	switch {
	case !r.loaded:
		lines = append(lines, "reading…")
	case len(r.files) == 0:
		lines = append(lines, st.Muted.Render(truncate("No files received for this session yet: `edtech-workbook review FILE` keeps each file a team sends.", w)))
	}
	for i, f := range r.files {
		mark := " "
		if r.marked == i+1 {
			mark = "•"
		}
		line := fmt.Sprintf("%d%s %s  %s  (team's revision %d) — %s", f.Round, mark, f.Received.Local().Format("2006-01-02 15:04"),
			cleanLine(f.Name), f.Revision, r.changes[i])
		line = truncate(line, max(w-2, 1))
		if i == r.cursor {
			line = st.Focused.Render("› " + line)
		} else {
			line = "  " + line
		}
		lines = append(lines, line)
	}
	if len(r.files) > 1 {
		lines = append(lines, "", st.Muted.Render(truncate("enter reads a round as it came · x marks one · c compares the marked one (or the round before) with the selected", w)))
	}
	return clampLines(strings.Join(lines, "\n"), r.c.Height)
}

// reading is a read-only page: a title and what to show, drawn to a width.
type reading struct {
	title  string
	render func(st *Styles, w int) string
}

// readingScreen shows a reading, scrolled with the Summary's keys.
type readingScreen struct {
	c      *Common
	r      reading
	vp     viewport.Model // scrolled with the Summary's keys, plus top and bottom
	builtW int
	built  bool
	dark   bool
}

func newReadingScreen(c *Common, r reading) *readingScreen {
	vp := viewport.New()
	vp.SoftWrap = false // the reading is wrapped to the width already
	vp.KeyMap = c.Keys.viewportKeys()
	return &readingScreen{c: c, r: r, vp: vp}
}

func (v *readingScreen) Init() tea.Cmd   { return nil }
func (v *readingScreen) Title() string   { return v.r.title }
func (v *readingScreen) Capturing() bool { return false }
func (v *readingScreen) NoComment() string {
	return "this page is read-only; comments go on the session itself: esc back to it, then C"
}

func (v *readingScreen) Help() help.KeyMap {
	k := v.c.Keys
	return newKeyHelp([]key.Binding{k.ScrollAll}, []key.Binding{k.Up, k.Down, k.PageBack, k.PageOn, k.Top, k.Bottom})
}

func (v *readingScreen) build() {
	v.vp.SetWidth(max(v.c.Width, 1))
	v.vp.SetHeight(max(v.c.Height, 1))
	if v.built && v.builtW == v.c.Width && v.dark == v.c.IsDark {
		return
	}
	v.built, v.builtW, v.dark = true, v.c.Width, v.c.IsDark
	v.vp.SetContent(v.r.render(v.c.Styles, max(v.c.Width, 1)))
}

func (v *readingScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return v, nil
	}
	v.build()
	switch k := v.c.Keys; {
	case key.Matches(km, k.Top):
		v.vp.GotoTop()
	case key.Matches(km, k.Bottom):
		v.vp.GotoBottom()
	default:
		var cmd tea.Cmd
		v.vp, cmd = v.vp.Update(km)
		return v, cmd
	}
	return v, nil
}

func (v *readingScreen) View() string {
	v.build()
	return v.vp.View()
}
