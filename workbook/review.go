package workbook

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"time"
)

// ReviewOutcome says what ImportForReview did with a session.
type ReviewOutcome int

const (
	ReviewImported  ReviewOutcome = iota // it was not in the file: stored as it is
	ReviewUnchanged                      // the file holds it already, identical
	ReviewUpdated                        // the file's version replaced the stored one
)

// ReviewImport says what ImportForReview did, for the caller to word.
type ReviewImport struct {
	Outcome ReviewOutcome
	// KeptComments counts the stored copy's comments the incoming session
	// lacked, kept in the update.
	KeptComments int
	// EarlierCopy is the stored copy kept as a session of its own, named
	// "TEAM (earlier copy)", when it differed in more than comments.
	EarlierCopy *Session
}

// ImportForReview stores a team's session for a coach's review:
//   - not in st: stored as it is;
//   - identical to the stored copy (revision aside): left as it is;
//   - different: the incoming version replaces it under the same id (so the
//     team can merge the coach's comments back), keeping every comment the
//     stored copy had; a stored copy that also differs in anything but
//     comments is first kept as a separate session named "TEAM (earlier
//     copy)". Nothing is lost.
func ImportForReview(st Sessions, incoming *Session) (ReviewImport, error) {
	local, err := st.Get(incoming.ID)
	if err != nil {
		if !errors.Is(err, ErrNotFound) {
			return ReviewImport{}, err
		}
		return ReviewImport{Outcome: ReviewImported}, st.Put(incoming)
	}
	same, err := sameSession(local, incoming)
	if err != nil {
		return ReviewImport{}, err
	}
	if same {
		return ReviewImport{Outcome: ReviewUnchanged}, nil
	}
	res := ReviewImport{Outcome: ReviewUpdated}
	if !sameIgnoringComments(local, incoming) {
		earlier := local.Clone()
		earlier.ID = NewID()
		earlier.Team = strings.TrimSpace(local.Team) + " (earlier copy)"
		if err := st.Put(earlier); err != nil {
			return ReviewImport{}, err
		}
		res.EarlierCopy = earlier
	}
	updated := incoming.Clone()
	updated.Comments, res.KeptComments = UnionComments(incoming.Comments, local.Comments)
	if err := st.Put(updated); err != nil {
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
	return bytes.Equal(ja, jb), nil
}

// sameIgnoringComments: equal but for comments and the save counters (the
// reviewer's own saves bump those).
func sameIgnoringComments(a, b *Session) bool {
	x, y := a.Clone(), b.Clone()
	for _, s := range []*Session{x, y} {
		s.Comments, s.Revision, s.Updated = nil, 0, time.Time{}
	}
	return reflect.DeepEqual(x, y)
}
