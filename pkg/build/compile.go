package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

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
// as the HTML page that lists them, into the top of the staging area. It is
// given each finding aid without its units (see indexArchive), and may
// look at which files the finding aids' folders in the stage hold, but
// not read them: the build cache keeps its files until one of those
// changes. Its persons, bodies, places and reels are the finding aid's
// own, whose citations of units it must not read: read from the files (a
// finding aid from the cache) they cite none.
type Indexer interface {
	WriteIndex(archives []*model.Archive, dir string) error
}

// A Warner is an Output that can warn while it writes (of what an
// aggregator would object to, say). Compile calls WriteWarn instead of
// Write, with a warn that passes the warnings to Options.Warn; the build
// cache keeps them with the files, so that a build that takes the files
// from the cache warns the same. Compile calls WriteWarn only on finding
// aids that its Checkers, this output's own Check among them, found
// without error: WriteWarn may trust them (ead.Output does).
type Warner interface {
	WriteWarn(a *model.Archive, dir string, warn func(msg string)) error
}

// A Quick output takes little time next to the others: the EAD, written in
// one streaming pass. writeAll starts every other output first and the
// quick ones last, so that in a corpus the long outputs (the site, the
// PDF) run side by side from the start and a quick one takes the worker
// that frees first; started first, it would hold back the output that
// starts after it by its whole time. (writeAll has a worker for each
// output at least, so that in a build of one finding aid its outputs
// start together.) The order in which outputs start changes nothing they
// write.
type Quick interface {
	Output
	Quick()
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
//
// With Options.Cache, a finding aid whose sources, options and fonds are
// those of a build the cache kept is not read again: its check's result
// and its outputs' files come from the cache (see Cache), byte for byte
// what a build without the cache writes. The list of finding aids that
// Indexers write is made from each finding aid read without its units
// (indexArchive), with or without the cache.
func Compile(dirs []string, out string, opt Options, outputs []Output) ([]*Result, error) {
	out = filepath.Clean(out)
	if err := CheckOutput(out, append(slices.Clone(dirs), opt.Keep...), opt.Force); err != nil {
		return nil, err
	}
	if opt.Cache != nil && filepath.Base(out) == CacheDirName {
		return nil, outputErrorf("output folder %s is named as the build cache's folder, which a build keeps beside its output folder; name another folder, such as dist", out)
	}
	c := openCache(opt, out, outputs)
	if c != nil {
		defer c.close()
	}
	for _, o := range outputs {
		if ch, ok := o.(Checker); ok {
			opt.Checkers = append(slices.Clone(opt.Checkers), ch)
		}
	}
	results := checkAll(dirs, opt, c)
	for _, r := range results {
		if r.Failed(opt.Strict) || !r.Loaded() {
			if c != nil {
				c.commit() // the checks, failed or not, hold for the next build
			}
			return results, ErrProblems
		}
	}
	spare := ""
	if c != nil {
		spare = c.spare()
	}
	stage, err := newStage(out, spare)
	if err != nil {
		return results, err
	}
	defer func() { stage.Discard() }() // a no-op once it has been put in place
	cached, err := writeStage(results, stage, outputs, opt, c)
	if err != nil && stage.Recycled && !errors.Is(err, ErrInterrupted) && !errors.Is(err, ErrProblems) {
		// What the spare holds could not be made the new output (a folder
		// that cannot be written, a file that cannot be removed): the
		// build starts again in a new stage, and the spare goes.
		left := stage.Dir
		stage.Discard()
		if _, lerr := os.Lstat(left); lerr == nil {
			opt.warn(fmt.Sprintf("the previous output, kept to be reused, could not be (%v), nor removed: delete %s, or let the next build remove it", unwrap(err), left))
		}
		if stage, err = newStage(out, ""); err != nil {
			return results, err
		}
		cached, err = writeStage(results, stage, outputs, opt, c)
	}
	if err != nil {
		return results, err
	}
	if c != nil {
		c.commit()
	}
	stage.trim = func(old string) { trimSpare(old, cached) }
	err = stage.Commit()
	var left *LeftoverError
	if c != nil && (err == nil || errors.As(err, &left)) {
		c.prune(dirs)
	}
	return results, err
}

// writeStage writes every output and the Indexers' files into the stage,
// and the marker. The warnings of a recycled stage's outputs are held
// until it is written whole, so that a build that starts again in a new
// stage (see Compile) gives each once.
func writeStage(results []*Result, stage *Stage, outputs []Output, opt Options, c *cacheRun) ([]cachedFA, error) {
	wopt := opt
	var mu sync.Mutex
	var held []string
	if stage.Recycled {
		wopt.Warn = func(msg string) {
			mu.Lock()
			defer mu.Unlock()
			held = append(held, msg)
		}
	}
	cached, err := writeAll(results, stage.Dir, stage.Recycled, outputs, wopt, c)
	if err == nil {
		err = writeIndexes(results, stage.Dir, outputs, wopt, c)
	}
	if err == nil {
		err = writeMarker(stage.Dir)
	}
	if err == nil {
		err = os.Chmod(stage.Dir, 0o755)
	}
	if err != nil {
		return nil, err
	}
	for _, msg := range held {
		opt.warn(msg)
	}
	return cached, nil
}

// A cachedFA is a finding aid whose every output came from the cache: its
// folder in the output, one of its files there (slash-separated) and the
// kept file that it is a link to.
type cachedFA struct{ slug, rel, kept string }

// trimSpare leaves in the spare (the previous output, kept to recycle it,
// before it is put in place as the spare) only the folders of the finding
// aids in fas that are links to the files the cache keeps, as one file of
// each shows; the rest (finding aids
// written anew, or no longer built, files of an output written without
// the cache, or copied where the file system has no links) goes now, so
// that the spare takes no room of its own.
func trimSpare(spare string, fas []cachedFA) {
	entries, err := os.ReadDir(spare)
	if err != nil {
		return
	}
	by := make(map[string]cachedFA, len(fas))
	for _, fa := range fas {
		by[fa.slug] = fa
	}
	var gone []string
	for _, e := range entries {
		fa, ok := by[e.Name()]
		if ok && e.IsDir() && linked(filepath.Join(spare, fa.slug, filepath.FromSlash(fa.rel)), fa.kept) {
			continue
		}
		gone = append(gone, filepath.Join(spare, e.Name()))
	}
	parallel.Do(len(gone), runtime.GOMAXPROCS(0), func(i int) { os.RemoveAll(gone[i]) })
}

// linked reports whether a and b are one file.
func linked(a, b string) bool {
	fa, err := os.Lstat(a)
	if err != nil {
		return false
	}
	fb, err := os.Lstat(b)
	return err == nil && os.SameFile(fa, fb)
}

// A job is one output of one finding aid.
type job struct {
	r     *Result
	out   Output
	dir   string   // where it writes: the finding aid's folder, or a part
	key   string   // its cache key; "" when it is not cached
	warns []string // the warnings it gave
	done  bool     // taken from the cache
	files []string // then, the files it has in dir (slash-separated)
}

// partsDir holds, in the stage, the files each output writes while the
// cache is in use, until the cache has kept them and they are moved into
// the finding aid's folder.
const partsDir = ".fonds-parts"

// writeAll runs every output for every finding aid, concurrently, taking
// what it can from the cache c. It returns the first error in a stable
// order. A recycled stage (see Stage.Recycled) is made what a new one
// would hold: what the cache gives and is there already stays there. It
// returns the finding aids that came whole from the cache.
func writeAll(results []*Result, stage string, recycled bool, outputs []Output, opt Options, c *cacheRun) ([]cachedFA, error) {
	if recycled {
		if err := clearTop(stage, results); err != nil {
			return nil, err
		}
	}
	var jobs []*job
	for _, r := range results {
		dir := filepath.Join(stage, r.Slug)
		if err := os.Mkdir(dir, 0o755); err != nil && !(recycled && errors.Is(err, fs.ErrExist)) {
			return nil, err
		}
		for _, o := range outputs {
			j := &job{r: r, out: o, dir: dir}
			if c != nil {
				j.key = c.outputKey(r, o.Name())
			}
			jobs = append(jobs, j)
		}
	}
	workers := runtime.GOMAXPROCS(0)
	if c != nil {
		parallel.Do(len(jobs), workers, func(i int) {
			if j := jobs[i]; j.key != "" {
				j.fetch(c, recycled)
			}
		})
		if err := reload(results, jobs, opt, c); err != nil {
			return nil, err
		}
		// What is written now goes into a part of its own, so that the
		// cache can tell each output's files.
		if err := os.Mkdir(filepath.Join(stage, partsDir), 0o755); err != nil {
			return nil, err
		}
		for i, j := range jobs {
			if !j.done {
				j.dir = filepath.Join(stage, partsDir, strconv.Itoa(i))
				if err := os.Mkdir(j.dir, 0o755); err != nil {
					return nil, err
				}
			}
		}
	}
	// At least one worker for each output, so that in a build of one
	// finding aid its outputs are written at once. With one worker per
	// core the output started last, the quick EAD, waited for one of the
	// others to finish and then ran alone: for the last 10 s of a
	// million-item build, on one of two cores.
	errs := make([]error, len(jobs))
	order := runOrder(jobs)
	parallel.Do(len(order), max(workers, len(outputs)), func(k int) {
		if i := order[k]; !jobs[i].done {
			errs[i] = jobs[i].write(opt)
		}
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if c == nil {
		return nil, nil
	}
	// The warnings of the outputs taken from the cache, as they were given;
	// the new files into the cache, then into the finding aids' folders.
	for _, j := range jobs {
		if j.done {
			for _, w := range j.warns {
				opt.warn(w)
			}
		}
	}
	parallel.Do(len(jobs), workers, func(i int) {
		if j := jobs[i]; !j.done && j.key != "" {
			c.store(c.faDir(j.r.Dir), outDir(j.out.Name()), j.key, j.dir, nil, j.warns)
		}
	})
	// Each finding aid's jobs, in order, are len(outputs) in a row.
	of := func(i int) []*job { return jobs[i*len(outputs) : (i+1)*len(outputs)] }
	errs = make([]error, len(results))
	parallel.Do(len(results), workers, func(i int) {
		errs[i] = settle(filepath.Join(stage, results[i].Slug), of(i), recycled)
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	var cached []cachedFA
	for i := range results {
		if fa, ok := cachedOf(of(i), c); ok {
			cached = append(cached, fa)
		}
	}
	return cached, os.RemoveAll(filepath.Join(stage, partsDir))
}

// settle puts the new files of a finding aid's jobs into its folder dst,
// beside those the cache gave; in a recycled stage, what else the folder
// holds is in the way of a new file or goes after.
func settle(dst string, jobs []*job, recycled bool) error {
	claimed := map[string]bool{}
	for _, j := range jobs {
		for _, f := range j.files {
			claimed[f] = true
		}
	}
	for _, j := range jobs {
		if j.done {
			continue
		}
		if err := merge(j.dir, dst, claimed); err != nil {
			return fmt.Errorf("%s: %s output: %w", j.r.Dir, j.out.Name(), err)
		}
	}
	if !recycled {
		return nil
	}
	keep := make(map[string]bool, len(claimed))
	for f := range claimed {
		for ; f != "." && !keep[f]; f = path.Dir(f) {
			keep[f] = true
		}
	}
	return pruneExtra(dst, keep)
}

// cachedOf reports whether every job of a finding aid (its jobs) came
// from the cache c, and names one of its files and the kept file it is a
// link to; ok is false too when they hold no file.
func cachedOf(jobs []*job, c *cacheRun) (fa cachedFA, ok bool) {
	for _, j := range jobs {
		if !j.done {
			return cachedFA{}, false
		}
		if !ok && len(j.files) > 0 {
			fa, ok = cachedFA{slug: j.r.Slug, rel: j.files[0], kept: filepath.Join(c.outputEntryDir(j.r, j.out.Name()), "0")}, true
		}
	}
	return fa, ok
}

// fetch takes the job's files from the cache c, if it holds them.
func (j *job) fetch(c *cacheRun, reuse bool) {
	e, ok := c.fetch(c.outputEntryDir(j.r, j.out.Name()), j.key, j.dir, reuse)
	j.done = ok
	if ok {
		j.warns = e.Warnings
		j.files = make([]string, len(e.Files))
		for i, f := range e.Files {
			j.files[i] = f.Rel
		}
	}
}

// clearTop removes from a recycled stage everything at its top but the
// folders of the finding aids of results (the Indexers' files and the
// marker are made again, or taken from the cache, and an earlier build's
// finding aids that this one does not build go).
func clearTop(stage string, results []*Result) error {
	slugs := make(map[string]bool, len(results))
	for _, r := range results {
		slugs[r.Slug] = true
	}
	entries, err := os.ReadDir(stage)
	if err != nil {
		return err
	}
	var gone []string
	for _, e := range entries {
		if !slugs[e.Name()] || !e.IsDir() { // a symbolic link is not a folder here
			gone = append(gone, filepath.Join(stage, e.Name()))
		}
	}
	errs := make([]error, len(gone))
	parallel.Do(len(gone), runtime.GOMAXPROCS(0), func(i int) { errs[i] = os.RemoveAll(gone[i]) })
	return errors.Join(errs...)
}

// pruneExtra removes whatever is in dir but not in keep (paths relative to
// dir, slash-separated, of files and the folders that hold them).
// A folder kept has the mode a new one would have (an earlier build's
// output may have been changed by hand).
func pruneExtra(dir string, keep map[string]bool) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir {
			return os.Chmod(p, newDirMode)
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if keep[filepath.ToSlash(rel)] {
			if d.IsDir() {
				return os.Chmod(p, newDirMode)
			}
			return nil
		}
		if d.IsDir() {
			if err := os.RemoveAll(p); err != nil {
				return err
			}
			return filepath.SkipDir
		}
		return os.Remove(p)
	})
}

// runOrder is the order in which writeAll starts the jobs: the indices of
// the jobs that are not Quick, in order, then those of the Quick ones.
func runOrder(jobs []*job) []int {
	order := make([]int, 0, len(jobs))
	for _, quick := range []bool{false, true} {
		for i, j := range jobs {
			if _, ok := j.out.(Quick); ok == quick {
				order = append(order, i)
			}
		}
	}
	return order
}

// reload reads again the finding aids that came from the cache but have an
// output the cache does not hold, for the writers; their results are
// replaced by the new ones. It fails with ErrProblems if one now fails
// (its sources changed during the build).
func reload(results []*Result, jobs []*job, opt Options, c *cacheRun) error {
	need := map[*Result]bool{}
	for _, j := range jobs {
		if !j.done && j.r.Archive == nil {
			need[j.r] = true
		}
	}
	idx := make([]int, 0, len(need))
	for i, r := range results {
		if need[r] {
			idx = append(idx, i)
		}
	}
	fresh := make([]*Result, len(idx))
	parallel.Do(len(idx), runtime.GOMAXPROCS(0), func(k int) { fresh[k] = c.check(results[idx[k]].Dir, opt) })
	failed := false
	for k, i := range idx {
		old := results[i]
		*old = *fresh[k] // the jobs hold old
		if old.Failed(opt.Strict) || old.Archive == nil || old.Slug != fresh[k].Slug {
			failed = true
		}
	}
	if failed {
		return ErrProblems
	}
	for _, j := range jobs {
		if !j.done {
			j.key = c.outputKey(j.r, j.out.Name())
		}
	}
	return nil
}

// write writes one output of one finding aid into j.dir.
func (j *job) write(opt Options) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%s: %s output failed: internal error: %v", j.r.Dir, j.out.Name(), p)
		}
	}()
	if w, ok := j.out.(Warner); ok {
		var mu sync.Mutex
		err = w.WriteWarn(j.r.Archive, j.dir, func(msg string) {
			mu.Lock()
			j.warns = append(j.warns, msg)
			mu.Unlock()
			opt.warn(msg)
		})
	} else {
		err = j.out.Write(j.r.Archive, j.dir)
	}
	if err != nil {
		return fmt.Errorf("%s: %s output: %w", j.r.Dir, j.out.Name(), err)
	}
	return nil
}

// merge moves the files of a part into the finding aid's folder dst; a file
// in claimed (the files put there by the other outputs) is an error. What
// else is in the way (in a recycled stage) goes: a file or a link where a
// folder goes, a folder where a file goes; a file is replaced.
func merge(part, dst string, claimed map[string]bool) error {
	return filepath.WalkDir(part, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == part {
			return err
		}
		rel, err := filepath.Rel(part, p)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		if claimed[name] {
			return fmt.Errorf("%s is written by another output too", name)
		}
		target := filepath.Join(dst, rel)
		info, err := os.Lstat(target)
		if d.IsDir() {
			if err == nil && info.IsDir() {
				return nil
			}
			if err == nil {
				if err := os.Remove(target); err != nil {
					return err
				}
			}
			return os.Mkdir(target, 0o755)
		}
		claimed[name] = true
		if err == nil && info.IsDir() {
			for f := range claimed {
				if strings.HasPrefix(f, name+"/") {
					return fmt.Errorf("%s is written by another output too, as a folder", name)
				}
			}
			if err := os.RemoveAll(target); err != nil {
				return err
			}
		}
		return os.Rename(p, target)
	})
}

// writeIndexes writes the files of the Indexers, from every finding aid
// read without its units, in the order of their slugs; or takes them from
// the cache c, when nothing they read has changed.
func writeIndexes(results []*Result, stage string, outputs []Output, opt Options, c *cacheRun) error {
	var ix []Output
	for _, o := range outputs {
		if _, ok := o.(Indexer); ok {
			ix = append(ix, o)
		}
	}
	if len(ix) == 0 {
		return nil
	}
	key := ""
	if c != nil {
		key = c.indexKey(outputs, results, stage)
	}
	if key != "" {
		if _, ok := c.fetch(c.indexEntry(), key, stage, false); ok {
			return nil
		}
	}
	before, err := names(stage)
	if err != nil {
		return err
	}
	archives := make([]*model.Archive, len(results))
	errs := make([]error, len(results))
	parallel.Do(len(results), runtime.GOMAXPROCS(0), func(i int) { archives[i], errs[i] = indexArchive(results[i], opt.Limits) })
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	sort.SliceStable(archives, func(i, j int) bool { return archives[i].Slug() < archives[j].Slug() })
	for _, o := range ix {
		if err := o.(Indexer).WriteIndex(archives, stage); err != nil {
			return fmt.Errorf("%s index: %w", o.Name(), err)
		}
	}
	if key != "" {
		// The Indexers' files are what is new at the top of the stage.
		after, err := names(stage)
		if err != nil {
			return err
		}
		var made []string
		for _, n := range after {
			if !slices.Contains(before, n) {
				made = append(made, n)
			}
		}
		c.store(c.dir, filepath.Base(c.indexEntry()), key, stage, made, nil)
	}
	return nil
}

// names lists the names in a folder.
func names(dir string) ([]string, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Readdirnames(-1)
}
