package cli

import (
	"bufio"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"edtech-workbook/workbook"
)

func newListCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the sessions in the workbook file",
		Long:  "List the sessions in the workbook file, most recently changed first: id, team, district,\nschool year, template, progress and last change.",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			store, err := a.readStore()
			if err != nil {
				return err
			}
			defer store.Close()
			sums, err := store.List()
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
				_, err = a.stdout.Write(data)
				return err
			}
			if len(sums) == 0 {
				fmt.Fprintf(a.stdout, "No sessions in %s yet. Run `edtech-workbook` and press n, or `edtech-workbook demo`.\n", workbook.CleanLine(store.Path()))
				return nil
			}
			// Buffered: one write for the whole table, not one per cell.
			buf := bufio.NewWriter(a.stdout)
			tw := tabwriter.NewWriter(buf, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tTEAM\tDISTRICT\tYEAR\tTEMPLATE\tPROGRESS\tCHANGED")
			for _, s := range sums {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", cell(s.ID), cell(s.Team), cell(s.District),
					cell(s.SchoolYear), cell(s.TemplateRef), workbook.ProgressText(s.Progress), s.Updated.Local().Format("2006-01-02 15:04"))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			return buf.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the list as JSON")
	return cmd
}
