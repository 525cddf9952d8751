package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
	"edtech-workbook/workbook/store"
	"edtech-workbook/workbook/templatefile"
)

// invDoc is the district's tool inventory as the app has it open: one per
// run (Common.inv), shared by every inventory screen, Home and the session
// screens that show its facts. Like Common it lives on the event loop.
//
// It loads in two steps, both in Cmds: the list entries first (quick: what
// the inventory table, the status counts and the 90-day alerts need), then
// the whole inventory (tool pages, requests, evaluations, edits). Every
// change goes through an edit method, which checks the changed piece
// before it is kept (a tool with Tool.Validate, a request with
// Request.Validate, an evaluation with SetEvaluation), so the in-memory
// inventory is always one the store accepts; invSaver then saves it in a
// Cmd, as autosave saves sessions.
//
// Copy on change: an edit never changes a stored element in place; it
// replaces the element with a changed copy (or appends one). So a save's
// snapshot needs copies of the top-level lists only (snapshot), never of
// every tool.
type invDoc struct {
	store Store

	listState loadState
	fullState loadState
	listErr   error
	fullErr   error

	// full is the whole inventory (nil until loaded); its Revision is the
	// one the next save is made from.
	full *store.Inventory
	// rows are the table rows, one per tool: from the list entries, then
	// from full. byID indexes them.
	rows []invRow
	byID map[string]int
	// gen moves on every change of rows; screens rebuild what they
	// derived from them when it has moved.
	gen int

	counts map[inventory.Status]int
	alerts []inventory.Alert // renewals and agreement expiries within 90 days, soonest first
	today  inventory.Date    // the day counts and alerts were computed for

	criteriaRef   string   // the template the criteria follow
	criteriaNote  string   // why the inventory keeps its own criteria ("" when it follows the template)
	studentGroups []string // that template's student groups (a request's "students served")

	saves *invSaver
	// note is what the last edit did ("decided: approve; …"): the status
	// line keeps it, with the time, once its save is done.
	note string
}

// done shows what an edit did; its save's "saved" joins it rather than
// replace it. Call it only for an edit that queued a save.
func (d *invDoc) done(c *Common, text string) {
	c.SetStatus(text)
	d.note = c.status.text
}

// loadState is where a load stands.
type loadState int

const (
	notLoaded loadState = iota
	loading
	loaded
)

// Messages of the inventory's loads and saves (handled by the root, which
// then tells every screen with invChangedMsg).
type (
	invListLoadedMsg struct {
		list *store.ToolList
		err  error
	}
	invLoadedMsg struct {
		inv           *store.Inventory
		criteriaRef   string
		criteriaNote  string
		studentGroups []string
		err           error
		reload        bool // after a conflict
	}
	// invChangedMsg tells every screen that the inventory changed (loaded,
	// edited, reloaded): rebuild what was derived from it.
	invChangedMsg struct{}
)

func newInvDoc(st Store, status *statusLine, opts Options) *invDoc {
	d := &invDoc{store: st, byID: map[string]int{}}
	d.saves = &invSaver{doc: d, status: status, retryDelay: opts.SaveRetryDelay, maxRetries: opts.SaveRetries, exitWait: opts.ExitSaveWait}
	return d
}

// toolDay is the calendar day (an inventory.Date) on the app's clock.
func (c *Common) toolDay() inventory.Date { return inventory.DateOf(c.now()) }

// waitingView is what a screen shows until the inventory it needs is read:
// that reading failed (the status line has the whole error), or that it is
// still loading.
func (d *invDoc) waitingView(st *Styles, w int) string {
	if d.listErr != nil || d.fullErr != nil {
		return st.Error.Render(truncate("The tool inventory could not be read; see the status line.", w))
	}
	return st.Muted.Render(truncate("Loading the tool inventory…", w))
}

// loadList starts reading the list entries, unless they are read or being
// read (or the whole inventory is).
func (d *invDoc) loadList() tea.Cmd {
	if d.listState != notLoaded || d.fullState != notLoaded || d.store == nil {
		return nil
	}
	d.listState = loading
	st := d.store
	return func() tea.Msg {
		list, err := st.InventoryList()
		return invListLoadedMsg{list: list, err: err}
	}
}

// loadFull starts reading the whole inventory (and the criteria its
// template sets), unless it is read or being read.
func (d *invDoc) loadFull() tea.Cmd {
	if d.fullState != notLoaded || d.store == nil {
		return nil
	}
	d.fullState = loading
	return readInventory(d.store, false)
}

func readInventory(st Store, reload bool) tea.Cmd {
	return func() tea.Msg {
		inv, err := st.Inventory()
		if err != nil {
			return invLoadedMsg{err: err, reload: reload}
		}
		next, ref, err := templatefile.InventoryCriteria(st)
		if err != nil {
			return invLoadedMsg{err: err, reload: reload}
		}
		var groups []string
		if t, err := templatefile.Resolve(st, templatefile.DefaultTemplateID); err == nil {
			groups = slices.Clone(t.StudentGroups)
		}
		use, _, reason := workbook.AdoptToolCriteria(inv.Inventory, inv.Criteria, next)
		inv.Criteria = use
		note := ""
		if reason != "" {
			note = workbook.KeptCriteriaNote(ref, reason)
		}
		return invLoadedMsg{inv: inv, criteriaRef: ref, criteriaNote: note, studentGroups: groups, reload: reload}
	}
}

// update handles the inventory's own messages; ok says msg was one. The
// returned Cmd includes telling the screens (invChangedMsg) when the
// inventory changed.
func (d *invDoc) update(c *Common, msg tea.Msg) (cmd tea.Cmd, ok bool) {
	changed := func() tea.Msg { return invChangedMsg{} }
	switch msg := msg.(type) {
	case invListLoadedMsg:
		if d.fullState == loaded { // the whole inventory came first: it wins
			return nil, true
		}
		if msg.err != nil {
			d.listState, d.listErr = notLoaded, msg.err
			c.SetError(msg.err)
			return changed, true
		}
		d.listState, d.listErr = loaded, nil
		d.setRows(msg.list.Tools, c.toolDay())
		return changed, true
	case invLoadedMsg:
		if msg.err != nil {
			d.fullState, d.fullErr = notLoaded, msg.err
			c.SetError(msg.err)
			return changed, true
		}
		d.fullState, d.fullErr = loaded, nil
		d.full = msg.inv
		d.criteriaRef, d.criteriaNote, d.studentGroups = msg.criteriaRef, msg.criteriaNote, msg.studentGroups
		d.rebuildRows(c.toolDay())
		return changed, true
	case invSavedMsg, retryInvSaveMsg:
		return tea.Batch(d.saves.update(msg), changed), true
	}
	return nil, false
}

// ready reports whether the whole inventory is loaded (edits need it).
func (d *invDoc) ready() bool { return d.fullState == loaded && d.full != nil }

// listed reports whether the table can be drawn (list entries or the whole).
func (d *invDoc) listed() bool { return d.listState == loaded || d.fullState == loaded }

// inv is the whole inventory (nil until loaded).
func (d *invDoc) inv() *inventory.Inventory {
	if d.full == nil {
		return nil
	}
	return d.full.Inventory
}

// criteria is what the requests and evaluations are answered against.
func (d *invDoc) criteria() *inventory.Criteria {
	if d.full == nil {
		c := workbook.ToolCriteria(nil)
		return &c
	}
	return &d.full.Criteria
}

// --- rows ------------------------------------------------------------------

// invRow is one tool in the inventory table, its cells cleaned and
// formatted once, with the keys the table sorts and filters by.
type invRow struct {
	sum inventory.ToolSummary

	cells  [invColumns]string
	search string // lower-case text the filter matches: name, vendor, owner, status, agreement

	nameKey, vendorKey string
	status, agreement  int   // ranks
	users              int64 // -1 when unknown
	cost               int64
	renewal            time.Time
}

// The table's columns, in order; invColumns is how many.
const (
	colName = iota
	colVendor
	colStatus
	colAgreement
	colUsers
	colCost
	colRenewal
	invColumns
)

// costNotRecorded is the Cost cell of a tool nobody marked paid or free.
const costNotRecorded = "not recorded"

var invColumnNames = [invColumns]string{"Name", "Vendor", "Status", "Agreement", "Active users", "Cost", "Renewal"}

func newInvRow(s inventory.ToolSummary, today inventory.Date) invRow {
	r := invRow{sum: s, users: -1}
	agreement := s.AgreementOn(today)
	r.cells[colName] = cleanLine(s.Name)
	r.cells[colVendor] = cleanLine(s.Vendor)
	r.cells[colStatus] = s.Status.Label()
	r.cells[colAgreement] = string(agreement)
	if u, year, ok := inventory.RecentUsage(s.Usage, today); ok {
		if n, known := u.ActiveUsers.Value(); known {
			r.users = n
			r.cells[colUsers] = workbook.Thousands(n) + " (" + year + ")"
		}
	}
	if s.Paid {
		r.cost = s.CostCents
		if s.CostCents > 0 {
			r.cells[colCost] = workbook.Dollars(s.CostCents)
		} else {
			r.cells[colCost] = "paid"
		}
	} else if s.Free {
		r.cells[colCost] = "free"
	} else {
		r.cells[colCost] = costNotRecorded
	}
	r.renewal = s.Renewal.Time()
	r.cells[colRenewal] = s.Renewal.String()
	r.nameKey, r.vendorKey = strings.ToLower(r.cells[colName]), strings.ToLower(r.cells[colVendor])
	r.status = slices.Index(inventory.Statuses(), s.Status)
	r.agreement = slices.Index(inventory.AgreementStatuses(), agreement)
	r.search = strings.ToLower(strings.Join([]string{r.cells[colName], r.cells[colVendor], cleanLine(s.Owner), r.cells[colStatus], string(s.Status), r.cells[colAgreement]}, " "))
	return r
}

// setRows makes the rows from list entries.
func (d *invDoc) setRows(sums []inventory.ToolSummary, today inventory.Date) {
	d.rows = make([]invRow, len(sums))
	d.byID = make(map[string]int, len(sums))
	for i, s := range sums {
		d.rows[i] = newInvRow(s, today)
		d.byID[s.ID] = i
	}
	d.today = today
	d.recount(today)
	d.gen++
}

// rebuildRows makes the rows from the whole inventory.
func (d *invDoc) rebuildRows(today inventory.Date) {
	tools := d.full.Tools
	sums := make([]inventory.ToolSummary, len(tools))
	for i := range tools {
		sums[i] = tools[i].Summary()
	}
	d.setRows(sums, today)
}

// refreshRow updates the row of one tool after an edit (adding it when
// new).
func (d *invDoc) refreshRow(t *inventory.Tool) {
	r := newInvRow(t.Summary(), d.today)
	if i, ok := d.byID[t.ID]; ok {
		d.rows[i] = r
	} else {
		d.byID[t.ID] = len(d.rows)
		d.rows = append(d.rows, r)
	}
	d.recount(d.today)
	d.gen++
}

// recount computes the status counts and the 90-day alerts from the rows.
func (d *invDoc) recount(today inventory.Date) {
	d.counts = make(map[inventory.Status]int, len(inventory.Statuses()))
	probe := &inventory.Inventory{Tools: make([]inventory.Tool, 0, len(d.rows))}
	for i := range d.rows {
		s := &d.rows[i].sum
		d.counts[s.Status]++
		if s.Status.InUse() && (!s.Renewal.IsZero() || s.Agreement == inventory.AgreementSigned && !s.Expires.IsZero()) {
			probe.Tools = append(probe.Tools, inventory.Tool{ID: s.ID, Name: s.Name, Status: s.Status,
				Money:   inventory.Money{Paid: s.Paid, Free: s.Free, Renewal: s.Renewal},
				Privacy: inventory.Privacy{Agreement: s.Agreement, Expires: s.Expires}})
		}
	}
	d.alerts = d.alerts[:0]
	for _, a := range probe.Alerts(today, inventory.DefaultAlertDays) {
		if a.Kind == inventory.AlertRenewal || a.Kind == inventory.AlertAgreement {
			d.alerts = append(d.alerts, a)
		}
	}
}

// alertLine says what falls due in the next 90 days, in one line ("" when
// nothing does or the list is not loaded).
func (d *invDoc) alertLine() string {
	if !d.listed() || len(d.alerts) == 0 {
		return ""
	}
	var renewals, expiries, overdue int
	for _, a := range d.alerts {
		switch {
		case a.DaysLeft < 0:
			overdue++
		case a.Kind == inventory.AlertRenewal:
			renewals++
		default:
			expiries++
		}
	}
	var parts []string
	if renewals > 0 {
		parts = append(parts, workbook.CountOf(renewals, "renewal"))
	}
	if expiries > 0 {
		parts = append(parts, fmt.Sprintf("%d privacy agreement%s ending", expiries, pluralS(expiries)))
	}
	line := ""
	if len(parts) > 0 {
		line = fmt.Sprintf("due within %d days: ", inventory.DefaultAlertDays) + strings.Join(parts, ", ")
	}
	if overdue > 0 {
		if line != "" {
			line += "; "
		}
		line += fmt.Sprintf("%d agreement%s already expired on a tool in use", overdue, pluralS(overdue))
	}
	first := d.alerts[0]
	return fmt.Sprintf("Tools: %s (next: %s, %s %s).", line, cleanLine(first.ToolName), first.Kind.Label(), first.Due)
}

// --- edits -----------------------------------------------------------------

// errNotLoaded refuses an edit before the inventory is read.
var errNotLoaded = errors.New("the inventory is still loading; try again in a moment")

// editTool changes one tool through change on a copy, checks the copy
// (Tool.Validate, and that its overlapping tools exist) and keeps it only
// when it passes. It returns the save's Cmd, or the first problem.
func (d *invDoc) editTool(id string, change func(inv *inventory.Inventory, t *inventory.Tool) error) (tea.Cmd, error) {
	inv := d.inv()
	if inv == nil {
		return nil, errNotLoaded
	}
	i, err := changeToolIn(inv, id, change)
	if err != nil {
		return nil, err
	}
	d.refreshRow(&inv.Tools[i])
	return d.saves.queue(), nil
}

// changeToolIn changes tool id of inv through change on a copy, checks the
// copy (Tool.Validate, and that its overlapping tools exist) and puts it in
// place of the tool only when it passes (copy on change). It returns the
// tool's index.
func changeToolIn(inv *inventory.Inventory, id string, change func(inv *inventory.Inventory, t *inventory.Tool) error) (int, error) {
	i := slices.IndexFunc(inv.Tools, func(t inventory.Tool) bool { return t.ID == id })
	if i < 0 {
		return 0, fmt.Errorf("tool %s is no longer in the inventory", id)
	}
	t := inv.Tools[i].Clone()
	if err := change(inv, &t); err != nil {
		return 0, err
	}
	if errs := t.Validate(); len(errs) > 0 {
		return 0, errs[0]
	}
	for _, o := range t.Fit.Overlaps {
		if inv.Tool(o) == nil {
			return 0, fmt.Errorf("tool %q: overlapping tool %q is not in the inventory", cleanLine(t.Name), o)
		}
	}
	inv.Tools[i] = t
	return i, nil
}

// changeRequestIn changes request id of inv through change on a copy and
// puts it in place only when it still checks against the criteria.
func changeRequestIn(inv *inventory.Inventory, crit *inventory.Criteria, id string, change func(r *inventory.Request) error) error {
	i := slices.IndexFunc(inv.Requests, func(r inventory.Request) bool { return r.ID == id })
	if i < 0 {
		return fmt.Errorf("request %s is no longer in the inventory", id)
	}
	r := inv.Requests[i].Clone()
	if err := change(&r); err != nil {
		return err
	}
	if errs := r.Validate(crit); len(errs) > 0 {
		return errs[0]
	}
	inv.Requests[i] = r
	return nil
}

// addTool adds a tool (inventory.AddTool checks it) and returns its id.
func (d *invDoc) addTool(t inventory.Tool) (string, tea.Cmd, error) {
	inv := d.inv()
	if inv == nil {
		return "", nil, errNotLoaded
	}
	id, err := inv.AddTool(t)
	if err != nil {
		return "", nil, err
	}
	d.refreshRow(inv.Tool(id))
	return id, d.saves.queue(), nil
}

// editRequest changes one request through change on a copy and keeps it
// when it still checks against the criteria.
func (d *invDoc) editRequest(id string, change func(r *inventory.Request) error) (tea.Cmd, error) {
	inv := d.inv()
	if inv == nil {
		return nil, errNotLoaded
	}
	if err := changeRequestIn(inv, d.criteria(), id, change); err != nil {
		return nil, err
	}
	d.gen++
	return d.saves.queue(), nil
}

// addRequest stores a new request and returns its id.
func (d *invDoc) addRequest(r inventory.Request) (string, tea.Cmd, error) {
	inv := d.inv()
	if inv == nil {
		return "", nil, errNotLoaded
	}
	id, err := inv.AddRequest(r)
	if err != nil {
		return "", nil, err
	}
	d.gen++
	return id, d.saves.queue(), nil
}

// setEvaluation stores an evaluation (inventory.SetEvaluation checks it).
func (d *invDoc) setEvaluation(e inventory.Evaluation) (tea.Cmd, error) {
	inv := d.inv()
	if inv == nil {
		return nil, errNotLoaded
	}
	if err := inv.SetEvaluation(d.criteria(), e); err != nil {
		return nil, err
	}
	d.gen++
	return d.saves.queue(), nil
}

// replace puts a whole new inventory in place (a usage import's result),
// after checking it as the store will.
func (d *invDoc) replace(next *inventory.Inventory, today inventory.Date) (tea.Cmd, error) {
	if d.full == nil {
		return nil, errNotLoaded
	}
	if errs := next.Check(d.criteria()); len(errs) > 0 {
		return nil, errs[0]
	}
	d.full.Inventory = next
	d.rebuildRows(today)
	return d.saves.queue(), nil
}

// snapshot is what a save stores: the inventory's top-level lists copied,
// their elements shared (see "copy on change" above).
func (d *invDoc) snapshot() *store.Inventory {
	inv := d.full.Inventory
	return &store.Inventory{
		Inventory: &inventory.Inventory{
			Tools: slices.Clone(inv.Tools), Snapshots: slices.Clone(inv.Snapshots), Imports: slices.Clone(inv.Imports),
			Requests: slices.Clone(inv.Requests), Evaluations: slices.Clone(inv.Evaluations),
		},
		Criteria: workbook.CloneCriteria(d.full.Criteria),
		Revision: d.full.Revision,
	}
}

// --- saving ----------------------------------------------------------------

// invSaver saves the inventory's edits with the guarantees autosave gives
// sessions: never on the keypress path, one save in flight (edits made
// meanwhile go with the next), a conflict drops ours and reloads theirs, a
// file in use is retried on a timer and the edits kept, and finish saves
// what is pending when the program ends.
type invSaver struct {
	doc    *invDoc
	status *statusLine

	retryDelay time.Duration
	maxRetries int
	exitWait   time.Duration

	dirty   bool
	flight  *invFlight
	retries int
}

type invFlight = flightResult[invSavedMsg]

type (
	invSavedMsg struct {
		saved *store.Inventory
		err   error
	}
	retryInvSaveMsg struct{}
)

func (s *invSaver) saving() bool  { return s.flight != nil }
func (s *invSaver) pending() bool { return s.flight != nil || s.dirty }

// queue marks the inventory changed and starts a save when none is in
// flight.
func (s *invSaver) queue() tea.Cmd {
	s.dirty = true
	return s.next()
}

func (s *invSaver) next() tea.Cmd {
	d := s.doc
	if s.flight != nil || !s.dirty || d.store == nil || d.full == nil {
		return nil
	}
	s.dirty = false
	f := &invFlight{done: make(chan struct{})}
	s.flight = f
	snap := d.snapshot()
	st := d.store
	return func() tea.Msg {
		saved, err := st.SaveInventory(snap)
		msg := invSavedMsg{saved: saved, err: err}
		f.report(msg)
		return msg
	}
}

func (s *invSaver) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case retryInvSaveMsg:
		return s.next()
	case invSavedMsg:
		return s.saved(msg)
	}
	return nil
}

func (s *invSaver) saved(msg invSavedMsg) tea.Cmd {
	s.flight = nil
	d := s.doc
	switch {
	case msg.err == nil:
		d.full.Revision, d.full.Updated = msg.saved.Revision, msg.saved.Updated
		text := "saved " + msg.saved.Updated.Local().Format("15:04:05")
		if d.note != "" && s.status.kind == statusInfo && strings.HasSuffix(s.status.text, d.note) {
			text += " · " + d.note // the time first: a long note is cut at the end

		}
		if !s.dirty { // the edit's last save: the note is told
			d.note = ""
		}
		s.status.set(statusInfo, text)
	case errors.Is(msg.err, workbook.ErrConflict):
		// Never overwrite someone else's work: drop ours, reload theirs.
		s.dirty = false
		s.status.setError(errors.New("someone else changed the tool inventory; it was reloaded and your last change was not saved"))
		d.fullState = loading
		return readInventory(d.store, true)
	case errors.Is(msg.err, store.ErrInUse):
		s.dirty = true
		if s.retries < s.maxRetries {
			s.retries++
			s.status.set(statusWarning, "waiting for the other edtech-workbook… (your changes are kept)")
			return tea.Tick(s.retryDelay, func(time.Time) tea.Msg { return retryInvSaveMsg{} })
		}
		s.status.setError(errors.New("the workbook file is still in use by another edtech-workbook; your inventory changes are kept and saved with your next change (or close the other one)"))
		return nil
	default:
		s.dirty = true // kept: the next edit tries again
		s.status.setError(msg.err)
		return nil
	}
	s.retries = 0
	return s.next()
}

// finish saves, synchronously, what is still pending once the program has
// ended (see autosave.finish).
func (s *invSaver) finish() error {
	d := s.doc
	if f := s.flight; f != nil {
		res := f.wait(s.exitWait)
		switch {
		case res == nil || (res.err != nil && !errors.Is(res.err, workbook.ErrConflict)):
			s.dirty = true
		case res.err == nil:
			d.full.Revision, d.full.Updated = res.saved.Revision, res.saved.Updated
		}
		s.flight = nil
	}
	if !s.dirty || d.full == nil || d.store == nil {
		return nil
	}
	s.dirty = false
	_, err := d.store.SaveInventory(d.snapshot())
	return err
}
