package load

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/fonds-archive/fonds/pkg/model"
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
				units[c.File]++
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
