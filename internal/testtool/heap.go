package testtool

import (
	"runtime"
	"runtime/metrics"
	"sync"
	"time"
)

// PeakHeap runs f and returns the most live heap the garbage collector
// found while it ran, above the live heap before: what f needs besides
// what was already there (a model, say), garbage not counted. Benchmarks
// report it, and tests bound it, so that a writer that starts holding what
// it has written shows.
func PeakHeap(f func()) (peak uint64) {
	const live = "/gc/heap/live:bytes"
	runtime.GC()
	s := []metrics.Sample{{Name: live}}
	metrics.Read(s)
	base := s[0].Value.Uint64()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: live}}
		for {
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > base && v-base > peak {
				peak = v - base
			}
		}
	}()
	f()
	runtime.GC() // so the last stretch of f is counted too
	close(done)
	wg.Wait()
	metrics.Read(s)
	if v := s[0].Value.Uint64(); v > base && v-base > peak {
		peak = v - base
	}
	return peak
}
