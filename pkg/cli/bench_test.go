package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/pkg/synth"
)

// BenchmarkBuild runs fonds build as the command does, in process, with
// every output (EAD, site, PDF), on synthetic finding aids of 10,000 and
// 100,000 items (cmd/fondsgen's): the whole pipeline, whose allocations
// the stage benchmarks of build, ead, site and pdf break down.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		if n > 10_000 && testing.Short() {
			continue
		}
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			src := filepath.Join(b.TempDir(), "src")
			if err := synth.Write(src, synth.Options{Items: n, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			out := filepath.Join(b.TempDir(), "dist")
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				var stderr strings.Builder
				if code := Main([]string{"build", "-o", out, src}, strings.NewReader(""), io.Discard, &stderr); code != ExitOK {
					b.Fatalf("fonds build: exit %d\n%s", code, stderr.String())
				}
			}
			b.StopTimer()
			if _, err := os.Stat(filepath.Join(out, "synth-"+fmt.Sprint(n), "synth-"+fmt.Sprint(n)+".pdf")); err != nil {
				b.Fatal(err)
			}
		})
	}
}
