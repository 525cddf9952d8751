package store

import (
	"io"
	"os"

	bolt "go.etcd.io/bbolt"
)

// config is what a Store, Doctor, RestoreBackup and WriteFileAtomic do
// that tests vary: the schema this build writes and its migrations (a test
// raises the schema to exercise a migration), and how temporary files are
// created and written (a test injects a full disk or a read-only folder,
// which cannot be made for real as root or without mounting one). The
// exported functions use defaultConfig; nothing here is shared between
// calls.
type config struct {
	schema     uint64                             // the schema this build writes and reads up to
	migrations map[uint64]func(tx *bolt.Tx) error // migrations[n] moves a file from schema n to n+1
	createTemp func(dir, pattern string) (*os.File, error)
	writer     func(f *os.File) io.Writer // what an output's bytes are written through
	// inventoryPut stores one inventory record (nil: the bucket's Put); a
	// test fails it part-way through a save to see nothing of it stays.
	inventoryPut func(b *bolt.Bucket, key, value []byte) error
}

func defaultConfig() *config {
	return &config{
		schema:     SchemaVersion,
		migrations: defaultMigrations(),
		createTemp: os.CreateTemp,
		writer:     func(f *os.File) io.Writer { return f },
	}
}
