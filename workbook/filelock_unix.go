//go:build unix

package workbook

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// lockExclusive takes the same flock bbolt takes on a workbook file, so a
// restore cannot pull the file from under another edtech-workbook. bbolt's
// own Open cannot be used for this: it refuses a damaged file.
func lockExclusive(path string) (unlock func(), err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(lockTimeout)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { _ = f.Close() }, nil
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
