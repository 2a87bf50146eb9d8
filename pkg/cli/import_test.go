package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/build"
)

// TestImport runs fonds import on a fictional EAD: the sources are written,
// pass fonds check and build; the folder is not replaced without --force;
// malformed XML is refused with its line and column.
func TestImport(t *testing.T) {
	ead, err := filepath.Abs("../importer/testdata/oai-numbered.xml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "sources", "fic")
	code, stdout, stderr := run(t, "import", ead, "-o", out)
	if code != ExitOK {
		t.Fatalf("fonds import: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{"imported ", "components:      3", "dropped text:    none"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout)
		}
	}
	for _, f := range []string{"fonds.yaml", "authorities.yaml"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	if code, o, e := run(t, "check", out); code != ExitOK {
		t.Fatalf("fonds check on the import: exit %d\n%s%s", code, o, e)
	}
	if code, o, e := run(t, "build", "--only", "ead", "-o", filepath.Join(dir, "dist"), out); code != ExitOK {
		t.Fatalf("fonds build on the import: exit %d\n%s%s", code, o, e)
	}
	if code, _, e := run(t, "import", ead, "-o", out); code != ExitUsage || !strings.Contains(e, "--force") {
		t.Errorf("importing into a finding aid's folder: exit %d, %q", code, e)
	}
	if code, o, e := run(t, "import", ead, "-o", out, "--force"); code != ExitOK {
		t.Errorf("--force: exit %d\n%s%s", code, o, e)
	}
	// --force replaces one finding aid, never a folder of them or of other
	// things.
	notes := filepath.Join(dir, "notes")
	os.MkdirAll(notes, 0o755)
	os.WriteFile(filepath.Join(notes, "draft.txt"), []byte("kept"), 0o644)
	for _, tt := range []struct{ out, want string }{
		{filepath.Join(dir, "sources"), "holds finding aids"},
		{notes, "is not a finding aid's folder"},
	} {
		if code, _, e := run(t, "import", ead, "-o", tt.out, "--force"); code != ExitUsage || !strings.Contains(e, tt.want) {
			t.Errorf("-o %s --force: exit %d, %q; want %q", tt.out, code, e, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "fonds.yaml")); err != nil {
		t.Errorf("the finding aid is gone: %v", err)
	}
	if _, err := os.Stat(filepath.Join(notes, "draft.txt")); err != nil {
		t.Errorf("the notes are gone: %v", err)
	}
	bad, _ := filepath.Abs("../importer/testdata/malformed-bom.xml")
	code, _, stderr = run(t, "import", bad, "-o", filepath.Join(dir, "bad"))
	if code != ExitProblems || !strings.Contains(stderr, "malformed-bom.xml:5:52: malformed XML") {
		t.Errorf("malformed XML: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "bad")); err == nil {
		t.Error("a folder was written for malformed XML")
	}
}

// TestImportSchemaLine: inside a fonds repository (a folder above with
// schema/fonds.schema.json) the schema line points at its schema folder.
func TestImportSchemaLine(t *testing.T) {
	repo := t.TempDir()
	if err := os.MkdirAll(filepath.Join(repo, "schema"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, "schema", "fonds.schema.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(repo, "archives", "imported", "deep")
	ead, _ := filepath.Abs("../importer/testdata/deep-c12.xml")
	if code, o, e := run(t, "import", ead, "-o", out); code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, o, e)
	}
	data, err := os.ReadFile(filepath.Join(out, "fonds.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "# yaml-language-server: $schema=../../../schema/fonds.schema.json\n"; !strings.HasPrefix(string(data), want) {
		t.Errorf("first line %q, want %q", strings.SplitN(string(data), "\n", 2)[0], want)
	}
}

// TestImportedSamplesBuildEverything imports every real sample in
// ../shared/ead-samples and builds it with all three outputs, as an
// archive moving to fonds would.
// importSamples imports every EAD file of ../shared/ead-samples into a
// folder of its own in a temporary folder, which it returns, with the
// files imported.
func importSamples(t *testing.T) (string, []string) {
	t.Helper()
	samples, _ := filepath.Glob(filepath.Join(testtool.Shared(t, "ead-samples"), "*.xml"))
	if len(samples) == 0 {
		t.Fatal("no EAD file in ../shared/ead-samples")
	}
	src := t.TempDir()
	for _, s := range samples {
		name := strings.TrimSuffix(filepath.Base(s), ".xml")
		if code, out, errs := run(t, "import", "-o", filepath.Join(src, name), s); code != ExitOK {
			t.Fatalf("import %s: exit %d\n%s%s", name, code, out, errs)
		}
	}
	return src, samples
}

func TestImportedSamplesBuildEverything(t *testing.T) {
	chdirRoot(t)
	src, samples := importSamples(t)
	dist := filepath.Join(t.TempDir(), "dist")
	code, out, errs := run(t, "build", "-o", dist, src)
	if code != ExitOK {
		t.Fatalf("build: exit %d\n%s%s", code, out, errs)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasPrefix(line, "wrote ") {
			continue
		}
		dir := strings.Fields(line)[1]
		slug := filepath.Base(dir)
		for _, f := range []string{slug + ".xml", slug + ".pdf", "index.html", "inventory.html"} {
			if info, err := os.Stat(filepath.Join(dir, f)); err != nil || info.Size() == 0 {
				t.Errorf("%s: %s missing or empty", slug, f)
			}
		}
	}
	if n := strings.Count(out, "wrote "); n != len(samples) {
		t.Errorf("wrote %d finding aids, want %d:\n%s", n, len(samples), out)
	}
}

// TestImportForceKeepsOtherFiles: fonds import --force replaces only a
// folder that an earlier import wrote and that holds nothing else. A
// folder holding the input EAD, an archivist's notes, a file added since
// the import, or a finding aid written by hand is refused, force or not,
// and left exactly as it was.
func TestImportForceKeepsOtherFiles(t *testing.T) {
	src, err := os.ReadFile("../importer/testdata/oai-numbered.xml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	// The case of the issue: fa/ holds a fonds.yaml, the EAD and notes.
	os.MkdirAll("fa", 0o755)
	write(t, "fa", "in.xml", string(src))
	write(t, "fa", "fonds.yaml", "reference_code: X\n")
	write(t, "fa", "notes.txt", "an archivist's notes")
	if code, _, e := run(t, "import", "fa/in.xml", "-o", "fa", "--force"); code != ExitUsage || !strings.Contains(e, "fa holds fa/in.xml, the EAD being imported") {
		t.Errorf("input inside the folder: exit %d, %q", code, e)
	}
	os.Remove("fa/in.xml")
	write(t, ".", "in.xml", string(src))
	if code, _, e := run(t, "import", "in.xml", "-o", "fa", "--force"); code != ExitUsage || !strings.Contains(e, "a finding aid that fonds import did not write") {
		t.Errorf("a finding aid written by hand: exit %d, %q", code, e)
	}
	for f, want := range map[string]string{"fa/fonds.yaml": "reference_code: X\n", "fa/notes.txt": "an archivist's notes"} {
		if data, err := os.ReadFile(f); err != nil || string(data) != want {
			t.Errorf("%s changed: %q %v", f, data, err)
		}
	}

	// An import writes the list of its files, and --force replaces them.
	if code, o, e := run(t, "import", "in.xml", "-o", "imp"); code != ExitOK {
		t.Fatalf("import: exit %d\n%s%s", code, o, e)
	}
	manifest, err := os.ReadFile(filepath.Join("imp", build.ImportManifest))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(string(manifest), "\nfonds.yaml\nauthorities.yaml\n") {
		t.Errorf("manifest:\n%s", manifest)
	}
	write(t, "imp", "fonds.yaml", "edited, and replaced by --force\n")
	if code, o, e := run(t, "import", "in.xml", "-o", "imp", "--force"); code != ExitOK {
		t.Fatalf("--force on an import: exit %d\n%s%s", code, o, e)
	}
	if data, _ := os.ReadFile("imp/fonds.yaml"); !strings.Contains(string(data), "reference_code:") {
		t.Errorf("fonds.yaml not replaced:\n%s", data)
	}
	if entries, _ := os.ReadDir("."); len(entries) != 3 {
		t.Errorf("the working folder holds %v; a staging folder was left behind", entries)
	}

	// A file added since, in the folder or in a folder of its own, or the
	// input moved into it: refused, and kept.
	for _, extra := range []string{"notes.txt", "series/extra.yaml", "in.xml"} {
		t.Run(extra, func(t *testing.T) {
			os.MkdirAll(filepath.Dir(filepath.Join("imp", extra)), 0o755)
			write(t, "imp", extra, string(src))
			defer os.RemoveAll(filepath.Join("imp", strings.Split(extra, "/")[0]))
			input := "in.xml"
			want := "imp holds files fonds import did not write (" + strings.Split(extra, "/")[0]
			if extra == "in.xml" {
				input = "imp/in.xml"
				want = "the EAD being imported"
			}
			code, _, e := run(t, "import", input, "-o", "imp", "--force")
			if code != ExitUsage || !strings.Contains(e, want) {
				t.Errorf("exit %d, %q; want %q", code, e, want)
			}
			if data, err := os.ReadFile(filepath.Join("imp", extra)); err != nil || string(data) != string(src) {
				t.Errorf("%s was not kept: %v", extra, err)
			}
		})
	}
	if code, _, e := run(t, "import", "in.xml", "-o", "imp"); code != ExitUsage || !strings.Contains(e, "replace it with --force") {
		t.Errorf("an import without --force: exit %d, %q", code, e)
	}
}
