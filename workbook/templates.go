package workbook

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

// TemplateSource says where a template came from.
type TemplateSource string

const (
	SourceBuiltin TemplateSource = "built-in"
	SourceStored  TemplateSource = "stored"
)

// TemplateEntry is one template version available to this workbook file.
type TemplateEntry struct {
	Template *Template
	Source   TemplateSource
}

// Stored is what template resolution needs of a workbook file: the
// templates stored in it, and its path to name it in errors.
type Stored interface {
	Templates() ([]*Template, error)
	Path() string
}

// AvailableTemplates lists the built-in templates and those stored in the
// file, by id then version. A stored version with the same id and version as
// a built-in one takes its place.
func AvailableTemplates(s Stored) ([]TemplateEntry, error) {
	builtin, err := BuiltinTemplates()
	if err != nil {
		return nil, err
	}
	stored, err := s.Templates()
	if err != nil {
		return nil, err
	}
	byRef := map[string]TemplateEntry{}
	for _, t := range builtin {
		byRef[t.Ref()] = TemplateEntry{t, SourceBuiltin}
	}
	for _, t := range stored {
		byRef[t.Ref()] = TemplateEntry{t, SourceStored}
	}
	out := make([]TemplateEntry, 0, len(byRef))
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
	if err != nil || n < 1 || n > MaxTemplateVersion {
		return "", 0, fmt.Errorf("template %q has a bad version %q; write it as ID@NUMBER with a number from 1 to 1,000,000, e.g. %s@1", ref, v, id)
	}
	return id, n, nil
}

// ResolveTemplate finds a template by reference: "id" (newest version),
// "id@version", or the path of a YAML file.
func ResolveTemplate(s Stored, ref string) (*Template, error) {
	if strings.HasSuffix(ref, ".yaml") || strings.HasSuffix(ref, ".yml") || strings.ContainsRune(ref, os.PathSeparator) {
		return LoadTemplateFile(ref)
	}
	id, version, err := ParseRef(ref)
	if err != nil {
		return nil, err
	}
	all, err := AvailableTemplates(s)
	if err != nil {
		return nil, err
	}
	var best *Template
	for _, e := range all {
		if e.Template.ID != id {
			continue
		}
		if version == 0 || e.Template.Version == version {
			best = e.Template // sorted by version: the last match is the newest
		}
	}
	if best == nil {
		return nil, fmt.Errorf("no template %s in this build or in %s; see `edtech-workbook template list`", ref, s.Path())
	}
	return best, nil
}

// LoadTemplateFile reads and lints a YAML template file.
func LoadTemplateFile(path string) (*Template, error) {
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
	return ParseTemplate(path, data)
}
