package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/internal/testtool"
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
func TestImportedSamplesBuildEverything(t *testing.T) {
	chdirRoot(t)
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
