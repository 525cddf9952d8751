package store

import (
	"errors"
	"fmt"
	"os"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// backupGenerations is how many backups are kept: FILE.bak (the newest),
// FILE.bak.1, FILE.bak.2.
const backupGenerations = 3

// BackupPath is the newest backup of the workbook file at path: the copy
// the app refreshes when it opens a changed file, and the one a migration
// takes first.
func BackupPath(path string) string { return path + ".bak" }

// PreviousBackupPath is the backup before BackupPath.
func PreviousBackupPath(path string) string { return BackupPath(path) + ".1" }

// BackupPaths lists every backup generation of path, newest first.
func BackupPaths(path string) []string {
	out := []string{BackupPath(path)}
	for i := 1; i < backupGenerations; i++ {
		out = append(out, BackupPath(path)+"."+strconv.Itoa(i))
	}
	return out
}

// existingBackup returns the newest backup of path that exists ("" if none).
func existingBackup(path string) string {
	for _, b := range BackupPaths(path) {
		if fi, err := statPath(b); err == nil && fi != nil {
			return b
		}
	}
	return ""
}

// errUnchanged says the backup already holds the file's last save.
var errUnchanged = errors.New("unchanged")

// SnapshotBackup makes a new newest backup of the file (the app calls it
// once when it opens the file), keeping backupGenerations of them. A
// backup only moves forward when it is good: the copy is checked as
// strictly as `doctor` checks (checksums, every record decoded and
// validated, bbolt's page check) before it is rotated in, so a damaged file
// never pushes a good backup out; on any problem the backups are left as
// they are and the error names the problem.
//
// The copy is taken under the file's shared lock (a consistent snapshot of
// the last save) and checked after the lock is released, so a long check
// never keeps another edtech-workbook from saving. A backup whose last
// transaction id equals the file's is already a copy of it: reopening an
// unchanged file copies nothing. (Comparing mtimes is not enough: a save in
// the same clock tick as the backup looks "older".)
func (s *Store) SnapshotBackup() error {
	bak := BackupPath(s.path)
	removeStaleTemps(s.path)
	bakTx, haveBak := fileTxID(bak)
	var pending *pendingFile
	err := s.view(func(r *rtx) error {
		if haveBak && bakTx == r.tx.ID() {
			return errUnchanged
		}
		var err error
		pending, err = s.cfg.writeTemp(bak, func(f *os.File) error { _, err := r.tx.WriteTo(f); return err })
		return err
	})
	switch {
	case errors.Is(err, errUnchanged):
		return nil
	case errors.Is(err, ErrCorrupt):
		return fmt.Errorf("the backup %s was left as it is because %w", bak, err)
	case err != nil:
		return err
	}
	return s.cfg.commitBackup(pending, s.path)
}

// commitBackup checks a complete copy of the file at path and, when it is
// good, rotates the backups and puts it in as the newest.
func (c *config) commitBackup(p *pendingFile, path string) error {
	problems, _, err := c.checkCopy(p.tmp, path)
	if err == nil && len(problems) > 0 {
		err = problems[0]
	}
	if err != nil {
		p.discard()
		return fmt.Errorf("the backup %s was left as it is because %w", p.path, err)
	}
	return p.commit(func() error { return rotateBackups(path) })
}

// rotateBackups moves each backup one generation down; the oldest is
// dropped. Only a checked copy is ever rotated in, so the newest good
// backup is the one about to be written.
func rotateBackups(path string) error {
	gens := BackupPaths(path)
	for i := len(gens) - 1; i > 0; i-- {
		if err := os.Rename(gens[i-1], gens[i]); err != nil && !errors.Is(err, os.ErrNotExist) {
			return writeErr(gens[i], err)
		}
	}
	return nil
}

// Backup writes a consistent copy of the file to path (0600), atomically.
func (s *Store) Backup(path string) error {
	return s.view(func(r *rtx) error {
		return s.cfg.writeAtomic(path, func(f *os.File) error { _, err := r.tx.WriteTo(f); return err }, nil)
	})
}

// copyTx writes a copy of the file as of tx to a pending file beside dest.
func (c *config) copyTx(tx *bolt.Tx, dest string) (*pendingFile, error) {
	return c.writeTemp(dest, func(f *os.File) error { _, err := tx.WriteTo(f); return err })
}
