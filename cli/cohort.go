package cli

import (
	"fmt"
	"path/filepath"
	"runtime"
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
			cohort, err := readCohort(a, args)
			if err != nil {
				return err
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
			data, err := cohort.Render(tools, format)
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

// readCohort reads the teams' session files as a stream: each file is read,
// checked and reduced to what the report needs (export.NewCohortTeam) on
// one of several goroutines (one per core), and the session is dropped, so
// memory holds a few sessions at a time whatever the number of files; the
// teams are added in the order of the files. On a terminal, standard error
// shows how many files are done. The first bad file (in that order) is the
// error.
func readCohort(a *app, paths []string) (*export.CohortBuilder, error) {
	prog := a.startProgress("Reading")
	defer prog.end()
	type result struct {
		team *export.CohortTeam
		err  error
	}
	results := make([]chan result, len(paths))
	for i := range results {
		results[i] = make(chan result, 1)
	}
	next := make(chan int)
	stop := make(chan struct{})
	defer close(stop)
	workers := min(runtime.GOMAXPROCS(0), len(paths))
	for range workers {
		go func() {
			for i := range next {
				s, err := workbook.ReadSessionFile(paths[i])
				var r result
				if r.err = err; err == nil {
					r.team = export.NewCohortTeam(s)
				}
				results[i] <- r
			}
		}()
	}
	go func() {
		defer close(next)
		for i := range paths {
			select {
			case next <- i:
			case <-stop:
				return
			}
		}
	}()
	var b export.CohortBuilder
	for i := range paths {
		r := <-results[i]
		if r.err != nil {
			return nil, r.err
		}
		b.Add(r.team)
		results[i] = nil
		prog.count(i+1, len(paths), "files")
	}
	return &b, nil
}
