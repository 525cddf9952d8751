package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
)

// evaluationScreen is one tool's yearly evaluation: a score of 1–4 on each
// evaluation criterion with the strength of its evidence (vendor claim →
// third-party review → local trial → local data), the cost per active user
// computed from the inventory above them, what each stakeholder group said,
// and the decision: renew, scale, adjust or retire. Retiring needs a
// transition plan, and sets the tool's status once confirmed.
//
// The screen edits a draft: a score is stored once it has its evidence
// level (the status line asks for it), so nothing half-answered reaches
// the file.
type evaluationScreen struct {
	c       *Common
	toolID  string
	year    string
	draft   inventory.Evaluation
	loaded  bool
	section int // evalCriteria, evalStakeholders, evalDecision
	row     int
	form    *smallForm
	confirm *invConfirm
}

const (
	evalCriteria = iota
	evalStakeholders
	evalDecision
	evalSections
)

func newEvaluationScreen(c *Common, toolID, year string) *evaluationScreen {
	if year == "" {
		year = inventory.SchoolYearOf(c.toolDay())
	}
	s := &evaluationScreen{c: c, toolID: toolID, year: year}
	s.loadDraft()
	return s
}

func (s *evaluationScreen) Init() tea.Cmd { return s.c.inv.loadFull() }

// loadDraft starts the draft from the stored evaluation (once the
// inventory is in).
func (s *evaluationScreen) loadDraft() {
	inv := s.c.inv.inv()
	if inv == nil || s.loaded {
		return
	}
	s.loaded = true
	if e := inv.Evaluation(s.toolID, s.year); e != nil {
		s.draft = e.Clone()
	} else {
		s.draft = inventory.Evaluation{ToolID: s.toolID, SchoolYear: s.year}
	}
	if s.draft.Scores == nil {
		s.draft.Scores = map[string]inventory.EvalScore{}
	}
}

func (s *evaluationScreen) toolName() string {
	if n := s.c.inv.toolName(s.toolID); n != "" {
		return n
	}
	return s.toolID
}

func (s *evaluationScreen) Title() string {
	return "Tools › " + s.toolName() + " › evaluation " + s.year
}

func (s *evaluationScreen) Capturing() bool { return s.form != nil || s.confirm != nil }

func (s *evaluationScreen) Help() help.KeyMap {
	k := s.c.Keys
	if h := overlayHelp(k, s.form, s.confirm); h != nil {
		return h
	}
	sec := as(k.Section, "next section")
	switch s.section {
	case evalCriteria:
		short := append([]key.Binding{sec, k.Move}, s.c.editKeys(k.Score, k.EvidenceNext, as(k.EditRow, "note"))...)
		return newKeyHelp(short, []key.Binding{k.Section, k.Up, k.Down}, s.c.editKeys(k.Score, k.EvidenceNext, as(k.ClearRating, "clear"), as(k.EditRow, "score, evidence, note")))
	case evalStakeholders:
		edits := s.c.editKeys(as(k.Add, "add group"), as(k.EditRow, "edit"), k.Delete)
		return newKeyHelp(append([]key.Binding{sec, k.Move}, edits...), []key.Binding{k.Section, k.Up, k.Down}, edits)
	}
	edits := s.c.editKeys(as(k.EditRow, "decide"))
	return newKeyHelp(append([]key.Binding{sec}, edits...), []key.Binding{k.Section}, edits)
}

func (s *evaluationScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if cmd, took := forwardToForm(&s.form, msg); took {
		return s, cmd
	}
	switch msg := msg.(type) {
	case invChangedMsg:
		if !s.loaded {
			s.loadDraft()
		} else if inv := s.c.inv.inv(); inv != nil && s.form == nil {
			// A reload (someone else saved): start again from what is stored.
			if e := inv.Evaluation(s.toolID, s.year); e != nil && !s.pendingScores() {
				s.draft = e.Clone()
			}
		}
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

// pendingScores reports whether the draft has a score still waiting for
// its evidence level.
func (s *evaluationScreen) pendingScores() bool {
	for _, sc := range s.draft.Scores {
		if sc.Evidence == "" {
			return true
		}
	}
	return false
}

func (s *evaluationScreen) rows() int {
	switch s.section {
	case evalCriteria:
		return len(s.c.inv.criteria().Evaluation)
	case evalStakeholders:
		return len(s.draft.Stakeholders)
	}
	return 0
}

func (s *evaluationScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.Keys
	if s.form != nil {
		return keyToForm(&s.form, msg)
	}
	if s.confirm != nil {
		return answerConfirm(s.c, &s.confirm, msg)
	}
	if !s.loaded || s.c.inv.inv().Tool(s.toolID) == nil && s.c.inv.inv().Evaluation(s.toolID, s.year) == nil {
		return nil
	}
	switch {
	case key.Matches(msg, k.Next):
		s.section, s.row = (s.section+1)%evalSections, 0
		return nil
	case key.Matches(msg, k.Prev):
		s.section, s.row = (s.section+evalSections-1)%evalSections, 0
		return nil
	case key.Matches(msg, k.Up):
		s.row = max(s.row-1, 0)
		return nil
	case key.Matches(msg, k.Down):
		s.row = clampInt(s.row+1, 0, max(s.rows()-1, 0))
		return nil
	}
	editing := key.Matches(msg, k.Rate) || key.Matches(msg, k.EvidenceNext) || key.Matches(msg, k.ClearRating) ||
		key.Matches(msg, k.Edit, k.Enter) || key.Matches(msg, k.Add) || key.Matches(msg, k.Delete)
	if editing && s.c.Review {
		s.c.SetError(errReadOnly)
		return nil
	}
	crit := s.c.inv.criteria()
	switch s.section {
	case evalCriteria:
		if s.row >= len(crit.Evaluation) {
			return nil
		}
		id := crit.Evaluation[s.row].ID
		sc := s.draft.Scores[id]
		switch {
		case key.Matches(msg, k.Rate):
			n, ok := digitOf(msg, k.Rate)
			if !ok || n < inventory.MinScore || n > inventory.MaxScore {
				s.c.SetError(fmt.Errorf("scores are %d to %d", inventory.MinScore, inventory.MaxScore))
				return nil
			}
			sc.Score = n
			s.draft.Scores[id] = sc
			return s.store()
		case key.Matches(msg, k.EvidenceNext):
			levels := inventory.EvidenceLevels()
			sc.Evidence = levels[(slices.Index(levels, sc.Evidence)+1)%len(levels)]
			s.draft.Scores[id] = sc
			return s.store()
		case key.Matches(msg, k.ClearRating):
			delete(s.draft.Scores, id)
			return s.store()
		case key.Matches(msg, k.Edit, k.Enter):
			return s.openScore(crit.Evaluation[s.row])
		}
	case evalStakeholders:
		switch {
		case key.Matches(msg, k.Add):
			return s.openStakeholder(-1)
		case key.Matches(msg, k.Edit, k.Enter) && s.row < len(s.draft.Stakeholders):
			return s.openStakeholder(s.row)
		case key.Matches(msg, k.Delete) && s.row < len(s.draft.Stakeholders):
			i := s.row
			g := s.draft.Stakeholders[i]
			s.confirm = &invConfirm{
				question: fmt.Sprintf("Delete what %s said? y deletes, n keeps it", cleanLine(g.Group)),
				yes: func() (tea.Cmd, error) {
					s.draft.Stakeholders = slices.Delete(slices.Clone(s.draft.Stakeholders), i, i+1)
					s.row = clampInt(s.row, 0, max(len(s.draft.Stakeholders)-1, 0))
					return s.store(), nil
				},
			}
		}
	case evalDecision:
		if key.Matches(msg, k.Edit, k.Enter) {
			return s.openDecision()
		}
	}
	return nil
}

// savable is the draft without the scores still waiting for an evidence
// level.
func (s *evaluationScreen) savable() inventory.Evaluation { return savableEvaluation(s.draft) }

// store keeps what is complete of the draft and says what still waits.
func (s *evaluationScreen) store() tea.Cmd {
	cmd, err := s.c.changeInventory(func(ch invChanger) error { return storeEvaluation(ch, s.draft) })
	if err != nil {
		s.c.SetError(err)
		return nil
	}
	for _, sc := range s.draft.Scores {
		if sc.Evidence == "" {
			s.c.SetWarning("give the score's evidence level with l (vendor claim, third-party review, local trial, local data); it is saved then")
			return cmd
		}
		if sc.Score == 0 {
			s.c.SetWarning("give the evidence's score with 1-4; it is saved then")
			return cmd
		}
	}
	return cmd
}

// open shows one of the evaluation's forms (invforms.go).
func (s *evaluationScreen) open(f invForm) tea.Cmd {
	s.form = formFor(s.c, f, func(q *invConfirm) { s.confirm = q }, nil)
	return s.form.init(s.c.Width, s.c.Height)
}

// openScore edits one criterion: score, evidence level, note.
func (s *evaluationScreen) openScore(c inventory.Criterion) tea.Cmd {
	return s.open(evalScoreForm(s.toolName(), &s.draft, c))
}

// openStakeholder edits what one group said (i = -1: a new group).
func (s *evaluationScreen) openStakeholder(i int) tea.Cmd {
	if i < 0 {
		s.row = len(s.draft.Stakeholders)
	}
	return s.open(stakeholderForm(s.toolName(), &s.draft, i))
}

// openDecision asks the decision, its reason and, for retire, the
// transition plan; retiring is confirmed.
func (s *evaluationScreen) openDecision() tea.Cmd {
	return s.open(evalDecisionForm(s.toolName(), &s.draft))
}

// --- view ------------------------------------------------------------------

func (s *evaluationScreen) View() string {
	st := s.c.Styles
	w, h := s.c.Width, s.c.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	if s.form != nil {
		return s.form.view(w, h)
	}
	if !s.loaded {
		return s.c.inv.waitingView(st, w)
	}
	inv := s.c.inv.inv()
	t := inv.Tool(s.toolID)
	if t == nil && inv.Evaluation(s.toolID, s.year) == nil {
		return st.Muted.Render(truncate("This tool is no longer in the inventory (esc goes back).", w))
	}
	crit := s.c.inv.criteria()
	var lines []string
	title := fmt.Sprintf("%s · evaluation for %s", s.toolName(), s.year)
	if t != nil {
		title += " · " + t.Status.Label()
	}
	lines = append(lines, st.Title.Render(truncate(title, w)))
	cpu := inv.CostPerActiveUser(s.toolID, s.year)
	facts := "Cost per active user: " + cpu.String()
	if cpu.Known && cpu.Reason == "" {
		if n, ok := cpu.Usage.ActiveUsers.Value(); ok {
			facts += fmt.Sprintf(" (%s active users, %s)", workbook.Thousands(n), cpu.Usage.Source.Label())
		}
	}
	if t != nil && t.Money.Licences > 0 {
		facts += fmt.Sprintf(" · %s licences", workbook.Thousands(int64(t.Money.Licences)))
	}
	lines = append(lines, st.Muted.Render(truncate(facts, w)))
	total, most := s.draft.Total(crit)
	lines = append(lines, st.Muted.Render(truncate(fmt.Sprintf("Total %d of %d · %d of %d criteria scored", total, most, len(s.savable().Scores), len(crit.Evaluation)), w)), "")

	var tail []string
	if s.confirm != nil {
		tail = append(tail, s.confirm.lines(st, w)...)
	}
	// Criteria table.
	rows := make([][]string, len(crit.Evaluation))
	marks := make([]string, len(crit.Evaluation))
	for i, c := range crit.Evaluation {
		sc, ok := s.draft.Scores[c.ID]
		score, evidence := "·", "·"
		if ok {
			if sc.Score > 0 {
				score = fmt.Sprint(sc.Score)
			}
			if sc.Evidence != "" {
				evidence = sc.Evidence.Label()
			} else {
				evidence = "evidence? (l)"
				marks[i] = "!"
			}
		}
		rows[i] = []string{c.Title, fmt.Sprintf("×%d", c.Weight), score, evidence, sc.Note}
	}
	lines = append(lines, sectionTitle(st, "Criteria (1-4 score · l evidence level)", s.section == evalCriteria, w))
	lines = append(lines, renderTable(st, tableView{
		headers: []string{"Criterion", "Weight", "Score", "Evidence", "Note"},
		weights: []int{5, 1, 1, 3, 3}, mins: []int{0, 6, 5, 18, 0},
		rows: rows, marks: marks, cursor: s.row, focused: s.section == evalCriteria,
	}, w, len(rows)+1)...)
	// Stakeholders.
	lines = append(lines, "", sectionTitle(st, fmt.Sprintf("Stakeholder input by group (%d)", len(s.draft.Stakeholders)), s.section == evalStakeholders, w))
	srows := make([][]string, len(s.draft.Stakeholders))
	for i, g := range s.draft.Stakeholders {
		n := ""
		if v, ok := g.Responses.Value(); ok {
			n = fmt.Sprint(v)
		}
		srows[i] = []string{g.Group, n, g.Summary}
	}
	cur := 0
	if s.section == evalStakeholders {
		cur = s.row
	}
	lines = append(lines, renderTable(st, tableView{
		headers: []string{"Group", "Responses", "What they said"},
		weights: []int{2, 1, 5}, mins: []int{0, 9, 0},
		rows: srows, cursor: cur, focused: s.section == evalStakeholders,
		empty: "no input recorded yet — a adds what a group said (teachers, students, families, …)",
	}, w, max(min(len(srows)+1, 4), 2))...)
	// Decision.
	lines = append(lines, "", sectionTitle(st, "Decision (e decides)", s.section == evalDecision, w))
	if s.draft.Decision == "" {
		lines = append(lines, st.Muted.Render(truncate("  not decided: renew, scale, adjust or retire (retiring needs a transition plan)", w)))
	} else {
		lines = append(lines, truncate(fmt.Sprintf("  %s on %s: %s", s.draft.Decision, s.draft.Decided, cleanLine(s.draft.Reason)), w))
		if tr := s.draft.Transition; tr != nil {
			lines = append(lines, truncate(fmt.Sprintf("  Transition: last day %s · tell %s · replacement: %s", tr.Date, cleanLine(strings.Join(tr.Told, ", ")), cleanLine(tr.Replacement)), w))
		}
	}
	room := h - len(tail)
	if len(lines) > room && s.section == evalDecision {
		lines = append(lines[:4], lines[len(lines)-(room-4):]...)
	}
	return clampLines(strings.Join(append(clampLinesSlice(lines, room), tail...), "\n"), h)
}
