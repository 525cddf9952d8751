//go:build !unix

package store

import "os"

// lockExclusive is a no-op where flock is not available; bbolt uses
// LockFileEx there, which a plain open does not conflict with. The file is
// opened all the same: the restore reads it.
func lockExclusive(path string) (*os.File, error) { return openRegular(path, os.O_RDONLY, 0) }

// openNoBlock is os.OpenFile: FIFOs and devices are refused by name
// (checkIdentity) before anything is opened.
func openNoBlock(name string, flag int, perm os.FileMode) (*os.File, error) {
	return os.OpenFile(name, flag, perm)
}

// pidAlive cannot tell here; a temp file is only removed when its process
// is known to be gone, so none is.
func pidAlive(int) bool { return true }
