package build

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/model"
)

// TestIndexArchiveInMemory: a finding aid in memory is given to the
// Indexers as reading its files without units gives it, the way a build
// that takes it from the cache reads it.
func TestIndexArchiveInMemory(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(testtool.Root(t), "testdata", "fixtures", "*"))
	dirs = append(dirs, filepath.Join(testtool.Root(t), "sources", "trotsky-ilo"))
	for _, dir := range dirs {
		r := Check(dir, Options{})
		if r.Failed(false) || r.Archive == nil {
			t.Fatalf("%s: %v", dir, r.Diags.Err())
		}
		mem, err := indexArchive(r, Options{}.Limits)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Archive.Components) > 0 && r.Archive.Fonds.Contents == nil {
			t.Errorf("%s: indexArchive took the units from the finding aid", dir)
		}
		read := *r
		read.Archive = nil
		disk, err := indexArchive(&read, Options{}.Limits)
		if err != nil {
			t.Fatal(err)
		}
		// The creators' records name the units that cite them, which the
		// Indexers do not read: the creators are compared by name and record.
		creators := func(f model.Fonds) (model.Fonds, []string) {
			var names []string
			for _, c := range f.Creators {
				names = append(names, c.Cited()+" "+c.Authority().Anchor())
			}
			f.Creators = nil
			return f, names
		}
		mf, mc := creators(*mem.Fonds)
		df, dc := creators(*disk.Fonds)
		if !reflect.DeepEqual(mc, dc) {
			t.Errorf("%s: creators in memory %q, read %q", dir, mc, dc)
		}
		// Files are not compared: read without units, a finding aid's files
		// of units hold none, so the files they include are not read, and
		// no Indexer reads Files.
		if mem.Slug() != disk.Slug() || mem.Dir != disk.Dir {
			t.Errorf("%s: in memory slug %q, dir %q; read %q, %q", dir, mem.Slug(), mem.Dir, disk.Slug(), disk.Dir)
		}
		if mem.Components != nil || mem.ByInv != nil || mem.ByID != nil {
			t.Errorf("%s: the archive in memory keeps its units for the Indexers", dir)
		}
		mv, dv := reflect.ValueOf(mf), reflect.ValueOf(df)
		for i := range mv.NumField() {
			if !reflect.DeepEqual(mv.Field(i).Interface(), dv.Field(i).Interface()) {
				t.Errorf("%s: Fonds.%s in memory is not what indexArchive reads:\n%+v\n%+v", dir, mv.Type().Field(i).Name, mv.Field(i), dv.Field(i))
			}
		}
	}
}
