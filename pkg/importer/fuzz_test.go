package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/fonds-archive/fonds/pkg/build"
)

// FuzzImport: no input makes the import panic, and whatever it imports
// passes fonds check with no error.
func FuzzImport(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.xml")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`<ead><eadheader><eadid>x</eadid></eadheader><archdesc><did/><dsc><c><c><did><unitid>1</unitid></did></c></c></dsc></archdesc></ead>`))
	f.Add([]byte(`<ead><archdesc level="fonds"><did><unittitle>a<persname>b</persname></unittitle></did><odd><p>*[x]* &amp; <emph>y</emph><lb/>1. z</p></odd></archdesc></ead>`))
	// fonds's own EAD, read back into the sources' structures.
	f.Add([]byte(`<ead><eadheader><eadid>F</eadid><profiledesc><creation>Encoded in EAD 2002 by fonds</creation></profiledesc></eadheader><archdesc level="fonds"><did><unittitle>F</unittitle></did><bioghist><chronlist><chronitem><date normal="1930">1930</date><event>See <ref target="person-a">A</ref> and <ref target="inv-1">no. 1</ref>.</event></chronitem></chronlist></bioghist><altformavail><list type="deflist"><defitem id="reel-1"><label>Reel 1</label><item>1-2. Described: <ref target="inv-1">no. 1</ref></item></defitem></list></altformavail><dsc><c id="inv-1" level="item"><did><unitid>1</unitid><origination label="Sender"><persname altrender="bracketed">[X]<ptr target="ps-x"/></persname></origination><physdesc><physfacet>typescript</physfacet>; <extent>1 p.</extent>; words</physdesc></did></c></dsc><index><indexentry id="person-a"><persname normal="A">A, 1900-1950</persname><indexentry altrender="pseudonym"><persname>X</persname><ptr target="ps-x"/></indexentry></indexentry></index></archdesc></ead>`))
	// The same, altered: ids no source may hold (a pseudonym's target
	// "ps%x", found by this fuzzer; a person's "person-1%"), which the
	// import replaces with ids made from the names.
	f.Add([]byte(`<ead><eadheader><eadid>F</eadid><profiledesc><creation>Encoded in EAD 2002 by fonds</creation></profiledesc></eadheader><archdesc level="fonds"><did><unittitle>F</unittitle></did><bioghist><chronlist><chronitem><date normal="1930">1930</date><event>See <ref target="person-1%">A</ref> and <ref target="ps%x">X</ref>.</event></chronitem></chronlist></bioghist><dsc><c id="inv-1" level="item"><did><unitid>1</unitid><origination label="Sender"><persname>[X]<ptr target="ps%x"/></persname></origination></did></c></dsc><index><indexentry id="person-1%"><persname normal="A">A, 1900-1950</persname><indexentry altrender="pseudonym"><persname>X</persname><ptr target="ps%x"/></indexentry></indexentry></index></archdesc></ead>`))
	// A record whose id is replaced and whose name is long: the id made
	// stays within the schema's 100 characters.
	f.Add([]byte(`<ead><eadheader><eadid>F</eadid><profiledesc><creation>by fonds</creation></profiledesc></eadheader><archdesc><index><indexentry id="body-%"><corpname>` +
		strings.Repeat("Long Name ", 20) + `</corpname></indexentry></index></archdesc></ead>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Import(bytes.NewReader(data), "fuzz.xml", Options{SplitAt: 2})
		if err != nil {
			return
		}
		mfs := fstest.MapFS{}
		for p, b := range res.Files {
			mfs[p] = &fstest.MapFile{Data: b}
		}
		chk := build.CheckFS(mfs, "fuzz", build.Options{})
		if chk.Diags.HasErrors() {
			var all bytes.Buffer
			for p, b := range res.Files {
				all.WriteString("=== " + p + "\n")
				all.Write(b)
			}
			t.Fatalf("the import does not pass fonds check:\n%v\n%s", chk.Diags, all.String())
		}
	})
}
