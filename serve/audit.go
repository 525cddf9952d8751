package serve

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

// Formats of `serve audit`.
const (
	AuditCSV  = "csv"
	AuditJSON = "json"
)

// RenderAudit writes the audit log as CSV (UTF-8, a header row, one row
// per entry, the parts joined by "; ", cells neutralised for spreadsheets
// as every CSV export is) or JSON (the entries as stored).
func RenderAudit(entries []store.AuditEntry, format string) ([]byte, error) {
	switch format {
	case AuditJSON:
		if entries == nil {
			entries = []store.AuditEntry{}
		}
		return workbook.MarshalJSON(entries, true)
	case AuditCSV:
		var buf bytes.Buffer
		buf.WriteString("\ufeff") // spreadsheet programs read UTF-8 with it
		w := csv.NewWriter(&buf)
		_ = w.Write([]string{"seq", "at", "last", "saves", "person", "role", "key", "action", "session", "team", "revision", "parts"})
		for _, e := range entries {
			_ = w.Write([]string{strconv.FormatUint(e.Seq, 10), stamp3339(e.At), stamp3339(e.Last), strconv.Itoa(e.Saves),
				csvText(e.Person), csvText(e.Role), csvText(e.Key), csvText(e.Action), csvText(e.Session), csvText(e.Team),
				strconv.Itoa(e.Revision), csvText(strings.Join(e.Parts, "; "))})
		}
		w.Flush()
		return buf.Bytes(), w.Error()
	}
	return nil, fmt.Errorf("--format must be %s or %s", AuditCSV, AuditJSON)
}

func stamp3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// csvText is a cell: clean text, and a leading apostrophe on what a
// spreadsheet would run as a formula.
func csvText(s string) string {
	s = workbook.CleanLine(s)
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
