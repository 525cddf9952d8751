package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"edtech-workbook/workbook"
)

func init() { commands = append(commands, newDoctorCmd) }

func newDoctorCmd(a *app) *cobra.Command {
	var restore bool
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check the workbook file; with --restore, put back the last good backup",
		Long: "Checks every page of the workbook file and decodes every record, without writing to it.\n" +
			"The app refreshes a backup copy (FILE.bak, keeping the one before as FILE.bak.1) when it opens\n" +
			"a file that changed since, and before any upgrade. --restore moves the damaged file aside (FILE.damaged-TIME)\n" +
			"and puts the newest backup that passes the same check in its place.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path := a.resolveDB()
			if restore {
				done, err := workbook.RestoreBackup(path)
				if err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "Restored %s from %s.\n", path, done.From)
				if done.Damaged != "" {
					fmt.Fprintf(a.stdout, "The damaged file is kept as %s.\n", done.Damaged)
				}
			}
			rep, err := workbook.Doctor(path)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "File:      %s (%d bytes, schema %d)\n", rep.Path, rep.Size, rep.Schema)
			fmt.Fprintf(a.stdout, "Sessions:  %d\nTemplates: %d\n", rep.Sessions, rep.Templates)
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
			return fmt.Errorf("workbook file %s has %d problems; run `edtech-workbook doctor --restore` to put back the last good backup", path, len(rep.Problems))
		},
	}
	cmd.Flags().BoolVar(&restore, "restore", false, "replace a damaged file with its last good backup (the damaged file is kept aside)")
	return cmd
}
