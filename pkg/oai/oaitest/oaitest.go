// Package oaitest helps tests check OAI-PMH answers with the tools a
// harvester would trust: xmllint against the OAI-PMH schema and the
// records' own schemas, offline, through the catalog of ../shared/oai-pmh
// beside the repository. It is for tests only.
package oaitest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Need finds a program a test runs. Outside CI a missing program skips the
// test with a message naming it; in CI (CI=true) it fails the test.
func Need(t testing.TB, program, debianPackage string) string {
	t.Helper()
	bin, err := exec.LookPath(program)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed: CI must run this test (install %s; see .ci/run)", program, debianPackage)
		}
		t.Skipf("%s is not installed (Debian %s): cannot run this test", program, debianPackage)
	}
	return bin
}

// Shared returns the OAI-PMH validation kit, ../shared/oai-pmh beside the
// repository that holds the test's package.
func Shared(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = up
	}
	shared := filepath.Join(filepath.Dir(dir), "shared", "oai-pmh")
	if _, err := os.Stat(filepath.Join(shared, "oai-pmh-all.xsd")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the OAI-PMH schemas are not at %s", shared)
		}
		t.Skipf("the OAI-PMH schemas are not at %s: cannot validate", shared)
	}
	return shared
}

// Validate validates files with xmllint against schema (the OAI-PMH schema
// with the records' own, ../shared/oai-pmh/oai-pmh-all.xsd, when ""),
// offline, and fails the test for each file that is not valid.
func Validate(t testing.TB, schema string, files ...string) {
	t.Helper()
	bin := Need(t, "xmllint", "libxml2-utils")
	shared := Shared(t)
	if schema == "" {
		schema = filepath.Join(shared, "oai-pmh-all.xsd")
	}
	for len(files) > 0 {
		batch := files[:min(len(files), 200)]
		files = files[len(batch):]
		cmd := exec.Command(bin, append([]string{"--noout", "--nonet", "--huge", "--schema", schema}, batch...)...)
		cmd.Env = append(os.Environ(), "XML_CATALOG_FILES="+filepath.Join(shared, "catalog.xml"))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("xmllint: %v\n%s", err, clip(out))
		}
		for _, f := range batch {
			if !strings.Contains(string(out), f+" validates") {
				t.Errorf("xmllint did not validate %s:\n%s", f, clip(out))
			}
		}
	}
}

func clip(out []byte) string {
	if len(out) > 4000 {
		return string(out[:4000]) + "…"
	}
	return string(out)
}
