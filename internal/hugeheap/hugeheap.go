// Package hugeheap asks Linux to back fonds's heap with transparent huge
// pages (2 MiB) where the system leaves that to each program.
//
// Linux gives a program's memory a page at a time, on its first touch: a
// page fault per 4 KiB. Where page faults are dear (a virtual machine,
// about 10 µs each on the one fonds was measured on), a build spends a
// good part of its time in them: 17,000 for a check of the Marx–Engels
// finding aid (83 MB), 0.13–0.19 s of its 0.25–0.3 s. A huge page takes
// one fault for 2 MiB, and fewer entries of the processor's address cache.
// Most Linux systems (Debian's and Ubuntu's kernels, GitHub's runners) set
// transparent huge pages to "madvise": a program gets them only for memory
// it marks with madvise(MADV_HUGEPAGE). Go's runtime no longer marks its
// heap (it stopped during Go 1.21: a long-running server's memory could
// grow, and a fault could wait for the kernel to compact memory), so fonds
// does, for the one run of a check or a build.
//
// Go offers no hook for the heap's memory. The heap grows by mapping fresh
// memory, which the runtime hands out without touching it (it comes from
// the kernel zeroed). So Enable allocates large byte slices, marks their
// memory, and drops them: the next collection frees them, and the heap has
// grown by that much, marked and untouched; later allocations take it,
// lowest addresses first. The runtime now counts that memory as used
// before, so it zeroes what it hands out of it, as it does memory it
// reuses: a second zeroing after the kernel's, cheaper than the faults it
// replaces (measured: see the README's Performance).
//
// It does nothing unless the system's setting is "madvise" ("always" needs
// nothing, "never" is the administrator's choice), nor when memory is
// strictly accounted (vm.overcommit_memory 2), the process's address space
// or data is limited (ulimit -v, ulimit -d: a mapping refused there would
// end the process), GOGC is off (nothing would free the slices) or
// GOMEMLIMIT is set (the heap it grows would pass a low limit, and the
// collector would run to meet it), GODEBUG asks the runtime for no huge
// pages (disablethp=1), or FONDS_HUGEPAGES=0 is set. The memory marked is
// at most half of the machine's: it is address space, made resident only
// as the heap uses it, but no build needs more.
//
// Where the kernel's defrag setting lets a fault wait for it to compact
// memory (the default, "madvise"), a fault on a busy, fragmented machine
// can cost more than the small faults it saves; FONDS_HUGEPAGES=0 turns
// the whole off.
//
// It does this once, at the start of a command, sized from the sources it
// will read (Size): the trick works only while the heap has freed nothing
// (see prepare). A heap that outgrows it gets ordinary pages beyond.
//
// Which pages back the heap changes how fast fonds runs, never what it
// computes: outputs are the same.
package hugeheap

import (
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"unsafe"
)

// hugePage is the size of a transparent huge page on amd64, and on arm64
// with pages of 4 KiB (with larger base pages the huge ones are larger, and
// marking does no harm but may do nothing).
const hugePage = 2 << 20

var once sync.Once

// Enable marks n bytes of heap for huge pages (at most half the machine's
// memory), when the system and the environment allow (see the package
// comment), and returns whether it did. It must be called before the heap
// has freed anything, early in a command (see prepare); only the first
// call does anything, and later ones return false.
func Enable(n uint64) (ok bool) {
	once.Do(func() {
		limit, allow := allowed()
		if !allow || os.Getenv("FONDS_HUGEPAGES") == "0" || os.Getenv("GOMEMLIMIT") != "" || disabledByGodebug(os.Getenv("GODEBUG")) {
			return
		}
		ok = prepare(min(n, limit))
	})
	return ok
}

// Size is what a command that reads sources of so many bytes should ask
// Enable for. The heap of a build peaks at about 15 times its sources
// (14.6 for the million-item synthetic finding aid, 18 for the
// 100,000-item one), more for a small one, whose fixed part weighs more
// (42 for the Marx–Engels one, with the floor); 20 leaves room.
func Size(sources uint64) uint64 {
	return Floor + 20*sources
}

// Floor is the least worth asking for: the collector's budget
// (gctune.DefaultBudget), which the heap of every command reaches before
// its first collection when gctune paces it.
const Floor = 64 << 20

// prepare grows the heap by about n bytes marked for huge pages, and
// reports whether it did: not for less than a chunk, nor with GOGC off,
// nor if the kernel refuses the mark (the heap has grown then all the
// same, by memory it will use).
//
// It allocates them in chunks, all held until all are marked: memory the
// heap used and freed is zeroed when handed out again, the whole of an
// allocation that starts in it, and zeroing touches every page. Before
// any collection little is freed (a goroutine's stack, say), and only the
// first chunk can start in it. No collection runs while they are held,
// which would find them alive and keep them a cycle more (unless one
// finished before, and gctune's finalizer sets GOGC meanwhile: Enable
// comes first in a command, before the heap reaches gctune's budget).
// Then they are garbage: the next collection (the one their size sets
// off, concurrent, and cheap while little else is alive) frees them, and
// their memory is the heap's to hand out.
func prepare(n uint64) bool {
	if n < chunk {
		return false
	}
	gogc := debug.SetGCPercent(-1)
	defer debug.SetGCPercent(gogc)
	if gogc < 0 {
		return false // GOGC=off: no collection would free them
	}
	chunks := make([]uintptr, 0, n/chunk)
	held := make([][]byte, 0, n/chunk)
	for range n / chunk {
		b := make([]byte, chunk)
		held = append(held, b)
		chunks = append(chunks, uintptr(unsafe.Pointer(unsafe.SliceData(b))))
	}
	slices.Sort(chunks)
	ok := true
	for i := 0; i < len(chunks); {
		j := i + 1
		for j < len(chunks) && chunks[j] == chunks[j-1]+chunk {
			j++
		}
		ok = mark(chunks[i], chunks[j-1]+chunk) && ok
		i = j
	}
	runtime.KeepAlive(held)
	return ok
}

// chunk is what prepare allocates at a time: four huge pages.
const chunk = 8 << 20

// disabledByGodebug reports whether GODEBUG asks the runtime not to use
// huge pages for the heap.
func disabledByGodebug(v string) bool {
	on := false
	for _, kv := range strings.Split(v, ",") {
		if k, val, ok := strings.Cut(strings.TrimSpace(kv), "="); ok && k == "disablethp" {
			on = val != "0"
		}
	}
	return on
}

// mode is the setting in brackets of a file such as
// /sys/kernel/mm/transparent_hugepage/enabled ("always [madvise] never").
func mode(setting string) string {
	if i := strings.IndexByte(setting, '['); i >= 0 {
		if j := strings.IndexByte(setting[i:], ']'); j > 0 {
			return setting[i+1 : i+j]
		}
	}
	return ""
}
