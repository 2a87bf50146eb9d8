package load

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/fonds-archive/fonds/internal/testtool"
)

// FuzzLoad feeds arbitrary bytes to the loader as fonds.yaml and as an
// included file: it must never panic, hang or report a problem without a
// position in a file it read.
func FuzzLoad(f *testing.F) {
	testtool.SeedYAML(f)
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
