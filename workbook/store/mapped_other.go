//go:build !unix

package store

import (
	"io"
	"os"
)

// mapFile maps nothing here: the page check reads with plain reads.
func mapFile(*os.File, int64) (io.ReaderAt, func(), bool) { return nil, nil, false }
