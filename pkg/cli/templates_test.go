package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestTemplatesPublishNothingPrivate builds with --templates folders that
// hold a link to /etc/passwd, a link to the build's environment, a named
// pipe and a device: each is refused before anything is written, and the
// build never hangs.
func TestTemplatesPublishNothingPrivate(t *testing.T) {
	fixture, err := filepath.Abs("../../testdata/fixtures/minimal")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("FONDS_TEST_SECRET", "s3cr3t-token")
	tests := []struct {
		name  string
		setup func(tpl string) error
		want  string
	}{
		{"link to /etc/passwd", func(tpl string) error { return os.Symlink("/etc/passwd", filepath.Join(tpl, "passwd.txt")) },
			"fonds build: templates: passwd.txt is a symbolic link; fonds takes only regular files from --templates, so that nothing outside the folder is published: copy the file itself into the folder\n"},
		{"link to the environment", func(tpl string) error { return os.Symlink("/proc/self/environ", filepath.Join(tpl, "env.txt")) },
			"fonds build: templates: env.txt is a symbolic link; fonds takes only regular files from --templates, so that nothing outside the folder is published: copy the file itself into the folder\n"},
		{"link inside the folder", func(tpl string) error {
			if err := os.WriteFile(filepath.Join(tpl, "logo.svg"), []byte("<svg/>"), 0o644); err != nil {
				return err
			}
			return os.Symlink("logo.svg", filepath.Join(tpl, "logo2.svg"))
		}, "fonds build: templates: logo2.svg is a symbolic link; fonds takes only regular files from --templates, so that nothing outside the folder is published: copy the file itself into the folder\n"},
		{"named pipe", func(tpl string) error { return syscall.Mkfifo(filepath.Join(tpl, "logo.svg"), 0o644) },
			"fonds build: templates: logo.svg is a named pipe (FIFO), not a regular file; fonds takes only regular files from --templates\n"},
		{"search index", func(tpl string) error {
			return os.WriteFile(filepath.Join(tpl, "Search"), []byte("var x"), 0o644)
		},
			"fonds build: templates: Search is named like the folder of the search index that fonds writes for each finding aid (search/); rename or remove the file in --templates\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			copyDir(t, fixture, "ex")
			if err := os.Mkdir("tpl", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := tt.setup("tpl"); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := runWithin(t, "build", "--templates", "tpl", "-o", "dist", "ex")
			if code != ExitUsage || stderr != tt.want {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d:\n%s", code, stderr, ExitUsage, tt.want)
			}
			if _, err := os.Stat("dist"); !os.IsNotExist(err) {
				t.Errorf("dist was written: %v", err)
			}
		})
	}
}

// TestTemplatesNamedLikeOutputs builds with a --templates file named like
// the finding aid's EAD: refused with a positioned error naming both, the
// same in every build (the copy and the EAD once raced).
func TestTemplatesNamedLikeOutputs(t *testing.T) {
	fixture, err := filepath.Abs("../../testdata/fixtures/minimal")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	copyDir(t, fixture, "ex")
	os.Mkdir("tpl", 0o755)
	for _, name := range []string{"fix-min.xml", "FIX-MIN.pdf", "fix-min"} {
		if err := os.WriteFile(filepath.Join("tpl", name), []byte("not fonds's"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{
		`ex/fonds.yaml:8:14: finding_aid.id: finding aid "fix-min" writes its EAD, fix-min/fix-min.xml, and --templates holds a file named fix-min.xml, which fonds copies there too; rename or remove that file`,
		`ex/fonds.yaml:8:14: finding_aid.id: finding aid "fix-min" writes its PDF, fix-min/fix-min.pdf, and --templates holds a file named FIX-MIN.pdf, which fonds copies there too; rename or remove that file`,
		`ex/fonds.yaml:8:14: finding_aid.id: finding aid "fix-min" writes its folder, fix-min, beside the list of finding aids, and --templates holds a file named fix-min, which fonds copies there too; rename or remove that file`,
	}
	for range 3 {
		code, _, stderr := runWithin(t, "build", "--templates", "tpl", "-o", "dist", "ex")
		if code != ExitProblems {
			t.Errorf("exit %d, want %d", code, ExitProblems)
		}
		for _, w := range want {
			if !strings.Contains(stderr, w+"\n") {
				t.Errorf("stderr lacks\n%s\ngot:\n%s", w, stderr)
			}
		}
		if _, err := os.Stat("dist"); !os.IsNotExist(err) {
			t.Errorf("dist was written: %v", err)
		}
	}
}

// runWithin runs fonds in-process and fails the test if it has not
// returned in two minutes (a hang; a loaded machine under the race
// detector takes seconds).
func runWithin(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	type result struct {
		code           int
		stdout, stderr string
	}
	done := make(chan result, 1)
	go func() {
		c, o, e := run(t, args...)
		done <- result{c, o, e}
	}()
	select {
	case r := <-done:
		return r.code, r.stdout, r.stderr
	case <-time.After(2 * time.Minute):
		t.Fatalf("fonds %s did not finish in 2 minutes (a hang)", strings.Join(args, " "))
		return 0, "", ""
	}
}
