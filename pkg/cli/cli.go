// Package cli is the fonds command line: flags, exit codes and the printing
// of diagnostics. Main is called in-process by the tests and by cmd/fonds.
package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// Exit codes.
const (
	ExitOK       = 0 // success
	ExitProblems = 1 // the sources have errors (or warnings, with --strict)
	ExitUsage    = 2 // the command line is wrong
	ExitFailure  = 3 // fonds could not do its job: unreadable folder, unwritable output
)

// Version is fonds's version, printed by "fonds version".
const Version = "0.1.0"

type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// ownsHeap: the command may shape the process's heap, with huge
	// pages and the collector's budget (heap.go); set for the fonds
	// process, not for tests that call Main.
	ownsHeap bool
}

type command struct {
	name, args, short string
	run               func(e *env, args []string) int
}

var commands []command

func init() {
	commands = []command{
		{"check", "[--format text|json|github] [--strict] [--profile P] [--numbered] [--internal] [DIR…]", "check sources and print a summary of each finding aid", runCheck},
		{"build", "[-o dist] [--force] [--only ead,html,pdf] [--strict] [--format F] [--internal] [--numbered] [--profile P] [--templates DIR] [--paper a4|letter] [--oai-gateway URL --oai-url URL --admin-email ADDR] [DIR…]", "check sources, then write EAD, HTML and PDF for each finding aid", runBuild},
		{"serve", "[-addr 127.0.0.1:8080] [--base-url URL] [--admin-email ADDR] [--oai-id DOMAIN] [--page-size N] [--no-sets] [--poll 1s] [build options] [DIR…]", "build, then serve the site and OAI-PMH at /oai, building again when a source changes", runServe},
		{"import", "FILE.xml [-o sources/NAME] [--force] [--unwrap-groups]", "convert an EAD 2002 finding aid into fonds sources, and say what was kept", runImport},
		{"new", "[--series N] [--reels] [--chronology] [--title T] [--repository NAME] [--isil ISIL] [--country CC] [--date YEAR] DIR", "start a new finding aid in DIR: every file it needs, with comments that teach the format", runNew},
		{"fmt", "[-l] [-d] [-w] [DIR|FILE…]", "write the YAML sources in fonds's one layout (print, list, diff or rewrite them)", runFmt},
		{"schema", "[--write DIR] [fonds|series|parts|authorities|reels|chronology]", "print the JSON Schema of a kind of source file (fonds.yaml's by default), or write every kind's for editors", runSchema},
		{"version", "", "print the version", runVersion},
		{"help", "[COMMAND]", "show help", runHelp},
	}
}

// Main runs fonds with the arguments after the program name and returns the
// exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return dispatch(&env{stdin: stdin, stdout: stdout, stderr: stderr}, args)
}

func dispatch(e *env, args []string) int {
	if len(args) == 0 {
		usage(e.stderr)
		return ExitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	case "-version", "--version":
		name = "version"
	}
	for _, c := range commands {
		if c.name == name {
			return c.run(e, args[1:])
		}
	}
	fmt.Fprintf(e.stderr, "fonds: unknown command %q\n", name)
	usage(e.stderr)
	return ExitUsage
}

func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("fonds compiles archival finding aids written in YAML into EAD, HTML and PDF.\n\nUsage:\n\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  fonds %s %s\n        %s\n", c.name, c.args, c.short)
	}
	b.WriteString(`
Without DIR, fonds works on every finding aid under ./sources.

Exit status: 0 success; 1 the sources have errors (or warnings with --strict);
2 the command line is wrong; 3 fonds could not read or write what it needs.
`)
	io.WriteString(w, b.String())
}

func runHelp(e *env, args []string) int {
	if len(args) > 0 {
		for _, c := range commands {
			if c.name == args[0] {
				switch c.name {
				case "check", "build", "serve", "import", "new", "fmt", "schema":
					// These print their usage, options included, when
					// asked with -h; help prints it to stdout.
					c.run(&env{stdin: e.stdin, stdout: e.stdout, stderr: e.stdout}, []string{"-h"})
				default:
					fmt.Fprintf(e.stdout, "usage: fonds %s %s\n\n%s.\n", c.name, c.args, c.short)
				}
				return ExitOK
			}
		}
		fmt.Fprintf(e.stderr, "fonds help: unknown command %q\n", args[0])
		return ExitUsage
	}
	usage(e.stdout)
	return ExitOK
}

func runVersion(e *env, args []string) int {
	fmt.Fprintf(e.stdout, "fonds %s\n", Version)
	return ExitOK
}

// newFlags makes a flag set that reports errors the fonds way.
func newFlags(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("fonds "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		for _, c := range commands {
			if c.name == name {
				fmt.Fprintf(e.stderr, "usage: fonds %s %s\n\n%s.\n", c.name, c.args, c.short)
			}
		}
		var opts strings.Builder
		fs.SetOutput(&opts)
		fs.PrintDefaults()
		fs.SetOutput(e.stderr)
		if opts.Len() > 0 {
			fmt.Fprintf(e.stderr, "\nOptions:\n%s", opts.String())
		}
	}
	return fs
}

// parse parses flags given before or after the folders.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}
