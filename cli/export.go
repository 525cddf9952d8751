package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/export"
)

func newExportCmd(a *app) *cobra.Command {
	var format, out string
	var opts export.Options
	cmd := &cobra.Command{
		Use:   "export SESSION",
		Short: "Write a session as " + strings.Join(export.Formats, ", "),
		Long: "Write one session to standard output or a file. SESSION is a session id, a unique id prefix,\n" +
			"or a team name (see `edtech-workbook list`). Formats:\n" +
			"  md    the whole session as a readable Markdown document (GitHub and any viewer)\n" +
			"  html  one self-contained page: no scripts, no external requests, prints cleanly\n" +
			"  json  the canonical session file, for `import` and `cohort`; a session a coach reviewed\n" +
			"        carries the file the team sent (its base), so the team's `import --merge` is three-way\n" +
			"  csv   a spreadsheet table: --table ratings (one row per indicator), actions (one per step,\n" +
			"        with overdue and improvement cycles), answers, comments (one row per comment, thread\n" +
			"        by thread, with the part it is on) or measures (one per dated value of each measure)\n" +
			"Action steps due before today and not done are flagged overdue (md, html, csv actions).\n" +
			"Without --format, the extension of -o picks it (default json). Files are written privately\n" +
			"(0600) through a temporary file, so a failed export never leaves half a file.",
		Example: "  edtech-workbook export 3f2a --format json -o team.json\n" +
			"  edtech-workbook export \"Alderbrook\" -o summary.html\n" +
			"  edtech-workbook export 3f2a --format csv --table actions -o actions.csv",
		Args: exactArgs(1, "one SESSION (an id or team name)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("format") {
				format = formatFromPath(out, export.Formats, format)
			}
			if !slices.Contains(export.Formats, format) {
				return usagef("unknown --format %q; use one of %s", format, strings.Join(export.Formats, ", "))
			}
			if cmd.Flags().Changed("table") && format != export.FormatCSV {
				return usagef("--table only applies to --format csv")
			}
			if !slices.Contains(export.CSVTables, opts.Table) {
				return usagef("unknown --table %q; use one of %s", opts.Table, strings.Join(export.CSVTables, ", "))
			}
			store, err := a.readStore()
			if err != nil {
				return err
			}
			defer store.Close()
			sess, err := findSession(store, args[0])
			if err != nil {
				return err
			}
			opts.Today = a.now()
			if format == export.FormatJSON {
				if opts.Base, err = workbook.BaseFor(store, sess.ID); err != nil {
					return err
				}
			}
			data, err := export.Render(sess, format, opts)
			if err != nil {
				return err
			}
			return a.writeOutput(out, data, fmt.Sprintf("%s, %d bytes", format, len(data)))
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", export.FormatJSON, "output format: "+strings.Join(export.Formats, ", "))
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to this file instead of standard output")
	cmd.Flags().StringVar(&opts.Table, "table", export.TableRatings, "with --format csv: "+strings.Join(export.CSVTables, " or "))
	return cmd
}
