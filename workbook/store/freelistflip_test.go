package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// Byte flips in the freelist page, which a read handle never loads (only
// the page check reads it): its header and entries, with several values,
// read as TestByteFlips reads (the original everywhere or an error naming
// damage, nothing changed); then opened to write and
// written, which is refused or leaves every session readable and the file
// no worse than doctor found it.
func TestByteFlipsInTheFreelist(t *testing.T) {
	pristine := fileBytes(t, flipFixture(t))
	m, err := readMetas(bytes.NewReader(pristine), int64(len(pristine)))
	if err != nil {
		t.Fatal(err)
	}
	ps := int(m.pageSize)
	start := int(m.freelist) * ps
	count := int(ne.Uint16(pristine[start+10:]))
	end := start + pageHeaderSize + 8*count + 8
	t.Logf("freelist page %d: %d free pages, bytes %d..%d", m.freelist, count, start, end)
	dir := memTempDir(t)
	orig := filepath.Join(dir, "original.db")
	if err := os.WriteFile(orig, pristine, 0o600); err != nil {
		t.Fatal(err)
	}
	ids := []string{"5e55000000000000", "5e55000000000001", "5e55000000000002", "demo-alderbrook-2025-26"}
	want, _ := readPaths(orig, ids, nil)
	n := 0
	// The header, the first three entries and the last (each entry's
	// bytes are alike: a page id).
	var offs []int
	for off := start; off < end; off++ {
		if off < start+pageHeaderSize+24 || off >= end-8 {
			offs = append(offs, off)
		}
	}
	for i, off := range offs {
		// One flip a byte, the lowest bit, the highest or all of them in
		// turn (three a byte took 3 s of the 3-minute test budget).
		for _, xor := range []byte{[]byte{0x01, 0x80, 0xff}[i%3]} {
			n++
			r := flipTrial(off, xor, pristine, filepath.Join(dir, strconv.Itoa(n)), ids, &want)
			if r.fail != "" {
				t.Errorf("byte %d ^= %#02x: %s", off, xor, r.fail)
			}
			// Written.
			path := filepath.Join(dir, "w"+strconv.Itoa(n)+".db")
			damaged := append([]byte(nil), pristine...)
			damaged[off] ^= xor
			if err := os.WriteFile(path, damaged, 0o600); err != nil {
				t.Fatal(err)
			}
			before, _ := Doctor(path)
			func() {
				w, err := OpenToWrite(path)
				if err != nil {
					if !errors.Is(err, ErrCorrupt) {
						t.Errorf("byte %d ^= %#02x: OpenToWrite = %v", off, xor, err)
					}
					return
				}
				defer w.Close()
				s, err := w.Get(ids[0])
				if err != nil {
					return
				}
				s.Team += " again"
				if _, err := w.Update(s); err != nil {
					if !errors.Is(err, ErrCorrupt) {
						t.Errorf("byte %d ^= %#02x: Update = %v", off, xor, err)
					}
					return
				}
				_ = w.Close()
				// A page dropped from the list is not reused (it is only
				// lost space): a write leaves the file as doctor found it.
				rep, err := Doctor(path)
				if err != nil || !rep.OK() && before.OK() {
					t.Errorf("byte %d ^= %#02x: written, then Doctor = %v %v", off, xor, rep.Problems, err)
				}
				r, err := Open(path, ReadOnly)
				if err != nil {
					t.Fatalf("byte %d ^= %#02x: written, then Open = %v", off, xor, err)
				}
				defer r.Close()
				for _, id := range ids {
					got, err := r.Get(id)
					if err != nil || id == ids[0] && got.Team != s.Team {
						t.Errorf("byte %d ^= %#02x: written, then Get(%s) = %v", off, xor, id, err)
					}
				}
			}()
			_ = os.Remove(path)
		}
	}
	t.Logf("%d trials", n)
}
