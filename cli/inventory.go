package cli

import (
	"bufio"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/export"
	"edtech-workbook/workbook/inventory"
	"edtech-workbook/workbook/store"
)

// The inventory commands: the district's tools, kept in the workbook file
// beside the sessions. This file has the inventory itself (list, show, add,
// set, snapshot, export); inventory_import.go the usage import;
// inventory_review.go selection requests and evaluations.

func newInventoryCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "inventory",
		Short: "The district's edtech tools: list, show, add, set, import usage, export",
		Long: "The inventory holds every edtech tool the district uses or was asked for: what it is for,\n" +
			"who uses it, usage, cost, the data-privacy agreement, accessibility and its status. It is kept\n" +
			"in the workbook file, across school years (a snapshot per year). TOOL is a tool's id, a unique\n" +
			"start of it, or its name. Usage comes from the reports districts already have (single sign-on,\n" +
			"network, vendor, survey CSV files): totals per tool only, never a student's data.",
		Example: "  edtech-workbook inventory add \"ClassHub\" --vendor \"Hubwise Inc.\" --status core\n" +
			"  edtech-workbook inventory set classhub agreement=signed agreement-signed=2025-07-01\n" +
			"  edtech-workbook inventory import classlink-2025-26.csv\n" +
			"  edtech-workbook inventory list --sort users\n" +
			"  edtech-workbook inventory export --format public -o tools-we-use.html",
		Args: noArgs,
	}
	cmd.AddCommand(
		newInventoryListCmd(a), newInventoryShowCmd(a), newInventoryAddCmd(a), newInventorySetCmd(a),
		newInventoryImportCmd(a), newInventoryExportCmd(a), newInventorySnapshotCmd(a),
		newInventoryRequestCmd(a), newInventoryEvaluateCmd(a),
	)
	return cmd
}

// today is the day on the app's clock.
func (a *app) today() inventory.Date { return inventory.DateOf(a.now()) }

// listSortHelp names the columns `inventory list --sort` takes.
const listSortHelp = "id, name, vendor, status, agreement, users, cost or renewal"

func newInventoryListCmd(a *app) *cobra.Command {
	var asJSON bool
	var statuses, sortBy string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the tools: status, agreement, active users, cost, renewal",
		Long: "List the tools in the inventory, by name unless --sort says otherwise. ACTIVE USERS is this\n" +
			"school year's figure, or last year's when this year has none (the year is shown). --status\n" +
			"keeps the tools in the given statuses (requested, piloting, approved, core, retiring,\n" +
			"declined, or in-use for piloting to retiring); separate several with commas.",
		Example: "  edtech-workbook inventory list --status in-use --sort renewal\n  edtech-workbook inventory list --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			keep, err := parseStatusFilter(statuses)
			if err != nil {
				return err
			}
			less, err := toolOrder(sortBy, a.today())
			if err != nil {
				return err
			}
			st, err := a.readStore()
			if err != nil {
				return err
			}
			defer st.Close()
			list, err := st.InventoryList()
			if err != nil {
				return err
			}
			var tools []inventory.ToolSummary
			for _, t := range list.Tools {
				if keep == nil || keep[t.Status] {
					tools = append(tools, t)
				}
			}
			slices.SortStableFunc(tools, less)
			if asJSON {
				if tools == nil {
					tools = []inventory.ToolSummary{}
				}
				return a.writeJSON(tools)
			}
			if len(list.Tools) == 0 {
				fmt.Fprintf(a.stdout, "No tools in %s yet. Add one with `edtech-workbook inventory add NAME`, or import a usage report with `edtech-workbook inventory import FILE.csv`.\n", workbook.CleanLine(st.Path()))
				return nil
			}
			return printToolList(a, tools, len(list.Tools), a.today())
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the tools' list entries as JSON")
	cmd.Flags().StringVar(&statuses, "status", "", "only tools in these statuses (comma-separated; in-use for piloting to retiring)")
	cmd.Flags().StringVar(&sortBy, "sort", "name", "sort by "+listSortHelp)
	return cmd
}

// parseStatusFilter reads --status: nil keeps every tool.
func parseStatusFilter(s string) (map[inventory.Status]bool, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	keep := map[inventory.Status]bool{}
	for _, part := range strings.Split(s, ",") {
		if strings.EqualFold(strings.TrimSpace(part), "in-use") {
			for _, st := range inventory.Statuses() {
				if st.InUse() {
					keep[st] = true
				}
			}
			continue
		}
		st, err := inventory.ParseStatus(part)
		if err != nil {
			return nil, usagef("--status: %v (or in-use)", err)
		}
		keep[st] = true
	}
	return keep, nil
}

// toolOrder is the order of --sort: names A to Z, statuses in workflow
// order, agreements from none to expired, the most users and the highest
// cost first, the soonest renewal first (tools without a figure or date
// last); ties by name.
func toolOrder(col string, today inventory.Date) (func(a, b inventory.ToolSummary) int, error) {
	byName := func(a, b inventory.ToolSummary) int {
		if c := strings.Compare(strings.ToLower(workbook.CleanLine(a.Name)), strings.ToLower(workbook.CleanLine(b.Name))); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	}
	then := func(key func(t inventory.ToolSummary) int64) func(a, b inventory.ToolSummary) int {
		return func(a, b inventory.ToolSummary) int {
			if ka, kb := key(a), key(b); ka != kb {
				if ka < kb {
					return -1
				}
				return 1
			}
			return byName(a, b)
		}
	}
	const last = math.MaxInt64
	switch strings.ToLower(strings.TrimSpace(col)) {
	case "name", "":
		return byName, nil
	case "id":
		return func(a, b inventory.ToolSummary) int { return strings.Compare(a.ID, b.ID) }, nil
	case "vendor":
		return func(a, b inventory.ToolSummary) int {
			va, vb := strings.ToLower(workbook.CleanLine(a.Vendor)), strings.ToLower(workbook.CleanLine(b.Vendor))
			switch {
			case va == vb:
				return byName(a, b)
			case va == "":
				return 1
			case vb == "":
				return -1
			}
			return strings.Compare(va, vb)
		}, nil
	case "status":
		return then(func(t inventory.ToolSummary) int64 { return int64(slices.Index(inventory.Statuses(), t.Status)) }), nil
	case "agreement":
		return then(func(t inventory.ToolSummary) int64 {
			return int64(slices.Index(inventory.AgreementStatuses(), t.AgreementOn(today)))
		}), nil
	case "users":
		return then(func(t inventory.ToolSummary) int64 {
			if u, _, ok := inventory.RecentUsage(t.Usage, today); ok {
				if n, known := u.ActiveUsers.Value(); known {
					return -n
				}
			}
			return last
		}), nil
	case "cost":
		return then(func(t inventory.ToolSummary) int64 {
			if t.Paid && t.CostCents > 0 {
				return -t.CostCents
			}
			if t.Free {
				return 0
			}
			return last
		}), nil
	case "renewal":
		return then(func(t inventory.ToolSummary) int64 {
			if t.Renewal.IsZero() {
				return last
			}
			return t.Renewal.Time().Unix()
		}), nil
	}
	return nil, usagef("unknown --sort %q; use %s", col, listSortHelp)
}

// printToolList writes the tools as a table and a line of status counts.
func printToolList(a *app, tools []inventory.ToolSummary, total int, today inventory.Date) error {
	buf := bufio.NewWriter(a.stdout)
	tw := tabwriter.NewWriter(buf, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tVENDOR\tSTATUS\tAGREEMENT\tACTIVE USERS\tCOST\tRENEWAL")
	counts := map[inventory.Status]int{}
	for i := range tools {
		t := &tools[i]
		counts[t.Status]++
		users := "-"
		if u, year, ok := inventory.RecentUsage(t.Usage, today); ok {
			users = fmt.Sprintf("%s (%s)", countCell(u.ActiveUsers), year)
		}
		cost := "cost not recorded"
		switch {
		case t.Paid && t.CostCents > 0:
			cost = dollarsCell(t.CostCents)
		case t.Paid:
			cost = "paid, not recorded"
		case t.Free:
			cost = "free"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", cell(t.ID), cell(t.Name), cell(t.Vendor), t.Status,
			t.AgreementOn(today), users, cost, cell(t.Renewal.String()))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var parts []string
	for _, s := range inventory.Statuses() {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
		}
	}
	shown := workbook.CountOf(len(tools), "tool")
	if len(tools) != total {
		shown += fmt.Sprintf(" of %d", total)
	}
	if len(parts) > 0 {
		shown += ": " + strings.Join(parts, ", ")
	}
	fmt.Fprintln(buf, shown+".")
	return buf.Flush()
}

func countCell(c inventory.Count) string {
	if n, ok := c.Value(); ok {
		return strconv.FormatInt(n, 10)
	}
	return "unknown"
}

// dollarsCell writes cents as $1234 or $1234.56 (no separators: a column
// that scripts can read).
func dollarsCell(cents int64) string {
	if cents%100 == 0 {
		return fmt.Sprintf("$%d", cents/100)
	}
	return fmt.Sprintf("$%d.%02d", cents/100, cents%100)
}

func newInventoryShowCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "show TOOL",
		Short:   "Show everything the inventory holds about one tool",
		Example: "  edtech-workbook inventory show classhub\n  edtech-workbook inventory show \"Class Hub\" --json",
		Args:    exactArgs(1, "one TOOL (an id or a name; see `edtech-workbook inventory list`)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, inv, err := a.loadInventory(false, false)
			if err != nil {
				return err
			}
			defer st.Close()
			t, err := findTool(inv.Inventory, args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return a.writeJSON(t)
			}
			return printTool(a, inv, t)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the tool's record as JSON")
	return cmd
}

// printTool writes a tool's page: its facts as the reports word them, its
// usage figures and its evaluations.
func printTool(a *app, inv *store.Inventory, t *inventory.Tool) error {
	buf := bufio.NewWriter(a.stdout)
	facts, usage := export.ToolFacts(inv.Inventory, t)
	fmt.Fprintln(buf, workbook.CleanLine(t.Name))
	width := 0
	for _, f := range facts {
		width = max(width, len(f.Label)+1)
	}
	for _, f := range facts {
		lines := strings.Split(workbook.CleanText(f.Value), "\n")
		fmt.Fprintf(buf, "  %-*s  %s\n", width, f.Label+":", workbook.CleanLine(lines[0]))
		for _, l := range lines[1:] {
			fmt.Fprintf(buf, "  %-*s  %s\n", width, "", workbook.CleanLine(l))
		}
	}
	if len(usage) > 0 {
		fmt.Fprintln(buf, "\nUsage:")
		tw := tabwriter.NewWriter(buf, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  "+strings.ToUpper(strings.Join(export.UsageHeader(), "\t")))
		for _, row := range usage {
			cells := make([]string, len(row))
			for i, c := range row {
				cells[i] = cell(c)
			}
			fmt.Fprintln(tw, "  "+strings.Join(cells, "\t"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	for _, e := range inv.Evaluations {
		if e.ToolID != t.ID {
			continue
		}
		total, most := e.Total(&inv.Criteria)
		decision := "not decided yet"
		if e.Decision != "" {
			decision = string(e.Decision) + ": " + workbook.CleanLine(e.Reason)
		}
		fmt.Fprintf(buf, "\nEvaluation %s: %d of %d; %s\n", workbook.CleanLine(e.SchoolYear), total, most, decision)
	}
	return buf.Flush()
}

// findTool resolves what a person typed to name a tool: its id, a unique
// start of an id (3 characters or more), or its name (workbook.FindTool).
func findTool(inv *inventory.Inventory, name string) (*inventory.Tool, error) {
	if strings.TrimSpace(name) == "" {
		return nil, usagef("no tool named; give a tool's id or name (see `edtech-workbook inventory list`)")
	}
	t, err := workbook.FindTool(inv, name)
	if err != nil {
		return nil, fmt.Errorf("%w (`edtech-workbook inventory list`)", err)
	}
	return t, nil
}

func newInventoryAddCmd(a *app) *cobra.Command {
	var vendor, status, purpose string
	var force bool
	cmd := &cobra.Command{
		Use:   "add NAME",
		Short: "Add a tool to the inventory",
		Long: "Add a tool by the name people know it by. Its id is made from the name (ClassHub → classhub)\n" +
			"and never changes. A name the inventory already has (case, punctuation and \"Inc.\" aside) is\n" +
			"refused; one spelled very like another tool's is refused unless --force says it is another\n" +
			"tool. Fill in the rest with `edtech-workbook inventory set TOOL FIELD=VALUE`.",
		Example: "  edtech-workbook inventory add \"ClassHub\" --vendor \"Hubwise Inc.\" --status core",
		Args:    exactArgs(1, "one NAME (quote a name with spaces)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := inventory.ParseStatus(status)
			if err != nil {
				return usagef("--status: %v", err)
			}
			s, inv, err := a.loadInventory(true, false)
			if err != nil {
				return err
			}
			defer s.Close()
			name := strings.TrimSpace(args[0])
			for i := range inv.Tools {
				t := &inv.Tools[i]
				switch inventory.MatchName(t.Name, name) {
				case inventory.MatchExact, inventory.MatchSame:
					return fmt.Errorf("%q is already in the inventory as %q (%s); change it with `edtech-workbook inventory set %s FIELD=VALUE`", workbook.CleanLine(name), workbook.CleanLine(t.Name), t.ID, t.ID)
				case inventory.MatchClose:
					if !force {
						return fmt.Errorf("%q is spelled very like %q (%s), already in the inventory; pass --force if it is another tool", workbook.CleanLine(name), workbook.CleanLine(t.Name), t.ID)
					}
				}
			}
			id, err := inv.AddTool(inventory.Tool{Name: name, Vendor: strings.TrimSpace(vendor), Purpose: strings.TrimSpace(purpose), Status: st})
			if err != nil {
				return err
			}
			if _, err := s.SaveInventory(inv); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Added %q as %s (%s). Fill it in with `edtech-workbook inventory set %s FIELD=VALUE`.\n", workbook.CleanLine(name), id, st, id)
			return nil
		},
	}
	cmd.Flags().StringVar(&vendor, "vendor", "", "the company that makes it")
	cmd.Flags().StringVar(&status, "status", string(inventory.Piloting), "requested, piloting, approved, core, retiring or declined")
	cmd.Flags().StringVar(&purpose, "purpose", "", "the job it does, in a sentence")
	cmd.Flags().BoolVar(&force, "force", false, "add it even though its name is spelled very like another tool's")
	return cmd
}

func newInventorySetCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "set TOOL FIELD=VALUE...",
		Short: "Change a tool's fields",
		Long: "Set one or more fields of a tool; an empty VALUE clears the field. Lists take commas\n" +
			"(roles=teachers,students). Dates are written 2026-09-01; yes/no fields take yes or no; cost is\n" +
			"the yearly cost in dollars (setting it marks the tool paid). Fields:\n" + setFieldHelp(),
		Example: "  edtech-workbook inventory set classhub status=core renewal=2027-07-01 cost=18000 licences=2400\n" +
			"  edtech-workbook inventory set classhub agreement=signed agreement-signed=2025-07-01 agreement-expires=2028-06-30\n" +
			"  edtech-workbook inventory set classhub \"data-collected=name, school email, student work\"",
		Args: minArgs(2, "a TOOL and at least one FIELD=VALUE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			type change struct{ field, value string }
			var changes []change
			for _, arg := range args[1:] {
				field, value, ok := strings.Cut(arg, "=")
				field = strings.ToLower(strings.TrimSpace(field))
				if !ok || field == "" {
					return usagef("%q is not FIELD=VALUE; fields are %s", arg, strings.Join(setFieldNames(), ", "))
				}
				if setFields()[field] == nil {
					return usagef("unknown field %q; fields are %s", field, strings.Join(setFieldNames(), ", "))
				}
				changes = append(changes, change{field, strings.TrimSpace(value)})
			}
			s, inv, err := a.loadInventory(true, false)
			if err != nil {
				return err
			}
			defer s.Close()
			t, err := findTool(inv.Inventory, args[0])
			if err != nil {
				return err
			}
			var done []string
			for _, c := range changes {
				if err := setFields()[c.field].set(inv.Inventory, t, c.value); err != nil {
					return fmt.Errorf("tool %s: %s: %v; nothing was changed", t.ID, c.field, err)
				}
				done = append(done, c.field)
			}
			if _, err := s.SaveInventory(inv); err != nil {
				return fmt.Errorf("%w; nothing was changed", err)
			}
			fmt.Fprintf(a.stdout, "Updated %q (%s): %s.\n", workbook.CleanLine(t.Name), t.ID, strings.Join(done, ", "))
			return nil
		},
	}
}

// setField is one field `inventory set` can change (workbook.ToolFields,
// which the app's tool page and the accessible mode read too).
type setField struct {
	help string
	set  func(inv *inventory.Inventory, t *inventory.Tool, v string) error
}

// setFields lists the fields of `inventory set`.
func setFields() map[string]*setField {
	out := map[string]*setField{}
	for _, f := range workbook.ToolFields() {
		out[f.Key] = &setField{help: f.Help, set: f.Set}
	}
	return out
}

func setFieldNames() []string {
	var names []string
	for n := range setFields() {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func setFieldHelp() string {
	var b strings.Builder
	fields := setFields()
	for _, n := range setFieldNames() {
		fmt.Fprintf(&b, "  %-21s %s\n", n, fields[n].help)
	}
	return strings.TrimRight(b.String(), "\n")
}

func newInventorySnapshotCmd(a *app) *cobra.Command {
	var year string
	cmd := &cobra.Command{
		Use:   "snapshot",
		Short: "Keep a copy of the tools as they stand, as the record of a school year",
		Long: "Copy the tools as they stand now as the record of a school year (this one unless --year says\n" +
			"otherwise), replacing an earlier copy of the same year. Evaluations and cost per active user\n" +
			"read a year's copy, so take one at the end of each year.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if year == "" {
				year = inventory.SchoolYearOf(a.today())
			}
			s, inv, err := a.loadInventory(true, false)
			if err != nil {
				return err
			}
			defer s.Close()
			if err := inv.TakeSnapshot(year, a.today()); err != nil {
				return usagef("--year: %v", err)
			}
			if _, err := s.SaveInventory(inv); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Kept the %s of %s as they stand today.\n", workbook.CountOf(len(inv.Tools), "tool"), year)
			return nil
		},
	}
	cmd.Flags().StringVar(&year, "year", "", "the school year, like 2025-26 (default: this one)")
	return cmd
}

func newInventoryExportCmd(a *app) *cobra.Command {
	var format, out, table, district string
	formats := export.InventoryFormats()
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the inventory as " + strings.Join(formats, ", "),
		Long: "Write the inventory to standard output or a file. Formats:\n" +
			"  md      the team's report: overview, what falls due, every tool, core tools, selection\n" +
			"          requests, evaluations, usage imports (Markdown)\n" +
			"  html    the same as one self-contained page (no scripts, no outside requests; prints cleanly)\n" +
			"  csv     a spreadsheet table: --table tools (one row per tool), evaluations or requests\n" +
			"  public  the \"tools we use\" page for families and staff: what each tool in use is for, who\n" +
			"          uses it, what it collects, its data-privacy agreement, help guides, decisions and\n" +
			"          reasons, in plain words (no costs, usage figures or reviewers' names)\n" +
			"  json    the inventory file, for a coach's `edtech-workbook cohort --inventory`\n" +
			"Without --format, the extension of -o picks it (default md). --district names the district in\n" +
			"titles; by default the district the file's sessions name, when they name one.",
		Example: "  edtech-workbook inventory export --format public -o tools-we-use.html\n" +
			"  edtech-workbook inventory export --format csv --table evaluations -o evaluations.csv",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !cmd.Flags().Changed("format") {
				format = formatFromPath(out, formats, format)
			}
			if !slices.Contains(formats, format) {
				return usagef("unknown --format %q; use one of %s", format, strings.Join(formats, ", "))
			}
			if cmd.Flags().Changed("table") && format != export.FormatCSV {
				return usagef("--table only applies to --format csv")
			}
			if !slices.Contains(export.InventoryTables(), table) {
				return usagef("unknown --table %q; use one of %s", table, strings.Join(export.InventoryTables(), ", "))
			}
			s, inv, err := a.loadInventory(false, false)
			if err != nil {
				return err
			}
			defer s.Close()
			if !cmd.Flags().Changed("district") {
				if district, err = fileDistrict(s); err != nil {
					return err
				}
			}
			data, err := export.RenderInventory(inv.Inventory, &inv.Criteria, format,
				export.InventoryOptions{District: district, Today: a.today(), Table: table})
			if err != nil {
				return err
			}
			return a.writeOutput(out, data, fmt.Sprintf("%s, %d bytes", format, len(data)))
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", export.FormatMarkdown, "output format: "+strings.Join(formats, ", "))
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to this file instead of standard output")
	cmd.Flags().StringVar(&table, "table", export.TableTools, "with --format csv: "+strings.Join(export.InventoryTables(), ", "))
	cmd.Flags().StringVar(&district, "district", "", "the district's name for titles (default: the one the sessions name)")
	return cmd
}

// fileDistrict is the district every session of the file names, or "".
func fileDistrict(s *store.Store) (string, error) {
	sums, err := s.List()
	if err != nil {
		return "", err
	}
	district := ""
	for _, sum := range sums {
		d := strings.TrimSpace(sum.District)
		switch {
		case d == "":
		case district == "":
			district = d
		case !strings.EqualFold(d, district):
			return "", nil
		}
	}
	return district, nil
}
