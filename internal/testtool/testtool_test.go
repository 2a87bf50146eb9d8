package testtool

import (
	"fmt"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// fake records how a helper ends a test; like a real test, a skip or a
// failure stops the goroutine that called it.
type fake struct {
	testing.TB
	skipped, failed string
}

func (f *fake) Helper() {}
func (f *fake) Skipf(format string, args ...any) {
	f.skipped = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (f *fake) Fatalf(format string, args ...any) {
	f.failed = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func call(t *testing.T, fn func(tb testing.TB)) *fake {
	f := &fake{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
	return f
}

// TestMissingProgram: outside CI a missing program skips the test, naming
// it and its Debian package; in CI it fails the test.
func TestMissingProgram(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("CI", "")
	f := call(t, func(tb testing.TB) { Need(tb, "xmllint") })
	if f.failed != "" || !strings.Contains(f.skipped, "xmllint is not installed; install Debian's libxml2-utils") {
		t.Errorf("outside CI: skipped %q, failed %q", f.skipped, f.failed)
	}
	t.Setenv("CI", "true")
	f = call(t, func(tb testing.TB) { Need(tb, "pdftotext") })
	if f.skipped != "" || !strings.Contains(f.failed, "pdftotext is not installed; install Debian's poppler-utils") {
		t.Errorf("in CI: skipped %q, failed %q", f.skipped, f.failed)
	}
	f = call(t, func(tb testing.TB) { Shared(tb, "no-such-folder") })
	if f.skipped != "" || !strings.Contains(f.failed, "../shared/no-such-folder is not beside the repository") {
		t.Errorf("in CI: skipped %q, failed %q", f.skipped, f.failed)
	}
}

// TestFoundProgram: a program on $PATH is returned, and the test goes on.
func TestFoundProgram(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(dir+"/xmllint", []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	t.Setenv("CI", "true")
	var got string
	f := call(t, func(tb testing.TB) { got = Need(tb, "xmllint") })
	if f.skipped != "" || f.failed != "" || got != dir+"/xmllint" {
		t.Errorf("got %q; skipped %q, failed %q", got, f.skipped, f.failed)
	}
}

// TestCIInstallsEveryPackage: every Debian package named here is one that
// .ci/run installs, so that CI, where a missing program fails, has them.
func TestCIInstallsEveryPackage(t *testing.T) {
	data, err := os.ReadFile(Root(t) + "/.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	var installed []string
	for _, m := range regexp.MustCompile(`pkgs="([^"]*)"`).FindAllStringSubmatch(string(data), -1) {
		installed = append(installed, strings.Fields(strings.ReplaceAll(m[1], "$pkgs", ""))...)
	}
	for prog, pkg := range Packages {
		if !slices.Contains(installed, pkg) {
			t.Errorf("%s: .ci/run does not install %s (it installs %v)", prog, pkg, installed)
		}
	}
}
