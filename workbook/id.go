package workbook

import (
	"crypto/rand"
	"encoding/hex"
)

// NewID returns a random id for a session, member, step or comment.
func NewID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b[:])
}
