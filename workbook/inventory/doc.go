// Package inventory holds a district's edtech tools and the decisions made
// about them: the inventory itself (one per workbook file, with a snapshot
// per school year), usage imported from single sign-on or network reports,
// selection requests for new tools, yearly evaluations of tools in use, the
// short list of core tools, renewal and agreement alerts, and a cohort count
// of tools shared across districts.
//
// Everything is aggregate: the package has no field for a student, and a
// usage report whose columns look like student identifiers is refused.
//
// The package is a leaf: it imports nothing from this module, keeps no
// package-level state and never reads the clock. Functions that depend on
// "today" take the date as an argument.
package inventory
