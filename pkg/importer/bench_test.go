package importer

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/internal/testtool"
	"github.com/fonds-archive/fonds/pkg/build"
)

// bigEAD makes a finding aid of about 4 MB with 5,000 components (50
// series of 10 files of 9 items: 5,050), deterministic, with the features
// real ones have: numbered components, names in titles, notes, containers,
// digital objects, dates with @normal.
func bigEAD() []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<ead xmlns="urn:isbn:1-931666-22-9" xmlns:xlink="http://www.w3.org/1999/xlink"><eadheader><eadid countrycode="NL" mainagencycode="NL-XxFIC">BENCH</eadid>
<filedesc><titlestmt><titleproper>Benchmark papers</titleproper></titlestmt><publicationstmt><publisher>Fictional Archive</publisher><date normal="2024">2024</date></publicationstmt></filedesc>
<profiledesc><langusage><language langcode="eng">English</language></langusage></profiledesc></eadheader>
<archdesc level="fonds"><did><unitid>BENCH</unitid><unittitle>Benchmark papers</unittitle><unitdate normal="1900/1999">1900-1999</unitdate>
<physdesc><extent>400 boxes</extent></physdesc><repository><corpname>Fictional Archive</corpname></repository></did>
<scopecontent><p>A fictional finding aid, generated for the benchmark.</p></scopecontent><dsc>`)
	n := 0
	for s := 1; s <= 50; s++ {
		n++
		fmt.Fprintf(&b, `<c01 level="series" id="s%d"><did><unitid>%d</unitid><unittitle>Series %d</unittitle><unitdate normal="%d/%d">%d-%d</unitdate></did>
<scopecontent><p>Correspondence of the series %d, arranged by correspondent. %s</p></scopecontent>`, s, n, s, 1850+s, 1900+s, 1850+s, 1900+s, s, strings.Repeat("Letters, minutes and printed matter. ", 8))
		for f := 1; f <= 10; f++ {
			n++
			fmt.Fprintf(&b, `<c02 level="file" id="f%d-%d"><did><unitid>%d</unitid><unittitle>Correspondence with <persname>Person %d-%d</persname> and <corpname>Body %d</corpname></unittitle><unitdate normal="19%02d0101/19%02d1231">19%02d</unitdate><container type="box">%d</container><container type="folder">%d</container></did>
<scopecontent><p>%s</p></scopecontent>`, s, f, n, s, f, s, s, s, s, s, f, strings.Repeat("Letters about the organisation, its congresses and its finances. ", 6))
			for i := 1; i <= 9; i++ {
				n++
				fmt.Fprintf(&b, `<c03 level="item" id="i%d-%d-%d"><did><unitid>%d</unitid><unittitle>Letter %d from <persname>Person %d-%d</persname></unittitle><unitdate normal="19%02d-%02d-%02d">%d %s 19%02d</unitdate><dao xlink:href="https://example.org/scan/%d.jpg"/><physdesc>1 sheet, typescript</physdesc></did><odd><p>%s</p></odd></c03>`,
					s, f, i, n, i, s, f, s, i, f+10, f+10, "March", s, n, strings.Repeat("Signed; with an envelope. ", 21))
			}
			b.WriteString("</c02>")
		}
		b.WriteString("</c01>\n")
	}
	b.WriteString("</dsc></archdesc></ead>\n")
	return []byte(b.String())
}

// BenchmarkImport imports a 4 MB, 5,000-component EAD.
func BenchmarkImport(b *testing.B) {
	data := bigEAD()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := Import(bytes.NewReader(data), "bench.xml", Options{})
		if err != nil {
			b.Fatal(err)
		}
		if res.Report.Components != 5050 {
			b.Fatalf("%d components", res.Report.Components)
		}
	}
}

// TestBigEAD checks the benchmark's input: its size, and that its import
// makes the round trip (under the race detector, that it passes fonds
// check: the import runs in one goroutine).
func TestBigEAD(t *testing.T) {
	data := bigEAD()
	if len(data) < 4<<20 || len(data) > 5<<20 {
		t.Fatalf("the benchmark EAD is %d bytes, not 4 MB", len(data))
	}
	if !testtool.Race {
		roundTrip(t, "bench", data)
		return
	}
	res, err := Import(bytes.NewReader(data), "bench.xml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(t.TempDir(), res.Name)
	writeSources(t, src, res)
	if chk := build.Check(src, build.Options{}); chk.Diags.HasErrors() || len(chk.Archive.Components) != 5050 {
		t.Fatalf("fonds check: %v", chk.Diags)
	}
}
