package cli

import (
	"fmt"
	"strings"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

// findSession resolves what a person typed to name a session: its id, a unique
// prefix of the id (at least 4 characters), or its team name (any case).
func findSession(s *store.Store, name string) (*workbook.Session, error) {
	sums, err := s.List()
	if err != nil {
		return nil, err
	}
	id, err := findSummary(sums, name, s.Path())
	if err != nil {
		return nil, err
	}
	return s.Get(id)
}

// findSummary picks the one summary that name refers to and returns its id.
func findSummary(sums []workbook.Summary, name, path string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", fmt.Errorf("no session named; give a session id or team name (see `edtech-workbook list`)")
	}
	var matches []workbook.Summary
	for _, s := range sums {
		if s.ID == name {
			return s.ID, nil
		}
	}
	for _, s := range sums {
		if (len(name) >= 4 && strings.HasPrefix(s.ID, name)) || strings.EqualFold(s.Team, name) {
			matches = append(matches, s)
		}
	}
	switch len(matches) {
	case 0:
		return "", fmt.Errorf("no session %q in %s; see `edtech-workbook list` for ids and team names", name, path)
	case 1:
		return matches[0].ID, nil
	}
	ids := make([]string, len(matches))
	for i, m := range matches {
		ids[i] = m.ID + " (" + m.Team + ", " + m.SchoolYear + ")"
	}
	return "", fmt.Errorf("%q matches %d sessions: %s; use the id", name, len(matches), strings.Join(ids, ", "))
}
