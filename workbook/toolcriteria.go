package workbook

import "edtech-workbook/workbook/inventory"

// ToolCriteria is the pass/fail gates and weighted criteria that a workbook
// file's selection requests and tool evaluations are answered against, when
// the file does not hold its own yet (the store keeps a copy with the
// inventory once a request or evaluation is saved, as a session keeps its
// template).
//
// Until templates carry a `tools:` section this is the built-in
// inventory.DefaultCriteria. It is the one place to switch to the
// template's criteria: the command line and the app both ask here.
func ToolCriteria() inventory.Criteria { return inventory.DefaultCriteria() }
