package validate

import (
	"os"
	"runtime"
	"testing"

	"github.com/fonds-archive/fonds/pkg/load"
	"github.com/fonds-archive/fonds/pkg/synth"
)

// BenchmarkDoc validates the files of a synthetic finding aid of 10,000
// items (all valid) as fonds check does, with the compiled checkers
// (compiled, on the tree), and as before them, with gojsonschema on the
// plain value load builds (gojsonschema; the value is built beforehand,
// as Parse builds it, so the figure is gojsonschema's alone).
func BenchmarkDoc(b *testing.B) {
	dir := b.TempDir()
	if err := synth.Write(dir, synth.Options{Items: 10000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	set, diags := load.Parse(os.DirFS(dir), "synth", load.Options{})
	if diags.HasErrors() {
		b.Fatal(diags.Err())
	}
	s, err := loadSchemas()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("compiled", func(b *testing.B) {
		// A collection first, in every run: it empties the pools of
		// sync.Pool (package regexp keeps its matchers in some), so that
		// the one iteration make bench times always starts from empty
		// pools (37,672 B, 8 allocations), where it started from pools
		// the run before had filled in some runs and not in others (536 B,
		// 4 allocations), and the stage table flagged the difference.
		runtime.GC()
		b.ReportAllocs()
		for b.Loop() {
			for _, doc := range set.Docs {
				if l := Doc(doc); len(l) > 0 {
					b.Fatal(l.Err())
				}
			}
		}
	})
	b.Run("gojsonschema", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, doc := range set.Docs {
				full, err := s.kinds[doc.Kind]()
				if err != nil {
					b.Fatal(err)
				}
				res, err := full.Validate(valueLoader{doc.Value})
				if err != nil || !res.Valid() {
					b.Fatalf("%s: %v %v", doc.Name, err, res.Errors())
				}
			}
		}
	})
}
