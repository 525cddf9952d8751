package inventory

import (
	"strings"
	"testing"
)

// FuzzParseUsage feeds arbitrary bytes to the usage import: it must return
// a file or a one-line error, never panic, and anything it accepts must
// propose and apply cleanly.
func FuzzParseUsage(f *testing.F) {
	for _, seed := range []string{
		cleverDaily,
		"Application Name,Unique Users,Sessions,Time Spent,Start Date,End Date\nBook Creator,1,2,1:00,2025-09-01,2025-09-30\n",
		"App,Total Logins,Date\n\"=1+2\",3,2025-09-02\n",
		"App,Total Logins,Date\nSeesaw,3\n",
		"App;Total Logins;Date\nSeesaw;3;9/2/2025\n",
		"\xFF\xFEA\x00",
		"App,Total Logins,Student ID\n",
		"",
	} {
		f.Add([]byte(seed))
	}
	inv := sample(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		uf, err := ParseUsage(data, ImportOptions{MaxBytes: 1 << 16})
		if err != nil {
			if strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("error is not one line: %q", err)
			}
			return
		}
		out, _, err := Apply(inv, uf, Propose(inv, uf), ApplyOptions{Imported: NewDate(2026, 1, 1)})
		if err != nil {
			t.Fatalf("an accepted file did not apply: %v", err)
		}
		if errs := out.Validate(); len(errs) > 0 {
			t.Fatalf("applying an accepted file left problems: %v", errs)
		}
	})
}
