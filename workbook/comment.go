package workbook

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// Comment threads: the rules the app, the accessible mode and the command
// line share. Who may do what to a comment is decided here (ThreadActions),
// and each action has one function that does it to a session.

// Why a comment action is refused; callers word it for their people.
var (
	ErrCommentNoAuthor = errors.New("a comment needs its author's name")
	ErrCommentEmpty    = errors.New("the comment is empty")
	ErrCommentNotFound = errors.New("that comment is no longer in the session")
	ErrNotYourComment  = errors.New("only its author can change a comment")
	ErrCommentDeleted  = errors.New("that comment was deleted")
)

// Commenter is who acts on a comment: a name and a side (RoleCoach in review
// mode, RoleTeam otherwise).
type Commenter struct {
	Name string
	Role string
}

// clean is the commenter's name on one trimmed line.
func (by Commenter) clean() Commenter {
	by.Name = strings.TrimSpace(CleanLine(by.Name))
	return by
}

// Label is how views name a comment's author: "Rosa (coach)", "Dana
// (team)", or the name alone for a comment from before threads.
func (c Comment) Label() string {
	name := CleanLine(c.Author)
	if name == "" {
		name = "someone"
	}
	if role := CleanLine(c.Role); role != "" {
		return name + " (" + role + ")"
	}
	return name
}

// IsDeleted reports whether the comment was deleted (a tombstone).
func (c Comment) IsDeleted() bool { return !c.Deleted.IsZero() }

// IsReply reports whether the comment answers a thread.
func (c Comment) IsReply() bool { return c.ReplyTo != "" }

// Owns reports whether by wrote c: the same name (any case) and, when the
// comment records its side, the same side.
func (by Commenter) Owns(c Comment) bool {
	by = by.clean()
	if by.Name == "" || !strings.EqualFold(by.Name, strings.TrimSpace(CleanLine(c.Author))) {
		return false
	}
	return c.Role == "" || by.Role == "" || c.Role == by.Role
}

// ThreadAction is something a person can do to a comment.
type ThreadAction string

// The actions on a comment, in the order dialogs offer them.
const (
	ActReply   ThreadAction = "reply"
	ActEdit    ThreadAction = "edit"
	ActDelete  ThreadAction = "delete"
	ActResolve ThreadAction = "resolve"
	ActReopen  ThreadAction = "reopen"
)

// ThreadActions is what by may do to the comment id of s: anyone may reply
// to a thread and resolve or reopen it; only the author may edit or delete
// a comment, and a deleted one cannot be edited or deleted again.
func ThreadActions(s *Session, id string, by Commenter) []ThreadAction {
	c, ok := findComment(s, id)
	if !ok {
		return nil
	}
	root, _ := findComment(s, threadRoot(c))
	acts := []ThreadAction{ActReply}
	if !c.IsDeleted() && by.Owns(c) {
		acts = append(acts, ActEdit, ActDelete)
	}
	if root.Resolved {
		acts = append(acts, ActReopen)
	} else {
		acts = append(acts, ActResolve)
	}
	return acts
}

// threadRoot is the id of the first comment of c's thread.
func threadRoot(c Comment) string {
	if c.ReplyTo != "" {
		return c.ReplyTo
	}
	return c.ID
}

func findComment(s *Session, id string) (Comment, bool) {
	if i := commentIndex(s, id); i >= 0 {
		return s.Comments[i], true
	}
	return Comment{}, false
}

func commentIndex(s *Session, id string) int {
	return slices.IndexFunc(s.Comments, func(c Comment) bool { return c.ID == id })
}

// NewComment starts a thread on part of a session, by by, with a new id:
// the author's name on one cleaned line, both trimmed. An empty author or
// text is refused (ErrCommentNoAuthor, ErrCommentEmpty), as is a part that
// names nothing a comment can be on.
func NewComment(part PartRef, by Commenter, text string, now time.Time) (Comment, error) {
	by = by.clean()
	text = strings.TrimSpace(text)
	switch {
	case !part.Known():
		return Comment{}, fmt.Errorf("a comment cannot be on %q; comment on the session, a domain, an indicator, a question, the problem of practice, the plan, an action step or a measure", CleanLine(part.String()))
	case by.Name == "":
		return Comment{}, ErrCommentNoAuthor
	case text == "":
		return Comment{}, ErrCommentEmpty
	}
	return Comment{ID: NewID(), Part: part, Author: by.Name, Role: by.Role, Text: text, Created: now}, nil
}

// NewReply answers the thread of comment id in s (a reply to a reply joins
// the same thread). The reply is returned, not added: Reply adds it.
func NewReply(s *Session, id string, by Commenter, text string, now time.Time) (Comment, error) {
	c, ok := findComment(s, id)
	if !ok {
		return Comment{}, ErrCommentNotFound
	}
	r, err := NewComment(c.Part, by, text, now)
	if err != nil {
		return Comment{}, err
	}
	r.ReplyTo = threadRoot(c)
	return r, nil
}

// EditComment replaces the text of comment id; only its author may.
func EditComment(s *Session, id string, by Commenter, text string, now time.Time) error {
	i, err := ownComment(s, id, by)
	if err != nil {
		return err
	}
	if text = strings.TrimSpace(text); text == "" {
		return ErrCommentEmpty
	}
	if s.Comments[i].Text != text {
		s.Comments[i].Text, s.Comments[i].Edited = text, now
	}
	return nil
}

// DeleteComment deletes comment id, leaving its tombstone (no text); only
// its author may. The replies of a deleted first comment stay.
func DeleteComment(s *Session, id string, by Commenter, now time.Time) error {
	i, err := ownComment(s, id, by)
	if err != nil {
		return err
	}
	s.Comments[i].Text, s.Comments[i].Deleted = "", now
	return nil
}

// ResolveThread resolves (or, with resolved false, reopens) the thread of
// comment id; anyone may.
func ResolveThread(s *Session, id string, by Commenter, resolved bool, now time.Time) error {
	c, ok := findComment(s, id)
	if !ok {
		return ErrCommentNotFound
	}
	i := commentIndex(s, threadRoot(c))
	if i < 0 {
		return ErrCommentNotFound
	}
	root := &s.Comments[i]
	if root.Resolved == resolved {
		return nil
	}
	root.Resolved, root.StateAt = resolved, now
	root.ResolvedBy = ""
	if resolved {
		root.ResolvedBy = by.clean().Name
	}
	return nil
}

func ownComment(s *Session, id string, by Commenter) (int, error) {
	i := commentIndex(s, id)
	switch {
	case i < 0:
		return -1, ErrCommentNotFound
	case s.Comments[i].IsDeleted():
		return -1, ErrCommentDeleted
	case !by.Owns(s.Comments[i]):
		return -1, ErrNotYourComment
	}
	return i, nil
}

// AddComment adds c to the stored session id, retrying once when someone
// saved the session in between (ErrConflict); nothing else of the session
// changes.
func AddComment(st Sessions, id string, c Comment) error {
	return ChangeComments(st, id, func(s *Session) error {
		s.Comments = append(s.Comments, c)
		return nil
	})
}

// ChangeComments applies change (one of the thread actions) to the stored
// session id and saves it, retrying once when someone saved the session in
// between (ErrConflict).
func ChangeComments(st Sessions, id string, change func(s *Session) error) error {
	var err error
	for range 2 {
		var s *Session
		if s, err = st.Get(id); err != nil {
			return err
		}
		if err = change(s); err != nil {
			return err
		}
		if _, err = st.Update(s); !errors.Is(err, ErrConflict) {
			return err
		}
	}
	return err
}

// Thread is a first comment and its replies, oldest first.
type Thread struct {
	Root    Comment
	Replies []Comment
}

// Open reports whether the thread is not resolved.
func (t Thread) Open() bool { return !t.Root.Resolved }

// Live reports whether anything in the thread is still there to read (a
// thread whose every comment was deleted is not shown).
func (t Thread) Live() bool {
	if !t.Root.IsDeleted() {
		return true
	}
	return slices.ContainsFunc(t.Replies, func(c Comment) bool { return !c.IsDeleted() })
}

// Comments is the thread's comments in order: the first, then the replies.
func (t Thread) Comments() []Comment { return append([]Comment{t.Root}, t.Replies...) }

// Threads returns the session's threads, in the order the session is laid
// out (by part), then oldest first. A reply whose first comment is missing
// (a file from elsewhere) starts a thread of its own.
func Threads(s *Session) []Thread {
	var threads []Thread
	at := map[string]int{}
	for _, c := range s.Comments {
		if c.ReplyTo == "" {
			at[c.ID] = len(threads)
			threads = append(threads, Thread{Root: c})
		}
	}
	for _, c := range s.Comments {
		if c.ReplyTo == "" {
			continue
		}
		if i, ok := at[c.ReplyTo]; ok {
			threads[i].Replies = append(threads[i].Replies, c)
			continue
		}
		at[c.ID] = len(threads)
		threads = append(threads, Thread{Root: c})
	}
	for i := range threads {
		sort.SliceStable(threads[i].Replies, func(a, b int) bool {
			return threads[i].Replies[a].Created.Before(threads[i].Replies[b].Created)
		})
	}
	type key struct{ kind, item int }
	keys := make(map[PartRef]key, len(threads))
	for _, t := range threads {
		if _, ok := keys[t.Root.Part]; !ok {
			k, i := partOrder(s, t.Root.Part)
			keys[t.Root.Part] = key{k, i}
		}
	}
	sort.SliceStable(threads, func(a, b int) bool {
		ka, kb := keys[threads[a].Root.Part], keys[threads[b].Root.Part]
		if ka != kb {
			if ka.kind != kb.kind {
				return ka.kind < kb.kind
			}
			return ka.item < kb.item
		}
		return threads[a].Root.Created.Before(threads[b].Root.Created)
	})
	return threads
}

// ThreadsOn returns the threads on one part, oldest first.
func ThreadsOn(s *Session, part PartRef) []Thread {
	var out []Thread
	for _, t := range Threads(s) {
		if t.Root.Part == part {
			out = append(out, t)
		}
	}
	return out
}

// IsNew reports whether comment id came (or changed) in the last merge.
func (s *Session) IsNew(id string) bool {
	return s.Merged != nil && slices.Contains(s.Merged.Comments, id)
}
