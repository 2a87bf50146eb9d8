package cli

import (
	"io/fs"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/fonds-archive/fonds/internal/hugeheap"
)

// statBudget is the most files and folders reserveHeap looks at: about
// 2 ms here, and enough to see a million-item finding aid (1,404 files)
// whole. In a large corpus it sees the first finding aids only, which
// tell the size of the others well enough.
const statBudget = 2000

// reserveHeap asks for huge pages for the heap of a check or build of dirs
// (internal/hugeheap), sized from the bytes of their largest finding aid.
// It does nothing unless e is the fonds process (Run).
func (e *env) reserveHeap(dirs []string) {
	if !e.hugePages {
		return
	}
	hugeheap.Enable(hugeheap.Size(largestSources(dirs, statBudget), min(len(dirs), runtime.GOMAXPROCS(0))))
}

// largestSources is the bytes of files under the largest of dirs, hidden
// folders aside, looking at budget entries at most.
func largestSources(dirs []string, budget int) uint64 {
	var largest uint64
	for _, dir := range dirs {
		var n uint64
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if budget--; budget < 0 {
				return filepath.SkipAll
			}
			if err != nil {
				return nil // the check reports it
			}
			if d.IsDir() && p != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if d.Type().IsRegular() {
				if info, err := d.Info(); err == nil {
					n += uint64(info.Size())
				}
			}
			return nil
		})
		largest = max(largest, n)
		if budget < 0 {
			break
		}
	}
	return largest
}
