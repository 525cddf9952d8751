package templatefile

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/inventory"
)

// Source says where a template came from.
type Source string

const (
	SourceBuiltin Source = "built-in"
	SourceStored  Source = "stored"
)

// Entry is one template version available to this workbook file.
type Entry struct {
	Template *workbook.Template
	Source   Source
}

// Stored is what template resolution needs of a workbook file: the
// templates stored in it, and its path to name it in errors.
type Stored interface {
	Templates() ([]*workbook.Template, error)
	Path() string
}

// Available lists the built-in templates and those stored in the
// file, by id then version. A stored version with the same id and version as
// a built-in one takes its place.
func Available(s Stored) ([]Entry, error) {
	builtin, err := BuiltinTemplates()
	if err != nil {
		return nil, err
	}
	stored, err := s.Templates()
	if err != nil {
		return nil, err
	}
	byRef := map[string]Entry{}
	for _, t := range builtin {
		byRef[t.Ref()] = Entry{t, SourceBuiltin}
	}
	for _, t := range stored {
		byRef[t.Ref()] = Entry{t, SourceStored}
	}
	out := make([]Entry, 0, len(byRef))
	for _, e := range byRef {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Template, out[j].Template
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return a.Version < b.Version
	})
	return out, nil
}

// ParseRef splits "id@version" (version 0 when absent: the newest).
func ParseRef(ref string) (id string, version int, err error) {
	id, v, found := strings.Cut(strings.TrimSpace(ref), "@")
	if id == "" {
		return "", 0, fmt.Errorf("no template named; give an id such as %s or %s@1", DefaultTemplateID, DefaultTemplateID)
	}
	if !found {
		return id, 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > workbook.MaxTemplateVersion {
		return "", 0, fmt.Errorf("template %q has a bad version %q; write it as ID@NUMBER with a number from 1 to 1,000,000, e.g. %s@1", ref, v, id)
	}
	return id, n, nil
}

// Resolve finds a template by reference: "id" (newest version),
// "id@version", or the path of a YAML file.
func Resolve(s Stored, ref string) (*workbook.Template, error) {
	if strings.HasSuffix(ref, ".yaml") || strings.HasSuffix(ref, ".yml") || strings.ContainsRune(ref, os.PathSeparator) {
		return Load(ref)
	}
	id, version, err := ParseRef(ref)
	if err != nil {
		return nil, err
	}
	all, err := Available(s)
	if err != nil {
		return nil, err
	}
	var best *workbook.Template
	for _, e := range all {
		if e.Template.ID != id {
			continue
		}
		if version == 0 || e.Template.Version == version {
			best = e.Template // sorted by version: the last match is the newest
		}
	}
	if best == nil {
		return nil, fmt.Errorf("no template %s in this build or in %s; if your facilitator sent it as a file, store it with `edtech-workbook template import FILE.yaml` and try again (`edtech-workbook template list` shows the templates you have)", ref, s.Path())
	}
	return best, nil
}

// Load reads and lints a YAML template file.
func Load(path string) (*workbook.Template, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("template file %s cannot be read: %w", path, err)
	}
	if info.Size() > MaxTemplateSize {
		return nil, fmt.Errorf("template file %s is %d bytes; the limit is %d", path, info.Size(), MaxTemplateSize)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("template file %s cannot be read: %w", path, err)
	}
	return Parse(path, data)
}

// NextTemplateVersion returns a copy of t as the starting point of its next
// version: version raised by one, school year moved on by one. A version
// outside 1..MaxTemplateVersion, or the last one, has no next version.
func NextTemplateVersion(t *workbook.Template) (*workbook.Template, error) {
	if t.Version < 1 || t.Version >= workbook.MaxTemplateVersion {
		return nil, fmt.Errorf("template %s has no next version: versions run from 1 to 1,000,000; start a new template id instead", t.Ref())
	}
	next := t.Clone()
	next.Version = t.Version + 1
	if y, err := workbook.NextSchoolYear(t.SchoolYear); err == nil {
		next.SchoolYear = y
	}
	return next, nil
}

// InventoryCriteria is the selection and evaluation criteria the file's
// tool inventory follows, and the template they come from: the newest
// version of DefaultTemplateID, stored in the file or built in (the
// template a new session starts from), through workbook.ToolCriteria. The
// inventory keeps a copy and adopts these with workbook.AdoptToolCriteria.
func InventoryCriteria(s Stored) (inventory.Criteria, string, error) {
	t, err := Resolve(s, DefaultTemplateID)
	if err != nil {
		return inventory.Criteria{}, "", err
	}
	return workbook.ToolCriteria(t), t.Ref(), nil
}
