package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

const demoSession = "demo-alderbrook-2025-26"

// carried reads the one session of db carried from the demo.
func carried(t *testing.T, db string) *workbook.Session {
	t.Helper()
	st, err := store.Open(db, store.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sums, err := st.List()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sums {
		if s.SchoolYear == "2026-27" {
			sess, err := st.Get(s.ID)
			if err != nil {
				t.Fatal(err)
			}
			return sess
		}
	}
	t.Fatalf("no session for 2026-27 in %s", db)
	return nil
}

// TestCarryRedates: --redate gives the open steps still on last year's
// dates new ones (by number, id or all; a date or +1y) as they are
// carried; without it and without a terminal, carry lists them; a bad
// --redate is refused and nothing is created.
func TestCarryRedates(t *testing.T) {
	db := demoDB(t)
	out, errs, code := cli(t, "", "carry", demoSession, "--year", "2026-27", "--db", db)
	if code != 0 || !strings.Contains(out, "3 open steps still on last year's dates:") || !strings.Contains(out, "1. Run two short coaching sessions") ||
		!strings.Contains(out, "— due 2026-03-13") || !strings.Contains(out, "Plan, then r") || !strings.Contains(out, "6 dated values stay with 2025-26") {
		t.Fatalf("carry without --redate: code %d\n%s%s", code, out, errs)
	}

	for _, c := range []struct {
		name  string
		flags []string
		want  map[string]string // by last year's step id
	}{
		{"all a year on", []string{"--redate", "all=+1y"}, map[string]string{"a2": "2027-03-13", "a3": "2027-01-30", "a4": "2027-04-17"}},
		{"by number and id", []string{"--redate", "1=2026-10-01", "--redate", "a4=2027-05-03"}, map[string]string{"a2": "2026-10-01", "a3": "2026-01-30", "a4": "2027-05-03"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := demoDB(t)
			out, errs, code := cli(t, "", append([]string{"carry", demoSession, "--year", "2026-27", "--db", db}, c.flags...)...)
			if code != 0 {
				t.Fatalf("code %d\n%s%s", code, out, errs)
			}
			for _, a := range carried(t, db).Plan.Actions {
				if want := c.want[a.CarriedFrom]; a.Due != want {
					t.Errorf("step carried from %s is due %s, want %s", a.CarriedFrom, a.Due, want)
				}
			}
		})
	}

	for _, bad := range []string{"4=2027-01-01", "1=2027-02-30", "1", "nope=+1y"} {
		db := demoDB(t)
		_, errs, code := cli(t, "", "carry", demoSession, "--year", "2026-27", "--redate", bad, "--db", db)
		if code != 2 || !strings.Contains(errs, "re-date") {
			t.Errorf("--redate %s: code %d, stderr %q", bad, code, errs)
		}
		if out, _, _ := cli(t, "", "list", "--db", db); strings.Contains(out, "2026-27") {
			t.Errorf("--redate %s: a session was created anyway", bad)
		}
	}
}

// TestCarryAsksForDatesOnATerminal: on a terminal, carry asks a date for
// each step still on last year's dates; blank keeps one, +1y moves one a
// year, a bad date is asked again.
func TestCarryAsksForDatesOnATerminal(t *testing.T) {
	db := demoDB(t)
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skip("no pseudo-terminal here:", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	if _, err := ptmx.Write([]byte("2026-11-02\nsoon\n+1y\n\n")); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	t.Setenv(envDB, "")
	a := &app{stdin: tty, stdout: &out, stderr: &errb, now: func() time.Time { return time.Date(2026, 6, 20, 9, 0, 0, 0, time.UTC) }}
	if code := run(a, "test", []string{"carry", demoSession, "--year", "2026-27", "--db", db}); code != 0 {
		t.Fatalf("code %d\n%s%s", code, out.String(), errb.String())
	}
	for _, want := range []string{"3 open steps carried from last year are still on last year's dates.", "1. Run two short coaching sessions",
		"New due date (YYYY-MM-DD; +1y: a year later; blank keeps it):", `"soon" is not a date`} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errb.String())
		}
	}
	want := map[string]string{"a2": "2026-11-02", "a3": "2027-01-30", "a4": "2026-04-17"}
	for _, s := range carried(t, db).Plan.Actions {
		if s.Due != want[s.CarriedFrom] {
			t.Errorf("step carried from %s is due %s, want %s", s.CarriedFrom, s.Due, want[s.CarriedFrom])
		}
	}
	if !strings.Contains(out.String(), "1 open step still on last year's dates:") {
		t.Errorf("the one kept on last year's date is not listed:\n%s", out.String())
	}
}

// TestExportFlagsOverdueByTheClock: the command line's exports judge
// overdue steps by its clock.
func TestExportFlagsOverdueByTheClock(t *testing.T) {
	db := demoDB(t)
	var out, errb bytes.Buffer
	t.Setenv(envDB, "")
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, now: func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }}
	if code := run(a, "test", []string{"export", demoSession, "--format", "md", "--db", db}); code != 0 {
		t.Fatalf("code %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "| Overdue action steps | 1 (as of 2026-03-02) |") || !strings.Contains(out.String(), "| stuck | Number of vendors sending usage by group, out of 4. | overdue |") {
		t.Fatalf("the export does not flag the overdue step:\n%s", out.String())
	}
}
