package site

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/edtf"
	"github.com/fonds-archive/fonds/pkg/model"
	"github.com/fonds-archive/fonds/pkg/resolve"
)

// synthetic makes a resolved archive of n numbered items in the given
// number of series, each series of files of perFile items, with 100 persons
// (each with two pseudonyms) cited by the items and a reel per 100 numbers.
// It is built in memory, so that benchmarks measure the site alone.
func synthetic(n, series, perFile int) *model.Archive {
	date := func(s string) model.Date {
		d, err := edtf.Parse(s)
		if err != nil {
			panic(err)
		}
		return model.Date{Date: d}
	}
	a := &model.Archive{Fonds: &model.Fonds{
		ReferenceCode: "SYN-1", Title: model.Text{Value: "A synthetic archive"}, Level: "fonds",
		Dates: []model.Date{date("1900/1999")}, Extent: []model.Extent{{Value: "100 m"}},
		Repository: model.Repository{Name: "Synthetic Repository"},
		FindingAid: model.FindingAid{ID: "SYN-1", Language: "eng", Date: date("2024")},
	}}
	a.Fonds.ScopeAndContent = model.Prose{Text: "Letters, see [the first](inv:1) and [reel 1](reel:1)."}
	for i := range 100 {
		p := &model.Person{Record: model.Record{ID: fmt.Sprintf("p%d", i), Name: fmt.Sprintf("Person%d, Anna", i)}}
		for j := range 2 {
			p.Pseudonyms = append(p.Pseudonyms, &model.Pseudonym{ID: fmt.Sprintf("ps-p%d-%d", i, j), Name: fmt.Sprintf("Alias%d-%d", i, j), Maintained: j == 1 && i%10 == 0, Person: p})
		}
		a.People = append(a.People, p)
	}
	inv := 0
	perSeries := (n + series - 1) / series
	for s := range series {
		ser := &model.Component{ID: fmt.Sprintf("series-%d", s+1), Level: "series", Title: model.Text{Value: fmt.Sprintf("Series %d", s+1)},
			Dates: []model.Date{date("1900/1999")}}
		for made := 0; made < perSeries && inv < n; {
			file := &model.Component{ID: fmt.Sprintf("file-%d-%d", s+1, len(ser.Children)+1), Level: "file",
				Title: model.Text{Value: fmt.Sprintf("Correspondence, file %d", len(ser.Children)+1)}}
			for range perFile {
				if made == perSeries || inv == n {
					break
				}
				inv++
				made++
				p := a.People[inv%len(a.People)]
				from := p.ID
				if inv%3 == 1 {
					from = p.Pseudonyms[inv%2].Name
				}
				file.Children = append(file.Children, &model.Component{
					ID: fmt.Sprintf("inv-%d", inv), Inv: inv, Level: "item",
					Title: model.Text{Value: fmt.Sprintf("Letter on the business of the committee, number %d", inv)},
					Dates: []model.Date{date(fmt.Sprintf("19%02d-%02d-%02d", inv%100, inv%12+1, inv%28+1))},
					Forms: []string{"typescript"},
					From:  []*model.Agent{{Name: from, Certainty: model.Certain, Role: model.Sender}},
					To:    []*model.Agent{{Name: a.People[(inv+7)%len(a.People)].ID, Certainty: model.Bracketed, Role: model.Addressee}},
				})
			}
			ser.Children = append(ser.Children, file)
		}
		a.Fonds.Contents = append(a.Fonds.Contents, ser)
	}
	for r := 0; r*100 < inv; r++ {
		a.Reels = append(a.Reels, &model.Reel{No: r + 1, Ranges: []model.Range{{From: r*100 + 1, To: min(inv, r*100+100)}}})
	}
	var set func(list []*model.Component, parent *model.Component, depth int)
	set = func(list []*model.Component, parent *model.Component, depth int) {
		for _, c := range list {
			c.Parent, c.Depth = parent, depth
			set(c.Children, c, depth+1)
		}
	}
	set(a.Fonds.Contents, nil, 1)
	if diags := resolve.Archive(a); diags.Err() != nil {
		panic(diags.Err())
	}
	return a
}

// BenchmarkSite writes the site of a synthetic archive of 10,000 items and
// reports the size of its search index and of the whole site, and the peak
// live heap above the model while writing (once more, after the timed
// runs).
func BenchmarkSite(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		if n > 10_000 && testing.Short() {
			continue
		}
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			a := synthetic(n, 10, 50)
			o, err := New(Options{})
			if err != nil {
				b.Fatal(err)
			}
			dir := b.TempDir()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if err := o.Write(a, dir); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			peak := testtool.PeakHeap(func() {
				if err := o.Write(a, dir); err != nil {
					b.Fatal(err)
				}
			})
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			index, indexFiles := dirSize(b, filepath.Join(dir, searchDir))
			b.ReportMetric(float64(index), "index-bytes")
			b.ReportMetric(float64(index)/float64(n), "index-bytes/item")
			b.ReportMetric(float64(indexFiles), "index-files")
			total, files := dirSize(b, dir)
			b.ReportMetric(float64(total), "site-bytes")
			b.ReportMetric(float64(files), "files")
		})
	}
}

// BenchmarkSearch writes the search index of a synthetic archive alone, and
// reports the peak live heap above the model and the site's plan while
// writing it (once more, after the timed runs): the index's postings, its
// facets and what it keeps of the units.
func BenchmarkSearch(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		if n > 10_000 && testing.Short() {
			continue
		}
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			s := newSite(synthetic(n, 10, 50), Options{})
			dir := b.TempDir()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if err := s.writeSearch(dir); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			peak := testtool.PeakHeap(func() {
				if err := s.writeSearch(dir); err != nil {
					b.Fatal(err)
				}
			})
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}

// BenchmarkMicrofilm writes the microfilm concordance of a finding aid of
// many reels and no described units (one number a reel), and of one reel
// that lists its numbers one by one with a gap after each: both were
// quadratic (200,000 reels took 56 s).
func BenchmarkMicrofilm(b *testing.B) {
	for _, tc := range []struct {
		name  string
		reels func(n int) []*model.Reel
	}{
		{"reels", func(n int) []*model.Reel {
			out := make([]*model.Reel, n)
			for i := range out {
				out[i] = &model.Reel{No: i + 1, Ranges: []model.Range{{From: i + 1, To: i + 1}}}
			}
			return out
		}},
		{"ranges-on-one-reel", func(n int) []*model.Reel {
			r := &model.Reel{No: 1}
			for i := range n {
				r.Ranges = append(r.Ranges, model.Range{From: 2*i + 1, To: 2*i + 1})
			}
			return []*model.Reel{r}
		}},
	} {
		for _, n := range []int{20_000, 200_000} {
			b.Run(fmt.Sprintf("%s=%d", tc.name, n), func(b *testing.B) {
				a := synthetic(10, 1, 10)
				a.Reels = tc.reels(n)
				for _, r := range a.Reels {
					a.ReelByNo[r.No] = r
				}
				o, err := New(Options{})
				if err != nil {
					b.Fatal(err)
				}
				s := newSite(a, o.opt)
				var pg *Page
				for _, p := range s.pages() {
					if p.File == "microfilm.html" {
						pg = p
					}
				}
				path := filepath.Join(b.TempDir(), "microfilm.html")
				b.ResetTimer()
				for b.Loop() {
					pg.Reels = nil
					pg.fill(pg)
					if err := o.render(path, pg.template, pg, s); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// dirSize adds up the sizes of the files under dir.
func dirSize(b *testing.B, dir string) (bytes int64, files int) {
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		bytes += info.Size()
		files++
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return bytes, files
}
