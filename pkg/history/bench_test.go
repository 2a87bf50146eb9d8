package history

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/fonds-archive/fonds/pkg/history/gittest"
)

// BenchmarkOf dates 1,000 finding aids (two files each) in a repository of
// 201 commits, each of the last 200 changing one finding aid: the history
// is walked once for all of them, back to the first commit for the 800
// finding aids that never changed.
func BenchmarkOf(b *testing.B) {
	const n, commits = 1000, 200
	r := gittest.Init(b)
	var list []Sources
	for i := range n {
		dir := fmt.Sprintf("sources/fa-%04d", i)
		r.Write(dir+"/fonds.yaml", fmt.Sprintf("title: %d\n", i))
		r.Write(dir+"/series/01.yaml", fmt.Sprintf("id: s%d\n", i))
		s := Sources{Dir: filepath.Join(r.Root, dir)}
		for _, f := range []string{"fonds.yaml", "series/01.yaml"} {
			s.Files = append(s.Files, filepath.Join(r.Root, dir, f))
		}
		list = append(list, s)
	}
	r.Commit("2024-01-01T00:00:00Z", "corpus")
	for c := range commits {
		name := fmt.Sprintf("sources/fa-%04d/series/01.yaml", c*5)
		if err := os.WriteFile(filepath.Join(r.Root, name), []byte(fmt.Sprintf("id: changed %d\n", c)), 0o644); err != nil {
			b.Fatal(err)
		}
		r.Commit(fmt.Sprintf("2024-02-01T00:%02d:%02dZ", c/60, c%60), "change")
	}
	b.ReportAllocs()
	for b.Loop() {
		stamps, err := Of(list)
		if err != nil {
			b.Fatal(err)
		}
		if stamps[5].How != Committed || stamps[1].Time.Year() != 2024 {
			b.Fatalf("stamps %+v %+v", stamps[5], stamps[1])
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "finding-aids/s")
}
