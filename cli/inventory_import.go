package cli

import (
	"bufio"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
)

// importShown bounds how many matched and new tools the proposal lists one
// by one; loose matches and formula-like names are always listed.
const importShown = 12

func newInventoryImportCmd(a *app) *cobra.Command {
	var source, report, period string
	var maps, skip, asNew []string
	var yes bool
	cmd := &cobra.Command{
		Use:   "import FILE.csv",
		Short: "Import usage figures from a single sign-on, network, vendor or survey CSV report",
		Long: "Read a usage report (UTF-8 CSV with a header row) and record each tool's figures: active users,\n" +
			"sessions and minutes over the report's period. ClassLink- and Clever-style exports are\n" +
			"recognised by their columns; for any other report name the columns with --map COLUMN=FIELD\n" +
			"(fields: tool, active_users, sessions, minutes, from, to, date) and say --source.\n" +
			"\n" +
			"The report's tools are matched to the inventory by name (case, punctuation and \"Inc.\" aside);\n" +
			"a name spelled a little differently is matched with a note to check, a name that matches\n" +
			"nothing becomes a new tool (piloting). The proposal is shown first and nothing is stored until\n" +
			"you say yes (or pass --yes; without a terminal, --yes is required). Importing the same report\n" +
			"for the same period again replaces its figures instead of adding them twice. A file with\n" +
			"columns that identify people (student ids, names, emails) is refused: the inventory keeps\n" +
			"totals per tool only. The import is one transaction: all of it or nothing.",
		Example: "  edtech-workbook inventory import classlink-2025-26.csv\n" +
			"  edtech-workbook inventory import network.csv --source network --map Site=tool --map Users=active_users --period 2025-09-01..2026-06-30 --yes\n" +
			"  edtech-workbook inventory import clever.csv --skip \"Test App\" --new \"Class Hub Beta\"",
		Args: exactArgs(1, "one FILE.csv (a usage report with a header row)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opt, err := importOptions(source, report, period, maps)
			if err != nil {
				return err
			}
			return importUsage(a, args[0], opt, importChoices{yes: yes, skip: skip, asNew: asNew})
		},
	}
	cmd.Flags().StringVar(&source, "source", "", "where the figures come from: sso, survey, network or vendor (required with --map)")
	cmd.Flags().StringVar(&report, "report", "", "the report's name, e.g. \"Lightspeed\" (with the source and period, it is what a re-import replaces)")
	cmd.Flags().StringArrayVar(&maps, "map", nil, "COLUMN=FIELD: the file's COLUMN holds FIELD (tool, active_users, sessions, minutes, from, to, date); repeat for each")
	cmd.Flags().StringVar(&period, "period", "", "FROM..TO: the days the report covers, like 2025-09-01..2026-06-30 (default: from the file's date columns)")
	cmd.Flags().BoolVar(&yes, "yes", false, "import as proposed without asking")
	cmd.Flags().StringArrayVar(&skip, "skip", nil, "leave out the tool of this name in the file; repeat for each")
	cmd.Flags().StringArrayVar(&asNew, "new", nil, "add the tool of this name in the file as a new tool instead of matching it; repeat for each")
	return cmd
}

// importChoices are the person's answers given as flags.
type importChoices struct {
	yes         bool
	skip, asNew []string
}

// importOptions reads the flags of `inventory import`.
func importOptions(source, report, period string, maps []string) (inventory.ImportOptions, error) {
	opt := inventory.ImportOptions{Report: strings.TrimSpace(report)}
	if source != "" {
		s, err := inventory.ParseUsageSource(source)
		if err != nil {
			return opt, usagef("--source: %v", err)
		}
		opt.Source = s
	}
	if period != "" {
		from, to, ok := strings.Cut(period, "..")
		f, err1 := inventory.ParseDate(strings.TrimSpace(from))
		t, err2 := inventory.ParseDate(strings.TrimSpace(to))
		if !ok || err1 != nil || err2 != nil {
			return opt, usagef("--period %q is not FROM..TO; write it like 2025-09-01..2026-06-30", period)
		}
		if t.Before(f) {
			return opt, usagef("--period %q ends before it starts; give the first day, then the last", period)
		}
		opt.Period = inventory.Period{From: f, To: t}
	}
	if len(maps) > 0 {
		opt.Mapping = inventory.Mapping{}
		for _, m := range maps {
			i := strings.LastIndexByte(m, '=')
			if i <= 0 {
				return opt, usagef("--map %q is not COLUMN=FIELD, like --map \"App Name=tool\"", m)
			}
			col, field := strings.TrimSpace(m[:i]), m[i+1:]
			role, ok := parseRole(field)
			if !ok {
				return opt, usagef("--map %q: unknown field %q; use tool, active_users, sessions, minutes, from, to or date", m, field)
			}
			if prev, taken := opt.Mapping[role]; taken {
				return opt, usagef("--map names two columns for %s (%q and %q); keep one", role, prev, col)
			}
			opt.Mapping[role] = col
		}
		if opt.Source == "" {
			return opt, usagef("--map needs --source: say where the figures come from (sso, survey, network or vendor)")
		}
	}
	return opt, nil
}

// parseRole reads a --map field, allowing the usual other words for it.
func parseRole(s string) (inventory.Role, bool) {
	key := strings.NewReplacer("-", "_", " ", "_").Replace(strings.ToLower(strings.TrimSpace(s)))
	switch key {
	case "tool", "name", "app", "tool_name":
		return inventory.RoleTool, true
	case "active_users", "users", "unique_users":
		return inventory.RoleActiveUsers, true
	case "sessions", "logins", "launches", "visits":
		return inventory.RoleSessions, true
	case "minutes", "time":
		return inventory.RoleMinutes, true
	case "from", "start", "first_day":
		return inventory.RoleFrom, true
	case "to", "end", "last_day":
		return inventory.RoleTo, true
	case "date", "day":
		return inventory.RoleDate, true
	}
	return "", false
}

// usageFileError words an error of the usage file's reader for the command line.
func usageFileError(path string, err error) error {
	var cols *inventory.ColumnsError
	switch {
	case errors.As(err, &cols):
		return fmt.Errorf("%s: %w; name them with --map COLUMN=FIELD (fields: tool, active_users, sessions, minutes, from, to, date) and --source", path, err)
	case errors.Is(err, inventory.ErrNoPeriod):
		return fmt.Errorf("%s: %w; pass --period FROM..TO, like --period 2025-09-01..2026-06-30", path, err)
	}
	return fmt.Errorf("%s: %w", path, err)
}

// importUsage is `inventory import`: read, propose, confirm, apply, save.
func importUsage(a *app, path string, opt inventory.ImportOptions, choices importChoices) error {
	data, size, err := workbook.ReadUsageFile(path)
	if err != nil {
		return err
	}
	prog := a.startProgress(fmt.Sprintf("Reading %s (%.1f MB)", filepath.Base(path), float64(size)/1e6))
	defer prog.end()
	f, err := inventory.ParseUsage(data, opt)
	if err != nil {
		return usageFileError(path, err)
	}
	s, inv, err := a.loadInventory(true, false)
	if err != nil {
		return err
	}
	defer s.Close()
	prog.step(fmt.Sprintf("Matching %s against the inventory", workbook.CountOf(len(f.Tools), "tool")))
	proposals := inventory.Propose(inv.Inventory, f)
	if err := applyChoices(f, proposals, choices); err != nil {
		return err
	}
	prog.end()
	printProposal(a, path, f, proposals)
	if line := inventory.Replaced(inv.Inventory, f, proposals).Sentence(); line != "" {
		fmt.Fprintln(a.stdout, workbook.CleanLine(line))
	}

	if !choices.yes {
		if !a.stdinIsTerminal() {
			return fmt.Errorf("nothing was imported: standard input is not a terminal, so no one can confirm the proposal; pass --yes to import it as shown")
		}
		if !a.askYes(fmt.Sprintf("Import these figures into %s? [y/N] ", workbook.CleanLine(s.Path()))) {
			fmt.Fprintln(a.stderr, "Import cancelled; nothing changed.")
			return nil
		}
	}
	saving := a.startProgress("Saving")
	defer saving.end()
	replaces := ""
	for _, r := range inv.Imports {
		if r.Source == f.Source && r.Period == f.Period && strings.EqualFold(strings.TrimSpace(r.Report), strings.TrimSpace(f.Report)) {
			replaces = fmt.Sprintf(" It replaces the figures imported on %s from the same report and period.", r.Imported)
		}
	}
	out, rec, err := inventory.Apply(inv.Inventory, f, proposals, inventory.ApplyOptions{Imported: a.today(), File: filepath.Base(path)})
	if err != nil {
		return fmt.Errorf("nothing was imported: %w", err)
	}
	inv.Inventory = out
	if _, err := s.SaveInventory(inv); err != nil {
		return fmt.Errorf("nothing was imported: %w", err)
	}
	saving.end()
	fmt.Fprintf(a.stdout, "Imported usage for %s (%d new) from %s: %s, %s.%s\n", workbook.CountOf(rec.Tools, "tool"), rec.Added,
		workbook.CleanLine(filepath.Base(path)), sourceWords(f.Source, f.Report), f.Period, replaces)
	return nil
}

// applyChoices puts --skip and --new into the proposals. Every name given
// must be a tool of the file.
func applyChoices(f *inventory.UsageFile, proposals []inventory.Proposal, c importChoices) error {
	find := func(flag, name string) (*inventory.Proposal, error) {
		for i := range proposals {
			if strings.EqualFold(strings.TrimSpace(proposals[i].Name), strings.TrimSpace(name)) {
				return &proposals[i], nil
			}
		}
		return nil, usagef("%s %q names no tool of the file; use a name as the proposal shows it", flag, name)
	}
	for _, n := range c.asNew {
		p, err := find("--new", n)
		if err != nil {
			return err
		}
		p.Action, p.ToolID, p.ToolName, p.Match = inventory.ActionAdd, "", "", inventory.MatchNone
	}
	for _, n := range c.skip {
		p, err := find("--skip", n)
		if err != nil {
			return err
		}
		p.Action = inventory.ActionSkip
	}
	return nil
}

func sourceWords(s inventory.UsageSource, report string) string {
	if r := workbook.CleanLine(report); r != "" {
		return fmt.Sprintf("%s %q", s.Label(), r)
	}
	return s.Label()
}

// printProposal shows what the import will do, grouped: matched, loosely
// matched (to check), new, left out; and what was skipped in the file.
func printProposal(a *app, path string, f *inventory.UsageFile, proposals []inventory.Proposal) {
	w := bufio.NewWriter(a.stdout)
	defer w.Flush()
	kind := "your column mapping"
	for _, p := range inventory.Presets() {
		if p.ID == f.Preset {
			kind = p.Title
		}
	}
	fmt.Fprintf(w, "Usage report %s: %s, %s.\n", workbook.CleanLine(filepath.Base(path)), kind, sourceWords(f.Source, f.Report))
	var cols []string
	for _, r := range inventory.Roles() {
		if c := f.Mapping[r]; c != "" {
			cols = append(cols, fmt.Sprintf("%s = %q", r.Label(), workbook.CleanLine(c)))
		}
	}
	fmt.Fprintf(w, "  Columns: %s\n", strings.Join(cols, ", "))
	fmt.Fprintf(w, "  Period:  %s\n", f.Period)
	fmt.Fprintf(w, "  Rows:    %s, %s\n", workbook.CountOf(f.Rows, "data row"), workbook.CountOf(len(f.Tools), "tool"))
	if len(f.Skipped) > 0 {
		fmt.Fprintf(w, "  Skipped: %s\n", strings.Join(f.Skipped, "; "))
	}

	var matched, loose, added, left []inventory.Proposal
	combined := 0
	for _, p := range proposals {
		if f.Tools[p.Row].Rows > 1 {
			combined++
		}
		switch {
		case p.Action == inventory.ActionSkip:
			left = append(left, p)
		case p.Action == inventory.ActionAdd:
			added = append(added, p)
		case p.Match == inventory.MatchClose:
			loose = append(loose, p)
		default:
			matched = append(matched, p)
		}
	}
	name := func(p inventory.Proposal) string { return fmt.Sprintf("%q", workbook.CleanLine(p.Name)) }
	notes := func(p inventory.Proposal, all bool) {
		for _, n := range p.Notes {
			if all || strings.Contains(n, "formula") {
				fmt.Fprintf(w, "      note: %s\n", workbook.CleanLine(n))
			}
		}
	}
	if len(matched) > 0 {
		fmt.Fprintf(w, "Matched (%d):\n", len(matched))
		for i, p := range matched {
			if i == importShown {
				fmt.Fprintf(w, "  … and %d more\n", len(matched)-importShown)
				break
			}
			fmt.Fprintf(w, "  %s → %s (%s)\n", name(p), workbook.CleanLine(p.ToolName), p.ToolID)
		}
	}
	if len(loose) > 0 {
		fmt.Fprintf(w, "Loosely matched, check these (%d; pass --new NAME to add one as a new tool, --skip NAME to leave it out):\n", len(loose))
		for _, p := range loose {
			fmt.Fprintf(w, "  %s → %s (%s)\n", name(p), workbook.CleanLine(p.ToolName), p.ToolID)
			notes(p, true)
		}
	}
	if len(added) > 0 {
		fmt.Fprintf(w, "New tools, added as piloting (%d):\n", len(added))
		for i, p := range added {
			if i == importShown {
				fmt.Fprintf(w, "  … and %d more\n", len(added)-importShown)
				break
			}
			fmt.Fprintf(w, "  %s\n", name(p))
			notes(p, false)
		}
	}
	if len(left) > 0 {
		fmt.Fprintf(w, "Left out (%d):\n", len(left))
		for _, p := range left {
			fmt.Fprintf(w, "  %s\n", name(p))
		}
	}
	// Formula-like names past the shown lines are listed all the same.
	var formulas []string
	for _, group := range [][]inventory.Proposal{matched, added} {
		for i, p := range group {
			if i >= importShown && inventory.LooksLikeFormula(p.Name) {
				formulas = append(formulas, name(p))
			}
		}
	}
	if len(formulas) > 0 {
		fmt.Fprintf(w, "Names that start like a spreadsheet formula (kept as text, never run): %s\n", strings.Join(formulas, ", "))
	}
	if combined > 0 {
		were := fmt.Sprintf("%d tools were", combined)
		if combined == 1 {
			were = "1 tool was"
		}
		fmt.Fprintf(w, "%s on several rows: their sessions and minutes are added up, and active users is the largest single row (the same person may be on several rows).\n", were)
	}
}
