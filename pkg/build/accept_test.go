package build

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/sys/unix"
)

// TestAccepted checks inputs that look unusual but are fine: a UTF-8 byte
// order mark, CRLF line endings, file names with spaces and accents.
func TestAccepted(t *testing.T) {
	cases, _ := filepath.Glob("../../testdata/accept/*")
	if len(cases) == 0 {
		t.Fatal("no cases under testdata/accept")
	}
	for _, dir := range cases {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			res := Check(dir, Options{Strict: true})
			if len(res.Diags) > 0 {
				t.Errorf("diagnostics for an accepted input:\n%v", res.Diags.Err())
				for _, d := range res.Diags {
					t.Log(d.Error())
				}
			}
			if res.Archive == nil || len(res.Archive.Components) != 2 {
				t.Fatalf("not decoded: %+v", res.Archive)
			}
			if got := res.Archive.Fonds.ScopeAndContent.Text; got != "Two lines\nof prose.\n" {
				t.Errorf("CRLF in a block scalar: got %q", got)
			}
			if got := res.Archive.Components[1].File; !strings.HasSuffix(got, "series/Série 1 — lettres.yaml") {
				t.Errorf("file name: %q", got)
			}
		})
	}
}

// TestGeneratedBadInput covers cases too big or too system-specific to keep
// as files: a 10 MB value, a symbolic link out of the folder, an unreadable
// file.
func TestGeneratedBadInput(t *testing.T) {
	head := "reference_code: T1\ntitle: Test fonds\ndates: \"1930\"\nextent: 1 box\n" +
		"repository: {name: Test Archive}\nfinding_aid: {id: t1, date: \"2020\", language: eng}\n"
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  []string
	}{
		{"huge-value", func(t *testing.T, dir string) {
			writeFile(t, dir, "fonds.yaml", head+"abstract: "+strings.Repeat("x", 10<<20)+"\n")
		}, []string{"fonds.yaml:7:11: abstract: value is 10485760 bytes long; the limit is 1048576"}},
		{"huge-file", func(t *testing.T, dir string) {
			writeFile(t, dir, "fonds.yaml", head+"authorities: big.yaml\n")
			writeFile(t, dir, "big.yaml", "# "+strings.Repeat("x", 65<<20)+"\n")
		}, []string{"fonds.yaml:7:14: big.yaml is 68157443 bytes; the limit is 67108864"}},
		{"symlink-outside", func(t *testing.T, dir string) {
			writeFile(t, dir, "fonds.yaml", head+"authorities: people.yaml\ncontents:\n  - include: series.yaml\n")
			outside := filepath.Join(t.TempDir(), "secret.yaml")
			writeFile(t, filepath.Dir(outside), "secret.yaml", "persons: []\n")
			must(t, os.Symlink(outside, filepath.Join(dir, "people.yaml")))
			must(t, os.Symlink("/etc/passwd", filepath.Join(dir, "series.yaml")))
		}, []string{
			"fonds.yaml:7:14: people.yaml is a symbolic link that leads outside the finding aid's folder",
			"fonds.yaml:9:14: series.yaml is a symbolic link that leads outside the finding aid's folder",
		}},
		{"symlink-inside", func(t *testing.T, dir string) {
			writeFile(t, dir, "fonds.yaml", head+"authorities: people.yaml\n")
			writeFile(t, dir, "real.yaml", "persons: [{id: a, name: A}]\n")
			must(t, os.Symlink("real.yaml", filepath.Join(dir, "people.yaml")))
		}, []string{"real.yaml: warning: no file names real.yaml, so it is not part of the finding aid"}},
		{"folder-not-file", func(t *testing.T, dir string) {
			writeFile(t, dir, "fonds.yaml", head+"authorities: people.yaml\n")
			must(t, os.Mkdir(filepath.Join(dir, "people.yaml"), 0o755))
		}, []string{"fonds.yaml:7:14: people.yaml is a folder, not a file"}},
		{"no-fonds-yaml", func(t *testing.T, dir string) {}, []string{"fonds.yaml: file fonds.yaml does not exist"}},
		{"alias-bytes", func(t *testing.T, dir string) {
			// One 1 MB value, anchored once and aliased 500 times: 501 MB
			// of EAD, from a 1 MB file, were it not stopped.
			var b strings.Builder
			b.WriteString(head + "abstract: &big " + strings.Repeat("x", 1_000_000) + "\nsubjects:\n")
			for range 500 {
				b.WriteString("  - *big\n")
			}
			writeFile(t, dir, "fonds.yaml", b.String())
		}, []string{"fonds.yaml:18:5: subjects[9]: aliases expand to more than 10000420 bytes of text; fonds stops here (an alias bomb?)"}},
		{"fifo-include", func(t *testing.T, dir string) {
			// Opening a named pipe for reading waits for a writer: read, it
			// would hang check and build for ever.
			writeFile(t, dir, "fonds.yaml", head+"authorities: people.yaml\ncontents:\n  - include: series.yaml\n")
			must(t, syscall.Mkfifo(filepath.Join(dir, "people.yaml"), 0o644))
			must(t, syscall.Mkfifo(filepath.Join(dir, "series.yaml"), 0o644))
		}, []string{
			"fonds.yaml:7:14: people.yaml is a named pipe (FIFO), not a regular file; fonds reads only regular files",
			"fonds.yaml:9:14: series.yaml is a named pipe (FIFO), not a regular file; fonds reads only regular files",
		}},
		{"device-include", func(t *testing.T, dir string) {
			// A character device like /dev/zero has size 0 and never ends.
			// Making one takes privileges; without them the device is
			// checked through a file system that says so below.
			writeFile(t, dir, "fonds.yaml", head+"authorities: zero.yaml\n")
			if err := syscall.Mknod(filepath.Join(dir, "zero.yaml"), syscall.S_IFCHR|0o666, int(unix.Mkdev(1, 5))); err != nil {
				t.Logf("mknod: %v; the device is tested through fstest below", err)
				writeFile(t, dir, "zero.yaml", "persons: []\n")
			}
		}, []string{"fonds.yaml:7:14: zero.yaml is a character device, not a regular file; fonds reads only regular files"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.setup(t, dir)
			if tt.name == "device-include" {
				if info, err := os.Lstat(filepath.Join(dir, "zero.yaml")); err == nil && info.Mode().IsRegular() {
					data, _ := os.ReadFile(filepath.Join(dir, "fonds.yaml"))
					fsys := fstest.MapFS{"fonds.yaml": {Data: data},
						"zero.yaml": {Mode: fs.ModeDevice | fs.ModeCharDevice | 0o666}}
					res := checkWithin(t, func() *Result { return CheckFS(fsys, dir, Options{}) })
					compare(t, diagLines(res, dir), tt.want)
					return
				}
			}
			res := checkWithin(t, func() *Result { return Check(dir, Options{}) })
			var got []string
			for _, d := range res.Diags {
				got = append(got, strings.TrimPrefix(d.Error(), filepath.ToSlash(dir)+"/"))
			}
			compare(t, got, tt.want)
		})
	}
}

// checkWithin runs a check that must finish in two minutes (a loaded
// machine under the race detector takes seconds): a hang fails the test
// instead of stalling the run.
func checkWithin(t *testing.T, check func() *Result) *Result {
	t.Helper()
	done := make(chan *Result, 1)
	go func() { done <- check() }()
	select {
	case res := <-done:
		return res
	case <-time.After(2 * time.Minute):
		t.Fatal("the check did not finish in 2 minutes (a hang)")
		return nil
	}
}

// diagLines are the diagnostics of res as printed, with dir left off.
func diagLines(res *Result, dir string) []string {
	var got []string
	for _, d := range res.Diags {
		got = append(got, strings.TrimPrefix(d.Error(), filepath.ToSlash(dir)+"/"))
	}
	return got
}

func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	must(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
