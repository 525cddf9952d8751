package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook/inventory"
)

// requestScreen is one selection request, in the order the work is done:
// the need and the students it serves (before any product), the product,
// the check against the inventory (possible overlaps), each reviewer's
// answers to the gates and scores on the weighted criteria, then the
// team's consensus beside the reviewers' spread (the self-assessment's
// individual-then-team pattern), and the decision with its reason.
// Approving or piloting sets the tool's status in the inventory once the
// team confirms.
type requestScreen struct {
	c       *Common
	id      string // "" until the need is stored
	section int
	needRow int // Need section: 0 the need, 1 the product
	row     int // Reviews: the gate or criterion
	col     int // Reviews: a reviewer, or len(reviews) for the team
	form    *smallForm
	confirm *invConfirm
	started bool // the new request's need form was opened
}

// The sections of a request, in tab order.
const (
	reqNeed = iota
	reqCheck
	reqReviews
	reqDecision
	reqSections
)

func newRequestScreen(c *Common, id string) *requestScreen { return &requestScreen{c: c, id: id} }

func (s *requestScreen) Init() tea.Cmd {
	return tea.Batch(s.c.inv.loadFull(), s.startNew())
}

// startNew opens the need form of a new request once the inventory is in.
func (s *requestScreen) startNew() tea.Cmd {
	if s.id != "" || s.started || !s.c.inv.ready() {
		return nil
	}
	s.started = true
	return s.openNeed()
}

func (s *requestScreen) Title() string { return "Tools › Selection request" }

func (s *requestScreen) Capturing() bool { return s.form != nil || s.confirm != nil }

func (s *requestScreen) request() *inventory.Request {
	if inv := s.c.inv.inv(); inv != nil && s.id != "" {
		return inv.Request(s.id)
	}
	return nil
}

func (s *requestScreen) Help() help.KeyMap {
	k := s.c.Keys
	if h := overlayHelp(k, s.form, s.confirm); h != nil {
		return h
	}
	sec := as(k.Section, "next step")
	switch s.section {
	case reqNeed:
		short := append([]key.Binding{sec, as(k.Move, "need / product")}, s.c.editKeys(as(k.EditRow, "edit"))...)
		return newKeyHelp(short, []key.Binding{k.Section, k.Up, k.Down}, s.c.editKeys(as(k.EditRow, "edit")))
	case reqCheck:
		return newKeyHelp(append([]key.Binding{sec}, s.c.editKeys(k.Recheck)...), []key.Binding{k.Section}, s.c.editKeys(k.Recheck))
	case reqReviews:
		short := append([]key.Binding{sec, k.Move, k.Columns}, s.c.editKeys(k.Score, k.GatePass, k.GateFail, as(k.Add, "add reviewer"))...)
		return newKeyHelp(short, []key.Binding{k.Section, k.Up, k.Down, k.Left, k.Right},
			s.c.editKeys(k.Score, k.GatePass, k.GateFail, k.GateUnknown, as(k.ClearRating, "clear"), as(k.Add, "add reviewer")))
	}
	short := append([]key.Binding{sec}, s.c.editKeys(as(k.EditRow, "decide"))...)
	return newKeyHelp(short, []key.Binding{k.Section}, s.c.editKeys(as(k.EditRow, "decide")))
}

func (s *requestScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if cmd, took := forwardToForm(&s.form, msg); took {
		return s, tea.Batch(cmd, s.leaveIfEmpty())
	}
	switch msg := msg.(type) {
	case invChangedMsg:
		if s.form == nil && s.confirm == nil {
			s.clamp()
		}
		return s, s.startNew()
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

// leaveIfEmpty goes back when a new request's need form was closed
// without storing anything.
func (s *requestScreen) leaveIfEmpty() tea.Cmd {
	if s.id == "" && s.form == nil && s.started {
		s.c.SetStatus("no request started")
		return back()
	}
	return nil
}

func (s *requestScreen) items() []reqItem { return requestItems(s.c.inv.criteria()) }

func (s *requestScreen) clamp() {
	r := s.request()
	if r == nil {
		return
	}
	s.row = clampInt(s.row, 0, max(len(s.items())-1, 0))
	s.col = clampInt(s.col, 0, len(r.Reviews))
}

func (s *requestScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.Keys
	if s.form != nil {
		cmd := keyToForm(&s.form, msg)
		return tea.Batch(cmd, s.leaveIfEmpty())
	}
	if s.confirm != nil {
		return answerConfirm(s.c, &s.confirm, msg)
	}
	r := s.request()
	if r == nil {
		return nil
	}
	switch {
	case key.Matches(msg, k.Next):
		s.section = (s.section + 1) % reqSections
		return nil
	case key.Matches(msg, k.Prev):
		s.section = (s.section + reqSections - 1) % reqSections
		return nil
	}
	edit := func() bool {
		if s.c.Review {
			s.c.SetError(errReadOnly)
			return false
		}
		return true
	}
	switch s.section {
	case reqNeed:
		switch {
		case key.Matches(msg, k.Up):
			s.needRow = 0
		case key.Matches(msg, k.Down):
			s.needRow = 1
		case key.Matches(msg, k.Edit, k.Enter):
			if !edit() {
				return nil
			}
			if s.needRow == 0 {
				return s.openNeed()
			}
			return s.openProduct()
		}
	case reqCheck:
		if key.Matches(msg, k.Recheck) && edit() {
			return s.change(func(r *inventory.Request) error {
				r.CheckInventory(s.c.inv.inv(), s.c.toolDay())
				return nil
			}, "checked against the inventory again")
		}
	case reqReviews:
		return s.reviewKey(msg, r)
	case reqDecision:
		if key.Matches(msg, k.Edit, k.Enter) && edit() {
			return s.openDecision()
		}
	}
	return nil
}

// change applies one change to the request and reports it.
func (s *requestScreen) change(fn func(r *inventory.Request) error, done string) tea.Cmd {
	cmd, err := s.c.inv.editRequest(s.id, fn)
	if err != nil {
		s.c.SetError(err)
		return nil
	}
	if done != "" {
		s.c.inv.done(s.c, done)
	}
	return cmd
}

// reviewKey handles the keys of the reviews: moving, answering for the
// reviewer or the team in the focused column, adding a reviewer.
func (s *requestScreen) reviewKey(msg tea.KeyPressMsg, r *inventory.Request) tea.Cmd {
	k := s.c.Keys
	items := s.items()
	switch {
	case key.Matches(msg, k.Up):
		s.row = max(s.row-1, 0)
		return nil
	case key.Matches(msg, k.Down):
		s.row = clampInt(s.row+1, 0, max(len(items)-1, 0))
		return nil
	case key.Matches(msg, k.Left):
		s.col = max(s.col-1, 0)
		return nil
	case key.Matches(msg, k.Right):
		s.col = min(s.col+1, len(r.Reviews))
		return nil
	case key.Matches(msg, k.Add):
		if s.c.Review {
			s.c.SetError(errReadOnly)
			return nil
		}
		return s.openReviewer()
	}
	if len(items) == 0 || s.row >= len(items) {
		return nil
	}
	it := items[s.row]
	var gate inventory.GateResult
	score, clear, answered := 0, false, false
	switch {
	case it.gate != nil && key.Matches(msg, k.GatePass):
		gate, answered = inventory.GatePass, true
	case it.gate != nil && key.Matches(msg, k.GateFail):
		gate, answered = inventory.GateFail, true
	case it.gate != nil && key.Matches(msg, k.GateUnknown):
		gate, answered = inventory.GateUnknown, true
	case it.criterion != nil && key.Matches(msg, k.Rate):
		n, ok := digitOf(msg, k.Rate)
		if !ok || n < inventory.MinScore || n > inventory.MaxScore {
			s.c.SetError(fmt.Errorf("scores are %d to %d", inventory.MinScore, inventory.MaxScore))
			return nil
		}
		score, answered = n, true
	case key.Matches(msg, k.ClearRating):
		clear, answered = true, true
	}
	if !answered {
		if it.gate != nil && key.Matches(msg, k.Rate) {
			s.c.SetError(fmt.Errorf("a gate is passed or failed: p passes it, f fails it, 0 leaves it open"))
		} else if it.criterion != nil && (key.Matches(msg, k.GatePass) || key.Matches(msg, k.GateFail)) {
			s.c.SetError(fmt.Errorf("a criterion is scored %d to %d", inventory.MinScore, inventory.MaxScore))
		}
		return nil
	}
	if s.c.Review {
		s.c.SetError(errReadOnly)
		return nil
	}
	if clear {
		gate, score = "", 0
	}
	cmd, err := s.c.changeInventory(func(ch invChanger) error { return setRequestAnswer(ch, s.id, s.col, it, gate, score) })
	if err != nil {
		s.c.SetError(err)
	}
	return cmd
}

// --- forms ---------------------------------------------------------------

// open shows one of the request's forms (invforms.go).
func (s *requestScreen) open(f invForm, after func() tea.Cmd) tea.Cmd {
	s.form = formFor(s.c, f, func(q *invConfirm) { s.confirm = q }, after)
	return s.form.init(s.c.Width, s.c.Height)
}

// openNeed opens the need form; a new request is stored when it is
// submitted, and checked against the inventory at once.
func (s *requestScreen) openNeed() tea.Cmd {
	return s.open(requestNeedForm(s.request(), s.c.inv.studentGroups, &s.id), func() tea.Cmd {
		if s.section == reqNeed && s.needRow == 0 {
			s.section = reqCheck // see what the inventory already has
		}
		return nil
	})
}

// openProduct names the product (after the need).
func (s *requestScreen) openProduct() tea.Cmd { return s.open(requestProductForm(s.request()), nil) }

// openReviewer adds a reviewer; the column moves to them.
func (s *requestScreen) openReviewer() tea.Cmd {
	return s.open(reviewerForm(s.request(), &s.col), func() tea.Cmd {
		s.section = reqReviews
		return nil
	})
}

// openDecision asks the decision and its reason; approving or piloting is
// confirmed, with what it does to the inventory.
func (s *requestScreen) openDecision() tea.Cmd { return s.open(requestDecisionForm(s.request()), nil) }

// --- view ------------------------------------------------------------------

func (s *requestScreen) View() string {
	st := s.c.Styles
	w, h := s.c.Width, s.c.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	if s.form != nil {
		return s.form.view(w, h)
	}
	if !s.c.inv.ready() {
		return s.c.inv.waitingView(st, w)
	}
	r := s.request()
	if r == nil {
		return st.Muted.Render(truncate("This request is not in the inventory (esc goes back).", w))
	}
	lines := []string{st.Title.Render(truncate("Need: "+cleanLine(r.Need), w))}
	product := "no product named yet"
	if r.Product != "" {
		product = cleanLine(r.Product)
		if r.Vendor != "" {
			product += " (" + cleanLine(r.Vendor) + ")"
		}
	}
	meta := "Product: " + product
	if r.RequestedBy != "" {
		meta += " · asked by " + cleanLine(r.RequestedBy)
	}
	if !r.Requested.IsZero() {
		meta += " on " + r.Requested.String()
	}
	lines = append(lines, st.Muted.Render(truncate(meta, w)))
	names := []string{"1 Need", fmt.Sprintf("2 Inventory check (%d)", len(r.Overlaps)), fmt.Sprintf("3 Reviews (%d)", len(r.Reviews)), "4 Decision"}
	if r.Decision != "" {
		names[3] += ": " + string(r.Decision)
	}
	var bar []string
	for i, n := range names {
		if i == s.section {
			bar = append(bar, st.Focused.Render("› "+n))
		} else {
			bar = append(bar, st.Muted.Render("  "+n))
		}
	}
	lines = append(lines, truncate(strings.Join(bar, " "), w), "")
	var body []string
	switch s.section {
	case reqNeed:
		body = s.needLines(r, w)
	case reqCheck:
		body = s.checkLines(r, w)
	case reqReviews:
		body = s.reviewLines(r, w, h-len(lines))
	case reqDecision:
		body = s.decisionLines(r, w)
	}
	if s.confirm != nil {
		q := append([]string{""}, s.confirm.lines(st, w)...)
		// The question must show: the body gives way.
		body = clampLinesSlice(body, max(h-len(lines)-len(q), 0))
		lines = append(append(lines, body...), q...)
		return strings.Join(clampLinesSlice(lines, h), "\n")
	}
	lines = append(lines, body...)
	return clampLines(strings.Join(lines, "\n"), h)
}

func (s *requestScreen) needLines(r *inventory.Request, w int) []string {
	st := s.c.Styles
	mark := func(i int, text string) string {
		if i == s.needRow {
			return st.Selected.Render(truncate("› "+text, w))
		}
		return truncate("  "+text, w)
	}
	field := func(label, v string) string {
		if strings.TrimSpace(v) == "" {
			v = "—"
		}
		return truncate("    "+label+": "+cleanLine(v), w)
	}
	var out []string
	out = append(out, mark(0, "The need (e edits)"))
	for _, l := range strings.Split(wrap(cleanLine(r.Need), max(w-4, 10)), "\n") {
		out = append(out, truncate("    "+l, w))
	}
	out = append(out,
		field("Students served", strings.Join(r.Groups, ", ")),
		field("Purpose", r.Purpose),
		field("Use cases", strings.Join(r.UseCases, ", ")),
		field("Requested by", r.RequestedBy),
		"",
		mark(1, "The product (e names it — after the need)"))
	product := r.Product
	if r.ToolID != "" {
		if n := s.c.inv.toolName(r.ToolID); n != "" {
			if t := s.c.inv.inv().Tool(r.ToolID); t != nil {
				product += " — in the inventory as " + n + ", " + t.Status.Label()
			}
		}
	}
	out = append(out, field("Product", product), field("Vendor", r.Vendor))
	return out
}

func (s *requestScreen) checkLines(r *inventory.Request, w int) []string {
	st := s.c.Styles
	checked := "not checked yet"
	if !r.Checked.IsZero() {
		checked = "checked on " + r.Checked.String()
	}
	out := []string{truncate(fmt.Sprintf("Tools of the inventory that may already do this job (%s; o checks again):", checked), w)}
	if len(r.Overlaps) == 0 {
		return append(out, st.Muted.Render(truncate("  none found: no tool is listed as doing the same job, and none shares two words of the need, purpose or use cases", w)))
	}
	for _, o := range r.Overlaps {
		why := "shares " + strings.Join(o.Shared, ", ")
		if o.Explicit {
			why = "listed in the inventory as doing the same job"
			if len(o.Shared) > 0 {
				why += "; shares " + strings.Join(o.Shared, ", ")
			}
		}
		out = append(out, truncate(fmt.Sprintf("  • %s (%s): %s", cleanLine(o.Name), o.Status.Label(), why), w))
	}
	return out
}

// reviewLines draws the reviews: one row per gate and criterion; a column
// per reviewer, the spread, and the team's answer. The focused cell is in
// reverse video with brackets (visible without colour).
func (s *requestScreen) reviewLines(r *inventory.Request, w, h int) []string {
	st := s.c.Styles
	crit := s.c.inv.criteria()
	sum := r.Summary(crit)
	items := s.items()
	n := len(r.Reviews)
	spreadW := 7
	// A cell is as wide as the longest reviewer's name needs (at most 12),
	// less when the labels would get under 24 cells.
	cellW := 6
	for _, v := range r.Reviews {
		cellW = max(cellW, cellWidth(cleanLine(v.Reviewer))+3)
	}
	cellW = clampInt(min(cellW, (w-2-24-(spreadW+1))/(n+1)-1), 6, 12)
	labelW := max(w-2-(n+1)*(cellW+1)-(spreadW+1), 12)
	cell := func(text string, col, row int) string {
		text = padRight(text, cellW-2)
		if s.col == col && s.row == row {
			return st.Selected.Render("[" + text + "]")
		}
		return " " + text + " "
	}
	var out []string
	if n == 0 {
		out = append(out, st.Muted.Render(truncate("No reviewer yet: a adds one. Each reviewer answers on their own; then the team agrees in the Team column.", w)))
	}
	head := "  " + padRight("", labelW)
	for _, v := range r.Reviews {
		head += " " + padRight(" "+cleanLine(v.Reviewer), cellW)
	}
	head += " " + padRight("spread", spreadW) + " " + padRight(" Team", cellW)
	out = append(out, st.Muted.Render(truncate(head, w)))
	var rows []string
	cursorLine := 0
	for i, it := range items {
		if i == 0 && it.gate != nil {
			rows = append(rows, st.Heading.Render(truncate("  Gates (p pass · f fail · 0 open)", w)))
		}
		if it.criterion != nil && (i == 0 || items[i-1].gate != nil) {
			rows = append(rows, st.Heading.Render(truncate("  Criteria (score 1-4; weight ×n)", w)))
		}
		var label, spread, team string
		var cells []string
		if it.gate != nil {
			g := sum.Gates[i]
			label = cleanLine(it.gate.Title)
			for j, res := range g.Reviews {
				cells = append(cells, cell(gateWord(res), j, i))
			}
			switch {
			case countGates(g.Reviews) == 0:
				spread = "—"
			case g.Agree:
				spread = "agree"
			default:
				spread = "differ"
			}
			team = gateWord(g.Consensus)
		} else {
			ci := i - len(crit.Gates)
			c := sum.Criteria[ci]
			label = fmt.Sprintf("%s ×%d", cleanLine(it.criterion.Title), it.criterion.Weight)
			for j, sc := range c.Scores {
				cells = append(cells, cell(scoreWord(sc), j, i))
			}
			switch {
			case c.Scored == 0:
				spread = "—"
			case c.Spread == 0:
				spread = "agree"
			default:
				spread = fmt.Sprintf("%d–%d", c.Low, c.High)
			}
			team = scoreWord(c.Consensus)
		}
		marker := "  "
		if i == s.row {
			marker = "› "
			cursorLine = len(rows)
		}
		line := marker + padRight(label, labelW) + " " + strings.Join(cells, " ")
		if n > 0 {
			line += " "
		}
		line += padRight(spread, spreadW) + " " + cell(team, n, i)
		rows = append(rows, truncate(line, w))
	}
	total := fmt.Sprintf("Team total: %d of %d", sum.Total, sum.Max)
	if sum.Unscored > 0 {
		total += fmt.Sprintf(" · %d criteria without a team score", sum.Unscored)
	}
	if len(sum.Failed) > 0 {
		total += fmt.Sprintf(" · failed: %s", cleanLine(strings.Join(sum.Failed, ", ")))
	} else if len(sum.Open) > 0 {
		total += fmt.Sprintf(" · %d gates not passed yet", len(sum.Open))
	}
	room := max(h-len(out)-1, 1)
	start := clampInt(cursorLine-room/2, 0, max(len(rows)-room, 0))
	out = append(out, rows[start:min(start+room, len(rows))]...)
	return append(out, st.Heading.Render(truncate(total, w)))
}

func countGates(rs []inventory.GateResult) int {
	n := 0
	for _, r := range rs {
		if r != "" {
			n++
		}
	}
	return n
}

func gateWord(g inventory.GateResult) string {
	switch g {
	case inventory.GatePass:
		return "pass"
	case inventory.GateFail:
		return "FAIL"
	case inventory.GateUnknown:
		return "open"
	}
	return "·"
}

func scoreWord(n int) string {
	if n == 0 {
		return "·"
	}
	return fmt.Sprintf("%d", n)
}

func (s *requestScreen) decisionLines(r *inventory.Request, w int) []string {
	st := s.c.Styles
	sum := r.Summary(s.c.inv.criteria())
	out := []string{truncate(fmt.Sprintf("Team total %d of %d · %d reviewers", sum.Total, sum.Max, len(sum.Reviewers)), w)}
	if len(sum.Failed) > 0 {
		out = append(out, st.Warning.Render(truncate("The team failed: "+cleanLine(strings.Join(sum.Failed, ", "))+" — only decline is open.", w)))
	} else if len(sum.Open) > 0 {
		out = append(out, st.Muted.Render(truncate(fmt.Sprintf("%d gates have no pass from the team yet: approve needs every gate passed and every criterion scored.", len(sum.Open)), w)))
	}
	out = append(out, "")
	if r.Decision == "" {
		out = append(out, truncate("Not decided. e decides: approve, pilot or decline, with the reason.", w))
		return out
	}
	out = append(out, st.Heading.Render(truncate(fmt.Sprintf("Decision: %s on %s", r.Decision, r.Decided), w)))
	for _, l := range strings.Split(wrap(cleanLine(r.Reason), max(w-2, 10)), "\n") {
		out = append(out, truncate("  "+l, w))
	}
	return out
}

// Flush: nothing is typed outside a form here; forms apply on submit.
func (s *requestScreen) Flush() tea.Cmd { return nil }
