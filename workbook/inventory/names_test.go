package inventory

import "testing"

func TestNameKey(t *testing.T) {
	tests := map[string]string{
		"The Book-Creator, Inc.": "bookcreator",
		"Book Creator":           "bookcreator",
		"BookCreator LLC":        "bookcreator",
		"Nearpod Co.":            "nearpod",
		"The":                    "the",
		"Kahoot!":                "kahoot",
		"Co":                     "co",
		"  ":                     "",
	}
	for in, want := range tests {
		if got := NameKey(in); got != want {
			t.Errorf("NameKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatchName(t *testing.T) {
	tests := []struct {
		a, b string
		want MatchKind
	}{
		{"Seesaw", " seesaw ", MatchExact},
		{"Book Creator, Inc.", "BookCreator", MatchSame},
		{"Newsela", "Newsella", MatchClose},     // one letter, 7 letters
		{"Brainpop", "BrainPOP Jr.", MatchNone}, // a different product
		{"Quizlet", "Quizizz", MatchNone},
		{"IXL", "IXK", MatchNone},                          // short names must match exactly
		{"Google Classroom", "Gogle Clasroom", MatchClose}, // two letters in a long name
		{"Google Classroom", "Google Calendar", MatchNone},
		{"Lexia Core5", "Lexia Core6", MatchNone}, // numbers must agree
		{"Learning App 45", "Learning App 450", MatchNone},
		{"Lexia Core5", "Lexia Kore5", MatchClose},
		{"", "", MatchExact},
		{"!!", "??", MatchNone},
	}
	for _, tt := range tests {
		if got := MatchName(tt.a, tt.b); got != tt.want {
			t.Errorf("MatchName(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"kitten", "sitting", 5, 3},
		{"kitten", "sitting", 2, 3}, // stops early at limit+1
		{"abc", "abc", 0, 0},
		{"", "abc", 5, 3},
		{"ñandú", "nandu", 5, 2},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

func TestNameIndexVendor(t *testing.T) {
	ix := newNameIndex([]Tool{{ID: "classroom", Name: "Classroom", Vendor: "Google"}, {ID: "ixl", Name: "IXL"}})
	if i, kind := ix.find("Google Classroom"); i != 0 || kind != MatchSame {
		t.Errorf("find(Google Classroom) = %d %q, want the Classroom tool by vendor and name", i, kind)
	}
	if i, kind := ix.find("ixl"); i != 1 || kind != MatchExact {
		t.Errorf("find(ixl) = %d %q", i, kind)
	}
	if i, _ := ix.find("Canva"); i != -1 {
		t.Errorf("find(Canva) = %d, want no match", i)
	}
}

func TestSpreadsheetCell(t *testing.T) {
	tests := map[string]string{
		`=HYPERLINK("http://x","y")`: `'=HYPERLINK("http://x","y")`,
		"+1":                         "'+1",
		"-cmd":                       "'-cmd",
		"@SUM(A1)":                   "'@SUM(A1)",
		"\tx":                        "'\tx",
		"Seesaw":                     "Seesaw",
		"":                           "",
	}
	for in, want := range tests {
		if got := SpreadsheetCell(in); got != want {
			t.Errorf("SpreadsheetCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNameIndexFindsWhatAFullScanFinds checks the letter-pair filter never
// hides a close spelling that comparing every key would find.
func TestNameIndexFindsWhatAFullScanFinds(t *testing.T) {
	names := []string{"Google Classroom", "Book Creator", "Newsela", "Khan Academy", "Lexia Core5", "Seesaw", "Nearpod",
		"Flip", "Quizlet", "Quizizz", "Edpuzzle", "Pear Deck", "Desmos", "GeoGebra", "Screencastify", "Padlet", "Canva", "Kami",
		"aaaaaaaaaa", "abababababab"}
	var tools []Tool
	for _, n := range names {
		tools = append(tools, Tool{ID: Slug(n), Name: n})
	}
	ix := newNameIndex(tools)
	edits := func(s string) []string {
		var out []string
		for i := range len(s) {
			out = append(out, s[:i]+s[i+1:], s[:i]+"x"+s[i+1:], s[:i]+"q"+s[i:])
			if i+2 <= len(s) {
				out = append(out, s[:i]+s[i+2:])
			}
		}
		return out
	}
	checked := 0
	for _, n := range names {
		for _, q := range edits(NameKey(n)) {
			got, kind := ix.find(q)
			want, bestDist := -1, 99
			qk := NameKey(q)
			if _, ok := ix.exact[exactKey(q)]; ok {
				continue
			}
			if _, ok := ix.byKey[qk]; ok {
				continue
			}
			for k, tk := range ix.keys {
				lim := min(closeEnough(qk), closeEnough(tk))
				if lim == 0 || !sameDigits(qk, tk) {
					continue
				}
				if d := editDistance(qk, tk, lim); d <= lim && d < bestDist {
					want, bestDist = ix.owner[k], d
				}
			}
			if got != want || (want >= 0) != (kind == MatchClose) {
				t.Errorf("find(%q) = %d %q, a full scan finds %d", q, got, kind, want)
			}
			checked++
		}
	}
	if checked < 500 {
		t.Errorf("only %d queries checked", checked)
	}
}
