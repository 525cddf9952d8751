package tui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"edtech-workbook/workbook/store"
)

// The store reports only the facts; the app words what to do itself, and
// never offers a command-line flag.
func TestErrorTextWordsTheAppsOwnRemedy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	for _, p := range []string{path, store.BackupPath(path)} {
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	_, err := store.Open(path, store.ReadWrite) // empty beside a backup: damaged
	if !errors.Is(err, store.ErrCorrupt) {
		t.Fatalf("Open = %v, want ErrCorrupt", err)
	}
	got := errorText(err)
	if !strings.HasPrefix(got, err.Error()+"; ") || !strings.Contains(got, "doctor --restore") || strings.Contains(got, "--db") {
		t.Errorf("errorText of a damaged file = %q", got)
	}
	if got := errorText(errors.New("plain")); got != "plain" {
		t.Errorf("errorText of a plain error = %q", got)
	}
}
