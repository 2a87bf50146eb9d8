package cli

import (
	"fmt"
	"sort"

	"github.com/fonds-archive/fonds/schema"
)

func runSchema(e *env, args []string) int {
	name := "fonds"
	if len(args) > 1 {
		fmt.Fprintln(e.stderr, "usage: fonds schema [fonds|series|authorities|reels|chronology]")
		return ExitUsage
	}
	if len(args) == 1 {
		name = args[0]
	}
	k, ok := schema.Kinds[name]
	if !ok {
		var names []string
		for n := range schema.Kinds {
			names = append(names, n)
		}
		sort.Strings(names)
		fmt.Fprintf(e.stderr, "fonds schema: unknown kind %q (want one of %v)\n", name, names)
		return ExitUsage
	}
	data, err := schema.Files.ReadFile(k.File)
	if err != nil {
		fmt.Fprintf(e.stderr, "fonds schema: %v\n", err)
		return ExitFailure
	}
	e.stdout.Write(data)
	return ExitOK
}
