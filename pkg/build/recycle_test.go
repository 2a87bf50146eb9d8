package build

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// layout lists everything under dir, folders and links too, with its kind:
// what tree leaves out (an empty folder, a link).
func layout(t *testing.T, dir string) []string {
	t.Helper()
	var list []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		list = append(list, filepath.ToSlash(rel)+" "+d.Type().String())
		return nil
	})
	must(t, err)
	return list
}

// TestRecycledStage: a build with the cache keeps the output it replaces as
// the spare, and the next build takes it as its stage, keeping in place
// what the cache gives; whatever else the spare holds goes, and nothing is
// ever written through a link in it.
func TestRecycledStage(t *testing.T) {
	c := newCacheCase(t)
	c.build(false)
	results, _, _ := c.build(false) // the first output is now the spare
	spare := filepath.Join(CacheDir(c.out), "spare")
	letters, minimal := results[0].Slug, results[1].Slug
	kept, err := os.Lstat(filepath.Join(spare, letters))
	must(t, err)

	outside := t.TempDir()
	must(t, os.WriteFile(filepath.Join(outside, "keep.txt"), []byte("not fonds's"), 0o644))
	fa := filepath.Join(spare, letters)
	must(t, os.WriteFile(filepath.Join(fa, "stray.txt"), []byte("stray"), 0o644))
	must(t, os.MkdirAll(filepath.Join(fa, "empty", "folder"), 0o755))
	must(t, os.RemoveAll(filepath.Join(fa, "a")))
	must(t, os.Symlink(outside, filepath.Join(fa, "a"))) // where a folder goes
	must(t, os.Remove(filepath.Join(fa, "b.txt")))
	must(t, os.Mkdir(filepath.Join(fa, "b.txt"), 0o755)) // where a file goes
	must(t, os.MkdirAll(filepath.Join(spare, "gone", "x"), 0o755))
	must(t, os.Symlink(outside, filepath.Join(spare, "elsewhere")))
	// A file changed in place is the kept file changed: not taken.
	must(t, os.WriteFile(filepath.Join(spare, minimal, "a.txt"), []byte("changed in place\n"), 0o644))

	_, a, b := c.build(false) // compares every file with a build without the cache
	if a != 1 || b != 0 {
		t.Errorf("a wrote %d (want 1: the file changed in place), b %d", a, b)
	}
	clean := filepath.Join(t.TempDir(), "clean")
	_, err = Compile(c.dirs, clean, Options{}, c.outputs(false))
	must(t, err)
	if got, want := layout(t, c.out), layout(t, clean); !slices.Equal(got, want) {
		t.Errorf("recycled output:\n%s\nclean:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := layout(t, outside); !slices.Equal(got, []string{"keep.txt ----------"}) {
		t.Errorf("written through a link: %v", got)
	}
	if data := mustRead(t, filepath.Join(outside, "keep.txt")); string(data) != "not fonds's" {
		t.Errorf("written through a link: %q", data)
	}
	now, err := os.Lstat(filepath.Join(c.out, letters))
	must(t, err)
	if !os.SameFile(kept, now) {
		t.Errorf("the finding aid's folder of the spare was not taken as it was")
	}
}

// TestSpareHoldsOnlyWhatTheCacheKeeps: the spare keeps the folders of the
// finding aids that came from the cache, which are links to its files;
// those written anew, and any other file, go at once.
func TestSpareHoldsOnlyWhatTheCacheKeeps(t *testing.T) {
	c := newCacheCase(t)
	c.build(false)
	c.build(false)
	flip(t, filepath.Join(c.dirs[0], "fonds.yaml"))
	results, _, _ := c.build(false)
	spare := filepath.Join(CacheDir(c.out), "spare")
	if got, want := layout(t, spare), []string{results[1].Slug + " d---------"}; !slices.Equal(got[:1], want) || strings.Contains(strings.Join(got, " "), results[0].Slug) {
		t.Errorf("spare: %v, want only the folder of %s", got, results[1].Slug)
	}
	err := filepath.WalkDir(spare, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(spare, p)
		info, err := os.Lstat(p)
		must(t, err)
		there, err := os.Lstat(filepath.Join(c.out, rel))
		if err != nil || !os.SameFile(info, there) {
			t.Errorf("%s in the spare is not a link to the output's file (%v)", rel, err)
		}
		return nil
	})
	must(t, err)
}

// backdate sets the times of every file and folder under dir an hour back.
func backdate(t *testing.T, dir string) {
	t.Helper()
	then := time.Now().Add(-time.Hour)
	must(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.Type()&fs.ModeSymlink != 0 {
			return err
		}
		return os.Chtimes(p, then, then)
	}))
}

// TestHintsSpareReads: a build that finds each kept file and source as the
// build before read it (identity, size, times) reads none again; a file
// written again in place, with the same size, is read and seen.
func TestHintsSpareReads(t *testing.T) {
	defer func(w time.Duration) { racyWindow = w }(racyWindow)
	racyWindow = 0 // the files are backdated instead of waited for
	c := newCacheCase(t)
	c.build(false)
	backdate(t, filepath.Dir(c.out))

	wholeReads.Store(0)
	c.build(false) // reads everything once, and learns
	if n := wholeReads.Load(); n == 0 {
		t.Fatalf("the first build after the cache was filled read nothing")
	}
	if _, err := os.Stat(filepath.Join(CacheDir(c.out), "hints")); err != nil {
		t.Fatalf("no hints kept: %v", err)
	}
	wholeReads.Store(0)
	results, a, b := c.build(false)
	if n := wholeReads.Load(); n != 0 || a != 0 || b != 0 || !results[0].Cached || !results[1].Cached {
		t.Fatalf("with hints: %d files read whole, a wrote %d, b %d", n, a, b)
	}

	// A source written again in place, with the same size.
	src := filepath.Join(c.dirs[0], "fonds.yaml")
	flip(t, src)
	results, _, _ = c.build(false)
	if results[0].Cached || !results[1].Cached {
		t.Errorf("a source written again in place: cached %v %v", results[0].Cached, results[1].Cached)
	}

	// A kept file written again in place, with the same size, in the output.
	out := filepath.Join(c.out, results[1].Slug, "a.txt")
	data := mustRead(t, out)
	data[0] ^= 1
	must(t, os.WriteFile(out, data, 0o644))
	if _, a, _ := c.build(false); a != 1 {
		t.Errorf("a kept file written again in place: a wrote %d, want 1", a)
	}

	// A source written again, its modification time set back: its ctime
	// tells (Linux).
	if runtime.GOOS == "linux" {
		backdate(t, filepath.Dir(c.out))
		c.build(false) // learns again
		info, err := os.Stat(src)
		must(t, err)
		flip(t, src)
		must(t, os.Chtimes(src, info.ModTime(), info.ModTime()))
		if results, _, _ := c.build(false); results[0].Cached {
			t.Errorf("a source written again with its old time was taken from the cache")
		}
	}
}

// TestHintsNotLearnedOfRecentFiles: a file modified within the racy window
// before the build began is never trusted by its times.
func TestHintsNotLearnedOfRecentFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	must(t, os.WriteFile(path, []byte("x"), 0o644))
	info, err := os.Stat(path)
	must(t, err)
	sum := [32]byte{1}
	h := loadHints(dir, info.ModTime()) // began as the file was written
	h.learn(info, hintSource, path, sum)
	if len(h.now) != 0 {
		t.Errorf("a file written as the build began was learned")
	}
	h = loadHints(dir, time.Now().Add(time.Hour))
	h.learn(info, hintSource, path, sum)
	h.learn(info, hintKept, path, keptSum(fileDigest{2}))
	h.save()
	again := loadHints(dir, time.Now())
	if got, ok := again.sumOf(info, hintKept, path); !ok || got != keptSum(fileDigest{2}) {
		t.Errorf("hints saved and read again: %v %v", got, ok)
	}
	if _, ok := again.sumOf(info, hintSource, path); ok {
		t.Errorf("a hint of one kind was taken for the other")
	}
	if _, ok := again.sumOf(info, hintKept, path+"2"); ok {
		t.Errorf("a hint of a file read by one path was taken for another")
	}

	// Times of whole seconds (FAT's, a tar's) are too coarse to be trusted.
	whole := time.Now().Add(-time.Hour).Truncate(time.Second)
	must(t, os.Chtimes(path, whole, whole))
	info, err = os.Stat(path)
	must(t, err)
	h = loadHints(dir, time.Now())
	h.learn(info, hintKept, path, sum)
	if len(h.now) != 0 {
		t.Errorf("a file with a time of a whole second was learned")
	}

	// A hints file that is not whole is not read.
	data := mustRead(t, filepath.Join(dir, "hints"))
	must(t, os.WriteFile(filepath.Join(dir, "hints"), data[:len(data)-1], 0o644))
	if h := loadHints(dir, time.Now()); len(h.old) != 0 {
		t.Errorf("a cut hints file gave %d hints", len(h.old))
	}
}

// TestSpareLinkNotFollowed: a spare that is a symbolic link is never taken
// for a stage, nor is anything written where it points.
func TestSpareLinkNotFollowed(t *testing.T) {
	c := newCacheCase(t)
	c.build(false)
	c.build(false)
	spare := filepath.Join(CacheDir(c.out), "spare")
	must(t, os.RemoveAll(spare))
	outside := t.TempDir()
	must(t, os.WriteFile(filepath.Join(outside, "keep.txt"), []byte("not fonds's"), 0o644))
	must(t, os.Symlink(outside, spare))
	c.build(false) // compares every file with a build without the cache
	if got := layout(t, outside); !slices.Equal(got, []string{"keep.txt ----------"}) {
		t.Errorf("written where the spare pointed: %v", got)
	}
	if info, err := os.Lstat(spare); err != nil || !info.IsDir() {
		t.Errorf("the spare after the build: %v %v", info, err)
	}
}

// TestMerge: a part's files go into the finding aid's folder; a file
// another output put there is an error, as a file or as a folder holding
// one; what else is in the way (in a recycled stage) goes, and a link is
// replaced, never followed.
func TestMerge(t *testing.T) {
	write := func(p, text string) {
		t.Helper()
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, []byte(text), 0o644))
	}
	root := t.TempDir()
	part, dst, outside := filepath.Join(root, "part"), filepath.Join(root, "dst"), filepath.Join(root, "outside")
	write(filepath.Join(part, "y", "new.txt"), "new")
	write(filepath.Join(part, "z"), "z")
	write(filepath.Join(part, "l", "in.txt"), "in")
	write(filepath.Join(dst, "y"), "a file where a folder goes")
	write(filepath.Join(dst, "z", "old.txt"), "a folder where a file goes")
	write(filepath.Join(outside, "keep.txt"), "not fonds's")
	must(t, os.Symlink(outside, filepath.Join(dst, "l")))
	if err := merge(part, dst, map[string]bool{}); err != nil {
		t.Fatal(err)
	}
	if got, want := layout(t, dst), []string{"l d---------", "l/in.txt ----------", "y d---------", "y/new.txt ----------", "z ----------"}; !slices.Equal(got, want) {
		t.Errorf("merged: %v, want %v", got, want)
	}
	if got := layout(t, outside); !slices.Equal(got, []string{"keep.txt ----------"}) {
		t.Errorf("written through a link: %v", got)
	}

	for _, c := range []struct {
		claimed string // put there by another output
		file    string // what the part writes
		want    string
	}{
		{"x.txt", "x.txt", "x.txt is written by another output too"},
		{"sub/a.txt", "sub", "sub is written by another output too, as a folder"},
	} {
		part, dst := filepath.Join(t.TempDir(), "part"), filepath.Join(t.TempDir(), "dst")
		write(filepath.Join(dst, c.claimed), "theirs")
		write(filepath.Join(part, c.file), "ours")
		err := merge(part, dst, map[string]bool{c.claimed: true})
		if err == nil || err.Error() != c.want {
			t.Errorf("%s over %s: %v, want %q", c.file, c.claimed, err, c.want)
		}
		if data := mustRead(t, filepath.Join(dst, c.claimed)); string(data) != "theirs" {
			t.Errorf("%s: the other output's file became %q", c.claimed, data)
		}
	}
}

// TestRecycledFolderMode: a folder of the spare kept in place takes the
// mode a new one would have, whatever was done to it by hand.
func TestRecycledFolderMode(t *testing.T) {
	c := newCacheCase(t)
	c.build(false)
	results, _, _ := c.build(false)
	fa := filepath.Join(CacheDir(c.out), "spare", results[0].Slug)
	must(t, os.Chmod(fa, 0o711))
	must(t, os.Chmod(filepath.Join(fa, "a"), 0o700))
	c.build(false)
	clean := filepath.Join(t.TempDir(), "clean")
	_, err := Compile(c.dirs, clean, Options{}, c.outputs(false))
	must(t, err)
	for _, rel := range []string{results[0].Slug, filepath.Join(results[0].Slug, "a")} {
		got, err1 := os.Stat(filepath.Join(c.out, rel))
		want, err2 := os.Stat(filepath.Join(clean, rel))
		if err1 != nil || err2 != nil || got.Mode() != want.Mode() {
			t.Errorf("%s: %v, want %v (%v %v)", rel, got.Mode(), want.Mode(), err1, err2)
		}
	}
}
