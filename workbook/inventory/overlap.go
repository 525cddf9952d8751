package inventory

import (
	"slices"
	"strings"
	"unicode"
)

// Overlap is an inventory tool that may already do what a request asks for.
type Overlap struct {
	ToolID   string   `json:"tool_id"`
	Name     string   `json:"name"`
	Status   Status   `json:"status"`
	Shared   []string `json:"shared,omitempty"`   // words the request and the tool's purpose or use cases share
	Explicit bool     `json:"explicit,omitempty"` // listed as overlapping in the inventory
}

// minSharedWords is how many purpose or use-case words a request must share
// with a tool before the tool is shown as a possible overlap; one shared
// word ("reading") matches too much.
const minSharedWords = 2

// FindOverlaps lists the inventory tools that may do the job a request
// describes: tools the inventory already marks as overlapping the requested
// tool, and tools whose purpose and use cases share at least two words with
// the request's need, purpose and use cases. Declined tools are left out.
// Explicit overlaps come first, then the most shared words.
func FindOverlaps(inv *Inventory, r *Request) []Overlap {
	want := wordSet(r.Need + " " + r.Purpose + " " + strings.Join(r.UseCases, " "))
	explicit := make(map[string]bool)
	if t := inv.Tool(r.ToolID); t != nil {
		for _, id := range t.Fit.Overlaps {
			explicit[id] = true
		}
	}
	for _, t := range inv.Tools {
		if r.ToolID != "" && slices.Contains(t.Fit.Overlaps, r.ToolID) {
			explicit[t.ID] = true
		}
	}
	var out []Overlap
	for _, t := range inv.Tools {
		if t.ID == r.ToolID || t.Status == Declined {
			continue
		}
		have := wordSet(t.Purpose + " " + strings.Join(t.UseCases, " "))
		var shared []string
		for w := range want {
			if have[w] {
				shared = append(shared, w)
			}
		}
		slices.Sort(shared)
		if explicit[t.ID] || len(shared) >= minSharedWords {
			out = append(out, Overlap{ToolID: t.ID, Name: t.Name, Status: t.Status, Shared: shared, Explicit: explicit[t.ID]})
		}
	}
	slices.SortStableFunc(out, func(a, b Overlap) int {
		switch {
		case a.Explicit != b.Explicit:
			if a.Explicit {
				return -1
			}
			return 1
		case len(a.Shared) != len(b.Shared):
			return len(b.Shared) - len(a.Shared)
		}
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	return out
}

// wordSet returns the content words of a text, lower-cased and roughly
// stemmed (plural -s and -ing dropped), without common small words.
func wordSet(text string) map[string]bool {
	out := make(map[string]bool)
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if len(w) < 3 || isStopWord(w) {
			continue
		}
		out[stem(w)] = true
	}
	return out
}

func stem(w string) string {
	switch {
	case len(w) > 5 && strings.HasSuffix(w, "ing"):
		return w[:len(w)-3]
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		return w[:len(w)-1]
	}
	return w
}

func isStopWord(w string) bool {
	switch w {
	case "the", "and", "for", "with", "that", "this", "these", "those", "from", "into", "onto", "our", "their", "your",
		"who", "what", "when", "where", "which", "how", "can", "could", "will", "would", "should", "need", "needs",
		"want", "use", "used", "uses", "using", "tool", "tools", "app", "apps", "student", "students", "teacher",
		"teachers", "staff", "all", "each", "every", "more", "most", "some", "any", "have", "has", "had", "are", "was",
		"were", "been", "being", "they", "them", "not", "but", "also", "about", "help", "helps", "way", "ways", "make",
		"like", "than", "then", "there", "here", "its", "it's", "one", "new", "get", "let", "lets", "via", "per", "own":
		return true
	}
	return false
}
