package workbook

import "errors"

// Verdicts about the data that callers test with errors.Is; the store
// returns them too.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("changed by someone else since it was loaded")
	ErrTooLarge = errors.New("too large")
)
