package workbook

import (
	"encoding/binary"
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"
)

// migrations[n] moves a file from schema n to n+1. Each runs inside the one
// transaction that also records the new schema version, after a backup copy
// of the file has been written next to it.
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

// BackupPath is where the copy taken before a migration (or a restore) goes.
func BackupPath(path string) string { return path + ".bak" }

// prepare creates the file if needed and brings its schema up to date.
func (s *Store) prepare() (err error) {
	_, statErr := os.Stat(s.path)
	fresh := os.IsNotExist(statErr)

	db, err := s.open(false)
	if err != nil {
		return err
	}
	defer db.Close()
	defer recoverCorrupt(s.path, &err)

	var current uint64
	err = db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			if !fresh && tx.Bucket(bucketSessions) == nil && hasBuckets(tx) {
				return fmt.Errorf("workbook file %s is not an edtech-workbook file; pass another --db", s.path)
			}
			return nil
		}
		v := meta.Get(keySchema)
		if len(v) != 8 {
			return fmt.Errorf("workbook file %s is %w (bad schema version); run `edtech-workbook doctor --restore`", s.path, ErrCorrupt)
		}
		current = binary.BigEndian.Uint64(v)
		return nil
	})
	if err != nil {
		return err
	}
	if current > SchemaVersion {
		return fmt.Errorf("workbook file %s was %w (schema %d; this build reads up to %d); update edtech-workbook", s.path, ErrNewerFile, current, SchemaVersion)
	}
	if current == SchemaVersion {
		return nil
	}
	if !fresh && current > 0 {
		// A real file is about to change shape: keep a copy first.
		if err := db.View(func(tx *bolt.Tx) error { return tx.CopyFile(BackupPath(s.path), 0o600) }); err != nil {
			return fmt.Errorf("cannot write the backup %s before upgrading the workbook file: %w", BackupPath(s.path), err)
		}
	}
	return db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return err
		}
		for v := current; v < SchemaVersion; v++ {
			m, ok := migrations[v]
			if !ok {
				return fmt.Errorf("no migration from schema %d", v)
			}
			if err := m(tx); err != nil {
				return fmt.Errorf("upgrading workbook file %s from schema %d: %w", s.path, v, err)
			}
		}
		return meta.Put(keySchema, itob(SchemaVersion))
	})
}

func hasBuckets(tx *bolt.Tx) bool {
	found := false
	_ = tx.ForEach(func(name []byte, _ *bolt.Bucket) error { found = true; return nil })
	return found
}
