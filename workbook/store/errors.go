package store

import "fmt"

// Kind says what is wrong with a workbook file (or an output path), so a
// caller can word what to do about it: the command line names its commands
// and flags, the app words its own. The store's messages carry only the
// facts.
type Kind int

const (
	KindOther            Kind = iota
	KindDamaged               // a page or record is damaged (ErrCorrupt)
	KindLost                  // missing or empty, but a backup is there (ErrCorrupt)
	KindUnrecognised          // bbolt cannot read it: damaged, or not a workbook file (ErrCorrupt)
	KindNotWorkbook           // a bbolt file of another program
	KindInUse                 // another edtech-workbook holds it (ErrInUse)
	KindMissing               // nothing is at the path
	KindGone                  // it was there, and was moved or deleted
	KindEmpty                 // empty, and no backup of it
	KindNotRegular            // a folder, a device, a FIFO... (or a link to one)
	KindUnreadable            // the path cannot be looked at
	KindNoAccess              // it cannot be read or locked (permissions)
	KindReadOnly              // it or its disk is read-only
	KindCannotOpen            // bbolt cannot open it for another reason
	KindUnfinished            // created but never initialised
	KindNeedsUpgrade          // an older schema, opened read-only
	KindNewer                 // written by a newer edtech-workbook (ErrNewerFile)
	KindBug                   // this build cannot do what was asked
	KindHealthy               // a restore of a file that passes the check (ErrHealthy)
	KindNoBackup              // a restore with no usable backup
	KindSessionExists         // Create of an id the file holds
	KindTemplateExists        // PutTemplate of a version the file holds
	KindConflict              // a save from an older revision (workbook.ErrConflict)
	KindOutputNotRegular      // an output path that names a folder, a device...
	KindOutputWorkbook        // an output path that names a workbook file or its backup
)

// Error is a problem with a workbook file or an output path: the facts in
// one sentence (which file, what is wrong, what is damaged), its Kind, and
// the underlying errors (ErrCorrupt, ErrInUse, the system's error...) for
// errors.Is.
type Error struct {
	Path string
	Kind Kind
	err  error
}

func (e *Error) Error() string { return e.err.Error() }
func (e *Error) Unwrap() error { return e.err }

// fileErr is an *Error about path; format and args are fmt.Errorf's.
func fileErr(path string, kind Kind, format string, args ...any) error {
	return &Error{Path: path, Kind: kind, err: fmt.Errorf(format, args...)}
}
