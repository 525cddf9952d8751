// Package templatefile reads and writes templates as YAML files: parse and
// lint with FILE:LINE:COL positions (the rules are workbook's), write,
// diff, show as text, template references and versions, and the built-in
// templates and demo session embedded from content/.
package templatefile
