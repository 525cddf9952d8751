package store

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"edtech-workbook/workbook"
)

// pipeline is the shape of every walk over many sessions (the full check,
// export --all): src reads records one after another on a goroutine of its
// own (plain reads: the records are copied out of its buffer, so it holds
// one page at a time); workers, one per core, turn each record into a T
// (newWorker makes each worker's function, which may keep state, like a
// sessionDecoder); take receives the Ts in the order src read them, on the
// calling goroutine, which alone may use the transaction. At most a few
// records are in memory at once. An error of take stops the walk and is
// returned as it is; an error of src is returned after the records it read
// were taken, wrapped as damage to the sessions' pages when it is one.
func pipeline[T any](r *rtx, src func(send func(k, v []byte) error) error,
	newWorker func() func(seq int, key, v []byte) T, take func(T) error) error {
	type job struct {
		seq    int
		key, v []byte
	}
	type result struct {
		seq int
		out T
	}
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan job, 2*workers)
	results := make(chan result, 2*workers)
	stop := make(chan struct{})
	srcErr := make(chan error, 1)
	// However this goroutine leaves (an error of take, a panic that guarded
	// recovers), the others stop, and src is done reading before the file
	// can be let go.
	defer func() { close(stop); <-srcErr }()
	go func() {
		seq := 0
		send := func(k, v []byte) error {
			select {
			case jobs <- job{seq, bytes.Clone(k), bytes.Clone(v)}:
				seq++
				return nil
			case <-stop:
				return errStopped
			}
		}
		err := func() (err error) {
			defer func() {
				if p := recover(); p != nil {
					err = &pageErr{fmt.Errorf("%v", p)}
				}
			}()
			return src(send)
		}()
		close(jobs)
		srcErr <- err
		close(srcErr)
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			work := newWorker()
			for j := range jobs {
				res := result{seq: j.seq, out: work(j.seq, j.key, j.v)}
				select {
				case results <- res:
				case <-stop:
					return
				}
			}
		})
	}
	go func() { wg.Wait(); close(results) }()
	pending := map[int]T{}
	next := 0
	for res := range results {
		pending[res.seq] = res.out
		for {
			out, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if err := take(out); err != nil {
				return err
			}
		}
	}
	err := <-srcErr
	var pe *pageErr
	switch {
	case err == nil, errors.Is(err, errStopped):
		return nil
	case errors.As(err, &pe):
		return corruptErr(r.path, fmt.Sprintf("the pages of its sessions are damaged: %v", err))
	}
	return err
}

// errStopped ends a walk whose reader went away.
var errStopped = errors.New("stopped")

// sessionRoot returns the sessions' bucket's root page, and, when the bucket
// is inline (a file of a few small sessions, kept inside the root page: no
// pages of its own to read), its records, read here under the transaction.
func (r *rtx) sessionRoot() (root uint64, inline map[string][]byte) {
	b := r.tx.Bucket(bucketSessions)
	if root = uint64(b.Root()); root != 0 {
		return root, nil
	}
	inline = map[string][]byte{}
	_ = b.ForEach(func(k, v []byte) error {
		inline[string(k)] = bytes.Clone(v)
		return nil
	})
	return 0, inline
}

// eachSessionRecord runs a worker's function on every session record, in
// key order (see pipeline).
func (r *rtx) eachSessionRecord(newWorker func() func(seq int, key, v []byte) sessionFacts, take func(sessionFacts)) error {
	root, inline := r.sessionRoot()
	src := func(send func(k, v []byte) error) error {
		if root != 0 {
			return r.pages().forEach(root, send)
		}
		for _, k := range sortedKeys(inline) {
			if err := send([]byte(k), inline[k]); err != nil {
				return err
			}
		}
		return nil
	}
	return pipeline(r, src, newWorker, func(f sessionFacts) error { take(f); return nil })
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// SessionWalk says what ReadSessions does with the sessions.
type SessionWalk[T any] struct {
	Pick  func(workbook.Summary) bool           // which sessions (nil: all)
	Start func(picked []workbook.Summary) error // told which they are, before the first is read (may be nil); an error ends the walk
	Work  func(*workbook.Session) (T, error)    // on a worker
	Take  func(workbook.Summary, T) error       // in list order, on the calling goroutine
}

// ReadSessions reads the sessions whose list entries w.Pick accepts, most
// recently changed first (as List), for a command that works through many
// of them (export --all); the list and the sessions are read in one
// transaction. Each session is
// read with plain reads of its pages (never through the file's memory map:
// memory stays bounded, whatever the number of sessions), checked as Get
// checks it (its checksum, its key, its list entry), and passed to w.Work
// on one of several goroutines (one per core); w.Take receives the results
// in list order, on the calling goroutine. A damaged or missing session, or
// an error of Work or Take, stops the walk and is returned. Work and Take
// must not use s: the walk holds it.
func ReadSessions[T any](s *Store, w SessionWalk[T]) error {
	type out struct {
		seq     int
		entry   workbook.Summary // the record's, Progress left out
		missing bool
		err     error // the record's damage, or work's error
		damaged bool
		val     T
	}
	return s.view(func(r *rtx) error {
		all, err := r.list()
		if err != nil {
			return err
		}
		sums := all[:0]
		for _, sum := range all {
			if w.Pick == nil || w.Pick(sum) {
				sums = append(sums, sum)
			}
		}
		if w.Start != nil {
			if err := w.Start(sums); err != nil {
				return err
			}
		}
		root, inline := r.sessionRoot()
		src := func(send func(k, v []byte) error) error {
			pr := r.pages()
			for _, sum := range sums {
				key := []byte(sum.ID)
				var v []byte
				if root != 0 {
					var err error
					if v, err = pr.get(root, key); err != nil {
						return err
					}
				} else {
					v = inline[sum.ID]
				}
				if err := send(key, v); err != nil {
					return err
				}
			}
			return nil
		}
		newWorker := func() func(int, []byte, []byte) out {
			d := sessionDecoder{v1: r.schema < schemaQuestions}
			return func(seq int, key, v []byte) (o out) {
				o.seq = seq
				if v == nil {
					o.missing = true
					return o
				}
				defer func() {
					if p := recover(); p != nil {
						o.err, o.damaged = fmt.Errorf("%v", p), true
					}
				}()
				p := v
				if r.schema >= 2 {
					var err error
					if p, _, err = unframe(bucketSessions, key, v); err != nil {
						o.err, o.damaged = fmt.Errorf("is damaged: %v", err), true
						return o
					}
				}
				sess, err := d.decode(p)
				if err != nil {
					o.err, o.damaged = fmt.Errorf("cannot be read: %v", err), true
					return o
				}
				o.entry = workbook.Summary{ID: sess.ID, Team: sess.Team, District: sess.District, SchoolYear: sess.SchoolYear, Cohort: sess.Cohort,
					TemplateRef: sess.Template.Ref(), Updated: sess.Updated, Revision: sess.Revision}
				if sess.ID != string(key) {
					o.err, o.damaged = fmt.Errorf("holds the record of session %q", workbook.CleanLine(sess.ID)), true
					return o
				}
				o.val, o.err = w.Work(sess)
				return o
			}
		}
		take2 := func(o out) error {
			sum := sums[o.seq]
			key := []byte(sum.ID)
			switch {
			case o.missing:
				return corruptErr(s.path, fmt.Sprintf("%s is listed but its record is missing", r.sessionName(key)))
			case o.damaged:
				return corruptErr(s.path, fmt.Sprintf("%s %v", r.sessionName(key), o.err))
			case !sameEntry(sum, o.entry):
				return corruptErr(s.path, fmt.Sprintf("session %q (%s): its record (revision %d) and its list entry (revision %d) disagree",
					workbook.CleanLine(o.entry.Team), workbook.CleanLine(sum.ID), o.entry.Revision, sum.Revision))
			case o.err != nil:
				return o.err
			}
			return w.Take(sum, o.val)
		}
		return pipeline(r, src, newWorker, take2)
	})
}
