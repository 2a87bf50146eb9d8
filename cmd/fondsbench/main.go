// Command fondsbench times the fonds command as a whole process on synthetic
// finding aids, beside the floor of what any checker of YAML must do, and
// writes the results, with the Go benchmarks of the stages, to a Markdown
// file. "make bench" runs it.
//
//	fondsbench -fonds bin/fonds -floor bin/yamlfloor -stages bench/stages.txt -o bench/RESULTS.md
//
// For each size (-sizes: 1,000, 10,000, 100,000 and 1,000,000 items by
// default) it times the floor (cmd/yamlfloor: the same files decoded with
// the same YAML library into any, nothing more) with one worker and with
// GOMAXPROCS workers, fonds check, fonds build with each output alone (up
// to 100,000 items), and the full build, with and without the build
// cache; then, for a corpus of many small finding aids (-corpus), check,
// the full build and rebuilds after a change to one finding aid. Every
// figure is the median of several runs; wall time, CPU time (user +
// system), peak resident memory and output size are measured by the
// operating system. A run past -timeout or -max-rss is stopped and
// recorded as stopped, with how far it got.
//
// The results say, for each target of issue 20, whether it is met, and
// the command prints each one missed. No target fails the command: the
// figures depend on the machine.
//
// With -aspace-ead, fondsbench instead compares fonds with ArchivesSpace's
// PDF pipeline (see aspace.go and bench/aspace.sh) and writes that section
// of the results only.
//
// Then it searches the site of the largest finding aid of at most 100,000
// items in headless Chromium, opened from the file system, through
// tools/a11y/check.js bench (Node and Debian's chromium; skipped with a
// note when they are missing): for each query, the bytes of the search
// index it loaded and the time to its first result (issue 15's targets).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/fonds-archive/fonds/pkg/synth"
)

// A row is one scenario of one set of sources, measured.
type row struct {
	group string // the sources: "100000 items", "corpus 1000 × 200"
	sc    scenario
	f     figures
	table string // "whole" (the whole-process table), "floor", "incremental"
}

func main() {
	bin := flag.String("fonds", "bin/fonds", "the fonds binary")
	floor := flag.String("floor", "bin/yamlfloor", "the floor program (cmd/yamlfloor)")
	stages := flag.String("stages", "", "output of go test -bench for the stage table")
	stagesBefore := flag.String("stages-before", "", "the previous run's output of go test -bench, to compare the stages with")
	out := flag.String("o", "bench/RESULTS.md", "where to write the results")
	cache := flag.String("cache", filepath.Join(os.TempDir(), "fonds-bench"), "folder for the generated sources")
	runs := flag.Int("runs", 5, "runs per scenario (fewer for the largest)")
	sizes := flag.String("sizes", "1000,10000,100000,1000000", "items per finding aid")
	corpus := flag.String("corpus", "1000x200", "M finding aids of N items; empty to skip")
	outputs := flag.String("outputs", "ead,html,pdf", "outputs to time one by one")
	extra := flag.String("import", "", "an EAD file to time fonds import on (optional)")
	a11y := flag.String("a11y", "tools/a11y", "the folder of check.js, for the search in the browser on the largest finding aid of at most 100,000 items; empty to skip it")
	timeout := flag.Duration("timeout", 10*time.Minute, "stop a run after this long")
	maxRSS := flag.Int64("max-rss", 8192, "stop a run whose resident memory passes this many MiB")
	var as aspace
	flag.StringVar(&as.ead, "aspace-ead", "", "compare with ArchivesSpace's PDF on this EAD file instead (see bench/aspace.sh)")
	flag.StringVar(&as.xsl, "aspace-xsl", "", "ArchivesSpace's stylesheets folder (as-ead-pdf.xsl, fop-config.xml, fonts/)")
	flag.StringVar(&as.classpath, "aspace-cp", "", "the Java class path of Saxon-HE and FOP")
	flag.StringVar(&as.revision, "aspace-rev", "", "where the stylesheets come from: repository, path and commit")
	flag.Parse()
	b := bounds{timeout: *timeout, maxRSS: *maxRSS * 1024}

	if as.ead != "" {
		if err := as.run(*bin, *out, b, *runs); err != nil {
			fatal(err)
		}
		return
	}

	var rows []row
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			fatal(err)
		}
		dir := filepath.Join(*cache, fmt.Sprintf("synth-%d", n))
		generate(dir, func(d string) error { return synth.Write(d, synth.Options{Items: n, Seed: 1}) })
		r := *runs
		switch {
		case n >= 1000000:
			r = 1
		case n >= 100000:
			r = max(3, r/2)
		}
		group := fmt.Sprintf("%d items", n)
		for _, sc := range floorScenarios(*floor, dir) {
			rows = append(rows, row{group, sc, measure(*bin, sc, r, b), "floor"})
		}
		for _, sc := range scenarios(dir, n, *outputs) {
			rows = append(rows, row{group, sc, measure(*bin, sc, r, b), "whole"})
		}
	}
	if *corpus != "" {
		var m, n int
		if _, err := fmt.Sscanf(*corpus, "%dx%d", &m, &n); err != nil {
			fatal(fmt.Errorf("-corpus %q: want MxN", *corpus))
		}
		dir := filepath.Join(*cache, fmt.Sprintf("corpus-%dx%d", m, n))
		generate(dir, func(d string) error { return synth.WriteCorpus(d, m, n, 1) })
		rows = append(rows, incremental(*bin, *floor, dir, m, n, max(3, *runs/2), b)...)
	}
	if *extra != "" {
		info, err := os.Stat(*extra)
		if err != nil {
			fatal(err)
		}
		sc := scenario{name: "import", args: []string{"import", "--force", "-o", "OUT", *extra}}
		rows = append(rows, row{fmt.Sprintf("import %.1f MB EAD", float64(info.Size())/1e6), sc, measure(*bin, sc, *runs, b), "whole"})
	}
	var search *searchFigures
	if *a11y != "" {
		largest := 0
		for _, sz := range strings.Split(*sizes, ",") {
			if n, err := strconv.Atoi(strings.TrimSpace(sz)); err == nil && n > largest && n <= 100000 {
				largest = n
			}
		}
		if largest > 0 {
			search = searchBench(*bin, *a11y, filepath.Join(*cache, fmt.Sprintf("synth-%d", largest)), largest, *runs)
		}
	}
	missed, err := write(*out, rows, *stages, *stagesBefore, *bin, search)
	if err != nil {
		fatal(err)
	}
	for _, m := range missed {
		fmt.Fprintln(os.Stderr, "fondsbench: target missed:", m)
	}
	fmt.Println("wrote", *out)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "fondsbench:", err)
	os.Exit(1)
}

// generate writes sources once; later runs reuse them.
func generate(dir string, fn func(string) error) {
	if _, err := os.Stat(dir); err == nil {
		return
	}
	fmt.Fprintf(os.Stderr, "generating %s\n", dir)
	tmp := dir + ".tmp"
	os.RemoveAll(tmp)
	if err := fn(tmp); err != nil {
		fatal(err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		fatal(err)
	}
}

// floorScenarios are the floor program with one worker and with as many
// as fonds uses.
func floorScenarios(floor, dir string) []scenario {
	n := runtime.GOMAXPROCS(0)
	return []scenario{
		{name: "YAML floor, 1 worker", bin: floor, args: []string{"-workers", "1", dir}},
		{name: fmt.Sprintf("YAML floor, %d workers", n), bin: floor, args: []string{"-workers", strconv.Itoa(n), dir}},
	}
}

// scenarios are the whole-process timings of a finding aid of n items:
// each output alone only up to 100,000 items, the build without the cache
// only below 1,000,000.
func scenarios(dir string, n int, outputs string) []scenario {
	list := []scenario{{name: "check", args: []string{"check", dir}, items: n}}
	if n < 1000000 {
		for _, o := range strings.Split(outputs, ",") {
			if o = strings.TrimSpace(o); o != "" {
				list = append(list, scenario{name: strings.ToUpper(o) + " only", args: []string{"build", "--only", o, "-o", "OUT", dir}, items: n})
			}
		}
	}
	list = append(list, scenario{name: "full build", args: []string{"build", "-o", "OUT", dir}, items: n})
	if n < 1000000 {
		list = append(list, scenario{name: "full build, --no-cache", args: []string{"build", "--no-cache", "-o", "OUT", dir}, items: n})
	}
	return list
}

// incremental times a corpus of m finding aids of n items: the floor,
// check, the full build with an empty cache and without one, then
// rebuilds into one output folder: with nothing changed, after a change
// to a file of units of one finding aid (each run another), and after a
// change to one finding aid's fonds.yaml. The corpus is copied first, so
// that the changes stay in the copy.
func incremental(bin, floor, corpus string, m, n, runs int, b bounds) []row {
	group := fmt.Sprintf("corpus %d × %d", m, n)
	var rows []row
	for _, sc := range floorScenarios(floor, corpus) {
		rows = append(rows, row{group, sc, measure(bin, sc, runs, b), "floor"})
	}
	for _, sc := range []scenario{
		{name: "check", args: []string{"check", corpus}, items: m * n},
		{name: "full build", args: []string{"build", "-o", "OUT", corpus}, items: m * n},
		{name: "full build, --no-cache", args: []string{"build", "--no-cache", "-o", "OUT", corpus}, items: m * n},
	} {
		rows = append(rows, row{group, sc, measure(bin, sc, runs, b), "whole"})
	}
	work, err := os.MkdirTemp("", "fondsbench-incremental-")
	if err != nil {
		fatal(err)
	}
	defer os.RemoveAll(work)
	src := filepath.Join(work, "src")
	if err := os.CopyFS(src, os.DirFS(corpus)); err != nil {
		fatal(err)
	}
	dist := filepath.Join(work, "dist")
	build := []string{"build", "-o", dist, src}
	if r := run(bin, build, nil, b); r.err != "" {
		fatal(fmt.Errorf("the build that fills the cache: %s", r.err))
	}
	edit := func(file string) func(int) {
		return func(i int) {
			path := filepath.Join(src, fmt.Sprintf("fa-%04d", m/2+i+1), file)
			f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
			if err == nil {
				_, err = fmt.Fprintf(f, "# changed by fondsbench, run %d\n", i+1)
				if cerr := f.Close(); err == nil {
					err = cerr
				}
			}
			if err != nil {
				fatal(err)
			}
		}
	}
	for _, sc := range []scenario{
		{name: "rebuild, nothing changed", args: build, out: dist},
		{name: "rebuild, a series file of one finding aid changed", args: build, out: dist, before: edit("series/01.yaml")},
		{name: "rebuild, the fonds.yaml of one finding aid changed", args: build, out: dist, before: edit("fonds.yaml")},
	} {
		rows = append(rows, row{group, sc, measure(bin, sc, runs, b), "incremental"})
	}
	return rows
}
