package ead

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/model"
)

// synthetic writes the sources of a large FICTIONAL finding aid with n
// items (in files of 100, on reels of 100), each citing persons under
// pseudonyms, and checks it through the whole pipeline.
func synthetic(tb testing.TB, n int) *model.Archive {
	tb.Helper()
	dir := tb.TempDir()
	put := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	put("fonds.yaml", `# FICTIONAL: a synthetic finding aid for benchmarks.
reference_code: SYN-1
title: A synthetic finding aid
dates: 1900-1999
extent: 100 m
repository: {name: Synthetic Archive, isil: NL-XxSYN, country: NL}
finding_aid: {id: syn-1, date: "2024", language: eng}
scope_and_content: Letters, *many* of them; see [no. 1](inv:1) and [reel 1](reel:1).
authorities: authorities.yaml
reels: reels.yaml
contents:
  - include: series.yaml
`)
	var b strings.Builder
	b.WriteString("persons:\n")
	for i := range 100 {
		fmt.Fprintf(&b, "  - {id: p%d, name: \"Person %d, A.\", pseudonyms: [\"Alias %da\", \"Alias %db\"]}\n", i, i, i, i)
	}
	put("authorities.yaml", b.String())
	b.Reset()
	b.WriteString("reels:\n")
	for r := 0; r*100 < n; r++ {
		fmt.Fprintf(&b, "  - {reel: %d, items: %d-%d}\n", r+1, r*100+1, min(n, r*100+100))
	}
	put("reels.yaml", b.String())
	b.Reset()
	b.WriteString("id: letters\nlevel: series\ntitle: Letters\ncontents:\n")
	for i := 1; i <= n; i++ {
		if i%100 == 1 {
			fmt.Fprintf(&b, "  - id: file-%d\n    level: subseries\n    title: Letters %d-%d\n    contents:\n", i, i, i+99)
		}
		fmt.Fprintf(&b, "      - inv: %d\n        title: Letter number %d\n        dates: %d-%02d-%02d\n"+
			"        form: [typescript, carbon copy]\n        from: \"[Alias %da]\"\n        to: p%d\n",
			i, i, 1900+i%100, 1+i%12, 1+i%28, i%100, (i*7)%100)
		if i%10 == 0 {
			fmt.Fprintf(&b, "        notes: See [no. %d](inv:%d) and [the sender](person:p%d).\n", i-1, i-1, i%100)
		}
	}
	put("series.yaml", b.String())
	res := build.Check(dir, build.Options{})
	if res.Archive == nil || res.Failed(false) {
		tb.Fatalf("the synthetic sources do not check:\n%v", res.Diags)
	}
	return res.Archive
}

// BenchmarkWrite writes the EAD of a synthetic finding aid of 10,000 items.
func BenchmarkWrite(b *testing.B) {
	benchWrite(b, 10000)
}

// benchWrite writes the EAD of a synthetic finding aid of n items, and
// reports per item what the writer allocates and the peak of its live
// heap above the model (once more, after the timed runs). Compare
// BenchmarkWrite's figures with BenchmarkWriteLarge's, ten times the
// items: the allocations per item stay the same when the cost is linear,
// and the peak heap in all (peak-heap-MB) stays about the same when the
// writer holds one unit at a time, whatever the size of the finding aid.
func benchWrite(b *testing.B, n int) {
	a := synthetic(b, n)
	cw := &countWriter{w: io.Discard}
	if err := Write(cw, a, Options{}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(cw.n)
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for b.Loop() {
		if err := Write(io.Discard, a, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	items := float64(b.N) * float64(n)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/items, "B/item")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/items, "allocs/item")
	peak := testtool.PeakHeap(func() {
		if err := Write(io.Discard, a, Options{}); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(peak)/float64(n), "peak-heap-B/item")
	b.ReportMetric(float64(held(b, a, cw.n))/(1<<20), "held-MB")
}

// held writes a's EAD, of size bytes, and returns the most that the
// writer holds at twenty points of the output, the first before its first
// byte (after its check): a collection is forced at each, so that only
// what the writer keeps is counted, not the garbage made while a
// collection runs, which peak-heap-MB counts and which grows with the time
// a collection takes over the model.
func held(b *testing.B, a *model.Archive, size int64) uint64 {
	live := func() uint64 {
		runtime.GC()
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	base := live()
	w := &sampler{every: max(size/20, 1), sample: live}
	if err := Write(w, a, Options{}); err != nil {
		b.Fatal(err)
	}
	if w.most < base {
		return 0
	}
	return w.most - base
}

// A sampler is an io.Writer that calls sample every so many bytes, and
// keeps the most it returned.
type sampler struct {
	n, every, next int64
	sample         func() uint64
	most           uint64
}

func (s *sampler) Write(p []byte) (int, error) {
	s.n += int64(len(p))
	for s.n > s.next {
		s.most = max(s.most, s.sample())
		s.next += s.every
	}
	return len(p), nil
}

// TestSynthetic checks a larger synthetic finding aid end to end: valid,
// every link resolving, and as many units as written.
func TestSynthetic(t *testing.T) {
	if testing.Short() {
		t.Skip("a large finding aid; skipped with -short")
	}
	a := synthetic(t, 2000)
	data := write(t, a, Options{Numbered: true})
	checkIDRefs(t, "synthetic.xml", data)
	doc := parse(t, data)
	if n := len(doc.FindElements("//c03")); n != 2000 {
		t.Errorf("%d items written, want 2000", n)
	}
	path := filepath.Join(t.TempDir(), "synthetic.xml")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	xmllint(t, path)
}

// BenchmarkWriteLarge writes a synthetic finding aid of 100,000 items, the
// size fonds must handle; compare its figures with BenchmarkWrite's (see
// benchWrite).
func BenchmarkWriteLarge(b *testing.B) {
	benchWrite(b, 100000)
}

// BenchmarkWriteChecked writes BenchmarkWrite's finding aid as the build
// does, through WriteWarn: the build's Checker has run Check, so the
// writer does not run it again. The difference from BenchmarkWrite is what
// the check costs.
func BenchmarkWriteChecked(b *testing.B) {
	a := synthetic(b, 10000)
	o := Output{}
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		if err := o.WriteWarn(a, dir, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteAPE writes BenchmarkWrite's finding aid for Archives
// Portal Europe (the profile ape), as the build does.
func BenchmarkWriteAPE(b *testing.B) {
	a := synthetic(b, 10000)
	o := Output{Options: Options{Profile: "ape"}}
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		if err := o.WriteWarn(a, dir, nil); err != nil {
			b.Fatal(err)
		}
	}
}
