package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook"
)

// assessScreen is the self-assessment, laid out for a projector: the
// indicator list on the left (wide windows), the current indicator and the
// team's answers on the right — the statement, the level descriptors, the
// equity pause and its answer, every member's rating, the consensus (and
// last year's), the evidence and the priority on one screen at 80×24 with
// up to eight members (assess_layout.go fits them).
//
// Keys: ] / [ move between indicators; ↑↓ (or tab) pick a person, the
// consensus or the evidence row; 1-4 rate it, 0 = not sure, backspace
// clears; after rating a person the cursor moves on to the next row. `?`
// stays help. e (or enter on the evidence row) edits the evidence notes,
// E the team's answer to the equity pause (shown under the pause): esc or
// tab saves them. p flags the indicator as a priority; c shows or hides
// the context notes; f shows the indicator's whole text (J/K scroll it);
// v turns the hidden vote on or off for this indicator, V for every one.
type assessScreen struct {
	c     *Common
	items []assessItem
	idx   int // current indicator
	row   int // 0..len(roster)-1 people, then consensus, then evidence

	showContext bool
	full        bool // f: the indicator's whole text, scrolled with J/K
	descOffset  int  // first line of the indicator text shown in full-text view
	editing     bool
	equity      bool           // the text field edits the equity answer, not the evidence
	evidence    textarea.Model // the text field (evidence notes or the equity answer)
	shown       string         // what the field held when opened: unchanged means not typed in

	withConsensus int
	listLines     []string // rendered list rows (without the cursor marker), rebuilt per indicator on change
	listVersion   int      // bumped on every change to listLines
	listKey       assessListKey
	listCache     []string

	// Cache of the indicator's text in every form the layout can choose,
	// which does not change per key.
	descKey assessDescKey
	text    assessText

	members []workbook.Member // the current roster: the people who rate
}

type assessItem struct {
	ind         workbook.Indicator
	domain      int
	domainTitle string
	label       string // "2.3"
	first       bool   // first indicator of its domain
}

type assessDescKey struct {
	idx, width  int
	showContext bool
	dark        bool
	equity      string // the team's answer, shown under the pause
	invGen      int    // the tool inventory's change count (its facts are shown)
	styles      *Styles
}

// newAssessScreen opens the self-assessment at indicator at ("" = the
// first indicator without a consensus rating).
func newAssessScreen(c *Common, at string) *assessScreen {
	a := &assessScreen{c: c}
	a.evidence = textarea.New()
	a.evidence.ShowLineNumbers = false
	a.evidence.Prompt = "│ "
	// No CharLimit (it counts cells): editKey holds the field to the
	// store's limit in characters.
	a.evidence.Placeholder = "What did you see or read that supports the rating?"
	styles := textarea.DefaultStyles(c.IsDark)
	styles.Cursor.Blink = false // a steady cursor: calmer on a projector, and no tick Cmds
	a.evidence.SetStyles(styles)
	a.evidence.SetHeight(3)
	// A new line by the forms' keys too (alt+enter, ctrl+j), besides enter.
	a.evidence.KeyMap.InsertNewline.SetKeys(append(a.evidence.KeyMap.InsertNewline.Keys(), c.Keys.FormNewLine.Keys()...)...)
	a.rebuild()
	a.row = a.homeRow()
	a.idx = a.firstWithoutConsensus()
	if at != "" { // opened from a Results list item
		for i, it := range a.items {
			if it.ind.ID == at {
				a.idx = i
			}
		}
	}
	return a
}

// rebuild derives everything from the session (on open and after a reload).
func (a *assessScreen) rebuild() {
	a.items = a.items[:0]
	if s := a.c.Session; s != nil {
		for di, d := range s.Template.Domains {
			for ii, in := range d.Indicators {
				a.items = append(a.items, assessItem{ind: in, domain: di, domainTitle: cleanLine(d.Title),
					label: fmt.Sprintf("%d.%d", di+1, ii+1), first: ii == 0})
			}
		}
	}
	a.members = nil
	if s := a.c.Session; s != nil {
		a.members = s.CurrentMembers()
	}
	a.idx = clampInt(a.idx, 0, max(len(a.items)-1, 0))
	a.row = clampInt(a.row, 0, a.rows()-1)
	a.withConsensus = 0
	a.listLines = make([]string, len(a.items))
	for i := range a.items {
		if a.rating(i).Consensus != workbook.Unrated {
			a.withConsensus++
		}
		a.listLines[i] = a.listLine(i)
	}
	a.descKey = assessDescKey{idx: -1}
	a.listVersion++
}

func (a *assessScreen) firstWithoutConsensus() int {
	for i := range a.items {
		if a.rating(i).Consensus == workbook.Unrated {
			return i
		}
	}
	return 0
}

// rating returns the recorded answers of item i (a zero value when none).
func (a *assessScreen) rating(i int) workbook.IndicatorRating {
	if s := a.c.Session; s != nil && i >= 0 && i < len(a.items) {
		if r := s.Ratings[a.items[i].ind.ID]; r != nil {
			return *r
		}
	}
	return workbook.IndicatorRating{}
}

// roster is the people who rate: the current members (a former member's
// ratings are shown, never asked for).
func (a *assessScreen) roster() []workbook.Member { return a.members }

func (a *assessScreen) rows() int { return len(a.roster()) + 2 }

func (a *assessScreen) consensusRow() int { return len(a.roster()) }
func (a *assessScreen) evidenceRow() int  { return len(a.roster()) + 1 }

// Init reads the tool inventory when an indicator offers its facts as
// evidence (the template's evidence_from).
func (a *assessScreen) Init() tea.Cmd {
	for _, it := range a.items {
		if it.ind.EvidenceFrom != "" {
			return a.c.inv.loadFull()
		}
	}
	return nil
}

func (a *assessScreen) Title() string { return "Self-assessment" }

// CommentTarget: C comments on the indicator on screen.
func (a *assessScreen) CommentTarget() (part workbook.PartRef, label string) {
	if len(a.items) == 0 {
		return workbook.SessionPart(), "the whole session"
	}
	it := a.items[a.idx]
	return workbook.IndicatorPart(it.ind.ID), "indicator " + it.label + " “" + cleanLine(it.ind.Title) + "”"
}

func (a *assessScreen) Capturing() bool { return a.editing }

func (a *assessScreen) Help() help.KeyMap {
	k := a.c.Keys
	if a.editing {
		return newKeyHelp([]key.Binding{k.Commit, k.FormNewLine})
	}
	short := []key.Binding{as(k.NextIndicator, "next"), as(k.PrevIndicator, "prev")}
	short = append(short, a.c.editKeys(k.Rate, as(k.NotSure, "not sure"), as(k.Evidence, "notes"), as(k.Equity, "equity"), k.Priority)...)
	short = append(short, k.FullText)
	short = append(short, a.c.editKeys(as(k.Vote, "hidden vote"))...)
	short = append(short, as(k.Context, "context"), k.Rows)
	edits := append(a.c.editKeys(k.Rate, k.NotSure, k.ClearRating, k.Evidence, as(k.Enter, "evidence (on its row)"), k.Equity, k.Priority, k.CopyFacts), k.Context)
	edits = append(edits, a.c.editKeys(k.Vote, k.VoteAll)...)
	return newKeyHelp(short, []key.Binding{k.NextIndicator, k.PrevIndicator, k.Top, k.Bottom, k.Rows, k.FullText, k.TextScroll}, edits)
}

func (a *assessScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case sessionChangedMsg:
		a.rebuild()
	case tea.WindowSizeMsg:
		a.evidence.SetWidth(max(a.rightWidth()-2, 4))
	case tea.BackgroundColorMsg:
		styles := textarea.DefaultStyles(msg.IsDark())
		styles.Cursor.Blink = false
		a.evidence.SetStyles(styles)
		a.descKey.idx = -1
	case tea.KeyPressMsg:
		if a.editing {
			return a, a.editKey(msg)
		}
		return a, a.key(msg)
	case tea.PasteMsg:
		if a.editing {
			return a, a.pasteEvidence(msg)
		}
	}
	return a, nil
}

// pasteEvidence puts a paste into the evidence being edited: whole, or not
// at all when it would take the field over its limits.
func (a *assessScreen) pasteEvidence(msg tea.PasteMsg) tea.Cmd {
	if err := pasteError(areaField, a.evidence.Value(), msg.Content); err != nil {
		a.c.SetError(err)
		return nil
	}
	var cmd tea.Cmd
	a.evidence, cmd = a.evidence.Update(msg)
	return cmd
}

func (a *assessScreen) editKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, a.c.Keys.Commit) {
		return a.commitEvidence()
	}
	if typed := typedText(msg, a.evidence.KeyMap.InsertNewline); typed != "" {
		if err := typeError(areaField, a.evidence.Value(), typed); err != nil {
			a.c.SetError(err)
			return nil
		}
	}
	var cmd tea.Cmd
	a.evidence, cmd = a.evidence.Update(msg)
	return cmd
}

// Flush saves the text being typed (ctrl+c quits with it saved).
func (a *assessScreen) Flush() tea.Cmd {
	if !a.editing {
		return nil
	}
	return a.commitEvidence()
}

// commitEvidence saves the text field: the evidence notes or the equity
// answer, whichever it edits.
func (a *assessScreen) commitEvidence() tea.Cmd {
	a.editing = false
	a.evidence.Blur()
	if len(a.items) == 0 {
		return nil
	}
	raw := a.evidence.Value()
	if raw == a.shown {
		return nil // not typed in: what is stored stays exactly as it is
	}
	v := strings.TrimRight(raw, " \n")
	id := a.items[a.idx].ind.ID
	if a.equity {
		if v == a.rating(a.idx).Equity {
			return nil
		}
		return a.c.Edit(func(s *workbook.Session) { s.Rating(id).Equity = v })
	}
	if v == a.rating(a.idx).Evidence {
		return nil
	}
	return a.c.Edit(func(s *workbook.Session) { s.Rating(id).Evidence = v })
}

// openText opens the text field on text (the evidence notes, or the equity
// answer when equity is set), unless the field would cut it.
func (a *assessScreen) openText(equity bool, what, text string) tea.Cmd {
	a.evidence.SetValue(text)
	a.shown = a.evidence.Value()
	if err := fitError(areaField, what, text, a.shown); err != nil {
		a.evidence.Reset()
		a.c.SetError(err) // never open text the field would cut when left
		return nil
	}
	a.editing, a.equity = true, equity
	if equity {
		a.evidence.Placeholder = "What did the team say at the equity pause?"
	} else {
		a.evidence.Placeholder = "What did you see or read that supports the rating?"
	}
	a.evidence.SetWidth(max(a.rightWidth()-2, 4))
	return a.evidence.Focus()
}

func (a *assessScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := a.c.Keys
	if len(a.items) == 0 {
		return nil
	}
	switch {
	case key.Matches(msg, k.NextIndicator):
		a.move(a.idx + 1)
	case key.Matches(msg, k.PrevIndicator):
		a.move(a.idx - 1)
	case key.Matches(msg, k.Top):
		a.move(0)
	case key.Matches(msg, k.Bottom):
		a.move(len(a.items) - 1)
	case key.Matches(msg, k.Up, k.Prev):
		a.row = (a.row - 1 + a.rows()) % a.rows()
	case key.Matches(msg, k.Down, k.Next):
		a.row = (a.row + 1) % a.rows()
	case key.Matches(msg, k.Rate):
		n, _ := digitOf(msg, k.Rate)
		return a.rate(workbook.Rating(n))
	case key.Matches(msg, k.NotSure):
		return a.rate(workbook.NotSure)
	case key.Matches(msg, k.ClearRating):
		return a.rate(workbook.Unrated)
	case key.Matches(msg, k.Evidence), key.Matches(msg, k.Enter) && a.row == a.evidenceRow():
		a.row = a.evidenceRow()
		return a.openText(false, "the evidence notes", a.rating(a.idx).Evidence)
	case key.Matches(msg, k.Equity):
		if a.items[a.idx].ind.EquityPause == "" && a.rating(a.idx).Equity == "" {
			a.c.SetStatus("this indicator has no equity pause")
			return nil
		}
		return a.openText(true, "the equity answer", a.rating(a.idx).Equity)
	case key.Matches(msg, k.Priority):
		id := a.items[a.idx].ind.ID
		cmd := a.c.Edit(func(s *workbook.Session) { r := s.Rating(id); r.Priority = !r.Priority })
		a.changed(a.idx)
		return cmd
	case key.Matches(msg, k.CopyFacts):
		return a.copyFacts()
	case key.Matches(msg, k.Context):
		a.showContext = !a.showContext
	case key.Matches(msg, k.FullText):
		a.full = !a.full
		a.descOffset = 0
	case key.Matches(msg, k.TextDown):
		a.descOffset++
	case key.Matches(msg, k.TextUp):
		a.descOffset = max(a.descOffset-1, 0)
	case key.Matches(msg, k.Vote):
		return a.toggleVote()
	case key.Matches(msg, k.VoteAll):
		return a.toggleSessionVote()
	}
	return nil
}

// toggleVote turns the hidden vote on or off for the indicator on screen
// (stored with it; the session's choice stays the default of the others).
func (a *assessScreen) toggleVote() tea.Cmd {
	s := a.c.Session
	id := a.items[a.idx].ind.ID
	hide := !s.VoteHidden(id)
	mode := workbook.VoteOpen
	if hide {
		mode = workbook.VoteHidden
	}
	if hide == s.HiddenVote {
		mode = workbook.VoteDefault // the same as the session's: follow it
	}
	cmd := a.c.Edit(func(s *workbook.Session) { s.Rating(id).Vote = mode })
	if !a.c.Review { // a review copy said why it refused
		a.c.SetStatus(a.voteStatus(hide, "this indicator"))
	}
	return cmd
}

// toggleSessionVote turns the hidden vote on or off for the whole session:
// every indicator without a choice of its own follows it.
func (a *assessScreen) toggleSessionVote() tea.Cmd {
	hide := !a.c.Session.HiddenVote
	cmd := a.c.Edit(func(s *workbook.Session) { s.HiddenVote = hide })
	if !a.c.Review {
		a.c.SetStatus(a.voteStatus(hide, "every indicator"))
	}
	return cmd
}

func (a *assessScreen) voteStatus(hide bool, where string) string {
	if hide {
		return fmt.Sprintf("hidden vote on for %s: ratings show once all %d people have voted", where, len(a.roster()))
	}
	return fmt.Sprintf("hidden vote off for %s: ratings show as they are given", where)
}

// move goes to indicator i; the cursor returns to the first person (over
// the cohort server: to the person at the keys, when on the roster).
func (a *assessScreen) move(i int) {
	i = clampInt(i, 0, len(a.items)-1)
	if i != a.idx {
		a.idx = i
		a.row = a.homeRow()
		a.descOffset = 0
	}
}

// homeRow is the row the cursor starts on: the roster member named as the
// person at the keys (Options.Author, over the cohort server), else the
// first.
func (a *assessScreen) homeRow() int {
	if a.c.Author == "" {
		return 0
	}
	for i, m := range a.roster() {
		if strings.EqualFold(strings.TrimSpace(cleanLine(m.Name)), a.c.Author) {
			return i
		}
	}
	return 0
}

// rate records r for the focused row (a person or the consensus).
func (a *assessScreen) rate(r workbook.Rating) tea.Cmd {
	levels := len(a.c.Session.Template.Scale.Levels)
	if r > 0 && int(r) > levels {
		a.c.SetError(fmt.Errorf("this template's scale goes from 1 to %d; 0 means not sure", levels))
		return nil
	}
	id := a.items[a.idx].ind.ID
	roster := a.roster()
	var cmd tea.Cmd
	switch {
	case a.row < len(roster):
		mid := roster[a.row].ID
		cmd = a.c.Edit(func(s *workbook.Session) {
			ir := s.Rating(id)
			if ir.Members == nil {
				ir.Members = map[string]workbook.Rating{}
			}
			if r == workbook.Unrated {
				delete(ir.Members, mid)
			} else {
				ir.Members[mid] = r
			}
		})
		if r != workbook.Unrated {
			a.row++ // on to the next person, then the consensus
		}
	case a.row == a.consensusRow():
		before := a.rating(a.idx).Consensus
		cmd = a.c.Edit(func(s *workbook.Session) { s.Rating(id).Consensus = r })
		if (before == workbook.Unrated) != (r == workbook.Unrated) {
			if r == workbook.Unrated {
				a.withConsensus--
			} else {
				a.withConsensus++
			}
		}
	default:
		a.c.SetStatus("pick a person or the consensus row (↑/↓) to rate; e edits the evidence")
		return nil
	}
	a.changed(a.idx)
	return cmd
}

// changed refreshes the cached list row of item i.
func (a *assessScreen) changed(i int) { a.listLines[i] = a.listLine(i); a.listVersion++ }

// ratingText is a rating as digit + label, never colour alone.
func (a *assessScreen) ratingText(r workbook.Rating) string {
	t := &a.c.Session.Template
	switch r {
	case workbook.Unrated:
		return "– not rated"
	case workbook.NotSure:
		return "? " + cleanLine(t.LevelLabel(r))
	}
	return r.String() + " " + cleanLine(t.LevelLabel(r))
}

// listLine is one row of the indicator list: consensus digit, label,
// priority, title (★ before the title: a long title is cut at the edge).
func (a *assessScreen) listLine(i int) string {
	it := a.items[i]
	r := a.rating(i)
	mark := "·"
	switch {
	case r.Consensus != workbook.Unrated:
		mark = r.Consensus.String()
	case len(r.Members) > 0:
		mark = "…"
	}
	prio := ""
	if r.Priority {
		prio = "★ "
	}
	return fmt.Sprintf("%s %s %s%s", mark, it.label, prio, cleanLine(it.ind.Title))
}
