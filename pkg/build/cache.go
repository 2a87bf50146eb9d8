package build

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/zeebo/xxh3"

	"github.com/fonds-archive/fonds/internal/regfile"
	"github.com/fonds-archive/fonds/pkg/load"
)

// The build cache keeps, per finding aid, the result of its check and the
// files of each of its outputs, so that a build after a change to one
// finding aid of a corpus reads and writes that one only.
//
// A finding aid's check is keyed by the fonds executable (a digest of its
// bytes: another build of fonds, a test binary, never shares a cache),
// the finding aid's folder as named, the load limits and the checks that
// run (the outputs' keys, and Key of any other Checker). It holds what the
// load stage asked of the folder and what it was told (traceFS): the next
// build asks again, and takes the result only when every answer is the
// same, so an edited, added, removed or renamed file, in a folder load
// lists, is seen; nothing but the load stage reads the sources. An
// output's files are keyed by the same executable and folder, a digest of
// those answers (the sources as read) and the output's own key
// (Cache.Keys: its options, its templates' bytes).
//
// On disk, in the cache's folder (CacheDir): a folder per finding aid
// (fa- and a digest of its folder's name) holding "check" and a folder per
// output (out-ead, out-html, out-pdf) with a "manifest" and the files,
// which are hard links to the files of the output folder where the file
// system allows (so that the cache takes almost no room of its own), else
// copies. Each manifest and check file carries a digest of itself, and
// each file's digest is checked before it is used: an entry that is
// partial or corrupt is ignored, and written again. A build puts its new
// entries in place under a lock on the cache's folder, and after it has
// put its output in place removes the entries of the finding aids it did
// not build, so the cache holds one entry per finding aid of the last
// build: at most the size of the output folder, and a few kilobytes per
// finding aid.
//
// Two things spare a rebuild most of its system calls. A build with the
// cache keeps the output it replaces as the spare ("spare", see newStage
// and trimSpare), and the next build takes it as its stage, so that a
// finding aid from the cache is found in place rather than linked, and
// its previous files are not removed. And a file read whole once, a kept
// file or a source, is known by its identity, size and times after that
// (hints.go), so that it is not read again.

// A Cache turns on the build cache (Options.Cache).
type Cache struct {
	// Dir is the cache's folder; "" is CacheDir of the output folder.
	Dir string
	// Keys holds, for each output by name, a digest of everything besides
	// the sources and the fonds executable that its files and its checks
	// depend on: its options and the templates it reads (see Key). An
	// output without a key is written by every build, and a finding aid's
	// check is taken from the cache only when every output that checks
	// has a key.
	Keys map[string]string
}

// CacheDirName is the folder, beside an output folder, that holds its
// cache.
const CacheDirName = ".fonds-cache"

// CacheDir is where the cache of the output folder out is kept:
// .fonds-cache/NAME beside it, where NAME is out's name (dist/ has
// .fonds-cache/dist/).
func CacheDir(out string) string {
	out = filepath.Clean(out)
	return filepath.Join(filepath.Dir(out), CacheDirName, filepath.Base(out))
}

const cacheTag = "Signature: 8a477f597d28d172789f06886806bc55\n" +
	"# This folder is the build cache of fonds (fonds build --no-cache does without it).\n" +
	"# Delete it at any time; the next build writes everything again.\n"

// A cacheRun is the cache during one build.
type cacheRun struct {
	dir      string
	keys     map[string]string
	checkKey string // "" when checks cannot be cached
	warn     func(string)
	limits   load.Options

	hints *hintSet // what the build knows of kept files and sources without reading them

	tmp     string   // this build's new entries, until they are put in place
	tmpLock *os.File // tmp, locked while the build runs
	mu      sync.Mutex
	pending []pending
	next    int
}

// A pending entry waits in tmp to be put in place.
type pending struct {
	fa   string // the finding aid's entry folder
	name string // "check", or an output's folder
	tmp  string
}

// executableSum digests the running executable once; its error turns the
// cache off.
var executableSum = sync.OnceValues(func() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
})

// Revision names the fonds that wrote a cache, for a person reading it:
// the module's version and its VCS revision, where the build recorded them.
func Revision() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	s := info.Main.Version
	for _, kv := range info.Settings {
		switch kv.Key {
		case "vcs.revision", "vcs.modified":
			s += " " + kv.Key + "=" + kv.Value
		}
	}
	return s
}

// openCache prepares the cache of a build into out, or returns nil when
// the build has none (no Options.Cache) or it cannot be used; why is
// given to warn.
func openCache(opt Options, out string, outputs []Output) *cacheRun {
	if opt.Cache == nil {
		return nil
	}
	warn := opt.warn
	version, err := executableSum()
	if err != nil {
		warn(fmt.Sprintf("no build cache: the fonds executable cannot be read to key it: %v", err))
		return nil
	}
	c := &cacheRun{dir: opt.Cache.Dir, keys: opt.Cache.Keys, warn: warn, limits: opt.Limits}
	if c.dir == "" {
		c.dir = CacheDir(out)
	}
	c.checkKey = checkKey(version, opt, outputs)
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		warn(fmt.Sprintf("no build cache: %v", unwrap(err)))
		return nil
	}
	tag := filepath.Join(filepath.Dir(c.dir), "CACHEDIR.TAG")
	if _, err := os.Stat(tag); errors.Is(err, fs.ErrNotExist) {
		os.WriteFile(tag, []byte(cacheTag), 0o644)
	}
	dir, err := makeTemp(c.dir, "tmp-")
	if err == nil {
		c.tmp = dir
		c.tmpLock, err = os.Open(dir)
	}
	if err == nil {
		err = syscall.Flock(int(c.tmpLock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	}
	if err != nil {
		c.close()
		warn(fmt.Sprintf("no build cache: %v", unwrap(err)))
		return nil
	}
	c.hints = loadHints(c.dir, time.Now())
	c.keys = make(map[string]string, len(opt.Cache.Keys))
	for name, k := range opt.Cache.Keys {
		c.keys[name] = digest(version, "output", name, k)
	}
	return c
}

// checkKey digests what a check's result depends on besides the sources:
// the executable, the load limits and the checks that run, those of the
// outputs by their keys and the others (given in Options.Checkers) by Key;
// "" when a check cannot be keyed.
func checkKey(version string, opt Options, outputs []Output) string {
	limits, err := Key(opt.Limits)
	if err != nil {
		return ""
	}
	parts := []string{version, "check", limits}
	for _, ch := range opt.Checkers {
		k, err := Key(ch)
		if err != nil {
			return ""
		}
		parts = append(parts, fmt.Sprintf("%T", ch), k)
	}
	for _, o := range outputs {
		if _, ok := o.(Checker); ok {
			k, ok := opt.Cache.Keys[o.Name()]
			if !ok {
				return ""
			}
			parts = append(parts, "output "+o.Name(), k)
		}
	}
	return digest(parts...)
}

func digest(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		writeString(h, p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// close releases the lock on tmp and removes it.
func (c *cacheRun) close() {
	if c.tmpLock != nil {
		c.tmpLock.Close()
		c.tmpLock = nil
	}
	if c.tmp != "" {
		dropTemp(c.tmp)
		c.tmp = ""
	}
}

// faDir is the entry folder of the finding aid in dir.
func (c *cacheRun) faDir(dir string) string {
	sum := sha256.Sum256([]byte(dir))
	return filepath.Join(c.dir, "fa-"+hex.EncodeToString(sum[:12]))
}

var plainName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// outDir names the folder of an output in a finding aid's entry.
func outDir(name string) string {
	if plainName.MatchString(name) && len(name) <= 32 {
		return "out-" + name
	}
	sum := sha256.Sum256([]byte(name))
	return "out-" + hex.EncodeToString(sum[:8])
}

func (c *cacheRun) checkKeyOf(dir string) string {
	if c.checkKey == "" {
		return ""
	}
	return digest(c.checkKey, dir)
}

// cachedCheck returns the kept check of the finding aid in dir when its
// sources are as they were, or nil.
func (c *cacheRun) cachedCheck(dir string) *Result {
	key := c.checkKeyOf(dir)
	if key == "" {
		return nil
	}
	var e checkEntry
	d, err := readEntry(filepath.Join(c.faDir(dir), "check"))
	if err != nil || e.decode(d) != nil || e.Key != key || e.Dir != dir {
		return nil
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil
	}
	defer root.Close()
	if !replay(load.RootFS(root), e.Ops, c.hints, dir) {
		return nil
	}
	return &Result{Dir: dir, Diags: e.Diags, Stats: e.Stats, ID: e.ID, Title: e.Title, Slug: e.Slug, Cached: true,
		idPos: e.IDPos, units: e.Units, ops: e.Ops, sources: opsDigest(e.Ops)}
}

// check checks the finding aid in dir, noting what it reads, and keeps the
// result for the next build.
func (c *cacheRun) check(dir string, opt Options) *Result {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return Check(dir, opt)
	}
	defer root.Close()
	t := newTraceFS(load.RootFS(root), c.hints, dir)
	res := CheckFS(t, dir, opt)
	ops, bad := t.Ops()
	if bad != "" || res.Archive == nil {
		return res
	}
	res.ops, res.sources = ops, opsDigest(ops)
	if key := c.checkKeyOf(dir); key != "" {
		e := checkEntry{Key: key, Dir: dir, Revision: Revision(), Ops: ops, Diags: res.Diags,
			Stats: res.Stats, ID: res.ID, Title: res.Title, Slug: res.Slug, IDPos: res.idPos, Units: res.units}
		data := e.encode()
		c.keep(c.faDir(dir), "check", func(tmp string) error { return os.WriteFile(tmp, data, 0o644) })
	}
	return res
}

func opsDigest(ops []traceOp) string {
	h := sha256.New()
	for _, op := range ops {
		h.Write([]byte{op.Kind})
		writeString(h, op.Name)
		h.Write(op.Sum[:])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// outputKey is the key of an output's files for the finding aid of r, ""
// when they cannot be cached.
func (c *cacheRun) outputKey(r *Result, name string) string {
	k, ok := c.keys[name]
	if !ok || r.sources == "" {
		return ""
	}
	return digest(k, r.Dir, r.sources)
}

// outputEntryDir is the entry folder of an output of the finding aid of r.
func (c *cacheRun) outputEntryDir(r *Result, name string) string {
	return filepath.Join(c.faDir(r.Dir), outDir(name))
}

// spare is where a build keeps its previous output, to recycle it as the
// stage of the next (see newStage).
func (c *cacheRun) spare() string { return filepath.Join(c.dir, "spare") }

// indexEntry is the entry folder of the Indexers' files: there is one.
func (c *cacheRun) indexEntry() string { return filepath.Join(c.dir, "index") }

// indexKey is the key of the Indexers' files: the keys of the outputs of
// the build and, for each finding aid in the order of the list, its folder,
// its slug, the digest of what indexArchive reads of it and the names of
// the files in its folder of the stage, which an Indexer may look at; ""
// when one of them is not known.
func (c *cacheRun) indexKey(outputs []Output, results []*Result, stage string) string {
	parts := []string{"index"}
	for _, o := range outputs {
		k, ok := c.keys[o.Name()]
		if !ok {
			return ""
		}
		parts = append(parts, o.Name(), k)
	}
	for _, r := range results {
		if r.sources == "" {
			return ""
		}
		files, err := fileNames(filepath.Join(stage, r.Slug))
		if err != nil {
			return ""
		}
		parts = append(parts, r.Dir, r.Slug, indexDigest(r), digest(files...))
	}
	return digest(parts...)
}

// fileNames lists the paths of the files and folders under dir, in order.
func fileNames(dir string) ([]string, error) {
	var list []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil {
			list = append(list, filepath.ToSlash(strings.TrimPrefix(path, dir)))
		}
		return err
	})
	return list, err
}

// indexDigest digests what indexArchive reads of a finding aid: every
// answer the load stage had, but those about its files of units, which it
// reads as empty, and the names of those files.
func indexDigest(r *Result) string {
	var ops []traceOp
	for _, op := range r.ops {
		if !slices.Contains(r.units, op.Name) {
			ops = append(ops, op)
		}
	}
	return digest(append([]string{opsDigest(ops)}, r.units...)...)
}

// fetch puts the files kept in the entry folder (of an output: see
// outputEntry) into dst, the finding aid's folder in the stage, and returns
// the entry, whose Warnings are those the output gave; ok is false, and
// what it put in dst is taken out again, when the entry is not for key or
// it is not whole. With reuse, dst may hold files already (a recycled
// stage): one that is the kept file, as a hint tells, stays; anything
// else in the way goes.
func (c *cacheRun) fetch(entry, key, dst string, reuse bool) (_ *outputEntry, ok bool) {
	var e outputEntry
	d, err := readEntry(filepath.Join(entry, "manifest"))
	if err != nil || e.decode(d) != nil || e.Key != key {
		return nil, false
	}
	var made []string // files and folders put in dst, in the order made
	undo := func() {
		for _, p := range slices.Backward(made) {
			os.Remove(p)
		}
	}
	buf := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(buf)
	there := map[string]bool{} // folders of dst made, or found made
	for i, f := range e.Files {
		if !fs.ValidPath(f.Rel) || f.Rel == "." {
			undo()
			return nil, false
		}
		var dirs []string
		var err error
		if dir := path.Dir(f.Rel); !there[dir] {
			dirs, err = mkdirsIn(dst, dir, reuse)
			there[dir] = err == nil
		}
		made = append(made, dirs...)
		target := filepath.Join(dst, filepath.FromSlash(f.Rel))
		if err != nil {
			undo()
			return nil, false
		}
		switch c.fetchFile(filepath.Join(entry, strconv.Itoa(i)), target, f, *buf, reuse) {
		case fetchFailed:
			undo()
			return nil, false
		case fetchMade:
			made = append(made, target)
		}
	}
	return &e, true
}

// copyBuffers are the buffers files are read through to be digested: large,
// so that a file is read in few calls.
var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 1<<20); return &b }}

// What fetchFile did.
const (
	fetchFailed = iota
	fetchMade   // linked or copied the kept file to the path
	fetchKept   // found it there already (reuse)
)

// fetchFile links (or copies) one kept file to path, which must not exist
// unless reuse, and checks its digest there, on the link itself, so that
// an entry replaced meanwhile is never taken unchecked: by a hint, else
// by reading it. With reuse, a file at path that is the kept file (a hint
// tells, or it is a link to it and is read) stays; anything else there
// goes first.
func (c *cacheRun) fetchFile(src, path string, f cachedFile, buf []byte, reuse bool) int {
	if reuse {
		if info, err := os.Lstat(path); err == nil {
			if c.hints.known(info, src, f.Size, f.Sum) {
				return fetchKept
			}
			if kept, err := os.Lstat(src); err == nil && info.Mode().IsRegular() && os.SameFile(info, kept) {
				if c.verify(path, src, f, buf) {
					return fetchKept
				}
				return fetchFailed
			}
			if err := os.RemoveAll(path); err != nil {
				return fetchFailed
			}
		}
	}
	if err := os.Link(src, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fetchFailed
		}
		if err := copyFile(src, path, f.Perm); err != nil {
			return fetchFailed
		}
	}
	if !c.hints.empty() {
		if info, err := os.Lstat(path); err == nil && c.hints.known(info, src, f.Size, f.Sum) {
			return fetchMade
		}
	}
	if !c.verify(path, src, f, buf) {
		return fetchFailed
	}
	return fetchMade
}

// verify reads the file at path (a link to src) whole and reports whether
// it is the kept file f, learning a hint if so; if not, it removes it.
func (c *cacheRun) verify(path, src string, f cachedFile, buf []byte) bool {
	wholeReads.Add(1)
	n, sum, info, err := fileSum(path, buf, true)
	if err != nil || n != f.Size || sum != f.Sum {
		os.Remove(path)
		return false
	}
	c.hints.learn(info, hintKept, src, keptSum(sum))
	return true
}

// mkdirsIn makes the folders of rel (slash-separated) inside dir, which
// must exist, so that a stage removed by Interrupt is never made again; it
// returns the folders it made. With reuse, what is in the way of a folder
// and is not one (a file, a symbolic link) goes first.
func mkdirsIn(dir, rel string, reuse bool) ([]string, error) {
	if rel == "." {
		return nil, nil
	}
	var made []string
	for _, part := range strings.Split(rel, "/") {
		dir = filepath.Join(dir, part)
		if reuse {
			info, err := os.Lstat(dir)
			if err == nil && info.IsDir() {
				continue
			}
			if err == nil {
				if err := os.Remove(dir); err != nil {
					return made, err
				}
			}
		}
		err := os.Mkdir(dir, 0o755)
		switch {
		case err == nil:
			made = append(made, dir)
		case !errors.Is(err, fs.ErrExist):
			return made, err
		}
	}
	return made, nil
}

func copyFile(src, dst string, perm fs.FileMode) error {
	in, err := regfile.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := regfile.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// store keeps the files an output wrote under root, with the warnings it
// gave, as the entry name of the folder fa: every file under root, or, when
// top is not nil, those of the files and folders named in top.
func (c *cacheRun) store(fa, name, key, root string, top []string, warnings []string) {
	c.keep(fa, name, func(tmp string) error {
		if err := os.Mkdir(tmp, 0o755); err != nil {
			return err
		}
		e := outputEntry{Key: key, Warnings: warnings}
		buf := copyBuffers.Get().(*[]byte)
		defer copyBuffers.Put(buf)
		add := func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if !d.Type().IsRegular() {
				return fmt.Errorf("%s is not a regular file", path)
			}
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			f := cachedFile{Rel: filepath.ToSlash(rel), Perm: info.Mode().Perm()}
			kept := filepath.Join(tmp, strconv.Itoa(len(e.Files)))
			if err := os.Link(path, kept); err != nil {
				if err := copyFile(path, kept, f.Perm); err != nil {
					return err
				}
			}
			if f.Size, f.Sum, _, err = fileSum(kept, *buf, false); err != nil {
				return err
			}
			e.Files = append(e.Files, f)
			return nil
		}
		if top == nil {
			top = []string{"."}
		}
		for _, t := range top {
			if err := filepath.WalkDir(filepath.Join(root, t), add); err != nil {
				return err
			}
		}
		return os.WriteFile(filepath.Join(tmp, "manifest"), e.encode(), 0o644)
	})
}

// A fileDigest is the XXH3-128 of a kept file's bytes. A kept file is
// read whole each time it is used, to tell a file changed in place (an
// output file and its kept copy are one file, hard-linked): a fast
// non-cryptographic hash tells an accident — an edit, a tool that rewrites
// the output folder in place, a file cut short — as surely as SHA-256, at
// a fraction of the time (a rebuild of a 1,000-finding-aid corpus reads
// 776 MB). It does not stand against an adversary who can write the output
// folder and crafts a file of the same size and digest; one who can write
// there can change what is published anyway. Each manifest keeps its own
// SHA-256.
type fileDigest [16]byte

// fileSum reads a file through buf and returns its size and digest, and,
// when stat, its information as it was before it was read (for a hint).
func fileSum(path string, buf []byte, stat bool) (int64, fileDigest, fs.FileInfo, error) {
	f, err := regfile.Open(path)
	if err != nil {
		return 0, fileDigest{}, nil, err
	}
	defer f.Close()
	var info fs.FileInfo
	if stat {
		if info, err = f.Stat(); err != nil {
			return 0, fileDigest{}, nil, err
		}
	}
	h := hashers.Get().(*xxh3.Hasher128)
	defer hashers.Put(h)
	h.Reset()
	n, err := io.CopyBuffer(h, struct{ io.Reader }{f}, buf)
	return n, h.Sum128().Bytes(), info, err
}

// hashers are the digesters of kept files, reused: each holds a
// kilobyte's buffer, and a rebuild digests tens of thousands of files.
var hashers = sync.Pool{New: func() any { return xxh3.New128() }}

// keep makes a new entry (the file or folder of name in the finding aid's
// entry folder fa) in this build's tmp folder with write, to be put in
// place by commit. A failure is warned of, and the entry left out.
func (c *cacheRun) keep(fa, name string, write func(tmp string) error) {
	c.mu.Lock()
	c.next++
	tmp := filepath.Join(c.tmp, strconv.Itoa(c.next))
	c.mu.Unlock()
	if err := write(tmp); err != nil {
		os.RemoveAll(tmp)
		c.warn(fmt.Sprintf("the build cache could not keep an entry (%v); the next build will write it again", unwrap(err)))
		return
	}
	c.mu.Lock()
	c.pending = append(c.pending, pending{fa, name, tmp})
	c.mu.Unlock()
}

// commit puts the new entries in place, under the lock on the cache's
// folder, replacing the ones they succeed.
func (c *cacheRun) commit() {
	unlock, err := lockFolder(c.dir)
	if err != nil {
		c.warn(fmt.Sprintf("the build cache could not be written: %v", unwrap(err)))
		return
	}
	defer unlock()
	c.hints.save()
	for i, p := range c.pending {
		if err := os.MkdirAll(p.fa, 0o755); err != nil {
			c.warn(fmt.Sprintf("the build cache could not be written: %v", unwrap(err)))
			return
		}
		dst := filepath.Join(p.fa, p.name)
		old := filepath.Join(c.tmp, "old-"+strconv.Itoa(i))
		if err := os.Rename(dst, old); err != nil && !errors.Is(err, fs.ErrNotExist) {
			continue
		}
		os.Rename(p.tmp, dst)
	}
	c.pending = nil
}

// prune removes the entries of finding aids that are not in dirs, and the
// new entries of builds that were killed, under the lock on the cache's
// folder; then it removes this build's tmp folder.
func (c *cacheRun) prune(dirs []string) {
	defer c.close()
	unlock, err := lockFolder(c.dir)
	if err != nil {
		return
	}
	defer unlock()
	keep := map[string]bool{}
	for _, d := range dirs {
		keep[filepath.Base(c.faDir(d))] = true
	}
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		path := filepath.Join(c.dir, e.Name())
		switch {
		case strings.HasPrefix(e.Name(), "fa-") && !keep[e.Name()]:
			os.RemoveAll(path)
		case strings.HasPrefix(e.Name(), "tmp-") && path != c.tmp:
			// A running build holds its tmp folder locked.
			if f, err := os.Open(path); err == nil {
				if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil {
					os.RemoveAll(path)
				}
				f.Close()
			}
		}
	}
}
