package tui

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"charm.land/huh/v2"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
)

// The tool inventory's forms, declared once (as fields.go declares the
// session's): a tool's section, a usage figure, a new tool, a selection
// request's need, product, reviewer and decision, an evaluation's score,
// stakeholder input and decision, and the usage import's questions. Each is
// an invForm: pages of invFields bound to plain strings, and an apply that
// changes the inventory through an invChanger. Two views are made from
// them: the full-window app's huh forms (invForm.huhForm, shown in a
// smallForm) and the accessible mode's plain prompts (accessibleRun.invForm).
// The tool's fields themselves are workbook.ToolFields, which the command
// line's `inventory set` reads too.

// invField is one answer of an inventory form.
type invField struct {
	kind    defKind // defLine, defChoice, defChoices or defNote
	title   string
	help    string
	note    string // defNote
	inline  bool   // defChoice: the options on one line in the app
	options []huh.Option[string]
	value   *string   // defLine, defChoice
	values  *[]string // defChoices
	// check refuses a typed answer (blank included when required).
	check    func(string) error
	required bool
}

// invPage is one page: a huh group in the app, a heading in the prompts.
// show (nil: always) says whether the page is asked, from the answers so
// far (the transition plan only when retiring).
type invPage struct {
	title  string
	fields []invField
	show   func() bool
}

// invForm is one form: its pages and what submitting it does. apply checks
// the answers together and changes the inventory, or returns why not; when
// the change needs a yes first (approving a tool, retiring one) it returns
// the question instead of changing anything.
type invForm struct {
	title string
	pages []invPage
	apply func(ch invChanger) (*invQuestion, error)
}

// invQuestion is a yes/no question before a change: yes makes it.
type invQuestion struct {
	text string
	yes  func(ch invChanger) error
}

// invChanger is how a form changes the inventory: the app's invDoc (saved
// in a Cmd) or the accessible mode's store (saved at once). Each change is
// checked before it is kept.
type invChanger interface {
	inventory() *inventory.Inventory
	criteriaOf() *inventory.Criteria
	day() inventory.Date
	changeTool(id string, change func(inv *inventory.Inventory, t *inventory.Tool) error) error
	newTool(t inventory.Tool) (string, error)
	changeRequest(id string, change func(r *inventory.Request) error) error
	newRequest(r inventory.Request) (string, error)
	putEvaluation(e inventory.Evaluation) error
	replaceAll(next *inventory.Inventory) error
	// tell says what a change did (the app's status line, a line of the
	// prompts).
	tell(text string)
}

// required refuses a blank answer with msg (the field's check follows).
func requiredText(msg string, check func(string) error) func(string) error {
	return func(v string) error {
		if strings.TrimSpace(v) == "" {
			return errors.New(msg)
		}
		if check != nil {
			return check(strings.TrimSpace(v))
		}
		return nil
	}
}

// optionalText lets a blank answer through and checks the rest.
func optionalText(check func(string) error) func(string) error {
	return func(v string) error {
		if strings.TrimSpace(v) == "" || check == nil {
			return nil
		}
		return check(strings.TrimSpace(v))
	}
}

// --- a tool -------------------------------------------------------------------

// toolSectionForm edits one section of a tool's page: a field per
// workbook.ToolField, each checked as typed, the whole tool checked when
// saved. Only the fields whose text changed are set.
func toolSectionForm(t *inventory.Tool, inv *inventory.Inventory, section string) invForm {
	var fields []workbook.ToolField
	for _, f := range workbook.ToolFields() {
		if f.Section == section {
			fields = append(fields, f)
		}
	}
	values := make([]string, len(fields))
	orig := make([]string, len(fields))
	var page invPage
	for i, f := range fields {
		values[i] = f.Get(t)
		orig[i] = values[i]
		page.fields = append(page.fields, toolFieldDef(f, &values[i], inv, t))
	}
	id, name := t.ID, t.Name
	return invForm{title: cleanLine(name) + " › " + section, pages: []invPage{page},
		apply: func(ch invChanger) (*invQuestion, error) {
			changed := false
			err := ch.changeTool(id, func(inv *inventory.Inventory, t *inventory.Tool) error {
				for i, f := range fields {
					v := strings.TrimSpace(values[i])
					if v == strings.TrimSpace(orig[i]) {
						continue
					}
					changed = true
					if err := f.Set(inv, t, v); err != nil {
						return fmt.Errorf("%s: %w", f.Title, err)
					}
				}
				if !changed {
					return errNoChange
				}
				return nil
			})
			switch {
			case errors.Is(err, errNoChange):
				return nil, nil
			case err != nil:
				return nil, err
			}
			for i := range orig { // a second submit of the same form changes nothing more
				orig[i] = values[i]
			}
			ch.tell(strings.ToLower(section[:1]) + section[1:] + " saved")
			return nil, nil
		}}
}

// errNoChange is an edit that changes nothing: nothing to check or save.
var errNoChange = errors.New("nothing changed")

// toolFieldDef is the form field of one workbook.ToolField.
func toolFieldDef(f workbook.ToolField, v *string, inv *inventory.Inventory, t *inventory.Tool) invField {
	switch f.Kind {
	case workbook.FieldChoice, workbook.FieldYesNo:
		var opts []huh.Option[string]
		if f.Clearable {
			opts = append(opts, huh.NewOption("not recorded", ""))
		}
		for i, id := range f.Options {
			opts = append(opts, huh.NewOption(f.Labels[i], id))
		}
		return invField{kind: defChoice, title: f.Title, help: f.Help, inline: true, options: withCurrent(opts, *v), value: v}
	}
	scratch := t.Clone()
	return invField{kind: defLine, title: f.Title, help: f.Help, value: v, check: func(s string) error {
		c := scratch.Clone()
		return f.Set(inv, &c, strings.TrimSpace(s))
	}}
}

// newToolForm adds a tool by name (a name the inventory has is refused, as
// `inventory add` refuses it); added gets its id.
func newToolForm(inv *inventory.Inventory, added *string) invForm {
	var name, vendor string
	status := string(inventory.Piloting)
	var statuses []huh.Option[string]
	for _, st := range inventory.Statuses() {
		statuses = append(statuses, huh.NewOption(st.Label(), string(st)))
	}
	return invForm{title: "New tool", pages: []invPage{{fields: []invField{
		{kind: defLine, title: "Name", help: "the name people know it by", value: &name, required: true,
			check: func(v string) error { return newToolNameProblem(inv, v) }},
		{kind: defLine, title: "Vendor", help: "the company that makes it (may be left empty)", value: &vendor},
		{kind: defChoice, title: "Status", options: statuses, value: &status},
	}}}, apply: func(ch invChanger) (*invQuestion, error) {
		id, err := ch.newTool(inventory.Tool{Name: strings.TrimSpace(name), Vendor: strings.TrimSpace(vendor), Status: inventory.Status(status)})
		if err != nil {
			return nil, err
		}
		*added = id
		ch.tell(fmt.Sprintf("added %s; fill in its page", cleanLine(strings.TrimSpace(name))))
		return nil, nil
	}}
}

// usageForm edits usage figure i of a tool (-1: a new one).
func usageForm(t *inventory.Tool, i int, today inventory.Date) invForm {
	u := inventory.Usage{Source: inventory.FromSurvey, Trust: inventory.TrustLow}
	if i >= 0 {
		u = t.Usage[i]
	}
	old := u
	source, report, trust := string(u.Source), u.Report, string(u.Trust)
	from, to := u.Period.From.String(), u.Period.To.String()
	count := func(c inventory.Count) string {
		if n, ok := c.Value(); ok {
			return workbook.Thousands(n)
		}
		return ""
	}
	users, sessions, minutes := count(u.ActiveUsers), count(u.Sessions), count(u.Minutes)
	var sources, trusts []huh.Option[string]
	for _, src := range inventory.UsageSources() {
		sources = append(sources, huh.NewOption(src.Label(), string(src)))
	}
	for _, tr := range inventory.Trusts() {
		trusts = append(trusts, huh.NewOption(tr.Label(), string(tr)))
	}
	date := func(s string) error { _, err := inventory.ParseDate(s); return err }
	num := func(title string, v *string) invField {
		return invField{kind: defLine, title: title, help: "a whole number; leave it empty when the report does not say", value: v,
			check: optionalText(func(s string) error { _, err := workbook.ParseCount(s, strings.ToLower(title)); return err })}
	}
	title := "New usage figure"
	if i >= 0 {
		title = "Usage figure"
	}
	id := t.ID
	return invForm{title: cleanLine(t.Name) + " › " + title, pages: []invPage{{fields: []invField{
		{kind: defChoice, title: "Source", inline: true, options: withCurrent(sources, source), value: &source},
		{kind: defLine, title: "Report", help: "which report of that source, e.g. ClassLink (may be empty)", value: &report},
		{kind: defLine, title: "First day", help: "the first day the figure covers, written 2026-09-01", value: &from, required: true,
			check: requiredText("give the first day the figure covers", date)},
		{kind: defLine, title: "Last day", help: "the last day it covers, written 2026-09-01", value: &to, required: true,
			check: requiredText("give the last day the figure covers", func(s string) error {
				last, err := inventory.ParseDate(s)
				if err != nil {
					return err
				}
				if first, ferr := inventory.ParseDate(strings.TrimSpace(from)); ferr == nil && last.Before(first) {
					return fmt.Errorf("the last day (%s) is before the first (%s); swap them", last, first)
				}
				return nil
			})},
		num("Active users", &users),
		num("Sessions", &sessions),
		num("Minutes", &minutes),
		{kind: defChoice, title: "Trust", help: "how far the team trusts the figure", inline: true, options: withCurrent(trusts, trust), value: &trust},
	}}}, apply: func(ch invChanger) (*invQuestion, error) {
		nu := inventory.Usage{Source: inventory.UsageSource(source), Report: strings.TrimSpace(report), Trust: inventory.Trust(trust), Recorded: old.Recorded}
		var err error
		if nu.Period.From, err = inventory.ParseDate(strings.TrimSpace(from)); err != nil {
			return nil, fmt.Errorf("first day: %w", err)
		}
		if nu.Period.To, err = inventory.ParseDate(strings.TrimSpace(to)); err != nil {
			return nil, fmt.Errorf("last day: %w", err)
		}
		for _, c := range []struct {
			text string
			into *inventory.Count
			what string
		}{{users, &nu.ActiveUsers, "active users"}, {sessions, &nu.Sessions, "sessions"}, {minutes, &nu.Minutes, "minutes"}} {
			if strings.TrimSpace(c.text) == "" {
				continue
			}
			n, err := workbook.ParseCount(strings.TrimSpace(c.text), c.what)
			if err != nil {
				return nil, err
			}
			*c.into = inventory.Known(n)
		}
		if i >= 0 && nu == old {
			return nil, nil
		}
		if i < 0 {
			nu.Recorded = today
		}
		err = ch.changeTool(id, func(_ *inventory.Inventory, t *inventory.Tool) error {
			usage := slices.Clone(t.Usage)
			if i < 0 {
				usage = append(usage, nu)
			} else {
				j := slices.IndexFunc(usage, func(v inventory.Usage) bool { return v == old })
				if j < 0 {
					return fmt.Errorf("that usage figure is no longer there")
				}
				usage[j] = nu
			}
			t.Usage = usage
			return nil
		})
		if err != nil {
			return nil, err
		}
		old, i = nu, max(i, 0) // submitted again (esc after enter): the same figure
		ch.tell("usage figure saved")
		return nil, nil
	}}
}

// --- a selection request --------------------------------------------------------

// requestNeedForm states a request's need: the problem, the students it
// serves, the purpose and use cases, who asks. A new request (*id == "")
// is stored when submitted, with its id in *id; either way it is checked
// against the inventory at once.
func requestNeedForm(r *inventory.Request, groups []string, id *string) invForm {
	var need, purpose, useCases, by string
	var served []string
	if r != nil {
		need, purpose, useCases, by = r.Need, r.Purpose, strings.Join(r.UseCases, ", "), r.RequestedBy
		served = slices.Clone(r.Groups)
	}
	fields := []invField{{kind: defLine, title: "Need", help: "the problem to solve, in the requester's words, before any product",
		value: &need, required: true, check: requiredText("state the need first: what problem should a tool solve, and for whom", nil)}}
	if len(groups) > 0 {
		var o []huh.Option[string]
		for _, g := range groups {
			o = append(o, huh.NewOption(cleanLine(g), g))
		}
		for _, g := range served {
			o = withCurrent(o, g)
		}
		fields = append(fields, invField{kind: defChoices, title: "Students served",
			help: "the student groups the need is about", options: o, values: &served})
	}
	fields = append(fields,
		invField{kind: defLine, title: "Purpose", help: "the job the tool would do, in a sentence", value: &purpose},
		invField{kind: defLine, title: "Use cases", help: "how it would be used (separate them with commas)", value: &useCases},
		invField{kind: defLine, title: "Requested by", help: "who asks (a role is enough)", value: &by},
	)
	title := "New selection request: the need"
	if *id != "" {
		title = "Selection request: the need"
	}
	return invForm{title: title, pages: []invPage{{fields: fields}}, apply: func(ch invChanger) (*invQuestion, error) {
		inv, today := ch.inventory(), ch.day()
		if *id == "" {
			nr := inventory.Request{Need: strings.TrimSpace(need), Groups: served, Purpose: strings.TrimSpace(purpose),
				UseCases: workbook.SplitList(useCases), RequestedBy: strings.TrimSpace(by), Requested: today}
			nr.CheckInventory(inv, today)
			newID, err := ch.newRequest(nr)
			if err != nil {
				return nil, err
			}
			*id = newID
			ch.tell(fmt.Sprintf("request stored and checked against the inventory: %s", overlapCount(len(nr.Overlaps))))
			return nil, nil
		}
		err := ch.changeRequest(*id, func(r *inventory.Request) error {
			r.Need, r.Groups, r.Purpose = strings.TrimSpace(need), served, strings.TrimSpace(purpose)
			r.UseCases, r.RequestedBy = workbook.SplitList(useCases), strings.TrimSpace(by)
			r.CheckInventory(inv, today)
			return nil
		})
		if err == nil {
			ch.tell("need saved and checked against the inventory again")
		}
		return nil, err
	}}
}

func overlapCount(n int) string {
	switch n {
	case 0:
		return "no tool in it seems to do the same job"
	case 1:
		return "1 tool may already do this job"
	}
	return fmt.Sprintf("%d tools may already do this job", n)
}

// requestProductForm names the product (after the need): a tool of the
// inventory is recognised by its name.
func requestProductForm(r *inventory.Request) invForm {
	product, vendor, id := r.Product, r.Vendor, r.ID
	return invForm{title: "Selection request: the product", pages: []invPage{{fields: []invField{
		{kind: defLine, title: "Product", help: "the tool proposed; a tool already in the inventory is recognised by its name", value: &product,
			required: true, check: requiredText("name the product", nil)},
		{kind: defLine, title: "Vendor", help: "the company that makes it", value: &vendor},
	}}}, apply: func(ch invChanger) (*invQuestion, error) {
		inv := ch.inventory()
		note := ""
		err := ch.changeRequest(id, func(r *inventory.Request) error {
			if err := r.NameProduct(product, vendor); err != nil {
				return err
			}
			r.ToolID = ""
			for i := range inv.Tools {
				if k := inventory.MatchName(inv.Tools[i].Name, r.Product); k == inventory.MatchExact || k == inventory.MatchSame {
					r.ToolID = inv.Tools[i].ID
					note = fmt.Sprintf(" (in the inventory as %s, %s)", cleanLine(inv.Tools[i].Name), inv.Tools[i].Status.Label())
				}
			}
			r.CheckInventory(inv, ch.day())
			return nil
		})
		if err == nil {
			ch.tell("product named" + note + "; checked against the inventory again")
		}
		return nil, err
	}}
}

// reviewerForm adds a reviewer by name (an existing name is that
// reviewer); *col gets the reviewer's column.
func reviewerForm(r *inventory.Request, col *int) invForm {
	var name string
	id := r.ID
	return invForm{title: "Add a reviewer", pages: []invPage{{fields: []invField{
		{kind: defLine, title: "Reviewer", help: "who reviews it on their own before the team agrees (name and role)", value: &name,
			required: true, check: requiredText("type the reviewer's name", nil)},
	}}}, apply: func(ch invChanger) (*invQuestion, error) {
		name = strings.TrimSpace(name)
		if cur := ch.inventory().Request(id); cur != nil {
			for i, v := range cur.Reviews {
				if strings.EqualFold(v.Reviewer, name) {
					*col = i
					return nil, nil
				}
			}
		}
		err := ch.changeRequest(id, func(r *inventory.Request) error {
			return r.SetReview(ch.criteriaOf(), inventory.Review{Reviewer: name})
		})
		if err != nil {
			return nil, err
		}
		*col = len(ch.inventory().Request(id).Reviews) - 1
		ch.tell("reviewer " + cleanLine(name) + " added")
		return nil, nil
	}}
}

// reqItem is one row of a request's reviews: a gate or a criterion.
type reqItem struct {
	gate      *inventory.Gate
	criterion *inventory.Criterion
}

// requestItems are the gates, then the criteria.
func requestItems(c *inventory.Criteria) []reqItem {
	var out []reqItem
	for i := range c.Gates {
		out = append(out, reqItem{gate: &c.Gates[i]})
	}
	for i := range c.Criteria {
		out = append(out, reqItem{criterion: &c.Criteria[i]})
	}
	return out
}

// setRequestAnswer sets one answer of a reviewer (col < len(reviews)) or of
// the team (col == len(reviews)): a gate's result, or a criterion's score
// (0 or "" clears it).
func setRequestAnswer(ch invChanger, id string, col int, it reqItem, gate inventory.GateResult, score int) error {
	crit := ch.criteriaOf()
	set := func(gates map[string]inventory.GateResult, scores map[string]int) (map[string]inventory.GateResult, map[string]int) {
		gates, scores = cloneGateMap(gates), cloneScoreMap(scores)
		switch {
		case it.gate != nil && gate == "":
			delete(gates, it.gate.ID)
		case it.gate != nil:
			gates[it.gate.ID] = gate
		case score == 0:
			delete(scores, it.criterion.ID)
		default:
			scores[it.criterion.ID] = score
		}
		return gates, scores
	}
	return ch.changeRequest(id, func(r *inventory.Request) error {
		if col >= len(r.Reviews) {
			g, sc := set(r.Consensus.Gates, r.Consensus.Scores)
			return r.SetConsensus(crit, inventory.Consensus{Gates: g, Scores: sc})
		}
		v := r.Reviews[col]
		v.Gates, v.Scores = set(v.Gates, v.Scores)
		return r.SetReview(crit, v)
	})
}

func cloneGateMap(m map[string]inventory.GateResult) map[string]inventory.GateResult {
	out := make(map[string]inventory.GateResult, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

func cloneScoreMap(m map[string]int) map[string]int {
	out := make(map[string]int, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// requestDecisionForm asks the decision and its reason. When the decision
// changes the tool's status in the inventory (approve, pilot, or decline of
// a requested tool) the change is asked first.
func requestDecisionForm(r *inventory.Request) invForm {
	decision, reason := string(r.Decision), r.Reason
	if decision == "" {
		decision = string(inventory.Approve)
	}
	var opts []huh.Option[string]
	for _, d := range inventory.SelectionDecisions() {
		opts = append(opts, huh.NewOption(string(d), string(d)))
	}
	id := r.ID
	return invForm{title: "Selection request: the decision", pages: []invPage{{fields: []invField{
		{kind: defChoice, title: "Decision", inline: true, options: opts, value: &decision},
		{kind: defLine, title: "Reason", help: "in a sentence people outside the team can follow", value: &reason, required: true,
			check: requiredText("give the reason for the decision, in a sentence people outside the team can follow", nil)},
	}}}, apply: func(ch invChanger) (*invQuestion, error) {
		d := inventory.SelectionDecision(decision)
		crit, today := ch.criteriaOf(), ch.day()
		cur := ch.inventory().Request(id)
		if cur == nil {
			return nil, fmt.Errorf("request %s is no longer in the inventory", id)
		}
		probe := cur.Clone()
		if err := probe.Decide(crit, d, reason, today); err != nil {
			return nil, err
		}
		toolName, status := probe.Product, inventory.Status("")
		if t := ch.inventory().Tool(probe.ToolID); t != nil {
			toolName, status = t.Name, t.Status
		}
		next, changes := statusAfterDecision(status, d)
		do := func(ch invChanger) error {
			if err := ch.changeRequest(id, func(r *inventory.Request) error { return r.Decide(crit, d, reason, today) }); err != nil {
				return err
			}
			said, err := applyDecisionStatus(ch, id, probe, next, changes)
			if err != nil {
				return err
			}
			ch.tell(fmt.Sprintf("decided: %s%s", d, said))
			return nil
		}
		if !changes {
			return nil, do(ch)
		}
		what := fmt.Sprintf("%s becomes %s in the inventory", cleanLine(toolName), next.Label())
		if status == "" {
			what = fmt.Sprintf("%s is added to the inventory as %s", cleanLine(toolName), next.Label())
		}
		return &invQuestion{
			text: fmt.Sprintf("%s %s? %s.", strings.ToUpper(decision[:1])+decision[1:], cleanLine(toolName), what),
			yes:  do,
		}, nil
	}}
}

// statusAfterDecision is the inventory status a decision gives a tool that
// has status cur ("" when it is not in the inventory yet): approve makes it
// approved (a core tool stays core), pilot makes a requested or declined
// tool piloting, decline makes a requested tool declined. changes is false
// when the status stays.
func statusAfterDecision(cur inventory.Status, d inventory.SelectionDecision) (inventory.Status, bool) {
	switch d {
	case inventory.Approve:
		if cur == inventory.Core || cur == inventory.Approved {
			return cur, false
		}
		return inventory.Approved, true
	case inventory.Pilot:
		if cur == "" || cur == inventory.Requested || cur == inventory.Declined {
			return inventory.Piloting, true
		}
	case inventory.Decline:
		if cur == inventory.Requested {
			return inventory.Declined, true
		}
	}
	return cur, false
}

// applyDecisionStatus gives the request's tool its new status (adding it
// to the inventory when it is not there yet) and says what it did.
func applyDecisionStatus(ch invChanger, id string, r inventory.Request, next inventory.Status, changes bool) (string, error) {
	if !changes {
		return "", nil
	}
	if r.ToolID != "" {
		err := ch.changeTool(r.ToolID, func(_ *inventory.Inventory, t *inventory.Tool) error {
			t.Status = next
			return nil
		})
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("; %s is now %s", cleanLine(ch.inventory().Tool(r.ToolID).Name), next.Label()), nil
	}
	toolID, err := ch.newTool(inventory.Tool{Name: r.Product, Vendor: r.Vendor, Purpose: r.Purpose, UseCases: r.UseCases, Status: next})
	if err != nil {
		return "", err
	}
	if err := ch.changeRequest(id, func(q *inventory.Request) error { q.ToolID = toolID; return nil }); err != nil {
		return "", err
	}
	return fmt.Sprintf("; %s added to the inventory as %s", cleanLine(r.Product), next.Label()), nil
}

// --- an evaluation ------------------------------------------------------------

// savableEvaluation is e without the scores still waiting for an evidence
// level or a score.
func savableEvaluation(e inventory.Evaluation) inventory.Evaluation {
	out := e.Clone()
	for id, sc := range out.Scores {
		if sc.Evidence == "" || sc.Score == 0 {
			delete(out.Scores, id)
		}
	}
	return out
}

// evalScoreForm scores one criterion of the draft: score, evidence level,
// note. The score is kept only with its evidence level.
func evalScoreForm(toolName string, draft *inventory.Evaluation, c inventory.Criterion) invForm {
	sc := draft.Scores[c.ID]
	score, evidence, note := "", string(sc.Evidence), sc.Note
	if sc.Score > 0 {
		score = fmt.Sprint(sc.Score)
	}
	scores := []huh.Option[string]{huh.NewOption("not scored", "")}
	for n := inventory.MinScore; n <= inventory.MaxScore; n++ {
		scores = append(scores, huh.NewOption(fmt.Sprint(n), fmt.Sprint(n)))
	}
	levels := []huh.Option[string]{huh.NewOption("not given", "")}
	for _, l := range inventory.EvidenceLevels() {
		levels = append(levels, huh.NewOption(l.Label(), string(l)))
	}
	return invForm{title: toolName + " › " + cleanLine(c.Title), pages: []invPage{{fields: []invField{
		{kind: defChoice, title: "Score", help: cleanLine(c.Help), inline: true, options: scores, value: &score},
		{kind: defChoice, title: "Evidence", help: "what the score rests on", inline: true, options: withCurrent(levels, evidence), value: &evidence},
		{kind: defLine, title: "Note", help: "the figure or source behind the score", value: &note},
	}}}, apply: func(ch invChanger) (*invQuestion, error) {
		if draft.Scores == nil {
			draft.Scores = map[string]inventory.EvalScore{}
		}
		if score == "" {
			delete(draft.Scores, c.ID)
		} else {
			if evidence == "" {
				return nil, errors.New("say what the score rests on: a vendor claim, a third-party review, a local trial or local data")
			}
			n := 0
			fmt.Sscan(score, &n)
			draft.Scores[c.ID] = inventory.EvalScore{Score: n, Evidence: inventory.EvidenceLevel(evidence), Note: strings.TrimSpace(note)}
		}
		return nil, storeEvaluation(ch, *draft)
	}}
}

// storeEvaluation keeps what is complete of a draft (nothing when there is
// nothing yet and nothing stored).
func storeEvaluation(ch invChanger, draft inventory.Evaluation) error {
	e := savableEvaluation(draft)
	if ch.inventory().Evaluation(e.ToolID, e.SchoolYear) == nil && len(e.Scores) == 0 && len(e.Stakeholders) == 0 && e.Decision == "" {
		return nil
	}
	return ch.putEvaluation(e)
}

// stakeholderForm records what one group said (i = -1: a new group).
func stakeholderForm(toolName string, draft *inventory.Evaluation, i int) invForm {
	var g inventory.StakeholderInput
	if i >= 0 {
		g = draft.Stakeholders[i]
	}
	group, summary, responses := g.Group, g.Summary, ""
	if n, ok := g.Responses.Value(); ok {
		responses = fmt.Sprint(n)
	}
	return invForm{title: toolName + " › stakeholder input", pages: []invPage{{fields: []invField{
		{kind: defLine, title: "Group", help: "who said it: teachers, students, families, English learners' families, …", value: &group,
			required: true, check: requiredText("name the group the input came from", nil)},
		{kind: defLine, title: "Responses", help: "how many people answered (leave empty when not counted)", value: &responses,
			check: optionalText(func(s string) error { _, err := workbook.ParseCount(s, "responses"); return err })},
		{kind: defLine, title: "What they said", help: "in a sentence or two, for the group as a whole", value: &summary},
	}}}, apply: func(ch invChanger) (*invQuestion, error) {
		in := inventory.StakeholderInput{Group: strings.TrimSpace(group), Summary: strings.TrimSpace(summary)}
		if strings.TrimSpace(responses) != "" {
			n, err := workbook.ParseCount(strings.TrimSpace(responses), "responses")
			if err != nil {
				return nil, err
			}
			in.Responses = inventory.Known(n)
		}
		list := slices.Clone(draft.Stakeholders)
		if i < 0 {
			list = append(list, in)
			i = len(list) - 1 // submitted again: the same group
		} else {
			list[i] = in
		}
		draft.Stakeholders = list
		return nil, storeEvaluation(ch, *draft)
	}}
}

// evalDecisionForm asks the decision, its reason and, for retire, the
// transition plan (each part of it needed); the evaluation is checked
// whole before it is kept, and retiring asks first (the tool's status
// becomes retiring).
func evalDecisionForm(toolName string, draft *inventory.Evaluation) invForm {
	decision, reason := string(draft.Decision), draft.Reason
	var told, export, deletion, replacement, last string
	if t := draft.Transition; t != nil {
		told, export, deletion, replacement, last = strings.Join(t.Told, ", "), t.DataExport, t.DataDeletion, t.Replacement, t.Date.String()
	}
	opts := []huh.Option[string]{huh.NewOption("not decided", "")}
	for _, d := range inventory.EvalDecisions() {
		opts = append(opts, huh.NewOption(string(d), string(d)))
	}
	retiring := func() bool { return decision == string(inventory.Retire) }
	needed := func(what string, check func(string) error) func(string) error {
		return func(v string) error {
			if retiring() && strings.TrimSpace(v) == "" {
				return fmt.Errorf("retiring needs a transition plan: %s", what)
			}
			if check != nil && strings.TrimSpace(v) != "" {
				return check(strings.TrimSpace(v))
			}
			return nil
		}
	}
	lastDay := func(s string) error { _, err := workbook.ParseOptionalDate(s); return err }
	return invForm{title: toolName + " › decision " + draft.SchoolYear, pages: []invPage{
		{fields: []invField{
			{kind: defChoice, title: "Decision", inline: true, options: opts, value: &decision},
			{kind: defLine, title: "Reason", help: "in a sentence people outside the team can follow", value: &reason,
				check: func(v string) error {
					if decision != "" && strings.TrimSpace(v) == "" {
						return errors.New("give the reason for the decision, in a sentence people outside the team can follow")
					}
					return nil
				}},
		}},
		{title: "Transition plan", show: retiring, fields: []invField{
			{kind: defNote, title: "Transition plan", note: "Retiring a tool needs a plan: who is told, how work and data come out, how the vendor deletes student data, what replaces it, and the last day."},
			{kind: defLine, title: "Who is told", help: "teachers, families, students, the vendor, … (commas)", value: &told, required: true, check: needed("say who is told", nil)},
			{kind: defLine, title: "Data export", help: "how work and records are taken out before the end", value: &export, required: true, check: needed("say how work and data are exported", nil)},
			{kind: defLine, title: "Data deletion", help: "how and when the vendor deletes student data, and the proof asked for", value: &deletion, required: true, check: needed("say how the vendor deletes student data", nil)},
			{kind: defLine, title: "Replacement", help: `the tool that takes over, or "none" and why`, value: &replacement, required: true, check: needed(`name the replacement, or write "none" and why`, nil)},
			{kind: defLine, title: "Last day of use", help: "written 2026-06-30", value: &last, required: true, check: needed("give the last day of use", lastDay)},
		}},
	}, apply: func(ch invChanger) (*invQuestion, error) {
		next := savableEvaluation(*draft)
		next.Decision, next.Reason, next.Transition = inventory.EvalDecision(decision), strings.TrimSpace(reason), nil
		next.Decided = inventory.Date{}
		if next.Decision != "" {
			next.Decided = ch.day()
		}
		if next.Decision == inventory.Retire {
			d, err := workbook.ParseOptionalDate(strings.TrimSpace(last))
			if err != nil {
				return nil, fmt.Errorf("last day of use: %w", err)
			}
			next.Transition = &inventory.Transition{Told: workbook.SplitList(told), DataExport: strings.TrimSpace(export),
				DataDeletion: strings.TrimSpace(deletion), Replacement: strings.TrimSpace(replacement), Date: d}
		}
		if errs := next.Validate(ch.criteriaOf()); len(errs) > 0 {
			return nil, errs[0]
		}
		keep := func(ch invChanger) error {
			draft.Decision, draft.Reason, draft.Transition, draft.Decided = next.Decision, next.Reason, next.Transition, next.Decided
			if err := ch.putEvaluation(savableEvaluation(*draft)); err != nil {
				return err
			}
			if next.Decision != inventory.Retire {
				ch.tell("decision saved")
				return nil
			}
			if err := ch.changeTool(draft.ToolID, func(_ *inventory.Inventory, t *inventory.Tool) error {
				t.Status = inventory.Retiring
				return nil
			}); err != nil {
				return err
			}
			ch.tell(fmt.Sprintf("decided: retire; %s is now retiring (last day %s)", toolName, next.Transition.Date))
			return nil
		}
		t := ch.inventory().Tool(draft.ToolID)
		if next.Decision == inventory.Retire && t != nil && t.Status != inventory.Retiring {
			return &invQuestion{
				text: fmt.Sprintf("Retire %s? Its status becomes retiring, with the last day %s.", toolName, next.Transition.Date),
				yes:  keep,
			}, nil
		}
		return nil, keep(ch)
	}}
}

// --- the app's view of a form ---------------------------------------------------

// huhForm is the form in the full-window app.
func (f invForm) huhForm(c *Common) *huh.Form {
	var groups []*huh.Group
	for _, p := range f.pages {
		var fields []huh.Field
		for _, d := range p.fields {
			fields = append(fields, d.huhField())
		}
		g := huh.NewGroup(fields...)
		if p.show != nil {
			show := p.show
			g = g.WithHideFunc(func() bool { return !show() })
		}
		groups = append(groups, g)
	}
	km := c.Keys.formKeys()
	km.Select.Filter.SetEnabled(false) // "/" would type into a hidden filter
	km.MultiSelect.Filter.SetEnabled(false)
	return newForm(c, groups...).WithKeyMap(km)
}

func (d invField) huhField() huh.Field {
	switch d.kind {
	case defChoice:
		s := huh.NewSelect[string]().Title(d.title).Options(d.options...).Value(d.value)
		if d.help != "" {
			s = s.Description(d.help)
		}
		if d.inline {
			s = s.Inline(true)
		}
		return s
	case defChoices:
		return huh.NewMultiSelect[string]().Title(d.title).Description(orText(d.help, "x marks one")).
			Options(d.options...).Filterable(false).Height(clampInt(len(d.options)+2, 3, 10)).Value(d.values)
	case defNote:
		return huh.NewNote().Title(d.title).Description(noteText(d.note))
	}
	in := huh.NewInput().Title(d.title).CharLimit(fieldLimit).Value(d.value)
	if d.help != "" {
		in = in.Description(d.help)
	}
	if d.check != nil {
		check := d.check
		if !d.required {
			check = optionalText(check)
		}
		in = in.Validate(check)
	}
	return in
}

// --- a usage import -------------------------------------------------------------

// usageInput is what the person tells a usage import.
type usageInput struct {
	path, source, report, from, to string
	mapping                        map[inventory.Role]*string // by role: the column's name ("" when not in the file)
}

// usageAskPages ask for the file, its source and report, and the period
// (when the file has no date columns).
func usageAskPages(in *usageInput) []invPage {
	sources := []huh.Option[string]{huh.NewOption("recognise it from the columns", "")}
	for _, src := range inventory.UsageSources() {
		sources = append(sources, huh.NewOption(src.Label(), string(src)))
	}
	date := func(title string, v *string) invField {
		return invField{kind: defLine, title: title, help: "written 2025-09-01; leave both empty to take the period from the file's date columns", value: v,
			check: optionalText(func(s string) error { _, err := inventory.ParseDate(s); return err })}
	}
	return []invPage{{fields: []invField{
		{kind: defLine, title: "CSV file", help: "the path of the report, e.g. ~/Downloads/classlink-2025-26.csv", value: &in.path,
			required: true, check: requiredText("give the path of the CSV file", nil)},
		{kind: defChoice, title: "Source", options: sources, value: &in.source},
		{kind: defLine, title: "Report", help: "its name, e.g. ClassLink (a recognised export names itself)", value: &in.report},
		date("First day covered", &in.from),
		date("Last day covered", &in.to),
	}}}
}

// usageMappingPages ask which column of header holds each figure, and the
// source when none was given.
func usageMappingPages(in *usageInput, header []string) []invPage {
	if in.mapping == nil {
		in.mapping = map[inventory.Role]*string{}
		for _, r := range inventory.Roles() {
			v := ""
			in.mapping[r] = &v
		}
	}
	fields := []invField{{kind: defNote, title: "Which column is which?",
		note: "The file's columns match no known report. Name the column that holds each figure; the tool name and at least one figure are needed."}}
	for _, r := range inventory.Roles() {
		opts := []huh.Option[string]{huh.NewOption("not in the file", "")}
		for _, h := range header {
			opts = append(opts, huh.NewOption(cleanLine(h), h))
		}
		fields = append(fields, invField{kind: defChoice, title: strings.ToUpper(r.Label()[:1]) + r.Label()[1:], options: opts, value: in.mapping[r]})
	}
	if in.source == "" {
		var sources []huh.Option[string]
		for _, src := range inventory.UsageSources() {
			sources = append(sources, huh.NewOption(src.Label(), string(src)))
		}
		in.source = string(inventory.FromVendor)
		fields = append(fields, invField{kind: defChoice, title: "Source", help: "where the figures come from", options: sources, value: &in.source})
	}
	return []invPage{{fields: fields}}
}

// chosenMapping is the columns named in the mapping form.
func (in *usageInput) chosenMapping() inventory.Mapping {
	m := inventory.Mapping{}
	for r, v := range in.mapping {
		if *v != "" {
			m[r] = *v
		}
	}
	return m
}

// options turns what the person said into the reader's options.
func (in *usageInput) options(m inventory.Mapping) (inventory.ImportOptions, error) {
	opt := inventory.ImportOptions{Source: inventory.UsageSource(in.source), Report: strings.TrimSpace(in.report), Mapping: m}
	from, err := workbook.ParseOptionalDate(strings.TrimSpace(in.from))
	if err != nil {
		return opt, fmt.Errorf("first day: %w", err)
	}
	to, err := workbook.ParseOptionalDate(strings.TrimSpace(in.to))
	if err != nil {
		return opt, fmt.Errorf("last day: %w", err)
	}
	switch {
	case from.IsZero() != to.IsZero():
		return opt, errors.New("give both the first and the last day covered, or neither")
	case !from.IsZero():
		if to.Before(from) {
			return opt, errors.New("the last day covered is before the first; swap them")
		}
		opt.Period = inventory.Period{From: from, To: to}
	}
	return opt, nil
}

// readUsage reads and parses a usage file (data: already read, or nil) and
// proposes how each of its tools meets inv. It does I/O: the app runs it in
// a Cmd.
func readUsage(path string, data []byte, opt inventory.ImportOptions, inv *inventory.Inventory) ([]byte, *inventory.UsageFile, []inventory.Proposal, error) {
	if data == nil {
		var err error
		if data, _, err = workbook.ReadUsageFile(strings.TrimSpace(path)); err != nil {
			return nil, nil, nil, err
		}
	}
	f, err := inventory.ParseUsage(data, opt)
	if err != nil {
		return data, nil, nil, err
	}
	return data, f, inventory.Propose(inv, f), nil
}

// cycleAction is a proposal's next action: update (when a tool matched),
// add, skip.
func cycleAction(p *inventory.Proposal) {
	switch p.Action {
	case inventory.ActionUpdate:
		p.Action = inventory.ActionAdd
	case inventory.ActionAdd:
		p.Action = inventory.ActionSkip
	default:
		p.Action = inventory.ActionAdd
		if p.ToolID != "" {
			p.Action = inventory.ActionUpdate
		}
	}
}

// proposalLine is one proposal in words.
func proposalLine(f *inventory.UsageFile, p inventory.Proposal) string {
	row := f.Tools[p.Row]
	action := "leave out"
	switch p.Action {
	case inventory.ActionUpdate:
		action = "update " + cleanLine(p.ToolName)
		if p.Match == inventory.MatchClose {
			action += " (spelled differently: check)"
		}
	case inventory.ActionAdd:
		action = "add as a new tool"
	}
	users := ""
	if n, ok := row.ActiveUsers.Value(); ok {
		users = ", " + workbook.Thousands(n) + " active users"
	}
	line := fmt.Sprintf("%s%s: %s", cleanLine(p.Name), users, action)
	if len(p.Notes) > 0 {
		line += " — " + cleanLine(strings.Join(p.Notes, "; "))
	}
	return line
}

// importUsage records the confirmed figures (all or nothing) and says what
// it did.
func importUsage(ch invChanger, path string, f *inventory.UsageFile, proposals []inventory.Proposal) (string, error) {
	next, rec, err := inventory.Apply(ch.inventory(), f, proposals, inventory.ApplyOptions{Imported: ch.day(), File: filepath.Base(path)})
	if err != nil {
		return "", fmt.Errorf("nothing was imported: %w", err)
	}
	if err := ch.replaceAll(next); err != nil {
		return "", fmt.Errorf("nothing was imported: %w", err)
	}
	said := fmt.Sprintf("Imported usage for %s (%d new) from %s: %s, %s.", workbook.CountOf(rec.Tools, "tool"), rec.Added,
		filepath.Base(path), sourceLabel(f), rec.Period)
	ch.tell(said)
	return said, nil
}

// sourceLabel is a usage file's source in words.
func sourceLabel(f *inventory.UsageFile) string {
	if f.Report != "" {
		return f.Source.Label() + ", " + cleanLine(f.Report)
	}
	return f.Source.Label()
}

// keepYear keeps a copy of the tools as they stand today as this school
// year's snapshot (a second copy of the year replaces the first), as
// `inventory snapshot` does; the app's Y and the plain prompts share it.
func keepYear(ch invChanger) error {
	inv := ch.inventory()
	if inv == nil {
		return errNotLoaded
	}
	if len(inv.Tools) == 0 {
		return errors.New("the inventory has no tools yet; add tools before keeping a copy of the year")
	}
	today := ch.day()
	year := inventory.SchoolYearOf(today)
	next := inv.Clone()
	var replaced string
	if prev := next.Snapshot(year); prev != nil {
		replaced = prev.Taken.String()
	}
	if err := next.TakeSnapshot(year, today); err != nil {
		return err
	}
	if err := ch.replaceAll(next); err != nil {
		return err
	}
	msg := fmt.Sprintf("kept the %s of %s as they stand today", workbook.CountOf(len(next.Tools), "tool"), year)
	if replaced != "" {
		msg += fmt.Sprintf(" (the copy of %s is replaced)", replaced)
	}
	ch.tell(msg)
	return nil
}
