package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fonds-archive/fonds/pkg/build"
	"github.com/fonds-archive/fonds/pkg/ead"
)

// invalidRaw is an EAD whose elements kept as raw EAD the schema refuses,
// each where it stands: notes without their paragraphs, a runner after a
// unit's notes, a component inside a note, a chronitem without its event,
// a table without @cols, values outside EAD's lists, a link to nowhere and
// an address that is not one.
const invalidRaw = `<?xml version="1.0" encoding="UTF-8"?>
<ead xmlns="urn:isbn:1-931666-22-9" xmlns:xlink="http://www.w3.org/1999/xlink">
<eadheader><eadid>bad-1</eadid><filedesc><titlestmt><titleproper>Bad</titleproper></titlestmt></filedesc></eadheader>
<archdesc level="fonds">
<did><unittitle>Bad fonds</unittitle><unitdate normal="1900">1900</unitdate></did>
<prefercite><head>Cite as</head></prefercite>
<dsc>
<c level="file" id="c1"><did><unittitle>One</unittitle><physloc>Shelf</physloc><physloc>Shelf 2</physloc></did>
<odd><p>Note</p></odd>
<odd><p>Second <emph render="superscript">note</emph> <bogus>word</bogus></p><list type="bulleted"><item>a</item></list></odd>
<odd><chronlist><chronitem><date>1900</date></chronitem></chronlist></odd>
<runner>x</runner>
<scopecontent><p>a</p><c><did><unittitle>smuggled</unittitle></did></c></scopecontent>
<odd><table><tgroup><tbody><row><entry>x</entry></row></tbody></tgroup></table><p>kept</p></odd>
<odd><p><ref target="nowhere">x</ref> <extref xlink:href="%zz">y</extref></p></odd>
</c>
</dsc>
</archdesc>
</ead>`

// TestImportRepairsRawEAD: fonds import runs fonds check's raw-EAD check
// on what it keeps: what EAD 2002 refuses is repaired (markup flattened
// into its parent's text, attributes left out) or, where nothing can hold
// it, dropped, and each is reported with its line; the sources pass fonds
// check and the EAD built from them validates.
func TestImportRepairsRawEAD(t *testing.T) {
	res, err := Import(strings.NewReader(invalidRaw), "bad.xml", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var summary strings.Builder
	res.Report.WriteTo(&summary)
	for _, want := range []string{
		`@render on emph ("superscript" is not one of the values EAD 2002 allows`,
		`@type on list ("bulleted" is not one of the values EAD 2002 allows (deflist, marked, ordered, simple)) ×1 (line 10)`,
		`@xlink:href on extref ("%zz" is not a web address (RFC 3986)`,
		`@target on ref (it points at an element that is not written) ×1 (line 15)`,
		`bogus in p (what it holds is not what EAD 2002 allows in <bogus>; its text kept, its markup not) ×1 (line 10)`,
		`empty prefercite (a head and nothing else) dropped: "Cite as" ×1 (line 6)`, // repairTree, before the raw check
		`chronitem in chronlist (what it holds is not what EAD 2002 allows in <chronitem>) ×1, 4 characters (line 11)`,
		`runner (EAD 2002 allows no <runner> after the notes, where fonds writes it) ×1, 1 characters (line 12)`,
		`c in scopecontent (EAD 2002 allows no <c> there) ×1, 8 characters (line 13)`,
		`table in odd (what it holds is not what EAD 2002 allows in <table>) ×1 (line 14)`,
	} {
		if !strings.Contains(summary.String(), want) {
			t.Errorf("the summary lacks %q:\n%s", want, summary.String())
		}
	}
	src := filepath.Join(t.TempDir(), "sources", res.Name)
	writeSources(t, src, res)
	chk := build.Check(src, build.Options{Checkers: []build.Checker{ead.Output{}}})
	if chk.Diags.HasErrors() || chk.Archive == nil {
		t.Fatalf("fonds check refuses the import:\n%v", chk.Diags)
	}
	fonds := string(res.Files["fonds.yaml"])
	for _, want := range []string{"Second <emph>note</emph> word</p>", "<p>kept</p>"} {
		if !strings.Contains(fonds, want) {
			t.Errorf("fonds.yaml lacks %q:\n%s", want, fonds)
		}
	}
	if strings.Contains(fonds, "\nead:") {
		t.Errorf("the fonds's ead field, left empty, is written:\n%s", fonds)
	}
	var out bytes.Buffer
	if err := ead.Write(&out, chk.Archive, ead.Options{}); err != nil {
		t.Fatalf("EAD writer: %v", err)
	}
	file := filepath.Join(t.TempDir(), "bad-1.xml")
	if err := os.WriteFile(file, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	xmllint(t, file)
	checkIDRefs(t, out.Bytes())
}
