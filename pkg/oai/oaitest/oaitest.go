// Package oaitest helps tests check OAI-PMH answers with the tool a
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

	"github.com/fonds-archive/fonds/internal/testtool"
)

// Validate validates files with xmllint against schema (the OAI-PMH schema
// with the records' own, ../shared/oai-pmh/oai-pmh-all.xsd, when ""),
// offline, and fails the test for each file that is not valid. Without
// xmllint or ../shared it skips the test (fails it in CI).
func Validate(t testing.TB, schema string, files ...string) {
	t.Helper()
	bin := testtool.Need(t, "xmllint")
	shared := testtool.Shared(t, "oai-pmh")
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
