package export

import (
	"fmt"
	"strings"
	"time"

	"edtech-workbook/workbook"
)

// The formats of a session export.
const (
	FormatMarkdown = "md"
	FormatHTML     = "html"
	FormatJSON     = "json"
	FormatCSV      = "csv"
)

// Formats lists the formats Render understands, in the order menus
// offer them, for help, errors and the summary screen.
var Formats = []string{FormatMarkdown, FormatHTML, FormatJSON, FormatCSV}

// Extensions maps each format to the file extension of its output.
var Extensions = map[string]string{
	FormatMarkdown: ".md", FormatHTML: ".html", FormatJSON: ".json", FormatCSV: ".csv",
}

// Options refine an export.
type Options struct {
	Table string // csv only: TableRatings (the default), TableActions, TableAnswers, TableComments, TableMeasures or TableLong
	// Base (json only) is the file the session was made from, carried in a
	// file a coach sends back (see workbook.ExchangeBase).
	Base *workbook.ExchangeBase
	// Today is the date overdue action steps are judged on, from the
	// caller's clock (the zero time flags nothing overdue).
	Today time.Time
}

// Render renders a session in the given format. The same session always
// gives the same bytes.
func Render(s *workbook.Session, format string, opts Options) ([]byte, error) {
	switch format {
	case FormatMarkdown:
		return exportMarkdown(s, opts.Today), nil
	case FormatHTML:
		return exportHTML(s, opts.Today)
	case FormatJSON:
		return workbook.MarshalSessionWithBase(s, opts.Base)
	case FormatCSV:
		return exportCSV(s, opts.Table, opts.Today)
	}
	return nil, fmt.Errorf("unknown export format %q; use one of %s", format, strings.Join(Formats, ", "))
}
