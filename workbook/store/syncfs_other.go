//go:build !linux

package store

import "errors"

// syncFileSystem is not available here: the files are synced one by one.
func syncFileSystem(string) error { return errors.ErrUnsupported }
