package workbook

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

// memSessions is an in-memory Sessions with the store's revision rule: an
// Update from an older revision is ErrConflict. conflicts makes that many
// Updates fail as if someone saved first.
type memSessions struct {
	byID      map[string]*Session
	received  map[string][]ReceivedFile
	content   map[string][][]byte
	conflicts int
	updates   int
}

func newMemSessions() *memSessions {
	return &memSessions{byID: map[string]*Session{}, received: map[string][]ReceivedFile{}, content: map[string][][]byte{}}
}

func (m *memSessions) Receive(s *Session, f ReceivedFile, content []byte) (ReceivedFile, error) {
	if err := m.Put(s); err != nil {
		return ReceivedFile{}, err
	}
	f.Round = len(m.received[s.ID]) + 1
	m.received[s.ID] = append(m.received[s.ID], f)
	m.content[s.ID] = append(m.content[s.ID], content)
	return f, nil
}

func (m *memSessions) ReceivedFiles(id string) ([]ReceivedFile, error) { return m.received[id], nil }

func (m *memSessions) ReceivedSession(id string, round int) (*Session, ReceivedFile, error) {
	if round < 1 || round > len(m.received[id]) {
		return nil, ReceivedFile{}, ErrNotFound
	}
	var f ExchangeFile // unchecked: these tests' sessions have no template
	err := json.Unmarshal(m.content[id][round-1], &f)
	return f.Session, m.received[id][round-1], err
}

func (m *memSessions) Get(id string) (*Session, error) {
	s, ok := m.byID[id]
	if !ok {
		return nil, fmt.Errorf("session %s: %w", id, ErrNotFound)
	}
	return s.Clone(), nil
}

func (m *memSessions) Create(s *Session) (*Session, error) {
	c := s.Clone()
	if c.ID == "" {
		c.ID = NewID()
	}
	c.Revision = 1
	m.byID[c.ID] = c
	return c.Clone(), nil
}

func (m *memSessions) Update(s *Session) (*Session, error) {
	m.updates++
	if m.conflicts > 0 {
		m.conflicts--
		m.byID[s.ID].Revision++
		return nil, ErrConflict
	}
	if m.byID[s.ID].Revision != s.Revision {
		return nil, ErrConflict
	}
	c := s.Clone()
	c.Revision++
	m.byID[s.ID] = c
	return c.Clone(), nil
}

func (m *memSessions) Put(s *Session) error { m.byID[s.ID] = s.Clone(); return nil }

func TestNewCommentChecksItsParts(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	c, err := NewComment(Part(PartProblem, ""), Commenter{Name: "  Rosa \x1b[31m(coach) ", Role: RoleCoach}, "  Look at the data.\n", now)
	if err != nil || c.Author != "Rosa (coach)" || c.Role != RoleCoach || c.Text != "Look at the data." || c.ID == "" || !c.Created.Equal(now) {
		t.Fatalf("NewComment = %+v, %v", c, err)
	}
	for _, tc := range []struct {
		author, text string
		want         error
	}{
		{" ", "text", ErrCommentNoAuthor},
		{"Rosa", " \n ", ErrCommentEmpty},
	} {
		if _, err := NewComment(SessionPart(), Commenter{Name: tc.author}, tc.text, now); !errors.Is(err, tc.want) {
			t.Errorf("NewComment(%q, %q) = %v, want %v", tc.author, tc.text, err, tc.want)
		}
	}
	for _, p := range []PartRef{ParsePart("nowhere"), {Kind: PartIndicator}, {Kind: PartSession, ID: "x"}} {
		if _, err := NewComment(p, Commenter{Name: "Rosa"}, "text", now); err == nil {
			t.Errorf("a comment on %q was accepted", p)
		}
	}
}

func TestAddCommentRetriesOnceAfterAConflict(t *testing.T) {
	st := newMemSessions()
	s, _ := st.Create(&Session{Team: "A"})
	st.conflicts = 1
	if err := AddComment(st, s.ID, Comment{ID: "c1", Part: SessionPart(), Author: "R", Text: "x"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Get(s.ID); len(got.Comments) != 1 || st.updates != 2 {
		t.Fatalf("after one conflict: %d comments, %d updates", len(got.Comments), st.updates)
	}
	st.conflicts = 2
	if err := AddComment(st, s.ID, Comment{ID: "c2", Part: SessionPart(), Author: "R", Text: "y"}); !errors.Is(err, ErrConflict) {
		t.Fatalf("after two conflicts: %v, want ErrConflict", err)
	}
}

func TestCarryIntoStoresTheNewSession(t *testing.T) {
	st := newMemSessions()
	prev := &Session{ID: "s1", Team: "A", SchoolYear: "2025-26"}
	res, err := CarryInto(st, prev, "2026-27", nil)
	if err != nil || res.Session.ID == "" || res.Session.Revision != 1 {
		t.Fatalf("CarryInto = %+v, %v", res, err)
	}
	if got, err := st.Get(res.Session.ID); err != nil || got.SchoolYear != "2026-27" {
		t.Fatalf("stored: %+v, %v", got, err)
	}
	if _, err := CarryInto(st, prev, "2024-25", nil); err == nil || len(st.byID) != 1 {
		t.Fatalf("carry to an earlier year: %v, %d sessions", err, len(st.byID))
	}
}

// TestImportForReviewKeepsOneSessionPerTeam: an updated file from the same
// team updates its session (no "earlier copy"), keeps the coach's comments,
// merges the team's replies and deletions, and is kept as the next round;
// the same file again changes nothing.
func TestImportForReviewKeepsOneSessionPerTeam(t *testing.T) {
	st := newMemSessions()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	team := &Session{ID: "s1", Team: "Alderbrook", SchoolYear: "2025-26",
		Comments: []Comment{{ID: "c1", Part: SessionPart(), Author: "Dana", Role: RoleTeam, Text: "ours", Created: now}}}
	file := func(s *Session, name string) SessionFile { return SessionFile{Session: s.Clone(), Name: name} }
	res, err := ImportForReview(st, file(team, "a.json"), now)
	if err != nil || res.Outcome != ReviewImported || res.File.Round != 1 || res.File.Name != "a.json" {
		t.Fatalf("new session: %+v, %v", res, err)
	}
	if res, err := ImportForReview(st, file(team, "a.json"), now); err != nil || res.Outcome != ReviewUnchanged {
		t.Fatalf("same file: %+v, %v", res, err)
	}
	// The coach comments; the team, meanwhile, replies, deletes its comment
	// and changes the district.
	stored, _ := st.Get("s1")
	stored.Comments = append(stored.Comments, Comment{ID: "c2", Part: SessionPart(), Author: "Rosa", Role: RoleCoach, Text: "theirs", Created: now})
	_ = st.Put(stored)
	changed := team.Clone()
	changed.District = "Riverside"
	changed.Comments[0].Text, changed.Comments[0].Deleted = "", now.Add(time.Hour)
	changed.Comments = append(changed.Comments, Comment{ID: "c3", Part: SessionPart(), ReplyTo: "c1", Author: "Dana", Role: RoleTeam, Text: "reply", Created: now.Add(time.Hour)})
	res, err = ImportForReview(st, file(changed, "b.json"), now.Add(24*time.Hour))
	if err != nil || res.Outcome != ReviewUpdated || res.File.Round != 2 || len(res.Comments.Replies) != 1 || len(res.Comments.Deleted) != 1 {
		t.Fatalf("changed session: %+v, %v", res, err)
	}
	if len(st.byID) != 1 {
		t.Fatalf("%d sessions: an earlier copy was kept as a session", len(st.byID))
	}
	got, _ := st.Get("s1")
	ids := map[string]Comment{}
	for _, c := range got.Comments {
		ids[c.ID] = c
	}
	if got.District != "Riverside" || len(got.Comments) != 3 || ids["c2"].Text != "theirs" || !ids["c1"].IsDeleted() || ids["c3"].Text != "reply" {
		t.Fatalf("updated session: %+v", got)
	}
	if got.Merged == nil || !slices.Equal(got.Merged.Comments, []string{"c3", "c1"}) {
		t.Errorf("merge mark %+v", got.Merged)
	}
	if res.Changes.Summary() != "1 other change and 2 comments changed" && res.Changes.Count(AreaOther) != 1 {
		t.Errorf("changes: %q", res.Changes.Lines())
	}
	if r, _ := st.ReceivedFiles("s1"); len(r) != 2 || r[1].Name != "b.json" {
		t.Errorf("rounds %+v", r)
	}
	base, err := BaseFor(st, "s1")
	if err != nil || base == nil || base.Session == nil || base.Session.District != "Riverside" || len(base.Session.Comments) != 2 {
		t.Fatalf("base %+v, %v", base, err)
	}
}
