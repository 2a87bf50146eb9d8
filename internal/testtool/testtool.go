// Package testtool is what the tests share to use the real programs that
// check fonds's outputs (xmllint, poppler's pdftotext and friends, Java,
// Node, Chromium) and the files in ../shared beside the repository.
//
// Outside CI a missing one skips the test, with a message that names it and
// the Debian package or command that brings it; make test lists every
// skipped test with that message. In CI (CI=true) it fails the test
// instead: CI installs everything (.ci/run), so a check that did not run is
// a failure there, never a silent pass.
package testtool

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Packages maps each program the tests run to the Debian package that
// installs it; .ci/run installs them all.
var Packages = map[string]string{
	"xmllint":   "libxml2-utils",
	"pdftotext": "poppler-utils",
	"pdfinfo":   "poppler-utils",
	"pdffonts":  "poppler-utils",
	"pdftoppm":  "poppler-utils",
	"chromium":  "chromium",
	"java":      "default-jre-headless",
	"node":      "nodejs",
	"git":       "git",
	"perl":      "libhttp-oai-perl", // the harvester the tests run with perl; it brings perl
	"catmandu":  "libcatmandu-oai-perl",
	"chattr":    "e2fsprogs",
}

// InCI reports whether the tests run in CI (CI=true), where nothing may be
// missing.
func InCI() bool { return os.Getenv("CI") == "true" }

// Need returns the path of the program name, found on $PATH. When it is not
// there, Need skips the test (fails it in CI), naming the Debian package
// that installs it.
func Need(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		hint := "install it"
		if pkg, ok := Packages[name]; ok {
			hint = "install Debian's " + pkg
		}
		Missing(t, name+" is not installed", hint)
	}
	return p
}

// Missing skips the test (fails it in CI) because what is missing; hint
// says how to get it.
func Missing(t testing.TB, what, hint string) {
	t.Helper()
	if InCI() {
		t.Fatalf("%s; %s (CI=true: .ci/run installs everything, so this fails)", what, hint)
	}
	t.Skipf("%s; %s (in CI this fails)", what, hint)
}

// Root returns the repository's folder: the one that holds go.mod, above
// the test's working folder.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}

// Shared returns the folder sub of ../shared beside the repository (the
// EAD schema, the seed text, the sample finding aids). When it is not
// there, Shared skips the test (fails it in CI).
func Shared(t testing.TB, sub string) string {
	t.Helper()
	dir := filepath.Join(filepath.Dir(Root(t)), "shared", sub)
	if _, err := os.Stat(dir); err != nil {
		Missing(t, "../shared/"+sub+" is not beside the repository", "CI and every developer's machine have ../shared")
	}
	return dir
}

// ValidateEAD validates EAD files against the EAD 2002 schema in
// ../shared/ead2002 with xmllint, offline through the schema's catalog,
// and fails the test unless xmllint says each validates.
func ValidateEAD(t testing.TB, files ...string) {
	t.Helper()
	validate(t, filepath.Join(Shared(t, "ead2002"), "ead.xsd"), files)
}

// ValidateAPE validates EAD files against apeEAD, the schema of Archives
// Portal Europe in ../shared/apeead, as ValidateEAD does against EAD
// 2002's.
func ValidateAPE(t testing.TB, files ...string) {
	t.Helper()
	validate(t, filepath.Join(Shared(t, "apeead"), "apeEAD.xsd"), files)
}

func validate(t testing.TB, schema string, files []string) {
	t.Helper()
	bin := Need(t, "xmllint")
	dir := Shared(t, "ead2002") // its catalog maps the XLink schema both import
	args := append([]string{"--noout", "--nonet", "--huge", "--schema", schema}, files...)
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "XML_CATALOG_FILES="+filepath.Join(dir, "catalog.xml"))
	out, err := cmd.CombinedOutput()
	text := string(out)
	if len(text) > 4000 {
		text = text[:4000] + "…"
	}
	if err != nil {
		t.Fatalf("xmllint: %v\n%s", err, text)
	}
	for _, f := range files {
		if !strings.Contains(string(out), f+" validates") {
			t.Errorf("xmllint did not validate %s:\n%s", f, text)
		}
	}
}

// SeedYAML adds every YAML file of the repository's sources/ and testdata/
// (under 64 KiB) to the seed corpus of a fuzz target: the loader's corpus,
// which the fuzz targets that read sources share.
func SeedYAML(f *testing.F) {
	f.Helper()
	root := Root(f)
	for _, dir := range []string{"sources", "testdata"} {
		filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".yaml") {
				if data, err := os.ReadFile(path); err == nil && len(data) < 64<<10 {
					f.Add(data)
				}
			}
			return nil
		})
	}
}
