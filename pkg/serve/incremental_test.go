package serve

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/pkg/build"
)

// files lists the files under dir with their contents.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameAsBuild fails the test unless the server's build holds exactly the
// files, and the bytes, that fonds build writes for the same sources.
func sameAsBuild(t *testing.T, r *running, src string) {
	t.Helper()
	dirs, err := build.Discover([]string{src})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "dist")
	if _, err := build.Compile(dirs, out, build.Options{}, allOutputs(t)); err != nil {
		t.Fatal(err)
	}
	snap, _ := r.acquire()
	defer r.release(snap)
	want, got := files(t, out), files(t, snap.dir)
	for name, data := range want {
		if !bytes.Equal(got[name], data) {
			t.Errorf("%s differs from fonds build's (%d bytes, want %d)", name, len(got[name]), len(data))
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s is not in fonds build's output", name)
		}
	}
}

// TestIncremental changes, adds, renames and removes finding aids while
// the server runs: each time only what changed is built again, and the
// result is what fonds build writes, byte for byte.
func TestIncremental(t *testing.T) {
	src := t.TempDir()
	for _, fa := range []string{"letters", "minimal", "deep"} {
		copyDir(t, "../../testdata/fixtures/"+fa, filepath.Join(src, fa))
	}
	r := start(t, Options{Dirs: []string{src}, Outputs: allOutputs(t)})
	sameAsBuild(t, r, src)
	edit := func(fa, from, to string) {
		t.Helper()
		p := filepath.Join(src, fa, "fonds.yaml")
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte(from)) {
			t.Fatalf("%s has no %q", p, from)
		}
		if err := os.WriteFile(p, bytes.Replace(data, []byte(from), []byte(to), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rebuild := func(what string) {
		t.Helper()
		if !r.Build() {
			t.Fatalf("%s: the build failed:\n%s", what, r.log.String())
		}
		sameAsBuild(t, r, src)
	}

	edit("minimal", "title: A minimal finding aid", "title: A changed finding aid")
	old, _ := r.acquire() // kept, to compare its files
	rebuild("a changed title")
	snap, _ := r.acquire()
	// The letters did not change: their files are those of the last build.
	a, errA := os.Stat(filepath.Join(snap.dir, "fix-letters.1", "inventory.html"))
	b, errB := os.Stat(filepath.Join(old.dir, "fix-letters.1", "inventory.html"))
	if errA != nil || errB != nil || !os.SameFile(a, b) {
		t.Errorf("the unchanged finding aid was written again (%v, %v)", errA, errB)
	}
	r.release(snap)
	r.release(old)

	copyDir(t, "../../testdata/fixtures/minimal", filepath.Join(src, "second"))
	edit("second", "id: fix-min", "id: fix-second")
	rebuild("a finding aid added")
	edit("deep", "id: fix-deep", "id: fix-deeper")
	rebuild("a finding aid that publishes under another name")
	if err := os.RemoveAll(filepath.Join(src, "second")); err != nil {
		t.Fatal(err)
	}
	rebuild("a finding aid removed")

	// Two finding aids that would publish into one folder: refused, and
	// the last good build stays.
	edit("minimal", "id: fix-min", "id: FIX-DEEPER")
	if r.Build() {
		t.Fatal("two finding aids publishing into one folder were built")
	}
	if p := string(r.Problem()); !strings.Contains(p, `publishes as "fix-deeper"`) || !strings.Contains(p, "minimal/fonds.yaml:") {
		t.Errorf("the problem: %s", p)
	}
	edit("minimal", "id: FIX-DEEPER", "id: fix-min")
	rebuild("the clash undone")
}
