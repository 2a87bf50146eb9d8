package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/pkg/load"
	"github.com/fonds-archive/fonds/schema"
)

// TestModelines checks that every source file of the default sources and the
// fixtures starts with the yaml-language-server line that points an editor
// at the schema for its kind, so that completion works as the README says.
func TestModelines(t *testing.T) {
	dirs, err := Discover([]string{"../../sources", "../../testdata/fixtures"})
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		root, err := os.OpenRoot(dir)
		if err != nil {
			t.Fatal(err)
		}
		set, _ := load.Parse(root.FS(), dir, load.Options{})
		root.Close()
		for _, doc := range set.Docs {
			first, _, _ := strings.Cut(string(doc.Data), "\n")
			const prefix = "# yaml-language-server: $schema="
			if !strings.HasPrefix(first, prefix) {
				t.Errorf("%s: first line is %q, want the schema line", doc.Name, first)
				continue
			}
			rel := strings.TrimPrefix(first, prefix)
			got, _ := filepath.Abs(filepath.Join(filepath.Dir(doc.Name), rel))
			want, _ := filepath.Abs(filepath.Join("../../schema", schema.Kinds[doc.Kind].File))
			if got != want {
				t.Errorf("%s: schema line points at %s, want %s", doc.Name, got, want)
			}
		}
	}
}
