package cli

import (
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/synth"
)

// TestBuildMemory bounds the live heap of a full build (EAD, site, PDF) of
// a synthetic finding aid of 20,000 items: the model keeps no room for the
// notes a unit does not have, the sources' YAML trees go once decoded, and
// the writers let go of what they have written. Measured: 3.5-3.8 KB an
// item on 2 cores, 4.4 KB on 4 (three writers at once); 6.2 KB before
// those changes, and 3.9-4.2 KB with any one of the last three undone, too
// close to the noise to bound one by one. (Live heap, not RSS: the
// garbage collector lets the process grow to about twice it.)
func TestBuildMemory(t *testing.T) {
	if testing.Short() || testtool.Race {
		t.Skip("-short or -race: skipping the 20,000-item build (go test ./pkg/cli -run TestBuildMemory runs it)")
	}
	const items = 20_000
	src := filepath.Join(t.TempDir(), "src")
	if err := synth.Write(src, synth.Options{Items: items, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "dist")
	peak := testtool.PeakHeap(func() {
		var stderr strings.Builder
		if code := Main([]string{"build", "-o", out, src}, strings.NewReader(""), io.Discard, &stderr); code != ExitOK {
			t.Fatalf("fonds build: exit %d\n%s", code, stderr.String())
		}
	})
	perItem := float64(peak) / items
	t.Logf("%d items: peak live heap %.0f MB, %.1f KB an item", items, float64(peak)/(1<<20), perItem/1024)
	const bound = 5 << 10
	if perItem > bound {
		t.Errorf("peak live heap %.1f KB an item; want at most %d KB", perItem/1024, bound>>10)
	}
}
