package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing/fstest"

	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/ead"
	"github.com/fonds-archive/fonds/pkg/importer"
	"github.com/fonds-archive/fonds/pkg/source"
)

func runImport(e *env, args []string) int {
	fs := newFlags(e, "import")
	out := fs.String("o", "", "output folder (default sources/<slug of the EAD identifier>)")
	force := fs.Bool("force", false, "replace the output folder if an earlier import wrote it and it holds nothing else")
	unwrap := fs.Bool("unwrap-groups", false, "move the notes of groups with a heading (descgrp) into fonds's fields, dropping the headings")
	files, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(files) != 1 {
		fmt.Fprintln(e.stderr, "usage: fonds import FILE.xml [-o sources/NAME] [--force] [--unwrap-groups]")
		return ExitUsage
	}
	input := files[0]
	fail := func(code int, err error) int {
		fmt.Fprintf(e.stderr, "fonds import: %s\n", source.Printable(err.Error()))
		return code
	}
	if *out != "" {
		// Refuse a wrong -o before reading anything.
		if err := build.CheckImportOutput(*out, input, *force); err != nil {
			return fail(ExitUsage, err)
		}
	}
	f, err := os.Open(input)
	if err != nil {
		return fail(ExitFailure, err)
	}
	defer f.Close()
	// The EAD is read as a stream, never whole: a hostile DOCTYPE is
	// refused having read no more than its bound.
	res, err := importer.Import(f, input, importer.Options{UnwrapGroups: *unwrap})
	if err != nil {
		return fail(ExitProblems, err)
	}
	dir := *out
	if dir == "" {
		// The folder is known only now; a -o was checked at the start.
		dir = filepath.Join(DefaultSources, res.Name)
		if err := build.CheckImportOutput(dir, input, *force); err != nil {
			return fail(ExitUsage, err)
		}
	}
	// The schema line is relative to the output folder.
	if rel, ok := schemaDirFrom(dir); ok {
		res.SetSchemaDir(rel)
	}
	// The sources must pass fonds check before anything is written.
	mfs := fstest.MapFS{}
	for p, b := range res.Files {
		mfs[p] = &fstest.MapFile{Data: b, Mode: 0o644}
	}
	check := build.CheckFS(mfs, filepath.ToSlash(dir), build.Options{Checkers: []build.Checker{ead.Output{}}})
	if check.Diags.HasErrors() {
		source.Write(e.stderr, check.Diags, source.FormatText)
		fmt.Fprintf(e.stderr, "fonds import: the imported sources do not pass fonds check, a bug in fonds import (please report it with the EAD); nothing was written\n")
		return ExitProblems
	}
	var left *build.LeftoverError
	if err := writeFolder(dir, res); errors.As(err, &left) {
		fmt.Fprintf(e.stderr, "fonds import: warning: %v\n", err)
	} else if err != nil {
		return fail(ExitFailure, err)
	}
	fmt.Fprintf(e.stdout, "imported %s into %s\n", input, dir)
	res.Report.WriteTo(e.stdout)
	return ExitOK
}

// schemaDirFrom finds the schema/ folder of the fonds repository that dir
// is in (the nearest folder above it holding schema/fonds.schema.json) and
// returns its path relative to dir.
func schemaDirFrom(dir string) (string, bool) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for d := filepath.Dir(abs); ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "schema", "fonds.schema.json")); err == nil {
			rel, err := filepath.Rel(abs, filepath.Join(d, "schema"))
			if err != nil {
				return "", false
			}
			return filepath.ToSlash(rel), true
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

// writeFolder writes the sources, and the list of them that a later
// import --force reads, into a staging folder beside dir (a build.Stage),
// which then replaces dir as a build replaces dist/: under the lock, in
// one exchange, once every file is written. build.CheckImportOutput has
// allowed dir.
func writeFolder(dir string, res *importer.Result) error {
	stage, err := build.NewStage(dir)
	if err != nil {
		return err
	}
	defer stage.Discard()
	paths := res.Paths()
	for _, p := range paths {
		full := filepath.Join(stage.Dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, res.Files[p], 0o644); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(stage.Dir, build.ImportManifest), build.Manifest(paths), 0o644); err != nil {
		return err
	}
	if err := os.Chmod(stage.Dir, 0o755); err != nil {
		return err
	}
	return stage.Commit()
}
