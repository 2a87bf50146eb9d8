package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/fonds-archive/fonds/internal/gctune"
)

// TestSourceBytes: the bytes of the finding aids' YAML files, hidden
// folders left out, within the budget of entries looked at.
func TestSourceBytes(t *testing.T) {
	root := t.TempDir()
	write := func(rel string, n int) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, make([]byte, n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a/fonds.yaml", 100)
	write("a/series/01.yaml", 1000)
	write("a/.git/objects/big.yaml", 1_000_000) // not sources
	write("a/scans/letter.tif", 1_000_000)      // not read
	write("b/fonds.yaml", 50)
	write("b/series/01.yaml", 2000)
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	if got := sourceBytes([]string{a, b}, 100); got != 1100+2050 {
		t.Errorf("a (1100) and b (2050): %d", got)
	}
	// a's folder, .git/ (not entered), fonds.yaml, scans/, scans/letter.tif,
	// series/, series/01.yaml: seven entries; b counts as a does.
	if got := sourceBytes([]string{a, b}, 8); got != 2*1100 {
		t.Errorf("with a budget of 8 entries: %d; want twice a's 1100", got)
	}
	// One folder seen in part: what was seen.
	if got := sourceBytes([]string{a}, 3); got != 100 {
		t.Errorf("a with a budget of 3 entries: %d; want its fonds.yaml's 100", got)
	}
	// Past sampleDirs folders, the rest count as the mean of those seen.
	var many []string
	for range sampleDirs {
		many = append(many, a)
	}
	many = append(many, b, b)
	if got := sourceBytes(many, 1000); got != uint64(len(many))*1100 {
		t.Errorf("%d folders, the first %d like a: %d; want %d", len(many), sampleDirs, got, len(many)*1100)
	}
	if got := sourceBytes([]string{filepath.Join(root, "missing")}, 100); got != 0 {
		t.Errorf("a missing folder: %d; want 0", got)
	}
}

// TestGCBudget: the collector's budget is 12 times the sources, at most
// gctune.HugeHeap; no sources leave the default.
func TestGCBudget(t *testing.T) {
	for _, c := range []struct{ sources, want uint64 }{
		{0, 0},                         // gctune.Grow(0) leaves the default budget
		{17_657_310, 211_887_720},      // the 100,000-item synthetic finding aid
		{89_478_485, 1_073_741_820},    // just below HugeHeap
		{178_480_252, gctune.HugeHeap}, // the million-item one
	} {
		if got := gcBudget(c.sources); got != c.want {
			t.Errorf("gcBudget(%d) = %d; want %d", c.sources, got, c.want)
		}
	}
}
