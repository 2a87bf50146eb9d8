package site

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/fonds-archive/fonds/internal/testtool"
)

// byID is the element of doc with the id, or doc when there is none.
func byID(doc *html.Node, id string) *html.Node {
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && attr(n, "id") == id {
			return n
		}
	}
	return doc
}

// searchDocs reads the documents of a built search index, d-N.js.
func searchDocs(t *testing.T, dir string) []*searchDoc {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(dir, searchDir, "d-*.js"))
	if len(names) == 0 {
		t.Fatalf("no documents in %s", dir)
	}
	var docs []*searchDoc
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		s := strings.TrimSuffix(string(data), ");\n")
		// fondsSearch("slug","d-N",{…}): the data after the second comma.
		parts := strings.SplitN(s, ",", 3)
		var f docChunkFile
		if len(parts) != 3 || json.Unmarshal([]byte(parts[2]), &f) != nil {
			t.Fatalf("%s: not fondsSearch(slug, name, data): %.80s", name, s)
		}
		docs = append(docs, f.Docs...)
	}
	return docs
}

// TestSearchSaysWhatThePageSays builds the search fixture, with a note that
// names an internal unit by a bare reference and a preferred citation with
// the encoder's marks, with and without internal material: the page, its
// search document and each unit's citation name the unit alike (its title
// only when it is published) and keep the marks.
func TestSearchSaysWhatThePageSays(t *testing.T) {
	src := filepath.Join(t.TempDir(), "search")
	if err := os.CopyFS(src, os.DirFS(filepath.Join(root(t), "testdata", "fixtures", "search"))); err != nil {
		t.Fatal(err)
	}
	fondsYAML := filepath.Join(src, "fonds.yaml")
	data, err := os.ReadFile(fondsYAML)
	if err != nil {
		t.Fatal(err)
	}
	yaml := strings.Replace(string(data), "preferred_citation: Second Fictional Archive, Letters of the Fictional Committee, FIX-SEARCH",
		`preferred_citation: "Second Fictional Archive, Letters of the Fictionnal [sic] Committee, [...] FIX-SEARCH"`, 1) +
		"arrangement: \"The minutes, <inv:9>, follow the letters.\"\n"
	if err := os.WriteFile(fondsYAML, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		internal bool
		name     string // what the page and the index call unit 9
	}{{false, "no. 9"}, {true, "Secret minutes of Kolář and Hollis"}} {
		dir := filepath.Join(compile(t, Options{Internal: tc.internal}, src), "fix-search")
		page, err := os.ReadFile(filepath.Join(dir, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(bytes.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(strings.Fields(testtool.HTMLText(byID(doc, "arrangement"), " ")), " "); !strings.Contains(got, "The minutes, "+tc.name+", follow the letters.") {
			t.Errorf("internal %v: the page's arrangement does not name unit 9 %q: %q", tc.internal, tc.name, got)
		}
		found := false
		for _, d := range searchDocs(t, dir) {
			if d.Href == "index.html#arrangement" {
				found = true
				if want := []string{"The minutes, " + tc.name + ", follow the letters."}; strings.Join(d.Text, "\n") != want[0] {
					t.Errorf("internal %v: the index's arrangement is %q, want %q", tc.internal, d.Text, want)
				}
			}
		}
		if !found {
			t.Errorf("internal %v: the arrangement is not in the index", tc.internal)
		}
		inv, err := os.ReadFile(filepath.Join(dir, "inventory.html"))
		if err != nil {
			t.Fatal(err)
		}
		if want := `<p class="citation">Second Fictional Archive, Letters of the Fictionnal [sic] Committee, […] FIX-SEARCH, inv. no. 1</p>`; !bytes.Contains(inv, []byte(want)) {
			t.Errorf("internal %v: no. 1's citation does not keep the encoder's marks: %s", tc.internal, regexp.MustCompile(`<p class="citation">[^<]*</p>`).Find(inv))
		}
	}
}
