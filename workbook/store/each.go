package store

import (
	"fmt"
	"runtime"
	"sync"

	"edtech-workbook/workbook"
)

// EachSession reads the sessions whose list entries pass keep (all of them
// when keep is nil), in List's order, in one read transaction, and calls fn
// with each on the calling goroutine; a session is not kept after fn
// returns, so a report over thousands of sessions holds only the few being
// decoded. Records are read and their checksums verified here; decoding
// runs on one worker per core, a few records ahead. Each session is checked
// against its list entry as Get checks it. An error from fn stops the walk
// and is returned as it is.
func (s *Store) EachSession(keep func(workbook.Summary) bool, fn func(*workbook.Session) error) error {
	sums, err := s.List()
	if err != nil {
		return err
	}
	var list []workbook.Summary
	for _, sum := range sums {
		if keep == nil || keep(sum) {
			list = append(list, sum)
		}
	}
	if len(list) == 0 {
		return nil
	}
	return s.view(func(r *rtx) error {
		type decoded struct {
			sess *workbook.Session
			err  error
		}
		type job struct {
			p   []byte // the record's payload, in the memory map (valid in this transaction)
			out chan decoded
		}
		type inFlight struct {
			sum workbook.Summary // its list entry, read in this transaction
			out chan decoded
		}
		workers := max(1, runtime.GOMAXPROCS(0))
		jobs := make(chan job)
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range jobs {
					sess, err := decodeSession(j.p, r.schema)
					j.out <- decoded{sess, err}
				}
			}()
		}
		defer func() { close(jobs); wg.Wait() }()

		sessions, index := r.tx.Bucket(bucketSessions), r.tx.Bucket(bucketIndex)
		pending := make([]inFlight, 0, 2*workers) // oldest first
		next, read := 0, 0
		// send reads the next session's record and list entry in this
		// transaction (a session deleted since the list was read is left
		// out) and hands the record to a worker.
		send := func() error {
			key := []byte(list[next].ID)
			next++
			v, iv := sessions.Get(key), index.Get(key)
			switch {
			case v == nil && iv == nil:
				return nil // deleted since the list was read
			case v == nil:
				return corruptErr(s.path, fmt.Sprintf("%s is listed but its record is missing", r.sessionName(key)))
			case iv == nil:
				return corruptErr(s.path, fmt.Sprintf("session %s has no list entry", workbook.CleanLine(string(key))))
			}
			sum, _, err := r.getSummary(key, iv)
			if err != nil {
				return err
			}
			p, _, err := r.payload(bucketSessions, key, v, func() string { return r.sessionName(key) })
			if err != nil {
				return err
			}
			out := make(chan decoded, 1)
			jobs <- job{p, out}
			pending = append(pending, inFlight{sum, out})
			read += len(v)
			return nil
		}
		for next < len(list) || len(pending) > 0 {
			for next < len(list) && len(pending) < 2*workers {
				if err := send(); err != nil {
					return err
				}
			}
			if len(pending) == 0 {
				continue
			}
			d := <-pending[0].out
			sum := pending[0].sum
			pending = pending[1:]
			key := []byte(sum.ID)
			if d.err != nil {
				return corruptErr(s.path, fmt.Sprintf("%s cannot be read: %v", r.sessionName(key), d.err))
			}
			sess := d.sess
			if sess.ID != sum.ID {
				return corruptErr(s.path, fmt.Sprintf("%s holds the record of session %q", r.sessionName(key), workbook.CleanLine(sess.ID)))
			}
			if !matchesSummary(sum, sess) {
				return corruptErr(s.path, fmt.Sprintf("session %q (%s): its record (revision %d) and its list entry (revision %d) disagree",
					workbook.CleanLine(sess.Team), workbook.CleanLine(sum.ID), sess.Revision, sum.Revision))
			}
			if err := fn(sess); err != nil {
				return err
			}
			// bbolt reads through a memory map, and every page read stays in
			// this process's resident set until the file is closed: let go
			// of them every few megabytes (sessions are decoded copies; a
			// page still being decoded is read back from the page cache), so
			// a walk over a large file stays small.
			if read >= releaseEvery {
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
