package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.setup(t, dir)
			res := Check(dir, Options{})
			var got []string
			for _, d := range res.Diags {
				got = append(got, strings.TrimPrefix(d.Error(), filepath.ToSlash(dir)+"/"))
			}
			compare(t, got, tt.want)
		})
	}
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
