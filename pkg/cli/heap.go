package cli

import (
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/fonds-archive/fonds/internal/hugeheap"
)

// statBudget is the most files and folders reserveHeap looks at: a few
// milliseconds, and enough to see a million-item finding aid (1,404 files)
// whole. Of a larger corpus it sees the first finding aids, and counts the
// others as their like.
const statBudget = 2000

// reserveHeap asks for huge pages for the heap of a check or build of dirs
// (internal/hugeheap), sized from their sources: every finding aid checked
// stays in memory until the outputs are written. It does nothing unless e
// is the fonds process (Run).
func (e *env) reserveHeap(dirs []string) {
	if !e.hugePages {
		return
	}
	hugeheap.Enable(hugeheap.Size(sourceBytes(dirs, statBudget)))
}

// sourceBytes is the bytes of the YAML files under dirs (what fonds reads;
// scans or PDFs kept beside them weigh nothing on the heap), hidden folders
// aside. It looks at budget entries at most; the folders it did not reach,
// or not all of, count as the mean of those it saw whole.
func sourceBytes(dirs []string, budget int) uint64 {
	var total uint64
	whole := 0
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
			if ext := filepath.Ext(p); d.Type().IsRegular() && (ext == ".yaml" || ext == ".yml") {
				if info, err := d.Info(); err == nil {
					n += uint64(info.Size())
				}
			}
			return nil
		})
		if budget < 0 {
			if whole == 0 {
				return n // the first folder, seen in part: what was seen
			}
			break
		}
		total += n
		whole++
	}
	if whole == 0 {
		return 0 // no folders
	}
	return total / uint64(whole) * uint64(len(dirs))
}
