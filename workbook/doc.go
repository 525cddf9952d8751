// Package workbook is the domain of edtech-workbook: the template and
// session model, scoring, progress, carry forward, merge, the JSON exchange
// format (import and its validation), the template rules, text cleaning,
// school years, limits, the report model every view reads (Report,
// BuildReport), and the rules the command line and the app share (carry,
// comments, import for review). It imports no other package of this
// module: storage (store), template files (templatefile) and renderers
// (export) build on it, and it never imports the UI.
package workbook
