package cli

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/export"
	"edtech-workbook/workbook/inventory"
)

func newCohortCmd(a *app) *cobra.Command {
	var format, out string
	var inventories []string
	cmd := &cobra.Command{
		Use:   "cohort FILE.json...",
		Short: "Roll up many teams' exported sessions into one report (" + strings.Join(export.CohortFormats, ", ") + ")",
		Long: "Read several teams' session files (written by `export --format json`) and write one report: a\n" +
			"heat map of domain scores (teams × domains), the most common gaps, each team's problem of\n" +
			"practice and aim, and action-step status counts. Teams on different template versions are\n" +
			"compared on the indicators they share, and the report lists the ones that differ. With\n" +
			"--inventory (a district's `inventory export --format json`, once per district) the report\n" +
			"also counts the tools districts share and where their data-privacy agreements stand. The\n" +
			"files are only read; nothing is stored.",
		Example: "  edtech-workbook cohort teams/*.json --format html -o cohort.html",
		Args:    minArgs(1, "one or more FILE.json (written by `edtech-workbook export --format json`)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("format") {
				format = formatFromPath(out, export.CohortFormats, format)
			}
			if !slices.Contains(export.CohortFormats, format) {
				return usagef("unknown --format %q for a cohort report; use one of %s", format, strings.Join(export.CohortFormats, ", "))
			}
			sessions := make([]*workbook.Session, 0, len(args))
			for _, path := range args {
				s, err := workbook.ReadSessionFile(path)
				if err != nil {
					return err
				}
				sessions = append(sessions, s)
			}
			tools := export.CohortTools{Today: a.today()}
			for _, path := range inventories {
				f, err := workbook.ReadInventoryFile(path)
				if err != nil {
					return err
				}
				name := strings.TrimSpace(f.District)
				if name == "" {
					name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
				}
				tools.Districts = append(tools.Districts, inventory.District{Name: name, Inventory: f.Inventory})
			}
			data, err := export.CohortWithTools(sessions, tools, format)
			if err != nil {
				return err
			}
			return a.writeOutput(out, data, fmt.Sprintf("%s, %d bytes", format, len(data)))
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", export.FormatMarkdown, "output format: "+strings.Join(export.CohortFormats, ", "))
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to this file instead of standard output")
	cmd.Flags().StringArrayVar(&inventories, "inventory", nil, "a district's inventory file (`inventory export --format json`); repeat for each district")
	return cmd
}
