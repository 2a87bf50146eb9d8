package pdf

import (
	"runtime"
	"sync"
	"testing"
)

// TestHasGlyph checks the characters the Go fonts draw and some they do
// not, from several goroutines at once, as a check calls it.
func TestHasGlyph(t *testing.T) {
	cases := []struct {
		r    rune
		want bool
	}{
		{'a', true}, {'é', true}, {'č', true}, {'ß', true}, {'Ж', true}, {'λ', true}, {'—', true}, {'€', true},
		{'א', false}, {'ب', false}, {'中', false}, {'\U0001F600', false},
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 100 {
				for _, c := range cases {
					if got := HasGlyph(c.r); got != c.want {
						t.Errorf("HasGlyph(%q) = %v, want %v", c.r, got, c.want)
						return
					}
				}
			}
		})
	}
	wg.Wait()
}

// BenchmarkHasGlyph looks up a character beyond ASCII, which a check does
// for each such character of each text: it allocates nothing.
func BenchmarkHasGlyph(b *testing.B) {
	// The font parsed, and two collections, which empty the pool of
	// glyph buffers, in every run: make bench times one iteration, which
	// found a buffer in the pool in some runs and not in others (264 B or
	// 2,056 B), and the stage table flagged the difference.
	HasGlyph('é')
	runtime.GC()
	runtime.GC()
	b.ReportAllocs()
	for b.Loop() {
		HasGlyph('é')
	}
}
