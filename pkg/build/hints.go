package build

import (
	"cmp"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zeebo/xxh3"
)

// The build cache reads a kept file whole, to check its digest, the first
// time a build uses it, and a finding aid's sources, to tell whether its
// check still holds; after that it trusts the file's identity (device and
// inode), size and modification time, as git's index and make do: a file
// written again, in place or anew, has another modification time or
// another inode. A hint records what a build read: "the file with this
// identity, size and modification time had this digest". A build that
// finds the file as the hint describes it does not read it again; one that
// finds anything else reads it, as before there were hints. Of a source,
// the time its information last changed (ctime, which no program can set
// back: a file given an old modification time by hand has a new one) must
// be the same too; not of a kept file, whose links the build adds and
// removes.
//
// A hint is learned only of a file last modified well before the build
// began (racyWindow), so that a file written again within the same tick of
// the file system's clock, after the build read it, is never taken for the
// file it read: git's "racily clean" entries. What hints do not stand
// against is a file written again with its old size and its modification
// time set back by hand (touch -d, a tar or rsync that keeps times, run in
// place on the output folder); `--no-cache`, or deleting .fonds-cache/,
// reads every file again.
//
// The hints are one file in the cache's folder ("hints"), an entry file as
// the others are (codec.go: its digest checked when it is read), rewritten
// by a build that learned a hint or stopped using one, under the lock on
// the cache's folder; a hints file that is not whole is ignored.

// racyWindow: a file modified less than this before the build began is
// not trusted by its time (a variable for tests).
var racyWindow = 2 * time.Second

// wholeReads counts the files the cache read whole, kept files and
// sources, to check them (for tests: what hints spare).
var wholeReads atomic.Int64

// A fileID names a file on its device: what its hard links share.
type fileID struct{ dev, ino uint64 }

// A hint is what a build read of a file: the path it read it by (a digest
// of it: a source's folder and name, a kept file's path in the cache), its
// size, modification time and ctime (nanoseconds since 1970; ctime 0 for a
// kept file) when it had the digest sum (a kept file's fileDigest, or a
// source's answer in a trace). The path guards against a file system that
// makes inode numbers up and gives them again to other files (vfat, a
// network share without server inode numbers).
type hint struct {
	kind               byte // hintKept, hintSource
	path               uint64
	size, mtime, ctime int64
	sum                [32]byte
}

const (
	hintKept   = 'k'
	hintSource = 's'
)

// hintsKind names an entry file of hints (its first field), and its
// version.
const hintsKind = "hints 2"

// A hintSet is the hints of one build: those it read (old, not changed),
// and those it used or learned (now), which the next build reads.
type hintSet struct {
	path   string
	before int64 // a file modified at or after it is not learned
	old    map[fileID]hint

	mu      sync.Mutex
	now     map[fileID]hint
	learned bool
}

// loadHints reads the hints in the cache's folder dir, for a build that
// began at start.
func loadHints(dir string, start time.Time) *hintSet {
	h := &hintSet{path: filepath.Join(dir, "hints"), before: start.Add(-racyWindow).UnixNano(),
		old: map[fileID]hint{}, now: map[fileID]hint{}}
	d, err := readEntry(h.path)
	if err != nil || d.str() != hintsKind {
		return h
	}
	old := map[fileID]hint{}
	for n := d.count(7 + 32); n > 0 && d.err == nil; n-- {
		id := fileID{d.uint(), d.uint()}
		v := hint{kind: byte(d.uint()), path: d.uint(), size: int64(d.uint()), mtime: int64(d.uint()), ctime: int64(d.uint()), sum: d.sum()}
		old[id] = v
	}
	if d.end() == nil {
		h.old = old
	}
	return h
}

// empty reports whether there are no hints to use: a lookup would find
// none, so the file need not be looked at.
func (h *hintSet) empty() bool { return h == nil || len(h.old) == 0 }

// of is the hint a file of info, read by path, would have, of the kind
// given, but its digest; ok is false when it can have none.
func (h *hintSet) of(info fs.FileInfo, kind byte, path string) (fileID, hint, bool) {
	if h == nil || !info.Mode().IsRegular() {
		return fileID{}, hint{}, false
	}
	id, ok := idOf(info)
	v := hint{kind: kind, path: xxh3.HashString(path), size: info.Size(), mtime: info.ModTime().UnixNano()}
	if kind == hintSource {
		v.ctime = ctimeOf(info)
	}
	return id, v, ok
}

// sumOf returns the digest a hint gives the file of info, read by path, of
// the kind given, and whether there is one.
func (h *hintSet) sumOf(info fs.FileInfo, kind byte, path string) ([32]byte, bool) {
	if h.empty() {
		return [32]byte{}, false
	}
	id, want, ok := h.of(info, kind, path)
	if !ok {
		return [32]byte{}, false
	}
	v, ok := h.old[id]
	want.sum = v.sum
	if !ok || v != want {
		return [32]byte{}, false
	}
	h.mu.Lock()
	h.now[id] = v
	h.mu.Unlock()
	return v.sum, true
}

// known reports whether info (of a regular file, from Lstat or Stat) is
// the kept file at path that a hint says has the given size and digest.
func (h *hintSet) known(info fs.FileInfo, path string, size int64, sum fileDigest) bool {
	got, ok := h.sumOf(info, hintKept, path)
	return ok && info.Size() == size && got == keptSum(sum)
}

func keptSum(sum fileDigest) (s [32]byte) {
	copy(s[:], sum[:])
	return s
}

// learn records that the file of info, read by path and taken before its
// bytes were read, had the digest sum, of the kind given, unless it was
// modified too near the build's start, or its file system keeps times to
// the second only (a time of a whole second: FAT's, a tar's), too coarse
// to tell two writes apart.
func (h *hintSet) learn(info fs.FileInfo, kind byte, path string, sum [32]byte) {
	id, v, ok := h.of(info, kind, path)
	if !ok || v.mtime >= h.before || v.ctime >= h.before || v.mtime%1e9 == 0 || kind == hintSource && v.ctime%1e9 == 0 {
		return
	}
	v.sum = sum
	h.mu.Lock()
	h.now[id] = v
	h.learned = true
	h.mu.Unlock()
}

// save writes the hints this build used or learned, when they are not
// those it read. The caller holds the lock on the cache's folder.
func (h *hintSet) save() {
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.learned && len(h.now) == len(h.old) {
		return
	}
	ids := make([]fileID, 0, len(h.now))
	for id := range h.now {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b fileID) int {
		if a.dev != b.dev {
			return cmp.Compare(a.dev, b.dev)
		}
		return cmp.Compare(a.ino, b.ino)
	})
	var e encoder
	e.str(hintsKind)
	e.uint(uint64(len(ids)))
	for _, id := range ids {
		v := h.now[id]
		for _, n := range []uint64{id.dev, id.ino, uint64(v.kind), v.path, uint64(v.size), uint64(v.mtime), uint64(v.ctime)} {
			e.uint(n)
		}
		e.bytes(v.sum[:])
	}
	data := e.file()
	// A new file of its own (never a link planted at a fixed name), named
	// as the cache's folders of new entries are, which prune removes if a
	// build was killed before it was renamed.
	f, err := os.CreateTemp(filepath.Dir(h.path), "tmp-hints-")
	if err != nil {
		return
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil || os.Chmod(f.Name(), 0o644) != nil || os.Rename(f.Name(), h.path) != nil {
		os.Remove(f.Name())
		return
	}
	h.learned = false
}
