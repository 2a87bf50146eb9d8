package hugeheap

import (
	"os"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// allowed reports whether the system leaves huge pages to the program
// (see the package comment) and the most it may mark: half the machine's
// memory.
func allowed() (uint64, bool) {
	if unsafe.Sizeof(uintptr(0)) < 8 {
		return 0, false // half the memory may not fit the address space
	}
	if b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil || mode(string(b)) != "madvise" {
		return 0, false
	}
	if b, err := os.ReadFile("/proc/sys/vm/overcommit_memory"); err != nil || strings.TrimSpace(string(b)) == "2" {
		return 0, false
	}
	for _, r := range []int{unix.RLIMIT_AS, unix.RLIMIT_DATA} {
		var rl unix.Rlimit
		if err := unix.Getrlimit(r, &rl); err != nil || rl.Cur != unix.RLIM_INFINITY {
			return 0, false
		}
	}
	var si unix.Sysinfo_t
	if err := unix.Sysinfo(&si); err != nil {
		return 0, false
	}
	total := uint64(si.Totalram) * uint64(si.Unit)
	return total / 2, total > 0
}

// mark asks the kernel to back the whole huge pages within [start, end)
// with huge pages; the caller holds that memory.
func mark(start, end uintptr) bool {
	beg := (start + hugePage - 1) &^ (hugePage - 1)
	end &^= hugePage - 1
	if beg >= end {
		return true
	}
	_, _, errno := unix.Syscall(unix.SYS_MADVISE, beg, end-beg, unix.MADV_HUGEPAGE)
	return errno == 0
}
