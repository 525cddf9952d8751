package store

import (
	"bytes"
	"encoding/json"

	"edtech-workbook/workbook"
)

// sessionDecoder decodes session records in walks over many sessions (the
// full check, export --all). Most sessions of a file share their template
// snapshot, about 70% of a record's bytes, so a decoder decodes a template
// again only when its bytes differ from the last one it decoded; the rest
// of the record decodes as decodeSession decodes it, and the result is the
// same. One decoder per goroutine: the sessions it returns share their
// template's slices and maps, which nothing changes.
type sessionDecoder struct {
	raw  []byte // the last template's bytes
	tmpl workbook.Template
}

func (d *sessionDecoder) decode(p []byte) (*workbook.Session, error) {
	var sess workbook.Session
	rec := struct {
		*workbook.Session
		Template json.RawMessage `json:"template"` // shadows Session.Template
	}{Session: &sess}
	if err := json.Unmarshal(p, &rec); err != nil {
		return nil, err
	}
	if d.raw == nil || !bytes.Equal(rec.Template, d.raw) {
		var t workbook.Template
		if len(rec.Template) > 0 {
			if err := json.Unmarshal(rec.Template, &t); err != nil {
				return nil, err
			}
		}
		d.raw, d.tmpl = append([]byte{}, rec.Template...), t
	}
	sess.Template = d.tmpl
	return &sess, nil
}
