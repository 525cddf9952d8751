// Package content holds the data shipped inside the binary: the built-in
// workbook templates (YAML), the demo session and the demo district's tool
// inventory (canonical JSON). It has no
// logic; the workbook package parses what is here.
package content

import "embed"

// FS holds templates/*.yaml, demo.json and demo-inventory.json.
//
//go:embed templates/*.yaml demo.json demo-inventory.json
var FS embed.FS

// TemplateDir is the folder of built-in templates inside FS.
const TemplateDir = "templates"

// DemoFile is the demo session inside FS.
const DemoFile = "demo.json"

// DemoInventoryFile is the demo district's tool inventory inside FS, in the
// format of `inventory export --format json`.
const DemoInventoryFile = "demo-inventory.json"
