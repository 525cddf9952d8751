package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"edtech-workbook/tui"
	"edtech-workbook/workbook"
	"edtech-workbook/workbook/store"
	"edtech-workbook/workbook/templatefile"
)

func newDemoCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Open a filled-in demo session (in a new temporary file unless --db is given)",
		Long: "Writes the built-in demo session, a fictional district's complete workbook, into the file\n" +
			"named by --db (default: a new temporary workbook file) and opens the app on it. When standard\n" +
			"output is not a terminal it only writes the file and prints its path, so scripts and coaches\n" +
			"can get a filled session with `edtech-workbook demo --db demo.db`.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path := a.dbPath
			temporary := path == ""
			if temporary {
				dir, err := os.MkdirTemp("", "edtech-workbook-demo-")
				if err != nil {
					return fmt.Errorf("cannot create a temporary folder for the demo: %w; pass --db", err)
				}
				path = filepath.Join(dir, "demo.db")
			}
			demo, err := templatefile.DemoSession()
			if err != nil {
				return err
			}
			if err := putDemo(path, demo); err != nil {
				return err
			}
			if !a.stdoutIsTerminal() || !a.stdinIsTerminal() {
				fmt.Fprintln(a.stdout, path)
				return nil
			}
			a.dbPath = path
			where := "The demo is in " + workbook.CleanLine(path)
			if temporary {
				where = "The demo is in a temporary file: " + workbook.CleanLine(path)
			}
			fmt.Fprintln(a.stdout, where) // stays above the prompt when the app closes
			return openWorkbook(a, tui.Options{SessionID: demo.ID, Notice: where})
		},
	}
}

// putDemo stores the demo session in the workbook file at path unless it
// is there already, and the demo district's tool inventory when the file
// has no inventory yet (an inventory of its own is never touched), and
// lets go of the file (the app opens its own Store).
func putDemo(path string, demo *workbook.Session) error {
	st, err := store.OpenToWrite(path)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Get(demo.ID); errors.Is(err, workbook.ErrNotFound) {
		if err := st.Put(demo); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	inv, err := st.Inventory()
	if err != nil || inv.Revision > 0 || len(inv.Tools) > 0 {
		return err
	}
	tools, err := templatefile.DemoInventory()
	if err != nil {
		return err
	}
	inv.Inventory, inv.Criteria = tools.Inventory, tools.Criteria
	_, err = st.SaveInventory(inv)
	return err
}
