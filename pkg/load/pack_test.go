package load

import (
	"testing"
	"testing/fstest"
	"unsafe"

	"go.yaml.in/yaml/v3"

	"github.com/fonds-archive/fonds/pkg/source"
)

// TestPackScalars checks that packScalars leaves every value as the parser
// read it, in one block in the order of the file, what aliases stand for
// included once, and that keys stay the parser's own.
func TestPackScalars(t *testing.T) {
	src := "title: Letter from Sedov\n" +
		"names: [&n Trockij, Sedov, *n, '']\n" +
		"dates:\n  - when: 1935\n    note: |\n      two lines\n      of text\n" +
		"empty:\n" +
		"nested: {a: {b: [x, {c: ży}]}}\n"
	var diags source.List
	root, _ := parseYAML("f.yaml", []byte(src), DefaultOptions, false, true, &diags)
	if root == nil || len(diags) > 0 {
		t.Fatalf("parseYAML: %v", diags)
	}
	packScalars(root)
	var want yaml.Node
	if err := yaml.Unmarshal([]byte(src), &want); err != nil {
		t.Fatal(err)
	}

	// The same tree, value for value.
	var same func(got, want *yaml.Node, path string)
	same = func(got, want *yaml.Node, path string) {
		if got.Kind != want.Kind || got.Value != want.Value || got.Tag != want.Tag || len(got.Content) != len(want.Content) {
			t.Fatalf("%s: got %v %q %s, want %v %q %s", path, got.Kind, got.Value, got.Tag, want.Kind, want.Value, want.Tag)
		}
		for i := range got.Content {
			same(got.Content[i], want.Content[i], path+"/"+want.Content[i].Value)
		}
	}
	same(root, want.Content[0], "")

	// Values in one block, one after the other; keys elsewhere.
	var values []*yaml.Node
	walkValues(root, func(n *yaml.Node) {
		if n.Value != "" {
			values = append(values, n)
		}
	})
	if len(values) != 7 { // the title, two names (the alias is the first), 1935, the note, x, ży
		t.Fatalf("%d values, want 7", len(values))
	}
	if alias := root.Content[3].Content[2]; alias.Kind != yaml.AliasNode || alias.Alias != values[1] {
		t.Errorf("the alias stands for %v, want the packed Trockij", alias.Alias)
	}
	next := uintptr(unsafe.Pointer(unsafe.StringData(values[0].Value)))
	for _, n := range values {
		if p := uintptr(unsafe.Pointer(unsafe.StringData(n.Value))); p != next {
			t.Errorf("value %q at %#x, want %#x, right after the one before", n.Value, p, next)
		}
		next += uintptr(len(n.Value))
	}
	start := uintptr(unsafe.Pointer(unsafe.StringData(values[0].Value)))
	for i := 0; i < len(root.Content); i += 2 {
		key := root.Content[i].Value
		if p := uintptr(unsafe.Pointer(unsafe.StringData(key))); p >= start && p < next {
			t.Errorf("key %q is in the block", key)
		}
	}
}

// TestLoadPacksValues checks that Load packs the files it decodes: the
// values of a unit are read from one block, in the order of the file.
func TestLoadPacksValues(t *testing.T) {
	fsys := fstest.MapFS{
		"fonds.yaml": {Data: []byte("finding_aid: {id: t}\ntitle: T\n" +
			"contents:\n  - {inv: 1, id: first-unit, title: A letter from Crux, level: item}\n")},
	}
	_, a, diags := Load(fsys, "fa", Options{}, nil)
	if a.Fonds == nil || diags.HasErrors() {
		t.Fatalf("no fonds: %v", diags)
	}
	c := a.Fonds.Contents[0]
	id, title := unsafe.StringData(c.ID), unsafe.StringData(c.Title.Value)
	if want := unsafe.Add(unsafe.Pointer(id), len(c.ID)); unsafe.Pointer(title) != want {
		t.Errorf("the unit's title %q is not right after its id %q in one block", c.Title.Value, c.ID)
	}
}
