package store

import (
	"bytes"
	"hash/crc32"
	"testing"
)

// TestRecordSumIsTheChecksumOfTheWhole pins the checksum every stored value
// carries: the CRC-32C of bucket, 0, key, 0, payload, at every size (files
// written before must still verify), and that taking it allocates nothing.
func TestRecordSumIsTheChecksumOfTheWhole(t *testing.T) {
	for _, n := range []int{0, 1, 7, 100, 505, 506, 507, 4096, 70000} {
		payload := bytes.Repeat([]byte{0xa5, 0, 'x'}, n/3+1)[:n]
		for _, key := range [][]byte{nil, []byte("k"), []byte("session-0123456789")} {
			whole := append(append(append(append(append([]byte{}, bucketRecent...), 0), key...), 0), payload...)
			want := crc32.Checksum(whole, crc32.MakeTable(crc32.Castagnoli))
			if got := recordSum(bucketRecent, key, payload); got != want {
				t.Fatalf("recordSum(%q, %d-byte payload) = %08x, want %08x", key, n, got, want)
			}
		}
	}
	key, payload := []byte("session-1"), bytes.Repeat([]byte("e"), 130)
	if a := testing.AllocsPerRun(100, func() { recordSum(bucketRecent, key, payload) }); a != 0 {
		t.Errorf("recordSum allocates %v times per call, want 0", a)
	}
}
