// Package storetest opens workbook files for tests and, when the test
// ends, checks that they are still consistent. Only tests import it.
package storetest

import (
	"errors"
	"testing"

	"edtech-workbook/workbook/store"
)

// Open opens the workbook file at path for reading and writing and, when
// the test ends, closes it and runs the store's full consistency check
// (every page, checksum, record, list entry and digest; see Store.Check),
// failing the test on any problem. Tests that damage the file on purpose
// open it with store.Open instead.
func Open(t testing.TB, path string) *store.Store {
	t.Helper()
	st, err := store.Open(path, store.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := errors.Join(append(st.Check(), st.Close())...); err != nil {
			t.Errorf("workbook file %s is not consistent at the end of the test: %v", st.Path(), err)
		}
	})
	return st
}
