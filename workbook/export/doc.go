// Package export renders a session as Markdown, HTML (both from
// workbook.Report), JSON or CSV, and many teams' sessions as a cohort
// report. Rendering returns bytes; the caller writes them (through
// store.WriteFileAtomic for files).
package export
