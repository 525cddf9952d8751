package serve

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"charm.land/ssh"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/export"
)

// The commands a connection may run (`ssh host -- COMMAND`) besides the app
// and --accessible. Nothing else runs: no shell, no other program. Each
// reads through the person's guard, so it shows exactly what the app would.
const commandsUsage = `edtech-workbook over SSH:
  ssh HOST                                   the workbook (needs a terminal)
  ssh -t HOST -- --accessible                plain prompts (or SetEnv ACCESSIBLE=1)
  ssh HOST -- list [--json]                  your sessions
  ssh HOST -- export SESSION --format md|html|json|csv [--table ratings|actions|answers|comments] > FILE
SESSION is a session id, a unique start of it (4+ characters), or the team name.`

// command runs one command and returns its exit code: 0 done, 1 failed,
// 2 wrong usage.
func (s *Server) command(sess ssh.Session, g *Guard, p Person, args []string) int {
	out, errOut := sess, sess.Stderr()
	fail := func(code int, format string, a ...any) int {
		fmt.Fprintln(errOut, "edtech-workbook: "+workbook.CleanLine(fmt.Sprintf(format, a...)))
		return code
	}
	switch args[0] {
	case "help", "--help", "-h":
		fmt.Fprintln(out, strings.ReplaceAll(commandsUsage, "ssh HOST", s.sshCommand()))
		return 0
	case "list":
		fs := newFlags("list")
		asJSON := fs.Bool("json", false, "")
		if err := fs.Parse(args[1:]); err != nil || fs.NArg() > 0 {
			return fail(2, "list takes only --json; see `%s -- help`", s.sshCommand())
		}
		if err := listSessions(out, g, p, *asJSON); err != nil {
			return fail(1, "%s", err)
		}
		return 0
	case "export":
		fs := newFlags("export")
		format := fs.String("format", "", "")
		table := fs.String("table", "", "")
		name, rest := "", args[1:]
		if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
			name, rest = rest[0], rest[1:]
		}
		if err := fs.Parse(rest); err != nil || (name == "" && fs.NArg() != 1) || (name != "" && fs.NArg() != 0) {
			return fail(2, "export takes one SESSION and --format md|html|json|csv; see `%s -- help`", s.sshCommand())
		}
		if name == "" {
			name = fs.Arg(0)
		}
		if err := exportSession(out, g, name, *format, *table); err != nil {
			return fail(1, "%s", err)
		}
		return 0
	}
	return fail(2, "%q is not something the cohort server runs (no shell or other program runs here); see `%s -- help`", args[0], s.sshCommand())
}

func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// listSessions prints the sessions the person may read, as `list` does.
func listSessions(out io.Writer, g *Guard, p Person, asJSON bool) error {
	sums, err := g.List()
	if err != nil {
		return err
	}
	if asJSON {
		if sums == nil {
			sums = []workbook.Summary{}
		}
		data, err := workbook.MarshalJSON(sums, true)
		if err != nil {
			return err
		}
		_, err = out.Write(data)
		return err
	}
	if len(sums) == 0 {
		_, err := fmt.Fprintf(out, "No sessions for %s yet.\n", workbook.CleanLine(p.Describe()))
		return err
	}
	buf := bufio.NewWriter(out)
	tw := tabwriter.NewWriter(buf, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTEAM\tDISTRICT\tYEAR\tTEMPLATE\tPROGRESS\tCHANGED")
	for _, s := range sums {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d%%\t%s\n", cell(s.ID), cell(s.Team), cell(s.District),
			cell(s.SchoolYear), cell(s.TemplateRef), s.Progress, s.Updated.UTC().Format("2006-01-02 15:04 UTC"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return buf.Flush()
}

// cell is text for a table cell: one clean line without tabs.
func cell(s string) string { return strings.ReplaceAll(workbook.CleanLine(s), "\t", " ") }

// exportSession writes a session the person may read in a format.
func exportSession(out io.Writer, g *Guard, name, format, table string) error {
	if !slices.Contains(export.Formats, format) {
		return fmt.Errorf("--format must be one of %s", strings.Join(export.Formats, ", "))
	}
	if table != "" && (format != export.FormatCSV || !slices.Contains(export.CSVTables, table)) {
		return fmt.Errorf("--table goes with --format csv and is one of %s", strings.Join(export.CSVTables, ", "))
	}
	s, err := findSession(g, name)
	if err != nil {
		return err
	}
	opts := export.Options{Table: table}
	if format == export.FormatJSON {
		if opts.Base, err = workbook.BaseFor(g, s.ID); err != nil {
			return err
		}
	}
	data, err := export.Render(s, format, opts)
	if err != nil {
		return err
	}
	_, err = out.Write(data)
	return err
}

// findSession resolves a session id, a unique start of one (4+
// characters) or a team name among the sessions the person may read, and
// reads it through the guard (which refuses any other).
func findSession(g *Guard, name string) (*workbook.Session, error) {
	name = strings.TrimSpace(name)
	sums, err := g.List()
	if err != nil {
		return nil, err
	}
	var matches []workbook.Summary
	for _, s := range sums {
		if s.ID == name {
			return g.Get(s.ID)
		}
		if (len(name) >= 4 && strings.HasPrefix(s.ID, name)) || strings.EqualFold(s.Team, name) {
			matches = append(matches, s)
		}
	}
	switch len(matches) {
	case 0:
		return g.Get(name) // the guard's answer: the same for another team's id and none
	case 1:
		return g.Get(matches[0].ID)
	}
	ids := make([]string, len(matches))
	for i, m := range matches {
		ids[i] = m.ID + " (" + workbook.CleanLine(m.Team) + ", " + workbook.CleanLine(m.SchoolYear) + ")"
	}
	return nil, fmt.Errorf("%q matches %d sessions: %s; use the id", workbook.CleanLine(name), len(matches), strings.Join(ids, ", "))
}
