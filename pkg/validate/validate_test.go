package validate

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/fonds-archive/fonds/pkg/load"
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
	l := Docs(set)
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
	if _, err := loadSchemas(); err != nil {
		t.Fatalf("schema does not compile: %v", err)
	}
}
