//go:build !unix

package workbook

// lockExclusive is a no-op where flock is not available; bbolt uses
// LockFileEx there, which a plain open does not conflict with.
func lockExclusive(path string) (unlock func(), err error) { return func() {}, nil }
