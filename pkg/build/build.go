// Package build is the one pipeline that the command line and the tests
// call. Its stages, in order:
//
//  1. load.Load reads fonds.yaml and every file it names (package load);
//  2. validate.Doc checks each file against the JSON Schema (package
//     validate) as soon as load has parsed it;
//  3. load then decodes the file into its part of the model, keeping every
//     position (package model), drops its YAML tree, and puts the parts
//     together once every file is read;
//  4. resolve.Archive links names, numbers, reels and prose references, and
//     parses every note once for the writers (package resolve);
//  5. the writers turn the resolved model into outputs (EAD, HTML, PDF), in
//     the words of package present, into a staging folder that replaces the
//     output folder only when every output of every finding aid succeeded.
//
// Nothing is written when any finding aid has an error.
package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/fonds-archive/fonds/internal/parallel"
	"github.com/fonds-archive/fonds/pkg/load"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/resolve"
	"github.com/fonds-archive/fonds/pkg/source"
	"github.com/fonds-archive/fonds/pkg/validate"
)

// Options configure a check or a build.
type Options struct {
	Strict bool         // warnings fail the run
	Limits load.Options // bounds on what sources may ask

	// Build only: Force lets a build replace a non-empty output folder
	// that fonds did not write; Keep names more folders the build reads
	// (templates), which the output folder may neither be, hold nor lie in.
	Force bool
	Keep  []string

	// Sources keeps the source files in the Result (fonds fmt rewrites
	// them).
	Sources bool

	// Checkers are the outputs' own checks, run on each finding aid whose
	// sources have no error, so that what an output cannot write is reported
	// with everything else, before anything is written.
	Checkers []Checker

	// Build only: Cache turns on the build cache (see Cache); nil builds
	// everything afresh.
	Cache *Cache
	// Warn receives the warnings of outputs that are Warners, whether
	// written or taken from the cache, and what went wrong with the cache
	// itself (the build does not fail for it); nil drops them. It may be
	// called from several goroutines at once.
	Warn func(msg string)

	// Reading, when not nil, is called with a finding aid's folder before
	// its sources are loaded and checked (CheckFS): for each one the build
	// cache does not give, and for each one whose check the cache gives
	// but one of whose outputs it does not (which is loaded again for the
	// writers), not for the few files of a cached finding aid that the
	// index of a build reads. A command paces its collector by what it
	// loads (cli's reserveHeap). It may be called from several goroutines
	// at once.
	Reading func(dir string)
}

func (o Options) warn(msg string) {
	if o.Warn != nil {
		o.Warn(msg)
	}
}

// A Checker finds what an output cannot write, at its place in the
// sources. It is given the model and the source files it was decoded from,
// and runs only on sources that have no error. Outputs that can fail on
// valid sources (the EAD, with --numbered or an aggregator profile)
// implement it; so does Glyphs, for what the PDF's fonts cannot draw.
type Checker interface {
	Check(a *model.Archive, files []source.File) source.List
}

// A TextChecker is a Checker that reads only the text of the files, never
// the model (Glyphs): CheckFS runs it while the model is being resolved,
// on the other core, and keeps what it finds only if the sources then have
// no error, as it does a Checker's.
type TextChecker interface {
	Checker
	CheckText(files []source.File) source.List
}

// A Result is one finding aid, checked.
type Result struct {
	Dir string
	// Archive is the finding aid read; nil when fonds.yaml could not be
	// read, or when the result came from the build cache (Cached).
	Archive *model.Archive
	Diags   source.List
	Stats   resolve.Stats
	Sources []Source // with Options.Sources: every file read, in the order named

	// ID, Title and Slug are the finding aid's finding_aid id, its title
	// and the name of its output folder (model.Archive.Slug), whether or
	// not Archive is set; empty when fonds.yaml could not be read.
	ID, Title, Slug string
	// Cached reports that the result was taken from the build cache: the
	// sources read are byte for byte those of the build that kept it, and
	// Diags and Stats are that build's.
	Cached bool

	idPos   source.Pos // finding_aid, where checkSlugs reports
	units   []string   // the files of units: series and parts (see indexArchive)
	ops     []traceOp  // with a cache: what the load stage read
	sources string     // with a cache: a digest of ops, the sources as read
}

// A Source is one source file of a finding aid as it was read.
type Source struct {
	source.File        // its name as diagnostics show it (the folder, then its path inside) and bytes
	Rel         string // its path inside the finding aid's folder
	Kind        string // load.KindFonds, load.KindSeries, …
}

// Loaded reports whether fonds.yaml could be read: Archive is set, or the
// result came from the cache.
func (r *Result) Loaded() bool { return r.Archive != nil || r.Cached }

// Failed reports whether the result fails the run.
func (r *Result) Failed(strict bool) bool {
	e, w := r.Diags.Count()
	return e > 0 || strict && w > 0
}

// Check runs the first four stages on one finding aid folder. The folder is
// opened as an os.Root, so no file outside it can be read, and read through
// load.RootFS, so that only regular files are.
func Check(dir string, opt Options) *Result {
	res := &Result{Dir: dir}
	root, err := os.OpenRoot(dir)
	if err != nil {
		res.Diags.Errorf(source.Pos{File: dir}, "", "cannot open the finding aid's folder: %v", unwrap(err))
		return res
	}
	defer root.Close()
	return CheckFS(load.RootFS(root), dir, opt)
}

// CheckFS is Check on a file system, such as fstest.MapFS in tests; dir
// names it in diagnostics.
func CheckFS(fsys fs.FS, dir string, opt Options) *Result {
	if opt.Reading != nil {
		opt.Reading(dir)
	}
	res := &Result{Dir: dir}
	set, a, diags := load.Load(fsys, dir, opt.Limits, validate.Doc)
	res.Diags.Append(diags)
	if opt.Sources {
		for _, d := range set.Docs {
			res.Sources = append(res.Sources, Source{source.File{Name: d.Name, Data: d.Data}, d.Rel, d.Kind})
		}
	}
	// The checkers read the files' text.
	var files []source.File
	if len(opt.Checkers) > 0 {
		files = make([]source.File, 0, len(set.Docs))
		for _, d := range set.Docs {
			files = append(files, source.File{Name: d.Name, Data: d.Data})
		}
	}
	if a.Fonds != nil {
		// The text checkers need no resolved model; they run beside
		// resolve, when loading found no error (with one, no checker runs).
		text := make([]source.List, len(opt.Checkers))
		var wg sync.WaitGroup
		if e, _ := res.Diags.Count(); e == 0 {
			for i, c := range opt.Checkers {
				if t, ok := c.(TextChecker); ok {
					wg.Go(func() { text[i] = t.CheckText(files) })
				}
			}
		}
		res.Diags.Append(resolve.ArchiveAt(a, set.PathAt))
		wg.Wait()
		res.Archive = a
		res.Stats = resolve.Summarize(a)
		fa := a.Fonds.FindingAid
		res.ID, res.Title, res.Slug, res.idPos = fa.ID, a.Fonds.Title.Value, a.Slug(), fa.Pos
		for _, d := range set.Docs {
			if d.Kind == load.KindSeries || d.Kind == load.KindParts {
				res.units = append(res.units, d.Rel)
			}
		}
		// The outputs' checks assume sound sources: run on broken ones
		// they would repeat the same problems in other words.
		if e, _ := res.Diags.Count(); e == 0 {
			for i, c := range opt.Checkers {
				if _, ok := c.(TextChecker); ok {
					res.Diags.Append(text[i])
				} else {
					res.Diags.Append(c.Check(a, files))
				}
			}
		}
	}
	res.Diags.Sort()
	return res
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// CheckAll checks several finding aids concurrently and returns the results
// in the order of dirs.
func CheckAll(dirs []string, opt Options) []*Result {
	return checkAll(dirs, opt, nil)
}

// checkAll is CheckAll, taking from the cache c (when not nil) the result
// of each finding aid whose sources are as the cache kept them, and
// keeping the others'.
func checkAll(dirs []string, opt Options, c *cacheRun) []*Result {
	out := make([]*Result, len(dirs))
	parallel.Do(len(dirs), runtime.GOMAXPROCS(0), func(i int) {
		if c == nil {
			out[i] = Check(dirs[i], opt)
		} else if out[i] = c.cachedCheck(dirs[i]); out[i] == nil {
			out[i] = c.check(dirs[i], opt)
		}
	})
	checkSlugs(out)
	checkSets(out, opt)
	return out
}

// A SetChecker finds what the outputs of several finding aids cannot write
// together, such as an id that two EAD files of one build would share
// (an OAI-PMH answer holds several). It is given the finding aids of a
// build whose sources have no error, and returns the problems of each, in
// their order.
type SetChecker interface {
	CheckSet(archives []*model.Archive) []source.List
}

// checkSets runs the Checkers that are SetCheckers on the finding aids
// that have no error.
func checkSets(results []*Result, opt Options) {
	var sound []*Result
	var archives []*model.Archive
	for _, r := range results {
		if r.Archive != nil && r.Archive.Fonds != nil && !r.Diags.HasErrors() {
			sound = append(sound, r)
			archives = append(archives, r.Archive)
		}
	}
	for _, c := range opt.Checkers {
		sc, ok := c.(SetChecker)
		if !ok {
			continue
		}
		for i, l := range sc.CheckSet(archives) {
			if len(l) > 0 {
				sound[i].Diags.Append(l)
				sound[i].Diags.Sort()
			}
		}
	}
}

// checkSlugs reports finding aids that would publish into the same output
// folder: their finding_aid ids differ at most in case or punctuation.
func checkSlugs(results []*Result) {
	first := map[string]*Result{}
	for _, r := range results {
		if r.ID == "" {
			continue
		}
		prev, dup := first[r.Slug]
		if !dup {
			first[r.Slug] = r
			continue
		}
		r.Diags.Errorf(r.idPos, "finding_aid.id", "finding aid %q publishes as %q, as %s does (finding aid %q); give them different finding_aid ids",
			r.ID, r.Slug, prev.Dir, prev.ID)
		r.Diags.Sort()
	}
}

// Discover turns the command line's folders into finding aid folders: a
// folder with a fonds.yaml is one; otherwise each of its subfolders that
// has one is, in name order.
func Discover(args []string) ([]string, error) {
	var dirs []string
	for _, arg := range args {
		info, err := os.Stat(arg)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("there is no folder %s here; name the folder of a finding aid (the one that holds %s), or run fonds where %s is", arg, load.RootFile, arg)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", arg, unwrap(err))
		}
		if !info.IsDir() {
			return nil, fmt.Errorf("%s is not a folder; name the folder that holds %s", arg, load.RootFile)
		}
		if exists(filepath.Join(arg, load.RootFile)) {
			dirs = append(dirs, clean(arg))
			continue
		}
		entries, err := os.ReadDir(arg)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", arg, unwrap(err))
		}
		var found []string
		for _, e := range entries {
			if e.IsDir() && !strings.HasPrefix(e.Name(), ".") && exists(filepath.Join(arg, e.Name(), load.RootFile)) {
				found = append(found, clean(filepath.Join(arg, e.Name())))
			}
		}
		if len(found) == 0 {
			msg := fmt.Sprintf("%s holds no finding aid: no %s in it or in its folders", arg, load.RootFile)
			if deeper, _ := filepath.Glob(filepath.Join(arg, "*", "*", load.RootFile)); len(deeper) > 0 {
				msg += fmt.Sprintf(" (fonds looks one level down; name %s, which holds %s)", filepath.Dir(filepath.Dir(deeper[0])), filepath.Dir(deeper[0]))
			}
			return nil, errors.New(msg)
		}
		sort.Strings(found)
		dirs = append(dirs, found...)
	}
	return dirs, nil
}

func clean(p string) string { return filepath.ToSlash(filepath.Clean(p)) }

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
