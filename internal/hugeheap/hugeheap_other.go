//go:build !linux

package hugeheap

// allowed: only Linux has transparent huge pages to ask for.
func allowed() (uint64, bool) { return 0, false }

func mark(start, end uintptr) bool { return false }
