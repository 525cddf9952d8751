// Package store keeps a workbook's sessions and templates in one bbolt
// file: opening it safely (file identity, the page check), revisions,
// checksums, migrations, backups, doctor and restore, and the atomic,
// private writing of output files with their path checks. Its errors carry
// the facts (*Error with a Kind); callers word what to do.
package store
