package workbook

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// The canonical session file: what `export --format json` writes and
// `import` reads. Other export formats are built from the same Session.
//
//	1  framing and reflection answers in fixed fields; template prompts as
//	   three lists of fixed ids (read through format1.go's conversion)
//	2  answers by question id; the template declares its questions, areas
//	   and tools; the team's equity answer per indicator
//	3  comment threads (parts: domains, questions, measures; replies,
//	   edits, deletions kept as tombstones, resolutions), the last merge's
//	   mark, and the base: which copy of the team's a coach's file was made
//	   from, so the team's merge is three-way
//	4  dated values of the data plan's measures, improvement cycles on
//	   action steps, notes on check-ins (all optional: a file of version 2
//	   or 3 reads as it is)
const (
	ExchangeFormat  = "edtech-workbook/session"
	ExchangeVersion = 4
)

// ExchangeFile is the envelope of an exported session.
type ExchangeFile struct {
	Format  string   `json:"format"`
	Version int      `json:"version"`
	Session *Session `json:"session"`
	// Base is the copy of the session this one was made from, in a file a
	// coach sends back: what the team sent (nil in the team's own files).
	Base *ExchangeBase `json:"base,omitempty"`
}

// ExchangeBase says which copy of the team's a coach's file was made from:
// its revision in the team's workbook file and the SHA-256 of its canonical
// file (BaseHash), and the copy itself when it is small enough
// (MaxBaseBytes) to travel along.
type ExchangeBase struct {
	Revision int      `json:"revision"`
	SHA256   string   `json:"sha256"`
	Session  *Session `json:"session,omitempty"`
}

// MaxBaseBytes bounds the copy of the base a file carries, as written:
// larger bases travel as their revision and hash only.
const MaxBaseBytes = 4 << 20

// BaseHash is the hex SHA-256 of the session's canonical file
// (MarshalSession): what identifies a base.
func BaseHash(s *Session) (string, error) {
	b, err := MarshalSession(s)
	if err != nil {
		return "", err
	}
	return HashFile(b), nil
}

// HashFile is the hex SHA-256 of a file's bytes.
func HashFile(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// MarshalSessionWithBase is MarshalSession with the base the session was
// made from (see ExchangeBase). The copy of the base is left out when the
// file would otherwise pass MaxImportSize: what the store accepts, import
// accepts.
func MarshalSessionWithBase(s *Session, base *ExchangeBase) ([]byte, error) {
	if base == nil {
		return MarshalSession(s)
	}
	for _, b := range []*ExchangeBase{base, {Revision: base.Revision, SHA256: base.SHA256}} {
		file := ExchangeFile{Format: ExchangeFormat, Version: ExchangeVersion, Session: s, Base: b}
		out, err := MarshalJSON(file, true)
		if err == nil && len(out) > MaxImportSize {
			out, err = MarshalJSON(file, false)
		}
		if err != nil {
			return nil, fmt.Errorf("cannot encode session %s: %w", s.ID, err)
		}
		if len(out) <= MaxImportSize || b.Session == nil {
			return out, nil
		}
	}
	return nil, fmt.Errorf("cannot encode session %s", s.ID)
}

// exchangeFileV1 is the envelope of an exchange-format-1 file.
type exchangeFileV1 struct {
	Format  string     `json:"format"`
	Version int        `json:"version"`
	Session *v1Session `json:"session"`
}

// MarshalSession writes the canonical JSON of a session: indented, keys in a
// fixed order, ending in a newline, so the same session gives the same bytes.
// Hidden characters are \uXXXX escapes (see MarshalJSON). A session whose
// indented file would be larger than MaxImportSize (only a session near the
// store's limit made of thousands of tiny nested items gets there) is
// written compact instead, which always fits (see MaxImportSize): what the
// store accepts, import accepts.
func MarshalSession(s *Session) ([]byte, error) {
	file := ExchangeFile{Format: ExchangeFormat, Version: ExchangeVersion, Session: s}
	out, err := MarshalJSON(file, true)
	if err == nil && len(out) > MaxImportSize {
		out, err = MarshalJSON(file, false)
	}
	if err != nil {
		return nil, fmt.Errorf("cannot encode session %s: %w", s.ID, err)
	}
	return out, nil
}

// Clone returns a deep copy of the session. The template snapshot is shared:
// it is never changed after a session is created. Written out by hand
// because the UI clones on every save (a JSON round trip cost 0.5–1.3 ms);
// TestCloneIsDeep fails when a new field is not copied.
func (s *Session) Clone() *Session {
	c := *s
	c.Roster = slices.Clone(s.Roster)
	if s.Ratings != nil {
		c.Ratings = make(map[string]*IndicatorRating, len(s.Ratings))
		for id, r := range s.Ratings {
			if r == nil {
				c.Ratings[id] = nil
				continue
			}
			rc := *r
			rc.Members = maps.Clone(r.Members)
			c.Ratings[id] = &rc
		}
	}
	c.Problem.FocusIndicators = slices.Clone(s.Problem.FocusIndicators)
	c.Problem.Tools = slices.Clone(s.Problem.Tools)
	if s.Answers != nil {
		c.Answers = make(map[string]Answer, len(s.Answers))
		for id, a := range s.Answers {
			a.Choices = slices.Clone(a.Choices)
			c.Answers[id] = a
		}
	}
	c.Plan.Actions = slices.Clone(s.Plan.Actions)
	for i := range c.Plan.Actions {
		c.Plan.Actions[i].Cycles = slices.Clone(c.Plan.Actions[i].Cycles)
	}
	c.Plan.DataPlan = slices.Clone(s.Plan.DataPlan)
	for i := range c.Plan.DataPlan {
		c.Plan.DataPlan[i].Values = slices.Clone(c.Plan.DataPlan[i].Values)
	}
	c.CheckIns = slices.Clone(s.CheckIns)
	c.Reflection.Conditions = slices.Clone(s.Reflection.Conditions)
	c.Comments = slices.Clone(s.Comments)
	if s.Merged != nil {
		m := *s.Merged
		m.Comments = slices.Clone(s.Merged.Comments)
		c.Merged = &m
	}
	if s.Previous != nil {
		p := *s.Previous
		p.Baseline = maps.Clone(s.Previous.Baseline)
		p.Retired = slices.Clone(s.Previous.Retired)
		p.Finished = slices.Clone(s.Previous.Finished)
		p.Domains = slices.Clone(s.Previous.Domains)
		p.Areas = slices.Clone(s.Previous.Areas)
		c.Previous = &p
	}
	return &c
}

// Clone returns a deep copy of t (a template as plain data: a round trip
// through its JSON, which cannot fail).
func (t *Template) Clone() *Template {
	var c Template
	buf, _ := json.Marshal(t)
	_ = json.Unmarshal(buf, &c)
	return &c
}
