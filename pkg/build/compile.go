package build

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"

	"github.com/fonds-archive/fonds/internal/parallel"
	"github.com/fonds-archive/fonds/pkg/model"
)

// An Output writes one kind of output for each finding aid: EAD, the HTML
// site, the PDF inventory.
type Output interface {
	// Name is a short name for messages: "ead", "html", "pdf".
	Name() string
	// Write writes the outputs of one resolved finding aid into dir, the
	// folder of its own it has in the staging area (dist/<slug>/ once the
	// build succeeds). It must not write outside dir.
	Write(a *model.Archive, dir string) error
}

// An Indexer writes the files that span every finding aid of a build, such
// as the HTML page that lists them, into the top of the staging area.
type Indexer interface {
	WriteIndex(archives []*model.Archive, dir string) error
}

// ErrProblems is returned by Compile when the sources have errors (or,
// under Strict, warnings); nothing was written.
var ErrProblems = errors.New("the sources have problems; nothing was written")

// Compile checks every finding aid in dirs and, only when none has an error,
// writes every output of every finding aid into a staging folder beside out
// (a Stage) and then puts it in place of out. A failed or interrupted build
// leaves out as it was; concurrent builds into the same out take turns at
// the swap. When the previous output cannot be removed after the swap, the
// new one is in place and the error is a *LeftoverError.
//
// The outputs that are Checkers check each finding aid with the sources.
// Before any work, Compile refuses an output folder that CheckOutput
// refuses, with an *OutputError.
func Compile(dirs []string, out string, opt Options, outputs []Output) ([]*Result, error) {
	out = filepath.Clean(out)
	if err := CheckOutput(out, append(slices.Clone(dirs), opt.Keep...), opt.Force); err != nil {
		return nil, err
	}
	for _, o := range outputs {
		if c, ok := o.(Checker); ok {
			opt.Checkers = append(slices.Clone(opt.Checkers), c)
		}
	}
	results := CheckAll(dirs, opt)
	for _, r := range results {
		if r.Failed(opt.Strict) || r.Archive == nil {
			return results, ErrProblems
		}
	}
	archives := make([]*model.Archive, len(results))
	for i, r := range results {
		archives[i] = r.Archive
	}
	stage, err := NewStage(out)
	if err != nil {
		return results, err
	}
	defer stage.Discard() // a no-op once it has been put in place
	if err := writeAll(archives, stage.Dir, outputs); err != nil {
		return results, err
	}
	if err := writeMarker(stage.Dir); err != nil {
		return results, err
	}
	if err := os.Chmod(stage.Dir, 0o755); err != nil {
		return results, err
	}
	return results, stage.Commit()
}

// writeAll runs every output for every finding aid, concurrently, and then
// the indexers. It returns the first error in a stable order.
func writeAll(archives []*model.Archive, stage string, outputs []Output) error {
	type job struct {
		a   *model.Archive
		out Output
	}
	var jobs []job
	for _, a := range archives {
		if err := os.Mkdir(filepath.Join(stage, a.Slug()), 0o755); err != nil {
			return err
		}
		for _, o := range outputs {
			jobs = append(jobs, job{a, o})
		}
	}
	errs := make([]error, len(jobs))
	parallel.Do(len(jobs), runtime.GOMAXPROCS(0), func(i int) {
		j := jobs[i]
		defer func() {
			if p := recover(); p != nil {
				errs[i] = fmt.Errorf("%s: %s output failed: internal error: %v", j.a.Dir, j.out.Name(), p)
			}
		}()
		if err := j.out.Write(j.a, filepath.Join(stage, j.a.Slug())); err != nil {
			errs[i] = fmt.Errorf("%s: %s output: %w", j.a.Dir, j.out.Name(), err)
		}
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	sorted := append([]*model.Archive(nil), archives...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Slug() < sorted[j].Slug() })
	for _, o := range outputs {
		if ix, ok := o.(Indexer); ok {
			if err := ix.WriteIndex(sorted, stage); err != nil {
				return fmt.Errorf("%s index: %w", o.Name(), err)
			}
		}
	}
	return nil
}
