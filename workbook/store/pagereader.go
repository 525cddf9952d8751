package store

import (
	"bytes"
	"fmt"
	"io"
)

// pageReader reads one bucket's records with plain reads (pread) of the
// file's pages, never through bbolt's memory map: a walk over every
// session of a large file (doctor, the backup check, export --all) then
// keeps only the page being read in memory, where the map would leave
// the whole file in the process's resident set.
//
// It reads the layout checkPages reads (see there), and it is used under a
// bbolt transaction of the same file, after checkPages passed on it: the
// pages it reads cannot change meanwhile. It still trusts nothing it reads:
// every page must be inside the file and of the right type, every element
// inside its page, keys strictly increasing and inside the range their
// parent gives them, the depth bounded. Any of those is an error, never a
// panic or a loop; the caller words it as damage.
type pageReader struct {
	r   io.ReaderAt
	ps  int64  // page size
	hwm uint64 // pages in use: ids 0..hwm-1
	// bufs[d] holds the page being read at depth d, so a branch page stays
	// whole while its children are read.
	bufs [maxTreeDepth + 1][]byte
	prev []byte // the last key handed to forEach's fn
}

// newPageReader reads the file's header pages; size is the file's size.
func newPageReader(r io.ReaderAt, size int64) (*pageReader, error) {
	m, err := readMetas(r, size)
	if err != nil {
		return nil, err
	}
	if int64(m.pgid)*int64(m.pageSize) > size {
		return nil, fmt.Errorf("the file is %d bytes but its header says %d: it was cut short", size, int64(m.pgid)*int64(m.pageSize))
	}
	return &pageReader{r: r, ps: int64(m.pageSize), hwm: m.pgid}, nil
}

// page reads page id whole (with its overflow pages) into the buffer of
// depth d and returns it with its header's fields.
func (p *pageReader) page(id uint64, d int) (flags, count uint16, b []byte, err error) {
	if id < 2 || id >= p.hwm {
		return 0, 0, nil, fmt.Errorf("a page points to page %d, outside the file's %d pages", id, p.hwm)
	}
	var head [pageHeaderSize]byte
	if _, err := p.r.ReadAt(head[:], int64(id)*p.ps); err != nil {
		return 0, 0, nil, fmt.Errorf("page %d cannot be read (%v)", id, err)
	}
	if got := ne.Uint64(head[0:]); got != id {
		return 0, 0, nil, fmt.Errorf("page %d carries the id %d", id, got)
	}
	flags, count = ne.Uint16(head[8:]), ne.Uint16(head[10:])
	overflow := uint64(ne.Uint32(head[12:]))
	if overflow >= p.hwm-id {
		return 0, 0, nil, fmt.Errorf("page %d runs past the end of the file", id)
	}
	span := int64(overflow+1) * p.ps
	if int64(cap(p.bufs[d])) < span {
		p.bufs[d] = make([]byte, span)
	}
	b = p.bufs[d][:span]
	if _, err := p.r.ReadAt(b, int64(id)*p.ps); err != nil {
		return 0, 0, nil, fmt.Errorf("page %d cannot be read (%v)", id, err)
	}
	if flags != flagBranch && flags != flagLeaf {
		return 0, 0, nil, fmt.Errorf("page %d has unknown type %#x", id, flags)
	}
	if err := checkElements(b, span, flags, count, id); err != nil {
		return 0, 0, nil, err
	}
	for i := 1; i < int(count); i++ { // get's scan and bbolt's search must agree
		var a, k []byte
		if flags == flagBranch {
			a, _ = branchElem(b, i-1)
			k, _ = branchElem(b, i)
		} else {
			_, a, _ = leafElem(b, i-1)
			_, k, _ = leafElem(b, i)
		}
		if bytes.Compare(a, k) >= 0 {
			return 0, 0, nil, fmt.Errorf("page %d has its keys out of order", id)
		}
	}
	return flags, count, b, nil
}

// branchElem returns a branch page's element i: its key and child page.
func branchElem(b []byte, i int) (key []byte, child uint64) {
	e := pageHeaderSize + i*elementSize
	pos, ksize := int(ne.Uint32(b[e:])), int(ne.Uint32(b[e+4:]))
	return b[e+pos : e+pos+ksize], ne.Uint64(b[e+8:])
}

// leafElem returns a leaf page's element i.
func leafElem(b []byte, i int) (bucket bool, key, value []byte) {
	e := pageHeaderSize + i*elementSize
	flags, pos := ne.Uint32(b[e:]), int(ne.Uint32(b[e+4:]))
	ksize, vsize := int(ne.Uint32(b[e+8:])), int(ne.Uint32(b[e+12:]))
	return flags&flagBucketElem != 0, b[e+pos : e+pos+ksize], b[e+pos+ksize : e+pos+ksize+vsize]
}

// forEach calls fn with every record of the tree rooted at page root, in
// key order. k and v alias the reader's buffer: they are valid until fn
// returns. An error of fn ends the walk and is returned as it is.
func (p *pageReader) forEach(root uint64, fn func(k, v []byte) error) error {
	p.prev = p.prev[:0]
	first := true
	return p.walk(root, 0, nil, nil, func(k, v []byte) error {
		if !first && bytes.Compare(k, p.prev) <= 0 {
			return fmt.Errorf("its keys are out of order at %q", k)
		}
		first = false
		p.prev = append(p.prev[:0], k...)
		return fn(k, v)
	})
}

// walk visits page id at depth d, whose keys must be >= lo and (when hi is
// not nil) < hi.
func (p *pageReader) walk(id uint64, d int, lo, hi []byte, fn func(k, v []byte) error) error {
	if d > maxTreeDepth {
		return fmt.Errorf("page %d is nested deeper than any real file (a loop)", id)
	}
	flags, count, b, err := p.page(id, d)
	if err != nil {
		return &pageErr{err}
	}
	inRange := func(k []byte) bool {
		return (lo == nil || bytes.Compare(k, lo) >= 0) && (hi == nil || bytes.Compare(k, hi) < 0)
	}
	if flags == flagBranch {
		for i := range int(count) {
			k, child := branchElem(b, i)
			if !inRange(k) {
				return &pageErr{fmt.Errorf("branch page %d holds a key outside the range its parent gives it", id)}
			}
			next := hi
			if i+1 < int(count) {
				next, _ = branchElem(b, i+1)
				if bytes.Compare(k, next) >= 0 {
					return &pageErr{fmt.Errorf("branch page %d has its keys out of order", id)}
				}
			}
			// The children are read into deeper buffers; b stays whole.
			if err := p.walk(child, d+1, k, next, fn); err != nil {
				return err
			}
		}
		return nil
	}
	for i := range int(count) {
		bucket, k, v := leafElem(b, i)
		if bucket {
			return &pageErr{fmt.Errorf("leaf page %d holds a nested bucket, which a workbook never has", id)}
		}
		if !inRange(k) {
			return &pageErr{fmt.Errorf("leaf page %d holds a key outside the range its parent gives it", id)}
		}
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

// get returns the value stored under key in the tree rooted at page root
// (nil when there is none). It aliases the reader's buffer.
func (p *pageReader) get(root uint64, key []byte) ([]byte, error) {
	id := root
	for d := 0; ; d++ {
		if d > maxTreeDepth {
			return nil, &pageErr{fmt.Errorf("page %d is nested deeper than any real file (a loop)", id)}
		}
		flags, count, b, err := p.page(id, d)
		if err != nil {
			return nil, &pageErr{err}
		}
		if flags == flagLeaf {
			for i := range int(count) {
				bucket, k, v := leafElem(b, i)
				if !bucket && bytes.Equal(k, key) {
					return v, nil
				}
			}
			return nil, nil
		}
		// The last child whose first key is <= key, as bbolt searches.
		next := uint64(0)
		for i := range int(count) {
			k, child := branchElem(b, i)
			if i > 0 && bytes.Compare(k, key) > 0 {
				break
			}
			next = child
		}
		id = next
	}
}

// pageErr marks an error about the file's pages (as opposed to one the
// walk's callback returned).
type pageErr struct{ err error }

func (e *pageErr) Error() string { return e.err.Error() }
func (e *pageErr) Unwrap() error { return e.err }
