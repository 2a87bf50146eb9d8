// Package gctune paces Go's garbage collector for fonds's one-shot runs.
//
// Go's default (GOGC=100) collects whenever the heap has doubled since
// the last collection. For a process that builds a large model and then
// writes from it, that means many collections while the heap is small,
// each one scanning everything live: about a third of a large build's CPU
// time. Tune lets the heap grow to a budget before the collector
// runs, while the live heap is well below it; once 1.65 times the live
// heap passes the budget, it lets the heap grow by 65% of what is alive
// (GOGC=65, Large) rather than double it, so that a large build's peak
// memory stays below what Go's default would give: the next collection is
// due at max(budget, 1.65 × live heap), where Go's default is 2 × live
// heap. Past 1 GiB alive (HugeHeap) the heap grows by 40% (Huge), or to
// the budget if that is more. A command that knows how much it will read
// raises the budget with Grow.
//
// It sets no memory limit (runtime/debug.SetMemoryLimit). One set after
// each collection to a share of the live heap, once that had passed
// 256 MiB, was measured on the 300,000-item full build (synth, seed 1;
// 2 cores shared with other work, load 8 to 18; Go's default and each
// setting run in turn): no limit 1,058 and 1,088 MiB peak RSS, 68.1 and
// 69.4 s CPU; 165% of the live heap 916 MiB (-14%), 70.4 s; 150% 820 and
// 832 MiB (-23%), 82.4 and 83.1 s (+20%); 130% 686 MiB (-36%), 102.5 s
// (+48%). The million-item build with 165% still peaked at 3,180 MiB
// (3,612 MiB without; the target is 3 GB, 2,861 MiB), and 150%, which
// would about reach it, costs a fifth more CPU time.
//
// It reads the live heap after each collection (runtime/metrics) and sets
// GOGC to match (runtime/debug). It does nothing when the user has set
// GOGC or GOMEMLIMIT: their choice wins. Collecting later changes when
// memory is freed, never what is computed: outputs are the same.
package gctune

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// DefaultBudget is the heap a fonds run may grow to before the collector
// runs: large enough that small and medium finding aids are built with few
// collections, small enough that the pages a larger budget would touch,
// each a page fault where page faults are dear (a virtual machine), do
// not cost more than the collections they save. 192 MiB until 2 December
// 2026; 64 MiB was faster at every size measured since (see the README's
// Performance).
const DefaultBudget = 64 << 20

// Large is the GOGC once 1.65 times the live heap passes the budget: the next
// collection is due when the heap has grown by 65% of what is alive, not
// doubled as with Go's default (100). A large build's peak memory is then
// about 1.65 times its live heap instead of twice it: for a 100,000-item
// full build, measured side by side, 362–365 MiB with 65, 377–384 with 70,
// 399–401 with 75 (two runs each) and 415–435 with Go's default, with no difference in CPU
// time beyond the runs' spread (about 8%).
const Large = 65

// Huge is the GOGC once the live heap passes HugeHeap (unless the budget
// is further): the heap grows by 40% of what is alive before the next
// collection. Only builds of several hundred thousand items get there. The million-item full build (synth,
// seed 1; 1.7 GiB alive at its peak) peaked at 2,896 MiB with 50 and at
// 2,725 MiB with 40, one run each in turn, 117.3 and 117.6 s of user
// time; before the model and the PDF's table of objects were made
// smaller (1.9 GiB alive), at 3,212 MiB with Large all the way and at
// 2,989 MiB with 50, for 116 and 124 s of user time. Below HugeHeap
// nothing changes.
const Huge = 40

// HugeHeap is the live heap from which Huge paces the collector.
const HugeHeap = 1 << 30

// Tune starts pacing the collector to budget bytes of heap, for the rest
// of the process. It returns false, and does nothing, when the
// environment sets GOGC or GOMEMLIMIT or budget is 0.
func Tune(budget uint64) bool {
	if budget == 0 || os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return false
	}
	t := &tuner{budget: budget}
	t.sample = []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/scan/stack:bytes"}, {Name: "/gc/scan/globals:bytes"}}
	// Before the first collection Go's goal is 4 MiB × GOGC/100, as if
	// 4 MiB were live.
	t.adjust(4<<20, 0)
	t.arm()
	running.Store(t)
	return true
}

// Grow raises the budget of the pacing that Tune started to budget, if
// that is more, and sets GOGC for it at once. A command calls it once it
// knows how much it will read: the heap of a large build then grows to
// about its size before the collector runs, rather than being collected
// every time it has grown by 65% while it is being loaded, each time
// marking everything read so far. It does nothing when Tune did not
// start pacing.
func Grow(budget uint64) {
	t := running.Load()
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if budget > t.budget {
		t.budget = budget
		debug.SetGCPercent(percent(t.live, t.roots, t.budget))
	}
}

// minHeap is the runtime's least goal at GOGC=100 (heapMinimum in
// runtime/mgcpacer.go): its goal is never below minHeap × GOGC/100.
const minHeap = 4 << 20

// running is the tuner Tune started, for Grow.
var running atomic.Pointer[tuner]

type tuner struct {
	sample []metrics.Sample // read by the finalizer only

	mu          sync.Mutex // for what follows, which Grow reads too
	budget      uint64
	live, roots uint64 // as of the last collection

	stopped atomic.Bool // by a test: GOGC is left as it is from the next collection on
}

// A sentinel is garbage from birth: its finalizer runs after the next
// collection, adjusts GOGC and arms a new sentinel. It holds a pointer
// and is larger than the tiny allocator's 16 bytes, so that it is an
// object of its own, freed (and finalized) alone.
type sentinel struct {
	t *tuner
	_ [32]byte
}

func (t *tuner) arm() {
	runtime.SetFinalizer(&sentinel{t: t}, func(s *sentinel) {
		if s.t.stopped.Load() {
			return
		}
		metrics.Read(s.t.sample)
		var v [3]uint64
		for i, m := range s.t.sample {
			if m.Value.Kind() == metrics.KindUint64 {
				v[i] = m.Value.Uint64()
			}
		}
		s.t.adjust(v[0], v[1]+v[2])
		s.t.arm()
	})
}

// adjust sets GOGC so that the next collection is due when the heap
// reaches about max(budget, 1.65 × live) (see percent).
func (t *tuner) adjust(live, roots uint64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.live, t.roots = live, roots
	debug.SetGCPercent(percent(live, roots, t.budget))
}

// percent is the GOGC that puts the next collection at max(budget,
// live × (1 + least/100)), least being Large, or Huge once the live heap
// passes HugeHeap. Go's collector is due when the heap reaches
// max(live + (live + roots) × GOGC/100, 4 MiB × GOGC/100), where roots are
// the stacks and globals it scans (runtime/mgcpacer.go: its goal is never
// below 4 MiB × GOGC/100); so GOGC is (budget − live) / max(live + roots,
// 4 MiB), as a percentage, while that is more than least, and least from
// there on. The next collection is then due at the budget, or, when less
// than 4 MiB is alive and scanned, between the budget less what is alive
// and the budget. (Counting a small heap as 1 MiB, as this did until
// 2 December, put it at up to four times the budget: 120 MB for 64 MiB.)
func percent(live, roots, budget uint64) int {
	least := Large
	if live >= HugeHeap {
		least = Huge
	}
	if live >= budget {
		return least
	}
	return max(least, int((budget-live)*100/max(live+roots, minHeap)))
}
