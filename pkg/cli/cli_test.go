package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/pkg/build"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// chdirRoot runs the test from the repository root, where sources/ is.
func chdirRoot(t *testing.T) {
	t.Helper()
	t.Chdir("../..")
}

func TestCheckDefaultSources(t *testing.T) {
	chdirRoot(t)
	code, out, errs := run(t, "check")
	if code != ExitOK {
		t.Fatalf("fonds check: exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		"sources/trotsky-ilo: ARCH01483 — Lev Davidovič Trockij / International Left Opposition Archives (ok)",
		"persons:     58; 78 pseudonyms of 52 persons, 9 maintained in the inventory",
		"reels:       45; 1304 inventory numbers on reels, 0 of them described (0.0%)",
		"chronology:  37 events",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if errs != "" {
		t.Errorf("unexpected diagnostics:\n%s", errs)
	}
}

func TestCheckExitCodes(t *testing.T) {
	chdirRoot(t)
	tests := []struct {
		args []string
		code int
	}{
		{[]string{"check", "testdata/fixtures/letters"}, ExitOK},
		{[]string{"check", "testdata/fixtures"}, ExitOK},
		{[]string{"check", "testdata/bad/duplicate-inv"}, ExitProblems},
		{[]string{"check", "--strict", "testdata/bad/schema-unknown-field"}, ExitProblems},
		{[]string{"check", "no/such/folder"}, ExitFailure},
		{[]string{"check", "--format=xml"}, ExitUsage},
		{[]string{"check", "--nonsense"}, ExitUsage},
		{[]string{"frobnicate"}, ExitUsage},
		{[]string{}, ExitUsage},
		{[]string{"version"}, ExitOK},
		{[]string{"help"}, ExitOK},
		{[]string{"help", "check"}, ExitOK},
		{[]string{"schema", "reels"}, ExitOK},
		{[]string{"schema", "nope"}, ExitUsage},
	}
	for _, tt := range tests {
		code, out, errs := run(t, tt.args...)
		if code != tt.code {
			t.Errorf("fonds %s: exit %d, want %d\n%s%s", strings.Join(tt.args, " "), code, tt.code, out, errs)
		}
	}
}

func TestCheckWarningsStrict(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "fonds.yaml", "reference_code: T\ntitle: T\ndates: \"1930\"\nextent: 1 box\n"+
		"repository: {name: R}\nfinding_aid: {id: t, date: \"2020\", language: eng}\n")
	write(t, dir, "stray.yaml", "persons: []\n")
	code, _, errs := run(t, "check", dir)
	if code != ExitOK || !strings.Contains(errs, "stray.yaml: warning: no file names stray.yaml, so it is not part of the finding aid") {
		t.Errorf("without --strict: exit %d, stderr:\n%s", code, errs)
	}
	if code, _, _ := run(t, "check", "--strict", dir); code != ExitProblems {
		t.Errorf("with --strict: exit %d, want %d", code, ExitProblems)
	}
}

func TestCheckFormats(t *testing.T) {
	chdirRoot(t)
	dir := "testdata/bad/duplicate-inv"
	_, out, _ := run(t, "check", "--format=github", dir)
	want := "::error file=testdata/bad/duplicate-inv/series/b.yaml,line=5,col=11::inventory number 2 is used twice%0Atestdata/bad/duplicate-inv/series/a.yaml:5:11: first used here\n"
	if !strings.HasPrefix(out, want) {
		t.Errorf("github format:\n%s\nwant prefix:\n%s", out, want)
	}
	_, out, _ = run(t, "check", "--format=json", dir)
	var doc struct {
		Diagnostics []struct {
			File     string `json:"file"`
			Line     int    `json:"line"`
			Column   int    `json:"column"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
			Notes    []struct {
				File string `json:"file"`
				Line int    `json:"line"`
			} `json:"notes"`
		} `json:"diagnostics"`
		FindingAids []struct {
			Dir   string         `json:"dir"`
			Stats map[string]int `json:"stats"`
		} `json:"findingAids"`
		Errors int `json:"errors"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("json output does not parse: %v\n%s", err, out)
	}
	if doc.Errors != 1 || len(doc.Diagnostics) != 1 {
		t.Fatalf("json: %+v", doc)
	}
	d := doc.Diagnostics[0]
	if d.File != dir+"/series/b.yaml" || d.Line != 5 || d.Column != 11 || d.Severity != "error" ||
		d.Message != "inventory number 2 is used twice" || len(d.Notes) != 1 || d.Notes[0].Line != 5 {
		t.Errorf("json diagnostic: %+v", d)
	}
	if doc.FindingAids[0].Stats["components"] != 6 {
		t.Errorf("json stats: %+v", doc.FindingAids)
	}
}

func TestBuildWritesNothingOnError(t *testing.T) {
	chdirRoot(t)
	out := filepath.Join(t.TempDir(), "dist")
	os.MkdirAll(out, 0o755)
	write(t, out, "keep.txt", "previous build")
	write(t, out, build.Marker, "")
	code, _, errs := run(t, "build", "-o", out, "testdata/bad/duplicate-inv")
	if code != ExitProblems {
		t.Fatalf("exit %d, want %d; %s", code, ExitProblems, errs)
	}
	data, err := os.ReadFile(filepath.Join(out, "keep.txt"))
	if err != nil || string(data) != "previous build" {
		t.Errorf("previous output changed: %q %v", data, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("staging folder left behind: %s", e.Name())
		}
	}
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCascadesOneError: each mistake whose consequences fonds used to
// report too prints exactly one error, and the summary of a finding aid
// without a title still reads well.
func TestCascadesOneError(t *testing.T) {
	chdirRoot(t)
	dirs, _ := filepath.Glob("testdata/bad/cascade-*")
	dirs = append(dirs, "testdata/bad/include-near-name")
	if len(dirs) < 6 {
		t.Fatalf("cases: %v", dirs)
	}
	for _, dir := range dirs {
		code, out, errs := run(t, "check", dir)
		var lines []string
		for _, l := range strings.Split(strings.TrimSuffix(errs, "\n"), "\n") {
			if !strings.HasPrefix(l, "\t") {
				lines = append(lines, l)
			}
		}
		if code != ExitProblems || len(lines) != 2 || lines[1] != "1 error" {
			t.Errorf("%s: exit %d, want exactly one error:\n%s", dir, code, errs)
		}
		if !strings.Contains(out, "(1 error)") {
			t.Errorf("%s: summary:\n%s", dir, out)
		}
	}
	if _, out, _ := run(t, "check", "testdata/bad/cascade-missing-title"); !strings.HasPrefix(out, "testdata/bad/cascade-missing-title: t1 (no title) (1 error)\n") {
		t.Errorf("summary without a title:\n%s", out)
	}
}

// The EAD, written in one streaming pass, is the one output the build
// starts last (build.Quick), after the site and the PDF.
func TestQuickOutputs(t *testing.T) {
	outputs, _, err := allOutputs(buildFlags{paper: "a4"})
	if err != nil {
		t.Fatal(err)
	}
	var quick []string
	for _, o := range outputs {
		if _, ok := o.(build.Quick); ok {
			quick = append(quick, o.Name())
		}
	}
	if got := strings.Join(quick, ","); got != "ead" {
		t.Errorf("quick outputs %q, want ead", got)
	}
}
