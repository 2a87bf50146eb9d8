package cli

import (
	"errors"
	"fmt"
	"io"
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
	force := fs.Bool("force", false, "replace the output folder if it holds a finding aid already")
	unwrap := fs.Bool("unwrap-groups", false, "move the notes of groups with a heading (descgrp) into fonds's fields, dropping the headings")
	files, err := parse(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(files) != 1 {
		fmt.Fprintln(e.stderr, "usage: fonds import FILE.xml [-o sources/NAME] [--force] [--unwrap-groups]")
		return ExitUsage
	}
	if *out != "" {
		// Refuse a wrong -o before reading anything.
		if err := build.CheckSourcesOutput(*out, *force); err != nil {
			fmt.Fprintf(e.stderr, "fonds import: %s\n", source.Printable(err.Error()))
			return ExitUsage
		}
	}
	f, err := os.Open(files[0])
	if err != nil {
		fmt.Fprintf(e.stderr, "fonds import: %s\n", source.Printable(err.Error()))
		return ExitFailure
	}
	defer f.Close()
	opt := importer.Options{UnwrapGroups: *unwrap}
	// The EAD is read as a stream, never whole: a hostile DOCTYPE is
	// refused having read no more than its bound.
	res, err := importer.Import(f, files[0], opt)
	if err != nil {
		fmt.Fprintf(e.stderr, "fonds import: %s\n", source.Printable(err.Error()))
		return ExitProblems
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join(DefaultSources, res.Name)
	}
	// The schema line is relative to the output folder, which is known
	// only now, since it may depend on the EAD identifier: read again.
	if rel, ok := schemaDirFrom(dir); ok && rel != "../../schema" {
		opt.SchemaDir = rel
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			fmt.Fprintf(e.stderr, "fonds import: %s\n", source.Printable(err.Error()))
			return ExitFailure
		}
		if res, err = importer.Import(f, files[0], opt); err != nil {
			fmt.Fprintf(e.stderr, "fonds import: %s\n", source.Printable(err.Error()))
			return ExitProblems
		}
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
	if *out == "" {
		// The folder is known only now; a -o was checked at the start.
		if err := build.CheckSourcesOutput(dir, *force); err != nil {
			fmt.Fprintf(e.stderr, "fonds import: %s\n", source.Printable(err.Error()))
			return ExitUsage
		}
	}
	var left *build.LeftoverError
	if err := writeFolder(dir, res); errors.As(err, &left) {
		fmt.Fprintf(e.stderr, "fonds import: warning: %v\n", err)
	} else if err != nil {
		fmt.Fprintf(e.stderr, "fonds import: %s\n", source.Printable(err.Error()))
		return ExitFailure
	}
	fmt.Fprintf(e.stdout, "imported %s into %s\n", files[0], dir)
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

// writeFolder writes the sources into dir through a staging folder beside
// it (a build.Stage), put in place once every file is written;
// build.CheckSourcesOutput has allowed dir.
func writeFolder(dir string, res *importer.Result) error {
	stage, err := build.NewStage(dir)
	if err != nil {
		return err
	}
	defer stage.Discard()
	for _, p := range res.Paths() {
		full := filepath.Join(stage.Dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, res.Files[p], 0o644); err != nil {
			return err
		}
	}
	if err := os.Chmod(stage.Dir, 0o755); err != nil {
		return err
	}
	return stage.Commit()
}
