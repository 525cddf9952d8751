package workbook

import (
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"
)

// migrations[n] moves a file from schema n to n+1. Each runs inside the one
// transaction that also records the new schema version, after a backup copy
// of the file has been written to BackupPath.
var migrations = map[uint64]func(tx *bolt.Tx) error{
	// 0 is a brand-new (or pre-release) file: create the buckets.
	0: func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketSessions, bucketIndex, bucketTemplates} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	},
}

// BackupPath is where the copy taken before a migration (or a restore) goes;
// SnapshotBackup refreshes it each time the app opens the file.
func BackupPath(path string) string { return path + ".bak" }

// prepare creates the file if needed and brings its schema up to date. A file
// that already exists is first read under a shared lock, so a current, newer
// or damaged file is never written to (and other readers are not shut out).
func (s *Store) prepare() error {
	fi, err := os.Stat(s.path)
	switch {
	case err != nil && !os.IsNotExist(err):
		return fmt.Errorf("workbook file %s cannot be read (%v); check the path or pass --db", s.path, err)
	case err == nil && fi.Size() > 0:
		var cur uint64
		err := s.f.do(false, func(db *bolt.DB) error {
			return guarded(s.path, func() error {
				return db.View(func(tx *bolt.Tx) error {
					if err := checkTx(tx, s.path); err != nil {
						return err
					}
					cur, err = readSchema(tx, s.path)
					return err
				})
			})
		})
		switch {
		case err != nil:
			return err
		case cur == currentSchema:
			return nil
		case cur > currentSchema:
			return newerErr(s.path, cur)
		}
	}
	return s.f.do(true, func(db *bolt.DB) error {
		return guarded(s.path, func() error { return s.migrate(db) })
	})
}

// migrate runs under the exclusive lock: it reads the version again (another
// process may have upgraded the file meanwhile), backs up a file that holds
// anything, and then migrates in one transaction.
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
	case cur == currentSchema:
		return nil
	case cur > currentSchema:
		return newerErr(s.path, cur)
	}
	if !empty {
		// A real file is about to change shape: keep a copy first.
		err := db.View(func(tx *bolt.Tx) error {
			return writeAtomic(BackupPath(s.path), func(f *os.File) error { _, err := tx.WriteTo(f); return err }, nil)
		})
		if err != nil {
			return fmt.Errorf("workbook file %s was not upgraded because its backup could not be written: %w", s.path, err)
		}
	}
	return db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		for v := cur; v < currentSchema; v++ {
			m, ok := migrations[v]
			if !ok {
				return fmt.Errorf("workbook file %s cannot be upgraded: this build has no migration from schema %d; report this as a bug", s.path, v)
			}
			if err := m(tx); err != nil {
				return fmt.Errorf("workbook file %s could not be upgraded from schema %d (%v); it was left unchanged and a copy is in %s", s.path, v, err, BackupPath(s.path))
			}
		}
		return meta.Put(keySchema, itob(currentSchema))
	})
}
