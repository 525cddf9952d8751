package workbook

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"edtech-workbook/workbook/inventory"
)

// The fields of an inventory tool as people edit them, declared once: the
// command line's `inventory set FIELD=VALUE`, the app's tool page (a form
// per section) and the accessible mode's prompts all read ToolFields. Each
// field reads and writes the tool through its text form (a date as
// 2026-09-01, money in dollars, a list with commas, yes or no), so every
// way in parses and checks the same.

// ToolFieldKind is how a field's text is read.
type ToolFieldKind int

const (
	FieldText    ToolFieldKind = iota // one line of text
	FieldList                         // several items, separated by commas
	FieldDate                         // 2026-09-01, or empty
	FieldYesNo                        // yes or no
	FieldDollars                      // an amount of dollars: 18000, $18,000, 1250.50
	FieldCount                        // a whole number, 0 or more
	FieldChoice                       // one of Options (an empty value clears it when Clearable)
)

// ToolField is one field of a tool.
type ToolField struct {
	Key     string // the name `inventory set` takes: "renewal", "agreement-signed"
	Section string // the tool page's section: ToolSections
	Title   string // the label on the tool page and in prompts
	Help    string // what to write
	Kind    ToolFieldKind
	// Options are the ids a FieldChoice takes (with Labels in the same
	// order); Clearable says an empty answer is allowed.
	Options   []string
	Labels    []string
	Clearable bool
	// Get is the field's value as text, the way Set reads it back.
	Get func(t *inventory.Tool) string
	// Set reads v (already trimmed) into t; inv resolves names of other
	// tools. An empty v clears the field. It returns one plain sentence
	// when v cannot be read.
	Set func(inv *inventory.Inventory, t *inventory.Tool, v string) error
}

// The sections of a tool's page, in order.
const (
	SectionAbout   = "About"
	SectionUse     = "Who uses it"
	SectionStatus  = "Status and evidence"
	SectionMoney   = "Money"
	SectionPrivacy = "Privacy"
	SectionAccess  = "Accessibility"
	SectionFit     = "Fit with our systems"
)

// ToolSections lists the sections of ToolFields in page order.
func ToolSections() []string {
	return []string{SectionAbout, SectionUse, SectionStatus, SectionMoney, SectionPrivacy, SectionAccess, SectionFit}
}

// ToolFields lists every field, by section in page order.
func ToolFields() []ToolField {
	text := func(key, section, title, help string, p func(t *inventory.Tool) *string) ToolField {
		return ToolField{Key: key, Section: section, Title: title, Help: help, Kind: FieldText,
			Get: func(t *inventory.Tool) string { return *p(t) },
			Set: func(_ *inventory.Inventory, t *inventory.Tool, v string) error { *p(t) = v; return nil }}
	}
	list := func(key, section, title, help string, p func(t *inventory.Tool) *[]string) ToolField {
		return ToolField{Key: key, Section: section, Title: title, Help: help + " (separate them with commas)", Kind: FieldList,
			Get: func(t *inventory.Tool) string { return strings.Join(*p(t), ", ") },
			Set: func(_ *inventory.Inventory, t *inventory.Tool, v string) error { *p(t) = SplitList(v); return nil }}
	}
	date := func(key, section, title, help string, p func(t *inventory.Tool) *inventory.Date) ToolField {
		return ToolField{Key: key, Section: section, Title: title, Help: help + ", written 2026-09-01", Kind: FieldDate,
			Get: func(t *inventory.Tool) string { return p(t).String() },
			Set: func(_ *inventory.Inventory, t *inventory.Tool, v string) error {
				d, err := ParseOptionalDate(v)
				if err == nil {
					*p(t) = d
				}
				return err
			}}
	}
	flag := func(key, section, title, help string, p func(t *inventory.Tool) *bool) ToolField {
		return ToolField{Key: key, Section: section, Title: title, Help: help, Kind: FieldYesNo,
			Options: []string{"yes", "no"}, Labels: []string{"yes", "no"},
			Get: func(t *inventory.Tool) string { return YesNo(*p(t)) },
			Set: func(_ *inventory.Inventory, t *inventory.Tool, v string) error {
				b, err := ParseYesNo(v)
				if err == nil {
					*p(t) = b
				}
				return err
			}}
	}
	choice := func(key, section, title, help string, ids, labels []string, clearable bool,
		get func(t *inventory.Tool) string, set func(t *inventory.Tool, v string) error) ToolField {
		return ToolField{Key: key, Section: section, Title: title, Help: help, Kind: FieldChoice,
			Options: ids, Labels: labels, Clearable: clearable, Get: get,
			Set: func(_ *inventory.Inventory, t *inventory.Tool, v string) error { return set(t, v) }}
	}
	var statusIDs, statusLabels []string
	for _, s := range inventory.Statuses() {
		statusIDs, statusLabels = append(statusIDs, string(s)), append(statusLabels, s.Label())
	}
	var evidenceIDs, evidenceLabels []string
	for _, e := range inventory.EvidenceLevels() {
		evidenceIDs, evidenceLabels = append(evidenceIDs, string(e)), append(evidenceLabels, e.Label())
	}
	var agreementIDs, agreementLabels []string
	for _, a := range inventory.AgreementStatuses() {
		agreementIDs, agreementLabels = append(agreementIDs, string(a)), append(agreementLabels, a.Label())
	}
	return []ToolField{
		text("name", SectionAbout, "Name", "the name people know it by", func(t *inventory.Tool) *string { return &t.Name }),
		text("vendor", SectionAbout, "Vendor", "the company that makes it", func(t *inventory.Tool) *string { return &t.Vendor }),
		text("purpose", SectionAbout, "Purpose", "the job it does, in a sentence", func(t *inventory.Tool) *string { return &t.Purpose }),
		list("use-cases", SectionAbout, "Use cases", "how it is used", func(t *inventory.Tool) *[]string { return &t.UseCases }),
		text("owner", SectionAbout, "Owner", "who answers for it in the district", func(t *inventory.Tool) *string { return &t.Owner }),
		list("support", SectionAbout, "Support resources", "guides, videos, a contact", func(t *inventory.Tool) *[]string { return &t.Support }),
		text("notes", SectionAbout, "Notes", "anything else", func(t *inventory.Tool) *string { return &t.Notes }),

		list("schools", SectionUse, "Schools", "schools that use it", func(t *inventory.Tool) *[]string { return &t.Schools }),
		list("grades", SectionUse, "Grades", "grades", func(t *inventory.Tool) *[]string { return &t.Grades }),
		list("subjects", SectionUse, "Subjects", "subjects", func(t *inventory.Tool) *[]string { return &t.Subjects }),
		list("roles", SectionUse, "Who uses it", "teachers, students, families, office staff, …", func(t *inventory.Tool) *[]string { return &t.Roles }),

		choice("status", SectionStatus, "Status", "requested, piloting, approved, core, retiring or declined", statusIDs, statusLabels, false,
			func(t *inventory.Tool) string { return string(t.Status) },
			func(t *inventory.Tool, v string) error {
				s, err := inventory.ParseStatus(v)
				if err == nil {
					t.Status = s
				}
				return err
			}),
		choice("evidence", SectionStatus, "Evidence level", "vendor-claim, third-party-review, local-trial or local-data: the strongest evidence that it does its job",
			evidenceIDs, evidenceLabels, true,
			func(t *inventory.Tool) string { return string(t.Evidence) },
			func(t *inventory.Tool, v string) error {
				if v == "" {
					t.Evidence = ""
					return nil
				}
				e, err := inventory.ParseEvidenceLevel(v)
				if err == nil {
					t.Evidence = e
				}
				return err
			}),

		{Key: "paid", Section: SectionMoney, Title: "Paid", Help: "yes, or no when it is free (empty: not recorded)", Kind: FieldYesNo,
			Options: []string{"yes", "no"}, Labels: []string{"yes", "no, it is free"}, Clearable: true,
			Get: func(t *inventory.Tool) string {
				switch {
				case t.Money.Paid:
					return "yes"
				case t.Money.Free:
					return "no"
				}
				return ""
			},
			Set: func(_ *inventory.Inventory, t *inventory.Tool, v string) error {
				if v == "" {
					t.Money.Paid, t.Money.Free = false, false
					return nil
				}
				b, err := ParseYesNo(v)
				if err == nil {
					t.Money.Paid, t.Money.Free = b, !b
				}
				return err
			}},
		{Key: "cost", Section: SectionMoney, Title: "Yearly cost", Help: "all licences for a year, in dollars, e.g. 18000 or 1250.50 (setting it marks the tool paid)", Kind: FieldDollars,
			Get: func(t *inventory.Tool) string {
				if t.Money.CostCents == 0 {
					return ""
				}
				return Dollars(t.Money.CostCents)
			},
			Set: func(_ *inventory.Inventory, t *inventory.Tool, v string) error {
				c, err := ParseDollars(v)
				if err == nil {
					t.Money.CostCents = c
					if c > 0 {
						t.Money.Paid, t.Money.Free = true, false
					}
				}
				return err
			}},
		{Key: "licences", Section: SectionMoney, Title: "Licences", Help: "how many licences the district holds", Kind: FieldCount,
			Get: func(t *inventory.Tool) string {
				if t.Money.Licences == 0 {
					return ""
				}
				return strconv.Itoa(t.Money.Licences)
			},
			Set: func(_ *inventory.Inventory, t *inventory.Tool, v string) error {
				n, err := ParseCount(v, "licences")
				if err == nil {
					t.Money.Licences = int(n)
				}
				return err
			}},
		text("funding", SectionMoney, "Funding source", "where the money comes from: general fund, a grant, a school's budget", func(t *inventory.Tool) *string { return &t.Money.Funding.Source }),
		flag("funding-one-time", SectionMoney, "One-time money", "yes when the money is a grant or other one-time money", func(t *inventory.Tool) *bool { return &t.Money.Funding.OneTime }),
		date("funding-ends", SectionMoney, "One-time money ends", "the day one-time money runs out", func(t *inventory.Tool) *inventory.Date { return &t.Money.Funding.Ends }),
		date("renewal", SectionMoney, "Renewal", "the day the licence renews", func(t *inventory.Tool) *inventory.Date { return &t.Money.Renewal }),

		choice("agreement", SectionPrivacy, "Data-privacy agreement", "none, requested, signed or expired", agreementIDs, agreementLabels, true,
			func(t *inventory.Tool) string { return string(t.Privacy.Agreement) },
			func(t *inventory.Tool, v string) error {
				if v == "" {
					t.Privacy.Agreement = ""
					return nil
				}
				s, err := inventory.ParseAgreementStatus(v)
				if err == nil {
					t.Privacy.Agreement = s
				}
				return err
			}),
		date("agreement-requested", SectionPrivacy, "Agreement requested", "the day the agreement was asked for", func(t *inventory.Tool) *inventory.Date { return &t.Privacy.Requested }),
		date("agreement-signed", SectionPrivacy, "Agreement signed", "the day it was signed", func(t *inventory.Tool) *inventory.Date { return &t.Privacy.Signed }),
		date("agreement-expires", SectionPrivacy, "Agreement expires", "the day it ends", func(t *inventory.Tool) *inventory.Date { return &t.Privacy.Expires }),
		list("data-collected", SectionPrivacy, "Data collected", "kinds of data it takes: name, school email, student work, …", func(t *inventory.Tool) *[]string { return &t.Privacy.DataCollected }),

		text("accessibility-report", SectionAccess, "Conformance report", "the accessibility conformance report, e.g. VPAT 2.5 (WCAG 2.1 AA)", func(t *inventory.Tool) *string { return &t.Access.ConformanceReport }),
		date("report-date", SectionAccess, "Report date", "the report's date", func(t *inventory.Tool) *inventory.Date { return &t.Access.ReportDate }),
		flag("tested-with-at", SectionAccess, "Tested with assistive technology", "yes when the district tried it with a screen reader or other assistive technology", func(t *inventory.Tool) *bool { return &t.Access.TestedWithAT }),
		list("languages", SectionAccess, "Languages", "languages the interface offers", func(t *inventory.Tool) *[]string { return &t.Access.Languages }),
		flag("family-facing", SectionAccess, "Family-facing", "yes when families use it", func(t *inventory.Tool) *bool { return &t.Access.FamilyFacing }),

		flag("sso", SectionFit, "Single sign-on", "yes when people sign in with single sign-on", func(t *inventory.Tool) *bool { return &t.Fit.SSO }),
		flag("rostering", SectionFit, "Automatic rostering", "yes when classes are rostered automatically", func(t *inventory.Tool) *bool { return &t.Fit.Rostering }),
		{Key: "overlaps", Section: SectionFit, Title: "Tools that do the same job", Help: "other tools of the inventory, by name or id (separate them with commas)", Kind: FieldList,
			Get: func(t *inventory.Tool) string { return strings.Join(t.Fit.Overlaps, ", ") },
			Set: func(inv *inventory.Inventory, t *inventory.Tool, v string) error {
				var ids []string
				for _, name := range SplitList(v) {
					o, err := FindTool(inv, name)
					if err != nil {
						return err
					}
					if o.ID == t.ID {
						return fmt.Errorf("%q is this tool itself; name the other tools that do the same job", CleanLine(name))
					}
					ids = append(ids, o.ID)
				}
				t.Fit.Overlaps = ids
				return nil
			}},
	}
}

// ToolField finds a field by its key.
func ToolFieldByKey(key string) (ToolField, bool) {
	for _, f := range ToolFields() {
		if f.Key == key {
			return f, true
		}
	}
	return ToolField{}, false
}

// FindTool resolves what a person typed to name a tool: its id, a unique
// start of an id (3 characters or more), or its name (case, punctuation and
// company suffixes aside).
func FindTool(inv *inventory.Inventory, name string) (*inventory.Tool, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, fmt.Errorf("no tool named; give a tool's id or name")
	}
	if t := inv.Tool(name); t != nil {
		return t, nil
	}
	var matches []*inventory.Tool
	for i := range inv.Tools {
		t := &inv.Tools[i]
		if k := inventory.MatchName(t.Name, name); k == inventory.MatchExact || k == inventory.MatchSame ||
			(len(name) >= 3 && strings.HasPrefix(t.ID, strings.ToLower(name))) {
			matches = append(matches, t)
		}
	}
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		var close []string
		for i := range inv.Tools {
			if inventory.MatchName(inv.Tools[i].Name, name) == inventory.MatchClose {
				close = append(close, fmt.Sprintf("%q (%s)", CleanLine(inv.Tools[i].Name), inv.Tools[i].ID))
			}
		}
		if len(close) > 0 {
			return nil, fmt.Errorf("no tool %q in the inventory; did you mean %s?", CleanLine(name), strings.Join(close, " or "))
		}
		return nil, fmt.Errorf("no tool %q in the inventory; see the list of tools for ids and names", CleanLine(name))
	}
	ids := make([]string, len(matches))
	for i, m := range matches {
		ids[i] = fmt.Sprintf("%s (%s)", m.ID, CleanLine(m.Name))
	}
	return nil, fmt.Errorf("%q matches %d tools: %s; use the id", CleanLine(name), len(matches), strings.Join(ids, ", "))
}

// SplitList splits a comma-separated list, dropping empty items.
func SplitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ParseOptionalDate reads a date written 2026-09-01; empty is no date.
func ParseOptionalDate(v string) (inventory.Date, error) {
	if v == "" {
		return inventory.Date{}, nil
	}
	return inventory.ParseDate(v)
}

// ParseYesNo reads yes or no (y, true, 1 / n, false, 0; empty is no).
func ParseYesNo(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "yes", "y", "true", "1":
		return true, nil
	case "no", "n", "false", "0", "":
		return false, nil
	}
	return false, fmt.Errorf("%q is not yes or no", v)
}

// YesNo writes a yes/no field.
func YesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// ParseCount reads a whole number of things (what names them in the
// message): 2400, 2,400; empty is 0.
func ParseCount(v, what string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(v, ",", ""), 10, 64)
	if err != nil || n < 0 || n > math.MaxInt32 {
		return 0, fmt.Errorf("%q is not a whole number of %s", v, what)
	}
	return n, nil
}

// ParseDollars reads an amount of dollars into cents: 18000, 18,000,
// $18,000.00, 1250.5; empty is 0.
func ParseDollars(v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	clean := strings.NewReplacer("$", "", ",", "", " ", "").Replace(v)
	whole, frac, _ := strings.Cut(clean, ".")
	bad := fmt.Errorf("%q is not an amount of dollars; write it like 18000 or 1250.50", v)
	if len(frac) > 2 || whole == "" {
		return 0, bad
	}
	d, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || d < 0 || d > math.MaxInt64/100-1 {
		return 0, bad
	}
	c := int64(0)
	if frac != "" {
		for len(frac) < 2 {
			frac += "0"
		}
		if c, err = strconv.ParseInt(frac, 10, 64); err != nil {
			return 0, bad
		}
	}
	return d*100 + c, nil
}

// Dollars writes cents for people: $18,000 or $1,250.50.
func Dollars(cents int64) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	s := "$" + Thousands(cents/100)
	if c := cents % 100; c != 0 {
		s += fmt.Sprintf(".%02d", c)
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Thousands writes n with commas: 12,345.
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
