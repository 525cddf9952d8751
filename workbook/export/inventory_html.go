package export

import (
	"bytes"
	"fmt"
	"strings"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
)

// inventoryHTML renders the inventory report as one self-contained page
// (inline CSS for light, dark and print; no scripts, no outside requests).
func inventoryHTML(v *invView) ([]byte, error) {
	var buf bytes.Buffer
	if err := htmlTemplates().ExecuteTemplate(&buf, "inventory", v); err != nil {
		return nil, fmt.Errorf("cannot render the HTML inventory: %w", err)
	}
	return buf.Bytes(), nil
}

// publicView is the public "tools we use" page: what families, students
// and staff may want to know about each tool in use, in plain words. It
// leaves out what is internal: costs, usage figures, reviewers, notes.
type publicView struct {
	Title, Updated string
	InUse          []publicTool // core and approved tools
	Pilots         []publicTool
	Retiring       []publicTool
	Decisions      []publicDecision
}

type publicTool struct {
	ID                                                                                  string // the section's id: "tool-1", "tool-2", ... in page order
	Name, Status, Purpose, UseCases, WhoUses, Data, Agreement, Languages, Accessibility string
	Support                                                                             []string
	Decision                                                                            string // the latest decision about it, in words, with its reason
	LastDay, Replacement                                                                string // retiring tools
}

type publicDecision struct{ Tool, Decision, When, Reason string }

// plainDate writes a day as "June 30, 2026".
func plainDate(d inventory.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("January 2, 2006")
}

func newPublicView(inv *inventory.Inventory, opts InventoryOptions) *publicView {
	v := &publicView{Title: "Tools we use", Updated: plainDate(opts.Today)}
	if d := workbook.CleanLine(opts.District); d != "" {
		v.Title += " in " + d
	}
	latest := map[string]*inventory.Evaluation{} // each tool's latest decided evaluation
	for i := range inv.Evaluations {
		e := &inv.Evaluations[i]
		if e.Decision != "" && (latest[e.ToolID] == nil || e.SchoolYear > latest[e.ToolID].SchoolYear) {
			latest[e.ToolID] = e
		}
	}
	for _, t := range sortedTools(inv.Tools) {
		if !t.Status.InUse() {
			continue
		}
		p := newPublicTool(t, opts.Today)
		if e := latest[t.ID]; e != nil {
			p.Decision = fmt.Sprintf("%s (%s review). %s", evalDecisionWords(e.Decision), e.SchoolYear, workbook.CleanLine(e.Reason))
			if tr := e.Transition; tr != nil && e.Decision == inventory.Retire {
				p.LastDay, p.Replacement = plainDate(tr.Date), workbook.CleanLine(tr.Replacement)
			}
		}
		switch t.Status {
		case inventory.Piloting:
			v.Pilots = append(v.Pilots, p)
		case inventory.Retiring:
			v.Retiring = append(v.Retiring, p)
		default:
			v.InUse = append(v.InUse, p)
		}
	}
	n := 0
	for _, group := range [][]publicTool{v.InUse, v.Pilots, v.Retiring} {
		for i := range group {
			n++
			group[i].ID = fmt.Sprintf("tool-%d", n)
		}
	}
	for _, r := range sortedRequests(inv) {
		if r.Decision == "" || strings.TrimSpace(r.Product) == "" {
			continue
		}
		v.Decisions = append(v.Decisions, publicDecision{Tool: workbook.CleanLine(r.Product),
			Decision: requestDecisionWords(r.Decision), When: plainDate(r.Decided), Reason: workbook.CleanLine(r.Reason)})
	}
	for _, e := range sortedEvaluations(inv) {
		if e.Decision == "" {
			continue
		}
		v.Decisions = append(v.Decisions, publicDecision{Tool: toolName(inv, e.ToolID, e.SchoolYear),
			Decision: evalDecisionWords(e.Decision), When: plainDate(e.Decided), Reason: workbook.CleanLine(e.Reason)})
	}
	return v
}

func newPublicTool(t *inventory.Tool, today inventory.Date) publicTool {
	p := publicTool{Name: workbook.CleanLine(t.Name), Status: publicStatus(t.Status),
		Purpose: workbook.CleanLine(t.Purpose), UseCases: cleanList(t.UseCases)}
	who := capitalise(andList(t.Roles))
	if g := cleanList(t.Grades); g != "" {
		who = strings.TrimSpace(who + " (grades " + g + ")")
	}
	if s := andList(t.Schools); s != "" {
		who = strings.TrimSpace(who + " at " + s)
	}
	p.WhoUses = orText(who, "Not recorded")
	p.Data = orText(capitalise(andList(t.Privacy.DataCollected)), "Not recorded")
	pr := t.Privacy
	switch pr.AgreementOn(today) {
	case inventory.AgreementSigned:
		p.Agreement = "Signed"
		if !pr.Signed.IsZero() {
			p.Agreement += " on " + plainDate(pr.Signed)
		}
		if !pr.Expires.IsZero() {
			p.Agreement += "; in force until " + plainDate(pr.Expires)
		}
	case inventory.AgreementExpired:
		p.Agreement = "Expired"
		if !pr.Expires.IsZero() {
			p.Agreement += " on " + plainDate(pr.Expires)
		}
	case inventory.AgreementRequested:
		p.Agreement = "Asked for"
		if !pr.Requested.IsZero() {
			p.Agreement += " on " + plainDate(pr.Requested)
		}
		p.Agreement += "; not signed yet"
	default:
		p.Agreement = "None yet"
	}
	p.Languages = orText(andList(t.Access.Languages), "Not recorded")
	switch {
	case t.Access.ConformanceReport != "" && t.Access.TestedWithAT:
		p.Accessibility = "The company has published an accessibility report (" + workbook.CleanLine(t.Access.ConformanceReport) + "), and we have tried it with a screen reader or other assistive technology."
	case t.Access.ConformanceReport != "":
		p.Accessibility = "The company has published an accessibility report (" + workbook.CleanLine(t.Access.ConformanceReport) + ")."
	case t.Access.TestedWithAT:
		p.Accessibility = "We have tried it with a screen reader or other assistive technology; the company has not published an accessibility report."
	default:
		p.Accessibility = "We have no accessibility report for it yet."
	}
	p.Support = cleanLines(t.Support)
	return p
}

func publicStatus(s inventory.Status) string {
	switch s {
	case inventory.Core:
		return "A core tool: the district supports it and trains staff to use it."
	case inventory.Approved:
		return "Approved for use."
	case inventory.Piloting:
		return "Being tried out in some classes before we decide."
	case inventory.Retiring:
		return "Being phased out."
	}
	return capitalise(s.Label()) + "."
}

func evalDecisionWords(d inventory.EvalDecision) string {
	switch d {
	case inventory.Renew:
		return "Keep using it"
	case inventory.Scale:
		return "Use it more widely"
	case inventory.Adjust:
		return "Keep it, with changes"
	case inventory.Retire:
		return "Stop using it"
	}
	return capitalise(string(d))
}

func requestDecisionWords(d inventory.SelectionDecision) string {
	switch d {
	case inventory.Approve:
		return "Approved"
	case inventory.Pilot:
		return "Try it out first (a pilot)"
	case inventory.Decline:
		return "Not approved"
	}
	return capitalise(string(d))
}

// andList cleans the items and joins them as "a, b and c".
func andList(items []string) string {
	out := cleanLines(items)
	switch len(out) {
	case 0:
		return ""
	case 1:
		return out[0]
	}
	return strings.Join(out[:len(out)-1], ", ") + " and " + out[len(out)-1]
}

func orText(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// publicPage renders the "tools we use" page.
func publicPage(v *publicView) ([]byte, error) {
	var buf bytes.Buffer
	if err := htmlTemplates().ExecuteTemplate(&buf, "public", v); err != nil {
		return nil, fmt.Errorf("cannot render the tools-we-use page: %w", err)
	}
	return buf.Bytes(), nil
}
