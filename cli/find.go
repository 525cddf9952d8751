package cli

import (
	"errors"
	"fmt"
	"strings"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

// minIDPrefix is the shortest id prefix that names a session.
const minIDPrefix = 4

// openSession opens the workbook file (for writing when write is set, else
// only to read) and finds the session name names (findSession). The caller
// closes the store; on an error it is closed already.
func (a *app) openSession(write bool, name string) (*store.Store, *workbook.Session, error) {
	st, err := a.openStoreFor(write)
	if err != nil {
		return nil, nil, err
	}
	sess, err := findSession(st, name)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, sess, nil
}

// findSession resolves what a person typed to name a session, in this
// order: its id (one seek), a unique prefix of the id of at least 4
// characters (a cursor seek), or its team name in any case (the only one
// that reads the whole list, and only the small list entries). A name that
// is an id prefix is not looked up as a team name.
func findSession(s *store.Store, name string) (*workbook.Session, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, fmt.Errorf("no session named; give a session id or team name (see `edtech-workbook list`)")
	}
	sess, err := s.Get(name)
	if !errors.Is(err, workbook.ErrNotFound) {
		return sess, err
	}
	var matches []workbook.Summary
	if len(name) >= minIDPrefix {
		if matches, err = s.WithIDPrefix(name); err != nil {
			return nil, err
		}
	}
	if len(matches) == 0 {
		if matches, err = s.OfTeam(name); err != nil {
			return nil, err
		}
	}
	switch len(matches) {
	case 0:
		return nil, fmt.Errorf("no session %q in %s; see `edtech-workbook list` for ids and team names", name, s.Path())
	case 1:
		return s.Get(matches[0].ID)
	}
	ids := make([]string, len(matches))
	for i, m := range matches {
		ids[i] = m.ID + " (" + m.Team + ", " + m.SchoolYear + ")"
	}
	return nil, fmt.Errorf("%q matches %d sessions: %s; use the id", name, len(matches), strings.Join(ids, ", "))
}
