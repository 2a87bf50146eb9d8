package ead

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/beevik/etree"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/model"
)

// sourceDirs are the finding aids every output must pass: the default
// sources and every fixture.
func sourceDirs(t testing.TB) map[string]string {
	t.Helper()
	root := testtool.Root(t)
	dirs := map[string]string{"trotsky-ilo": filepath.Join(root, "sources", "trotsky-ilo")}
	fixtures, err := filepath.Glob(filepath.Join(root, "testdata", "fixtures", "*", "fonds.yaml"))
	if err != nil || len(fixtures) == 0 {
		t.Fatalf("no fixtures found: %v", err)
	}
	for _, f := range fixtures {
		dirs[filepath.Base(filepath.Dir(f))] = filepath.Dir(f)
	}
	return dirs
}

func sortedNames(m map[string]string) []string {
	var names []string
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

var (
	loadMu sync.Mutex
	loaded = map[string]*model.Archive{}
)

// load checks a finding aid through the whole pipeline; the archive is
// shared between tests, which must not change it (use fresh for that).
func load(t testing.TB, name string) *model.Archive {
	t.Helper()
	loadMu.Lock()
	defer loadMu.Unlock()
	if a := loaded[name]; a != nil {
		return a
	}
	a := fresh(t, name)
	loaded[name] = a
	return a
}

// fresh loads a finding aid of its own, for tests that change it.
func fresh(t testing.TB, name string) *model.Archive {
	t.Helper()
	dir, ok := sourceDirs(t)[name]
	if !ok {
		t.Fatalf("no finding aid %q", name)
	}
	res := build.Check(dir, build.Options{})
	if res.Archive == nil || res.Failed(false) {
		t.Fatalf("%s does not check:\n%v", name, res.Diags)
	}
	return res.Archive
}

// write writes a's EAD into memory.
func write(t testing.TB, a *model.Archive, opt Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, a, opt); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

// parse reads an EAD back, failing on anything that is not well-formed.
func parse(t testing.TB, data []byte) *etree.Document {
	t.Helper()
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil {
		t.Fatalf("the EAD is not well-formed: %v", err)
	}
	return doc
}

// readLocal writes a's EAD, reads it back and takes the finding aid's
// prefix (IDPrefix) off every id and reference, so that a test names them
// as the sources do; TestIDPrefix checks the prefix itself.
func readLocal(t testing.TB, a *model.Archive, opt Options) *etree.Document {
	t.Helper()
	doc := parse(t, write(t, a, opt))
	prefix := IDPrefix(a)
	var walk func(e *etree.Element)
	walk = func(e *etree.Element) {
		for i := range e.Attr {
			at := &e.Attr[i]
			switch {
			case at.Space != "":
			case at.Key == "id" || at.Key == "target":
				if !strings.HasPrefix(at.Value, prefix) {
					t.Errorf("%s/@%s %q lacks the prefix %q", e.Tag, at.Key, at.Value, prefix)
				}
				at.Value = strings.TrimPrefix(at.Value, prefix)
			case at.Key == "parent":
				names := strings.Fields(at.Value)
				for j := range names {
					names[j] = strings.TrimPrefix(names[j], prefix)
				}
				at.Value = strings.Join(names, " ")
			}
		}
		for _, c := range e.ChildElements() {
			walk(c)
		}
	}
	walk(doc.Root())
	return doc
}

// xmllint validates files against the EAD 2002 schema in ../shared,
// offline through its catalog. Outside CI a missing xmllint skips the test
// with a message; in CI (CI=true) it fails it.
func xmllint(t *testing.T, files ...string) {
	t.Helper()
	bin := testtool.Need(t, "xmllint")
	shared := testtool.Shared(t, "ead2002")
	args := append([]string{"--noout", "--nonet", "--schema", filepath.Join(shared, "ead.xsd")}, files...)
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "XML_CATALOG_FILES="+filepath.Join(shared, "catalog.xml"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("xmllint: %v\n%s", err, out)
	}
	for _, f := range files {
		if !strings.Contains(string(out), f+" validates") {
			t.Errorf("xmllint did not validate %s:\n%s", f, out)
		}
	}
}

// checkIDRefs fails the test when an IDREF of the EAD (@target, and the
// IDREFS of @parent) names no @id of the document. xmllint (libxml2 2.9)
// checks that ids are unique but not that references resolve, so the
// tests check that themselves.
func checkIDRefs(t testing.TB, name string, data []byte) {
	t.Helper()
	doc := parse(t, data)
	ids := map[string]bool{}
	var refs []string
	var walk func(e *etree.Element)
	walk = func(e *etree.Element) {
		for _, a := range e.Attr {
			switch {
			case a.Space == "" && a.Key == "id":
				ids[a.Value] = true
			case a.Space == "" && a.Key == "target":
				refs = append(refs, a.Value)
			case a.Space == "" && a.Key == "parent":
				refs = append(refs, strings.Fields(a.Value)...)
			}
		}
		for _, c := range e.ChildElements() {
			walk(c)
		}
	}
	walk(doc.Root())
	for _, r := range refs {
		if !ids[r] {
			t.Errorf("%s: target %q names no id", name, r)
		}
	}
}

// golden compares got with the file testdata/name; UPDATE_GOLDEN=1
// rewrites it. On a mismatch it writes name.got beside it and shows where
// the two first differ.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if os.Getenv("UPDATE_GOLDEN") == "1" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run UPDATE_GOLDEN=1 go test ./pkg/ead to create it)", err)
	}
	if bytes.Equal(got, want) {
		os.Remove(path + ".got")
		return
	}
	if err := os.WriteFile(path+".got", got, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Errorf("%s differs from the golden file; wrote %s.got (UPDATE_GOLDEN=1 accepts it)\n%s", path, path, diffExcerpt(want, got))
}

// diffExcerpt shows a few lines around the first line where want and got
// differ.
func diffExcerpt(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	i := 0
	for i < len(wl) && i < len(gl) && wl[i] == gl[i] {
		i++
	}
	var b strings.Builder
	for j := max(0, i-2); j < i+3; j++ {
		if j < len(wl) && (j >= len(gl) || wl[j] != gl[j]) {
			fmt.Fprintf(&b, "line %d want: %s\n", j+1, wl[j])
		}
		if j < len(gl) && (j >= len(wl) || wl[j] != gl[j]) {
			fmt.Fprintf(&b, "line %d got:  %s\n", j+1, gl[j])
		}
	}
	return b.String()
}
