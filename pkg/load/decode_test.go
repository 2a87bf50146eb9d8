package load

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unsafe"

	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/source"
)

// TestDecodeDropsTrees: once Decode has read a file, its YAML tree is
// gone (a large finding aid's trees would otherwise live beside its whole
// model), its bytes stay, and the units of every series file were decoded
// all the same.
func TestDecodeDropsTrees(t *testing.T) {
	dirs, _ := filepath.Glob("../../testdata/fixtures/*")
	dirs = append(dirs, "../../sources/trotsky-ilo")
	series := 0
	for _, dir := range dirs {
		set, diags := Parse(os.DirFS(dir), dir, Options{})
		if diags.HasErrors() {
			t.Fatalf("%s: %v", dir, diags)
		}
		a, more := Decode(set)
		if more.HasErrors() || a.Fonds == nil {
			t.Fatalf("%s: %v", dir, more)
		}
		units := map[string]int{}
		var walk func([]*model.Component)
		walk = func(cs []*model.Component) {
			for _, c := range cs {
				units[c.Pos.File]++
				walk(c.Children)
			}
		}
		walk(a.Fonds.Contents)
		for _, d := range set.Docs {
			if d.Root != nil {
				t.Errorf("%s: the tree of %s is kept after Decode", dir, d.Name)
			}
			if len(d.Data) == 0 {
				t.Errorf("%s: the bytes of %s are gone", dir, d.Name)
			}
			if d.Kind == KindSeries {
				series++
				if units[d.Name] == 0 {
					t.Errorf("%s: no unit was decoded from %s", dir, d.Name)
				}
			}
		}
	}
	if series == 0 {
		t.Fatal("no series file in the sources: nothing was tested")
	}
}

// TestLoadSharesWords: within a file, the names units cite, their levels
// and their forms are kept once, and units with the same forms share one
// list, which an append does not change for the others; the units' values
// are as written all the same, and rare fields (Details) and notes are
// given only to the units that have them.
func TestLoadSharesWords(t *testing.T) {
	fsys := fstest.MapFS{
		"fonds.yaml": {Data: []byte(`finding_aid: {id: t}
title: T
contents:
  - {inv: 1, title: One, level: item, form: [typescript, carbon copy], from: Crux, to: [Crux, "[Lev]"]}
  - {inv: 2, title: Two, level: item, form: [typescript, carbon copy], from: "probably Crux", unitid: A/2}
  - {inv: 3, title: Three, level: item, form: typescript, notes: Torn.}
`)},
	}
	_, a, diags := Load(fsys, "fa", Options{}, nil)
	if a.Fonds == nil || diags.HasErrors() {
		t.Fatalf("no fonds: %v", diags)
	}
	one, two, three := a.Fonds.Contents[0], a.Fonds.Contents[1], a.Fonds.Contents[2]
	if !slices.Equal(one.Forms, []string{"typescript", "carbon copy"}) || !slices.Equal(three.Forms, []string{"typescript"}) {
		t.Fatalf("forms %q and %q", one.Forms, three.Forms)
	}
	if &one.Forms[0] != &two.Forms[0] || cap(one.Forms) != 2 {
		t.Errorf("units with the same forms have lists of their own, or one with room to grow")
	}
	same := func(a, b string) bool { return unsafe.StringData(a) == unsafe.StringData(b) }
	if !same(one.Forms[0], three.Forms[0]) || !same(one.Level, two.Level) {
		t.Errorf("a form or a level is kept twice")
	}
	names := []*model.Agent{one.From[0], one.To[0], two.From[0]}
	for _, ag := range names {
		if ag.Name != "Crux" || !same(ag.Name, names[0].Name) {
			t.Errorf("name %q is kept apart from %q", ag.Name, names[0].Name)
		}
	}
	if one.To[1].Name != "Lev" || one.To[1].Certainty != model.Bracketed || two.From[0].Certainty != model.Probable {
		t.Errorf("certainties: %v %v", one.To[1].Certainty, two.From[0].Certainty)
	}
	if one.Details != nil || two.UnitID() != "A/2" || one.Description != nil || three.Description == nil {
		t.Errorf("details or notes given to the wrong units")
	}
}

// TestLoadIncludesInPlace: the units of included files take their place
// where they are included, at their depth below the fonds, with their
// parent; a unit written with a number and no level is an item only if
// its contents, included files and all, hold no unit; a file named twice
// is read once, at its first mention.
func TestLoadIncludesInPlace(t *testing.T) {
	fsys := fstest.MapFS{
		"fonds.yaml": {Data: []byte(`finding_aid: {id: t}
title: T
contents:
  - title: Series
    contents:
      - include: a.yaml
      - title: Has a file of units
        inv: 7
        contents:
          - include: more.yaml
      - title: Includes a file named before
        inv: 9
        contents:
          - include: parts.yaml
      - title: Includes a missing file
        inv: 8
        contents:
          - include: missing.yaml
      - include: a.yaml
`)},
		"a.yaml":     {Data: []byte("title: A\ncontents:\n  - {title: A1, inv: 1}\n  - include: parts.yaml\n")},
		"parts.yaml": {Data: []byte("- {title: P1, inv: 2}\n- {title: P2, inv: 3}\n")},
		"more.yaml":  {Data: []byte("- {title: M1, inv: 4}\n")},
	}
	set, a, diags := Load(fsys, "fa", Options{}, nil)
	if a.Fonds == nil {
		t.Fatalf("no fonds: %v", diags)
	}
	var got []string
	var walk func([]*model.Component, *model.Component)
	walk = func(cs []*model.Component, parent *model.Component) {
		for _, c := range cs {
			if c.Parent != parent {
				t.Errorf("%s: wrong parent", c.Title.Value)
			}
			got = append(got, fmt.Sprintf("%d %s %s %s", c.Depth, c.Title.Value, c.Level, path.Base(c.Pos.File)))
			walk(c.Children, c)
		}
	}
	walk(a.Fonds.Contents, nil)
	want := []string{
		"1 Series file fonds.yaml",
		"2 A file a.yaml",
		"3 A1 item a.yaml",
		"3 P1 item parts.yaml",
		"3 P2 item parts.yaml",
		"2 Has a file of units file fonds.yaml",
		"3 M1 item more.yaml",
		"2 Includes a file named before item fonds.yaml",
		"2 Includes a missing file item fonds.yaml",
	}
	if !slices.Equal(got, want) {
		t.Errorf("units:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var msgs []string
	for _, d := range diags {
		msgs = append(msgs, d.Msg)
	}
	for _, m := range []string{"parts.yaml is named twice; a file can be read only once", "a.yaml is named twice; a file can be read only once", "file missing.yaml does not exist"} {
		if !slices.Contains(msgs, m) {
			t.Errorf("not reported: %s (reported: %q)", m, msgs)
		}
	}
	if len(set.Docs) != 4 {
		t.Errorf("%d files read, want 4", len(set.Docs))
	}
}

// TestParseCertainty: "probably" is read in any case, and only as a word
// of its own before the name; brackets mark a name the cataloguer solved.
func TestParseCertainty(t *testing.T) {
	for _, c := range []struct {
		in, name  string
		certainty model.Certainty
	}{
		{"Crux", "Crux", model.Certain},
		{" [Crux] ", "Crux", model.Bracketed},
		{"probably Crux", "Crux", model.Probable},
		{"Probably  Crux", "Crux", model.Probable},
		{"PROBABLY Crux", "Crux", model.Probable},
		{"probablyCrux", "probablyCrux", model.Certain},
		{"probably", "probably", model.Certain},
		{"Probst, Jan", "Probst, Jan", model.Certain},
		{"Прокопович", "Прокопович", model.Certain},
	} {
		name, certainty := ParseCertainty(c.in)
		if name != c.name || certainty != c.certainty {
			t.Errorf("ParseCertainty(%q) = %q, %s; want %q, %s", c.in, name, certainty, c.name, c.certainty)
		}
	}
}

// TestPathAt: the path of each name is found from its position, in
// fonds.yaml and in a series file, as the decoder would have written it:
// a name alone, names in a list in either style, a name written as a
// mapping; a place where no value starts has none.
func TestPathAt(t *testing.T) {
	fsys := fstest.MapFS{
		"fonds.yaml": {Data: []byte(`finding_aid: {id: t}
title: T
creators: [{name: Crux}]
contents:
  - {inv: 1, title: One, from: Crux, to: [Crux, "[Lev]"]}
  - include: s.yaml
`)},
		"s.yaml": {Data: []byte(`level: series
title: S
contents:
  - level: file
    title: F
    contents:
      - inv: 2
        title: Two
        from:
          - Crux
          - {name: Lev}
        names: Crux
`)},
	}
	set, a, diags := Load(fsys, "fa", Options{}, nil)
	if a.Fonds == nil || diags.HasErrors() {
		t.Fatalf("no fonds: %v", diags)
	}
	one := a.Fonds.Contents[0]
	two := a.Fonds.Contents[1].Children[0].Children[0]
	for _, c := range []struct {
		ag   *model.Agent
		want string
	}{
		{a.Fonds.Creators[0], "creators[0]"},
		{one.From[0], "contents[0].from"},
		{one.To[0], "contents[0].to[0]"},
		{one.To[1], "contents[0].to[1]"},
		{two.From[0], "contents[0].contents[0].from[0]"},
		{two.From[1], "contents[0].contents[0].from[1]"},
		{two.Names()[0], "contents[0].contents[0].names"},
	} {
		if got := set.PathAt(c.ag.Pos); got != c.want {
			t.Errorf("%s (%s): path %q, want %q", c.ag.Name, c.ag.Pos, got, c.want)
		}
	}
	for _, pos := range []source.Pos{{File: "fa/fonds.yaml", Line: 5, Col: 1}, {File: "fa/nothing.yaml", Line: 1, Col: 1}, {}} {
		if got := set.PathAt(pos); got != "" {
			t.Errorf("%s: path %q, want none", pos, got)
		}
	}
}
