package validate

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/xeipuuv/gojsonschema"

	"github.com/fonds-archive/fonds/pkg/load"
	"github.com/fonds-archive/fonds/pkg/source"
	"github.com/fonds-archive/fonds/schema"
)

const head = `reference_code: T
title: T
dates: "1930"
extent: 1 box
repository: {name: R}
finding_aid: {id: t, date: "2020", language: eng}
`

func check(t *testing.T, files map[string]string) []string {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	set, diags := load.Parse(fsys, "fa", load.Options{})
	if diags.HasErrors() {
		t.Fatalf("parse: %v", diags.Err())
	}
	var out []string
	var l source.List
	for _, doc := range set.Docs {
		l.Append(Doc(doc))
	}
	l.Sort()
	for _, d := range l {
		out = append(out, d.Error())
	}
	return out
}

// TestPaths pins the form of data paths and the positions they map to,
// deep inside nested units and in included files.
func TestPaths(t *testing.T) {
	got := check(t, map[string]string{
		"fonds.yaml": head + `contents:
  - include: s.yaml
`,
		"s.yaml": `id: s
title: S
contents:
  - id: a
    title: A
    contents:
      - {inv: 1, title: One}
      - {inv: 2, title: Two, from: [Crux, 7]}
      - inv: 3
        form: typescrpt
        languages: [rus, russian]
        dates: {date: "1930", type: most}
`,
	})
	want := []string{
		`fa/s.yaml:8:43: contents[0].contents[1].from[1]: expected text or a mapping, found 7`,
		`fa/s.yaml:10:15: contents[0].contents[2].form: "typescrpt" is not allowed here (did you mean "typescript"?); use one of: manuscript, typescript, carbon copy, manuscript copy, telegram, printed, mimeographed, photocopy, photograph, postcard, picture postcard, clipping, draft, microfilm, other`,
		`fa/s.yaml:11:26: contents[0].contents[2].languages[1]: "russian" is a name, not a code: write "rus"`,
		`fa/s.yaml:12:37: contents[0].contents[2].dates.type: "most" is not allowed here; use one of: inclusive, bulk`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestValidSourcesPass(t *testing.T) {
	got := check(t, map[string]string{
		"fonds.yaml": head + `contents:
  - {inv: 1, title: {text: Письмо, lang: rus}, from: "[Crux]", to: {name: Gil, certainty: probable}, form: [telegram], dates: [1930, {date: "1931", type: bulk}]}
`})
	if len(got) != 0 {
		t.Errorf("valid source reported:\n%s", strings.Join(got, "\n"))
	}
}

// TestSchemaFiles checks that the editor-facing schema files point at the
// definitions fonds validates with.
func TestSchemaFiles(t *testing.T) {
	data, err := schema.Files.ReadFile(schema.Main)
	if err != nil {
		t.Fatal(err)
	}
	var main struct {
		Definitions map[string]any `json:"definitions"`
		Ref         string         `json:"$ref"`
	}
	if err := json.Unmarshal(data, &main); err != nil {
		t.Fatal(err)
	}
	if main.Ref != "#/definitions/fonds" {
		t.Errorf("%s root is %q, want #/definitions/fonds", schema.Main, main.Ref)
	}
	for kind, k := range schema.Kinds {
		if _, ok := main.Definitions[k.Definition]; !ok {
			t.Errorf("kind %s: no definition %q", kind, k.Definition)
		}
		if k.File == schema.Main {
			continue
		}
		raw, err := schema.Files.ReadFile(k.File)
		if err != nil {
			t.Errorf("kind %s: %v", kind, err)
			continue
		}
		var thin struct {
			Ref string `json:"$ref"`
		}
		json.Unmarshal(raw, &thin)
		if want := schema.Main + "#/definitions/" + k.Definition; thin.Ref != want {
			t.Errorf("%s points at %q, want %q", k.File, thin.Ref, want)
		}
	}
	s, err := loadSchemas()
	if err != nil {
		t.Fatalf("schema does not compile: %v", err)
	}
	// gojsonschema compiles a kind's schema when a file first needs it:
	// each must compile.
	for kind := range schema.Kinds {
		if _, err := s.kinds[kind](); err != nil {
			t.Errorf("kind %s: schema does not compile for gojsonschema: %v", kind, err)
		}
	}
}

// TestErrorKinds pins the message of each kind of error the schema can
// cause, read from gojsonschema's error types: a library upgrade that
// changes its types or details fails here.
func TestErrorKinds(t *testing.T) {
	got := check(t, map[string]string{
		"fonds.yaml": `reference_code: T
title: {text: ""}
dates: {type: bulk}
extent: 1 box
repository: {name: R, url: ftp://example.org}
finding_aid: {id: t, date: "2020", language: eng, revision: []}
reels: r.yaml
contents:
  - {id: 1x, title: A}
  - {id: ` + strings.Repeat("x", 101) + `, title: B}
  - {inv: 100000000, title: C}
  - {inv: "12", title: D}
  - {inv: 13, title: E, level: fonds}
`,
		"r.yaml": "reels:\n  - {reel: 0, items: []}\n",
	})
	want := []string{
		`fa/fonds.yaml:2:15: title.text: must not be empty`,
		`fa/fonds.yaml:3:8: dates: missing required field "date"`,
		`fa/fonds.yaml:5:28: repository.url: "ftp://example.org" is not an http or https address`,
		`fa/fonds.yaml:6:51: finding_aid.revision: unknown field "revision" (did you mean "revisions"?)`,
		`fa/fonds.yaml:9:10: contents[0].id: "1x" is not a valid identifier: start with a letter or _, then use letters, digits, '.', '-' or '_'`,
		`fa/fonds.yaml:10:10: contents[1].id: is longer than 100 characters`,
		`fa/fonds.yaml:12:11: contents[3].inv: expected a whole number, found "12"; write it without quotes: inv: 12`,
		`fa/fonds.yaml:13:32: contents[4].level: "fonds" is not allowed here; use one of: series, subseries, country, file, item, subfonds, subgrp, recordgrp, class, collection, otherlevel`,
		`fa/r.yaml:2:22: reels[0].items: list must not be empty`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestInvalidTypeDetail pins the form in which gojsonschema gives the
// expected types of an InvalidTypeError, which words parses, and the root
// of its context, which segments drops.
func TestInvalidTypeDetail(t *testing.T) {
	for _, tt := range []struct{ schema, want, words string }{
		{`{"type": "string"}`, "string", "text"},
		{`{"type": ["string", "object"]}`, "[string,object]", "text or a mapping"},
		{`{"type": ["integer", "array", "boolean"]}`, "[integer,array,boolean]", "a whole number or a list or true or false"},
	} {
		s, err := gojsonschema.NewSchema(gojsonschema.NewStringLoader(`{"properties": {"a.b": ` + tt.schema + `}}`))
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.Validate(gojsonschema.NewGoLoader(map[string]any{"a.b": 1.5}))
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Errors()) != 1 {
			t.Fatalf("%s: %d errors, want 1", tt.schema, len(res.Errors()))
		}
		e := res.Errors()[0]
		if _, ok := e.(*gojsonschema.InvalidTypeError); !ok {
			t.Errorf("%s: error of type %T, want *gojsonschema.InvalidTypeError", tt.schema, e)
		}
		if got := e.Details()["expected"]; got != tt.want {
			t.Errorf("%s: expected is %q, want %q", tt.schema, got, tt.want)
		}
		if got := words(tt.want); got != tt.words {
			t.Errorf("words(%q) = %q, want %q", tt.want, got, tt.words)
		}
		if got := segments(e); len(got) != 1 || got[0] != "a.b" {
			t.Errorf("segments = %q, want [a.b]", got)
		}
	}
}
