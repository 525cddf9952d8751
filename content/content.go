// Package content holds the data shipped inside the binary: the built-in
// workbook templates (YAML) and the demo session (canonical JSON). It has no
// logic; the workbook package parses what is here.
package content

import "embed"

// FS holds templates/*.yaml and demo.json.
//
//go:embed templates/*.yaml demo.json
var FS embed.FS

// TemplateDir is the folder of built-in templates inside FS.
const TemplateDir = "templates"

// DemoFile is the demo session inside FS.
const DemoFile = "demo.json"
