package cli

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/pkg/format"
)

// TestFmtSourcesFormatted: the default sources are kept in fonds fmt's
// layout (what CI checks with test -z "$(fonds fmt -l sources)").
func TestFmtSourcesFormatted(t *testing.T) {
	chdirRoot(t)
	code, out, errs := run(t, "fmt", "-l", "sources")
	if code != ExitOK || out != "" || errs != "" {
		t.Errorf("fonds fmt -l sources: exit %d\n%s%s(run fonds fmt -w sources)", code, out, errs)
	}
}

// copyTree copies the folder src to a new temporary folder and returns it.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// eadOf builds the EAD of the finding aid in dir and returns its bytes.
func eadOf(t *testing.T, dir string) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "dist")
	if code, stdout, errs := run(t, "build", "--only", "ead", "-o", out, dir); code != ExitOK {
		t.Fatalf("build %s: exit %d\n%s%s", dir, code, stdout, errs)
	}
	files, _ := filepath.Glob(filepath.Join(out, "*", "*.xml"))
	if len(files) != 1 {
		t.Fatalf("build %s wrote %v", dir, files)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestFmtKeepsEAD formats every finding aid of the repository (the default
// sources, the fixtures, the accepted inputs) with fonds fmt -w: the EAD
// built from them is byte for byte the one built before, and fonds fmt
// -l then lists nothing.
func TestFmtKeepsEAD(t *testing.T) {
	var dirs []string
	for _, pattern := range []string{"../../sources/*", "../../testdata/fixtures/*", "../../testdata/accept/*"} {
		found, _ := filepath.Glob(pattern)
		dirs = append(dirs, found...)
	}
	if len(dirs) < 5 {
		t.Fatalf("finding aids: %v", dirs)
	}
	for _, src := range dirs {
		t.Run(filepath.Base(src), func(t *testing.T) { fmtKeepsEAD(t, copyTree(t, src)) })
	}
}

// TestFmtKeepsEADOfImports does the same for the finding aids fonds import
// makes of the real EAD files in ../shared/ead-samples: large ones, with
// every kind of value, and files of units.
func TestFmtKeepsEADOfImports(t *testing.T) {
	src, _ := importSamples(t)
	dirs, _ := filepath.Glob(filepath.Join(src, "*"))
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) { fmtKeepsEAD(t, dir) })
	}
}

// fmtKeepsEAD builds the EAD of the finding aid in dir, formats it with
// fonds fmt -w, and builds it again: the bytes must be the same.
func fmtKeepsEAD(t *testing.T, dir string) {
	t.Helper()
	before := eadOf(t, dir)
	if code, out, errs := run(t, "fmt", "-w", dir); code != ExitOK || out != "" || errs != "" {
		t.Fatalf("fmt -w: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := run(t, "fmt", "-l", dir); code != ExitOK || out != "" || errs != "" {
		t.Errorf("fmt -l after fmt -w: exit %d\n%s%s", code, out, errs)
	}
	if after := eadOf(t, dir); !bytes.Equal(before, after) {
		t.Errorf("the EAD differs after fonds fmt -w")
	}
}

// TestFmtModes checks -l, -d, -w, the default (print), files named one by
// one, and that a file with an error is reported and left alone while the
// others are formatted.
func TestFmtModes(t *testing.T) {
	dir := copyTree(t, "../../testdata/fixtures/letters")
	name := func(rel string) string { return filepath.ToSlash(filepath.Join(dir, rel)) }
	formatted := func(rel, kind string) []byte {
		data, _ := os.ReadFile(filepath.Join(dir, rel))
		out, err := format.Source(data, kind)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	wantFonds := formatted("fonds.yaml", "fonds")

	code, out, errs := run(t, "fmt", "-l", dir)
	if code != ExitOK || errs != "" {
		t.Fatalf("-l: exit %d %s", code, errs)
	}
	if want := name("fonds.yaml") + "\n" + name("series/01-general.yaml") + "\n" + name("series/countries/greece.yaml") + "\n"; out != want {
		t.Errorf("-l listed:\n%s\nwant:\n%s", out, want)
	}

	_, out, _ = run(t, "fmt", "-d", filepath.Join(dir, "fonds.yaml"))
	for _, want := range []string{"--- " + name("fonds.yaml") + "\n", "+++ " + name("fonds.yaml") + " (fonds fmt)\n", "\n-conventions: \"[ ] and \\\"probably\\\" mark uncertain names.\"\n", "\n+conventions: '[ ] and \"probably\" mark uncertain names.'\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("-d lacks %q:\n%s", want, out)
		}
	}

	_, out, _ = run(t, "fmt", filepath.Join(dir, "fonds.yaml"))
	if out != string(wantFonds) {
		t.Errorf("fonds fmt FILE does not print the file formatted")
	}

	// An error in one file: it is reported and left alone; the others are
	// written.
	series := filepath.Join(dir, "series", "01-general.yaml")
	bad := bytes.Replace(mustRead(t, series), []byte("    title: Telegram\n"), []byte("    title: Telegram\n    colour: red\n"), 1)
	os.WriteFile(series, bad, 0o644)
	os.Chmod(series, 0o600)
	code, out, errs = run(t, "fmt", "-w", dir)
	if code != ExitProblems || out != "" || !strings.Contains(errs, name("series/01-general.yaml")+`:24:5: contents[2].colour: unknown field "colour"`) || !strings.HasSuffix(errs, "1 error\n") {
		t.Errorf("-w with an error: exit %d\n%s%s", code, out, errs)
	}
	if !bytes.Equal(mustRead(t, series), bad) {
		t.Error("a file with an error was rewritten")
	}
	if !bytes.Equal(mustRead(t, filepath.Join(dir, "fonds.yaml")), wantFonds) {
		t.Error("fonds.yaml was not rewritten")
	}
	if info, _ := os.Stat(series); info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", info.Mode())
	}
	if code, out, _ := run(t, "fmt", "-l", filepath.Join(dir, "fonds.yaml"), filepath.Join(dir, "series", "countries", "greece.yaml")); code != ExitOK || out != "" {
		t.Errorf("files named one by one: exit %d %s", code, out)
	}

	os.WriteFile(filepath.Join(dir, "stray.yaml"), []byte("id: x\n"), 0o644)
	os.MkdirAll(filepath.Join(t.TempDir(), "nowhere"), 0o755)
	nowhere := filepath.Join(t.TempDir(), "loose.yaml")
	os.WriteFile(nowhere, []byte("id: x\n"), 0o644)
	for _, tt := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{filepath.Join(dir, "stray.yaml")}, ExitProblems, "stray.yaml is not part of the finding aid in " + filepath.ToSlash(dir) + ": no file of it names this one"},
		{[]string{nowhere}, ExitUsage, "loose.yaml is in no finding aid: no folder above it holds a fonds.yaml"},
		{[]string{filepath.Join(dir, "nothing.yaml")}, ExitUsage, "there is no file or folder"},
		{[]string{filepath.Join(dir, "notes.txt")}, ExitUsage, "there is no file or folder"},
		{[]string{"-x"}, ExitUsage, "flag provided but not defined: -x"},
	} {
		code, _, errs := run(t, append([]string{"fmt"}, tt.args...)...)
		if code != tt.code || !strings.Contains(errs, tt.msg) {
			t.Errorf("fmt %v: exit %d\n%s", tt.args, code, errs)
		}
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
