//go:build unix

package store

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// lockExclusive takes the same flock bbolt takes on a workbook file, so a
// restore cannot pull the file from under another edtech-workbook. bbolt's
// own Open cannot be used for this: it refuses a damaged file. Closing the
// returned file lets go of the lock.
func lockExclusive(path string) (*os.File, error) {
	f, err := openRegular(path, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(lockTimeout)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) || time.Now().After(deadline) {
			_ = f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, errLocked
			}
			return nil, err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// openNoBlock opens name without blocking on a FIFO or a device that waits
// for a peer; openRegular checks what it got before anything reads or
// writes. For a regular file O_NONBLOCK changes nothing.
func openNoBlock(name string, flag int, perm os.FileMode) (*os.File, error) {
	return os.OpenFile(name, flag|syscall.O_NONBLOCK, perm)
}

// pidAlive reports whether a process with this id exists (a process of
// another user counts: it may still be writing).
func pidAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
