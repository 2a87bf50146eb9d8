package build

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/fonds-archive/fonds/pkg/synth"
)

var synthMu sync.Mutex

// synthetic returns the folder of a generated finding aid of n items,
// generating it once per machine (under the temp folder) and reusing it.
func synthetic(tb testing.TB, n int) string {
	tb.Helper()
	synthMu.Lock()
	defer synthMu.Unlock()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("fonds-synth-%d-v1", n))
	if _, err := os.Stat(filepath.Join(dir, "fonds.yaml")); err == nil {
		return dir
	}
	tmp := dir + ".tmp"
	os.RemoveAll(tmp)
	if err := synth.Write(tmp, synth.Options{Items: n, Seed: 1}); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// BenchmarkCheck measures the four checking stages (load, validate, decode,
// resolve) on synthetic finding aids, and the heap the checked finding aid
// keeps (the resolved model, its notes and the sources' bytes) per item:
// model-B/item.
func BenchmarkCheck(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			dir := synthetic(b, n)
			b.ReportAllocs()
			for b.Loop() {
				res := Check(dir, Options{})
				if res.Failed(false) {
					b.Fatalf("synthetic sources have errors: %v", res.Diags.Err())
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "items/s")
			b.StopTimer()
			b.ReportMetric(float64(modelBytes(dir))/float64(n), "model-B/item")
		})
	}
}

// modelBytes is the live heap that the result of checking dir holds.
func modelBytes(dir string) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	res := Check(dir, Options{})
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(res)
	return after.HeapAlloc - before.HeapAlloc
}
