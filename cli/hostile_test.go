package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
	"edtech-workbook/workbook/templatefile"
)

// hostileCLIText tries to act on the terminal or hide text: 7-bit and
// 8-bit escape sequences, bidi controls, zero-width and invisible format
// characters, C0 and C1 controls, bytes that are not UTF-8.
var hostileCLIText = []string{
	"\x1b[31mred\x1b[0m",
	"\x1b]0;pwned\x07title",
	"\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\",
	"\x1bP1$r\x1b\\ \x1b_apc\x1b\\",
	"\u009b31mC1 CSI",
	"\u009d0;pwned\u009cC1 OSC",
	"\u0085next \u008eshift \u0090dcs\u009c",
	"Team \u202eevil\u202c",
	"\u2066isolate\u2069 \u061c \u200e \u200f",
	"zero\u200bwidth \u2060\u2061\u2062\u2063\u2064",
	"\ufeffbom soft\u00adhyphen mongolian\u180esep",
	"\u200b\u200b\u200b",
	"bell\x07 back\x08 del\x7f nul\x00 cr\r",
	"bad \xff\xfe \x9b31m utf-8",
	"line\u2028sep\u2029para",
}

// cliForbidden is this test's own list of what may never reach a terminal.
func cliForbidden(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r == 0xad, r == 0x61c, r == 0x180e, r == 0x200b, r == 0x200e, r == 0x200f, r == 0xfeff,
		r == 0x2028, r == 0x2029:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2060 && r <= 0x2069, r >= 0xfff9 && r <= 0xfffb:
		return true
	}
	return false
}

// assertTerminalSafe fails when out holds a forbidden character or a byte
// that is not UTF-8.
func assertTerminalSafe(t *testing.T, what, out string) {
	t.Helper()
	for i, r := range out {
		if _, size := utf8.DecodeRuneInString(out[i:]); cliForbidden(r) || (r == utf8.RuneError && size == 1) {
			t.Errorf("%s: raw %U at byte %d of %q", what, r, i, clipOut(out, i))
			return
		}
	}
}

func clipOut(s string, i int) string {
	return s[max(0, i-40):min(len(s), i+40)]
}

// hostileSession is the demo with h in every field the CLI prints.
func hostileSession(t *testing.T, h string) *workbook.Session {
	t.Helper()
	s, err := templatefile.DemoSession()
	if err != nil {
		t.Fatal(err)
	}
	s.Team, s.District = "T "+h, "D "+h
	s.Roster[0].Name = h
	s.Plan.Actions[0].What = h
	s.Problem.Question = h
	s.Comments = append(s.Comments, workbook.Comment{ID: "hostile-1", Part: workbook.Part(workbook.PartPlan, ""), Author: h, Text: h,
		Created: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
	return s
}

// TestHostileTextNeverReachesTheTerminal runs every CLI output path with
// hostile text in what it prints: nothing it writes, on stdout or stderr,
// holds a raw control, escape, bidi or invisible character. JSON outputs
// carry the same text as \uXXXX escapes.
func TestHostileTextNeverReachesTheTerminal(t *testing.T) {
	for _, h := range hostileCLIText {
		t.Run(strings.ToValidUTF8(workbook.CleanLine(h), "?"), func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "wb.db")

			// Stored directly, as an older build or a damaged file could hold it.
			stored := hostileSession(t, h)
			stored.SchoolYear = h
			store, err := store.Open(db, store.ReadWrite)
			if err != nil {
				t.Fatal(err)
			}
			if err := store.Put(stored); err != nil {
				t.Fatal(err)
			}
			bad, err := templatefile.BuiltinTemplate("")
			if err != nil {
				t.Fatal(err)
			}
			hostileTmpl := *bad
			hostileTmpl.ID, hostileTmpl.Title, hostileTmpl.SchoolYear = "hostile", h, h
			if err := store.PutTemplate(&hostileTmpl, false); err != nil {
				t.Fatal(err)
			}
			store.Close()

			// Files: a session file to import (valid apart from the text),
			// a coach's file to merge, template files to show, lint and diff.
			clean := hostileSession(t, h)
			clean.ID = "hostile-session-1"
			importFile := writeSessionFile(t, dir, "import.json", clean)
			coach := clean.Clone()
			coach.Comments = append(coach.Comments, workbook.Comment{ID: "hostile-2", Part: workbook.ActionPart(coach.Plan.Actions[0].ID),
				Author: h, Text: h, Created: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)})
			coach.Problem.Question = "the coach's " + h
			mergeFile := writeSessionFile(t, dir, "merge.json", coach)

			showTmpl := *bad
			showTmpl.Title = "Title " + h
			showTmpl.Description = h
			showTmpl.Domains = append([]workbook.Domain(nil), bad.Domains...)
			showTmpl.Domains[0].Title = "Domain " + h
			yml, err := templatefile.Marshal(&showTmpl)
			if err != nil {
				t.Fatal(err)
			}
			showFile := filepath.Join(dir, "show.yaml")
			os.WriteFile(showFile, yml, 0o600)
			lintFile := filepath.Join(dir, "lint.yaml")
			os.WriteFile(lintFile, []byte("id: x\nversion: 1\ntitle: \""+yamlQuote(h)+"\"\n\""+yamlQuote(h)+"\": 1\n"), 0o600)
			hostilePath := filepath.Join(dir, h+".yaml")

			for _, args := range [][]string{
				{"list"},
				{"list", "--json"},
				{"export", stored.ID, "--format", "json"},
				{"export", stored.ID, "--format", "md"},
				{"export", stored.ID, "--format", "html"},
				{"export", stored.ID, "--format", "csv"},
				{"export", stored.ID, "--format", "csv", "--table", "actions"},
				{"export", h},
				{"export", stored.ID, "--format", h},
				{"carry", stored.ID, "--year", "2026-27"},
				{"carry", stored.ID, "--year", h},
				{"template", "list"},
				{"template", "show", "hostile@1"},
				{"template", "show", showFile},
				{"template", "show", hostilePath},
				{"template", "lint", showFile, lintFile, hostilePath},
				{"template", "diff", "edtech-systems@2", showFile},
				{"template", "diff", "hostile@1", showFile},
				{"template", "export", "hostile@1"},
				{"template", "new-version", "hostile@1"},
				{"import", importFile},
				{"import", importFile},
				{"import", mergeFile, "--merge"},
				{"import", importFile, "--as-copy"},
				{"review", mergeFile, "--no-open"},
				{"review", importFile, mergeFile, "--no-open"},
				{"import", hostilePath},
				{h},
			} {
				out, errs, _ := cli(t, "", append(args, "--db", db)...)
				name := strings.Join(args[:min(2, len(args))], " ")
				if strings.Contains(name, "csv") || (len(args) > 3 && args[3] == "csv") {
					out = strings.TrimPrefix(out, "\ufeff") // the CSV writer's own byte-order mark
				}
				assertTerminalSafe(t, name+" stdout", out)
				assertTerminalSafe(t, name+" stderr", errs)
			}
		})
	}
}

// yamlQuote escapes s for a YAML double-quoted scalar: every character
// outside printable ASCII as \uXXXX (bytes that are not UTF-8 as U+FFFD).
func yamlQuote(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r < 0x20 || r >= 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
