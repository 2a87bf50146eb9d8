package cli

import (
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/fonds-archive/fonds/internal/hugeheap"
	"github.com/fonds-archive/fonds/pkg/load"
)

// The sizing looks at statBudget files and folders at most, in
// sampleDirs finding aids at most: enough to see a million-item finding
// aid (1,404 files, 8–14 ms here) whole, and the first finding aids of a
// corpus (under 1 ms; all of its first 2,000 entries took 16–41 ms), which
// stand for the others.
const (
	statBudget = 2000
	sampleDirs = 8
)

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
// aside. It looks at budget entries and sampleDirs folders at most; the
// folders it did not reach, or not all of, count as the mean of those it
// saw whole.
func sourceBytes(dirs []string, budget int) uint64 {
	var total uint64
	whole := 0
	for _, dir := range dirs[:min(len(dirs), sampleDirs)] {
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
			if d.Type().IsRegular() && load.IsYAML(p) {
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
