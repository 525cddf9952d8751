package store

import (
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// releaseMapped drops the pages of the file's memory map from this
// process's resident set (madvise MADV_DONTNEED on a read-only shared
// mapping: nothing is lost, a page read again comes back from the page
// cache). A failure only means the pages stay resident.
func releaseMapped(tx *bolt.Tx) {
	info := tx.DB().Info()
	if info == nil || info.Data == 0 || tx.Size() <= 0 {
		return
	}
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, info.Data, uintptr(tx.Size()), syscall.MADV_DONTNEED)
}
