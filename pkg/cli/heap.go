package cli

import (
	"io/fs"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/fonds-archive/fonds/internal/gctune"
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

// reserveHeap shapes the heap of a check or build of dirs from the size of
// their sources, every finding aid checked staying in memory until the
// outputs are written. It asks at once for huge pages for the heap of all
// of them (internal/hugeheap), memory that costs nothing until used; and
// it returns a build.Options.Reading that lets the heap grow to gcBudget
// of the finding aids read so far before the collector runs
// (internal/gctune), counting each as the mean of those sized, so that a
// rebuild that the cache gives all but one finding aid does not let its
// heap grow as for all of them. It does nothing, and returns nil, unless e
// is the fonds process (Run).
func (e *env) reserveHeap(dirs []string) func(dir string) {
	if !e.ownsHeap || len(dirs) == 0 {
		return nil
	}
	n := sourceBytes(dirs, statBudget)
	hugeheap.Enable(hugeheap.Size(n))
	each := n / uint64(len(dirs))
	var read atomic.Uint64
	return func(string) {
		gctune.Grow(gcBudget(each * read.Add(1)))
	}
}

// gcBudget is the heap that a check or a build of sources of so many
// bytes grows to before the collector runs: 12 times the sources, at most
// gctune.HugeHeap. A finding aid's model holds about 9 bytes per byte of
// YAML once loaded (8.3 for the 100,000-item synthetic one, 9.7 for the
// million-item one), and the pacing lets a build's heap reach 1.4–1.65
// times what is alive, so 12 is below where the heap goes anyway. While
// the sources are loaded, most of what is allocated is the YAML parser's
// garbage, and with the default budget the collector ran every time the
// heap had grown by 65% (25 times for a million items, each marking
// everything read so far). Past HugeHeap a larger budget saved more
// collections but not memory: the million-item build's peak RSS rose from
// 2,623–2,746 MiB to 2,714 (8 times the sources), 2,753 (10) and
// 2,840–2,919 MiB (12), its heap having grown to 2 GB of mostly garbage
// while loading.
func gcBudget(sources uint64) uint64 {
	return min(12*sources, gctune.HugeHeap)
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
