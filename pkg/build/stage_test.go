package build

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fonds-archive/fonds/pkg/model"
)

// TestStaleStagesRemoved puts beside the output the staging folders that
// killed builds leave, one that a running build holds (locked), and
// things that only look like them: a build removes the stale ones only.
func TestStaleStagesRemoved(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "dist")
	outside := t.TempDir()
	must(t, os.WriteFile(filepath.Join(outside, "keep.txt"), []byte("kept"), 0o644))
	for _, d := range []string{".dist.tmp-111/fix-min", ".dist.tmp-222.old/fix-min", ".dist.tmp-333", ".dist.tmp-x", ".other.tmp-444"} {
		must(t, os.MkdirAll(filepath.Join(parent, d), 0o755))
		must(t, os.WriteFile(filepath.Join(parent, d, "f.txt"), []byte("30 MB of a killed build"), 0o644))
	}
	must(t, os.Symlink(outside, filepath.Join(parent, ".dist.tmp-555")))
	held, err := os.Open(filepath.Join(parent, ".dist.tmp-333"))
	must(t, err)
	defer held.Close()
	must(t, syscall.Flock(int(held.Fd()), syscall.LOCK_EX|syscall.LOCK_NB))

	if _, err := Compile(fixtures, out, Options{}, []Output{fileOutput{name: "a"}}); err != nil {
		t.Fatal(err)
	}
	want := ".dist.tmp-333 .dist.tmp-555 .dist.tmp-x .other.tmp-444 dist"
	if got := sortedNames(siblings(t, out)); got != want {
		t.Errorf("beside the output: %s; want %s", got, want)
	}
	if data, err := os.ReadFile(filepath.Join(outside, "keep.txt")); err != nil || string(data) != "kept" {
		t.Errorf("a link's target was touched: %v", err)
	}
}

func sortedNames(names []string) string {
	slices.Sort(names)
	return strings.Join(names, " ")
}

// TestLeftoverIsAWarning: when the previous output cannot be removed after
// the swap, the new output is in place and Compile says so with a
// *LeftoverError; the next build removes what was left.
func TestLeftoverIsAWarning(t *testing.T) {
	out := filepath.Join(t.TempDir(), "dist")
	if _, err := Compile(fixtures, out, Options{}, []Output{fileOutput{name: "old"}}); err != nil {
		t.Fatal(err)
	}
	removeAll = func(string) error { return errors.New("device or resource busy (simulated)") }
	_, err := Compile(fixtures, out, Options{}, []Output{fileOutput{name: "new"}})
	removeAll = os.RemoveAll
	var left *LeftoverError
	if !errors.As(err, &left) || !strings.Contains(err.Error(), "the new "+out+" is in place, but the previous output could not be removed: device or resource busy (simulated); delete ") {
		t.Fatalf("err = %v", err)
	}
	if got := tree(t, out); !strings.Contains(got, "fix-min/new.txt") || strings.Contains(got, "old.txt") {
		t.Errorf("the new output is not in place:\n%s", got)
	}
	if _, err := os.Stat(left.Left); err != nil {
		t.Errorf("the leftover %s is not there: %v", left.Left, err)
	}
	if _, err := Compile(fixtures, out, Options{}, []Output{fileOutput{name: "new"}}); err != nil {
		t.Fatal(err)
	}
	if s := siblings(t, out); len(s) != 1 {
		t.Errorf("the next build left %v", s)
	}
}

// blockingOutput writes a file, then waits until released: a build
// caught in the middle of writing.
type blockingOutput struct{ started, release chan struct{} }

func (blockingOutput) Name() string { return "slow" }

func (o blockingOutput) Write(a *model.Archive, dir string) error {
	if err := os.WriteFile(filepath.Join(dir, "part.txt"), []byte("half"), 0o644); err != nil {
		return err
	}
	o.started <- struct{}{}
	<-o.release
	return os.WriteFile(filepath.Join(dir, "rest.txt"), []byte("rest"), 0o644)
}

// TestInterrupt stops a build half way, as the signal handler does: its
// staging folder goes, the previous output stays, and the build is not
// put in place.
func TestInterrupt(t *testing.T) {
	defer resetInterrupt()
	out := filepath.Join(t.TempDir(), "dist")
	if _, err := Compile(fixtures[1:], out, Options{}, []Output{fileOutput{name: "old"}}); err != nil {
		t.Fatal(err)
	}
	before := tree(t, out)
	o := blockingOutput{make(chan struct{}), make(chan struct{})}
	done := make(chan error, 1)
	go func() {
		_, err := Compile(fixtures[1:], out, Options{}, []Output{o})
		done <- err
	}()
	select {
	case <-o.started:
	case <-time.After(30 * time.Second):
		t.Fatal("the build did not start writing")
	}
	removed := Interrupt()
	if len(removed) != 1 || !strings.HasPrefix(filepath.Base(removed[0]), ".dist.tmp-") {
		t.Errorf("Interrupt removed %v", removed)
	}
	close(o.release)
	if err := <-done; err == nil {
		t.Error("the interrupted build succeeded")
	}
	if got := tree(t, out); got != before {
		t.Errorf("the previous output changed:\n%s", got)
	}
	if s := siblings(t, out); len(s) != 1 {
		t.Errorf("left beside the output: %v", s)
	}
	if _, err := NewStage(out); !errors.Is(err, ErrInterrupted) {
		t.Errorf("a stage made after Interrupt: %v", err)
	}
}

// TestRemoveTree: the previous output goes whole, its finding aids'
// folders at once; a symbolic link goes as a link, as with os.RemoveAll,
// never emptying the folder it points to.
func TestRemoveTree(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "old")
	for _, f := range []string{"a/index.html", "a/search/t.js", "b/b.pdf", "index.html"} {
		p := filepath.Join(out, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := removeTree(out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the folder is still there: %v", err)
	}
	if err := removeTree(out); err != nil {
		t.Errorf("a folder that is not there: %v", err)
	}

	target := filepath.Join(dir, "target")
	if err := os.MkdirAll(filepath.Join(target, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "sub", "keep.txt"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := removeTree(link); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(link); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the link is still there: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(target, "sub", "keep.txt")); err != nil || string(b) != "keep" {
		t.Errorf("the folder the link pointed to lost its files: %q, %v", b, err)
	}
}
