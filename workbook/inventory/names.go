package inventory

import (
	"slices"
	"strings"
	"unicode"
)

// Tool names come from people and reports, so they are compared loosely:
// case, punctuation, spacing and company suffixes ("Inc.", "LLC") do not
// count, and a small spelling difference is offered as a possible match
// for a person to confirm.

// MatchKind says how closely a name matched a tool.
type MatchKind string

const (
	MatchNone  MatchKind = ""      // no tool matched
	MatchExact MatchKind = "exact" // the same name, apart from case and surrounding space
	MatchSame  MatchKind = "same"  // the same once case, punctuation, spacing and company suffixes are ignored
	MatchClose MatchKind = "close" // a small spelling difference: a person should confirm
)

// NameKey is the loose form of a tool name: lower-case letters and digits
// only, with company suffixes and a leading "the" dropped
// ("The Book-Creator, Inc." → "bookcreator").
func NameKey(name string) string {
	words := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if len(words) > 1 && words[0] == "the" {
		words = words[1:]
	}
	for len(words) > 1 && isCompanySuffix(words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	return strings.Join(words, "")
}

func isCompanySuffix(w string) bool {
	switch w {
	case "inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation", "co", "company", "plc", "gmbh", "pbc", "lp":
		return true
	}
	return false
}

// closeEnough is the largest edit distance between two name keys that is
// still offered as a possible match: none for keys of up to 4 characters
// (too many short names differ by one letter), 1 up to 8, then 2.
func closeEnough(key string) int {
	n := len([]rune(key))
	switch {
	case n <= 4:
		return 0
	case n <= 8:
		return 1
	}
	return 2
}

// MatchName compares two names loosely and returns how close they are.
func MatchName(a, b string) MatchKind {
	if exactKey(a) == exactKey(b) {
		return MatchExact
	}
	return matchKeys(NameKey(a), NameKey(b))
}

func matchKeys(ka, kb string) MatchKind {
	if ka == "" || kb == "" {
		return MatchNone
	}
	if ka == kb {
		return MatchSame
	}
	limit := min(closeEnough(ka), closeEnough(kb))
	if limit > 0 && sameDigits(ka, kb) && editDistance(ka, kb, limit) <= limit {
		return MatchClose
	}
	return MatchNone
}

// sameDigits reports whether two keys carry the same numbers in the same
// order: "Core5" and "Core6", or "App 45" and "App 450", are different
// products however close the spelling.
func sameDigits(a, b string) bool {
	i, j := 0, 0
	for {
		for i < len(a) && (a[i] < '0' || a[i] > '9') {
			i++
		}
		for j < len(b) && (b[j] < '0' || b[j] > '9') {
			j++
		}
		if i == len(a) || j == len(b) {
			return i == len(a) && j == len(b)
		}
		if a[i] != b[j] {
			return false
		}
		i++
		j++
	}
}

// editDistance is the Levenshtein distance between a and b, in runes. It
// stops early and returns limit+1 once the distance must exceed limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// nameIndex finds tools by loose name. A tool is known by its name and,
// when it has a vendor, by vendor and name together ("Google" +
// "Classroom" also answers to "Google Classroom").
type nameIndex struct {
	tools []Tool
	keys  []string // one or two keys per tool, parallel to owner
	owner []int
	byKey map[string]int // key → first tool index
	exact map[string]int // lower-cased trimmed name → first tool index

	// For close spellings, built on the first search that needs them:
	// which keys hold each pair of adjacent letters, and a hit counter per key.
	grams   map[uint64][]int32
	hits    []int32
	touched []int32
}

func newNameIndex(tools []Tool) *nameIndex {
	ix := &nameIndex{tools: tools, byKey: make(map[string]int, 2*len(tools)), exact: make(map[string]int, len(tools))}
	add := func(key string, i int) {
		if key == "" {
			return
		}
		ix.keys = append(ix.keys, key)
		ix.owner = append(ix.owner, i)
		if _, ok := ix.byKey[key]; !ok {
			ix.byKey[key] = i
		}
	}
	for i, t := range tools {
		if _, ok := ix.exact[exactKey(t.Name)]; !ok {
			ix.exact[exactKey(t.Name)] = i
		}
		add(NameKey(t.Name), i)
		if t.Vendor != "" {
			add(NameKey(t.Vendor+" "+t.Name), i)
		}
	}
	return ix
}

// find returns the index of the best-matching tool and how it matched, or
// -1 and MatchNone.
func (ix *nameIndex) find(name string) (int, MatchKind) {
	if i, ok := ix.exact[exactKey(name)]; ok {
		return i, MatchExact
	}
	key := NameKey(name)
	if i, ok := ix.byKey[key]; ok {
		return i, MatchSame
	}
	limit := closeEnough(key)
	if limit == 0 {
		return -1, MatchNone
	}
	best, bestKey, bestDist := -1, -1, limit+1
	consider := func(k int) {
		tk := ix.keys[k]
		tl := min(limit, closeEnough(tk))
		if tl == 0 || !sameDigits(key, tk) {
			return
		}
		if d := editDistance(key, tk, tl); d <= tl && (d < bestDist || d == bestDist && k < bestKey) {
			best, bestKey, bestDist = ix.owner[k], k, d
		}
	}
	// Each edit spoils at most two of the key's letter pairs, so a key within
	// the limit shares all but 2×limit of them; only those keys are compared.
	qg := bigrams(key)
	need := int32(len(qg) - 2*limit)
	if need <= 0 {
		for k := range ix.keys {
			consider(k)
		}
	} else {
		ix.buildGrams()
		touched := ix.touched[:0]
		for _, g := range qg {
			for _, k := range ix.grams[g] {
				if ix.hits[k] == 0 {
					touched = append(touched, k)
				}
				ix.hits[k]++
			}
		}
		ix.touched = touched
		for _, k := range touched {
			if ix.hits[k] >= need {
				consider(int(k))
			}
			ix.hits[k] = 0
		}
	}
	if best < 0 {
		return -1, MatchNone
	}
	return best, MatchClose
}

func (ix *nameIndex) buildGrams() {
	if ix.grams != nil {
		return
	}
	ix.grams = make(map[uint64][]int32)
	ix.hits = make([]int32, len(ix.keys))
	for k, key := range ix.keys {
		for _, g := range bigrams(key) {
			ix.grams[g] = append(ix.grams[g], int32(k))
		}
	}
}

// bigrams returns the distinct pairs of adjacent runes of s, each packed
// into one number.
func bigrams(s string) []uint64 {
	r := []rune(s)
	out := make([]uint64, 0, len(r))
	for i := 1; i < len(r); i++ {
		out = append(out, uint64(r[i-1])<<32|uint64(r[i]))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func exactKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// MaxNameLength is the longest tool name accepted, in characters.
const MaxNameLength = 200

// LooksLikeFormula reports whether a spreadsheet would run the text as a
// formula: it begins with = + - @, or with a tab or carriage return that
// some programs skip before looking.
func LooksLikeFormula(s string) bool {
	return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0]))
}

// SpreadsheetCell makes text safe to write into a CSV cell: text that a
// spreadsheet would take for a formula gets a leading apostrophe, so it is
// shown as text and never run. Names are stored as they came; apply this
// when writing CSV.
func SpreadsheetCell(s string) string {
	if LooksLikeFormula(s) {
		return "'" + s
	}
	return s
}
