package cli

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fonds-archive/fonds/pkg/synth"
)

// TestSignals stops the fonds binary with real signals in the middle of a
// build: SIGINT and SIGTERM remove the staging folder and the build
// cache's new entries, leave the previous dist/ as it was and exit 130 and
// 143; SIGKILL, which cannot be caught, leaves the staging folder, and the
// next build removes it. A staging folder that killed builds left before
// is removed by the first build. Beside dist/ stays the build cache.
func TestSignals(t *testing.T) {
	bin := fondsBinary(t)
	work := t.TempDir()
	src := filepath.Join(work, "big")
	if err := synth.Write(src, synth.Options{Items: 5000, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	dist := filepath.Join(work, "dist")
	if out, err := exec.Command(bin, "build", "--only", "ead", "-o", dist, src).CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, out)
	}
	before := hashTree(t, dist)
	// Left by a build killed before this change: removed by the next one.
	if err := os.MkdirAll(filepath.Join(work, ".dist.tmp-123456", "synth-5000"), 0o755); err != nil {
		t.Fatal(err)
	}

	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		cmd := exec.Command(bin, "build", "-o", dist, src)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		stage := waitForStage(t, work, cmd)
		// Stopped while it is caught writing, so that the signal never
		// comes after the build has finished.
		cmd.Process.Signal(syscall.SIGSTOP)
		cmd.Process.Signal(sig)
		cmd.Process.Signal(syscall.SIGCONT)
		code := wait(t, cmd)
		if want := 128 + int(sig); code != want {
			t.Errorf("%v: exit %d, want %d\n%s", sig, code, want, stderr.String())
		}
		if want := "removed the unfinished output " + stage; !strings.Contains(stderr.String(), want) {
			t.Errorf("%v: stderr lacks %q:\n%s", sig, want, stderr.String())
		}
		if got := entries(t, work); !slices.Equal(got, []string{".fonds-cache", "big", "dist"}) {
			t.Errorf("%v: left beside dist: %v", sig, got)
		}
		if got := entries(t, filepath.Join(work, ".fonds-cache", "dist")); slices.ContainsFunc(got, func(n string) bool { return strings.HasPrefix(n, "tmp-") }) {
			t.Errorf("%v: left in the cache: %v", sig, got)
		}
		if !equalTrees(before, hashTree(t, dist)) {
			t.Errorf("%v: the previous dist changed", sig)
		}
	}

	cmd := exec.Command(bin, "build", "-o", dist, src)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stage := waitForStage(t, work, cmd)
	cmd.Process.Signal(syscall.SIGKILL)
	wait(t, cmd)
	if _, err := os.Stat(stage); err != nil {
		t.Fatalf("SIGKILL: the staging folder is not there to be removed: %v", err)
	}
	if out, err := exec.Command(bin, "build", "--only", "ead", "-o", dist, src).CombinedOutput(); err != nil {
		t.Fatalf("the build after SIGKILL: %v\n%s", err, out)
	}
	if got := entries(t, work); !slices.Equal(got, []string{".fonds-cache", "big", "dist"}) {
		t.Errorf("after SIGKILL and a build: left beside dist: %v", got)
	}
	if got := entries(t, filepath.Join(work, ".fonds-cache", "dist")); slices.ContainsFunc(got, func(n string) bool { return strings.HasPrefix(n, "tmp-") }) {
		t.Errorf("after SIGKILL and a build: left in the cache: %v", got)
	}
}

// fondsBinary builds the fonds command for tests that run it as a
// process; -short skips them.
func fondsBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "fonds")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/fonds").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// waitForStage waits for the build to make its staging folder beside dist
// and returns its path.
func waitForStage(t *testing.T, dir string, cmd *exec.Cmd) string {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		for _, name := range entries(t, dir) {
			if strings.HasPrefix(name, ".dist.tmp-") && name != ".dist.tmp-123456" {
				return filepath.Join(dir, name)
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	cmd.Process.Kill()
	t.Fatal("the build made no staging folder in 2 minutes")
	return ""
}

// wait waits for the command, at most a minute, and returns its exit
// status.
func wait(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatal("fonds did not exit within a minute of the signal")
		return 0
	}
}

func entries(t *testing.T, dir string) []string {
	t.Helper()
	list, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range list {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

func equalTrees(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
