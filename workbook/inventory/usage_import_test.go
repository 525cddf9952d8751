package inventory

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

const cleverDaily = `App,Unique Users,Total Logins,Date
Seesaw,120,300,2025-09-02
Lexia Core5,80,95,2025-09-02
Seesaw,140,310,2025-09-03
seesaw ,100,50,9/4/2025
Total,340,755,
`

func TestParseCleverStyle(t *testing.T) {
	f, err := ParseUsage([]byte(cleverDaily), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Preset != "clever" || f.Source != FromSSO || f.Report != "Clever" {
		t.Errorf("preset %q source %q report %q", f.Preset, f.Source, f.Report)
	}
	if f.Period.String() != "2025-09-02 to 2025-09-04" {
		t.Errorf("period = %s, want the span of the Date column", f.Period)
	}
	if f.Rows != 5 || len(f.Tools) != 2 {
		t.Fatalf("rows %d tools %d, want 5 rows and 2 tools", f.Rows, len(f.Tools))
	}
	s := f.Tools[0]
	if s.Name != "Seesaw" || s.Rows != 3 || s.Line != 2 || s.Sessions != Known(660) || s.ActiveUsers != Known(140) || s.Minutes.ok {
		t.Errorf("Seesaw = %+v; want 3 rows combined, 660 logins, 140 users (largest row), minutes unknown", s)
	}
	if len(s.Variants) != 1 || s.Variants[0] != "seesaw" {
		t.Errorf("variants = %q", s.Variants)
	}
	if len(f.Skipped) != 1 || f.Skipped[0] != "1 total row" {
		t.Errorf("skipped = %q", f.Skipped)
	}
}

func TestParseClassLinkStyle(t *testing.T) {
	data := "\xEF\xBB\xBFApplication Name,Unique Users,Sessions,Time Spent,Start Date,End Date\r\n" +
		"\"Book Creator, Inc.\",\"1,204\",\"5,310\",12:30:00,2025-09-01,2025-12-19\r\n" +
		"\"=HYPERLINK(\"\"http://x\"\")\",3,4,95.6,2025-09-01,2025-12-19\r\n" +
		",,,,,\r\n" +
		",9,9,9,2025-09-01,2025-12-19\r\n"
	f, err := ParseUsage([]byte(data), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Preset != "classlink" || f.Report != "ClassLink" {
		t.Errorf("preset %q report %q", f.Preset, f.Report)
	}
	if len(f.Tools) != 2 {
		t.Fatalf("tools = %+v", f.Tools)
	}
	if b := f.Tools[0]; b.Name != "Book Creator, Inc." || b.ActiveUsers != Known(1204) || b.Sessions != Known(5310) || b.Minutes != Known(750) {
		t.Errorf("Book Creator = %+v; want 1204 users, 5310 sessions, 750 minutes", b)
	}
	if h := f.Tools[1]; h.Name != `=HYPERLINK("http://x")` || h.Minutes != Known(96) {
		t.Errorf("a formula-like name is kept as data: %+v", h)
	}
	if f.Rows != 3 || len(f.Skipped) != 1 || f.Skipped[0] != "1 row with no tool name" {
		t.Errorf("rows %d skipped %q; a blank line is not a row, a row without a name is skipped and said", f.Rows, f.Skipped)
	}
}

func TestParseUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		data string
		opt  ImportOptions
		want string
	}{
		{"unknown columns", "Tool,People,Visits\nSeesaw,1,2\n", ImportOptions{},
			`the columns "Tool", "People", "Visits" match no known usage report; expected Clever-style analytics export: App, Unique Users, Total Logins, Date; ClassLink-style analytics export: App Name, Unique Users, Sessions, Minutes, Date`},
		{"student column", "App,Unique Users,Total Logins,Student ID\n", ImportOptions{}, `column "Student ID" looks like a student identifier`},
		{"student column with a mapping", "Tool,Visits,Email\n", ImportOptions{Mapping: Mapping{RoleTool: "Tool", RoleSessions: "Visits"}, Source: FromNetwork}, `column "Email" looks like an email address`},
		{"bad date", "App,Total Logins,Date\nSeesaw,3,2025-09-02\nSeesaw,4,13/45/2025\n", ImportOptions{}, `line 3, column "Date": "13/45/2025" is not a date`},
		{"day-first date", "App,Total Logins,Date\nSeesaw,3,31/12/2025\n", ImportOptions{}, `line 2, column "Date": "31/12/2025" is not a date; write it as 2025-09-02 or 9/2/2025 (month first)`},
		{"bad number", "App,Total Logins,Date\nSeesaw,lots,2025-09-02\n", ImportOptions{}, `line 2, column "Total Logins": "lots" is not a number`},
		{"negative number", "App,Total Logins,Date\nSeesaw,-4,2025-09-02\n", ImportOptions{}, `"-4" is negative`},
		{"bad clock", "Application,Sessions,Minutes,Date\nSeesaw,1,1:75,2025-09-02\n", ImportOptions{}, `"1:75" is not a time`},
		{"ragged row", "App,Total Logins,Date\nSeesaw,3\n", ImportOptions{}, "line 2 cannot be read: it has a different number of columns from the header"},
		{"stray quote", "App,Total Logins,Date\nSee\"saw,3,2025-09-02\n", ImportOptions{}, "line 2 cannot be read: a quotation mark is out of place"},
		{"no dates", "App,Total Logins\nSeesaw,3\n", ImportOptions{}, "say which period it covers"},
		{"empty", "", ImportOptions{}, "the file is empty"},
		{"header only", "App,Total Logins,Date\n", ImportOptions{}, "header but no rows"},
		{"mapping without source", "Tool,Visits\nSeesaw,1\n", ImportOptions{Mapping: Mapping{RoleTool: "Tool", RoleSessions: "Visits"}}, "say where these figures come from"},
		{"mapping names a missing column", "Tool,Visits\nSeesaw,1\n", ImportOptions{Mapping: Mapping{RoleTool: "Tool", RoleSessions: "Hits"}, Source: FromNetwork}, `the sessions column "Hits" is not in the file; its columns are "Tool", "Visits"`},
		{"mapping without a figure", "Tool,Visits\nSeesaw,1\n", ImportOptions{Mapping: Mapping{RoleTool: "Tool"}, Source: FromNetwork}, "map at least one of"},
		{"mapping without a tool", "Tool,Visits\nSeesaw,1\n", ImportOptions{Mapping: Mapping{RoleSessions: "Visits"}, Source: FromNetwork}, "no tool-name column"},
		{"reversed period", "App,Total Logins\nSeesaw,1\n", ImportOptions{Period: Period{NewDate(2026, 1, 2), NewDate(2026, 1, 1)}}, "not a span of days"},
		{"utf-16", "\xFF\xFEA\x00", ImportOptions{}, "UTF-16"},
		{"name too long", "App,Total Logins,Date\n" + strings.Repeat("x", 201) + ",1,2025-09-02\n", ImportOptions{}, `line 2, column "App": the tool name is 201 characters long`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseUsage([]byte(tt.data), tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("want an error containing\n%q\ngot\n%v", tt.want, err)
			}
			oneLine(t, err)
		})
	}
}

func TestParseUsageColumnsError(t *testing.T) {
	_, err := ParseUsage([]byte("Tool,Visits\nx,1\n"), ImportOptions{})
	var ce *ColumnsError
	if !errors.As(err, &ce) || len(ce.Found) != 2 || len(ce.Expected["ClassLink-style analytics export"]) == 0 {
		t.Fatalf("want a *ColumnsError with the found and expected columns, got %#v", err)
	}
}

func TestParseUsageMappingAndPeriod(t *testing.T) {
	data := "Site;Visitors;Visits\nkhanacademy.org;1 204;9 000\nPadlet;12;40\n"
	period := Period{NewDate(2025, 9, 1), NewDate(2025, 9, 30)}
	_, err := ParseUsage([]byte(data), ImportOptions{Mapping: Mapping{RoleTool: "site", RoleActiveUsers: "VISITORS", RoleSessions: "Visits"}, Source: FromNetwork, Report: "Web filter"})
	if !errors.Is(err, ErrNoPeriod) {
		t.Fatalf("want ErrNoPeriod, got %v", err)
	}
	f, err := ParseUsage([]byte(data), ImportOptions{Mapping: Mapping{RoleTool: "site", RoleActiveUsers: "VISITORS", RoleSessions: "Visits"}, Source: FromNetwork, Report: "Web filter", Period: period})
	if err != nil {
		t.Fatal(err)
	}
	if f.Preset != "" || f.Source != FromNetwork || f.Period != period || len(f.Tools) != 2 || f.Tools[0].ActiveUsers != Known(1204) || f.Tools[0].Sessions != Known(9000) {
		t.Errorf("semicolon file with a mapping: %+v", f)
	}
}

func TestReadHeader(t *testing.T) {
	h, err := ReadHeader([]byte("\xEF\xBB\xBF Tool , Visits\n"), 0)
	if err != nil || len(h) != 2 || h[0] != "Tool" {
		t.Errorf("ReadHeader = %q, %v", h, err)
	}
	if _, err := ReadHeader([]byte("Tool,Last Name\n"), 0); err == nil {
		t.Error("ReadHeader should refuse a name column")
	}
}

// endless yields a header and then rows forever, counting what was read.
type endless struct{ read int64 }

// rowOffset keeps rows whole across reads of any size.
func (e *endless) rowOffset() int { return int((e.read - 22) % 20) }

func (e *endless) Read(p []byte) (int, error) {
	var n int
	if e.read == 0 {
		n = copy(p, "App,Total Logins,Date\n")
	} else {
		const row = "Seesaw,1,2025-09-02\n"
		n = copy(p, strings.Repeat(row, len(p)/len(row)+1)[e.rowOffset():])
	}
	e.read += int64(n)
	return n, nil
}

func TestReadUsageStopsAtTheBound(t *testing.T) {
	r := &endless{}
	_, err := ReadUsage(r, ImportOptions{MaxBytes: 1 << 20})
	if err == nil || !strings.Contains(err.Error(), "over the 1.0 MiB limit") {
		t.Fatalf("want a size error, got %v", err)
	}
	if r.read > 1<<20+64<<10 {
		t.Errorf("read %d bytes; it should stop just past the bound", r.read)
	}
	// A 100 MB file is refused from its size alone, before any byte is read.
	if err := CheckImportSize(100_000_000, 0); err == nil {
		t.Error("a 100 MB file should be refused")
	}
	if _, err := ReadUsage(io.LimitReader(&endless{}, 22+5*20), ImportOptions{}); err != nil {
		t.Errorf("a small file should read: %v", err)
	}
}

func TestParseDay(t *testing.T) {
	for _, s := range []string{"2025-09-02", "9/2/2025", "09/02/2025", "9/2/25", "2025/9/2", "Sep 2, 2025", "September 2, 2025", "2 Sep 2025", "2025-09-02T10:11:12Z", "2025-09-02 10:11:12", "9/2/2025 3:04 PM"} {
		d, err := parseDay(s)
		if err != nil || d.String() != "2025-09-02" {
			t.Errorf("parseDay(%q) = %s, %v", s, d, err)
		}
	}
}

func TestParseFigure(t *testing.T) {
	tests := []struct {
		in      string
		minutes bool
		want    Count
	}{
		{"1,234", false, Known(1234)},
		{" 7 ", false, Known(7)},
		{"12.5", false, Known(13)},
		{"", false, Count{}},
		{"n/a", false, Count{}},
		{"-", false, Count{}},
		{"1:30", true, Known(90)},
		{"0:00:29", true, Known(0)},
		{"0:00:30", true, Known(1)},
	}
	for _, tt := range tests {
		got, err := parseFigure(tt.in, tt.minutes)
		if err != nil || got != tt.want {
			t.Errorf("parseFigure(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"1e400", "NaN", "abc"} {
		if _, err := parseFigure(bad, false); err == nil {
			t.Errorf("parseFigure(%q) should fail", bad)
		}
	}
}

// A report with two columns of the same name (in any case) that the import
// would read is ambiguous: which one holds the figures is not ours to guess.
func TestParseRefusesAReadColumnNamedTwice(t *testing.T) {
	for name, data := range map[string]string{
		"sessions twice": "App Name,Sessions,Sessions,Date\nClassHub,2,3,2026-01-05\n",
		"tool twice":     "App Name,app name,Sessions,Date\nClassHub,Other,3,2026-01-05\n",
	} {
		_, err := ParseUsage([]byte(data), ImportOptions{})
		if err == nil || !strings.Contains(err.Error(), "two columns") {
			t.Errorf("%s: err = %v, want a refusal naming the column found twice", name, err)
		}
	}
	// A column the import does not read may repeat.
	if _, err := ParseUsage([]byte("App Name,Sessions,Note,Note,Date\nClassHub,2,a,b,2026-01-05\n"), ImportOptions{}); err != nil {
		t.Errorf("an unread column named twice: %v", err)
	}
	// So may a mapped one, with --map.
	_, err := ParseUsage([]byte("Site,Users,Users\nx,1,2\n"), ImportOptions{Source: FromNetwork, Mapping: Mapping{RoleTool: "Site", RoleActiveUsers: "Users"}, Period: Period{From: Date{}, To: Date{}}})
	if err == nil || !strings.Contains(err.Error(), "two columns") {
		t.Errorf("--map of a column named twice: err = %v", err)
	}
}

// A tool name with a line break (a quoted cell over two lines) is refused
// as the file is read, with its line, before a proposal that could not be
// stored is shown.
func TestParseRefusesANameOverTwoLines(t *testing.T) {
	data := "App Name,Sessions,Date\r\nClassHub,2,2026-01-05\r\n\"Multi\r\nLine\",3,2026-01-05\r\n"
	_, err := ParseUsage([]byte(data), ImportOptions{})
	if err == nil || !strings.Contains(err.Error(), "line 3") || !strings.Contains(err.Error(), "over two lines") {
		t.Errorf("err = %v, want a refusal at line 3 naming the name over two lines", err)
	}
}

// An error about a cell echoes the start of it, not all of it: a
// 60,000-character cell gives one readable line.
func TestParseErrorClipsALongCell(t *testing.T) {
	for name, data := range map[string]string{
		"figure": "App Name,Sessions,Date\nX," + strings.Repeat("9", 60000) + ",2026-01-05\n",
		"date":   "App Name,Sessions,Date\nX,1," + strings.Repeat("2", 60000) + "\n",
		"clock":  "App Name,Sessions,Minutes,Date\nX,1,1:" + strings.Repeat("7", 60000) + ",2026-01-05\n",
	} {
		_, err := ParseUsage([]byte(data), ImportOptions{})
		if err == nil || len(err.Error()) > 300 {
			n := 0
			if err != nil {
				n = len(err.Error())
			}
			t.Errorf("%s: error of %d bytes, want a refusal under 300", name, n)
		}
	}
}

// One column given two fields (--map Site=tool --map Site=active_users) is
// refused by name; before, it was read as both and failed on "x.com is not
// a number".
func TestParseRefusesAColumnMappedTwice(t *testing.T) {
	_, err := ParseUsage([]byte("Site,Users\nx.com,1\n"), ImportOptions{Source: FromNetwork,
		Mapping: Mapping{RoleTool: "Site", RoleActiveUsers: "site"}, Period: Period{From: Date{}, To: Date{}}})
	if err == nil || !strings.Contains(err.Error(), `column "Site"`) || !strings.Contains(err.Error(), "two fields") {
		t.Errorf("err = %v, want the column named with its two fields", err)
	}
}

// A report whose rows are only totals or blank names has no tool to record:
// it is refused, saying so (before: "the report has no date columns" for a
// file with a Date column, and with --period an import of 0 tools that
// replaced the same report's earlier figures with nothing).
func TestParseRefusesAReportWithNoTool(t *testing.T) {
	for name, data := range map[string]string{
		"only a total":   "App Name,Sessions,Date\nTotal,5,2026-01-05\n",
		"only no name":   "App Name,Sessions,Date\n,5,2026-01-05\n",
		"total and none": "App Name,Sessions,Date\n,5,2026-01-05\nTotals,5,2026-01-05\n",
	} {
		for _, opt := range []ImportOptions{{}, {Period: Period{From: DateOf(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)), To: DateOf(time.Date(2026, 1, 6, 0, 0, 0, 0, time.UTC))}}} {
			_, err := ParseUsage([]byte(data), opt)
			if err == nil || !strings.Contains(err.Error(), "no row with a tool name") {
				t.Errorf("%s (period %v): err = %v, want a refusal saying no row names a tool", name, opt.Period, err)
			}
		}
	}
}

// A header of more columns than any usage report has is refused at once,
// saying how many (a million columns took 300 MB to read before).
func TestTooManyColumns(t *testing.T) {
	header := "App,Unique Users,Date" + strings.Repeat(",x", MaxColumns)
	_, err := ParseUsage([]byte(header+"\nSeesaw,1,2026-01-01"+strings.Repeat(",", MaxColumns)+"\n"), ImportOptions{})
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("has %d columns, more than the %d", MaxColumns+3, MaxColumns)) {
		t.Fatalf("ParseUsage = %v", err)
	}
	if _, err := ReadHeader([]byte(header+"\n"), 0); err == nil || !strings.Contains(err.Error(), "more than the") {
		t.Fatalf("ReadHeader = %v", err)
	}
	ok := "App,Unique Users,Date" + strings.Repeat(",x", MaxColumns-3)
	if _, err := ReadHeader([]byte(ok+"\n"), 0); err != nil && strings.Contains(err.Error(), "more than the") {
		t.Fatalf("a header of %d columns was refused: %v", MaxColumns, err)
	}
}

func TestHeaderColumns(t *testing.T) {
	for _, c := range []struct {
		text  string
		comma rune
		want  int
	}{
		{"a,b,c\n1,2,3\n", ',', 3},
		{"a,\"b,c\",d\n", ',', 3},
		{"\"a \"\"x,y\"\"\",b\n", ',', 2},
		{"\"a\nb\",c\nx,y,z,w\n", ',', 2},
		{"a;b;c", ';', 3},
		{"", ',', 1},
	} {
		if got := headerColumns([]byte(c.text), c.comma); got != c.want {
			t.Errorf("headerColumns(%q) = %d, want %d", c.text, got, c.want)
		}
	}
}
