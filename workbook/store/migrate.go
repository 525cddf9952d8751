package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"

	bolt "go.etcd.io/bbolt"

	"edtech-workbook/workbook"
)

// defaultMigrations returns the migrations of this build: [n] moves a file
// from schema n to n+1. Each runs inside the one transaction that also
// records the new schema version, after a checked backup copy of the file
// has been rotated in as BackupPath.
func defaultMigrations() map[uint64]func(tx *bolt.Tx) error {
	return map[uint64]func(tx *bolt.Tx) error{
		// 0 is a brand-new (or pre-release) file: create the buckets.
		0: func(tx *bolt.Tx) error {
			for _, b := range [][]byte{bucketSessions, bucketIndex, bucketTemplates, bucketRecent} {
				if _, err := tx.CreateBucketIfNotExists(b); err != nil {
					return err
				}
			}
			return nil
		},
		// 1 -> 2: frame every value with its checksum and write the state
		// record (revision high-water mark, digests).
		1: frameEveryValue,
		// 2 -> 3: sessions keep answers by question id; templates declare
		// their questions.
		2: convertToQuestions,
		// 3 -> 4: compact list entries, kept by id and in last-change order.
		3: compactList,
	}
}

// compactList writes every list entry again in the compact form
// (listentry.go), by id in the index bucket and under its listKey in the
// recent bucket (created here), and records the digests of both. An entry
// is read as JSON, or as a compact entry when an earlier migration of the
// same upgrade already wrote it so; every one is checked against its
// checksum first, and one that cannot be read stops the upgrade, which then
// changes nothing.
func compactList(tx *bolt.Tx) error {
	meta := tx.Bucket(bucketMeta)
	st, err := decodeState(meta.Get(keyState))
	if err != nil {
		return fmt.Errorf("the state record is damaged: %v", err)
	}
	index := tx.Bucket(bucketIndex)
	recent, err := tx.CreateBucketIfNotExists(bucketRecent)
	if err != nil {
		return err
	}
	type kv struct{ k, v []byte }
	var all []kv
	err = index.ForEach(func(k, v []byte) error {
		p, _, err := unframe(bucketIndex, k, v)
		if err != nil {
			return fmt.Errorf("the list entry of session %s is damaged: %v", workbook.CleanLine(string(k)), err)
		}
		all = append(all, kv{bytes.Clone(k), bytes.Clone(p)})
		return nil
	})
	if err != nil {
		return err
	}
	st.Index, st.Recent = digest{}, digest{}
	recent.FillPercent = recentFillInOrder
	for _, e := range all {
		var sum workbook.Summary
		if len(e.v) > 0 && e.v[0] == entryFormat {
			sum, err = decodeEntry(e.v)
		} else {
			err = json.Unmarshal(e.v, &sum)
		}
		if err != nil || sum.ID != string(e.k) {
			return fmt.Errorf("the list entry of session %s cannot be read: %v", workbook.CleanLine(string(e.k)), err)
		}
		entry := encodeEntry(sum)
		iv, crc := frame(bucketIndex, e.k, entry)
		rk := listKey(sum)
		rv, rcrc := frame(bucketRecent, rk, entry)
		if err := index.Put(e.k, iv); err != nil {
			return err
		}
		if err := recent.Put(rk, rv); err != nil {
			return err
		}
		st.Index.add(crc)
		st.Recent.add(rcrc)
	}
	return meta.Put(keyState, st.encode())
}

// convertToQuestions converts every stored session (with its template
// snapshot) and every stored template from the format-1 shape to today's
// (workbook.SessionFromV1JSON, TemplateFromV1JSON), writes each session's
// list entry again (its progress now counts the template's questions), and
// records the new digests. Every value is checked against its checksum
// first; a session that cannot be read or no longer fits the limits stops
// the upgrade, which then changes nothing.
func convertToQuestions(tx *bolt.Tx) error {
	st, err := decodeState(tx.Bucket(bucketMeta).Get(keyState))
	if err != nil {
		return fmt.Errorf("the state record is damaged: %v", err)
	}
	st.Index, st.Templates = digest{}, digest{}
	type kv struct{ k, v []byte }
	read := func(bucket []byte) ([]kv, error) {
		var all []kv
		err := tx.Bucket(bucket).ForEach(func(k, v []byte) error {
			p, _, err := unframe(bucket, k, v)
			if err != nil {
				return fmt.Errorf("record %s in %s is damaged: %v", workbook.CleanLine(string(k)), bucket, err)
			}
			all = append(all, kv{append([]byte(nil), k...), append([]byte(nil), p...)})
			return nil
		})
		return all, err
	}
	sessions, err := read(bucketSessions)
	if err != nil {
		return err
	}
	for _, e := range sessions {
		sess, err := workbook.SessionFromV1JSON(e.v)
		if err != nil {
			return fmt.Errorf("session %s: %v", workbook.CleanLine(string(e.k)), err)
		}
		rec, sum, err := encodeSession(sess)
		if err != nil {
			return err
		}
		if err := tx.Bucket(bucketSessions).Put(e.k, sealFrame(bucketSessions, e.k, rec)); err != nil {
			return err
		}
		iv, crc := frame(bucketIndex, e.k, sum)
		if err := tx.Bucket(bucketIndex).Put(e.k, iv); err != nil {
			return err
		}
		st.Index.add(crc)
	}
	// A list entry without its session (the check reports those) keeps its
	// place in the digest.
	err = tx.Bucket(bucketIndex).ForEach(func(k, v []byte) error {
		if tx.Bucket(bucketSessions).Get(k) == nil {
			st.Index.add(storedSum(v))
		}
		return nil
	})
	if err != nil {
		return err
	}
	templates, err := read(bucketTemplates)
	if err != nil {
		return err
	}
	for _, e := range templates {
		t, err := workbook.TemplateFromV1JSON(e.v)
		if err != nil {
			return fmt.Errorf("stored template %s: %v", workbook.CleanLine(string(e.k)), err)
		}
		buf, err := json.Marshal(t)
		if err != nil {
			return err
		}
		v, crc := frame(bucketTemplates, e.k, buf)
		if err := tx.Bucket(bucketTemplates).Put(e.k, v); err != nil {
			return err
		}
		st.Templates.add(crc)
	}
	return tx.Bucket(bucketMeta).Put(keyState, st.encode())
}

// frameEveryValue re-encodes a schema-1 file's values in the schema-2 frame
// (record.go) and records the state. Values are copied out first:
// bbolt does not allow writing a bucket while iterating it.
func frameEveryValue(tx *bolt.Tx) error {
	var st storeState
	for _, bucket := range [][]byte{bucketSessions, bucketIndex, bucketTemplates} {
		b := tx.Bucket(bucket)
		type kv struct{ k, v []byte }
		var all []kv
		err := b.ForEach(func(k, v []byte) error {
			all = append(all, kv{append([]byte(nil), k...), append([]byte(nil), v...)})
			return nil
		})
		if err != nil {
			return err
		}
		for _, e := range all {
			if string(bucket) == string(bucketSessions) {
				var rev struct {
					Revision int `json:"revision"`
				}
				if err := json.Unmarshal(e.v, &rev); err != nil {
					return fmt.Errorf("session %s cannot be read: %v", workbook.CleanLine(string(e.k)), err)
				}
				st.LastRevision = max(st.LastRevision, uint64(max(rev.Revision, 0)))
			}
			framed, crc := frame(bucket, e.k, e.v)
			switch string(bucket) {
			case string(bucketIndex):
				st.Index.add(crc)
			case string(bucketTemplates):
				st.Templates.add(crc)
			}
			if err := b.Put(e.k, framed); err != nil {
				return err
			}
		}
	}
	return tx.Bucket(bucketMeta).Put(keyState, st.encode())
}

// prepare creates the file if needed and brings its schema up to date. A file
// that already exists is first read under a shared lock, so a current, newer
// or damaged file is never written to (and other readers are not shut out);
// for OpenToWrite under the exclusive lock, unless the file has no freelist
// on disk (bbolt writes one out when it opens such a file for writing).
func (s *Store) prepare(exists bool) error {
	acc := accCreate
	if exists {
		acc = accWrite
		read := accRead
		if s.writeSoon && freelistOnDisk(s.path) {
			read = accHold // the write lock now, for the writes to come
		}
		var cur uint64
		err := s.f.do(read, func(db *bolt.DB) error {
			return guarded(s.path, func() error {
				return db.View(func(tx *bolt.Tx) error {
					if err := checkTx(tx, s.path); err != nil {
						return err
					}
					var err error
					cur, err = readSchema(tx, s.path)
					return err
				})
			})
		})
		switch {
		case err != nil:
			return err
		case cur == s.cfg.schema:
			return s.viewNow(func(*rtx) error { return nil }) // the state record must be readable too
		case cur > s.cfg.schema:
			return s.cfg.newerErr(s.path, cur)
		}
	}
	return s.f.do(acc, func(db *bolt.DB) error {
		return guarded(s.path, func() error { return s.migrate(db) })
	})
}

// migrate runs under the exclusive lock: it reads the version again (another
// process may have upgraded the file meanwhile), backs up a file that holds
// anything (checking the copy first: a damaged file is not upgraded), and
// then migrates in one transaction.
func (s *Store) migrate(db *bolt.DB) error {
	var cur uint64
	var empty bool
	err := db.View(func(tx *bolt.Tx) error {
		if err := checkTx(tx, s.path); err != nil {
			return err
		}
		var err error
		cur, err = readSchema(tx, s.path)
		empty = !hasBuckets(tx)
		return err
	})
	switch {
	case err != nil:
		return err
	case cur == s.cfg.schema:
		return nil
	case cur > s.cfg.schema:
		return s.cfg.newerErr(s.path, cur)
	}
	if !empty {
		// A real file is about to change shape: keep a checked copy first.
		err := db.View(func(tx *bolt.Tx) error {
			p, err := s.cfg.copyTx(tx, BackupPath(s.path))
			if err != nil {
				return err
			}
			return s.cfg.commitBackup(p, s.path)
		})
		if err != nil {
			return fmt.Errorf("workbook file %s was not upgraded: %w", s.path, err)
		}
	}
	return db.Update(func(tx *bolt.Tx) error { return s.cfg.upgradeTx(tx, s.path, cur) })
}

// upgradeTx runs the migrations from schema cur to s.cfg.schema in tx and
// records the new version.
func (c *config) upgradeTx(tx *bolt.Tx, path string, cur uint64) error {
	meta, err := tx.CreateBucketIfNotExists(bucketMeta)
	if err != nil {
		return err
	}
	for v := cur; v < c.schema; v++ {
		m, ok := c.migrations[v]
		if !ok {
			return fileErr(path, KindBug, "workbook file %s cannot be upgraded: this build has no migration from schema %d", path, v)
		}
		if err := m(tx); err != nil {
			return fmt.Errorf("workbook file %s could not be upgraded from schema %d (%v); it was left unchanged and a copy is in %s", path, v, err, BackupPath(path))
		}
	}
	return meta.Put(keySchema, encodeSchema(c.schema))
}

// freelistOnDisk reports whether the newer header of the file at path names
// a freelist page: bbolt opens such a file for writing without writing to
// it. False when the file cannot be read (the read open says why).
func freelistOnDisk(path string) bool {
	f, err := openRegular(path, os.O_RDONLY, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	m, err := readMetas(f, fi.Size())
	return err == nil && m.freelist != math.MaxUint64
}
