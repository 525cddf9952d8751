package workbook

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Why NewComment refuses a comment; callers word it for their people.
var (
	ErrCommentNoAuthor = errors.New("a comment needs its author's name")
	ErrCommentEmpty    = errors.New("the comment is empty")
)

// NewComment builds a comment on part of a session (PartSession,
// PartProblem, PartPlan, PartIndicator+id or PartAction+id) with a new id:
// the author's name on one cleaned line, both trimmed. An empty author or
// text is refused (ErrCommentNoAuthor, ErrCommentEmpty), as is a part that
// names nothing a comment can be on.
func NewComment(part, author, text string, now time.Time) (Comment, error) {
	author = strings.TrimSpace(CleanLine(author))
	text = strings.TrimSpace(text)
	switch {
	case !validCommentPart(part):
		return Comment{}, fmt.Errorf("a comment cannot be on %q; comment on the session, the problem of practice, the plan, an indicator or an action step", CleanLine(part))
	case author == "":
		return Comment{}, ErrCommentNoAuthor
	case text == "":
		return Comment{}, ErrCommentEmpty
	}
	return Comment{ID: NewID(), Part: part, Author: author, Text: text, Created: now}, nil
}

// AddComment adds c to the stored session id, retrying once when someone
// saved the session in between (ErrConflict); nothing else of the session
// changes.
func AddComment(st Sessions, id string, c Comment) error {
	var err error
	for range 2 {
		var s *Session
		if s, err = st.Get(id); err != nil {
			return err
		}
		s.Comments = append(s.Comments, c)
		if _, err = st.Update(s); !errors.Is(err, ErrConflict) {
			return err
		}
	}
	return err
}

// UnionComments is base plus the comments of extra it lacks (by id); it
// returns how many were added.
func UnionComments(base, extra []Comment) ([]Comment, int) {
	out := append([]Comment(nil), base...)
	have := make(map[string]bool, len(base))
	for _, c := range base {
		have[c.ID] = true
	}
	added := 0
	for _, c := range extra {
		if !have[c.ID] {
			out = append(out, c)
			have[c.ID] = true
			added++
		}
	}
	return out, added
}
