package workbook

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Report is what Doctor found in a workbook file.
type Report struct {
	Path      string
	Size      int64  // bytes on disk
	Schema    uint64 // schema version recorded in the file
	Sessions  int
	Templates int
	// Problems lists every inconsistency found; empty means the file is clean.
	Problems []string
	// Backup is the newest backup on disk ("" when there is none); Restore
	// uses it, or the one before if it is damaged.
	Backup     string
	BackupTime time.Time
}

// OK reports whether the file is clean.
func (r Report) OK() bool { return len(r.Problems) == 0 }

var errLocked = errors.New("locked")

// Doctor checks the workbook file at path without writing to it: bbolt's
// page check, then every record decoded. Damage of any kind is listed in
// Report.Problems; the error is for files that cannot be examined at all
// (missing, in use, unreadable, or from a newer edtech-workbook).
func Doctor(path string) (Report, error) {
	rep := Report{Path: path}
	if bak, err := lastBackup(path); err == nil {
		rep.Backup = bak
		if fi, err := os.Stat(bak); err == nil {
			rep.BackupTime = fi.ModTime()
		}
	}
	fi, err := os.Stat(path)
	if err != nil {
		return rep, fmt.Errorf("workbook file %s cannot be read (%v); check the path or pass --db", path, err)
	}
	rep.Size = fi.Size()
	var problems []error
	err = fileFor(path).do(false, func(db *bolt.DB) error {
		return guarded(path, func() error {
			return db.View(func(tx *bolt.Tx) error {
				if err := checkTx(tx, path); err != nil {
					return err
				}
				schema, err := readSchema(tx, path)
				if err != nil {
					return err
				}
				rep.Schema = schema
				if schema > currentSchema {
					return newerErr(path, schema)
				}
				var counts recordCounts
				problems = checkRecords(tx, path, &counts, true)
				rep.Sessions, rep.Templates = counts.sessions, counts.templates
				return nil
			})
		})
	})
	if err != nil && !errors.Is(err, ErrCorrupt) {
		return rep, err
	}
	if err != nil {
		problems = append(problems, err)
	}
	for _, p := range problems {
		rep.Problems = append(rep.Problems, p.Error())
	}
	return rep, nil
}

// lastBackup returns the newest backup of path that exists.
func lastBackup(path string) (string, error) {
	for _, p := range []string{BackupPath(path), PreviousBackupPath(path)} {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("there is no backup of workbook file %s (%s)", path, BackupPath(path))
}

// Restored says what RestoreBackup did, for the command to report.
type Restored struct {
	From    string // the backup copied into place
	Damaged string // where the replaced file was moved ("" if there was none)
	Report  Report // Doctor's report on the restored file
}

// RestoreBackup puts the last good backup in place of the workbook file at
// path and says what it did. The damaged file is kept as
// PATH.damaged-<UTC time> for whoever wants to rescue something from it.
// The backup is checked before and after the swap.
func RestoreBackup(path string) (Restored, error) {
	bak, err := usableBackup(path)
	if err != nil {
		return Restored{}, err
	}
	out := Restored{From: bak}
	if _, err := os.Stat(path); err == nil {
		out.Damaged = fmt.Sprintf("%s.damaged-%s", path, time.Now().UTC().Format("20060102T150405.000Z"))
	}
	if err := swapIn(path, bak, out.Damaged); err != nil {
		return out, err
	}
	if out.Report, err = Doctor(path); err != nil {
		return out, err
	}
	if !out.Report.OK() {
		return out, fmt.Errorf("workbook file %s was restored from %s but still has problems (%s); the damaged file is %s", path, bak, out.Report.Problems[0], out.Damaged)
	}
	return out, nil
}

// usableBackup returns the newest backup that passes the full check.
func usableBackup(path string) (string, error) {
	var why []string
	for _, bak := range []string{BackupPath(path), PreviousBackupPath(path)} {
		if _, err := os.Stat(bak); err != nil {
			why = append(why, bak+" does not exist")
			continue
		}
		rep, err := Doctor(bak)
		switch {
		case err != nil:
			why = append(why, err.Error())
		case !rep.OK():
			why = append(why, fmt.Sprintf("%s is damaged too", bak))
		default:
			return bak, nil
		}
	}
	return "", fmt.Errorf("workbook file %s was left as it is because there is no usable backup (%s); export what you can with `edtech-workbook export`", path, strings.Join(why, "; "))
}

// swapIn copies bak over path, moving the old file to aside ("" when there
// is no old file), while holding the file's lock so no other edtech-workbook
// is using it.
func swapIn(path, bak, aside string) error {
	f := fileFor(path)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.release()
	// A backup handle of our own could be open from the check just made.
	_ = fileFor(bak).close()

	if aside != "" {
		unlock, err := lockExclusive(path)
		if errors.Is(err, errLocked) {
			return fmt.Errorf("workbook file %s is %w; close it or pass --db", path, ErrInUse)
		}
		if err != nil {
			return fmt.Errorf("workbook file %s cannot be locked for the restore (%v); check its permissions", path, err)
		}
		defer unlock()
	}
	src, err := os.Open(bak)
	if err != nil {
		return fmt.Errorf("backup %s cannot be read (%v); check its permissions", bak, err)
	}
	defer src.Close()
	moveAside := func() error {
		if aside == "" {
			return nil
		}
		return os.Rename(path, aside)
	}
	err = writeAtomic(path, func(dst *os.File) error { _, err := io.Copy(dst, src); return err }, moveAside)
	if err != nil {
		return fmt.Errorf("workbook file %s was not restored: %w", path, err)
	}
	return nil
}
