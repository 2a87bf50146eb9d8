package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildHTML runs fonds build in-process: the site is written, the
// --templates folder replaces one template, and a wrong --templates is a
// usage error.
func TestBuildHTML(t *testing.T) {
	fixture := filepath.Join("..", "..", "testdata", "fixtures", "letters")
	run := func(args ...string) (int, string) {
		var out, errs bytes.Buffer
		code := Main(args, strings.NewReader(""), &out, &errs)
		return code, out.String() + errs.String()
	}

	out := filepath.Join(t.TempDir(), "dist")
	if code, msg := run("build", "--only", "html", "-o", out, fixture); code != ExitOK {
		t.Fatalf("exit %d:\n%s", code, msg)
	}
	for _, f := range []string{"index.html", "fix-letters.1/index.html", "fix-letters.1/inventory.html", "fix-letters.1/search/index.js", "fonds.js", "search.js"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(out, "fix-letters.1", "inventory.html")); bytes.Contains(b, []byte("Staff working papers")) {
		t.Errorf("an internal series is published without --internal")
	}

	mine := t.TempDir()
	os.WriteFile(filepath.Join(mine, "search.html"), []byte(`{{define "main"}}<h1>Our search</h1>{{end}}`), 0o644)
	os.WriteFile(filepath.Join(mine, "logo.svg"), []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), 0o644)
	if code, msg := run("build", "--internal", "--templates", mine, "-o", out, fixture); code != ExitOK {
		t.Fatalf("--templates: exit %d:\n%s", code, msg)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "fix-letters.1", "search.html")); !bytes.Contains(b, []byte("<h1>Our search</h1>")) {
		t.Errorf("--templates did not replace search.html")
	}
	for _, f := range []string{"logo.svg", "fix-letters.1/logo.svg"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("a further file of --templates is not at %s: %v", f, err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(out, "fix-letters.1", "inventory.html")); !bytes.Contains(b, []byte("Staff working papers")) {
		t.Errorf("--internal did not publish the internal series")
	}

	if code, msg := run("build", "--templates", filepath.Join(mine, "nope"), "-o", out, fixture); code != ExitUsage || !strings.Contains(msg, "not a folder") {
		t.Errorf("a missing --templates folder: exit %d:\n%s", code, msg)
	}
	os.WriteFile(filepath.Join(mine, "layuot.html"), []byte("x"), 0o644)
	if code, msg := run("build", "--templates", mine, "-o", out, fixture); code != ExitUsage || !strings.Contains(msg, `did you mean "layout.html"`) {
		t.Errorf("a misspelt template: exit %d:\n%s", code, msg)
	}
}
