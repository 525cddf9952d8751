package workbook

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// The canonical session file: what `export --format json` writes and
// `import` reads. Other export formats are built from the same Session.
const (
	ExchangeFormat  = "edtech-workbook/session"
	ExchangeVersion = 1
)

// ExchangeFile is the envelope of an exported session.
type ExchangeFile struct {
	Format  string   `json:"format"`
	Version int      `json:"version"`
	Session *Session `json:"session"`
}

// MarshalSession writes the canonical JSON of a session: indented, keys in a
// fixed order, ending in a newline, so the same session gives the same bytes.
func MarshalSession(s *Session) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(ExchangeFile{Format: ExchangeFormat, Version: ExchangeVersion, Session: s}); err != nil {
		return nil, fmt.Errorf("cannot encode session %s: %w", s.ID, err)
	}
	return buf.Bytes(), nil
}

// Clone returns a deep copy of the session. The template snapshot is shared:
// it is never changed after a session is created.
func (s *Session) Clone() *Session {
	tmpl := s.Template
	c := *s
	c.Template = Template{}
	buf, err := json.Marshal(&c)
	if err != nil {
		panic(fmt.Sprintf("session %s cannot be copied: %v", s.ID, err)) // only plain data inside
	}
	var out Session
	if err := json.Unmarshal(buf, &out); err != nil {
		panic(fmt.Sprintf("session %s cannot be copied: %v", s.ID, err))
	}
	out.Template = tmpl
	return &out
}
