package serve

import (
	"sync"

	"edtech-workbook/workbook"
)

// broker tells every connection that has read a session each time someone
// else saves it, and keeps the latest stored copy of those sessions (so a
// guard can check a save against the copy it replaces without reading it
// again). A connection hears of a session once it has read it (Get) and
// until it ends; an app ignores news of a session it is not showing.
//
// Delivery never blocks the saver: each connection has a mailbox that keeps
// the newest copy per session and a goroutine that hands it to the app.
type broker struct {
	mu     sync.Mutex
	topics map[string]*topic // by session id
}

type topic struct {
	latest *workbook.Session // the newest stored copy seen (never changed)
	subs   map[*mailbox]bool
}

// mailbox is one connection's news.
type mailbox struct {
	conn    uint64
	deliver func(*workbook.Session)

	mu      sync.Mutex
	pending map[string]*workbook.Session // newest copy per session, not yet delivered
	topics  map[string]bool              // what it hears of (guarded by broker.mu)
	wake    chan struct{}
	done    chan struct{}
	closed  bool
}

func newBroker() *broker { return &broker{topics: map[string]*topic{}} }

// open makes a mailbox for connection conn; deliver is called, on the
// mailbox's own goroutine, with each newer copy. close it when the
// connection ends.
func (b *broker) open(conn uint64, deliver func(*workbook.Session)) *mailbox {
	m := &mailbox{conn: conn, deliver: deliver, pending: map[string]*workbook.Session{},
		topics: map[string]bool{}, wake: make(chan struct{}, 1), done: make(chan struct{})}
	go m.run()
	return m
}

func (m *mailbox) run() {
	for {
		select {
		case <-m.done:
			return
		case <-m.wake:
		}
		m.mu.Lock()
		batch := m.pending
		m.pending = map[string]*workbook.Session{}
		m.mu.Unlock()
		for _, s := range batch {
			m.deliver(s)
		}
	}
}

// post leaves s in the mailbox (replacing an older copy of it).
func (m *mailbox) post(s *workbook.Session) {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return
	}
	if old := m.pending[s.ID]; old == nil || old.Revision < s.Revision {
		m.pending[s.ID] = s
	}
	m.mu.Unlock()
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// subscribe makes m hear of session s (just read or saved by m's
// connection) and records s as the latest copy when it is newer.
func (b *broker) subscribe(m *mailbox, s *workbook.Session) {
	if m == nil || s == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	t := b.topic(s.ID)
	t.subs[m] = true
	m.topics[s.ID] = true
	if t.latest == nil || t.latest.Revision < s.Revision {
		t.latest = s
	}
}

func (b *broker) topic(id string) *topic {
	t := b.topics[id]
	if t == nil {
		t = &topic{subs: map[*mailbox]bool{}}
		b.topics[id] = t
	}
	return t
}

// latest is the newest stored copy of session id the broker knows (nil
// when no connection has it).
func (b *broker) latest(id string) *workbook.Session {
	b.mu.Lock()
	defer b.mu.Unlock()
	if t := b.topics[id]; t != nil {
		return t.latest
	}
	return nil
}

// publish records s, just saved through from's connection, as the latest
// copy and posts it to every other connection that hears of it.
func (b *broker) publish(from *mailbox, s *workbook.Session) {
	b.mu.Lock()
	t := b.topic(s.ID)
	if from != nil {
		t.subs[from] = true
		from.topics[s.ID] = true
	}
	if t.latest == nil || t.latest.Revision < s.Revision {
		t.latest = s
	}
	var to []*mailbox
	for m := range t.subs {
		if m != from {
			to = append(to, m)
		}
	}
	b.mu.Unlock()
	for _, m := range to {
		m.post(s)
	}
}

// forget drops session id (deleted).
func (b *broker) forget(id string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if t := b.topics[id]; t != nil {
		for m := range t.subs {
			delete(m.topics, id)
		}
		delete(b.topics, id)
	}
}

// close ends m: it hears of nothing more, and a session nobody hears of
// any longer is forgotten (with its copy).
func (b *broker) close(m *mailbox) {
	if m == nil {
		return
	}
	b.mu.Lock()
	for id := range m.topics {
		if t := b.topics[id]; t != nil {
			delete(t.subs, m)
			if len(t.subs) == 0 {
				delete(b.topics, id)
			}
		}
	}
	m.topics = map[string]bool{}
	b.mu.Unlock()
	m.mu.Lock()
	if !m.closed {
		m.closed = true
		close(m.done)
	}
	m.mu.Unlock()
}
