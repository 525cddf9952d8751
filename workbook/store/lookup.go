package store

import (
	"bytes"
	"strings"

	"edtech-workbook/workbook"
)

// WithIDPrefix returns the list entries of the sessions whose id starts
// with prefix, in id order: a cursor seek to the prefix and a read of the
// entries that share it, whatever the number of sessions.
func (s *Store) WithIDPrefix(prefix string) ([]workbook.Summary, error) {
	var out []workbook.Summary
	err := s.view(func(r *rtx) error {
		p := []byte(prefix)
		c := r.tx.Bucket(bucketIndex).Cursor()
		for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
			sum, _, err := r.getSummary(k, v)
			if err != nil {
				return err
			}
			out = append(out, sum)
		}
		return nil
	})
	return out, err
}

// OfTeam returns the list entries of the sessions whose team is team (in
// any case), most recently changed first. It
// reads every list entry, never a session, and checks them against the
// digest of the last save as List does.
func (s *Store) OfTeam(team string) ([]workbook.Summary, error) {
	team = strings.TrimSpace(team)
	var out []workbook.Summary
	err := s.view(func(r *rtx) error {
		all, err := r.list()
		for _, sum := range all {
			if strings.EqualFold(sum.Team, team) {
				out = append(out, sum)
			}
		}
		return err
	})
	return out, err
}
