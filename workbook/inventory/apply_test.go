package inventory

import (
	"reflect"
	"strings"
	"testing"
)

func parse(t testing.TB, data string) *UsageFile {
	t.Helper()
	f, err := ParseUsage([]byte(data), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestPropose(t *testing.T) {
	inv := sample(t)
	mustAdd(t, inv, Tool{Name: "Classroom", Vendor: "Google", Status: Core})
	f := parse(t, `App,Unique Users,Total Logins,Date
IXL,10,20,2025-09-02
Lexia Core 5,5,6,2025-09-02
book creator inc.,1,1,2025-09-02
Google Classroom,7,7,2025-09-02
Bookcreater,2,2,2025-09-02
Canva,3,3,2025-09-02
"=1+2",1,1,2025-09-02
`)
	ps := Propose(inv, f)
	type row struct {
		match  MatchKind
		toolID string
		action Action
	}
	want := []row{
		{MatchExact, "ixl", ActionUpdate},
		{MatchSame, "lexia-core5", ActionUpdate},
		{MatchSame, "book-creator", ActionUpdate},
		{MatchSame, "classroom", ActionUpdate},
		{MatchClose, "book-creator", ActionUpdate},
		{MatchNone, "", ActionAdd},
		{MatchNone, "", ActionAdd},
	}
	for i, w := range want {
		p := ps[i]
		if (row{p.Match, p.ToolID, p.Action}) != w {
			t.Errorf("%q: got %q %q %q, want %+v", p.Name, p.Match, p.ToolID, p.Action, w)
		}
	}
	if !strings.Contains(strings.Join(ps[4].Notes, " "), `spelled differently from "Book Creator"`) {
		t.Errorf("a close match should ask for a check: %q", ps[4].Notes)
	}
	if !strings.Contains(strings.Join(ps[6].Notes, " "), "spreadsheet formula") {
		t.Errorf("a formula-like name should be noted: %q", ps[6].Notes)
	}
}

func TestApply(t *testing.T) {
	inv := sample(t)
	before := inv.Clone()
	f := parse(t, `App,Unique Users,Total Logins,Date
IXL,10,20,2025-09-02
IXL,12,25,2025-09-03
Canva,3,3,2025-09-02
Bookcreater,2,2,2025-09-03
"=HYPERLINK(""http://evil"")",1,1,2025-09-03
`)
	ps := Propose(inv, f)
	ps[2].Action = ActionSkip // the close match is not confirmed
	out, rec, err := Apply(inv, f, ps, ApplyOptions{Imported: day(t, "2025-09-10"), File: "clever.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(inv, before) {
		t.Error("Apply changed the inventory it was given")
	}
	ixl := out.Tool("ixl")
	want := Usage{Source: FromSSO, Report: "Clever", Period: Period{day(t, "2025-09-02"), day(t, "2025-09-03")},
		ActiveUsers: Known(12), Sessions: Known(45), Trust: TrustMedium, Recorded: day(t, "2025-09-10")}
	if len(ixl.Usage) != 1 || ixl.Usage[0] != want {
		t.Errorf("IXL usage = %+v, want %+v", ixl.Usage, want)
	}
	canva := out.Tool("canva")
	if canva == nil || canva.Status != Piloting || len(canva.Usage) != 1 {
		t.Errorf("Canva should be added as piloting with its usage: %+v", canva)
	}
	if out.Tool("book-creator").Usage != nil {
		t.Error("a skipped row must not change the tool")
	}
	evil := out.Tool("hyperlink-http-evil")
	if evil == nil || evil.Name != `=HYPERLINK("http://evil")` {
		t.Errorf("a formula-like name is stored as data: %+v", evil)
	}
	if rec.Rows != 5 || rec.Tools != 3 || rec.Added != 2 || rec.File != "clever.csv" || len(out.Imports) != 1 {
		t.Errorf("record = %+v", rec)
	}
	if errs := out.Validate(); len(errs) > 0 {
		t.Errorf("inventory after import: %v", errs)
	}
}

func TestApplyReimportUpdates(t *testing.T) {
	inv := sample(t)
	first := parse(t, "App,Unique Users,Total Logins,Date\nIXL,10,20,2025-09-02\nLexia Core5,4,4,2025-09-30\n")
	out, _, err := Apply(inv, first, Propose(inv, first), ApplyOptions{Imported: day(t, "2025-10-01")})
	if err != nil {
		t.Fatal(err)
	}
	out.Tool("ixl").Usage[0].Trust = TrustHigh // the team checked this figure
	// The same report for the same period, corrected: Lexia is no longer in it.
	again := parse(t, "App,Unique Users,Total Logins,Date\nIXL,11,22,2025-09-02\nLexia Core5,,,2025-09-30\n")
	again.Tools = again.Tools[:1]
	out2, _, err := Apply(out, again, Propose(out, again), ApplyOptions{Imported: day(t, "2025-10-02")})
	if err != nil {
		t.Fatal(err)
	}
	ixl := out2.Tool("ixl")
	if len(ixl.Usage) != 1 || ixl.Usage[0].Sessions != Known(22) || ixl.Usage[0].Trust != TrustHigh || ixl.Usage[0].Recorded != day(t, "2025-10-02") {
		t.Errorf("a re-import should update the one figure and keep its trust: %+v", ixl.Usage)
	}
	if len(out2.Tool("lexia-core5").Usage) != 0 {
		t.Error("a tool left out of the re-import should lose the old figure of that report and period")
	}
	if len(out2.Imports) != 1 || out2.Imports[0].Imported != day(t, "2025-10-02") {
		t.Errorf("imports = %+v, want the one record updated", out2.Imports)
	}
	// Another period adds a figure beside the first.
	oct := parse(t, "App,Unique Users,Total Logins,Date\nIXL,9,18,2025-10-01\n")
	out3, _, err := Apply(out2, oct, Propose(out2, oct), ApplyOptions{Imported: day(t, "2025-11-01")})
	if err != nil {
		t.Fatal(err)
	}
	if len(out3.Tool("ixl").Usage) != 2 || len(out3.Imports) != 2 {
		t.Errorf("another period should add, not replace: %+v", out3.Tool("ixl").Usage)
	}
}

func TestApplyAllOrNothing(t *testing.T) {
	inv := sample(t)
	f := parse(t, "App,Unique Users,Total Logins,Date\nIXL,10,20,2025-09-02\nCanva,1,1,2025-09-02\n")
	tests := []struct {
		name string
		edit func([]Proposal) []Proposal
		opt  ApplyOptions
		want string
	}{
		{"unknown tool", func(ps []Proposal) []Proposal { ps[1].Action, ps[1].ToolID = ActionUpdate, "nope"; return ps }, ApplyOptions{Imported: day(t, "2025-09-10")}, `tool "nope", which is not in the inventory`},
		{"bad action", func(ps []Proposal) []Proposal { ps[1].Action = "merge"; return ps }, ApplyOptions{Imported: day(t, "2025-09-10")}, `action "merge"`},
		{"row twice", func(ps []Proposal) []Proposal { ps[1].Row = 0; return ps }, ApplyOptions{Imported: day(t, "2025-09-10")}, "missing or taken twice"},
		{"too few", func(ps []Proposal) []Proposal { return ps[:1] }, ApplyOptions{Imported: day(t, "2025-09-10")}, "1 proposals for 2 tools"},
		{"no date", func(ps []Proposal) []Proposal { return ps }, ApplyOptions{}, "pass today's date"},
		{"bad status", func(ps []Proposal) []Proposal { return ps }, ApplyOptions{Imported: day(t, "2025-09-10"), NewStatus: "maybe"}, `status for new tools "maybe"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := inv.Clone()
			out, _, err := Apply(inv, f, tt.edit(Propose(inv, f)), tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) || out != nil {
				t.Fatalf("want an error about %q and no inventory, got %v", tt.want, err)
			}
			oneLine(t, err)
			if !reflect.DeepEqual(inv, before) {
				t.Error("a failed Apply changed the inventory")
			}
		})
	}
}

func TestApplyCombinesRowsConfirmedToOneTool(t *testing.T) {
	inv := sample(t)
	f := parse(t, "App,Unique Users,Total Logins,Date\nIXL,10,20,2025-09-02\nIXL Math,30,5,2025-09-02\n")
	ps := Propose(inv, f)
	ps[1].Action, ps[1].ToolID = ActionUpdate, "ixl"
	out, rec, err := Apply(inv, f, ps, ApplyOptions{Imported: day(t, "2025-09-10")})
	if err != nil {
		t.Fatal(err)
	}
	u := out.Tool("ixl").Usage
	if len(u) != 1 || u[0].Sessions != Known(25) || u[0].ActiveUsers != Known(30) || rec.Tools != 1 {
		t.Errorf("two rows confirmed to one tool should combine: %+v", u)
	}
}

// Before a re-import is confirmed, the proposal says what it replaces and
// which tools lose their figure of that report and period.
func TestReplacedSaysWhatIsDropped(t *testing.T) {
	inv := sample(t)
	first := parse(t, "App,Unique Users,Total Logins,Date\nIXL,10,20,2025-09-02\nLexia Core5,4,4,2025-09-30\n")
	if r := Replaced(inv, first, Propose(inv, first)); r.Sentence() != "" {
		t.Fatalf("a first import replaces nothing, got %q", r.Sentence())
	}
	out, _, err := Apply(inv, first, Propose(inv, first), ApplyOptions{Imported: day(t, "2025-10-01")})
	if err != nil {
		t.Fatal(err)
	}
	again := parse(t, "App,Unique Users,Total Logins,Date\nIXL,11,22,2025-09-02\nLexia Core5,,,2025-09-30\n")
	again.Tools = again.Tools[:1]
	ps := Propose(out, again)
	r := Replaced(out, again, ps)
	if r.Imported != day(t, "2025-10-01") || r.Updated != 1 || !reflect.DeepEqual(r.Dropped, []string{"Lexia Core5"}) {
		t.Fatalf("replaced = %+v", r)
	}
	want := "This replaces the figures imported on 2025-10-01 from the same report and period; 1 tool that had one is not in this file and loses it: Lexia Core5."
	if got := r.Sentence(); got != want {
		t.Fatalf("sentence\n%q\nwant\n%q", got, want)
	}
	// Leaving IXL out as well (skip) drops its figure too.
	ps[0].Action = ActionSkip
	if r := Replaced(out, again, ps); len(r.Dropped) != 2 || r.Updated != 0 {
		t.Fatalf("with IXL skipped: %+v", r)
	}
}
