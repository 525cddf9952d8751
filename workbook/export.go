package workbook

import (
	"fmt"
	"strings"
)

// Export formats.
const (
	FormatMarkdown = "md"
	FormatHTML     = "html"
	FormatJSON     = "json"
	FormatCSV      = "csv"
)

// ExportFormats lists the formats Export understands, in the order menus
// offer them, for help, errors and the summary screen.
var ExportFormats = []string{FormatMarkdown, FormatHTML, FormatJSON, FormatCSV}

// ExportExtensions maps each format to the file extension of its output.
var ExportExtensions = map[string]string{
	FormatMarkdown: ".md", FormatHTML: ".html", FormatJSON: ".json", FormatCSV: ".csv",
}

// ExportOptions refine an export.
type ExportOptions struct {
	Table string // csv only: TableRatings (the default) or TableActions
}

// Export renders a session in the given format. The same session always
// gives the same bytes.
func Export(s *Session, format string, opts ExportOptions) ([]byte, error) {
	switch format {
	case FormatMarkdown:
		return exportMarkdown(s), nil
	case FormatHTML:
		return exportHTML(s)
	case FormatJSON:
		return MarshalSession(s)
	case FormatCSV:
		return exportCSV(s, opts.Table)
	}
	return nil, fmt.Errorf("unknown export format %q; use one of %s", format, strings.Join(ExportFormats, ", "))
}
