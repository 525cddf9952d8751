package store

import (
	"errors"
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"

	"edtech-workbook/workbook"
)

// recordCounts is what checkFile found.
type recordCounts struct{ sessions, templates, tools, inventoryRecords, received, audit int }

// checkFile is the full check behind Doctor, Store.Check, the start-up
// backup and the backup a migration takes: first every page (checkPagesDeep:
// an open for reading leaves the sessions' leaf pages unread), then every
// record's checksum, every record decoded, every session checked for
// consistency with its own template snapshot as import checks it
// (ValidateSession), each session against its list entry, the list and the
// templates against the digests of the state record, the inventory
// (checkInventory: every record, its digests, and the whole validated as a
// save validates it), and the order of every bucket's keys. It lists every
// problem it finds (each wraps ErrCorrupt); the error is for a file that
// cannot be looked at all (from a newer edtech-workbook).
//
// The sessions, most of a file, are read with plain reads of their pages
// (pageReader), never through bbolt's memory map, and decoded and checked
// on every core (checkSessions): the check's memory stays bounded however
// large the file. progress (may be nil) hears how many sessions are done.
func (c *config) checkFile(tx *bolt.Tx, file *os.File, path string, counts *recordCounts, progress func(done, total int)) ([]error, error) {
	var problems []error
	bad := func(err error) { problems = append(problems, err) }
	badf := func(format string, args ...any) { bad(corruptErr(path, fmt.Sprintf(format, args...))) }
	fi, err := file.Stat()
	if err != nil {
		return nil, fileErr(path, KindNoAccess, "workbook file %s cannot be read (%v)", path, err)
	}
	err = guarded(path, func() error {
		if err := checkPagesDeep(file, fi.Size()); err != nil {
			return corruptErr(path, err)
		}
		return nil
	})
	if err != nil {
		// The tree itself is broken: reading records through it could fault.
		return []error{err}, nil
	}
	err = guarded(path, func() error {
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
		r := &rtx{tx: tx, file: file, path: path, schema: schema}
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
		stored := r.checkSessions(checkDigests, bad, progress)
		if counts != nil {
			counts.sessions = len(stored)
		}
		inRecent := r.checkRecent(checkDigests, bad)
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
			if inRecent != nil && inRecent[string(k)] != 1 {
				badf("session %s is in the list of sessions %d times, not once", workbook.CleanLine(string(k)), inRecent[string(k)])
			}
			if !stored[string(k)] { // not sessions.Get: it would map every session's page
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
			_, crc, err := r.getTemplate(k, v)
			if err != nil {
				bad(err)
				return nil
			}
			d.add(crc)
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
		// The order of the keys in every other bucket, as bbolt's own check
		// verifies it (the sessions' was checked as they were read).
		pr := r.pages()
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			if root := uint64(b.Root()); root != 0 && string(name) != string(bucketSessions) {
				if err := pr.forEach(root, func(k, v []byte) error { return nil }); err != nil {
					badf("the pages of its %s bucket are damaged: %v", workbook.CleanLine(string(name)), err)
				}
			}
			return nil
		})
	})
	if err != nil && !errors.Is(err, ErrCorrupt) {
		return nil, err
	}
	if err != nil {
		problems = append(problems, err)
	}
	return problems, nil
}

// checkRecent checks the recent bucket (schema 4 on): every entry's
// checksum, its key against the entry, the keys in order, each entry the
// same as the session's entry by id, and the whole against the Recent
// digest. It returns how many times each session id is there (nil before
// schema 4).
func (r *rtx) checkRecent(checkDigests bool, bad func(error)) map[string]int {
	if r.schema < schemaCompactList {
		return nil
	}
	badf := func(format string, args ...any) { bad(corruptErr(r.path, fmt.Sprintf(format, args...))) }
	index := r.tx.Bucket(bucketIndex)
	seen := map[string]int{}
	var d digest
	var prev []byte
	_ = r.tx.Bucket(bucketRecent).ForEach(func(k, v []byte) error {
		if prev != nil && string(k) <= string(prev) {
			badf("the list of sessions is out of order")
		}
		prev = k
		sum, crc, err := r.recentEntry(k, v)
		if err != nil {
			bad(err)
			return nil
		}
		d.add(crc)
		seen[sum.ID]++
		iv := index.Get([]byte(sum.ID))
		if iv == nil {
			badf("the list of sessions names session %s, which has no list entry by id", workbook.CleanLine(sum.ID))
		} else if byID, _, err := r.getSummary([]byte(sum.ID), iv); err == nil && (!sameEntry(byID, sum) || byID.Progress != sum.Progress) {
			badf("the two list entries of session %s disagree", workbook.CleanLine(sum.ID))
		} // an unreadable entry by id is reported by the index pass
		return nil
	})
	if checkDigests && d != r.state.Recent {
		badf("the list of sessions does not match what the last save recorded (%d entries read, %d recorded)", d.Count, r.state.Recent.Count)
	}
	return seen
}

// sessionFacts is what checkSessions learns from one session record on a
// worker: its list entry's fields as the record has them, or what is
// wrong with it.
type sessionFacts struct {
	seq   int
	key   []byte
	entry workbook.Summary // Progress left out (see sameEntry)
	// At most one of these: the checksum failed, the record did not
	// decode, or it holds another session (entry.ID).
	damaged, unreadable error
	otherID             bool
	invalid             error // ValidateSession's verdict, once decoded
}

// checkSessions checks every session record (see checkFile) and returns the
// keys it read. A walker reads the records in key order with plain reads;
// workers, one per core, verify each checksum, decode and validate; the
// results are taken in key order again and checked against the list
// entries and the state record here, on the transaction's goroutine. At
// most a few records are in flight at a time.
func (r *rtx) checkSessions(checkDigests bool, bad func(error), progress func(done, total int)) map[string]bool {
	badf := func(format string, args ...any) { bad(corruptErr(r.path, fmt.Sprintf(format, args...))) }
	index := r.tx.Bucket(bucketIndex)
	total := int(r.state.Index.Count)
	stored := make(map[string]bool, total)
	take := func(f sessionFacts) {
		stored[string(f.key)] = true
		k := f.key
		switch {
		case f.damaged != nil:
			bad(corruptErr(r.path, fmt.Sprintf("%s is damaged: %v", r.sessionName(k), f.damaged)))
		case f.unreadable != nil:
			bad(corruptErr(r.path, fmt.Sprintf("%s cannot be read: %v", r.sessionName(k), f.unreadable)))
		case f.otherID:
			bad(corruptErr(r.path, fmt.Sprintf("%s holds the record of session %q", r.sessionName(k), workbook.CleanLine(f.entry.ID))))
		default:
			name := fmt.Sprintf("session %q (%s)", workbook.CleanLine(f.entry.Team), workbook.CleanLine(f.entry.ID))
			if f.invalid != nil {
				badf("%s is inconsistent: %s", name, workbook.ValidationProblem(f.invalid))
			}
			if checkDigests && uint64(f.entry.Revision) > r.state.LastRevision {
				badf("%s has revision %d, above the last one the file recorded (%d)", name, f.entry.Revision, r.state.LastRevision)
			}
			iv := index.Get(k)
			if iv == nil {
				badf("%s has no list entry", name)
			} else if sum, _, err := r.getSummary(k, iv); err == nil && !sameEntry(sum, f.entry) {
				badf("%s: its record and its list entry disagree (revision %d and %d)", name, f.entry.Revision, sum.Revision)
			} // an unreadable entry is reported by the index pass
		}
		if progress != nil {
			progress(len(stored), max(total, len(stored)))
		}
	}
	worker := func() func(int, []byte, []byte) sessionFacts {
		d := sessionDecoder{v1: r.schema < schemaQuestions}
		return func(seq int, k, v []byte) sessionFacts { return r.sessionFacts(&d, seq, k, v) }
	}
	if err := r.eachSessionRecord(worker, take); err != nil {
		bad(err)
	}
	return stored
}

// sessionFacts checks one session record (on a worker, where a panic would
// end the process: one is reported as the record being unreadable).
func (r *rtx) sessionFacts(d *sessionDecoder, seq int, key, v []byte) (f sessionFacts) {
	f = sessionFacts{seq: seq, key: key}
	defer func() {
		if p := recover(); p != nil {
			f = sessionFacts{seq: seq, key: key, unreadable: fmt.Errorf("%v", p)}
		}
	}()
	p := v
	if r.schema >= 2 {
		var err error
		if p, _, err = unframe(bucketSessions, key, v); err != nil {
			f.damaged = err
			return f
		}
	}
	sess, err := d.decode(p)
	if err != nil {
		f.unreadable = err
		return f
	}
	f.entry = workbook.Summary{ID: sess.ID, Team: sess.Team, District: sess.District, SchoolYear: sess.SchoolYear, Cohort: sess.Cohort,
		TemplateRef: sess.Template.Ref(), Updated: sess.Updated, Revision: sess.Revision}
	if sess.ID != string(key) {
		f.otherID = true
		return f
	}
	f.invalid = workbook.ValidateSession(sess)
	return f
}

// Check runs the full check (see checkFile) on the file; it returns every
// problem found (nil when the file is clean). Each problem wraps
// ErrCorrupt, except when the file cannot be looked at (for example in use).
func (s *Store) Check() []error {
	var problems []error
	if err := s.Ready(); err != nil {
		return []error{err}
	}
	err := s.f.do(accRead, func(db *bolt.DB) error {
		return db.View(func(tx *bolt.Tx) error {
			var err error
			problems, err = s.cfg.checkFile(tx, s.f.file, s.path, nil, nil)
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
	if err := checkOpenPages(name, file, checkFull); err != nil {
		return []error{err}, counts, nil
	}
	err = guarded(name, func() error {
		return db.View(func(tx *bolt.Tx) error {
			var err error
			problems, err = c.checkFile(tx, file, name, &counts, nil)
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
	if checkOpenPages(path, file, checkRead) != nil {
		return 0, false
	}
	err = guarded(path, func() error {
		return db.View(func(tx *bolt.Tx) error { id = tx.ID(); return nil })
	})
	return id, err == nil
}
