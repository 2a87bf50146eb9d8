package gctune

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

// TestPercent: the next collection is due at the budget while the live
// heap is small, at 1.65 times the live heap (Large) from there on, and
// at 1.4 times (Huge) once 1 GiB is alive.
func TestPercent(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct {
		live, roots, budget uint64
		want                int
	}{
		{0, 0, 192 * mib, 4800},             // the runtime's least goal: 4 × 48 = 192
		{0, 3 * mib, 192 * mib, 4800},       // 0 + 3×48 < 4×48 = 192
		{1 * mib, 1 * mib, 192 * mib, 4775}, // 1 + 2×47.75 < 4×47.75 = 191
		{2 * mib, 3 * mib, 192 * mib, 3800}, // 2 + 5×38 = 192
		{16 * mib, 0, 192 * mib, 1100},      // 16 + 16×11 = 192
		{60 * mib, 4 * mib, 192 * mib, 206}, // 60 + 64×2.06 ≈ 192
		{64 * mib, 0, 192 * mib, 200},       // 64 + 64×2 = 192
		{96 * mib, 0, 192 * mib, 100},       // 96 + 96×1 = 192
		{112 * mib, 2 * mib, 192 * mib, 70}, // 112 + 114×0.70 ≈ 192
		{118 * mib, 0, 192 * mib, Large},    // 118 + 118×0.65 > 192: Large
		{500 * mib, 0, 192 * mib, Large},    // beyond the budget: Large
		{1023 * mib, 0, 192 * mib, Large},   // below HugeHeap: Large
		{1024 * mib, 0, 192 * mib, Huge},    // from HugeHeap: Huge
		{3000 * mib, 0, 192 * mib, Huge},
		// A budget that Grow raised: the heap goes to it while less than
		// least/100 of what is alive would take it further.
		{100 * mib, 0, 1200 * mib, 1100},  // 100 + 100×11 = 1200
		{1024 * mib, 0, 1536 * mib, 50},   // 1024 + 1024×0.5 = 1536
		{1200 * mib, 0, 1600 * mib, Huge}, // 1200 × 1.4 > 1600: Huge
	} {
		if got := percent(c.live, c.roots, c.budget); got != c.want {
			t.Errorf("percent(%d MiB, %d MiB, %d MiB) = %d; want %d", c.live/mib, c.roots/mib, c.budget/mib, got, c.want)
		}
		if c.want != Large && c.want != Huge {
			// The runtime's goal (runtime/mgcpacer.go).
			g := uint64(c.want)
			slack := uint64(mib) // of integer percentages
			if c.live+c.roots < minHeap {
				slack += c.live // the least goal is then budget − live
			}
			if next := max(c.live+(c.live+c.roots)*g/100, minHeap*g/100); next > c.budget || next < c.budget-slack {
				t.Errorf("live %d MiB: next collection at %d MiB, not the budget", c.live/mib, next/mib)
			}
		}
	}
}

// gogc is the GOGC in force, read without setting it.
func gogc(t *testing.T) int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		t.Fatal("runtime/metrics has no /gc/gogc:percent")
	}
	return int(s[0].Value.Uint64())
}

// TestTune: the tuner sets GOGC for the budget at once, then follows the
// collections of the process and sets it from the live heap each time;
// with GOGC in the environment it does nothing.
func TestTune(t *testing.T) {
	old := debug.SetGCPercent(100)
	defer debug.SetGCPercent(old)
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	if !Tune(64 << 20) {
		t.Fatal("Tune refused with neither GOGC nor GOMEMLIMIT set")
	}
	defer running.Load().stopped.Store(true)
	if got, want := gogc(t), percent(4<<20, 0, 64<<20); got != want {
		t.Fatalf("before any collection GOGC is %d; want %d, for a first collection at the budget", got, want)
	}
	// A heap of about 40 MiB live: 40 + 40×0.65 > 64, so GOGC falls to
	// Large after the next collections.
	keep := make([][]byte, 40)
	for i := range keep {
		keep[i] = make([]byte, 1<<20)
	}
	deadline := time.Now().Add(10 * time.Second)
	waitFor := func(ok func(int) bool, what string) {
		for {
			runtime.GC()
			runtime.GC() // the finalizer of the first collection's sentinel runs, and arms another
			time.Sleep(10 * time.Millisecond)
			p := gogc(t)
			if ok(p) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s, GOGC stayed %d", what, p)
			}
		}
	}
	waitFor(func(p int) bool { return p == Large }, "with 40 MiB live and a 64 MiB budget")
	runtime.KeepAlive(keep)
	keep = nil
	// With the big slices gone, the live heap is small again: GOGC rises.
	waitFor(func(p int) bool { return p > Large }, "with a small heap again")
	t.Setenv("GOGC", "50")
	if Tune(64 << 20) {
		t.Error("Tune ran though GOGC is set")
	}
}

// TestGrow: Grow raises the budget that Tune set and GOGC with it at
// once; a smaller budget changes nothing, and without Tune nothing
// happens.
func TestGrow(t *testing.T) {
	old := debug.SetGCPercent(100)
	defer debug.SetGCPercent(old)
	defer running.Store(running.Load())
	running.Store(nil)
	Grow(1 << 30)
	if got := gogc(t); got != 100 {
		t.Fatalf("Grow without Tune set GOGC to %d", got)
	}
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	if !Tune(64 << 20) {
		t.Fatal("Tune refused with neither GOGC nor GOMEMLIMIT set")
	}
	tn := running.Load()
	defer tn.stopped.Store(true)
	// in reports whether the tuner has budget and GOGC is what it gives
	// for the live heap of the last collection (a collection may end in
	// between, and its finalizer set GOGC anew: then it asks again).
	in := func(budget uint64) bool {
		for range 10 {
			tn.mu.Lock()
			b, want := tn.budget, percent(tn.live, tn.roots, tn.budget)
			tn.mu.Unlock()
			if b != budget {
				return false
			}
			if gogc(t) == want {
				return true
			}
		}
		return false
	}
	if !in(64 << 20) {
		t.Fatal("Tune(64 MiB) did not set GOGC for its budget")
	}
	Grow(512 << 20)
	if !in(512 << 20) {
		t.Errorf("after Grow(512 MiB) GOGC is %d, not for a 512 MiB budget", gogc(t))
	}
	Grow(128 << 20)
	if !in(512 << 20) {
		t.Errorf("after a smaller Grow GOGC is %d, not for the 512 MiB budget", gogc(t))
	}
}
