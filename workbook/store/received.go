package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"edtech-workbook/workbook"
)

// The files a coach received from teams (the rounds of a review) live in a
// bucket of their own, beside the session each one updated: per received
// file a small record (workbook.ReceivedFile) and its content (the
// session's canonical file), each framed with its checksum like every other
// value (record.go). Per session a head record counts its files and keeps
// the digests of their records; the bucket's state record keeps the digest
// of the heads. So a read of one session's rounds can tell it saw exactly
// the records the last save left, and `doctor` checks them all (and that
// every content matches the hash its record gives). A file without the
// bucket has received nothing; the first review creates it, without a
// schema change (a build that does not know the bucket leaves it alone).
// Deleting a session deletes its received files in the same transaction.
var bucketReceived = []byte("received")

// Keys of bucketReceived. Session ids are plain (no control characters), so
// NUL separates the parts of a key.
const (
	recKeyState = "state"
	recHead     = "h\x00" // h␀<id>: receivedHead
	recMeta     = "m\x00" // m␀<id>␀<round>: workbook.ReceivedFile
	recFile     = "f\x00" // f␀<id>␀<round>: the content
)

// receivedFormat is the layout of the bucket; a file with a higher one
// comes from a newer edtech-workbook.
const receivedFormat = 1

type receivedState struct {
	Format int    `json:"format"`
	Heads  digest `json:"heads"`
}

// receivedHead is one session's received files: how many, and the digests
// of their records and contents.
type receivedHead struct {
	Session string `json:"session"`
	Rounds  int    `json:"rounds"`
	Meta    digest `json:"meta"`
	Files   digest `json:"files"`
}

func headKey(id string) []byte { return []byte(recHead + id) }

func roundKey(prefix, id string, round int) []byte {
	return []byte(prefix + id + "\x00" + fmt.Sprintf("%06d", round))
}

// receivedErr names a damaged record of the bucket.
func (r *rtx) receivedErr(what string, args ...any) error {
	return corruptErr(r.path, "the files received for review: "+fmt.Sprintf(what, args...))
}

// receivedState reads the bucket's state record (zero for a new bucket).
func (r *rtx) receivedState(b *bolt.Bucket) (receivedState, error) {
	var st receivedState
	if err := getJSON(b, bucketReceived, []byte(recKeyState), &st, func(what string) error {
		return r.receivedErr("the state record %s", what)
	}); err != nil {
		return st, err
	}
	if st.Format > receivedFormat {
		return st, fileErr(r.path, KindNewer, "workbook file %s holds received files written by a newer edtech-workbook (format %d; this build reads up to %d)", r.path, st.Format, receivedFormat)
	}
	return st, nil
}

// head reads a session's head record (zero, found false, when it has none).
func (r *rtx) head(b *bolt.Bucket, id string) (receivedHead, uint32, bool, error) {
	var h receivedHead
	key := headKey(id)
	v := b.Get(key)
	if v == nil {
		return h, 0, false, nil
	}
	p, sum, err := unframe(bucketReceived, key, v)
	if err != nil {
		return h, 0, false, r.receivedErr("the list of files received for session %s is damaged: %v", workbook.CleanLine(id), err)
	}
	if err := json.Unmarshal(p, &h); err != nil || h.Session != id {
		return h, 0, false, r.receivedErr("the list of files received for session %s cannot be read", workbook.CleanLine(id))
	}
	return h, sum, true, nil
}

// roundsOf reads a session's received-file records, checked against its head.
func (r *rtx) roundsOf(b *bolt.Bucket, id string) ([]workbook.ReceivedFile, error) {
	h, _, ok, err := r.head(b, id)
	if err != nil || !ok {
		return nil, err
	}
	var out []workbook.ReceivedFile
	var d digest
	prefix := []byte(recMeta + id + "\x00")
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		p, sum, err := unframe(bucketReceived, k, v)
		if err != nil {
			return nil, r.receivedErr("a file received for session %s is damaged: %v", workbook.CleanLine(id), err)
		}
		d.add(sum)
		var f workbook.ReceivedFile
		if err := json.Unmarshal(p, &f); err != nil || f.Session != id || string(k) != string(roundKey(recMeta, id, f.Round)) {
			return nil, r.receivedErr("a file received for session %s cannot be read", workbook.CleanLine(id))
		}
		out = append(out, f)
	}
	if d != h.Meta || len(out) != h.Rounds {
		return nil, r.receivedErr("session %s lists %d received files but %d were read", workbook.CleanLine(id), h.Rounds, len(out))
	}
	for i, f := range out {
		if f.Round != i+1 {
			return nil, r.receivedErr("the files received for session %s are not numbered 1 to %d", workbook.CleanLine(id), h.Rounds)
		}
	}
	return out, nil
}

// checkContents verifies the checksums of a session's received contents
// against its head (before a save adds to them).
func (r *rtx) checkContents(b *bolt.Bucket, h receivedHead) error {
	var d digest
	prefix := []byte(recFile + h.Session + "\x00")
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		_, sum, err := unframe(bucketReceived, k, v)
		if err != nil {
			return r.receivedErr("a file received for session %s is damaged: %v", workbook.CleanLine(h.Session), err)
		}
		d.add(sum)
	}
	if d != h.Files {
		return r.receivedErr("session %s lists %d received files but %d were found", workbook.CleanLine(h.Session), h.Rounds, d.Count)
	}
	return nil
}

// Receive stores sess as Put does (replacing any session with its id, the
// store assigning the revision) and adds f with its content to the
// session's received files, in one transaction. It returns f numbered as
// its round.
func (s *Store) Receive(sess *workbook.Session, f workbook.ReceivedFile, content []byte) (workbook.ReceivedFile, error) {
	c := *sess
	if err := workbook.CheckLimits(&c); err != nil {
		return f, err
	}
	if len(content) > workbook.MaxImportSize {
		return f, &workbook.LimitError{Field: "the received file " + workbook.CleanLine(f.Name), Size: len(content), Limit: workbook.MaxImportSize, Unit: "bytes"}
	}
	f.Session = c.ID
	err := s.update(func(r *rtx) error {
		c.Revision = r.nextRevision()
		buf, sum, err := encodeSession(&c)
		if err != nil {
			return err
		}
		if err := r.putSession(c.ID, buf, sum, c.Revision); err != nil {
			return err
		}
		b := r.tx.Bucket(bucketReceived)
		var st receivedState
		if b == nil {
			if b, err = r.tx.CreateBucket(bucketReceived); err != nil {
				return err
			}
			st.Format = receivedFormat
		} else if st, err = r.receivedState(b); err != nil {
			return err
		}
		h, oldSum, had, err := r.head(b, c.ID)
		if err != nil {
			return err
		}
		if had {
			if _, err := r.roundsOf(b, c.ID); err != nil {
				return err
			}
			if err := r.checkContents(b, h); err != nil {
				return err
			}
			st.Heads.remove(oldSum)
		}
		h.Session = c.ID
		h.Rounds++
		f.Round = h.Rounds
		meta, err := json.Marshal(f)
		if err != nil {
			return err
		}
		for _, rec := range []struct {
			key     []byte
			payload []byte
			d       *digest
		}{{roundKey(recMeta, c.ID, f.Round), meta, &h.Meta}, {roundKey(recFile, c.ID, f.Round), content, &h.Files}} {
			v, sum := frame(bucketReceived, rec.key, rec.payload)
			rec.d.add(sum)
			if err := b.Put(rec.key, v); err != nil {
				return err
			}
		}
		hp, err := json.Marshal(h)
		if err != nil {
			return err
		}
		hv, hsum := frame(bucketReceived, headKey(c.ID), hp)
		st.Heads.add(hsum)
		if err := b.Put(headKey(c.ID), hv); err != nil {
			return err
		}
		return putJSON(b, bucketReceived, []byte(recKeyState), st)
	})
	return f, err
}

// ReceivedFiles lists the files received for session id, oldest first
// (none when it was never reviewed). Every record's checksum is verified
// and they must match what the session's head recorded.
func (s *Store) ReceivedFiles(id string) ([]workbook.ReceivedFile, error) {
	var out []workbook.ReceivedFile
	err := s.view(func(r *rtx) error {
		b := r.tx.Bucket(bucketReceived)
		if b == nil {
			return nil
		}
		if _, err := r.receivedState(b); err != nil {
			return err
		}
		var err error
		out, err = r.roundsOf(b, id)
		return err
	})
	return out, err
}

// ReceivedSession reads round n of the files received for session id: the
// session as the file held it, checked as import checks a file, and its
// content matched against the hash its record gives.
func (s *Store) ReceivedSession(id string, round int) (*workbook.Session, workbook.ReceivedFile, error) {
	var f workbook.ReceivedFile
	var content []byte
	err := s.view(func(r *rtx) error {
		b := r.tx.Bucket(bucketReceived)
		var rounds []workbook.ReceivedFile
		if b != nil {
			var err error
			if rounds, err = r.roundsOf(b, id); err != nil {
				return err
			}
		}
		if round < 1 || round > len(rounds) {
			return fmt.Errorf("round %d of session %s: %w (it has %s)", round, workbook.CleanLine(id), workbook.ErrNotFound, workbook.CountOf(len(rounds), "received file"))
		}
		f = rounds[round-1]
		key := roundKey(recFile, id, round)
		p, _, err := unframe(bucketReceived, key, b.Get(key))
		if err != nil {
			return r.receivedErr("round %d of session %s is damaged: %v", round, workbook.CleanLine(id), err)
		}
		if workbook.HashFile(p) != f.SHA256 {
			return r.receivedErr("round %d of session %s does not match its hash", round, workbook.CleanLine(id))
		}
		content = bytes.Clone(p)
		return nil
	})
	if err != nil {
		return nil, f, err
	}
	// The content matched its hash: it is the file as this build wrote it
	// from the team's, already checked on import. Decode it without judging
	// it again by rules that may have changed since.
	var file workbook.ExchangeFile
	if err := json.Unmarshal(content, &file); err != nil || file.Format != workbook.ExchangeFormat || file.Session == nil || file.Session.ID != id {
		return nil, f, corruptErr(s.path, fmt.Sprintf("round %d of session %s cannot be read", round, workbook.CleanLine(id)))
	}
	return file.Session, f, nil
}

// deleteReceived removes a session's received files (Delete calls it).
func (r *rtx) deleteReceived(id string) error {
	b := r.tx.Bucket(bucketReceived)
	if b == nil {
		return nil
	}
	st, err := r.receivedState(b)
	if err != nil {
		return err
	}
	_, sum, had, err := r.head(b, id)
	if err != nil || !had {
		return err
	}
	var keys [][]byte
	for _, prefix := range []string{recMeta, recFile} {
		p := []byte(prefix + id + "\x00")
		c := b.Cursor()
		for k, _ := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, _ = c.Next() {
			keys = append(keys, bytes.Clone(k))
		}
	}
	keys = append(keys, headKey(id))
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	st.Heads.remove(sum)
	return putJSON(b, bucketReceived, []byte(recKeyState), st)
}

// checkReceived is checkFile's pass over the received files: every record's
// checksum, every record decoded, each session's records against its head,
// the heads against the state record, each content against its hash, and
// every session with received files stored. It returns how many files it
// found.
func (r *rtx) checkReceived(b *bolt.Bucket, sessions *bolt.Bucket, bad func(error)) int {
	st, err := r.receivedState(b)
	if err != nil {
		bad(err)
		return 0
	}
	type seen struct {
		meta, files digest
		rounds      map[int]string // round -> hash
		contents    map[int]string // round -> hash of the content
	}
	per := map[string]*seen{}
	at := func(id string) *seen {
		if per[id] == nil {
			per[id] = &seen{rounds: map[int]string{}, contents: map[int]string{}}
		}
		return per[id]
	}
	var heads digest
	headsByID := map[string]receivedHead{}
	files := 0
	_ = b.ForEach(func(k, v []byte) error {
		key := string(k)
		if key == recKeyState {
			return nil
		}
		p, sum, err := unframe(bucketReceived, k, v)
		if err != nil {
			bad(r.receivedErr("record %q is damaged: %v", workbook.CleanLine(key), err))
			return nil
		}
		switch {
		case bytes.HasPrefix(k, []byte(recHead)):
			var h receivedHead
			if err := json.Unmarshal(p, &h); err != nil || recHead+h.Session != key {
				bad(r.receivedErr("record %q cannot be read", workbook.CleanLine(key)))
				return nil
			}
			heads.add(sum)
			headsByID[h.Session] = h
		case bytes.HasPrefix(k, []byte(recMeta)):
			var f workbook.ReceivedFile
			if err := json.Unmarshal(p, &f); err != nil || string(roundKey(recMeta, f.Session, f.Round)) != key {
				bad(r.receivedErr("record %q cannot be read", workbook.CleanLine(key)))
				return nil
			}
			s := at(f.Session)
			s.meta.add(sum)
			s.rounds[f.Round] = f.SHA256
			files++
		case bytes.HasPrefix(k, []byte(recFile)):
			id, round, ok := splitRoundKey(key[len(recFile):])
			if !ok {
				bad(r.receivedErr("record %q has an unknown key", workbook.CleanLine(key)))
				return nil
			}
			s := at(id)
			s.files.add(sum)
			s.contents[round] = workbook.HashFile(p)
		default:
			bad(r.receivedErr("record %q has an unknown key", workbook.CleanLine(key)))
		}
		return nil
	})
	if heads != st.Heads {
		bad(r.receivedErr("the lists of received files do not match what the last save recorded (%d read, %d recorded)", heads.Count, st.Heads.Count))
	}
	for id, h := range headsByID {
		s := at(id)
		if s.meta != h.Meta || s.files != h.Files || len(s.rounds) != h.Rounds {
			bad(r.receivedErr("session %s lists %d received files but its records do not match", workbook.CleanLine(id), h.Rounds))
		}
		for round, hash := range s.rounds {
			if s.contents[round] != hash {
				bad(r.receivedErr("round %d of session %s does not match its hash", round, workbook.CleanLine(id)))
			}
		}
		if sessions.Get([]byte(id)) == nil {
			bad(r.receivedErr("files are kept for session %s, which is not in the file", workbook.CleanLine(id)))
		}
	}
	for id := range per {
		if _, ok := headsByID[id]; !ok {
			bad(r.receivedErr("files are kept for session %s without its list", workbook.CleanLine(id)))
		}
	}
	return files
}

// splitRoundKey reads "<id>␀<round>".
func splitRoundKey(s string) (id string, round int, ok bool) {
	i := bytes.LastIndexByte([]byte(s), 0)
	if i < 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(s[i+1:])
	return s[:i], n, err == nil && n > 0
}
