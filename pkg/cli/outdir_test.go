package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/pkg/build"
)

// TestBuildRefusesOutputFolder checks that a mistyped -o never replaces
// the sources, the working folder, or a folder that fonds did not write.
func TestBuildRefusesOutputFolder(t *testing.T) {
	root, err := filepath.Abs("../../testdata/fixtures/minimal")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	copyDir(t, root, "ex")
	os.MkdirAll("ex/series", 0o755)
	write(t, "ex/series", "notes.txt", "kept")
	os.MkdirAll("notes", 0o755)
	write(t, "notes", "draft.txt", "an archivist's notes")
	write(t, ".", "file", "a file")
	os.MkdirAll("tpl", 0o755)
	os.Symlink("notes", "link")
	os.MkdirAll("deep/inner", 0o755)
	os.Symlink("deep/inner", "deeplink")
	copyDir(t, root, "srcs/other")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"the source folder", []string{"-o", "ex", "ex"}, "which this build reads"},
		{"a folder holding the sources", []string{"-o", ".", "ex"}, "working folder"},
		{"a folder of sources", []string{"-o", "ex/series", "ex"}, "is inside ex, which this build reads"},
		{"a folder of sources, forced", []string{"-o", "ex/series", "--force", "ex"}, "is inside ex, which this build reads"},
		{"the same folder spelled otherwise", []string{"-o", "./ex/../ex", "ex"}, "which this build reads"},
		{"the parent of the working folder", []string{"-o", "..", "ex"}, "working folder"},
		{"the templates", []string{"-o", "tpl", "--templates", "tpl", "ex"}, "which this build reads"},
		{"a folder fonds did not write", []string{"-o", "notes", "ex"}, "--force"},
		{"a file", []string{"-o", "file", "ex"}, "not a folder"},
		{"a symbolic link", []string{"-o", "link", "ex"}, "symbolic link"},
		{"a path through a link and back", []string{"-o", "deeplink/../notes", "ex"}, "--force"},
		{"another finding aid, forced", []string{"-o", "srcs/other", "--force", "ex"}, "holds finding-aid sources"},
		{"a folder of finding aids, forced", []string{"-o", "srcs", "--force", "ex"}, "holds finding-aid sources"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, append([]string{"build"}, tt.args...)...)
			if code != ExitUsage || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, want %d with %q; stderr:\n%s", code, ExitUsage, tt.want, stderr)
			}
		})
	}
	// Nothing was touched.
	if data, err := os.ReadFile("notes/draft.txt"); err != nil || string(data) != "an archivist's notes" {
		t.Errorf("notes changed: %q %v", data, err)
	}
	if _, err := os.Stat("ex/fonds.yaml"); err != nil {
		t.Errorf("sources changed: %v", err)
	}
	if _, err := os.Stat("srcs/other/fonds.yaml"); err != nil {
		t.Errorf("another finding aid changed: %v", err)
	}
	if data, err := os.ReadFile("ex/series/notes.txt"); err != nil || string(data) != "kept" {
		t.Errorf("a folder of sources changed: %q %v", data, err)
	}
	if entries, _ := os.ReadDir("."); len(entries) != 8 {
		t.Errorf("the working folder holds %d entries, want the 8 the test made: %v", len(entries), entries)
	}

	// --force replaces the folder and marks it; the next build needs no
	// --force, and an empty or missing folder needs none either.
	if code, _, stderr := run(t, "build", "--only", "ead", "-o", "notes", "--force", "ex"); code != ExitOK {
		t.Fatalf("--force: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join("notes", build.Marker)); err != nil {
		t.Errorf("no marker after the build: %v", err)
	}
	if _, err := os.Stat("notes/draft.txt"); err == nil {
		t.Error("--force kept the old contents")
	}
	os.MkdirAll("empty", 0o755)
	for _, out := range []string{"notes", "empty", "new/dist", "ex/dist", "ex/dist"} {
		if code, _, stderr := run(t, "build", "--only", "ead", "-o", out, "ex"); code != ExitOK {
			t.Errorf("-o %s: exit %d: %s", out, code, stderr)
		}
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}

// TestCheckFindsNothing: no sources/ here, or a finding aid two levels
// down, gets a message that says what to do.
func TestCheckFindsNothing(t *testing.T) {
	t.Chdir(t.TempDir())
	code, _, stderr := run(t, "check")
	if code != ExitFailure || !strings.Contains(stderr, "there is no folder sources here; name the folder of a finding aid") {
		t.Errorf("no sources: exit %d: %s", code, stderr)
	}
	os.MkdirAll("top/a/b", 0o755)
	write(t, "top/a/b", "fonds.yaml", "title: T\n")
	code, _, stderr = run(t, "check", "top")
	if code != ExitFailure || !strings.Contains(stderr, "fonds looks one level down; name top/a, which holds top/a/b") {
		t.Errorf("two levels down: exit %d: %s", code, stderr)
	}
}
