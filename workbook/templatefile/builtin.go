package templatefile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"edtech-workbook/content"
	"edtech-workbook/workbook"
)

// DefaultTemplateID is the built-in template a new session starts from.
const DefaultTemplateID = "edtech-systems"

// The built-in content is parsed once per process: it is read on every
// screen that lists templates, and parsing 30 indicators each time would
// show up in the start-up benchmark. Both are computed on first use from
// the embedded files and never change after.
var (
	builtinTemplates = sync.OnceValues(func() ([]*workbook.Template, error) { return parseBuiltinTemplates(content.FS) })
	builtinDemo      = sync.OnceValues(func() (*workbook.Session, error) {
		data, err := fs.ReadFile(content.FS, content.DemoFile)
		if err != nil {
			return nil, fmt.Errorf("cannot read the built-in demo session: %w", err)
		}
		return decodeDemo(data)
	})
)

// BuiltinTemplates returns every template shipped in the binary, sorted by id
// then version. The templates are shared: callers must not modify them.
func BuiltinTemplates() ([]*workbook.Template, error) {
	all, err := builtinTemplates()
	if err != nil {
		return nil, err
	}
	return append([]*workbook.Template(nil), all...), nil
}

// parseBuiltinTemplates parses every templates/*.yaml file in fsys.
func parseBuiltinTemplates(fsys fs.FS) ([]*workbook.Template, error) {
	names, err := fs.Glob(fsys, path.Join(content.TemplateDir, "*.yaml"))
	if err != nil {
		return nil, fmt.Errorf("cannot list the built-in templates: %w", err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("this build has no built-in templates; rebuild with content/%s/*.yaml", content.TemplateDir)
	}
	seen := map[string]string{}
	var out []*workbook.Template
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("cannot read the built-in template %s: %w", name, err)
		}
		t, err := Parse(name, data)
		if err != nil {
			return nil, fmt.Errorf("the built-in template %s is broken; fix it and rebuild:\n%w", name, err)
		}
		if other, dup := seen[t.Ref()]; dup {
			return nil, fmt.Errorf("built-in templates %s and %s both define %s; give one a new version", other, name, t.Ref())
		}
		seen[t.Ref()] = name
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].ID != out[j].ID {
			return out[i].ID < out[j].ID
		}
		return out[i].Version < out[j].Version
	})
	return out, nil
}

// BuiltinTemplate finds a built-in template by reference: "id" (the newest
// version), "id@version", or "" for the newest DefaultTemplateID.
func BuiltinTemplate(ref string) (*workbook.Template, error) {
	if strings.TrimSpace(ref) == "" {
		ref = DefaultTemplateID
	}
	id, version, err := ParseRef(ref)
	if err != nil {
		return nil, err
	}
	all, err := BuiltinTemplates()
	if err != nil {
		return nil, err
	}
	var best *workbook.Template
	for _, t := range all {
		if t.ID == id && (version == 0 || t.Version == version) {
			best = t // sorted by version: the last match is the newest
		}
	}
	if best == nil {
		return nil, fmt.Errorf("no built-in template %s; see `edtech-workbook template list`", ref)
	}
	return best, nil
}

// DemoInventory returns the demo district's tool inventory (made-up
// products: six tools, a usage import, last year's snapshot, a decided
// selection request and two evaluations), read and checked as `cohort
// --inventory` reads an exported inventory file.
func DemoInventory() (*workbook.InventoryFile, error) {
	data, err := content.FS.ReadFile(content.DemoInventoryFile)
	if err != nil {
		return nil, fmt.Errorf("the built-in demo inventory is missing from this build (%v)", err)
	}
	f, err := workbook.ImportInventory(data)
	if err != nil {
		return nil, fmt.Errorf("the built-in demo inventory: %v; fix content/%s", err, content.DemoInventoryFile)
	}
	return f, nil
}

// DemoSession returns a fresh copy of the built-in demo session, with the
// snapshot of the built-in template it names.
func DemoSession() (*workbook.Session, error) {
	demo, err := builtinDemo()
	if err != nil {
		return nil, err
	}
	return demo.Clone(), nil
}

// decodeDemo reads a session in the exchange format whose template is given
// only by id and version, and attaches the built-in snapshot of it.
func decodeDemo(data []byte) (*workbook.Session, error) {
	var file workbook.ExchangeFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields() // a typo in the demo should fail the build's tests, not vanish
	if err := dec.Decode(&file); err != nil {
		return nil, fmt.Errorf("the built-in demo session is not valid JSON (%v); fix content/%s", err, content.DemoFile)
	}
	if file.Format != workbook.ExchangeFormat || file.Version != workbook.ExchangeVersion {
		return nil, fmt.Errorf("the built-in demo session is %q version %d; this build reads %q version %d", file.Format, file.Version, workbook.ExchangeFormat, workbook.ExchangeVersion)
	}
	if file.Session == nil {
		return nil, fmt.Errorf("the built-in demo session has no session; fix content/%s", content.DemoFile)
	}
	s := file.Session
	ref := fmt.Sprintf("%s@%d", s.Template.ID, s.Template.Version)
	tmpl, err := BuiltinTemplate(ref)
	if err != nil {
		return nil, fmt.Errorf("the built-in demo session uses template %s: %w", ref, err)
	}
	s.Template = *tmpl
	return s, nil
}
