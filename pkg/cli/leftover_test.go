package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/internal/testtool"
)

// TestLeftoverWarns builds over a dist/ that cannot be removed once the
// new one is in place: the build says so, as a warning, and exits 0,
// since the new output is there. Without the cache, which would keep the
// previous output as its spare (see build.Cache) rather than remove it.
func TestLeftoverWarns(t *testing.T) {
	src := "../../testdata/fixtures/minimal"
	dist := filepath.Join(t.TempDir(), "dist")
	if code, _, stderr := run(t, "build", "--no-cache", "--only", "ead", "-o", dist, src); code != ExitOK {
		t.Fatalf("first build: exit %d\n%s", code, stderr)
	}
	undo := unremovable(t, filepath.Join(dist, "fix-min"))
	defer undo()
	code, stdout, stderr := run(t, "build", "--no-cache", "--only", "ead", "-o", dist, src)
	if code != ExitOK {
		t.Errorf("exit %d, want 0 (the new output is in place)\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "\nfonds build: warning: the new "+dist+" is in place, but the previous output could not be removed: ") ||
		!strings.Contains(stderr, "or let the next build remove it") {
		t.Errorf("stderr:\n%s", stderr)
	}
	if !strings.Contains(stdout, "wrote "+dist+"/fix-min") {
		t.Errorf("stdout:\n%s", stdout)
	}
	if _, err := os.Stat(filepath.Join(dist, "fix-min", "fix-min.xml")); err != nil {
		t.Errorf("the new output is not in place: %v", err)
	}
}

// unremovable makes a file in dir impossible to delete, and returns what
// undoes it: a folder without write permission, or, for root (whom
// permissions do not stop), an immutable file (chattr +i).
func unremovable(t *testing.T, dir string) func() {
	t.Helper()
	// After the build, dir has moved with the previous output into a
	// staging folder beside dist.
	moved := func() []string {
		m, _ := filepath.Glob(filepath.Join(filepath.Dir(filepath.Dir(dir)), ".dist.tmp-*", filepath.Base(dir)))
		return append(m, dir)
	}
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		return func() {
			for _, d := range moved() {
				os.Chmod(d, 0o755)
			}
		}
	}
	file := filepath.Join(dir, "fix-min.xml")
	if out, err := exec.Command(testtool.Need(t, "chattr"), "+i", file).CombinedOutput(); err != nil {
		testtool.Missing(t, fmt.Sprintf("running as root, and chattr +i fails here (%v: %s): cannot make the previous output unremovable", err, out),
			"run the tests on a file system that keeps the immutable flag (ext4, xfs, btrfs, tmpfs)")
	}
	return func() {
		for _, d := range moved() {
			exec.Command("chattr", "-i", filepath.Join(d, "fix-min.xml")).Run()
		}
	}
}

// TestRecycledUnremovable: with the cache, the previous output is kept (the
// spare) and the next build starts from it; when what it holds cannot be
// removed or replaced, that build starts again in a new folder, writes
// what a build without the cache writes, exits 0 and warns of what it
// could not remove.
func TestRecycledUnremovable(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "src")
	if err := os.CopyFS(src, os.DirFS("../../testdata/fixtures/minimal")); err != nil {
		t.Fatal(err)
	}
	dist := filepath.Join(root, "dist")
	for i := range 2 { // the second keeps the first's output as the spare
		if code, _, stderr := run(t, "build", "--only", "ead", "-o", dist, src); code != ExitOK {
			t.Fatalf("build %d: exit %d\n%s", i+1, code, stderr)
		}
	}
	spare := filepath.Join(root, ".fonds-cache", "dist", "spare", "fix-min")
	undo := unremovable(t, spare)
	defer func() {
		undo()
		// The folder has moved on with the spare: undo it wherever it is.
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() && d.Name() == "fix-min" && p != spare {
				undoOnly(p)
			}
			return nil
		})
	}()
	fonds := filepath.Join(src, "fonds.yaml")
	data, err := os.ReadFile(fonds)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fonds, append(data, "# changed\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, "build", "--only", "ead", "-o", dist, src)
	if code != ExitOK {
		t.Fatalf("exit %d, want 0\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "warning: the previous output, kept to be reused, could not be (") ||
		!strings.Contains(stderr, "or let the next build remove it") {
		t.Errorf("stderr:\n%s", stderr)
	}
	clean := filepath.Join(root, "clean")
	if code, _, stderr := run(t, "build", "--no-cache", "--only", "ead", "-o", clean, src); code != ExitOK {
		t.Fatalf("clean build: exit %d\n%s", code, stderr)
	}
	if got, want := files(t, dist), files(t, clean); got != want {
		t.Errorf("with the cache:\n%s\nwithout:\n%s", got, want)
	}
}

// files lists every file under dir with its bytes.
func files(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		b.WriteString(rel + ": " + string(data) + "\n")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// undoOnly makes the folder dir, which unremovable made so, removable.
func undoOnly(dir string) {
	os.Chmod(dir, 0o755)
	exec.Command("chattr", "-i", filepath.Join(dir, "fix-min.xml")).Run()
}
