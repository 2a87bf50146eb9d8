package build

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/fonds-archive/fonds/pkg/model"
)

// countOutput writes, for each finding aid, what it reads of the model and
// its option, in a file beside the others and in a folder of its own; it
// counts its writes, and warns when told to.
type countOutput struct {
	name, opt string
	warn      bool
	calls     *atomic.Int32
}

func (o countOutput) Name() string { return o.name }

func (o countOutput) Write(a *model.Archive, dir string) error { return o.WriteWarn(a, dir, nil) }

func (o countOutput) WriteWarn(a *model.Archive, dir string, warn func(string)) error {
	o.calls.Add(1)
	text := fmt.Sprintf("%s %s: %s; %d units, %d persons\n", o.name, o.opt, a.Fonds.Title.Value, len(a.Components), len(a.People))
	if err := os.Mkdir(filepath.Join(dir, o.name), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, o.name, "units.txt"), []byte(text), 0o644); err != nil {
		return err
	}
	if o.warn && warn != nil {
		warn(a.Dir + ": " + o.name + " would rather not")
	}
	return os.WriteFile(filepath.Join(dir, o.name+".txt"), []byte(text), 0o644)
}

// indexOutput lists the finding aids it is given, with what the index can
// see of each, and counts the lists it writes.
type indexOutput struct {
	countOutput
	lists *atomic.Int32
}

func (o indexOutput) WriteIndex(archives []*model.Archive, dir string) error {
	o.lists.Add(1)
	var b strings.Builder
	for _, a := range archives {
		fmt.Fprintf(&b, "%s: %s; %d units, %d persons\n", a.Slug(), a.Fonds.Title.Value, len(a.Components), len(a.People))
	}
	return os.WriteFile(filepath.Join(dir, "index.txt"), []byte(b.String()), 0o644)
}

// cacheCase is a copy of the fixtures, built with the cache into dist and
// without it into clean, with outputs a and b (an Indexer) keyed "1".
type cacheCase struct {
	t        *testing.T
	dirs     []string
	out      string
	a, b     atomic.Int32
	lists    atomic.Int32
	keys     map[string]string
	listed   int32 // lists the last build wrote
	warnings []string
	mu       sync.Mutex
}

func newCacheCase(t *testing.T) *cacheCase {
	root := t.TempDir()
	c := &cacheCase{t: t, out: filepath.Join(root, "dist"), keys: map[string]string{"a": "1", "b": "1"}}
	for _, f := range fixtures {
		dir := filepath.Join(root, "src", filepath.Base(f))
		must(t, os.CopyFS(dir, os.DirFS(f)))
		c.dirs = append(c.dirs, dir)
	}
	return c
}

func (c *cacheCase) outputs(warn bool) []Output {
	return []Output{countOutput{"a", c.keys["a"], warn, &c.a}, indexOutput{countOutput{"b", c.keys["b"], warn, &c.b}, &c.lists}}
}

func (c *cacheCase) options() Options {
	return Options{Cache: &Cache{Keys: maps(c.keys)}, Warn: func(msg string) {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.warnings = append(c.warnings, msg)
	}}
}

func maps(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// build builds with the cache and returns the results and how many times
// a and b wrote; it checks that the output is what a build without the
// cache writes.
func (c *cacheCase) build(warn bool) (results []*Result, a, b int32) {
	c.t.Helper()
	c.a.Store(0)
	c.b.Store(0)
	c.lists.Store(0)
	results, err := Compile(c.dirs, c.out, c.options(), c.outputs(warn))
	if err != nil {
		c.t.Fatal(err)
	}
	a, b, c.listed = c.a.Load(), c.b.Load(), c.lists.Load()
	clean := filepath.Join(c.t.TempDir(), "clean")
	if _, err := Compile(c.dirs, clean, Options{}, c.outputs(warn)); err != nil {
		c.t.Fatal(err)
	}
	if got, want := tree(c.t, c.out), tree(c.t, clean); got != want {
		c.t.Fatalf("with the cache:\n%s\nwithout:\n%s", got, want)
	}
	return results, a, b
}

func TestCacheTakesUnchangedFindingAids(t *testing.T) {
	c := newCacheCase(t)
	first, a, b := c.build(false)
	if a != 2 || b != 2 || first[0].Cached || first[1].Cached {
		t.Fatalf("first build: a wrote %d, b %d; cached %v %v", a, b, first[0].Cached, first[1].Cached)
	}
	again, a, b := c.build(false)
	if a != 0 || b != 0 {
		t.Errorf("unchanged sources: a wrote %d, b %d", a, b)
	}
	for i, r := range again {
		if !r.Cached || r.Archive != nil {
			t.Errorf("%s: cached %v, archive %v", r.Dir, r.Cached, r.Archive != nil)
		}
		if !reflect.DeepEqual(r.Diags, first[i].Diags) || r.Stats != first[i].Stats || r.ID != first[i].ID ||
			r.Title != first[i].Title || r.Slug != first[i].Slug {
			t.Errorf("%s: the cached result differs: %+v, first %+v", r.Dir, r, first[i])
		}
	}
	// The index sees each finding aid without its units.
	index, err := os.ReadFile(filepath.Join(c.out, "index.txt"))
	must(t, err)
	if !strings.Contains(string(index), "fix-letters.1: Papers of the Imaginary Correspondence Bureau (fictional test fixture); 0 units, ") {
		t.Errorf("index:\n%s", index)
	}
	if got := siblings(t, c.out); !slices.Equal(got, []string{CacheDirName, "dist", "src"}) {
		t.Errorf("beside the output: %v", got)
	}
	if got := cacheEntries(t, c.out); !slices.Equal(got, []string{"fa-", "fa-", "index", "spare"}) {
		t.Errorf("cache: %v, want an entry per finding aid, the list's and the previous output", got)
	}
}

func TestCacheSeesChangedSources(t *testing.T) {
	c := newCacheCase(t)
	c.build(false)
	letters := c.dirs[0]
	fonds := filepath.Join(letters, "fonds.yaml")
	data, err := os.ReadFile(fonds)
	must(t, err)
	must(t, os.WriteFile(fonds, []byte(strings.Replace(string(data), "Imaginary Correspondence Bureau", "Imaginary Letters Bureau", 1)), 0o644))
	results, a, b := c.build(false)
	if a != 1 || b != 1 || results[0].Cached || !results[1].Cached || c.listed != 1 {
		t.Errorf("one finding aid changed: a wrote %d, b %d, lists %d; cached %v %v", a, b, c.listed, results[0].Cached, results[1].Cached)
	}

	// A file of units changes what the list of finding aids cannot see:
	// the list is the cache's.
	series := filepath.Join(letters, "series", "01-general.yaml")
	must(t, os.WriteFile(series, append(mustRead(t, series), "# revised\n"...), 0o644))
	if results, a, _ := c.build(false); a != 1 || results[0].Cached || c.listed != 0 {
		t.Errorf("a series changed: a wrote %d, lists %d, cached %v", a, c.listed, results[0].Cached)
	}
	if _, a, b := c.build(false); a != 0 || b != 0 || c.listed != 0 {
		t.Errorf("nothing changed: a wrote %d, b %d, lists %d", a, b, c.listed)
	}

	// A file added where load looks is seen, though no file names it: it
	// is warned of.
	writeFile(t, letters, "series/stray.yaml", "title: x\n")
	results, a, _ = c.build(false)
	if a != 1 || results[0].Cached || !strings.Contains(fmt.Sprint(results[0].Diags), "no file names series/stray.yaml") {
		t.Errorf("a new file: a wrote %d, cached %v, %v", a, results[0].Cached, results[0].Diags)
	}
	again, a, _ := c.build(false)
	if a != 0 || !again[0].Cached || !reflect.DeepEqual(again[0].Diags, results[0].Diags) {
		t.Errorf("the warning is not kept as it was: a wrote %d, cached %v\n%v\n%v", a, again[0].Cached, again[0].Diags, results[0].Diags)
	}

	// What load never reads (the files of a folder starting with a dot,
	// which it lists but does not enter) changes nothing.
	must(t, os.Mkdir(filepath.Join(letters, ".git"), 0o755))
	writeFile(t, letters, ".git/HEAD", "ref: refs/heads/main\n")
	c.build(false)
	writeFile(t, letters, ".git/HEAD", "ref: refs/heads/other\n")
	if _, a, _ := c.build(false); a != 0 {
		t.Errorf("a file load does not read: a wrote %d", a)
	}
}

func TestCacheKeysOutputsApart(t *testing.T) {
	c := newCacheCase(t)
	c.build(false)
	c.keys["a"] = "2"
	results, a, b := c.build(false)
	if a != 2 || b != 0 {
		t.Errorf("a's key changed: a wrote %d, b %d", a, b)
	}
	// a needs the finding aids read again.
	if results[0].Cached || results[0].Archive == nil {
		t.Errorf("the finding aid was not read again for a")
	}

	// Another fonds (a test binary, a new version) keeps nothing of this
	// one's.
	saved := executableSum
	defer func() { executableSum = saved }()
	executableSum = func() (string, error) { return "another fonds", nil }
	results, a, b = c.build(false)
	if a != 2 || b != 2 || results[0].Cached {
		t.Errorf("another fonds: a wrote %d, b %d, cached %v", a, b, results[0].Cached)
	}
}

func TestCacheDamagedEntries(t *testing.T) {
	c := newCacheCase(t)
	c.build(false)
	fa := filepath.Join(CacheDir(c.out), filepath.Base(newRun(c.out).faDir(c.dirs[0])))

	// A file of the output changed in place changes the cache's file too
	// (they are one file): the digest tells, and a writes it again.
	units := filepath.Join(c.out, "fix-letters.1", "a", "units.txt")
	f, err := os.OpenFile(units, os.O_WRONLY, 0)
	must(t, err)
	f.WriteString("edited")
	f.Close()
	if _, a, b := c.build(false); a != 1 || b != 0 {
		t.Errorf("an edited file: a wrote %d, b %d", a, b)
	}

	// A manifest cut short, a check entry with a byte changed, a file
	// missing: each is ignored and written again.
	cut(t, filepath.Join(fa, "out-b", "manifest"))
	if _, a, b := c.build(false); a != 0 || b != 1 {
		t.Errorf("a manifest cut short: a wrote %d, b %d", a, b)
	}
	flip(t, filepath.Join(fa, "check"))
	if results, _, _ := c.build(false); results[0].Cached {
		t.Errorf("a damaged check entry was taken")
	}
	must(t, os.Remove(filepath.Join(fa, "out-a", "0")))
	if _, a, _ := c.build(false); a != 1 {
		t.Errorf("a missing file: a wrote %d", a)
	}
	if _, a, b := c.build(false); a != 0 || b != 0 {
		t.Errorf("after the repairs: a wrote %d, b %d", a, b)
	}
}

func newRun(out string) *cacheRun { return &cacheRun{dir: CacheDir(out)} }

func cut(t *testing.T, path string) {
	data, err := os.ReadFile(path)
	must(t, err)
	must(t, os.WriteFile(path, data[:len(data)/2], 0o644))
}

func flip(t *testing.T, path string) {
	data, err := os.ReadFile(path)
	must(t, err)
	data[len(data)-3] ^= 1
	must(t, os.WriteFile(path, data, 0o644))
}

func TestCachePrunesFindingAidsGone(t *testing.T) {
	c := newCacheCase(t)
	c.build(false)
	letters := newRun(c.out).faDir(c.dirs[0])
	c.dirs = c.dirs[1:]
	c.build(false)
	if got := cacheEntries(t, c.out); !slices.Equal(got, []string{"fa-", "index", "spare"}) {
		t.Errorf("cache after building one finding aid: %v", got)
	}
	if _, err := os.Stat(letters); err == nil {
		t.Errorf("the entry of the finding aid no longer built is still there")
	}
}

// cacheEntries lists the cache's folder, finding aids' entries as "fa-".
func cacheEntries(t *testing.T, out string) []string {
	entries, err := os.ReadDir(CacheDir(out))
	must(t, err)
	var names []string
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, "fa-") {
			n = "fa-"
		}
		names = append(names, n)
	}
	return names
}

func TestCacheKeepsWarnings(t *testing.T) {
	c := newCacheCase(t)
	c.build(true)
	first := slices.Sorted(slices.Values(c.warnings))
	c.warnings = nil
	if _, a, b := c.build(true); a != 0 || b != 0 {
		t.Fatalf("a wrote %d, b %d", a, b)
	}
	if got := slices.Sorted(slices.Values(c.warnings)); !slices.Equal(got, first) || len(got) != 4 {
		t.Errorf("warnings from the cache: %q; written: %q", got, first)
	}
}

// TestCacheFailingCheck: a finding aid with an error fails the build the
// same way whether its check comes from the cache or not.
func TestCacheFailingCheck(t *testing.T) {
	c := newCacheCase(t)
	writeFile(t, c.dirs[1], "fonds.yaml", strings.Replace(string(mustRead(t, filepath.Join(c.dirs[1], "fonds.yaml"))), "reference_code:", "reference_cod:", 1))
	var runs [][]*Result
	for range 2 {
		results, err := Compile(c.dirs, c.out, c.options(), c.outputs(false))
		if err != ErrProblems {
			t.Fatalf("err = %v", err)
		}
		runs = append(runs, results)
	}
	if !runs[1][1].Cached || !runs[1][0].Cached {
		t.Errorf("the second check was not the cache's")
	}
	if !reflect.DeepEqual(runs[0][1].Diags, runs[1][1].Diags) || len(runs[1][1].Diags) == 0 {
		t.Errorf("diagnostics differ:\n%v\n%v", runs[0][1].Diags, runs[1][1].Diags)
	}
	if _, err := os.Stat(c.out); err == nil {
		t.Errorf("a failed build wrote its output")
	}
}

func mustRead(t *testing.T, path string) []byte {
	data, err := os.ReadFile(path)
	must(t, err)
	return data
}

// TestCacheConcurrentBuilds: builds that share a cache at once each put a
// complete build in place, and leave the cache whole.
// Three rounds, so that the later ones race for the spare (the output a
// build replaced), each build taking it as its stage or making a new one.
func TestCacheConcurrentBuilds(t *testing.T) {
	c := newCacheCase(t)
	for round := range 3 {
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Go(func() {
				var a, b atomic.Int32
				var lists atomic.Int32
				_, errs[i] = Compile(c.dirs, c.out, c.options(), []Output{countOutput{"a", "1", false, &a}, indexOutput{countOutput{"b", "1", false, &b}, &lists}})
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("round %d, build %d: %v", round, i, err)
			}
		}
		c.build(false) // compares every file with a build without the cache
	}
	if _, a, b := c.build(false); a != 0 || b != 0 {
		t.Errorf("after the concurrent builds: a wrote %d, b %d", a, b)
	}
	entries, err := os.ReadDir(CacheDir(c.out))
	must(t, err)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "tmp-") {
			t.Errorf("left in the cache: %s", e.Name())
		}
	}
}

// TestReadingNamesWhatIsRead: Options.Reading is told of each finding aid
// whose sources a build reads, before it reads them, and of none that the
// cache gives.
func TestReadingNamesWhatIsRead(t *testing.T) {
	c := newCacheCase(t)
	var mu sync.Mutex
	var read []string
	compile := func() []string {
		read = nil
		opt := c.options()
		opt.Reading = func(dir string) {
			mu.Lock()
			defer mu.Unlock()
			read = append(read, dir)
		}
		if _, err := Compile(c.dirs, c.out, opt, c.outputs(false)); err != nil {
			t.Fatal(err)
		}
		slices.Sort(read)
		return read
	}
	all := slices.Sorted(slices.Values(c.dirs))
	if got := compile(); !slices.Equal(got, all) {
		t.Errorf("first build read %v; want %v", got, all)
	}
	if got := compile(); len(got) != 0 {
		t.Errorf("unchanged sources: read %v", got)
	}
	f, err := os.OpenFile(filepath.Join(c.dirs[1], "fonds.yaml"), os.O_APPEND|os.O_WRONLY, 0)
	must(t, err)
	_, err = f.WriteString("# changed\n")
	must(t, err)
	must(t, f.Close())
	if got := compile(); !slices.Equal(got, c.dirs[1:2]) {
		t.Errorf("one finding aid changed: read %v; want %v", got, c.dirs[1:2])
	}
	// Output a changed: the checks come from the cache, but every finding
	// aid is loaded again for a.
	c.keys["a"] = "2"
	if got := compile(); !slices.Equal(got, all) {
		t.Errorf("an output changed: read %v; want %v", got, all)
	}
}
