package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildPaper checks fonds build's --paper: a4 and letter write the PDF
// inventory, anything else is a usage error.
func TestBuildPaper(t *testing.T) {
	src := "../../testdata/fixtures/minimal"
	for _, paper := range []string{"a4", "letter"} {
		out := filepath.Join(t.TempDir(), "dist")
		var stdout, stderr bytes.Buffer
		if code := Main([]string{"build", "-o", out, "--only", "pdf", "--paper", paper, src}, nil, &stdout, &stderr); code != ExitOK {
			t.Fatalf("--paper %s: exit %d\n%s", paper, code, stderr.String())
		}
		data, err := os.ReadFile(filepath.Join(out, "fix-min", "fix-min.pdf"))
		if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
			t.Errorf("--paper %s: no PDF written: %v", paper, err)
		}
	}
	var stdout, stderr bytes.Buffer
	code := Main([]string{"build", "-o", filepath.Join(t.TempDir(), "dist"), "--paper", "a5", src}, nil, &stdout, &stderr)
	if code != ExitUsage || !strings.Contains(stderr.String(), `unknown paper size "a5"`) {
		t.Errorf("--paper a5: exit %d, %q; want a usage error", code, stderr.String())
	}
}
