package store

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncFileSystem flushes everything written to the file system that holds
// dir (syncfs): one call for a whole batch of files.
func syncFileSystem(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return unix.Syncfs(int(d.Fd()))
}
