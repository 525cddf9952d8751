package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"edtech-workbook/workbook"
)

// Report is what Doctor found in a workbook file.
type Report struct {
	Path      string
	Size      int64  // bytes on disk
	Schema    uint64 // schema version recorded in the file
	Sessions  int
	Templates int
	// Tools counts the inventory's tools; InventoryRecords every record of
	// the inventory (tools, snapshots, imports, requests, evaluations,
	// criteria). Both are 0 for a file without an inventory.
	Tools            int
	InventoryRecords int
	// Received counts the files kept from teams for review (the rounds).
	Received int
	// Problems lists every inconsistency found; empty means the file is clean.
	Problems []string
	// Backup is the newest backup on disk ("" when there is none); Restore
	// uses the newest one that passes the same check.
	Backup     string
	BackupTime time.Time
}

// OK reports whether the file is clean.
func (r Report) OK() bool { return len(r.Problems) == 0 }

var errLocked = errors.New("locked")

// Doctor checks the workbook file at path without writing to it: its page
// structure, then every record (checksum, decoded, validated; see
// checkFile), then bbolt's page check. Damage of any kind is listed in
// Report.Problems, including a file that is missing or empty while a backup
// of it exists. The error is for files that cannot be examined at all (not
// there and never backed up, not a regular file, in use, unreadable, or
// from a newer edtech-workbook). A FIFO or a device is refused at once,
// never opened.
func Doctor(path string) (Report, error) { return defaultConfig().doctor(path, nil) }

// DoctorProgress is Doctor telling progress how many of the sessions it has
// checked (done of total), as it goes.
func DoctorProgress(path string, progress func(done, total int)) (Report, error) {
	return defaultConfig().doctor(path, progress)
}

func (c *config) doctor(path string, progress func(done, total int)) (Report, error) {
	rep := Report{Path: path}
	if bak := existingBackup(path); bak != "" {
		rep.Backup = bak
		if fi, err := os.Stat(bak); err == nil {
			rep.BackupTime = fi.ModTime()
		}
	}
	fi, exists, err := statWorkbook(path)
	if err != nil {
		return rep, err
	}
	if !exists || fi.Size() == 0 {
		if rep.Backup != "" {
			rep.Problems = []string{lostFileErr(path, exists, rep.Backup).Error()}
			return rep, nil
		}
		if !exists {
			return rep, fileErr(path, KindMissing, "workbook file %s does not exist", path)
		}
		return rep, fileErr(path, KindEmpty, "workbook file %s is empty and holds no workbook, and there is no backup of it", path)
	}
	rep.Size = fi.Size()
	var problems []error
	f := &dbFile{path: path}
	defer f.close()
	err = f.do(accRead, func(db *bolt.DB) error {
		return guarded(path, func() error {
			return db.View(func(tx *bolt.Tx) error {
				rep.Schema, _ = readSchema(tx, path)
				var counts recordCounts
				var err error
				problems, err = c.checkFile(tx, f.file, path, &counts, progress)
				rep.Sessions, rep.Templates = counts.sessions, counts.templates
				rep.Tools, rep.InventoryRecords = counts.tools, counts.inventoryRecords
				rep.Received = counts.received
				return err
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

// Restored says what RestoreBackup did, for the command to report.
type Restored struct {
	From string // the backup put in place
	// Aside is where the replaced file was moved ("" if there was none):
	// PATH.damaged-TIME when it failed the check, PATH.replaced-TIME when
	// it was healthy and the restore was forced.
	Aside   string
	Damaged bool
	// What the restore rolled back, comparing the replaced file's list of
	// sessions with the backup's.
	Lost     []workbook.Summary    // in the replaced file, not in the backup: gone
	Changed  [][2]workbook.Summary // {as the replaced file had it, as the backup has it}
	Returned []workbook.Summary    // in the backup, deleted from the replaced file since: back again
	// Unreadable counts list entries of the replaced file that could not be
	// read; Unknown is set when its list could not be read at all (then
	// what was rolled back is not known).
	Unreadable int
	Unknown    bool
	// The inventory as the replaced file had it (zero when it had none or
	// it could not be read) and as the backup has it.
	InventoryBefore, InventoryAfter InventoryInfo
	Report                          Report // Doctor's report on the restored file
}

// ErrHealthy is returned by RestoreBackup for a file that passes the check.
var ErrHealthy = errors.New("healthy")

// revisionJump is how far a restore moves revisions forward when the
// replaced file cannot be read: more saves than any file sees between a
// backup and a restore (a save a millisecond for 35 years).
const revisionJump = 1 << 40

// RestoreBackup puts the newest backup that passes the full check in place
// of the workbook file at path, and says exactly what that rolled back.
//
// A file that passes the check is not replaced unless force is set (then
// ErrHealthy). The replaced file is kept, as PATH.damaged-<UTC time> when
// it failed the check and PATH.replaced-<UTC time> otherwise. The restore
// holds the file's lock, so no other edtech-workbook is using it.
//
// Every session of the restored file gets a revision above any the replaced
// file ever handed out (its state record's high-water mark, or, when it
// cannot be read, the backup's plus revisionJump): an app that loaded a
// session before the restore gets ErrConflict on its next save and reloads,
// and never writes over the restored data.
func RestoreBackup(path string, force bool) (Restored, error) {
	return defaultConfig().restore(path, force)
}

func (c *config) restore(path string, force bool) (Restored, error) {
	out, err := c.restoreLocked(path, force)
	if err != nil {
		return out, err
	}
	if out.Report, err = c.doctor(path, nil); err != nil {
		return out, err
	}
	if !out.Report.OK() {
		return out, fmt.Errorf("workbook file %s was restored from %s but still has problems (%s); the file it replaced is %s", path, out.From, out.Report.Problems[0], out.Aside)
	}
	return out, nil
}

// restoreLocked is RestoreBackup up to the swap, under the file's exclusive
// lock (which waits for every other handle on it, in this process or
// another, to let go).
func (c *config) restoreLocked(path string, force bool) (Restored, error) {
	var out Restored
	fi, exists, err := statWorkbook(path)
	if err != nil {
		return out, err
	}
	target := path
	if exists {
		if real, err := filepath.EvalSymlinks(path); err == nil {
			target = real // replace the file a link points to, not the link
		}
	}
	var cur replacedFile
	if exists {
		locked, err := lockExclusive(target)
		if errors.Is(err, errLocked) {
			return out, fileErr(path, KindInUse, "workbook file %s is %w", path, ErrInUse)
		}
		if err != nil {
			return out, fileErr(path, KindNoAccess, "workbook file %s cannot be locked for the restore (%v)", path, err)
		}
		defer locked.Close()
		if fi.Size() > 0 {
			if cur, err = c.readReplaced(locked, target, path); err != nil {
				return out, err
			}
		}
	}
	out.Damaged = !cur.healthy
	if cur.healthy && !force {
		return out, fileErr(path, KindHealthy, "workbook file %s is %w", path, ErrHealthy)
	}
	bak, err := c.usableBackup(path)
	if err != nil {
		return out, err
	}
	out.From = bak
	restored, backupList, backupInv, err := c.prepareRestore(bak, target, path, cur)
	if err != nil {
		return out, err
	}
	out.InventoryBefore, out.InventoryAfter = cur.inventory, backupInv
	if cur.listed {
		out.Lost, out.Changed, out.Returned = compareLists(cur.list, backupList)
	}
	out.Unreadable, out.Unknown = cur.unreadable, exists && !cur.listed
	if exists {
		kind := ".damaged-"
		if !out.Damaged {
			kind = ".replaced-"
		}
		out.Aside = asideName(target + kind + time.Now().UTC().Format("20060102T150405.000Z"))
	}
	// The replaced file gets its second name first (a hard link), so the
	// rename of the restored copy over it replaces it in one step: killed
	// at any moment, the path names the old file or the restored one.
	moveAside := func() error {
		if out.Aside == "" {
			return nil
		}
		if err := os.Link(target, out.Aside); err == nil {
			return nil
		}
		if err := os.Rename(target, out.Aside); err != nil { // no hard links here
			return writeErr(out.Aside, err)
		}
		return nil
	}
	if err := restored.commit(moveAside); err != nil {
		return out, fmt.Errorf("workbook file %s was not restored: %w", path, err)
	}
	return out, nil
}

// asideName is name, or name-2, name-3… when a file of that name exists.
func asideName(name string) string {
	out := name
	for i := 2; ; i++ {
		if _, err := os.Lstat(out); errors.Is(err, os.ErrNotExist) {
			return out
		}
		out = fmt.Sprintf("%s-%d", name, i)
	}
}

// replacedFile is what a restore learned of the file it replaces.
type replacedFile struct {
	healthy     bool
	listed      bool               // its list of sessions could be read (perhaps in part)
	list        []workbook.Summary // the entries that could be read
	unreadable  int
	lastRev     uint64 // its revision high-water mark
	knowLastRev bool   // lastRev is its state record's, not a guess
	inventory   InventoryInfo
}

// readReplaced copies the locked file (the lock stays ours, so nothing can
// change it meanwhile) and reads the copy: is it healthy, which sessions
// does it list, what is its revision high-water mark.
func (c *config) readReplaced(locked *os.File, target, path string) (replacedFile, error) {
	var cur replacedFile
	p, err := c.writeTemp(target, func(dst *os.File) error {
		_, err := io.Copy(dst, io.NewSectionReader(locked, 0, 1<<62))
		return err
	})
	if err != nil {
		return cur, fmt.Errorf("workbook file %s was not restored because it could not be copied for checking: %w", path, err)
	}
	defer p.discard()
	problems, _, err := c.checkCopy(p.tmp, path)
	if errors.Is(err, ErrNewerFile) {
		return cur, err // an older backup over a newer file would be a downgrade
	}
	cur.healthy = err == nil && len(problems) == 0
	db, file, err := openBolt(p.tmp, true, false, lockTimeout)
	if err != nil {
		return cur, nil
	}
	defer db.Close()
	if checkOpenPages(path, file, checkFull) != nil {
		return cur, nil // its pages cannot be trusted to list anything
	}
	_ = guarded(path, func() error {
		return db.View(func(tx *bolt.Tx) error {
			schema, err := readSchema(tx, path)
			index := tx.Bucket(bucketIndex)
			if err != nil || schema == 0 || index == nil {
				return nil
			}
			if meta := tx.Bucket(bucketMeta); schema >= 2 && meta != nil {
				if st, err := decodeState(meta.Get(keyState)); err == nil {
					cur.lastRev, cur.knowLastRev = st.LastRevision, true
				}
			}
			r := &rtx{tx: tx, path: path, schema: schema}
			cur.inventory = r.inventoryInfo()
			cur.listed = true
			return index.ForEach(func(k, v []byte) error {
				sum, _, err := r.getSummary(k, v)
				if err != nil {
					cur.unreadable++
					return nil
				}
				cur.list = append(cur.list, sum)
				return nil
			})
		})
	})
	return cur, nil
}

// usableBackup returns the newest backup that passes the full check.
func (c *config) usableBackup(path string) (string, error) {
	var why []string
	for _, bak := range BackupPaths(path) {
		fi, err := statPath(bak)
		switch {
		case err != nil:
			why = append(why, err.Error())
			continue
		case fi == nil:
			why = append(why, bak+" does not exist")
			continue
		}
		problems, _, err := c.checkCopy(bak, bak)
		switch {
		case err != nil:
			why = append(why, err.Error())
		case len(problems) > 0:
			why = append(why, fmt.Sprintf("%s is damaged too", bak))
		default:
			return bak, nil
		}
	}
	return "", fileErr(path, KindNoBackup, "workbook file %s was left as it is because there is no usable backup (%s)", path, strings.Join(why, "; "))
}

// prepareRestore copies the backup beside target, upgrades the copy if it
// is of an older schema, moves every session's revision past anything the
// replaced file handed out, and checks the result. It returns the pending
// file, the backup's list of sessions (as the backup has them) and what the
// backup holds of an inventory.
func (c *config) prepareRestore(bak, target, path string, cur replacedFile) (*pendingFile, []workbook.Summary, InventoryInfo, error) {
	var inv InventoryInfo
	src, err := openRegular(bak, os.O_RDONLY, 0)
	if err != nil {
		return nil, nil, inv, fmt.Errorf("backup %s cannot be read (%v); check its permissions", bak, pathErrCause(err))
	}
	defer src.Close()
	p, err := c.writeTemp(target, func(dst *os.File) error { _, err := io.Copy(dst, src); return err })
	if err != nil {
		return nil, nil, inv, fmt.Errorf("workbook file %s was not restored: %w", path, err)
	}
	var list []workbook.Summary
	err = func() error {
		db, file, err := openBolt(p.tmp, false, false, lockTimeout)
		if err != nil {
			return err
		}
		defer db.Close()
		if err := checkOpenPages(path, file, checkFull); err != nil {
			return err
		}
		return guarded(path, func() error {
			return db.Update(func(tx *bolt.Tx) error {
				var err error
				list, inv, err = c.restampRevisions(tx, path, cur)
				return err
			})
		})
	}()
	if err == nil {
		var problems []error
		if problems, _, err = c.checkCopy(p.tmp, path); err == nil && len(problems) > 0 {
			err = problems[0]
		}
	}
	if err != nil {
		p.discard()
		return nil, nil, inv, fmt.Errorf("workbook file %s was not restored from %s: %w", path, bak, err)
	}
	return p, list, inv, nil
}

// restampRevisions upgrades the restored copy in tx if needed and gives
// every session, and the inventory, one revision above everything the
// replaced file handed out. It returns the sessions' list entries as the
// backup held them and what it holds of an inventory.
func (c *config) restampRevisions(tx *bolt.Tx, path string, cur replacedFile) ([]workbook.Summary, InventoryInfo, error) {
	schema, err := readSchema(tx, path)
	if err != nil {
		return nil, InventoryInfo{}, err
	}
	if schema < c.schema {
		if err := c.upgradeTx(tx, path, schema); err != nil {
			return nil, InventoryInfo{}, err
		}
	}
	r, err := c.begin(tx, path, true)
	if err != nil {
		return nil, InventoryInfo{}, err
	}
	floor := max(r.state.LastRevision, cur.lastRev)
	if !cur.knowLastRev {
		floor += revisionJump
	}
	rev := int(floor + 1)
	type stored struct{ k, v []byte }
	var all []stored
	_ = tx.Bucket(bucketSessions).ForEach(func(k, v []byte) error {
		all = append(all, stored{append([]byte(nil), k...), append([]byte(nil), v...)})
		return nil
	})
	var list []workbook.Summary
	for _, e := range all {
		sess, err := r.getSession(e.k, e.v)
		if err != nil {
			return nil, InventoryInfo{}, err
		}
		list = append(list, workbook.Summarize(sess))
		sess.Revision = rev
		buf, sum, err := encodeSession(sess)
		if err != nil {
			return nil, InventoryInfo{}, err
		}
		if err := r.putSession(sess.ID, buf, sum, rev); err != nil {
			return nil, InventoryInfo{}, err
		}
	}
	inv := r.inventoryInfo()
	if err := r.restampInventory(rev); err != nil {
		return nil, inv, err
	}
	r.state.LastRevision = uint64(rev)
	return list, inv, r.putState()
}

// compareLists says what replacing the list now with the list back loses,
// changes and brings back.
func compareLists(now, back []workbook.Summary) (lost []workbook.Summary, changed [][2]workbook.Summary, returned []workbook.Summary) {
	inBack := map[string]workbook.Summary{}
	for _, s := range back {
		inBack[s.ID] = s
	}
	inNow := map[string]bool{}
	for _, s := range now {
		inNow[s.ID] = true
		b, ok := inBack[s.ID]
		switch {
		case !ok:
			lost = append(lost, s)
		case b.Revision != s.Revision || !b.Updated.Equal(s.Updated):
			changed = append(changed, [2]workbook.Summary{s, b})
		}
	}
	for _, b := range back {
		if !inNow[b.ID] {
			returned = append(returned, b)
		}
	}
	byTeam := func(list []workbook.Summary) {
		sort.Slice(list, func(i, j int) bool { return list[i].Team < list[j].Team })
	}
	byTeam(lost)
	byTeam(returned)
	sort.Slice(changed, func(i, j int) bool { return changed[i][0].Team < changed[j][0].Team })
	return lost, changed, returned
}
