package tui

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
	"edtech-workbook/workbook/store"
	"edtech-workbook/workbook/templatefile"
)

// The tool inventory in the plain prompts: the same forms as the app
// (invforms.go, workbook.ToolFields), asked line by line, each change saved
// at once. The menu's entry is the last one ("The tool inventory"), so the
// numbers scripts rely on stay as they were. Its own menu:
//
//   - 1 lists the tools (a word filters them; blank lists all), 2 opens a
//     tool by its name or id (its page is read, then a section can be
//     edited, a usage figure added, changed or deleted, or the tool
//     evaluated), 3 adds a tool, 4 the selection requests, 5 evaluates a
//     tool, 6 the core tools, 7 imports usage from a CSV file, 8 goes back.
//   - Every answer follows the workbook's rules: blank keeps, a choice is a
//     number, several are numbers separated by spaces, yes/no is y or n.

// accChanger is the accessible mode's invChanger: the inventory as read
// from the store, each change checked, then saved at once.
type accChanger struct {
	a   *accessibleRun
	inv *store.Inventory
}

// errInvReloaded stops a change that was not saved because someone else
// saved the inventory meanwhile (the person was told).
var errInvReloaded = errors.New("the inventory was reloaded")

func (ch *accChanger) inventory() *inventory.Inventory { return ch.inv.Inventory }
func (ch *accChanger) criteriaOf() *inventory.Criteria { return &ch.inv.Criteria }
func (ch *accChanger) day() inventory.Date             { return ch.a.toolDay() }
func (ch *accChanger) tell(text string)                { ch.a.say(sentence(text)) }

// save stores the inventory; a conflict reloads it and says so.
func (ch *accChanger) save() error {
	saved, err := ch.a.store.SaveInventory(ch.inv)
	if errors.Is(err, workbook.ErrConflict) {
		if rerr := ch.reload(); rerr != nil {
			return rerr
		}
		ch.a.say("Someone else changed the tool inventory meanwhile: it was reloaded with their changes, and this change was not saved. Make it again to save it.")
		return errInvReloaded
	}
	if err != nil {
		return err
	}
	ch.inv.Revision, ch.inv.Updated = saved.Revision, saved.Updated
	return nil
}

// reload reads the inventory (and the criteria its template sets) again.
func (ch *accChanger) reload() error {
	inv, err := ch.a.store.Inventory()
	if err != nil {
		return err
	}
	next, ref, err := templatefile.InventoryCriteria(ch.a.store)
	if err != nil {
		return err
	}
	use, _, reason := workbook.AdoptToolCriteria(inv.Inventory, inv.Criteria, next)
	inv.Criteria = use
	if reason != "" {
		ch.a.say("Note: " + sentence(workbook.KeptCriteriaNote(ref, reason)))
	}
	ch.inv = inv
	return nil
}

// keep applies a change to a copy of the inventory, saves it, and keeps the
// copy only when it was saved.
func (ch *accChanger) keep(change func(inv *inventory.Inventory) error) error {
	before := ch.inv.Inventory
	next := before.Clone()
	if err := change(next); err != nil {
		return err
	}
	ch.inv.Inventory = next
	if err := ch.save(); err != nil {
		if !errors.Is(err, errInvReloaded) {
			ch.inv.Inventory = before
		}
		return err
	}
	return nil
}

func (ch *accChanger) changeTool(id string, change func(*inventory.Inventory, *inventory.Tool) error) error {
	return ch.keep(func(inv *inventory.Inventory) error { _, err := changeToolIn(inv, id, change); return err })
}

func (ch *accChanger) newTool(t inventory.Tool) (id string, err error) {
	err = ch.keep(func(inv *inventory.Inventory) error { id, err = inv.AddTool(t); return err })
	return id, err
}

func (ch *accChanger) changeRequest(id string, change func(*inventory.Request) error) error {
	return ch.keep(func(inv *inventory.Inventory) error { return changeRequestIn(inv, ch.criteriaOf(), id, change) })
}

func (ch *accChanger) newRequest(r inventory.Request) (id string, err error) {
	err = ch.keep(func(inv *inventory.Inventory) error { id, err = inv.AddRequest(r); return err })
	return id, err
}

func (ch *accChanger) putEvaluation(e inventory.Evaluation) error {
	return ch.keep(func(inv *inventory.Inventory) error { return inv.SetEvaluation(ch.criteriaOf(), e) })
}

func (ch *accChanger) replaceAll(next *inventory.Inventory) error {
	if errs := next.Check(ch.criteriaOf()); len(errs) > 0 {
		return errs[0]
	}
	return ch.keep(func(inv *inventory.Inventory) error { *inv = *next; return nil })
}

// sentence ends text with a full stop, and starts it with a capital.
func sentence(text string) string {
	text = strings.TrimSpace(cleanLine(text))
	if text == "" {
		return ""
	}
	text = strings.ToUpper(text[:1]) + text[1:]
	if !strings.HasSuffix(text, ".") && !strings.HasSuffix(text, "?") {
		text += "."
	}
	return text
}

// toolDay is the calendar day (an inventory.Date) on the run's clock.
func (a *accessibleRun) toolDay() inventory.Date {
	if a.now == nil {
		return inventory.Date{}
	}
	return inventory.DateOf(a.now())
}

// --- a form, as prompts ---------------------------------------------------------

// invForm asks every field of f, page by page, then applies it; a refused
// apply says why and asks the fields again (blank keeps each answer), and
// a question is asked as yes/no.
func (a *accessibleRun) invForm(f invForm, ch *accChanger) error {
	a.say("")
	a.say(f.title + ".")
	for {
		for _, p := range f.pages {
			if p.show != nil && !p.show() {
				continue
			}
			if p.title != "" {
				a.say(p.title + ".")
			}
			for _, d := range p.fields {
				if err := a.invField(d); err != nil {
					return err
				}
			}
		}
		q, err := f.apply(ch)
		if errors.Is(err, errInvReloaded) {
			return nil
		}
		if err != nil {
			a.say("Not saved: " + sentence(err.Error()))
			again, aerr := a.yesNo("Change the answers and try again?", true)
			if aerr != nil || !again {
				return aerr
			}
			continue
		}
		if q == nil {
			return nil
		}
		yes, err := a.yesNo(q.text, false)
		if err != nil || !yes {
			if err == nil {
				a.say("Nothing changed.")
			}
			return err
		}
		if err := q.yes(ch); err != nil && !errors.Is(err, errInvReloaded) {
			a.say("Not saved: " + sentence(err.Error()))
		}
		return nil
	}
}

// invField asks one field; the answer goes into the field's string.
func (a *accessibleRun) invField(d invField) error {
	title := d.title
	if d.help != "" {
		title += " — " + d.help
	}
	switch d.kind {
	case defNote:
		a.say(d.title + ": " + cleanLine(d.note))
		return nil
	case defChoice:
		labels := make([]string, len(d.options))
		def := 0
		for i, o := range d.options {
			labels[i] = o.Key
			if o.Value == *d.value {
				def = i
			}
		}
		i, err := a.choose(title, labels, def)
		if err == nil {
			*d.value = d.options[i].Value
		}
		return err
	case defChoices:
		a.say(title)
		chosen := map[string]bool{}
		for _, v := range *d.values {
			chosen[v] = true
		}
		for i, o := range d.options {
			mark := ""
			if chosen[o.Value] {
				mark = " (chosen)"
			}
			a.say(fmt.Sprintf("%d. %s%s", i+1, o.Key, mark))
		}
		var picked map[int]bool
		v, err := a.ask("Type the numbers of every choice, separated by spaces (e.g. 1 3); 0 for none (blank keeps what is chosen):", func(s string) error {
			var perr error
			picked, perr = parseNumbers(s, len(d.options))
			return perr
		})
		if err != nil || v == "" {
			return err
		}
		next := []string{}
		for i, o := range d.options {
			if picked[i] {
				next = append(next, o.Value)
			}
		}
		*d.values = next
		return nil
	}
	cur := *d.value
	prompt := title + keepHint(cur)
	if d.required && strings.TrimSpace(cur) == "" {
		prompt = title + ":"
	}
	v, err := a.ask(prompt, func(s string) error {
		if s == "" {
			if d.required && strings.TrimSpace(cur) == "" && d.check != nil {
				return d.check(s)
			}
			return nil // blank keeps the answer
		}
		if err := withinLimit(s); err != nil || d.check == nil {
			return err
		}
		return d.check(s)
	})
	if err == nil && v != "" {
		*d.value = v
	}
	return err
}

// --- the inventory's menu -------------------------------------------------------

// inventoryMenu is the tool inventory: list, open, add, requests, evaluate,
// core tools, import, back.
func (a *accessibleRun) inventoryMenu() error {
	ch := &accChanger{a: a}
	if err := ch.reload(); err != nil {
		return err
	}
	for {
		inv := ch.inventory()
		counts := inv.StatusCounts()
		var parts []string
		for _, st := range inventory.Statuses() {
			parts = append(parts, fmt.Sprintf("%s %d", st, counts[st]))
		}
		a.say("")
		a.say(fmt.Sprintf("The tool inventory: %s (%s).", workbook.CountOf(len(inv.Tools), "tool"), strings.Join(parts, ", ")))
		for _, al := range inv.Alerts(a.toolDay(), inventory.DefaultAlertDays) {
			if al.Kind == inventory.AlertRenewal || al.Kind == inventory.AlertAgreement {
				a.say(fmt.Sprintf("Due: %s, %s on %s.", cleanLine(al.ToolName), al.Kind.Label(), al.Due))
			}
		}
		i, err := a.choose("What next?", []string{"List the tools", "Open a tool", "Add a tool", "Selection requests",
			"Evaluate a tool", "Core tools", "Import usage from a CSV file", "Back to the workbook",
			// after Back, so the numbers before it stay
			"Keep a copy of this school year's tools (a snapshot, as they stand today)"}, 7)
		if err != nil {
			return err
		}
		switch i {
		case 0:
			err = a.listTools(ch)
		case 1:
			var t *inventory.Tool
			if t, err = a.findTool(ch, "Which tool? Type its name or id (blank: none):"); err == nil && t != nil {
				err = a.toolPage(ch, t.ID)
			}
		case 2:
			var id string
			if err = a.invForm(newToolForm(ch.inventory(), &id), ch); err == nil && id != "" {
				err = a.toolPage(ch, id)
			}
		case 3:
			err = a.requests(ch)
		case 4:
			var t *inventory.Tool
			if t, err = a.findTool(ch, "Evaluate which tool? Type its name or id (blank: none):"); err == nil && t != nil {
				err = a.evaluate(ch, t.ID)
			}
		case 5:
			a.coreTools(ch)
		case 6:
			err = a.importUsage(ch)
		case 8:
			if kerr := keepYear(ch); kerr != nil {
				a.say(sentence(kerr.Error()))
			}
		default:
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// listTools reads the tools by name, those a word matches.
func (a *accessibleRun) listTools(ch *accChanger) error {
	word, err := a.ask("Filter the tools by a word of their name, vendor, owner or status (blank: all):", withinLimit)
	if err != nil {
		return err
	}
	tools := slices.Clone(ch.inventory().Tools)
	slices.SortFunc(tools, func(x, y inventory.Tool) int {
		return strings.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name))
	})
	n := 0
	for _, t := range tools {
		r := newInvRow(t.Summary(), a.toolDay())
		if word != "" && !strings.Contains(r.search, strings.ToLower(word)) {
			continue
		}
		n++
		a.say(fmt.Sprintf("%d. %s", n, toolListLine(&r)))
	}
	if n == 0 {
		a.say("No tool matches.")
	}
	return nil
}

// toolListLine is one tool of the list in words.
func toolListLine(r *invRow) string {
	parts := []string{r.cells[colStatus], "agreement " + r.cells[colAgreement]}
	if r.cells[colVendor] != "" {
		parts = append([]string{r.cells[colVendor]}, parts...)
	}
	if r.cells[colUsers] != "" {
		parts = append(parts, r.cells[colUsers]+" active users")
	}
	if cost := r.cells[colCost]; cost == costNotRecorded {
		parts = append(parts, "cost not recorded")
	} else {
		parts = append(parts, cost)
	}
	if r.cells[colRenewal] != "" {
		parts = append(parts, "renews "+r.cells[colRenewal])
	}
	return r.cells[colName] + ": " + strings.Join(parts, ", ")
}

// findTool asks for a tool by name or id, again until one is found or the
// answer is blank (nil).
func (a *accessibleRun) findTool(ch *accChanger, prompt string) (*inventory.Tool, error) {
	var found *inventory.Tool
	_, err := a.ask(prompt, func(s string) error {
		if s == "" {
			found = nil
			return nil
		}
		t, err := workbook.FindTool(ch.inventory(), s)
		found = t
		return err
	})
	return found, err
}

// toolPage reads a tool's page and offers its changes, until done.
func (a *accessibleRun) toolPage(ch *accChanger, id string) error {
	for {
		t := ch.inventory().Tool(id)
		if t == nil {
			a.say("That tool is no longer in the inventory.")
			return nil
		}
		a.say("")
		a.say(cleanLine(t.Name) + ", " + t.Status.Label() + ".")
		for _, section := range workbook.ToolSections() {
			a.say(section + ":")
			for _, f := range workbook.ToolFields() {
				if f.Section == section {
					a.say("  " + f.Title + ": " + orText(cleanLine(toolFieldText(f, t, ch.inventory())), "not recorded"))
				}
			}
		}
		a.say(fmt.Sprintf("Usage (%d):", len(t.Usage)))
		for i, u := range t.Usage {
			a.say(fmt.Sprintf("  %d. %s", i+1, usageLine(u)))
		}
		for _, e := range ch.inventory().Evaluations {
			if e.ToolID == id {
				total, most := e.Total(ch.criteriaOf())
				line := fmt.Sprintf("Evaluation %s: %d of %d", e.SchoolYear, total, most)
				if e.Decision != "" {
					line += ", " + string(e.Decision) + ": " + cleanLine(e.Reason)
				}
				a.say(sentence(line))
			}
		}
		var labels []string
		for _, s := range workbook.ToolSections() {
			labels = append(labels, "Edit: "+s)
		}
		labels = append(labels, "Add a usage figure", "Change a usage figure", "Delete a usage figure", "Evaluate it this school year", "Done with this tool")
		i, err := a.choose("What next?", labels, len(labels)-1)
		if err != nil {
			return err
		}
		sections := len(workbook.ToolSections())
		switch {
		case i < sections:
			err = a.invForm(toolSectionForm(t, ch.inventory(), workbook.ToolSections()[i]), ch)
		case i == sections:
			err = a.invForm(usageForm(t, -1, a.toolDay()), ch)
		case i == sections+1 || i == sections+2:
			if len(t.Usage) == 0 {
				a.say("The tool has no usage figure yet.")
				continue
			}
			k, ok, perr := a.pick("usage figure", len(t.Usage))
			switch {
			case perr != nil:
				err = perr
			case !ok:
			case i == sections+1:
				err = a.invForm(usageForm(t, k, a.toolDay()), ch)
			default:
				u := t.Usage[k]
				yes, yerr := a.yesNo("Delete the usage figure "+usageLine(u)+"?", false)
				if yerr != nil || !yes {
					err = yerr
					break
				}
				err = ch.changeTool(id, func(_ *inventory.Inventory, t *inventory.Tool) error {
					j := slices.IndexFunc(t.Usage, func(v inventory.Usage) bool { return v == u })
					if j < 0 {
						return errors.New("that usage figure is no longer there")
					}
					t.Usage = slices.Delete(slices.Clone(t.Usage), j, j+1)
					return nil
				})
				if err == nil {
					a.say("Deleted the usage figure.")
				}
			}
		case i == sections+3:
			err = a.evaluate(ch, id)
		default:
			return nil
		}
		if err != nil && !errors.Is(err, errInvReloaded) {
			if isPromptEnd(err) {
				return err
			}
			a.say("Not saved: " + sentence(err.Error()))
		}
	}
}

// isPromptEnd reports whether err ends the prompts (end of input, a
// failure to read or save), as opposed to a refused change.
func isPromptEnd(err error) bool {
	var se *store.Error
	return errors.Is(err, errEndOfInput) || errors.As(err, &se) || strings.HasPrefix(err.Error(), "cannot read the answers")
}

// toolFieldText is a field's value as the page reads it: a choice by its
// label, overlapping tools by name.
func toolFieldText(f workbook.ToolField, t *inventory.Tool, inv *inventory.Inventory) string {
	v := f.Get(t)
	switch {
	case f.Key == "overlaps":
		var names []string
		for _, id := range t.Fit.Overlaps {
			if o := inv.Tool(id); o != nil {
				names = append(names, o.Name)
			}
		}
		return strings.Join(names, ", ")
	case f.Kind == workbook.FieldChoice:
		if i := slices.Index(f.Options, v); i >= 0 {
			return f.Labels[i]
		}
	}
	return v
}

// --- selection requests -----------------------------------------------------------

// requests lists the requests and opens one, or starts a new one.
func (a *accessibleRun) requests(ch *accChanger) error {
	for {
		rs := ch.inventory().Requests
		a.say("")
		a.say(fmt.Sprintf("Selection requests (%d):", len(rs)))
		labels := make([]string, 0, len(rs)+2)
		for _, r := range rs {
			state := "open"
			if r.Decision != "" {
				state = string(r.Decision)
			}
			product := orText(cleanLine(r.Product), "no product yet")
			labels = append(labels, fmt.Sprintf("%s (%s; %s)", cleanLine(r.Need), product, state))
		}
		labels = append(labels, "Start a new request: the need first", "Back")
		i, err := a.choose("Which request?", labels, len(labels)-1)
		if err != nil {
			return err
		}
		switch {
		case i == len(labels)-1:
			return nil
		case i == len(labels)-2:
			id := ""
			if err := a.invForm(requestNeedForm(nil, ch.groups(), &id), ch); err != nil {
				return err
			}
			if id != "" {
				err = a.request(ch, id)
			}
		default:
			err = a.request(ch, rs[i].ID)
		}
		if err != nil {
			return err
		}
	}
}

// groups are the student groups of the inventory's template.
func (ch *accChanger) groups() []string {
	if t, err := templatefile.Resolve(ch.a.store, templatefile.DefaultTemplateID); err == nil {
		return t.StudentGroups
	}
	return nil
}

// request reads one request and offers its steps, in the order the work is
// done: the need, the product, the inventory check, each reviewer, the
// team, the decision.
func (a *accessibleRun) request(ch *accChanger, id string) error {
	for {
		r := ch.inventory().Request(id)
		if r == nil {
			a.say("That request is no longer in the inventory.")
			return nil
		}
		a.say("")
		a.say("Need: " + cleanLine(r.Need))
		if len(r.Groups) > 0 {
			a.say("Students served: " + cleanLine(strings.Join(r.Groups, ", ")))
		}
		a.say("Product: " + orText(cleanLine(r.Product), "not named yet"))
		if len(r.Overlaps) == 0 {
			a.say("Checked against the inventory: no tool seems to do the same job.")
		} else {
			a.say("Checked against the inventory: these tools may already do this job:")
			for _, o := range r.Overlaps {
				why := "shares " + strings.Join(o.Shared, ", ")
				if o.Explicit {
					why = "listed as doing the same job"
				}
				a.say(fmt.Sprintf("  %s (%s): %s", cleanLine(o.Name), o.Status.Label(), why))
			}
		}
		sum := r.Summary(ch.criteriaOf())
		a.say(fmt.Sprintf("Reviewers: %s. Team total: %d of %d.", orText(cleanLine(strings.Join(sum.Reviewers, ", ")), "none yet"), sum.Total, sum.Max))
		if r.Decision != "" {
			a.say(fmt.Sprintf("Decision: %s on %s: %s", r.Decision, r.Decided, sentence(r.Reason)))
		}
		i, err := a.choose("What next?", []string{"Edit the need", "Name the product", "Check it against the inventory again",
			"Review it as one reviewer", "The team's consensus", "Decide", "Done with this request"}, 6)
		if err != nil {
			return err
		}
		switch i {
		case 0:
			err = a.invForm(requestNeedForm(r, ch.groups(), &id), ch)
		case 1:
			err = a.invForm(requestProductForm(r), ch)
		case 2:
			err = ch.changeRequest(id, func(r *inventory.Request) error { r.CheckInventory(ch.inventory(), ch.day()); return nil })
		case 3:
			col := -1
			if err = a.invForm(reviewerForm(r, &col), ch); err == nil && col >= 0 {
				err = a.answerRequest(ch, id, col)
			}
		case 4:
			err = a.answerRequest(ch, id, len(r.Reviews))
		case 5:
			err = a.invForm(requestDecisionForm(r), ch)
		default:
			return nil
		}
		if err != nil && !errors.Is(err, errInvReloaded) {
			if isPromptEnd(err) {
				return err
			}
			a.say("Not saved: " + sentence(err.Error()))
		}
	}
}

// answerRequest asks every gate and criterion for one reviewer (col) or
// for the team (col == number of reviewers); for the team each item first
// reads the reviewers' answers and their spread. Each answer is saved as
// it is given; blank keeps it.
func (a *accessibleRun) answerRequest(ch *accChanger, id string, col int) error {
	r := ch.inventory().Request(id)
	team := col >= len(r.Reviews)
	who := "the team"
	if !team {
		who = cleanLine(r.Reviews[col].Reviewer)
	}
	a.say(fmt.Sprintf("Answers of %s: each gate passes, fails or stays open; each criterion is scored 1 (weak) to 4 (strong).", who))
	for k, it := range requestItems(ch.criteriaOf()) {
		r = ch.inventory().Request(id)
		sum := r.Summary(ch.criteriaOf())
		gs := len(ch.criteriaOf().Gates)
		if it.gate != nil {
			g := sum.Gates[k]
			cur := g.Consensus
			if !team {
				cur = g.Reviews[col]
			}
			if team {
				a.say(reviewersSaid(sum.Reviewers, gateWords(g.Reviews), g.Agree))
			}
			opts := []inventory.GateResult{inventory.GatePass, inventory.GateFail, inventory.GateUnknown}
			labels := []string{"pass", "fail", "open: not known yet"}
			def := slices.Index(opts, cur)
			if def < 0 {
				labels, opts, def = append(labels, "not answered"), append(opts, ""), 3
			}
			i, err := a.choose("Gate: "+cleanLine(it.gate.Title)+helpSuffix(it.gate.Help), labels, def)
			if err != nil {
				return err
			}
			if opts[i] != cur {
				if err := setRequestAnswer(ch, id, col, it, opts[i], 0); err != nil {
					return err
				}
			}
			continue
		}
		c := sum.Criteria[k-gs]
		cur := c.Consensus
		if !team {
			cur = c.Scores[col]
		}
		if team {
			a.say(reviewersSaid(sum.Reviewers, scoreWords(c.Scores), c.Spread == 0) + spreadWords(c))
		}
		now := ""
		if cur > 0 {
			now = strconv.Itoa(cur)
		}
		v, err := a.ask(fmt.Sprintf("Criterion: %s (weight %d)%s Score 1 to 4, 0 clears it%s", cleanLine(it.criterion.Title), it.criterion.Weight,
			helpSuffix(sentence(it.criterion.Help)), keepHint(now)), func(s string) error {
			if s == "" {
				return nil
			}
			if n, err := strconv.Atoi(s); err != nil || n < 0 || n > inventory.MaxScore {
				return fmt.Errorf("%q is not a score; type 1 to 4, 0 to clear it, or leave it blank", s)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if v == "" {
			continue
		}
		n, _ := strconv.Atoi(v)
		if n != cur {
			if err := setRequestAnswer(ch, id, col, it, "", n); err != nil {
				return err
			}
		}
	}
	a.say(fmt.Sprintf("The answers of %s are saved.", who))
	return nil
}

func helpSuffix(help string) string {
	if strings.TrimSpace(help) == "" {
		return ""
	}
	return " — " + cleanLine(help)
}

// reviewersSaid is what the reviewers answered on one item.
func reviewersSaid(names, answers []string, agree bool) string {
	if len(names) == 0 {
		return "No reviewer has answered yet."
	}
	parts := make([]string, len(names))
	for i := range names {
		parts[i] = cleanLine(names[i]) + " " + answers[i]
	}
	s := "Reviewers: " + strings.Join(parts, ", ") + "."
	if !agree {
		s += " They differ."
	}
	return s
}

func gateWords(rs []inventory.GateResult) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = orText(string(r), "not answered")
	}
	return out
}

func scoreWords(ss []int) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = "not scored"
		if s > 0 {
			out[i] = strconv.Itoa(s)
		}
	}
	return out
}

func spreadWords(c inventory.CriterionSummary) string {
	if c.Scored < 2 || c.Spread == 0 {
		return ""
	}
	return fmt.Sprintf(" Spread %d to %d.", c.Low, c.High)
}

// --- an evaluation -----------------------------------------------------------------

// evaluate asks a tool's evaluation for a school year: each criterion's
// score and evidence level, what groups said, the decision.
func (a *accessibleRun) evaluate(ch *accChanger, id string) error {
	year := inventory.SchoolYearOf(a.toolDay())
	v, err := a.ask("Which school year?"+keepHint(year), func(s string) error {
		if s == "" {
			return nil
		}
		_, err := inventory.SchoolYearPeriod(s)
		return err
	})
	if err != nil {
		return err
	}
	if v != "" {
		year = v
	}
	inv := ch.inventory()
	draft := inventory.Evaluation{ToolID: id, SchoolYear: year, Scores: map[string]inventory.EvalScore{}}
	if e := inv.Evaluation(id, year); e != nil {
		draft = e.Clone()
		if draft.Scores == nil {
			draft.Scores = map[string]inventory.EvalScore{}
		}
	}
	name := cleanLine(inv.Tool(id).Name)
	a.say("")
	a.say(fmt.Sprintf("Evaluation of %s for %s. Cost per active user: %s.", name, year, inv.CostPerActiveUser(id, year)))
	for _, c := range ch.criteriaOf().Evaluation {
		if err := a.invForm(evalScoreForm(name, &draft, c), ch); err != nil {
			return err
		}
	}
	for {
		more, err := a.yesNo(fmt.Sprintf("Add what a group of stakeholders said? (%d recorded)", len(draft.Stakeholders)), false)
		if err != nil {
			return err
		}
		if !more {
			break
		}
		if err := a.invForm(stakeholderForm(name, &draft, -1), ch); err != nil {
			return err
		}
	}
	return a.invForm(evalDecisionForm(name, &draft), ch)
}

// --- core tools and the usage import -----------------------------------------------

// coreTools reads the core tools with their use over time.
func (a *accessibleRun) coreTools(ch *accChanger) {
	cts := ch.inventory().CoreTools()
	a.say("")
	a.say(fmt.Sprintf("Core tools (%d):", len(cts)))
	for _, t := range cts {
		a.say(cleanLine(t.Name) + ": " + orText(cleanLine(t.Purpose), "no purpose written") + ".")
		if len(t.UseCases) > 0 {
			a.say("  Use cases: " + cleanLine(strings.Join(t.UseCases, "; ")) + ".")
		}
		if len(t.Support) > 0 {
			a.say("  Support: " + cleanLine(strings.Join(t.Support, "; ")) + ".")
		}
		for _, u := range t.Use {
			users := "active users not counted"
			if n, ok := u.ActiveUsers.Value(); ok {
				users = workbook.Thousands(n) + " active users"
			}
			a.say(fmt.Sprintf("  %s, %s: %s.", u.SchoolYear, u.Source.Label(), users))
		}
	}
}

// importUsage asks for a CSV file, shows the proposal, lets rows change,
// and imports it once confirmed.
func (a *accessibleRun) importUsage(ch *accChanger) error {
	in := &usageInput{}
	if err := a.invForm(invForm{title: "Import usage from a CSV report", pages: usageAskPages(in),
		apply: func(invChanger) (*invQuestion, error) { return nil, nil }}, ch); err != nil {
		return err
	}
	var data []byte
	var mapping inventory.Mapping
	for {
		opt, err := in.options(mapping)
		var f *inventory.UsageFile
		var proposals []inventory.Proposal
		if err == nil {
			data, f, proposals, err = readUsage(in.path, data, opt, ch.inventory())
		}
		var cols *inventory.ColumnsError
		switch {
		case errors.As(err, &cols):
			a.say(sentence(err.Error()))
			if ferr := a.invForm(invForm{title: "The columns", pages: usageMappingPages(in, cols.Found),
				apply: func(invChanger) (*invQuestion, error) { return nil, nil }}, ch); ferr != nil {
				return ferr
			}
			mapping = in.chosenMapping()
			continue
		case err != nil:
			a.say("Nothing was imported: " + sentence(err.Error()))
			return nil
		}
		return a.reviewProposal(ch, in.path, f, proposals)
	}
}

// reviewProposal reads the proposal, changes rows on request, and imports
// it once confirmed.
func (a *accessibleRun) reviewProposal(ch *accChanger, path string, f *inventory.UsageFile, proposals []inventory.Proposal) error {
	for {
		a.say("")
		a.say(fmt.Sprintf("Proposal for %s: %s, %s, %s read.", cleanLine(path), sourceLabel(f), f.Period, workbook.CountOf(f.Rows, "row")))
		for _, sk := range f.Skipped {
			a.say("Skipped: " + cleanLine(sk) + ".")
		}
		for i, p := range proposals {
			a.say(fmt.Sprintf("%d. %s", i+1, proposalLine(f, p)))
		}
		if line := inventory.Replaced(ch.inventory(), f, proposals).Sentence(); line != "" {
			a.say(cleanLine(line))
		}
		k, ok, err := a.pick("row to change (update, add as new, leave out)", len(proposals))
		if err != nil {
			return err
		}
		if ok {
			cycleAction(&proposals[k])
			a.say(fmt.Sprintf("%d. %s", k+1, proposalLine(f, proposals[k])))
			continue
		}
		yes, err := a.yesNo("Import these figures?", false)
		if err != nil {
			return err
		}
		if !yes {
			a.say("Nothing was imported.")
			return nil
		}
		if _, err := importUsage(ch, path, f, proposals); err != nil && !errors.Is(err, errInvReloaded) {
			a.say(sentence(err.Error()))
		}
		return nil
	}
}
