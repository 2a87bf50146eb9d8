package load

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzLoad feeds arbitrary bytes to the loader as fonds.yaml and as an
// included file: it must never panic, hang or report a problem without a
// position in a file it read.
func FuzzLoad(f *testing.F) {
	for _, root := range []string{"../../sources", "../../testdata"} {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".yaml") {
				if data, err := os.ReadFile(path); err == nil && len(data) < 64<<10 {
					f.Add(data)
				}
			}
			return nil
		})
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{
			"fonds.yaml": {Data: append([]byte("contents:\n  - include: s.yaml\n"), data...)},
			"s.yaml":     {Data: data},
		}
		set, diags := Parse(fsys, "fa", Options{MaxValues: 200_000})
		_, more := Decode(set)
		for _, d := range append(diags, more...) {
			if !strings.HasPrefix(d.Pos.File, "fa/") {
				t.Fatalf("diagnostic without a file: %v", d.Error())
			}
		}
	})
}
