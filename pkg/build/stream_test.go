package build

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"

	"github.com/fonds-archive/fonds/pkg/load"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/validate"
)

// TestLoadStreams: load.Load, which checks and decodes each file as soon
// as it is parsed, in the goroutine that parsed it, and stitches the parts
// together, reports exactly what parsing every file first, then
// validating and decoding them one after the other, reports, and builds
// the same model, on every finding aid of the tests (the broken ones too:
// cycles, files named twice, missing files, syntax errors), with one
// worker and with several. Both ways run the same validation and
// decoding of a file (validate.Doc, load's decoder); what this tests is
// the streaming: the order, the stitching, what is dropped and when.
// Whether the decoding itself is right, the golden outputs test.
func TestLoadStreams(t *testing.T) {
	var dirs []string
	for _, g := range []string{"../../testdata/bad/*", "../../testdata/fixtures/*", "../../testdata/accept/*", "../../sources/*"} {
		m, _ := filepath.Glob(g)
		dirs = append(dirs, m...)
	}
	if len(dirs) < 50 {
		t.Fatalf("only %d finding aids found: nothing much was tested", len(dirs))
	}
	for _, procs := range []int{1, 4} {
		prev := runtime.GOMAXPROCS(procs)
		for _, dir := range dirs {
			fsys := os.DirFS(dir)
			set, want := load.Parse(fsys, dir, load.Options{})
			for _, doc := range set.Docs {
				if doc.Root != nil { // a file that could not be parsed has nothing to validate
					want.Append(validate.Doc(doc))
				}
			}
			wantA, more := load.Decode(set)
			want.Append(more)
			want.Sort()

			got, gotA, diags := load.Load(fsys, dir, load.Options{}, validate.Doc)
			diags.Sort()
			if !reflect.DeepEqual(diags, want) {
				t.Errorf("%s, %d workers: Load reports\n%v\nParse, validate and Decode report\n%v", dir, procs, diags, want)
			}
			if !reflect.DeepEqual(gotA, wantA) {
				t.Errorf("%s, %d workers: Load's model differs from Decode's", dir, procs)
			}
			if gotA.Fonds != nil {
				checkTree(t, dir, gotA.Fonds.Contents, nil)
			}
			if len(got.Docs) != len(set.Docs) {
				t.Errorf("%s: Load read %d files, Parse %d", dir, len(got.Docs), len(set.Docs))
			}
			for i, d := range got.Docs {
				if d.Root != nil || d.Value != nil {
					t.Errorf("%s: Load kept the tree of %s", dir, d.Name)
				}
				if i < len(set.Docs) && (d.Name != set.Docs[i].Name || d.Kind != set.Docs[i].Kind || string(d.Data) != string(set.Docs[i].Data)) {
					t.Errorf("%s: file %d is %s (%s) for Load, %s (%s) for Parse", dir, i, d.Name, d.Kind, set.Docs[i].Name, set.Docs[i].Kind)
				}
			}
		}
		runtime.GOMAXPROCS(prev)
	}
}

// checkTree checks that every component under parent, across the files it
// was decoded from, has parent as its Parent and its depth below the fonds
// as Depth.
func checkTree(t *testing.T, dir string, list []*model.Component, parent *model.Component) {
	t.Helper()
	depth := 1
	if parent != nil {
		depth = parent.Depth + 1
	}
	for _, c := range list {
		if c == nil {
			t.Errorf("%s: a hole was left in the contents of %v", dir, parent)
			continue
		}
		if c.Parent != parent || c.Depth != depth {
			t.Errorf("%s: %s (%s) has depth %d and parent %p; want %d and %p", dir, c.Pos, c.ID, c.Depth, c.Parent, depth, parent)
		}
		checkTree(t, dir, c.Children, c)
	}
}
