package cli

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportedInternalWithheld imports an EAD whose notes are marked
// audience="internal", some of them repeated past the first of their kind
// (kept as raw EAD), and builds it: no internal text is in any file of a
// plain build (the PDF read with pdftotext), and all of it is in the EAD
// of a build with --internal.
func TestImportedInternalWithheld(t *testing.T) {
	secrets := []string{"SECRET-FONDS-PHYSLOC", "SECRET-FIRST-SCOPE", "SECRET-SECOND-SCOPE", "SECRET-ODD-ONE",
		"SECRET-PARA", "SECRET-UNIT-PHYSLOC", "SECRET-UNIT-ODD", "SECRET-UNIT-SECOND-SCOPE"}
	ead, err := filepath.Abs("testdata/internal-notes.xml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "sources", "int")
	if code, o, e := run(t, "import", ead, "-o", src); code != ExitOK {
		t.Fatalf("fonds import: exit %d\n%s%s", code, o, e)
	}
	yaml, err := os.ReadFile(filepath.Join(src, "fonds.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// The first note of a kind is mapped with internal: true; the others
	// are raw EAD that keeps its audience.
	for _, kept := range []string{`<scopecontent audience="internal"><p>SECRET-SECOND-SCOPE</p></scopecontent>`,
		`<physloc audience="internal">SECRET-UNIT-PHYSLOC</physloc>`, `<odd audience="internal"><p>SECRET-UNIT-ODD</p></odd>`} {
		if !bytes.Contains(yaml, []byte(kept)) {
			t.Errorf("the import does not keep %s", kept)
		}
	}
	dist := filepath.Join(dir, "dist")
	if code, o, e := run(t, "build", "-o", dist, src); code != ExitOK {
		t.Fatalf("fonds build: exit %d\n%s%s", code, o, e)
	}
	files := 0
	filepath.WalkDir(dist, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(path, ".pdf") {
			data = pdfText(t, path)
			if !bytes.Contains(data, []byte("Unit scope.")) {
				t.Errorf("the PDF's text lacks the public note:\n%s", data)
			}
		}
		for _, s := range secrets {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("%s holds %s", path, s)
			}
		}
		return nil
	})
	if files < 5 {
		t.Fatalf("only %d files built", files)
	}
	distInternal := filepath.Join(dir, "dist-internal")
	if code, o, e := run(t, "build", "--internal", "--only", "ead", "-o", distInternal, src); code != ExitOK {
		t.Fatalf("fonds build --internal: exit %d\n%s%s", code, o, e)
	}
	data, err := os.ReadFile(filepath.Join(distInternal, "test-int", "test-int.xml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range secrets {
		if !bytes.Contains(data, []byte(s)) {
			t.Errorf("--internal: the EAD lacks %s", s)
		}
	}
}

// pdfText is the text of a PDF, as pdftotext reads it. Outside CI a
// missing pdftotext skips the test with a message; in CI it fails it.
func pdfText(t *testing.T, path string) []byte {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is not installed: CI must read the PDF (install poppler-utils; see .ci/run)")
		}
		t.Skip("pdftotext is not installed (poppler-utils): cannot read the PDF")
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return out
}
