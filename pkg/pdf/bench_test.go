package pdf

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/klauspost/compress/zlib"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/edtf"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/resolve"
	"github.com/fonds-archive/fonds/pkg/source"
)

// synthetic builds a resolved finding aid of n items (fictional): series of
// files of 100 letters, each from a pseudonym to a person, on reels of 1,000
// numbers, as the loader would decode it, then resolved as a build does.
func synthetic(tb testing.TB, n int) *model.Archive {
	tb.Helper()
	date := func(s string) model.Date {
		d, err := edtf.Parse(s)
		if err != nil {
			tb.Fatal(err)
		}
		return model.Date{Date: d}
	}
	line := 0
	pos := func() source.Pos { line++; return source.Pos{File: "synthetic.yaml", Line: line, Col: 1} }
	a := &model.Archive{Dir: "synthetic"}
	for i := range 40 {
		p := &model.Person{Record: model.Record{Pos: pos(), ID: fmt.Sprintf("person%02d", i), Name: fmt.Sprintf("Correspondent, Number %d", i)}}
		for j := range 2 {
			p.Pseudonyms = append(p.Pseudonyms, &model.Pseudonym{Pos: pos(), ID: fmt.Sprintf("ps-p%02d-%d", i, j),
				Name: fmt.Sprintf("Alias %d-%d", i, j), Maintained: j == 0 && i%10 == 0})
		}
		a.People = append(a.People, p)
	}
	f := &model.Fonds{Pos: pos(), ReferenceCode: "SYN-1", Title: model.Text{Pos: pos(), Value: "A synthetic archive (fictional benchmark)"},
		Dates: []model.Date{date("1920-1940")}, Level: "fonds", Extent: []model.Extent{{Value: fmt.Sprintf("%d items", n)}},
		Repository: model.Repository{Name: "Fictional Archive of Test Fixtures"},
		FindingAid: model.FindingAid{ID: "SYN-1", Date: date("2024"), Language: "eng"}}
	f.ScopeAndContent = model.Prose{Pos: pos(), Text: "Letters of [Correspondent 1](person:person01), see [no. 1](inv:1) and [reel 1](reel:1)."}
	a.Fonds = f
	inv := 0
	for s := 0; inv < n; s++ {
		series := &model.Component{Pos: pos(), ID: fmt.Sprintf("series-%d", s), IDWritten: true, Level: "series",
			Title: model.Text{Pos: pos(), Value: fmt.Sprintf("Series %d", s)}, Depth: 1}
		f.Contents = append(f.Contents, series)
		for fi := 0; fi < 100 && inv < n; fi++ {
			file := &model.Component{Pos: pos(), ID: fmt.Sprintf("file-%d-%d", s, fi), IDWritten: true, Level: "file",
				Title: model.Text{Pos: pos(), Value: fmt.Sprintf("Correspondence, file %d", fi)}, Depth: 2, Parent: series}
			series.Children = append(series.Children, file)
			for k := 0; k < 100 && inv < n; k++ {
				inv++
				p := a.People[inv%len(a.People)]
				to := a.People[(inv+7)%len(a.People)]
				it := &model.Component{Pos: pos(), ID: fmt.Sprintf("inv-%d", inv), Level: "item", Inv: inv, InvLine: int32(pos().Line), InvCol: 1,
					Title:  model.Text{Pos: pos(), Value: fmt.Sprintf("Letter %d on the affairs of the section, with an enclosure and a long title that wraps", inv)},
					Dates:  []model.Date{date(fmt.Sprintf("19%02d-%02d-%02d", 20+inv%20, 1+inv%12, 1+inv%28))},
					Forms:  []string{"typescript", "carbon copy"},
					From:   []*model.Agent{{Pos: pos(), Name: p.Pseudonyms[inv%2].Name, Certainty: model.Certain, Role: model.Sender}},
					To:     []*model.Agent{{Pos: pos(), Name: to.ID, Certainty: model.Bracketed, Role: model.Addressee}},
					Depth:  3,
					Parent: file,
				}
				file.Children = append(file.Children, it)
			}
		}
	}
	for r := 0; r*1000 < n; r++ {
		a.Reels = append(a.Reels, &model.Reel{Pos: pos(), No: r + 1, Ranges: []model.Range{{Pos: pos(), From: r*1000 + 1, To: min((r+1)*1000, n)}}})
	}
	a.Reels = append(a.Reels, &model.Reel{Pos: pos(), No: len(a.Reels) + 1, Content: "Inventory"})
	for i := range 30 {
		a.Events = append(a.Events, &model.Event{Pos: pos(), Date: date(fmt.Sprintf("19%02d", 20+i%20)),
			Text: model.Prose{Pos: pos(), Text: fmt.Sprintf("Event %d concerning [Alias 1-0](pseudonym:ps-p01-0).", i)}})
	}
	if diags := resolve.Archive(a); diags.HasErrors() {
		tb.Fatalf("the synthetic archive does not resolve: %v", diags)
	}
	return a
}

// BenchmarkPDF writes the inventory of synthetic archives of 1,000, 10,000
// and 100,000 items. Besides time and allocation it reports peak-heap-MB,
// the most live heap seen above the model while writing, and pages.
func BenchmarkPDF(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			a := synthetic(b, n)
			var out countWriter
			b.ReportAllocs()
			b.ResetTimer()
			var peak uint64
			for range b.N {
				out = 0
				peak = max(peak, testtool.PeakHeap(func() {
					if err := Write(&out, a, Options{}); err != nil {
						b.Fatal(err)
					}
				}))
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(out)/(1<<20), "pdf-MB")
		})
	}
}

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)

// TestLarge writes a 100,000-item inventory and checks that memory stays
// bounded: far below the size of the document it writes (two gibibytes is
// the brief's ceiling; the writer needs a small fraction of that).
func TestLarge(t *testing.T) {
	if testing.Short() || testtool.Race {
		t.Skip("-short or -race: skipping the 100,000-item inventory (go test ./pkg/pdf -run TestLarge runs it, without -race)")
	}
	a := synthetic(t, 100000)
	var out countWriter
	peak := testtool.PeakHeap(func() {
		if err := Write(&out, a, Options{}); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("100,000 items: %.1f MB of PDF, peak live heap above the model %.1f MB", float64(out)/(1<<20), float64(peak)/(1<<20))
	// It measures 34–59 MB (bench/stages.txt); twice that is a regression.
	if peak > 128<<20 {
		t.Errorf("peak live heap %d MB while writing; want well below 128 MB", peak>>20)
	}
}

// BenchmarkLocators sets the locators of every index entry of synthetic
// archives of 100,000 and 300,000 items, after a first pass has learned
// the pages: ns/citation should not grow with the archive.
func BenchmarkLocators(b *testing.B) {
	for _, n := range []int{100000, 300000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			a := synthetic(b, n)
			m := newTestSetter(b)
			m.unitPage = make([]int32, len(a.Components))
			newDoc(m, a, Options{}).render()
			d := newDoc(m, a, Options{})
			cites := 0
			for _, p := range a.People {
				cites += len(p.Citations)
				for _, ps := range p.Pseudonyms {
					cites += len(ps.Citations)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			// The spans go into a buffer reused from entry to entry, as
			// indexEntry's.
			var sp []span
			for range b.N {
				for _, p := range a.People {
					sp = d.locators(sp[:0], p.Citations, m.mentions[p.Anchor()])
					for _, ps := range p.Pseudonyms {
						sp = d.locators(sp[:0], ps.Citations, m.mentions[ps.Anchor()])
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(cites), "ns/citation")
		})
	}
}

// BenchmarkCompress compresses the streams of the inventory of a synthetic
// archive of 10,000 items (pages, fonts, object streams, as Write made and
// this test inflates them) one after the other at zlibLevel, as the
// workers do: MB/s of input, and out-% the size of the output in percent of
// the input. It is what to measure when the level or the library changes
// (see zlibLevel).
func BenchmarkCompress(b *testing.B) {
	a := synthetic(b, 10000)
	var pdf bytes.Buffer
	if err := Write(&pdf, a, Options{}); err != nil {
		b.Fatal(err)
	}
	o := readObjs(b, pdf.Bytes())
	var ins [][]byte
	total := 0
	for _, e := range o.entries {
		if e.typ != 1 {
			continue
		}
		if _, data := o.at(int(e.f2)); len(data) > 0 {
			ins = append(ins, data)
			total += len(data)
		}
	}
	if total == 0 {
		b.Fatal("no streams in the document")
	}
	zw := zlibWriters.Get().(*zlib.Writer)
	defer zlibWriters.Put(zw)
	var out bytes.Buffer
	b.SetBytes(int64(total))
	b.ReportAllocs()
	size := 0
	for b.Loop() {
		size = 0
		for _, in := range ins {
			out.Reset()
			zw.Reset(&out)
			zw.Write(in)
			zw.Close()
			size += out.Len()
		}
	}
	b.ReportMetric(100*float64(size)/float64(total), "out-%")
}
