package export

import (
	"strconv"
	"strings"
	"testing"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
)

// A hidden vote not everyone has given, a consensus outside the members'
// ratings and a former member, in every format: said in words, and no
// hidden rating written anywhere.
func TestExportsShowFlagsHiddenVotesAndFormerMembers(t *testing.T) {
	s := testfixture.Demo(t)
	if len(s.Roster) < 3 {
		t.Fatal("the demo needs three members")
	}
	ids := s.Template.Indicators()
	hidden, flagged := ids[0].ID, ids[1].ID
	// Hidden: only the first member has voted, with a rating no other
	// member gave anywhere in the demo's first indicator row.
	hr := s.Rating(hidden)
	hr.Members = map[string]workbook.Rating{s.Roster[0].ID: workbook.NotSure}
	hr.Vote = workbook.VoteHidden
	fr := s.Rating(flagged)
	fr.Members = map[string]workbook.Rating{s.Roster[0].ID: 3, s.Roster[1].ID: 4, s.Roster[2].ID: 3}
	fr.Consensus = 1
	s.Roster[2].Former = true
	total := len(s.Roster) - 1
	note := "hidden vote: 1 of " + strconv.Itoa(total) + " has voted"
	flag := "consensus 1 is outside the members' ratings (3–4): talk it through"
	former := s.Roster[2].Name + " (former member)"

	md := string(mustExport(t, s, FormatMarkdown, ""))
	html := string(mustExport(t, s, FormatHTML, ""))
	for name, out := range map[string]string{"md": md, "html": html} {
		for _, want := range []string{note, "⚑ " + flag, former, "former member (ratings kept)", flaggedTitle} {
			if !strings.Contains(out, strings.ReplaceAll(want, "'", map[string]string{"md": "'", "html": "&#39;"}[name])) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
	}
	// The hidden indicator's row says "voted" for the member, never "?".
	title := ids[0].Title
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "| "+title+" |") && (strings.Contains(l, " ? ") || !strings.Contains(l, "voted")) {
			t.Errorf("hidden row in Markdown: %q", l)
		}
	}

	rows := readCSV(t, mustExport(t, s, FormatCSV, TableRatings))
	head := rows[0]
	col := func(name string) int {
		for i, h := range head {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %q in %q", name, head)
		return -1
	}
	hv, fl := col("Hidden vote"), col("Flag")
	col(former)
	for _, r := range rows[1:] {
		switch r[1] {
		case hidden:
			if r[hv] != note {
				t.Errorf("hidden vote cell %q", r[hv])
			}
			for i := col(s.Roster[0].Name); i < col(s.Roster[0].Name)+len(s.Roster); i++ {
				if r[i] != "" {
					t.Errorf("a hidden rating is in the CSV: %q", r[i])
				}
			}
		case flagged:
			if r[fl] != flag {
				t.Errorf("flag cell %q", r[fl])
			}
		}
	}
}
