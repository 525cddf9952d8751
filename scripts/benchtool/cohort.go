package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The cohort report (issue 13): `cohort` over 1,000 teams within 1.5 s and
// over 10,000 teams within 100 MB, from session files and from a workbook
// file (--db). Before: 1,000 teams 2.8 s; 10,000 teams 1.3 GB.

const (
	cohortTargetTime = 1500 * time.Millisecond
	cohortTargetRSSK = 100 * 1000 // 100 MB, in kB
	cohortBeforeTime = "2.8 s"
	cohortBeforeRSS  = "1.3 GB"
)

// cohortRun is one kind of cohort report at one size.
type cohortRun struct {
	n      int
	source string // "files" or "--db"
	format string
	wall   sample
	rss    []int64
}

func (c *cohortRun) name() string { return fmt.Sprintf("%s %s@%d", c.source, c.format, c.n) }

func (c *cohortRun) maxRSS() int64 { return slices.Max(c.rss) }

// cohortRuns writes the sessions of each file size as session files
// (scripts/seed -json), then times the report from the files and from the
// workbook file, interleaved, and keeps each run's peak RSS.
func (b *bench) cohortRuns() error {
	rounds := 3
	if b.cfg.quick {
		rounds = 1
	}
	var runs []*cohortRun
	files := map[int][]string{}
	for _, n := range b.cfg.sizes {
		if n < 1000 {
			continue
		}
		dir := filepath.Join(b.work, "cohort-"+strconv.Itoa(n))
		b.say("cohort: writing %d session files", n)
		if _, err := runCmd(b.seed, []string{"-json", dir, "-n", strconv.Itoa(n)}, b.env, nil); err != nil {
			return err
		}
		for i := range n {
			files[n] = append(files[n], filepath.Join(dir, fmt.Sprintf("team-%05d.json", i+1)))
		}
		formats := []string{"html"}
		if n == b.cfg.big {
			formats = append(formats, "csv") // the long table: the most rows
		}
		for _, f := range formats {
			runs = append(runs, &cohortRun{n: n, source: "files", format: f}, &cohortRun{n: n, source: "--db", format: f})
		}
	}
	if len(runs) == 0 {
		return fmt.Errorf("no file of 1,000 sessions or more to report on")
	}
	out := filepath.Join(b.work, "cohort-out")
	raw, err := os.Create(filepath.Join(b.raw, "cohort.tsv"))
	if err != nil {
		return err
	}
	defer raw.Close()
	fmt.Fprintln(raw, "round\trun\tms\tmax_rss_kb")
	for round := range rounds {
		for _, c := range runs {
			args := []string{"cohort", "--format", c.format, "-o", out + "." + c.format}
			if c.source == "files" {
				args = append(args, files[c.n]...)
			} else {
				args = append(args, "--db", b.dbs[c.n])
			}
			res, err := runCmd(b.app, args, b.env, nil)
			if err != nil {
				return err
			}
			c.wall = append(c.wall, ms(res.wall))
			c.rss = append(c.rss, res.maxRSSK)
			fmt.Fprintf(raw, "%d\t%s\t%.3f\t%d\n", round, c.name(), ms(res.wall), res.maxRSSK)
		}
	}
	for _, c := range runs {
		b.say("  cohort %-18s %s, peak RSS %s", c.name(), c.wall.summary(), fmtMB(c.maxRSS()))
	}
	b.cohort = runs
	return nil
}

// cohortRows are the report's rows for the cohort: time at 1,000 teams,
// peak RSS at the biggest size.
func (b *bench) cohortRows() []row {
	find := func(n int, source, format string) *cohortRun {
		for _, c := range b.cohort {
			if c.n == n && c.source == source && c.format == format {
				return c
			}
		}
		return nil
	}
	var out []row
	r := row{what: "`cohort --format html`, 1,000 teams (files · --db)", target: "≤ 1.5 s (before: " + cohortBeforeTime + ")", ratio: "(absolute)"}
	files, db := find(1000, "files", "html"), find(1000, "--db", "html")
	if files == nil || db == nil {
		r.context, r.pass = notMeasured, "–"
	} else {
		r.context = "files " + files.wall.summary() + " · --db " + db.wall.summary()
		r.pass = passMark(files.wall.median() <= ms(cohortTargetTime) && db.wall.median() <= ms(cohortTargetTime))
	}
	out = append(out, r)
	big := b.cfg.big
	r = row{what: fmt.Sprintf("`cohort`, %s teams: peak RSS (html and the long csv; files · --db)", count(big)),
		target: "≤ 100 MB (before: " + cohortBeforeRSS + ")", ratio: "(absolute)"}
	var parts []string
	ok, any := true, false
	for _, f := range []string{"html", "csv"} {
		for _, s := range []string{"files", "--db"} {
			if c := find(big, s, f); c != nil {
				any = true
				parts = append(parts, fmt.Sprintf("%s %s %s (%s)", s, f, fmtMB(c.maxRSS()), fmtMS(c.wall.median())))
				ok = ok && c.maxRSS() <= cohortTargetRSSK
			}
		}
	}
	if !any {
		r.context, r.pass = notMeasured, "–"
	} else {
		r.context, r.pass = strings.Join(parts, " · "), passMark(ok)
	}
	return append(out, r)
}
