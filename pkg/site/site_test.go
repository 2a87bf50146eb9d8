package site

import (
	"bytes"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/prose"
)

// root is the repository's top folder.
func root(t testing.TB) string { return testtool.Root(t) }

// inputs are every finding aid the tests build: the default sources and
// every fixture.
func inputs(t testing.TB) []string {
	t.Helper()
	r := root(t)
	fixtures, err := filepath.Glob(filepath.Join(r, "testdata", "fixtures", "*"))
	if err != nil || len(fixtures) == 0 {
		t.Fatalf("no fixtures under testdata/fixtures: %v", err)
	}
	sort.Strings(fixtures)
	return append([]string{filepath.Join(r, "sources", "trotsky-ilo")}, fixtures...)
}

// compile builds dirs with the HTML output alone into a new folder and
// returns it.
func compile(t testing.TB, opt Options, dirs ...string) string {
	t.Helper()
	o, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "dist")
	results, err := build.Compile(dirs, out, build.Options{}, []build.Output{o})
	if err != nil {
		var msg strings.Builder
		for _, r := range results {
			for _, d := range r.Diags {
				fmt.Fprintln(&msg, d.Error())
			}
		}
		t.Fatalf("build: %v\n%s", err, msg.String())
	}
	return out
}

// TestLinks builds the default sources and every fixture, with and without
// internal material and with pages small enough to split every series, and
// checks every link and anchor of every page.
func TestLinks(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  Options
	}{
		{"published", Options{}},
		{"internal", Options{Internal: true}},
		{"small-pages", Options{PageUnits: 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := compile(t, tc.opt, inputs(t)...)
			n, problems := checkLinks(dir)
			for _, p := range problems {
				t.Error(p)
			}
			if n < 20 {
				t.Errorf("only %d pages checked", n)
			}
		})
	}
}

// TestLinkChecker makes sure the checker finds what it must.
func TestLinkChecker(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.html", `<!DOCTYPE html><html lang="en"><title>a</title><h1 id="x">A</h1>
<a href="b.html#y">ok</a> <a href="b.html#nope">missing anchor</a> <a href="c.html">missing file</a>
<a href="#x">self</a> <a href="https://example.org/">web</a> <a href="/abs.html">absolute</a>
<p id="x">duplicate</p><link rel="stylesheet" href="style.css"><script src="s.js"></script>`)
	write("b.html", `<!DOCTYPE html><html lang="en"><title>b</title><h1 id="y">B</h1>
<a rel="bookmark" href="inventory.html#on-part-2">kept</a> <a rel="bookmark" href="inventory.html#gone">gone</a> <a rel="bookmark" href="b.html#y">not the inventory</a>`)
	write("inventory.html", `<!DOCTYPE html><html lang="en"><title>i</title><h1>I</h1>`)
	write("inventory-2.html", `<!DOCTYPE html><html lang="en"><title>i2</title><h1 id="on-part-2">I2</h1>`)
	write("style.css", "")
	_, problems := checkLinks(dir)
	want := []string{"b.html#nope", "c.html", "/abs.html", `duplicate id "x"`, "s.js", `"inventory.html#gone"`, `"b.html#y" is not inventory.html#ID`}
	if len(problems) != len(want) {
		t.Errorf("got %d problems, want %d:\n%s", len(problems), len(want), strings.Join(problems, "\n"))
	}
	for _, w := range want {
		found := false
		for _, p := range problems {
			found = found || strings.Contains(p, w)
		}
		if !found {
			t.Errorf("no problem reported for %s", w)
		}
	}
}

// TestDeterministic builds everything twice, at different parallelism, and
// compares every byte.
func TestDeterministic(t *testing.T) {
	a := compile(t, Options{}, inputs(t)...)
	t.Setenv("TZ", "Pacific/Chatham")
	t.Setenv("LANG", "tr_TR.UTF-8")
	in := inputs(t)
	for i, j := 0, len(in)-1; i < j; i, j = i+1, j-1 {
		in[i], in[j] = in[j], in[i] // another order on the command line
	}
	b := compile(t, Options{}, in...)
	fa, fb := files(t, a), files(t, b)
	if strings.Join(keys(fa), "\n") != strings.Join(keys(fb), "\n") {
		t.Fatalf("the builds hold different files:\n%v\n%v", keys(fa), keys(fb))
	}
	for _, k := range keys(fa) {
		if !bytes.Equal(fa[k], fb[k]) {
			t.Errorf("%s differs between two builds", k)
		}
	}
}

func files(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func keys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// TestGolden compares the pages of the fixtures with the files under
// testdata/golden; UPDATE_GOLDEN=1 rewrites them. The style sheet and the
// scripts are copies of the templates and are not kept twice.
func TestGolden(t *testing.T) {
	r := root(t)
	fixtures, _ := filepath.Glob(filepath.Join(r, "testdata", "fixtures", "*"))
	sort.Strings(fixtures)
	got := files(t, compile(t, Options{}, fixtures...))
	for k := range got {
		switch filepath.Base(k) {
		case "fonds.css", "fonds.js", "search.js":
			delete(got, k)
		}
	}
	golden := filepath.Join("testdata", "golden")
	if os.Getenv("UPDATE_GOLDEN") != "" {
		if err := os.RemoveAll(golden); err != nil {
			t.Fatal(err)
		}
		for k, b := range got {
			p := filepath.Join(golden, filepath.FromSlash(k))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want := files(t, golden)
	for k := range want {
		if strings.HasSuffix(k, ".got") {
			delete(want, k)
		}
	}
	if g, w := strings.Join(keys(got), "\n"), strings.Join(keys(want), "\n"); g != w {
		t.Errorf("files differ from testdata/golden (UPDATE_GOLDEN=1 rewrites them):\ngot\n%s\nwant\n%s", g, w)
	}
	for _, k := range keys(got) {
		w, ok := want[k]
		if !ok || bytes.Equal(got[k], w) {
			continue
		}
		p := filepath.Join(golden, filepath.FromSlash(k))
		os.WriteFile(p+".got", got[k], 0o644)
		t.Errorf("%s differs from %s (written beside it as .got; UPDATE_GOLDEN=1 rewrites it):\n%s", k, p, diff(w, got[k]))
	}
}

// diff shows the first lines where two files differ.
func diff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			var b strings.Builder
			for j := max(0, i-2); j < i+4 && (j < len(wl) || j < len(gl)); j++ {
				if j < len(wl) {
					fmt.Fprintf(&b, "  want %d: %s\n", j+1, wl[j])
				}
				if j < len(gl) {
					fmt.Fprintf(&b, "  got  %d: %s\n", j+1, gl[j])
				}
			}
			return b.String()
		}
	}
	return ""
}

// TestTemplates replaces one template and checks that the others stay the
// embedded ones, that a misspelt template is refused, and that other files
// are copied.
func TestTemplates(t *testing.T) {
	r := root(t)
	over := fstest.MapFS{
		"persons.html": {Data: []byte(`{{define "main"}}<h1>People of {{.Site.Fonds.ReferenceCode}}</h1>{{end}}`)},
		"logo.svg":     {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)},
	}
	dir := compile(t, Options{Templates: over}, filepath.Join(r, "testdata", "fixtures", "letters"))
	fa := filepath.Join(dir, "fix-letters.1")
	persons, err := os.ReadFile(filepath.Join(fa, "persons.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(persons, []byte("<h1>People of FIX-LETTERS</h1>")) {
		t.Errorf("persons.html does not use the replacement template")
	}
	if !bytes.Contains(persons, []byte(`<a class="skip" href="#main">`)) {
		t.Errorf("persons.html lost the embedded layout")
	}
	inv, _ := os.ReadFile(filepath.Join(fa, "inventory.html"))
	if !bytes.Contains(inv, []byte(`id="inv-1"`)) {
		t.Errorf("inventory.html does not use the embedded template")
	}
	if _, err := os.Stat(filepath.Join(fa, "logo.svg")); err != nil {
		t.Errorf("logo.svg was not copied: %v", err)
	}

	_, err = New(Options{Templates: fstest.MapFS{"layuot.html": {Data: []byte("x")}}})
	if err == nil || !strings.Contains(err.Error(), `did you mean "layout.html"`) {
		t.Errorf("a misspelt template: got %v", err)
	}
	_, err = New(Options{Templates: fstest.MapFS{"layout.html": {Data: []byte(`{{define "layout"}}{{.Nope`)}}})
	if err == nil || !strings.Contains(err.Error(), "template layout.html") {
		t.Errorf("a broken template: got %v", err)
	}
	_, err = New(Options{Templates: fstest.MapFS{"search.html": {Data: []byte(`<p>no main</p>`)}}})
	if err == nil || !strings.Contains(err.Error(), `must define "main"`) {
		t.Errorf("a page template without main: got %v", err)
	}
}

// TestSplit checks the layout of a large inventory: every unit is on one
// page, no page holds more than PageUnits units, and parts follow each other.
func TestSplit(t *testing.T) {
	a := synthetic(2000, 3, 4)
	for _, limit := range []int{1, 7, 100, 1000, 10000} {
		s := newSite(a, Options{PageUnits: limit})
		perPage := map[string]int{}
		for _, c := range a.Components {
			p := s.pageOf(c)
			if p == nil {
				t.Fatalf("limit %d: unit %s is on no page", limit, c.ID)
			}
			perPage[p.file]++
		}
		for f, n := range perPage {
			// A page's own unit (its root) and the split-off units it only
			// links to are not counted here; the units described are.
			if n > limit+1 {
				t.Errorf("limit %d: %s describes %d units", limit, f, n)
			}
		}
		if len(s.inv) < len(perPage) {
			t.Errorf("limit %d: %d pages planned, %d used", limit, len(s.inv), len(perPage))
		}
	}
}

// TestReadmeExample builds with the README's worked example of
// --templates, so that the example keeps working.
func TestReadmeExample(t *testing.T) {
	r := root(t)
	readme, err := os.ReadFile(filepath.Join(r, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "file, `my-templates/home.html`:\n\n```html\n")
	tmpl, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("the README has no worked example of my-templates/home.html")
	}
	dist := compile(t, Options{Templates: fstest.MapFS{"home.html": {Data: []byte(tmpl)}}},
		filepath.Join(r, "testdata", "fixtures", "letters"), filepath.Join(r, "testdata", "fixtures", "minimal"))
	got, err := os.ReadFile(filepath.Join(dist, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	_, shown, _ := strings.Cut(string(readme), "new content:\n\n```html\n")
	shown, _, _ = strings.Cut(shown, "```")
	if shown == "" || !strings.Contains(string(got), shown) {
		t.Errorf("dist/index.html does not hold what the README shows:\nREADME:\n%s\ngot:\n%s", shown, got)
	}
}

// writeLetters writes the site of the letters fixture, checked, after
// edit changed its model, and returns the folder.
func writeLetters(t *testing.T, edit func(a *model.Archive)) string {
	t.Helper()
	res := build.Check(filepath.Join(root(t), "testdata", "fixtures", "letters"), build.Options{})
	if res.Failed(false) {
		t.Fatal(res.Diags.Err())
	}
	edit(res.Archive)
	o, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := o.Write(res.Archive, dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestNotesParsedOnce: the site renders a note from the tree resolve kept
// in the archive's Notes, not from a parse of its own.
func TestNotesParsedOnce(t *testing.T) {
	dir := writeLetters(t, func(a *model.Archive) {
		a.Notes[a.Fonds.ScopeAndContent.Text] = prose.Parse("*Rendered from the kept tree.*")
	})
	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte("<em>Rendered from the kept tree.</em>")) {
		t.Errorf("the scope note is not the tree kept in Notes")
	}
}

// TestISODateInWords: a date of kept raw EAD in ISO 8601 form, as
// ArchivesSpace writes its creation stamp, reads in words on the page
// that shows the finding aid's own description, its time as written, the
// full stop after it; the page does not show it as the EAD writes it.
func TestISODateInWords(t *testing.T) {
	dir := writeLetters(t, func(a *model.Archive) {
		a.Fonds.Raw = `<eadheader><profiledesc><creation>This finding aid was produced using ArchivesSpace on <date>2023-06-16 19:34:00 +0200</date>.</creation></profiledesc></eadheader>`
	})
	var all strings.Builder
	for name, data := range files(t, dir) {
		if strings.HasSuffix(name, ".html") {
			all.WriteString(html.UnescapeString(string(data))) // + is &#43; in the page
		}
	}
	if want := "produced using ArchivesSpace on 16 June 2023, 19:34:00 +0200."; !strings.Contains(all.String(), want) {
		t.Errorf("no page says %q", want)
	}
	if strings.Contains(all.String(), "2023-06-16") {
		t.Error("a page shows the date as the EAD writes it")
	}
}
