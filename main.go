// Command edtech-workbook is a terminal workbook for school-district edtech
// teams working through the EdTech Systems Guide. This file only wires the
// process to the command line (package cli); the work lives in cli, tui and
// the workbook packages.
package main

import (
	"os"

	"edtech-workbook/cli"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	os.Exit(cli.Run(version, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
