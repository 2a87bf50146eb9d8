package schema_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/xeipuuv/gojsonschema"

	"github.com/fonds-archive/fonds/pkg/load"
	"github.com/fonds-archive/fonds/schema"
)

// TestBundleOfFondsIsMain: the fonds kind's bundle is the main file, byte
// for byte, which also shows that Parse and Encode keep order and form.
func TestBundleOfFondsIsMain(t *testing.T) {
	got, err := schema.Bundle("fonds")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := schema.Files.ReadFile(schema.Main)
	if !bytes.Equal(got, want) {
		t.Errorf("bundle of fonds differs from %s", schema.Main)
	}
}

// TestBundlesStandAlone: every bundle refers only to itself, compiles on
// its own (from bytes, with nothing beside it to resolve a file name
// against) and accepts the default sources' files of its kind while
// refusing a field no kind has.
func TestBundlesStandAlone(t *testing.T) {
	root, err := os.OpenRoot("../sources/trotsky-ilo")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	set, diags := load.Parse(root.FS(), "trotsky-ilo", load.Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	for _, kind := range schema.KindNames() {
		t.Run(kind, func(t *testing.T) {
			data, err := schema.Bundle(kind)
			if err != nil {
				t.Fatal(err)
			}
			v, err := schema.Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			var refs []string
			var walk func(*schema.Value)
			walk = func(v *schema.Value) {
				if ref := v.Get("$ref").Text(); ref != "" {
					refs = append(refs, ref)
				}
				for _, k := range v.Keys {
					walk(v.Fields[k])
				}
				for _, e := range v.Items {
					walk(e)
				}
			}
			walk(v)
			if len(refs) == 0 {
				t.Fatal("no $ref at all")
			}
			for _, ref := range refs {
				if !strings.HasPrefix(ref, "#/") || v.Pointer(ref) == nil {
					t.Errorf("$ref %q does not lead inside the bundle", ref)
				}
			}
			s, err := gojsonschema.NewSchema(gojsonschema.NewBytesLoader(data))
			if err != nil {
				t.Fatalf("bundle does not compile alone: %v", err)
			}
			n := 0
			for _, doc := range set.Docs {
				if doc.Kind != kind {
					continue
				}
				n++
				res, err := s.Validate(gojsonschema.NewGoLoader(doc.Value))
				if err != nil || !res.Valid() {
					t.Errorf("%s: refused by the bundle: %v %v", doc.Name, err, res.Errors())
				}
				bad := doc.Value.(map[string]any)
				bad["no_such_field"] = "x"
				res, _ = s.Validate(gojsonschema.NewGoLoader(bad))
				if res.Valid() {
					t.Errorf("%s: an unknown field passes the bundle", doc.Name)
				}
			}
			if n == 0 && kind != "parts" {
				t.Errorf("no file of kind %s in the default sources", kind)
			}
			if kind == "parts" { // the default sources have none
				units := []any{map[string]any{"inv": json.Number("1"), "title": "One"}, map[string]any{"include": "more.yaml"}}
				if res, err := s.Validate(gojsonschema.NewGoLoader(units)); err != nil || !res.Valid() {
					t.Errorf("a list of units refused: %v %v", err, res.Errors())
				}
				if res, _ := s.Validate(gojsonschema.NewGoLoader(map[string]any{"id": "x"})); res.Valid() {
					t.Error("a mapping passes as a file of units")
				}
			}
		})
	}
}

func TestBundleUnknownKind(t *testing.T) {
	if _, err := schema.Bundle("reel"); err == nil {
		t.Error("unknown kind accepted")
	}
	if len(schema.KindNames()) != len(schema.Kinds) {
		t.Errorf("KindNames lists %d kinds, Kinds has %d", len(schema.KindNames()), len(schema.Kinds))
	}
}
