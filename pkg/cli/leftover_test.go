package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
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
	if out, err := exec.Command("chattr", "+i", file).CombinedOutput(); err != nil {
		t.Skipf("running as root, and chattr +i fails here (%v: %s): cannot make the previous output unremovable", err, out)
	}
	return func() {
		for _, d := range moved() {
			exec.Command("chattr", "-i", filepath.Join(d, "fix-min.xml")).Run()
		}
	}
}
