package site

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/internal/testtool"
)

// The checks in this file run real tools: the Nu HTML Checker (vnu.jar, on
// Java) and axe-core in headless Chromium, both installed into tools/a11y
// by `npm ci --prefix tools/a11y`. Outside CI a missing tool skips the test
// with a message; in CI (CI=true) it fails it.

// a11y returns tools/a11y, checking that its packages are installed.
func a11y(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(root(t), "tools", "a11y")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "axe-core", "axe.min.js")); err != nil {
		testtool.Missing(t, "tools/a11y/node_modules is missing", "run `npm ci --ignore-scripts --prefix tools/a11y`")
	}
	return dir
}

func chromium(t *testing.T) string {
	t.Helper()
	if c := os.Getenv("CHROMIUM"); c != "" {
		return c
	}
	return testtool.Need(t, "chromium")
}

// TestVNU checks every page of the default sources and of the fixtures
// (and the pages with internal material) with the Nu HTML Checker, and the
// style sheet with its CSS checker: no errors.
func TestVNU(t *testing.T) {
	jar := filepath.Join(a11y(t), "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	if _, err := os.Stat(jar); err != nil {
		testtool.Missing(t, jar+" is missing", "run `npm ci --ignore-scripts --prefix tools/a11y`")
	}
	java := testtool.Need(t, "java")
	dirs := []string{compile(t, Options{}, inputs(t)...), compile(t, Options{Internal: true, PageUnits: 3}, inputs(t)...)}
	cmd := exec.Command(java, append([]string{"-jar", jar, "--errors-only", "--format", "json", "--skip-non-html", "--also-check-css"}, dirs...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var report struct {
		Messages []struct {
			Type, SubType, URL, Message, Extract string
			LastLine                             int
		}
	}
	if jerr := json.Unmarshal(stderr.Bytes(), &report); jerr != nil {
		t.Fatalf("vnu: %v; %v\n%s", err, jerr, stderr.String())
	}
	checked := 0
	for _, m := range report.Messages {
		if m.Type == "error" || m.SubType == "fatal" {
			t.Errorf("%s:%d: %s\n\t%s", strings.TrimPrefix(m.URL, "file:"), m.LastLine, m.Message, m.Extract)
		}
		checked++
	}
	if err != nil && checked == 0 {
		t.Fatalf("vnu failed: %v\n%s", err, stderr.String())
	}
	n, _ := checkLinks(dirs[0])
	t.Logf("vnu: %d pages of the default build checked, %d messages", n, checked)
}

// node runs tools/a11y/check.js and decodes its report.
func node(t *testing.T, v any, args ...string) {
	t.Helper()
	dir := a11y(t)
	nodeBin := testtool.Need(t, "node")
	cmd := exec.Command(nodeBin, append([]string{filepath.Join(dir, "check.js")}, args...)...)
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium(t))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("check.js %s: %v\n%s", args[0], err, stderr.String())
	}
	if err := json.Unmarshal(stdout.Bytes(), v); err != nil {
		t.Fatalf("check.js %s: %v\n%s", args[0], err, stdout.String())
	}
}

// TestAxe runs axe-core's WCAG 2.1 A and AA rules in headless Chromium on
// every page, at desktop and phone width, opened from the file system; a
// page may load nothing from anywhere else.
func TestAxe(t *testing.T) {
	dist := compile(t, Options{Internal: true, PageUnits: 3}, inputs(t)...)
	dirs := []string{compile(t, Options{}, inputs(t)...)}
	entries, _ := os.ReadDir(dist)
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, filepath.Join(dist, e.Name()))
		}
	}
	var report struct {
		Pages      int
		Violations []struct {
			Page, ID, Impact, Help string
			Width                  int
			Nodes                  []string
		}
		Errors []struct{ Page, Error string }
	}
	node(t, &report, append([]string{"axe"}, dirs...)...)
	for _, v := range report.Violations {
		t.Errorf("%s (%dpx): %s (%s): %s\n\t%s", v.Page, v.Width, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
	}
	for _, e := range report.Errors {
		t.Errorf("%s: %s", e.Page, e.Error)
	}
	if report.Pages < 40 {
		t.Errorf("axe checked only %d pages", report.Pages)
	}
	t.Logf("axe: %d pages checked", report.Pages)
}

// TestHostileInBrowser opens the pages of the hostile finding aid in
// Chromium and shows its search results, which search.js builds from the
// index: no script of the sources may run (an alert would be reported).
func TestHostileInBrowser(t *testing.T) {
	dist := compile(t, Options{}, filepath.Join("testdata", "hostile"))
	q := searchIn(t, filepath.Join(dist, "hostile-1"), "script", "img", "alert")
	if r := q["script"]; !r.hasTitle(`<script>alert("person")</script>, Eve`) {
		t.Errorf("the hostile person is not shown as text:\n%s", r)
	}
	var axe struct {
		Errors []struct{ Page, Error string }
	}
	node(t, &axe, "axe", filepath.Join(dist, "hostile-1"))
	for _, e := range axe.Errors {
		t.Errorf("%s: %s", e.Page, e.Error)
	}
}

// TestPermalinks opens inventory.html#ID in Chromium for units that a
// large inventory describes on pages of their own (pages of three units
// here): fonds.js finds each one's page in the search index and goes there.
// A series with a page of its own is described there, its parent's page
// linking to it; an id that is no unit's stays where it is. The unit is
// shown with its Cite open.
func TestPermalinks(t *testing.T) {
	dist := compile(t, Options{PageUnits: 3}, "../../testdata/fixtures/letters")
	var report struct {
		Links map[string]struct {
			URL   string
			Found bool
			Cite  string
		}
		Errors []string
	}
	want := map[string]string{
		"inv-1":          "inventory-general.html#inv-1",
		"inv-8":          "inventory-general-3.html#inv-8",
		"inv-12-b":       "inventory-greece-correspondence-2.html#inv-12-b",
		"countries":      "inventory-countries.html#countries",
		"no-such-unit":   "inventory.html#no-such-unit",
		"general":        "inventory-general.html#general",
		"greece":         "inventory-greece.html#greece",
		"inv-13":         "inventory-greece.html#inv-13",
		"person-petrova": "inventory.html#person-petrova",
	}
	ids := slices.Sorted(maps.Keys(want))
	node(t, &report, append([]string{"permalink", filepath.Join(dist, "fix-letters.1")}, ids...)...)
	for _, e := range report.Errors {
		t.Errorf("browser: %s", e)
	}
	for _, id := range ids {
		got := report.Links[id]
		if !strings.HasSuffix(got.URL, "/"+want[id]) {
			t.Errorf("inventory.html#%s ends on %s, want %s", id, got.URL, want[id])
		}
		if found := !strings.HasPrefix(id, "no-") && !strings.HasPrefix(id, "person-"); got.Found != found {
			t.Errorf("inventory.html#%s: found %v, want %v", id, got.Found, found)
		}
	}
	// The unit reached is shown with its Cite open: where it is in the
	// inventory, how to cite it.
	if c := report.Links["inv-12-b"].Cite; !strings.Contains(c, "In [Country files] › Ελλάδα (Greece) › Correspondence › Minutes and circulars") ||
		!strings.Contains(c, "Fictional Archive of Test Fixtures, Papers of the Imaginary Correspondence Bureau (fictional test fixture), FIX-LETTERS, Circular no. 2") ||
		!strings.Contains(c, "Permanent link: inventory.html#inv-12-b") {
		t.Errorf("inventory.html#inv-12-b: the Cite is not open, or not right:\n%s", c)
	}
}
