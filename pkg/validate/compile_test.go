package validate

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/xeipuuv/gojsonschema"

	"github.com/fonds-archive/fonds/pkg/load"
	"github.com/fonds-archive/fonds/schema"
)

// TestShippedSchemaCompiles pins that fonds.schema.json compiles, for
// every kind of file: if it did not, every file would go to gojsonschema
// and fonds check would be slower, with nothing else to show for it.
func TestShippedSchemaCompiles(t *testing.T) {
	s, err := loadSchemas()
	if err != nil {
		t.Fatal(err)
	}
	if s.checkErr != nil {
		t.Fatalf("the schema does not compile: %v", s.checkErr)
	}
	for kind := range schema.Kinds {
		if s.checks[kind] == nil {
			t.Errorf("no compiled checker for %s", kind)
		}
	}
}

// TestCompileRefuses checks that a keyword, or a form of one, that the
// checkers do not implement makes the compiler refuse the schema, rather
// than judge what it does not understand.
func TestCompileRefuses(t *testing.T) {
	for _, def := range []string{
		`{"type": "string", "format": "email"}`,
		`{"oneOf": [{"type": "string"}]}`,
		`{"type": "object", "patternProperties": {"^x": {"type": "string"}}}`,
		`{"enum": ["a", 1]}`,
		`{"type": "array", "items": [{"type": "string"}]}`,
		`{"type": "strings"}`,
		`{"$ref": "other.json#/definitions/x"}`,
		`{"$ref": "#/definitions/missing"}`,
		`{"properties": {"a": {"const": 1}}}`,
		`{"minLength": 1.5}`,
	} {
		raw := map[string]any{}
		if err := json.Unmarshal([]byte(`{"definitions": {"d": `+def+`}}`), &raw); err != nil {
			t.Fatal(err)
		}
		if _, err := compileSchema(raw, "d"); err == nil {
			t.Errorf("%s: compiled; want it refused", def)
		}
	}
}

// TestSubtleCases checks the compiled verdict against gojsonschema's where
// JSON Schema's semantics are subtle: integer and number, enum equality,
// unanchored patterns, lengths in characters, anyOf, null, and YAML's own
// (duplicate keys, aliases, tags).
func TestSubtleCases(t *testing.T) {
	defs := `{
		"int": {"type": "integer", "minimum": 1, "maximum": 99999999},
		"num": {"type": "number", "maximum": 10},
		"tenth": {"type": "number", "minimum": 0.1, "maximum": 0.3},
		"intOrString": {"type": ["integer", "string"], "minLength": 1},
		"code": {"enum": ["eng", "1", "true", "null"]},
		"word": {"type": "string", "pattern": "b"},
		"anchored": {"type": "string", "pattern": "^b$"},
		"short": {"type": "string", "minLength": 2, "maxLength": 3},
		"either": {"type": ["string", "object"], "properties": {"a": {"type": "string"}},
			"additionalProperties": false, "anyOf": [{"required": ["a"]}, {"type": "string"}]},
		"untyped": {"anyOf": [{"type": "integer"}, {"type": "string", "maxLength": 2}]},
		"nullable": {"type": ["null", "string"]},
		"list": {"type": "array", "items": {"$ref": "#/definitions/int"}, "minItems": 1},
		"map": {"type": "object", "minProperties": 1, "required": ["a"],
			"properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "integer"}},
		"tree": {"type": "object", "properties": {"name": {"type": "string"},
			"children": {"type": "array", "items": {"$ref": "#/definitions/tree"}}},
			"additionalProperties": false}
	}`
	cases := map[string][]string{
		"int": {"1", "1.0", "1e3", "1.5", "0", "-1", "0x10", "0o17", "1_000", "99999999", "100000000",
			"99999999999999999999", "'1'", "true", "~", ".inf", ".nan", "1e400", "!!float 2", "!!str 3", "+5"},
		"num":         {"10", "10.0", "10.5", "-1e400", "1e-400", "0x0A", "'10'"},
		"tenth":       {"0.1", "0.3", "0.10000000000000000001", "0.09999999999999999999", "0.30000000000000000001", "0.29999999999999999999", "0.2"},
		"intOrString": {"1", "''", "a", "1.5", "[]"},
		"code":        {"eng", "Eng", "1", "'1'", "true", "'true'", "~", "null", "'null'", "[eng]", "{a: eng}"},
		"word":        {"abc", "b", "a", "''", "5"},
		"anchored":    {"b", "abc"},
		"short":       {"é", "éé", "ééé", "éééé", "ab", "a", `"\u00e9\u0301"`},
		"either":      {"x", "{a: x}", "{}", "{b: x}", "{a: 1}", "{a: x, a: 1}", "[a]", "~"},
		"untyped":     {"1", "ab", "abc", "1.5", "~", "[]", "{}", "true"},
		"nullable":    {"~", "''", "a", "1"},
		"list":        {"[1, 2]", "[]", "[1, 0]", "[1, a]", "x", "[&a 1, *a]"},
		"map":         {"{a: x}", "{a: x, b: 1}", "{a: x, b: y}", "{b: 1}", "{}", "{a: x, a: 1}", "{a: 1, a: x}", "{b: 1, a: x, b: y}"},
		"tree": {"{name: a, children: [{name: b}, {name: c, children: []}]}", "{name: a, children: [{name: 1}]}",
			"{name: a, children: [{nom: b}]}", "&t {name: a, children: [{name: b}]}"},
	}
	// A mapping of more than 16 keys keeps its keys in a map (load.KeysSeen):
	// the first value of a key written twice counts there too.
	var many []string
	for i := range 20 {
		many = append(many, fmt.Sprintf("k%d: %d", i, i))
	}
	big := strings.Join(many, ", ")
	cases["map"] = append(cases["map"], "{a: x, "+big+", a: 1}", "{a: 1, "+big+", a: x}", "{"+big+", k3: y, a: x}")
	raw := map[string]any{}
	if err := json.Unmarshal([]byte(`{"definitions": `+defs+`}`), &raw); err != nil {
		t.Fatal(err)
	}
	for def, values := range cases {
		ch, err := compileSchema(raw, def)
		if err != nil {
			t.Fatalf("%s: %v", def, err)
		}
		gs := gojsonschemaFor(t, raw, def)
		for _, v := range values {
			// A list item, so that any value is a file's top: a file
			// named by include may hold a list.
			doc := parseInclude(t, []byte("- "+v+"\n"))
			if doc == nil {
				t.Errorf("%s: %s: does not parse", def, v)
				continue
			}
			item := doc.Root.Content[0]
			want := gojsonschemaValid(t, gs, doc.Value.([]any)[0])
			if got := ch.valid(item); got != want {
				t.Errorf("%s: %s: compiled says valid=%v, gojsonschema %v", def, v, got, want)
			}
		}
	}
}

// TestAgreement runs the compiled checkers and gojsonschema over every
// YAML file of the repository (the default sources, the fixtures, the bad
// inputs, the golden cases), each checked as every kind of file, and
// asserts the same verdict.
func TestAgreement(t *testing.T) {
	files := yamlFiles(t)
	if len(files) < 50 {
		t.Fatalf("found only %d YAML files", len(files))
	}
	valid, invalid := 0, 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range agree(t, data) {
			if v {
				valid++
			} else {
				invalid++
			}
		}
	}
	t.Logf("%d files: %d valid and %d invalid verdicts agree", len(files), valid, invalid)
	if valid == 0 || invalid == 0 {
		t.Errorf("want both valid and invalid verdicts; got %d and %d", valid, invalid)
	}
}

// FuzzCompiled asserts that the compiled checkers and gojsonschema agree
// on arbitrary YAML, checked as every kind of file.
func FuzzCompiled(f *testing.F) {
	for _, path := range yamlFiles(f) {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		// Mutations: a number where text goes, text where a number goes,
		// a field no schema knows, an empty value.
		for _, m := range [][2]string{{"title: ", "title: 7 #"}, {"inv: ", "inv: x"}, {"id: ", "idd: "}, {": ", ": ''\n#"}} {
			if mutated := strings.Replace(string(data), m[0], m[1], 1); mutated != string(data) {
				f.Add([]byte(mutated))
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		agree(t, data)
	})
}

// agree checks data as every kind of file with both validators, reports
// any disagreement, and returns the verdicts.
func agree(t testing.TB, data []byte) []bool {
	t.Helper()
	doc := parseInclude(t, data)
	if doc == nil {
		return nil // load refuses it before any validator sees it
	}
	s, err := loadSchemas()
	if err != nil {
		t.Fatal(err)
	}
	kinds := make([]string, 0, len(schema.Kinds))
	for kind := range schema.Kinds {
		kinds = append(kinds, kind)
	}
	slices.Sort(kinds)
	var out []bool
	for _, kind := range kinds {
		full, err := s.kinds[kind]()
		if err != nil {
			t.Fatal(err)
		}
		want := gojsonschemaValid(t, full, doc.Value)
		if got := s.checks[kind].valid(doc.Root); got != want {
			t.Errorf("as %s: compiled says valid=%v, gojsonschema %v, for\n%s", kind, got, want, data)
		}
		out = append(out, want)
	}
	return out
}

// parseInclude parses data as load parses a file named by include (whose
// top may be a list), keeping both its tree and its plain value; nil when
// load refuses it.
func parseInclude(t testing.TB, data []byte) *load.Doc {
	t.Helper()
	fsys := fstest.MapFS{
		"fonds.yaml": {Data: []byte("contents:\n  - include: x.yaml\n")},
		"x.yaml":     {Data: data},
	}
	set, _ := load.Parse(fsys, "fa", load.Options{})
	for _, doc := range set.Docs {
		if doc.Rel == "x.yaml" && doc.Root != nil {
			if doc.Value == nil && doc.Root.Tag != "!!null" {
				t.Fatalf("Parse kept no plain value for\n%s", data)
			}
			return doc
		}
	}
	return nil
}

func gojsonschemaFor(t testing.TB, raw map[string]any, def string) *gojsonschema.Schema {
	t.Helper()
	view := map[string]any{"$schema": "http://json-schema.org/draft-07/schema#", "definitions": raw["definitions"],
		"$ref": "#/definitions/" + def}
	s, err := gojsonschema.NewSchema(gojsonschema.NewGoLoader(view))
	if err != nil {
		t.Fatalf("%s: %v", def, err)
	}
	return s
}

func gojsonschemaValid(t testing.TB, s *gojsonschema.Schema, v any) bool {
	t.Helper()
	res, err := s.Validate(valueLoader{v})
	if err != nil {
		t.Fatal(err)
	}
	return res.Valid()
}

// yamlFiles lists the YAML files of the repository that tests read:
// sources/, testdata/ and every package's testdata.
func yamlFiles(t testing.TB) []string {
	t.Helper()
	var out []string
	for _, dir := range []string{"../../sources", "../../testdata", "../../pkg"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if ext := filepath.Ext(path); !d.IsDir() && (ext == ".yaml" || ext == ".yml") {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(out)
	return out
}

// TestPlainValueRebuilt checks that a Doc read by Load, which keeps no
// plain value, gets from gojsonschema the diagnostics that one read by
// Parse gets: PlainValue builds the value Parse keeps.
func TestPlainValueRebuilt(t *testing.T) {
	reported := 0
	for _, path := range yamlFiles(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc := parseInclude(t, data)
		if doc == nil {
			continue
		}
		// Sorted, as build sorts them: gojsonschema meets a mapping's
		// fields in Go's map order.
		wantList := Doc(doc)
		wantList.Sort()
		stripped := *doc
		stripped.Value = nil
		gotList := Doc(&stripped)
		gotList.Sort()
		want, got := wantList.Err(), gotList.Err()
		if (got == nil) != (want == nil) || got != nil && got.Error() != want.Error() {
			t.Errorf("%s: without Value:\n%v\nwith it:\n%v", path, got, want)
		}
		if want != nil {
			reported++
		}
	}
	if reported == 0 {
		t.Error("no file was reported: the test compares nothing")
	}
}
