package store

import (
	"fmt"
	"io"
	"runtime/debug"
)

// mapped is an io.ReaderAt over a memory map of the file.
type mapped []byte

// ReadAt copies from the map. A page of the map the file no longer holds
// (it was cut short meanwhile) faults; the fault is this read's error, on
// whatever goroutine reads (the page check reads on several).
func (m mapped) ReadAt(p []byte, off int64) (n int, err error) {
	if off < 0 || off >= int64(len(m)) {
		return 0, io.EOF
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if recover() != nil {
			n, err = 0, fmt.Errorf("the file was cut short while it was read (it ends before byte %d)", off+int64(len(p)))
		}
	}()
	n = copy(p, m[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}
