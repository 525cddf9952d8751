package cli

import (
	"bytes"
	"fmt"
	"io"
	"iter"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"edtech-workbook/internal/gcpace"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

// listMemoryLimit is the soft memory limit of list (see
// debug.SetMemoryLimit): far above what 10,000 sessions take (about 3 MB).
const listMemoryLimit = 64 << 20

func newListCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the sessions in the workbook file",
		Long:  "List the sessions in the workbook file, most recently changed first: id, team, district,\nschool year, template, progress and last change.",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := a.readStore()
			if err != nil {
				return err
			}
			defer st.Close()
			if asJSON {
				// What this allocates (the entries, about 300 bytes a
				// session) stays live until it exits: a collection finds
				// nothing to free and at 10,000 sessions costs a few
				// milliseconds. The collector waits longer (GOGC 400)
				// within a soft memory limit, as cohort's (GOGC and
				// GOMEMLIMIT, when set, win).
				defer gcpace.Lazy(listMemoryLimit)()
				sums, err := st.List()
				if err != nil {
					return err
				}
				if sums == nil {
					sums = []workbook.Summary{}
				}
				return a.writeJSON(sums)
			}
			// The table is written from the file's own bytes (ListRows): no
			// entry is copied, so 10,000 sessions cost little more than 10.
			var rows int
			err = st.ListRows(func(entries iter.Seq2[*store.ListRow, error]) error {
				var err error
				rows, err = writeSessionTable(a.stdout, entries)
				return err
			})
			if err == nil && rows == 0 {
				fmt.Fprintf(a.stdout, "No sessions in %s yet. Run `edtech-workbook` and press n, or `edtech-workbook demo`.\n", workbook.CleanLine(st.Path()))
			}
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the list as JSON")
	return cmd
}

// writeSessionTable writes the sessions' table as text/tabwriter laid it
// out (each column as wide as its widest cell in runes, two spaces between
// columns), in two passes over the rows (widths, then the table) through a
// 64 KB buffer: 10,000 rows in a few milliseconds, in little memory. It
// writes nothing when there are no rows, and returns how many there were.
func writeSessionTable(w io.Writer, rows iter.Seq2[*store.ListRow, error]) (int, error) {
	const cols = 6 // and the last, CHANGED, which is not padded
	head := [cols + 1]string{"ID", "TEAM", "DISTRICT", "YEAR", "TEMPLATE", "PROGRESS", "CHANGED"}
	// When the first pass found every cell plain (shownCell), the second
	// takes them as they are.
	allPlain := true
	var width [cols]int
	for c := range cols {
		width[c] = utf8.RuneCountInString(head[c])
	}
	n := 0
	for r, err := range rows {
		if err != nil {
			return 0, err // nothing written yet
		}
		n++
		for c, f := range rowCells(r) {
			_, w, plain := shownCell(f)
			width[c] = max(width[c], w)
			allPlain = allPlain && plain
		}
		width[cols-1] = max(width[cols-1], progressWidth(r.Progress))
	}
	if n == 0 {
		return 0, nil
	}
	size := 0
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
	spaces := bytes.Repeat([]byte{' '}, size)
	pad := func(n, to int) {
		if n < to+2 {
			b = append(b, spaces[:to+2-n]...)
		}
	}
	for c := range cols {
		b = append(b, head[c]...)
		pad(len(head[c]), width[c])
	}
	b = append(b, head[cols]...)
	b = append(b, '\n')
	for r, rerr := range rows {
		if rerr != nil {
			return n, rerr // the same walk as the first, in the same transaction: not met
		}
		for c, f := range rowCells(r) {
			w := len(f)
			if !allPlain {
				f, w, _ = shownCell(f)
			}
			b = append(b, f...)
			pad(w, width[c])
		}
		start := len(b)
		if r.Progress <= 0 {
			b = append(b, workbook.NotStartedText...)
		} else {
			b = strconv.AppendInt(b, int64(r.Progress), 10)
			b = append(b, '%')
		}
		pad(utf8.RuneCount(b[start:]), width[cols-1])
		b = appendMinute(b, r.Updated.Local())
		b = append(b, '\n')
		if len(b) >= chunk {
			flush()
		}
	}
	flush()
	return n, err
}

// rowCells are a row's text columns, in the table's order.
func rowCells(r *store.ListRow) [5][]byte {
	return [5][]byte{r.ID, r.Team, r.District, r.SchoolYear, r.TemplateRef}
}

// shownCell is f as the table shows it (cell) and its width in runes;
// plain when f is shown as it is, a rune a byte (plainCell, the quick path).
func shownCell(f []byte) (shown []byte, width int, plain bool) {
	if plainCell(f) {
		return f, len(f), true
	}
	t := cell(string(f))
	return []byte(t), utf8.RuneCountInString(t), false
}

// plainCell reports whether s is its own cell (cell(s) == s) and as many
// runes as bytes: printable ASCII, not empty, no space at either end or
// next to another. One quick pass; anything else goes through cell.
func plainCell[T ~string | ~[]byte](s T) bool {
	if len(s) == 0 || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c-'!' > '~'-'!' { // not a printable character other than space
			if c != ' ' || s[i+1] == ' ' {
				return false
			}
		}
	}
	return true
}

// progressWidth is the width in runes of workbook.ProgressText(p).
func progressWidth(p int) int {
	if p <= 0 {
		return utf8.RuneCountInString(workbook.NotStartedText)
	}
	n := 2 // a digit and %
	for ; p >= 10; p /= 10 {
		n++
	}
	return n
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
