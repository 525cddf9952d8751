//go:build unix

package store

import (
	"io"
	"os"
	"syscall"
)

// mapFile maps size bytes of file read-only for the page check at open:
// reading its pages through a map costs a page fault per run of pages
// where plain reads cost a system call per page (a file of 10,000
// sessions has over a thousand pages the check reads). done unmaps it. A
// page that cannot be read through the map (the file was cut short
// meanwhile) faults, which the check's guard turns into an error.
func mapFile(file *os.File, size int64) (r io.ReaderAt, done func(), ok bool) {
	if size <= 0 || int64(int(size)) != size {
		return nil, nil, false
	}
	b, err := syscall.Mmap(int(file.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, false
	}
	return mapped(b), func() { _ = syscall.Munmap(b) }, true
}
