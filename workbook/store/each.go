package store

import (
	"fmt"

	"edtech-workbook/workbook"
)

// EachSession reads the sessions whose list entries pass keep (all of them
// when keep is nil) in one read transaction, one at a time, and calls fn
// with each; a session is not kept after fn returns, so a report over
// thousands of sessions holds one at a time. Each record is checked as Get
// checks it. An error from fn stops the walk and is returned as it is.
func (s *Store) EachSession(keep func(workbook.Summary) bool, fn func(*workbook.Session) error) error {
	sums, err := s.List()
	if err != nil {
		return err
	}
	ids := make([]string, 0, len(sums))
	for _, sum := range sums {
		if keep == nil || keep(sum) {
			ids = append(ids, sum.ID)
		}
	}
	return s.view(func(r *rtx) error {
		sessions, index := r.tx.Bucket(bucketSessions), r.tx.Bucket(bucketIndex)
		read := 0
		for _, id := range ids {
			key := []byte(id)
			v := sessions.Get(key)
			if v == nil {
				return corruptErr(s.path, fmt.Sprintf("%s is listed but its record is missing", r.sessionName(key)))
			}
			sess, err := r.getSession(key, v)
			if err != nil {
				return err
			}
			sum, _, err := r.getSummary(key, index.Get(key))
			if err != nil {
				return err
			}
			if !matchesSummary(sum, sess) {
				return corruptErr(s.path, fmt.Sprintf("session %q (%s): its record (revision %d) and its list entry (revision %d) disagree",
					workbook.CleanLine(sess.Team), workbook.CleanLine(id), sess.Revision, sum.Revision))
			}
			if err := fn(sess); err != nil {
				return err
			}
			// bbolt reads through a memory map, and every page read stays in
			// this process's resident set until the file is closed: let go
			// of them every few megabytes (the records read are decoded
			// copies), so a walk over a large file stays small.
			if read += len(v); read >= releaseEvery {
				releaseMapped(r.tx)
				read = 0
			}
		}
		return nil
	})
}

// releaseEvery is how many bytes of records EachSession reads between
// letting go of the memory map's pages.
const releaseEvery = 4 << 20
