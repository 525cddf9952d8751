package cli

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"edtech-workbook/workbook"
)

// listMemoryLimit is the soft memory limit of list (see
// debug.SetMemoryLimit): far above what 10,000 sessions take (about 3 MB).
const listMemoryLimit = 64 << 20

// lazyCollector has the garbage collector run less often (GOGC 400) within
// the soft memory limit limit, unless GOGC or GOMEMLIMIT is set (each wins
// over its own), and returns what puts both back as they were.
func lazyCollector(limit int64) (restore func()) {
	setLimit, setPercent := os.Getenv("GOMEMLIMIT") == "", os.Getenv("GOGC") == ""
	var oldLimit int64
	var oldPercent int
	if setLimit {
		oldLimit = debug.SetMemoryLimit(limit)
	}
	if setPercent {
		oldPercent = debug.SetGCPercent(400)
	}
	return func() {
		if setPercent {
			debug.SetGCPercent(oldPercent)
		}
		if setLimit {
			debug.SetMemoryLimit(oldLimit)
		}
	}
}

func newListCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the sessions in the workbook file",
		Long:  "List the sessions in the workbook file, most recently changed first: id, team, district,\nschool year, template, progress and last change.",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// What list allocates (the entries, about 300 bytes a session)
			// stays live until it exits: a collection finds nothing to free
			// and at 10,000 sessions costs a few milliseconds of the run.
			// The collector waits longer (GOGC 400) within a soft memory
			// limit, as cohort's (GOGC and GOMEMLIMIT, when set, win).
			defer lazyCollector(listMemoryLimit)()
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
				return a.writeJSON(sums)
			}
			if len(sums) == 0 {
				fmt.Fprintf(a.stdout, "No sessions in %s yet. Run `edtech-workbook` and press n, or `edtech-workbook demo`.\n", workbook.CleanLine(store.Path()))
				return nil
			}
			return writeSessionTable(a.stdout, sums)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the list as JSON")
	return cmd
}

// writeSessionTable writes the sessions' table as text/tabwriter laid it
// out (each column as wide as its widest cell in runes, two spaces between
// columns), in two passes over the entries (widths, then the table) through
// a 64 KB buffer: 10,000 rows in a few milliseconds, in little memory.
func writeSessionTable(w io.Writer, sums []workbook.Summary) error {
	const cols = 6 // and the last, CHANGED, which is not padded
	head := [cols + 1]string{"ID", "TEAM", "DISTRICT", "YEAR", "TEMPLATE", "PROGRESS", "CHANGED"}
	// text is a cell and its width in runes; most text is plain ASCII,
	// which is its own cell, a rune a byte (plainCell).
	text := func(s *workbook.Summary, c int) (string, int) {
		f := s.TemplateRef
		switch c {
		case 0:
			f = s.ID
		case 1:
			f = s.Team
		case 2:
			f = s.District
		case 3:
			f = s.SchoolYear
		}
		if plainCell(f) {
			return f, len(f)
		}
		f = cell(f)
		return f, utf8.RuneCountInString(f)
	}
	var width [cols]int
	for c := range cols {
		width[c] = utf8.RuneCountInString(head[c])
	}
	size := 0
	for i := range sums {
		for c := range cols - 1 {
			_, n := text(&sums[i], c)
			width[c] = max(width[c], n)
		}
		width[cols-1] = max(width[cols-1], progressWidth(sums[i].Progress))
	}
	for _, n := range width {
		size += n + 2
	}
	const chunk = 64 << 10
	b := make([]byte, 0, chunk+size+64)
	var err error
	flush := func() {
		if err == nil {
			_, err = w.Write(b)
		}
		b = b[:0]
	}
	pad := func(n, to int) {
		for ; n < to+2; n++ {
			b = append(b, ' ')
		}
	}
	for c := range cols {
		b = append(b, head[c]...)
		pad(len(head[c]), width[c])
	}
	b = append(b, head[cols]...)
	b = append(b, '\n')
	for i := range sums {
		s := &sums[i]
		for c := range cols - 1 {
			t, n := text(s, c)
			b = append(b, t...)
			pad(n, width[c])
		}
		start := len(b)
		if s.Progress <= 0 {
			b = append(b, workbook.NotStartedText...)
		} else {
			b = strconv.AppendInt(b, int64(s.Progress), 10)
			b = append(b, '%')
		}
		pad(utf8.RuneCount(b[start:]), width[cols-1])
		b = appendMinute(b, s.Updated.Local())
		b = append(b, '\n')
		if len(b) >= chunk {
			flush()
		}
	}
	flush()
	return err
}

// plainCell reports whether s is its own cell (cell(s) == s) and as many
// runes as bytes: printable ASCII, not empty, no space at either end or
// next to another. One quick pass; anything else goes through cell.
func plainCell(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c > '~' || (c == ' ' && s[i+1] == ' ') {
			return false
		}
	}
	return true
}

// progressWidth is the width in runes of workbook.ProgressText(p).
func progressWidth(p int) int {
	if p <= 0 {
		return utf8.RuneCountInString(workbook.NotStartedText)
	}
	return len(strconv.Itoa(p)) + 1
}

// appendMinute appends t as "2006-01-02 15:04" (as Format would, faster).
func appendMinute(b []byte, t time.Time) []byte {
	y, mo, d := t.Date()
	h, mi, _ := t.Clock()
	if y < 1000 || y > 9999 {
		return t.AppendFormat(b, "2006-01-02 15:04")
	}
	two := func(n int) { b = append(b, byte('0'+n/10), byte('0'+n%10)) }
	two(y / 100)
	two(y % 100)
	b = append(b, '-')
	two(int(mo))
	b = append(b, '-')
	two(d)
	b = append(b, ' ')
	two(h)
	b = append(b, ':')
	two(mi)
	return b
}
