package store

import (
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"edtech-workbook/workbook"
)

// recordCounts is what checkFile found.
type recordCounts struct{ sessions, templates, tools, inventoryRecords, received, audit int }

// checkFile is the full check behind Doctor, Store.Check, the start-up
// backup and the backup a migration takes: every record's checksum, every
// record decoded, every session checked for consistency with its own
// template snapshot as import checks it (ValidateSession), each session against its list
// entry, the list and the templates against the digests of the state
// record, the inventory (checkInventory: every record, its digests, and the
// whole validated as a save validates it), and then bbolt's own page check. It lists every problem it finds
// (each wraps ErrCorrupt); the error is for a file that cannot be looked at
// all (from a newer edtech-workbook).
//
// It expects a handle whose pages passed checkPages (every open runs it),
// so bbolt's check, which runs in a goroutine of its own where a memory
// fault would end the process, never meets a page loop or a page past the
// end of the file.
func (c *config) checkFile(tx *bolt.Tx, path string, counts *recordCounts) ([]error, error) {
	var problems []error
	bad := func(err error) { problems = append(problems, err) }
	badf := func(format string, args ...any) { bad(corruptErr(path, fmt.Sprintf(format, args...))) }
	err := guarded(path, func() error {
		if err := checkTx(tx, path); err != nil {
			return err
		}
		schema, err := readSchema(tx, path)
		switch {
		case err != nil:
			return err
		case schema > c.schema:
			return c.newerErr(path, schema)
		case schema == 0:
			badf("it holds no workbook (no schema version)")
			return nil
		}
		r := &rtx{tx: tx, path: path, schema: schema}
		sessions, index, templates := tx.Bucket(bucketSessions), tx.Bucket(bucketIndex), tx.Bucket(bucketTemplates)
		if sessions == nil || index == nil || templates == nil {
			badf("a bucket is missing")
			return nil
		}
		checkDigests := schema >= 2
		if checkDigests {
			if r.state, err = decodeState(tx.Bucket(bucketMeta).Get(keyState)); err != nil {
				badf("its state record is damaged: %v", err)
				checkDigests = false
			}
		}
		_ = sessions.ForEach(func(k, v []byte) error {
			if counts != nil {
				counts.sessions++
			}
			sess, err := r.getSession(k, v)
			if err != nil {
				bad(err)
				return nil
			}
			name := fmt.Sprintf("session %q (%s)", workbook.CleanLine(sess.Team), workbook.CleanLine(sess.ID))
			if err := workbook.ValidateSession(sess); err != nil {
				badf("%s is inconsistent: %s", name, workbook.ValidationProblem(err))
			}
			if checkDigests && uint64(sess.Revision) > r.state.LastRevision {
				badf("%s has revision %d, above the last one the file recorded (%d)", name, sess.Revision, r.state.LastRevision)
			}
			iv := index.Get(k)
			if iv == nil {
				badf("%s has no list entry", name)
			} else if sum, _, err := r.getSummary(k, iv); err == nil && !matchesSummary(sum, sess) {
				badf("%s: its record and its list entry disagree (revision %d and %d)", name, sess.Revision, sum.Revision)
			} // an unreadable entry is reported by the index pass
			return nil
		})
		var d digest
		var prev []byte
		_ = index.ForEach(func(k, v []byte) error {
			if prev != nil && string(k) <= string(prev) {
				badf("the list of sessions is out of order at %s", workbook.CleanLine(string(k)))
			}
			prev = k
			_, crc, err := r.getSummary(k, v)
			if err != nil {
				bad(err)
				return nil
			}
			d.add(crc)
			if sessions.Get(k) == nil {
				badf("the list entry of session %s has no record", workbook.CleanLine(string(k)))
			}
			return nil
		})
		if checkDigests && d != r.state.Index {
			badf("the list of sessions does not match what the last save recorded (%d entries read, %d recorded)", d.Count, r.state.Index.Count)
		}
		d = digest{}
		_ = templates.ForEach(func(k, v []byte) error {
			if counts != nil {
				counts.templates++
			}
			t, crc, err := r.getTemplate(k, v)
			if err != nil {
				bad(err)
				return nil
			}
			d.add(crc)
			_ = t
			return nil
		})
		if checkDigests && d != r.state.Templates {
			badf("the stored templates do not match what the last save recorded (%d read, %d recorded)", d.Count, r.state.Templates.Count)
		}
		if rb := tx.Bucket(bucketReceived); rb != nil {
			n := r.checkReceived(rb, sessions, bad)
			if counts != nil {
				counts.received = n
			}
		}
		if ab := tx.Bucket(bucketAudit); ab != nil {
			n := r.checkAudit(ab, bad)
			if counts != nil {
				counts.audit = n
			}
		}
		if inv := tx.Bucket(bucketInventory); inv != nil {
			tools, records := r.checkInventory(inv, checkDigests, bad)
			if counts != nil {
				counts.tools, counts.inventoryRecords = tools, records
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, ErrCorrupt) {
		return nil, err
	}
	if err != nil {
		// The tree itself is broken; bbolt's check could fault on it.
		return append(problems, err), nil
	}
	for err := range tx.Check() {
		problems = append(problems, corruptErr(path, err))
	}
	return problems, nil
}

// Check runs the full check (see checkFile) on the file; it returns every
// problem found (nil when the file is clean). Each problem wraps
// ErrCorrupt, except when the file cannot be looked at (for example in use).
func (s *Store) Check() []error {
	var problems []error
	err := s.f.do(accRead, func(db *bolt.DB) error {
		return db.View(func(tx *bolt.Tx) error {
			var err error
			problems, err = s.cfg.checkFile(tx, s.path, nil)
			return err
		})
	})
	if err != nil {
		problems = append(problems, err)
	}
	return problems
}

// checkCopy runs the full check on a file of our own (a backup, or a copy
// about to become one) that no other process uses; name is how problems
// name it. Unlike Doctor it opens its own short-lived handle.
func (c *config) checkCopy(path, name string) (problems []error, counts recordCounts, err error) {
	db, file, err := openBolt(path, true, false, lockTimeout)
	if err != nil {
		return nil, counts, err
	}
	defer db.Close()
	if err := checkOpenPages(name, file); err != nil {
		return []error{err}, counts, nil
	}
	err = guarded(name, func() error {
		return db.View(func(tx *bolt.Tx) error {
			var err error
			problems, err = c.checkFile(tx, name, &counts)
			return err
		})
	})
	if errors.Is(err, ErrCorrupt) {
		return append(problems, err), counts, nil
	}
	return problems, counts, err
}

// fileTxID reads the id of the last committed transaction of a workbook
// file, or false when it is missing, locked, not a regular file or damaged.
func fileTxID(path string) (id int, ok bool) {
	if fi, err := statPath(path); err != nil || fi == nil {
		return 0, false
	}
	db, file, err := openBolt(path, true, false, 50*time.Millisecond)
	if err != nil {
		return 0, false
	}
	defer db.Close()
	if checkOpenPages(path, file) != nil {
		return 0, false
	}
	err = guarded(path, func() error {
		return db.View(func(tx *bolt.Tx) error { id = tx.ID(); return nil })
	})
	return id, err == nil
}
