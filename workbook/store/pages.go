package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"runtime"
	"slices"
	"sync"
)

// checkPages is a structural check of a bbolt file, read with plain reads
// (never through bbolt's memory map), that runs every time the store opens
// the file and before anything reads its records. bbolt trusts its pages: a
// damaged page pointer can make a cursor loop for ever (a branch pointing
// back at its parent), make its checker recurse until the process dies, or
// make it hand out pages the file no longer uses as if they were current.
// And it quietly falls back to the previous save when the newer of its two
// header pages is damaged. Here the damage is reported instead:
//
//   - both header (meta) pages must be intact: valid magic, version, page
//     size and checksum;
//   - every page reachable from the root is inside the file, carries its own
//     id, is a branch or leaf page, and is reachable exactly once (no cycle,
//     no page shared by two parents), at a bounded depth;
//   - every page on the freelist is inside the file, listed once, and not
//     reachable.
//
// With checkRead (an open for reading) the leaf pages of the sessions'
// bucket are only counted, not read: they are most of a large file's pages
// (one per session), and a reader reaches them one at a time, through
// sessionPath, which checks each page on the way before bbolt reads it.
// Every branch page is still read, so no cursor can loop. checkFull (every
// open for writing, and the full check of doctor and the backups) reads
// every page; the leaf pages of large buckets on every core.
//
// The layout read here is bbolt's on-disk format (unchanged since boltdb
// 1.0): native byte order, a 16-byte page header, 16-byte elements.
func checkPages(r io.ReaderAt, size int64, mode checkMode) error {
	_, err := walkPages(r, size, mode)
	return err
}

// completeFull turns a walk made with checkRead into one made with
// checkFull: it reads the sessions' leaf pages checkRead only marked (on
// every core), marking their overflow pages, so a page both free and in
// use is found as checkFull finds it. r reads the same file (a writer's
// handle completes its check in the background, with plain reads, after
// the quick check read through a map).
func (w *pageWalk) completeFull(r io.ReaderAt) error {
	if w.mode != checkRead {
		return nil
	}
	w.r, w.mode = r, checkFull
	for _, ref := range w.lazy {
		w.seen[ref.id/64] &^= 1 << (ref.id % 64) // marked again, with its overflow pages
	}
	w.deferred, w.lazy = append(w.deferred, w.lazy...), nil
	if err := w.checkDeferred(); err != nil {
		return err
	}
	w.freeKnown = w.freelistRead
	return nil
}

// checkMode says how much of the file checkPages reads.
type checkMode int

const (
	checkRead checkMode = iota // every page but the sessions' leaf pages
	checkFull                  // every page
)

// checkPagesDeep is checkPages with checkFull plus what only the full check
// of doctor and the backups needs: every page of the file is either
// reachable or on the freelist, as bbolt's own check requires. The order of
// the keys is checked where the records are read (pageReader).
func checkPagesDeep(r io.ReaderAt, size int64) error {
	w, err := walkPages(r, size, checkFull)
	if err != nil || !w.freeKnown {
		return err
	}
	for id := uint64(2); id < w.hwm; id++ {
		if w.seen[id/64]&(1<<(id%64)) == 0 {
			return fmt.Errorf("page %d is neither in use nor on the freelist", id)
		}
	}
	return nil
}

// walkPages is checkPages; it returns the walk (which pages it reached).
func walkPages(r io.ReaderAt, size int64, mode checkMode) (*pageWalk, error) {
	m, err := readMetas(r, size)
	if err != nil {
		return nil, err
	}
	w := &pageWalk{r: r, ps: int64(m.pageSize), hwm: m.pgid, seen: make([]uint64, (m.pgid+63)/64), mode: mode}
	if int64(m.pgid)*w.ps > size {
		return nil, fmt.Errorf("the file is %d bytes but its header says %d: it was cut short", size, int64(m.pgid)*w.ps)
	}
	_ = w.mark(0, 0, 0)
	_ = w.mark(1, 0, 0)
	if err := w.visit(m.root, 0, true, 0); err != nil {
		return nil, err
	}
	if err := w.checkDeferred(); err != nil {
		return nil, err
	}
	// With checkRead the overflow pages of the sessions' leaves are not
	// known, so a free page could still be one of them: a reader never
	// allocates pages, and every open for writing reads them all.
	if m.freelist != math.MaxUint64 {
		if err := w.freelist(m.freelist); err != nil {
			return nil, err
		}
		w.freelistRead = true
		w.freeKnown = mode == checkFull
	}
	return w, nil
}

const (
	pageHeaderSize = 16
	elementSize    = 16
	metaSize       = 64
	boltMagic      = 0xED0CDAED
	boltVersion    = 2
	flagBranch     = 0x01
	flagLeaf       = 0x02
	flagMeta       = 0x04
	flagFreelist   = 0x10
	flagBucketElem = 0x01
	maxTreeDepth   = 64
)

var ne = binary.NativeEndian

type boltMeta struct {
	pageSize uint32
	root     uint64
	freelist uint64
	pgid     uint64
	txid     uint64
}

// readMetas reads and checks both header pages and returns the newer one.
func readMetas(r io.ReaderAt, size int64) (boltMeta, error) {
	first, err := readMeta(r, 0, 0)
	if err != nil {
		return boltMeta{}, err
	}
	if int64(first.pageSize)*2 > size {
		return boltMeta{}, errors.New("the file ends inside its second header page: it was cut short")
	}
	second, err := readMeta(r, 1, int64(first.pageSize))
	if err != nil {
		return boltMeta{}, err
	}
	if second.pageSize != first.pageSize {
		return boltMeta{}, fmt.Errorf("its header pages disagree on the page size (%d and %d)", first.pageSize, second.pageSize)
	}
	if second.txid > first.txid {
		return second, nil
	}
	return first, nil
}

func readMeta(r io.ReaderAt, id uint64, off int64) (boltMeta, error) {
	var b [pageHeaderSize + metaSize]byte
	if _, err := r.ReadAt(b[:], off); err != nil {
		return boltMeta{}, fmt.Errorf("header page %d cannot be read (%v): the file was cut short", id, err)
	}
	bad := func(what string) (boltMeta, error) {
		return boltMeta{}, fmt.Errorf("header page %d is damaged (%s)", id, what)
	}
	if ne.Uint64(b[0:]) != id || ne.Uint16(b[8:]) != flagMeta {
		return bad("wrong page id or type")
	}
	m := b[pageHeaderSize:]
	switch {
	case ne.Uint32(m[0:]) != boltMagic:
		return bad("not a bbolt header")
	case ne.Uint32(m[4:]) != boltVersion:
		return bad("unknown bbolt version")
	}
	h := fnv.New64a()
	_, _ = h.Write(m[:56])
	if h.Sum64() != ne.Uint64(m[56:]) {
		return bad("checksum mismatch")
	}
	meta := boltMeta{pageSize: ne.Uint32(m[8:]), root: ne.Uint64(m[16:]), freelist: ne.Uint64(m[32:]), pgid: ne.Uint64(m[40:]), txid: ne.Uint64(m[48:])}
	if meta.pageSize < 512 || meta.pageSize > 1<<20 || meta.pageSize&(meta.pageSize-1) != 0 {
		return bad(fmt.Sprintf("page size %d", meta.pageSize))
	}
	if meta.pgid < 2 {
		return bad("no pages")
	}
	return meta, nil
}

type pageWalk struct {
	r    io.ReaderAt
	ps   int64
	hwm  uint64   // pages in use: ids 0..hwm-1
	seen []uint64 // bit set of the pages reached
	mode checkMode
	// deferred are the leaf pages of the buckets' trees, read after the
	// walk (on every core when there are many).
	deferred []pageRef
	// freeKnown is set once every page in use and the freelist's pages are
	// marked.
	freeKnown bool
	// lazy are the sessions' leaf pages checkRead only marked (see
	// completeFull).
	lazy []pageRef
	// freelistRead: the freelist's pages are marked.
	freelistRead bool
	bufs         [maxTreeDepth + 2][]byte // see buf
}

// buf is the buffer for the start of a page at depth d (a page's element
// table stays whole while the pages below it are read into deeper ones).
func (w *pageWalk) buf(d int) []byte {
	d = min(max(d, 0), len(w.bufs)-1)
	if w.bufs[d] == nil {
		w.bufs[d] = make([]byte, min(512, w.ps))
	}
	return w.bufs[d]
}

// pageRef is a page and the page that points to it.
type pageRef struct{ id, from uint64 }

// visitTree checks a bucket's tree rooted at page root. Its branch pages
// are read now; its leaf pages (those at the depth of its leftmost leaf: a
// bbolt tree is balanced) are deferred to checkDeferred, or with lazy only
// counted (marked without their overflow pages). A page found elsewhere
// than the leaves' depth is checked whatever its type.
func (w *pageWalk) visitTree(root, from uint64, depth int, lazy bool) error {
	leafDepth, id, parent := 0, root, from
	path := []uint64{id}
	for {
		flags, count, _, start, err := w.header(id, parent, w.buf(maxTreeDepth+1))
		if err != nil {
			return err
		}
		if flags != flagBranch || count == 0 {
			break // a leaf, or damage that visitData reports
		}
		leafDepth++
		parent, id = id, ne.Uint64(start[pageHeaderSize+8:])
		switch {
		case slices.Contains(path, id):
			return fmt.Errorf("page %d is referenced twice (again from page %d)", id, parent)
		case depth+leafDepth > maxTreeDepth:
			return fmt.Errorf("page %d is nested deeper than any real file (a loop)", id)
		}
		path = append(path, id)
	}
	return w.visitData(root, from, 0, leafDepth, depth, lazy)
}

// visitData checks page id of a bucket's tree, at level d of a tree whose
// leaves are at level leafDepth.
func (w *pageWalk) visitData(id, from uint64, d, leafDepth, depth int, lazy bool) error {
	if depth > maxTreeDepth {
		return fmt.Errorf("page %d is nested deeper than any real file (a loop)", id)
	}
	if d == leafDepth {
		if !lazy {
			w.deferred = append(w.deferred, pageRef{id, from})
			return nil
		}
		if id < 2 || id >= w.hwm {
			return fmt.Errorf("page %d points to page %d, outside the file's %d pages", from, id, w.hwm)
		}
		w.lazy = append(w.lazy, pageRef{id, from})
		return w.mark(id, 0, from)
	}
	flags, count, overflow, start, err := w.header(id, from, w.buf(depth))
	if err != nil {
		return err
	}
	if flags != flagBranch {
		return w.visit(id, from, false, depth) // a leaf above the leaves' level: checked at once
	}
	if err := w.mark(id, overflow, from); err != nil {
		return err
	}
	if count == 0 {
		return fmt.Errorf("branch page %d is empty", id)
	}
	b := start
	if n := pageHeaderSize + int64(count)*elementSize; n > int64(len(start)) {
		if b, err = w.read(id, n, overflow); err != nil {
			return err
		}
	}
	if err := checkElements(b, (int64(overflow)+1)*w.ps, flags, count, id); err != nil {
		return err
	}
	for i := range int(count) {
		child := ne.Uint64(b[pageHeaderSize+i*elementSize+8:])
		if err := w.visitData(child, id, d+1, leafDepth, depth+1, lazy); err != nil {
			return err
		}
	}
	return nil
}

// checkDeferred checks the deferred leaf pages: their headers and element
// tables are read on every core when there are many (each read is a system
// call, and a file of 10,000 sessions has 10,000 of these pages), then
// marked in order. One that turns out to be a branch is walked like any
// other.
func (w *pageWalk) checkDeferred() error {
	type result struct {
		flags    uint16
		overflow uint32
		err      error
	}
	refs := w.deferred
	w.deferred = nil
	res := make([]result, len(refs))
	check := func(i int, buf []byte) {
		ref := refs[i]
		flags, count, overflow, start, err := w.header(ref.id, ref.from, buf)
		res[i] = result{flags: flags, overflow: overflow, err: err}
		if err == nil && flags == flagLeaf {
			res[i].err = w.checkLeaf(ref.id, count, overflow, start)
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(refs)/256+1)
	var wg sync.WaitGroup
	for k := range workers {
		wg.Go(func() {
			buf := make([]byte, min(512, w.ps))
			for i := k; i < len(refs); i += workers {
				check(i, buf)
			}
		})
	}
	wg.Wait()
	for i, ref := range refs {
		r := res[i]
		switch {
		case r.err != nil:
			return r.err
		case r.flags == flagBranch:
			if err := w.visit(ref.id, ref.from, false, 1); err != nil {
				return err
			}
			if err := w.checkDeferred(); err != nil {
				return err
			}
		case r.flags != flagLeaf:
			return fmt.Errorf("page %d has unknown type %#x", ref.id, r.flags)
		default:
			if err := w.mark(ref.id, r.overflow, ref.from); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkLeaf checks a data tree's leaf page: every element inside the page,
// and no nested bucket.
func (w *pageWalk) checkLeaf(id uint64, count uint16, overflow uint32, start []byte) error {
	span := (int64(overflow) + 1) * w.ps
	b := start
	if n := pageHeaderSize + int64(count)*elementSize; n > int64(len(start)) {
		var err error
		if b, err = w.read(id, n, overflow); err != nil {
			return err
		}
	}
	if err := checkElements(b, span, flagLeaf, count, id); err != nil {
		return err
	}
	for i := range int(count) {
		if ne.Uint32(b[pageHeaderSize+i*elementSize:])&flagBucketElem != 0 {
			return fmt.Errorf("leaf page %d holds a nested bucket, which a workbook never has", id)
		}
	}
	return nil
}

func (w *pageWalk) mark(id uint64, overflow uint32, from uint64) error {
	for p := id; p <= id+uint64(overflow); p++ {
		bit := uint64(1) << (p % 64)
		if w.seen[p/64]&bit != 0 {
			return fmt.Errorf("page %d is referenced twice (again from page %d)", p, from)
		}
		w.seen[p/64] |= bit
	}
	return nil
}

// header reads the start of a page (its header and, in the same read, the
// element table of most pages) and checks it against the file's bounds.
// The start is read into buf (at least 512 bytes, or the page size).
func (w *pageWalk) header(id, from uint64, buf []byte) (flags, count uint16, overflow uint32, start []byte, err error) {
	if id < 2 || id >= w.hwm {
		return 0, 0, 0, nil, fmt.Errorf("page %d points to page %d, outside the file's %d pages", from, id, w.hwm)
	}
	start = buf[:min(512, w.ps)]
	if _, err := w.r.ReadAt(start, int64(id)*w.ps); err != nil {
		return 0, 0, 0, nil, fmt.Errorf("page %d cannot be read (%v)", id, err)
	}
	if got := ne.Uint64(start[0:]); got != id {
		return 0, 0, 0, nil, fmt.Errorf("page %d carries the id %d", id, got)
	}
	flags, count, overflow = ne.Uint16(start[8:]), ne.Uint16(start[10:]), ne.Uint32(start[12:])
	if uint64(overflow) >= w.hwm-id {
		return 0, 0, 0, nil, fmt.Errorf("page %d runs past the end of the file", id)
	}
	return flags, count, overflow, start, nil
}

// visit checks the tree rooted at page id. Every element of every branch
// and leaf page must lie inside its page (bbolt's own check reads every key
// in a goroutine where a fault ends the process). In the root tree (buckets
// are its values) the buckets' roots are followed; a data tree never holds
// a bucket (a workbook has no nested buckets).
func (w *pageWalk) visit(id, from uint64, rootTree bool, depth int) error {
	if depth > maxTreeDepth {
		return fmt.Errorf("page %d is nested deeper than any real file (a loop)", id)
	}
	flags, count, overflow, start, err := w.header(id, from, w.buf(depth))
	if err != nil {
		return err
	}
	if err := w.mark(id, overflow, from); err != nil {
		return err
	}
	span := (int64(overflow) + 1) * w.ps
	if flags != flagBranch && flags != flagLeaf {
		return fmt.Errorf("page %d has unknown type %#x", id, flags)
	}
	if flags == flagBranch && count == 0 {
		return fmt.Errorf("branch page %d is empty", id)
	}
	n := pageHeaderSize + int64(count)*elementSize
	if rootTree && flags == flagLeaf {
		n = span // bucket values are read too
	}
	b := start
	if n > int64(len(start)) {
		if b, err = w.read(id, n, overflow); err != nil {
			return err
		}
	}
	if err := checkElements(b, span, flags, count, id); err != nil {
		return err
	}
	for i := range int(count) {
		e := pageHeaderSize + i*elementSize
		if flags == flagBranch {
			if err := w.visit(ne.Uint64(b[e+8:]), id, rootTree, depth+1); err != nil {
				return err
			}
			continue
		}
		if ne.Uint32(b[e:])&flagBucketElem == 0 {
			continue
		}
		if !rootTree {
			return fmt.Errorf("leaf page %d holds a nested bucket, which a workbook never has", id)
		}
		v := e + int(ne.Uint32(b[e+4:])) + int(ne.Uint32(b[e+8:]))
		vsize := int(ne.Uint32(b[e+12:]))
		if vsize < 16 {
			return fmt.Errorf("leaf page %d holds a bucket of %d bytes", id, vsize)
		}
		root := ne.Uint64(b[v:])
		if root != 0 {
			name := b[e+int(ne.Uint32(b[e+4:])) : v]
			lazy := w.mode == checkRead && string(name) == string(bucketSessions)
			if err := w.visitTree(root, id, depth+1, lazy); err != nil {
				return err
			}
			continue
		}
		// An inline bucket: its page is the rest of the value.
		inline := b[v+16 : v+vsize]
		if len(inline) < pageHeaderSize {
			return fmt.Errorf("leaf page %d holds an inline bucket cut short", id)
		}
		iflags, icount := ne.Uint16(inline[8:]), ne.Uint16(inline[10:])
		if iflags != flagLeaf {
			return fmt.Errorf("leaf page %d holds an inline bucket of type %#x", id, iflags)
		}
		if err := checkElements(inline, int64(len(inline)), flagLeaf, icount, id); err != nil {
			return err
		}
		for j := range int(icount) {
			if ne.Uint32(inline[pageHeaderSize+j*elementSize:])&flagBucketElem != 0 {
				return fmt.Errorf("leaf page %d holds a nested bucket, which a workbook never has", id)
			}
		}
	}
	return nil
}

// checkElements checks that every element of a page (b holds at least its
// header and element table) points at a key (and value) inside the page's
// span. Offsets are relative to the element itself, as bbolt stores them.
func checkElements(b []byte, span int64, flags, count uint16, id uint64) error {
	if pageHeaderSize+int64(count)*elementSize > span || len(b) < pageHeaderSize+int(count)*elementSize {
		return fmt.Errorf("page %d lists more elements than it holds", id)
	}
	for i := range int(count) {
		e := pageHeaderSize + i*elementSize
		var pos, size int64
		if flags == flagBranch {
			pos, size = int64(ne.Uint32(b[e:])), int64(ne.Uint32(b[e+4:]))
		} else {
			pos, size = int64(ne.Uint32(b[e+4:])), int64(ne.Uint32(b[e+8:]))+int64(ne.Uint32(b[e+12:]))
		}
		if pos < elementSize || int64(e)+pos+size > span {
			return fmt.Errorf("page %d has an element outside the page", id)
		}
	}
	return nil
}

// read reads n bytes of page id, which must fit in its overflow pages.
func (w *pageWalk) read(id uint64, n int64, overflow uint32) ([]byte, error) {
	if n > (int64(overflow)+1)*w.ps {
		return nil, fmt.Errorf("page %d lists more elements than it holds", id)
	}
	b := make([]byte, n)
	if _, err := w.r.ReadAt(b, int64(id)*w.ps); err != nil {
		return nil, fmt.Errorf("page %d cannot be read (%v)", id, err)
	}
	return b, nil
}

// freelist checks the freelist page: inside the file, each free page once,
// none of them in use.
func (w *pageWalk) freelist(id uint64) error {
	flags, count, overflow, _, err := w.header(id, 0, w.buf(maxTreeDepth+1))
	if err != nil {
		return err
	}
	if flags != flagFreelist {
		return fmt.Errorf("the freelist page %d has type %#x", id, flags)
	}
	if err := w.mark(id, overflow, 0); err != nil {
		return err
	}
	start, n := int64(pageHeaderSize), int64(count)
	if count == 0xFFFF { // the count does not fit: it is the first element
		b, err := w.read(id, pageHeaderSize+8, overflow)
		if err != nil {
			return err
		}
		start, n = pageHeaderSize+8, int64(ne.Uint64(b[pageHeaderSize:]))
	}
	if n < 0 || n > int64(w.hwm) {
		return fmt.Errorf("the freelist page %d lists %d pages in a file of %d", id, n, w.hwm)
	}
	b, err := w.read(id, start+8*n, overflow)
	if err != nil {
		return err
	}
	for i := range n {
		free := ne.Uint64(b[start+8*i:])
		if free < 2 || free >= w.hwm {
			return fmt.Errorf("the freelist lists page %d, outside the file", free)
		}
		if err := w.mark(free, 0, id); err != nil {
			return fmt.Errorf("the freelist lists page %d, which is in use or listed twice", free)
		}
	}
	return nil
}
