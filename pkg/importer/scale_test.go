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

// flatEAD is a finding aid whose units stand n to a list: at the top of
// the dsc (top) or all in one series.
func flatEAD(n int, top bool) []byte {
	var b bytes.Buffer
	b.WriteString(`<ead xmlns="urn:isbn:1-931666-22-9"><eadheader><eadid>FLAT</eadid><filedesc><titlestmt><titleproper>Flat</titleproper></titlestmt></filedesc></eadheader>
<archdesc level="fonds"><did><unitid>FLAT</unitid><unittitle>Flat</unittitle><unitdate normal="1900/1999">1900-1999</unitdate><physdesc><extent>1 box</extent></physdesc></did><dsc>`)
	if !top {
		b.WriteString(`<c level="series"><did><unittitle>All the letters</unittitle></did>`)
	}
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "<c level=\"item\"><did><unitid>%d</unitid><unittitle>Letter %d</unittitle></did></c>\n", i, i)
	}
	if !top {
		b.WriteString(`</c>`)
	}
	b.WriteString(`</dsc></archdesc></ead>`)
	return b.Bytes()
}

// TestScale imports long lists of units, 100,000 in one series and 10,001
// at the top, and checks that the sources pass fonds check with every
// unit, in files of at most fileUnits units each. Under the race detector
// (make test) the series holds 20,000: the import runs in one goroutine,
// and the layout is the same at every size.
func TestScale(t *testing.T) {
	series := 100000
	if testtool.Race {
		series = 20000
	}
	for _, tt := range []struct {
		name  string
		n     int
		top   bool
		files int
	}{
		{fmt.Sprintf("%d in a series", series), series, false, 2 + series/fileUnits},
		{"10001 at the top", 10001, true, 1 + 10},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if testing.Short() {
				t.Skip("long")
			}
			res, err := Import(bytes.NewReader(flatEAD(tt.n, tt.top)), "flat.xml", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Files) != tt.files {
				t.Errorf("%d files, want %d: %v …", len(res.Files), tt.files, res.Paths()[:min(5, len(res.Files))])
			}
			for p, data := range res.Files {
				if n := bytes.Count(data, []byte("\n  - inv: ")) + bytes.Count(data, []byte("\n- inv: ")); n > fileUnits {
					t.Errorf("%s holds %d units", p, n)
				}
			}
			src := filepath.Join(t.TempDir(), res.Name)
			writeSources(t, src, res)
			chk := build.Check(src, build.Options{})
			if chk.Diags.HasErrors() || chk.Archive == nil {
				t.Fatalf("fonds check: %v", strings.Join(strings.SplitN(fmt.Sprint(chk.Diags), "\n", 5), "\n"))
			}
			want := tt.n
			if !tt.top {
				want++
			}
			if got := len(chk.Archive.Components); got != want {
				t.Errorf("%d units read back, want %d", got, want)
			}
			last := chk.Archive.Components[len(chk.Archive.Components)-1]
			if last.Inv != tt.n || last.Title.Value != fmt.Sprintf("Letter %d", tt.n) {
				t.Errorf("last unit is %d %q", last.Inv, last.Title.Value)
			}
		})
	}
}
