package parallel

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestDo checks that every job runs once, that no more than limit run at
// once, and that limit is reached when there is work for it: the first
// jobs wait until limit of them run (or five seconds, if Do holds them
// back).
func TestDo(t *testing.T) {
	for _, limit := range []int{0, 1, 3, 8} {
		want := int32(max(limit, 1))
		var running, most atomic.Int32
		full := make(chan struct{})
		var once sync.Once
		calls := make([]int32, 40)
		Do(len(calls), limit, func(i int) {
			now := running.Add(1)
			for m := most.Load(); now > m && !most.CompareAndSwap(m, now); m = most.Load() {
			}
			if now == want {
				once.Do(func() { close(full) })
			}
			select {
			case <-full:
			case <-time.After(5 * time.Second):
			}
			atomic.AddInt32(&calls[i], 1)
			running.Add(-1)
		})
		for i, c := range calls {
			if c != 1 {
				t.Errorf("limit %d: job %d ran %d times", limit, i, c)
			}
		}
		if most.Load() != want {
			t.Errorf("limit %d: at most %d jobs ran at once, want %d", limit, most.Load(), want)
		}
	}
	Do(0, 4, func(int) { t.Error("a job ran for n = 0") })
}
