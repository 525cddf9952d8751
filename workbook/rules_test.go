package workbook

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

// memSessions is an in-memory Sessions with the store's revision rule: an
// Update from an older revision is ErrConflict. conflicts makes that many
// Updates fail as if someone saved first.
type memSessions struct {
	byID      map[string]*Session
	conflicts int
	updates   int
}

func newMemSessions() *memSessions { return &memSessions{byID: map[string]*Session{}} }

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
	c, err := NewComment(PartProblem, "  Rosa \x1b[31m(coach) ", "  Look at the data.\n", now)
	if err != nil || c.Author != "Rosa (coach)" || c.Text != "Look at the data." || c.ID == "" || !c.Created.Equal(now) {
		t.Fatalf("NewComment = %+v, %v", c, err)
	}
	for _, tc := range []struct {
		part, author, text string
		want               error
	}{
		{PartSession, " ", "text", ErrCommentNoAuthor},
		{PartSession, "Rosa", " \n ", ErrCommentEmpty},
	} {
		if _, err := NewComment(tc.part, tc.author, tc.text, now); !errors.Is(err, tc.want) {
			t.Errorf("NewComment(%q, %q, %q) = %v, want %v", tc.part, tc.author, tc.text, err, tc.want)
		}
	}
	if _, err := NewComment("nowhere", "Rosa", "text", now); err == nil {
		t.Error("a comment on no part was accepted")
	}
}

func TestAddCommentRetriesOnceAfterAConflict(t *testing.T) {
	st := newMemSessions()
	s, _ := st.Create(&Session{Team: "A"})
	st.conflicts = 1
	if err := AddComment(st, s.ID, Comment{ID: "c1", Part: PartSession, Author: "R", Text: "x"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Get(s.ID); len(got.Comments) != 1 || st.updates != 2 {
		t.Fatalf("after one conflict: %d comments, %d updates", len(got.Comments), st.updates)
	}
	st.conflicts = 2
	if err := AddComment(st, s.ID, Comment{ID: "c2", Part: PartSession, Author: "R", Text: "y"}); !errors.Is(err, ErrConflict) {
		t.Fatalf("after two conflicts: %v, want ErrConflict", err)
	}
}

func TestImportForReviewOutcomes(t *testing.T) {
	st := newMemSessions()
	team := &Session{ID: "s1", Team: "Alderbrook", SchoolYear: "2025-26",
		Comments: []Comment{{ID: "c1", Part: PartSession, Author: "Team", Text: "ours"}}}
	if res, err := ImportForReview(st, team); err != nil || res.Outcome != ReviewImported {
		t.Fatalf("new session: %+v, %v", res, err)
	}
	if res, err := ImportForReview(st, team.Clone()); err != nil || res.Outcome != ReviewUnchanged {
		t.Fatalf("same session: %+v, %v", res, err)
	}
	// The coach's copy gained a comment; the incoming file lacks it.
	stored, _ := st.Get("s1")
	stored.Comments = append(stored.Comments, Comment{ID: "c2", Part: PartSession, Author: "Coach", Text: "theirs"})
	_ = st.Put(stored)
	changed := team.Clone()
	changed.District = "Riverside"
	res, err := ImportForReview(st, changed)
	if err != nil || res.Outcome != ReviewUpdated || res.KeptComments != 1 || res.EarlierCopy == nil {
		t.Fatalf("changed session: %+v, %v", res, err)
	}
	got, _ := st.Get("s1")
	if got.District != "Riverside" || len(got.Comments) != 2 {
		t.Fatalf("updated session: %+v", got)
	}
	if e, _ := st.Get(res.EarlierCopy.ID); e == nil || e.Team != "Alderbrook (earlier copy)" || e.District != "" {
		t.Fatalf("earlier copy: %+v", e)
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
