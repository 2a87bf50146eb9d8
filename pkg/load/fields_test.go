package load

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/schema"
)

// TestEveryPropertyHasADecoder walks every schema file, nested definitions
// included, and holds each mapping the schema describes (an object with
// "properties") to the decoder table that names it: every property needs a
// decoder, and every decoder a property. A field added to the schema but not
// to the decoder would otherwise pass validation and vanish from every
// output.
func TestEveryPropertyHasADecoder(t *testing.T) {
	inSchema := map[string][]string{}
	err := fs.WalkDir(schema.Files, ".", func(name string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := fs.ReadFile(schema.Files, name)
		if err != nil {
			return err
		}
		var doc any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		prefix := name + "#"
		if name == schema.Main {
			prefix = "#"
		}
		objectsWithProperties(doc, prefix, inSchema)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(inSchema) < 20 {
		t.Fatalf("found %d mappings in the schema; the walk is broken", len(inSchema))
	}
	for _, at := range slices.Sorted(maps.Keys(inSchema)) {
		decoded, ok := tableKeys[at]
		if !ok {
			t.Errorf("%s (properties %s): no decoder table names it (pkg/load/fields.go)", at, strings.Join(inSchema[at], ", "))
			continue
		}
		for _, k := range inSchema[at] {
			if !slices.Contains(decoded, k) {
				t.Errorf("%s: property %q has no decoder", at, k)
			}
		}
		for _, k := range decoded {
			if !slices.Contains(inSchema[at], k) {
				t.Errorf("%s: %q is decoded but is no property of the schema", at, k)
			}
		}
	}
	for _, at := range slices.Sorted(maps.Keys(tableKeys)) {
		if _, ok := inSchema[at]; !ok {
			t.Errorf("a decoder table names %s, which the schema does not have (or has no properties)", at)
		}
	}
}

// objectsWithProperties records the JSON pointer of every object under v
// that has properties, with their names, sorted.
func objectsWithProperties(v any, at string, out map[string][]string) {
	switch x := v.(type) {
	case map[string]any:
		if props, ok := x["properties"].(map[string]any); ok {
			out[at] = slices.Sorted(maps.Keys(props))
		}
		for k, sub := range x {
			objectsWithProperties(sub, at+"/"+pointerEscape(k), out)
		}
	case []any:
		for i, sub := range x {
			objectsWithProperties(sub, at+"/"+strconv.Itoa(i), out)
		}
	}
}

// pointerEscape escapes a key for a JSON pointer (RFC 6901).
func pointerEscape(k string) string {
	return strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
}

// TestKeySet: the keys of a mapping are told apart whether there are few
// (an array) or many (a map from the thirteenth on), and none is lost when
// the array gives way to the map.
func TestKeySet(t *testing.T) {
	var s keySet
	for i := range 40 {
		k := fmt.Sprintf("k%d", i)
		if s.has(k) {
			t.Fatalf("%s seen before it was added", k)
		}
		s.add(k)
		for j := 0; j <= i; j++ {
			if !s.has(fmt.Sprintf("k%d", j)) {
				t.Fatalf("after %d keys, k%d is lost", i+1, j)
			}
		}
	}
	if s.many == nil {
		t.Error("40 keys kept in the array")
	}
}
