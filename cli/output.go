package cli

import (
	"bufio"
	"fmt"
	"strings"

	"edtech-workbook/workbook"
	"edtech-workbook/workbook/export"
	"edtech-workbook/workbook/store"
)

// writeOutput writes data to standard output (out "" or "-"), or privately
// to the file out through a temporary file and a rename, and then says so on
// stderr: "Wrote out (what)." out must not be the workbook file, one of its
// backups, or anything but a regular file (WriteFileAtomic refuses those).
func (a *app) writeOutput(out string, data []byte, what string) error {
	if out == "" || out == "-" {
		_, err := a.stdout.Write(data)
		return err
	}
	if err := store.CheckOutputPath(out, a.resolveDB()); err != nil {
		return err
	}
	if err := store.WriteFileAtomic(out, data); err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "Wrote %s (%s).\n", out, what)
	return nil
}

// writeJSON prints v as indented JSON (workbook.MarshalJSON: hidden
// characters escaped): what every --json prints.
func (a *app) writeJSON(v any) error {
	data, err := workbook.MarshalJSON(v, true)
	if err != nil {
		return err
	}
	_, err = a.stdout.Write(data)
	return err
}

// askYes writes question on stderr and reads one line of standard input:
// true for y or yes (in any case), false for anything else or none.
func (a *app) askYes(question string) bool {
	fmt.Fprint(a.stderr, question)
	line, _ := bufio.NewReader(a.stdin).ReadString('\n')
	answer := strings.ToLower(strings.TrimSpace(line))
	return answer == "y" || answer == "yes"
}

// plural is "s" unless n is 1.
func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// cell is text for one table cell: cleaned onto one line, and never empty,
// so the columns stay aligned.
func cell(s string) string {
	if s = workbook.CleanLine(s); s == "" {
		return "-"
	}
	return s
}

// formatFromPath picks the format from an output file's extension when it
// names one of formats; otherwise it returns def.
func formatFromPath(path string, formats []string, def string) string {
	for _, f := range formats {
		if ext := export.Extensions[f]; ext != "" && strings.HasSuffix(strings.ToLower(path), ext) {
			return f
		}
	}
	return def
}
