package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"edtech-workbook/internal/gcpace"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/export"
	"edtech-workbook/workbook/inventory"
	"edtech-workbook/workbook/store"
)

// cohortMemoryLimit is the soft memory limit of a cohort report (see
// debug.SetMemoryLimit): well under the 100 MB a report of 10,000 teams
// may take.
const cohortMemoryLimit = 48 << 20

// cohortFilter picks the sessions of a cohort report by tag, school year
// and district (each compared without case, cleaned as `tag` stores a tag:
// one line, spaces collapsed; empty: any).
type cohortFilter struct{ tag, year, district string }

func (f cohortFilter) empty() bool { return f.tag == "" && f.year == "" && f.district == "" }

func (f cohortFilter) keep(tag, year, district string) bool {
	norm := func(s string) string { return strings.Join(strings.Fields(workbook.CleanLine(s)), " ") }
	same := func(want, have string) bool {
		return want == "" || strings.EqualFold(norm(want), norm(have))
	}
	return same(f.tag, tag) && same(f.year, year) && same(f.district, district)
}

func (f cohortFilter) String() string {
	var out []string
	for _, x := range []struct{ name, v string }{{"tag", f.tag}, {"year", f.year}, {"district", f.district}} {
		if x.v != "" {
			out = append(out, fmt.Sprintf("%s %q", x.name, x.v))
		}
	}
	return strings.Join(out, ", ")
}

func newCohortCmd(a *app) *cobra.Command {
	var format, out, sortKey, asOf string
	var staleDays int
	var inventories []string
	var filter cohortFilter
	cmd := &cobra.Command{
		Use:   "cohort [FILE.json...]",
		Short: "Roll up many teams' sessions into one report (" + strings.Join(export.CohortFormats, ", ") + ")",
		Long: "Compare the teams of a cohort: each team's overall score, completion, last change, stale and\n" +
			"overdue-step flags, and a cohort-average row; a heat map of domain scores; the most common\n" +
			"gaps; the problems of practice by focus indicator and phase; end-of-year decisions; and a trend\n" +
			"per district across school years. Give teams' session files (written by `export --format\n" +
			"json`), or none to read the sessions in your workbook file (--db). --tag, --year and\n" +
			"--district pick the sessions. A team appears once, at its latest school year; its earlier\n" +
			"years feed the district trend. Teams on different template versions are compared on the\n" +
			"indicators they share. csv is the long table: one row per team × indicator × rater, with\n" +
			"team, district, year and template@version on every row. With --inventory (a district's\n" +
			"`inventory export --format json`, once per district) the report also counts the tools\n" +
			"districts share. Nothing is stored.",
		Example: "  edtech-workbook cohort teams/*.json --format html -o cohort.html\n" +
			"  edtech-workbook cohort --db coach.db --tag \"2025 cohort\" --sort stale -o cohort.md\n" +
			"  edtech-workbook cohort --db coach.db --format csv -o cohort.csv",
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("format") {
				format = formatFromPath(out, export.CohortFormats, format)
			}
			if !slices.Contains(export.CohortFormats, format) {
				return usagef("unknown --format %q for a cohort report; use one of %s", format, strings.Join(export.CohortFormats, ", "))
			}
			// The report holds one small digest per team and a few sessions
			// being read, and makes a lot of short-lived garbage: the
			// collector runs less often (GOGC 400) within a soft memory limit
			// that keeps the whole well under budget (GOGC and GOMEMLIMIT,
			// when set, win).
			defer gcpace.Lazy(cohortMemoryLimit)()
			if !slices.Contains(workbook.CohortSorts, sortKey) {
				return usagef("unknown --sort %q; use one of %s", sortKey, strings.Join(workbook.CohortSorts, ", "))
			}
			if staleDays < 1 {
				return usagef("--stale-days must be 1 or more, not %d", staleDays)
			}
			today := a.now()
			if asOf != "" {
				d, err := time.Parse(time.DateOnly, asOf)
				if err != nil {
					return usagef("--as-of %q is not a date; write it as YYYY-MM-DD", asOf)
				}
				today = d
			}
			if format == export.FormatCSV && len(inventories) > 0 {
				return usagef("--inventory goes with --format md or html; the long CSV has no tools section")
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
			each := a.cohortSource(args, filter)
			// On a terminal, standard error shows how far the reading is:
			// files taken of those given, or a spinner for the workbook file.
			label := "Reading the workbook file"
			if len(args) > 0 {
				label = "Reading"
			}
			prog := a.startProgress(label)
			defer prog.end()
			read := each
			each = func(fn func(*workbook.Session) error) error {
				n := 0
				err := read(func(s *workbook.Session) error {
					n++
					if len(args) > 0 {
						prog.count(n, len(args), "files")
					}
					return fn(s)
				})
				prog.end()
				return err
			}
			if format == export.FormatCSV {
				return a.writeStream(out, func(w io.Writer) (string, error) {
					c := export.NewCohortCSV(w)
					n := 0
					err := each(func(s *workbook.Session) error { n++; return c.Add(s) })
					if err == nil && n == 0 {
						err = noCohortErr(args, filter)
					}
					if err != nil {
						return "", err
					}
					return fmt.Sprintf("csv, %s", workbook.CountOf(n, "session")), c.Close()
				})
			}
			c := workbook.NewCohort(workbook.CohortOptions{Today: today, StaleDays: staleDays, Sort: sortKey})
			if err := each(func(s *workbook.Session) error { c.Add(s); return nil }); err != nil {
				return err
			}
			if c.Len() == 0 {
				return noCohortErr(args, filter)
			}
			v, err := c.Build()
			if err != nil {
				return err
			}
			return a.writeStream(out, func(w io.Writer) (string, error) {
				cw := &countingWriter{w: w}
				if err := export.RenderCohort(cw, v, tools, format); err != nil {
					return "", err
				}
				return fmt.Sprintf("%s, %s, %d bytes", format, workbook.CountOf(len(v.Teams), "team"), cw.n), nil
			})
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", export.FormatMarkdown, "output format: "+strings.Join(export.CohortFormats, ", "))
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to this file instead of standard output")
	cmd.Flags().StringArrayVar(&inventories, "inventory", nil, "a district's inventory file (`inventory export --format json`); repeat for each district")
	cmd.Flags().StringVar(&filter.tag, "tag", "", "only sessions with this cohort tag (set with `edtech-workbook tag`)")
	cmd.Flags().StringVar(&filter.year, "year", "", "only sessions of this school year (2025-26)")
	cmd.Flags().StringVar(&filter.district, "district", "", "only sessions of this district")
	cmd.Flags().StringVar(&sortKey, "sort", workbook.SortTeam, "order of the team rows: "+strings.Join(workbook.CohortSorts, ", "))
	cmd.Flags().IntVar(&staleDays, "stale-days", workbook.DefaultStaleDays, "flag a team as stale after this many days without a change")
	cmd.Flags().StringVar(&asOf, "as-of", "", "count stale days and overdue steps as of this date (YYYY-MM-DD; default today)")
	return cmd
}

// cohortSource returns a walk over the cohort's sessions: the files given
// (read a few at a time, one per core, and taken in order), or else the
// sessions of the workbook file.
func (a *app) cohortSource(files []string, f cohortFilter) func(fn func(*workbook.Session) error) error {
	if len(files) > 0 {
		return func(fn func(*workbook.Session) error) error {
			return workbook.ReadSessionFiles(files, func(s *workbook.Session) error {
				if !f.keep(s.Cohort, s.SchoolYear, s.District) {
					return nil
				}
				return fn(s)
			})
		}
	}
	return func(fn func(*workbook.Session) error) error {
		st, err := a.readStore()
		if err != nil {
			return err
		}
		defer st.Close()
		return st.EachSession(func(sum workbook.Summary) bool { return f.keep(sum.Cohort, sum.SchoolYear, sum.District) }, fn)
	}
}

func noCohortErr(files []string, f cohortFilter) error {
	where := "the workbook file"
	if len(files) > 0 {
		where = "the files given"
	}
	if f.empty() {
		return fmt.Errorf("there are no sessions in %s to roll up; review or import the teams' files first", where)
	}
	return fmt.Errorf("no session in %s has %s; check the spelling, or see `edtech-workbook list`", where, f)
}

// writeStream is writeOutput for output written a piece at a time: to
// standard output, or privately to the file out (replaced only once all of
// it is written). write returns what to say it wrote ("csv, 40 sessions").
func (a *app) writeStream(out string, write func(w io.Writer) (string, error)) error {
	if out == "" || out == "-" {
		_, err := write(a.stdout)
		return err
	}
	if err := store.CheckOutputPath(out, a.resolveDB()); err != nil {
		return err
	}
	var what string
	err := store.WriteFileStream(out, func(w io.Writer) error {
		var err error
		what, err = write(w)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "Wrote %s (%s).\n", out, what)
	return nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
