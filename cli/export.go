package cli

import (
	"bufio"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/export"
	"edtech-workbook/workbook/store"
)

// exportPick is what --team, --year and --district pick among --all.
type exportPick struct{ team, year, district string }

func (p exportPick) any() bool { return p.team != "" || p.year != "" || p.district != "" }

// match reports whether a session's list entry passes every filter given.
func (p exportPick) match(s workbook.Summary) bool {
	return (p.team == "" || strings.EqualFold(s.Team, strings.TrimSpace(p.team))) &&
		(p.year == "" || s.SchoolYear == strings.TrimSpace(p.year)) &&
		(p.district == "" || strings.EqualFold(s.District, strings.TrimSpace(p.district)))
}

// describe names the filters for a message ("--team \"Alder\" --year 2025-26").
func (p exportPick) describe() string {
	var parts []string
	for _, f := range []struct{ flag, v string }{{"--team", p.team}, {"--year", p.year}, {"--district", p.district}} {
		if f.v != "" {
			parts = append(parts, f.flag+" "+strconv.Quote(workbook.CleanLine(f.v)))
		}
	}
	return strings.Join(parts, " ")
}

func newExportCmd(a *app) *cobra.Command {
	var format, out string
	var opts export.Options
	var all bool
	var pick exportPick
	cmd := &cobra.Command{
		Use:   "export SESSION | --all",
		Short: "Write a session, or every session, as " + strings.Join(export.Formats, ", "),
		Long: "Write one session to standard output or a file. SESSION is a session id, a unique id prefix\n" +
			"(4 or more characters), or a team name (see `edtech-workbook list`). Formats:\n" +
			"  md    the whole session as a readable Markdown document (GitHub and any viewer)\n" +
			"  html  one self-contained page: no scripts, no external requests, prints cleanly\n" +
			"  json  the canonical session file, for `import` and `cohort`; a session a coach reviewed\n" +
			"        carries the file the team sent (its base), so the team's `import --merge` is three-way\n" +
			"  csv   a spreadsheet table: --table ratings (one row per indicator), actions (one per step,\n" +
			"        with overdue and improvement cycles), answers, comments (one row per comment, thread\n" +
			"        by thread, with the part it is on) or measures (one per dated value of each measure)\n" +
			"Action steps due before today and not done are flagged overdue (md, html, csv actions).\n" +
			"Without --format, the extension of -o picks it (default json). Files are written privately\n" +
			"(0600) through a temporary file, so a failed export never leaves half a file.\n\n" +
			"--all exports every session, or those --team, --year and --district pick, in one go:\n" +
			"one file per session into the folder -o names (ID.md, ID.html, ID.json or ID.csv; the\n" +
			"folder is created if needed), or, for --format md only, one after another to standard\n" +
			"output. On a terminal, standard error shows how far it is.",
		Example: "  edtech-workbook export 3f2a --format json -o team.json\n" +
			"  edtech-workbook export \"Alderbrook\" -o summary.html\n" +
			"  edtech-workbook export 3f2a --format csv --table actions -o actions.csv\n" +
			"  edtech-workbook export --all --format html -o summaries/\n" +
			"  edtech-workbook export --all --year 2025-26 --format md > 2025-26.md",
		Args: func(cmd *cobra.Command, args []string) error {
			switch many := all || pick.any(); {
			case many && len(args) > 0:
				return usagef("give one SESSION, or --all (with --team, --year or --district), not both")
			case !many:
				return exactArgs(1, "one SESSION (an id or team name), or --all")(cmd, args)
			}
			return nil
		},
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
			opts.Today = a.now() // overdue steps are judged on this day
			if all || pick.any() {
				return exportAll(a, format, out, opts, pick)
			}
			store, sess, err := a.openSession(false, args[0])
			if err != nil {
				return err
			}
			defer store.Close()
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
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to this file (with --all: this folder) instead of standard output")
	cmd.Flags().StringVar(&opts.Table, "table", export.TableRatings, "with --format csv: "+strings.Join(export.CSVTables, " or "))
	cmd.Flags().BoolVar(&all, "all", false, "export every session (or those the filters pick), one file per session into the folder -o names")
	cmd.Flags().StringVar(&pick.team, "team", "", "with --all: only the sessions of this team (any case)")
	cmd.Flags().StringVar(&pick.year, "year", "", "with --all: only the sessions of this school year, e.g. 2025-26")
	cmd.Flags().StringVar(&pick.district, "district", "", "with --all: only the sessions of this district (any case)")
	return cmd
}

// exportBases is the base (workbook.BaseFor) of each session the filters
// pick that has one.
func exportBases(st *store.Store, pick exportPick) (map[string]*workbook.ExchangeBase, error) {
	sums, err := st.List()
	if err != nil {
		return nil, err
	}
	bases := map[string]*workbook.ExchangeBase{}
	for _, s := range sums {
		if !pick.match(s) {
			continue
		}
		b, err := workbook.BaseFor(st, s.ID)
		if err != nil {
			return nil, err
		}
		if b != nil {
			bases[s.ID] = b
		}
	}
	return bases, nil
}

// mdSeparator goes between two sessions of `export --all --format md` on
// standard output: a thematic break.
const mdSeparator = "\n---\n\n"

// exportAll is `export --all`: every session the filters pick, read and
// rendered on every core in one process (store.ReadSessions), written in
// list order (newest first) to standard output (md) or one file per session
// into the folder out.
func exportAll(a *app, format, out string, opts export.Options, pick exportPick) error {
	toStdout := out == "" || out == "-"
	if toStdout && format != export.FormatMarkdown {
		return usagef("--all writes one %s file per session: give a folder with -o FOLDER (only --format md can go to standard output)", format)
	}
	st, err := a.readStore()
	if err != nil {
		return err
	}
	defer st.Close()
	// JSON carries each session's base, the last round received, as
	// `export SESSION` does; read before the walk, which holds the file.
	var bases map[string]*workbook.ExchangeBase
	if format == export.FormatJSON {
		if bases, err = exportBases(st, pick); err != nil {
			return err
		}
	}
	prog := a.startProgress("Exporting")
	defer prog.end()
	var folder *store.OutputFolder
	var names []string
	var w *bufio.Writer
	total, n := 0, 0
	err = store.ReadSessions(st, store.SessionWalk[[]byte]{
		Pick: pick.match,
		Start: func(picked []workbook.Summary) error {
			total = len(picked)
			switch {
			case total == 0 && pick.any():
				return fmt.Errorf("no session in %s matches %s; see `edtech-workbook list`", st.Path(), pick.describe())
			case total == 0:
				return fmt.Errorf("there are no sessions in %s to export", st.Path())
			case toStdout:
				w = bufio.NewWriterSize(a.stdout, 256<<10)
				return nil
			}
			names = exportFileNames(picked, export.Extensions[format])
			var err error
			folder, err = store.CreateOutputFolder(out, a.resolveDB(), names)
			return err
		},
		Work: func(sess *workbook.Session) ([]byte, error) {
			o := opts
			o.Base = bases[sess.ID]
			return export.Render(sess, format, o)
		},
		Take: func(_ workbook.Summary, data []byte) error {
			var err error
			switch {
			case w != nil:
				if n > 0 {
					_, _ = w.WriteString(mdSeparator)
				}
				_, err = w.Write(data)
			default:
				err = folder.Write(names[n], data)
			}
			n++
			prog.count(n, total, "sessions")
			return err
		},
	})
	if w != nil {
		if ferr := w.Flush(); err == nil {
			err = ferr
		}
	}
	if folder != nil {
		if cerr := folder.Close(); err == nil {
			err = cerr
		}
	}
	prog.end()
	if err != nil {
		return err
	}
	if folder != nil {
		fmt.Fprintf(a.stderr, "Wrote %s into %s (%s, one file per session).\n", workbook.CountOf(n, "session"), workbook.CleanLine(out), format)
	}
	return nil
}

// exportFileNames names the files of sessions: each id, with every
// character but letters, digits, '-', '_' and '.' made '_' (an imported
// session's id may hold any text), never starting with '.', and with -2,
// -3… when two ids give the same name in any case; then ext.
func exportFileNames(sums []workbook.Summary, ext string) []string {
	out := make([]string, len(sums))
	used := map[string]bool{}
	for i, s := range sums {
		b := []byte(s.ID)
		for j, c := range b {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
				b[j] = '_'
			}
		}
		base := string(b)
		if base == "" || base[0] == '.' {
			base = "_" + base
		}
		name := base
		for k := 2; used[strings.ToLower(name)]; k++ {
			name = base + "-" + strconv.Itoa(k)
		}
		used[strings.ToLower(name)] = true
		out[i] = name + ext
	}
	return out
}
