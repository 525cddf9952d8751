//go:build !linux

package store

import bolt "go.etcd.io/bbolt"

// releaseMapped does nothing here: the memory map's pages stay resident
// until the file is closed.
func releaseMapped(*bolt.Tx) {}
