package build

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestPartsFiles: a file named by include that holds a list of units
// stands for those units where it is included, in order, at the top and
// inside a unit, and may include further files; its errors are reported
// at their line with the path inside the list.
func TestPartsFiles(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fsys := fstest.MapFS{
		"fonds.yaml": file(`reference_code: P
title: Parts
dates: "1950"
extent: 1 box
repository: {name: Archive}
finding_aid: {id: P, date: "2024", language: eng}
contents:
  - {id: first, title: First}
  - include: series/01-units.yaml
  - id: last
    title: Last
    contents:
      - include: series/last/01-units.yaml
`),
		"series/01-units.yaml": file(`- {id: a, title: A}
- include: b.yaml
- {id: c, title: C, contents: [{id: c1, title: C1}]}
`),
		"series/b.yaml":             file("id: b\ntitle: B\n"),
		"series/last/01-units.yaml": file("- {id: l1, title: L1}\n- {id: l2, title: L2}\n"),
	}
	res := CheckFS(fsys, "p", Options{})
	if res.Diags.HasErrors() || res.Archive == nil {
		t.Fatalf("check:\n%v", res.Diags)
	}
	var ids []string
	for _, c := range res.Archive.Components {
		ids = append(ids, strings.Repeat(">", c.Depth-1)+c.ID)
	}
	if got, want := strings.Join(ids, " "), "first a b c >c1 last >l1 >l2"; got != want {
		t.Errorf("units %q, want %q", got, want)
	}
	if got := res.Archive.ByID["l2"].Parent; got == nil || got.ID != "last" {
		t.Errorf("l2's parent is %v, want last", got)
	}

	fsys["series/01-units.yaml"] = file("- {id: a, title: A}\n- {id: b, titel: B}\n")
	res = CheckFS(fsys, "p", Options{})
	want := `p/series/01-units.yaml:2:11: [1].titel: unknown field "titel" (did you mean "title"?)`
	found := false
	for _, d := range res.Diags {
		if strings.HasPrefix(d.Error(), want) {
			found = true
		}
	}
	if !found {
		t.Errorf("want %q among:\n%v", want, res.Diags)
	}
}
