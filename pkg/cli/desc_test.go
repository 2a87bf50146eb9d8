package cli

import (
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/model"
)

// TestUnitsWithoutNotes: a unit without notes has no notes of its own
// (the model stays small), one with notes has them, and every unit
// without notes reads the same empty notes, which a full build of the
// default sources and the fixtures, with internal material, leaves empty.
func TestUnitsWithoutNotes(t *testing.T) {
	dirs, err := filepath.Glob("../../testdata/fixtures/*")
	if err != nil {
		t.Fatal(err)
	}
	dirs = append(dirs, "../../sources/trotsky-ilo")
	var without, with int
	for _, r := range build.CheckAll(dirs, build.Options{}) {
		for _, c := range r.Archive.Components {
			has := false
			if c.Description != nil {
				for _, f := range model.NoteFields {
					has = has || !f.Of(c.Description).IsZero()
				}
			}
			switch {
			case c.Description != nil && !has:
				t.Errorf("%s: unit %s has empty notes of its own", r.Dir, c.ID)
			case c.Description == nil:
				without++
			default:
				with++
			}
		}
	}
	if without == 0 || with == 0 {
		t.Fatalf("%d units with notes, %d without: the sources should have both", with, without)
	}
	var stderr strings.Builder
	args := append([]string{"build", "--internal", "-o", filepath.Join(t.TempDir(), "dist")}, dirs...)
	if code := Main(args, strings.NewReader(""), io.Discard, &stderr); code != ExitOK {
		t.Fatalf("fonds build: exit %d\n%s", code, stderr.String())
	}
	// A unit without notes reads each note as one shared empty note.
	var empty *model.UnitNotes
	for _, f := range model.NoteFields {
		if p := f.Of(empty); !reflect.ValueOf(*p).IsZero() {
			t.Errorf("the shared empty note %s was written to: %+v", f.Name, *p)
		}
	}
}
