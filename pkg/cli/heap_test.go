package cli

import (
	"os"
	"path/filepath"
	"testing"
)

// TestLargestSources: the bytes of the largest finding aid's files, hidden
// folders left out, within the budget of entries looked at.
func TestLargestSources(t *testing.T) {
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
	write("a/.git/objects/big", 1_000_000) // not sources
	write("b/fonds.yaml", 50)
	write("b/series/01.yaml", 2000)
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	if got := largestSources([]string{a, b}, 100); got != 2050 {
		t.Errorf("largest of a (1100) and b (2050) = %d", got)
	}
	// a's folder, fonds.yaml, series/, .git/ (not entered), series/01.yaml:
	// five entries; b is not looked at.
	if got := largestSources([]string{a, b}, 5); got != 1100 {
		t.Errorf("with a budget of 5 entries: %d; want a's 1100", got)
	}
	if got := largestSources([]string{filepath.Join(root, "missing")}, 100); got != 0 {
		t.Errorf("a missing folder: %d; want 0", got)
	}
}
