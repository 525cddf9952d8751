package inventory

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// A usage import reads a CSV report into per-tool totals (ParseUsage),
// proposes which inventory tool each name is (Propose), and, once a person
// has confirmed the proposals, records the figures in a new inventory
// (Apply). Nothing is changed until Apply, and Apply changes everything or
// nothing.

// ImportOptions says how to read a usage file.
type ImportOptions struct {
	// Mapping names the columns when the user has confirmed them; when nil
	// the header is matched against Presets.
	Mapping Mapping
	// Source of the figures; required with a Mapping, taken from the preset
	// otherwise (a value here overrides it).
	Source UsageSource
	// Report names the report ("ClassLink", "Lightspeed filter"); with the
	// source and period it is the re-import key. A preset supplies one.
	Report string
	// Period the report covers. When zero it is taken from the file's date
	// columns: the earliest first day to the latest last day.
	Period Period
	// MaxBytes bounds the file (0 means DefaultMaxImportBytes).
	MaxBytes int64
}

// UsageFile is a parsed usage report: one total per tool.
type UsageFile struct {
	Preset  string // the preset id, or "" for a confirmed mapping
	Source  UsageSource
	Report  string
	Period  Period
	Mapping Mapping
	Header  []string
	Rows    int        // data rows read
	Skipped []string   // one line per kind of row left out, e.g. "2 rows with no tool name"
	Tools   []UsageRow // in the order the tools first appear
}

// UsageRow is one tool's total in a usage file. When the tool is on several
// rows (one per day, school or role) the rows are combined: sessions and
// minutes are added up, and active users is the largest single row, because
// the same person may be counted on several rows and adding would count
// them twice. Rows says how many rows were combined.
type UsageRow struct {
	Name        string   // as first written in the file, kept as data even if it looks like a formula
	Variants    []string // other spellings combined into this tool, at most a few
	Line        int      // line of the first row
	Rows        int
	ActiveUsers Count
	Sessions    Count
	Minutes     Count
}

// Error is a fixed error of the package, comparable with errors.Is.
type Error string

func (e Error) Error() string { return string(e) }

// ErrNoPeriod is returned when neither the options nor the file say which
// days the report covers; ask the user for the first and last day.
const ErrNoPeriod = Error("the report has no date columns; say which period it covers (first and last day)")

// ReadUsage reads a usage report from r, stopping at the size bound.
func ReadUsage(r io.Reader, opt ImportOptions) (*UsageFile, error) {
	max := opt.MaxBytes
	if max <= 0 {
		max = DefaultMaxImportBytes
	}
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("reading the usage file: %w", err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("the file is over the %s limit for a usage report; export a shorter period or one row per tool", byteSize(max))
	}
	return ParseUsage(data, opt)
}

// ReadHeader checks a file's size and encoding and returns its column names,
// refusing columns that identify people. Use it to show the columns when the
// user maps them by hand.
func ReadHeader(data []byte, maxBytes int64) ([]string, error) {
	text, err := checkFile(data, maxBytes)
	if err != nil {
		return nil, err
	}
	r := newCSVReader(text)
	header, err := readHeaderRow(r, text)
	if err != nil {
		return nil, err
	}
	return header, refusePersonalColumns(header)
}

func checkFile(data []byte, maxBytes int64) ([]byte, error) {
	if err := CheckImportSize(int64(len(data)), maxBytes); err != nil {
		return nil, err
	}
	return checkEncoding(data)
}

// MaxColumns is the most columns a usage report may have: real reports
// have a few dozen, and a file of a million columns (10 MB) took 300 MB
// to read.
const MaxColumns = 1000

// readHeaderRow reads the header row of text, its names trimmed, refusing
// a row of more than MaxColumns before the CSV reader makes anything of
// its columns.
func readHeaderRow(r *csv.Reader, text []byte) ([]string, error) {
	if n := headerColumns(text, r.Comma); n > MaxColumns {
		return nil, fmt.Errorf("the header row has %d columns, more than the %d a usage report may have; check it is the right file, or export only the columns the report needs", n, MaxColumns)
	}
	header, err := r.Read()
	if err != nil {
		return nil, headerError(err)
	}
	return trimAll(header), nil
}

// headerColumns counts the columns of text's first row: the delimiters
// outside quotes, up to the first line break outside quotes, plus one.
func headerColumns(text []byte, comma rune) int {
	n, quoted := 1, false
	for _, c := range text {
		switch {
		case c == '"':
			quoted = !quoted // a doubled quote inside quotes toggles twice
		case quoted:
		case rune(c) == comma:
			n++
		case c == '\n':
			return n
		}
	}
	return n
}

func headerError(err error) error {
	if err == io.EOF {
		return errors.New("the file is empty; export the report again with its header row")
	}
	return fmt.Errorf("the header row cannot be read: %v", csvErrorText(err))
}

// ParseUsage reads a usage report held in memory.
func ParseUsage(data []byte, opt ImportOptions) (*UsageFile, error) {
	text, err := checkFile(data, opt.MaxBytes)
	if err != nil {
		return nil, err
	}
	r := newCSVReader(text)
	header, err := readHeaderRow(r, text)
	if err != nil {
		return nil, err
	}
	if err := refusePersonalColumns(header); err != nil {
		return nil, err
	}
	f := &UsageFile{Header: header, Source: opt.Source, Report: opt.Report}
	if opt.Mapping != nil {
		if err := checkMapping(opt.Mapping, header); err != nil {
			return nil, err
		}
		if f.Source == "" {
			return nil, errors.New("say where these figures come from (survey, sso, network or vendor) before importing with your own column mapping")
		}
		f.Mapping = opt.Mapping
	} else {
		p, m, ok := DetectPreset(header)
		if !ok {
			return nil, newColumnsError(header)
		}
		f.Preset, f.Mapping = p.ID, m
		if f.Source == "" {
			f.Source = p.Source
		}
		if f.Report == "" {
			f.Report = p.Report
		}
	}
	if !f.Source.Valid() {
		return nil, fmt.Errorf("usage source %q is not one of %s", f.Source, joinIDs(UsageSources()))
	}

	col := make(map[Role]int)
	for role, name := range f.Mapping {
		if name == "" {
			continue
		}
		if err := columnNamedOnce(header, name); err != nil {
			return nil, err
		}
		for i, h := range header {
			if headerKey(h) == headerKey(name) {
				col[role] = i
				break
			}
		}
	}

	var (
		byKey    = make(map[string]int)    // name key → index in f.Tools
		keyCache = make(map[string]string) // raw name → key
		first    Date
		last     Date
		blank    int
		totals   int
	)
	widen := func(d Date) {
		if first.IsZero() || d.Before(first) {
			first = d
		}
		if last.IsZero() || d.After(last) {
			last = d
		}
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("line %d cannot be read: %s", errorLine(err), csvErrorText(err))
		}
		line, _ := r.FieldPos(0)
		if allBlank(rec) {
			continue
		}
		f.Rows++
		name := strings.TrimSpace(rec[col[RoleTool]])
		if name == "" {
			blank++
			continue
		}
		if strings.ContainsAny(name, "\r\n") {
			return nil, fmt.Errorf("line %d, column %q: the tool name %q runs over two lines; keep each name on one line in the report", line, header[col[RoleTool]], name)
		}
		if n := utf8.RuneCountInString(name); n > MaxNameLength {
			return nil, fmt.Errorf("line %d, column %q: the tool name is %d characters long; a tool name has at most %d, so check this is the right column", line, header[col[RoleTool]], n, MaxNameLength)
		}
		key, ok := keyCache[name]
		if !ok {
			key = NameKey(name)
			if key == "" {
				key = "\x00" + exactKey(name) // punctuation only: keep it apart, as written
			}
			keyCache[name] = key
		}
		if isTotalRow(key) {
			totals++
			continue
		}
		var counts [3]Count
		for i, role := range []Role{RoleActiveUsers, RoleSessions, RoleMinutes} {
			c, ok := col[role]
			if !ok {
				continue
			}
			v, err := parseFigure(rec[c], role == RoleMinutes)
			if err != nil {
				return nil, fmt.Errorf("line %d, column %q: %v", line, header[c], err)
			}
			counts[i] = v
		}
		for _, role := range []Role{RoleFrom, RoleTo, RoleDate} {
			c, ok := col[role]
			if !ok {
				continue
			}
			if strings.TrimSpace(rec[c]) == "" {
				continue
			}
			d, err := parseDay(rec[c])
			if err != nil {
				return nil, fmt.Errorf("line %d, column %q: %v", line, header[c], err)
			}
			widen(d)
		}
		i, ok := byKey[key]
		if !ok {
			i = len(f.Tools)
			byKey[key] = i
			f.Tools = append(f.Tools, UsageRow{Name: name, Line: line})
		}
		u := &f.Tools[i]
		u.Rows++
		u.ActiveUsers = u.ActiveUsers.Max(counts[0])
		u.Sessions = u.Sessions.Add(counts[1])
		u.Minutes = u.Minutes.Add(counts[2])
		if name != u.Name && len(u.Variants) < 3 && !containsString(u.Variants, name) {
			u.Variants = append(u.Variants, name)
		}
	}
	if f.Rows == 0 {
		return nil, errors.New("the file has a header but no rows; export the report again with data")
	}
	if blank > 0 {
		f.Skipped = append(f.Skipped, plural(blank, "row")+" with no tool name")
	}
	if totals > 0 {
		f.Skipped = append(f.Skipped, plural(totals, "total row"))
	}
	if len(f.Tools) == 0 {
		return nil, fmt.Errorf("the file has no row with a tool name (%s); check the %q column, or export the report again with its rows per tool", strings.Join(f.Skipped, ", "), header[col[RoleTool]])
	}

	switch {
	case !opt.Period.IsZero():
		f.Period = opt.Period
	case !first.IsZero():
		f.Period = Period{From: first, To: last}
	default:
		return nil, ErrNoPeriod
	}
	if f.Period.From.IsZero() || f.Period.To.IsZero() || f.Period.To.Before(f.Period.From) {
		return nil, fmt.Errorf("the period %s is not a span of days; give a first day on or before the last", f.Period)
	}
	return f, nil
}

// columnNamedOnce refuses a column the import reads that the header names
// more than once (in any case): which of them holds the figures would be a
// guess.
func columnNamedOnce(header []string, name string) error {
	first := -1
	for i, h := range header {
		if headerKey(h) != headerKey(name) {
			continue
		}
		if first >= 0 {
			return fmt.Errorf("the report has two columns named %q (columns %d and %d); rename or remove one so it is clear which holds the figures", header[first], first+1, i+1)
		}
		first = i
	}
	return nil
}

func newCSVReader(text []byte) *csv.Reader {
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma = sniffDelimiter(text)
	r.ReuseRecord = true
	return r
}

// sniffDelimiter picks the delimiter of the header line: comma unless the
// line has none and has semicolons (spreadsheets in many locales) or tabs.
func sniffDelimiter(text []byte) rune {
	line := text
	if i := bytes.IndexByte(text, '\n'); i >= 0 {
		line = text[:i]
	}
	if bytes.IndexByte(line, ',') >= 0 {
		return ','
	}
	if bytes.IndexByte(line, ';') >= 0 {
		return ';'
	}
	if bytes.IndexByte(line, '\t') >= 0 {
		return '\t'
	}
	return ','
}

// csvErrorText is encoding/csv's error without its own position prefix,
// with a hint for the common case.
func csvErrorText(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		switch pe.Err {
		case csv.ErrFieldCount:
			return "it has a different number of columns from the header; check for a stray comma or a missing cell"
		case csv.ErrQuote, csv.ErrBareQuote:
			return "a quotation mark is out of place; put quotes around the whole cell and double any quote inside it"
		}
		return pe.Err.Error()
	}
	return err.Error()
}

func errorLine(err error) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Line
	}
	return 0
}

func trimAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = strings.TrimSpace(v)
	}
	return out
}

func allBlank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// isTotalRow reports a summary row that reports often add at the bottom.
func isTotalRow(key string) bool {
	switch key {
	case "total", "totals", "grandtotal", "alltools", "allapps", "allapplications":
		return true
	}
	return false
}

// parseFigure reads a count: "1,234", "1234.0" (rounded), or for minutes
// also h:mm or h:mm:ss. An empty cell, "-" or "n/a" is unknown.
func parseFigure(s string, minutes bool) (Count, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "", "-", "n/a", "na", "null":
		return Count{}, nil
	}
	if minutes && strings.Contains(s, ":") {
		return parseClock(s)
	}
	clean := s
	if strings.ContainsAny(s, ", _") {
		clean = strings.Map(func(r rune) rune {
			if r == ',' || r == '_' || r == ' ' {
				return -1
			}
			return r
		}, s)
	}
	if n, err := strconv.ParseInt(clean, 10, 64); err == nil {
		if n < 0 {
			return Count{}, fmt.Errorf("%q is negative; a count cannot be below zero", clipCell(s))
		}
		return Known(n), nil
	}
	v, err := strconv.ParseFloat(clean, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v > math.MaxInt64/2 {
		return Count{}, fmt.Errorf("%q is not a number; write a whole number like 1234", clipCell(s))
	}
	if v < 0 {
		return Count{}, fmt.Errorf("%q is negative; a count cannot be below zero", clipCell(s))
	}
	return Known(int64(math.Round(v))), nil
}

func parseClock(s string) (Count, error) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return Count{}, fmt.Errorf("%q is not a time; write minutes like 95 or hours like 1:35", clipCell(s))
	}
	var n [3]int64
	for i, p := range parts {
		v, err := strconv.ParseInt(p, 10, 64)
		if err != nil || v < 0 || (i > 0 && v >= 60) {
			return Count{}, fmt.Errorf("%q is not a time; write minutes like 95 or hours like 1:35", clipCell(s))
		}
		n[i] = v
	}
	secs := n[0]*3600 + n[1]*60 + n[2]
	return Known((secs + 30) / 60), nil
}

// parseDay reads the date formats reports use: 2025-09-02, 9/2/2025,
// 09/02/25, 2025/09/02, Sep 2, 2025, 2 Sep 2025, and ISO timestamps (the
// day part is kept).
func parseDay(s string) (Date, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{
		time.DateOnly, "1/2/2006", "1/2/06", "2006/1/2", "Jan 2, 2006", "January 2, 2006", "2 Jan 2006", "2 January 2006",
		time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "1/2/2006 15:04", "1/2/2006 3:04 PM",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return DateOf(t), nil
		}
	}
	return Date{}, fmt.Errorf("%q is not a date; write it as 2025-09-02 or 9/2/2025 (month first)", clipCell(s))
}

// clipCell is the start of a cell an error echoes: enough to find it, never
// a whole pasted page.
func clipCell(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max-1]) + "…"
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
