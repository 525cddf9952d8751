package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"

	bolt "go.etcd.io/bbolt"
)

// Every value the store writes (schema 2 on) is framed as
//
//	[1 byte format = recordFormat][4 bytes CRC-32C, big endian][payload]
//
// The checksum covers the bucket's name and the record's key as well as the
// payload, so a value that bbolt hands back under the wrong key or from the
// wrong bucket (a damaged page pointer) fails the check too. Every read
// verifies it; a mismatch is ErrCorrupt, never data.
const recordFormat = 0x01

// recordHeader is the length of the frame before the payload.
const recordHeader = 5

// recordSum is the checksum of a record's payload under bucket and key:
// the CRC-32C of bucket, a zero byte, key, a zero byte and payload. The
// pieces are summed where they lie, with no copy and no allocation (a list
// of 10,000 entries checks 10,000 of them). The table is made on first use,
// not at start-up (hash/crc32 builds it once; later calls return it).
func recordSum(bucket, key, payload []byte) uint32 {
	castagnoli := crc32.MakeTable(crc32.Castagnoli)
	c := crc32.Update(0, castagnoli, bucket)
	c = crc32.Update(zeroByteSum(c, castagnoli), castagnoli, key)
	return crc32.Update(zeroByteSum(c, castagnoli), castagnoli, payload)
}

// zeroByteSum is crc32.Update(c, tab, []byte{0}), one step of the
// table-driven CRC, without a slice for the byte (it would be allocated:
// crc32.Update's slice escapes).
func zeroByteSum(c uint32, tab *crc32.Table) uint32 {
	c = ^c
	c = tab[byte(c)] ^ c>>8
	return ^c
}

// frame returns payload framed for bucket and key, and its checksum.
func frame(bucket, key, payload []byte) ([]byte, uint32) {
	sum := recordSum(bucket, key, payload)
	out := make([]byte, recordHeader+len(payload))
	out[0] = recordFormat
	binary.BigEndian.PutUint32(out[1:], sum)
	copy(out[recordHeader:], payload)
	return out, sum
}

// sealFrame frames rec in place: rec holds recordHeader free bytes and then
// the payload.
func sealFrame(bucket, key, rec []byte) []byte {
	rec[0] = recordFormat
	binary.BigEndian.PutUint32(rec[1:], recordSum(bucket, key, rec[recordHeader:]))
	return rec
}

// unframe checks a framed value and returns its payload (which aliases v)
// and checksum. The error says what is wrong, for corruptErr.
func unframe(bucket, key, v []byte) ([]byte, uint32, error) {
	if len(v) < recordHeader {
		return nil, 0, fmt.Errorf("its record is cut short (%d bytes)", len(v))
	}
	if v[0] != recordFormat {
		return nil, 0, fmt.Errorf("its record has unknown format %d", v[0])
	}
	want := binary.BigEndian.Uint32(v[1:recordHeader])
	if got := recordSum(bucket, key, v[recordHeader:]); got != want {
		return nil, 0, fmt.Errorf("its checksum does not match (stored %08x, computed %08x)", want, got)
	}
	return v[recordHeader:], want, nil
}

// getJSON reads the framed JSON record under key of b (the bucket named
// bucket) into v. bad makes the error for what is wrong with it: it "is
// missing", "is damaged: …" or "cannot be read: …".
func getJSON(b *bolt.Bucket, bucket, key []byte, v any, bad func(what string) error) error {
	framed := b.Get(key)
	if framed == nil {
		return bad("is missing")
	}
	p, _, err := unframe(bucket, key, framed)
	if err != nil {
		return bad("is damaged: " + err.Error())
	}
	if err := json.Unmarshal(p, v); err != nil {
		return bad("cannot be read: " + err.Error())
	}
	return nil
}

// putJSON stores v as JSON, framed, under key of b (the bucket named bucket).
func putJSON(b *bolt.Bucket, bucket, key []byte, v any) error {
	p, err := json.Marshal(v)
	if err != nil {
		return err
	}
	framed, _ := frame(bucket, key, p)
	return b.Put(key, framed)
}

// storedSum returns the checksum recorded in a framed value without
// verifying it (for taking the old value out of a digest before it is
// replaced; it was verified when read).
func storedSum(v []byte) uint32 {
	if len(v) < recordHeader {
		return 0
	}
	return binary.BigEndian.Uint32(v[1:recordHeader])
}

// digest sums the checksums of every record of a bucket. The state record
// keeps the digests of the list entries and the templates, so a listing
// that reads every record can tell whether it saw exactly the records the
// last save left: a damaged page pointer that drops, repeats or brings back
// an old version of a page changes the count or the sum.
type digest struct {
	Count uint64 `json:"count"`
	Sum   uint64 `json:"sum"`
}

func (d *digest) add(sum uint32)    { d.Count++; d.Sum += uint64(sum) }
func (d *digest) remove(sum uint32) { d.Count--; d.Sum -= uint64(sum) }

// storeState is the file-wide record kept in the meta bucket under keyState.
type storeState struct {
	// LastRevision is the highest revision this file ever stored. A new or
	// replaced session (Create, Put: import, carry, review) gets
	// LastRevision + 1, so a session deleted and stored again never reuses
	// a revision an open app may still hold; Update stores the previous
	// revision + 1, which keeps LastRevision an upper bound. A restore
	// raises it past everything the replaced file handed out (see
	// restampRevisions).
	LastRevision uint64
	Index        digest // the list entries, by id
	Templates    digest
	Recent       digest // the list entries in last-change order (schema 4 on)
}

// The state record is 5 numbers up to schema 3 and 7 from schema 4 (the
// Recent digest). It is always written whole; a migration that runs before
// the one to schema 4 in the same upgrade writes Recent as zero, and that
// migration then fills it in.
const (
	stateSizeOld = 5 * 8
	stateSize    = 7 * 8
)

func (s storeState) encode() []byte {
	b := make([]byte, stateSize)
	for i, v := range []uint64{s.LastRevision, s.Index.Count, s.Index.Sum, s.Templates.Count, s.Templates.Sum, s.Recent.Count, s.Recent.Sum} {
		binary.BigEndian.PutUint64(b[8*i:], v)
	}
	out, _ := frame(bucketMeta, keyState, b)
	return out
}

func decodeState(v []byte) (storeState, error) {
	p, _, err := unframe(bucketMeta, keyState, v)
	if err != nil {
		return storeState{}, err
	}
	if len(p) != stateSize && len(p) != stateSizeOld {
		return storeState{}, fmt.Errorf("it is %d bytes, not %d", len(p), stateSize)
	}
	u := func(i int) uint64 { return binary.BigEndian.Uint64(p[8*i:]) }
	st := storeState{LastRevision: u(0), Index: digest{u(1), u(2)}, Templates: digest{u(3), u(4)}}
	if len(p) == stateSize {
		st.Recent = digest{u(5), u(6)}
	}
	return st, nil
}

// encodeSchema frames the schema version (schema 2 on; schema 1 stored the
// bare 8 bytes).
func encodeSchema(v uint64) []byte {
	out, _ := frame(bucketMeta, keySchema, itob(v))
	return out
}
