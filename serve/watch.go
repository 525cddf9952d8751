package serve

import (
	"os"
	"strconv"
	"time"
)

// watch reloads the access file when it changes (its modification time or
// size), polling every Config.AccessPoll: no file-watching dependency, and
// an editor's save-by-rename is seen like any other. A file with problems
// is not taken: the log lists them and the server keeps the one it has.
// Until the next change nothing is read again.
func (s *Server) watch() {
	defer close(s.watchDone)
	last := fileStamp(s.cfg.Access)
	tick := time.NewTicker(s.cfg.AccessPoll)
	defer tick.Stop()
	for {
		select {
		case <-s.watchStop:
			return
		case <-tick.C:
		}
		now := fileStamp(s.cfg.Access)
		if now == last {
			continue
		}
		last = now
		s.reloadAccess()
	}
}

// reloadAccess reads the access file again and takes it if it is good.
func (s *Server) reloadAccess() {
	acc, err := LoadAccess(s.cfg.Access)
	if err != nil {
		s.logf("the access file was not reloaded (the server keeps the one it read before); fix it and save it again:")
		for _, line := range splitLines(err.Error()) {
			s.logf("  %s", line)
		}
		return
	}
	s.access.Store(acc)
	s.logf("the access file was reloaded: %s", people(len(acc.People)))
}

// stamp is what tells a changed file: its modification time and size
// (zero when it cannot be read).
type stamp struct {
	mod  time.Time
	size int64
	ok   bool
}

func fileStamp(path string) stamp {
	fi, err := os.Stat(path)
	if err != nil {
		return stamp{}
	}
	return stamp{mod: fi.ModTime(), size: fi.Size(), ok: true}
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// people counts people.
func people(n int) string {
	if n == 1 {
		return "1 person"
	}
	return strconv.Itoa(n) + " people"
}
