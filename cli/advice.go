package cli

import (
	"errors"

	"edtech-workbook/workbook/store"
)

// advice is what to do on the command line about a kind of problem the
// store reports ("" when there is nothing to add); the store's own messages
// carry only the facts.
func advice(k store.Kind) string {
	switch k {
	case store.KindDamaged:
		return "run `edtech-workbook doctor` to check it and `edtech-workbook doctor --restore` to go back to the last backup"
	case store.KindLost:
		return "run `edtech-workbook doctor --restore` to put the backup back"
	case store.KindUnrecognised:
		return "run `edtech-workbook doctor --restore` or pass another --db"
	case store.KindNotWorkbook:
		return "pass another --db"
	case store.KindInUse:
		return "close it or pass --db"
	case store.KindMissing:
		return "check the path or --db (running edtech-workbook creates it)"
	case store.KindGone:
		return "check the path or pass --db"
	case store.KindEmpty:
		return "pass another --db, or delete it and run edtech-workbook to start one"
	case store.KindNotRegular:
		return "pass --db with the path of a regular file"
	case store.KindUnreadable:
		return "check the path or pass --db"
	case store.KindNoAccess:
		return "check its permissions or pass --db"
	case store.KindReadOnly:
		return "fix its permissions or pass another --db"
	case store.KindCannotOpen:
		return "check its permissions or pass another --db"
	case store.KindUnfinished:
		return "delete it, or run edtech-workbook to start one there"
	case store.KindNeedsUpgrade:
		return "open it with edtech-workbook first"
	case store.KindNewer:
		return "update edtech-workbook"
	case store.KindBug:
		return "this is a bug, please report it"
	case store.KindHealthy:
		return "nothing to restore — pass --force to roll back to its backup anyway"
	case store.KindNoBackup:
		return "export what you can with `edtech-workbook export`"
	case store.KindSessionExists:
		return "import it with another id"
	case store.KindTemplateExists:
		return "pass --replace to overwrite it"
	case store.KindConflict:
		return "run the command again"
	case store.KindOutputNotRegular:
		return "choose another file, or - for standard output"
	case store.KindOutputWorkbook:
		return "choose another file, or - for standard output"
	}
	return ""
}

// withAdvice adds the command line's remedy to an error that carries a
// store problem: "FACTS; WHAT TO DO". Other errors are returned as they are.
func withAdvice(err error) error {
	var se *store.Error
	if !errors.As(err, &se) || advice(se.Kind) == "" {
		return err
	}
	return advisedError{err: err, advice: advice(se.Kind)}
}

type advisedError struct {
	err    error
	advice string
}

func (e advisedError) Error() string { return e.err.Error() + "; " + e.advice }
func (e advisedError) Unwrap() error { return e.err }
