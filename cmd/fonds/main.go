// Command fonds compiles archival finding aids written in YAML into EAD 2002,
// a static HTML site and a printable PDF inventory. See the README, or run
// "fonds help".
package main

import (
	"os"

	"github.com/fonds-archive/fonds/internal/gctune"
	"github.com/fonds-archive/fonds/pkg/cli"
)

func main() {
	gctune.Tune(gctune.DefaultBudget)
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
