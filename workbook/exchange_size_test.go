package workbook_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"edtech-workbook/internal/testfixture"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/export"
)

// maxSizeSession returns a session whose JSON, as the store measures it, is
// within a few hundred bytes of MaxSessionBytes, every text character being
// fill: the worst case for an export when fill is DEL (1 byte in the store,
// the 6-byte escape \u007f in a file).
func maxSizeSession(t *testing.T, fill string) *workbook.Session {
	t.Helper()
	s := testfixture.Demo(t)
	s.Comments = nil
	size := func() int {
		n, err := storedSize(s)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	per := workbook.MaxFieldChars / len(fill)
	text := strings.Repeat(fill, per)
	comment := func(i int, text string) workbook.Comment {
		return workbook.Comment{ID: "c" + workbook.Commas(i), Part: workbook.SessionPart(), Author: "Rosa", Text: text, Created: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	}
	s.Comments = append(s.Comments, comment(0, text))
	one := size()
	s.Comments = s.Comments[:0]
	base := size()
	for range (workbook.MaxSessionBytes - base) / (one - base) {
		s.Comments = append(s.Comments, comment(len(s.Comments), text))
	}
	// Fill what is left, one character at a time on the last comment.
	last := comment(len(s.Comments), "")
	s.Comments = append(s.Comments, last)
	room := workbook.MaxSessionBytes - size()
	s.Comments[len(s.Comments)-1].Text = strings.Repeat(fill, room/storedCharBytes(fill))
	if n := size(); n > workbook.MaxSessionBytes || n < workbook.MaxSessionBytes-64 {
		t.Fatalf("built a session of %d bytes, want just under %d", n, workbook.MaxSessionBytes)
	}
	return s
}

// storedSize is the size of s as the store measures it, or the store's refusal.
func storedSize(s *workbook.Session) (int, error) {
	buf, err := json.Marshal(s)
	if err != nil {
		return 0, err
	}
	return len(buf), workbook.CheckLimitsEncoded(s, buf)
}

// storedCharBytes is the size of one fill character in the store's JSON.
func storedCharBytes(fill string) int {
	buf, _ := json.Marshal(fill)
	return len(buf) - 2
}

// TestMaximumSessionExportsToAFileImportAccepts is finding 11 of issue 10: a
// session the store accepts, at its size limit, with the content that grows
// most in an export, exports to a file that import accepts, and reads back
// as the same session.
func TestMaximumSessionExportsToAFileImportAccepts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 8 MiB sessions")
	}
	for _, fill := range []string{"\x7f"} {
		s := maxSizeSession(t, fill)
		// The limits the store applies on Put (it imports them from here).
		if err := workbook.CheckLimits(s); err != nil {
			t.Fatalf("the store refuses the session built at its limit: %v", err)
		}
		if _, err := storedSize(s); err != nil {
			t.Fatalf("the store refuses the session built at its limit: %v", err)
		}
		data, err := export.Render(s, export.FormatJSON, export.Options{})
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "big.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		t.Logf("fill %q: %d bytes exported (limit %d)", fill, len(data), workbook.MaxImportSize)
		start := time.Now()
		back, err := workbook.ReadSessionFile(path)
		t.Logf("imported in %v", time.Since(start))
		if err != nil {
			t.Fatalf("fill %q: import refuses the export of a session the store accepted: %v", fill, err)
		}
		again, _ := workbook.MarshalSession(back)
		if !bytes.Equal(again, data) {
			t.Errorf("fill %q: the imported session exports to other bytes", fill)
		}
	}
}

// TestMarshalSessionStaysWithinTheImportLimit: a session the store accepts
// whose indented file would pass MaxImportSize (8 MiB of empty strings in a
// list nested 8 levels deep, 55 MB indented) is written as compact JSON
// instead. (Import then refuses it, rightly, for its template.)
func TestMarshalSessionStaysWithinTheImportLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an 8 MiB session")
	}
	s := testfixture.Demo(t)
	s.Template = *s.Template.Clone()
	base, _ := storedSize(s)
	s.Template.Domains[0].Indicators[0].Levels = make([]string, (workbook.MaxSessionBytes-base)/3-16)
	if err := workbook.CheckLimits(s); err != nil {
		t.Fatalf("the store would refuse the session: %v", err)
	}
	data, err := workbook.MarshalSession(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) > workbook.MaxImportSize {
		t.Fatalf("the export is %d bytes, over the import limit %d", len(data), workbook.MaxImportSize)
	}
	if bytes.Contains(data, []byte("\n  ")) {
		t.Error("the export of a session this large is not compact")
	}
}
