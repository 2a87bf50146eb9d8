package cli

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/synth"
)

// cacheSources writes, into a new folder, the letters fixture (internal
// units, notes, reels) and three small synthetic finding aids, and returns
// the folder that holds them.
func cacheSources(t *testing.T) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "src")
	if err := os.CopyFS(filepath.Join(src, "letters"), os.DirFS("../../testdata/fixtures/letters")); err != nil {
		t.Fatal(err)
	}
	if err := synth.WriteCorpus(filepath.Join(src, "synth"), 3, 60, 1); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Join(src, "synth"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if err := os.Rename(filepath.Join(src, "synth", e.Name()), filepath.Join(src, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Remove(filepath.Join(src, "synth")); err != nil {
		t.Fatal(err)
	}
	return src
}

// inodes maps each file under dir but the marker, which every build
// writes, to its inode: a file the cache gave is the same file (a hard
// link) as in the build before.
func inodes(t *testing.T, dir string) map[string]uint64 {
	t.Helper()
	out := map[string]uint64{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == build.Marker {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		out[filepath.ToSlash(rel)] = info.Sys().(*syscall.Stat_t).Ino
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// outputOf says which output wrote a file of the build: "ead", "pdf",
// "html", or "index" for the files beside the finding aids' folders.
func outputOf(rel string) string {
	dir, name, ok := strings.Cut(rel, "/")
	switch {
	case !ok:
		return "index"
	case name == dir+".xml":
		return "ead"
	case name == dir+".pdf":
		return "pdf"
	}
	return "html"
}

// TestBuildCacheByteIdentical changes, one at a time, a finding aid's
// source, each option that changes an output, the templates and
// SOURCE_DATE_EPOCH: after each, a build that takes what it can from the
// cache writes the same bytes as a build without it, and writes afresh
// exactly the outputs that the change affects (a file the cache gave is
// the same file as in the build before).
func TestBuildCacheByteIdentical(t *testing.T) {
	src := cacheSources(t)
	tpl := filepath.Join(t.TempDir(), "tpl")
	if err := os.MkdirAll(tpl, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, tpl, "logo.txt", "the archive's logo")
	layout, err := os.ReadFile("../../templates/layout.html")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "dist")
	series := filepath.Join(src, "fa-0002", "series", "01.yaml")
	paper := []string{"--paper", "letter"}
	ead := append(slices.Clone(paper), "--numbered", "--profile", "ape")
	html := append(slices.Clone(ead), "--templates", tpl)
	steps := []struct {
		name   string
		change func()
		args   []string
		fresh  []string // the outputs written afresh, of every finding aid
		only   string   // when set, only this finding aid's outputs are fresh
	}{
		{"first build", nil, nil, []string{"ead", "html", "pdf", "index"}, ""},
		{"nothing changed", nil, nil, nil, ""},
		{"a series changed", func() {
			data, err := os.ReadFile(series)
			if err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Dir(series), "01.yaml", strings.Replace(string(data), "title: \"Series 1", "title: \"Revised series 1", 1))
		}, nil, []string{"ead", "html", "pdf"}, "synth-c0002"},
		{"--paper letter", nil, paper, []string{"pdf", "index"}, ""},
		{"--numbered", nil, append(slices.Clone(paper), "--numbered"), []string{"ead", "index"}, ""},
		{"--profile ape", nil, ead, []string{"ead", "index"}, ""},
		{"--templates", nil, html, []string{"html", "index"}, ""},
		{"a template changed", func() {
			write(t, tpl, "layout.html", strings.Replace(string(layout), "</footer>", "<p>Reading room: Teststraat 1.</p></footer>", 1))
		}, html, []string{"html", "index"}, ""},
		{"SOURCE_DATE_EPOCH", func() { t.Setenv("SOURCE_DATE_EPOCH", "1700000000") }, html, []string{"pdf", "index"}, ""},
		{"--internal", nil, append(slices.Clone(html), "--internal"), []string{"ead", "html", "pdf", "index"}, ""},
		{"back to the first options", func() { os.Unsetenv("SOURCE_DATE_EPOCH") }, nil, []string{"ead", "html", "pdf", "index"}, ""},
	}
	var before map[string]uint64
	for i, s := range steps {
		if s.change != nil {
			s.change()
		}
		if code, _, stderr := run(t, append(append([]string{"build", "-o", out}, s.args...), src)...); code != ExitOK {
			t.Fatalf("%s: exit %d\n%s", s.name, code, stderr)
		}
		clean := filepath.Join(t.TempDir(), "clean")
		if code, _, stderr := run(t, append(append([]string{"build", "--no-cache", "-o", clean}, s.args...), src)...); code != ExitOK {
			t.Fatalf("%s: without the cache: exit %d\n%s", s.name, code, stderr)
		}
		got, want := hashTree(t, out), hashTree(t, clean)
		if !maps.Equal(got, want) {
			for name := range want {
				if got[name] != want[name] {
					t.Errorf("%s: %s differs from a build without the cache", s.name, name)
				}
			}
			for name := range got {
				if _, ok := want[name]; !ok {
					t.Errorf("%s: %s is not in a build without the cache", s.name, name)
				}
			}
		}
		now := inodes(t, out)
		fresh := map[string]bool{}
		for rel, ino := range now {
			if before == nil || before[rel] != ino {
				what := outputOf(rel)
				if slug, _, _ := strings.Cut(rel, "/"); s.only != "" && what != "index" && slug != s.only {
					what = "another finding aid's " + what
				}
				fresh[what] = true
			}
		}
		if i == 0 {
			before = now
			continue
		}
		if got := slices.Sorted(maps.Keys(fresh)); !slices.Equal(got, slices.Sorted(slices.Values(s.fresh))) {
			t.Errorf("%s: written afresh: %v; want %v", s.name, got, s.fresh)
		}
		before = now
	}
}

// TestBuildCacheSameReport: what a build prints of the sources' problems,
// and its exit status, are the same whether the checks come from the cache
// or not, in every format, with warnings and with an error.
func TestBuildCacheSameReport(t *testing.T) {
	src := cacheSources(t)
	write(t, filepath.Join(src, "letters"), "stray.yaml", "title: forgotten\n")
	out := filepath.Join(t.TempDir(), "dist")
	check := func(name string, wantCode int, args ...string) {
		t.Helper()
		var first [3]string
		for i := range 3 {
			code, stdout, stderr := run(t, append(append([]string{"build", "-o", out}, args...), src)...)
			if code != wantCode {
				t.Fatalf("%s, run %d: exit %d, want %d\n%s", name, i, code, wantCode, stderr)
			}
			if i == 0 {
				first = [3]string{"", stdout, stderr}
				if !strings.Contains(stdout+stderr, "no file names stray.yaml") {
					t.Fatalf("%s: the warning is not reported:\n%s\n%s", name, stdout, stderr)
				}
				continue
			}
			if stdout != first[1] || stderr != first[2] {
				t.Errorf("%s, run %d: the report differs from the first:\n%s%s\nfirst:\n%s%s", name, i, stdout, stderr, first[1], first[2])
			}
		}
	}
	check("text", ExitOK)
	check("json", ExitOK, "--format", "json")
	check("github", ExitOK, "--format", "github")
	check("strict", ExitProblems, "--strict")
	write(t, filepath.Join(src, "fa-0001"), "reels.yaml", "reels:\n  - {reel: 1, items: 1-30}\n  - {reel: 1, items: 31-60}\n")
	check("an error", ExitProblems, "--format", "json")
}
