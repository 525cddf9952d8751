package export

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook/inventory"
)

func mustInventory(t *testing.T, inv *inventory.Inventory, format, table string) []byte {
	t.Helper()
	crit := inventory.DefaultCriteria()
	out, err := RenderInventory(inv, &crit, format, InventoryOptions{District: "Riverside Public Schools", Today: testfixture.InventoryToday(), Table: table})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestInventoryGoldens(t *testing.T) {
	for _, c := range []struct{ format, table, file string }{
		{FormatMarkdown, "", "inventory.md"}, {FormatHTML, "", "inventory.html"}, {FormatPublic, "", "inventory.public.html"},
		{FormatCSV, TableTools, "inventory.tools.csv"}, {FormatCSV, TableEvaluations, "inventory.evaluations.csv"},
		{FormatCSV, TableRequests, "inventory.requests.csv"},
	} {
		t.Run(c.file, func(t *testing.T) {
			out := mustInventory(t, testfixture.Inventory(t), c.format, c.table)
			if again := mustInventory(t, testfixture.Inventory(t), c.format, c.table); !bytes.Equal(out, again) {
				t.Fatal("two exports of the same inventory differ")
			}
			requireGolden(t, c.file, out)
		})
	}
}

func TestInventoryExportErrors(t *testing.T) {
	inv := testfixture.Inventory(t)
	crit := inventory.DefaultCriteria()
	if _, err := RenderInventory(inv, &crit, "pdf", InventoryOptions{Today: testfixture.InventoryToday()}); err == nil || !strings.Contains(err.Error(), "md, html, csv, public, json") {
		t.Errorf("unknown format = %v", err)
	}
	if _, err := RenderInventory(inv, &crit, FormatCSV, InventoryOptions{Today: testfixture.InventoryToday(), Table: "people"}); err == nil || !strings.Contains(err.Error(), "--table tools or --table evaluations") {
		t.Errorf("unknown table = %v", err)
	}
	if _, err := RenderInventory(inv, &crit, FormatHTML, InventoryOptions{}); err == nil {
		t.Error("an export without a date was not refused")
	}
}

// An empty inventory renders in every format, and says it is empty.
func TestEmptyInventoryExports(t *testing.T) {
	for _, f := range InventoryFormats() {
		out := string(mustInventory(t, &inventory.Inventory{}, f, ""))
		switch f {
		case FormatMarkdown, FormatHTML:
			if !strings.Contains(out, "No tools in the inventory yet.") {
				t.Errorf("%s: %q", f, out)
			}
		case FormatPublic:
			if !strings.Contains(out, "No tools are listed yet.") {
				t.Errorf("public: %q", out)
			}
		}
	}
}

func TestInventoryHostileContentStaysInert(t *testing.T) {
	inv := testfixture.HostileInventory(t)
	for _, f := range []string{FormatMarkdown, FormatHTML, FormatPublic} {
		out := string(mustInventory(t, inv, f, ""))
		low := strings.ToLower(out)
		for _, bad := range []string{"<script", "\x1b", "\x07", "\u202e", "\r"} {
			if strings.Contains(low, bad) {
				t.Errorf("%s export contains %q", f, bad)
			}
		}
		if f != FormatMarkdown {
			checkHTMLStructure(t, f, out)
			if !strings.Contains(out, "&lt;script&gt;") {
				t.Errorf("%s does not show the escaped script text", f)
			}
		}
	}
	// Markdown tables keep their shape: a | in the text is escaped.
	md := string(mustInventory(t, inv, FormatMarkdown, ""))
	cells := -1
	for i, l := range strings.Split(md, "\n") {
		if !strings.HasPrefix(l, "|") {
			cells = -1
			continue
		}
		if cells < 0 {
			cells = pipeCells(l)
		} else if got := pipeCells(l); got != cells {
			t.Errorf("md line %d has %d cells, header has %d: %q", i+1, got, cells, l)
		}
	}
	for _, table := range InventoryTables() {
		rows := readCSV(t, mustInventory(t, inv, FormatCSV, table))
		formulas := 0
		for i, row := range rows {
			if len(row) != len(rows[0]) {
				t.Errorf("%s csv row %d has %d cells, header %d", table, i, len(row), len(rows[0]))
			}
			for _, c := range row {
				if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
					t.Errorf("%s csv cell starts a formula: %q", table, c)
				}
				if strings.HasPrefix(c, "'=HYPERLINK") || strings.HasPrefix(c, "'@SUM") {
					formulas++
				}
				if strings.ContainsAny(c, "\x1b\x07") {
					t.Errorf("%s csv cell holds a terminal escape: %q", table, c)
				}
			}
		}
		if table == TableTools && formulas != 2 {
			t.Errorf("tools csv: %d neutralised formulas, want the name and the support guide", formulas)
		}
	}
}

// headingRE finds the headings of a page, in order.
var headingRE = regexp.MustCompile(`<h([1-6])[ >]`)

func TestPublicPageIsAccessibleAndPlain(t *testing.T) {
	page := string(mustInventory(t, testfixture.Inventory(t), FormatPublic, ""))
	checkHTMLStructure(t, "public", page)
	for _, want := range []string{`<html lang="en">`, `<meta name="color-scheme" content="light dark">`, "prefers-color-scheme: dark",
		"@media print", `<th scope="col">`, `<th scope="row">`, "<caption>", "<title>Tools we use in Riverside Public Schools</title>",
		"Signed on July 1, 2025; in force until June 30, 2028", "Asked for on October 1, 2026; not signed yet",
		"Name, school email, class roster and student work", "Getting started for families (district website)",
		"Stop using it", "Few people use it, and ClassHub does the same job.", "Try it out first (a pilot)",
		"Last day of use</dt><dd>June 30, 2026", "Being tried out in some classes before we decide."} {
		if !strings.Contains(page, want) {
			t.Errorf("the public page lacks %q", want)
		}
	}
	// Nothing internal, nothing outside, nothing that runs.
	for _, bad := range []string{"<script", "<link", "src=", "href=", "@import", "url(", "http://", "https://",
		"$", "2,210", "Ana (English learner teacher)", "Declined in 2025", "PollPad", "general fund"} {
		if strings.Contains(page, bad) {
			t.Errorf("the public page contains %q", bad)
		}
	}
	// One h1, and no heading level skipped on the way down.
	levels := headingRE.FindAllStringSubmatch(page, -1)
	if len(levels) == 0 || levels[0][1] != "1" || strings.Count(page, "<h1") != 1 {
		t.Fatalf("headings: %v", levels)
	}
	prev := 1
	for _, l := range levels[1:] {
		n := int(l[1][0] - '0')
		if n > prev+1 {
			t.Errorf("heading h%d follows h%d", n, prev)
		}
		prev = n
	}
}

// cohortDistricts are three districts' inventories: ClassHub in all three
// (spelled two ways), ReadAlong in two, and one tool of each district's own.
func cohortDistricts(t *testing.T) []inventory.District {
	t.Helper()
	riverside := testfixture.Inventory(t)
	birch := &inventory.Inventory{}
	cedar := &inventory.Inventory{}
	for _, c := range []struct {
		inv  *inventory.Inventory
		tool inventory.Tool
	}{
		{birch, inventory.Tool{Name: "Classhub, Inc.", Status: inventory.Approved, Privacy: inventory.Privacy{Agreement: inventory.AgreementRequested}}},
		{birch, inventory.Tool{Name: "ReadAlong", Status: inventory.Piloting}},
		{birch, inventory.Tool{Name: "Birch Maps", Status: inventory.Core}},
		{cedar, inventory.Tool{Name: "ClassHub", Status: inventory.Core, Privacy: inventory.Privacy{Agreement: inventory.AgreementSigned,
			Signed: inventory.NewDate(2023, 1, 1), Expires: inventory.NewDate(2026, 6, 30)}}},
		{cedar, inventory.Tool{Name: "ReadAlong", Status: inventory.Declined}},
	} {
		if _, err := c.inv.AddTool(c.tool); err != nil {
			t.Fatal(err)
		}
	}
	return []inventory.District{{Name: "Riverside", Inventory: riverside}, {Name: "Birch Valley", Inventory: birch}, {Name: "Cedar Falls", Inventory: cedar}}
}

func TestCohortToolsSection(t *testing.T) {
	tools := CohortTools{Districts: cohortDistricts(t), Today: testfixture.InventoryToday()}
	if _, err := CohortWithTools(cohortSessions(t), tools, FormatCSV); err == nil {
		t.Error("the long CSV took the tools section, which it has no place for")
	}
	for _, f := range []string{FormatMarkdown, FormatHTML} {
		out, err := CohortWithTools(cohortSessions(t), tools, f)
		if err != nil {
			t.Fatal(err)
		}
		requireGolden(t, "cohort-tools."+f, out)
		text := string(out)
		for _, want := range []string{"Tools across districts", "3 of 3", "Classhub, Inc.", "agreement expired"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s lacks %q", f, want)
			}
		}
		if f == FormatHTML {
			checkHTMLStructure(t, "cohort-tools", text)
		}
		without, _ := Cohort(cohortSessions(t), f)
		if strings.Contains(string(without), "Tools across districts") {
			t.Errorf("%s: the cohort report without inventories has a tools section", f)
		}
	}
}

// TestCostNotRecorded: a tool whose cost nobody entered (PollPad: not
// marked paid or free) reads "cost not recorded" in the Markdown and the
// HTML, not "free" (the model had only paid yes/no); the tools CSV leaves
// its Paid column empty.
func TestCostNotRecorded(t *testing.T) {
	inv := testfixture.Inventory(t)
	md := string(mustInventory(t, inv, FormatMarkdown, ""))
	if !strings.Contains(md, "| PollPad | Pad Labs | Declined | No agreement | no data | cost not recorded |") {
		t.Errorf("the Markdown's PollPad row does not say its cost is not recorded:\n%s", md)
	}
	html := string(mustInventory(t, inv, FormatHTML, ""))
	if !strings.Contains(html, `<td>no data</td><td>cost not recorded</td>`) {
		t.Error("the HTML's PollPad row does not say its cost is not recorded")
	}
	for _, row := range readCSV(t, mustInventory(t, inv, FormatCSV, TableTools)) {
		if row[0] == "pollpad" && row[11] != "" {
			t.Errorf("PollPad's Paid column reads %q, want empty", row[11])
		}
	}
}
