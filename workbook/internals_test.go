package workbook

// Internals the external tests (package workbook_test) use.
var (
	WalkText         = walkText
	CheckFieldLimits = checkFieldLimits
	FirstForbidden   = firstForbidden
	Clip             = clip
	Commas           = commas
)
