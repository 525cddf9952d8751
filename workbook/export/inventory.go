package export

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
)

// The formats of an inventory export: the team's full report (md, html),
// spreadsheet tables (csv), the public "tools we use" page, and the
// inventory file (json) a coach's cohort report reads.
const FormatPublic = "public"

// InventoryFormats lists the formats RenderInventory understands.
func InventoryFormats() []string {
	return []string{FormatMarkdown, FormatHTML, FormatCSV, FormatPublic, FormatJSON}
}

// The CSV tables of an inventory.
const (
	TableTools       = "tools"
	TableEvaluations = "evaluations"
	TableRequests    = "requests"
)

// InventoryTables lists the tables the inventory's CSV export can write.
func InventoryTables() []string { return []string{TableTools, TableEvaluations, TableRequests} }

// InventoryOptions refine an inventory export.
type InventoryOptions struct {
	District string         // whose inventory, for titles ("" leaves it out)
	Today    inventory.Date // agreement status, alerts and usage are as of this day (required)
	Table    string         // csv only: TableTools (the default), TableEvaluations or TableRequests
}

// RenderInventory renders an inventory, with the criteria its requests and
// evaluations were answered against. The same input always gives the same
// bytes.
func RenderInventory(inv *inventory.Inventory, crit *inventory.Criteria, format string, opts InventoryOptions) ([]byte, error) {
	if opts.Today.IsZero() {
		return nil, fmt.Errorf("the inventory export has no date; pass today's date")
	}
	switch format {
	case FormatMarkdown:
		return inventoryMarkdown(newInvView(inv, crit, opts)), nil
	case FormatHTML:
		return inventoryHTML(newInvView(inv, crit, opts))
	case FormatCSV:
		return inventoryCSV(inv, crit, opts)
	case FormatPublic:
		return publicPage(newPublicView(inv, opts))
	case FormatJSON:
		return workbook.MarshalInventory(opts.District, opts.Today, *crit, inv)
	}
	return nil, fmt.Errorf("unknown inventory format %q; use one of %s", format, strings.Join(InventoryFormats(), ", "))
}

// invView is an inventory as the Markdown and HTML reports show it: every
// text cleaned (CleanLine, or CleanText where line breaks count), numbers
// and dates worded, in the order shown.
type invView struct {
	Title, AsOf, SchoolYear string
	ToolCount, InUse        int
	Statuses                []invCount // every status, in workflow order
	Agreements              []invCount // of the tools in use, on AsOf
	Alerts                  []invAlert
	Tools                   []invToolRow
	Details                 []invToolDetail
	Core                    []invCoreTool
	Requests                []invRequest
	Evaluations             []invEvaluation
	Imports                 []invImport
}

type invCount struct {
	Label string
	Count int
}

type invAlert struct{ Due, Tool, What, When string }

type invToolRow struct {
	Name, Vendor, Status, Agreement, Users, Cost, CostPerUser, Renewal string
}

// ToolFact is one labelled fact, worded and cleaned as the reports show it;
// Value may hold line breaks.
type ToolFact struct{ Label, Value string }

// ToolFacts is a tool's page as the reports show it: every fact that is
// filled in, and its usage figures as table rows (UsageHeader's columns).
// The command line's `inventory show` prints the same.
func ToolFacts(inv *inventory.Inventory, t *inventory.Tool) (facts []ToolFact, usage [][]string) {
	d := newToolDetail(inv, t)
	return d.Facts, d.Usage
}

type invToolDetail struct {
	ID, Name string
	Facts    []ToolFact
	Usage    [][]string // Source, Report, Period, Active users, Sessions, Minutes, Trust, Recorded
}

type invCoreTool struct {
	Name, Purpose, UseCases, Support string
	Use                              [][]string // School year, Period, Source, Active users, Sessions, Minutes
}

type invRequest struct {
	ID, Title                                      string
	Facts                                          []ToolFact
	Overlaps                                       []string
	Reviewers                                      []string
	Gates                                          [][]string // Gate, a result per reviewer, Reviewers agree, Team
	Criteria                                       [][]string // Criterion, Weight, a score per reviewer, Spread, Team
	Total, Failed, Open, Decision, Reason, Decided string
}

type invEvaluation struct {
	Tool, Year           string
	Scores               [][]string // Criterion, Weight, Score, Evidence, Note
	Total, CostPerUser   string
	Stakeholders         [][]string // Group, Responses, What they said
	Decision, Reason     string
	Decided              string
	Transition           []ToolFact
	TransitionIncomplete bool
}

type invImport struct {
	Imported, Source, Report, Period, File string
	Rows, Tools, Added                     int
}

// UsageHeader names the columns of a tool's usage rows (ToolFacts).
func UsageHeader() []string {
	return []string{"Source", "Report", "Period", "Active users", "Sessions", "Minutes", "Trust", "Recorded"}
}

func newInvView(inv *inventory.Inventory, crit *inventory.Criteria, opts InventoryOptions) *invView {
	today := opts.Today
	v := &invView{Title: "Edtech inventory", AsOf: today.String(), SchoolYear: inventory.SchoolYearOf(today), ToolCount: len(inv.Tools)}
	if d := workbook.CleanLine(opts.District); d != "" {
		v.Title += ": " + d
	}
	counts := inv.StatusCounts()
	for _, s := range inventory.Statuses() {
		v.Statuses = append(v.Statuses, invCount{statusLabel(s), counts[s]})
	}
	agreements := map[inventory.AgreementStatus]int{}
	for i := range inv.Tools {
		if inv.Tools[i].Status.InUse() {
			v.InUse++
			agreements[inv.Tools[i].Privacy.AgreementOn(today)]++
		}
	}
	for _, a := range inventory.AgreementStatuses() {
		v.Agreements = append(v.Agreements, invCount{capitalise(a.Label()), agreements[a]})
	}
	for _, a := range inv.Alerts(today, inventory.DefaultAlertDays) {
		when := "in " + workbook.CountOf(a.DaysLeft, "day")
		switch {
		case a.DaysLeft < 0:
			when = workbook.CountOf(-a.DaysLeft, "day") + " ago"
		case a.DaysLeft == 0:
			when = "today"
		}
		v.Alerts = append(v.Alerts, invAlert{Due: a.Due.String(), Tool: workbook.CleanLine(a.ToolName), What: a.Kind.Label(), When: when})
	}

	tools := sortedTools(inv.Tools)
	for _, t := range tools {
		v.Tools = append(v.Tools, newToolRow(inv, t, today))
		v.Details = append(v.Details, newToolDetail(inv, t))
	}
	for _, c := range inv.CoreTools() {
		ct := invCoreTool{Name: workbook.CleanLine(c.Name), Purpose: workbook.CleanText(c.Purpose),
			UseCases: cleanList(c.UseCases), Support: cleanList(c.Support)}
		for _, u := range c.Use {
			ct.Use = append(ct.Use, []string{u.SchoolYear, u.Period.String(), sourceLabel(u.Source, u.Report),
				countText(u.ActiveUsers), countText(u.Sessions), countText(u.Minutes)})
		}
		v.Core = append(v.Core, ct)
	}

	requests := sortedRequests(inv)
	for i := range requests {
		v.Requests = append(v.Requests, newInvRequest(&requests[i], crit))
	}
	evals := sortedEvaluations(inv)
	for i := range evals {
		v.Evaluations = append(v.Evaluations, newInvEvaluation(inv, &evals[i], crit))
	}
	for i := len(inv.Imports) - 1; i >= 0; i-- { // newest first
		r := inv.Imports[i]
		v.Imports = append(v.Imports, invImport{Imported: r.Imported.String(), Source: r.Source.Label(), Report: workbook.CleanLine(r.Report),
			Period: r.Period.String(), File: workbook.CleanLine(r.File), Rows: r.Rows, Tools: r.Tools, Added: r.Added})
	}
	return v
}

// sortedRequests is the requests, the latest requested first.
func sortedRequests(inv *inventory.Inventory) []inventory.Request {
	requests := slices.Clone(inv.Requests)
	slices.SortStableFunc(requests, func(a, b inventory.Request) int {
		if c := b.Requested.Time().Compare(a.Requested.Time()); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return requests
}

// sortedEvaluations is the evaluations, the latest school year first, then
// by tool name.
func sortedEvaluations(inv *inventory.Inventory) []inventory.Evaluation {
	evals := slices.Clone(inv.Evaluations)
	slices.SortStableFunc(evals, func(a, b inventory.Evaluation) int {
		if a.SchoolYear != b.SchoolYear {
			return strings.Compare(b.SchoolYear, a.SchoolYear)
		}
		return strings.Compare(strings.ToLower(toolName(inv, a.ToolID, a.SchoolYear)), strings.ToLower(toolName(inv, b.ToolID, b.SchoolYear)))
	})
	return evals
}

// sortedTools is the tools by name (case ignored), then id.
func sortedTools(ts []inventory.Tool) []*inventory.Tool {
	out := make([]*inventory.Tool, len(ts))
	for i := range ts {
		out[i] = &ts[i]
	}
	slices.SortStableFunc(out, func(a, b *inventory.Tool) int {
		if c := strings.Compare(strings.ToLower(workbook.CleanLine(a.Name)), strings.ToLower(workbook.CleanLine(b.Name))); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

func newToolRow(inv *inventory.Inventory, t *inventory.Tool, today inventory.Date) invToolRow {
	row := invToolRow{Name: workbook.CleanLine(t.Name), Vendor: workbook.CleanLine(t.Vendor), Status: statusLabel(t.Status),
		Agreement: agreementText(t.Privacy, today), Users: "no data", Cost: costText(t.Money), CostPerUser: "–", Renewal: t.Money.Renewal.String()}
	if u, year, ok := inventory.RecentUsage(t.Usage, today); ok {
		row.Users = fmt.Sprintf("%s (%s, %s)", countText(u.ActiveUsers), year, u.Source.Label())
		row.CostPerUser = inv.CostPerActiveUser(t.ID, year).String()
	}
	return row
}

func newToolDetail(inv *inventory.Inventory, t *inventory.Tool) invToolDetail {
	d := invToolDetail{ID: t.ID, Name: workbook.CleanLine(t.Name)}
	fact := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			d.Facts = append(d.Facts, ToolFact{label, value})
		}
	}
	fact("Id", t.ID)
	fact("Vendor", workbook.CleanLine(t.Vendor))
	fact("Status", statusLabel(t.Status))
	fact("Purpose", workbook.CleanText(t.Purpose))
	fact("Use cases", cleanList(t.UseCases))
	fact("Owner", workbook.CleanLine(t.Owner))
	fact("Schools", cleanList(t.Schools))
	fact("Grades", cleanList(t.Grades))
	fact("Subjects", cleanList(t.Subjects))
	fact("Who uses it", cleanList(t.Roles))
	m := t.Money
	fact("Cost", costText(m))
	if m.Licences > 0 {
		fact("Licences", workbook.Thousands(int64(m.Licences)))
	}
	funding := workbook.CleanLine(m.Funding.Source)
	if m.Funding.OneTime {
		funding = strings.TrimSpace(funding + " (one-time money, ends " + m.Funding.Ends.String() + ")")
	}
	fact("Funding", funding)
	fact("Renewal", m.Renewal.String())
	p := t.Privacy
	agreement := capitalise(p.Agreement.Label())
	for _, x := range []struct {
		what string
		d    inventory.Date
	}{{"requested", p.Requested}, {"signed", p.Signed}, {"expires", p.Expires}} {
		if !x.d.IsZero() {
			agreement += "; " + x.what + " " + x.d.String()
		}
	}
	fact("Data-privacy agreement", agreement)
	fact("Data collected", cleanList(p.DataCollected))
	a := t.Access
	report := workbook.CleanLine(a.ConformanceReport)
	if report == "" {
		report = "none on file"
	} else if !a.ReportDate.IsZero() {
		report += " (" + a.ReportDate.String() + ")"
	}
	fact("Accessibility report", report)
	fact("Tested with assistive technology", yesOrNo(a.TestedWithAT))
	fact("Languages", cleanList(a.Languages))
	fact("Family-facing", yesOrNo(a.FamilyFacing))
	fact("Single sign-on", yesOrNo(t.Fit.SSO))
	fact("Rostering", yesOrNo(t.Fit.Rostering))
	var overlaps []string
	for _, id := range t.Fit.Overlaps {
		overlaps = append(overlaps, toolName(inv, id, ""))
	}
	fact("Does the same job as", strings.Join(overlaps, ", "))
	fact("Evidence", capitalise(t.Evidence.Label()))
	fact("Support", cleanList(t.Support))
	fact("Notes", workbook.CleanText(t.Notes))
	for _, u := range t.Usage {
		d.Usage = append(d.Usage, []string{u.Source.Label(), workbook.CleanLine(u.Report), u.Period.String(),
			countText(u.ActiveUsers), countText(u.Sessions), countText(u.Minutes), u.Trust.Label(), u.Recorded.String()})
	}
	return d
}

func newInvRequest(r *inventory.Request, crit *inventory.Criteria) invRequest {
	out := invRequest{ID: r.ID, Title: workbook.CleanLine(r.Product)}
	if out.Title == "" {
		out.Title = workbook.Shorten(workbook.CleanLine(r.Need), 60)
	}
	fact := func(label, value string) {
		if strings.TrimSpace(value) != "" {
			out.Facts = append(out.Facts, ToolFact{label, value})
		}
	}
	fact("Need", workbook.CleanText(r.Need))
	fact("Students served", cleanList(r.Groups))
	fact("Purpose", workbook.CleanText(r.Purpose))
	fact("Use cases", cleanList(r.UseCases))
	product := workbook.CleanLine(r.Product)
	if v := workbook.CleanLine(r.Vendor); v != "" && product != "" {
		product += " (" + v + ")"
	}
	fact("Product", product)
	fact("Requested by", workbook.CleanLine(r.RequestedBy))
	fact("Requested", r.Requested.String())
	fact("Checked against the inventory", r.Checked.String())
	for _, o := range r.Overlaps {
		line := fmt.Sprintf("%s (%s)", workbook.CleanLine(o.Name), statusLabel(o.Status))
		switch {
		case o.Explicit:
			line += ": listed as doing the same job"
		case len(o.Shared) > 0:
			line += ": shares " + strings.Join(o.Shared, ", ")
		}
		out.Overlaps = append(out.Overlaps, line)
	}
	s := r.Summary(crit)
	for _, name := range s.Reviewers {
		out.Reviewers = append(out.Reviewers, workbook.CleanLine(name))
	}
	for _, g := range s.Gates {
		row := []string{workbook.CleanLine(g.Gate.Title)}
		for _, res := range g.Reviews {
			row = append(row, orDash(string(res)))
		}
		agree := "yes"
		if !g.Agree {
			agree = "no"
		}
		out.Gates = append(out.Gates, append(row, agree, orDash(string(g.Consensus))))
	}
	for _, c := range s.Criteria {
		row := []string{workbook.CleanLine(c.Criterion.Title), strconv.Itoa(c.Criterion.Weight)}
		for _, sc := range c.Scores {
			row = append(row, scoreText(sc))
		}
		spread := "–"
		if c.Scored > 1 {
			spread = strconv.Itoa(c.Spread)
		}
		out.Criteria = append(out.Criteria, append(row, spread, scoreText(c.Consensus)))
	}
	out.Total = fmt.Sprintf("%d of %d", s.Total, s.Max)
	if s.Unscored > 0 {
		noun := "criteria"
		if s.Unscored == 1 {
			noun = "criterion"
		}
		out.Total += fmt.Sprintf(" (%d %s without a team score)", s.Unscored, noun)
	}
	out.Failed = cleanList(s.Failed)
	out.Open = cleanList(s.Open)
	out.Decision = decisionText(string(r.Decision))
	out.Reason = workbook.CleanText(r.Reason)
	out.Decided = r.Decided.String()
	return out
}

func newInvEvaluation(inv *inventory.Inventory, e *inventory.Evaluation, crit *inventory.Criteria) invEvaluation {
	out := invEvaluation{Tool: toolName(inv, e.ToolID, e.SchoolYear), Year: e.SchoolYear}
	for _, c := range crit.Evaluation {
		sc, ok := e.Scores[c.ID]
		row := []string{workbook.CleanLine(c.Title), strconv.Itoa(c.Weight), "–", "–", ""}
		if ok {
			row[2], row[3], row[4] = scoreText(sc.Score), capitalise(sc.Evidence.Label()), workbook.CleanText(sc.Note)
		}
		out.Scores = append(out.Scores, row)
	}
	total, max := e.Total(crit)
	out.Total = fmt.Sprintf("%d of %d", total, max)
	out.CostPerUser = inv.CostPerActiveUser(e.ToolID, e.SchoolYear).String()
	for _, s := range e.Stakeholders {
		out.Stakeholders = append(out.Stakeholders, []string{workbook.CleanLine(s.Group), countText(s.Responses), workbook.CleanText(s.Summary)})
	}
	out.Decision = decisionText(string(e.Decision))
	out.Reason = workbook.CleanText(e.Reason)
	out.Decided = e.Decided.String()
	if tr := e.Transition; tr != nil {
		fact := func(label, value string) {
			if strings.TrimSpace(value) == "" {
				value = "not planned yet"
				out.TransitionIncomplete = true
			}
			out.Transition = append(out.Transition, ToolFact{label, value})
		}
		fact("Who is told", cleanList(tr.Told))
		fact("Taking data out", workbook.CleanText(tr.DataExport))
		fact("Deleting student data", workbook.CleanText(tr.DataDeletion))
		fact("What replaces it", workbook.CleanText(tr.Replacement))
		fact("Last day of use", tr.Date.String())
	}
	return out
}

// toolName names a tool by id: from the inventory, else from the snapshot
// of year, else the id itself.
func toolName(inv *inventory.Inventory, id, year string) string {
	if t := inv.Tool(id); t != nil {
		return workbook.CleanLine(t.Name)
	}
	if s := inv.Snapshot(year); s != nil {
		for _, t := range s.Tools {
			if t.ID == id {
				return workbook.CleanLine(t.Name)
			}
		}
	}
	return workbook.CleanLine(id)
}

func statusLabel(s inventory.Status) string { return capitalise(s.Label()) }

// agreementText is the agreement's status on today, with the date that
// matters: when a signed one ends, when an expired one ended.
func agreementText(p inventory.Privacy, today inventory.Date) string {
	a := p.AgreementOn(today)
	text := capitalise(a.Label())
	switch {
	case a == inventory.AgreementSigned && !p.Expires.IsZero():
		text += " (to " + p.Expires.String() + ")"
	case a == inventory.AgreementExpired && !p.Expires.IsZero():
		text += " (" + p.Expires.String() + ")"
	}
	return text
}

func costText(m inventory.Money) string {
	switch {
	case m.Free:
		return "free"
	case !m.Paid:
		return "cost not recorded"
	case m.CostCents <= 0:
		return "paid, cost not recorded"
	}
	return workbook.Dollars(m.CostCents) + " a year"
}

func countText(c inventory.Count) string {
	if v, ok := c.Value(); ok {
		return workbook.Thousands(v)
	}
	return "–"
}

func scoreText(n int) string {
	if n == 0 {
		return "–"
	}
	return strconv.Itoa(n)
}

func sourceLabel(s inventory.UsageSource, report string) string {
	if r := workbook.CleanLine(report); r != "" {
		return s.Label() + " (" + r + ")"
	}
	return s.Label()
}

func decisionText(d string) string {
	if d == "" {
		return "not decided yet"
	}
	return capitalise(d)
}

// yesOrNo is yes or no in words.
func yesOrNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// cleanList cleans each item and joins them with commas.
func cleanList(items []string) string {
	return strings.Join(cleanLines(items), ", ")
}

// cleanLines is the items cleaned to one line each, the empty ones left
// out (nil when none is left).
func cleanLines(items []string) []string {
	var out []string
	for _, s := range items {
		if s = workbook.CleanLine(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// inventoryMarkdown renders the inventory report as Markdown.
func inventoryMarkdown(v *invView) []byte {
	w := &mdWriter{}
	w.heading(1, v.Title)
	w.para(fmt.Sprintf("As of %s (school year %s): %s, %d in use.", v.AsOf, v.SchoolYear, workbook.CountOf(v.ToolCount, "tool"), v.InUse))

	w.heading(2, "Overview")
	var rows [][]string
	for _, c := range v.Statuses {
		rows = append(rows, []string{c.Label, strconv.Itoa(c.Count)})
	}
	w.table([]string{"Status", "Tools"}, "lr", rows)
	rows = nil
	for _, c := range v.Agreements {
		rows = append(rows, []string{c.Label, strconv.Itoa(c.Count)})
	}
	w.table([]string{"Data-privacy agreement (tools in use)", "Tools"}, "lr", rows)
	w.heading(3, "Due in the next 90 days")
	if len(v.Alerts) == 0 {
		w.none("Nothing renews, expires or runs out in the next 90 days.")
	} else {
		rows = nil
		for _, a := range v.Alerts {
			rows = append(rows, []string{a.Due, a.Tool, a.What, a.When})
		}
		w.table([]string{"Date", "Tool", "What", "When"}, "", rows)
	}

	w.heading(2, "Tools")
	if len(v.Tools) == 0 {
		w.none("No tools in the inventory yet.")
	} else {
		rows = nil
		for _, t := range v.Tools {
			rows = append(rows, []string{t.Name, t.Vendor, t.Status, t.Agreement, t.Users, t.Cost, t.CostPerUser, t.Renewal})
		}
		w.table([]string{"Tool", "Vendor", "Status", "Data-privacy agreement", "Active users", "Cost", "Cost per active user", "Renewal"}, "", rows)
		for _, d := range v.Details {
			w.heading(3, d.Name)
			for _, f := range d.Facts {
				w.field(f.Label, mdFieldValue(f.Value))
			}
			if len(d.Usage) > 0 {
				w.table(UsageHeader(), "lllrrrll", d.Usage)
			}
		}
	}

	w.heading(2, "Core tools")
	if len(v.Core) == 0 {
		w.none("No core tools named yet.")
	}
	for _, c := range v.Core {
		w.heading(3, c.Name)
		w.field("Purpose", mdFieldValue(c.Purpose))
		w.field("Use cases", mdInline(c.UseCases))
		w.field("Support", mdInline(c.Support))
		if len(c.Use) > 0 {
			w.table([]string{"School year", "Period", "Source", "Active users", "Sessions", "Minutes"}, "lllrrr", c.Use)
		}
	}

	w.heading(2, "Selection requests")
	if len(v.Requests) == 0 {
		w.none("No selection requests yet.")
	}
	for _, r := range v.Requests {
		w.heading(3, r.Title)
		for _, f := range r.Facts {
			w.field(f.Label, mdFieldValue(f.Value))
		}
		if len(r.Overlaps) > 0 {
			w.line("**Possible overlaps in the inventory:**")
			w.blank()
			for _, o := range r.Overlaps {
				w.line("- %s", mdFlat(o))
			}
			w.blank()
		}
		head := append(append([]string{"Gate"}, r.Reviewers...), "Reviewers agree", "Team")
		w.table(head, "", r.Gates)
		head = append(append([]string{"Criterion", "Weight"}, r.Reviewers...), "Spread", "Team")
		w.table(head, "lr"+strings.Repeat("r", len(r.Reviewers))+"rr", r.Criteria)
		w.field("Weighted total (team)", mdInline(r.Total))
		w.field("Gates failed", mdInline(r.Failed))
		w.field("Gates not yet passed", mdInline(r.Open))
		w.field("Decision", mdInline(r.Decision))
		w.field("Reason", mdFieldValue(r.Reason))
		w.field("Decided", r.Decided)
	}

	w.heading(2, "Evaluations")
	if len(v.Evaluations) == 0 {
		w.none("No tool evaluations yet.")
	}
	for _, e := range v.Evaluations {
		w.heading(3, e.Tool+" ("+e.Year+")")
		w.table([]string{"Criterion", "Weight", "Score", "Evidence", "Note"}, "lrrll", e.Scores)
		w.field("Weighted total", mdInline(e.Total))
		w.field("Cost per active user", mdInline(e.CostPerUser))
		if len(e.Stakeholders) > 0 {
			w.table([]string{"Group", "Responses", "What they said"}, "lrl", e.Stakeholders)
		}
		w.field("Decision", mdInline(e.Decision))
		w.field("Reason", mdFieldValue(e.Reason))
		w.field("Decided", e.Decided)
		if len(e.Transition) > 0 {
			w.heading(4, "Transition plan")
			for _, f := range e.Transition {
				w.field(f.Label, mdFieldValue(f.Value))
			}
		}
	}

	w.heading(2, "Usage imports")
	if len(v.Imports) == 0 {
		w.none("No usage reports imported yet.")
	} else {
		rows = nil
		for _, r := range v.Imports {
			rows = append(rows, []string{r.Imported, r.Source, r.Report, r.Period, r.File, strconv.Itoa(r.Rows), strconv.Itoa(r.Tools), strconv.Itoa(r.Added)})
		}
		w.table([]string{"Imported", "Source", "Report", "Period", "File", "Rows", "Tools", "New tools"}, "lllllrrr", rows)
	}
	return []byte(strings.TrimRight(w.b.String(), "\n") + "\n")
}

// mdFieldValue renders a fact that may span lines after its bold label:
// one line, escaped, with line breaks shown as " / ".
func mdFieldValue(s string) string { return mdInline(flatten(s)) }
