//go:build linux

package cli

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// export -o naming a FIFO is refused at once.
func TestExportToAFIFO(t *testing.T) {
	db := demoDB(t)
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	start := time.Now()
	_, errs, code := cli(t, "", "export", "demo-alderbrook-2025-26", "-o", fifo, "--db", db)
	if code != 1 || !strings.Contains(errs, "not a regular file") || time.Since(start) > 2*time.Second {
		t.Errorf("export -o FIFO: code %d err %q after %v", code, errs, time.Since(start))
	}
}

// doctor on a FIFO refuses at once instead of hanging.
func TestDoctorOnAFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "w.db")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	done := make(chan string, 1)
	go func() {
		_, errs, code := cli(t, "", "doctor", "--db", fifo)
		if code != 1 {
			errs += " (exit code not 1)"
		}
		done <- errs
	}()
	select {
	case errs := <-done:
		if errs != "edtech-workbook: workbook file "+fifo+" is a named pipe (FIFO), not a workbook file; pass --db with the path of a regular file\n" {
			t.Fatalf("doctor on a FIFO: %q", errs)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("doctor on a FIFO hangs")
	}
}

// A session file named as a FIFO (cohort, import, review) or an inventory
// file (cohort --inventory) is refused at once instead of waiting forever
// for a writer.
func TestSessionFileFromAFIFO(t *testing.T) {
	db := demoDB(t)
	fifo := filepath.Join(t.TempDir(), "team.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	for _, args := range [][]string{
		{"cohort", "--format", "md", fifo},
		{"import", fifo, "--db", db},
		{"review", fifo, "--no-open", "--db", db},
		{"cohort", "--format", "md", "--db", db, "--inventory", fifo},
	} {
		done := make(chan string, 1)
		go func() {
			_, errs, code := cli(t, "", args...)
			if code != 1 {
				errs += " (exit code not 1)"
			}
			done <- errs
		}()
		select {
		case errs := <-done:
			if !strings.Contains(errs, "not a regular file") || strings.Contains(errs, "exit code") {
				t.Errorf("%v: %q", args, errs)
			}
		case <-time.After(3 * time.Second):
			t.Errorf("%v on a FIFO hangs", args)
			return
		}
	}
}
