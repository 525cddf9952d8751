package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
)

// doctorReport is `doctor --json`.
type doctorReport struct {
	Path             string   `json:"path"`
	Size             int64    `json:"size"`
	Schema           uint64   `json:"schema"`
	Sessions         int      `json:"sessions"`
	Templates        int      `json:"templates"`
	Tools            int      `json:"tools"`
	InventoryRecords int      `json:"inventory_records"`
	Backup           string   `json:"backup,omitempty"`
	BackupTime       string   `json:"backup_time,omitempty"` // RFC 3339
	OK               bool     `json:"ok"`
	Problems         []string `json:"problems"`
}

func newDoctorCmd(a *app) *cobra.Command {
	var restore, force, asJSON bool
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check the workbook file; with --restore, put back the last good backup",
		Long: "Checks every page of the workbook file and every record (its checksum, decoded, and\n" +
			"validated as import validates it), without writing to it. The app refreshes a backup copy\n" +
			"(FILE.bak, keeping two before it as FILE.bak.1 and FILE.bak.2) when it opens a file that\n" +
			"changed since, and before any upgrade; a copy that fails the same check never replaces one.\n" +
			"--restore puts the newest backup that passes the check in place of a damaged file (kept as\n" +
			"FILE.damaged-TIME) and lists every session that rolls back. A healthy file is not replaced\n" +
			"unless --force is given too (it is kept as FILE.replaced-TIME).",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path := a.resolveDB()
			if force && !restore {
				return usagef("--force only applies to --restore")
			}
			if asJSON && restore {
				return usagef("--json prints doctor's report; run `edtech-workbook doctor --restore` without it")
			}
			if restore {
				done, err := store.RestoreBackup(path, force)
				if err != nil {
					return err
				}
				printRestored(a.stdout, path, done)
			}
			prog := a.startProgress("Checking")
			rep, err := store.DoctorProgress(path, func(done, total int) { prog.count(done, total, "sessions") })
			prog.end()
			if err != nil {
				return err
			}
			unhealthy := func() error {
				return fmt.Errorf("workbook file %s has %d problem%s; run `edtech-workbook doctor --restore` to put back the last good backup", path, len(rep.Problems), plural(len(rep.Problems)))
			}
			if asJSON {
				out := doctorReport{Path: rep.Path, Size: rep.Size, Schema: rep.Schema, Sessions: rep.Sessions, Templates: rep.Templates,
					Tools: rep.Tools, InventoryRecords: rep.InventoryRecords, Backup: rep.Backup, OK: rep.OK(), Problems: rep.Problems}
				if !rep.BackupTime.IsZero() {
					out.BackupTime = rep.BackupTime.UTC().Format(time.RFC3339)
				}
				if out.Problems == nil {
					out.Problems = []string{}
				}
				if err := a.writeJSON(out); err != nil || rep.OK() {
					return err
				}
				return unhealthy()
			}
			fmt.Fprintf(a.stdout, "File:      %s (%d bytes, schema %d)\n", rep.Path, rep.Size, rep.Schema)
			fmt.Fprintf(a.stdout, "Sessions:  %d\nTemplates: %d\n", rep.Sessions, rep.Templates)
			if rep.InventoryRecords > 0 {
				fmt.Fprintf(a.stdout, "Inventory: %s (%d records in all)\n", workbook.CountOf(rep.Tools, "tool"), rep.InventoryRecords)
			} else {
				fmt.Fprintln(a.stdout, "Inventory: none yet")
			}
			if rep.Received > 0 {
				fmt.Fprintf(a.stdout, "Received:  %s kept for review\n", workbook.CountOf(rep.Received, "file"))
			}
			if rep.Backup != "" {
				fmt.Fprintf(a.stdout, "Backup:    %s (%s)\n", rep.Backup, rep.BackupTime.Local().Format("2006-01-02 15:04"))
			} else {
				fmt.Fprintln(a.stdout, "Backup:    none yet (the app takes one when it opens a file that changed)")
			}
			if rep.OK() {
				fmt.Fprintln(a.stdout, "OK: no problems found.")
				return nil
			}
			for _, p := range rep.Problems {
				fmt.Fprintln(a.stdout, "problem:   "+workbook.CleanLine(p))
			}
			return unhealthy()
		},
	}
	cmd.Flags().BoolVar(&restore, "restore", false, "replace a damaged file with its last good backup (the damaged file is kept aside)")
	cmd.Flags().BoolVar(&force, "force", false, "with --restore: roll back even a file that passes the check")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON (the exit status still says whether the file is healthy)")
	return cmd
}

// printRestored says what a restore did and exactly what it rolled back.
func printRestored(w io.Writer, path string, done store.Restored) {
	fmt.Fprintf(w, "Restored %s from %s.\n", path, done.From)
	name := func(s workbook.Summary) string {
		return fmt.Sprintf("%q (%s)", workbook.CleanLine(s.Team), workbook.CleanLine(s.SchoolYear))
	}
	when := func(s workbook.Summary) string { return s.Updated.Local().Format("2006-01-02 15:04") }
	switch {
	case done.Aside == "":
		fmt.Fprintln(w, "There was no file to replace, so nothing was rolled back.")
	case done.Unknown:
		fmt.Fprintln(w, "The replaced file's list of sessions could not be read, so what changed since the backup is not known.")
	case len(done.Lost)+len(done.Changed)+len(done.Returned) == 0:
		fmt.Fprintln(w, "Every session is as the replaced file had it: nothing was rolled back.")
	default:
		fmt.Fprintln(w, "Rolled back:")
		for _, s := range done.Lost {
			fmt.Fprintf(w, "  lost:     %s, last changed %s (not in the backup)\n", name(s), when(s))
		}
		for _, c := range done.Changed {
			fmt.Fprintf(w, "  changed:  %s, last changed %s, is back as it was on %s\n", name(c[0]), when(c[0]), when(c[1]))
		}
		for _, s := range done.Returned {
			fmt.Fprintf(w, "  back:     %s, last changed %s (deleted since the backup)\n", name(s), when(s))
		}
	}
	if done.Unreadable > 0 {
		entries := "list entries"
		if done.Unreadable == 1 {
			entries = "list entry"
		}
		fmt.Fprintf(w, "%d %s of the replaced file could not be read; those sessions may be rolled back too.\n", done.Unreadable, entries)
	}
	switch {
	case done.Aside != "" && done.Damaged:
		fmt.Fprintf(w, "The damaged file is kept as %s.\n", done.Aside)
	case done.Aside != "":
		fmt.Fprintf(w, "The replaced file (it was healthy) is kept as %s.\n", done.Aside)
	}
}
