package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildEAD runs fonds build in-process: the EAD output is registered
// with its flags, an unknown --profile is a usage error that lists the
// profiles, and --numbered on a tree deeper than 12 fails clearly.
func TestBuildEAD(t *testing.T) {
	fixtures := filepath.Join("..", "..", "testdata", "fixtures")
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := Main(append([]string{"build"}, args...), nil, &out, &errb)
		return code, out.String(), errb.String()
	}

	dist := filepath.Join(t.TempDir(), "dist")
	code, stdout, stderr := run("-o", dist, "--only", "ead", "--numbered", "--profile", "arclight",
		filepath.Join(fixtures, "letters"), filepath.Join(fixtures, "minimal"))
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dist, "fix-letters.1", "fix-letters.1.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(`<c01 id="fix-letters.1.general" level="series">`)) {
		t.Error("--numbered did not reach the EAD output")
	}
	if !strings.Contains(stderr, "warning: ") || !strings.Contains(stderr, "minimal/fonds.yaml:7:13: warning: repository: no repository.isil") {
		t.Errorf("the minimal fixture's missing ISIL is not warned about:\n%s", stderr)
	}

	code, _, stderr = run("-o", dist, "--profile", "europeana", filepath.Join(fixtures, "minimal"))
	if code != ExitUsage || !strings.Contains(stderr, `unknown EAD profile "europeana" (want default, ape, hub, arclight, oac)`) {
		t.Errorf("unknown profile: exit %d\n%s", code, stderr)
	}

	code, _, stderr = run("-o", dist, "--numbered", filepath.Join(fixtures, "deep"))
	if code != ExitProblems || !strings.Contains(stderr, "fonds.yaml:72:53: unit level-13 is 13 levels deep") {
		t.Errorf("numbered deep tree: exit %d\n%s", code, stderr)
	}
}
