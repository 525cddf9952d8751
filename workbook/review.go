package workbook

import (
	"errors"
	"fmt"
	"time"
)

// ReceivedFile is one file a coach received from a team, kept in the
// coach's workbook file beside the session it updated: the rounds of the
// review. Its content (the session's canonical file, MarshalSession) is
// stored with it; SHA256 is that content's hash (BaseHash), the base of the
// coach's next file back to the team.
type ReceivedFile struct {
	Session  string    `json:"session"`  // the session's id
	Round    int       `json:"round"`    // 1, 2, … in the order received
	Received time.Time `json:"received"` // when the coach reviewed it
	Name     string    `json:"name"`     // the file's name, without its folder
	SHA256   string    `json:"sha256"`
	Revision int       `json:"revision"` // the session's revision in the team's workbook file
	Updated  time.Time `json:"updated"`  // the session's last change, as the file says
	Team     string    `json:"team"`
	Bytes    int       `json:"bytes"` // the content's size
}

// ReviewStore is what a coach's review needs of a workbook file; *store.Store
// provides it.
type ReviewStore interface {
	Sessions
	// Receive stores s (replacing the stored session with its id) and adds
	// f, with content, to the session's received files, in one save; it
	// returns f numbered as its round.
	Receive(s *Session, f ReceivedFile, content []byte) (ReceivedFile, error)
	ReceivedReader
}

// ReceivedReader reads the files a coach received for a session.
type ReceivedReader interface {
	// ReceivedFiles lists a session's received files, oldest first (none
	// for a session never reviewed).
	ReceivedFiles(id string) ([]ReceivedFile, error)
	// ReceivedSession reads round n of a session's received files.
	ReceivedSession(id string, round int) (*Session, ReceivedFile, error)
}

// ReviewOutcome says what ImportForReview did with a session.
type ReviewOutcome int

const (
	ReviewImported  ReviewOutcome = iota // it was not in the file: stored as it is
	ReviewUnchanged                      // the file is the last one received, or the stored copy as it is
	ReviewUpdated                        // the file's version updated the stored one
)

// ReviewImport says what ImportForReview did, for the caller to word.
type ReviewImport struct {
	Outcome ReviewOutcome
	// File is the received file as kept (zero when the outcome is
	// ReviewUnchanged and it was already kept).
	File ReceivedFile
	// Comments is what the team's file brought to the comments.
	Comments CommentChanges
	// Changes is what changed since the previous round (or the stored copy).
	Changes Comparison
}

// ImportForReview stores a team's session file for a coach's review. A
// coach's workbook holds each team's session once, with the files received
// for it (the rounds):
//   - a session not in st is stored as it is, its file round 1;
//   - a file identical to the last one received (or, for a session stored
//     before rounds were kept, to the stored copy) changes nothing;
//   - otherwise the file updates the session under the same id: the team's
//     content, the coach's comments kept and the team's replies, edits,
//     deletions and resolutions merged in (a deletion always wins; of two
//     changes the later), and the file is added as the next round.
//
// The session's merge mark then names the comments the file brought, so
// the coach sees them marked new.
func ImportForReview(st ReviewStore, f SessionFile, now time.Time) (ReviewImport, error) {
	incoming := f.Session
	content, err := MarshalSession(incoming)
	if err != nil {
		return ReviewImport{}, err
	}
	rec := ReceivedFile{Session: incoming.ID, Received: now, Name: CleanLine(f.Name), SHA256: HashFile(content),
		Revision: incoming.Revision, Updated: incoming.Updated, Team: incoming.Team, Bytes: len(content)}
	local, err := st.Get(incoming.ID)
	if err != nil {
		if !errors.Is(err, ErrNotFound) {
			return ReviewImport{}, err
		}
		stored := incoming.Clone()
		stored.Merged = nil
		rec, err = st.Receive(stored, rec, content)
		return ReviewImport{Outcome: ReviewImported, File: rec}, err
	}
	rounds, err := st.ReceivedFiles(incoming.ID)
	if err != nil {
		return ReviewImport{}, err
	}
	previous := local
	if n := len(rounds); n > 0 {
		if rounds[n-1].SHA256 == rec.SHA256 {
			return ReviewImport{Outcome: ReviewUnchanged}, nil
		}
		if previous, _, err = st.ReceivedSession(incoming.ID, rounds[n-1].Round); err != nil {
			return ReviewImport{}, err
		}
	} else if same, err := sameSession(local, incoming); err != nil {
		return ReviewImport{}, err
	} else if same {
		// Stored before rounds were kept: the file becomes round 1.
		rec, err = st.Receive(local, rec, content)
		return ReviewImport{Outcome: ReviewUnchanged, File: rec}, err
	}
	res := ReviewImport{Outcome: ReviewUpdated}
	if res.Changes, err = Compare(previous, incoming); err != nil {
		return ReviewImport{}, err
	}
	updated := incoming.Clone()
	updated.Comments, res.Comments, _ = mergeComments(updated, false, nil, local.Comments, incoming.Comments)
	var ids []string
	for _, c := range res.Comments.All() {
		ids = append(ids, c.ID)
	}
	updated.Merged = &MergeMark{At: now, From: CleanLine(incoming.Team), Comments: ids}
	if err := ValidateSession(updated); err != nil {
		return ReviewImport{}, fmt.Errorf("the file cannot update %q: %s; ask the team to export it again", CleanLine(local.Team), ValidationProblem(err))
	}
	if res.File, err = st.Receive(updated, rec, content); err != nil {
		return ReviewImport{}, err
	}
	return res, nil
}

// sameSession compares two sessions by their canonical JSON, revision
// aside: the store assigns revisions, so a stored copy never carries the
// file's.
func sameSession(a, b *Session) (bool, error) {
	x, y := a.Clone(), b.Clone()
	x.Revision, y.Revision = 0, 0
	ja, err := MarshalSession(x)
	if err != nil {
		return false, err
	}
	jb, err := MarshalSession(y)
	if err != nil {
		return false, err
	}
	return string(ja) == string(jb), nil
}

// BaseFor is the base of a file the coach sends back for session id: its
// last received file (nil when it has none, e.g. a session of the coach's
// own).
func BaseFor(st ReceivedReader, id string) (*ExchangeBase, error) {
	rounds, err := st.ReceivedFiles(id)
	if err != nil || len(rounds) == 0 {
		return nil, err
	}
	last := rounds[len(rounds)-1]
	s, _, err := st.ReceivedSession(id, last.Round)
	if err != nil {
		return nil, err
	}
	b := &ExchangeBase{Revision: last.Revision, SHA256: last.SHA256}
	if last.Bytes <= MaxBaseBytes {
		b.Session = s
	}
	return b, nil
}
