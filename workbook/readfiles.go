package workbook

import (
	"runtime"
	"sync"
)

// ReadSessionFiles reads session files (ReadSessionFile: every check of an
// import) on one worker per core and calls fn with each session on the
// calling goroutine, in the order of paths. At most a few sessions are in
// memory at once, whatever the number of files. The first error (a file's,
// or fn's) stops the reading and is returned.
func ReadSessionFiles(paths []string, fn func(*Session) error) error {
	workers := min(max(1, runtime.GOMAXPROCS(0)), max(1, len(paths)))
	type result struct {
		s   *Session
		err error
	}
	// One slot per file, each filled once by a worker and read once, in
	// order, here; a semaphore keeps the workers at most 2×workers files
	// ahead of fn.
	slots := make([]chan result, len(paths))
	for i := range slots {
		slots[i] = make(chan result, 1)
	}
	ahead := make(chan struct{}, 2*workers)
	stop := make(chan struct{})
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var memo templateMemo // each worker its own: no locks
			for i := range next {
				s, err := readSessionFile(paths[i], &memo)
				slots[i] <- result{s, err}
			}
		}()
	}
	go func() {
		defer close(next)
		for i := range paths {
			select {
			case ahead <- struct{}{}:
			case <-stop:
				return
			}
			select {
			case next <- i:
			case <-stop:
				return
			}
		}
	}()
	defer func() {
		close(stop)
		// Let blocked workers finish: every slot has room for its result.
		wg.Wait()
	}()
	for i := range paths {
		r := <-slots[i]
		<-ahead
		if r.err != nil {
			return r.err
		}
		if err := fn(r.s); err != nil {
			return err
		}
		slots[i] = nil
	}
	return nil
}
